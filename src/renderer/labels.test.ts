// One trust label per credential, in words a person reads; the mapping is the product's promise (PRODUCT.md).
import { describe, expect, it } from 'vitest';
import { FORMAT_IDS } from '../core/credential';
import { VERDICTS } from '../core/verification';
import { formatDate, formatLabel, trustLabel } from './labels';

describe('trust labels', () => {
  it.each([
    ['verified', 'Verified', 'good'],
    ['unverified', 'Unverified', 'neutral'],
    ['expired', 'Expired', 'warn'],
    ['revoked', 'Revoked', 'bad'],
    ['invalid', 'Invalid', 'bad'],
    ['error', 'Invalid', 'bad'],
    ['suspended', 'Suspended', 'warn'],
    ['not-yet-valid', 'Not yet valid', 'warn'],
  ] as const)('%s reads "%s"', (verdict, text, tone) => {
    expect(trustLabel(verdict, 'ob3')).toEqual({ text, tone });
  });

  it('calls what the user wrote about themselves "Self-reported", unless a check failed', () => {
    expect(trustLabel('unverified', 'self-reported').text).toBe('Self-reported');
    expect(trustLabel('invalid', 'self-reported').text).toBe('Invalid');
  });

  it('has a label for every verdict and a name for every format', () => {
    for (const v of VERDICTS) expect(trustLabel(v, 'ob2').text).not.toBe('');
    for (const f of FORMAT_IDS) expect(formatLabel(f)).not.toBe('');
  });
});

describe('dates', () => {
  it('keeps a date on its calendar day and shows garbage as it is', () => {
    expect(formatDate('2024-05-01')).toMatch(/2024/);
    expect(formatDate('2024-05-01')).toMatch(/May|5/);
    expect(formatDate('someday')).toBe('someday');
    expect(formatDate(null)).toBe('');
  });
});
