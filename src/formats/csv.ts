// Reads untrusted CSV (RFC 4180 as spreadsheets write it): quotes, commas and newlines inside fields, a BOM, caps on every size.
import { AppError } from '../shared/errors';

export type CsvLimits = {
  /** Longest text read, in UTF-16 code units (about bytes for CSV). */
  maxChars: number;
  maxRows: number;
  maxFieldsPerRow: number;
  maxFieldChars: number;
};

export const CSV_LIMITS: CsvLimits = {
  maxChars: 32 * 1024 * 1024,
  maxRows: 100_000,
  maxFieldsPerRow: 1_000,
  maxFieldChars: 2 * 1024 * 1024,
};

const QUOTE = 34;
const COMMA = 44;
const CR = 13;
const LF = 10;

/**
 * Rows of fields, exactly as written: nothing is trimmed, evaluated or converted, so a cell such
 * as `=HYPERLINK(…)` stays the text it is. Blank lines are dropped. Throws AppError `malformed`
 * (a quoted field never closed, with its line) or `too-large` (a cap in `limits`).
 */
export function parseCsv(
  text: string,
  what = 'This CSV file',
  limits: Partial<CsvLimits> = {},
): string[][] {
  const caps: CsvLimits = { ...CSV_LIMITS, ...limits };
  if (text.length > caps.maxChars) {
    throw new AppError(
      'too-large',
      `${what} is larger than ${Math.round(caps.maxChars / 1024 / 1024)} MB, the most Skillfolio reads.`,
    );
  }
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let line = 1;
  let fieldLine = 1;
  let i = start;
  const n = text.length;

  const pushField = () => {
    if (field.length > caps.maxFieldChars) {
      throw new AppError(
        'too-large',
        `${what}: a field on line ${fieldLine} is longer than ${caps.maxFieldChars.toLocaleString('en')} characters; no real export has one.`,
      );
    }
    row.push(field);
    field = '';
    if (row.length > caps.maxFieldsPerRow) {
      throw new AppError(
        'too-large',
        `${what}: line ${fieldLine} has more than ${caps.maxFieldsPerRow.toLocaleString('en')} fields.`,
      );
    }
  };
  const pushRow = () => {
    pushField();
    // A line with nothing on it is not a record.
    if (!(row.length === 1 && row[0] === '')) {
      rows.push(row);
      if (rows.length > caps.maxRows) {
        throw new AppError(
          'too-large',
          `${what} has more than ${caps.maxRows.toLocaleString('en')} rows, the most Skillfolio reads.`,
        );
      }
    }
    row = [];
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE && field === '') {
      // A quoted field: runs to the next lone quote, across commas and line breaks.
      fieldLine = line;
      let j = i + 1;
      let chunkStart = j;
      let closed = false;
      const parts: string[] = [];
      let size = 0;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === QUOTE) {
          parts.push(text.slice(chunkStart, j));
          size += j - chunkStart;
          if (text.charCodeAt(j + 1) === QUOTE) {
            parts.push('"');
            size += 1;
            j += 2;
            chunkStart = j;
            continue;
          }
          closed = true;
          j++;
          break;
        }
        if (d === LF || (d === CR && text.charCodeAt(j + 1) !== LF)) line++;
        j++;
        if (j - chunkStart + size > caps.maxFieldChars) {
          throw new AppError(
            'too-large',
            `${what}: a field starting on line ${fieldLine} is longer than ${caps.maxFieldChars.toLocaleString('en')} characters; no real export has one.`,
          );
        }
      }
      if (!closed) {
        throw new AppError(
          'malformed',
          `${what} is damaged: the quoted field that starts on line ${fieldLine} is never closed.`,
        );
      }
      field = parts.join('');
      // Text after the closing quote (`"a"b`) is kept, as spreadsheets do, rather than lost.
      i = j;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === COMMA || d === CR || d === LF) break;
        field += text[i];
        i++;
      }
      continue;
    }
    if (c === COMMA) {
      pushField();
      fieldLine = line;
      i++;
      continue;
    }
    if (c === CR || c === LF) {
      pushRow();
      i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
      fieldLine = line;
      continue;
    }
    // An unquoted run: up to the next comma or line break (a quote inside it is just a character).
    let j = i;
    while (j < n) {
      const d = text.charCodeAt(j);
      if (d === COMMA || d === CR || d === LF) break;
      j++;
    }
    field += text.slice(i, j);
    if (field.length > caps.maxFieldChars) {
      throw new AppError(
        'too-large',
        `${what}: a field on line ${line} is longer than ${caps.maxFieldChars.toLocaleString('en')} characters; no real export has one.`,
      );
    }
    i = j;
  }
  if (field !== '' || row.length > 0) pushRow();
  return rows;
}

/**
 * Records keyed by the header row (header names trimmed, matched case-insensitively by callers
 * through `headerIndex`). Short rows read as empty strings for the missing fields.
 */
export function headerIndex(header: readonly string[]): (name: string) => number {
  const map = new Map<string, number>();
  header.forEach((h, i) => {
    const key = h.trim().toLowerCase();
    if (!map.has(key)) map.set(key, i);
  });
  return (name) => map.get(name.toLowerCase()) ?? -1;
}
