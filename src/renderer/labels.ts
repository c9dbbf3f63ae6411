// How the library's codes read to a person: one trust label per credential, format names, check statuses.
import type { FormatId } from '../core/credential';
import type { CheckStatus, Verdict } from '../core/verification';

/** Colour family of a label; the text always says the same thing, so colour is never the only signal. */
export type Tone = 'good' | 'neutral' | 'info' | 'warn' | 'bad';
export type TrustLabel = { text: string; tone: Tone };

const VERDICT_LABELS: Record<Verdict, TrustLabel> = {
  verified: { text: 'Verified', tone: 'good' },
  unverified: { text: 'Unverified', tone: 'neutral' },
  expired: { text: 'Expired', tone: 'warn' },
  suspended: { text: 'Suspended', tone: 'warn' },
  'not-yet-valid': { text: 'Not yet valid', tone: 'warn' },
  revoked: { text: 'Revoked', tone: 'bad' },
  invalid: { text: 'Invalid', tone: 'bad' },
  error: { text: 'Invalid', tone: 'bad' },
};

/**
 * The one label a credential shows. Something the user wrote about themselves is "Self-reported"
 * unless a check found a problem with it (then the problem is what matters).
 */
export function trustLabel(verdict: Verdict, format: FormatId): TrustLabel {
  if (format === 'self-reported' && (verdict === 'unverified' || verdict === 'verified')) {
    return { text: 'Self-reported', tone: 'info' };
  }
  return VERDICT_LABELS[verdict];
}

/** A verdict's name in the trust filter: the label's words, with each verdict told apart. */
export function verdictLabel(verdict: Verdict): string {
  return verdict === 'error' ? 'Unreadable' : VERDICT_LABELS[verdict].text;
}

const FORMAT_LABELS: Record<FormatId, string> = {
  ob2: 'Open Badges 2.0',
  ob3: 'Open Badges 3.0',
  clr2: 'CLR 2.0',
  vc: 'Verifiable Credential',
  blockcerts: 'Blockcerts',
  europass: 'Europass',
  'pdf-certificate': 'PDF certificate',
  'self-reported': 'Self-reported',
};

export function formatLabel(format: FormatId): string {
  return FORMAT_LABELS[format];
}

const CHECK_LABELS: Record<CheckStatus, TrustLabel> = {
  pass: { text: 'Passed', tone: 'good' },
  fail: { text: 'Failed', tone: 'bad' },
  warn: { text: 'Warning', tone: 'warn' },
  skip: { text: 'Not checked', tone: 'neutral' },
};

export function checkLabel(status: CheckStatus): TrustLabel {
  return CHECK_LABELS[status];
}

/** A calendar date as people read it; read in UTC so "2024-05-01" stays May 1 in every time zone. */
export function formatDate(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
}

/** A moment (when a check ran, when something was imported), with the time of day. */
export function formatDateTime(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
