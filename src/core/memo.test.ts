// The bounded memo gives what the function gives, works each input out once, and never grows without bound.
import { describe, expect, it } from 'vitest';
import { memoised } from './memo';

describe('memoised', () => {
  it('answers as the function does, working each short input out once', () => {
    const calls: string[] = [];
    const upper = memoised((s: string) => {
      calls.push(s);
      return s.length > 3 ? s.toUpperCase() : null;
    });
    expect([upper('sql'), upper('python'), upper('sql'), upper('python')]).toEqual([
      null,
      'PYTHON',
      null,
      'PYTHON',
    ]);
    expect(calls).toEqual(['sql', 'python']);
  });

  it('works long inputs out every time and stays correct past its size', () => {
    let calls = 0;
    const len = memoised((s: string) => {
      calls++;
      return s.length;
    });
    const long = 'x'.repeat(5000);
    expect([len(long), len(long)]).toEqual([5000, 5000]);
    expect(calls).toBe(2);
    for (let i = 0; i < 10_000; i++) expect(len(`k${i}`)).toBe(`k${i}`.length);
    expect(len('k1')).toBe(2);
  });
});
