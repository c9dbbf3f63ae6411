// The skills a library can show evidence for: what a portfolio is built from.
import type { Db } from './open';
import { statement } from './statements';

export type SkillCount = { name: string; count: number };

/** Skills found in the library with the number of credentials backing each, most first. */
export function listSkills(db: Db): SkillCount[] {
  return statement(
    db,
    `SELECT s.name AS name, count(*) AS count
       FROM skills s JOIN credential_skills cs ON cs.skill_id = s.id
      GROUP BY s.id
      ORDER BY count DESC, s.name COLLATE NOCASE, s.id`,
  ).all() as SkillCount[];
}
