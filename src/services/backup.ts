// Backup and restore of the whole library database: a consistent copy out, and a checked copy in that never loses the one it replaces.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SCHEMA_VERSION, migrate } from '../db/migrate';
import { openMemoryLibrary, type Db } from '../db/open';
import { ensureSkillRules } from '../db/skills';
import type { Input, LibraryBackup, RestoreResult } from '../shared/contract';
import { AppError, toErrorData } from '../shared/errors';
import type { ServiceContext } from './context';

/** Every SQLite database file starts with these 16 bytes. */
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
/** A window receives the backup as base64 in one answer; larger libraries are copied from the command line. */
export const MAX_WINDOW_BACKUP_BYTES = 200 * 1024 * 1024;
/** Largest backup read from disk for a restore. */
export const MAX_RESTORE_BYTES = 4 * 1024 * 1024 * 1024;

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The library's file on disk; a library in memory has none to copy or replace. */
function libraryFile(ctx: ServiceContext): string {
  const name = ctx.db.name;
  if (!name || name === ':memory:') {
    throw new AppError(
      'bad-input',
      'This library is kept in memory and has no file to back up or restore.',
    );
  }
  return name;
}

/** "2025-03-01T09-30-12Z": a moment that can be part of a file name on every system. */
function stamp(now: Date): string {
  return now
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
}

function tempName(dir: string, what: string): string {
  return path.join(dir, `.${what}-${randomBytes(6).toString('hex')}.sqlite`);
}

/** Removes a temporary database and the journal files SQLite may have left beside it. */
function removeDatabaseFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) {
    fs.rmSync(`${file}${suffix}`, { force: true });
  }
}

/**
 * Writes a consistent, compacted copy of the open library to `target` (which must not exist yet):
 * SQLite's VACUUM INTO reads one snapshot, so writes happening meanwhile are either all in or all out.
 */
export function copyLibrary(db: Db, target: string): void {
  try {
    db.prepare('VACUUM INTO ?').run(target);
  } catch (err) {
    removeDatabaseFiles(target);
    throw new AppError(
      'library',
      `Cannot write a copy of the library to ${target}: ${toErrorData(err).message}`,
    );
  }
}

/**
 * `library.backup`: a copy of the library database. With `path` (the CLI) it is written there
 * atomically; otherwise the bytes come back for the window to save as a download.
 */
export async function backupLibraryService(
  ctx: ServiceContext,
  input: Input<'library.backup'>,
): Promise<LibraryBackup> {
  const live = libraryFile(ctx);
  const now = ctx.now();
  const name = `skillfolio-library-${stamp(now)}.sqlite`;
  const target = input.path === undefined ? null : path.resolve(input.path);
  const dir = target === null ? path.dirname(live) : path.dirname(target);
  if (target !== null && fs.existsSync(target)) {
    throw new AppError(
      'bad-input',
      `${target} already exists; choose a new file name for the backup.`,
    );
  }
  const temp = tempName(dir, 'backup');
  try {
    copyLibrary(ctx.db, temp);
    const size = fs.statSync(temp).size;
    if (target === null && size > MAX_WINDOW_BACKUP_BYTES) {
      throw new AppError(
        'too-large',
        `The library is ${Math.round(size / 1024 / 1024)} MB, more than a window can download at once (${MAX_WINDOW_BACKUP_BYTES / 1024 / 1024} MB). Back it up with the skillfolio command instead.`,
      );
    }
    const bytes = fs.readFileSync(temp);
    const base = {
      name,
      bytes: bytes.length,
      sha256: sha256Hex(bytes),
      createdAt: now.toISOString(),
    };
    if (target === null) return { ...base, path: null, base64: bytes.toString('base64') };
    // The finished copy takes the target's name in one step: never half a backup under it.
    fs.renameSync(temp, target);
    return { ...base, name: path.basename(target), path: target, base64: null };
  } finally {
    removeDatabaseFiles(temp);
  }
}

/** The tables, indexes and triggers of a library this version makes (names starting sqlite_ are SQLite's own). */
function schemaOf(db: Db): string[] {
  const rows = db
    .prepare(
      `SELECT type, name, tbl_name, sql FROM sqlite_schema
        WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type, name`,
    )
    .all();
  return rows.map((r) => JSON.stringify(r));
}

let expectedSchema: string[] | null = null;
function currentSchema(): string[] {
  if (expectedSchema === null) {
    const db = openMemoryLibrary();
    try {
      expectedSchema = schemaOf(db);
    } finally {
      db.close();
    }
  }
  return expectedSchema;
}

function notALibrary(name: string, why: string): AppError {
  return new AppError(
    'bad-input',
    `${name} is not a Skillfolio backup: ${why}. Your library was not changed.`,
  );
}

function damaged(name: string): AppError {
  return new AppError(
    'malformed',
    `${name} is damaged or incomplete (it may have been cut short while copying), so it was not restored. Your library was not changed.`,
  );
}

type Candidate = { db: Db; schemaVersion: number; credentials: number; portfolios: number };

/**
 * Opens a copy of a backup and proves it is a whole Skillfolio library this version can use:
 * SQLite's integrity check passes, its schema is not from a newer Skillfolio, and once brought up
 * to date it has exactly the tables, indexes and triggers of a library made here (so it carries
 * nothing that would run inside ours). The copy is migrated in place; the caller closes it.
 */
function openCandidate(file: string, name: string): Candidate {
  let db: Db;
  try {
    db = new Database(file, { fileMustExist: true });
  } catch (err) {
    const code = err instanceof Database.SqliteError ? err.code : '';
    if (code === 'SQLITE_NOTADB') throw notALibrary(name, 'it is not an SQLite database');
    throw damaged(name);
  }
  try {
    let schemaVersion: number;
    try {
      // A temporary copy: nothing to protect if the machine stops while it is checked.
      db.pragma('journal_mode = DELETE');
      db.pragma('synchronous = OFF');
      const check = db.pragma('integrity_check(1)', { simple: true });
      if (check !== 'ok') throw damaged(name);
      schemaVersion = db.pragma('user_version', { simple: true }) as number;
    } catch (err) {
      if (err instanceof AppError) throw err;
      const code = err instanceof Database.SqliteError ? err.code : '';
      if (code === 'SQLITE_NOTADB') throw notALibrary(name, 'it is not an SQLite database');
      throw damaged(name);
    }
    if (schemaVersion > SCHEMA_VERSION) {
      throw new AppError(
        'library-too-new',
        `${name} was made by a newer version of Skillfolio (library schema ${schemaVersion}; this version knows up to ${SCHEMA_VERSION}). Update Skillfolio to restore it. Your library was not changed.`,
      );
    }
    const hasCredentials = db
      .prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'credentials'")
      .get();
    if (schemaVersion < 1 || hasCredentials === undefined) {
      throw notALibrary(name, 'it is an SQLite database, but not a Skillfolio library');
    }
    try {
      db.pragma('foreign_keys = ON');
      migrate(db);
    } catch (err) {
      throw notALibrary(name, `it could not be brought up to date (${toErrorData(err).message})`);
    }
    const found = schemaOf(db);
    const expected = currentSchema();
    if (found.length !== expected.length || found.some((row, i) => row !== expected[i])) {
      throw notALibrary(name, 'its tables are not the ones Skillfolio makes');
    }
    if ((db.pragma('foreign_key_check') as unknown[]).length > 0) throw damaged(name);
    const count = (sql: string): number => (db.prepare(sql).get() as { n: number }).n;
    return {
      db,
      schemaVersion,
      credentials: count('SELECT count(*) AS n FROM credentials'),
      portfolios: count('SELECT count(*) AS n FROM portfolios'),
    };
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * Replaces the open library with the backup in `bytes`. The backup is checked on a temporary copy
 * first; only then is the current library copied aside (`library-before-restore-<time>.sqlite.bak`,
 * beside it) and the backup written into the live database by SQLite's backup API, in one
 * transaction: a failure part-way leaves the library as it was.
 */
export async function restoreLibrary(
  ctx: ServiceContext,
  bytes: Uint8Array,
  name: string,
): Promise<RestoreResult> {
  const live = libraryFile(ctx);
  if (
    bytes.byteLength < SQLITE_HEADER.length ||
    !SQLITE_HEADER.equals(bytes.subarray(0, SQLITE_HEADER.length))
  ) {
    throw notALibrary(name, 'it is not an SQLite database');
  }
  const dir = path.dirname(live);
  const temp = tempName(dir, 'restore');
  let candidate: Candidate | null = null;
  try {
    try {
      fs.writeFileSync(temp, bytes, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      throw new AppError(
        'library',
        `Cannot make a temporary copy of ${name} beside the library to check it (${toErrorData(err).message}). Your library was not changed.`,
      );
    }
    candidate = openCandidate(temp, name);
    const source = candidate.db;
    const liveSize = ctx.db.pragma('page_size', { simple: true }) as number;
    if ((source.pragma('page_size', { simple: true }) as number) !== liveSize) {
      // A WAL database only takes pages of its own size.
      source.pragma(`page_size = ${liveSize}`);
      source.exec('VACUUM');
    }
    const previous = path.join(dir, `library-before-restore-${stamp(ctx.now())}.sqlite.bak`);
    if (fs.existsSync(previous)) {
      throw new AppError(
        'bad-input',
        `${previous} already exists; wait a second and restore again.`,
      );
    }
    copyLibrary(ctx.db, previous);
    try {
      // All pages in one step: the live library changes in a single transaction, or not at all.
      await source.backup(live, { progress: () => 0x7fffffff });
    } catch (err) {
      throw new AppError(
        'library',
        `The backup could not be written into the library (${toErrorData(err).message}). Your library was not changed; a copy of it is in ${previous}.`,
      );
    }
    ensureSkillRules(ctx.db);
    return {
      credentials: candidate.credentials,
      portfolios: candidate.portfolios,
      schemaVersion: candidate.schemaVersion,
      previous,
    };
  } finally {
    candidate?.db.close();
    removeDatabaseFiles(temp);
  }
}

/** `library.restore`: from bytes a window sends, or (CLI) from a file. */
export async function restoreLibraryService(
  ctx: ServiceContext,
  input: Input<'library.restore'>,
): Promise<RestoreResult> {
  if (input.file !== undefined) {
    return restoreLibrary(ctx, Buffer.from(input.file.base64, 'base64'), input.file.name);
  }
  const file = path.resolve(input.path ?? '');
  const st = fs.statSync(file, { throwIfNoEntry: false });
  if (st === undefined) throw new AppError('not-found', `There is no file ${file}.`);
  if (!st.isFile()) throw new AppError('bad-input', `${file} is not a file.`);
  if (st.size > MAX_RESTORE_BYTES) {
    throw new AppError('too-large', `${file} is larger than a Skillfolio library backup can be.`);
  }
  return restoreLibrary(ctx, fs.readFileSync(file), path.basename(file));
}
