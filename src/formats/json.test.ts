// Untrusted JSON: every refusal names its reason, and nothing slips past the key check by escaping.
import { describe, expect, it } from 'vitest';
import { caught } from '../../test/helpers/errors';
import { JSON_LIMITS, parseJsonBytes, parseJsonText } from './json';

describe('parseJsonText', () => {
  it('parses ordinary credentials, including unicode escapes in values', () => {
    expect(parseJsonText('{"name":"\\u0141\\u00f3d\\u017a"}')).toEqual({ name: 'Łódź' });
  });

  it('refuses prototype-pollution keys, spelled out or escaped, at any depth', () => {
    expect(caught(() => parseJsonText('{"__proto__":{"admin":true}}')).code).toBe('unsafe-content');
    expect(caught(() => parseJsonText('{"a":[{"b":{"constructor":{"prototype":{}}}}]}')).code).toBe('unsafe-content');
    expect(caught(() => parseJsonText('{"\\u005f_proto__":{"admin":true}}')).code).toBe('unsafe-content');
    expect(caught(() => parseJsonText('{"\\u0063onstructor":1}')).code).toBe('unsafe-content');
    expect(({} as Record<string, unknown>)['admin']).toBeUndefined();
  });

  it('allows the words in values', () => {
    expect(parseJsonText('{"description":"the prototype of a constructor"}')).toEqual({
      description: 'the prototype of a constructor',
    });
  });

  it('refuses nesting deeper than the cap without overflowing the stack', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(caught(() => parseJsonText(deep)).code).toBe('too-large');
    const ok = '['.repeat(JSON_LIMITS.maxDepth) + ']'.repeat(JSON_LIMITS.maxDepth);
    expect(() => parseJsonText(ok)).not.toThrow();
    // Brackets inside strings are text, not nesting.
    expect(() => parseJsonText(JSON.stringify({ s: '['.repeat(10_000) }))).not.toThrow();
    // Many brackets side by side are no nesting either; one level too deep among them is.
    const wide = JSON.stringify(Array.from({ length: 1000 }, (_, i) => ({ i, tags: [i] })));
    expect((parseJsonText(wide) as unknown[]).length).toBe(1000);
    const tooDeep = '['.repeat(JSON_LIMITS.maxDepth + 1) + ']'.repeat(JSON_LIMITS.maxDepth + 1);
    expect(caught(() => parseJsonText(`[${wide},${tooDeep}]`)).code).toBe('too-large');
  });

  it('refuses trailing garbage and broken syntax as malformed', () => {
    expect(caught(() => parseJsonText('{"a":1} trailing')).code).toBe('malformed');
    expect(caught(() => parseJsonText('{"a":')).code).toBe('malformed');
  });
});

describe('parseJsonBytes', () => {
  it('refuses bytes that are not UTF-8', () => {
    expect(caught(() => parseJsonBytes(new Uint8Array([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]))).code).toBe('encoding');
  });

  it('accepts a UTF-8 byte order mark', () => {
    expect(parseJsonBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from('{"a":1}')]))).toEqual({ a: 1 });
  });

  it('refuses documents over the size cap before decoding them', () => {
    const big = new Uint8Array(JSON_LIMITS.maxBytes + 1).fill(0x20);
    expect(caught(() => parseJsonBytes(big)).code).toBe('too-large');
  });
});
