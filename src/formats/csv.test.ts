// The CSV reader on what spreadsheets and exports really write, and on what an attacker would.
import { describe, expect, it } from 'vitest';
import { caught } from '../../test/helpers/errors';
import { headerIndex, parseCsv } from './csv';

describe('parseCsv', () => {
  it('reads quoted fields holding commas, quotes and line breaks, with a BOM and CRLF line ends', () => {
    const text =
      '\uFEFFName,Url,Note\r\n"Data, Analysis","https://x.example/a","He said ""yes""\r\nthen left"\r\nPlain,,last\r\n';
    expect(parseCsv(text)).toEqual([
      ['Name', 'Url', 'Note'],
      ['Data, Analysis', 'https://x.example/a', 'He said "yes"\r\nthen left'],
      ['Plain', '', 'last'],
    ]);
  });

  it('reads LF and lone CR line ends, a missing final newline, and skips blank lines', () => {
    expect(parseCsv('a,b\n\nc,d\re,f')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
    ]);
  });

  it('keeps empty quoted fields and a quote inside an unquoted field as written', () => {
    expect(parseCsv('"",x,5" screen,"a"b')).toEqual([['', 'x', '5" screen', 'ab']]);
  });

  it('keeps formula-looking cells as inert text, exactly as written', () => {
    const cells = [
      '=HYPERLINK("http://evil.example","Click")',
      "+cmd|' /C calc'!A0",
      '-2+3',
      '@SUM(A1:A9)',
    ];
    const line = cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(',');
    expect(parseCsv(line)).toEqual([cells]);
  });

  it('refuses a quoted field that is never closed, saying on which line it starts', () => {
    const err = caught(() => parseCsv('Name,Url\nok,fine\n"broken,https://x\nmore,rows\n'));
    expect(err.code).toBe('malformed');
    expect(err.message).toMatch(/line 3 is never closed/);
  });

  it('refuses a huge field, a huge row and too many rows with too-large, quickly', () => {
    const limits = { maxFieldChars: 1000, maxFieldsPerRow: 50, maxRows: 100 };
    expect(caught(() => parseCsv(`a,${'x'.repeat(5000)}`, 'It', limits)).message).toMatch(
      /line 1 is longer than 1,000/,
    );
    expect(caught(() => parseCsv(`"${'y'.repeat(5000)}"`, 'It', limits)).code).toBe('too-large');
    expect(caught(() => parseCsv(','.repeat(60), 'It', limits)).message).toMatch(
      /more than 50 fields/,
    );
    expect(caught(() => parseCsv('a\n'.repeat(101), 'It', limits)).message).toMatch(
      /more than 100 rows/,
    );
    const start = Date.now();
    const err = caught(() => parseCsv(`"${'z'.repeat(20_000_000)}`));
    expect(err.code).toBe('too-large');
    expect(Date.now() - start).toBeLessThan(2000);
  });

  it('refuses text over the overall size cap before reading it', () => {
    expect(caught(() => parseCsv('a'.repeat(2048), 'It', { maxChars: 1024 })).code).toBe(
      'too-large',
    );
  });
});

describe('headerIndex', () => {
  it('finds columns by name whatever their case and spacing; unknown names are -1', () => {
    const col = headerIndex([' Name', 'URL ', 'Started On']);
    expect([col('name'), col('Url'), col('started on'), col('License Number')]).toEqual([
      0, 1, 2, -1,
    ]);
  });
});
