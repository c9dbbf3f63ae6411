// Counts per skill, issuer, format and verdict for the library's filter menus, each read from an index, never the rows.
import { FACET_LIMIT, type LibraryFacets, type NameCount } from '../core/facets';
import type { FormatId } from '../core/credential';
import type { Verdict } from '../core/verification';
import type { Db } from './open';
import { statement } from './statements';

export type { LibraryFacets } from '../core/facets';

/*
 * Each GROUP BY walks one index in its own order (credentials_by_format, credentials_by_verdict,
 * credentials_by_issuer, credential_skills_by_skill), so grouping needs no temporary table and no
 * row of the wide credentials table is read; only the groups themselves are sorted by count.
 */
const FORMATS = `SELECT format AS format, count(*) AS count FROM credentials
  GROUP BY format ORDER BY count DESC, format`;
const VERDICTS = `SELECT verdict AS verdict, count(*) AS count FROM credentials
  GROUP BY verdict ORDER BY count DESC, verdict`;
// Spelled like credentials_by_issuer's columns: an index range, grouped in the index's order.
const ISSUERS = `SELECT issuer_name AS name, count(*) AS count FROM credentials
  WHERE (issuer_name IS NULL) = 0
  GROUP BY issuer_name COLLATE NOCASE
  ORDER BY count DESC, name COLLATE NOCASE LIMIT ?`;
// Named as the person renamed them; the ones they hid are left out, as in the list (see skills.ts).
const SKILLS = `SELECT COALESCE(e.name, s.name) AS name, g.count AS count
  FROM (SELECT skill_id, count(*) AS count FROM credential_skills GROUP BY skill_id) AS g
  JOIN skills s ON s.id = g.skill_id
  LEFT JOIN skill_edits e ON e.key = s.key
  WHERE COALESCE(e.hidden, 0) = 0
  ORDER BY g.count DESC, name COLLATE NOCASE, s.id LIMIT ?`;

/** The SQL of each facet query, so a test can check that SQLite answers it from an index. */
export const FACET_QUERIES = { FORMATS, VERDICTS, ISSUERS, SKILLS } as const;

function capped(rows: NameCount[]): { list: NameCount[]; truncated: boolean } {
  return rows.length > FACET_LIMIT
    ? { list: rows.slice(0, FACET_LIMIT), truncated: true }
    : { list: rows, truncated: false };
}

/** What the library holds per skill, issuer, format and verdict, with counts; one read transaction. */
export function libraryFacets(db: Db): LibraryFacets {
  return db.transaction(() => {
    const total = (statement(db, 'SELECT count(*) AS n FROM credentials').get() as { n: number }).n;
    const skills = capped(statement(db, SKILLS).all(FACET_LIMIT + 1) as NameCount[]);
    const issuers = capped(statement(db, ISSUERS).all(FACET_LIMIT + 1) as NameCount[]);
    return {
      total,
      skills: skills.list,
      skillsTruncated: skills.truncated,
      issuers: issuers.list,
      issuersTruncated: issuers.truncated,
      formats: statement(db, FORMATS).all() as { format: FormatId; count: number }[],
      verdicts: statement(db, VERDICTS).all() as { verdict: Verdict; count: number }[],
    };
  })();
}
