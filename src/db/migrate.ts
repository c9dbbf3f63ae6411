// Brings a library's schema up to date in one transaction, and refuses libraries from a newer Skillfolio.
import type BetterSqlite3 from 'better-sqlite3';
import { AppError } from '../shared/errors';
import { migration001 } from './migrations/001-initial';
import { migration002 } from './migrations/002-identities-fetch-cache';
import { migration003 } from './migrations/003-skill-edits-portfolios';

type Db = BetterSqlite3.Database;

export type Migration = { version: number; up(db: Db): void };

/** Every migration, oldest first; `version` is its position (1-based). Append only, never edit a shipped one. */
const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003];

export const SCHEMA_VERSION: number = MIGRATIONS.length;

function userVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function tooNew(found: number, known: number): AppError {
  return new AppError(
    'library-too-new',
    `This library was written by a newer version of Skillfolio (schema ${found}; this version knows up to ${known}). Update Skillfolio to open it.`,
  );
}

/**
 * Runs the pending migrations of `list` (exported for tests, which inject their own list). All of them
 * run in one IMMEDIATE transaction, so a crash or a throwing migration leaves the old schema and
 * user_version as they were, and two processes opening one library cannot both migrate it.
 */
export function runMigrations(db: Db, list: readonly Migration[]): void {
  list.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new Error(`Migration list out of order: position ${i + 1} holds version ${m.version}.`);
    }
  });
  const known = list.length;
  const before = userVersion(db);
  if (before > known) throw tooNew(before, known);
  if (before === known) return;

  db.transaction(() => {
    // Re-read under the write lock: another process may have migrated since the check above.
    const current = userVersion(db);
    if (current > known) throw tooNew(current, known);
    for (const m of list.slice(current)) {
      m.up(db);
      // user_version lives in the database header, which the transaction covers.
      db.pragma(`user_version = ${m.version}`);
    }
    const broken = db.pragma('foreign_key_check') as unknown[];
    if (broken.length > 0) {
      throw new AppError(
        'library',
        'Updating the library would break links between its records, so it was left as it was.',
      );
    }
  }).immediate();
}

/** Brings `db` to SCHEMA_VERSION, or throws `library-too-new` without touching it. */
export function migrate(db: Db): void {
  runMigrations(db, MIGRATIONS);
}
