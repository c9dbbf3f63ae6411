// `npm start`: the desktop app where the Electron runtime is installed, browser mode everywhere else.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2); // e.g. --library DIR, passed through untouched
const bin = (name) => join(root, 'node_modules', '.bin', name);

/** Newest modification time under `dir` (0 when it does not exist). */
const newest = (dir) => {
  if (!existsSync(dir)) return 0;
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile())
      latest = Math.max(latest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
};

/** A build is stale when any source it is made from is newer than its output. */
const isStale = (output, sources) => {
  const built = existsSync(output) ? statSync(output).mtimeMs : 0;
  return sources.some((dir) => newest(join(root, dir)) > built);
};

const run = (command, commandArgs) => {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

/** Runs the long-lived child in the foreground; Ctrl-C and kill reach it, its exit code becomes ours. */
const handOver = (command, commandArgs) => {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'])
    process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
};

const electronRuntime = join(root, 'node_modules', 'electron', 'dist');
if (existsSync(electronRuntime)) {
  if (isStale(join(root, 'out', 'main', 'index.js'), ['electron', 'src'])) {
    console.log('Building the app (electron-vite build)…');
    run(bin('electron-vite'), ['build']);
  }
  handOver(bin('electron'), [join(root, 'out', 'main', 'index.js'), ...args]);
} else {
  console.log('Electron runtime not installed on this machine — starting browser mode');
  if (
    isStale(join(root, 'out', 'renderer', 'index.html'), ['src/renderer', 'src/shared', 'src/core'])
  ) {
    console.log('Building the renderer (electron-vite build)…');
    run(bin('electron-vite'), ['build']);
  }
  // The host prints the loopback URL (with its per-run token) once it listens.
  handOver(process.execPath, ['--import', 'tsx', join(root, 'src', 'host', 'main.ts'), ...args]);
}
