// Runs the importer over credentials written by others (../shared/conformance) and prints kind × outcome.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { ImportResult } from '../../src/core/library';
import { getOriginal } from '../../src/db/credentials';
import { closeLibrary, openMemoryLibrary } from '../../src/db/open';
import type { ServiceContext } from '../../src/services/context';
import { dispatch } from '../../src/services/dispatch';
import { createFetcher } from '../../src/verify/fetcher';
import { scoredRows } from '../helpers/manifest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const corpus = path.resolve(repoRoot, '../shared/conformance');
const manifestPath = path.join(corpus, 'MANIFEST.tsv');
const exists = fs.existsSync(manifestPath);
if (!exists)
  console.log(
    `Conformance corpus not found at ${corpus}; the import conformance suite is skipped.`,
  );

type Row = { file: string; kind: string; expected: string };

function readManifest(): Row[] {
  return scoredRows(manifestPath);
}

/**
 * Rows where the manifest says "a credential" but the file is not one. We refuse them on purpose
 * (and assert that we do, with `unsupported-format`), so a change of mind is a visible edit here.
 */
const DEVIATIONS: Record<string, string> = {
  'vc-di/w3c-vc-di-eddsa/proof-set-chain_proofChainConfigSigned1.json':
    'a bare DataIntegrityProof object (no issuer, no subject), not a credential',
  'vc-di/w3c-vc-di-eddsa/proof-set-chain_proofChainConfigSigned2.json':
    'a bare DataIntegrityProof object (no issuer, no subject), not a credential',
  'vc-di/w3c-vc-di-eddsa/proof-set-chain_proofSetConfigSigned1.json':
    'a bare DataIntegrityProof object (no issuer, no subject), not a credential',
  'vc-di/w3c-vc-di-eddsa/proof-set-chain_proofSetConfigSigned2.json':
    'a bare DataIntegrityProof object (no issuer, no subject), not a credential',
  'vc-di/w3c-vc-di-eddsa/hist_eddsa-2022_proofConfigDataInt.json':
    'a bare DataIntegrityProof config, not a credential',
  'blockcerts/cert-verifier-js/credential-schema-example-id-card.json':
    'a JSON Schema used by a Blockcerts test, not a credential',
  'blockcerts/cert-verifier-js/v3_vp-eddsa-rdfc-2022.json':
    'a Verifiable Presentation with no credential inside: nothing to import',
};

type Imported = { title: string; mediaType: string; original: Uint8Array; count: number };
type Outcome =
  | { row: Row; imported: Imported; bytes: Uint8Array }
  | { row: Row; rejected: { code: string; message: string } | { thrown: string } };

const outcomes: Outcome[] = [];

/** Imports one corpus file into a fresh in-memory library through the real import service, offline. */
async function run(row: Row): Promise<Outcome> {
  const file = path.join(corpus, row.file);
  const bytes = new Uint8Array(fs.readFileSync(file));
  const db = openMemoryLibrary();
  const ctx: ServiceContext = {
    db,
    libraryDir: ':memory:',
    fetcher: createFetcher({ offline: true, allowPrivateNetwork: false }),
    now: () => new Date('2026-01-01T00:00:00Z'),
    progress: () => undefined,
  };
  try {
    const res = await dispatch(ctx, 'library.import', { sources: [{ kind: 'path', path: file }] }, { local: true });
    if (!res.ok) return { row, rejected: { thrown: `${res.error.code}: ${res.error.message}` } };
    const r = res.value as ImportResult;
    const top = r.imported.filter((i) => i.parentId === null);
    const first = top[0];
    if (!first) {
      const why = r.rejected[0]?.error ?? { code: 'internal', message: 'nothing imported and no reason given' };
      return { row, rejected: why };
    }
    const original = getOriginal(db, first.id)!;
    return { row, imported: { title: first.title, mediaType: original.mediaType, original: original.bytes, count: top.length }, bytes };
  } finally {
    closeLibrary(db);
  }
}

function printTable(): void {
  const kinds = new Map<
    string,
    { rows: number; imported: number; rejected: number; deviations: number }
  >();
  for (const o of outcomes) {
    const k = kinds.get(o.row.kind) ?? { rows: 0, imported: 0, rejected: 0, deviations: 0 };
    k.rows++;
    if ('imported' in o) k.imported++;
    else k.rejected++;
    if (o.row.file in DEVIATIONS) k.deviations++;
    kinds.set(o.row.kind, k);
  }
  const header = ['kind', 'rows', 'imported', 'rejected', 'of which deviations'];
  const body = [...kinds.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, k]) => [
      kind,
      String(k.rows),
      String(k.imported),
      String(k.rejected),
      String(k.deviations),
    ]);
  const total = body.reduce(
    (t, r) => t.map((v, i) => (i === 0 ? 'total' : String(Number(v) + Number(r[i])))),
    ['total', '0', '0', '0', '0'],
  );
  const all = [header, ...body, total];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]) =>
    r.map((v, i) => (i === 0 ? v.padEnd(widths[i] ?? 0) : v.padStart(widths[i] ?? 0))).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const lines = [fmt(header), rule, ...body.map(fmt), rule, fmt(total)];
  const devs = Object.entries(DEVIATIONS).map(([f, why]) => `  ${f}: ${why}`);
  console.log(
    `\nImport conformance (offline, through the import service): ${corpus}\n${lines.join('\n')}\nRefused against the manifest on purpose:\n${devs.join('\n')}\n`,
  );
}

describe.skipIf(!exists)('conformance corpus: import (offline)', () => {
  const rows = exists ? readManifest() : [];

  afterAll(() => {
    if (outcomes.length > 0) printTable();
  });

  it('has rows to score, and every deviation names a scored row', () => {
    expect(rows.length).toBeGreaterThan(50);
    const scored = new Set(rows.map((r) => r.file));
    expect(Object.keys(DEVIATIONS).filter((f) => !scored.has(f))).toEqual([]);
  });

  for (const row of rows) {
    const alternatives = row.expected.split('|');
    const mustReject = row.expected === 'error' || row.file in DEVIATIONS;
    const mayReject = mustReject || alternatives.includes('error');
    it(`${row.kind}: ${row.file} (${row.expected})`, async () => {
      const o = await run(row);
      outcomes.push(o);
      if ('imported' in o) {
        expect(
          mustReject,
          `imported, but should be rejected: "${o.imported.title}"`,
        ).toBe(false);
        const title = o.imported.title;
        expect(title.trim().length).toBeGreaterThan(0);
        expect(title.length).toBeLessThanOrEqual(1000);
        // A file is kept byte for byte; a presentation is opened into the credentials it carries.
        if (o.row.file.includes('presentation')) expect(o.imported.count).toBeGreaterThan(0);
        else expect(Buffer.from(o.imported.original).equals(Buffer.from(o.bytes))).toBe(true);
        expect(o.imported.mediaType).toMatch(/^(application|image)\//);
      } else {
        expect(o.rejected, 'threw something that is not an AppError').not.toHaveProperty('thrown');
        const r = o.rejected as { code: string; message: string };
        expect(mayReject, `rejected (${r.code}: ${r.message}), but should import`).toBe(true);
        expect(r.code).not.toBe('internal');
        expect(r.message.length).toBeGreaterThan(10);
        if (row.file in DEVIATIONS) expect(r.code).toBe('unsupported-format');
      }
    });
  }
});
