// Self-reported entries: what the form and `skillfolio add` accept, what they refuse and why, and how the stored document reads back.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { caught } from '../../test/helpers/errors';
import { parseCredential } from './detect';
import {
  decodeSelfReported,
  manualEntry,
  readDateRange,
  selfReportedDocument,
  type ManualEntryInput,
} from './self-reported';

const NOW = new Date('2025-06-15T12:00:00Z');
const ok: ManualEntryInput = {
  title: 'Data Analysis with Python',
  issuer: 'Example College',
  date: '2024-03-15',
};

describe('manualEntry', () => {
  it('tidies what was typed and keeps it as a self-reported entry', () => {
    const e = manualEntry(
      {
        title: '  Data   Analysis\nwith Python ',
        issuer: ' Example College ',
        date: '2024-03',
        url: ' https://example.org/certificates/42 ',
        description: 'Six weeks, four projects.',
        skills: ['Python', ' python ', '', 'SQL'],
      },
      NOW,
    );
    expect(e).toEqual({
      origin: 'manual',
      title: 'Data Analysis with Python',
      issuer: 'Example College',
      issuedOn: '2024-03-01',
      validUntil: null,
      url: 'https://example.org/certificates/42',
      description: 'Six weeks, four projects.',
      skills: ['Python', 'SQL'],
      licenseNumber: null,
    });
  });

  it.each([
    [{ title: '   ' }, /Give the credential a title/],
    [{ issuer: '' }, /Say who issued it/],
    [{ date: '' }, /Give the date you earned it/],
    [{ date: '15/03/2024' }, /"15\/03\/2024" is not a date: write it as YYYY-MM-DD/],
    [{ date: '2023-02-29' }, /is not a date/],
    [{ date: '2024-13-01' }, /is not a date/],
    [{ date: '0999-01-01' }, /is not a date/],
    [{ date: '2025-06-16' }, /is in the future/],
    [
      { url: 'javascript:alert(1)' },
      /is not a web address: a link must start with https:\/\/ or http:\/\//,
    ],
    [{ url: 'ftp://files.example.org/cert.pdf' }, /is not a web address/],
    [{ url: 'https://user:pw@example.org/' }, /is not a web address/],
    [{ url: 'example.org/cert' }, /is not a web address/],
    [{ title: 'x'.repeat(1001) }, /title is too long/],
    [{ description: 'd'.repeat(20_001) }, /description is too long/],
    [{ skills: ['s'.repeat(201)] }, /is too long: a skill is a name/],
    [{ skills: Array.from({ length: 51 }, (_, i) => `Skill ${i}`) }, /give at most 50/],
  ] as const)('refuses %o with a message saying what to fix', (change, message) => {
    const err = caught(() => manualEntry({ ...ok, ...change }, NOW));
    expect(err.code).toBe('bad-input');
    expect(err.message).toMatch(message);
  });

  it('accepts today, a month or a year, and a plain http link', () => {
    expect(manualEntry({ ...ok, date: '2025-06-15' }, NOW).issuedOn).toBe('2025-06-15');
    expect(manualEntry({ ...ok, date: '2019' }, NOW).issuedOn).toBe('2019-01-01');
    expect(manualEntry({ ...ok, url: 'http://intranet.example/cert' }, NOW).url).toBe(
      'http://intranet.example/cert',
    );
  });

  it('keeps markup and right-to-left overrides as plain text (the app shows it inert)', () => {
    const title = '<img src=https://tracker.example/p.gif> \u202Egnp.exe';
    expect(manualEntry({ ...ok, title }, NOW).title).toBe(title);
  });
});

describe('readDateRange', () => {
  it.each([
    ['2024-02-29', '2024-02-29', '2024-02-29'],
    ['2024-02', '2024-02-01', '2024-02-29'],
    ['2023-02', '2023-02-01', '2023-02-28'],
    ['2024', '2024-01-01', '2024-12-31'],
    ['Nov 2019', '2019-11-01', '2019-11-30'],
    ['September 2021', '2021-09-01', '2021-09-30'],
    ['Sept 2021', '2021-09-01', '2021-09-30'],
  ])('%s covers %s to %s', (text, first, last) => {
    expect(readDateRange(text)).toEqual({ first, last });
  });

  it.each([
    '',
    'soon',
    'Foo 2020',
    'constructor 2020',
    '2024-1-5',
    '31.12.2020',
    '2024-04-31',
    'toString 2020',
  ])('reads %j as no date', (text) => {
    expect(readDateRange(text)).toBeNull();
  });
});

describe('the stored document', () => {
  it('always has the same bytes for the same entry, and reads back as a self-reported credential', async () => {
    const entry = manualEntry({ ...ok, url: 'https://example.org/c/1', skills: ['Python'] }, NOW);
    const a = selfReportedDocument(entry);
    expect(Buffer.from(a).equals(Buffer.from(selfReportedDocument({ ...entry })))).toBe(true);
    const parsed = await parseCredential(a, { name: 'entry' });
    expect(parsed.format).toBe('self-reported');
    expect(parsed.mediaType).toBe('application/json');
    expect(parsed.credential).toMatchObject({
      title: 'Data Analysis with Python',
      issuerName: 'Example College',
      issuedOn: '2024-03-15',
      credentialId: 'https://example.org/c/1',
      tags: ['Python'],
      evidence: [{ id: 'https://example.org/c/1', name: 'Credential page' }],
    });
    expect(parsed.notes.join(' ')).toMatch(/self-reported, nothing about it is verified/);
    expect(Buffer.from(parsed.original).equals(Buffer.from(a))).toBe(true);
  });

  it('drops a link that is not a web address and refuses a document without a title', () => {
    const d = decodeSelfReported({
      type: 'SelfReportedAchievement',
      format: 'skillfolio-self-reported/1',
      title: 'T',
      url: 'javascript:alert(1)',
    });
    expect(d.credential.credentialId).toBeNull();
    expect(d.credential.evidence).toEqual([]);
    expect(d.notes.join(' ')).toMatch(/not an http\(s\) web address/);
    expect(
      caught(() =>
        decodeSelfReported({
          type: 'SelfReportedAchievement',
          format: 'skillfolio-self-reported/1',
        }),
      ).code,
    ).toBe('malformed');
  });

  it('reads the bundled sample entry, written by hand in the same shape, on re-verification and export', async () => {
    const bytes = fs.readFileSync(
      path.resolve(__dirname, '../../resources/samples/self-reported-public-speaking.json'),
    );
    const parsed = await parseCredential(new Uint8Array(bytes), { name: 'sample' });
    expect(parsed.format).toBe('self-reported');
    expect(parsed.credential.title).toBe('Public Speaking Club — Competent Communicator');
    expect(parsed.credential.tags).toEqual(['Public speaking', 'Communication']);
  });

  it('clips a huge title instead of storing it whole', () => {
    const d = decodeSelfReported({
      type: 'SelfReportedAchievement',
      format: 'skillfolio-self-reported/1',
      title: 'x'.repeat(1_000_000),
    });
    expect(d.credential.title.length).toBeLessThanOrEqual(1000);
  });
});
