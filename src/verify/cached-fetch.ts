// Fetches DID documents and status lists through the one network door, remembering them (with their fetch time) in the library.
import { AppError } from '../shared/errors';
import type { VerifyEnv } from './types';

export type CachedDocument = {
  bytes: Uint8Array;
  mediaType: string | null;
  fetchedAt: string;
  /** True when the bytes came from the cache, so a message can say "as of fetchedAt". */
  fromCache: boolean;
};

export type CachedFetchOptions = {
  /**
   * A cached copy older than this is fetched again when the network is available (and used, "as of"
   * its fetch time, when it is not). Absent: any cached copy is used until `refresh`.
   */
  maxAgeMs?: number;
  accept?: string;
  maxBytes?: number;
};

/** Requests in flight per network door, so eight credentials naming one status list fetch it once. */
const inFlight = new WeakMap<object, Map<string, Promise<CachedDocument>>>();

function usable(err: unknown): boolean {
  // Worth falling back to a cached copy: the network is off or failing. A refused private address
  // is not: the setting says no, and an old copy must not sneak around it.
  return err instanceof AppError && (err.code === 'offline' || err.code === 'network');
}

/**
 * The document at `url`: from `env.cache` first (unless `env.refresh`, or the copy is older than
 * `maxAgeMs` and the network is on), otherwise fetched through `env.fetcher` and cached. When a
 * fetch fails for want of a network, a cached copy (however old) is returned instead.
 * Throws the fetcher's AppError (`offline`, `network`, `blocked-address`, `too-large`, `bad-input`).
 */
export async function fetchCached(
  url: string,
  env: VerifyEnv,
  opts: CachedFetchOptions = {},
): Promise<CachedDocument> {
  const cached = env.cache?.get(url) ?? null;
  if (cached && !env.refresh) {
    const age = env.now().getTime() - Date.parse(cached.fetchedAt);
    const fresh = opts.maxAgeMs === undefined || !(age > opts.maxAgeMs);
    if (fresh || env.fetcher.settings.offline) return { ...cached, fromCache: true };
  }
  let perDoor = inFlight.get(env.fetcher);
  if (!perDoor) {
    perDoor = new Map();
    inFlight.set(env.fetcher, perDoor);
  }
  let pending = perDoor.get(url);
  if (!pending) {
    const req = {
      ...(opts.accept ? { accept: opts.accept } : {}),
      ...(opts.maxBytes !== undefined ? { maxBytes: opts.maxBytes } : {}),
    };
    pending = env.fetcher.fetch(url, req).then((r) => {
      const entry = { bytes: r.bytes, mediaType: r.mediaType, fetchedAt: r.fetchedAt };
      env.cache?.put(url, entry);
      return { ...entry, fromCache: false };
    });
    const map = perDoor;
    const settle = () => map.delete(url);
    pending.then(settle, settle);
    perDoor.set(url, pending);
  }
  try {
    return await pending;
  } catch (err) {
    if (cached && usable(err)) return { ...cached, fromCache: true };
    throw err;
  }
}
