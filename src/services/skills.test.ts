// Skills as a person sees and edits them, through the contract on a real library: edits outlive re-imports and re-verification.
import { afterEach, describe, expect, it } from 'vitest';
import { ob2Assertion, ob3Credential } from '../../test/helpers/fixtures';
import { call, refusal } from '../../test/helpers/dispatch';
import { tempSession } from '../../test/helpers/library';
import { rederiveSkills } from '../db/skills';
import { openSession, type Session } from './session';

const sessions: Session[] = [];
afterEach(() => {
  while (sessions.length) sessions.pop()?.close();
});

function library(): Session {
  const s = tempSession({ now: () => new Date('2025-05-01T10:00:00Z') });
  sessions.push(s);
  return s;
}

async function importText(s: Session, ...texts: string[]): Promise<number[]> {
  const r = await call(s, 'library.import', {
    sources: texts.map((text, i) => ({ kind: 'text' as const, text, name: `c${i}.json` })),
  });
  expect(r.rejected).toEqual([]);
  return r.imported.map((i) => i.id);
}

async function skills(s: Session, includeHidden = false) {
  return call(s, 'skills.list', { includeHidden });
}

async function skill(s: Session, name: string) {
  return (await skills(s, true)).find((k) => k.name === name);
}

/** Everything a person could see of the skills, and what was stored about their edits. */
async function state(s: Session): Promise<string> {
  return JSON.stringify({
    list: await skills(s, true),
    edits: s.db.prepare('SELECT * FROM skill_edits ORDER BY key').all(),
    links: s.db.prepare('SELECT * FROM skill_links ORDER BY key, credential_sha256').all(),
  });
}

describe('skills read from credentials', () => {
  it('groups spellings and abbreviations under one skill, listing the credentials behind it', async () => {
    const s = library();
    const [a, b] = await importText(
      s,
      ob2Assertion({ n: 1, title: 'Front end', tags: ['JS', 'Databases'] }),
      ob3Credential({ n: 2, title: 'Back end', tags: ['javascript', 'database'] }),
    );
    const js = await skill(s, 'JavaScript');
    expect(js).toMatchObject({ key: 'javascript', count: 2, hidden: false, userAdded: false });
    expect(js?.credentials.map((c) => [c.id, c.title, c.source]).sort()).toEqual([
      [a, 'Front end', 'tag'],
      [b, 'Back end', 'tag'],
    ]);
    expect((await skill(s, 'Databases'))?.count).toBe(2);
    // Searching by the well-known name finds the credential that only says "JS".
    const found = await call(s, 'library.list', { query: 'JavaScript' });
    expect(found.items.map((i) => i.id).sort()).toEqual([a, b].sort());
    // What the issuer wrote is kept with the credential.
    const detail = await call(s, 'library.get', { id: a! });
    expect(detail.tags).toEqual(['JS', 'Databases']);
    expect(detail.skills).toEqual(['Data Visualization', 'JavaScript', 'Databases']);
    expect(
      s.db
        .prepare(
          `SELECT cs.source_text FROM credential_skills cs JOIN skills k ON k.id = cs.skill_id
            WHERE cs.credential_id = ? AND k.key = 'javascript'`,
        )
        .get(a),
    ).toEqual({ source_text: 'JS' });
  });

  it('keeps the list shape the CLI promised: name and count first', async () => {
    const s = library();
    await importText(
      s,
      ob2Assertion({ n: 1, tags: ['SQL'], alignments: [] }),
      ob2Assertion({ n: 2, tags: ['SQL'], alignments: [] }),
    );
    const list = await skills(s);
    expect(list[0]).toMatchObject({ name: 'SQL', count: 2 });
  });

  it('limits the credentials listed per skill when asked, newest first, and still counts them all', async () => {
    const s = library();
    const ids = await importText(
      s,
      ...[1, 2, 3].map((n) => ob2Assertion({ n, tags: ['Welding'], alignments: [] })),
    );
    const [welding] = await call(s, 'skills.list', { perSkill: 2 });
    expect(welding?.count).toBe(3);
    expect(welding?.credentials.map((c) => c.id)).toEqual([ids[2], ids[1]]);
  });
});

describe('the person’s edits', () => {
  it('renames a skill everywhere, and later imports join the renamed skill', async () => {
    const s = library();
    await importText(s, ob2Assertion({ n: 1, tags: ['JS'] }));
    const renamed = await call(s, 'skills.rename', {
      skill: 'JavaScript',
      name: 'JavaScript (ES2022)',
    });
    expect(renamed).toMatchObject({ key: 'javascript', name: 'JavaScript (ES2022)', count: 1 });
    const [later] = await importText(
      s,
      ob3Credential({ n: 7, title: 'Later', tags: ['javascript'] }),
    );
    expect((await skill(s, 'JavaScript (ES2022)'))?.count).toBe(2);
    expect((await call(s, 'library.get', { id: later! })).skills).toContain('JavaScript (ES2022)');
    const page = await call(s, 'library.list', { skill: 'JavaScript (ES2022)' });
    expect(page.total).toBe(2);
    // The old name and the key still find it.
    expect((await call(s, 'skills.hide', { skill: 'javascript', hidden: false })).name).toBe(
      'JavaScript (ES2022)',
    );
  });

  it('refuses a rename onto another skill’s name, pointing at merge', async () => {
    const s = library();
    await importText(s, ob2Assertion({ n: 1, tags: ['SQL', 'Databases'] }));
    const before = await state(s);
    const e = await refusal(s, 'skills.rename', { skill: 'Databases', name: 'sql' });
    expect(e.code).toBe('bad-input');
    expect(e.message).toMatch(/A skill named “SQL” already exists: merge/);
    expect(await state(s)).toBe(before);
  });

  it('merges skills: their credentials count once for the target, and later imports land there', async () => {
    const s = library();
    const [a, b] = await importText(
      s,
      ob2Assertion({ n: 1, tags: ['SQL', 'Databases'], alignments: [] }),
      ob3Credential({ n: 2, tags: ['Relational databases'], alignments: [] }),
    );
    const merged = await call(s, 'skills.merge', {
      skills: ['Databases', 'Relational Databases'],
      into: 'SQL',
    });
    expect(merged.count).toBe(2);
    expect(merged.merged).toEqual(['database', 'relational database']);
    // Shown by the names the person knew them by, not their lower-case keys.
    expect(merged.mergedNames).toEqual(['Databases', 'Relational databases']);
    expect(merged.credentials.map((c) => c.id).sort()).toEqual([a, b].sort());
    const names = (await skills(s, true)).map((k) => k.name);
    expect(names).not.toContain('Databases');
    expect(names).not.toContain('Relational databases');
    const [c] = await importText(s, ob3Credential({ n: 3, tags: ['database'], alignments: [] }));
    expect((await call(s, 'library.get', { id: c! })).skills).toEqual(['SQL']);
    // Referring to a merged skill means its target; merging it again into the target is refused.
    const e = await refusal(s, 'skills.merge', { skills: ['Databases'], into: 'SQL' });
    expect(e.message).toMatch(/cannot be merged into itself/);
  });

  it('flattens chains of merges, so nothing is lost when the target is merged on', async () => {
    const s = library();
    await importText(
      s,
      ob2Assertion({ n: 1, tags: ['A skill', 'B skill', 'C skill'], alignments: [] }),
    );
    await call(s, 'skills.merge', { skills: ['A skill'], into: 'B skill' });
    await call(s, 'skills.merge', { skills: ['B skill'], into: 'C skill' });
    const list = await skills(s, true);
    expect(list.map((k) => k.name)).toEqual(['C skill']);
    expect(list[0]?.merged).toEqual(['a skill', 'b skill']);
    expect(list[0]?.mergedNames).toEqual(['A skill', 'B skill']);
  });

  it('hides a skill from the list and from credentials, and shows it again', async () => {
    const s = library();
    const [a] = await importText(s, ob2Assertion({ n: 1, tags: ['SQL', 'Topic 1'] }));
    await call(s, 'skills.hide', { skill: 'Topic 1' });
    expect((await skills(s)).map((k) => k.name)).not.toContain('Topic 1');
    expect((await skill(s, 'Topic 1'))?.hidden).toBe(true);
    expect((await call(s, 'library.get', { id: a! })).skills).not.toContain('Topic 1');
    await call(s, 'skills.hide', { skill: 'Topic 1', hidden: false });
    expect((await skills(s)).map((k) => k.name)).toContain('Topic 1');
  });

  it('adds a skill of the person’s own, empty or with credentials', async () => {
    const s = library();
    const [a] = await importText(s, ob2Assertion({ n: 1, tags: ['SQL'] }));
    const speaking = await call(s, 'skills.add', {
      name: '  Public   speaking ',
      credentialIds: [a!],
    });
    expect(speaking).toMatchObject({ name: 'Public speaking', count: 1, userAdded: true });
    const empty = await call(s, 'skills.add', { name: 'Welding' });
    expect(empty).toMatchObject({ name: 'Welding', count: 0, credentials: [] });
    expect((await skills(s)).map((k) => k.name)).toContain('Welding');
    expect((await refusal(s, 'skills.add', { name: 'sql' })).message).toMatch(
      /“SQL” already exists/,
    );
    await importText(s, ob2Assertion({ n: 2, tags: ['JS'] }));
    expect((await refusal(s, 'skills.add', { name: 'JavaScript' })).message).toMatch(
      /already exists/,
    );
  });

  it('attaches and detaches credentials, and the choice holds through re-verify, re-import and a rebuild', async () => {
    const s = library();
    const text = ob2Assertion({ n: 1, tags: ['SQL', 'Excel'], alignments: [] });
    const [a] = await importText(
      s,
      text,
      ob3Credential({ n: 2, tags: ['Python'], alignments: [] }),
    );
    await call(s, 'skills.attach', { skill: 'Python', credentialIds: [a!] });
    await call(s, 'skills.detach', { skill: 'Excel', credentialIds: [a!] });
    const check = async (id: number) => {
      expect((await call(s, 'library.get', { id })).skills).toEqual(['SQL', 'Python']);
      expect((await skill(s, 'Python'))?.credentials.find((c) => c.id === id)?.source).toBe('user');
      expect(await skill(s, 'Excel')).toBeUndefined();
    };
    await check(a!);

    await call(s, 'library.reverify', { ids: [a!] });
    await check(a!);

    rederiveSkills(s.db);
    await check(a!);

    await call(s, 'library.delete', { id: a! });
    expect((await skill(s, 'Python'))?.count).toBe(1);
    const [again] = await importText(s, text);
    expect(again).not.toBe(a);
    await check(again!);

    // Attaching again undoes a detachment.
    await call(s, 'skills.attach', { skill: 'SQL', credentialIds: [again!] });
    await call(s, 'skills.detach', { skill: 'Python', credentialIds: [again!] });
    expect((await call(s, 'library.get', { id: again! })).skills).toEqual(['SQL']);
  });

  it('rebuilds links made by older rules once, when a library is opened, keeping edits', async () => {
    const s = library();
    const [a] = await importText(s, ob2Assertion({ n: 1, tags: ['ML'], alignments: [] }));
    await call(s, 'skills.rename', { skill: 'Machine Learning', name: 'Machine learning (ML)' });
    // As an older version would have left it: links gone stale, rules version older.
    s.db.prepare('DELETE FROM credential_skills').run();
    s.db.prepare("UPDATE settings SET value = '1' WHERE key = 'skill_rules'").run();
    s.close();
    const again = openSession({ libraryDir: s.libraryDir, offline: true });
    sessions.push(again);
    expect((await call(again, 'library.get', { id: a! })).skills).toEqual([
      'Machine learning (ML)',
    ]);
  });
});

describe('hostile and wrong input to skill edits', () => {
  async function prepared() {
    const s = library();
    const ids = await importText(s, ob2Assertion({ n: 1, tags: ['SQL', 'Excel'] }));
    return { s, id: ids[0]!, before: await state(s) };
  }

  it.each([
    [
      'a 1 MB new name',
      'skills.rename',
      { skill: 'SQL', name: 'x'.repeat(1024 * 1024) },
      'bad-input',
      /at name/,
    ],
    [
      'a 201-character name',
      'skills.rename',
      { skill: 'SQL', name: 'x'.repeat(201) },
      'bad-input',
      /too long \(201 characters; at most 200\)/,
    ],
    [
      'a NUL in the name',
      'skills.rename',
      { skill: 'SQL', name: 'SQL\u0000DROP' },
      'bad-input',
      /control character/,
    ],
    [
      'a line break in the name',
      'skills.rename',
      { skill: 'SQL', name: 'SQL\nnext' },
      'bad-input',
      /control character or a line break/,
    ],
    [
      'a right-to-left override',
      'skills.rename',
      { skill: 'SQL', name: '\u202eLQS' },
      'bad-input',
      /text-direction/,
    ],
    [
      'a blank name',
      'skills.rename',
      { skill: 'SQL', name: '   ' },
      'bad-input',
      /cannot be empty/,
    ],
    [
      'an unknown skill',
      'skills.rename',
      { skill: 'Cooking', name: 'Baking' },
      'not-found',
      /no skill “Cooking”/,
    ],
    [
      'a 1 MB skill reference',
      'skills.rename',
      { skill: 'x'.repeat(1024 * 1024), name: 'Baking' },
      'bad-input',
      /at skill/,
    ],
    [
      'merging into an unknown skill',
      'skills.merge',
      { skills: ['SQL'], into: 'Nope' },
      'not-found',
      /no skill “Nope”/,
    ],
    [
      'merging a skill into itself',
      'skills.merge',
      { skills: ['SQL'], into: 'sql' },
      'bad-input',
      /into itself/,
    ],
    ['merging nothing', 'skills.merge', { skills: [], into: 'SQL' }, 'bad-input', /at skills/],
    ['an empty skill reference', 'skills.hide', { skill: '' }, 'bad-input', /at skill/],
    [
      'adding with an unknown credential',
      'skills.add',
      { name: 'Baking', credentialIds: [999] },
      'not-found',
      /no credential 999/,
    ],
    ['a bell character', 'skills.add', { name: '\u0007Bell' }, 'bad-input', /control character/],
    [
      'attaching an unknown credential',
      'skills.attach',
      { skill: 'SQL', credentialIds: [999] },
      'not-found',
      /no credential 999/,
    ],
    [
      'a negative credential id',
      'skills.attach',
      { skill: 'SQL', credentialIds: [-1] },
      'bad-input',
      /credentialIds/,
    ],
    [
      'no credentials',
      'skills.attach',
      { skill: 'SQL', credentialIds: [] },
      'bad-input',
      /credentialIds/,
    ],
    [
      'a fractional credential id',
      'skills.attach',
      { skill: 'SQL', credentialIds: [1.5] },
      'bad-input',
      /credentialIds/,
    ],
    [
      'detaching an unknown credential',
      'skills.detach',
      { skill: 'SQL', credentialIds: [999] },
      'not-found',
      /no credential 999/,
    ],
    ['zero credentials per skill', 'skills.list', { perSkill: 0 }, 'bad-input', /perSkill/],
    ['an unknown field', 'skills.list', { extra: true }, 'bad-input', /skills\.list/],
  ])('%s (%s) → refused, nothing changed', async (_label, method, input, code, message) => {
    const { s, before } = await prepared();
    const e = await refusal(s, method, input);
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
    expect(await state(s)).toBe(before);
  });

  it('refuses a credential named twice, or detaching one that does not back the skill', async () => {
    const { s, id, before } = await prepared();
    const other = (await importText(s, ob3Credential({ n: 9, tags: ['Python'] })))[0]!;
    const mid = await state(s);
    expect(before).not.toBe(mid);
    expect(
      (await refusal(s, 'skills.attach', { skill: 'SQL', credentialIds: [id, id] })).message,
    ).toMatch(/named twice/);
    expect(
      (await refusal(s, 'skills.detach', { skill: 'SQL', credentialIds: [id, other] })).message,
    ).toMatch(/Credential #\d+ is not one of the credentials behind “SQL”/);
    expect(await state(s)).toBe(mid);
  });

  it('shows a hostile skill name inert in messages', async () => {
    const s = library();
    const e = await refusal(s, 'skills.hide', { skill: '\u202eevil\u0000' + 'z'.repeat(500) });
    expect(e.code).toBe('not-found');
    expect(e.message).not.toContain('\u202e');
    expect(e.message).not.toContain('\u0000');
    expect(e.message.length).toBeLessThan(200);
  });
});
