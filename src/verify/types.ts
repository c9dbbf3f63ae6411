// Shared vocabulary of the verification layer (checks with implied verdicts, the verify environment, the fetch cache).
import type { Check, Verdict } from '../core/verification';
import type { Fetcher } from './fetcher';
/** A check plus the verdict it implies when it is the worst thing found (pass checks imply nothing). */
export type CheckResult = Check & { implies?: Verdict; establishesIntegrity?: boolean };
/** Cache of fetched DID documents and status lists, so a report can say "as of …". */
export type FetchCache = {
  get(url: string): { bytes: Uint8Array; mediaType: string | null; fetchedAt: string } | null;
  put(url: string, entry: { bytes: Uint8Array; mediaType: string | null; fetchedAt: string }): void;
};
export type VerifyEnv = {
  fetcher: Fetcher;
  now: () => Date;
  /** The user's identities (e-mail addresses, URLs, phone numbers) for OB 2.0 recipient matching. */
  identities: readonly string[];
  /** When present, DID documents and status lists are read from here first (unless refresh). */
  cache?: FetchCache;
  /** Re-fetch even if cached (skillfolio verify --refresh). */
  refresh?: boolean;
};
