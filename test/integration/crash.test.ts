// `kill -9` in the middle of a big import must leave every batch wholly present or wholly absent, and a sound file.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_BATCH_SIZE } from '../../src/services/import';
import { ob2Assertion, ob3Credential } from '../helpers/fixtures';
import { tempDir } from '../helpers/library';

const ROOT = path.resolve(__dirname, '../..');
const ITEMS = 2000;
const RUNS = 20;

function writeItems(dir: string): void {
  for (let i = 0; i < ITEMS; i++) {
    const name = `item-${String(i).padStart(5, '0')}.json`;
    fs.writeFileSync(path.join(dir, name), i % 2 ? ob2Assertion({ n: i }) : ob3Credential({ n: i }));
  }
}

/** Starts an import in a child process and SIGKILLs it once it reports `threshold` items read. */
function importAndKill(source: string, library: string, threshold: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(ROOT, 'bin/skillfolio.cjs'), '--library', library, '--offline', '--json', 'import', source],
      { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, SKILLFOLIO_PROGRESS: 'json' } },
    );
    let buffered = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.startsWith('{')) continue;
        const done = (JSON.parse(line) as { done: number }).done;
        if (done >= threshold) child.kill('SIGKILL');
      }
    });
    if (threshold === 0) child.kill('SIGKILL');
    child.on('error', reject);
    child.on('exit', () => resolve());
  });
}

describe('crash safety', () => {
  const source = tempDir('skillfolio-crash-src-');
  beforeAll(() => writeItems(source));

  it(`keeps batches whole across ${RUNS} kill -9s at random points of a ${ITEMS}-item import`, async () => {
    const seen = new Set<number>();
    const counts: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const library = tempDir('skillfolio-crash-lib-');
      // Kill points spread over the whole import, from before the first batch to after the last.
      await importAndKill(source, library, Math.floor(Math.random() * (ITEMS + 100)));
      const file = path.join(library, 'library.sqlite');
      if (!fs.existsSync(file)) {
        seen.add(0);
        counts.push(0);
        continue;
      }
      const db = new Database(file);
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        const present = db
          .prepare('SELECT source FROM credentials')
          .all()
          .map((r) => Number(/item-(\d+)\.json$/.exec((r as { source: string }).source)![1]));
        expect(present.length % IMPORT_BATCH_SIZE === 0 || present.length === ITEMS).toBe(true);
        // Whole batches, in order: exactly items 0 … k·batch-1.
        const sorted = [...present].sort((a, b) => a - b);
        sorted.forEach((n, i) => expect(n).toBe(i));
        seen.add(present.length);
        counts.push(present.length);
      } finally {
        db.close();
      }
    }
    console.log(`crash test: credentials present after each kill: ${[...counts].join(", ")}`);
    // The kill points must really have landed in different places (not all before or after the import).
    expect(seen.size).toBeGreaterThan(1);
  }, 300_000);
});
