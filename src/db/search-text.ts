// One folding for indexed text and typed queries, and a query builder that turns any typed text into safe FTS5 syntax.

/**
 * Letters unicode61's remove_diacritics leaves alone because Unicode does not decompose them, though
 * readers treat them as accented Latin letters ("Lodz" should find "Łódź", "strasse" "Straße").
 */
const LETTER_FOLDS: Readonly<Record<string, string>> = {
  ł: 'l',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ħ: 'h',
  ı: 'i',
  ŧ: 't',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  þ: 'th',
};
const LETTER_FOLD_RE = /[łøđðħıŧßæœþ]/gu;

/** Text as the search index sees it; the tokenizer then drops the remaining diacritics. */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(LETTER_FOLD_RE, (c) => LETTER_FOLDS[c] ?? c);
}

/** Bounds the work a pasted essay can cause: the first words decide the result anyway. */
const MAX_QUERY_LENGTH = 1000;
const MAX_TERMS = 16;
const MAX_TERM_LENGTH = 64;

/** Characters the unicode61 tokenizer keeps inside tokens (its default categories L*, N*, Co). */
const TOKEN_CHAR = /[\p{L}\p{N}\p{Co}]/u;
const TOKENS = /[\p{L}\p{N}\p{Co}]+/gu;

/**
 * A one-character prefix matches nearly every credential and costs a pass over most of the index,
 * so a final word of one character is matched whole ("C", "R") and prefix search starts at two.
 */
const MIN_PREFIX_CHARS = 2;

/**
 * Turns untrusted search text into an FTS5 MATCH expression, or null when nothing searchable is left.
 * Each whitespace-separated word becomes a quoted phrase (so "node.js" stays one phrase and AND, NEAR,
 * *, ^, : and quotes mean nothing special), all must match, and the last one is a prefix (from two
 * characters) so results follow typing.
 */
export function ftsMatchExpression(query: string): string | null {
  const terms: string[] = [];
  let last = '';
  for (const word of foldForSearch(query.slice(0, MAX_QUERY_LENGTH)).split(/\s+/u)) {
    if (terms.length === MAX_TERMS) break;
    // Inside an FTS5 string only '"' is special; dropping it (a tokenizer separator anyway) is enough.
    const clean = Array.from(word.replace(/"/g, ' ')).slice(0, MAX_TERM_LENGTH).join('').trim();
    if (TOKEN_CHAR.test(clean)) {
      terms.push(`"${clean}"`);
      last = clean;
    }
  }
  if (terms.length === 0) return null;
  // The prefix applies to the phrase's last token: "c++" ends in the token "c".
  const lastToken = last.match(TOKENS)?.at(-1) ?? '';
  if (Array.from(lastToken).length >= MIN_PREFIX_CHARS) terms[terms.length - 1] += '*';
  return terms.join(' ');
}
