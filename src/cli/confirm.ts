// Asking "are you sure?" on a terminal before something cannot be undone; scripts say --yes instead.
import fs from 'node:fs';
import tty from 'node:tty';

/** One line typed on the terminal, read without the event loop (the CLI is otherwise synchronous here). */
function readLine(): string {
  const bytes: number[] = [];
  const one = Buffer.alloc(1);
  for (;;) {
    let n: number;
    try {
      n = fs.readSync(0, one, 0, 1, null);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EAGAIN') {
        // A non-blocking terminal: wait a moment for the next key instead of spinning.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
        continue;
      }
      if ((err as NodeJS.ErrnoException).code === 'EOF') break;
      throw err;
    }
    if (n === 0 || one[0] === 0x0a) break;
    bytes.push(one[0] ?? 0);
    if (bytes.length > 1024) break;
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * Asks a yes/no question on the terminal: true for "y"/"yes", false for anything else, null when
 * stdin is not a terminal (nobody can answer, so the caller must insist on --yes).
 */
export function confirmOnTerminal(question: string): boolean | null {
  if (!tty.isatty(0)) return null;
  process.stderr.write(`${question} [y/N] `);
  return /^\s*y(es)?\s*$/i.test(readLine());
}
