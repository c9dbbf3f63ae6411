// `npm run bench`: import throughput and search latency, each printed beside a baseline measured in the same run.
import { execFileSync } from 'node:child_process';
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
import { newSigningKey, ob2Assertion, ob3Credential, PLAIN_SVG, solidPng, vcJwt } from '../test/helpers/fixtures';
import { writeZip } from '../test/helpers/zip-writer';

const ROOT = path.resolve(__dirname, '..');
const IMPORT_COUNT = 10_000;
const SEARCH_LIBRARY = 100_000;
const SEARCH_QUERIES = 200;

const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

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
    else if (slot < 18) [name, bytes] = [`baked-${n}.png`, bakePng(png, 'openbadgecredential', ob3Credential(o))];
    else if (slot < 19) [name, bytes] = [`baked-${n}.svg`, Buffer.from(bakeSvg(PLAIN_SVG, 'assertion', ob2Assertion(o)))];
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
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, sha256 TEXT UNIQUE, title TEXT, source TEXT, original BLOB)');
  const ins = db.prepare('INSERT INTO t (sha256, title, source, original) VALUES (?, ?, ?, ?)');
  const started = process.hrtime.bigint();
  db.transaction(() => {
    originals.forEach((o, i) => ins.run(`${i}`.padStart(64, '0'), `Credential ${i}`, `file-${i}`, o));
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
    console.log(`Generating ${fmt(IMPORT_COUNT)} credentials (OB 2.0 / OB 3.0 JSON, VC-JWT, baked PNG/SVG, one ZIP)…`);
    const { originals } = await generate(dir);
    // Flush the fixture files to disk first, so the import's own fsyncs do not pay for writing them.
    execFileSync('sync');
    const out = execFileSync(
      process.execPath,
      [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'bench/import-child.ts'), dir, lib],
      { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
    );
    const r = JSON.parse(out.trim().split('\n').pop()!) as {
      seconds: number;
      imported: number;
      rejected: number;
      firstRejected: unknown;
      maxRssMB: number;
    };
    if (r.imported !== IMPORT_COUNT) {
      throw new Error(`expected ${IMPORT_COUNT} imported, got ${r.imported} (${r.rejected} rejected: ${JSON.stringify(r.firstRejected)})`);
    }
    const rate = r.imported / r.seconds;
    const raw = rawInsertRate(originals);
    console.log('\nImport (parse + store, fresh library, offline)');
    console.log(`  credentials           ${fmt(r.imported)} in ${fmt(r.seconds, 2)} s`);
    console.log(`  rate                  ${fmt(rate)} credentials/s   (target ≥ 3,000)  ${rate >= 3000 ? 'OK' : 'BELOW TARGET'}`);
    console.log(`  peak RSS              ${fmt(r.maxRssMB)} MB   (target ≤ 300)  ${r.maxRssMB <= 300 ? 'OK' : 'ABOVE TARGET'}`);
    console.log(`  baseline: raw better-sqlite3 insert of the same rows  ${fmt(raw)} rows/s`);
    console.log(`  ratio import / raw    ${fmt(rate / raw, 3)}  (1.0 would be the physical limit)`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(lib, { recursive: true, force: true });
  })();
}

const WORDS = ['data', 'python', 'sql', 'cloud', 'security', 'design', 'analysis', 'leadership', 'network', 'machine', 'learning', 'project', 'management', 'excel', 'statistics', 'java', 'writing', 'teaching', 'nursing', 'welding'];

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
    return i % 4 === 0 ? w.slice(0, 3) : i % 4 === 1 ? w : i % 4 === 2 ? `${w} ${WORDS[(i + 3) % WORDS.length]}` : `issuer ${i % 500}`;
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
  const ftsOnly = db.prepare('SELECT rowid FROM credentials_fts WHERE credentials_fts MATCH ? LIMIT 50');
  const raw = time((q) => ftsOnly.all(q.split(/\s+/).map((t) => `"${t}"*`).join(' ')));
  console.log(`Search (${SEARCH_QUERIES} queries, first page of 50 with total count, sorted by date)`);
  console.log(`  p50                   ${fmt(percentile(ours, 50), 2)} ms`);
  console.log(`  p95                   ${fmt(percentile(ours, 95), 2)} ms   (target ≤ 10)  ${percentile(ours, 95) <= 10 ? 'OK' : 'ABOVE TARGET'}`);
  console.log(`  baseline: bare FTS5 MATCH, 50 rowids, no count/sort  p50 ${fmt(percentile(raw, 50), 2)} ms, p95 ${fmt(percentile(raw, 95), 2)} ms`);
  console.log(`  ratio p95 ours / bare FTS5  ${fmt(percentile(ours, 95) / percentile(raw, 95), 2)}`);
  db.close();
  fs.rmSync(lib, { recursive: true, force: true });
}

async function main(): Promise<void> {
  console.log(`Skillfolio benchmark — ${os.cpus().length} cores, Node ${process.version}`);
  await benchImport();
  benchSearch();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
