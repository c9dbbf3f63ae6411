// Is the credential inside its validity window today? (validFrom/validUntil, VC 1.1 and OB 2.0 names.)
import type { CheckResult } from './types';

/**
 * Clocks disagree: a credential signed a moment ago by an issuer whose clock runs a little ahead
 * must not be stored as "not yet valid" for good.
 */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const HAS_ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * The instant a date string names, in ms; null when it names none. A date without a time is the
 * start of that day (UTC), or its end when it closes a window (`end`); a time without a zone is UTC.
 */
export function parseInstant(s: string, end = false): number | null {
  const t = s.trim();
  let ms: number;
  if (DATE_ONLY.test(t)) ms = Date.parse(`${t}T00:00:00Z`) + (end ? 86_400_000 - 1 : 0);
  else if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(t)) {
    const iso = t.replace(' ', 'T');
    ms = Date.parse(HAS_ZONE.test(iso) ? iso : `${iso}Z`);
  } else return null;
  return Number.isNaN(ms) ? null : ms;
}

function show(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

export type ValidityDates = {
  validFrom: string | null;
  validUntil: string | null;
  issuedOn: string | null;
};

/**
 * One `validity` check. The window starts at `validFrom`, or at `issuedOn` when there is no
 * `validFrom` (VC 1.1 `issuanceDate` and OB 2.0 `issuedOn` both mean "valid from"), and ends at
 * `validUntil` (`expirationDate`, `expires`).
 *
 * - now before the start → fail, implies `not-yet-valid`;
 * - now after the end → fail, implies `expired`;
 * - an end before the start → fail, implies `invalid`: the issuer signed a window that contains no
 *   instant, a self-contradiction like VC-JWT claims disagreeing with the credential. It is not
 *   `error`, which FORMATS.md keeps for data we cannot read at all: this one we read fine.
 * - a date present in the document but unreadable (`unreadable` names the fields) → warn, implies
 *   nothing: we cannot say the window is fine, and we will not call a credential expired on a guess.
 */
export function checkValidity(
  c: ValidityDates,
  now: Date,
  opts: { unreadable?: readonly string[] } = {},
): CheckResult {
  const startText = c.validFrom ?? c.issuedOn;
  const startName = c.validFrom !== null ? 'valid from' : 'issued on';
  const start = startText === null ? null : parseInstant(startText);
  const end = c.validUntil === null ? null : parseInstant(c.validUntil, true);
  const unreadable = [...(opts.unreadable ?? [])];
  if (startText !== null && start === null) unreadable.push(`${startName} "${show(startText)}"`);
  if (c.validUntil !== null && end === null) unreadable.push(`valid until "${show(c.validUntil)}"`);

  if (start !== null && end !== null && end < start) {
    return {
      id: 'validity',
      status: 'fail',
      implies: 'invalid',
      message: `The validity period is empty: the credential ends (${c.validUntil}) before it begins (${startText}), so it was never valid.`,
    };
  }
  const t = now.getTime();
  if (end !== null && t > end) {
    return {
      id: 'validity',
      status: 'fail',
      implies: 'expired',
      message: `Expired on ${c.validUntil}.`,
    };
  }
  if (start !== null && t + CLOCK_SKEW_MS < start) {
    return {
      id: 'validity',
      status: 'fail',
      implies: 'not-yet-valid',
      message: `Not valid yet: valid from ${startText}.`,
    };
  }
  if (unreadable.length > 0) {
    return {
      id: 'validity',
      status: 'warn',
      message: `Some dates could not be read (${unreadable.join(', ')}), so the validity period was not fully checked.`,
    };
  }
  if (start === null && end === null) {
    return { id: 'validity', status: 'pass', message: 'The credential states no validity period.' };
  }
  const from = start !== null ? `from ${startText}` : '';
  const until = end !== null ? `until ${c.validUntil}` : 'with no end date';
  return {
    id: 'validity',
    status: 'pass',
    message: `Within its validity period (${[from, until].filter(Boolean).join(' ')}).`,
  };
}
