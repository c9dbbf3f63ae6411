// The CLI for skills, profiles and portfolios: tables for people, only JSON with --json, exit codes 0/1/2.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ob2Assertion, ob3Credential } from '../../test/helpers/fixtures';
import { tempDir } from '../../test/helpers/library';
import { runCli } from './run';

type Run = { code: number; stdout: string; stderr: string; asked: string[] };

/** Runs the CLI in-process with its own data folder; `answers` are what a person types at each question. */
async function cli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  answers: Array<boolean | null> = [],
): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const asked: string[] = [];
  const code = await runCli(args, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    readStdin: () => new Uint8Array(),
    isTTY: false,
    env,
    confirm: (q) => {
      asked.push(q);
      return answers.length > 0 ? (answers.shift() ?? null) : null;
    },
  });
  return { code, stdout, stderr, asked };
}

function credentialsFolder(): string {
  const dir = tempDir();
  fs.writeFileSync(
    path.join(dir, 'a.json'),
    ob2Assertion({ n: 1, title: 'SQL Basics', tags: ['SQL', 'JS'], alignments: [] }),
  );
  fs.writeFileSync(
    path.join(dir, 'b.json'),
    ob3Credential({ n: 2, title: 'Python for Data', tags: ['Python', 'sql'], alignments: [] }),
  );
  fs.writeFileSync(
    path.join(dir, 'c.json'),
    ob2Assertion({ n: 3, title: 'Łódź Teamwork', tags: ['Teamwork'], alignments: [] }),
  );
  return dir;
}

/** A library with three credentials; returns it and their ids by title. */
async function library(): Promise<{ lib: string; id: (title: string) => number }> {
  const lib = tempDir();
  const r = await cli(['--library', lib, '--offline', '--json', 'import', credentialsFolder()]);
  expect(r.code).toBe(0);
  const imported = (JSON.parse(r.stdout) as { imported: Array<{ id: number; title: string }> })
    .imported;
  return { lib, id: (t) => imported.find((i) => i.title === t)!.id };
}

describe('skillfolio skills', () => {
  it('lists each skill with its count and the credentials that back it', async () => {
    const { lib, id } = await library();
    const human = await cli(['--library', lib, 'skills']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^skill\s+credentials\s+backed by/m);
    expect(human.stdout).toMatch(
      new RegExp(
        `SQL\\s+2\\s+#${id('Python for Data')} Python for Data; #${id('SQL Basics')} SQL Basics`,
      ),
    );
    expect(human.stdout).toMatch(/JavaScript\s+1\s+#\d+ SQL Basics/);
    const json = JSON.parse((await cli(['--library', lib, '--json', 'skills'])).stdout) as Array<{
      name: string;
      count: number;
      credentials: Array<{ id: number; title: string }>;
    }>;
    expect(json.find((s) => s.name === 'SQL')).toMatchObject({ count: 2 });
    expect(
      json
        .find((s) => s.name === 'SQL')
        ?.credentials.map((c) => c.id)
        .sort(),
    ).toEqual([id('SQL Basics'), id('Python for Data')].sort());
  });

  it('shows hidden skills only with --all, marked as hidden', async () => {
    const { lib } = await library();
    // Hide through the contract as the app would; the CLI lists.
    const { openSession } = await import('../services/session');
    const { call } = await import('../../test/helpers/dispatch');
    const s = openSession({ libraryDir: lib, offline: true });
    await call(s, 'skills.hide', { skill: 'Teamwork' });
    s.close();
    expect((await cli(['--library', lib, 'skills'])).stdout).not.toContain('Teamwork');
    expect((await cli(['--library', lib, 'skills', '--all'])).stdout).toMatch(
      /Teamwork \(hidden\)\s+1/,
    );
    expect((await cli(['--library', lib, 'skills', 'extra'])).code).toBe(2);
  });
});

describe('skillfolio portfolio', () => {
  it('creates, fills, orders and shows a portfolio, by name or id', async () => {
    const { lib, id } = await library();
    const [sql, py, team] = [id('SQL Basics'), id('Python for Data'), id('Łódź Teamwork')];
    const created = await cli([
      '--library',
      lib,
      'portfolio',
      'create',
      'Data Analyst CV',
      '--person',
      'Zoë Łukasiewicz',
      '--role',
      'Junior Data Analyst',
      '--email',
      'zoe@example.org',
      '--link',
      'https://example.org/zoe',
      '--link',
      'https://example.org/blog',
    ]);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/Created portfolio “Data Analyst CV” \(#1\)/);

    expect(
      (
        await cli([
          '--library',
          lib,
          'portfolio',
          'add',
          'Data Analyst CV',
          String(sql),
          `#${py}`,
          '--section',
          'SQL',
        ])
      ).code,
    ).toBe(0);
    expect(
      (
        await cli([
          '--library',
          lib,
          'portfolio',
          'add',
          '1',
          String(team),
          '--section',
          'Soft skills',
        ])
      ).code,
    ).toBe(0);
    expect(
      (await cli(['--library', lib, 'portfolio', 'move', 'data analyst cv', String(py), '1'])).code,
    ).toBe(0);

    const show = await cli(['--library', lib, 'portfolio', 'show', 'Data Analyst CV']);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/person\s+Zoë Łukasiewicz/);
    expect(show.stdout).toMatch(
      /links\s+https:\/\/example\.org\/zoe, https:\/\/example\.org\/blog/,
    );
    expect(show.stdout).toMatch(/1\. SQL {2}\(skill: SQL\)/);
    expect(show.stdout).toMatch(/2\. Soft skills\n/);
    expect(show.stdout).toMatch(/pos\s+id\s+title\s+issuer\s+issued\s+verdict\s+hidden\s+note/);
    const rows = show.stdout.split('\n').filter((l) => /^\s+\d+\s+#\d+/.test(l));
    expect(rows.map((l) => l.trim().split(/\s+/).slice(0, 2).join(' '))).toEqual([
      `1 #${py}`,
      `2 #${sql}`,
      `1 #${team}`,
    ]);
    expect(show.stdout).toContain('Łódź Teamwork');

    const list = await cli(['--library', lib, 'portfolio', 'list']);
    expect(list.stdout).toMatch(
      /^id\s+name\s+person\s+target role\s+sections\s+credentials\s+updated/m,
    );
    expect(list.stdout).toMatch(
      /1\s+Data Analyst CV\s+Zoë Łukasiewicz\s+Junior Data Analyst\s+2\s+3/,
    );
  });

  it('prints only JSON with --json', async () => {
    const { lib, id } = await library();
    const created = await cli(['--library', lib, '--json', 'portfolio', 'create', 'CV']);
    const p = JSON.parse(created.stdout) as { id: number; name: string; sections: unknown[] };
    expect(p).toMatchObject({ name: 'CV', sections: [] });
    const added = await cli([
      '--library',
      lib,
      '--json',
      'portfolio',
      'add',
      'CV',
      String(id('SQL Basics')),
    ]);
    const q = JSON.parse(added.stdout) as {
      sections: Array<{ title: string; entries: Array<{ credentialId: number }> }>;
      credentials: Record<string, { title: string }>;
    };
    expect(q.sections).toEqual([
      {
        id: expect.any(Number),
        title: 'Credentials',
        skill: null,
        entries: [{ credentialId: id('SQL Basics'), note: null, hidden: [] }],
      },
    ]);
    expect(q.credentials[String(id('SQL Basics'))]?.title).toBe('SQL Basics');
    const list = JSON.parse(
      (await cli(['--library', lib, '--json', 'portfolio', 'list'])).stdout,
    ) as unknown[];
    expect(list).toHaveLength(1);
    const missing = await cli(['--library', lib, '--json', 'portfolio', 'show', 'Nope']);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout)).toEqual({
      error: {
        code: 'not-found',
        message: 'There is no portfolio named “Nope”. See them with: skillfolio portfolio list',
      },
    });
  });

  it('removes, duplicates, renames, sets fields, notes, hides and deletes', async () => {
    const { lib, id } = await library();
    const [sql, py] = [id('SQL Basics'), id('Python for Data')];
    await cli(['--library', lib, 'portfolio', 'create', 'CV']);
    await cli(['--library', lib, 'portfolio', 'add', 'CV', String(sql), String(py)]);
    const dup = await cli(['--library', lib, 'portfolio', 'duplicate', 'CV', 'CV for Acme']);
    expect(dup.stdout).toMatch(/Created “CV for Acme” \(#2\), a copy to tailor/);
    expect(
      (await cli(['--library', lib, 'portfolio', 'remove', 'CV for Acme', String(sql)])).stdout,
    ).toMatch(/Removed 1 credential/);
    expect(
      (await cli(['--library', lib, 'portfolio', 'rename', 'CV for Acme', 'Acme CV'])).code,
    ).toBe(0);
    expect(
      (
        await cli([
          '--library',
          lib,
          'portfolio',
          'set',
          'Acme CV',
          '--headline',
          'Analyst',
          '--summary',
          'Line one',
        ])
      ).code,
    ).toBe(0);
    expect(
      (
        await cli([
          '--library',
          lib,
          'portfolio',
          'note',
          'Acme CV',
          String(py),
          'Built a dashboard',
        ])
      ).code,
    ).toBe(0);
    const hidden = await cli([
      '--library',
      lib,
      'portfolio',
      'hide',
      'Acme CV',
      String(py),
      'recipient',
      'issuedOn',
    ]);
    expect(hidden.stdout).toMatch(/recipient, issuedOn\s+Built a dashboard/);
    const acme = JSON.parse(
      (await cli(['--library', lib, '--json', 'portfolio', 'show', 'Acme CV'])).stdout,
    ) as {
      headline: string;
      summary: string;
      sections: Array<{ entries: Array<{ credentialId: number; note: string; hidden: string[] }> }>;
    };
    expect(acme).toMatchObject({ headline: 'Analyst', summary: 'Line one' });
    expect(acme.sections[0]?.entries).toEqual([
      { credentialId: py, note: 'Built a dashboard', hidden: ['recipient', 'issuedOn'] },
    ]);
    // The original is untouched.
    const cv = JSON.parse(
      (await cli(['--library', lib, '--json', 'portfolio', 'show', 'CV'])).stdout,
    ) as { sections: Array<{ entries: unknown[] }> };
    expect(cv.sections[0]?.entries).toHaveLength(2);

    // Deleting asks first; scripts say --yes.
    const noTerminal = await cli(['--library', lib, 'portfolio', 'delete', 'Acme CV']);
    expect(noTerminal.code).toBe(2);
    expect(noTerminal.stderr).toMatch(/needs --yes/);
    const declined = await cli(['--library', lib, 'portfolio', 'delete', 'Acme CV'], {}, [false]);
    expect(declined.code).toBe(1);
    expect(declined.asked[0]).toMatch(/Delete portfolio “Acme CV”\?/);
    expect(
      (await cli(['--library', lib, 'portfolio', 'delete', 'Acme CV', '--yes'])).stdout,
    ).toMatch(/Deleted portfolio “Acme CV” \(#2\)/);
    expect(
      JSON.parse((await cli(['--library', lib, '--json', 'portfolio', 'list'])).stdout),
    ).toHaveLength(1);
  });

  it('refuses wrong and hostile input with exit 2 (usage) or 1 (refused), changing nothing', async () => {
    const { lib, id } = await library();
    const sql = String(id('SQL Basics'));
    await cli(['--library', lib, 'portfolio', 'create', 'CV']);
    await cli(['--library', lib, 'portfolio', 'add', 'CV', sql]);
    const snapshot = async () =>
      (await cli(['--library', lib, '--json', 'portfolio', 'show', 'CV'])).stdout;
    const before = await snapshot();

    const usage: string[][] = [
      ['portfolio'],
      ['portfolio', 'frobnicate'],
      ['portfolio', 'create'],
      ['portfolio', 'add', 'CV'],
      ['portfolio', 'add', 'CV', 'abc'],
      ['portfolio', 'add', 'CV', '-1'],
      ['portfolio', 'move', 'CV', sql, '0'],
      ['portfolio', 'move', 'CV', sql, 'first'],
      ['portfolio', 'hide', 'CV', sql, 'password'],
      ['portfolio', 'set', 'CV'],
      ['portfolio', 'remove', 'CV', sql, sql],
    ];
    for (const args of usage) {
      const r = await cli(['--library', lib, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/Run "skillfolio --help" for usage/);
    }
    const refused: Array<[string[], RegExp]> = [
      [['portfolio', 'add', 'CV', sql], /already in this portfolio/],
      [['portfolio', 'add', 'CV', '999'], /no credential 999/],
      [
        ['portfolio', 'move', 'CV', sql, '99'],
        /Position 99 is out of range: the section has only position 1/,
      ],
      [['portfolio', 'move', 'CV', sql, '1', '--section', 'Nope'], /has no section “Nope”/],
      [
        ['portfolio', 'remove', 'CV', sql, '999'],
        /Credential #999 is not in portfolio “CV”; nothing was removed/,
      ],
      [['portfolio', 'create', 'x'.repeat(300)], /too long/],
      [['portfolio', 'create', 'bad\u0000name'], /control character/],
      [['portfolio', 'create', 'cv'], /already a portfolio named/],
      [['portfolio', 'show', '#7'], /no portfolio #7/],
      [['portfolio', 'set', 'CV', '--link', 'javascript:alert(1)'], /must be a web address/],
    ];
    for (const [args, message] of refused) {
      const r = await cli(['--library', lib, ...args]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(message);
    }
    expect(await snapshot()).toBe(before);

    // Wrong usage creates no library.
    const nowhere = path.join(tempDir(), 'not-yet');
    expect((await cli(['--library', nowhere, 'portfolio', 'move', 'CV'])).code).toBe(2);
    expect(fs.existsSync(nowhere)).toBe(false);
  });
});

describe('skillfolio profile', () => {
  it('keeps one library per person: imports, skills and portfolios never cross', async () => {
    const data = tempDir();
    const env = { SKILLFOLIO_DATA_DIR: data };
    expect((await cli(['profile', 'create', 'Client Ana'], env)).stdout).toMatch(
      /Created profile “Client Ana”/,
    );
    expect((await cli(['profile', 'create', 'Client Bo'], env)).code).toBe(0);

    expect((await cli(['profile', 'use', 'Client Ana'], env)).stdout).toMatch(
      /Now using profile “Client Ana”: library .*profiles\/Client Ana/,
    );
    expect((await cli(['--offline', 'import', credentialsFolder()], env)).code).toBe(0);
    expect((await cli(['portfolio', 'create', 'Ana CV'], env)).code).toBe(0);
    const anaList = JSON.parse((await cli(['--json', 'list'], env)).stdout) as { total: number };
    expect(anaList.total).toBe(3);

    await cli(['profile', 'use', 'client bo'], env);
    const boList = JSON.parse((await cli(['--json', 'list'], env)).stdout) as { total: number };
    expect(boList.total).toBe(0);
    expect(JSON.parse((await cli(['--json', 'skills'], env)).stdout)).toEqual([]);
    expect(JSON.parse((await cli(['--json', 'portfolio', 'list'], env)).stdout)).toEqual([]);
    expect((await cli(['info'], env)).stdout).toContain(path.join(data, 'profiles', 'Client Bo'));

    // --library still points at one library directly, whatever profile is in use.
    const ana = path.join(data, 'profiles', 'Client Ana');
    expect(
      (
        JSON.parse((await cli(['--library', ana, '--json', 'list'], env)).stdout) as {
          total: number;
        }
      ).total,
    ).toBe(3);

    const profiles = await cli(['profile', 'list'], env);
    expect(profiles.stdout).toMatch(/^in use\s+profile\s+created\s+folder/m);
    expect(profiles.stdout).toMatch(/^\*\s+Client Bo\s/m);
    expect(profiles.stdout).toMatch(/^\s+default\s/m);
    const json = JSON.parse((await cli(['--json', 'profile', 'list'], env)).stdout) as {
      active: string;
      profiles: Array<{ name: string }>;
    };
    expect(json.active).toBe('Client Bo');
    expect(json.profiles.map((p) => p.name)).toEqual(['default', 'Client Ana', 'Client Bo']);
  });

  it('removes only after a yes, says when it removes the profile in use, and needs --yes without a terminal', async () => {
    const data = tempDir();
    const env = { SKILLFOLIO_DATA_DIR: data };
    await cli(['profile', 'create', 'Ana'], env);
    await cli(['profile', 'use', 'Ana'], env);
    const folder = path.join(data, 'profiles', 'Ana');

    const script = await cli(['profile', 'remove', 'Ana'], env);
    expect(script.code).toBe(2);
    expect(script.stderr).toMatch(/confirm with --yes/);
    expect(fs.existsSync(folder)).toBe(true);

    const declined = await cli(['profile', 'remove', 'Ana'], env, [false]);
    expect(declined.code).toBe(1);
    expect(declined.asked[0]).toMatch(
      /Remove profile “Ana” and delete its library .* It is the profile in use; “default” will be used afterwards\./,
    );
    expect(declined.stderr).toMatch(/Nothing was removed/);
    expect(fs.existsSync(folder)).toBe(true);

    const accepted = await cli(['profile', 'remove', 'Ana'], env, [true]);
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).toMatch(
      /Removed profile “Ana” and its library\.\nIt was the profile in use; now using “default”\./,
    );
    expect(fs.existsSync(folder)).toBe(false);

    await cli(['profile', 'create', 'Bo'], env);
    const yes = await cli(['--json', 'profile', 'remove', 'Bo', '--yes'], env);
    expect(JSON.parse(yes.stdout)).toMatchObject({
      removed: { name: 'Bo' },
      wasActive: false,
      active: 'default',
    });
  });

  it('refuses hostile names and says why, creating nothing', async () => {
    const data = tempDir();
    const env = { SKILLFOLIO_DATA_DIR: data };
    const cases: Array<[string, RegExp]> = [
      ['../escape', /cannot contain “\/”/],
      ['a/b', /cannot contain “\/”/],
      ['a\u0000b', /control characters/],
      ['..', /start with a letter or a digit/],
      ['default', /original library/],
      ['x'.repeat(100_000), /at most 64 characters/],
    ];
    for (const [name, message] of cases) {
      const r = await cli(['profile', 'create', name], env);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(message);
    }
    expect(fs.existsSync(data) ? fs.readdirSync(data) : []).toEqual([]);
    expect(fs.readdirSync(path.dirname(data)).filter((f) => f === 'escape')).toEqual([]);
    expect((await cli(['profile', 'use', 'Nobody'], env)).stderr).toMatch(
      /no profile named “Nobody”/,
    );
    expect((await cli(['profile', 'remove', 'default', '--yes'], env)).stderr).toMatch(
      /cannot be removed/,
    );
    expect((await cli(['profile'], env)).code).toBe(2);
    expect((await cli(['profile', 'use'], env)).code).toBe(2);
  });

  it('stops with a clear error rather than opening another library when the choice is damaged', async () => {
    const data = tempDir();
    const env = { SKILLFOLIO_DATA_DIR: data };
    await cli(['profile', 'create', 'Ana'], env);
    await cli(['profile', 'use', 'Ana'], env);
    fs.writeFileSync(path.join(data, 'active-profile.json'), '{"active": "../../elsewhere"}');
    const r = await cli(['list'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/active-profile\.json is damaged/);
    expect(fs.existsSync(path.join(data, 'library.sqlite'))).toBe(false);
    expect((await cli(['profile', 'use', 'default'], env)).code).toBe(0);
    expect((await cli(['list'], env)).code).toBe(0);
  });
});
