import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { CompactSign } from 'jose';
import { describe, expect, it } from 'vitest';
import { startTestServer, type TestRoutes } from '../../test/helpers/http-server';
import { createFetcher } from './fetcher';
import { ALLOWED_JWS_ALGS, claimDisagreements, verifyCompactJws, verifyVcJwt } from './jws';
import { didKeyFor } from './keys';
import type { CheckResult, VerifyEnv } from './types';

type Doc = Record<string, unknown>;

const utf8 = (s: string) => new TextEncoder().encode(s);
const b64url = (s: string | Uint8Array) => Buffer.from(s).toString('base64url');

const env: VerifyEnv = {
  fetcher: createFetcher({ offline: true, allowPrivateNetwork: false }),
  now: () => new Date('2026-01-01T00:00:00Z'),
  identities: [],
};

type Signer = {
  did: string;
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  alg: string;
};

function didKeySigner(): Signer {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const { did, verificationMethod } = didKeyFor(publicKey);
  return { did, kid: verificationMethod, privateKey, publicKey, alg: 'EdDSA' };
}

function didJwkSigner(): Signer {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  const did = `did:jwk:${b64url(JSON.stringify(jwk))}`;
  return { did, kid: `${did}#0`, privateKey, publicKey, alg: 'ES256' };
}

const NBF = Date.UTC(2024, 4, 1, 12) / 1000;
const EXP = Date.UTC(2030, 0, 1) / 1000;
const iso = (s: number) => new Date(s * 1000).toISOString().replace('.000Z', 'Z');
const SUBJECT = 'did:example:learner-7';
const JTI = 'urn:uuid:6e0b3f2e-52e8-4c4b-9d6e-3b1f1c0b2a11';

/** A VC 1.1 VC-JWT payload: the credential in `vc`, mirrored by the registered claims. */
function vc11(issuer: string, over: { claims?: Doc; vc?: Doc } = {}): Doc {
  return {
    iss: issuer,
    jti: JTI,
    sub: SUBJECT,
    nbf: NBF,
    exp: EXP,
    vc: {
      '@context': ['https://www.w3.org/2018/credentials/v1'],
      id: JTI,
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer,
      issuanceDate: iso(NBF),
      expirationDate: iso(EXP),
      credentialSubject: { id: SUBJECT, achievement: { name: 'Data Analysis' } },
      ...over.vc,
    },
    ...over.claims,
  };
}

/** A VC 2.0 `vc+jwt` payload: the credential itself. */
function vc20(issuer: string, over: Doc = {}): Doc {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: JTI,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: issuer, name: 'Test University' },
    validFrom: iso(NBF),
    credentialSubject: { id: SUBJECT, achievement: { name: 'Data Analysis' } },
    ...over,
  };
}

async function sign(payload: Doc, s: Signer, header: Doc = {}): Promise<string> {
  return new CompactSign(utf8(JSON.stringify(payload)))
    .setProtectedHeader({ alg: s.alg, kid: s.kid, typ: 'JWT', ...header })
    .sign(s.privateKey);
}

function check(checks: CheckResult[], id: string): CheckResult {
  const found = checks.find((c) => c.id === id);
  if (!found) throw new Error(`no "${id}" check in ${JSON.stringify(checks)}`);
  return found;
}

function expectInvalidProof(checks: CheckResult[], text?: string): void {
  expect(check(checks, 'proof')).toMatchObject({ status: 'fail', implies: 'invalid' });
  if (text) expect(check(checks, 'proof').message).toContain(text);
  expect(checks.some((c) => c.establishesIntegrity)).toBe(false);
}

describe('verifyVcJwt', () => {
  it('verifies a VC 1.1 token signed with a did:key key of its issuer', async () => {
    const s = didKeySigner();
    const checks = await verifyVcJwt(await sign(vc11(s.did), s), env);
    expect(check(checks, 'proof')).toMatchObject({ status: 'pass', establishesIntegrity: true });
    expect(check(checks, 'proof').message).toContain('EdDSA');
    expect(check(checks, 'issuer')).toMatchObject({ status: 'pass' });
    expect(checks.filter((c) => c.status === 'fail')).toEqual([]);
  });

  it('verifies a VC 2.0 vc+jwt signed with a did:jwk key (ES256)', async () => {
    const s = didJwkSigner();
    const checks = await verifyVcJwt(await sign(vc20(s.did), s, { typ: 'vc+jwt' }), env);
    expect(check(checks, 'proof')).toMatchObject({ status: 'pass', establishesIntegrity: true });
    expect(check(checks, 'issuer').status).toBe('pass');
  });

  it('resolves a relative kid against the issuer, and a missing kid through the issuer DID', async () => {
    const s = didKeySigner();
    const fragment = s.kid.slice(s.kid.indexOf('#'));
    const relative = await verifyVcJwt(await sign(vc11(s.did), s, { kid: fragment }), env);
    expect(check(relative, 'proof')).toMatchObject({ status: 'pass', establishesIntegrity: true });
    const none = await verifyVcJwt(await sign(vc11(s.did), s, { kid: undefined }), env);
    expect(check(none, 'proof')).toMatchObject({ status: 'pass', establishesIntegrity: true });
  });

  it('fails as invalid when one byte of the payload is changed', async () => {
    const s = didKeySigner();
    const [h, p, sig] = (await sign(vc11(s.did), s)).split('.') as [string, string, string];
    const json = Buffer.from(p, 'base64url')
      .toString('utf8')
      .replace('Data Analysis', 'Data Analysiz');
    const checks = await verifyVcJwt(`${h}.${b64url(json)}.${sig}`, env);
    expectInvalidProof(checks, 'does not match');
  });

  it('fails as invalid when signed with another key than the one its kid names', async () => {
    const s = didKeySigner();
    const impostor = didKeySigner();
    const checks = await verifyVcJwt(await sign(vc11(s.did), { ...impostor, kid: s.kid }), env);
    expectInvalidProof(checks, 'does not match');
  });

  it("fails as invalid when the key is not the issuer's", async () => {
    const issuer = didKeySigner();
    const stranger = didKeySigner();
    const checks = await verifyVcJwt(await sign(vc11(issuer.did), stranger), env);
    expect(check(checks, 'proof').status).toBe('pass');
    expect(check(checks, 'issuer')).toMatchObject({ status: 'fail', implies: 'invalid' });
    expect(check(checks, 'issuer').message).toContain('not bound to the issuer');
    expect(checks.some((c) => c.establishesIntegrity)).toBe(false);
  });

  it('refuses alg "none"', async () => {
    const s = didKeySigner();
    const token = `${b64url(JSON.stringify({ alg: 'none', kid: s.kid }))}.${b64url(JSON.stringify(vc11(s.did)))}.`;
    const checks = await verifyVcJwt(token, env);
    expectInvalidProof(checks, '"none"');
    expect(checks).toHaveLength(1);
  });

  it('refuses HS256 signed with the issuer public key as the HMAC secret', async () => {
    const s = didKeySigner();
    const raw = s.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
    const pem = utf8(s.publicKey.export({ format: 'pem', type: 'spki' }) as string);
    for (const secret of [new Uint8Array(raw), pem]) {
      const token = await new CompactSign(utf8(JSON.stringify(vc11(s.did))))
        .setProtectedHeader({ alg: 'HS256', kid: s.kid })
        .sign(secret);
      const checks = await verifyVcJwt(token, env);
      expectInvalidProof(checks, 'HS256');
    }
    // Even handed the very bytes as a "key", the JWS layer refuses HMAC outright.
    const hs = await new CompactSign(utf8('{}')).setProtectedHeader({ alg: 'HS256' }).sign(pem);
    const outcome = await verifyCompactJws(hs, s.publicKey);
    expect(outcome.ok).toBe(false);
    expect(ALLOWED_JWS_ALGS.some((a) => a.startsWith('HS') || a === 'none')).toBe(false);
  });

  it.each([
    ['iss', { claims: { iss: 'did:example:someone-else' } }],
    ['jti', { claims: { jti: 'urn:uuid:00000000-0000-4000-8000-000000000000' } }],
    ['sub', { claims: { sub: 'did:example:another-learner' } }],
    ['nbf', { claims: { nbf: NBF + 86_400 } }],
    ['exp', { claims: { exp: EXP + 86_400 } }],
  ] as const)(
    'fails as invalid when the "%s" claim disagrees with the credential',
    async (claim, over) => {
      const s = didKeySigner();
      const checks = await verifyVcJwt(await sign(vc11(s.did, over), s), env);
      expectInvalidProof(checks, `"${claim}"`);
    },
  );

  it('checks the claims of a VC 2.0 token against validFrom/validUntil', async () => {
    const s = didKeySigner();
    const payload = { ...vc20(s.did, { validUntil: iso(EXP) }), nbf: NBF, exp: EXP - 60 };
    const checks = await verifyVcJwt(await sign(payload, s), env);
    expectInvalidProof(checks, 'validUntil');
  });

  it('leaves an expired token to the validity check: the proof still passes', async () => {
    const s = didKeySigner();
    const past = Date.UTC(2020, 0, 1) / 1000;
    const expired = vc11(s.did, { claims: { exp: past }, vc: { expirationDate: iso(past) } });
    const checks = await verifyVcJwt(await sign(expired, s), env);
    expect(check(checks, 'proof')).toMatchObject({ status: 'pass', establishesIntegrity: true });
    expect(checks.some((c) => c.implies !== undefined)).toBe(false);
  });

  it('warns on the issuer when the key is carried inside the token', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const s: Signer = { did: 'did:example:issuer', kid: '', privateKey, publicKey, alg: 'EdDSA' };
    const token = await sign(vc11('did:example:issuer'), s, {
      kid: undefined,
      jwk: publicKey.export({ format: 'jwk' }),
    });
    const checks = await verifyVcJwt(token, env);
    expect(check(checks, 'proof').status).toBe('pass');
    expect(check(checks, 'issuer')).toMatchObject({ status: 'warn' });
    expect(check(checks, 'issuer').message).toContain(
      'the signing key is carried inside the token and is not bound to the issuer',
    );
    // Integrity alone is not enough to call it verified.
    expect(checks.some((c) => c.establishesIntegrity)).toBe(false);

    const other = generateKeyPairSync('ed25519');
    const lying = await sign(vc11('did:example:issuer'), s, {
      kid: undefined,
      jwk: other.publicKey.export({ format: 'jwk' }),
    });
    expectInvalidProof(await verifyVcJwt(lying, env), 'does not match');
  });

  it('binds a key carried inside the token when the issuer DID lists that very key', async () => {
    for (const s of [didKeySigner(), didJwkSigner()]) {
      const token = await sign(vc11(s.did), s, {
        kid: undefined,
        jwk: s.publicKey.export({ format: 'jwk' }),
      });
      const checks = await verifyVcJwt(token, env);
      expect(check(checks, 'proof')).toMatchObject({ status: 'pass', establishesIntegrity: true });
      expect(check(checks, 'issuer').status).toBe('pass');
    }
    // The issuer's DID lists another key: the embedded one stays unbound.
    const issuer = didKeySigner();
    const stranger = didKeySigner();
    const token = await sign(vc11(issuer.did), stranger, {
      kid: undefined,
      jwk: stranger.publicKey.export({ format: 'jwk' }),
    });
    const checks = await verifyVcJwt(token, env);
    expect(check(checks, 'issuer').status).toBe('warn');
    expect(checks.some((c) => c.establishesIntegrity)).toBe(false);
  });

  it('refuses an algorithm that does not fit the key', async () => {
    const s = didKeySigner();
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const token = await new CompactSign(utf8(JSON.stringify(vc11(s.did))))
      .setProtectedHeader({ alg: 'RS256', kid: s.kid })
      .sign(rsa.privateKey);
    expectInvalidProof(await verifyVcJwt(token, env));
  });

  it('verifies a did:web issuer whose DID document is served over https', async () => {
    const s = didKeySigner();
    const routes: TestRoutes = {};
    const server = await startTestServer(routes, { https: true });
    try {
      const did = `did:web:127.0.0.1%3A${server.port}:issuers:u1`;
      routes['/issuers/u1/did.json'] = {
        headers: { 'content-type': 'application/did+json' },
        body: JSON.stringify({
          '@context': ['https://www.w3.org/ns/did/v1'],
          id: did,
          verificationMethod: [
            {
              id: `${did}#key-1`,
              type: 'JsonWebKey2020',
              controller: did,
              publicKeyJwk: s.publicKey.export({ format: 'jwk' }),
            },
          ],
          assertionMethod: [`${did}#key-1`],
        }),
      };
      const online: VerifyEnv = {
        ...env,
        fetcher: createFetcher({
          offline: false,
          allowPrivateNetwork: true,
          ca: [server.ca ?? ''],
          now: () => new Date('2025-12-31T08:00:00Z'),
        }),
      };
      const checks = await verifyVcJwt(
        await sign(vc11(did), { ...s, kid: `${did}#key-1` }),
        online,
      );
      expect(check(checks, 'proof')).toMatchObject({ status: 'pass', establishesIntegrity: true });
      expect(check(checks, 'proof').message).toContain('as of 2025-12-31T08:00:00.000Z');
      expect(check(checks, 'issuer').status).toBe('pass');
      expect(server.hits).toEqual(['/issuers/u1/did.json']);

      // A key the document does not list is not the issuer's.
      const missing = await verifyVcJwt(
        await sign(vc11(did), { ...s, kid: `${did}#key-9` }),
        online,
      );
      expect(check(missing, 'proof')).toMatchObject({ status: 'fail', implies: 'invalid' });
    } finally {
      await server.close();
    }
  });

  it('skips (offline) a did:web key, and a kid it cannot look up', async () => {
    const s = didKeySigner();
    const web = await verifyVcJwt(
      await sign(vc11('did:web:issuer.example'), s, { kid: 'did:web:issuer.example#key-1' }),
      env,
    );
    expect(check(web, 'proof')).toMatchObject({ status: 'skip' });
    expect(check(web, 'proof').message).toMatch(/offline/);
    expect(web.some((c) => c.implies)).toBe(false);

    const opaque = await verifyVcJwt(
      await sign(vc11('https://issuer.example'), s, { kid: 'key-2024' }),
      env,
    );
    expect(check(opaque, 'proof').status).toBe('skip');
  });

  it('fails as invalid on a token that is not a JWS', async () => {
    expectInvalidProof(await verifyVcJwt('eyJhbGciOiJFZERTQSJ9.bm90IGpzb24.c2ln', env));
  });
});

describe('claimDisagreements', () => {
  it('treats a missing claim or property as agreement and compares dates to the second', () => {
    const cred = { issuer: 'did:x', validFrom: '2024-05-01T12:00:00.750Z' };
    expect(claimDisagreements({ nbf: Date.UTC(2024, 4, 1, 12) / 1000 }, cred)).toEqual([]);
    expect(claimDisagreements({}, cred)).toEqual([]);
    expect(claimDisagreements({ iss: 'did:x', jti: 'urn:a' }, cred)).toEqual([]);
    expect(claimDisagreements({ nbf: '2024-05-01' }, cred)).toEqual([
      expect.stringContaining('"nbf" is not a date in seconds'),
    ]);
  });

  it('accepts a sub matching any of several subjects', () => {
    const cred = { credentialSubject: [{ id: 'did:a' }, { id: 'did:b' }] };
    expect(claimDisagreements({ sub: 'did:b' }, cred)).toEqual([]);
    expect(claimDisagreements({ sub: 'did:c' }, cred)).toHaveLength(1);
  });
});
