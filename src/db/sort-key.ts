// The date sort key: issued_on as a number, so chronological order survives time zones and feeds the search rowid.

const ISO_DATE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?)?)?$/;

const MINUTES_BEFORE_1900 = Date.UTC(1900, 0, 1) / 60_000;
/** Keys fit in 31 bits so `key << 32 | id` stays a positive 64-bit rowid. */
export const MAX_DATE_KEY = 2 ** 31 - 1;

function zoneOffsetMinutes(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z' || zone === 'z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));
}

/**
 * Minutes since 1900-01-01T00:00Z plus one, for an ISO 8601 date or date-time (no zone means UTC);
 * 0 for null or anything else, which sorts with the undated credentials, last.
 */
export function dateSortKey(value: string | null): number {
  if (value === null) return 0;
  const m = ISO_DATE.exec(value.trim());
  if (m === null) return 0;
  const [, y, mo = '1', d = '1', h = '0', mi = '0', , zone] = m;
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59) return 0;
  // Also sidesteps Date.UTC reading years 0–99 as 1900–1999.
  if (Number(y) < 1900) return 1;
  const utcMinutes =
    Date.UTC(Number(y), month - 1, day, hour, minute) / 60_000 - zoneOffsetMinutes(zone);
  const key = Math.floor(utcMinutes - MINUTES_BEFORE_1900) + 1;
  return Math.min(Math.max(key, 1), MAX_DATE_KEY);
}
