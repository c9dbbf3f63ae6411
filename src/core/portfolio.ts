// Portfolios as the exporters see them: a frozen snapshot of one person's chosen credentials, grouped for a role.
import type { CredentialDetail } from './library';

/** Fields of an entry the person chose not to show in exports (e.g. a grade or an e-mail). */
export const HIDEABLE_FIELDS = [
  'recipient',
  'description',
  'evidence',
  'validUntil',
  'issuedOn',
  'image',
  'criteria',
] as const;
export type HideableField = (typeof HIDEABLE_FIELDS)[number];

export type PortfolioHeader = {
  id: number;
  name: string;
  personName: string;
  headline: string | null;
  email: string | null;
  links: string[];
  targetRole: string | null;
  summary: string | null;
  createdAt: string;
  updatedAt: string;
};

export type PortfolioEntry = {
  credentialId: number;
  note: string | null;
  hidden: HideableField[];
};

export type PortfolioSection = {
  id: number;
  title: string;
  /** The skill this section stands for, when it is a skill section rather than a free heading. */
  skill: string | null;
  entries: PortfolioEntry[];
};

export type Portfolio = PortfolioHeader & { sections: PortfolioSection[] };

/** Everything an export needs, read once from the library so the export is consistent. */
export type PortfolioSnapshot = {
  portfolio: Portfolio;
  credentials: Record<
    number,
    {
      detail: CredentialDetail;
      original: { mediaType: string; bytes: Uint8Array };
      image: { mediaType: string; bytes: Uint8Array } | null;
    }
  >;
  /** Skills of the portfolio's credentials, each with the ids of the credentials that back it. */
  skills: Array<{ name: string; credentialIds: number[] }>;
  exportedAt: string;
};

/**
 * The snapshot without the bytes (originals, images): what the live preview redraws from after every
 * edit, small enough to ask for again and again over HTTP or IPC.
 */
export type PortfolioPreviewData = Omit<PortfolioSnapshot, 'credentials'> & {
  credentials: Record<number, { detail: CredentialDetail }>;
};
