// Opening and migrating a library: the schema appears once, and foreign or future files are refused untouched.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, runMigrations, type Migration } from './migrate';
import { LIBRARY_FILE, closeLibrary, openLibrary, openMemoryLibrary, type Db } from './open';
import { caught } from '../../test/helpers/errors';

const dirs: string[] = [];
const open: Db[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillfolio-db-'));
  dirs.push(dir);
  return dir;
}
function track(db: Db): Db {
  open.push(db);
  return db;
}
afterEach(() => {
  while (open.length) {
    const db = open.pop();
    if (db?.open) db.close();
  }
  while (dirs.length) fs.rmSync(dirs.pop() as string, { recursive: true, force: true });
});

function schema(db: Db): Array<{ type: string; name: string; sql: string | null }> {
  return db
    .prepare(
      "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all() as Array<{ type: string; name: string; sql: string | null }>;
}

describe('openLibrary', () => {
  it('creates a private folder, the library file and the whole schema', () => {
    const dir = path.join(tempDir(), 'nested', 'library');
    const db = track(openLibrary(dir));
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(fs.existsSync(path.join(dir, LIBRARY_FILE))).toBe(true);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const names = schema(db).map((r) => r.name);
    for (const table of [
      'credentials',
      'images',
      'skills',
      'credential_skills',
      'credentials_fts',
      'settings',
    ]) {
      expect(names).toContain(table);
    }
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('sets the pragmas that keep commits durable and links enforced', () => {
    const db = track(openLibrary(tempDir()));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
  });

  it('re-opens an up-to-date library without writing to it', () => {
    const dir = tempDir();
    const first = openLibrary(dir);
    first.prepare("INSERT INTO settings (key, value) VALUES ('theme', 'dark')").run();
    const before = schema(first);
    closeLibrary(first);

    // Another connection holds the write lock: opening must not need it.
    const holder = track(new Database(path.join(dir, LIBRARY_FILE)));
    holder.exec('BEGIN IMMEDIATE');
    const again = track(openLibrary(dir));
    expect(again.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(schema(again)).toEqual(before);
    expect(again.prepare("SELECT value FROM settings WHERE key = 'theme'").get()).toEqual({
      value: 'dark',
    });
    holder.exec('ROLLBACK');
  });

  it('refuses a library from a newer Skillfolio and leaves its bytes alone', () => {
    const dir = tempDir();
    closeLibrary(openLibrary(dir));
    const file = path.join(dir, LIBRARY_FILE);
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    const bytes = fs.readFileSync(file);

    const err = caught(() => openLibrary(dir));
    expect(err.code).toBe('library-too-new');
    expect(err.message).toBe(
      `This library was written by a newer version of Skillfolio (schema ${SCHEMA_VERSION + 1}; this version knows up to ${SCHEMA_VERSION}). Update Skillfolio to open it.`,
    );
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });

  it('refuses a rollback-journal library from a newer Skillfolio without switching it to WAL', () => {
    const dir = tempDir();
    const file = path.join(dir, LIBRARY_FILE);
    const raw = new Database(file);
    raw.exec('CREATE TABLE future (x)');
    raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    raw.close();
    const bytes = fs.readFileSync(file);

    expect(caught(() => openLibrary(dir)).code).toBe('library-too-new');
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it('refuses a file that is not SQLite, with a message naming it, and leaves it alone', () => {
    const dir = tempDir();
    const file = path.join(dir, LIBRARY_FILE);
    const bytes = Buffer.from(`My CV notes\n${'not a database at all. '.repeat(100)}`);
    fs.writeFileSync(file, bytes);

    const err = caught(() => openLibrary(dir));
    expect(err.code).toBe('library');
    expect(err.message).toContain(file);
    expect(err.message).toContain('not a Skillfolio library');
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });

  it('says so when the library folder cannot be created', () => {
    const dir = tempDir();
    const blocker = path.join(dir, 'file');
    fs.writeFileSync(blocker, 'x');
    const err = caught(() => openLibrary(path.join(blocker, 'library')));
    expect(err.code).toBe('library');
    expect(err.message).toContain('Cannot create the library folder');
  });

  it('closes idempotently', () => {
    const db = openLibrary(tempDir());
    closeLibrary(db);
    expect(() => closeLibrary(db)).not.toThrow();
    expect(db.open).toBe(false);
  });
});

describe('openMemoryLibrary', () => {
  it('has the same schema as a library on disk', () => {
    const memory = track(openMemoryLibrary());
    const disk = track(openLibrary(tempDir()));
    expect(schema(memory)).toEqual(schema(disk));
    expect(memory.pragma('foreign_keys', { simple: true })).toBe(1);
  });
});

describe('runMigrations', () => {
  const createNotes: Migration = {
    version: 1,
    up(db) {
      db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)');
    },
  };
  const addTagsThenFail: Migration = {
    version: 2,
    up(db) {
      db.exec('CREATE TABLE tags (id INTEGER PRIMARY KEY)');
      db.exec("UPDATE notes SET text = 'rewritten'");
      throw new Error('power cut');
    },
  };

  it('rolls back every pending migration when one throws part-way', () => {
    const db = track(new Database(':memory:'));
    runMigrations(db, [createNotes]);
    db.prepare("INSERT INTO notes (text) VALUES ('keep me')").run();
    const before = schema(db);

    expect(() => runMigrations(db, [createNotes, addTagsThenFail])).toThrow('power cut');
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(schema(db)).toEqual(before);
    expect(db.prepare('SELECT text FROM notes').all()).toEqual([{ text: 'keep me' }]);
  });

  it('runs all pending migrations as one unit: none of them stay when the last fails', () => {
    const db = track(new Database(':memory:'));
    expect(() => runMigrations(db, [createNotes, addTagsThenFail])).toThrow('power cut');
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(schema(db)).toEqual([]);
  });

  it('counts migrations in user_version and skips those already applied', () => {
    const db = track(new Database(':memory:'));
    let runs = 0;
    const counted: Migration = {
      version: 2,
      up(d) {
        runs++;
        d.exec('CREATE TABLE tags (id INTEGER PRIMARY KEY)');
      },
    };
    runMigrations(db, [createNotes, counted]);
    runMigrations(db, [createNotes, counted]);
    expect(runs).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
  });

  it('refuses a list whose versions are not 1, 2, 3 … in order', () => {
    const db = track(new Database(':memory:'));
    expect(() => runMigrations(db, [{ ...createNotes, version: 2 }])).toThrow('out of order');
    expect(db.pragma('user_version', { simple: true })).toBe(0);
  });

  it('refuses a database that is ahead of the list', () => {
    const db = track(new Database(':memory:'));
    db.pragma('user_version = 3');
    expect(caught(() => runMigrations(db, [createNotes])).code).toBe('library-too-new');
    expect(db.pragma('user_version', { simple: true })).toBe(3);
  });
});
