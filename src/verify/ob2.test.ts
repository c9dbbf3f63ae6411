import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { CompactSign } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestRoutes, type TestServer } from '../../test/helpers/http-server';
import { solidPng } from '../../test/helpers/fixtures';
import type { ParsedCredential } from '../core/credential';
import { parseCredential } from '../formats/detect';
import { bakePng } from '../formats/png';
import { createFetcher } from './fetcher';
import { verifyOb2 } from './ob2';
import type { CheckResult, FetchCache, VerifyEnv } from './types';

const OB2 = 'https://w3id.org/openbadges/v2';
const ME = 'ada@example.org';
const SALT = 'deadsea';
const hashed = (identity: string, salt = SALT) =>
  `sha256$${createHash('sha256')
    .update(identity + salt)
    .digest('hex')}`;
const utf8 = (s: string) => new TextEncoder().encode(s);

type Doc = Record<string, unknown>;

let site: TestServer; // the issuer's site
let elsewhere: TestServer; // somebody else's site
const siteRoutes: TestRoutes = {};
const elsewhereRoutes: TestRoutes = {};

beforeAll(async () => {
  site = await startTestServer(siteRoutes);
  elsewhere = await startTestServer(elsewhereRoutes);
});
afterAll(async () => {
  await site.close();
  await elsewhere.close();
});
beforeEach(() => {
  for (const r of [siteRoutes, elsewhereRoutes]) for (const k of Object.keys(r)) delete r[k];
  site.hits.length = 0;
  elsewhere.hits.length = 0;
});

function serve(routes: TestRoutes, path: string, body: unknown, status = 200): void {
  routes[path] = {
    status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  };
}

function env(over: Partial<VerifyEnv> & { offline?: boolean } = {}): VerifyEnv {
  const { offline = false, ...rest } = over;
  return {
    fetcher: createFetcher({ offline, allowPrivateNetwork: true }),
    now: () => new Date('2026-01-01T00:00:00Z'),
    identities: [ME],
    ...rest,
  };
}

function issuer(extra: Doc = {}): Doc {
  return {
    '@context': OB2,
    type: 'Issuer',
    id: `${site.url}/issuer`,
    name: 'Test University',
    url: site.url,
    email: 'badges@test.example',
    ...extra,
  };
}

function badgeClass(extra: Doc = {}): Doc {
  return {
    '@context': OB2,
    type: 'BadgeClass',
    id: `${site.url}/badge`,
    name: 'Data Analysis',
    description: 'Awarded for the data analysis track.',
    image: `${site.url}/badge.png`,
    criteria: { narrative: 'Completed every assignment.' },
    issuer: `${site.url}/issuer`,
    ...extra,
  };
}

function assertion(extra: Doc = {}): Doc {
  return {
    '@context': OB2,
    type: 'Assertion',
    id: `${site.url}/assertions/1`,
    recipient: { type: 'email', hashed: true, salt: SALT, identity: hashed(ME) },
    issuedOn: '2024-05-01T12:00:00Z',
    badge: `${site.url}/badge`,
    verification: { type: 'hosted' },
    ...extra,
  };
}

/** The issuer's site as OB 2.0 hosts it: assertion, badge class and profile at their ids. */
function publish(a: Doc = assertion(), i: Doc = issuer()): void {
  serve(siteRoutes, '/assertions/1', a);
  serve(siteRoutes, '/badge', badgeClass());
  serve(siteRoutes, '/issuer', i);
}

async function parse(doc: Doc | string): Promise<ParsedCredential> {
  const text = typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2);
  return parseCredential(utf8(text), { name: 'badge' });
}

function check(checks: CheckResult[], id: string): CheckResult {
  const found = checks.find((c) => c.id === id);
  if (!found) throw new Error(`no "${id}" check in ${JSON.stringify(checks)}`);
  return found;
}

function failures(checks: CheckResult[]): CheckResult[] {
  return checks.filter((c) => c.status === 'fail');
}

describe('OB 2.0 hosted verification', () => {
  it('passes when the issuer hosts the same assertion on its own site', async () => {
    publish();
    // Our copy has its keys in another order and other whitespace: only the content counts.
    const mine = assertion();
    const reordered = Object.fromEntries(Object.entries(mine).reverse());
    const checks = await verifyOb2(await parse(reordered), env());
    expect(check(checks, 'hosted')).toMatchObject({ status: 'pass', establishesIntegrity: true });
    expect(check(checks, 'issuer')).toMatchObject({ status: 'pass' });
    expect(check(checks, 'issuer').message).toContain(`127.0.0.1:${site.port}`);
    expect(check(checks, 'recipient')).toMatchObject({ status: 'pass' });
    expect(failures(checks)).toEqual([]);
  });

  it('compares an embedded badge class and issuer with the documents at their addresses', async () => {
    publish();
    const embedded = assertion({
      badge: { ...badgeClass({ issuer: issuer() }), '@context': undefined },
    });
    const genuine = await verifyOb2(await parse(embedded), env());
    expect(check(genuine, 'hosted')).toMatchObject({ status: 'pass', establishesIntegrity: true });

    const inflated = assertion({
      badge: { ...badgeClass({ name: 'Doctorate in Physics', issuer: issuer() }) },
    });
    const forged = await verifyOb2(await parse(inflated), env());
    expect(check(forged, 'hosted')).toMatchObject({ status: 'fail', implies: 'invalid' });
    expect(check(forged, 'hosted').message).toContain('"badge.name"');

    const otherIssuer = assertion({
      badge: badgeClass({ issuer: issuer({ name: 'Harvard University' }) }),
    });
    const renamed = await verifyOb2(await parse(otherIssuer), env());
    expect(check(renamed, 'hosted').message).toContain('"badge.issuer.name"');
  });

  it('fails as invalid when our copy differs from the hosted one', async () => {
    publish();
    const checks = await verifyOb2(
      await parse(assertion({ issuedOn: '2023-05-01T12:00:00Z' })),
      env(),
    );
    expect(check(checks, 'hosted')).toMatchObject({ status: 'fail', implies: 'invalid' });
    expect(check(checks, 'hosted').message).toContain('"issuedOn"');
    expect(check(checks, 'hosted').establishesIntegrity).toBeUndefined();

    const extra = await verifyOb2(
      await parse(assertion({ expires: undefined, narrative: 'x' })),
      env(),
    );
    expect(check(extra, 'hosted').message).toContain('"narrative"');
    // Dropping what the issuer says (an expiry) is as much a change as adding to it.
    publish(assertion({ expires: '2030-01-01T00:00:00Z' }));
    const dropped = await verifyOb2(await parse(assertion()), env());
    expect(check(dropped, 'hosted').message).toContain('"expires"');
  });

  it('fails as invalid when the assertion is hosted away from the issuer', async () => {
    // A copy of a genuine-looking assertion, on another site, naming the real issuer's badge.
    const foreign = assertion({ id: `${elsewhere.url}/assertions/1` });
    publish();
    serve(elsewhereRoutes, '/assertions/1', foreign);
    const checks = await verifyOb2(await parse(foreign), env());
    expect(check(checks, 'hosted')).toMatchObject({ status: 'pass' });
    expect(check(checks, 'hosted').establishesIntegrity).toBeFalsy();
    expect(check(checks, 'issuer')).toMatchObject({ status: 'fail', implies: 'invalid' });
    expect(check(checks, 'issuer').message).toContain("is not on the issuer's site");
  });

  it("follows the issuer's verification policy (allowedOrigins, startsWith)", async () => {
    const foreign = assertion({ id: `${elsewhere.url}/assertions/1` });
    serve(elsewhereRoutes, '/assertions/1', foreign);
    publish(
      assertion(),
      issuer({ verification: { allowedOrigins: [`127.0.0.1:${elsewhere.port}`] } }),
    );
    const allowed = await verifyOb2(await parse(foreign), env());
    expect(check(allowed, 'issuer').status).toBe('pass');
    expect(check(allowed, 'hosted')).toMatchObject({ status: 'pass', establishesIntegrity: true });

    publish(assertion(), issuer({ verification: { startsWith: `${site.url}/assertions/` } }));
    const onSite = await verifyOb2(await parse(assertion()), env());
    expect(check(onSite, 'issuer').status).toBe('pass');
    const refused = await verifyOb2(await parse(foreign), env());
    expect(check(refused, 'issuer')).toMatchObject({ status: 'fail', implies: 'invalid' });
  });

  it('fails as invalid when the issuer answers 404', async () => {
    serve(siteRoutes, '/badge', badgeClass());
    serve(siteRoutes, '/issuer', issuer());
    const checks = await verifyOb2(await parse(assertion()), env());
    expect(check(checks, 'hosted')).toMatchObject({ status: 'fail', implies: 'invalid' });
    expect(check(checks, 'hosted').message).toContain('The issuer no longer hosts this badge');
    expect(check(checks, 'recipient').status).toBe('pass');
  });

  it('reports 410 Gone as revoked, and a hosted `revoked: true` with its reason', async () => {
    publish();
    serve(siteRoutes, '/assertions/1', { revoked: true }, 410);
    const gone = await verifyOb2(await parse(assertion()), env());
    expect(check(gone, 'hosted')).toMatchObject({ status: 'fail', implies: 'revoked' });
    expect(check(gone, 'hosted').message).toContain('410 Gone');

    serve(siteRoutes, '/assertions/1', {
      '@context': OB2,
      id: `${site.url}/assertions/1`,
      revoked: true,
      revocationReason: 'Awarded in error',
    });
    const stripped = await verifyOb2(await parse(assertion()), env());
    expect(check(stripped, 'hosted')).toMatchObject({ status: 'fail', implies: 'revoked' });
    expect(check(stripped, 'hosted').message).toContain('Awarded in error');
  });

  it('skips every network check offline and never fails', async () => {
    const embedded = assertion({
      badge: badgeClass({ issuer: issuer({ revocationList: `${site.url}/revoked` }) }),
    });
    const checks = await verifyOb2(await parse(embedded), env({ offline: true }));
    expect(check(checks, 'hosted')).toMatchObject({ status: 'skip' });
    expect(check(checks, 'hosted').message).toMatch(/offline/);
    expect(check(checks, 'status')).toMatchObject({ status: 'skip' });
    expect(check(checks, 'status').message).toMatch(/offline/);
    expect(check(checks, 'recipient').status).toBe('pass');
    expect(failures(checks)).toEqual([]);
    expect(checks.some((c) => c.establishesIntegrity)).toBe(false);
    expect(site.hits).toEqual([]);
  });

  it("checks the issuer's revocation list: listed → revoked with the reason", async () => {
    const i = issuer({ revocationList: `${site.url}/revoked` });
    publish(assertion(), i);
    serve(siteRoutes, '/revoked', {
      '@context': OB2,
      type: 'RevocationList',
      id: `${site.url}/revoked`,
      issuer: `${site.url}/issuer`,
      revokedAssertions: [
        'urn:uuid:00000000-0000-4000-8000-000000000001',
        { id: `${site.url}/assertions/1`, revocationReason: 'Plagiarised final project' },
      ],
    });
    const checks = await verifyOb2(await parse(assertion()), env());
    expect(check(checks, 'status')).toMatchObject({ status: 'fail', implies: 'revoked' });
    expect(check(checks, 'status').message).toContain('Plagiarised final project');
  });

  it("checks the issuer's revocation list: not listed → pass, remembered in the cache", async () => {
    publish(assertion(), issuer({ revocationList: `${site.url}/revoked` }));
    serve(siteRoutes, '/revoked', {
      '@context': OB2,
      type: 'RevocationList',
      revokedAssertions: [{ id: `${site.url}/assertions/2`, revocationReason: 'x' }],
    });
    const stored = new Map<
      string,
      { bytes: Uint8Array; mediaType: string | null; fetchedAt: string }
    >();
    const cache: FetchCache = {
      get: (url) => stored.get(url) ?? null,
      put: (url, entry) => void stored.set(url, entry),
    };
    const checks = await verifyOb2(await parse(assertion()), env({ cache }));
    expect(check(checks, 'status')).toMatchObject({ status: 'pass' });
    expect(check(checks, 'hosted').status).toBe('pass');
    expect([...stored.keys()]).toEqual([`${site.url}/revoked`]);
  });

  it('verifies an OB 1.0 style bake that holds only the address of the hosted assertion', async () => {
    publish();
    const checks = await verifyOb2(
      await parse({ verify: { url: `${site.url}/assertions/1` } }),
      env(),
    );
    expect(check(checks, 'hosted')).toMatchObject({ status: 'pass', establishesIntegrity: true });
    expect(check(checks, 'recipient').status).toBe('pass');
  });

  it('warns (never fails) when the recipient is someone else', async () => {
    publish();
    const checks = await verifyOb2(
      await parse(assertion()),
      env({ identities: ['bob@example.org'] }),
    );
    expect(check(checks, 'recipient')).toMatchObject({ status: 'warn' });
    expect(check(checks, 'recipient').implies).toBeUndefined();
    expect(check(checks, 'hosted').establishesIntegrity).toBe(true);
  });

  it('skips, not fails, when the issuer cannot be reached', async () => {
    const unreachable = assertion({ id: 'http://127.0.0.1:1/assertions/1' });
    const checks = await verifyOb2(await parse(unreachable), env());
    expect(check(checks, 'hosted').status).toBe('skip');
    expect(failures(checks)).toEqual([]);
  });

  it('refuses a private address when "allow private network" is off', async () => {
    publish();
    const strict: VerifyEnv = {
      ...env(),
      fetcher: createFetcher({ offline: false, allowPrivateNetwork: false }),
    };
    const checks = await verifyOb2(await parse(assertion()), strict);
    expect(check(checks, 'hosted').status).toBe('skip');
    expect(check(checks, 'hosted').message).toMatch(/private/);
    expect(site.hits).toEqual([]);
  });

  it('does not treat a badge definition or issuer profile as an award', async () => {
    const checks = await verifyOb2(await parse(badgeClass()), env());
    expect(checks).toEqual([expect.objectContaining({ id: 'proof', status: 'skip' })]);
    expect(site.hits).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

const rsa = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
const issuerKeys = rsa();
const strangerKeys = rsa();
const pem = (k: KeyObject) => k.export({ type: 'spki', format: 'pem' }) as string;

function cryptographicKey(extra: Doc = {}): Doc {
  return {
    '@context': OB2,
    type: 'CryptographicKey',
    id: `${site.url}/key`,
    owner: `${site.url}/issuer`,
    publicKeyPem: pem(issuerKeys.publicKey),
    ...extra,
  };
}

function signedAssertion(extra: Doc = {}): Doc {
  return assertion({
    id: 'urn:uuid:2f4f1f7e-9a0b-4c57-8d1e-0f8a4b2c7d11',
    verification: { type: 'SignedBadge', creator: `${site.url}/key` },
    ...extra,
  });
}

async function sign(
  payload: Doc,
  key: KeyObject = issuerKeys.privateKey,
  alg = 'RS256',
): Promise<string> {
  return new CompactSign(utf8(JSON.stringify(payload))).setProtectedHeader({ alg }).sign(key);
}

function publishSigned(
  i: Doc = issuer({ publicKey: `${site.url}/key` }),
  key: Doc = cryptographicKey(),
): void {
  serve(siteRoutes, '/badge', badgeClass());
  serve(siteRoutes, '/issuer', i);
  serve(siteRoutes, '/key', key);
}

describe('OB 2.0 signed verification', () => {
  it("passes with the key listed in the issuer's profile", async () => {
    publishSigned();
    const checks = await verifyOb2(await parse(await sign(signedAssertion())), env());
    expect(check(checks, 'proof')).toMatchObject({ status: 'pass', establishesIntegrity: true });
    expect(check(checks, 'issuer')).toMatchObject({ status: 'pass' });
    expect(check(checks, 'recipient').status).toBe('pass');
    expect(checks.some((c) => c.id === 'hosted')).toBe(false);
  });

  it('reads the token out of a baked PNG', async () => {
    publishSigned();
    const png = bakePng(solidPng(), 'openbadges', await sign(signedAssertion()));
    const parsed = await parseCredential(png, { name: 'badge.png' });
    const checks = await verifyOb2(parsed, env());
    expect(check(checks, 'proof')).toMatchObject({ status: 'pass', establishesIntegrity: true });
  });

  it("fails as invalid when the key is not listed in the issuer's profile", async () => {
    publishSigned(issuer({ publicKey: [`${site.url}/other-key`] }));
    const checks = await verifyOb2(await parse(await sign(signedAssertion())), env());
    expect(check(checks, 'proof').status).toBe('pass');
    expect(check(checks, 'proof').establishesIntegrity).toBeFalsy();
    expect(check(checks, 'issuer')).toMatchObject({ status: 'fail', implies: 'invalid' });
    expect(check(checks, 'issuer').message).toContain('not listed');
  });

  it('fails as invalid when the key says it belongs to someone else', async () => {
    publishSigned(undefined, cryptographicKey({ owner: `${elsewhere.url}/issuer` }));
    const checks = await verifyOb2(await parse(await sign(signedAssertion())), env());
    expect(check(checks, 'issuer')).toMatchObject({ status: 'fail', implies: 'invalid' });
  });

  it("refuses a key served elsewhere under the id of the issuer's listed key", async () => {
    publishSigned();
    // The forger signs with their own key and serves it from their site, claiming the issuer's key id.
    serve(elsewhereRoutes, '/key', cryptographicKey({ publicKeyPem: pem(strangerKeys.publicKey) }));
    const forged = signedAssertion({
      verification: { type: 'SignedBadge', creator: `${elsewhere.url}/key` },
    });
    const checks = await verifyOb2(await parse(await sign(forged, strangerKeys.privateKey)), env());
    expect(check(checks, 'proof')).toMatchObject({ status: 'fail', implies: 'invalid' });
    expect(check(checks, 'proof').message).toContain(`says it is the key ${site.url}/key`);

    // Served honestly under its own id, it is simply not the issuer's key.
    serve(
      elsewhereRoutes,
      '/key',
      cryptographicKey({ id: `${elsewhere.url}/key`, publicKeyPem: pem(strangerKeys.publicKey) }),
    );
    const honest = await verifyOb2(await parse(await sign(forged, strangerKeys.privateKey)), env());
    expect(check(honest, 'proof').status).toBe('pass');
    expect(check(honest, 'issuer')).toMatchObject({ status: 'fail', implies: 'invalid' });
  });

  it('does not trust an issuer profile that names another address than its own', async () => {
    publishSigned();
    serve(
      siteRoutes,
      '/issuer',
      issuer({ id: 'https://university.example/issuer', publicKey: `${site.url}/key` }),
    );
    const checks = await verifyOb2(await parse(await sign(signedAssertion())), env());
    expect(check(checks, 'proof').status).toBe('pass');
    expect(check(checks, 'issuer')).toMatchObject({ status: 'skip' });
    expect(check(checks, 'issuer').message).toContain(
      'says it is https://university.example/issuer',
    );
    expect(checks.some((c) => c.establishesIntegrity)).toBe(false);
  });

  it('fails as invalid when one byte of the payload is changed', async () => {
    publishSigned();
    const token = await sign(signedAssertion());
    const [h, p, s] = token.split('.') as [string, string, string];
    const payload = Buffer.from(p, 'base64url')
      .toString('utf8')
      .replace('2024-05-01', '2024-05-02');
    const tampered = `${h}.${Buffer.from(payload).toString('base64url')}.${s}`;
    const checks = await verifyOb2(await parse(tampered), env());
    expect(check(checks, 'proof')).toMatchObject({ status: 'fail', implies: 'invalid' });
    expect(check(checks, 'proof').message).toContain('does not match');
  });

  it('fails as invalid when signed with a key other than the published one', async () => {
    publishSigned();
    const checks = await verifyOb2(
      await parse(await sign(signedAssertion(), strangerKeys.privateKey)),
      env(),
    );
    expect(check(checks, 'proof')).toMatchObject({ status: 'fail', implies: 'invalid' });
  });

  it('refuses alg "none" and HS256 keyed with the public key', async () => {
    publishSigned();
    const body = Buffer.from(JSON.stringify(signedAssertion())).toString('base64url');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${body}.`;
    const unsigned = await verifyOb2(await parse(none), env());
    expect(check(unsigned, 'proof')).toMatchObject({ status: 'fail', implies: 'invalid' });
    expect(check(unsigned, 'proof').message).toContain('"none"');

    const hmac = await new CompactSign(utf8(JSON.stringify(signedAssertion())))
      .setProtectedHeader({ alg: 'HS256' })
      .sign(utf8(pem(issuerKeys.publicKey)));
    const confused = await verifyOb2(await parse(hmac), env());
    expect(check(confused, 'proof')).toMatchObject({ status: 'fail', implies: 'invalid' });
    expect(check(confused, 'proof').message).toContain('HS256');
    expect(confused.some((c) => c.status === 'pass' && c.id !== 'recipient')).toBe(false);
  });

  it('skips offline', async () => {
    const checks = await verifyOb2(
      await parse(await sign(signedAssertion())),
      env({ offline: true }),
    );
    expect(check(checks, 'proof')).toMatchObject({ status: 'skip' });
    expect(check(checks, 'proof').message).toMatch(/offline/);
    expect(failures(checks)).toEqual([]);
  });

  it('reports a revoked signed assertion from the revocation list', async () => {
    publishSigned(issuer({ publicKey: `${site.url}/key`, revocationList: `${site.url}/revoked` }));
    const a = signedAssertion();
    serve(siteRoutes, '/revoked', {
      '@context': OB2,
      type: 'RevocationList',
      revokedAssertions: [{ id: a['id'], revocationReason: 'Issued to the wrong learner' }],
    });
    const checks = await verifyOb2(await parse(await sign(a)), env());
    expect(check(checks, 'proof').status).toBe('pass');
    expect(check(checks, 'status')).toMatchObject({ status: 'fail', implies: 'revoked' });
    expect(check(checks, 'status').message).toContain('Issued to the wrong learner');

    const other = signedAssertion({ id: 'urn:uuid:0b3a6a7e-1111-4c57-8d1e-0f8a4b2c7d11' });
    const fine = await verifyOb2(await parse(await sign(other)), env());
    expect(check(fine, 'status')).toMatchObject({ status: 'pass' });
  });

  it('asks for the signed file when given the JSON of a signed assertion without its signature', async () => {
    const checks = await verifyOb2(await parse(signedAssertion()), env());
    expect(check(checks, 'proof')).toMatchObject({ status: 'skip' });
    expect(check(checks, 'proof').message).toContain('signature is not part of this file');
  });
});
