// The cache in front of the network door: cache first, re-fetch when stale or asked, old copies only when the network fails.
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/helpers/http-server';
import { fetchCached } from './cached-fetch';
import { createFetcher } from './fetcher';
import type { FetchCache, VerifyEnv } from './types';

const servers: TestServer[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()?.close();
});

type Entry = NonNullable<ReturnType<FetchCache['get']>>;
function cache(initial: Record<string, Entry> = {}): FetchCache & { map: Map<string, Entry> } {
  const map = new Map(Object.entries(initial));
  return { map, get: (u) => map.get(u) ?? null, put: (u, e) => void map.set(u, e) };
}

const clock = new Date('2026-03-01T00:00:00Z');
function env(
  c: FetchCache,
  o: { offline?: boolean; allowPrivateNetwork?: boolean; refresh?: boolean } = {},
): VerifyEnv {
  return {
    fetcher: createFetcher({
      offline: o.offline ?? false,
      allowPrivateNetwork: o.allowPrivateNetwork ?? true,
      now: () => clock,
    }),
    now: () => clock,
    identities: [],
    cache: c,
    ...(o.refresh ? { refresh: true } : {}),
  };
}

const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');

describe('fetchCached', () => {
  it('fetches once, then answers from the cache with the first fetch time', async () => {
    let n = 0;
    const server = await startTestServer({ '/d': (_q, r) => void r.end(`v${++n}`) });
    servers.push(server);
    const c = cache();
    const url = `${server.url}/d`;
    const first = await fetchCached(url, env(c));
    expect([text(first.bytes), first.fromCache, first.fetchedAt]).toEqual([
      'v1',
      false,
      clock.toISOString(),
    ]);
    const second = await fetchCached(url, env(c));
    expect([text(second.bytes), second.fromCache]).toEqual(['v1', true]);
    expect(server.hits).toHaveLength(1);
    const refreshed = await fetchCached(url, env(c, { refresh: true }));
    expect([text(refreshed.bytes), refreshed.fromCache]).toEqual(['v2', false]);
  });

  it('re-fetches a copy older than maxAgeMs when online, and uses it as it is when offline', async () => {
    const server = await startTestServer({ '/d': { body: 'fresh' } });
    servers.push(server);
    const url = `${server.url}/d`;
    const old: Entry = {
      bytes: Buffer.from('old'),
      mediaType: null,
      fetchedAt: '2026-01-01T00:00:00.000Z',
    };
    const offline = await fetchCached(url, env(cache({ [url]: old }), { offline: true }), {
      maxAgeMs: 60_000,
    });
    expect([text(offline.bytes), offline.fromCache, offline.fetchedAt]).toEqual([
      'old',
      true,
      old.fetchedAt,
    ]);
    const online = await fetchCached(url, env(cache({ [url]: old })), { maxAgeMs: 60_000 });
    expect([text(online.bytes), online.fromCache]).toEqual(['fresh', false]);
  });

  it('falls back to an old copy when the server fails, but never around a refused private address', async () => {
    const server = await startTestServer({ '/d': { status: 503, body: 'down' } });
    servers.push(server);
    const url = `${server.url}/d`;
    const old: Entry = {
      bytes: Buffer.from('old'),
      mediaType: null,
      fetchedAt: '2026-01-01T00:00:00.000Z',
    };
    const fallback = await fetchCached(url, env(cache({ [url]: old }), { refresh: true }));
    expect([text(fallback.bytes), fallback.fromCache]).toEqual(['old', true]);
    await expect(
      fetchCached(url, env(cache({ [url]: old }), { refresh: true, allowPrivateNetwork: false })),
    ).rejects.toMatchObject({ code: 'blocked-address' });
    await expect(fetchCached(url, env(cache(), { offline: true }))).rejects.toMatchObject({
      code: 'offline',
    });
  });

  it('shares one request among callers asking at the same time', async () => {
    const server = await startTestServer({ '/d': { body: 'once' } });
    servers.push(server);
    const e = env(cache());
    const all = await Promise.all(
      Array.from({ length: 10 }, () => fetchCached(`${server.url}/d`, e)),
    );
    expect(all.map((r) => text(r.bytes))).toEqual(Array.from({ length: 10 }, () => 'once'));
    expect(server.hits).toHaveLength(1);
  });
});
