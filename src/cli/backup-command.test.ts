// Journey 7 from the command line: backup, restore (asking first), settings — real libraries, real files, the real command once.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ob2Assertion, ob3Credential } from '../../test/helpers/fixtures';
import { tempDir } from '../../test/helpers/library';
import { openSession } from '../services/session';
import { runCli } from './run';

const ROOT = path.resolve(__dirname, '../..');

async function cli(args: string[], confirm: (q: string) => boolean | null = () => null) {
  let stdout = '';
  let stderr = '';
  const questions: string[] = [];
  const code = await runCli(args, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    readStdin: () => new Uint8Array(),
    isTTY: false,
    confirm: (q) => {
      questions.push(q);
      return confirm(q);
    },
  });
  return { code, stdout, stderr, questions };
}

/** A library holding two credentials. */
async function library(): Promise<string> {
  const lib = tempDir();
  const src = tempDir();
  fs.writeFileSync(path.join(src, 'a.json'), ob2Assertion({ n: 1, title: 'Kept Łódź SQL' }));
  fs.writeFileSync(path.join(src, 'b.json'), ob3Credential({ n: 2, title: 'Deleted Python' }));
  expect((await cli(['--library', lib, '--offline', 'import', src])).code).toBe(0);
  return lib;
}

async function titles(lib: string): Promise<string[]> {
  const r = await cli(['--library', lib, '--json', 'list']);
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as { items: Array<{ title: string }> }).items
    .map((i) => i.title)
    .sort();
}

/** What a person would see change: every credential's title and original bytes. */
function rows(lib: string): string {
  const s = openSession({ libraryDir: lib, offline: true });
  try {
    return JSON.stringify(
      s.db
        .prepare('SELECT id, title, sha256, hex(original) AS o FROM credentials ORDER BY id')
        .all(),
    );
  } finally {
    s.close();
  }
}

function deleteTitled(lib: string, title: string): void {
  const s = openSession({ libraryDir: lib, offline: true });
  try {
    const row = s.db.prepare('SELECT id FROM credentials WHERE title = ?').get(title) as {
      id: number;
    };
    s.db.prepare('DELETE FROM credentials WHERE id = ?').run(row.id);
  } finally {
    s.close();
  }
}

const baks = (lib: string) => fs.readdirSync(lib).filter((f) => f.endsWith('.sqlite.bak'));

describe('skillfolio backup and restore', () => {
  it('writes a backup file, and restore brings back a credential deleted after it', async () => {
    const lib = await library();
    const file = path.join(tempDir(), 'before-the-move.sqlite');

    const b = await cli(['--library', lib, '--json', 'backup', file]);
    expect(b.code).toBe(0);
    const written = JSON.parse(b.stdout) as {
      path: string;
      bytes: number;
      sha256: string;
      base64: unknown;
    };
    const bytes = fs.readFileSync(file);
    expect(written).toMatchObject({ path: file, bytes: bytes.length, base64: null });
    expect(written.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(bytes.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');

    deleteTitled(lib, 'Deleted Python');
    expect(await titles(lib)).toEqual(['Kept Łódź SQL']);

    const r = await cli(['--library', lib, 'restore', file, '--yes']);
    expect(r.code).toBe(0);
    expect(r.questions).toEqual([]);
    expect(r.stdout).toMatch(
      /^Restored 2 credentials and 0 portfolios from before-the-move\.sqlite\./,
    );
    expect(await titles(lib)).toEqual(['Deleted Python', 'Kept Łódź SQL']);
    // The library it replaced is kept, and says so.
    expect(baks(lib)).toHaveLength(1);
    expect(r.stdout).toContain(path.join(lib, baks(lib)[0] as string));
  });

  it('says where the backup went, and never writes over an existing file', async () => {
    const lib = await library();
    const file = path.join(tempDir(), 'copy.sqlite');
    const b = await cli(['--library', lib, 'backup', file]);
    expect(b.code).toBe(0);
    expect(b.stdout).toContain(`to ${file}`);
    expect(b.stdout).toContain(`skillfolio restore ${JSON.stringify(file)}`);

    const other = path.join(tempDir(), 'notes.txt');
    fs.writeFileSync(other, 'my notes');
    const again = await cli(['--library', lib, 'backup', other]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists; choose a new file name/);
    expect(fs.readFileSync(other, 'utf8')).toBe('my notes');
  });

  it('asks before restoring: nobody to ask refuses (exit 2), "no" keeps the library, "yes" restores', async () => {
    const lib = await library();
    const file = path.join(tempDir(), 'b.sqlite');
    expect((await cli(['--library', lib, 'backup', file])).code).toBe(0);
    deleteTitled(lib, 'Deleted Python');
    const before = rows(lib);

    const nobody = await cli(['--library', lib, 'restore', file]);
    expect(nobody.code).toBe(2);
    expect(nobody.stderr).toMatch(/confirm with --yes/);
    expect(rows(lib)).toBe(before);
    expect(baks(lib)).toEqual([]);

    const no = await cli(['--library', lib, 'restore', file], () => false);
    expect(no.code).toBe(1);
    expect(no.questions).toHaveLength(1);
    expect(no.questions[0]).toContain(
      `Replace the library in ${lib} (1 credential) with b.sqlite?`,
    );
    expect(no.stderr).toBe('Nothing was restored.\n');
    expect(rows(lib)).toBe(before);
    expect(baks(lib)).toEqual([]);

    const yes = await cli(['--library', lib, '--json', 'restore', file], () => true);
    expect(yes.code).toBe(0);
    expect(JSON.parse(yes.stdout)).toMatchObject({ credentials: 2, portfolios: 0 });
    expect(await titles(lib)).toEqual(['Deleted Python', 'Kept Łódź SQL']);
  });

  it('refuses a file that is not a backup with a clear error (exit 1), the library unchanged', async () => {
    const lib = await library();
    const before = rows(lib);
    const dir = tempDir();
    const notes = path.join(dir, 'notes.sqlite');
    fs.writeFileSync(notes, 'hello, this is not a database');
    const r = await cli(['--library', lib, 'restore', notes, '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /notes\.sqlite is not a Skillfolio backup: it is not an SQLite database\. Your library was not changed\./,
    );

    // Another program's SQLite database, and a backup cut short, get their own words.
    const foreign = path.join(dir, 'other-app.sqlite');
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(foreign);
    db.exec(
      "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('x')",
    );
    db.close();
    const other = await cli(['--library', lib, '--json', 'restore', foreign, '--yes']);
    expect(other.code).toBe(1);
    expect(JSON.parse(other.stdout)).toEqual({
      error: {
        code: 'bad-input',
        message: expect.stringMatching(/not a Skillfolio library/) as unknown as string,
      },
    });

    const good = path.join(dir, 'good.sqlite');
    expect((await cli(['--library', lib, 'backup', good])).code).toBe(0);
    const cut = path.join(dir, 'cut.sqlite');
    const full = fs.readFileSync(good);
    fs.writeFileSync(cut, full.subarray(0, Math.floor(full.length / 2)));
    const short = await cli(['--library', lib, 'restore', cut, '--yes']);
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/cut\.sqlite is damaged or incomplete/);

    const missing = await cli(['--library', lib, 'restore', path.join(dir, 'nope.sqlite')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/There is no file .*nope\.sqlite/);
    expect(missing.questions).toEqual([]);

    expect(rows(lib)).toBe(before);
    expect(baks(lib)).toEqual([]);
  });

  it('exits 2 on wrong usage without creating a library', async () => {
    const lib = path.join(tempDir(), 'never-made');
    expect((await cli(['--library', lib, 'backup'])).code).toBe(2);
    expect((await cli(['--library', lib, 'backup', 'a', 'b'])).code).toBe(2);
    const r = await cli(['--library', lib, 'restore']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/restore needs exactly one file/);
    expect(fs.existsSync(lib)).toBe(false);
  });

  it('the installed command refuses to restore without --yes when nobody can answer', async () => {
    const lib = await library();
    const file = path.join(tempDir(), 'b.sqlite');
    expect((await cli(['--library', lib, 'backup', file])).code).toBe(0);
    deleteTitled(lib, 'Deleted Python');
    const before = rows(lib);
    const run = spawnSync(
      process.execPath,
      [path.join(ROOT, 'bin', 'skillfolio.cjs'), '--library', lib, 'restore', file],
      { encoding: 'utf8', input: 'y\n' },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/confirm with --yes/);
    expect(rows(lib)).toBe(before);
  });
});

describe('skillfolio settings', () => {
  type Shown = {
    offline: boolean;
    allowPrivateNetwork: boolean;
    effective: { offline: boolean; allowPrivateNetwork: boolean };
    problem: string | null;
  };
  const shown = (stdout: string) => JSON.parse(stdout) as Shown;

  it('round trip: shows the defaults, saves each switch with the library, later runs use them', async () => {
    const lib = tempDir();
    const first = await cli(['--library', lib, '--json', 'settings']);
    expect(first.code).toBe(0);
    expect(shown(first.stdout)).toMatchObject({
      offline: false,
      allowPrivateNetwork: false,
      problem: null,
    });

    const set = await cli(['--library', lib, 'settings', '--offline', 'on']);
    expect(set.code).toBe(0);
    expect(set.stdout).toMatch(/^offline\s+on$/m);
    expect(set.stdout).toMatch(/^allow private network\s+off$/m);
    expect(set.stdout).toMatch(/Saved with this library/);
    expect(JSON.parse(fs.readFileSync(path.join(lib, 'settings.json'), 'utf8'))).toEqual({
      offline: true,
      allowPrivateNetwork: false,
    });

    const both = await cli([
      '--library',
      lib,
      'settings',
      '--json',
      '--offline',
      'off',
      '--allow-private-network',
      'on',
    ]);
    expect(both.code).toBe(0);
    expect(shown(both.stdout)).toMatchObject({
      offline: false,
      allowPrivateNetwork: true,
      applied: false,
    });

    const again = await cli(['--library', lib, 'settings']);
    expect(again.stdout).toMatch(/^offline\s+off$/m);
    expect(again.stdout).toMatch(/^allow private network\s+on$/m);
    expect(again.stdout).not.toMatch(/Saved/);
    // The next command's network door follows what was saved.
    const s = openSession({ libraryDir: lib });
    try {
      expect(s.fetcher.settings).toMatchObject({ offline: false, allowPrivateNetwork: true });
    } finally {
      s.close();
    }
  });

  it('a network flag before the command is for that run only and saves nothing', async () => {
    const lib = tempDir();
    const r = await cli(['--library', lib, '--offline', 'settings']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^offline\s+off\s+\(on for this run only: --offline\)$/m);
    expect(fs.existsSync(path.join(lib, 'settings.json'))).toBe(false);
    const j = await cli(['--library', lib, '--offline', '--json', 'settings']);
    expect(shown(j.stdout)).toMatchObject({ offline: false, effective: { offline: true } });
  });

  it('exits 2 on a switch without on/off, an unknown value or a stray argument, saving nothing', async () => {
    const lib = tempDir();
    for (const args of [
      ['settings', '--offline'],
      ['settings', '--offline', 'maybe'],
      ['settings', '--offline', '--allow-private-network', 'on'],
      ['settings', 'offline'],
      ['settings', '--offline', 'on', '--offline', 'off'],
    ]) {
      const r = await cli(['--library', lib, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/^skillfolio: settings /);
    }
    expect(fs.existsSync(path.join(lib, 'settings.json'))).toBe(false);
  });
});
