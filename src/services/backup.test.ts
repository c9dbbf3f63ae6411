// Backup and restore on real library files: a backup restores what was there, and hostile or foreign files change nothing.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { call, refusal } from '../../test/helpers/dispatch';
import { ob3Credential } from '../../test/helpers/fixtures';
import { snapshot, tempDir, tempSession } from '../../test/helpers/library';
import { SCHEMA_VERSION } from '../db/migrate';
import { LIBRARY_FILE } from '../db/open';
import type { Session } from './session';

const sessions: Session[] = [];
afterEach(() => {
  while (sessions.length) sessions.pop()?.close();
});

function session(): Session {
  const s = tempSession({ now: () => new Date('2025-05-01T09:00:00Z') });
  sessions.push(s);
  return s;
}

async function importTitles(s: Session, ...titles: string[]): Promise<void> {
  const result = await call(s, 'library.import', {
    sources: titles.map((title, i) => ({
      kind: 'text' as const,
      text: ob3Credential({ n: 100 + i + titles.length * 10, title }),
    })),
  });
  expect(result.imported).toHaveLength(titles.length);
}

const titles = (s: Session): string[] =>
  (s.db.prepare('SELECT title FROM credentials ORDER BY title').all() as { title: string }[]).map(
    (r) => r.title,
  );

/** The files in the library folder, to show a refusal left nothing behind (no temp copy, no .bak). */
const files = (s: Session): string[] => fs.readdirSync(s.libraryDir).sort();

async function backupBytes(s: Session): Promise<Buffer> {
  const backup = await call(s, 'library.backup', {});
  expect(backup.base64).not.toBeNull();
  const bytes = Buffer.from(backup.base64 ?? '', 'base64');
  expect(bytes.length).toBe(backup.bytes);
  expect(backup.name).toBe('skillfolio-library-2025-05-01T09-00-00Z.sqlite');
  return bytes;
}

const restore = (s: Session, bytes: Uint8Array, name = 'backup.sqlite') =>
  call(s, 'library.restore', { file: { name, base64: Buffer.from(bytes).toString('base64') } });

describe('library.backup', () => {
  it('gives a window a complete, self-contained SQLite copy of the library', async () => {
    const s = session();
    await importTitles(s, 'Statistics', 'Data Cleaning');
    const bytes = await backupBytes(s);
    expect(bytes.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
    // Opened on its own (no -wal beside it), the copy holds both credentials and the schema version.
    const file = path.join(tempDir(), 'copy.sqlite');
    fs.writeFileSync(file, bytes);
    const copy = new Database(file, { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(copy.prepare('SELECT count(*) AS n FROM credentials').get()).toEqual({ n: 2 });
    } finally {
      copy.close();
    }
    // The temporary copy made on the way is gone.
    expect(files(s).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('writes to a named file for the command line, and never over an existing one', async () => {
    const s = session();
    await importTitles(s, 'Statistics');
    const target = path.join(tempDir(), 'my-backup.sqlite');
    const done = await call(s, 'library.backup', { path: target }).catch((e: unknown) => e);
    // A window may not name files…
    expect(done).toBeInstanceOf(Error);
    // …the CLI (a local adapter) may.
    const { dispatch } = await import('./dispatch');
    const local = await dispatch(s, 'library.backup', { path: target }, { local: true });
    expect(local.ok).toBe(true);
    expect(fs.statSync(target).size).toBeGreaterThan(0);
    const again = await dispatch(s, 'library.backup', { path: target }, { local: true });
    expect(again).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    expect(!again.ok && again.error.message).toMatch(/already exists/);
  });
});

describe('library.restore', () => {
  it('brings back the library as it was at the backup, keeping the replaced one as a .bak', async () => {
    const s = session();
    await importTitles(s, 'Statistics', 'Data Cleaning');
    await call(s, 'portfolio.create', { name: 'Analyst' });
    const bytes = await backupBytes(s);

    await importTitles(s, 'Added After The Backup');
    await call(s, 'library.delete', { id: 1 });
    expect(titles(s)).toEqual(['Added After The Backup', 'Data Cleaning']);

    const result = await restore(s, bytes);
    expect(result).toMatchObject({ credentials: 2, portfolios: 1, schemaVersion: SCHEMA_VERSION });
    // The same connection now reads the restored library: no restart needed.
    expect(titles(s)).toEqual(['Data Cleaning', 'Statistics']);
    expect((await call(s, 'library.list', { query: 'statistics' })).total).toBe(1);
    expect(s.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(s.db.pragma('journal_mode', { simple: true })).toBe('wal');

    // Nothing is lost: the library it replaced is beside it, whole.
    expect(path.dirname(result.previous)).toBe(s.libraryDir);
    expect(path.basename(result.previous)).toMatch(/^library-before-restore-.*\.sqlite\.bak$/);
    const bak = new Database(result.previous, { readonly: true });
    try {
      const rows = bak.prepare('SELECT title FROM credentials ORDER BY title').all();
      expect(rows).toEqual([{ title: 'Added After The Backup' }, { title: 'Data Cleaning' }]);
    } finally {
      bak.close();
    }

    // Writing after the restore works, and survives reopening the library.
    await importTitles(s, 'After Restore');
    s.close();
    sessions.pop();
    const reopened = tempSession({ libraryDir: s.libraryDir });
    sessions.push(reopened);
    expect(titles(reopened)).toEqual(['After Restore', 'Data Cleaning', 'Statistics']);
  });

  it('brings an older library up to date as it restores it', async () => {
    const s = session();
    await importTitles(s, 'Statistics');
    // A library of schema 1, as the first release wrote it.
    const old = path.join(tempDir(), 'old.sqlite');
    const db = new Database(old);
    const { migration001 } = await import('../db/migrations/001-initial');
    migration001.up(db);
    db.pragma('user_version = 1');
    db.close();
    const result = await restore(s, fs.readFileSync(old), 'old.sqlite');
    expect(result).toMatchObject({ credentials: 0, schemaVersion: 1 });
    expect(s.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(titles(s)).toEqual([]);
    // The portfolio tables of later versions are there and usable.
    await call(s, 'portfolio.create', { name: 'After' });
  });

  describe('hostile and foreign files: a clear error, the library unchanged, nothing left behind', () => {
    async function refused(s: Session, bytes: Uint8Array, name = 'backup.sqlite') {
      const before = snapshot(s);
      const beforeFiles = files(s);
      const err = await refusal(s, 'library.restore', {
        file: { name, base64: Buffer.from(bytes).toString('base64') },
      });
      expect(snapshot(s)).toBe(before);
      expect(files(s)).toEqual(beforeFiles);
      expect(err.message).toMatch(/not changed/);
      return err;
    }

    async function libraryWith(): Promise<{ s: Session; bytes: Buffer }> {
      const s = session();
      await importTitles(s, 'Statistics');
      return { s, bytes: await backupBytes(s) };
    }

    it('refuses a file that is not SQLite at all', async () => {
      const { s } = await libraryWith();
      const err = await refused(s, Buffer.from('{"not": "a database"}'), 'notes.json');
      expect(err).toMatchObject({ code: 'bad-input' });
      expect(err.message).toMatch(
        /^notes\.json is not a Skillfolio backup: it is not an SQLite database/,
      );
    });

    it('refuses an empty file and a bare SQLite header', async () => {
      const { s } = await libraryWith();
      expect((await refused(s, new Uint8Array(0))).code).toBe('bad-input');
      const header = Buffer.alloc(100);
      header.write('SQLite format 3\0', 'latin1');
      const err = await refused(s, header);
      expect(['bad-input', 'malformed']).toContain(err.code);
    });

    it('refuses a truncated backup', async () => {
      const { s, bytes } = await libraryWith();
      // Big enough that the cut falls inside the data, as a copy interrupted part-way would.
      await importTitles(s, ...Array.from({ length: 40 }, (_, i) => `Filler credential ${i}`));
      const full = await backupBytes(s);
      expect(full.length).toBeGreaterThan(bytes.length);
      const err = await refused(s, full.subarray(0, Math.floor(full.length / 2)));
      expect(err).toMatchObject({ code: 'malformed' });
      expect(err.message).toMatch(/damaged or incomplete/);
    });

    it('refuses a library written by a newer Skillfolio', async () => {
      const { s, bytes } = await libraryWith();
      const file = path.join(tempDir(), 'future.sqlite');
      fs.writeFileSync(file, bytes);
      const db = new Database(file);
      db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
      db.close();
      const err = await refused(s, fs.readFileSync(file), 'future.sqlite');
      expect(err).toMatchObject({ code: 'library-too-new' });
      expect(err.message).toMatch(/newer version of Skillfolio.*Update Skillfolio/);
    });

    it('refuses another application’s SQLite database', async () => {
      const { s } = await libraryWith();
      const file = path.join(tempDir(), 'other.sqlite');
      const db = new Database(file);
      db.exec('CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT)');
      db.close();
      const err = await refused(s, fs.readFileSync(file), 'other.sqlite');
      expect(err.message).toMatch(/not a Skillfolio library/);
    });

    it('refuses a library carrying a trigger of its own (code that would run inside ours)', async () => {
      const { s, bytes } = await libraryWith();
      const file = path.join(tempDir(), 'trap.sqlite');
      fs.writeFileSync(file, bytes);
      const db = new Database(file);
      db.exec(`CREATE TRIGGER wipe AFTER INSERT ON credentials BEGIN DELETE FROM credentials; END`);
      db.close();
      const err = await refused(s, fs.readFileSync(file), 'trap.sqlite');
      expect(err.message).toMatch(/tables are not the ones Skillfolio makes/);
    });

    it('refuses a damaged page in the middle of an otherwise whole file', async () => {
      const { s } = await libraryWith();
      await importTitles(s, ...Array.from({ length: 40 }, (_, i) => `Filler credential ${i}`));
      const full = Buffer.from(await backupBytes(s));
      // Scribble over the third page (page 1 holds the header, page 2 usually a table root).
      const pageSize = full.readUInt16BE(16);
      full.fill(0xa5, pageSize * 2, pageSize * 3);
      const err = await refused(s, full);
      expect(['malformed', 'bad-input']).toContain(err.code);
    });
  });

  it('is refused where the library has no file (a library in memory)', async () => {
    const s = session();
    const { openMemoryLibrary } = await import('../db/open');
    const ctx = { ...s, db: openMemoryLibrary() };
    try {
      const err = await refusal(ctx, 'library.backup', {});
      expect(err.message).toMatch(/in memory/);
    } finally {
      ctx.db.close();
    }
    expect(fs.existsSync(path.join(s.libraryDir, LIBRARY_FILE))).toBe(true);
  });
});
