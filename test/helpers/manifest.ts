// Reads ../shared/conformance/MANIFEST.tsv: the scored rows (file, kind, expected offline verdict) every conformance suite walks.
import fs from 'node:fs';
import path from 'node:path';

export type ManifestRow = { file: string; kind: string; expected: string };

/** The corpus folder beside the repository, whether or not it exists on this machine. */
export const CORPUS = path.resolve(__dirname, '../../../shared/conformance');
export const MANIFEST = path.join(CORPUS, 'MANIFEST.tsv');

/** Rows whose `expected_offline` scores them (`-` marks contexts, keys and support files). */
export function scoredRows(manifestPath = MANIFEST): ManifestRow[] {
  const lines = fs
    .readFileSync(manifestPath, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').split('\t');
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`MANIFEST.tsv has no "${name}" column`);
    return i;
  };
  const [f, k, e] = [col('file'), col('kind'), col('expected_offline')];
  return lines
    .slice(1)
    .map((l) => l.split('\t'))
    .map((c) => ({ file: c[f] ?? '', kind: c[k] ?? '', expected: (c[e] ?? '').trim() }))
    .filter((r) => r.expected !== '-' && r.expected !== '');
}
