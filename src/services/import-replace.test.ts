// A tampered copy in the library must not keep the genuine one out: it is replaced in place; a tampered copy arriving after the genuine one stays out, and says why.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CredentialDetail, ImportResult } from '../core/library';
import type { PortfolioView } from '../core/portfolio-view';
import { countCredentials, getOriginal } from '../db/credentials';
import type { ImportSource } from '../shared/contract';
import { snapshot, tempDir, tempSession } from '../../test/helpers/library';
import { newIssuerKey, ob3By, signDi } from '../../test/helpers/signing';
import { dispatch } from './dispatch';
import type { Session } from './session';

const sessions: Session[] = [];
afterEach(() => {
  while (sessions.length) sessions.pop()?.close();
});

async function call<T>(s: Session, method: string, input: unknown): Promise<T> {
  const res = await dispatch(s, method as never, input as never, { local: true });
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`);
  return res.value as T;
}

const importFiles = (s: Session, ...files: string[]) =>
  call<ImportResult>(s, 'library.import', {
    sources: files.map((p): ImportSource => ({ kind: 'path', path: p })),
  });

const key = newIssuerKey();

/** The genuine credential, signed, and a forged copy: same id, another title, the proof left as it was. */
async function pair(n: number): Promise<{ genuine: string; forged: string }> {
  const signed = await signDi(
    ob3By(key, { n, title: 'Spreadsheet Modelling', tags: ['Excel'] }),
    key,
    'eddsa-jcs-2022',
  );
  const forged = JSON.parse(JSON.stringify(signed)) as Record<string, unknown>;
  forged['name'] = 'Chartered Accountancy';
  const subject = forged['credentialSubject'] as { achievement: { name: string } };
  subject.achievement.name = 'Chartered Accountancy';
  return { genuine: JSON.stringify(signed), forged: JSON.stringify(forged) };
}

function write(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('importing a genuine copy of a credential whose stored copy failed verification', () => {
  it('replaces the stored copy in place: same id, new bytes and report, portfolio and skill choices kept', async () => {
    const s = tempSession();
    sessions.push(s);
    const dir = tempDir();
    const { genuine, forged } = await pair(1);

    const first = await importFiles(s, write(dir, 'forged.json', forged));
    expect(first.imported.map((i) => i.verdict)).toEqual(['invalid']);
    const id = first.imported[0]!.id;
    const portfolio = await call<PortfolioView>(s, 'portfolio.create', { name: 'Job hunt' });
    await call(s, 'portfolio.addEntries', { id: portfolio.id, credentialIds: [id] });
    await call(s, 'skills.add', { name: 'Negotiation', credentialIds: [id] });

    const second = await importFiles(s, write(dir, 'genuine.json', genuine));
    expect(second.duplicates).toEqual([]);
    expect(second.rejected).toEqual([]);
    expect(second.imported).toHaveLength(1);
    const item = second.imported[0]!;
    expect(item).toMatchObject({ id, verdict: 'verified', title: 'Spreadsheet Modelling' });
    expect(item.notes.join(' ')).toMatch(/replaced a copy that failed verification \(invalid\)/i);

    expect(countCredentials(s.db)).toBe(1);
    expect(Buffer.from(getOriginal(s.db, id)!.bytes).toString('utf8')).toBe(genuine);
    const stored = await call<CredentialDetail>(s, 'library.get', { id });
    expect(stored).toMatchObject({ verdict: 'verified', title: 'Spreadsheet Modelling' });
    expect(stored.report.verdict).toBe('verified');
    expect(stored.skills).toEqual(expect.arrayContaining(['Excel', 'Negotiation']));
    const kept = await call<PortfolioView>(s, 'portfolio.get', { id: portfolio.id });
    expect(kept.sections.flatMap((sec) => sec.entries.map((e) => e.credentialId))).toEqual([id]);

    // The search index follows the new text, and the forged title is gone from it.
    const found = (query: string) =>
      call<{ total: number; items: { id: number }[] }>(s, 'library.list', { query });
    expect((await found('Spreadsheet')).items.map((c) => c.id)).toEqual([id]);
    expect((await found('Chartered')).total).toBe(0);

    // Importing the genuine copy again is now an ordinary duplicate.
    const third = await importFiles(s, path.join(dir, 'genuine.json'));
    expect(third.imported).toEqual([]);
    expect(third.duplicates).toMatchObject([{ id, by: 'bytes' }]);
  });

  it('does the same when both copies arrive in one import, the forged one first', async () => {
    const s = tempSession();
    sessions.push(s);
    const dir = tempDir();
    const { genuine, forged } = await pair(2);
    const other = await signDi(ob3By(key, { n: 3, title: 'Bystander' }), key, 'eddsa-jcs-2022');
    const result = await importFiles(
      s,
      write(dir, 'a-forged.json', forged),
      write(dir, 'b-bystander.json', JSON.stringify(other)),
      write(dir, 'c-genuine.json', genuine),
    );
    expect(result.rejected).toEqual([]);
    expect(result.duplicates).toEqual([]);
    expect(countCredentials(s.db)).toBe(2);
    const ids = new Set(result.imported.map((i) => i.id));
    expect(ids.size).toBe(2);
    const last = result.imported.at(-1)!;
    expect(last).toMatchObject({ verdict: 'verified', title: 'Spreadsheet Modelling' });
    expect(last.notes.join(' ')).toMatch(/replaced a copy that failed verification/i);
    const list = await call<{ items: { title: string; verdict: string }[] }>(s, 'library.list', {});
    expect(list.items.map((c) => [c.title, c.verdict]).sort()).toEqual([
      ['Bystander', 'verified'],
      ['Spreadsheet Modelling', 'verified'],
    ]);
  });
});

describe('importing a forged copy of a credential whose stored copy verifies', () => {
  it('stays a duplicate, says the new copy failed verification, and changes nothing', async () => {
    const s = tempSession();
    sessions.push(s);
    const dir = tempDir();
    const { genuine, forged } = await pair(4);
    const first = await importFiles(s, write(dir, 'genuine.json', genuine));
    expect(first.imported.map((i) => i.verdict)).toEqual(['verified']);
    const id = first.imported[0]!.id;
    const before = snapshot(s);

    const second = await importFiles(s, write(dir, 'forged.json', forged));
    expect(second.imported).toEqual([]);
    expect(second.rejected).toEqual([]);
    expect(second.duplicates).toHaveLength(1);
    const dup = second.duplicates[0]! as ImportResult['duplicates'][number] & { note?: string };
    expect(dup).toMatchObject({ id, by: 'credential-id' });
    expect(dup.note).toMatch(/this copy failed verification \(invalid\)/i);
    expect(dup.note).toMatch(new RegExp(`#${id}\\b.*verified`));
    expect(snapshot(s)).toBe(before);
  });
});
