// Manual entry through the contract method a window calls: always self-reported, every refusal explained, nothing half-stored.
import { afterEach, describe, expect, it } from 'vitest';
import { getCredential } from '../db/credentials';
import { call, refusal } from '../../test/helpers/dispatch';
import { snapshot, tempSession } from '../../test/helpers/library';
import type { Session } from './session';

const sessions: Session[] = [];
afterEach(() => {
  while (sessions.length) sessions.pop()?.close();
});
function session(): Session {
  const s = tempSession({ now: () => new Date('2025-06-15T12:00:00Z') });
  sessions.push(s);
  return s;
}

describe('library.addManual (as the window calls it)', () => {
  it('stores one self-reported credential with its fields and skills, labelled as such', async () => {
    const s = session();
    const r = await call(s, 'library.addManual', {
      title: 'Spreadsheet Modelling',
      issuer: 'Riverside Adult Education',
      date: '2024-11-05',
      url: 'https://riverside.example/certificates/881',
      description: 'Evening course, 8 weeks.',
      skills: ['Excel', 'Financial modelling'],
    });
    expect(r.rejected).toEqual([]);
    expect(r.imported).toEqual([
      expect.objectContaining({
        title: 'Spreadsheet Modelling',
        format: 'self-reported',
        verdict: 'unverified',
        source: 'entered by hand',
      }),
    ]);
    const c = getCredential(s.db, r.imported[0]!.id)!;
    expect(c).toMatchObject({
      issuerName: 'Riverside Adult Education',
      issuedOn: '2024-11-05',
      description: 'Evening course, 8 weeks.',
      credentialId: 'https://riverside.example/certificates/881',
      mediaType: 'application/json',
    });
    expect(c.skills).toContain('Excel');
    expect(c.skills.some((k) => /financial model/i.test(k))).toBe(true);
    expect(c.report.checks.find((k) => k.id === 'proof')).toMatchObject({ status: 'skip' });
    // It re-verifies from its stored original like any credential.
    const again = await call(s, 'library.reverify', { ids: [c.id] });
    expect(again.failed).toEqual([]);
    expect(again.reverified[0]?.verdict).toBe('unverified');
  });

  it('reports the same entry typed twice as already in the library', async () => {
    const s = session();
    const input = { title: 'First Aid at Work', issuer: 'Red Cross', date: '2023-09' };
    const first = await call(s, 'library.addManual', input);
    const second = await call(s, 'library.addManual', input);
    expect(second.imported).toEqual([]);
    expect(second.duplicates).toEqual([expect.objectContaining({ id: first.imported[0]!.id })]);
  });

  it.each([
    [{ title: '', issuer: 'X', date: '2024-01-01' }, /title/],
    [{ title: 'T', issuer: 'X', date: '31/01/2024' }, /is not a date/],
    [
      { title: 'T', issuer: 'X', date: '2024-01-01', url: 'javascript:alert(document.cookie)' },
      /not a web address/,
    ],
    [{ title: 'T', issuer: 'X', date: '2030-01-01' }, /in the future/],
  ])('refuses %o with bad-input and stores nothing', async (input, message) => {
    const s = session();
    const before = snapshot(s);
    const err = await refusal(s, 'library.addManual', input);
    expect(err.code).toBe('bad-input');
    expect(err.message).toMatch(message);
    expect(snapshot(s)).toBe(before);
  });

  it('refuses input the contract does not accept (unknown fields, wrong types, huge values)', async () => {
    const s = session();
    for (const input of [
      { title: 'T', issuer: 'X', date: '2024-01-01', path: '/etc/passwd' },
      { title: 42, issuer: 'X', date: '2024-01-01' },
      { title: 'x'.repeat(5000), issuer: 'X', date: '2024-01-01' },
      {
        title: 'T',
        issuer: 'X',
        date: '2024-01-01',
        skills: Array.from({ length: 500 }, () => 's'),
      },
    ]) {
      expect((await refusal(s, 'library.addManual', input)).code).toBe('bad-input');
    }
  });
});
