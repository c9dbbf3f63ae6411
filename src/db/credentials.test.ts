// Storing, finding, searching and deleting credentials in a real SQLite library.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyCredential, type Credential, type FormatId } from '../core/credential';
import { unverifiedReport, type VerificationReport } from '../core/verification';
import { AppError } from '../shared/errors';
import {
  countCredentials,
  deleteCredential,
  findDuplicate,
  getCredential,
  getImage,
  getOriginal,
  insertCredential,
  listCredentials,
  updateReport,
  withBatchedSearchIndex,
  type ListQuery,
  type NewCredential,
  type StoredImage,
} from './credentials';
import { closeLibrary, openLibrary, openMemoryLibrary, type Db } from './open';
import { attachCredential, backs, detachCredential, listSkills, mergeSkills } from './skills';

const dbs: Db[] = [];
const dirs: string[] = [];
function memory(): Db {
  const db = openMemoryLibrary();
  dbs.push(db);
  return db;
}
afterEach(() => {
  while (dbs.length) closeLibrary(dbs.pop() as Db);
  while (dirs.length) fs.rmSync(dirs.pop() as string, { recursive: true, force: true });
});

const NOW = '2025-03-01T12:00:00.000Z';
let serial = 0;

function sha(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

type Fields = Omit<Partial<Credential>, 'image'> & {
  format?: FormatId;
  parentId?: number | null;
  image?: StoredImage | null;
  original?: Uint8Array;
  report?: VerificationReport;
};

function row(title: string, fields: Fields = {}): NewCredential {
  const { format, parentId, image, original, report, ...credentialFields } = fields;
  const credential: Credential = { ...emptyCredential(title), ...credentialFields };
  const bytes = original ?? new TextEncoder().encode(JSON.stringify({ title, n: serial++ }));
  return {
    parentId: parentId ?? null,
    format: format ?? 'ob3',
    mediaType: 'application/ld+json',
    original: bytes,
    sha256: sha(bytes),
    source: `${title}.json`,
    credential,
    image: image ?? null,
    report: report ?? unverifiedReport(NOW),
    importedAt: NOW,
  };
}

function add(db: Db, title: string, fields: Fields = {}): number {
  return insertCredential(db, row(title, fields));
}

function titles(db: Db, q: Parameters<typeof listCredentials>[1]): string[] {
  return listCredentials(db, q).items.map((i) => i.title);
}

/** A real 1×1 PNG, plus bytes that are not valid UTF-8 anywhere. */
const PNG = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==',
    'base64',
  ),
);

describe('insertCredential and reading back', () => {
  it('keeps the original bytes exactly, even binary and non-UTF-8 ones', () => {
    const db = memory();
    const binary = Uint8Array.from([...PNG, 0xff, 0xfe, 0x00, 0xc3, 0x28, 0x80, 0x00, 0x00]);
    const id = add(db, 'Baked badge', { original: binary });
    const got = getOriginal(db, id);
    expect(got?.mediaType).toBe('application/ld+json');
    expect(Buffer.compare(Buffer.from(got?.bytes ?? []), Buffer.from(binary))).toBe(0);
    expect(got?.bytes.byteLength).toBe(binary.byteLength);
  });

  it('keeps the original bytes exactly in a library on disk, across re-opening', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillfolio-db-'));
    dirs.push(dir);
    const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 256);
    const first = openLibrary(dir);
    const id = first.transaction(() => add(first, 'Big', { original: bytes }))();
    closeLibrary(first);
    const db = openLibrary(dir);
    dbs.push(db);
    expect(Buffer.from(getOriginal(db, id)?.bytes ?? []).equals(Buffer.from(bytes))).toBe(true);
    expect(getCredential(db, id)?.sha256).toBe(sha(bytes));
  });

  it('returns every field it was given', () => {
    const db = memory();
    const report: VerificationReport = {
      verdict: 'verified',
      checks: [{ id: 'proof', status: 'pass', message: 'Signature valid.' }],
      checkedAt: NOW,
    };
    const id = add(db, 'Data Analysis Certificate', {
      format: 'ob2',
      credentialId: 'urn:uuid:1',
      description: 'Cleaning and charting data.',
      issuerName: 'Open University',
      issuerId: 'https://open.example',
      issuedOn: '2024-01-02',
      validFrom: '2024-01-02',
      validUntil: '2027-01-02',
      recipient: 'sha256$abc',
      achievement: { id: 'urn:a', name: 'Data Analysis', criteria: 'Pass the exam' },
      evidence: [{ id: 'https://e.example/1', narrative: 'Project' }],
      alignments: [{ targetName: 'Statistics', targetFramework: 'ESCO' }],
      tags: ['Excel', 'statistics'],
      image: { mediaType: 'image/png', bytes: PNG },
      report,
    });
    const got = getCredential(db, id);
    expect(got).toEqual({
      id,
      parentId: null,
      format: 'ob2',
      title: 'Data Analysis Certificate',
      issuerName: 'Open University',
      issuedOn: '2024-01-02',
      validUntil: '2027-01-02',
      verdict: 'verified',
      source: 'Data Analysis Certificate.json',
      importedAt: NOW,
      hasImage: true,
      skills: ['Statistics', 'Excel'],
      // A signature, not a hosted copy, made it verified.
      issuerHosted: false,
      credentialId: 'urn:uuid:1',
      mediaType: 'application/ld+json',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      description: 'Cleaning and charting data.',
      issuerId: 'https://open.example',
      validFrom: '2024-01-02',
      recipient: 'sha256$abc',
      achievement: { id: 'urn:a', name: 'Data Analysis', criteria: 'Pass the exam' },
      evidence: [{ id: 'https://e.example/1', narrative: 'Project' }],
      alignments: [{ targetName: 'Statistics', targetFramework: 'ESCO' }],
      tags: ['Excel', 'statistics'],
      report,
      children: [],
    });
    expect(Buffer.from(getImage(db, id)?.bytes ?? []).equals(Buffer.from(PNG))).toBe(true);
    expect(getImage(db, id)?.mediaType).toBe('image/png');
  });

  it('stores hostile text verbatim and inert', () => {
    const db = memory();
    const title =
      "Evil\u0000 \u202egnp.exe <img src=https://tracker.example/x> '; DROP TABLE credentials; --";
    const id = add(db, title, {
      description: 'x'.repeat(1_000_000),
      tags: ['__proto__', 'constructor'],
      achievement: JSON.parse(
        '{"__proto__": {"polluted": true}, "name": "n"}',
      ) as Credential['achievement'],
    });
    const got = getCredential(db, id);
    expect(got?.title).toBe(title);
    expect(got?.description?.length).toBe(1_000_000);
    expect(got?.tags).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(countCredentials(db)).toBe(1);
  });

  it('answers null for ids it does not hold', () => {
    const db = memory();
    expect(getCredential(db, 42)).toBeNull();
    expect(getOriginal(db, 42)).toBeNull();
    expect(getImage(db, 42)).toBeNull();
    const id = add(db, 'No image');
    expect(getImage(db, id)).toBeNull();
    expect(getCredential(db, id)?.hasImage).toBe(false);
  });
});

describe('duplicates', () => {
  it('finds a duplicate by bytes first, then by the credential id', () => {
    const db = memory();
    const r = row('Badge', { credentialId: 'https://issuer.example/assertions/1' });
    const id = insertCredential(db, r);
    expect(findDuplicate(db, r.sha256, null)).toEqual({ id, by: 'bytes' });
    expect(findDuplicate(db, r.sha256, 'urn:other')).toEqual({ id, by: 'bytes' });
    expect(findDuplicate(db, sha(Uint8Array.of(1)), 'https://issuer.example/assertions/1')).toEqual(
      {
        id,
        by: 'credential-id',
      },
    );
    expect(findDuplicate(db, sha(Uint8Array.of(1)), 'urn:other')).toBeNull();
    expect(findDuplicate(db, sha(Uint8Array.of(1)), null)).toBeNull();
  });

  it('lets many credentials have no id of their own', () => {
    const db = memory();
    add(db, 'One');
    add(db, 'Two');
    expect(countCredentials(db)).toBe(2);
  });

  it('refuses the same bytes or the same credential id twice, leaving no trace of the refused item', () => {
    const db = memory();
    const r = row('Badge', { credentialId: 'urn:uuid:same' });
    insertCredential(db, r);
    const errors: unknown[] = [];
    // Like an import batch: the refusals happen inside one transaction that then commits.
    db.transaction(() => {
      const again = (fields: Partial<NewCredential>) => {
        try {
          insertCredential(db, {
            ...r,
            image: { mediaType: 'image/png', bytes: PNG },
            credential: { ...r.credential, tags: ['Stray skill'] },
            ...fields,
          });
        } catch (err) {
          errors.push(err);
        }
      };
      again({});
      const otherBytes = Uint8Array.of(9, 9, 9);
      again({ original: otherBytes, sha256: sha(otherBytes) });
      add(db, 'Fine');
    })();
    expect(errors).toHaveLength(2);
    for (const err of errors) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('library');
      expect((err as AppError).message).toBe(
        '“Badge” is already in the library (same file or same credential id), so it was not stored again.',
      );
    }
    expect(countCredentials(db)).toBe(2);
    expect(listSkills(db)).toEqual([]);
    expect(db.prepare('SELECT count(*) AS n FROM images').get()).toEqual({ n: 0 });
    expect(listCredentials(db, { query: 'badge' }).total).toBe(1);
  });
});

describe('images', () => {
  it('stores an image shared by fifty credentials once', () => {
    const db = memory();
    const ids = db.transaction(() =>
      Array.from({ length: 50 }, (_, i) =>
        add(db, `Copy ${i}`, { image: { mediaType: 'image/png', bytes: Uint8Array.from(PNG) } }),
      ),
    )();
    expect(db.prepare('SELECT count(*) AS n FROM images').get()).toEqual({ n: 1 });
    for (const id of ids) {
      expect(Buffer.from(getImage(db, id)?.bytes ?? []).equals(Buffer.from(PNG))).toBe(true);
    }
  });

  it('keeps an image while any credential still uses it, and drops it with the last', () => {
    const db = memory();
    const image = { mediaType: 'image/png', bytes: PNG };
    const a = add(db, 'A', { image });
    const b = add(db, 'B', { image });
    expect(deleteCredential(db, a)).toBe(true);
    expect(getImage(db, b)?.mediaType).toBe('image/png');
    expect(deleteCredential(db, b)).toBe(true);
    expect(db.prepare('SELECT count(*) AS n FROM images').get()).toEqual({ n: 0 });
  });
});

describe('search', () => {
  function library(): { db: Db; ids: Record<'python' | 'welding' | 'cooking' | 'c', number> } {
    const db = memory();
    const ids = {
      python: add(db, 'Python for Data Science', {
        issuerName: 'Open University',
        description: 'Pandas, notebooks and plotting.',
        tags: ['Machine Learning'],
        issuedOn: '2024-05-01',
      }),
      welding: add(db, 'Welding Safety', {
        issuerName: 'Politechnika Łódzka',
        description: 'Workshop in Łódź.',
        alignments: [{ targetName: 'Metalwork' }],
        issuedOn: '2022-01-01',
      }),
      cooking: add(db, 'Pâtisserie', {
        issuerName: 'École Hôtelière',
        description: 'Straße food and pastry.',
        issuedOn: '2023-03-03',
      }),
      c: add(db, 'C Programming', { issuerName: 'Cloud Academy', issuedOn: '2021-01-01' }),
    };
    return { db, ids };
  }

  it.each([
    ['python', 'python'],
    ['PYTHON', 'python'],
    ['pyth', 'python'],
    ['open university', 'python'],
    ['notebooks', 'python'],
    ['machine learning', 'python'],
    ['metalwork', 'welding'],
    ['Ecole', 'cooking'],
    ['hoteliere', 'cooking'],
    ['patisserie', 'cooking'],
    ['Lodz', 'welding'],
    ['łódź', 'welding'],
    ['strasse', 'cooking'],
    ['Straße', 'cooking'],
  ] as const)('finds %j', (query, key) => {
    const { db, ids } = library();
    const found = listCredentials(db, { query });
    expect(found.items.map((i) => i.id)).toEqual([ids[key]]);
    expect(found.total).toBe(1);
  });

  it('needs every word to match', () => {
    const { db } = library();
    expect(titles(db, { query: 'python welding' })).toEqual([]);
    expect(titles(db, { query: 'welding safety' })).toEqual(['Welding Safety']);
  });

  it('matches a one-letter word whole ("C"), and prefixes from two letters', () => {
    const { db } = library();
    expect(titles(db, { query: 'c' })).toEqual(['C Programming']);
    expect(titles(db, { query: 'cl' })).toEqual(['C Programming']); // Cloud Academy
    expect(titles(db, { query: 'w' })).toEqual([]);
    expect(titles(db, { query: 'we' })).toEqual(['Welding Safety']);
  });

  it('shows everything when the query has nothing to search for', () => {
    const { db } = library();
    expect(listCredentials(db, { query: '' }).total).toBe(4);
    expect(listCredentials(db, { query: '  "* ' }).total).toBe(4);
  });

  it.each([
    '"',
    '""',
    "'",
    'AND',
    'OR',
    'NOT',
    'python AND',
    'NEAR(',
    'NEAR(python welding, 2)',
    '*',
    'py*',
    '^python',
    'title:python',
    '{title issuer}: x',
    '(python',
    'python)',
    '-python',
    '+python',
    'python"',
    '🎓',
    '🎓 python',
    '\u0000',
    '\ud800',
    '\u202e',
    "'; DROP TABLE credentials; --",
    'x'.repeat(100_000),
    `${'python '.repeat(10_000)}`,
  ])('does not throw on the hostile query %j', (query) => {
    const { db } = library();
    const result = listCredentials(db, { query });
    expect(result.total).toBe(result.items.length);
    expect(countCredentials(db)).toBe(4);
  });

  it('drops deleted credentials from the results', () => {
    const { db, ids } = library();
    deleteCredential(db, ids.python);
    expect(listCredentials(db, { query: 'python' })).toEqual({ total: 0, items: [] });
  });
});

describe('batched search index writes', () => {
  it('finds every credential of a batch whose dates arrive out of order, newest first', () => {
    const db = memory();
    const dates = ['2019-05-01', '2024-01-01', '2016-07-30', '2022-03-03', '2020-12-12'];
    db.transaction(() =>
      withBatchedSearchIndex(db, () =>
        dates.forEach((d) => add(db, `Welding ${d}`, { issuedOn: d })),
      ),
    )();
    expect(titles(db, { query: 'weld' })).toEqual(
      [...dates]
        .sort()
        .reverse()
        .map((d) => `Welding ${d}`),
    );
  });

  it('writes nothing to the index when the batch fails', () => {
    const db = memory();
    expect(() =>
      db.transaction(() =>
        withBatchedSearchIndex(db, () => {
          add(db, 'Carpentry one');
          throw new Error('power cut');
        }),
      )(),
    ).toThrow('power cut');
    add(db, 'Carpentry two');
    expect(titles(db, { query: 'carpentry' })).toEqual(['Carpentry two']);
    expect(db.prepare('SELECT count(*) AS n FROM credentials_fts').get()).toEqual({ n: 1 });
  });
});

describe('a batch of inserts', () => {
  it('applies the person’s merges, detachments and attachments to every credential it stores', () => {
    const db = memory();
    const first = add(db, 'Early badge', { tags: ['JS', 'Welding', 'Metalwork'] });
    mergeSkills(db, ['welding'], 'metalwork', NOW);
    // Decisions are kept by content hash: they apply again when the same file comes back.
    const again = row('Returning badge', { tags: ['Welding', 'Python'] });
    const returning = add(db, 'Placeholder', { original: again.original });
    detachCredential(db, 'python', returning, NOW);
    attachCredential(db, 'javascript', returning, NOW);
    deleteCredential(db, returning);

    const ids = db.transaction(() =>
      withBatchedSearchIndex(db, () => [
        insertCredential(db, again),
        add(db, 'Second', { tags: ['Welding', 'Brand new skill'] }),
        add(db, 'Third', { tags: ['brand new skill', 'JavaScript'] }),
      ]),
    )();

    const skillsOf = (id: number) => getCredential(db, id)?.skills;
    expect(skillsOf(ids[0]!)).toEqual(['Metalwork', 'JavaScript']);
    expect(skillsOf(ids[1]!)).toEqual(['Metalwork', 'Brand new skill']);
    expect(skillsOf(ids[2]!)).toEqual(['Brand new skill', 'JavaScript']);
    expect(skillsOf(first)).toEqual(['JavaScript', 'Metalwork']);
    expect(skillsOf(ids[0]!)).not.toContain('Python');
    expect(backs(db, 'python', ids[0]!)).toBe(false);
    expect(listSkills(db)).toEqual([
      { name: 'JavaScript', count: 3 },
      { name: 'Metalwork', count: 3 },
      { name: 'Brand new skill', count: 2 },
    ]);
    // Search text is what each credential says; the skill filter follows the merge.
    expect(titles(db, { query: 'metalwork' })).toEqual(['Early badge']);
    expect(titles(db, { skill: 'welding' }).sort()).toEqual([
      'Early badge',
      'Returning badge',
      'Second',
    ]);
  });

  it('stores an image many credentials share once, and none when the batch fails', () => {
    const db = memory();
    const image = {
      mediaType: 'image/png',
      bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]),
    };
    db.transaction(() =>
      withBatchedSearchIndex(db, () => {
        add(db, 'One', { image });
        add(db, 'Two', { image: { ...image, bytes: image.bytes.slice() } });
      }),
    )();
    expect(db.prepare('SELECT count(*) AS n FROM images').get()).toEqual({ n: 1 });
    const other = { mediaType: 'image/png', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 9]) };
    expect(() =>
      db.transaction(() =>
        withBatchedSearchIndex(db, () => {
          add(db, 'Three', { image: other });
          throw new Error('power cut');
        }),
      )(),
    ).toThrow('power cut');
    // A later batch stores the image again: nothing from the failed one is taken as written.
    db.transaction(() => withBatchedSearchIndex(db, () => add(db, 'Four', { image: other })))();
    expect(db.prepare('SELECT count(*) AS n FROM images').get()).toEqual({ n: 2 });
    const four = listCredentials(db, { query: 'four' }).items[0]!.id;
    expect(Buffer.from(getImage(db, four)?.bytes ?? [])).toEqual(Buffer.from(other.bytes));
  });
});

describe('listCredentials', () => {
  it('sorts by date, newest first, undated last, then newest import first', () => {
    const db = memory();
    add(db, 'Undated A');
    add(db, 'Old', { issuedOn: '2019-06-01' });
    add(db, 'New', { issuedOn: '2024-06-01T10:00:00Z' });
    add(db, 'Undated B');
    add(db, 'Same day, later import', { issuedOn: '2024-06-01T10:00:00Z' });
    add(db, 'Unreadable date', { issuedOn: 'sometime' });
    // 23:30 at UTC-5 is 04:30 the next day: after 01:00 UTC that day.
    add(db, 'West', { issuedOn: '2024-06-02T23:30:00-05:00' });
    add(db, 'UTC', { issuedOn: '2024-06-03T01:00:00Z' });
    const expected = [
      'West',
      'UTC',
      'Same day, later import',
      'New',
      'Old',
      'Unreadable date',
      'Undated B',
      'Undated A',
    ];
    expect(titles(db, {})).toEqual(expected);
    expect(titles(db, { sort: 'date' })).toEqual(expected);
  });

  it('sorts by title ignoring case, and by issuer with unknown issuers last', () => {
    const db = memory();
    add(db, 'beta', { issuerName: 'Zeta Org' });
    add(db, 'Alpha', { issuerName: null });
    add(db, 'gamma', { issuerName: 'alpha org' });
    expect(titles(db, { sort: 'title' })).toEqual(['Alpha', 'beta', 'gamma']);
    expect(titles(db, { sort: 'issuer' })).toEqual(['gamma', 'beta', 'Alpha']);
  });

  it('filters by verdict, format, issuer and skill', () => {
    const db = memory();
    const verified: VerificationReport = { verdict: 'verified', checks: [], checkedAt: NOW };
    add(db, 'A', { report: verified, format: 'ob2', issuerName: 'Org', tags: ['Databases'] });
    add(db, 'B', { format: 'clr2', issuerName: 'Org', tags: ['SQL'] });
    add(db, 'C', {
      report: verified,
      issuerName: 'Other',
      alignments: [{ targetName: 'database' }],
    });
    expect(titles(db, { verdict: 'verified' })).toEqual(['C', 'A']);
    expect(titles(db, { format: 'clr2' })).toEqual(['B']);
    expect(titles(db, { issuer: 'Org' })).toEqual(['B', 'A']);
    expect(titles(db, { skill: 'database' })).toEqual(['C', 'A']);
    expect(titles(db, { skill: 'Databases' })).toEqual(['C', 'A']);
    expect(titles(db, { skill: 'Cooking' })).toEqual([]);
    expect(titles(db, { skill: 'database', verdict: 'verified', issuer: 'Org' })).toEqual(['A']);
    expect(listCredentials(db, { verdict: 'revoked' })).toEqual({ total: 0, items: [] });
  });

  it('pages with limit and offset, and counts every match', () => {
    const db = memory();
    db.transaction(() => {
      for (let i = 0; i < 620; i++) add(db, `T${String(i).padStart(3, '0')}`);
    })();
    const first = listCredentials(db, {});
    expect(first.total).toBe(620);
    expect(first.items).toHaveLength(50);
    expect(first.items[0]?.title).toBe('T619');
    expect(titles(db, { sort: 'title', limit: 3, offset: 10 })).toEqual(['T010', 'T011', 'T012']);
    expect(listCredentials(db, { limit: 10_000 }).items).toHaveLength(500);
    expect(listCredentials(db, { limit: 0 })).toEqual({ total: 620, items: [] });
    expect(listCredentials(db, { limit: -5, offset: -5 }).items).toHaveLength(0);
    expect(listCredentials(db, { offset: 600 }).items).toHaveLength(20);
    expect(listCredentials(db, { limit: Number.NaN }).items).toHaveLength(50);
  });

  it('gives the same order with and without a search, with few hits and with many', () => {
    const db = memory();
    const verified: VerificationReport = { verdict: 'verified', checks: [], checkedAt: NOW };
    // More hits than the plan switch, in a scrambled order of dates, titles and issuers.
    db.transaction(() => {
      for (let i = 0; i < 1500; i++) {
        const n = (i * 7919) % 1500;
        add(db, `${n % 3 === 0 ? 'alpha' : 'Beta'} course ${n}`, {
          issuerName: n % 11 === 0 ? null : `Issuer ${n % 17}`,
          issuedOn: n % 13 === 0 ? null : new Date(Date.UTC(2020, 0, 1 + (n % 400))).toISOString(),
          report: n % 2 === 0 ? verified : unverifiedReport(NOW),
          tags: n % 5 === 0 ? ['rare skill'] : [],
        });
      }
    })();
    const filters: ListQuery[] = [
      {},
      { verdict: 'verified' }, // half the hits
      { issuer: 'issuer 3' }, // a few dozen: the date walk over hits would be long
      { skill: 'rare skill', verdict: 'verified' },
    ];
    for (const sort of ['date', 'title', 'issuer'] as const) {
      for (const filter of filters) {
        for (const offset of [0, 120]) {
          const q = { ...filter, sort, offset, limit: 40 };
          const all = listCredentials(db, q);
          expect(all.total).toBeGreaterThan(0);
          // Many hits: every credential says 'course'.
          expect(listCredentials(db, { ...q, query: 'course' })).toEqual(all);
          // Few hits: only the 'alpha' third, or the 'rare skill' fifth.
          const few = listCredentials(db, { ...q, query: 'alpha' });
          const alphas = [0, 500, 1000]
            .flatMap((o) => listCredentials(db, { ...q, limit: 500, offset: o }).items)
            .filter((i) => i.title.startsWith('alpha'));
          expect(few.total).toBe(alphas.length);
          expect(few.items).toEqual(alphas.slice(offset, offset + 40));
          expect(listCredentials(db, { ...q, query: 'rare' }).items).toEqual(
            listCredentials(db, { ...q, skill: 'rare skill' }).items,
          );
        }
      }
    }
    expect(listCredentials(db, { query: 'course', verdict: 'verified' }).total).toBe(750);
    expect(listCredentials(db, { query: 'alpha', verdict: 'verified' }).total).toBe(250);
  });
});

describe('skills', () => {
  it('counts the credentials behind each skill, most first, one entry per key', () => {
    const db = memory();
    add(db, 'A', { tags: ['Databases', 'SQL'] });
    add(db, 'B', { tags: ['database'], alignments: [{ targetName: 'SQL' }] });
    add(db, 'C', { alignments: [{ targetName: 'databases' }], tags: ['Teamwork'] });
    expect(listSkills(db)).toEqual([
      { name: 'Databases', count: 3 },
      { name: 'SQL', count: 2 },
      { name: 'Teamwork', count: 1 },
    ]);
    expect(listCredentials(db, { query: 'teamwork' }).items[0]?.skills).toEqual([
      'Databases',
      'Teamwork',
    ]);
  });

  it('forgets a skill when its last credential is deleted', () => {
    const db = memory();
    const a = add(db, 'A', { tags: ['Welding', 'Safety'] });
    add(db, 'B', { tags: ['Safety'] });
    deleteCredential(db, a);
    expect(listSkills(db)).toEqual([{ name: 'Safety', count: 1 }]);
  });
});

describe('bundles, reports and deletion', () => {
  it('links nested credentials to their bundle', () => {
    const db = memory();
    const bundle = add(db, 'Transcript', { format: 'clr2' });
    const one = add(db, 'Course 1', { parentId: bundle });
    const two = add(db, 'Course 2', { parentId: bundle });
    expect(getCredential(db, bundle)?.children).toEqual([one, two]);
    expect(getCredential(db, one)?.parentId).toBe(bundle);
    expect(listCredentials(db, { query: 'course' }).items.map((i) => i.parentId)).toEqual([
      bundle,
      bundle,
    ]);
  });

  it('refuses a child whose bundle does not exist', () => {
    const db = memory();
    expect(() => add(db, 'Orphan', { parentId: 999, tags: ['Lost'] })).toThrow(
      'belongs to a bundle that is not in the library',
    );
    expect(countCredentials(db)).toBe(0);
    expect(listSkills(db)).toEqual([]);
  });

  it('deletes a bundle with its nested credentials, their skills and their search entries', () => {
    const db = memory();
    const bundle = add(db, 'Transcript', { format: 'clr2', tags: ['Records'] });
    const child = add(db, 'Course 1', { parentId: bundle, tags: ['Chemistry'] });
    const grandchild = add(db, 'Lab 1', { parentId: child, tags: ['Lab work'] });
    const other = add(db, 'Other course', { tags: ['Chemistry'] });

    expect(deleteCredential(db, bundle)).toBe(true);
    expect(getCredential(db, bundle)).toBeNull();
    expect(getCredential(db, child)).toBeNull();
    expect(getCredential(db, grandchild)).toBeNull();
    expect(countCredentials(db)).toBe(1);
    expect(titles(db, { query: 'course' })).toEqual(['Other course']);
    expect(titles(db, { query: 'lab' })).toEqual([]);
    expect(listSkills(db)).toEqual([{ name: 'Chemistry', count: 1 }]);
    expect(getCredential(db, other)?.skills).toEqual(['Chemistry']);
    expect(deleteCredential(db, bundle)).toBe(false);
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });

  it('replaces the report and the verdict after a re-verify', () => {
    const db = memory();
    const id = add(db, 'Badge');
    const revoked: VerificationReport = {
      verdict: 'revoked',
      checks: [{ id: 'status', status: 'fail', message: 'Revoked by the issuer.' }],
      checkedAt: '2025-04-01T00:00:00.000Z',
    };
    updateReport(db, id, revoked);
    expect(getCredential(db, id)?.report).toEqual(revoked);
    expect(getCredential(db, id)?.verdict).toBe('revoked');
    expect(titles(db, { verdict: 'revoked' })).toEqual(['Badge']);
    expect(() => updateReport(db, 999, revoked)).toThrow(AppError);
  });
});
