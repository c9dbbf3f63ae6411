// Filter choices and deleting credentials through the contract, as the library screen calls them.
import { afterEach, describe, expect, it } from 'vitest';
import type { LibraryFacets } from '../core/facets';
import type { ImportResult, ListPage } from '../core/library';
import {
  clr2Credential,
  ob2Assertion,
  ob3Credential,
  ob3Object,
  solidPng,
} from '../../test/helpers/fixtures';
import { snapshot, tempSession } from '../../test/helpers/library';
import type { DeleteResult, ImportSource } from '../shared/contract';
import { dispatch } from './dispatch';
import type { Session } from './session';

const sessions: Session[] = [];
function session(): Session {
  const s = tempSession();
  sessions.push(s);
  return s;
}
afterEach(() => {
  while (sessions.length) sessions.pop()?.close();
});

async function call<T>(s: Session, method: string, input: unknown): Promise<T> {
  const res = await dispatch(s, method, input, { local: false });
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`);
  return res.value as T;
}

async function importAll(s: Session, sources: ImportSource[]): Promise<ImportResult> {
  return call<ImportResult>(s, 'library.import', { sources });
}

const text = (t: string, name: string): ImportSource => ({ kind: 'text', text: t, name });

describe('library.facets', () => {
  it('lists what the library holds with counts, for the filter menus', async () => {
    const s = session();
    await importAll(s, [
      text(ob2Assertion({ n: 1, issuer: 'Acme Academy', tags: ['SQL'] }), 'a.json'),
      text(ob2Assertion({ n: 2, issuer: 'Acme Academy', tags: ['SQL', 'Excel'] }), 'b.json'),
      text(ob3Credential({ n: 3, issuer: 'Example University', tags: ['Python'] }), 'c.json'),
    ]);
    const f = await call<LibraryFacets>(s, 'library.facets', {});
    expect(f.total).toBe(3);
    expect(f.issuers).toEqual([
      { name: 'Acme Academy', count: 2 },
      { name: 'Example University', count: 1 },
    ]);
    expect(f.formats).toEqual([
      { format: 'ob2', count: 2 },
      { format: 'ob3', count: 1 },
    ]);
    expect(f.skills.find((x) => x.name === 'SQL')).toEqual({ name: 'SQL', count: 2 });
    expect(f.verdicts.reduce((n, v) => n + v.count, 0)).toBe(3);
  });

  it('refuses unexpected input', async () => {
    const res = await dispatch(session(), 'library.facets', { skill: 'x' }, { local: false });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.code).toBe('bad-input');
  });
});

describe('library.delete', () => {
  it('deletes one credential and leaves the others', async () => {
    const s = session();
    const r = await importAll(s, [
      text(ob3Credential({ n: 1, title: 'Keep me' }), 'keep.json'),
      text(ob3Credential({ n: 2, title: 'Delete me' }), 'delete.json'),
    ]);
    const victim = r.imported.find((i) => i.title === 'Delete me');
    expect(victim).toBeDefined();
    const out = await call<DeleteResult>(s, 'library.delete', { id: victim?.id });
    expect(out).toEqual({ deleted: 1, title: 'Delete me' });
    const list = await call<ListPage>(s, 'library.list', {});
    expect(list.items.map((i) => i.title)).toEqual(['Keep me']);
    // Its skills and search entries went with it.
    expect((await call<ListPage>(s, 'library.list', { query: 'delete' })).total).toBe(0);
  });

  it('deletes a bundle together with the credentials nested in it, and says how many', async () => {
    const s = session();
    const r = await importAll(s, [
      text(clr2Credential({ n: 7, count: 3, title: 'Transcript' }), 'transcript.json'),
      text(ob3Credential({ n: 8, title: 'Outside the bundle' }), 'other.json'),
    ]);
    const bundle = r.imported.find((i) => i.parentId === null && i.title === 'Transcript');
    expect(r.imported.filter((i) => i.parentId === bundle?.id)).toHaveLength(3);
    const out = await call<DeleteResult>(s, 'library.delete', { id: bundle?.id });
    expect(out.deleted).toBe(4);
    const list = await call<ListPage>(s, 'library.list', {});
    expect(list.items.map((i) => i.title)).toEqual(['Outside the bundle']);
    const facets = await call<LibraryFacets>(s, 'library.facets', {});
    expect(facets.total).toBe(1);
  });

  it('removes a badge image only when no other credential uses it', async () => {
    const s = session();
    const image = {
      id: `data:image/png;base64,${Buffer.from(solidPng(8, 8)).toString('base64')}`,
      type: 'Image',
    };
    const withImage = (n: number): string => JSON.stringify({ ...ob3Object({ n }), image });
    const r = await importAll(s, [
      text(withImage(11), 'one.json'),
      text(withImage(12), 'two.json'),
    ]);
    expect(r.imported).toHaveLength(2);
    const [first, second] = r.imported;
    const imageRows = (): number =>
      (s.db.prepare('SELECT count(*) AS n FROM images').get() as { n: number }).n;
    expect(imageRows()).toBe(1);
    await call<DeleteResult>(s, 'library.delete', { id: first?.id });
    const kept = await call<{ mediaType: string } | null>(s, 'library.image', { id: second?.id });
    expect(kept?.mediaType).toBe('image/png');
    await call<DeleteResult>(s, 'library.delete', { id: second?.id });
    expect(imageRows()).toBe(0);
  });

  it('says so when the credential is not there, and changes nothing', async () => {
    const s = session();
    await importAll(s, [text(ob3Credential({ n: 1 }), 'one.json')]);
    const before = snapshot(s);
    const res = await dispatch(s, 'library.delete', { id: 999 }, { local: false });
    expect(res).toEqual({
      ok: false,
      error: {
        code: 'not-found',
        message: 'There is no credential 999 in this library (it may have been deleted already).',
      },
    });
    expect(snapshot(s)).toBe(before);
  });

  it('refuses ids that are not positive whole numbers, and anything extra', async () => {
    const s = session();
    await importAll(s, [text(ob3Credential({ n: 1 }), 'one.json')]);
    const before = snapshot(s);
    for (const input of [
      {},
      { id: 0 },
      { id: -1 },
      { id: 1.5 },
      { id: '1' },
      { id: 1, all: true },
    ]) {
      const res = await dispatch(s, 'library.delete', input, { local: false });
      expect(res.ok, JSON.stringify(input)).toBe(false);
      if (!res.ok) expect(res.error.code).toBe('bad-input');
    }
    expect(snapshot(s)).toBe(before);
  });
});
