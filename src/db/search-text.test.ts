// Whatever people type into the search box must become a valid, literal FTS5 query.
import { describe, expect, it } from 'vitest';
import { foldForSearch, ftsMatchExpression } from './search-text';

describe('ftsMatchExpression', () => {
  it.each([
    ['python', '"python"*'],
    ['Machine learn', '"machine" "learn"*'],
    ['node.js dev', '"node.js" "dev"*'],
    ['AND', '"and"*'],
    ['NEAR(a b', '"near(a" "b"'],
    ['title:x', '"title:x"'],
    ['a"b', '"a b"'],
    ['c', '"c"'],
    ['c++', '"c++"'],
    ['data r', '"data" "r"'],
    ['Łódź', '"lódź"*'],
  ])('%s → %s', (query, expr) => {
    expect(ftsMatchExpression(query)).toBe(expr);
  });

  it.each(['', '   ', '"', '""', '*', '^', '(', ')', '-', '🎓', '🎓 ✨', '\u202e'])(
    'has nothing to search for in %j',
    (query) => {
      expect(ftsMatchExpression(query)).toBeNull();
    },
  );

  it('bounds the work a pasted essay can cause', () => {
    const expr = ftsMatchExpression(`${'word '.repeat(100_000)}${'x'.repeat(500)}`);
    expect(expr?.split(' ')).toHaveLength(16);
    const long = ftsMatchExpression('y'.repeat(500));
    expect(long).toBe(`"${'y'.repeat(64)}"*`);
  });
});

describe('foldForSearch', () => {
  it('folds the letters the tokenizer keeps accented', () => {
    expect(foldForSearch('Łódź Straße Øresund Æther')).toBe('lódź strasse oresund aether');
  });
});
