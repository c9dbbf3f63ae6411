// Terminal and screen get the same protection from hostile strings.
import { describe, expect, it } from 'vitest';
import { inertText } from './inert-text';

describe('inertText', () => {
  it('removes control characters that could drive a terminal, and direction overrides', () => {
    expect(inertText('Badge\u001b[2J\u001b]0;pwned\u0007 name', { max: 100, singleLine: true })).toBe('Badge [2J ]0;pwned name');
    expect(inertText('report\u202Efdp.exe', { max: 100 })).toBe('reportfdp.exe');
  });

  it('keeps line breaks unless asked for one line', () => {
    expect(inertText('line one\nline two', { max: 100 })).toBe('line one\nline two');
    expect(inertText('line one\n\n  line two', { max: 100, singleLine: true })).toBe('line one line two');
  });

  it('clips by characters, not UTF-16 units, and never splits an emoji', () => {
    expect(inertText('🎓🎓🎓🎓', { max: 3 })).toBe('🎓🎓…');
    expect(inertText('Łódź', { max: 4 })).toBe('Łódź');
  });
});
