// Runs one import in its own process so its peak memory is measured alone; prints one JSON line.
import { dispatch } from '../src/services/dispatch';
import { openSession } from '../src/services/session';
import type { ImportResult } from '../src/core/library';

async function main(): Promise<void> {
  const [source, library] = process.argv.slice(2);
  if (!source || !library) throw new Error('usage: import-child <source> <library>');
  const session = openSession({ libraryDir: library, offline: true });
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const res = await dispatch(
    session,
    'library.import',
    { sources: [{ kind: 'path', path: source }] },
    { local: true },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  session.close();
  if (!res.ok) throw new Error(res.error.message);
  const r = res.value as ImportResult;
  process.stdout.write(
    JSON.stringify({
      seconds,
      // All threads of this process: worker threads, zlib and SQLite work included.
      cpuSeconds: (used.user + used.system) / 1e6,
      imported: r.imported.length,
      duplicates: r.duplicates.length,
      rejected: r.rejected.length,
      firstRejected: r.rejected[0] ?? null,
      maxRssMB: process.resourceUsage().maxRSS / 1024,
      verdicts: r.imported.reduce<Record<string, number>>(
        (n, i) => ({ ...n, [i.verdict]: (n[i.verdict] ?? 0) + 1 }),
        {},
      ),
    }) + '\n',
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
