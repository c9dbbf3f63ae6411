// The library's views as every surface (UI, CLI, HTTP) sees them: summaries, details, import outcomes.
import type { Credential, FormatId } from './credential';
import type { Verdict, VerificationReport } from './verification';

export type CredentialSummary = {
  id: number;
  parentId: number | null;
  format: FormatId;
  title: string;
  issuerName: string | null;
  issuedOn: string | null;
  validUntil: string | null;
  verdict: Verdict;
  source: string;
  importedAt: string;
  hasImage: boolean;
  skills: string[];
  /** Verified through the issuer's hosted copy, not a signature (see isIssuerHosted). */
  issuerHosted: boolean;
};

export type CredentialDetail = CredentialSummary & {
  credentialId: string | null;
  mediaType: string;
  sha256: string;
  description: string | null;
  issuerId: string | null;
  validFrom: string | null;
  recipient: string | null;
  achievement: Credential['achievement'];
  evidence: Credential['evidence'];
  alignments: Credential['alignments'];
  tags: string[];
  report: VerificationReport;
  children: number[];
};

export const LIST_SORTS = ['date', 'title', 'issuer'] as const;
export type ListSort = (typeof LIST_SORTS)[number];

export type ListQuery = {
  query?: string;
  skill?: string;
  verdict?: Verdict;
  format?: FormatId;
  issuer?: string;
  sort?: ListSort;
  limit?: number;
  offset?: number;
};

export type ListPage = { total: number; items: CredentialSummary[] };

export type SkillCount = { name: string; count: number };

export type ImportedItem = {
  id: number;
  source: string;
  format: FormatId;
  title: string;
  verdict: Verdict;
  /** Verified by the issuer's own page rather than a signature: labelled "Issuer-hosted". */
  issuerHosted: boolean;
  /** Set for credentials found inside a bundle (CLR): the bundle's id. */
  parentId: number | null;
  notes: string[];
};
export type DuplicateItem = {
  source: string;
  id: number;
  by: 'bytes' | 'credential-id';
  /** Set when the copy that arrived failed verification (the library keeps its own). */
  note?: string;
};
export type RejectedItem = { source: string; error: { code: string; message: string } };
export type ImportResult = {
  imported: ImportedItem[];
  duplicates: DuplicateItem[];
  rejected: RejectedItem[];
};
