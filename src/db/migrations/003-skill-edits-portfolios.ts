// Schema 3: the person's own skill edits (kept apart from what import reads, so both survive the other) and portfolios.
import type { Migration } from '../migrate';

export const migration003: Migration = {
  version: 3,
  up(db) {
    db.exec(`
      -- Links may now also come from the field of study, a competency achievement, criteria prose or
      -- the person ('user'). SQLite cannot widen a CHECK in place, so the table is rebuilt as is.
      -- This table is derived: credentials (what import read) plus skill_edits and skill_links (what
      -- the person decided) rebuild it at any time.
      CREATE TABLE credential_skills_v3 (
        credential_id INTEGER NOT NULL REFERENCES credentials(id) ON DELETE CASCADE,
        skill_id INTEGER NOT NULL REFERENCES skills(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        source TEXT NOT NULL
          CHECK (source IN ('alignment', 'tag', 'field', 'competency', 'criteria', 'user')),
        source_text TEXT NOT NULL,
        PRIMARY KEY (credential_id, skill_id)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO credential_skills_v3 (credential_id, skill_id, position, source, source_text)
        SELECT credential_id, skill_id, position, source, source_text FROM credential_skills;
      DROP TABLE credential_skills;
      ALTER TABLE credential_skills_v3 RENAME TO credential_skills;
      CREATE INDEX credential_skills_by_skill ON credential_skills(skill_id, credential_id);

      -- The person's decisions about a skill, by skill key (not row id) so they outlive the skill's
      -- last credential and apply again when it is imported anew. merged_into always names a skill
      -- that is not itself merged (merges are flattened when made).
      CREATE TABLE skill_edits (
        key TEXT PRIMARY KEY NOT NULL CHECK (length(key) BETWEEN 1 AND 1000),
        name TEXT CHECK (name IS NULL OR length(name) BETWEEN 1 AND 200),
        name_key TEXT,
        hidden INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
        merged_into TEXT CHECK (merged_into IS NULL OR merged_into <> key),
        added_at TEXT,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX skill_edits_by_name ON skill_edits(name_key) WHERE name_key IS NOT NULL;
      CREATE INDEX skill_edits_by_target ON skill_edits(merged_into) WHERE merged_into IS NOT NULL;

      -- Credentials the person attached to (1) or detached from (0) a skill, by the credential's
      -- content hash: the decision holds if the same file is deleted and imported again.
      CREATE TABLE skill_links (
        key TEXT NOT NULL,
        credential_sha256 TEXT NOT NULL CHECK (length(credential_sha256) = 64),
        attached INTEGER NOT NULL CHECK (attached IN (0, 1)),
        at TEXT NOT NULL,
        PRIMARY KEY (key, credential_sha256)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX skill_links_by_credential ON skill_links(credential_sha256);

      CREATE TABLE portfolios (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 200),
        person_name TEXT NOT NULL,
        headline TEXT,
        email TEXT,
        links TEXT NOT NULL,
        target_role TEXT,
        summary TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      -- A section is one skill (skill_key) or a free heading. Positions are kept dense (0, 1, 2 …).
      CREATE TABLE portfolio_sections (
        id INTEGER PRIMARY KEY,
        portfolio_id INTEGER NOT NULL REFERENCES portfolios(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        title TEXT NOT NULL COLLATE NOCASE CHECK (length(title) BETWEEN 1 AND 200),
        skill_key TEXT,
        UNIQUE (portfolio_id, title),
        UNIQUE (portfolio_id, id)
      ) STRICT;

      -- One entry per credential per portfolio; the composite key keeps an entry inside a section of
      -- its own portfolio. Deleting a credential from the library takes its entries with it.
      CREATE TABLE portfolio_entries (
        portfolio_id INTEGER NOT NULL REFERENCES portfolios(id) ON DELETE CASCADE,
        credential_id INTEGER NOT NULL REFERENCES credentials(id) ON DELETE CASCADE,
        section_id INTEGER NOT NULL,
        position INTEGER NOT NULL,
        note TEXT,
        hidden TEXT NOT NULL,
        PRIMARY KEY (portfolio_id, credential_id),
        FOREIGN KEY (portfolio_id, section_id)
          REFERENCES portfolio_sections(portfolio_id, id) ON DELETE CASCADE
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX portfolio_entries_by_section ON portfolio_entries(section_id, position);
      CREATE INDEX portfolio_entries_by_credential ON portfolio_entries(credential_id);
    `);
  },
};
