// Portfolios as stored: a header, ordered sections (a skill or a free heading) and ordered credential entries.
//
// Positions are dense (0 … n-1) within their parent; every change that moves something renumbers
// what follows in the same transaction. Callers check their input first (services/portfolio.ts):
// these functions store, they do not explain.
import {
  HIDEABLE_FIELDS,
  type HideableField,
  type Portfolio,
  type PortfolioSection,
} from '../core/portfolio';
import type { PortfolioListItem } from '../core/portfolio-view';
import type { Db } from './open';
import { resolveSkillKey, skillName } from './skills';
import { statement } from './statements';

export type PortfolioFields = {
  personName: string;
  headline: string | null;
  email: string | null;
  links: string[];
  targetRole: string | null;
  summary: string | null;
};

type HeaderRow = {
  id: number;
  name: string;
  person_name: string;
  headline: string | null;
  email: string | null;
  links: string;
  target_role: string | null;
  summary: string | null;
  created_at: string;
  updated_at: string;
};

function touch(db: Db, id: number, now: string): void {
  statement(db, 'UPDATE portfolios SET updated_at = ? WHERE id = ?').run(now, id);
}

export function createPortfolio(
  db: Db,
  name: string,
  fields: PortfolioFields,
  now: string,
): number {
  return Number(
    statement(
      db,
      `INSERT INTO portfolios (name, person_name, headline, email, links, target_role, summary,
                               created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      name,
      fields.personName,
      fields.headline,
      fields.email,
      JSON.stringify(fields.links),
      fields.targetRole,
      fields.summary,
      now,
      now,
    ).lastInsertRowid,
  );
}

/** The id of the portfolio with this name (case ignored), or null. */
export function portfolioIdByName(db: Db, name: string): number | null {
  const row = statement(db, 'SELECT id FROM portfolios WHERE name = ?').get(name) as
    { id: number } | undefined;
  return row?.id ?? null;
}

export function portfolioExists(db: Db, id: number): boolean {
  return statement(db, 'SELECT 1 FROM portfolios WHERE id = ?').get(id) !== undefined;
}

function parseHidden(text: string): HideableField[] {
  const parsed = JSON.parse(text) as unknown;
  if (!Array.isArray(parsed)) return [];
  return HIDEABLE_FIELDS.filter((f) => parsed.includes(f));
}

export function getPortfolio(db: Db, id: number): Portfolio | null {
  const h = statement(db, 'SELECT * FROM portfolios WHERE id = ?').get(id) as HeaderRow | undefined;
  if (h === undefined) return null;
  const sections = (
    statement(
      db,
      'SELECT id, title, skill_key FROM portfolio_sections WHERE portfolio_id = ? ORDER BY position, id',
    ).all(id) as Array<{ id: number; title: string; skill_key: string | null }>
  ).map((s): PortfolioSection => ({
    id: s.id,
    title: s.title,
    skill: s.skill_key === null ? null : skillName(db, resolveSkillKey(db, s.skill_key)),
    entries: [],
  }));
  const byId = new Map(sections.map((s) => [s.id, s]));
  for (const e of statement(
    db,
    `SELECT section_id, credential_id, note, hidden FROM portfolio_entries
      WHERE portfolio_id = ? ORDER BY section_id, position`,
  ).all(id) as Array<{
    section_id: number;
    credential_id: number;
    note: string | null;
    hidden: string;
  }>) {
    byId.get(e.section_id)?.entries.push({
      credentialId: e.credential_id,
      note: e.note,
      hidden: parseHidden(e.hidden),
    });
  }
  return {
    id: h.id,
    name: h.name,
    personName: h.person_name,
    headline: h.headline,
    email: h.email,
    links: JSON.parse(h.links) as string[],
    targetRole: h.target_role,
    summary: h.summary,
    createdAt: h.created_at,
    updatedAt: h.updated_at,
    sections,
  };
}

export function listPortfolios(db: Db): PortfolioListItem[] {
  return (
    statement(
      db,
      `SELECT p.id, p.name, p.person_name, p.target_role, p.updated_at,
              (SELECT count(*) FROM portfolio_sections s WHERE s.portfolio_id = p.id) AS sections,
              (SELECT count(*) FROM portfolio_entries e WHERE e.portfolio_id = p.id) AS entries
         FROM portfolios p ORDER BY p.name COLLATE NOCASE, p.id`,
    ).all() as Array<{
      id: number;
      name: string;
      person_name: string;
      target_role: string | null;
      updated_at: string;
      sections: number;
      entries: number;
    }>
  ).map((r) => ({
    id: r.id,
    name: r.name,
    personName: r.person_name,
    targetRole: r.target_role,
    sections: r.sections,
    entries: r.entries,
    updatedAt: r.updated_at,
  }));
}

export type PortfolioPatch = Partial<PortfolioFields> & { name?: string };

export function updatePortfolio(db: Db, id: number, patch: PortfolioPatch, now: string): void {
  const columns: Array<[string, unknown]> = [];
  if (patch.name !== undefined) columns.push(['name', patch.name]);
  if (patch.personName !== undefined) columns.push(['person_name', patch.personName]);
  if (patch.headline !== undefined) columns.push(['headline', patch.headline]);
  if (patch.email !== undefined) columns.push(['email', patch.email]);
  if (patch.links !== undefined) columns.push(['links', JSON.stringify(patch.links)]);
  if (patch.targetRole !== undefined) columns.push(['target_role', patch.targetRole]);
  if (patch.summary !== undefined) columns.push(['summary', patch.summary]);
  db.transaction(() => {
    // Column names come from the fixed list above, never from input.
    for (const [column, value] of columns) {
      statement(db, `UPDATE portfolios SET ${column} = ? WHERE id = ?`).run(value, id);
    }
    touch(db, id, now);
  })();
}

/** A copy with every section, entry, note and hidden field; returns the copy's id. */
export function duplicatePortfolio(db: Db, id: number, name: string, now: string): number {
  return db.transaction(() => {
    const copy = Number(
      statement(
        db,
        `INSERT INTO portfolios (name, person_name, headline, email, links, target_role, summary,
                                 created_at, updated_at)
         SELECT ?, person_name, headline, email, links, target_role, summary, ?, ?
           FROM portfolios WHERE id = ?`,
      ).run(name, now, now, id).lastInsertRowid,
    );
    const sections = statement(
      db,
      'SELECT id, position, title, skill_key FROM portfolio_sections WHERE portfolio_id = ? ORDER BY position',
    ).all(id) as Array<{ id: number; position: number; title: string; skill_key: string | null }>;
    for (const s of sections) {
      const newSection = Number(
        statement(
          db,
          'INSERT INTO portfolio_sections (portfolio_id, position, title, skill_key) VALUES (?, ?, ?, ?)',
        ).run(copy, s.position, s.title, s.skill_key).lastInsertRowid,
      );
      statement(
        db,
        `INSERT INTO portfolio_entries (portfolio_id, credential_id, section_id, position, note, hidden)
         SELECT ?, credential_id, ?, position, note, hidden FROM portfolio_entries WHERE section_id = ?`,
      ).run(copy, newSection, s.id);
    }
    return copy;
  })();
}

export function deletePortfolio(db: Db, id: number): boolean {
  return statement(db, 'DELETE FROM portfolios WHERE id = ?').run(id).changes > 0;
}

// ---------------------------------------------------------------------------------------------------
// Sections

export type SectionRow = { id: number; position: number; title: string; skillKey: string | null };

export function sectionsOf(db: Db, portfolioId: number): SectionRow[] {
  return (
    statement(
      db,
      'SELECT id, position, title, skill_key FROM portfolio_sections WHERE portfolio_id = ? ORDER BY position',
    ).all(portfolioId) as Array<{
      id: number;
      position: number;
      title: string;
      skill_key: string | null;
    }>
  ).map((s) => ({ id: s.id, position: s.position, title: s.title, skillKey: s.skill_key }));
}

/** The section with this title in the portfolio (case ignored), or null. */
export function sectionByTitle(db: Db, portfolioId: number, title: string): SectionRow | null {
  return (
    sectionsOf(db, portfolioId).find((s) => s.title.toLowerCase() === title.toLowerCase()) ?? null
  );
}

export function sectionById(db: Db, portfolioId: number, sectionId: number): SectionRow | null {
  return sectionsOf(db, portfolioId).find((s) => s.id === sectionId) ?? null;
}

/** Adds a section at `index` (default: last); returns its id. */
export function addSection(
  db: Db,
  portfolioId: number,
  title: string,
  skillKey: string | null,
  index: number | null,
  now: string,
): number {
  return db.transaction(() => {
    const count = sectionsOf(db, portfolioId).length;
    const at = index ?? count;
    statement(
      db,
      'UPDATE portfolio_sections SET position = position + 1 WHERE portfolio_id = ? AND position >= ?',
    ).run(portfolioId, at);
    const id = Number(
      statement(
        db,
        'INSERT INTO portfolio_sections (portfolio_id, position, title, skill_key) VALUES (?, ?, ?, ?)',
      ).run(portfolioId, at, title, skillKey).lastInsertRowid,
    );
    touch(db, portfolioId, now);
    return id;
  })();
}

export function renameSection(
  db: Db,
  portfolioId: number,
  sectionId: number,
  title: string,
  now: string,
): void {
  db.transaction(() => {
    statement(db, 'UPDATE portfolio_sections SET title = ? WHERE portfolio_id = ? AND id = ?').run(
      title,
      portfolioId,
      sectionId,
    );
    touch(db, portfolioId, now);
  })();
}

/** Removes a section with its entries (the credentials stay in the library). */
export function removeSection(db: Db, portfolioId: number, sectionId: number, now: string): void {
  db.transaction(() => {
    const s = sectionById(db, portfolioId, sectionId);
    if (s === null) return;
    statement(db, 'DELETE FROM portfolio_sections WHERE id = ?').run(sectionId);
    statement(
      db,
      'UPDATE portfolio_sections SET position = position - 1 WHERE portfolio_id = ? AND position > ?',
    ).run(portfolioId, s.position);
    touch(db, portfolioId, now);
  })();
}

export function moveSection(
  db: Db,
  portfolioId: number,
  sectionId: number,
  index: number,
  now: string,
): void {
  db.transaction(() => {
    const s = sectionById(db, portfolioId, sectionId);
    if (s === null) return;
    statement(
      db,
      'UPDATE portfolio_sections SET position = position - 1 WHERE portfolio_id = ? AND position > ?',
    ).run(portfolioId, s.position);
    statement(
      db,
      'UPDATE portfolio_sections SET position = position + 1 WHERE portfolio_id = ? AND position >= ? AND id <> ?',
    ).run(portfolioId, index, sectionId);
    statement(db, 'UPDATE portfolio_sections SET position = ? WHERE id = ?').run(index, sectionId);
    touch(db, portfolioId, now);
  })();
}

// ---------------------------------------------------------------------------------------------------
// Entries

export type EntryPlace = { sectionId: number; position: number };

export function entryPlace(db: Db, portfolioId: number, credentialId: number): EntryPlace | null {
  const row = statement(
    db,
    'SELECT section_id, position FROM portfolio_entries WHERE portfolio_id = ? AND credential_id = ?',
  ).get(portfolioId, credentialId) as { section_id: number; position: number } | undefined;
  return row === undefined ? null : { sectionId: row.section_id, position: row.position };
}

export function entryCount(db: Db, sectionId: number): number {
  return (
    statement(db, 'SELECT count(*) AS n FROM portfolio_entries WHERE section_id = ?').get(
      sectionId,
    ) as {
      n: number;
    }
  ).n;
}

/** Adds credentials to a section, in order, at `index` (default: the end). */
export function addEntries(
  db: Db,
  portfolioId: number,
  sectionId: number,
  credentialIds: readonly number[],
  index: number | null,
  now: string,
): void {
  db.transaction(() => {
    const at = index ?? entryCount(db, sectionId);
    statement(
      db,
      'UPDATE portfolio_entries SET position = position + ? WHERE section_id = ? AND position >= ?',
    ).run(credentialIds.length, sectionId, at);
    const insert = statement(
      db,
      `INSERT INTO portfolio_entries (portfolio_id, credential_id, section_id, position, note, hidden)
       VALUES (?, ?, ?, ?, NULL, '[]')`,
    );
    credentialIds.forEach((id, i) => insert.run(portfolioId, id, sectionId, at + i));
    touch(db, portfolioId, now);
  })();
}

export function removeEntry(
  db: Db,
  portfolioId: number,
  credentialId: number,
  now: string,
): boolean {
  return db.transaction(() => {
    const place = entryPlace(db, portfolioId, credentialId);
    if (place === null) return false;
    statement(db, 'DELETE FROM portfolio_entries WHERE portfolio_id = ? AND credential_id = ?').run(
      portfolioId,
      credentialId,
    );
    statement(
      db,
      'UPDATE portfolio_entries SET position = position - 1 WHERE section_id = ? AND position > ?',
    ).run(place.sectionId, place.position);
    touch(db, portfolioId, now);
    return true;
  })();
}

/** Moves an entry to `index` of `sectionId` (its own section or another of the portfolio). */
export function moveEntry(
  db: Db,
  portfolioId: number,
  credentialId: number,
  sectionId: number,
  index: number,
  now: string,
): void {
  db.transaction(() => {
    const place = entryPlace(db, portfolioId, credentialId);
    if (place === null) return;
    statement(
      db,
      'UPDATE portfolio_entries SET position = position - 1 WHERE section_id = ? AND position > ?',
    ).run(place.sectionId, place.position);
    statement(
      db,
      `UPDATE portfolio_entries SET position = position + 1
        WHERE section_id = ? AND position >= ? AND NOT (portfolio_id = ? AND credential_id = ?)`,
    ).run(sectionId, index, portfolioId, credentialId);
    statement(
      db,
      'UPDATE portfolio_entries SET section_id = ?, position = ? WHERE portfolio_id = ? AND credential_id = ?',
    ).run(sectionId, index, portfolioId, credentialId);
    touch(db, portfolioId, now);
  })();
}

export function setEntryNote(
  db: Db,
  portfolioId: number,
  credentialId: number,
  note: string | null,
  now: string,
): void {
  db.transaction(() => {
    statement(
      db,
      'UPDATE portfolio_entries SET note = ? WHERE portfolio_id = ? AND credential_id = ?',
    ).run(note, portfolioId, credentialId);
    touch(db, portfolioId, now);
  })();
}

export function setEntryHidden(
  db: Db,
  portfolioId: number,
  credentialId: number,
  hidden: readonly HideableField[],
  now: string,
): void {
  const ordered = HIDEABLE_FIELDS.filter((f) => hidden.includes(f));
  db.transaction(() => {
    statement(
      db,
      'UPDATE portfolio_entries SET hidden = ? WHERE portfolio_id = ? AND credential_id = ?',
    ).run(JSON.stringify(ordered), portfolioId, credentialId);
    touch(db, portfolioId, now);
  })();
}
