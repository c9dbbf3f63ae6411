// Verification wired into the library: real verdicts on import, verify without importing, re-verify, identities, the fetch cache.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CredentialDetail, ImportResult } from '../core/library';
import { getCredential } from '../db/credentials';
import { countCached } from '../db/fetch-cache';
import type { Input, Method, Output } from '../shared/contract';
import { ob2Assertion, ob3Credential } from '../../test/helpers/fixtures';
import { startTestServer, type TestServer } from '../../test/helpers/http-server';
import { snapshot, tempDir, tempSession } from '../../test/helpers/library';
import {
  newIssuerKey,
  ob3By,
  signDi,
  signVcJwt,
  statusEntry,
  statusListCredential,
  tamper,
} from '../../test/helpers/signing';
import { dispatch } from './dispatch';
import type { Session } from './session';

const sessions: Session[] = [];
const servers: TestServer[] = [];
function session(opts: Parameters<typeof tempSession>[0] = {}): Session {
  const s = tempSession(opts);
  sessions.push(s);
  return s;
}
afterEach(async () => {
  while (sessions.length) sessions.pop()?.close();
  while (servers.length) await servers.pop()?.close();
});

async function call<M extends Method>(
  s: Session,
  method: M,
  input: Input<M>,
  local = true,
): Promise<Output<M>> {
  const res = await dispatch(s, method, input, { local });
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`);
  return res.value as Output<M>;
}

const key = newIssuerKey();
const write = (dir: string, name: string, content: string | Record<string, unknown>) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
};
const detail = (s: Session, id: number): CredentialDetail =>
  getCredential(s.db, id) as CredentialDetail;

describe('import stores real verdicts', () => {
  it('keeps signed, tampered, expired and unsigned credentials, each with its own verdict', async () => {
    const dir = tempDir();
    write(dir, 'a-signed.json', await signDi(ob3By(key, { n: 1, title: 'Signed' }), key));
    write(
      dir,
      'b-tampered.json',
      tamper(await signDi(ob3By(key, { n: 2, title: 'Tampered' }), key)),
    );
    write(dir, 'c-unsigned.json', ob3Credential({ n: 3, title: 'Unsigned' }));
    write(
      dir,
      'd-expired.json',
      await signDi(
        ob3By(key, {
          n: 4,
          title: 'Expired',
          extra: { validFrom: '2019-01-01T00:00:00Z', validUntil: '2020-01-01T00:00:00Z' },
        }),
        key,
      ),
    );
    write(dir, 'e-jwt.jwt', await signVcJwt(ob3By(key, { n: 5, title: 'Token' }), key));
    const s = session();
    const r = await call(s, 'library.import', { sources: [{ kind: 'path', path: dir }] });
    expect(r.rejected).toEqual([]);
    expect(r.imported.map((i) => [i.title, i.verdict])).toEqual([
      ['Signed', 'verified'],
      ['Tampered!', 'invalid'],
      ['Unsigned', 'unverified'],
      ['Expired', 'expired'],
      ['Token', 'verified'],
    ]);
    const signed = detail(s, r.imported[0]!.id);
    expect(signed.verdict).toBe('verified');
    expect(signed.report.checks.map((c) => `${c.id}:${c.status}`)).toEqual([
      'parse:pass',
      'proof:pass',
      'issuer:pass',
      'validity:pass',
    ]);
    const tampered = detail(s, r.imported[1]!.id);
    expect(tampered.report.checks.find((c) => c.id === 'proof')?.status).toBe('fail');
  });

  it('gives each credential inside a CLR its own stored report', async () => {
    const good = await signDi(ob3By(key, { n: 11, title: 'Course A' }), key);
    const forged = tamper(await signDi(ob3By(key, { n: 12, title: 'Course B' }), key));
    const clr = await signVcJwt(
      {
        '@context': [
          'https://www.w3.org/ns/credentials/v2',
          'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json',
        ],
        id: 'urn:uuid:c1a20000-0000-4000-8000-000000000010',
        type: ['VerifiableCredential', 'ClrCredential'],
        issuer: { id: key.did, type: ['Profile'], name: 'Example College' },
        validFrom: '2024-06-30T00:00:00Z',
        name: 'Transcript',
        credentialSubject: {
          type: ['ClrSubject'],
          id: 'did:example:learner',
          verifiableCredential: [good, forged],
        },
      },
      key,
    );
    const s = session();
    const r = await call(s, 'library.import', {
      sources: [{ kind: 'text', text: clr, name: 'transcript.jwt' }],
    });
    expect(r.imported.map((i) => [i.title, i.verdict, i.parentId === null])).toEqual([
      ['Transcript', 'invalid', true],
      ['Course A', 'verified', false],
      ['Course B!', 'invalid', false],
    ]);
    const bundle = detail(s, r.imported[0]!.id);
    expect(
      bundle.report.checks.filter((c) => c.id.startsWith('nested:')).map((c) => c.status),
    ).toEqual(['pass', 'fail']);
  });
});

describe('credential.verify', () => {
  it('verifies files and stored credentials without changing the library', async () => {
    const dir = tempDir();
    const signed = write(
      dir,
      'signed.json',
      await signDi(ob3By(key, { n: 21, title: 'Signed', issuer: 'Example U' }), key),
    );
    const junk = write(dir, 'notes.txt', 'call the bank on monday');
    const s = session();
    const imported = await call(s, 'library.import', {
      sources: [{ kind: 'text', text: ob3Credential({ n: 22, title: 'Stored' }) }],
    });
    const before = snapshot(s);
    const results = await call(s, 'credential.verify', {
      sources: [
        { kind: 'path', path: signed },
        { kind: 'path', path: junk },
      ],
      ids: [imported.imported[0]!.id, 9999],
    });
    expect(snapshot(s)).toBe(before);
    expect(results.map((r) => [r.source, r.verdict])).toEqual([
      [signed, 'verified'],
      [junk, 'error'],
      [`#${imported.imported[0]!.id}`, 'unverified'],
      ['#9999', 'error'],
    ]);
    expect(Object.keys(results[0]!)).toEqual([
      'source',
      'format',
      'verdict',
      'checks',
      'credential',
    ]);
    expect(results[0]!.credential).toEqual({
      title: 'Signed',
      issuer: 'Example U',
      issuedOn: expect.any(String),
      validUntil: null,
    });
    expect(results[1]).toMatchObject({
      format: null,
      credential: null,
      checks: [{ id: 'parse', status: 'fail' }],
    });
    expect(results[3]!.checks[0]!.message).toBe('There is no credential 9999 in this library.');
  });

  it('refuses file paths from a renderer, like import does', async () => {
    const s = session();
    const res = await dispatch(
      s,
      'credential.verify',
      { sources: [{ kind: 'path', path: '/etc/passwd' }] },
      { local: false },
    );
    expect(res).toMatchObject({ ok: false, error: { code: 'bad-input' } });
  });

  it('asks for something to verify', async () => {
    const res = await dispatch(session(), 'credential.verify', {}, { local: true });
    expect(res).toMatchObject({ ok: false, error: { code: 'bad-input' } });
  });
});

describe('re-verify and the fetch cache', () => {
  it('stores a revocation that happened after import, once the status list is fetched again', async () => {
    let revoked: number[] = [];
    const server = await startTestServer({
      '/status': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify(
            statusListCredential('https://issuer.example/status', key.did, 'revocation', revoked),
          ),
        );
      },
    });
    servers.push(server);
    const doc = await signDi(
      ob3By(key, {
        n: 31,
        title: 'Revocable',
        extra: { credentialStatus: statusEntry(`${server.url}/status`, 3) },
      }),
      key,
    );
    const s = session({ offline: false, allowPrivateNetwork: true });
    const r = await call(s, 'library.import', {
      sources: [{ kind: 'text', text: JSON.stringify(doc) }],
    });
    const id = r.imported[0]!.id;
    expect(r.imported[0]!.verdict).toBe('verified');
    expect(countCached(s.db)).toBe(1);

    revoked = [3];
    const cached = await call(s, 'library.reverify', { ids: [id] });
    expect(cached.reverified).toEqual([
      { id, title: 'Revocable', previous: 'verified', verdict: 'verified' },
    ]);
    expect(server.hits).toHaveLength(1);

    const fresh = await call(s, 'library.reverify', { all: true, refresh: true });
    expect(fresh.reverified).toEqual([
      { id, title: 'Revocable', previous: 'verified', verdict: 'revoked' },
    ]);
    expect(server.hits).toHaveLength(2);
    const stored = detail(s, id);
    expect(stored.verdict).toBe('revoked');
    expect(stored.report.checks.find((c) => c.id === 'status')?.message).toMatch(/^Revoked:/);
    // History is kept: the revoked credential is still in the library.
    expect((await call(s, 'library.list', {})).total).toBe(1);
  });

  it('uses the cached list offline and says as of when it was fetched', async () => {
    const server = await startTestServer({
      '/status': {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(
          statusListCredential('https://issuer.example/s', key.did, 'revocation', []),
        ),
      },
    });
    servers.push(server);
    const dir = tempDir();
    const online = openAt(dir, { offline: false, allowPrivateNetwork: true });
    const doc = await signDi(
      ob3By(key, { n: 32, extra: { credentialStatus: statusEntry(`${server.url}/status`, 1) } }),
      key,
    );
    const file = write(dir, 'c.json', doc);
    await call(online, 'credential.verify', { sources: [{ kind: 'path', path: file }] });
    online.close();
    const offline = openAt(dir, { offline: true });
    const [r] = await call(offline, 'credential.verify', {
      sources: [{ kind: 'path', path: file }],
    });
    expect(r!.verdict).toBe('verified');
    expect(r!.checks.find((c) => c.id === 'status')?.message).toMatch(/as of \d{4}-\d{2}-\d{2}T/);
    expect(server.hits).toHaveLength(1);
  });

  it('lists ids it could not re-verify', async () => {
    const s = session();
    const r = await call(s, 'library.reverify', { ids: [4242] });
    expect(r).toEqual({
      reverified: [],
      failed: [
        {
          id: 4242,
          error: { code: 'not-found', message: 'There is no credential 4242 in this library.' },
        },
      ],
    });
    const none = await dispatch(s, 'library.reverify', {}, { local: true });
    expect(none).toMatchObject({ ok: false, error: { code: 'bad-input' } });
  });
});

function openAt(dir: string, opts: Parameters<typeof tempSession>[0]): Session {
  const s = tempSession({ ...opts, libraryDir: path.join(dir, 'lib') });
  sessions.push(s);
  return s;
}

describe('identities', () => {
  it('adds, lists and removes identities, refusing text that is none', async () => {
    const s = session();
    const a = await call(s, 'identity.add', { value: 'ana@example.org' });
    expect(a).toMatchObject({ added: true, identity: { kind: 'email', value: 'ana@example.org' } });
    expect((await call(s, 'identity.add', { value: 'ANA@example.org' })).added).toBe(false);
    await call(s, 'identity.add', { value: '+44 20 7946 0958' });
    expect((await call(s, 'identity.list', {})).map((i) => i.value)).toEqual([
      'ana@example.org',
      '+442079460958',
    ]);
    expect((await call(s, 'identity.remove', { value: '+44 20 7946 0958' })).removed.kind).toBe(
      'phone',
    );
    expect((await call(s, 'identity.remove', { id: a.identity.id })).removed.value).toBe(
      'ana@example.org',
    );
    expect(await call(s, 'identity.list', {})).toEqual([]);
    const bad = await dispatch(s, 'identity.add', { value: 'not an identity' }, { local: true });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    const gone = await dispatch(s, 'identity.remove', { id: 99 }, { local: true });
    expect(gone).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('matches an Open Badges recipient against the identities once one is added', async () => {
    const salt = 'pepper';
    const hashed = `sha256$${createHash('sha256').update(`ana@example.org${salt}`).digest('hex')}`;
    const assertion = JSON.parse(ob2Assertion({ n: 41, title: 'Hashed' })) as Record<
      string,
      unknown
    >;
    assertion['recipient'] = { type: 'email', hashed: true, salt, identity: hashed };
    const s = session();
    const imported: ImportResult = await call(s, 'library.import', {
      sources: [{ kind: 'text', text: JSON.stringify(assertion) }],
    });
    const id = imported.imported[0]!.id;
    const recipient = () => detail(s, id).report.checks.find((c) => c.id === 'recipient');
    expect(recipient()?.status).toBe('skip');
    await call(s, 'identity.add', { value: 'ana@example.org' });
    await call(s, 'library.reverify', { ids: [id] });
    expect(recipient()?.status).toBe('pass');
  });
});
