// Finds where a badge's web page says its credential lives, by a tolerant scan of the page's tags: no DOM, no scripts, nothing run or fetched here.
import { isHttpUrl } from './text';

export const HTML_LIMITS = {
  /** Only the start of a page is scanned; the head and the badge itself come early. */
  maxScanBytes: 2 * 1024 * 1024,
  maxTags: 50_000,
  maxAttributes: 64,
  maxAttributeChars: 8 * 1024,
  /** Largest `<script type="application/ld+json">` kept as a possible credential. */
  maxEmbeddedChars: 1024 * 1024,
  maxFindings: 32,
};

/** Media types a `<link rel="alternate">` may give for a credential document. */
const CREDENTIAL_TYPES = new Set([
  'application/ld+json',
  'application/json',
  'application/vc+ld+json',
  'application/vc',
  'application/vc+jwt',
  'application/jwt',
]);

/** Elements whose content is text up to their end tag (and never markup to look into). */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'noscript', 'template', 'xmp']);

export type PageFindings = {
  /** `<link rel="alternate">` addresses typed as a credential document, in page order. */
  alternates: string[];
  /** `<script type="application/ld+json">` contents: data that may be the credential itself (never run). */
  embedded: string[];
  /** Other http(s) addresses the page names (`href`, `src`, `content`), for platform patterns. */
  links: string[];
};

/** HTML by its media type or, when the server did not say, by how it starts. */
export function looksLikeHtml(bytes: Uint8Array, mediaType: string | null): boolean {
  if (mediaType === 'text/html' || mediaType === 'application/xhtml+xml') return true;
  const head = new TextDecoder('utf-8', { fatal: false })
    .decode(bytes.subarray(0, 1024))
    .replace(/^\uFEFF/, '')
    .trimStart();
  return /^<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|meta[\s>]|title[\s>]|link[\s>])/i.test(
    head,
  );
}

const ENTITIES: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>' };

/** The few character references an attribute value needs; anything unknown stays as written. */
function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,6});/gi, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code =
        ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)
        ? String.fromCodePoint(code)
        : whole;
    }
    return ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 12 || c === 13;
}

type Tag = { name: string; attrs: Map<string, string>; end: number };

/** Reads the tag starting at `lt` (`<name …>`); null when it is not a start tag. */
function readTag(text: string, lt: number): Tag | null {
  const n = text.length;
  let i = lt + 1;
  const nameStart = i;
  while (i < n && /[A-Za-z0-9:-]/.test(text.charAt(i))) i++;
  if (i === nameStart || !/[A-Za-z]/.test(text.charAt(nameStart))) return null;
  const name = text.slice(nameStart, i).toLowerCase();
  const attrs = new Map<string, string>();
  for (;;) {
    while (i < n && (isSpace(text.charCodeAt(i)) || text.charAt(i) === '/')) i++;
    if (i >= n) return { name, attrs, end: n };
    if (text.charAt(i) === '>') return { name, attrs, end: i + 1 };
    const attrStart = i;
    while (i < n && !isSpace(text.charCodeAt(i)) && !'=>/'.includes(text.charAt(i))) i++;
    const attrName = text.slice(attrStart, i).toLowerCase();
    if (i === attrStart) i++; // a stray character: step over it
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    let value = '';
    if (text.charAt(i) === '=') {
      i++;
      while (i < n && isSpace(text.charCodeAt(i))) i++;
      const q = text.charAt(i);
      if (q === '"' || q === "'") {
        const close = text.indexOf(q, i + 1);
        const stop = close === -1 ? n : close;
        value = text.slice(i + 1, stop);
        i = stop + 1;
      } else {
        const valueStart = i;
        while (i < n && !isSpace(text.charCodeAt(i)) && text.charAt(i) !== '>') i++;
        value = text.slice(valueStart, i);
      }
    }
    if (
      attrName !== '' &&
      !attrs.has(attrName) &&
      attrs.size < HTML_LIMITS.maxAttributes &&
      value.length <= HTML_LIMITS.maxAttributeChars
    ) {
      attrs.set(attrName, decodeEntities(value));
    }
  }
}

/** Where `</name` next starts (any letter case), or -1. */
function findEndTag(text: string, name: string, from: number): number {
  let at = from;
  for (;;) {
    const idx = text.indexOf('</', at);
    if (idx === -1) return -1;
    if (text.slice(idx + 2, idx + 2 + name.length).toLowerCase() === name) return idx;
    at = idx + 2;
  }
}

function absolute(href: string, base: string): string | null {
  const t = href.trim();
  if (t === '' || t.startsWith('#')) return null;
  try {
    const url = new URL(t, base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    url.hash = '';
    return isHttpUrl(url.href) ? url.href : null;
  } catch {
    return null;
  }
}

function pushOnce(list: string[], value: string): void {
  if (list.length < HTML_LIMITS.maxFindings && !list.includes(value)) list.push(value);
}

/**
 * What a page says about where its credential is. Tolerant of broken markup (it is a scan of tags,
 * not a parser), skips comments and the content of scripts and styles, and looks at the first
 * `HTML_LIMITS.maxScanBytes` only. Relative addresses are resolved against `pageUrl` (or the page's
 * `<base href>`); only http(s) addresses are returned.
 */
export function scanHtml(bytes: Uint8Array, pageUrl: string): PageFindings {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(
    bytes.subarray(0, HTML_LIMITS.maxScanBytes),
  );
  const found: PageFindings = { alternates: [], embedded: [], links: [] };
  let base = pageUrl;
  let sawBase = false;
  let tags = 0;
  let i = 0;
  const n = text.length;
  while (i < n && tags < HTML_LIMITS.maxTags) {
    const lt = text.indexOf('<', i);
    if (lt === -1) break;
    if (text.startsWith('<!--', lt)) {
      const close = text.indexOf('-->', lt + 4);
      i = close === -1 ? n : close + 3;
      continue;
    }
    const next = text.charAt(lt + 1);
    if (next === '!' || next === '?' || next === '/') {
      const close = text.indexOf('>', lt + 1);
      i = close === -1 ? n : close + 1;
      continue;
    }
    const tag = readTag(text, lt);
    if (tag === null) {
      i = lt + 1;
      continue;
    }
    tags++;
    i = tag.end;
    const attr = (k: string) => tag.attrs.get(k) ?? '';
    if (RAW_TEXT.has(tag.name)) {
      const closeAt = findEndTag(text, tag.name, i);
      const contentEnd = closeAt === -1 ? n : closeAt;
      const type = attr('type').split(';')[0]?.trim().toLowerCase() ?? '';
      if (tag.name === 'script' && type === 'application/ld+json') {
        const content = text.slice(i, contentEnd).trim();
        if (content.length > 0 && content.length <= HTML_LIMITS.maxEmbeddedChars) {
          if (found.embedded.length < HTML_LIMITS.maxFindings) found.embedded.push(content);
        }
      }
      const gt = closeAt === -1 ? -1 : text.indexOf('>', closeAt);
      i = gt === -1 ? n : gt + 1;
      continue;
    }
    if (tag.name === 'base' && !sawBase) {
      const b = absolute(attr('href'), pageUrl);
      if (b !== null) base = b;
      sawBase = true;
      continue;
    }
    if (tag.name === 'link') {
      const rels = attr('rel').toLowerCase().split(/\s+/);
      const type = attr('type').split(';')[0]?.trim().toLowerCase() ?? '';
      const href = absolute(attr('href'), base);
      if (href === null) continue;
      if (rels.includes('alternate') && CREDENTIAL_TYPES.has(type))
        pushOnce(found.alternates, href);
      else pushOnce(found.links, href);
      continue;
    }
    for (const k of ['href', 'src', 'content', 'data-url']) {
      const v = tag.attrs.get(k);
      if (v === undefined) continue;
      // `content` (meta tags) is often prose: only whole addresses count.
      if (k === 'content' && !/^https?:\/\//i.test(v.trim())) continue;
      const href = absolute(v, base);
      if (href !== null) pushOnce(found.links, href);
    }
  }
  return found;
}
