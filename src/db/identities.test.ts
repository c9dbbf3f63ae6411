// Identities and the fetch cache in a real library: what is stored, deduplicated, removed, replaced.
import { afterEach, describe, expect, it } from 'vitest';
import { parseIdentity } from '../core/identity';
import { countCached, getCached, MAX_CACHED_BYTES, putCached } from './fetch-cache';
import { addIdentity, identityValues, listIdentities, removeIdentity } from './identities';
import { closeLibrary, openMemoryLibrary, type Db } from './open';

const dbs: Db[] = [];
function db(): Db {
  const d = openMemoryLibrary();
  dbs.push(d);
  return d;
}
afterEach(() => {
  while (dbs.length) closeLibrary(dbs.pop() as Db);
});

function ok(text: string) {
  const p = parseIdentity(text);
  if ('error' in p) throw new Error(p.error);
  return p;
}

describe('parseIdentity', () => {
  it('recognises e-mail addresses, web addresses and phone numbers', () => {
    expect(parseIdentity('  Ana.Perez@Example.org ')).toEqual({
      kind: 'email',
      value: 'Ana.Perez@Example.org',
    });
    expect(parseIdentity('mailto:ana@example.org')).toEqual({
      kind: 'email',
      value: 'ana@example.org',
    });
    expect(parseIdentity('https://ana.example.org/me')).toEqual({
      kind: 'url',
      value: 'https://ana.example.org/me',
    });
    expect(parseIdentity('+44 (20) 7946-0958')).toEqual({ kind: 'phone', value: '+442079460958' });
  });

  it('refuses text that is none of them, saying what is expected', () => {
    for (const bad of [
      '',
      'ana',
      '@example.org',
      'ana@',
      'ftp://example.org',
      '12',
      'x'.repeat(400),
    ]) {
      const p = parseIdentity(bad);
      expect('error' in p ? p.error : 'accepted').toMatch(
        /identity|e-mail|web address|phone|characters/,
      );
    }
  });
});

describe('identities', () => {
  it('adds, lists in order, and ignores a second copy that differs only in case', () => {
    const d = db();
    const a = addIdentity(d, ok('ana@example.org'), '2026-01-01T00:00:00.000Z');
    const b = addIdentity(d, ok('+1 555 010 9999'), '2026-01-02T00:00:00.000Z');
    const again = addIdentity(d, ok('ANA@example.org'), '2026-01-03T00:00:00.000Z');
    expect(a.added).toBe(true);
    expect(b.added).toBe(true);
    expect(again).toEqual({ identity: a.identity, added: false });
    expect(listIdentities(d)).toEqual([a.identity, b.identity]);
    expect(identityValues(d)).toEqual(['ana@example.org', '+15550109999']);
  });

  it('removes by id or by value and says when there was nothing to remove', () => {
    const d = db();
    const a = addIdentity(d, ok('ana@example.org'), '2026-01-01T00:00:00.000Z').identity;
    const b = addIdentity(d, ok('https://ana.example.org'), '2026-01-01T00:00:00.000Z').identity;
    expect(removeIdentity(d, a.id)).toEqual(a);
    expect(removeIdentity(d, 'HTTPS://ana.example.org')).toEqual(b);
    expect(removeIdentity(d, a.id)).toBeNull();
    expect(removeIdentity(d, 'nobody@example.org')).toBeNull();
    expect(listIdentities(d)).toEqual([]);
  });
});

describe('fetch cache', () => {
  it('stores bytes exactly with their media type and fetch time, and replaces them on re-fetch', () => {
    const d = db();
    const url = 'https://issuer.example.org/status/1';
    expect(getCached(d, url)).toBeNull();
    const bytes = new Uint8Array([0, 1, 2, 255]);
    putCached(d, url, {
      bytes,
      mediaType: 'application/json',
      fetchedAt: '2026-01-01T00:00:00.000Z',
    });
    const got = getCached(d, url);
    expect(Buffer.from(got!.bytes).equals(Buffer.from(bytes))).toBe(true);
    expect(got).toMatchObject({
      mediaType: 'application/json',
      fetchedAt: '2026-01-01T00:00:00.000Z',
    });
    putCached(d, url, {
      bytes: new Uint8Array([9]),
      mediaType: null,
      fetchedAt: '2026-02-01T00:00:00.000Z',
    });
    expect(getCached(d, url)).toMatchObject({
      mediaType: null,
      fetchedAt: '2026-02-01T00:00:00.000Z',
    });
    expect(countCached(d)).toBe(1);
  });

  it('does not keep documents above the cache cap', () => {
    const d = db();
    putCached(d, 'https://x.example/big', {
      bytes: new Uint8Array(MAX_CACHED_BYTES + 1),
      mediaType: null,
      fetchedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(getCached(d, 'https://x.example/big')).toBeNull();
  });
});
