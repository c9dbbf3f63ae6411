// The validity window as a user sees it: expired, not yet valid, never valid, unreadable dates, clock skew.
import { describe, expect, it } from 'vitest';
import { checkValidity, parseInstant } from './validity';

const NOW = new Date('2026-03-01T12:00:00Z');
const dates = (d: Partial<{ validFrom: string; validUntil: string; issuedOn: string }>) => ({
  validFrom: d.validFrom ?? null,
  validUntil: d.validUntil ?? null,
  issuedOn: d.issuedOn ?? null,
});

describe('checkValidity', () => {
  it('passes inside the window and names it', () => {
    const c = checkValidity(
      dates({ validFrom: '2025-01-01T00:00:00Z', validUntil: '2027-01-01T00:00:00Z' }),
      NOW,
    );
    expect(c).toMatchObject({ id: 'validity', status: 'pass' });
    expect(c.implies).toBeUndefined();
    expect(c.message).toContain('2027-01-01T00:00:00Z');
  });

  it('passes a credential that states no dates at all', () => {
    const c = checkValidity(dates({}), NOW);
    expect(c.status).toBe('pass');
    expect(c.message).toMatch(/no validity period/);
  });

  it('fails an expired credential (validUntil / expirationDate / OB 2.0 expires) as expired', () => {
    const c = checkValidity(
      dates({ issuedOn: '2020-01-01T00:00:00Z', validUntil: '2025-01-09T16:23:24Z' }),
      NOW,
    );
    expect(c).toMatchObject({ status: 'fail', implies: 'expired' });
    expect(c.message).toBe('Expired on 2025-01-09T16:23:24Z.');
  });

  it('fails a credential whose validFrom is in the future as not yet valid', () => {
    const c = checkValidity(dates({ validFrom: '2030-06-01T00:00:00Z' }), NOW);
    expect(c).toMatchObject({ status: 'fail', implies: 'not-yet-valid' });
    expect(c.message).toContain('2030-06-01T00:00:00Z');
  });

  it('treats a future issuanceDate (VC 1.1) or issuedOn (OB 2.0) without validFrom as the start', () => {
    expect(checkValidity(dates({ issuedOn: '2031-01-01T00:00:00Z' }), NOW).implies).toBe(
      'not-yet-valid',
    );
  });

  it('prefers validFrom over issuedOn for the start', () => {
    const c = checkValidity(
      dates({ validFrom: '2025-01-01T00:00:00Z', issuedOn: '2031-01-01T00:00:00Z' }),
      NOW,
    );
    expect(c.status).toBe('pass');
  });

  it('allows five minutes of clock skew before calling a fresh credential not yet valid', () => {
    const soon = new Date(NOW.getTime() + 4 * 60_000).toISOString();
    const later = new Date(NOW.getTime() + 6 * 60_000).toISOString();
    expect(checkValidity(dates({ validFrom: soon }), NOW).status).toBe('pass');
    expect(checkValidity(dates({ validFrom: later }), NOW).implies).toBe('not-yet-valid');
  });

  it('calls a window that ends before it starts invalid (expires before issuedOn)', () => {
    const c = checkValidity(
      dates({ issuedOn: '2024-05-01T00:00:00Z', validUntil: '2024-04-01T00:00:00Z' }),
      NOW,
    );
    expect(c).toMatchObject({ status: 'fail', implies: 'invalid' });
    expect(c.message).toMatch(/never valid/);
  });

  it('warns, without a verdict, when a date cannot be read', () => {
    const c = checkValidity(dates({ validUntil: 'next Tuesday' }), NOW);
    expect(c).toMatchObject({ status: 'warn' });
    expect(c.implies).toBeUndefined();
    expect(c.message).toContain('next Tuesday');
    const named = checkValidity(dates({}), NOW, { unreadable: ['expires "soon"'] });
    expect(named.status).toBe('warn');
    expect(named.message).toContain('expires "soon"');
  });

  it('still reports an expiry it could read when another date is unreadable', () => {
    const c = checkValidity(dates({ validFrom: 'garbage', validUntil: '2020-01-01' }), NOW);
    expect(c.implies).toBe('expired');
  });

  it('reads a date-only validUntil as the end of that day', () => {
    const day = new Date('2026-03-01T23:00:00Z');
    expect(checkValidity(dates({ validUntil: '2026-03-01' }), day).status).toBe('pass');
    expect(checkValidity(dates({ validUntil: '2026-02-28' }), day).implies).toBe('expired');
  });
});

describe('parseInstant', () => {
  it('reads zoned, unzoned and date-only ISO 8601, and nothing else', () => {
    expect(parseInstant('2024-01-02T03:04:05Z')).toBe(Date.UTC(2024, 0, 2, 3, 4, 5));
    expect(parseInstant('2024-01-02T03:04:05+01:00')).toBe(Date.UTC(2024, 0, 2, 2, 4, 5));
    expect(parseInstant('2024-01-02T03:04:05')).toBe(Date.UTC(2024, 0, 2, 3, 4, 5));
    expect(parseInstant('2024-01-02')).toBe(Date.UTC(2024, 0, 2));
    expect(parseInstant('2024-01-02', true)).toBe(Date.UTC(2024, 0, 3) - 1);
    expect(parseInstant('yesterday')).toBeNull();
    expect(parseInstant('2024-13-45T00:00:00Z')).toBeNull();
  });
});
