// Small readers every credential codec shares: hostile strings, language maps, dates, ids and data: URI images.
import type { Credential, FormatId, ImageRef, ParsedCredential } from '../core/credential';
import { memoised } from '../core/memo';
import { MAX_IMAGE_BYTES, sniffImageType } from './image';
import { isRecord } from './json';

/** Fetches and parses JSON through the app's guarded fetcher; throws AppError('offline' | 'network' | 'blocked-address' | …). */
export type JsonResolver = (url: string) => Promise<unknown>;

/** What a codec reads from a decoded document; detect.ts adds the bytes, media type and document. */
export type Decoded = {
  format: FormatId;
  credential: Credential;
  notes: string[];
  children: ParsedCredential[];
};

/** Longest strings we keep: enough for any honest credential, small enough that a 1 MB name cannot hurt. */
export const TEXT_LIMITS = {
  title: 1_000,
  description: 20_000,
  /** names, ids, URLs, codes, dates */
  field: 2_000,
};

/** Cuts `s` to at most `max` characters (ending in an ellipsis), never splitting a surrogate pair. */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  let cut = s.slice(0, Math.max(0, max - 1));
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/** A trimmed, clipped string, or null when `v` is not a non-empty string. */
export function readString(v: unknown, max = TEXT_LIMITS.field): string | null {
  if (typeof v !== 'string') return null;
  // Only look at a bounded prefix: trimming a 100 MB string is wasted work when we keep 20 kB.
  const t = (v.length > max * 2 + 1024 ? v.slice(0, max * 2 + 1024) : v).trim();
  return t === '' ? null : clip(t, max);
}

/** Like readString, with runs of whitespace (newlines, tabs) folded to one space: for titles and names. */
export function readLine(v: unknown, max = TEXT_LIMITS.field): string | null {
  const s = readString(v, max * 2);
  return s === null ? null : readString(s.replace(/\s+/g, ' '), max);
}

type Localised = { value: string; lang: string | null };

const LANG_TAG = /^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i;

/** Collects every candidate string in a plain string, a language map, JSON-LD value objects or ELM `{text: …}`. */
function collectLocalised(v: unknown, out: Localised[], depth: number): void {
  if (depth > 4 || out.length > 64) return;
  if (typeof v === 'string') {
    out.push({ value: v, lang: null });
    return;
  }
  if (Array.isArray(v)) {
    for (const item of v.slice(0, 64)) collectLocalised(item, out, depth + 1);
    return;
  }
  if (!isRecord(v)) return;
  const lang = readString(v['@language'] ?? v['@lang'] ?? v['lang'] ?? null, 64);
  if (typeof v['@value'] === 'string') {
    out.push({ value: v['@value'], lang });
    return;
  }
  if (typeof v['#text'] === 'string') {
    out.push({ value: v['#text'], lang });
    return;
  }
  if ('text' in v) {
    collectLocalised(v['text'], out, depth + 1);
    return;
  }
  // A language map ({"en": "…", "fr": "…"}): every key must look like a language tag.
  const keys = Object.keys(v);
  if (keys.length === 0 || keys.length > 64 || !keys.every((k) => LANG_TAG.test(k))) return;
  for (const k of keys) {
    const val = v[k];
    if (typeof val === 'string') out.push({ value: val, lang: k });
    else if (Array.isArray(val)) {
      for (const s of val) if (typeof s === 'string') out.push({ value: s, lang: k });
    }
  }
}

/**
 * Reads human text that may be a string, a language map (`{"en": "…"}`), JSON-LD value objects
 * (`[{"@value", "@language"}]`) or ELM text (`{"text": {"#text", "@lang"}}`): English if present, else the first.
 */
export function readText(v: unknown, max = TEXT_LIMITS.field, singleLine = false): string | null {
  // Most texts are plain strings: the one candidate, read directly.
  if (typeof v === 'string') return singleLine ? readLine(v, max) : readString(v, max);
  const all: Localised[] = [];
  collectLocalised(v, all, 0);
  const read = (s: string) => (singleLine ? readLine(s, max) : readString(s, max));
  const candidates = all.filter((c) => read(c.value) !== null);
  const english =
    candidates.find((c) => c.lang?.toLowerCase() === 'en') ??
    candidates.find((c) => c.lang?.toLowerCase().startsWith('en-'));
  const chosen = english ?? candidates[0];
  return chosen ? read(chosen.value) : null;
}

/** A title-like text: one line, at most TEXT_LIMITS.title characters. */
export function readTitle(v: unknown): string | null {
  return readText(v, TEXT_LIMITS.title, true);
}

/** A description-like text: keeps line breaks, at most TEXT_LIMITS.description characters. */
export function readDescription(v: unknown): string | null {
  return readText(v, TEXT_LIMITS.description);
}

/** An id that may be given as a string or as an object with `id` (or JSON-LD `@id`). */
export function readId(v: unknown): string | null {
  if (typeof v === 'string') return readLine(v);
  if (isRecord(v)) return readLine(v['id']) ?? readLine(v['@id']);
  return null;
}

/** `type` as a list, whether it was a string or an array (non-strings dropped). */
export function typesOf(v: unknown): string[] {
  const t = isRecord(v) ? (v['type'] ?? v['@type']) : undefined;
  if (typeof t === 'string') return [t];
  if (Array.isArray(t)) return t.filter((x): x is string => typeof x === 'string');
  return [];
}

export function hasType(v: unknown, ...names: string[]): boolean {
  const types = typesOf(v);
  return names.some((n) => types.includes(n));
}

/** `v` as a list: arrays as they are, a single value as a one-item list, absent as empty. */
export function asList(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

/** `@context` entries that are strings (URLs), whatever shape the context has. */
export function contextUrls(doc: Record<string, unknown>): string[] {
  return asList(doc['@context']).filter((c): c is string => typeof c === 'string');
}

export function isHttpUrl(s: string): boolean {
  return /^https?:\/\/[^\s/?#]+[^\s]*$/i.test(s);
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME_ZONED = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;
const DATE_TIME_LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

function fromEpoch(n: number): string | null {
  // OB 1.x timestamps are seconds; anything this large can only be milliseconds.
  const ms = n > 1e11 ? n : n * 1000;
  const d = new Date(ms);
  if (!Number.isFinite(n) || n < 0 || Number.isNaN(d.getTime()) || d.getUTCFullYear() > 9999)
    return null;
  return d.toISOString();
}

/**
 * A date as ISO 8601: zoned date-times normalised to UTC (`…Z`), date-only and zone-less values kept
 * as written (they are not ambiguous to store, but converting them would invent a time zone), Unix
 * timestamps (number or digit string, OB 1.x) converted. Anything else is null.
 */
export function readDate(v: unknown): string | null {
  if (typeof v === 'number') return fromEpoch(v);
  // A credential's dates are read when it is parsed and again when it is verified.
  return typeof v === 'string' ? readDateText(v) : null;
}

const readDateText = memoised((v: string): string | null => {
  const s = readString(v, 64);
  if (s === null) return null;
  if (/^\d{1,13}$/.test(s)) return fromEpoch(Number(s));
  if (DATE_ONLY.test(s)) return Number.isNaN(Date.parse(`${s}T00:00:00Z`)) ? null : s;
  if (DATE_TIME_LOCAL.test(s)) return Number.isNaN(Date.parse(`${s}Z`)) ? null : s;
  if (DATE_TIME_ZONED.test(s)) {
    const d = new Date(s.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    if (Number.isNaN(d.getTime()) || d.getUTCFullYear() > 9999) return null;
    return d.toISOString();
  }
  return null;
});

const DATA_URI =
  /^data:(image\/(?:png|jpeg|jpg|gif|webp|svg\+xml))((?:;(?!base64[;,])[a-z0-9-]+(?:=[^;,]*)?)*)(;base64)?,/i;

/**
 * Decodes a `data:` URI holding a PNG, JPEG, GIF, WebP or SVG image, under the 2 MB image cap.
 * Returns null (and says why in `notes`) for anything else; the bytes must really be an image.
 */
export function decodeDataUri(
  uri: string,
  notes: string[],
): { mediaType: string; bytes: Uint8Array } | null {
  const m = DATA_URI.exec(uri.slice(0, 256));
  if (!m) {
    if (/^data:/i.test(uri))
      notes.push(
        'Badge image not kept: the embedded data is not a PNG, JPEG, GIF, WebP or SVG image.',
      );
    return null;
  }
  const body = uri.slice(m[0].length);
  const base64 = m[3] !== undefined;
  const estimate = base64 ? Math.floor((body.length * 3) / 4) : body.length;
  if (estimate > MAX_IMAGE_BYTES + 4) {
    notes.push(
      `Badge image not kept: the embedded image is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB.`,
    );
    return null;
  }
  let bytes: Uint8Array;
  if (base64) {
    const clean = body.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(clean)) {
      notes.push('Badge image not kept: the embedded image is not valid base64.');
      return null;
    }
    bytes = new Uint8Array(Buffer.from(clean, 'base64'));
  } else {
    try {
      bytes = new TextEncoder().encode(decodeURIComponent(body));
    } catch {
      notes.push('Badge image not kept: the embedded image data is not correctly encoded.');
      return null;
    }
  }
  if (bytes.byteLength > MAX_IMAGE_BYTES) {
    notes.push(
      `Badge image not kept: the embedded image is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB.`,
    );
    return null;
  }
  // Trust the bytes, not the label: a "PNG" that is really something else is not an image we keep.
  const actual = sniffImageType(bytes);
  if (actual === null) {
    notes.push('Badge image not kept: the embedded data is not really an image.');
    return null;
  }
  return { mediaType: actual, bytes };
}

/**
 * A badge image reference: a URL string, an object with `id` (OB 2.0/3.0 Image), or a `data:` URI
 * (decoded into bytes). http(s) URLs become `{kind: 'url'}` for the main process to fetch; anything
 * else (file:, javascript:, relative paths) is ignored.
 */
export function readImage(v: unknown, notes: string[]): ImageRef | null {
  const raw =
    typeof v === 'string' ? v : isRecord(v) ? (v['id'] ?? v['@id'] ?? v['content']) : null;
  if (typeof raw !== 'string') return null;
  const s = raw.trim();
  if (/^data:/i.test(s)) {
    const img = decodeDataUri(s, notes);
    return img ? { kind: 'bytes', mediaType: img.mediaType, bytes: img.bytes } : null;
  }
  if (s.length <= 4096 && isHttpUrl(s)) return { kind: 'url', url: s };
  return null;
}

/** "UniversityDegreeCredential" → "University Degree Credential": a last-resort title from a type name. */
export function humaniseType(type: string): string {
  const local = type.replace(/^.*[#/:]/, '');
  return readLine(local.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ')) ?? type;
}

/**
 * An ELM/Europass `MediaObject` (`{content: <base64>, contentType, contentEncoding}`) or any image
 * reference readImage understands. The bytes decide the type, as for data: URIs.
 */
export function readMediaObject(v: unknown, notes: string[]): ImageRef | null {
  if (!isRecord(v) || !('content' in v)) return readImage(v, notes);
  // A MediaObject's `id` names it; only `content` holds the picture.
  const raw = v['content'];
  if (typeof raw !== 'string' || raw.trim() === '') return null;
  if (/^(data:|https?:)/i.test(raw.trim())) return readImage(raw, notes);
  const content = raw.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(content)) return null;
  return readImage(`data:image/png;base64,${content}`, notes);
}
