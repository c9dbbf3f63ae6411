// What a library holds, counted by each thing the list can be filtered by: the filter menus' choices.
import type { FormatId } from './credential';
import type { Verdict } from './verification';

export type NameCount = { name: string; count: number };

export type LibraryFacets = {
  /** Every credential in the library, nested ones included. */
  total: number;
  /** Most common first; at most FACET_LIMIT, `skillsTruncated` says whether more exist. */
  skills: NameCount[];
  skillsTruncated: boolean;
  /** Issuer names as stored (one spelling per name, ASCII case ignored), most common first. */
  issuers: NameCount[];
  issuersTruncated: boolean;
  formats: { format: FormatId; count: number }[];
  verdicts: { verdict: Verdict; count: number }[];
};

/** Longest skill and issuer lists a filter menu gets; a person picks from the top, or searches. */
export const FACET_LIMIT = 500;
