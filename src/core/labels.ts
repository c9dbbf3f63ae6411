// How the library's codes read to a person — the same words in the app, the CLI, reports and exported résumés.
import type { FormatId } from './credential';
import type { Verdict } from './verification';

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

const ISSUER_HOSTED: TrustLabel = { text: 'Issuer-hosted', tone: 'good' };

/**
 * The one label a credential shows. Something the user wrote about themselves is "Self-reported"
 * unless a check found a problem with it (then the problem is what matters); a credential verified
 * through the issuer's hosted copy rather than a signature is "Issuer-hosted".
 */
export function trustLabel(verdict: Verdict, format: FormatId, issuerHosted = false): TrustLabel {
  if (format === 'self-reported' && (verdict === 'unverified' || verdict === 'verified')) {
    return { text: 'Self-reported', tone: 'info' };
  }
  if (verdict === 'verified' && issuerHosted) return ISSUER_HOSTED;
  return VERDICT_LABELS[verdict];
}

/** A verdict's name in a filter: the label's words, with each verdict told apart. */
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
