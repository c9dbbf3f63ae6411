// Hostile strings from imported credentials lose their disguises before they reach the screen.
import { describe, expect, it } from 'vitest';
import { MAX_SHOWN_CHARS, plain } from './text';

describe('plain', () => {
  it('drops right-to-left overrides that disguise a name', () => {
    expect(plain('invoice\u202Egnp.exe')).toBe('invoicegnp.exe');
    expect(plain('\u2067evil\u2069')).toBe('evil');
  });

  it('keeps real right-to-left text and markup-looking text as it is', () => {
    expect(plain('شهادة تحليل البيانات')).toBe('شهادة تحليل البيانات');
    expect(plain('<img src=https://tracker.example/x>')).toBe(
      '<img src=https://tracker.example/x>',
    );
  });

  it('cuts a megabyte name down to something a page can hold', () => {
    const shown = plain('A'.repeat(1024 * 1024));
    expect(Array.from(shown)).toHaveLength(MAX_SHOWN_CHARS);
    expect(shown.endsWith('…')).toBe(true);
    expect(plain(null)).toBe('');
  });
});
