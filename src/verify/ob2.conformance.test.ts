// The Open Badges rows of the shared conformance corpus, verified offline by verifyOb2 alone: kind × expected × got.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { mostSevere, type Verdict } from '../core/verification';
import { parseCredential } from '../formats/detect';
import { createFetcher } from './fetcher';
import { verifyOb2 } from './ob2';
import type { CheckResult, VerifyEnv } from './types';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const corpus = path.resolve(root, '../shared/conformance');
const manifest = path.join(corpus, 'MANIFEST.tsv');
const present = fs.existsSync(manifest);

type Row = { file: string; kind: string; expected: Verdict[] | null };

function rows(): Row[] {
  if (!present) return [];
  const lines = fs
    .readFileSync(manifest, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').split('\t');
  const col = (n: string) => header.indexOf(n);
  const [f, k, e] = [col('file'), col('kind'), col('expected_offline')];
  return lines
    .slice(1)
    .map((l) => l.split('\t'))
    .filter((c) => (c[f] ?? '').startsWith('ob2/'))
    .map((c) => {
      const exp = (c[e] ?? '').trim();
      return {
        file: c[f] ?? '',
        kind: c[k] ?? '',
        expected: exp === '-' || exp === '' ? null : (exp.split('|') as Verdict[]),
      };
    });
}

/** The verdict rule of VERIFY-API.md, applied to verifyOb2's checks alone. */
function verdictOf(checks: CheckResult[]): Verdict {
  const implied = checks.flatMap((c) => (c.implies ? [c.implies] : []));
  const worst = mostSevere(implied);
  if (worst !== 'verified') return worst;
  return checks.some((c) => c.establishesIntegrity) ? 'verified' : 'unverified';
}

const offline: VerifyEnv = {
  fetcher: createFetcher({ offline: true, allowPrivateNetwork: false }),
  now: () => new Date('2026-01-01T00:00:00Z'),
  identities: ['test@example.com'],
};

const table: { kind: string; expected: string; got: string }[] = [];

describe.skipIf(!present)('OB 2.0 conformance rows, offline', () => {
  const scored = rows().filter((r) => r.expected !== null);

  it('finds the Open Badges rows in the manifest', () => {
    expect(scored.length).toBeGreaterThan(10);
  });

  it.each(scored.map((r) => [r.file, r] as const))('%s', async (_file, row) => {
    const bytes = new Uint8Array(fs.readFileSync(path.join(corpus, row.file)));
    let got: Verdict;
    let checks: CheckResult[] = [];
    try {
      const parsed = await parseCredential(bytes, { name: path.basename(row.file) });
      checks = await verifyOb2(parsed, offline);
      got = verdictOf(checks);
    } catch {
      got = 'error';
    }
    table.push({ kind: row.kind, expected: (row.expected ?? []).join('|'), got });
    expect(row.expected).toContain(got);
    // Offline, nothing may fail unless the manifest expects the file to be invalid.
    if (!row.expected?.includes('invalid')) {
      expect(checks.filter((c) => c.status === 'fail')).toEqual([]);
    }
    // Nothing that needs the network may pass offline.
    expect(checks.filter((c) => ['hosted', 'proof'].includes(c.id) && c.status === 'pass')).toEqual(
      [],
    );
  });
});

afterAll(() => {
  if (table.length === 0) return;
  const counts = new Map<string, number>();
  for (const r of table) {
    const key = `${r.kind}\t${r.expected}\t${r.got}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const lines = [...counts.entries()].sort().map(([k, n]) => `${k}\t${n}`);
  console.log(['kind\texpected\tgot\trows', ...lines].join('\n'));
});
