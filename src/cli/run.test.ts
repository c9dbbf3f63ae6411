// The CLI contract of FORMATS.md: commands, --json shapes, exit codes, human tables — in process and as a real command.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newSigningKey, ob2Assertion, ob3Credential, vcJwt } from '../../test/helpers/fixtures';
import { tempDir } from '../../test/helpers/library';
import { runCli } from './run';

const ROOT = path.resolve(__dirname, '../..');

async function cli(args: string[], stdin = new Uint8Array()) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    readStdin: () => stdin,
    isTTY: false,
  });
  return { code, stdout, stderr };
}

function folderWithCredentials(): string {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'a.json'), ob2Assertion({ n: 1, title: 'Łódź Data Analysis', tags: ['SQL', 'Excel'] }));
  fs.writeFileSync(path.join(dir, 'b.json'), ob3Credential({ n: 2, title: 'Ελληνικά Python', tags: ['Python', 'SQL'] }));
  return dir;
}

describe('skillfolio import', () => {
  it('imports a folder and prints only the contract JSON with --json, exit 0', async () => {
    const lib = tempDir();
    const r = await cli(['--library', lib, '--offline', '--json', 'import', folderWithCredentials()]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { imported: Array<Record<string, unknown>>; duplicates: unknown[]; rejected: unknown[] };
    expect(out.imported.map((i) => i.title).sort()).toEqual(['Łódź Data Analysis', 'Ελληνικά Python']);
    for (const i of out.imported) {
      expect(Object.keys(i)).toEqual(expect.arrayContaining(['id', 'source', 'format', 'title', 'verdict']));
      expect(i.verdict).toBe('unverified');
    }
    expect(out.duplicates).toEqual([]);
    expect(out.rejected).toEqual([]);
  });

  it('exits 1 when some items are rejected, and names each with its reason', async () => {
    const lib = tempDir();
    const dir = folderWithCredentials();
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'call the bank on monday');
    const r = await cli(['--library', lib, '--offline', 'import', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/rejected\s.*not a credential Skillfolio can read.*notes\.txt/s);
    expect(r.stdout).toMatch(/2 imported, 0 duplicates, 1 rejected/);
  });

  it('exits 0 on a re-import, reporting duplicates', async () => {
    const lib = tempDir();
    const dir = folderWithCredentials();
    await cli(['--library', lib, '--offline', 'import', dir]);
    const r = await cli(['--library', lib, '--offline', '--json', 'import', dir]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { imported: unknown[]; duplicates: Array<{ source: string; id: number }> };
    expect(out.imported).toEqual([]);
    expect(out.duplicates).toHaveLength(2);
  });

  it('reads a VC-JWT from stdin with -', async () => {
    const lib = tempDir();
    const jwt = await vcJwt({ n: 5, title: 'Кириллица SQL' }, await newSigningKey());
    const r = await cli(['--library', lib, '--json', 'import', '-'], new TextEncoder().encode(jwt));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).imported[0]).toMatchObject({ title: 'Кириллица SQL', format: 'ob3', source: 'stdin' });
  });

  it('exits 2 on wrong usage', async () => {
    expect((await cli(['import'])).code).toBe(2);
    expect((await cli(['--no-such-flag', 'list'])).code).toBe(2);
    expect((await cli(['frobnicate'])).code).toBe(2);
    const r = await cli(['--library', tempDir(), 'list', '--verdict', 'great']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--verdict must be one of: error, invalid/);
  });
});

describe('skillfolio list, show, skills', () => {
  async function library(): Promise<string> {
    const lib = tempDir();
    await cli(['--library', lib, '--offline', 'import', folderWithCredentials()]);
    return lib;
  }

  it('lists as a table and as JSON, with search', async () => {
    const lib = await library();
    const human = await cli(['--library', lib, 'list']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^id\s+title\s+issuer\s+issued\s+format\s+verdict/m);
    expect(human.stdout).toContain('Łódź Data Analysis');
    const found = await cli(['--library', lib, '--json', 'list', '--query', 'lodz']);
    const page = JSON.parse(found.stdout) as { total: number; items: Array<{ title: string }> };
    expect(page.total).toBe(1);
    expect(page.items[0]!.title).toBe('Łódź Data Analysis');
  });

  it('shows one credential with its checks, and a clear error for a missing id', async () => {
    const lib = await library();
    const page = JSON.parse((await cli(['--library', lib, '--json', 'list'])).stdout) as { items: Array<{ id: number }> };
    const id = page.items[0]!.id;
    const r = await cli(['--library', lib, 'show', String(id)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/verdict\s+unverified/);
    expect(r.stdout).toMatch(/skip\s+proof\s+Unsigned: the credential carries no proof/);
    const missing = await cli(['--library', lib, 'show', '9999']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no credential 9999/);
  });

  it('counts skills across the library', async () => {
    const lib = await library();
    const r = await cli(['--library', lib, '--json', 'skills']);
    const skills = JSON.parse(r.stdout) as Array<{ name: string; count: number }>;
    expect(skills.find((s) => s.name === 'SQL')?.count).toBe(2);
    expect(skills.find((s) => s.name === 'Python')?.count).toBe(1);
    const human = await cli(['--library', lib, 'skills']);
    expect(human.stdout).toMatch(/SQL\s+2/);
  });

  it('refuses a library written by a newer Skillfolio, without changing it', async () => {
    const lib = await library();
    const file = path.join(lib, 'library.sqlite');
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(file);
    db.pragma('user_version = 999');
    db.close();
    const before = fs.readFileSync(file);
    const r = await cli(['--library', lib, 'list']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/newer version of Skillfolio/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });
});

describe('the installed command', () => {
  it('prints help through the package bin, and imports for real', () => {
    const bin = path.join(ROOT, 'bin', 'skillfolio.cjs');
    const help = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/import <path\|dir\|zip\|url\|->/);
    const lib = tempDir();
    const run = spawnSync(process.execPath, [bin, '--library', lib, '--offline', '--json', 'import', folderWithCredentials()], {
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).imported).toHaveLength(2);
  });
});
