// Reads untrusted JSON: strict UTF-8, size and depth caps, and no prototype-pollution keys.
import { AppError } from '../shared/errors';

export const JSON_LIMITS = {
  /** Largest JSON document we accept (a credential is kilobytes; a CLR bundle a few megabytes). */
  maxBytes: 16 * 1024 * 1024,
  /** Deepest nesting of objects/arrays. Real credentials stay under 20. */
  maxDepth: 128,
};

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Decodes bytes as UTF-8, refusing anything that is not (a leading BOM is dropped). */
export function decodeUtf8(bytes: Uint8Array, what = 'The file'): string {
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return text;
  } catch {
    throw new AppError('encoding', `${what} is not valid UTF-8 text.`);
  }
}

/** Whether `text` has more than `limit` opening brackets in all (counted natively, stopping early). */
function manyBrackets(text: string, limit: number): boolean {
  let n = 0;
  for (const bracket of ['{', '[']) {
    for (let i = text.indexOf(bracket); i >= 0; i = text.indexOf(bracket, i + 1)) {
      if (++n > limit) return true;
    }
  }
  return false;
}

/** Deepest bracket nesting outside strings, stopping early once `limit` is passed. */
function nestingDepth(text: string, limit: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

/**
 * Parses JSON text under the caps. Throws AppError: `too-large` (size/depth), `unsafe-content`
 * (`__proto__`, `constructor`, `prototype` keys), `malformed` (syntax, trailing garbage).
 */
export function parseJsonText(text: string, what = 'The JSON'): unknown {
  if (text.length > JSON_LIMITS.maxBytes) {
    throw new AppError(
      'too-large',
      `${what} is larger than ${JSON_LIMITS.maxBytes / 1024 / 1024} MB, the most Skillfolio reads.`,
    );
  }
  // Nesting cannot be deeper than the brackets are many: most texts need no closer look.
  const { maxDepth } = JSON_LIMITS;
  if (manyBrackets(text, maxDepth) && nestingDepth(text, maxDepth) > maxDepth) {
    throw new AppError(
      'too-large',
      `${what} is nested more than ${JSON_LIMITS.maxDepth} levels deep; no real credential is.`,
    );
  }
  let unsafeKey: string | null = null;
  let value: unknown;
  // A forbidden key is spelled out in the text, or hidden behind a \u escape; without either, the
  // reviver (which makes parsing several times slower) has nothing to find.
  const mayHideKey = /proto|constructor|\\u/.test(text);
  try {
    value = mayHideKey
      ? JSON.parse(text, (key, v: unknown) => {
          if (FORBIDDEN_KEYS.has(key)) unsafeKey = key;
          return v;
        })
      : JSON.parse(text);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new AppError('malformed', `${what} is not valid JSON (${detail}).`);
  }
  if (unsafeKey !== null) {
    throw new AppError(
      'unsafe-content',
      `${what} contains the key "${unsafeKey}", which Skillfolio refuses (it is used to attack programs, never in credentials).`,
    );
  }
  return value;
}

/** Bytes → JSON value with every check of `decodeUtf8` and `parseJsonText`. */
export function parseJsonBytes(bytes: Uint8Array, what = 'The file'): unknown {
  if (bytes.byteLength > JSON_LIMITS.maxBytes) {
    throw new AppError(
      'too-large',
      `${what} is larger than ${JSON_LIMITS.maxBytes / 1024 / 1024} MB, the most Skillfolio reads.`,
    );
  }
  return parseJsonText(decodeUtf8(bytes, what), what);
}

/** A plain object (not an array, not null). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
