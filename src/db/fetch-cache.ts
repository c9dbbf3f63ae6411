// Fetched DID documents and status lists kept in the library with their fetch time (the verify layer's FetchCache).
import type { Db } from './open';
import { statement } from './statements';

export type CachedEntry = { bytes: Uint8Array; mediaType: string | null; fetchedAt: string };

/** Largest document kept: status lists and DID documents are small; anything bigger is simply not cached. */
export const MAX_CACHED_BYTES = 8 * 1024 * 1024;

export function getCached(db: Db, url: string): CachedEntry | null {
  const r = statement(
    db,
    'SELECT media_type, fetched_at, bytes FROM fetch_cache WHERE url = ?',
  ).get(url) as { media_type: string | null; fetched_at: string; bytes: Uint8Array } | undefined;
  return r === undefined
    ? null
    : { bytes: r.bytes, mediaType: r.media_type, fetchedAt: r.fetched_at };
}

/**
 * Stores (or replaces) one entry. Runs in its own tiny transaction, never inside an import batch,
 * so a cache write can neither half-write nor roll back a batch of credentials.
 */
export function putCached(db: Db, url: string, entry: CachedEntry): void {
  if (entry.bytes.byteLength > MAX_CACHED_BYTES) return;
  statement(
    db,
    `INSERT INTO fetch_cache (url, media_type, fetched_at, bytes) VALUES (?, ?, ?, ?)
     ON CONFLICT(url) DO UPDATE SET media_type = excluded.media_type,
       fetched_at = excluded.fetched_at, bytes = excluded.bytes`,
  ).run(url, entry.mediaType, entry.fetchedAt, entry.bytes);
}

export function countCached(db: Db): number {
  return (statement(db, 'SELECT count(*) AS n FROM fetch_cache').get() as { n: number }).n;
}
