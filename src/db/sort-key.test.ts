// The date sort key orders credentials chronologically whatever ISO form their dates take.
import { describe, expect, it } from 'vitest';
import { MAX_DATE_KEY, dateSortKey } from './sort-key';

describe('dateSortKey', () => {
  it('puts unknown and unreadable dates at 0, below every real date', () => {
    expect(dateSortKey(null)).toBe(0);
    expect(dateSortKey('last spring')).toBe(0);
    expect(dateSortKey('2023-13-01')).toBe(0);
    expect(dateSortKey('1066-10-14')).toBe(1);
  });

  it('counts minutes, so times within a day order too', () => {
    expect(dateSortKey('1900-01-01')).toBe(1);
    expect(dateSortKey('1900-01-01T00:01:00Z')).toBe(2);
    expect(dateSortKey('2023-05-01T10:00:00Z')).toBeGreaterThan(dateSortKey('2023-05-01'));
  });

  it('orders by the instant, not by the text, across time zones', () => {
    const west = dateSortKey('2023-05-01T23:30:00-05:00'); // 04:30 on the 2nd, UTC
    const utc = dateSortKey('2023-05-02T01:00:00Z');
    expect(west).toBeGreaterThan(utc);
    expect(dateSortKey('2023-05-02T04:30:00.123Z')).toBe(west);
    expect(dateSortKey('2023-05-02T06:30+0200')).toBe(west);
  });

  it('reads partial dates as their first day', () => {
    expect(dateSortKey('2023')).toBe(dateSortKey('2023-01-01'));
    expect(dateSortKey('2023-05')).toBe(dateSortKey('2023-05-01T00:00:00Z'));
  });

  it('caps far-future dates so the search rowid stays in range', () => {
    expect(dateSortKey('9999-12-31')).toBeLessThanOrEqual(MAX_DATE_KEY);
  });
});
