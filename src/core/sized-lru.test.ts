// The memory of derived values stays within its bound and keeps what was used last.
import { describe, expect, it } from 'vitest';
import { SizedLru } from './sized-lru';

describe('SizedLru', () => {
  const bytes = (n: number) => new Uint8Array(n);

  it('keeps values up to its size, dropping the least recently used first', () => {
    const lru = new SizedLru<Uint8Array>(300, (v) => v.length);
    const [a, b, c] = [bytes(100), bytes(100), bytes(100)];
    lru.set('a', a);
    lru.set('b', b);
    lru.set('c', c);
    expect(lru.get('a')).toBe(a);
    lru.set('d', bytes(100));
    expect(lru.get('b')).toBeUndefined();
    expect([lru.get('a'), lru.get('c')]).toEqual([a, c]);
  });

  it('never keeps a value larger than all it may hold, and counts what it dropped', () => {
    const lru = new SizedLru<Uint8Array>(300, (v) => v.length);
    lru.set('big', bytes(301));
    expect(lru.get('big')).toBeUndefined();
    lru.set('x', bytes(250));
    lru.set('y', bytes(250));
    expect(lru.get('x')).toBeUndefined();
    lru.set('z', bytes(50));
    expect(lru.get('y')?.length).toBe(250);
    expect(lru.get('z')?.length).toBe(50);
  });
});
