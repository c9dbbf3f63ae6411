// The first library schema: credentials with their verbatim originals, shared images, skills, search, settings.
import type { Migration } from '../migrate';

export const migration001: Migration = {
  version: 1,
  up(db) {
    db.exec(`
      CREATE TABLE images (
        sha256 TEXT PRIMARY KEY NOT NULL CHECK (length(sha256) = 64),
        media_type TEXT NOT NULL,
        bytes BLOB NOT NULL
      ) STRICT;

      -- Narrow, often-read columns first and the wide ones (JSON, the original blob) last: SQLite
      -- reads a row front to back, so sorting and filtering never touch the overflow pages.
      CREATE TABLE credentials (
        -- Below 2^32 so the search index can pack it with the date key into one rowid.
        id INTEGER PRIMARY KEY CHECK (id < 4294967296),
        parent_id INTEGER REFERENCES credentials(id) ON DELETE CASCADE,
        format TEXT NOT NULL,
        media_type TEXT NOT NULL,
        sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
        credential_id TEXT,
        source TEXT NOT NULL,
        title TEXT NOT NULL,
        issuer_name TEXT,
        issuer_id TEXT,
        issued_on TEXT,
        -- issued_on as minutes since 1900 (+1), 0 when unknown: the date sort key (see sort-key.ts).
        issued_key INTEGER NOT NULL CHECK (issued_key >= 0 AND issued_key < 2147483648),
        valid_from TEXT,
        valid_until TEXT,
        recipient TEXT,
        verdict TEXT NOT NULL,
        checked_at TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        -- Deferred: the image row is written after the credential row (see insertCredential).
        image_sha256 TEXT REFERENCES images(sha256) DEFERRABLE INITIALLY DEFERRED,
        description TEXT,
        achievement TEXT,
        evidence TEXT NOT NULL,
        alignments TEXT NOT NULL,
        tags TEXT NOT NULL,
        report TEXT NOT NULL,
        original BLOB NOT NULL
      ) STRICT;

      -- The document's own id identifies it across re-imports; many credentials have none.
      CREATE UNIQUE INDEX credentials_credential_id ON credentials(credential_id)
        WHERE credential_id IS NOT NULL;
      CREATE INDEX credentials_parent ON credentials(parent_id) WHERE parent_id IS NOT NULL;
      CREATE INDEX credentials_image ON credentials(image_sha256) WHERE image_sha256 IS NOT NULL;

      -- One index per list sort and filter; ids break ties so paging is stable. Unknown dates
      -- (key 0) sort last; so do credentials without an issuer in the issuer sort. Each holds
      -- issued_key and id, the search rowid, so a search can walk it without reading rows.
      CREATE INDEX credentials_by_date ON credentials(issued_key DESC, id DESC);
      CREATE INDEX credentials_by_title ON credentials(title COLLATE NOCASE, id, issued_key);
      CREATE INDEX credentials_by_issuer
        ON credentials((issuer_name IS NULL), issuer_name COLLATE NOCASE, issued_key DESC, id DESC);
      CREATE INDEX credentials_by_verdict ON credentials(verdict, issued_key DESC, id DESC);
      CREATE INDEX credentials_by_format ON credentials(format, issued_key DESC, id DESC);

      CREATE TABLE skills (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL
      ) STRICT;

      CREATE TABLE credential_skills (
        credential_id INTEGER NOT NULL REFERENCES credentials(id) ON DELETE CASCADE,
        skill_id INTEGER NOT NULL REFERENCES skills(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('alignment', 'tag')),
        source_text TEXT NOT NULL,
        PRIMARY KEY (credential_id, skill_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX credential_skills_by_skill ON credential_skills(skill_id, credential_id);

      -- Contentless: the text lives in credentials already; the index holds search-folded text
      -- (see search-text.ts) that nobody displays. rowid = issued_key << 32 | credentials.id, so
      -- FTS5's own rowid order is the date sort and a search page stops after LIMIT hits instead
      -- of sorting every hit (a common word can match most of a 100,000-credential library).
      -- The two-letter prefix index makes the first typed letters cheap; longer prefixes are
      -- cheap without one, and each extra prefix length slows every import.
      CREATE VIRTUAL TABLE credentials_fts USING fts5(
        title, issuer, description, skills,
        content = '',
        contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2'
      );
      -- A trigger, not the delete function, so cascaded deletes (a bundle's children) leave no ghosts.
      CREATE TRIGGER credentials_fts_delete AFTER DELETE ON credentials BEGIN
        DELETE FROM credentials_fts WHERE rowid = (old.issued_key << 32) | old.id;
      END;

      CREATE TABLE settings (
        key TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
      ) STRICT;
    `);
  },
};
