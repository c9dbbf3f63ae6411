// The skills a library can show evidence for, and the person's own edits to them: what a portfolio is built from.
//
// Two layers. What import reads from each credential (core/skills.ts) and what the person decided
// (skill_edits: rename, hide, merge, add; skill_links: attach, detach) are stored apart. The
// credential_skills table is their combination, rebuilt from both whenever either changes, so
// re-importing or re-verifying a credential never loses an edit and an edit never loses what was read.
import type { SkillFields, SkillSource, SkillView } from '../core/skills';
import { canonicalSkill, canonicalSkillKey, extractSkills, skillKey } from '../core/skills';
import type { Credential } from '../core/credential';
import type { Db } from './open';
import { statement } from './statements';

export type SkillCount = { name: string; count: number };

/** Bumped whenever extraction rules change, so libraries rebuild their links once with the new rules. */
export const SKILL_RULES_VERSION = '2';
const RULES_SETTING = 'skill_rules';

/** Position of links the person made, after every link read from the credential. */
const USER_POSITION = 1_000_000;

// ---------------------------------------------------------------------------------------------------
// Linking a credential to its skills

type EditRow = {
  key: string;
  name: string | null;
  hidden: number;
  merged_into: string | null;
  added_at: string | null;
};

function edit(db: Db, key: string): EditRow | undefined {
  return statement(
    db,
    'SELECT key, name, hidden, merged_into, added_at FROM skill_edits WHERE key = ?',
  ).get(key) as EditRow | undefined;
}

/** The skill a key now counts as: itself, or the skill it was merged into. */
export function resolveSkillKey(db: Db, key: string): string {
  const row = statement(db, 'SELECT merged_into FROM skill_edits WHERE key = ?').get(key) as
    { merged_into: string | null } | undefined;
  return row?.merged_into ?? key;
}

/** The row id of the skill with this key, creating the row (named `name`, unless renamed) if needed. */
function ensureSkill(db: Db, key: string, name: string): number {
  const found = statement(db, 'SELECT id FROM skills WHERE key = ?').get(key) as
    { id: number } | undefined;
  if (found) return found.id;
  const chosen = edit(db, key)?.name ?? name;
  return Number(
    statement(db, 'INSERT INTO skills (key, name) VALUES (?, ?)').run(key, chosen).lastInsertRowid,
  );
}

/**
 * What linking needs to know beyond the credential: the person's merges, which credentials they
 * attached or detached anything for, and the row id of each skill seen so far. Read once per
 * `SkillLinker` instead of once per credential, because import links thousands in a row.
 */
export type SkillLinker = {
  /** Links one stored credential (with no links present yet); returns the names read from it. */
  link(credentialId: number, sha256: string, fields: SkillFields): string[];
};

/**
 * A linker for a run of links in one transaction that nothing else writes to meanwhile. It
 * remembers skill row ids, so the run must be all-or-nothing: a rolled-back savepoint inside it
 * could remove a skill row it remembers.
 */
export function skillLinker(db: Db): SkillLinker {
  const merges = new Map<string, string>();
  for (const r of statement(
    db,
    'SELECT key, merged_into FROM skill_edits WHERE merged_into IS NOT NULL',
  ).all() as Array<{ key: string; merged_into: string }>) {
    merges.set(r.key, r.merged_into);
  }
  // Only credentials the person said something about need their decisions read (usually none).
  const decided = new Set(
    (
      statement(db, 'SELECT DISTINCT credential_sha256 AS sha FROM skill_links').all() as Array<{
        sha: string;
      }>
    ).map((r) => r.sha),
  );
  const decisionsOf = statement(
    db,
    'SELECT key, attached FROM skill_links WHERE credential_sha256 = ? ORDER BY at, key',
  );
  const insert = statement(
    db,
    `INSERT INTO credential_skills (credential_id, skill_id, position, source, source_text)
     VALUES (?, ?, ?, ?, ?)`,
  );
  const ids = new Map<string, number>();
  const skillId = (key: string, name: string): number => {
    let id = ids.get(key);
    if (id === undefined) {
      id = ensureSkill(db, key, name);
      ids.set(key, id);
    }
    return id;
  };

  return {
    link(credentialId, sha256, fields) {
      const decisions = new Map<string, number>();
      if (decided.has(sha256)) {
        for (const r of decisionsOf.all(sha256) as Array<{ key: string; attached: number }>) {
          decisions.set(r.key, r.attached);
        }
      }
      const linked = new Set<string>();
      const add = (key: string, name: string, position: number, source: string, text: string) => {
        insert.run(credentialId, skillId(key, name), position, source, text);
      };
      const extracted = extractSkills(fields);
      extracted.forEach((skill, position) => {
        const key = merges.get(skill.key) ?? skill.key;
        if (linked.has(key) || decisions.get(key) === 0) return;
        linked.add(key);
        add(key, skill.name, position, skill.source, skill.sourceText);
      });
      let extra = 0;
      for (const [key, attached] of decisions) {
        if (attached !== 1 || linked.has(key)) continue;
        linked.add(key);
        add(key, key, USER_POSITION + extra++, 'user', '');
      }
      return extracted.map((skill) => skill.name);
    },
  };
}

type StoredFields = {
  id: number;
  sha256: string;
  title: string;
  achievement: string | null;
  alignments: string;
  tags: string;
};

function fieldsOf(r: StoredFields): SkillFields {
  return {
    title: r.title,
    achievement:
      r.achievement === null ? null : (JSON.parse(r.achievement) as Credential['achievement']),
    alignments: JSON.parse(r.alignments) as Credential['alignments'],
    tags: JSON.parse(r.tags) as string[],
  };
}

const STORED_FIELDS = 'SELECT id, sha256, title, achievement, alignments, tags FROM credentials';

function dropUnusedSkills(db: Db): void {
  statement(
    db,
    `DELETE FROM skills WHERE NOT EXISTS (SELECT 1 FROM credential_skills WHERE skill_id = skills.id)`,
  ).run();
}

/** Rebuilds the links of these credentials from what they say and the person's edits. */
export function relinkCredentials(db: Db, ids: Iterable<number>): void {
  const read = statement(db, `${STORED_FIELDS} WHERE id = ?`);
  const clear = statement(db, 'DELETE FROM credential_skills WHERE credential_id = ?');
  const linker = skillLinker(db);
  for (const id of new Set(ids)) {
    const r = read.get(id) as StoredFields | undefined;
    if (!r) continue;
    clear.run(id);
    linker.link(r.id, r.sha256, fieldsOf(r));
  }
  dropUnusedSkills(db);
}

/** Rebuilds every link in the library (after the extraction rules changed). One transaction. */
export function rederiveSkills(db: Db): void {
  db.transaction(() => {
    statement(db, 'DELETE FROM credential_skills').run();
    // Read one row at a time: a connection cannot write while a statement is still iterating.
    const ids = statement(db, 'SELECT id FROM credentials ORDER BY id').all() as Array<{
      id: number;
    }>;
    const read = statement(db, `${STORED_FIELDS} WHERE id = ?`);
    const linker = skillLinker(db);
    for (const { id } of ids) {
      const r = read.get(id) as StoredFields;
      linker.link(r.id, r.sha256, fieldsOf(r));
    }
    dropUnusedSkills(db);
    statement(
      db,
      `INSERT INTO settings (key, value) VALUES (?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    ).run(RULES_SETTING, SKILL_RULES_VERSION);
  }).immediate();
}

/** Rebuilds the links once if they were made by older extraction rules; returns whether it did. */
export function ensureSkillRules(db: Db): boolean {
  const row = statement(db, 'SELECT value FROM settings WHERE key = ?').get(RULES_SETTING) as
    { value: string } | undefined;
  if (row?.value === SKILL_RULES_VERSION) return false;
  rederiveSkills(db);
  return true;
}

// ---------------------------------------------------------------------------------------------------
// Finding a skill the person names

/** A skill is there when a credential backs it or the person added it (and it is not merged away). */
function exists(db: Db, key: string): boolean {
  return (
    (
      statement(
        db,
        `SELECT EXISTS (SELECT 1 FROM skills WHERE key = @key)
           OR EXISTS (SELECT 1 FROM skill_edits
                       WHERE key = @key AND added_at IS NOT NULL AND merged_into IS NULL) AS yes`,
      ).get({ key }) as { yes: number }
    ).yes === 1
  );
}

/**
 * The key of the skill `ref` names — its key, its shown name, or any spelling of it — following
 * merges; null when the library has no such skill.
 */
export function findSkill(db: Db, ref: string): string | null {
  const tidy = ref.normalize('NFKC').trim().replace(/\s+/gu, ' ');
  if (tidy === '') return null;
  const candidates: string[] = [tidy];
  const renamed = statement(
    db,
    'SELECT key FROM skill_edits WHERE name_key = ? ORDER BY merged_into IS NOT NULL, key',
  ).all(skillKey(tidy)) as Array<{ key: string }>;
  candidates.push(...renamed.map((r) => r.key), canonicalSkillKey(tidy));
  for (const candidate of candidates) {
    const key = resolveSkillKey(db, candidate);
    if (exists(db, key)) return key;
  }
  return null;
}

/** The skill row id `ref` names (for filtering the library by skill), or null. */
export function findSkillId(db: Db, ref: string): number | null {
  const key = findSkill(db, ref);
  if (key === null) return null;
  const row = statement(db, 'SELECT id FROM skills WHERE key = ?').get(key) as
    { id: number } | undefined;
  return row?.id ?? null;
}

/** The name the library shows for a skill key (the person's rename, else the name read first). */
export function skillName(db: Db, key: string): string {
  const row = statement(
    db,
    `SELECT COALESCE((SELECT name FROM skill_edits WHERE key = @key),
                     (SELECT name FROM skills WHERE key = @key)) AS name`,
  ).get({ key }) as { name: string | null };
  return row.name ?? key;
}

// ---------------------------------------------------------------------------------------------------
// The person's edits. Each runs in its own transaction and rebuilds the links it affects.

function upsertEdit(
  db: Db,
  key: string,
  now: string,
  set: { name?: string; hidden?: boolean; mergedInto?: string | null; addedAt?: string },
): void {
  statement(
    db,
    `INSERT INTO skill_edits (key, updated_at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`,
  ).run(key, now);
  if (set.name !== undefined) {
    statement(
      db,
      'UPDATE skill_edits SET name = ?, name_key = ?, updated_at = ? WHERE key = ?',
    ).run(set.name, skillKey(set.name), now, key);
  }
  if (set.hidden !== undefined) {
    statement(db, 'UPDATE skill_edits SET hidden = ?, updated_at = ? WHERE key = ?').run(
      set.hidden ? 1 : 0,
      now,
      key,
    );
  }
  if (set.mergedInto !== undefined) {
    statement(db, 'UPDATE skill_edits SET merged_into = ?, updated_at = ? WHERE key = ?').run(
      set.mergedInto,
      now,
      key,
    );
  }
  if (set.addedAt !== undefined) {
    statement(db, 'UPDATE skill_edits SET added_at = ?, updated_at = ? WHERE key = ?').run(
      set.addedAt,
      now,
      key,
    );
  }
}

/** The shown name is kept with the edits, so it survives the skill's last credential being deleted. */
function rememberName(db: Db, key: string, now: string): void {
  if (edit(db, key)?.name) return;
  upsertEdit(db, key, now, { name: skillName(db, key) });
}

/** Credentials whose links mention any of these keys (read or attached). */
function credentialsTouching(db: Db, keys: readonly string[]): number[] {
  const ids = new Set<number>();
  const byKey = statement(
    db,
    `SELECT cs.credential_id AS id FROM credential_skills cs JOIN skills s ON s.id = cs.skill_id
      WHERE s.key = ?`,
  );
  const byLink = statement(
    db,
    `SELECT c.id FROM skill_links l JOIN credentials c ON c.sha256 = l.credential_sha256
      WHERE l.key = ?`,
  );
  for (const key of keys) {
    for (const r of byKey.all(key) as Array<{ id: number }>) ids.add(r.id);
    for (const r of byLink.all(key) as Array<{ id: number }>) ids.add(r.id);
  }
  return [...ids];
}

/** A visible skill other than `except` already shown under this name (or filed under its key). */
export function skillNamedLike(db: Db, name: string, except: string | null): string | null {
  const asName = skillKey(name);
  const asKey = canonicalSkillKey(name);
  const rows = statement(
    db,
    `SELECT key FROM skill_edits WHERE name_key = @asName AND merged_into IS NULL
     UNION SELECT s.key FROM skills s LEFT JOIN skill_edits e ON e.key = s.key
      WHERE (s.key = @asKey OR (e.name IS NULL AND s.key = @asName))`,
  ).all({ asName, asKey }) as Array<{ key: string }>;
  for (const r of rows) {
    if (r.key !== except && exists(db, r.key)) return r.key;
  }
  return null;
}

export function renameSkill(db: Db, key: string, name: string, now: string): void {
  db.transaction(() => upsertEdit(db, key, now, { name })).immediate();
}

export function hideSkill(db: Db, key: string, hidden: boolean, now: string): void {
  db.transaction(() => upsertEdit(db, key, now, { hidden })).immediate();
}

/** A new skill the person names, with no credentials yet; returns its key. */
export function addSkill(db: Db, name: string, now: string): string {
  const { key } = canonicalSkill(name);
  db.transaction(() => {
    upsertEdit(db, key, now, { name, addedAt: now, hidden: false, mergedInto: null });
  }).immediate();
  return key;
}

/**
 * Merges each of `from` into `into`: their credentials count for `into`, they disappear from the list,
 * and a credential imported later with one of their spellings lands in `into` too.
 */
export function mergeSkills(db: Db, from: readonly string[], into: string, now: string): void {
  db.transaction(() => {
    rememberName(db, into, now);
    const touched = credentialsTouching(db, [...from, into]);
    for (const key of from) {
      // Its name as the person saw it, for "Also includes".
      rememberName(db, key, now);
      // Flatten: whatever was merged into `key` now points straight at `into`.
      statement(
        db,
        'UPDATE skill_edits SET merged_into = ?, updated_at = ? WHERE merged_into = ?',
      ).run(into, now, key);
      upsertEdit(db, key, now, { mergedInto: into });
      // The person's attachments and detachments follow the skill; where both said something about
      // one credential, what they said about `into` stands.
      statement(
        db,
        `INSERT INTO skill_links (key, credential_sha256, attached, at)
           SELECT ?, credential_sha256, attached, at FROM skill_links WHERE key = ?
         ON CONFLICT (key, credential_sha256) DO NOTHING`,
      ).run(into, key);
      statement(db, 'DELETE FROM skill_links WHERE key = ?').run(key);
    }
    relinkCredentials(db, touched);
  }).immediate();
}

function setLink(db: Db, key: string, credentialId: number, attached: boolean, now: string): void {
  db.transaction(() => {
    rememberName(db, key, now);
    statement(
      db,
      `INSERT INTO skill_links (key, credential_sha256, attached, at)
         SELECT ?, sha256, ?, ? FROM credentials WHERE id = ?
       ON CONFLICT (key, credential_sha256) DO UPDATE SET attached = excluded.attached, at = excluded.at`,
    ).run(key, attached ? 1 : 0, now, credentialId);
    relinkCredentials(db, [credentialId]);
  }).immediate();
}

export function attachCredential(db: Db, key: string, credentialId: number, now: string): void {
  setLink(db, key, credentialId, true, now);
}

export function detachCredential(db: Db, key: string, credentialId: number, now: string): void {
  setLink(db, key, credentialId, false, now);
}

/** Whether this credential currently backs this skill. */
export function backs(db: Db, key: string, credentialId: number): boolean {
  return (
    (
      statement(
        db,
        `SELECT EXISTS (SELECT 1 FROM credential_skills cs JOIN skills s ON s.id = cs.skill_id
                       WHERE s.key = ? AND cs.credential_id = ?) AS yes`,
      ).get(key, credentialId) as { yes: number }
    ).yes === 1
  );
}

// ---------------------------------------------------------------------------------------------------
// Reading

type ListRow = {
  key: string;
  name: string;
  count: number;
  hidden: number;
  user_added: number;
};

const SKILL_ROWS = `
  SELECT s.key, COALESCE(e.name, s.name) AS name, count(cs.credential_id) AS count,
         COALESCE(e.hidden, 0) AS hidden, e.added_at IS NOT NULL AS user_added
    FROM skills s
    JOIN credential_skills cs ON cs.skill_id = s.id
    LEFT JOIN skill_edits e ON e.key = s.key
   GROUP BY s.id
  UNION ALL
  SELECT e.key, e.name, 0, e.hidden, 1
    FROM skill_edits e
   WHERE e.added_at IS NOT NULL AND e.merged_into IS NULL
     AND NOT EXISTS (SELECT 1 FROM skills s WHERE s.key = e.key)`;

function skillRows(db: Db, includeHidden: boolean): ListRow[] {
  return statement(
    db,
    `SELECT key, name, count, hidden, user_added FROM (${SKILL_ROWS})
      WHERE ? OR hidden = 0
      ORDER BY count DESC, name COLLATE NOCASE, key`,
  ).all(includeHidden ? 1 : 0) as ListRow[];
}

/** Skills the library shows (hidden ones left out) with the number of credentials backing each, most first. */
export function listSkills(db: Db): SkillCount[] {
  return skillRows(db, false).map((r) => ({ name: r.name, count: r.count }));
}

export type SkillListOptions = {
  includeHidden?: boolean;
  /** At most this many backing credentials per skill (newest first); all when absent. */
  perSkill?: number;
};

/** Every skill with the credentials that back it, most-backed first. */
export function listSkillViews(db: Db, opts: SkillListOptions = {}): SkillView[] {
  const rows = skillRows(db, opts.includeHidden === true);
  const byKey = new Map<string, SkillView>();
  const views = rows.map((r): SkillView => {
    const view: SkillView = {
      key: r.key,
      name: r.name,
      count: r.count,
      hidden: r.hidden === 1,
      userAdded: r.user_added === 1,
      merged: [],
      mergedNames: [],
      credentials: [],
    };
    byKey.set(r.key, view);
    return view;
  });
  for (const m of statement(
    db,
    `SELECT key, COALESCE(name, key) AS name, merged_into FROM skill_edits
      WHERE merged_into IS NOT NULL ORDER BY key`,
  ).all() as Array<{ key: string; name: string; merged_into: string }>) {
    const into = byKey.get(m.merged_into);
    into?.merged.push(m.key);
    into?.mergedNames.push(m.name);
  }
  const cap = opts.perSkill ?? Number.MAX_SAFE_INTEGER;
  for (const c of statement(
    db,
    `SELECT key, id, title, issuer_name, source FROM (
       SELECT s.key, c.id, c.title, c.issuer_name, cs.source,
              row_number() OVER (PARTITION BY s.id ORDER BY c.issued_key DESC, c.id DESC) AS n
         FROM credential_skills cs
         JOIN skills s ON s.id = cs.skill_id
         JOIN credentials c ON c.id = cs.credential_id)
      WHERE n <= ? ORDER BY key, n`,
  ).all(cap) as Array<{
    key: string;
    id: number;
    title: string;
    issuer_name: string | null;
    source: SkillSource;
  }>) {
    byKey.get(c.key)?.credentials.push({
      id: c.id,
      title: c.title,
      issuerName: c.issuer_name,
      source: c.source,
    });
  }
  return views;
}

/** One skill's view (hidden or not), or null when the library has no such skill. */
export function getSkillView(db: Db, key: string): SkillView | null {
  return listSkillViews(db, { includeHidden: true }).find((v) => v.key === key) ?? null;
}

/** The skills of these credentials as the library shows them (hidden ones left out), with their backers among them. */
export function skillsOfCredentials(
  db: Db,
  ids: readonly number[],
): Array<{ key: string; name: string; credentialIds: number[] }> {
  const wanted = new Set(ids);
  const out = new Map<string, { key: string; name: string; credentialIds: number[] }>();
  const rows = statement(
    db,
    `SELECT s.key, COALESCE(e.name, s.name) AS name, cs.credential_id AS id
       FROM credential_skills cs
       JOIN skills s ON s.id = cs.skill_id
       LEFT JOIN skill_edits e ON e.key = s.key
      WHERE cs.credential_id = ? AND COALESCE(e.hidden, 0) = 0
      ORDER BY cs.position`,
  );
  for (const id of wanted) {
    for (const r of rows.all(id) as Array<{ key: string; name: string; id: number }>) {
      const entry = out.get(r.key) ?? { key: r.key, name: r.name, credentialIds: [] };
      entry.credentialIds.push(r.id);
      out.set(r.key, entry);
    }
  }
  return [...out.values()];
}
