// The verify, reverify and identity commands of the CLI contract: --json shapes, exit codes, human output.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ob3Credential } from '../../test/helpers/fixtures';
import { tempDir } from '../../test/helpers/library';
import { newIssuerKey, ob3By, signDi, tamper } from '../../test/helpers/signing';
import { runCli } from './run';

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    readStdin: () => new Uint8Array(),
    isTTY: false,
  });
  return { code, stdout, stderr };
}

const key = newIssuerKey();

async function files() {
  const dir = tempDir();
  const signed = path.join(dir, 'signed.json');
  const forged = path.join(dir, 'forged.json');
  const unsigned = path.join(dir, 'unsigned.json');
  const doc = await signDi(ob3By(key, { n: 1, title: 'Signed badge', issuer: 'Example U' }), key);
  fs.writeFileSync(signed, JSON.stringify(doc));
  fs.writeFileSync(forged, JSON.stringify(tamper(doc)));
  fs.writeFileSync(unsigned, ob3Credential({ n: 2, title: 'Unsigned badge' }));
  return { dir, signed, forged, unsigned };
}

type VerifyJson = Array<{
  source: string;
  format: string | null;
  verdict: string;
  checks: Array<{ id: string; status: string; message: string }>;
  credential: {
    title: string;
    issuer: string | null;
    issuedOn: string | null;
    validUntil: string | null;
  } | null;
}>;

describe('skillfolio verify', () => {
  it('prints exactly the FORMATS.md array with --json and exits 0 when every verdict is verified', async () => {
    const { signed } = await files();
    const lib = tempDir();
    const r = await cli(['--library', lib, '--offline', '--json', 'verify', signed]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as VerifyJson;
    expect(out).toHaveLength(1);
    expect(Object.keys(out[0]!)).toEqual(['source', 'format', 'verdict', 'checks', 'credential']);
    expect(out[0]).toMatchObject({ source: signed, format: 'ob3', verdict: 'verified' });
    for (const c of out[0]!.checks) expect(Object.keys(c)).toEqual(['id', 'status', 'message']);
    expect(Object.keys(out[0]!.credential!)).toEqual(['title', 'issuer', 'issuedOn', 'validUntil']);
    expect(out[0]!.credential).toMatchObject({
      title: 'Signed badge',
      issuer: 'Example U',
      validUntil: null,
    });
  });

  it('exits 1 when any verdict is not verified, keeping argument order, and imports nothing', async () => {
    const { signed, forged, unsigned } = await files();
    const lib = tempDir();
    const r = await cli([
      '--library',
      lib,
      '--offline',
      '--json',
      'verify',
      forged,
      signed,
      unsigned,
    ]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as VerifyJson;
    expect(out.map((o) => [o.source, o.verdict])).toEqual([
      [forged, 'invalid'],
      [signed, 'verified'],
      [unsigned, 'unverified'],
    ]);
    const list = JSON.parse((await cli(['--library', lib, '--json', 'list'])).stdout) as {
      total: number;
    };
    expect(list.total).toBe(0);
  });

  it('verifies a stored credential by id, and says when a file is not a credential', async () => {
    const { signed, dir } = await files();
    const lib = tempDir();
    const imported = JSON.parse(
      (await cli(['--library', lib, '--offline', '--json', 'import', signed])).stdout,
    ) as {
      imported: Array<{ id: number }>;
    };
    const id = imported.imported[0]!.id;
    const junk = path.join(dir, 'junk.txt');
    fs.writeFileSync(junk, 'not a badge');
    const r = await cli([
      '--library',
      lib,
      '--offline',
      '--json',
      'verify',
      String(id),
      junk,
      `#${id}`,
    ]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as VerifyJson;
    expect(out.map((o) => [o.source, o.verdict])).toEqual([
      [`#${id}`, 'verified'],
      [junk, 'error'],
      [`#${id}`, 'verified'],
    ]);
    expect(out[1]).toMatchObject({ format: null, credential: null });
  });

  it('prints a readable report without --json, and accepts --refresh', async () => {
    const { signed } = await files();
    const r = await cli(['--library', tempDir(), '--offline', 'verify', '--refresh', signed]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^VERIFIED {2}Signed badge\n/);
    expect(r.stdout).toMatch(/pass\s+proof\s+/);
    expect(r.stdout).toContain('1 of 1 verified');
  });

  it('exits 2 without anything to verify', async () => {
    const r = await cli(['--library', tempDir(), 'verify']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/verify needs at least one/);
  });
});

describe('skillfolio reverify', () => {
  it('re-verifies everything or the given ids, prints the contract JSON, exits 1 for unknown ids', async () => {
    const { signed, unsigned } = await files();
    const lib = tempDir();
    await cli(['--library', lib, '--offline', 'import', signed, unsigned]);
    const all = await cli(['--library', lib, '--offline', '--json', 'reverify', '--all']);
    expect(all.code).toBe(0);
    const r = JSON.parse(all.stdout) as {
      reverified: Array<{ id: number; title: string; previous: string; verdict: string }>;
      failed: unknown[];
    };
    expect(r.failed).toEqual([]);
    expect(r.reverified.map((i) => [i.title, i.previous, i.verdict]).sort()).toEqual([
      ['Signed badge', 'verified', 'verified'],
      ['Unsigned badge', 'unverified', 'unverified'],
    ]);
    const human = await cli([
      '--library',
      lib,
      '--offline',
      'reverify',
      String(r.reverified[0]!.id),
      '9999',
    ]);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('#9999: There is no credential 9999 in this library.');
    expect(human.stdout).toContain('1 re-verified, 0 changed, 1 failed');
  });

  it('exits 2 on wrong usage', async () => {
    const lib = tempDir();
    expect((await cli(['--library', lib, 'reverify'])).code).toBe(2);
    expect((await cli(['--library', lib, 'reverify', '--all', '3'])).code).toBe(2);
    expect((await cli(['--library', lib, 'reverify', 'abc'])).code).toBe(2);
  });
});

describe('skillfolio identity', () => {
  it('adds, lists and removes identities', async () => {
    const lib = tempDir();
    const add = await cli(['--library', lib, 'identity', 'add', 'ana@example.org']);
    expect(add.code).toBe(0);
    expect(add.stdout).toMatch(/^Added #1 \(email\): ana@example.org\n/);
    expect((await cli(['--library', lib, 'identity', 'add', '+44 20 7946 0958'])).code).toBe(0);
    const list = JSON.parse(
      (await cli(['--library', lib, '--json', 'identity', 'list'])).stdout,
    ) as Array<{ id: number; kind: string; value: string }>;
    expect(list.map((i) => [i.id, i.kind, i.value])).toEqual([
      [1, 'email', 'ana@example.org'],
      [2, 'phone', '+442079460958'],
    ]);
    expect((await cli(['--library', lib, 'identity', 'remove', '+44 20 7946 0958'])).stdout).toBe(
      'Removed #2: +442079460958\n',
    );
    expect((await cli(['--library', lib, 'identity', 'remove', '1'])).code).toBe(0);
    expect((await cli(['--library', lib, 'identity', 'list'])).stdout).toMatch(
      /^No identities yet/,
    );
  });

  it('explains a refused identity (exit 1) and wrong usage (exit 2)', async () => {
    const lib = tempDir();
    const bad = await cli(['--library', lib, '--json', 'identity', 'add', 'nobody']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ error: { code: 'bad-input' } });
    expect(bad.stderr).toMatch(/is not an e-mail address, a web address/);
    expect((await cli(['--library', lib, 'identity', 'remove', '7'])).code).toBe(1);
    expect((await cli(['--library', lib, 'identity'])).code).toBe(2);
    expect((await cli(['--library', lib, 'identity', 'rename', 'x'])).code).toBe(2);
    expect((await cli(['--library', lib, 'identity', 'add'])).code).toBe(2);
  });
});
