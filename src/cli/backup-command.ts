// `skillfolio backup <file>` and `restore <file>`: journey 7 ("keep it safe") from the command line, through the same services as the app.
import fs from 'node:fs';
import path from 'node:path';
import type { Input, LibraryBackup, Method, Output, RestoreResult } from '../shared/contract';
import { AppError } from '../shared/errors';
import { cell } from './table';
import { UsageError } from './usage';

export const BACKUP_USAGE = `backup <file>                  a consistent copy of the whole library (the file must not exist yet)
  restore <file> [--yes]         replace the library with a backup (checked first; the library it
                                 replaces is kept beside it as a .bak file); asks first or needs --yes`;

export type BackupKit = {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Asks on a terminal; null when nobody can answer. */
  confirm: (question: string) => boolean | null;
  json: boolean;
  yes: boolean;
  call: <M extends Method>(method: M, input: Input<M>) => Promise<Output<M>>;
};

function size(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} kB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

function oneFile(args: readonly string[], command: string, what: string): string {
  if (args.length !== 1) throw new UsageError(`${command} needs exactly one file: ${what}.`);
  return args[0] as string;
}

export async function runBackup(args: readonly string[], kit: BackupKit): Promise<number> {
  const file = oneFile(args, 'backup', 'where to write the copy of the library');
  const b: LibraryBackup = await kit.call('library.backup', { path: file });
  if (kit.json) kit.stdout(`${JSON.stringify(b, null, 2)}\n`);
  else
    kit.stdout(
      `Backed up the library (${size(b.bytes)}) to ${cell(b.path, 500)}\nsha-256  ${b.sha256}\nBring it back with: skillfolio restore ${JSON.stringify(b.path)}\n`,
    );
  return 0;
}

export async function runRestore(args: readonly string[], kit: BackupKit): Promise<number> {
  const file = path.resolve(
    oneFile(args, 'restore', 'a backup made by "skillfolio backup" or the app'),
  );
  // Asking about a file that is not there would only waste the answer.
  if (!fs.existsSync(file)) throw new AppError('not-found', `There is no file ${file}.`);
  if (!kit.yes) {
    const info = await kit.call('library.info', {});
    const answer = kit.confirm(
      `Replace the library in ${cell(info.path, 300)} (${plural(info.credentials, 'credential', 'credentials')}) with ${cell(path.basename(file), 200)}? The backup is checked first; the library it replaces is kept beside it as a .bak file.`,
    );
    if (answer === null) {
      throw new UsageError(
        'restore replaces everything in the library: confirm with --yes (no terminal to ask on).',
      );
    }
    if (!answer) {
      kit.stderr('Nothing was restored.\n');
      return 1;
    }
  }
  const r: RestoreResult = await kit.call('library.restore', { path: file });
  if (kit.json) kit.stdout(`${JSON.stringify(r, null, 2)}\n`);
  else
    kit.stdout(
      `Restored ${plural(r.credentials, 'credential', 'credentials')} and ${plural(r.portfolios, 'portfolio', 'portfolios')} from ${cell(path.basename(file), 200)}.\nThe library it replaced is kept in ${r.previous}\n`,
    );
  return 0;
}
