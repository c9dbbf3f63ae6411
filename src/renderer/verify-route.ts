// Which check a dropped file gets: an exported résumé (our signed PDF, a presentation) or a single credential (a PDF certificate too).

/** Largest JSON the window parses to look at its `type`; larger files are treated as credentials. */
export const MAX_SNIFF_JSON = 8 * 1024 * 1024;

export type VerifyRoute = 'export' | 'credential';

const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-

/**
 * The file name our PDF exports give their signed presentation (src/export/pdf.ts PRESENTATION_FILE,
 * which the window cannot import). They are saved without object streams, so the attachment's file
 * specification is plain in the bytes: `/F (portfolio.vp.json)` and `/UF <FEFF…>` (UTF-16BE).
 */
const PRESENTATION_FILE = 'portfolio.vp.json';

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const utf16Hex = (s: string): string =>
  `FEFF${Array.from(s, (c) => c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')).join('')}`;

/** The file name as a file specification's value, each with the keys it may follow. */
const NAMED_AS = [
  { value: ascii(`(${PRESENTATION_FILE})`), keys: ['/F', '/UF'] },
  { value: ascii(`<${utf16Hex(PRESENTATION_FILE)}>`), keys: ['/UF', '/F'] },
  { value: ascii(`<${utf16Hex(PRESENTATION_FILE).toLowerCase()}>`), keys: ['/UF', '/F'] },
].map((n) => ({ ...n, keys: n.keys.map(ascii) }));

/** PDF white-space characters (ISO 32000-1, 7.2.2). */
const WHITE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);

function indexOfBytes(hay: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0] ?? 0;
  for (let i = hay.indexOf(first, from); i >= 0; i = hay.indexOf(first, i + 1)) {
    if (i + needle.length > hay.length) return -1;
    let j = 1;
    while (j < needle.length && hay[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
  }
  return -1;
}

/** Whether the bytes just before `at` (white space skipped) are one of `keys`. */
function followsKey(bytes: Uint8Array, at: number, keys: readonly Uint8Array[]): boolean {
  let end = at;
  while (end > 0 && WHITE.has(bytes[end - 1] ?? -1)) end--;
  return keys.some((k) => end >= k.length && k.every((b, i) => bytes[end - k.length + i] === b));
}

/**
 * A Skillfolio PDF export: it attaches its signed presentation under our name. Only the attachment
 * decides (a signature alone does not: certificate platforms sign their PDFs too); an export whose
 * signature was stripped or broken still goes to the export check, which says so.
 */
function isOurPdfExport(bytes: Uint8Array): boolean {
  for (const { value, keys } of NAMED_AS) {
    for (let at = indexOfBytes(bytes, value, 0); at >= 0; at = indexOfBytes(bytes, value, at + 1)) {
      if (followsKey(bytes, at, keys)) return true;
    }
  }
  return false;
}

function types(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((t): t is string => typeof t === 'string');
  return [];
}

function isPresentation(doc: unknown): boolean {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return false;
  const d = doc as Record<string, unknown>;
  return types(d['type']).includes('VerifiablePresentation');
}

function base64UrlJson(part: string): unknown {
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const text = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
}

/** A compact JWS whose header says `vp+jwt` or whose payload is (or carries) a presentation. */
function isPresentationJwt(text: string): boolean {
  const parts = text.split('.');
  if (parts.length !== 3 || !parts.every((p) => /^[A-Za-z0-9_-]+$/.test(p))) return false;
  try {
    const header = base64UrlJson(parts[0] ?? '');
    const typ =
      typeof header === 'object' && header !== null ? (header as { typ?: unknown }).typ : null;
    if (typeof typ === 'string' && /^(application\/)?vp\+jwt$/i.test(typ)) return true;
    const payload = base64UrlJson(parts[1] ?? '');
    if (isPresentation(payload)) return true;
    return (
      typeof payload === 'object' &&
      payload !== null &&
      isPresentation((payload as { vp?: unknown }).vp)
    );
  } catch {
    return false;
  }
}

/**
 * Our PDF exports and presentations (JSON-LD or vp+jwt) go to `export.verify`, which checks the
 * holder's signature and every credential inside; anything else, a PDF certificate from a course
 * platform included, is one credential for `credential.verify`. Only looks: never throws on
 * hostile bytes (a file that cannot be read is a credential to refuse).
 */
export function routeFor(bytes: Uint8Array): VerifyRoute {
  if (PDF.every((b, i) => bytes[i] === b)) return isOurPdfExport(bytes) ? 'export' : 'credential';
  if (bytes.length > MAX_SNIFF_JSON) return 'credential';
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true })
      .decode(bytes)
      .replace(/^\uFEFF/, '')
      .trim();
  } catch {
    return 'credential';
  }
  if (text.startsWith('{')) {
    try {
      return isPresentation(JSON.parse(text)) ? 'export' : 'credential';
    } catch {
      return 'credential';
    }
  }
  return text.startsWith('eyJ') && isPresentationJwt(text) ? 'export' : 'credential';
}
