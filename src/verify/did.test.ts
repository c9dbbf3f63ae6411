// DID resolution: did:key/did:jwk offline, did:web over a real local https server, and the refusals that keep it safe.
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/helpers/http-server';
import { AppError } from '../shared/errors';
import { didWebUrl, resolveDid, resolveVerificationMethod } from './did';
import { createFetcher } from './fetcher';
import { didKeyFor, multikeyFromPublicKey } from './keys';
import type { FetchCache, VerifyEnv } from './types';

const NOW = new Date('2026-03-01T12:00:00Z');

function memoryCache(): FetchCache & { entries: Map<string, { fetchedAt: string }> } {
  const entries = new Map<
    string,
    { bytes: Uint8Array; mediaType: string | null; fetchedAt: string }
  >();
  return {
    entries,
    get: (url) => entries.get(url) ?? null,
    put: (url, e) => void entries.set(url, e),
  };
}

function offlineEnv(cache?: FetchCache): VerifyEnv {
  return {
    fetcher: createFetcher({ offline: true, allowPrivateNetwork: false }),
    now: () => NOW,
    identities: [],
    ...(cache ? { cache } : {}),
  };
}

function onlineEnv(
  server: TestServer,
  extra: Partial<VerifyEnv> = {},
  allowPrivateNetwork = true,
): VerifyEnv {
  return {
    fetcher: createFetcher({
      offline: false,
      allowPrivateNetwork,
      ca: server.ca ? [server.ca] : [],
      now: () => NOW,
    }),
    now: () => NOW,
    identities: [],
    ...extra,
  };
}

async function codeOf(p: Promise<unknown>): Promise<string | null> {
  try {
    await p;
    return null;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message.length).toBeGreaterThan(10);
    return (err as AppError).code;
  }
}

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('did:key', () => {
  it('resolves offline to a document whose one key is listed for assertions', async () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const { did, verificationMethod } = didKeyFor(publicKey);
    const { document, fetchedAt } = await resolveDid(did, offlineEnv());
    expect(fetchedAt).toBeNull();
    expect(document.id).toBe(did);
    expect(document.assertionMethod).toEqual([verificationMethod]);
    const key = await resolveVerificationMethod(verificationMethod, offlineEnv());
    expect(key).toMatchObject({ id: verificationMethod, controller: did, source: 'did:key' });
    expect(key.purposes).toContain('assertionMethod');
    expect(key.publicKey.export({ format: 'jwk' })).toEqual(publicKey.export({ format: 'jwk' }));
  });

  it('a fragment naming another key is not found', async () => {
    const a = didKeyFor(generateKeyPairSync('ed25519').publicKey);
    const b = multikeyFromPublicKey(generateKeyPairSync('ed25519').publicKey);
    expect(await codeOf(resolveVerificationMethod(`${a.did}#${b}`, offlineEnv()))).toBe(
      'not-found',
    );
    expect(await codeOf(resolveVerificationMethod(a.did, offlineEnv()))).toBe('not-found');
  });

  it.each(['did:key:', 'did:key:zzzz', 'did:key:z6Mk<script>', `did:key:z${'1'.repeat(9000)}`])(
    'refuses the broken identifier %j',
    async (did) => {
      expect(await codeOf(resolveDid(did, offlineEnv()))).toBe('malformed');
    },
  );
});

describe('did:jwk', () => {
  it('resolves offline; its key is #0', async () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const did = `did:jwk:${Buffer.from(JSON.stringify(jwk)).toString('base64url')}`;
    const key = await resolveVerificationMethod(`${did}#0`, offlineEnv());
    expect(key).toMatchObject({ controller: did, source: 'did:jwk' });
    expect(key.publicKey.export({ format: 'jwk' })).toEqual(jwk);
  });

  it('refuses a did:jwk that carries a private key, or no key at all', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const withD = Buffer.from(JSON.stringify(privateKey.export({ format: 'jwk' }))).toString(
      'base64url',
    );
    expect(await codeOf(resolveDid(`did:jwk:${withD}`, offlineEnv()))).toBe('malformed');
    const notJwk = Buffer.from('["a","b"]').toString('base64url');
    expect(await codeOf(resolveDid(`did:jwk:${notJwk}`, offlineEnv()))).toBe('malformed');
    const oct = Buffer.from(JSON.stringify({ kty: 'oct', k: 'c2VjcmV0c2VjcmV0' })).toString(
      'base64url',
    );
    expect(await codeOf(resolveDid(`did:jwk:${oct}`, offlineEnv()))).toBe('malformed');
  });
});

describe('other identifiers', () => {
  it('a DID method Skillfolio does not resolve is said so', async () => {
    expect(
      await codeOf(
        resolveDid('did:ion:EiClkZMDxPKqC9c-umQfTkR8vvZ9JPhl_xLDI9Nfk38w5w', offlineEnv()),
      ),
    ).toBe('unsupported-format');
  });

  it('something that is not a DID or a web address is malformed', async () => {
    expect(await codeOf(resolveDid('not-a-did', offlineEnv()))).toBe('malformed');
    expect(await codeOf(resolveVerificationMethod('urn:uuid:1234#key', offlineEnv()))).toBe(
      'malformed',
    );
    expect(await codeOf(resolveVerificationMethod('', offlineEnv()))).toBe('malformed');
  });
});

describe('did:web addresses', () => {
  it.each([
    ['did:web:example.com', 'https://example.com/.well-known/did.json'],
    ['did:web:Example.COM', 'https://example.com/.well-known/did.json'],
    ['did:web:example.com%3A8443', 'https://example.com:8443/.well-known/did.json'],
    ['did:web:example.com:user:alice', 'https://example.com/user/alice/did.json'],
    ['did:web:w3c-ccg.github.io:user%20x', 'https://w3c-ccg.github.io/user%20x/did.json'],
  ])('%s → %s', (did, url) => {
    expect(didWebUrl(did)).toBe(url);
  });

  it.each([
    'did:web:',
    'did:web:example.com%2F..%2Fadmin',
    'did:web:example.com:..:secret',
    'did:web:example.com:a%2Fb',
    'did:web:user%40evil.com',
    'did:web:evil.com%3F',
    'did:web:.evil.com',
    'did:web:%E0%A4%A',
  ])('refuses %s', (did) => {
    expect(() => didWebUrl(did)).toThrow(AppError);
  });
});

describe('did:web over the network door', () => {
  function didDocFor(did: string, mk: string, extra: Record<string, unknown> = {}) {
    const vm = `${did}#key-1`;
    return {
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
      id: did,
      verificationMethod: [{ id: vm, type: 'Multikey', controller: did, publicKeyMultibase: mk }],
      assertionMethod: ['#key-1'],
      ...extra,
    };
  }

  it('fetches the document over https, caches it with its time, and reads it offline afterwards', async () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const mk = multikeyFromPublicKey(publicKey);
    let doc: unknown = null;
    server = await startTestServer(
      {
        '/.well-known/did.json': (_req, res) => {
          res.writeHead(200, { 'content-type': 'application/did+json' });
          res.end(JSON.stringify(doc));
        },
      },
      { https: true },
    );
    const did = `did:web:127.0.0.1%3A${server.port}`;
    doc = didDocFor(did, mk);
    const cache = memoryCache();
    const key = await resolveVerificationMethod(`${did}#key-1`, onlineEnv(server, { cache }));
    expect(key).toMatchObject({ controller: did, source: 'did:web', fetchedAt: NOW.toISOString() });
    expect(key.purposes).toEqual(['assertionMethod']);
    expect(server.hits).toEqual(['/.well-known/did.json']);
    expect([...cache.entries.keys()]).toEqual([
      `https://127.0.0.1:${server.port}/.well-known/did.json`,
    ]);

    // Offline, the cached copy answers "as of" its fetch time; nothing else is fetched.
    const again = await resolveVerificationMethod(`${did}#key-1`, offlineEnv(cache));
    expect(again.fetchedAt).toBe(NOW.toISOString());
    expect(server.hits.length).toBe(1);

    // --refresh goes back to the server.
    await resolveDid(did, onlineEnv(server, { cache, refresh: true }));
    expect(server.hits.length).toBe(2);
  });

  it('offline and uncached → offline', async () => {
    expect(await codeOf(resolveDid('did:web:example.com', offlineEnv()))).toBe('offline');
  });

  it('refuses a private address unless "allow private network" is on (did:web:127.0.0.1%3A6379)', async () => {
    server = await startTestServer({}, { https: true });
    const env = onlineEnv(server, {}, false);
    expect(await codeOf(resolveDid('did:web:127.0.0.1%3A6379', env))).toBe('blocked-address');
    expect(await codeOf(resolveDid(`did:web:127.0.0.1%3A${server.port}`, env))).toBe(
      'blocked-address',
    );
    expect(server.hits).toEqual([]);
  });

  it('a document for another DID, a missing document, or one that is not JSON is refused', async () => {
    const mk = multikeyFromPublicKey(generateKeyPairSync('ed25519').publicKey);
    server = await startTestServer(
      {
        '/other/did.json': { body: JSON.stringify(didDocFor('did:web:evil.example', mk)) },
        '/html/did.json': { body: '<html>hello</html>', headers: { 'content-type': 'text/html' } },
        '/proto/did.json': { body: '{"__proto__": {"polluted": true}, "id": "x"}' },
      },
      { https: true },
    );
    const host = `did:web:127.0.0.1%3A${server.port}`;
    const env = onlineEnv(server);
    expect(await codeOf(resolveDid(`${host}:other`, env))).toBe('malformed');
    expect(await codeOf(resolveDid(`${host}:missing`, env))).toBe('network');
    expect(await codeOf(resolveDid(`${host}:html`, env))).toBe('malformed');
    expect(await codeOf(resolveDid(`${host}:proto`, env))).toBe('unsafe-content');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a key whose stated controller is someone else, or of an unknown type, is refused', async () => {
    const mk = multikeyFromPublicKey(generateKeyPairSync('ed25519').publicKey);
    let doc: unknown = null;
    server = await startTestServer(
      { '/.well-known/did.json': (_q, r) => void r.end(JSON.stringify(doc)) },
      { https: true },
    );
    const did = `did:web:127.0.0.1%3A${server.port}`;
    const env = onlineEnv(server);
    doc = {
      id: did,
      verificationMethod: [
        {
          id: `${did}#k`,
          type: 'Multikey',
          controller: 'did:web:attacker.example',
          publicKeyMultibase: mk,
        },
      ],
      assertionMethod: [`${did}#k`],
    };
    expect(await codeOf(resolveVerificationMethod(`${did}#k`, env))).toBe('malformed');
    doc = {
      id: did,
      verificationMethod: [
        { id: `${did}#k`, type: 'RsaVerificationKey2018', controller: did, publicKeyPem: 'x' },
      ],
    };
    expect(await codeOf(resolveVerificationMethod(`${did}#k`, env))).toBe('malformed');
  });

  it('reads Ed25519VerificationKey2018 (base58) and JsonWebKey2020 keys, and keys embedded in a relationship', async () => {
    const ed = generateKeyPairSync('ed25519').publicKey;
    const raw = Buffer.from(ed.export({ format: 'jwk' }).x as string, 'base64url');
    const { encode } = await import('base58-universal');
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    let doc: unknown = null;
    server = await startTestServer(
      { '/.well-known/did.json': (_q, r) => void r.end(JSON.stringify(doc)) },
      { https: true },
    );
    const did = `did:web:127.0.0.1%3A${server.port}`;
    doc = {
      id: did,
      verificationMethod: [
        {
          id: `${did}#a`,
          type: 'Ed25519VerificationKey2018',
          controller: did,
          publicKeyBase58: encode(raw),
        },
        {
          id: `${did}#b`,
          type: 'JsonWebKey2020',
          controller: did,
          publicKeyJwk: ec.export({ format: 'jwk' }),
        },
      ],
      authentication: [
        {
          id: `${did}#c`,
          type: 'Multikey',
          controller: did,
          publicKeyMultibase: multikeyFromPublicKey(ed),
        },
      ],
      assertionMethod: [`${did}#a`, `${did}#b`],
    };
    const env = onlineEnv(server);
    const a = await resolveVerificationMethod(`${did}#a`, env);
    expect(a.publicKey.export({ format: 'jwk' })).toEqual(ed.export({ format: 'jwk' }));
    const b = await resolveVerificationMethod(`${did}#b`, env);
    expect(b.publicKey.export({ format: 'jwk' })).toEqual(ec.export({ format: 'jwk' }));
    const c = await resolveVerificationMethod(`${did}#c`, env);
    expect(c.purposes).toEqual(['authentication']);
  });
});

describe('https controller documents', () => {
  it('a key published at an https address is read from the document there', async () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    let doc: unknown = null;
    server = await startTestServer(
      { '/issuers/1': (_q, r) => void r.end(JSON.stringify(doc)) },
      { https: true },
    );
    const id = `${server.url}/issuers/1`;
    doc = {
      id,
      verificationMethod: [
        {
          id: `${id}#key`,
          type: 'Multikey',
          controller: id,
          publicKeyMultibase: multikeyFromPublicKey(publicKey),
        },
      ],
      assertionMethod: [`${id}#key`],
    };
    const key = await resolveVerificationMethod(`${id}#key`, onlineEnv(server));
    expect(key).toMatchObject({ controller: id, source: 'profile', purposes: ['assertionMethod'] });
    expect(await codeOf(resolveVerificationMethod(`${id}#key`, offlineEnv()))).toBe('offline');
    // The same key over plain http is not trusted (and not fetched).
    const plain = `http://127.0.0.1:${server.port}/issuers/1#key`;
    expect(await codeOf(resolveVerificationMethod(plain, onlineEnv(server)))).toBe(
      'unsupported-format',
    );
    expect(server.hits.length).toBe(1);
  });
});
