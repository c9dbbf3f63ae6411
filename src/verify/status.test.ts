// Status lists over real sockets: revoked, suspended, clear, offline, cached "as of", forged lists, bombs and private addresses.
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCredential } from '../formats/detect';
import { startTestServer, type TestRoutes, type TestServer } from '../../test/helpers/http-server';
import {
  encodedList,
  newIssuerKey,
  ob3By,
  signDi,
  signVcJwt,
  statusEntry,
  statusListCredential,
} from '../../test/helpers/signing';
import { verifyParsed } from './engine';
import { createFetcher } from './fetcher';
import { checkStatus, decodeEncodedList, MAX_STATUS_LIST_BYTES, readStatusBits } from './status';
import type { FetchCache, VerifyEnv } from './types';

const NOW = new Date('2026-03-01T00:00:00Z');
const servers: TestServer[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()?.close();
});

async function serve(routes: TestRoutes): Promise<TestServer> {
  const s = await startTestServer(routes);
  servers.push(s);
  return s;
}

function memoryCache(): FetchCache & { map: Map<string, ReturnType<FetchCache['get']>> } {
  const map = new Map<string, ReturnType<FetchCache['get']>>();
  return { map, get: (url) => map.get(url) ?? null, put: (url, e) => void map.set(url, e) };
}

function env(
  opts: {
    offline?: boolean;
    allowPrivateNetwork?: boolean;
    cache?: FetchCache;
    refresh?: boolean;
  } = {},
): VerifyEnv {
  return {
    fetcher: createFetcher({
      offline: opts.offline ?? false,
      allowPrivateNetwork: opts.allowPrivateNetwork ?? true,
      now: () => NOW,
    }),
    now: () => NOW,
    identities: [],
    ...(opts.cache ? { cache: opts.cache } : {}),
    ...(opts.refresh ? { refresh: true } : {}),
  };
}

const json = (doc: unknown) => ({
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(doc),
});
const key = newIssuerKey();
/** What a list calls itself; where it is served from does not depend on it. */
const LIST_ID = 'https://issuer.example.org/status/1';

/** A credential with one status entry on the list at `url`, index `index`. */
function credential(
  url: string,
  index: number,
  purpose = 'revocation',
  n = 1,
): Record<string, unknown> {
  return ob3By(key, { n, extra: { credentialStatus: statusEntry(url, index, purpose) } });
}

describe('bit order and decoding', () => {
  it('reads entry 0 as the most significant bit of the first byte', () => {
    expect(readStatusBits(Uint8Array.of(0x80), 0)).toBe(1);
    expect(readStatusBits(Uint8Array.of(0x80), 7)).toBe(0);
    expect(readStatusBits(Uint8Array.of(0x01), 7)).toBe(1);
    expect(readStatusBits(Uint8Array.of(0x00, 0x40), 9)).toBe(1);
    expect(readStatusBits(Uint8Array.of(0xff), 8)).toBeNull();
    expect(readStatusBits(Uint8Array.of(0b10110000), 0, 2)).toBe(2);
    expect(readStatusBits(Uint8Array.of(0b10110000), 1, 2)).toBe(3);
  });

  it('decodes multibase (u…) and plain base64url GZIP lists alike', async () => {
    const bits = await decodeEncodedList(encodedList([3], 64));
    expect(Array.from(bits)).toEqual([0x10, 0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(await decodeEncodedList(encodedList([3], 64, false)))).toEqual(
      Array.from(bits),
    );
  });

  it('refuses a GZIP bomb instead of inflating it', async () => {
    const bomb = `u${gzipSync(Buffer.alloc(MAX_STATUS_LIST_BYTES + 1024)).toString('base64url')}`;
    expect(bomb.length).toBeLessThan(40_000);
    await expect(decodeEncodedList(bomb)).rejects.toMatchObject({ code: 'too-large' });
  });
});

describe('Bitstring status lists served over HTTP', () => {
  it('marks a credential whose bit is set as revoked, and one whose bit is clear as not revoked', async () => {
    const server = await serve({
      '/status/1': json(statusListCredential(LIST_ID, key.did, 'revocation', [5])),
    });
    const listUrl = `${server.url}/status/1`;
    const revoked = await checkStatus(credential(listUrl, 5), env());
    expect(revoked).toEqual([
      expect.objectContaining({ id: 'status', status: 'fail', implies: 'revoked' }),
    ]);
    expect(revoked[0]?.message).toMatch(
      /^Revoked: the issuer's status list marks this credential as revoked\./,
    );
    expect(revoked[0]?.message).toContain('not signed');
    const clear = await checkStatus(credential(listUrl, 6), env());
    expect(clear[0]).toMatchObject({ status: 'pass' });
    expect(clear[0]?.implies).toBeUndefined();
  });

  it('makes a signed credential revoked or suspended end to end, and leaves a clear one verified', async () => {
    const live = await serve({
      '/rev': json(await signDi(statusListCredential(LIST_ID, key.did, 'revocation', [1]), key)),
      '/sus': json(await signDi(statusListCredential(LIST_ID, key.did, 'suspension', [2]), key)),
    });
    const [rev, sus] = [`${live.url}/rev`, `${live.url}/sus`];
    const verdict = async (doc: Record<string, unknown>) =>
      (
        await verifyParsed(
          await parseCredential(new TextEncoder().encode(JSON.stringify(await signDi(doc, key))), {
            name: 't',
          }),
          env(),
        )
      ).verdict;
    expect(await verdict(credential(rev, 1, 'revocation', 2))).toBe('revoked');
    expect(await verdict(credential(sus, 2, 'suspension', 3))).toBe('suspended');
    expect(await verdict(credential(rev, 3, 'revocation', 4))).toBe('verified');
  });

  it("checks the status list's own proof: a list edited after signing makes the status untrustworthy", async () => {
    const signed = await signDi(statusListCredential(LIST_ID, key.did, 'revocation', []), key);
    const edited = JSON.parse(JSON.stringify(signed)) as Record<string, Record<string, unknown>>;
    edited['credentialSubject']!['encodedList'] = encodedList([7]);
    const live = await serve({ '/good': json(signed), '/edited': json(edited) });
    const good = await checkStatus(credential(`${live.url}/good`, 7), env());
    expect(good[0]).toMatchObject({ status: 'pass' });
    expect(good[0]?.message).not.toContain('not signed');
    const forged = await checkStatus(credential(`${live.url}/edited`, 7), env());
    expect(forged[0]).toMatchObject({ status: 'fail', implies: 'unverified' });
    expect(forged[0]?.message).toMatch(/failed its own signature check/);
  });

  it('reads a status list published as a VC-JWT', async () => {
    const token = await signVcJwt(statusListCredential(LIST_ID, key.did, 'revocation', [9]), key);
    const live = await serve({
      '/jwt': { headers: { 'content-type': 'application/vc+jwt' }, body: token },
    });
    const r = await checkStatus(credential(`${live.url}/jwt`, 9), env());
    expect(r[0]).toMatchObject({ status: 'fail', implies: 'revoked' });
    expect(r[0]?.message).not.toContain('not signed');
  });

  it('reads StatusList2021 entries (plain base64url lists)', async () => {
    const list = statusListCredential(
      LIST_ID,
      key.did,
      'revocation',
      [4],
      encodedList([4], 131_072, false),
    );
    list['type'] = ['VerifiableCredential', 'StatusList2021Credential'];
    const server = await serve({ '/sl': json(list) });
    const doc = ob3By(key, {
      n: 5,
      extra: {
        credentialStatus: {
          id: `${server.url}/sl#4`,
          type: 'StatusList2021Entry',
          statusPurpose: 'revocation',
          statusListIndex: '4',
          statusListCredential: `${server.url}/sl`,
        },
      },
    });
    expect((await checkStatus(doc, env()))[0]).toMatchObject({ implies: 'revoked' });
  });

  it('warns, without a verdict, when the list cannot answer for the entry', async () => {
    const server = await serve({
      '/short': json(statusListCredential(LIST_ID, key.did, 'revocation', [], encodedList([], 64))),
      '/suspension-only': json(statusListCredential(LIST_ID, key.did, 'suspension', [1])),
      '/bomb': json(
        statusListCredential(
          LIST_ID,
          key.did,
          'revocation',
          [],
          `u${gzipSync(Buffer.alloc(MAX_STATUS_LIST_BYTES + 8)).toString('base64url')}`,
        ),
      ),
    });
    const beyond = await checkStatus(credential(`${server.url}/short`, 500), env());
    expect(beyond[0]).toMatchObject({ status: 'warn' });
    expect(beyond[0]?.message).toMatch(/beyond the end/);
    const wrongPurpose = await checkStatus(credential(`${server.url}/suspension-only`, 1), env());
    expect(wrongPurpose[0]?.message).toMatch(/is for suspension, not revocation/);
    const missing = await checkStatus(credential(`${server.url}/nowhere`, 1), env());
    expect(missing[0]).toMatchObject({ status: 'warn' });
    expect(missing[0]?.message).toMatch(/HTTP 404/);
    const bomb = await checkStatus(credential(`${server.url}/bomb`, 1), env());
    expect(bomb[0]).toMatchObject({ status: 'warn' });
    expect(bomb[0]?.message).toMatch(/more than 16 MB/);
    for (const r of [beyond, wrongPurpose, missing, bomb]) expect(r[0]?.implies).toBeUndefined();
  });

  it('skips, saying "offline", when the network is off and nothing is cached; the server sees nothing', async () => {
    const server = await serve({
      '/l': json(statusListCredential(LIST_ID, key.did, 'revocation', [1])),
    });
    const r = await checkStatus(credential(`${server.url}/l`, 1), env({ offline: true }));
    expect(r[0]).toMatchObject({ status: 'skip' });
    expect(r[0]?.message).toMatch(/^Not checked: offline\./);
    expect(server.hits).toEqual([]);
  });

  it('refuses a list on a private address when private networks are not allowed, without contacting it', async () => {
    const server = await serve({
      '/l': json(statusListCredential(LIST_ID, key.did, 'revocation', [1])),
    });
    const r = await checkStatus(
      credential(`${server.url}/l`, 1),
      env({ allowPrivateNetwork: false }),
    );
    expect(r[0]).toMatchObject({ status: 'skip' });
    expect(r[0]?.message).toMatch(/private network/);
    expect(r[0]?.implies).toBeUndefined();
    expect(server.hits).toEqual([]);
  });

  it('answers from the cache "as of" the fetch time offline, and fetches again on refresh', async () => {
    let set = [2];
    const server = await serve({
      '/c': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(statusListCredential(LIST_ID, key.did, 'revocation', set)));
      },
    });
    const cache = memoryCache();
    const url = `${server.url}/c`;
    expect((await checkStatus(credential(url, 1), env({ cache })))[0]).toMatchObject({
      status: 'pass',
    });
    expect(server.hits).toHaveLength(1);
    expect(cache.map.get(url)?.fetchedAt).toBe(NOW.toISOString());

    const offline = await checkStatus(credential(url, 1), env({ cache, offline: true }));
    expect(offline[0]?.message).toContain(`as of ${NOW.toISOString()}`);
    expect(server.hits).toHaveLength(1);

    set = [1];
    const cached = await checkStatus(credential(url, 1), env({ cache }));
    expect(cached[0]).toMatchObject({ status: 'pass' });
    expect(server.hits).toHaveLength(1);
    const refreshed = await checkStatus(credential(url, 1), env({ cache, refresh: true }));
    expect(refreshed[0]).toMatchObject({ status: 'fail', implies: 'revoked' });
    expect(server.hits).toHaveLength(2);
  });

  it('fetches a list once for many credentials checked at the same time', async () => {
    const server = await serve({
      '/many': json(statusListCredential(LIST_ID, key.did, 'revocation', [3])),
    });
    const e = env({ cache: memoryCache() });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => checkStatus(credential(`${server.url}/many`, i), e)),
    );
    expect(results.map((r) => r[0]?.status)).toEqual(
      Array.from({ length: 20 }, (_, i) => (i === 3 ? 'fail' : 'pass')),
    );
    expect(server.hits).toHaveLength(1);
  });
});

describe('1EdTech revocation lists and other entries', () => {
  it('is revoked when the list names the credential, and not otherwise', async () => {
    const doc = ob3By(key, { n: 20 });
    const id = doc['id'] as string;
    const server = await serve({
      '/revocations': json({
        id: 'x',
        issuer: key.did,
        revokedCredentials: [{ id, revocationReason: 'Issued in error' }],
      }),
      '/empty': json({ id: 'y', issuer: key.did, revokedCredentials: [] }),
    });
    const entry = (p: string) => ({
      ...doc,
      credentialStatus: { id: `${server.url}${p}`, type: '1EdTechRevocationList' },
    });
    expect((await checkStatus(entry('/revocations'), env()))[0]).toMatchObject({
      status: 'fail',
      implies: 'revoked',
    });
    expect((await checkStatus(entry('/empty'), env()))[0]).toMatchObject({ status: 'pass' });
  });

  it('has no status check without credentialStatus, skips unknown types and warns on malformed entries', async () => {
    expect(await checkStatus(ob3By(key, { n: 21 }), env())).toEqual([]);
    const unknown = await checkStatus(
      ob3By(key, {
        n: 22,
        extra: {
          credentialStatus: { type: 'CredentialStatusList2017', id: 'https://x.example/1' },
        },
      }),
      env(),
    );
    expect(unknown[0]).toMatchObject({ status: 'skip' });
    expect(unknown[0]?.message).toContain('CredentialStatusList2017');
    const broken = await checkStatus(
      ob3By(key, {
        n: 23,
        extra: { credentialStatus: { type: 'BitstringStatusListEntry', statusListIndex: '-1' } },
      }),
      env(),
    );
    expect(broken[0]).toMatchObject({ status: 'warn' });
  });

  it('follows at most eight status entries', async () => {
    const entries = Array.from({ length: 12 }, () => ({ type: 'Unknown' }));
    const r = await checkStatus(
      ob3By(key, { n: 24, extra: { credentialStatus: entries } }),
      env({ offline: true }),
    );
    expect(r).toHaveLength(9);
    expect(r[8]?.message).toMatch(/first 8 of 12/);
  });
});
