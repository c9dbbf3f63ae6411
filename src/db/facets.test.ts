// The filter menus' counts: what they say matches what the list shows, and each is read from an index.
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyCredential, type Credential, type FormatId } from '../core/credential';
import { FACET_LIMIT } from '../core/facets';
import type { Verdict } from '../core/verification';
import { deleteCredential, insertCredential, listCredentials } from './credentials';
import { FACET_QUERIES, libraryFacets } from './facets';
import { closeLibrary, openMemoryLibrary, type Db } from './open';
import { findSkill, hideSkill, mergeSkills, renameSkill } from './skills';

const dbs: Db[] = [];
function memory(): Db {
  const db = openMemoryLibrary();
  dbs.push(db);
  return db;
}
afterEach(() => {
  while (dbs.length) closeLibrary(dbs.pop() as Db);
});

const NOW = '2025-03-01T12:00:00.000Z';
let serial = 0;

type Fields = Partial<Omit<Credential, 'image'>> & {
  format?: FormatId;
  verdict?: Verdict;
  parentId?: number;
};

function add(db: Db, title: string, fields: Fields = {}): number {
  const { format, verdict, parentId, ...rest } = fields;
  const original = new TextEncoder().encode(JSON.stringify({ title, n: serial++ }));
  return insertCredential(db, {
    parentId: parentId ?? null,
    format: format ?? 'ob3',
    mediaType: 'application/ld+json',
    original,
    sha256: createHash('sha256').update(original).digest('hex'),
    source: `${title}.json`,
    credential: { ...emptyCredential(title), ...rest },
    image: null,
    report: { verdict: verdict ?? 'unverified', checks: [], checkedAt: NOW },
    importedAt: NOW,
  });
}

describe('libraryFacets', () => {
  it('is empty for an empty library', () => {
    expect(libraryFacets(memory())).toEqual({
      total: 0,
      skills: [],
      skillsTruncated: false,
      issuers: [],
      issuersTruncated: false,
      formats: [],
      verdicts: [],
    });
  });

  it('counts skills, issuers, formats and verdicts, most common first', () => {
    const db = memory();
    add(db, 'SQL basics', { issuerName: 'Acme Academy', tags: ['SQL'], verdict: 'verified' });
    add(db, 'SQL joins', { issuerName: 'ACME ACADEMY', tags: ['SQL', 'Databases'] });
    add(db, 'Python', {
      issuerName: 'Example University',
      format: 'ob2',
      alignments: [{ targetName: 'Python' }],
      tags: ['sql'],
      verdict: 'expired',
    });
    add(db, 'My own project', { format: 'self-reported', tags: ['Python'] });

    const f = libraryFacets(db);
    expect(f.total).toBe(4);
    expect(f.skills).toEqual([
      { name: 'SQL', count: 3 },
      { name: 'Python', count: 2 },
      { name: 'Databases', count: 1 },
    ]);
    // One entry per issuer whatever the capitalisation; credentials without an issuer are not an issuer.
    expect(f.issuers).toHaveLength(2);
    expect(f.issuers[0]?.name.toLowerCase()).toBe('acme academy');
    expect(f.issuers[0]?.count).toBe(2);
    expect(f.issuers[1]).toEqual({ name: 'Example University', count: 1 });
    expect(f.formats).toEqual([
      { format: 'ob3', count: 2 },
      { format: 'ob2', count: 1 },
      { format: 'self-reported', count: 1 },
    ]);
    expect(f.verdicts).toEqual([
      { verdict: 'unverified', count: 2 },
      { verdict: 'expired', count: 1 },
      { verdict: 'verified', count: 1 },
    ]);
    expect(f.skillsTruncated).toBe(false);
    expect(f.issuersTruncated).toBe(false);
  });

  it('gives counts the list agrees with when filtered by each choice', () => {
    const db = memory();
    const formats: FormatId[] = ['ob2', 'ob3', 'vc', 'clr2'];
    const verdicts: Verdict[] = ['verified', 'unverified', 'revoked', 'invalid', 'expired'];
    for (let i = 0; i < 120; i++) {
      add(db, `Credential ${i}`, {
        issuerName: i % 7 === 0 ? null : `Issuer ${i % 5}`,
        format: formats[i % formats.length],
        verdict: verdicts[i % verdicts.length],
        tags: [`Skill ${i % 9}`, ...(i % 2 === 0 ? ['Even'] : [])],
        issuedOn: new Date(Date.UTC(2020, 0, 1 + i)).toISOString(),
      });
    }
    const f = libraryFacets(db);
    const total = (q: Parameters<typeof listCredentials>[1]): number =>
      listCredentials(db, { ...q, limit: 1 }).total;
    expect(f.total).toBe(120);
    for (const s of f.skills) expect(total({ skill: s.name })).toBe(s.count);
    for (const s of f.issuers) expect(total({ issuer: s.name })).toBe(s.count);
    for (const s of f.formats) expect(total({ format: s.format })).toBe(s.count);
    for (const s of f.verdicts) expect(total({ verdict: s.verdict })).toBe(s.count);
    expect(f.formats.reduce((n, x) => n + x.count, 0)).toBe(120);
    expect(f.verdicts.reduce((n, x) => n + x.count, 0)).toBe(120);
    expect(f.issuers.reduce((n, x) => n + x.count, 0)).toBe(120 - 18);
  });

  it('counts nested credentials, and forgets a skill once its last credential is deleted', () => {
    const db = memory();
    const bundle = add(db, 'Transcript', { format: 'clr2', issuerName: 'College' });
    add(db, 'Course 1', { parentId: bundle, issuerName: 'College', tags: ['Statistics'] });
    add(db, 'Course 2', { parentId: bundle, issuerName: 'College', tags: ['Statistics'] });
    add(db, 'Other', { tags: ['Writing'] });
    expect(libraryFacets(db).issuers).toEqual([{ name: 'College', count: 3 }]);
    expect(libraryFacets(db).skills).toEqual([
      { name: 'Statistics', count: 2 },
      { name: 'Writing', count: 1 },
    ]);

    expect(deleteCredential(db, bundle)).toBe(true);
    const after = libraryFacets(db);
    expect(after.total).toBe(1);
    expect(after.issuers).toEqual([]);
    expect(after.skills).toEqual([{ name: 'Writing', count: 1 }]);
    expect(after.formats).toEqual([{ format: 'ob3', count: 1 }]);
  });

  it('shows skills as the person edited them: renamed, merged, hidden ones left out', () => {
    const db = memory();
    add(db, 'One', { tags: ['Excel', 'Spreadsheets', 'Typing'] });
    add(db, 'Two', { tags: ['Excel', 'Typing'] });
    add(db, 'Three', { tags: ['Spreadsheets'] });
    const key = (name: string): string => findSkill(db, name) ?? `missing ${name}`;
    renameSkill(db, key('Excel'), 'Microsoft Excel', NOW);
    mergeSkills(db, [key('Spreadsheets')], key('Microsoft Excel'), NOW);
    hideSkill(db, key('Typing'), true, NOW);

    const f = libraryFacets(db);
    expect(f.skills).toEqual([{ name: 'Microsoft Excel', count: 3 }]);
    for (const s of f.skills) {
      expect(listCredentials(db, { skill: s.name, limit: 1 }).total).toBe(s.count);
    }
  });

  it('keeps the most common skills and issuers when there are too many to list, and says so', () => {
    const db = memory();
    db.transaction(() => {
      for (let i = 0; i < FACET_LIMIT + 5; i++) {
        add(db, `Credential ${i}`, { issuerName: `Issuer ${i}`, tags: [`Skill ${i}`] });
      }
      for (let i = 0; i < 3; i++)
        add(db, `Popular ${i}`, { issuerName: 'Popular', tags: ['Common'] });
    })();
    const f = libraryFacets(db);
    expect(f.issuers).toHaveLength(FACET_LIMIT);
    expect(f.issuersTruncated).toBe(true);
    expect(f.issuers[0]).toEqual({ name: 'Popular', count: 3 });
    expect(f.skills).toHaveLength(FACET_LIMIT);
    expect(f.skillsTruncated).toBe(true);
    expect(f.skills[0]).toEqual({ name: 'Common', count: 3 });
  });

  it('returns hostile names as plain data, unchanged', () => {
    const db = memory();
    const name = `<img src=https://tracker.example/p.gif> \u202Egnp.exe ${'x'.repeat(100_000)}`;
    add(db, 'Hostile', { issuerName: name, tags: ['<script>alert(1)</script>'] });
    const f = libraryFacets(db);
    expect(f.issuers).toEqual([{ name, count: 1 }]);
    expect(f.skills[0]?.name).toBe('<script>alert(1)</script>');
  });

  it('answers every count from an index, grouping in index order without a temporary table', () => {
    const db = memory();
    for (const [name, sql] of Object.entries(FACET_QUERIES)) {
      const plan = (
        db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(sql.includes('?') ? [10] : [])) as {
          detail: string;
        }[]
      ).map((r) => r.detail);
      expect(
        plan.some((d) => /USING COVERING INDEX/.test(d)),
        `${name}: ${plan.join(' / ')}`,
      ).toBe(true);
      expect(
        plan.filter((d) => /TEMP B-TREE FOR GROUP BY/.test(d)),
        name,
      ).toEqual([]);
      // The wide credentials table is never scanned row by row.
      expect(
        plan.filter((d) => /^SCAN credentials$/.test(d)),
        name,
      ).toEqual([]);
    }
  });
});
