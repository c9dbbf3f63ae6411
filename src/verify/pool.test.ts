// Worker-thread verification gives the same verdicts as the main thread, and only takes credentials that need no network.
import { afterAll, describe, expect, it } from 'vitest';
import type { ParsedCredential } from '../core/credential';
import { parseCredential } from '../formats/detect';
import { ob2Assertion, ob3Credential } from '../../test/helpers/fixtures';
import {
  newIssuerKey,
  ob3By,
  signDi,
  signVcJwt,
  statusEntry,
  tamper,
} from '../../test/helpers/signing';
import { verifyParsedTree, type ReportTree } from './engine';
import { createFetcher } from './fetcher';
import {
  PoolTimeoutError,
  selfContained,
  sharedPool,
  VerifyPool,
  wantedNetwork,
  worthAThread,
} from './pool';

const key = newIssuerKey();
const parse = (doc: Record<string, unknown> | string): Promise<ParsedCredential> =>
  parseCredential(new TextEncoder().encode(typeof doc === 'string' ? doc : JSON.stringify(doc)), {
    name: 't',
  });

describe('selfContained', () => {
  it('takes did:key-signed VCs without status, and nothing that may need the network', async () => {
    expect(selfContained(await parse(await signDi(ob3By(key, { n: 1 }), key)))).toBe(true);
    expect(selfContained(await parse(await signVcJwt(ob3By(key, { n: 2 }), key)))).toBe(true);
    const withStatus = ob3By(key, {
      n: 3,
      extra: { credentialStatus: statusEntry('https://x.example/s', 1) },
    });
    expect(selfContained(await parse(await signDi(withStatus, key)))).toBe(false);
    const otherIssuer = await signDi(
      { ...ob3By(key, { n: 4 }), issuer: 'did:web:issuer.example' },
      key,
    );
    expect(selfContained(await parse(otherIssuer))).toBe(false);
    expect(selfContained(await parse(ob3Credential({ n: 5 })))).toBe(false);
    expect(selfContained(await parse(ob2Assertion({ n: 6 })))).toBe(false);
  });
});

describe('worthAThread', () => {
  it('hands RDF-canonicalised proofs and VC-JWTs to the pool; JCS is cheaper to check in place', async () => {
    expect(
      worthAThread(await parse(await signDi(ob3By(key, { n: 1 }), key, 'eddsa-rdfc-2022'))),
    ).toBe(true);
    expect(
      worthAThread(await parse(await signDi(ob3By(key, { n: 2 }), key, 'Ed25519Signature2020'))),
    ).toBe(true);
    expect(
      worthAThread(await parse(await signDi(ob3By(key, { n: 3 }), key, 'eddsa-jcs-2022'))),
    ).toBe(false);
    expect(worthAThread(await parse(await signVcJwt(ob3By(key, { n: 4 }), key)))).toBe(true);
    // Unsigned, or a token whose key is not the issuer's did:key: it may need the network.
    expect(worthAThread(await parse(ob3Credential({ n: 5 })))).toBe(false);
    const stranger = newIssuerKey();
    expect(worthAThread(await parse(await signVcJwt(ob3By(key, { n: 6 }), stranger)))).toBe(false);
  });
});

describe('wantedNetwork', () => {
  it('spots an "offline" skip anywhere in a report tree', () => {
    const tree = (message: string, children: ReportTree[] = []): ReportTree => ({
      report: {
        verdict: 'unverified',
        checks: [{ id: 'proof', status: 'skip', message }],
        checkedAt: '',
      },
      children,
    });
    expect(wantedNetwork(tree('Unsigned'))).toBe(false);
    expect(wantedNetwork(tree('Unsigned', [tree('Not checked: offline.')]))).toBe(true);
  });
});

describe('VerifyPool', () => {
  const pools: VerifyPool[] = [];
  afterAll(() => pools.forEach((p) => p.close()));

  it('verifies on worker threads with the same verdicts as the main thread', async () => {
    const pool = sharedPool();
    expect(pool).not.toBeNull();
    if (!pool) return;
    const docs: Record<string, unknown>[] = [];
    for (let n = 0; n < 12; n++) {
      const signed = await signDi(
        ob3By(key, { n: 100 + n }),
        key,
        n % 2 === 0 ? 'eddsa-rdfc-2022' : 'eddsa-jcs-2022',
      );
      docs.push(n % 3 === 0 ? tamper(signed) : signed);
    }
    const parsed = await Promise.all(docs.map((d) => parse(d)));
    const now = '2026-03-01T00:00:00.000Z';
    const remote = await Promise.all(parsed.map((p) => pool.run(p, now)));
    const env = {
      fetcher: createFetcher({ offline: true, allowPrivateNetwork: false }),
      now: () => new Date(now),
      identities: [],
    };
    const local = await Promise.all(parsed.map((p) => verifyParsedTree(p, env)));
    expect(remote.map((t) => t.report)).toEqual(local.map((t) => t.report));
    expect(remote.map((t) => t.report.verdict)).toEqual(
      docs.map((_, n) => (n % 3 === 0 ? 'invalid' : 'verified')),
    );
  });

  it('gives back jobs no thread has started, only to their owner', async () => {
    // A thread that never answers: eight jobs wait on it, the rest stay queued.
    const idle = new VerifyPool(1, { script: 'setInterval(() => {}, 1000)', eval: true });
    pools.push(idle);
    const parsed = await parse(ob3Credential({ n: 8 }));
    const mine = {};
    const jobs = Array.from({ length: 10 }, () => idle.run(parsed, new Date().toISOString(), mine));
    for (const j of jobs) j.catch(() => undefined);
    expect(idle.steal({})).toBeNull();
    const stolen = [idle.steal(mine), idle.steal(mine), idle.steal(mine)];
    expect(stolen.map((j) => j !== null)).toEqual([true, true, false]);
    const tree: ReportTree = {
      report: { verdict: 'unverified', checks: [], checkedAt: 'now' },
      children: [],
    };
    stolen[0]?.resolve(tree);
    await expect(jobs[9]).resolves.toBe(tree);
    idle.close();
    await expect(jobs[0]).rejects.toThrow(/closed/);
  });

  it('checks VC-JWTs several at a time on this thread, with the same verdicts as one by one', async () => {
    // A pool whose only thread never answers: VC-JWTs must not depend on it.
    const pool = new VerifyPool(1, { script: 'setInterval(() => {}, 1000)', eval: true });
    pools.push(pool);
    const tokens: string[] = [];
    for (let n = 0; n < 20; n++) tokens.push(await signVcJwt(ob3By(key, { n: 200 + n }), key));
    // Every fourth is forged: its payload is another credential's, under the first one's signature.
    const forged = (n: number) => n % 4 === 0;
    const payloadOf = (t: string) => t.split('.')[1] ?? '';
    const sent = tokens.map((t, n) => {
      if (!forged(n)) return t;
      const [h, , sig] = t.split('.');
      return `${h}.${payloadOf(tokens[n + 1] ?? '')}.${sig}`;
    });
    const parsed = await Promise.all(sent.map((t) => parse(t)));
    const now = '2026-03-01T00:00:00.000Z';
    const mine = {};
    const remote = parsed.map((p) => pool.run(p, now, mine));
    // Jobs not started yet can be taken back by their owner, as with threads.
    const stolen = pool.steal(mine);
    expect(stolen).not.toBeNull();
    const env = {
      fetcher: createFetcher({ offline: true, allowPrivateNetwork: false }),
      now: () => new Date(now),
      identities: [],
    };
    if (stolen) stolen.resolve(await verifyParsedTree(stolen.parsed, env));
    const trees = await Promise.all(remote);
    const local = await Promise.all(parsed.map((p) => verifyParsedTree(p, env)));
    expect(trees.map((t) => t.report)).toEqual(local.map((t) => t.report));
    expect(trees.map((t) => t.report.verdict)).toEqual(
      parsed.map((_, n) => (forged(n) ? 'invalid' : 'verified')),
    );
  });

  it('canonicalises RDF on the same threads, with the same answer as this thread', async () => {
    const pool = sharedPool();
    expect(pool).not.toBeNull();
    if (!pool) return;
    const signed = await signDi(ob3By(key, { n: 40 }), key, 'eddsa-rdfc-2022');
    const { proof: _proof, ...unsigned } = signed;
    const { canonicalRdfInline } = await import('./canonical-rdf');
    const rdf = await pool.canonicalise(unsigned);
    expect(rdf).toEqual(await canonicalRdfInline(unsigned));
    expect(rdf.ok).toBe(true);
  });

  it('expands JSON-LD on the same threads, with the same answers as this thread, failures included', async () => {
    const pool = sharedPool();
    expect(pool).not.toBeNull();
    if (!pool) return;
    const signed = await signDi(ob3By(key, { n: 41 }), key, 'eddsa-rdfc-2022');
    const unknownTerm = { ...signed, surpriseTerm: 'not in any context' };
    const { expandJsonLdInline } = await import('./canonical-rdf');
    const there = await pool.expand([signed, unknownTerm]);
    expect(there).toEqual([
      await expandJsonLdInline(signed),
      await expandJsonLdInline(unknownTerm),
    ]);
    expect(there.map((e) => e.ok)).toEqual([true, false]);
    const second = there[1];
    expect(second && !second.ok ? second.reason : '').toMatch(/surpriseTerm/);
  });

  it('stops a thread stuck on a document past the time limit; the next job gets a fresh thread', async () => {
    // A stand-in thread: "hang" spins forever (as a hostile document might), anything else is answered.
    const script = `
      const { parentPort } = require('node:worker_threads');
      parentPort.on('message', (req) => {
        if (req.doc === 'hang') for (;;) {}
        parentPort.postMessage({ id: req.id, rdf: { ok: true, nquads: String(req.doc) } });
      });
      parentPort.postMessage({ ready: true });`;
    const pool = new VerifyPool(1, { script, eval: true }, 300);
    pools.push(pool);
    expect(await pool.whenReady()).toBe(1);
    const stuck = pool.canonicalise('hang');
    const bystander = pool.canonicalise('innocent');
    await expect(stuck).rejects.toBeInstanceOf(PoolTimeoutError);
    await expect(stuck).rejects.toThrow(/longer than 0.3 s/);
    // The bystander was on the stopped thread: it fails too, and its caller asks again.
    await expect(bystander).rejects.toThrow(/stopped/);
    await expect(pool.canonicalise('again')).resolves.toEqual({ ok: true, nquads: 'again' });
    expect(pool.usable).toBe(true);
  });

  it('rejects the jobs of a thread that cannot start, so callers fall back to the main thread', async () => {
    const broken = new VerifyPool(1, { script: 'throw new Error("no engine here")', eval: true });
    pools.push(broken);
    await expect(
      broken.run(await parse(ob3Credential({ n: 7 })), new Date().toISOString()),
    ).rejects.toThrow();
    // Twice is enough to stop trying: later jobs are refused at once.
    await expect(broken.canonicalise({})).rejects.toThrow();
    expect(broken.usable).toBe(false);
    await expect(broken.canonicalise({})).rejects.toThrow(/cannot start/);
  });
});
