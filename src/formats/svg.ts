// Reads and writes Open Badges "baked" SVGs; refuses entities, external DTDs, script and external references.
import { SaxesParser } from 'saxes';
import type { SaxesTagNS } from 'saxes';
import { AppError } from '../shared/errors';
import { decodeUtf8 } from './json';

export type BakedSvgPayload = {
  kind: 'assertion' | 'credential';
  text: string;
  verifyUrl: string | null;
};

export const SVG_LIMITS = {
  /** Largest SVG we read; badge images are tens of kilobytes. */
  maxBytes: 8 * 1024 * 1024,
};

const OB_NAMESPACE = 'http://openbadges.org';
const XLINK_NAMESPACE = 'http://www.w3.org/1999/xlink';
/** Element names that run code or embed other documents when an SVG is shown. */
const DANGEROUS_ELEMENTS = new Map([
  ['script', 'a <script> element'],
  ['foreignobject', 'a <foreignObject> element'],
  ['iframe', 'an <iframe> element'],
  ['embed', 'an <embed> element'],
  ['object', 'an <object> element'],
  ['handler', 'a <handler> (script) element'],
]);
const ANIMATION_ELEMENTS = new Set(['set', 'animate', 'animatemotion', 'animatetransform']);
/** The W3C SVG DTDs (SVG 1.0/1.1, Basic, Tiny) that editors write into a DOCTYPE; never fetched. */
const W3C_SVG_DOCTYPE =
  /^\s*svg\s+PUBLIC\s+(["'])-\/\/W3C\/\/DTD SVG [0-9A-Za-z. ]+\/\/EN\1\s+(["'])http:\/\/www\.w3\.org\/[A-Za-z0-9/._-]+\.dtd\2\s*$/;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$/;

function unsafe(what: string): AppError {
  return new AppError(
    'unsafe-content',
    `This SVG image contains ${what}, which could run code or reach the network when the image is shown. A badge image has no business carrying that, so Skillfolio does not import it.`,
  );
}

/** Same-document fragments and data: URLs load nothing from elsewhere; anything else does. */
function isExternalReference(value: string): boolean {
  // Browsers ignore ASCII whitespace and control characters inside URLs ("java\tscript:").
  // eslint-disable-next-line no-control-regex
  const v = value.replace(/[\u0000-\u0020]+/g, '').toLowerCase();
  return v !== '' && !v.startsWith('#') && !v.startsWith('data:');
}

/** The first external target of a CSS `url(…)` or `@import` in `css`, if any. */
function externalCssReference(css: string): string | null {
  if (/@import/i.test(css)) return '@import';
  for (const m of css.matchAll(/url\(\s*(['"]?)([^'")]*)\1\s*\)/gi)) {
    const target = m[2] ?? '';
    if (isExternalReference(target)) return `url(${target})`;
  }
  return null;
}

/** The index of the root `<svg` after an optional BOM, XML declaration, comments, PIs and DOCTYPE. */
function rootSvgIndex(text: string): number {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i] as string)) i++;
    if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i + 2);
      if (end < 0) return -1;
      i = end + 2;
    } else if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0) return -1;
      i = end + 3;
    } else if (text.slice(i, i + 9).toUpperCase() === '<!DOCTYPE') {
      const subsetOpen = text.indexOf('[', i);
      const close = text.indexOf('>', i);
      if (close < 0) return -1;
      if (subsetOpen >= 0 && subsetOpen < close) {
        const subsetClose = text.indexOf(']', subsetOpen);
        if (subsetClose < 0) return -1;
        const end = text.indexOf('>', subsetClose);
        if (end < 0) return -1;
        i = end + 1;
      } else {
        i = close + 1;
      }
    } else {
      return /^<svg[\s/>]/.test(text.slice(i, i + 5)) ? i : -1;
    }
  }
}

/** After an optional BOM, whitespace, XML declaration, comments and DOCTYPE, the root is `<svg`. */
export function looksLikeSvg(bytes: Uint8Array): boolean {
  const head = new TextDecoder('utf-8').decode(bytes.subarray(0, 64 * 1024));
  return rootSvgIndex(head) >= 0;
}

function checkDoctype(doctype: string): void {
  if (/<!ENTITY/i.test(doctype) || doctype.includes('%')) {
    throw new AppError(
      'unsafe-content',
      'This SVG image declares XML entities in its DOCTYPE (the "billion laughs" and external-entity attacks work this way). Skillfolio never expands entities, so it does not import it.',
    );
  }
  if (/\b(SYSTEM|PUBLIC)\b/.test(doctype) && !W3C_SVG_DOCTYPE.test(doctype)) {
    throw new AppError(
      'unsafe-content',
      'This SVG image refers to an external document in its DOCTYPE. Skillfolio never fetches such references, so it does not import it.',
    );
  }
}

function checkElement(tag: SaxesTagNS): void {
  const local = tag.local.toLowerCase();
  const danger = DANGEROUS_ELEMENTS.get(local);
  if (danger !== undefined) throw unsafe(danger);
  for (const attr of Object.values(tag.attributes)) {
    const name = attr.local.toLowerCase();
    if (attr.prefix === 'xmlns' || attr.name === 'xmlns') continue;
    if (name.startsWith('on')) throw unsafe(`an event-handler attribute (${attr.name})`);
    if (name === 'href' && isExternalReference(attr.value)) {
      throw unsafe(`a link to an external resource (${attr.name}="${attr.value.slice(0, 100)}")`);
    }
    if (ANIMATION_ELEMENTS.has(local) && name === 'attributename') {
      const target = attr.value.trim().toLowerCase();
      if (target.endsWith('href') || target.startsWith('on')) {
        throw unsafe(`an animation that rewrites ${attr.value.slice(0, 50)}`);
      }
    }
    const css = externalCssReference(attr.value);
    if (css !== null) throw unsafe(`an external style reference (${css.slice(0, 100)})`);
  }
}

function credentialKind(tag: SaxesTagNS): 'assertion' | 'credential' | null {
  const uri = tag.uri.replace(/^https:/, 'http:').replace(/\/$/, '');
  if (uri !== OB_NAMESPACE && tag.prefix !== 'openbadges') return null;
  if (tag.local === 'assertion' || tag.local === 'credential') return tag.local;
  return null;
}

/**
 * The Open Badges data baked into an SVG: `<openbadges:assertion verify="…">` (OB 2.0) or
 * `<openbadges:credential>` (OB 3.0). `text` is the element's trimmed content (JSON or a compact
 * JWS); an OB 2.0 signed badge may carry its JWS in `verify`, which then becomes `text`. Throws
 * AppError; the JSON itself is not parsed here.
 */
export function readBakedSvg(bytes: Uint8Array): BakedSvgPayload {
  if (bytes.byteLength > SVG_LIMITS.maxBytes) {
    throw new AppError(
      'too-large',
      `This SVG image is larger than ${SVG_LIMITS.maxBytes / 1024 / 1024} MB, the most Skillfolio reads for a badge image.`,
    );
  }
  const xml = decodeUtf8(bytes, 'This SVG image');
  if (rootSvgIndex(xml) < 0) {
    throw new AppError('unsupported-format', 'This file is not an SVG image.');
  }

  const parser = new SaxesParser({
    xmlns: true,
    // Baked badges in the wild often use these prefixes without declaring them.
    resolvePrefix: (prefix: string) =>
      prefix === 'openbadges' ? OB_NAMESPACE : prefix === 'xlink' ? XLINK_NAMESPACE : undefined,
  });
  type Found = {
    kind: 'assertion' | 'credential';
    name: string;
    verify: string | null;
    text: string;
  };
  const found: Found[] = [];
  let inside: Found | null = null;
  let depth = 0;
  let insideStyle = 0;
  let styleText = '';

  parser.on('doctype', checkDoctype);
  parser.on('processinginstruction', (pi) => {
    if (pi.target.toLowerCase() === 'xml-stylesheet') throw unsafe('an external stylesheet');
  });
  parser.on('opentag', (tag) => {
    depth++;
    if (depth === 1 && tag.local !== 'svg') {
      throw new AppError('unsupported-format', 'This file is not an SVG image.');
    }
    checkElement(tag);
    if (inside !== null) {
      throw new AppError(
        'malformed',
        `The <${inside.name}> element in this SVG image should hold only the badge data, but it contains other elements.`,
      );
    }
    if (tag.local.toLowerCase() === 'style') insideStyle++;
    const kind = credentialKind(tag);
    if (kind === null) return;
    if (found.length > 0) {
      throw new AppError(
        'unsafe-content',
        'This SVG image carries two Open Badges elements, so it is ambiguous which one is the badge. It is not imported.',
      );
    }
    const verifyAttr = Object.values(tag.attributes).find(
      (a) => a.local === 'verify' && (a.uri === '' || a.uri === OB_NAMESPACE),
    );
    const entry: Found = {
      kind,
      name: tag.name,
      verify: verifyAttr?.value.trim() ?? null,
      text: '',
    };
    found.push(entry);
    if (!tag.isSelfClosing) inside = entry;
  });
  parser.on('closetag', (tag) => {
    depth--;
    if (inside !== null && tag.name === inside.name) inside = null;
    if (tag.local.toLowerCase() === 'style' && insideStyle > 0) {
      insideStyle--;
      const css = externalCssReference(styleText);
      if (css !== null) throw unsafe(`an external style reference (${css.slice(0, 100)})`);
      styleText = '';
    }
  });
  const onText = (t: string) => {
    if (inside !== null) inside.text += t;
    if (insideStyle > 0) styleText += t;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('error', (err) => {
    throw new AppError('malformed', `This SVG image is not well-formed XML (${err.message}).`);
  });

  try {
    parser.write(xml).close();
  } catch (err) {
    if (err instanceof AppError) throw err;
    const detail = err instanceof Error ? err.message : String(err);
    throw new AppError('malformed', `This SVG image is not well-formed XML (${detail}).`);
  }

  const entry = found[0];
  if (entry === undefined) {
    throw new AppError(
      'unsupported-format',
      'This SVG image has no Open Badges data baked into it.',
    );
  }
  let text = entry.text.trim();
  let verifyUrl = entry.verify === '' ? null : entry.verify;
  if (verifyUrl !== null && COMPACT_JWS.test(verifyUrl)) {
    // OB 2.0 signed badges put the JWS itself in `verify`; it carries the assertion.
    text = verifyUrl;
    verifyUrl = null;
  }
  if (text === '' && verifyUrl === null) {
    throw new AppError('malformed', `The <${entry.name}> element in this SVG image is empty.`);
  }
  return { kind: entry.kind, text, verifyUrl };
}

function escapeAttribute(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/"/g, '&quot;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;')
    .replace(/\t/g, '&#9;');
}

/** `text` as CDATA; a `]]>` inside is split across two sections. */
function cdata(text: string): string {
  return `<![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

/** The index just past the `>` ending the open tag that starts at `start`, honouring quotes. */
function openTagEnd(svg: string, start: number): number {
  let quote: string | null = null;
  for (let i = start; i < svg.length; i++) {
    const c = svg[i];
    if (quote !== null) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '>') {
      return i + 1;
    }
  }
  return -1;
}

/**
 * Returns `svg` with the badge baked in as the first child of the root element (replacing any
 * `openbadges:` element already there). The result is read back before it is returned, so an SVG
 * this module would refuse to import is refused here too (AppError).
 */
export function bakeSvg(
  svg: string,
  kind: 'assertion' | 'credential',
  text: string,
  verifyUrl?: string,
): string {
  const cleaned = svg.replace(
    /<openbadges:(assertion|credential)\b[^>]*?(?:\/>|>[\s\S]*?<\/openbadges:\1\s*>)\s*/g,
    '',
  );
  const start = rootSvgIndex(cleaned);
  const end = start < 0 ? -1 : openTagEnd(cleaned, start);
  if (end < 0) throw new AppError('unsupported-format', 'This is not an SVG image.');

  let openTag = cleaned.slice(start, end);
  const selfClosing = /\/\s*>$/.test(openTag);
  if (selfClosing) openTag = openTag.replace(/\/\s*>$/, '>');
  if (!/\sxmlns:openbadges\s*=/.test(openTag)) {
    openTag = `${openTag.slice(0, 4)} xmlns:openbadges="${OB_NAMESPACE}"${openTag.slice(4)}`;
  }
  const verify = verifyUrl === undefined ? '' : ` verify="${escapeAttribute(verifyUrl)}"`;
  const element = `<openbadges:${kind}${verify}>${cdata(text)}</openbadges:${kind}>`;
  const baked =
    cleaned.slice(0, start) +
    openTag +
    element +
    (selfClosing ? '</svg>' : '') +
    cleaned.slice(end);

  readBakedSvg(new TextEncoder().encode(baked));
  return baked;
}
