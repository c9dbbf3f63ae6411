// Data Integrity on credentials signed here with keys made here: what a user sees for valid, forged, unbound and unsafe ones.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/helpers/http-server';
import { AppError } from '../shared/errors';
import {
  hasDataIntegrityProof,
  signDataIntegrity,
  verifyDataIntegrity,
  type DataIntegritySuite,
} from './data-integrity';
import { createFetcher } from './fetcher';
import { didKeyFor, multikeyFromPublicKey } from './keys';
import type { CheckResult, FetchCache, VerifyEnv } from './types';

type Doc = Record<string, unknown>;

const VC1 = 'https://www.w3.org/2018/credentials/v1';
const VC2 = 'https://www.w3.org/ns/credentials/v2';
const OB3 = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
const DI2 = 'https://w3id.org/security/data-integrity/v2';
const ED2020 = 'https://w3id.org/security/suites/ed25519-2020/v1';
const NOW = new Date('2026-03-01T12:00:00Z');
const CREATED = '2024-05-01T10:00:00Z';

type Signer = {
  publicKey: KeyObject;
  privateKey: KeyObject;
  did: string;
  verificationMethod: string;
};

function signer(): Signer {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { publicKey, privateKey, ...didKeyFor(publicKey) };
}

/** An Open Badges 3.0 achievement credential, as a small college would issue it. */
function badge(issuer: string, contexts: string[]): Doc {
  return {
    '@context': contexts,
    id: 'urn:uuid:6f1d1f5e-96a2-4b0b-9d2c-3f4b1c0e7a11',
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: issuer, type: ['Profile'], name: 'Northside Community College' },
    ...(contexts[0] === VC1
      ? { issuanceDate: '2024-05-01T00:00:00Z' }
      : { validFrom: '2024-05-01T00:00:00Z' }),
    name: 'Welding 101',
    credentialSubject: {
      id: 'did:example:learner-42',
      type: ['AchievementSubject'],
      achievement: {
        id: 'https://northside.example/achievements/welding-101',
        type: ['Achievement'],
        name: 'Welding 101',
        description: 'Safe MIG welding of mild steel.',
        criteria: { narrative: 'Passed the practical assessment.' },
      },
    },
  };
}

const SUITES: { suite: DataIntegritySuite; contexts: string[] }[] = [
  { suite: 'eddsa-rdfc-2022', contexts: [VC2, OB3] },
  { suite: 'eddsa-jcs-2022', contexts: [VC2, OB3] },
  { suite: 'Ed25519Signature2020', contexts: [VC2, OB3, ED2020] },
  { suite: 'Ed25519Signature2018', contexts: [VC1, OB3] }, // VC 1.1's context defines the 2018 suite
];

function offlineEnv(cache?: FetchCache): VerifyEnv {
  return {
    fetcher: createFetcher({ offline: true, allowPrivateNetwork: false }),
    now: () => NOW,
    identities: [],
    ...(cache ? { cache } : {}),
  };
}

function onlineEnv(server: TestServer, cache?: FetchCache, allowPrivateNetwork = true): VerifyEnv {
  return {
    fetcher: createFetcher({
      offline: false,
      allowPrivateNetwork,
      ca: server.ca ? [server.ca] : [],
      now: () => NOW,
    }),
    now: () => NOW,
    identities: [],
    ...(cache ? { cache } : {}),
  };
}

function memoryCache(): FetchCache {
  const entries = new Map<
    string,
    { bytes: Uint8Array; mediaType: string | null; fetchedAt: string }
  >();
  return { get: (url) => entries.get(url) ?? null, put: (url, e) => void entries.set(url, e) };
}

function check(checks: CheckResult[], id: string): CheckResult {
  const found = checks.find((c) => c.id === id);
  if (!found) throw new Error(`no ${id} check in ${JSON.stringify(checks)}`);
  return found;
}

function expectVerified(checks: CheckResult[]): void {
  expect(check(checks, 'proof')).toMatchObject({ status: 'pass', establishesIntegrity: true });
  expect(check(checks, 'issuer')).toMatchObject({ status: 'pass' });
  expect(checks.some((c) => c.implies !== undefined)).toBe(false);
}

function expectProofFails(checks: CheckResult[], message: RegExp | string): void {
  const proof = check(checks, 'proof');
  expect(proof).toMatchObject({ status: 'fail', implies: 'invalid' });
  expect(proof.message).toMatch(message);
  expect(checks.some((c) => c.establishesIntegrity)).toBe(false);
}

function expectUnverified(checks: CheckResult[], message: RegExp | string): void {
  const proof = check(checks, 'proof');
  expect(proof.status).toBe('skip');
  expect(proof.message).toMatch(message);
  expect(checks.some((c) => c.status === 'fail' || c.establishesIntegrity || c.implies)).toBe(
    false,
  );
}

async function sign(
  doc: Doc,
  s: Signer,
  suite: DataIntegritySuite,
  extra: Partial<Parameters<typeof signDataIntegrity>[1]> = {},
): Promise<Doc> {
  return signDataIntegrity(doc, {
    suite,
    privateKey: s.privateKey,
    verificationMethod: s.verificationMethod,
    created: CREATED,
    ...extra,
  });
}

function achievementOf(doc: Doc): Doc {
  return (doc.credentialSubject as Doc).achievement as Doc;
}

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe.each(SUITES)('$suite', ({ suite, contexts }) => {
  it('a credential signed by its issuer verifies, naming the suite and the key', async () => {
    const issuer = signer();
    const vc = await sign(badge(issuer.did, contexts), issuer, suite);
    expect(hasDataIntegrityProof(vc)).toBe(true);
    const checks = await verifyDataIntegrity(vc, offlineEnv());
    expectVerified(checks);
    expect(check(checks, 'proof').message).toContain(suite);
    expect(check(checks, 'proof').message).toContain(issuer.verificationMethod);
    expect(check(checks, 'issuer').message).toContain(issuer.did);
  });

  it('one byte changed in a claim → invalid', async () => {
    const issuer = signer();
    const vc = await sign(badge(issuer.did, contexts), issuer, suite);
    const tampered = structuredClone(vc);
    achievementOf(tampered).name = 'Welding 102';
    expectProofFails(
      await verifyDataIntegrity(tampered, offlineEnv()),
      /does not match the credential/,
    );
  });

  it('signed by another key than the one it names → invalid', async () => {
    const issuer = signer();
    const forger = signer();
    const vc = await sign(badge(issuer.did, contexts), forger, suite, {
      verificationMethod: issuer.verificationMethod,
    });
    expectProofFails(await verifyDataIntegrity(vc, offlineEnv()), /does not match/);
  });

  it('a valid signature by a key that is not the issuer’s → invalid (key not bound to the issuer)', async () => {
    const issuer = signer();
    const stranger = signer();
    const vc = await sign(badge(issuer.did, contexts), stranger, suite);
    const checks = await verifyDataIntegrity(vc, offlineEnv());
    expect(check(checks, 'proof').status).toBe('pass');
    const iss = check(checks, 'issuer');
    expect(iss).toMatchObject({ status: 'fail', implies: 'invalid' });
    expect(iss.message).toContain('key not bound to the issuer');
    expect(iss.message).toContain(stranger.did);
  });

  it('a proof made for another purpose (authentication) does not vouch for a credential', async () => {
    const issuer = signer();
    const vc = await sign(badge(issuer.did, contexts), issuer, suite, {
      proofPurpose: 'authentication',
    });
    expectProofFails(
      await verifyDataIntegrity(vc, offlineEnv()),
      /is for "authentication", not for "assertionMethod"/,
    );
  });

  it('a context URL Skillfolio does not ship fails the proof, naming the URL, and is never fetched', async () => {
    server = await startTestServer({
      '/ctx.jsonld': { body: '{"@context":{"@vocab":"https://evil.example/#"}}' },
    });
    const issuer = signer();
    const vc = await sign(badge(issuer.did, contexts), issuer, suite);
    const url = `${server.url}/ctx.jsonld`;
    const withRemote = { ...vc, '@context': [...contexts, url] };
    const checks = await verifyDataIntegrity(withRemote, onlineEnv(server));
    expectProofFails(checks, url);
    expect(check(checks, 'proof').message).toContain('never fetches contexts');
    expect(server.hits).toEqual([]);
  });

  it('verifying leaves the credential untouched', async () => {
    const issuer = signer();
    const vc = await sign(badge(issuer.did, contexts), issuer, suite);
    const before = JSON.stringify(vc);
    await verifyDataIntegrity(vc, offlineEnv());
    expect(JSON.stringify(vc)).toBe(before);
  });
});

describe('JSON-LD safe mode', () => {
  // The attack safe mode stops: a claim whose term no context defines is dropped by JSON-LD, so a
  // lax verifier would accept it as signed although the signature never covered it.
  it.each([
    ['eddsa-rdfc-2022', [VC1, DI2]],
    ['Ed25519Signature2020', [VC1, ED2020]],
    ['Ed25519Signature2018', [VC1]],
  ] as const)(
    '%s: a claim added under an undefined term → invalid, naming the term',
    async (suite, contexts) => {
      const issuer = signer();
      const vc = await sign(
        {
          '@context': [...contexts],
          type: ['VerifiableCredential'],
          issuer: issuer.did,
          issuanceDate: '2024-05-01T00:00:00Z',
          credentialSubject: { id: 'did:example:learner-42' },
        },
        issuer,
        suite,
      );
      expectVerified(await verifyDataIntegrity(vc, offlineEnv()));
      const padded = structuredClone(vc);
      (padded.credentialSubject as Doc).honoursDegree = 'First class';
      expectProofFails(
        await verifyDataIntegrity(padded, offlineEnv()),
        /"honoursDegree", which its JSON-LD contexts do not define/,
      );
    },
  );

  it('signing refuses a document whose terms its contexts do not define', async () => {
    const issuer = signer();
    const doc = {
      '@context': [VC1, DI2],
      type: ['VerifiableCredential'],
      issuer: issuer.did,
      colour: 'red',
    };
    await expect(sign(doc, issuer, 'eddsa-rdfc-2022')).rejects.toMatchObject({
      code: 'bad-input',
      message: expect.stringContaining('"colour"'),
    });
  });

  it('Ed25519Signature2020 on a credential without the suite’s context cannot be signed', async () => {
    const issuer = signer();
    await expect(
      sign(badge(issuer.did, [VC1, OB3]), issuer, 'Ed25519Signature2020'),
    ).rejects.toBeInstanceOf(AppError);
  });

  it('a poisoned blank-node graph fails quickly instead of hanging', async () => {
    const issuer = signer();
    const n = 24;
    const nodes = Array.from({ length: n }, (_, i) => ({
      '@id': `_:n${i}`,
      link: Array.from({ length: n }, (_, j) => ({ '@id': `_:n${j}` })).filter((_, j) => j !== i),
    }));
    const vc: Doc = {
      '@context': [VC2, 'https://www.w3.org/ns/credentials/examples/v2'],
      type: ['VerifiableCredential'],
      issuer: issuer.did,
      credentialSubject: { id: 'did:example:x', node: nodes },
      proof: {
        type: 'DataIntegrityProof',
        cryptosuite: 'eddsa-rdfc-2022',
        created: CREATED,
        verificationMethod: issuer.verificationMethod,
        proofPurpose: 'assertionMethod',
        proofValue:
          'z5C5b8PuJ9zF3VMsDZyRYbZJ2NehkPYyr6pLWsmfmbtTzR1SyPTV3wYUH6nQ9z6MEpsvQNhC6tTKfHqjzTYp7yd3B',
      },
    };
    const started = Date.now();
    expectProofFails(await verifyDataIntegrity(vc, offlineEnv()), /could not be canonicalised/);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('proof sets and chains', () => {
  it('two proofs by the issuer (a set) both verify', async () => {
    const issuer = signer();
    const doc = badge(issuer.did, [VC2, OB3, ED2020]);
    const vc = await sign(
      await sign(doc, issuer, 'eddsa-rdfc-2022'),
      issuer,
      'Ed25519Signature2020',
    );
    expect(Array.isArray(vc.proof)).toBe(true);
    const checks = await verifyDataIntegrity(vc, offlineEnv());
    expectVerified(checks);
    expect(check(checks, 'proof').message).toMatch(
      /^Signatures verified: eddsa-rdfc-2022 .*; Ed25519Signature2020 /,
    );
  });

  it('one bad proof in a set makes the credential invalid', async () => {
    const issuer = signer();
    const other = signer();
    const doc = badge(issuer.did, [VC2, OB3]);
    const vc = await sign(await sign(doc, issuer, 'eddsa-rdfc-2022'), issuer, 'eddsa-jcs-2022');
    const proofs = vc.proof as Doc[];
    const forged = await sign(doc, other, 'eddsa-jcs-2022');
    proofs[1] = { ...(forged.proof as Doc), verificationMethod: issuer.verificationMethod };
    expectProofFails(
      await verifyDataIntegrity(vc, offlineEnv()),
      /^1 of 2 proofs failed\. The eddsa-jcs-2022 signature/,
    );
  });

  it('a chain (previousProof) verifies, and breaks when the proof it builds on is removed', async () => {
    const issuer = signer();
    const notary = signer();
    const first = await sign(badge(issuer.did, [VC2, OB3]), issuer, 'eddsa-rdfc-2022', {
      id: 'urn:uuid:proof-1',
    });
    const chained = await sign(first, notary, 'eddsa-rdfc-2022', {
      previousProof: 'urn:uuid:proof-1',
    });
    const checks = await verifyDataIntegrity(chained, offlineEnv());
    expectVerified(checks); // the issuer signed; the notary's proof endorses the issuer's
    const [p1, p2] = chained.proof as Doc[];
    expect(p2?.previousProof).toBe('urn:uuid:proof-1');

    // The second proof covered the first: altering the first breaks the chain even though the first is re-signed.
    const resigned = await sign(badge(issuer.did, [VC2, OB3]), issuer, 'eddsa-rdfc-2022', {
      id: 'urn:uuid:proof-1',
      created: '2025-01-01T00:00:00Z',
    });
    const swapped = { ...chained, proof: [resigned.proof, p2] };
    expectProofFails(await verifyDataIntegrity(swapped, offlineEnv()), /does not match/);

    const orphan = { ...chained, proof: [p2] };
    expectProofFails(
      await verifyDataIntegrity(orphan, offlineEnv()),
      /builds on a proof \(urn:uuid:proof-1\) that is not there/,
    );
    expect(p1?.id).toBe('urn:uuid:proof-1');
  });
});

describe('did:web issuers', () => {
  async function didWebIssuer(relationships: Record<string, unknown> | null = null) {
    const keys = signer();
    let doc: unknown = null;
    server = await startTestServer(
      {
        '/.well-known/did.json': (_q, r) => {
          r.writeHead(200, { 'content-type': 'application/did+json' });
          r.end(JSON.stringify(doc));
        },
      },
      { https: true },
    );
    const did = `did:web:127.0.0.1%3A${server.port}`;
    const vm = `${did}#key-1`;
    doc = {
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
      id: did,
      verificationMethod: [
        {
          id: vm,
          type: 'Multikey',
          controller: did,
          publicKeyMultibase: multikeyFromPublicKey(keys.publicKey),
        },
      ],
      ...(relationships ?? { assertionMethod: [vm] }),
    };
    return { ...keys, did, verificationMethod: vm, server };
  }

  it('verifies through the local server, and says when its DID document was fetched', async () => {
    const issuer = await didWebIssuer();
    const vc = await sign(badge(issuer.did, [VC2, OB3]), issuer, 'eddsa-rdfc-2022');
    const cache = memoryCache();
    const checks = await verifyDataIntegrity(vc, onlineEnv(issuer.server, cache));
    expectVerified(checks);
    expect(check(checks, 'proof').message).toContain(`as of ${NOW.toISOString()}`);
    expect(issuer.server.hits).toEqual(['/.well-known/did.json']);

    // Later, offline: the cached DID document still verifies it, "as of" the fetch.
    const later = await verifyDataIntegrity(vc, offlineEnv(cache));
    expectVerified(later);
    expect(check(later, 'issuer').message).toContain(`as of ${NOW.toISOString()}`);
  });

  it('offline with nothing cached → not checked (unverified), saying offline', async () => {
    const issuer = await didWebIssuer();
    const withCtx = await sign(
      badge(issuer.did, [VC2, OB3, ED2020]),
      issuer,
      'Ed25519Signature2020',
    );
    const checks = await verifyDataIntegrity(withCtx, offlineEnv());
    expectUnverified(checks, /offline: could not fetch the did:web document/);
    expect(check(checks, 'issuer').status).toBe('skip');
    expect(issuer.server.hits).toEqual([]);
  });

  it('a did:web on a private address is not contacted unless allowed (skip, never a fetch)', async () => {
    const issuer = await didWebIssuer();
    const vc = await sign(badge(issuer.did, [VC2, OB3]), issuer, 'eddsa-rdfc-2022');
    const checks = await verifyDataIntegrity(vc, onlineEnv(issuer.server, undefined, false));
    expectUnverified(checks, /private or local network address/);
    expect(issuer.server.hits).toEqual([]);
  });

  it('a key the DID document lists only for logging in (not assertionMethod) → invalid', async () => {
    const issuer = await didWebIssuer({ authentication: ['#key-1'] });
    const vc = await sign(badge(issuer.did, [VC2, OB3]), issuer, 'eddsa-rdfc-2022');
    const checks = await verifyDataIntegrity(vc, onlineEnv(issuer.server));
    expect(check(checks, 'proof').status).toBe('pass');
    expect(check(checks, 'issuer')).toMatchObject({ status: 'fail', implies: 'invalid' });
    expect(check(checks, 'issuer').message).toContain('does not list the key');
  });

  it('a key missing from the DID document → invalid', async () => {
    const issuer = await didWebIssuer();
    const vc = await sign(badge(issuer.did, [VC2, OB3]), issuer, 'eddsa-rdfc-2022', {
      verificationMethod: `${issuer.did}#key-2`,
    });
    expectProofFails(
      await verifyDataIntegrity(vc, onlineEnv(issuer.server)),
      /is not in the document/,
    );
  });
});

describe('what cannot be checked', () => {
  it('an unsupported proof suite → not checked (unverified), and says which', async () => {
    const issuer = signer();
    const vc = {
      ...badge(issuer.did, [VC2, OB3]),
      proof: { type: 'RsaSignature2018', proofPurpose: 'assertionMethod', jws: 'x..y' },
    };
    expectUnverified(
      await verifyDataIntegrity(vc, offlineEnv()),
      /RsaSignature2018 proofs are not supported/,
    );
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])(
    'a proof whose suite is named %j is simply not supported',
    async (name) => {
      const issuer = signer();
      const vc = await sign(badge(issuer.did, [VC2, OB3]), issuer, 'eddsa-rdfc-2022');
      const asType = { ...vc, proof: { ...(vc.proof as Doc), type: name } };
      expectUnverified(await verifyDataIntegrity(asType, offlineEnv()), /not supported/);
      const asSuite = { ...vc, proof: { ...(vc.proof as Doc), cryptosuite: name } };
      expectUnverified(await verifyDataIntegrity(asSuite, offlineEnv()), /not supported/);
    },
  );

  it('an unsupported proof beside a valid one: verified, the other one named as not checked', async () => {
    const issuer = signer();
    const vc = await sign(badge(issuer.did, [VC2, OB3]), issuer, 'eddsa-rdfc-2022');
    const withOther = {
      ...vc,
      proof: [vc.proof, { type: 'BbsBlsSignature2020', proofPurpose: 'assertionMethod' }],
    };
    const checks = await verifyDataIntegrity(withOther, offlineEnv());
    expectVerified(checks);
    expect(check(checks, 'proof').message).toContain(
      '1 other proof not checked: Not checked: BbsBlsSignature2020',
    );
  });

  it('a key of a DID method Skillfolio does not resolve → not checked', async () => {
    const issuer = signer();
    const vc = await sign(badge('did:ion:abc', [VC2, OB3]), issuer, 'eddsa-rdfc-2022', {
      verificationMethod: 'did:ion:abc#key-1',
    });
    expectUnverified(await verifyDataIntegrity(vc, offlineEnv()), /cannot look up did:ion/);
  });
});

describe('hostile and broken proofs', () => {
  async function signedProof(
    mutate: (proof: Doc) => void,
    suite: DataIntegritySuite = 'eddsa-rdfc-2022',
  ): Promise<Doc> {
    const issuer = signer();
    const contexts = suite === 'Ed25519Signature2018' ? [VC1, OB3] : [VC2, OB3];
    const vc = await sign(badge(issuer.did, contexts), issuer, suite);
    mutate(vc.proof as Doc);
    return vc;
  }

  it.each<[string, (p: Doc) => void, RegExp]>([
    [
      'proofValue not multibase',
      (p) => void (p.proofValue = 'bm90IGEgc2lnbmF0dXJl'),
      /not a base58btc multibase signature/,
    ],
    ['proofValue missing', (p) => void delete p.proofValue, /has no "proofValue"/],
    ['proofValue of the wrong length', (p) => void (p.proofValue = 'z3yJ'), /does not match/],
    ['no verificationMethod', (p) => void delete p.verificationMethod, /names no key/],
    [
      'a verificationMethod that is junk',
      (p) => void (p.verificationMethod = 'did:key:zzz#zzz'),
      /is not usable/,
    ],
    ['no cryptosuite', (p) => void delete p.cryptosuite, /names no cryptosuite/],
    ['an expired proof', (p) => void (p.expires = '2025-01-01T00:00:00Z'), /proof expired/],
    ['a created date changed', (p) => void (p.created = '2024-05-02T10:00:00Z'), /does not match/],
  ])('%s → invalid', async (_what, mutate, message) => {
    expectProofFails(await verifyDataIntegrity(await signedProof(mutate), offlineEnv()), message);
  });

  it.each<[string, string]>([
    [
      'alg none',
      `${Buffer.from('{"alg":"none","b64":false,"crit":["b64"]}').toString('base64url')}..`,
    ],
    [
      'an attached payload',
      'eyJhbGciOiJFZERTQSIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19.cGF5bG9hZA.c2ln',
    ],
    [
      'HS256',
      `${Buffer.from('{"alg":"HS256","b64":false,"crit":["b64"]}').toString('base64url')}..c2ln`,
    ],
    [
      'b64 not declared critical',
      `${Buffer.from('{"alg":"EdDSA","b64":false}').toString('base64url')}..c2ln`,
    ],
  ])('Ed25519Signature2018 with %s → invalid', async (_what, jws) => {
    const vc = await signedProof((p) => void (p.jws = jws), 'Ed25519Signature2018');
    expectProofFails(await verifyDataIntegrity(vc, offlineEnv()), /JWS/);
  });

  it('a proof that is not an object, or seventeen proofs, are refused', async () => {
    const issuer = signer();
    const vc = await sign(badge(issuer.did, [VC2, OB3]), issuer, 'eddsa-rdfc-2022');
    expectProofFails(
      await verifyDataIntegrity({ ...vc, proof: [vc.proof, 'x'] }, offlineEnv()),
      /not a JSON object/,
    );
    expectProofFails(
      await verifyDataIntegrity({ ...vc, proof: new Array(17).fill(vc.proof) }, offlineEnv()),
      /at most 16/,
    );
    expect(hasDataIntegrityProof({ ...vc, proof: 'x' })).toBe(false);
    expect(hasDataIntegrityProof({ name: 'unsigned' })).toBe(false);
  });

  it('a credential that names no issuer cannot be tied to one', async () => {
    const issuer = signer();
    const doc = badge(issuer.did, [VC2, OB3]);
    delete doc.issuer;
    const checks = await verifyDataIntegrity(
      await sign(doc, issuer, 'eddsa-rdfc-2022'),
      offlineEnv(),
    );
    expect(check(checks, 'issuer')).toMatchObject({ status: 'fail', implies: 'invalid' });
  });

  it('signing needs an Ed25519 private key', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const issuer = signer();
    await expect(
      signDataIntegrity(badge(issuer.did, [VC2, OB3]), {
        suite: 'eddsa-rdfc-2022',
        privateKey,
        verificationMethod: issuer.verificationMethod,
      }),
    ).rejects.toMatchObject({ code: 'bad-input' });
    await expect(
      signDataIntegrity(badge(issuer.did, [VC2, OB3]), {
        suite: 'eddsa-rdfc-2022',
        privateKey: issuer.publicKey,
        verificationMethod: issuer.verificationMethod,
      }),
    ).rejects.toMatchObject({ code: 'bad-input' });
  });
});

describe('presentations', () => {
  it('a holder’s presentation proof (authentication, challenge, domain) verifies only for that challenge', async () => {
    const holder = signer();
    const vp: Doc = { '@context': [VC2], type: ['VerifiablePresentation'], holder: holder.did };
    const signed = await sign(vp, holder, 'eddsa-rdfc-2022', {
      proofPurpose: 'authentication',
      challenge: 'c-123',
      domain: 'https://verifier.example',
    });
    const ok = await verifyDataIntegrity(signed, offlineEnv(), {
      challenge: 'c-123',
      domain: 'https://verifier.example',
    });
    expectVerified(ok);
    expect(check(ok, 'issuer').message).toContain('holder');
    expectProofFails(
      await verifyDataIntegrity(signed, offlineEnv(), { challenge: 'other' }),
      /challenge/,
    );
    expectProofFails(
      await verifyDataIntegrity(signed, offlineEnv(), { domain: 'https://elsewhere.example' }),
      /domain/,
    );
  });
});
