// The engine as a user meets it: which verdict a credential gets, and which checks explain it.
import { afterEach, describe, expect, it } from 'vitest';
import { emptyCredential, type ParsedCredential } from '../core/credential';
import type { Check } from '../core/verification';
import { parseCredential } from '../formats/detect';
import { bakePng } from '../formats/png';
import { ob3Object } from '../../test/helpers/fixtures';
import { solidPng } from '../../test/helpers/fixtures';
import { startTestServer, type TestServer } from '../../test/helpers/http-server';
import {
  newIssuerKey,
  ob3By,
  signDi,
  signVcJwt,
  statusEntry,
  tamper,
} from '../../test/helpers/signing';
import { SignJWT } from 'jose';
import { signDataIntegrity } from './data-integrity';
import { reportFromChecks, verifyParsed, verifyParsedTree } from './engine';
import { createFetcher } from './fetcher';
import type { CheckResult, VerifyEnv } from './types';

const NOW = new Date('2026-03-01T00:00:00Z');
function offlineEnv(): VerifyEnv {
  return {
    fetcher: createFetcher({ offline: true, allowPrivateNetwork: false }),
    now: () => NOW,
    identities: [],
  };
}

const enc = (s: string) => new TextEncoder().encode(s);
async function parse(doc: Record<string, unknown> | string): Promise<ParsedCredential> {
  return parseCredential(enc(typeof doc === 'string' ? doc : JSON.stringify(doc)), {
    name: 'test',
  });
}
async function verdictOf(doc: Record<string, unknown> | string) {
  return verifyParsed(await parse(doc), offlineEnv());
}
const check = (r: { checks: Check[] }, id: string) => r.checks.find((c) => c.id === id);

describe('reportFromChecks (the verdict rule)', () => {
  const at = '2026-01-01T00:00:00.000Z';
  const proofPass: CheckResult = {
    id: 'proof',
    status: 'pass',
    message: 'ok',
    establishesIntegrity: true,
  };
  const skip: CheckResult = { id: 'proof', status: 'skip', message: 'unsigned' };
  const expired: CheckResult = {
    id: 'validity',
    status: 'fail',
    message: 'Expired',
    implies: 'expired',
  };
  const revoked: CheckResult = {
    id: 'status',
    status: 'fail',
    message: 'Revoked',
    implies: 'revoked',
  };
  const broken: CheckResult = { id: 'proof', status: 'fail', message: 'bad', implies: 'invalid' };

  it('is verified only when a passing check established integrity and nothing worse applies', () => {
    expect(reportFromChecks([proofPass], at).verdict).toBe('verified');
    expect(reportFromChecks([skip], at).verdict).toBe('unverified');
    expect(reportFromChecks([], at).verdict).toBe('unverified');
    const failedButClaims: CheckResult = { ...broken, establishesIntegrity: true };
    expect(reportFromChecks([failedButClaims], at).verdict).toBe('invalid');
  });

  it('lets the most severe implied verdict win', () => {
    expect(reportFromChecks([proofPass, expired], at).verdict).toBe('expired');
    expect(reportFromChecks([proofPass, expired, revoked], at).verdict).toBe('revoked');
    expect(reportFromChecks([broken, revoked, expired], at).verdict).toBe('invalid');
    const forgedList: CheckResult = {
      id: 'status',
      status: 'fail',
      message: 'x',
      implies: 'unverified',
    };
    expect(reportFromChecks([proofPass, forgedList], at).verdict).toBe('unverified');
  });

  it('reads expired and not-yet-valid as "proof fine, but…": without integrity the verdict is unverified', () => {
    expect(reportFromChecks([skip, expired], at).verdict).toBe('unverified');
    const early: CheckResult = {
      id: 'validity',
      status: 'fail',
      message: 'x',
      implies: 'not-yet-valid',
    };
    expect(reportFromChecks([skip, early], at).verdict).toBe('unverified');
    // Revocation does not depend on the proof.
    expect(reportFromChecks([skip, revoked], at).verdict).toBe('revoked');
  });

  it('keeps every check, as {id, status, message} only', () => {
    const r = reportFromChecks([proofPass, expired], at);
    expect(r.checks).toEqual([
      { id: 'proof', status: 'pass', message: 'ok' },
      { id: 'validity', status: 'fail', message: 'Expired' },
    ]);
    expect(r.checkedAt).toBe(at);
  });
});

describe('verifyParsed routing', () => {
  const key = newIssuerKey();

  for (const suite of ['eddsa-rdfc-2022', 'eddsa-jcs-2022', 'Ed25519Signature2020'] as const) {
    it(`verifies an OB 3.0 credential signed with ${suite}, and calls one tampered byte invalid`, async () => {
      const signed = await signDi(ob3By(key, { n: 1 }), key, suite);
      const good = await verdictOf(signed);
      expect(good.verdict).toBe('verified');
      expect(good.checks[0]).toMatchObject({ id: 'parse', status: 'pass' });
      expect(check(good, 'proof')).toMatchObject({ status: 'pass' });
      expect(check(good, 'validity')).toMatchObject({ status: 'pass' });
      const bad = await verdictOf(tamper(signed));
      expect(bad.verdict).toBe('invalid');
      expect(check(bad, 'proof')).toMatchObject({ status: 'fail' });
    });
  }

  it("verifies a VC-JWT whose kid is the issuer's did:key, and refuses a changed payload", async () => {
    const token = await signVcJwt(ob3By(key, { n: 2 }), key);
    const good = await verdictOf(token);
    expect(good.verdict).toBe('verified');
    expect(check(good, 'issuer')).toMatchObject({ status: 'pass' });
    const [h, , s] = token.split('.');
    const payload = Buffer.from(JSON.stringify(tamper(ob3By(key, { n: 2 })))).toString('base64url');
    const bad = await verdictOf(`${h}.${payload}.${s}`);
    expect(bad.verdict).toBe('invalid');
  });

  it('verifies a VC 1.1 JWT (credential in the vc claim, registered claims beside it)', async () => {
    const cred = ob3Object({ n: 3 });
    delete cred['issuer'];
    delete cred['id'];
    delete cred['validFrom'];
    const token = await new SignJWT({
      vc: { ...cred, '@context': ['https://www.w3.org/2018/credentials/v1'] },
    })
      .setProtectedHeader({ alg: 'EdDSA', kid: key.vm })
      .setIssuer(key.did)
      .setJti('urn:uuid:4b8f0a4e-0000-4000-8000-000000000003')
      .setSubject('did:example:learner3')
      .setNotBefore(Math.floor(Date.UTC(2024, 0, 1) / 1000))
      .sign(key.privateKey);
    const r = await verdictOf(token);
    expect(r.verdict).toBe('verified');
  });

  it('verifies a VC-JWT baked into a PNG (the token is read back out of the image)', async () => {
    const token = await signVcJwt(ob3By(key, { n: 4 }), key);
    const png = bakePng(solidPng(), 'openbadgecredential', token);
    const parsed = await parseCredential(png, { name: 'baked.png' });
    expect((await verifyParsed(parsed, offlineEnv())).verdict).toBe('verified');
  });

  it('calls an unsigned credential unverified and says it is unsigned', async () => {
    const r = await verdictOf(ob3Object({ n: 5 }));
    expect(r.verdict).toBe('unverified');
    expect(check(r, 'proof')).toEqual({
      id: 'proof',
      status: 'skip',
      message: 'Unsigned: the credential carries no proof, so its origin cannot be confirmed.',
    });
  });

  it('calls a signed, expired credential expired and one valid only from next year not-yet-valid', async () => {
    const old = await signDi(
      ob3By(key, { n: 6, extra: { validUntil: '2025-01-01T00:00:00Z' } }),
      key,
    );
    expect((await verdictOf(old)).verdict).toBe('expired');
    const early = await signDi(
      ob3By(key, { n: 7, extra: { validFrom: '2027-01-01T00:00:00Z' } }),
      key,
    );
    const r = await verdictOf(early);
    expect(r.verdict).toBe('not-yet-valid');
    expect(check(r, 'validity')?.message).toMatch(/^Not valid yet: valid from 2027-01-01T00:00:00/);
  });

  it('leaves an unsigned expired credential unverified, with the failing validity check saying why', async () => {
    const r = await verdictOf(ob3Object({ n: 8, validUntil: '2025-01-01T00:00:00Z' }));
    expect(r.verdict).toBe('unverified');
    expect(check(r, 'validity')).toMatchObject({
      status: 'fail',
      message: 'Expired on 2025-01-01T00:00:00.000Z.',
    });
  });

  it('reports a proof suite it does not know as not checked (unverified), never as broken', async () => {
    const doc = {
      ...ob3By(key, { n: 9 }),
      proof: { type: 'BbsBlsSignature2020', proofValue: 'abc' },
    };
    const r = await verdictOf(doc);
    expect(r.verdict).toBe('unverified');
    expect(check(r, 'proof')?.status).toBe('skip');
  });

  it('turns a suite that throws into a proof check instead of an exception', async () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
        has() {
          throw new Error('boom');
        },
      },
    );
    const parsed: ParsedCredential = {
      format: 'vc',
      mediaType: 'application/ld+json',
      original: enc('{}'),
      credential: emptyCredential('Hostile'),
      document: hostile,
      children: [],
      notes: [],
    };
    const r = await verifyParsed(parsed, offlineEnv());
    expect(r.verdict).toBe('unverified');
    expect(check(r, 'proof')).toMatchObject({ status: 'skip' });
    expect(check(r, 'proof')?.message).toContain('unexpected problem');
  });
});

describe('CLR bundles', () => {
  const key = newIssuerKey();

  // Signed as a VC-JWT: JSON-LD signing would need the CLR 2.0 context bundled (see the report).
  async function clr(children: Record<string, unknown>[]): Promise<string> {
    return signVcJwt(
      {
        '@context': [
          'https://www.w3.org/ns/credentials/v2',
          'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json',
          'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
        ],
        id: 'urn:uuid:c1a20000-0000-4000-8000-000000000001',
        type: ['VerifiableCredential', 'ClrCredential'],
        issuer: { id: key.did, type: ['Profile'], name: 'Example College' },
        validFrom: '2024-06-30T00:00:00Z',
        name: 'Transcript',
        credentialSubject: {
          type: ['ClrSubject'],
          id: 'did:example:learner1',
          verifiableCredential: children,
        },
      },
      key,
    );
  }

  it('verifies its own proof and each nested credential, with a report for every child', async () => {
    const a = await signDi(ob3By(key, { n: 11, title: 'Course A' }), key);
    const b = await signDi(
      ob3By(key, { n: 12, title: 'Course B', extra: { validUntil: '2025-01-01T00:00:00Z' } }),
      key,
    );
    const tree = await verifyParsedTree(await parse(await clr([a, b])), offlineEnv());
    expect(tree.report.verdict).toBe('verified');
    expect(check(tree.report, 'nested:1')).toEqual({
      id: 'nested:1',
      status: 'pass',
      message: 'Nested credential 1, "Course A": verified.',
    });
    expect(check(tree.report, 'nested:2')).toMatchObject({
      status: 'warn',
      message: 'Nested credential 2, "Course B": expired.',
    });
    expect(tree.children.map((c) => c.report.verdict)).toEqual(['verified', 'expired']);
  });

  it('is invalid when a nested credential was tampered with, even though its own proof holds', async () => {
    const a = await signDi(ob3By(key, { n: 13, title: 'Course A' }), key);
    const forged = tamper(await signDi(ob3By(key, { n: 14, title: 'Course B' }), key));
    const tree = await verifyParsedTree(await parse(await clr([a, forged])), offlineEnv());
    expect(check(tree.report, 'proof')?.status).toBe('pass');
    expect(check(tree.report, 'nested:2')).toMatchObject({ status: 'fail' });
    expect(check(tree.report, 'nested:2')?.message).toMatch(/Course B!?": invalid\.$/);
    expect(tree.report.verdict).toBe('invalid');
    expect(tree.children[1]?.report.verdict).toBe('invalid');
  });
});

describe('private addresses while "allow private network" is off', () => {
  const servers: TestServer[] = [];
  afterEach(async () => {
    while (servers.length) await servers.pop()?.close();
  });

  it('does not contact a did:web or status list on 127.0.0.1, and says why', async () => {
    const server = await startTestServer({});
    servers.push(server);
    const key = newIssuerKey();
    const did = `did:web:127.0.0.1%3A${server.port}`;
    const doc = ob3By(key, {
      n: 50,
      extra: { credentialStatus: statusEntry(`${server.url}/status`, 1) },
    });
    doc['issuer'] = { id: did, type: ['Profile'], name: 'Intranet issuer' };
    const signed = await signDataIntegrity(doc, {
      suite: 'eddsa-rdfc-2022',
      privateKey: key.privateKey,
      verificationMethod: `${did}#key-1`,
    });
    const env: VerifyEnv = {
      fetcher: createFetcher({ offline: false, allowPrivateNetwork: false }),
      now: () => NOW,
      identities: [],
    };
    const r = await verifyParsed(await parse(signed), env);
    expect(r.verdict).toBe('unverified');
    expect(check(r, 'proof')?.status).toBe('skip');
    expect(check(r, 'proof')?.message).toMatch(/private/i);
    expect(check(r, 'status')).toMatchObject({ status: 'skip' });
    expect(check(r, 'status')?.message).toMatch(/private network/);
    expect(server.hits).toEqual([]);
  });
});
