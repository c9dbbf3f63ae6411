// Building portfolios through the contract on a real library, and the snapshot the exporters read.
import { afterEach, describe, expect, it } from 'vitest';
import { ob2Assertion, ob3Credential, solidPng } from '../../test/helpers/fixtures';
import { call, refusal } from '../../test/helpers/dispatch';
import { tempSession } from '../../test/helpers/library';
import type { PortfolioView } from '../core/portfolio-view';
import { snapshotPortfolio } from './portfolio';
import type { Session } from './session';

const NOW = new Date('2025-05-01T10:00:00Z');
const sessions: Session[] = [];
afterEach(() => {
  while (sessions.length) sessions.pop()?.close();
});

function library(): Session {
  const s = tempSession({ now: () => NOW });
  sessions.push(s);
  return s;
}

const TEXTS = [
  ob2Assertion({ n: 1, title: 'SQL Basics', tags: ['SQL'], alignments: [] }),
  ob3Credential({ n: 2, title: 'Python for Data', tags: ['Python', 'SQL'], alignments: [] }),
  ob2Assertion({ n: 3, title: 'Łódź Workshop', tags: ['Teamwork'], alignments: [] }),
  ob3Credential({ n: 4, title: 'Ελληνικά Statistics', tags: ['Statistics'], alignments: [] }),
];

async function withCredentials(): Promise<{ s: Session; ids: number[] }> {
  const s = library();
  const r = await call(s, 'library.import', {
    sources: TEXTS.map((text, i) => ({ kind: 'text' as const, text, name: `c${i}.json` })),
  });
  expect(r.rejected).toEqual([]);
  // Import order is not promised; map back to TEXTS order by title.
  const byTitle = new Map(r.imported.map((i) => [i.title, i.id]));
  const ids = ['SQL Basics', 'Python for Data', 'Łódź Workshop', 'Ελληνικά Statistics'].map(
    (t) => byTitle.get(t) as number,
  );
  return { s, ids };
}

/** Each section as [title, [credential ids in order]]. */
function layout(p: PortfolioView): Array<[string, number[]]> {
  return p.sections.map((s) => [s.title, s.entries.map((e) => e.credentialId)]);
}

/** What a person could see of every portfolio. */
async function state(s: Session): Promise<string> {
  const list = await call(s, 'portfolio.list', {});
  const all = [];
  for (const p of list) all.push(await call(s, 'portfolio.get', { id: p.id }));
  return JSON.stringify({ list, all });
}

describe('a portfolio and its fields', () => {
  it('is created with the person’s details and listed', async () => {
    const s = library();
    const p = await call(s, 'portfolio.create', {
      name: '  Data   Analyst ',
      personName: 'Zoë Łukasiewicz',
      headline: 'Teacher turned analyst',
      email: 'zoe@example.org',
      links: ['https://example.org/zoe'],
      targetRole: 'Junior Data Analyst',
      summary: 'Ten years of teaching.\n\nNow: SQL and Python.',
    });
    expect(p).toMatchObject({
      name: 'Data Analyst',
      personName: 'Zoë Łukasiewicz',
      headline: 'Teacher turned analyst',
      email: 'zoe@example.org',
      links: ['https://example.org/zoe'],
      targetRole: 'Junior Data Analyst',
      summary: 'Ten years of teaching.\n\nNow: SQL and Python.',
      createdAt: NOW.toISOString(),
      sections: [],
      credentials: {},
    });
    expect(await call(s, 'portfolio.list', {})).toEqual([
      {
        id: p.id,
        name: 'Data Analyst',
        personName: 'Zoë Łukasiewicz',
        targetRole: 'Junior Data Analyst',
        sections: 0,
        entries: 0,
        updatedAt: NOW.toISOString(),
      },
    ]);
  });

  it('is renamed and updated field by field; null clears a field', async () => {
    const s = library();
    const p = await call(s, 'portfolio.create', { name: 'CV', headline: 'Old', email: 'a@b.org' });
    const q = await call(s, 'portfolio.update', {
      id: p.id,
      name: 'CV 2025',
      headline: null,
      links: [],
    });
    expect(q).toMatchObject({ name: 'CV 2025', headline: null, email: 'a@b.org', links: [] });
  });

  it('is deleted, leaving its credentials in the library', async () => {
    const { s, ids } = await withCredentials();
    const p = await call(s, 'portfolio.create', { name: 'CV' });
    await call(s, 'portfolio.addEntries', { id: p.id, credentialIds: [ids[0]!] });
    expect(await call(s, 'portfolio.delete', { id: p.id })).toEqual({
      deleted: { id: p.id, name: 'CV' },
    });
    expect(await call(s, 'portfolio.list', {})).toEqual([]);
    expect((await call(s, 'library.list', {})).total).toBe(4);
    expect((await refusal(s, 'portfolio.get', { id: p.id })).code).toBe('not-found');
  });
});

describe('sections and entries', () => {
  it('puts credentials in a “Credentials” section by default, in the order given', async () => {
    const { s, ids } = await withCredentials();
    const p = await call(s, 'portfolio.create', { name: 'CV' });
    const q = await call(s, 'portfolio.addEntries', {
      id: p.id,
      credentialIds: [ids[1]!, ids[0]!],
    });
    expect(layout(q)).toEqual([['Credentials', [ids[1], ids[0]]]]);
    expect(q.credentials[ids[1]!]?.title).toBe('Python for Data');
    expect(q.sections[0]?.skill).toBeNull();
  });

  it('makes a skill section when the section is named after a skill, and inserts at a position', async () => {
    const { s, ids } = await withCredentials();
    const p = await call(s, 'portfolio.create', { name: 'CV' });
    await call(s, 'portfolio.addEntries', {
      id: p.id,
      credentialIds: [ids[0]!, ids[1]!],
      section: 'sql',
    });
    const q = await call(s, 'portfolio.addEntries', {
      id: p.id,
      credentialIds: [ids[3]!],
      section: 'SQL',
      index: 1,
    });
    expect(layout(q)).toEqual([['sql', [ids[0], ids[3], ids[1]]]]);
    expect(q.sections[0]?.skill).toBe('SQL');
    const r = await call(s, 'portfolio.addSection', { id: p.id, skill: 'teamwork', index: 0 });
    expect(r.sections.map((x) => [x.title, x.skill])).toEqual([
      ['Teamwork', 'Teamwork'],
      ['sql', 'SQL'],
    ]);
  });

  it('moves entries within and across sections, keeping positions whole', async () => {
    const { s, ids } = await withCredentials();
    const [a, b, c, d] = ids as [number, number, number, number];
    const p = await call(s, 'portfolio.create', { name: 'CV' });
    await call(s, 'portfolio.addEntries', { id: p.id, credentialIds: [a, b, c], section: 'Work' });
    const other = await call(s, 'portfolio.addEntries', {
      id: p.id,
      credentialIds: [d],
      section: 'Study',
    });
    const study = other.sections[1]!.id;
    expect(
      layout(await call(s, 'portfolio.moveEntry', { id: p.id, credentialId: a, index: 2 })),
    ).toEqual([
      ['Work', [b, c, a]],
      ['Study', [d]],
    ]);
    expect(
      layout(
        await call(s, 'portfolio.moveEntry', {
          id: p.id,
          credentialId: c,
          sectionId: study,
          index: 0,
        }),
      ),
    ).toEqual([
      ['Work', [b, a]],
      ['Study', [c, d]],
    ]);
    expect(layout(await call(s, 'portfolio.removeEntry', { id: p.id, credentialId: b }))).toEqual([
      ['Work', [a]],
      ['Study', [c, d]],
    ]);
    expect(
      layout(await call(s, 'portfolio.moveEntry', { id: p.id, credentialId: d, index: 0 })),
    ).toEqual([
      ['Work', [a]],
      ['Study', [d, c]],
    ]);
    const moved = await call(s, 'portfolio.moveSection', { id: p.id, sectionId: study, index: 0 });
    expect(layout(moved)).toEqual([
      ['Study', [d, c]],
      ['Work', [a]],
    ]);
  });

  it('renames and removes sections (entries go with a removed section, credentials stay)', async () => {
    const { s, ids } = await withCredentials();
    const p = await call(s, 'portfolio.create', { name: 'CV' });
    const q = await call(s, 'portfolio.addEntries', {
      id: p.id,
      credentialIds: [ids[0]!],
      section: 'Old',
    });
    const sectionId = q.sections[0]!.id;
    expect(
      layout(await call(s, 'portfolio.renameSection', { id: p.id, sectionId, title: 'New' })),
    ).toEqual([['New', [ids[0]]]]);
    const r = await call(s, 'portfolio.removeSection', { id: p.id, sectionId });
    expect(r.sections).toEqual([]);
    expect((await call(s, 'library.get', { id: ids[0]! })).title).toBe('SQL Basics');
  });

  it('keeps a note and hidden fields per entry', async () => {
    const { s, ids } = await withCredentials();
    const p = await call(s, 'portfolio.create', { name: 'CV' });
    await call(s, 'portfolio.addEntries', { id: p.id, credentialIds: [ids[0]!] });
    await call(s, 'portfolio.setEntryNote', {
      id: p.id,
      credentialId: ids[0]!,
      note: 'Top of the cohort.\nGrade: A',
    });
    const q = await call(s, 'portfolio.setEntryHidden', {
      id: p.id,
      credentialId: ids[0]!,
      hidden: ['recipient', 'image', 'recipient'],
    });
    expect(q.sections[0]?.entries[0]).toEqual({
      credentialId: ids[0],
      note: 'Top of the cohort.\nGrade: A',
      hidden: ['recipient', 'image'],
    });
    const cleared = await call(s, 'portfolio.setEntryNote', {
      id: p.id,
      credentialId: ids[0]!,
      note: '  ',
    });
    expect(cleared.sections[0]?.entries[0]?.note).toBeNull();
  });

  it('loses an entry when its credential is deleted from the library', async () => {
    const { s, ids } = await withCredentials();
    const p = await call(s, 'portfolio.create', { name: 'CV' });
    await call(s, 'portfolio.addEntries', { id: p.id, credentialIds: [ids[0]!, ids[1]!, ids[2]!] });
    await call(s, 'library.delete', { id: ids[1]! });
    const q = await call(s, 'portfolio.get', { id: p.id });
    expect(layout(q)).toEqual([['Credentials', [ids[0], ids[2]]]]);
    // Positions stay usable after the gap.
    const r = await call(s, 'portfolio.moveEntry', { id: p.id, credentialId: ids[2]!, index: 0 });
    expect(layout(r)).toEqual([['Credentials', [ids[2], ids[0]]]]);
  });
});

describe('duplicating a portfolio to tailor it', () => {
  it('copies fields, sections, entries, notes and hidden fields; the copy changes on its own', async () => {
    const { s, ids } = await withCredentials();
    const p = await call(s, 'portfolio.create', { name: 'CV', personName: 'Zoë', summary: 'Hi' });
    await call(s, 'portfolio.addEntries', {
      id: p.id,
      credentialIds: [ids[0]!, ids[1]!],
      section: 'SQL',
    });
    await call(s, 'portfolio.setEntryNote', { id: p.id, credentialId: ids[0]!, note: 'Best' });
    await call(s, 'portfolio.setEntryHidden', {
      id: p.id,
      credentialId: ids[1]!,
      hidden: ['description'],
    });
    const original = await call(s, 'portfolio.get', { id: p.id });

    const copy = await call(s, 'portfolio.duplicate', { id: p.id });
    expect(copy.name).toBe('CV (copy)');
    expect(copy.id).not.toBe(p.id);
    const strip = (x: PortfolioView) => ({
      ...x,
      id: 0,
      name: '',
      createdAt: '',
      updatedAt: '',
      sections: x.sections.map((sec) => ({ ...sec, id: 0 })),
    });
    expect(strip(copy)).toEqual(strip(original));
    expect((await call(s, 'portfolio.duplicate', { id: p.id })).name).toBe('CV (copy 2)');
    expect((await call(s, 'portfolio.duplicate', { id: p.id, name: 'CV for Acme' })).name).toBe(
      'CV for Acme',
    );

    await call(s, 'portfolio.removeEntry', { id: copy.id, credentialId: ids[0]! });
    await call(s, 'portfolio.update', { id: copy.id, summary: 'Tailored' });
    expect(await call(s, 'portfolio.get', { id: p.id })).toEqual(original);
  });

  it('keeps the copy’s name within the limit', async () => {
    const s = library();
    const p = await call(s, 'portfolio.create', { name: 'n'.repeat(200) });
    const copy = await call(s, 'portfolio.duplicate', { id: p.id });
    expect(Array.from(copy.name)).toHaveLength(200);
    expect(copy.name.endsWith(' (copy)')).toBe(true);
  });
});

describe('the snapshot exports read', () => {
  it('holds the originals byte for byte, the image, and the skills with their credentials', async () => {
    const s = library();
    const png = solidPng(8, 8);
    const r = await call(s, 'library.import', {
      sources: [
        { kind: 'text', text: TEXTS[0]!, name: 'a.json' },
        { kind: 'text', text: TEXTS[1]!, name: 'b.json' },
        { kind: 'text', text: TEXTS[2]!, name: 'c.json' },
      ],
    });
    const id = (t: string) => r.imported.find((i) => i.title === t)!.id;
    const [sql, py, team] = [id('SQL Basics'), id('Python for Data'), id('Łódź Workshop')];
    s.db
      .prepare("INSERT INTO images (sha256, media_type, bytes) VALUES (?, 'image/png', ?)")
      .run('a'.repeat(64), png);
    s.db.prepare('UPDATE credentials SET image_sha256 = ? WHERE id = ?').run('a'.repeat(64), sql);

    const p = await call(s, 'portfolio.create', { name: 'CV', personName: 'Zoë' });
    await call(s, 'portfolio.addEntries', { id: p.id, credentialIds: [team], section: 'Teamwork' });
    await call(s, 'portfolio.addEntries', { id: p.id, credentialIds: [py, sql], section: 'Work' });

    const snap = snapshotPortfolio(s, p.id);
    expect(snap.exportedAt).toBe(NOW.toISOString());
    expect(snap.portfolio.personName).toBe('Zoë');
    expect(Object.keys(snap.credentials).map(Number).sort()).toEqual([sql, py, team].sort());
    expect(Buffer.from(snap.credentials[sql]!.original.bytes).toString('utf8')).toBe(TEXTS[0]);
    expect(Buffer.from(snap.credentials[py]!.original.bytes).toString('utf8')).toBe(TEXTS[1]);
    expect(Buffer.compare(Buffer.from(snap.credentials[sql]!.image!.bytes), Buffer.from(png))).toBe(
      0,
    );
    expect(snap.credentials[py]!.image).toBeNull();
    // The skill section's skill first, then by how many credentials back each.
    expect(snap.skills).toEqual([
      { name: 'Teamwork', credentialIds: [team] },
      { name: 'SQL', credentialIds: [py, sql] },
      { name: 'Python', credentialIds: [py] },
    ]);
    // The same through the contract.
    expect((await call(s, 'portfolio.snapshot', { id: p.id })).skills).toEqual(snap.skills);

    // The live preview's view: the same portfolio, details and skills, and none of the bytes.
    const preview = await call(s, 'portfolio.preview', { id: p.id });
    expect(preview.skills).toEqual(snap.skills);
    expect(preview.credentials[sql]).toEqual({ detail: snap.credentials[sql]!.detail });
    expect(JSON.stringify(preview).length).toBeLessThan(JSON.stringify(snap).length / 2);
  });

  it('leaves out what the person hid, and the skills they hid or renamed follow their edits', async () => {
    const { s, ids } = await withCredentials();
    const p = await call(s, 'portfolio.create', { name: 'CV' });
    await call(s, 'portfolio.addEntries', { id: p.id, credentialIds: [ids[0]!, ids[1]!] });
    await call(s, 'portfolio.setEntryHidden', {
      id: p.id,
      credentialId: ids[0]!,
      hidden: [
        'recipient',
        'description',
        'evidence',
        'issuedOn',
        'validUntil',
        'image',
        'criteria',
      ],
    });
    await call(s, 'skills.hide', { skill: 'Python' });
    await call(s, 'skills.rename', { skill: 'SQL', name: 'Structured Query Language (SQL)' });
    const snap = snapshotPortfolio(s, p.id);
    const hidden = snap.credentials[ids[0]!]!.detail;
    expect(hidden.recipient).toBeNull();
    expect(hidden.description).toBeNull();
    expect(hidden.issuedOn).toBeNull();
    expect(hidden.evidence).toEqual([]);
    expect(hidden.hasImage).toBe(false);
    expect(hidden.achievement?.criteria).toBeUndefined();
    expect(snap.credentials[ids[0]!]!.image).toBeNull();
    const shown = snap.credentials[ids[1]!]!.detail;
    expect(shown.recipient).not.toBeNull();
    expect(shown.description).not.toBeNull();
    expect(snap.skills).toEqual([
      { name: 'Structured Query Language (SQL)', credentialIds: [ids[0], ids[1]] },
    ]);
    // The library itself still has everything.
    expect((await call(s, 'library.get', { id: ids[0]! })).recipient).not.toBeNull();
  });

  it('works for an empty portfolio and refuses an unknown one', async () => {
    const s = library();
    const p = await call(s, 'portfolio.create', { name: 'Empty' });
    expect(snapshotPortfolio(s, p.id)).toMatchObject({ credentials: {}, skills: [] });
    expect((await refusal(s, 'portfolio.snapshot', { id: 999 })).code).toBe('not-found');
  });
});

describe('hostile and wrong input to portfolios', () => {
  async function prepared() {
    const { s, ids } = await withCredentials();
    const p = await call(s, 'portfolio.create', { name: 'CV' });
    const q = await call(s, 'portfolio.addEntries', {
      id: p.id,
      credentialIds: [ids[0]!, ids[1]!],
      section: 'Work',
    });
    await call(s, 'portfolio.create', { name: 'Other' });
    return { s, ids, id: p.id, section: q.sections[0]!.id, before: await state(s) };
  }

  type Case = [
    label: string,
    method: string,
    input: (c: Awaited<ReturnType<typeof prepared>>) => unknown,
    code: string,
    message: RegExp,
  ];
  const cases: Case[] = [
    [
      'a 1 MB name',
      'portfolio.create',
      () => ({ name: 'x'.repeat(1024 * 1024) }),
      'bad-input',
      /at name/,
    ],
    [
      'a 201-character name',
      'portfolio.create',
      () => ({ name: 'x'.repeat(201) }),
      'bad-input',
      /too long \(201 characters; at most 200\)/,
    ],
    [
      'a name with a NUL',
      'portfolio.create',
      () => ({ name: 'CV\u0000x' }),
      'bad-input',
      /control character/,
    ],
    [
      'a name with a line break',
      'portfolio.create',
      () => ({ name: 'CV\nx' }),
      'bad-input',
      /line break/,
    ],
    [
      'a right-to-left override',
      'portfolio.create',
      () => ({ name: '\u202eVC' }),
      'bad-input',
      /text-direction/,
    ],
    [
      'a name taken (any case)',
      'portfolio.create',
      () => ({ name: 'cv' }),
      'bad-input',
      /already a portfolio named “cv”/,
    ],
    [
      'a name that is a number',
      'portfolio.create',
      () => ({ name: '42' }),
      'bad-input',
      /only a number/,
    ],
    ['an empty name', 'portfolio.create', () => ({ name: '  ' }), 'bad-input', /cannot be empty/],
    [
      'a javascript: link',
      'portfolio.create',
      () => ({ name: 'X', links: ['javascript:alert(1)'] }),
      'bad-input',
      /Link 1 must be a web address/,
    ],
    [
      'a link that is no address',
      'portfolio.create',
      () => ({ name: 'X', links: ['not a url'] }),
      'bad-input',
      /Link 1 is not a web address/,
    ],
    [
      '21 links',
      'portfolio.create',
      () => ({ name: 'X', links: Array(21).fill('https://a.example') }),
      'bad-input',
      /at most 20 links/,
    ],
    [
      'a bad e-mail',
      'portfolio.create',
      () => ({ name: 'X', email: 'zoe at example' }),
      'bad-input',
      /not an e-mail address/,
    ],
    [
      'a 1 MB summary',
      'portfolio.create',
      () => ({ name: 'X', summary: 's'.repeat(1024 * 1024) }),
      'bad-input',
      /at summary/,
    ],
    [
      'a rename onto another portfolio',
      'portfolio.update',
      (c) => ({ id: c.id, name: 'OTHER' }),
      'bad-input',
      /already a portfolio named/,
    ],
    [
      'an unknown portfolio',
      'portfolio.update',
      () => ({ id: 999, headline: 'x' }),
      'not-found',
      /no portfolio 999/,
    ],
    [
      'an unknown field',
      'portfolio.update',
      (c) => ({ id: c.id, colour: 'red' }),
      'bad-input',
      /portfolio\.update/,
    ],
    [
      'an unknown credential',
      'portfolio.addEntries',
      (c) => ({ id: c.id, credentialIds: [999] }),
      'not-found',
      /no credential 999/,
    ],
    [
      'a credential already there',
      'portfolio.addEntries',
      (c) => ({ id: c.id, credentialIds: [c.ids[2], c.ids[0]] }),
      'bad-input',
      /already in this portfolio \(section “Work”\)/,
    ],
    [
      'a credential named twice',
      'portfolio.addEntries',
      (c) => ({ id: c.id, credentialIds: [c.ids[2], c.ids[2]] }),
      'bad-input',
      /named twice/,
    ],
    [
      'a position past the end',
      'portfolio.addEntries',
      (c) => ({ id: c.id, credentialIds: [c.ids[2]], section: 'Work', index: 5 }),
      'bad-input',
      /Position 6 is out of range: the section has positions 1–3/,
    ],
    [
      'a section of another portfolio',
      'portfolio.addEntries',
      (c) => ({ id: c.id + 1, credentialIds: [c.ids[2]], sectionId: c.section }),
      'not-found',
      /no section/,
    ],
    [
      'a section by id and by title',
      'portfolio.addEntries',
      (c) => ({ id: c.id, credentialIds: [c.ids[2]], sectionId: c.section, section: 'Work' }),
      'bad-input',
      /not both/,
    ],
    [
      'a section title with a NUL',
      'portfolio.addEntries',
      (c) => ({ id: c.id, credentialIds: [c.ids[2]], section: 'A\u0000' }),
      'bad-input',
      /control character/,
    ],
    [
      'a move past the end',
      'portfolio.moveEntry',
      (c) => ({ id: c.id, credentialId: c.ids[0], index: 2 }),
      'bad-input',
      /Position 3 is out of range: the section has positions 1–2/,
    ],
    [
      'a move far out of range',
      'portfolio.moveEntry',
      (c) => ({ id: c.id, credentialId: c.ids[0], index: 999_999 }),
      'bad-input',
      /out of range/,
    ],
    [
      'a negative position',
      'portfolio.moveEntry',
      (c) => ({ id: c.id, credentialId: c.ids[0], index: -1 }),
      'bad-input',
      /at index/,
    ],
    [
      'a fractional position',
      'portfolio.moveEntry',
      (c) => ({ id: c.id, credentialId: c.ids[0], index: 0.5 }),
      'bad-input',
      /at index/,
    ],
    [
      'moving a credential not in it',
      'portfolio.moveEntry',
      (c) => ({ id: c.id, credentialId: c.ids[3], index: 0 }),
      'not-found',
      /not in this portfolio/,
    ],
    [
      'removing a credential not in it',
      'portfolio.removeEntry',
      (c) => ({ id: c.id, credentialId: c.ids[3] }),
      'not-found',
      /not in this portfolio/,
    ],
    [
      'a 1 MB note',
      'portfolio.setEntryNote',
      (c) => ({ id: c.id, credentialId: c.ids[0], note: 'n'.repeat(1024 * 1024) }),
      'bad-input',
      /at note/,
    ],
    [
      'a note with a bell',
      'portfolio.setEntryNote',
      (c) => ({ id: c.id, credentialId: c.ids[0], note: 'ding\u0007' }),
      'bad-input',
      /control character/,
    ],
    [
      'hiding an unknown field',
      'portfolio.setEntryHidden',
      (c) => ({ id: c.id, credentialId: c.ids[0], hidden: ['password'] }),
      'bad-input',
      /at hidden/,
    ],
    [
      'a section title taken',
      'portfolio.addSection',
      (c) => ({ id: c.id, title: 'work' }),
      'bad-input',
      /already has a section “work”/,
    ],
    [
      'a section for an unknown skill',
      'portfolio.addSection',
      (c) => ({ id: c.id, skill: 'Cooking' }),
      'not-found',
      /no skill “Cooking”/,
    ],
    [
      'a section with neither title nor skill',
      'portfolio.addSection',
      (c) => ({ id: c.id }),
      'bad-input',
      /title or a skill/,
    ],
    [
      'a section moved past the end',
      'portfolio.moveSection',
      (c) => ({ id: c.id, sectionId: c.section, index: 1 }),
      'bad-input',
      /Position 2 is out of range: the portfolio has only position 1/,
    ],
    [
      'renaming an unknown section',
      'portfolio.renameSection',
      (c) => ({ id: c.id, sectionId: 999, title: 'X' }),
      'not-found',
      /no section 999/,
    ],
    [
      'removing an unknown section',
      'portfolio.removeSection',
      (c) => ({ id: c.id, sectionId: 999 }),
      'not-found',
      /no section 999/,
    ],
    [
      'duplicating onto a taken name',
      'portfolio.duplicate',
      (c) => ({ id: c.id, name: 'Other' }),
      'bad-input',
      /already a portfolio named/,
    ],
    [
      'deleting an unknown portfolio',
      'portfolio.delete',
      () => ({ id: 999 }),
      'not-found',
      /no portfolio 999/,
    ],
    ['an id that is a string', 'portfolio.get', () => ({ id: '1' }), 'bad-input', /at id/],
  ];

  it.each(cases)(
    '%s (%s) → refused, nothing changed',
    async (_label, method, input, code, message) => {
      const c = await prepared();
      const e = await refusal(c.s, method, input(c));
      expect(e.code).toBe(code);
      expect(e.message).toMatch(message);
      expect(await state(c.s)).toBe(c.before);
    },
  );
});
