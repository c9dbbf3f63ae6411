// Schema 2: the user's identities (for Open Badges recipient matching) and the cache of fetched DID documents and status lists.
import type { Migration } from '../migrate';

export const migration002: Migration = {
  version: 2,
  up(db) {
    db.exec(`
      -- E-mail addresses, web addresses and phone numbers the user goes by. "value" is stored in a
      -- tidy spelling (core/identity.ts), compared without case so one identity is never listed twice.
      CREATE TABLE identities (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('email', 'url', 'phone')),
        value TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(value) BETWEEN 1 AND 2048),
        added_at TEXT NOT NULL
      ) STRICT;

      -- What verification fetched (DID documents, status lists) and when, so a report can say
      -- "as of" and an offline check can still use the last copy. Rewritten on every re-fetch.
      CREATE TABLE fetch_cache (
        url TEXT PRIMARY KEY NOT NULL,
        media_type TEXT,
        fetched_at TEXT NOT NULL,
        bytes BLOB NOT NULL
      ) STRICT;
    `);
  },
};
