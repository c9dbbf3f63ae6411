// Opens (creating if needed) the library's SQLite file with the settings that keep it safe, then migrates it.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import { AppError } from '../shared/errors';
import { migrate } from './migrate';

export type Db = BetterSqlite3.Database;

export const LIBRARY_FILE = 'library.sqlite';

/** How long a write waits for another connection (a CLI next to the app) before giving up. */
const BUSY_TIMEOUT_MS = 5000;

function sqliteCode(err: unknown): string | null {
  if (err instanceof Database.SqliteError) return err.code;
  return null;
}

function libraryError(file: string, err: unknown): AppError {
  if (err instanceof AppError) return err;
  const code = sqliteCode(err);
  if (code === 'SQLITE_NOTADB') {
    return new AppError(
      'library',
      `${file} is not a Skillfolio library (it is not an SQLite database). Move it aside or choose another folder.`,
    );
  }
  if (code !== null && code.startsWith('SQLITE_CORRUPT')) {
    return new AppError(
      'library',
      `The library ${file} is damaged and cannot be opened. Restore it from a backup.`,
    );
  }
  if (code !== null && code.startsWith('SQLITE_BUSY')) {
    return new AppError(
      'library',
      `The library ${file} is busy in another program. Close the other Skillfolio window or command and try again.`,
    );
  }
  const detail = err instanceof Error ? err.message : String(err);
  return new AppError('library', `Cannot open the library ${file}: ${detail}`);
}

/** Connection settings; run before anything writes (WAL and synchronous are per connection or file). */
function configure(db: Db): void {
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = FULL');
  // A 32 MiB page cache keeps the list indexes of a large library in memory.
  db.pragma('cache_size = -32768');
}

/** Opens the library in `dir` (created with mode 0700 if missing), migrated to the current schema. */
export function openLibrary(dir: string): Db {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new AppError('library', `Cannot create the library folder ${dir}: ${detail}`);
  }
  const file = path.join(dir, LIBRARY_FILE);
  let db: Db;
  try {
    db = new Database(file);
  } catch (err) {
    throw libraryError(file, err);
  }
  try {
    configure(db);
    // Reading the header first: a foreign file or a newer library must be refused before the
    // journal_mode change below writes to it.
    db.pragma('user_version', { simple: true });
    migrate(db);
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') {
      throw new AppError(
        'library',
        `The library ${file} cannot use write-ahead logging (the folder may be on a network drive). Choose a local folder.`,
      );
    }
    return db;
  } catch (err) {
    db.close();
    throw libraryError(file, err);
  }
}

/** A library in memory with the same schema and settings, for tests and throwaway work. */
export function openMemoryLibrary(): Db {
  const db = new Database(':memory:');
  configure(db);
  migrate(db);
  return db;
}

/** Closes the connection; closing twice is harmless. */
export function closeLibrary(db: Db): void {
  if (!db.open) return;
  try {
    // Lets SQLite refresh its planner statistics for what this session queried.
    db.pragma('optimize');
  } catch {
    // Statistics are only an optimisation; failing to refresh them must not keep the file open.
  }
  db.close();
}
