// How the library's codes read to a person: one trust label per credential, format names, check statuses.
import type { CheckStatus } from '../core/verification';

export { formatLabel, trustLabel, verdictLabel, type Tone, type TrustLabel } from '../core/labels';
import type { TrustLabel } from '../core/labels';

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
