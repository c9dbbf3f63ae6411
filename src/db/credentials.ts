// The credential rows of a library: insert with images, skills and search text; list, search, read, delete.
import { hash } from 'node:crypto';
import Database from 'better-sqlite3';
import type { Credential, FormatId } from '../core/credential';
import type { CredentialDetail, CredentialSummary, ListQuery } from '../core/library';
import type { VerificationReport, Verdict } from '../core/verification';
import { AppError } from '../shared/errors';
import type { Db } from './open';
import { foldForSearch, ftsMatchExpression } from './search-text';
import { findSkillId, skillLinker, type SkillLinker } from './skills';
import { dateSortKey } from './sort-key';
import { statement } from './statements';

export type StoredImage = { mediaType: string; bytes: Uint8Array };

export type NewCredential = {
  parentId: number | null;
  format: FormatId;
  mediaType: string;
  original: Uint8Array;
  /** Hex SHA-256 of `original`. */
  sha256: string;
  source: string;
  /** Its `image` field is ignored here; pass the image separately. */
  credential: Credential;
  /** Already fetched/decoded, size-capped and type-checked by the caller. */
  image: StoredImage | null;
  report: VerificationReport;
  /** ISO time. */
  importedAt: string;
};

export type Duplicate = { id: number; by: 'bytes' | 'credential-id' };

// The views every surface shares are defined once, in core.
export type { CredentialDetail, CredentialSummary, ListQuery } from '../core/library';

export const DEFAULT_LIST_LIMIT = 50;
export const MAX_LIST_LIMIT = 500;

// ---------------------------------------------------------------------------------------------------
// Duplicates and inserts

/** The stored credential a new import would duplicate: same bytes first, else the same document id. */
export function findDuplicate(
  db: Db,
  sha256: string,
  credentialId: string | null,
): Duplicate | null {
  const byBytes = statement(db, 'SELECT id FROM credentials WHERE sha256 = ?').get(sha256) as
    { id: number } | undefined;
  if (byBytes !== undefined) return { id: byBytes.id, by: 'bytes' };
  if (credentialId === null) return null;
  const byId = statement(db, 'SELECT id FROM credentials WHERE credential_id = ?').get(
    credentialId,
  ) as { id: number } | undefined;
  return byId === undefined ? null : { id: byId.id, by: 'credential-id' };
}

function sha256Hex(bytes: Uint8Array): string {
  return hash('sha256', bytes, 'hex');
}

/** Titles are untrusted and may be huge; messages quote only their start. */
function clip(text: string): string {
  const chars = Array.from(text);
  return chars.length <= 80 ? text : `${chars.slice(0, 79).join('')}…`;
}

/**
 * Stores one credential with its image (shared by hash), skills and search text, and returns its id.
 * The import wraps a whole batch in one `db.transaction`; called outside one, it makes its own.
 * A refused item (a duplicate, a missing bundle) writes nothing: the credential row, the only
 * statement that can be refused, goes first, and its image link is checked at commit.
 */
type SearchRow = [
  rowid: bigint,
  title: string,
  issuer: string,
  description: string,
  skills: string,
];

/** What a batch (see `withBatchedSearchIndex`) holds back or remembers, per connection. */
type Batch = {
  searchRows: SearchRow[];
  /** Made at the batch's first insert, so a batch that stores nothing reads nothing. */
  linker: SkillLinker | null;
  /** Images this batch has stored already (many credentials of one issuer share one). */
  images: Set<string>;
};

const batches = new WeakMap<Db, Batch>();

function writeSearchRows(db: Db, rows: readonly SearchRow[]): void {
  const insert = statement(
    db,
    'INSERT INTO credentials_fts (rowid, title, issuer, description, skills) VALUES (?, ?, ?, ?, ?)',
  );
  for (const r of rows) insert.run(...r);
}

/**
 * Runs `fn` — inside a transaction the caller holds — writing the search rows of every credential it
 * inserts at the end, in rowid order. FTS5 flushes its write buffer whenever a rowid goes backwards,
 * and rowids follow issue dates, not import order, so sorted writes are several times cheaper.
 * Skill state (merges, the person's links, skill row ids) is read once for the whole batch, so
 * `fn` must be all-or-nothing: no savepoint inside it may roll back an insert while it goes on.
 * If `fn` throws, nothing is written (the caller's transaction rolls the rest back).
 */
export function withBatchedSearchIndex<T>(db: Db, fn: () => T): T {
  if (batches.has(db)) return fn();
  const batch: Batch = { searchRows: [], linker: null, images: new Set() };
  batches.set(db, batch);
  try {
    const out = fn();
    const rows = batch.searchRows;
    rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    writeSearchRows(db, rows);
    return out;
  } finally {
    batches.delete(db);
  }
}

export function insertCredential(db: Db, row: NewCredential): number {
  if (db.inTransaction) return insertRow(db, row);
  return db.transaction(() => insertRow(db, row))();
}

/**
 * The columns an import writes from the new bytes, fields and report (all but `parent_id` and
 * `credential_id`), in one order for the insert and for an in-place replace.
 */
const FIELD_COLUMNS = [
  'format',
  'media_type',
  'sha256',
  'source',
  'title',
  'issuer_name',
  'issuer_id',
  'issued_on',
  'issued_key',
  'valid_from',
  'valid_until',
  'recipient',
  'verdict',
  'checked_at',
  'imported_at',
  'image_sha256',
  'description',
  'achievement',
  'evidence',
  'alignments',
  'tags',
  'report',
  'original',
] as const;

const INSERT_SQL = `INSERT INTO credentials (parent_id, credential_id, ${FIELD_COLUMNS.join(', ')})
  VALUES (${['parent_id', 'credential_id', ...FIELD_COLUMNS].map(() => '?').join(', ')})`;

const REPLACE_SQL = `UPDATE credentials SET ${FIELD_COLUMNS.map((col) => `${col} = ?`).join(', ')}
  WHERE id = ?`;

/** What a row's fields are derived from once, for the columns, the image and the search row. */
type Derived = { imageSha: string | null; issuedKey: number };

function derive(row: NewCredential): Derived {
  return {
    imageSha: row.image === null ? null : sha256Hex(row.image.bytes),
    issuedKey: dateSortKey(row.credential.issuedOn),
  };
}

/** The values of FIELD_COLUMNS, in their order. */
function fieldValues(row: NewCredential, d: Derived): unknown[] {
  const c = row.credential;
  return [
    row.format,
    row.mediaType,
    row.sha256,
    row.source,
    c.title,
    c.issuerName,
    c.issuerId,
    c.issuedOn,
    d.issuedKey,
    c.validFrom,
    c.validUntil,
    c.recipient,
    row.report.verdict,
    row.report.checkedAt,
    row.importedAt,
    d.imageSha,
    c.description,
    c.achievement === null ? null : JSON.stringify(c.achievement),
    JSON.stringify(c.evidence),
    JSON.stringify(c.alignments),
    JSON.stringify(c.tags),
    JSON.stringify(row.report),
    row.original,
  ];
}

function storeImage(db: Db, image: StoredImage, imageSha: string): void {
  statement(
    db,
    'INSERT INTO images (sha256, media_type, bytes) VALUES (?, ?, ?) ON CONFLICT (sha256) DO NOTHING',
  ).run(imageSha, image.mediaType, image.bytes);
}

/** FTS rowids follow issue dates (see `withBatchedSearchIndex`), with the id to make them unique. */
function searchRowId(issuedKey: number, id: number): bigint {
  return (BigInt(issuedKey) << 32n) | BigInt(id);
}

// The well-known names too, so a search for "JavaScript" finds a credential tagged "JS".
function searchRow(
  id: number,
  d: Derived,
  c: Credential,
  skillNames: readonly string[],
): SearchRow {
  const skillText = [...c.alignments.map((a) => a.targetName), ...c.tags, ...skillNames].join('\n');
  return [
    searchRowId(d.issuedKey, id),
    foldForSearch(c.title),
    foldForSearch(c.issuerName ?? ''),
    foldForSearch(c.description ?? ''),
    foldForSearch(skillText),
  ];
}

function insertRow(db: Db, row: NewCredential): number {
  const c = row.credential;
  const d = derive(row);
  let id: number;
  try {
    const result = statement(db, INSERT_SQL).run(
      row.parentId,
      c.credentialId,
      ...fieldValues(row, d),
    );
    id = Number(result.lastInsertRowid);
  } catch (err) {
    const code = err instanceof Database.SqliteError ? err.code : null;
    if (code === 'SQLITE_CONSTRAINT_UNIQUE') {
      throw new AppError(
        'library',
        `“${clip(c.title)}” is already in the library (same file or same credential id), so it was not stored again.`,
      );
    }
    if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
      throw new AppError(
        'library',
        `“${clip(c.title)}” belongs to a bundle that is not in the library, so it was not stored.`,
      );
    }
    throw err;
  }

  const batch = batches.get(db);
  if (row.image !== null && d.imageSha !== null && batch?.images.has(d.imageSha) !== true) {
    storeImage(db, row.image, d.imageSha);
    batch?.images.add(d.imageSha);
  }
  const linker = batch === undefined ? skillLinker(db) : (batch.linker ??= skillLinker(db));
  const skillNames = linker.link(id, row.sha256, c);
  const search = searchRow(id, d, c, skillNames);
  if (batch) batch.searchRows.push(search);
  else writeSearchRows(db, [search]);
  return id;
}

/**
 * Puts new bytes in the place of stored credential `id`: the row keeps its id, parent and document
 * id (portfolio entries and nested credentials stay attached) and takes the new original, fields,
 * image and report; the person's skill choices move to the new bytes, and skills and search text
 * are derived again. Runs inside the caller's transaction, not under `withBatchedSearchIndex`
 * (whose held-back search rows and skill state it would bypass).
 */
export function replaceCredential(db: Db, id: number, row: NewCredential): void {
  const old = statement(
    db,
    'SELECT sha256, issued_key, image_sha256 FROM credentials WHERE id = ?',
  ).get(id) as { sha256: string; issued_key: number; image_sha256: string | null };
  const c = row.credential;
  const d = derive(row);
  statement(db, 'DELETE FROM credentials_fts WHERE rowid = ?').run(searchRowId(old.issued_key, id));
  statement(db, REPLACE_SQL).run(...fieldValues(row, d), id);
  if (row.image !== null && d.imageSha !== null) storeImage(db, row.image, d.imageSha);
  if (old.image_sha256 !== null && old.image_sha256 !== d.imageSha) {
    statement(
      db,
      'DELETE FROM images WHERE sha256 = ? AND NOT EXISTS (SELECT 1 FROM credentials WHERE image_sha256 = ?)',
    ).run(old.image_sha256, old.image_sha256);
  }
  // Skill choices were made about the credential, not about the forged bytes they were keyed by.
  statement(
    db,
    'UPDATE OR IGNORE skill_links SET credential_sha256 = ? WHERE credential_sha256 = ?',
  ).run(row.sha256, old.sha256);
  statement(db, 'DELETE FROM credential_skills WHERE credential_id = ?').run(id);
  const skillNames = skillLinker(db).link(id, row.sha256, c);
  writeSearchRows(db, [searchRow(id, d, c, skillNames)]);
}

// ---------------------------------------------------------------------------------------------------
// Reading

type SummaryRow = {
  id: number;
  parent_id: number | null;
  format: string;
  title: string;
  issuer_name: string | null;
  issued_on: string | null;
  valid_until: string | null;
  verdict: string;
  source: string;
  imported_at: string;
  has_image: number;
  skills: string;
  issuer_hosted: number;
};

const SUMMARY_COLUMNS = `
  c.id, c.parent_id, c.format, c.title, c.issuer_name, c.issued_on, c.valid_until, c.verdict,
  c.source, c.imported_at, c.image_sha256 IS NOT NULL AS has_image,
  (c.verdict = 'verified'
    AND EXISTS (SELECT 1 FROM json_each(c.report, '$.checks') k
                 WHERE k.value ->> 'id' = 'hosted' AND k.value ->> 'status' = 'pass')
    AND NOT EXISTS (SELECT 1 FROM json_each(c.report, '$.checks') k
                     WHERE k.value ->> 'id' = 'proof' AND k.value ->> 'status' = 'pass'))
    AS issuer_hosted,
  (SELECT json_group_array(COALESCE(e.name, s.name) ORDER BY cs.position)
     FROM credential_skills cs JOIN skills s ON s.id = cs.skill_id
     LEFT JOIN skill_edits e ON e.key = s.key
    WHERE cs.credential_id = c.id AND COALESCE(e.hidden, 0) = 0) AS skills`;

function toSummary(r: SummaryRow): CredentialSummary {
  return {
    id: r.id,
    parentId: r.parent_id,
    format: r.format as FormatId,
    title: r.title,
    issuerName: r.issuer_name,
    issuedOn: r.issued_on,
    validUntil: r.valid_until,
    verdict: r.verdict as Verdict,
    source: r.source,
    importedAt: r.imported_at,
    hasImage: r.has_image === 1,
    skills: JSON.parse(r.skills) as string[],
    issuerHosted: r.issuer_hosted === 1,
  };
}

type DetailRow = SummaryRow & {
  credential_id: string | null;
  media_type: string;
  sha256: string;
  description: string | null;
  issuer_id: string | null;
  valid_from: string | null;
  recipient: string | null;
  achievement: string | null;
  evidence: string;
  alignments: string;
  tags: string;
  report: string;
};

/** Everything stored about one credential except its original bytes and image; null if absent. */
export function getCredential(db: Db, id: number): CredentialDetail | null {
  const r = statement(
    db,
    `SELECT ${SUMMARY_COLUMNS}, c.credential_id, c.media_type, c.sha256, c.description, c.issuer_id,
            c.valid_from, c.recipient, c.achievement, c.evidence, c.alignments, c.tags, c.report
       FROM credentials c WHERE c.id = ?`,
  ).get(id) as DetailRow | undefined;
  if (r === undefined) return null;
  const children = statement(db, 'SELECT id FROM credentials WHERE parent_id = ? ORDER BY id')
    .all(id)
    .map((c) => (c as { id: number }).id);
  return {
    ...toSummary(r),
    credentialId: r.credential_id,
    mediaType: r.media_type,
    sha256: r.sha256,
    description: r.description,
    issuerId: r.issuer_id,
    validFrom: r.valid_from,
    recipient: r.recipient,
    achievement:
      r.achievement === null
        ? null
        : (JSON.parse(r.achievement) as CredentialDetail['achievement']),
    evidence: JSON.parse(r.evidence) as CredentialDetail['evidence'],
    alignments: JSON.parse(r.alignments) as CredentialDetail['alignments'],
    tags: JSON.parse(r.tags) as string[],
    report: JSON.parse(r.report) as VerificationReport,
    children,
  };
}

/** The bytes exactly as imported (exports embed these, so proofs stay valid). */
export function getOriginal(db: Db, id: number): { mediaType: string; bytes: Uint8Array } | null {
  const r = statement(db, 'SELECT media_type, original FROM credentials WHERE id = ?').get(id) as
    { media_type: string; original: Uint8Array } | undefined;
  return r === undefined ? null : { mediaType: r.media_type, bytes: r.original };
}

/** The credential's badge image, as stored; null if it has none. */
export function getImage(db: Db, id: number): StoredImage | null {
  const r = statement(
    db,
    `SELECT i.media_type, i.bytes FROM credentials c JOIN images i ON i.sha256 = c.image_sha256
      WHERE c.id = ?`,
  ).get(id) as { media_type: string; bytes: Uint8Array } | undefined;
  return r === undefined ? null : { mediaType: r.media_type, bytes: r.bytes };
}

/** Replaces the verification report (after a re-verify); the verdict column follows it. */
export function updateReport(db: Db, id: number, report: VerificationReport): void {
  const result = statement(
    db,
    'UPDATE credentials SET verdict = ?, checked_at = ?, report = ? WHERE id = ?',
  ).run(report.verdict, report.checkedAt, JSON.stringify(report), id);
  if (result.changes === 0) {
    throw new AppError('not-found', 'That credential is no longer in the library.');
  }
}

export function countCredentials(db: Db): number {
  return (statement(db, 'SELECT count(*) AS n FROM credentials').get() as { n: number }).n;
}

/**
 * Deletes a credential (a bundle takes its nested credentials with it) and any image or skill no
 * other credential uses. Returns false if there was nothing to delete. Runs in its own transaction.
 */
export function deleteCredential(db: Db, id: number): boolean {
  return db.transaction(() => {
    const subtree = `WITH RECURSIVE tree(id) AS (
        SELECT ? UNION SELECT c.id FROM credentials c JOIN tree t ON c.parent_id = t.id)`;
    const images = statement(
      db,
      `${subtree} SELECT DISTINCT image_sha256 AS sha FROM credentials
        WHERE id IN tree AND image_sha256 IS NOT NULL`,
    )
      .all(id)
      .map((r) => (r as { sha: string }).sha);
    const skills = statement(
      db,
      `${subtree} SELECT DISTINCT skill_id AS id FROM credential_skills WHERE credential_id IN tree`,
    )
      .all(id)
      .map((r) => (r as { id: number }).id);

    const deleted = statement(db, 'DELETE FROM credentials WHERE id = ?').run(id).changes > 0;
    if (!deleted) return false;

    const dropImage = statement(
      db,
      `DELETE FROM images WHERE sha256 = ?
         AND NOT EXISTS (SELECT 1 FROM credentials WHERE image_sha256 = images.sha256)`,
    );
    for (const sha of images) dropImage.run(sha);
    const dropSkill = statement(
      db,
      `DELETE FROM skills WHERE id = ?
         AND NOT EXISTS (SELECT 1 FROM credential_skills WHERE skill_id = skills.id)`,
    );
    for (const skill of skills) dropSkill.run(skill);
    return true;
  })();
}

// ---------------------------------------------------------------------------------------------------
// Listing and search
//
// The search index's rowid is `issued_key << 32 | id` (see the migration), so FTS5 yields hits in
// date order. Every plan below is chosen to avoid reading the wide credential row of each hit:
// a common word can match most of a 100,000-credential library.

type SortName = NonNullable<ListQuery['sort']>;
type SortSpec = { orderBy: string; index: string };

const SORTS: Record<SortName, SortSpec> = {
  date: { orderBy: 'c.issued_key DESC, c.id DESC', index: 'credentials_by_date' },
  title: { orderBy: 'c.title COLLATE NOCASE, c.id', index: 'credentials_by_title' },
  issuer: {
    orderBy: '(c.issuer_name IS NULL), c.issuer_name COLLATE NOCASE, c.issued_key DESC, c.id DESC',
    index: 'credentials_by_issuer',
  },
};

/** The credentials.id packed into the low 32 bits of a search rowid. */
const FTS_ID = '(credentials_fts.rowid & 4294967295)';
/** A credential's search rowid, computable from every list index (they all hold issued_key and id). */
const ROW_KEY = '((c.issued_key << 32) | c.id)';
const MATCH = 'credentials_fts MATCH ?';
/** Hits as search rowids: they come out of FTS5 sorted, so SQLite builds its lookup set cheaply. */
const HIT_KEYS = `SELECT rowid FROM credentials_fts WHERE ${MATCH}`;

/**
 * Below this many search hits, reading each hit's row is cheapest; above it, walking an index and
 * keeping the entries that are hits is, because index entries are small and the walk can stop early.
 */
const FEW_HITS = 1000;
/** Most rows a date-ordered walk of the hits may expect to read to fill one filtered page. */
const HIT_WALK_BUDGET = 2000;

function clampInt(value: number | undefined, fallback: number, max: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(Math.max(Math.trunc(value), 0), max);
}

function count(db: Db, sql: string, params: unknown[]): number {
  return (statement(db, sql).get(...params) as { n: number }).n;
}

function pageIds(db: Db, sql: string, params: unknown[]): number[] {
  return statement(db, sql)
    .all(...params)
    .map((r) => (r as { id: number }).id);
}

/**
 * One page of credentials matching the filters, and how many match in all. `query` is whatever the
 * user typed (made safe here); `skill` is a skill name or key; `issuer` is an issuer name (ASCII
 * case ignored).
 */
export function listCredentials(
  db: Db,
  q: ListQuery,
): { total: number; items: CredentialSummary[] } {
  const limit = clampInt(q.limit, DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT);
  const offset = clampInt(q.offset, 0, Number.MAX_SAFE_INTEGER);
  const sortName: SortName = q.sort !== undefined && q.sort in SORTS ? q.sort : 'date';

  const filters: string[] = [];
  const params: unknown[] = [];
  if (q.skill !== undefined) {
    const skillId = findSkillId(db, q.skill);
    if (skillId === null) return { total: 0, items: [] };
    filters.push('c.id IN (SELECT credential_id FROM credential_skills WHERE skill_id = ?)');
    params.push(skillId);
  }
  if (q.verdict !== undefined) {
    filters.push('c.verdict = ?');
    params.push(q.verdict);
  }
  if (q.format !== undefined) {
    filters.push('c.format = ?');
    params.push(q.format);
  }
  if (q.issuer !== undefined) {
    // Spelled to match credentials_by_issuer, so the filter is an index range, not a table scan.
    filters.push('(c.issuer_name IS NULL) = 0 AND c.issuer_name = ? COLLATE NOCASE');
    params.push(q.issuer);
  }

  const match = q.query === undefined ? null : ftsMatchExpression(q.query);
  const found =
    match === null
      ? browse(db, filters, params, sortName, limit, offset)
      : search(db, match, filters, params, sortName, limit, offset);
  if (found.ids.length === 0) return { total: found.total, items: [] };
  const one = statement(db, `SELECT ${SUMMARY_COLUMNS} FROM credentials c WHERE c.id = ?`);
  return { total: found.total, items: found.ids.map((id) => toSummary(one.get(id) as SummaryRow)) };
}

type Found = { total: number; ids: number[] };

/** No search text: the sort and filter indexes answer directly. */
function browse(
  db: Db,
  filters: string[],
  params: unknown[],
  sortName: SortName,
  limit: number,
  offset: number,
): Found {
  const where = filters.length > 0 ? `WHERE ${filters.join(' AND ')}` : '';
  const total = count(db, `SELECT count(*) AS n FROM credentials c ${where}`, params);
  if (total === 0 || limit === 0) return { total, ids: [] };
  const ids = pageIds(
    db,
    `SELECT c.id FROM credentials c ${where} ORDER BY ${SORTS[sortName].orderBy} LIMIT ? OFFSET ?`,
    [...params, limit, offset],
  );
  return { total, ids };
}

/** Search text, with or without filters: the plan depends on how many credentials the text hits. */
function search(
  db: Db,
  match: string,
  filters: string[],
  params: unknown[],
  sortName: SortName,
  limit: number,
  offset: number,
): Found {
  const sort = SORTS[sortName];
  const hits = count(db, `SELECT count(*) AS n FROM credentials_fts WHERE ${MATCH}`, [match]);
  if (hits === 0) return { total: 0, ids: [] };
  const and = filters.map((f) => ` AND ${f}`).join('');
  const few = hits <= FEW_HITS;

  // Hits in date order, each joined to its row only to test the filters; stops after one page.
  const byHitOrder = (): number[] =>
    filters.length === 0
      ? pageIds(
          db,
          `SELECT ${FTS_ID} AS id FROM credentials_fts WHERE ${MATCH}
            ORDER BY credentials_fts.rowid DESC LIMIT ? OFFSET ?`,
          [match, limit, offset],
        )
      : pageIds(
          db,
          `SELECT c.id FROM credentials_fts JOIN credentials c ON c.id = ${FTS_ID}
            WHERE ${MATCH}${and} ORDER BY credentials_fts.rowid DESC LIMIT ? OFFSET ?`,
          [match, ...params, limit, offset],
        );
  // Few hits: read each hit's row, then sort.
  const byLookup = (): number[] =>
    pageIds(
      db,
      `SELECT c.id FROM credentials c NOT INDEXED
        WHERE c.id IN (SELECT ${FTS_ID} FROM credentials_fts WHERE ${MATCH})${and}
        ORDER BY ${sort.orderBy} LIMIT ? OFFSET ?`,
      [match, ...params, limit, offset],
    );
  // Many hits: walk an index (the sort's, or a filter's) keeping entries whose key is a hit.
  const byIndexWalk = (indexed: string): number[] =>
    pageIds(
      db,
      `SELECT c.id FROM credentials c ${indexed} WHERE +${ROW_KEY} IN (${HIT_KEYS})${and}
        ORDER BY ${sort.orderBy} LIMIT ? OFFSET ?`,
      [match, ...params, limit, offset],
    );

  if (filters.length === 0) {
    if (limit === 0) return { total: hits, ids: [] };
    if (sortName === 'date') return { total: hits, ids: byHitOrder() };
    return { total: hits, ids: few ? byLookup() : byIndexWalk(`INDEXED BY ${sort.index}`) };
  }

  const total = few
    ? count(
        db,
        `SELECT count(*) AS n FROM credentials_fts JOIN credentials c ON c.id = ${FTS_ID}
          WHERE ${MATCH}${and}`,
        [match, ...params],
      )
    : count(
        db,
        `SELECT count(*) AS n FROM credentials c WHERE +${ROW_KEY} IN (${HIT_KEYS})${and}`,
        [match, ...params],
      );
  if (total === 0 || limit === 0) return { total, ids: [] };
  if (sortName === 'date' && (few || ((offset + limit) * hits) / total <= HIT_WALK_BUDGET)) {
    return { total, ids: byHitOrder() };
  }
  // Let the planner pick between the sort's index and the filter's.
  return { total, ids: few ? byLookup() : byIndexWalk('') };
}
