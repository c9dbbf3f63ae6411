// `npm run bench`: import throughput, verification speed and search latency, each printed beside a baseline measured in the same run.
import { execFileSync } from 'node:child_process';
import { verify as cryptoVerify } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { emptyCredential } from '../src/core/credential';
import { unverifiedReport } from '../src/core/verification';
import { insertCredential, listCredentials } from '../src/db/credentials';
import { openLibrary } from '../src/db/open';
import { bakePng } from '../src/formats/png';
import { bakeSvg } from '../src/formats/svg';
import type { ParsedCredential } from '../src/core/credential';
import { parseCredential } from '../src/formats/detect';
import { verifyMany } from '../src/services/verify';
import { documentLoader } from '../src/verify/contexts';
import { verifyParsedTree } from '../src/verify/engine';
import { createFetcher } from '../src/verify/fetcher';
import { multikeyFromPublicKey } from '../src/verify/keys';
import { sharedPool } from '../src/verify/pool';
import type { VerifyEnv } from '../src/verify/types';
import {
  newSigningKey,
  ob2Assertion,
  ob3Credential,
  PLAIN_SVG,
  solidPng,
  vcJwt,
} from '../test/helpers/fixtures';
import { newIssuerKey, ob3By, signDi, signVcJwt, type IssuerKey } from '../test/helpers/signing';
import { writeZip } from '../test/helpers/zip-writer';
import { benchExport } from './export';
import { benchUi } from './ui';

const ROOT = path.resolve(__dirname, '..');
const IMPORT_COUNT = 10_000;
const SEARCH_LIBRARY = 100_000;
const SEARCH_QUERIES = 200;

const fmt = (n: number, d = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

type ChildResult = {
  seconds: number;
  cpuSeconds: number;
  imported: number;
  rejected: number;
  firstRejected: unknown;
  maxRssMB: number;
  verdicts: Record<string, number>;
};

/** Imports `dir` into `lib` in a child process, so its peak memory is its own. */
function runImportChild(dir: string, lib: string): ChildResult {
  const out = execFileSync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
      path.join(ROOT, 'bench/import-child.ts'),
      dir,
      lib,
    ],
    { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(out.trim().split('\n').pop()!) as ChildResult;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** 10,000 credentials on disk: 40% OB 2.0 JSON, 25% OB 3.0 JSON, 15% VC-JWT, 10% baked PNG, 5% baked SVG, 5% in one ZIP. */
async function generate(dir: string): Promise<{ files: string[]; originals: Uint8Array[] }> {
  const key = await newSigningKey();
  const png = solidPng(96, 96);
  const originals: Uint8Array[] = [];
  const zipEntries: { name: string; data: string }[] = [];
  for (let n = 0; n < IMPORT_COUNT; n++) {
    const slot = n % 20;
    const o = { n, tags: ['SQL', `Topic ${n % 300}`], alignments: [`Skill ${n % 120}`] };
    let name: string;
    let bytes: Uint8Array;
    if (slot < 8) [name, bytes] = [`ob2-${n}.json`, Buffer.from(ob2Assertion(o))];
    else if (slot < 13) [name, bytes] = [`ob3-${n}.json`, Buffer.from(ob3Credential(o))];
    else if (slot < 16) [name, bytes] = [`vc-${n}.jwt`, Buffer.from(await vcJwt(o, key))];
    else if (slot < 18)
      [name, bytes] = [`baked-${n}.png`, bakePng(png, 'openbadgecredential', ob3Credential(o))];
    else if (slot < 19)
      [name, bytes] = [
        `baked-${n}.svg`,
        Buffer.from(bakeSvg(PLAIN_SVG, 'assertion', ob2Assertion(o))),
      ];
    else {
      const data = ob3Credential(o);
      zipEntries.push({ name: `backpack/ob3-${n}.json`, data });
      originals.push(Buffer.from(data));
      continue;
    }
    fs.writeFileSync(path.join(dir, name), bytes);
    originals.push(bytes);
  }
  fs.writeFileSync(path.join(dir, 'backpack.zip'), writeZip(zipEntries));
  return { files: fs.readdirSync(dir), originals };
}

/** The physical limit: the same originals and a few columns inserted with better-sqlite3 alone, one transaction. */
function rawInsertRate(originals: Uint8Array[]): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillfolio-bench-raw-'));
  const db = new Database(path.join(dir, 'raw.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(
    'CREATE TABLE t (id INTEGER PRIMARY KEY, sha256 TEXT UNIQUE, title TEXT, source TEXT, original BLOB)',
  );
  const ins = db.prepare('INSERT INTO t (sha256, title, source, original) VALUES (?, ?, ?, ?)');
  const started = process.hrtime.bigint();
  db.transaction(() => {
    originals.forEach((o, i) =>
      ins.run(`${i}`.padStart(64, '0'), `Credential ${i}`, `file-${i}`, o),
    );
  })();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return originals.length / seconds;
}

function benchImport(): Promise<void> {
  return (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillfolio-bench-src-'));
    const lib = fs.mkdtempSync(path.join(os.tmpdir(), 'skillfolio-bench-lib-'));
    console.log(
      `Generating ${fmt(IMPORT_COUNT)} credentials (OB 2.0 / OB 3.0 JSON, VC-JWT, baked PNG/SVG, one ZIP)…`,
    );
    const { originals } = await generate(dir);
    // Flush the fixture files to disk first, so the import's own fsyncs do not pay for writing them.
    execFileSync('sync');
    const r = runImportChild(dir, lib);
    if (r.imported !== IMPORT_COUNT) {
      throw new Error(
        `expected ${IMPORT_COUNT} imported, got ${r.imported} (${r.rejected} rejected: ${JSON.stringify(r.firstRejected)})`,
      );
    }
    const rate = r.imported / r.seconds;
    const raw = rawInsertRate(originals);
    console.log('\nImport (parse + store, fresh library, offline)');
    console.log(`  credentials           ${fmt(r.imported)} in ${fmt(r.seconds, 2)} s`);
    console.log(
      `  CPU time              ${fmt(r.cpuSeconds, 2)} s, all threads (load average ${os.loadavg()[0]!.toFixed(2)} on ${os.cpus().length} cores: the machine is shared)`,
    );
    console.log(
      `  rate                  ${fmt(rate)} credentials/s   (target ≥ 3,000)  ${rate >= 3000 ? 'OK' : 'BELOW TARGET'}`,
    );
    console.log(
      `  peak RSS              ${fmt(r.maxRssMB)} MB   (target ≤ 300)  ${r.maxRssMB <= 300 ? 'OK' : 'ABOVE TARGET'}`,
    );
    console.log(`  baseline: raw better-sqlite3 insert of the same rows  ${fmt(raw)} rows/s`);
    console.log(`  ratio import / raw    ${fmt(rate / raw, 3)}  (1.0 would be the physical limit)`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(lib, { recursive: true, force: true });
  })();
}

const WORDS = [
  'data',
  'python',
  'sql',
  'cloud',
  'security',
  'design',
  'analysis',
  'leadership',
  'network',
  'machine',
  'learning',
  'project',
  'management',
  'excel',
  'statistics',
  'java',
  'writing',
  'teaching',
  'nursing',
  'welding',
];

function benchSearch(): void {
  const lib = fs.mkdtempSync(path.join(os.tmpdir(), 'skillfolio-bench-search-'));
  const db = openLibrary(lib);
  const report = unverifiedReport(new Date().toISOString());
  console.log(`\nBuilding a ${fmt(SEARCH_LIBRARY)}-credential library for search…`);
  db.transaction(() => {
    for (let i = 0; i < SEARCH_LIBRARY; i++) {
      const w = (k: number) => WORDS[(i * 7 + k * 13) % WORDS.length]!;
      const c = emptyCredential(`${w(0)} ${w(1)} certificate ${i}`);
      c.issuerName = `Issuer ${i % 500} ${w(2)} academy`;
      c.description = `Learners show ${w(3)} and ${w(4)} skills in module ${i}.`;
      c.issuedOn = new Date(Date.UTC(2015, 0, 1) + i * 3_600_000).toISOString();
      c.tags = [w(5), `topic ${i % 1000}`];
      const original = Buffer.from(`{"n":${i}}`);
      insertCredential(db, {
        parentId: null,
        format: 'ob3',
        mediaType: 'application/ld+json',
        original,
        sha256: i.toString(16).padStart(64, '0'),
        source: `bench-${i}.json`,
        credential: c,
        image: null,
        report,
        importedAt: report.checkedAt,
      });
    }
  })();
  const queries = Array.from({ length: SEARCH_QUERIES }, (_, i) => {
    const w = WORDS[(i * 11) % WORDS.length]!;
    // Mix whole words, prefixes as typed, two-word queries and issuer names.
    return i % 4 === 0
      ? w.slice(0, 3)
      : i % 4 === 1
        ? w
        : i % 4 === 2
          ? `${w} ${WORDS[(i + 3) % WORDS.length]}`
          : `issuer ${i % 500}`;
  });
  const time = (fn: (q: string) => unknown) => {
    const ms: number[] = [];
    for (const q of queries) {
      const t = process.hrtime.bigint();
      fn(q);
      ms.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    return ms.sort((a, b) => a - b);
  };
  time((q) => listCredentials(db, { query: q })); // warm the page cache once
  const ours = time((q) => listCredentials(db, { query: q }));
  const ftsOnly = db.prepare(
    'SELECT rowid FROM credentials_fts WHERE credentials_fts MATCH ? LIMIT 50',
  );
  const raw = time((q) =>
    ftsOnly.all(
      q
        .split(/\s+/)
        .map((t) => `"${t}"*`)
        .join(' '),
    ),
  );
  console.log(
    `Search (${SEARCH_QUERIES} queries, first page of 50 with total count, sorted by date)`,
  );
  console.log(`  p50                   ${fmt(percentile(ours, 50), 2)} ms`);
  console.log(
    `  p95                   ${fmt(percentile(ours, 95), 2)} ms   (target ≤ 10)  ${percentile(ours, 95) <= 10 ? 'OK' : 'ABOVE TARGET'}`,
  );
  console.log(
    `  baseline: bare FTS5 MATCH, 50 rowids, no count/sort  p50 ${fmt(percentile(raw, 50), 2)} ms, p95 ${fmt(percentile(raw, 95), 2)} ms`,
  );
  console.log(
    `  ratio p95 ours / bare FTS5  ${fmt(percentile(ours, 95) / percentile(raw, 95), 2)}`,
  );
  db.close();
  fs.rmSync(lib, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------
// Verification

const VERIFY_COUNT = 1000;
const SIGNED_IMPORT_COUNT = 10_000;
const SUITES = ['VC-JWT', 'eddsa-jcs-2022', 'eddsa-rdfc-2022', 'Ed25519Signature2020'] as const;
type Suite = (typeof SUITES)[number];

type SignedSet = { suite: Suite; texts: string[] };

async function signOne(suite: Suite, key: IssuerKey, n: number): Promise<string> {
  const doc = ob3By(key, {
    n,
    tags: ['SQL', `Topic ${n % 300}`],
    alignments: [`Skill ${n % 120}`],
  });
  if (suite === 'VC-JWT') return signVcJwt(doc, key);
  return JSON.stringify(await signDi(doc, key, suite));
}

/** 2,500 credentials per suite (10,000 in all), each with its own id: the first 1,000 of each are timed alone. */
async function generateSigned(key: IssuerKey): Promise<SignedSet[]> {
  const per = SIGNED_IMPORT_COUNT / SUITES.length;
  const sets: SignedSet[] = [];
  for (const [s, suite] of SUITES.entries()) {
    const texts: string[] = [];
    for (let i = 0; i < per; i++) texts.push(await signOne(suite, key, s * per + i));
    sets.push({ suite, texts });
  }
  return sets;
}

function offlineEnv(): VerifyEnv {
  return {
    fetcher: createFetcher({ offline: true, allowPrivateNetwork: false }),
    now: () => new Date(),
    identities: [],
  };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = process.hrtime.bigint();
  const value = await fn();
  return { value, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

function expectAllVerified(verdicts: string[], what: string): void {
  const bad = verdicts.filter((v) => v !== 'verified');
  if (bad.length > 0)
    throw new Error(`${what}: ${bad.length} of ${verdicts.length} not verified (first: ${bad[0]})`);
}

/** The physical limit: node:crypto Ed25519 verification of the same VC-JWT signing inputs, nothing else. */
function rawEd25519Rate(tokens: readonly string[], key: IssuerKey): number {
  const inputs = tokens.map((t) => {
    const [h, p, sig] = t.split('.') as [string, string, string];
    return { data: Buffer.from(`${h}.${p}`), sig: Buffer.from(sig, 'base64url') };
  });
  for (const i of inputs.slice(0, 50)) cryptoVerify(null, i.data, key.publicKey, i.sig); // warm up
  let best = 0;
  for (let round = 0; round < 3; round++) {
    const started = process.hrtime.bigint();
    for (const i of inputs) {
      if (!cryptoVerify(null, i.data, key.publicKey, i.sig)) {
        throw new Error('raw Ed25519 verification failed');
      }
    }
    best = Math.max(best, inputs.length / (Number(process.hrtime.bigint() - started) / 1e9));
  }
  return best;
}

type PeerLoader = (
  url: string,
) => Promise<{ contextUrl: null; documentUrl: string; document: unknown }>;

/** The independent implementation (@digitalbazaar/vc with its suites), with the same bundled contexts and did:key. */
async function peerRate(
  suite: 'eddsa-rdfc-2022' | 'Ed25519Signature2020',
  docs: Record<string, unknown>[],
  key: IssuerKey,
): Promise<number> {
  const vc = await import('@digitalbazaar/vc');
  const mk = multikeyFromPublicKey(key.publicKey);
  const did = key.did;
  const vmId = `${did}#${mk}`;
  const method =
    suite === 'eddsa-rdfc-2022'
      ? {
          '@context': 'https://w3id.org/security/multikey/v1',
          id: vmId,
          type: 'Multikey',
          controller: did,
          publicKeyMultibase: mk,
        }
      : {
          '@context': 'https://w3id.org/security/suites/ed25519-2020/v1',
          id: vmId,
          type: 'Ed25519VerificationKey2020',
          controller: did,
          publicKeyMultibase: mk,
        };
  const loader: PeerLoader = async (url) => {
    if (url === vmId) return { contextUrl: null, documentUrl: url, document: method };
    if (url === did) {
      const { '@context': ctx, ...vm } = method;
      const document = {
        '@context': ['https://www.w3.org/ns/did/v1', ctx],
        id: did,
        verificationMethod: [vm],
        assertionMethod: [vmId],
      };
      return { contextUrl: null, documentUrl: url, document };
    }
    return documentLoader(url);
  };
  let suiteObject: unknown;
  if (suite === 'eddsa-rdfc-2022') {
    const { DataIntegrityProof } = await import('@digitalbazaar/data-integrity');
    const { cryptosuite } = await import('@digitalbazaar/eddsa-rdfc-2022-cryptosuite');
    suiteObject = new DataIntegrityProof({ cryptosuite });
  } else {
    const { Ed25519Signature2020 } = await import('@digitalbazaar/ed25519-signature-2020');
    suiteObject = new Ed25519Signature2020();
  }
  const verifyOne = async (credential: Record<string, unknown>) => {
    const r = (await vc.verifyCredential({
      credential,
      suite: suiteObject,
      documentLoader: loader,
    })) as { verified: boolean; error?: unknown };
    if (!r.verified)
      throw new Error(
        `peer did not verify a ${suite} credential: ${JSON.stringify(r.error).slice(0, 300)}`,
      );
  };
  for (const d of docs.slice(0, 100)) await verifyOne(d); // warm up
  let best = 0;
  for (let round = 0; round < 2; round++) {
    const { seconds } = await timed(async () => {
      for (const d of docs) await verifyOne(d);
    });
    best = Math.max(best, docs.length / seconds);
  }
  return best;
}

async function benchVerify(key: IssuerKey, sets: SignedSet[]): Promise<void> {
  const env = offlineEnv();
  // The main thread verifies beside the pool's threads.
  const threads = 1 + (sharedPool() ? Math.max(1, os.availableParallelism() - 1) : 0);
  const rows: string[][] = [];
  const rates = new Map<Suite, { all: number; one: number }>();
  for (const set of sets) {
    const texts = set.texts.slice(0, VERIFY_COUNT);
    const parsed: ParsedCredential[] = [];
    for (const t of texts) parsed.push(await parseCredential(Buffer.from(t), { name: set.suite }));
    // Warm both paths (JIT, worker start-up, jsonld's context cache) before timing: one whole
    // untimed pass, so the timed runs see the steady state the raw baseline has from its start.
    await verifyMany(parsed, env);
    for (const p of parsed.slice(0, 200)) await verifyParsedTree(p, env);
    // Best of three alternating runs each (as the raw baseline), so neither path is timed alone
    // with a colder JIT or a busier moment.
    let best = { all: 0, one: 0 };
    for (let round = 0; round < 3; round++) {
      const all = await timed(() => verifyMany(parsed, env));
      expectAllVerified(
        all.value.map((t) => t.report.verdict),
        `${set.suite} (all cores)`,
      );
      const one = await timed(async () => {
        const out: string[] = [];
        for (const p of parsed) out.push((await verifyParsedTree(p, env)).report.verdict);
        return out;
      });
      expectAllVerified(one.value, `${set.suite} (one thread)`);
      best = {
        all: Math.max(best.all, parsed.length / all.seconds),
        one: Math.max(best.one, parsed.length / one.seconds),
      };
    }
    rates.set(set.suite, best);
  }
  const tokens = sets.find((s) => s.suite === 'VC-JWT')!.texts.slice(0, VERIFY_COUNT);
  const raw = rawEd25519Rate(tokens, key);
  const peer = new Map<Suite, number>();
  for (const suite of ['eddsa-rdfc-2022', 'Ed25519Signature2020'] as const) {
    const docs = sets
      .find((s) => s.suite === suite)!
      .texts.slice(0, VERIFY_COUNT)
      .map((t) => JSON.parse(t) as Record<string, unknown>);
    peer.set(suite, await peerRate(suite, docs, key));
  }
  for (const suite of SUITES) {
    const r = rates.get(suite)!;
    const p = peer.get(suite);
    rows.push([
      suite,
      fmt(r.all),
      fmt(r.one),
      p === undefined ? '—' : fmt(p),
      p === undefined ? '—' : `${fmt(r.all / p, 2)}×`,
      `${fmt((r.all / raw) * 100, 1)}%`,
    ]);
  }
  const header = [
    'suite',
    `ours (${threads} thread${threads === 1 ? '' : 's'})`,
    'ours (1 thread)',
    'peer (@digitalbazaar/vc)',
    'ours / peer',
    'ours / raw',
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    '  ' + r.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
  console.log(`
Verification (${fmt(VERIFY_COUNT)} generated OB 3.0 credentials per suite, did:key issuer, offline; verifications/s)`);
  console.log(line(header));
  rows.forEach((r) => console.log(line(r)));
  console.log(
    `  baseline: raw Ed25519 verify (node:crypto) of the VC-JWT signing inputs  ${fmt(raw)} /s`,
  );
  const jwt = rates.get('VC-JWT')!.all / raw;
  const rdfc = rates.get('eddsa-rdfc-2022')!.all / peer.get('eddsa-rdfc-2022')!;
  console.log(
    `  target VC-JWT ≥ 50% of raw: ${fmt(jwt * 100, 1)}%  ${jwt >= 0.5 ? 'OK' : 'BELOW TARGET'}`,
  );
  console.log(
    `  target eddsa-rdfc-2022 ≥ 1.5× peer: ${fmt(rdfc, 2)}×  ${rdfc >= 1.5 ? 'OK' : 'BELOW TARGET'}`,
  );
}

/** 10,000 signed credentials (2,500 per suite) imported with verification, in a process of their own. */
function benchSignedImport(sets: SignedSet[]): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillfolio-bench-signed-'));
  const lib = fs.mkdtempSync(path.join(os.tmpdir(), 'skillfolio-bench-signed-lib-'));
  for (const set of sets) {
    set.texts.forEach((t, i) =>
      fs.writeFileSync(
        path.join(dir, `${set.suite}-${i}.${set.suite === 'VC-JWT' ? 'jwt' : 'json'}`),
        t,
      ),
    );
  }
  execFileSync('sync');
  const r = runImportChild(dir, lib);
  if (r.imported !== SIGNED_IMPORT_COUNT || r.verdicts['verified'] !== SIGNED_IMPORT_COUNT) {
    throw new Error(
      `signed import: ${r.imported} imported, verdicts ${JSON.stringify(r.verdicts)}`,
    );
  }
  console.log(
    `\nImport with verification (${fmt(SIGNED_IMPORT_COUNT)} signed credentials: 2,500 each of ${SUITES.join(', ')}; fresh library, offline)`,
  );
  console.log(`  credentials           ${fmt(r.imported)} in ${fmt(r.seconds, 2)} s, all verified`);
  console.log(`  rate                  ${fmt(r.imported / r.seconds)} credentials/s`);
  console.log(`  peak RSS              ${fmt(r.maxRssMB)} MB`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(lib, { recursive: true, force: true });
}

const PARTS = ['import', 'verify', 'signed-import', 'search', 'export', 'ui'] as const;
type Part = (typeof PARTS)[number];

const USAGE = `Usage: npm run bench [-- --only PART[,PART…]]

Parts (all of them by default, in this order):
  import         10,000 generated unsigned credentials imported into a fresh library
  verify         verification speed per proof suite, beside @digitalbazaar/vc and raw Ed25519
  signed-import  10,000 signed credentials imported with verification
  search         search latency over a 100,000-credential library
  export         a 50-credential portfolio exported as signed PDF and signed JSON-LD, beside Chromium's print-to-PDF
  ui             the app in Chromium (browser mode) over 10,000 credentials: cold load, search as you
                 type, rows in the page while scrolling, a 1,000-file drop
`;

function partsFromArgs(argv: readonly string[]): Set<Part> | null {
  if (argv.includes('--help') || argv.includes('-h')) return null;
  const at = argv.indexOf('--only');
  const inline = argv.find((a) => a.startsWith('--only='));
  const list =
    inline !== undefined ? inline.slice('--only='.length) : at >= 0 ? argv[at + 1] : undefined;
  if (list === undefined) return new Set(PARTS);
  const chosen = list.split(',').map((p) => p.trim());
  const unknown = chosen.filter((p) => !(PARTS as readonly string[]).includes(p));
  if (unknown.length > 0)
    throw new Error(`unknown bench part(s): ${unknown.join(', ')}\n\n${USAGE}`);
  return new Set(chosen as Part[]);
}

async function main(): Promise<void> {
  const parts = partsFromArgs(process.argv.slice(2));
  if (parts === null) {
    process.stdout.write(USAGE);
    return;
  }
  console.log(
    `Skillfolio benchmark — ${os.cpus().length} cores, Node ${process.version}, load average ${os.loadavg()[0]!.toFixed(2)}`,
  );
  if (parts.has('import')) await benchImport();
  if (parts.has('verify') || parts.has('signed-import')) {
    console.log(
      `\nSigning ${fmt(SIGNED_IMPORT_COUNT)} credentials (${SUITES.join(', ')}) for the verification benchmarks…`,
    );
    const key = newIssuerKey();
    const sets = await generateSigned(key);
    if (parts.has('verify')) await benchVerify(key, sets);
    if (parts.has('signed-import')) benchSignedImport(sets);
  }
  if (parts.has('search')) benchSearch();
  if (parts.has('export')) await benchExport();
  if (parts.has('ui')) await benchUi();
  sharedPool()?.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
