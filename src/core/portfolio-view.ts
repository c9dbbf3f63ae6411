// What the portfolio screens and the CLI show: a list row per portfolio, and one portfolio with its credentials' summaries.
import type { CredentialSummary } from './library';
import type { Portfolio } from './portfolio';

export type PortfolioListItem = {
  id: number;
  name: string;
  personName: string;
  targetRole: string | null;
  sections: number;
  entries: number;
  updatedAt: string;
};

/** A portfolio with the library's summary of every credential it holds (keyed by credential id). */
export type PortfolioView = Portfolio & { credentials: Record<number, CredentialSummary> };
