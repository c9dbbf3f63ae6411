// `skillfolio add`: a self-reported credential from the command line, with usage and input errors told apart.
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/library';
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

describe('skillfolio add', () => {
  it('adds a self-reported credential with repeated --skill, prints the contract JSON with --json', async () => {
    const lib = tempDir();
    const r = await cli([
      '--library',
      lib,
      '--offline',
      '--json',
      'add',
      '--title',
      'Conversational Spanish B1',
      '--issuer',
      'Instituto Example',
      '--date',
      '2022-06-30',
      '--url',
      'https://instituto.example/c/5',
      '--description',
      'Oral and written exam.',
      '--skill',
      'Spanish',
      '--skill',
      'Interpreting',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      imported: Array<{ id: number; format: string; title: string }>;
    };
    expect(out.imported).toEqual([
      expect.objectContaining({ format: 'self-reported', title: 'Conversational Spanish B1' }),
    ]);
    const shown = await cli(['--library', lib, '--json', 'show', String(out.imported[0]!.id)]);
    const detail = JSON.parse(shown.stdout) as { skills: string[]; issuedOn: string };
    expect(detail.skills).toEqual(expect.arrayContaining(['Spanish', 'Interpreting']));
    expect(detail.issuedOn).toBe('2022-06-30');
    // `list --skill` still filters by one skill.
    const listed = await cli(['--library', lib, '--json', 'list', '--skill', 'Spanish']);
    expect((JSON.parse(listed.stdout) as { total: number }).total).toBe(1);
  });

  it('says what is missing (exit 2) and what is wrong (exit 1), in words', async () => {
    const lib = tempDir();
    const missing = await cli(['--library', lib, 'add', '--title', 'T']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/add needs --issuer, --date/);
    const wrong = await cli([
      '--library',
      lib,
      'add',
      '--title',
      'T',
      '--issuer',
      'I',
      '--date',
      'next week',
    ]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/"next week" is not a date: write it as YYYY-MM-DD/);
    const human = await cli([
      '--library',
      lib,
      'add',
      '--title',
      'T',
      '--issuer',
      'I',
      '--date',
      '2020-02-02',
    ]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^Added #\d+ "T" as self-reported/);
  });
});
