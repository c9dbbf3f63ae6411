// The signed PDF résumé: a first page a recruiter reads in seconds, an appendix that proves each line, the originals attached, signed last.
import crypto from 'node:crypto';
import {
  AFRelationship,
  beginText,
  closePath,
  endText,
  fill,
  moveText,
  popGraphicsState,
  PDFDocument,
  PDFName,
  PDFString,
  pushGraphicsState,
  rectangle,
  rgb,
  setFillingColor,
  setFontAndSize,
  showText,
  type PDFFont,
  type PDFImage,
  type PDFPage,
  type RGB,
} from 'pdf-lib';
import QRCode from 'qrcode';
import { inertText } from '../core/inert-text';
import { SizedLru } from '../core/sized-lru';
import { AppError } from '../shared/errors';
import type { Check } from '../core/verification';
import { cmapFontkit, loadFontFiles } from './fonts';
import type { HolderKeys } from './keys';
import { describeCertificate } from './keys';
import type { ExportItem, ExportModel } from './model';
import { isHttpUrl } from './model';
import {
  compressPixels,
  decodeCommonPng,
  inspectImage,
  preparedPngImage,
  type PreparedPng,
} from './pdf-images';
import { addSignaturePlaceholder, signPdfBytes } from './pdf-sign';
import { deflatePageContents, useNativeDeflate } from './pdf-streams';

export const PRESENTATION_FILE = 'portfolio.vp.json';
export const RESUME_FILE = 'resume.json';

/** What travels inside the PDF besides resume.json; the appendix says where each original is. */
export type PdfAttachments = {
  /** The signed presentation (attached as portfolio.vp.json) and which credentials travel inside it. */
  presentation: { bytes: Uint8Array; embeddedRefs: ReadonlySet<number> } | null;
  /** Originals not inside the presentation: attached under their own file names. */
  originals: ExportItem[];
};

type PdfBase = {
  model: ExportModel;
  keys: HolderKeys;
  resumeJson: Uint8Array;
  signingTime: Date;
};

export type PdfInput = PdfBase & PdfAttachments;

/**
 * The presentation still being signed: everything but its bytes is known already, so the whole
 * layout goes ahead meanwhile.
 */
export type PdfInputLater = PdfBase & {
  /** Which credentials travel inside the presentation. */
  embeddedRefs: ReadonlySet<number>;
  originals: ExportItem[];
  presentationBytes: Promise<Uint8Array>;
};

export type BuiltPdf = { bytes: Uint8Array; pages: number; warnings: string[] };

// ---------------------------------------------------------------------------------------------
// Page geometry and palette

const PAGE: [number, number] = [595.28, 841.89]; // A4
const LEFT = 54;
const RIGHT = PAGE[0] - 54;
const TOP = PAGE[1] - 54;
const BOTTOM = 62;
const WIDTH = RIGHT - LEFT;

const hex = (h: string): RGB =>
  rgb(
    parseInt(h.slice(1, 3), 16) / 255,
    parseInt(h.slice(3, 5), 16) / 255,
    parseInt(h.slice(5, 7), 16) / 255,
  );
const INK = hex('#111827');
const BODY = hex('#374151');
const MUTED = hex('#6b7280');
const FAINT = hex('#9ca3af');
const RULE = hex('#e5e7eb');
const PANEL = hex('#f3f4f6');
const ACCENT = hex('#1d4ed8');

const TONES: Record<ExportItem['tone'], { ink: RGB; fill: RGB; symbol: string }> = {
  good: { ink: hex('#15803d'), fill: hex('#dcfce7'), symbol: '✓' },
  info: { ink: hex('#1d4ed8'), fill: hex('#dbeafe'), symbol: '✎' },
  neutral: { ink: hex('#4b5563'), fill: hex('#e5e7eb'), symbol: '○' },
  warn: { ink: hex('#b45309'), fill: hex('#fef3c7'), symbol: '!' },
  bad: { ink: hex('#b91c1c'), fill: hex('#fee2e2'), symbol: '✗' },
};

const CHECK_MARKS: Record<Check['status'], { symbol: string; tone: ExportItem['tone'] }> = {
  pass: { symbol: '✓', tone: 'good' },
  fail: { symbol: '✗', tone: 'bad' },
  warn: { symbol: '!', tone: 'warn' },
  skip: { symbol: '–', tone: 'neutral' },
};

const CHECK_NAMES: Record<string, string> = {
  parse: 'Readable',
  schema: 'Shape',
  proof: 'Signature',
  issuer: 'Issuer',
  hosted: 'Hosted copy',
  status: 'Status',
  validity: 'Validity',
  recipient: 'Recipient',
  anchor: 'Blockchain anchor',
};

function checkName(id: string): string {
  if (id.startsWith('nested:')) return `Part ${id.slice(7)}`;
  return CHECK_NAMES[id] ?? id;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "14 Sep 2023", read in UTC so a date-only value stays on its day everywhere. */
function formatDate(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return inertText(iso, { max: 40, singleLine: true });
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return inertText(iso, { max: 40, singleLine: true });
  const time = d.toISOString().slice(11, 16);
  return `${formatDate(iso)}, ${time} UTC`;
}

/** "badges.example.org/assertions/13": what a person can read and type; the link carries the full URL. */
function shortLink(url: string, max = 40): string {
  const u = new URL(url);
  const text = `${u.host}${u.pathname === '/' ? '' : u.pathname}${u.search}`;
  const cps = Array.from(text);
  if (cps.length <= max) return text;
  const head = Math.ceil((max - 1) * 0.6);
  return `${cps.slice(0, head).join('')}…${cps.slice(cps.length - (max - 1 - head)).join('')}`;
}

// ---------------------------------------------------------------------------------------------
// Text: inert, in-font, measured and wrapped

type Fonts = {
  regular: PDFFont;
  bold: PDFFont;
  charset: Set<number>;
  /** The parsed bold font, for drawing letters as outlines. */
  boldOutlines: ReturnType<typeof cmapFontkit.create>;
};

/** Imported text made safe and drawable: no control or direction characters, unknown glyphs as "?". */
function clean(
  fonts: Fonts,
  text: string | null | undefined,
  max = 2000,
  singleLine = true,
): string {
  const inert = inertText(text, { max, singleLine }).normalize('NFC');
  let out = '';
  for (const ch of inert) {
    const cp = ch.codePointAt(0) ?? 0;
    out += ch === '\n' || fonts.charset.has(cp) ? ch : '?';
  }
  return out;
}

/** Advance of each character at size 1000, per font: text is measured often while it is wrapped. */
const advanceCache = new WeakMap<PDFFont, Map<string, number>>();

function advancesOf(font: PDFFont): Map<string, number> {
  let advances = advanceCache.get(font);
  if (!advances) {
    advances = new Map();
    advanceCache.set(font, advances);
  }
  return advances;
}

/** Adds the characters' advances (per 1000 units of size) to `total`, one by one in order. */
function addAdvances(
  font: PDFFont,
  advances: Map<string, number>,
  total: number,
  text: string,
): number {
  for (const ch of text) {
    let w = advances.get(ch);
    if (w === undefined) {
      w = font.widthOfTextAtSize(ch, 1000);
      advances.set(ch, w);
    }
    total += w;
  }
  return total;
}

/**
 * The width pdf-lib gives (its fonts here have no kerning or ligatures, so a text is as wide as
 * its characters), summed in the same order from the same per-character values, so exactly equal.
 */
function widthOf(font: PDFFont, text: string, size: number): number {
  return (addAdvances(font, advancesOf(font), 0, text) * size) / 1000;
}

/**
 * Greedy word wrap; words wider than the line are broken between characters. A line's width is
 * summed as it grows, character by character in the same order as `widthOf`, so the same value.
 */
function wrap(
  font: PDFFont,
  text: string,
  size: number,
  maxWidth: number,
  maxLines = Infinity,
): string[] {
  const advances = advancesOf(font);
  const fits = (units: number) => (units * size) / 1000 <= maxWidth;
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    let units = 0;
    for (const word of paragraph.split(/ +/)) {
      if (word === '') continue;
      const candidate = line === '' ? 0 : addAdvances(font, advances, units, ' ');
      const withWord = addAdvances(font, advances, candidate, word);
      if (fits(withWord)) {
        line = line === '' ? word : `${line} ${word}`;
        units = withWord;
        continue;
      }
      if (line !== '') lines.push(line);
      const alone = addAdvances(font, advances, 0, word);
      if (fits(alone)) {
        line = word;
        units = alone;
        continue;
      }
      let piece = '';
      let pieceUnits = 0;
      for (const ch of word) {
        const longer = addAdvances(font, advances, pieceUnits, ch);
        if (!fits(longer) && piece !== '') {
          lines.push(piece);
          piece = ch;
          pieceUnits = addAdvances(font, advances, 0, ch);
          continue;
        }
        piece += ch;
        pieceUnits = longer;
      }
      line = piece;
      units = pieceUnits;
    }
    lines.push(line);
  }
  while (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  let last = `${kept[maxLines - 1] ?? ''}…`;
  while (widthOf(font, last, size) > maxWidth && last.length > 1)
    last = `${Array.from(last).slice(0, -2).join('')}…`;
  kept[maxLines - 1] = last;
  return kept;
}

/** Wraps a URL-like string after "/", ".", "-" or ":" so lines break where a reader expects. */
function wrapAtSeparators(
  font: PDFFont,
  text: string,
  size: number,
  maxWidth: number,
  maxLines: number,
): string[] {
  const spaced = text.replace(/([/.:-])(?=.)/g, '$1\u0000');
  const lines: string[] = [];
  let line = '';
  for (const part of spaced.split('\u0000')) {
    if (line !== '' && widthOf(font, line + part, size) > maxWidth) {
      lines.push(line);
      line = '';
    }
    line += part;
  }
  if (line !== '') lines.push(line);
  return lines.flatMap((l) => wrap(font, l, size, maxWidth)).slice(0, maxLines);
}

// ---------------------------------------------------------------------------------------------
// The writer: pages, a cursor, and drawing helpers

type Ctx = {
  doc: PDFDocument;
  fonts: Fonts;
  pages: PDFPage[];
  page: PDFPage;
  y: number;
  /** Drawn at the top of every page after the first of a part (résumé, appendix). */
  continuation: string;
  images: Map<number, PDFImage | null>;
  /** Each distinct picture once, by the SHA-256 of its bytes, however many badges show it. */
  pictures: Map<string, Promise<PDFImage>>;
  /** Pictures being compressed beside the layout, and the size of their decoded pixels. */
  embedding: Promise<unknown>[];
  pendingPixelBytes: number;
  warnings: string[];
};

function newPage(c: Ctx): void {
  c.page = c.doc.addPage(PAGE);
  c.pages.push(c.page);
  c.y = TOP;
  if (c.continuation) {
    textOn(c.page, c.fonts.regular, c.continuation, LEFT, c.y - 9, 9, MUTED);
    c.y -= 26;
  }
}

/** Starts a new page unless `height` points still fit above the footer. */
function ensure(c: Ctx, height: number): void {
  if (c.y - height < BOTTOM) newPage(c);
}

/** Each page's resource name for each font, made once. */
const fontNames = new WeakMap<PDFPage, Map<PDFFont, PDFName>>();

function fontName(page: PDFPage, font: PDFFont): PDFName {
  let names = fontNames.get(page);
  if (!names) {
    names = new Map();
    fontNames.set(page, names);
  }
  let name = names.get(font);
  if (!name) {
    name = page.node.newFontDictionary(font.name, font.ref);
    names.set(font, name);
  }
  return name;
}

/**
 * One line of text as pdf-lib's drawText draws it (the same colour, font, position and characters
 * after its clean-up), without what made drawText most of the layout's time: it validates every
 * option and adds a new font name to the page's resources at each call, twice.
 */
function textOn(
  page: PDFPage,
  font: PDFFont,
  s: string,
  x: number,
  y: number,
  size: number,
  color: RGB,
): void {
  const line = s.replace(/\t|\u0085|\u2028|\u2029/g, '    ').replace(/[\b\v]/g, '');
  if (line === '') return;
  if (/[\n\f\r]/.test(line)) {
    page.drawText(line, { x, y, size, font, color });
    return;
  }
  page.pushOperators(
    pushGraphicsState(),
    beginText(),
    setFillingColor(color),
    setFontAndSize(fontName(page, font), size),
    moveText(x, y),
    showText(font.encodeText(line)),
    endText(),
    popGraphicsState(),
  );
}

function text(
  c: Ctx,
  s: string,
  x: number,
  y: number,
  o: { size: number; bold?: boolean; color?: RGB },
): void {
  textOn(c.page, o.bold ? c.fonts.bold : c.fonts.regular, s, x, y, o.size, o.color ?? INK);
}

function roundedRect(
  c: Ctx,
  x: number,
  y: number,
  w: number,
  h: number,
  r: number,
  o: { fill?: RGB; border?: RGB },
): void {
  // drawSvgPath's origin is the top-left corner with y growing downwards.
  const path = `M ${r} 0 H ${w - r} Q ${w} 0 ${w} ${r} V ${h - r} Q ${w} ${h} ${w - r} ${h} H ${r} Q 0 ${h} 0 ${h - r} V ${r} Q 0 0 ${r} 0 Z`;
  c.page.drawSvgPath(path, {
    x,
    y: y + h,
    color: o.fill,
    borderColor: o.border,
    borderWidth: o.border ? 0.75 : 0,
  });
}

function link(c: Ctx, url: string, x: number, y: number, w: number, h: number): void {
  if (!isHttpUrl(url)) return;
  const href = new URL(url).href;
  if (!/^[\x20-\x7e]+$/.test(href)) return;
  const annot = c.doc.context.obj({
    Type: 'Annot',
    Subtype: 'Link',
    Rect: [x, y, x + w, y + h],
    Border: [0, 0, 0],
    A: { Type: 'Action', S: 'URI', URI: PDFString.of(href) },
  });
  c.page.node.addAnnot(c.doc.context.register(annot));
}

/** A trust label as a coloured pill whose words say the same thing as its colour. Returns its width. */
function pill(
  c: Ctx,
  label: string,
  tone: ExportItem['tone'],
  rightX: number,
  baseline: number,
  size = 8,
): number {
  const t = TONES[tone];
  const s = `${t.symbol} ${label}`;
  const w = widthOf(c.fonts.bold, s, size) + 12;
  roundedRect(c, rightX - w, baseline - 4, w, size + 7, (size + 7) / 2, { fill: t.fill });
  text(c, s, rightX - w + 6, baseline, { size, bold: true, color: t.ink });
  return w;
}

/**
 * A badge stand-in: the title's initial on the trust colour. The letter is drawn as the glyph's
 * outline, not as text, so résumé parsers do not read stray letters between the lines.
 */
function placeholderBadge(c: Ctx, item: ExportItem, x: number, yTop: number, size: number): void {
  const t = TONES[item.tone];
  roundedRect(c, x, yTop - size, size, size, size * 0.22, { fill: t.fill });
  const initial = clean(c.fonts, Array.from(item.title.trim())[0]?.toUpperCase() ?? '?', 1);
  const glyph = c.fonts.boldOutlines.glyphsForString(initial)[0];
  if (!glyph) return;
  const fs = size * 0.46;
  const scale = fs / c.fonts.boldOutlines.unitsPerEm;
  const w = widthOf(c.fonts.bold, initial, fs);
  // Font units grow upwards and drawSvgPath flips y, so the outline is flipped first.
  const outline = glyph.path as unknown as { scale(sx: number, sy: number): { toSVG(): string } };
  const path = outline.scale(scale, -scale).toSVG();
  c.page.drawSvgPath(path, { x: x + (size - w) / 2, y: yTop - size / 2 - fs * 0.36, color: t.ink });
}

/** Decoded pixels waiting for their compression, above which the layout waits for it. */
const MAX_PENDING_PIXEL_BYTES = 64 * 1024 * 1024;

/**
 * Pictures already compressed in this process, by the SHA-256 of their bytes: a person exports the
 * same badges again and again (each tailored version of a portfolio), and decoding and compressing
 * them was most of a PDF's work.
 */
const preparedPictures = new SizedLru<PreparedPng>(
  32 * 1024 * 1024,
  (p) => p.rgb.length + (p.alpha?.length ?? 0),
);

async function picture(c: Ctx, bytes: Uint8Array, kind: 'png' | 'jpeg'): Promise<PDFImage> {
  const key = crypto.createHash('sha256').update(bytes).digest('hex');
  let embedded = c.pictures.get(key);
  if (embedded) return embedded;
  const ready = kind === 'png' ? preparedPictures.get(key) : undefined;
  const pixels = ready || kind !== 'png' ? null : decodeCommonPng(bytes);
  if (ready) {
    const image = preparedPngImage(c.doc, ready, Promise.resolve(ready));
    c.embedding.push(image.embed());
    embedded = Promise.resolve(image);
  } else if (pixels) {
    // Compressed on libuv's threads while the layout goes on; the document waits for it before
    // it is saved.
    const size = pixels.rgb.length + (pixels.alpha?.length ?? 0);
    c.pendingPixelBytes += size;
    const compressing = compressPixels(pixels).then((p) => {
      c.pendingPixelBytes -= size;
      preparedPictures.set(key, p);
      return p;
    });
    const image = preparedPngImage(c.doc, pixels, compressing);
    // Written into the document once compressed (pdf-lib saves only the images it made itself).
    const embedding = image.embed();
    // Awaited before saving; a failure meanwhile is reported there, not left unhandled.
    void embedding.catch(() => undefined);
    c.embedding.push(embedding);
    embedded = Promise.resolve(image);
  } else {
    embedded = kind === 'png' ? c.doc.embedPng(bytes) : c.doc.embedJpg(bytes);
  }
  c.pictures.set(key, embedded);
  // A few large pictures must not pile up in memory uncompressed.
  if (c.pendingPixelBytes > MAX_PENDING_PIXEL_BYTES) await Promise.all(c.embedding);
  return embedded;
}

async function badgeImage(c: Ctx, item: ExportItem): Promise<PDFImage | null> {
  if (c.images.has(item.ref)) return c.images.get(item.ref) ?? null;
  let img: PDFImage | null = null;
  if (item.image) {
    const verdict = inspectImage(item.image);
    if (verdict.ok) {
      try {
        img = await picture(c, item.image.bytes, verdict.info.kind);
      } catch {
        c.warnings.push(
          `The badge image of "${clean(c.fonts, item.title, 80)}" could not be read; a placeholder is shown.`,
        );
      }
    } else if (!/svg/i.test(item.image.mediaType)) {
      c.warnings.push(
        `The badge image of "${clean(c.fonts, item.title, 80)}" is not drawn: ${verdict.reason}.`,
      );
    }
  }
  c.images.set(item.ref, img);
  return img;
}

async function badge(
  c: Ctx,
  item: ExportItem,
  x: number,
  yTop: number,
  size: number,
): Promise<void> {
  const img = await badgeImage(c, item);
  if (!img) {
    placeholderBadge(c, item, x, yTop, size);
    return;
  }
  const scale = Math.min(size / img.width, size / img.height);
  const w = img.width * scale;
  const h = img.height * scale;
  c.page.drawImage(img, {
    x: x + (size - w) / 2,
    y: yTop - size + (size - h) / 2,
    width: w,
    height: h,
  });
}

// ---------------------------------------------------------------------------------------------
// Page 1: the résumé

function appendixNumber(model: ExportModel, item: ExportItem): string {
  return `A${model.items.indexOf(item) + 1}`;
}

function summaryPanel(c: Ctx, model: ExportModel, x: number, yTop: number, w: number): number {
  const counts = new Map<string, { n: number; tone: ExportItem['tone'] }>();
  for (const i of model.items) {
    const e = counts.get(i.trust) ?? { n: 0, tone: i.tone };
    e.n++;
    counts.set(i.trust, e);
  }
  const order: ExportItem['tone'][] = ['good', 'info', 'neutral', 'warn', 'bad'];
  const rows = [...counts.entries()].sort(
    (a, b) => order.indexOf(a[1].tone) - order.indexOf(b[1].tone),
  );
  const h = 44 + rows.length * 13 + 14;
  roundedRect(c, x, yTop - h, w, h, 6, { fill: PANEL });
  text(c, 'CREDENTIALS', x + 12, yTop - 16, { size: 7, bold: true, color: MUTED });
  const n = model.items.length;
  text(c, `${n} in this résumé`, x + 12, yTop - 32, { size: 11, bold: true });
  let y = yTop - 48;
  for (const [label, { n: k, tone }] of rows) {
    text(c, `${TONES[tone].symbol} ${k} ${label.toLowerCase()}`, x + 12, y, {
      size: 9,
      color: TONES[tone].ink,
    });
    y -= 13;
  }
  text(c, 'Checked in the appendix', x + 12, y - 1, { size: 7.5, color: MUTED });
  return h;
}

function header(c: Ctx, model: ExportModel): void {
  const p = model.person;
  const panelW = model.items.length > 0 ? 148 : 0;
  const textW = WIDTH - (panelW > 0 ? panelW + 20 : 0);
  const top = c.y;
  let y = top;
  for (const line of wrap(c.fonts.bold, clean(c.fonts, p.name, 120), 24, textW, 2)) {
    y -= 26;
    text(c, line, LEFT, y, { size: 24, bold: true });
  }
  if (p.headline) {
    y -= 3;
    for (const line of wrap(c.fonts.regular, clean(c.fonts, p.headline, 300), 12.5, textW, 2)) {
      y -= 18;
      text(c, line, LEFT, y, { size: 12.5, color: BODY });
    }
  }
  const contacts: Array<{ label: string; url: string | null }> = [];
  if (p.email) contacts.push({ label: clean(c.fonts, p.email, 120), url: null });
  for (const l of p.links.filter(isHttpUrl).slice(0, 4))
    contacts.push({ label: shortLink(l, 44), url: l });
  if (contacts.length > 0) {
    y -= 17;
    let x = LEFT;
    for (const [i, ct] of contacts.entries()) {
      const sep = i === 0 ? '' : '  ·  ';
      const w = widthOf(c.fonts.regular, sep + ct.label, 9);
      if (x + w > LEFT + textW && x > LEFT) {
        y -= 13;
        x = LEFT;
      }
      const shown = x === LEFT ? ct.label : sep + ct.label;
      text(c, shown, x, y, { size: 9, color: ct.url ? ACCENT : BODY });
      if (ct.url) {
        const sw = widthOf(c.fonts.regular, x === LEFT ? '' : sep, 9);
        link(c, ct.url, x + sw, y - 2, widthOf(c.fonts.regular, ct.label, 9), 11);
      }
      x += widthOf(c.fonts.regular, shown, 9);
    }
  }
  if (p.targetRole) {
    y -= 15;
    text(c, 'Target role:', LEFT, y, { size: 9, bold: true, color: BODY });
    text(
      c,
      clean(c.fonts, p.targetRole, 200),
      LEFT + widthOf(c.fonts.bold, 'Target role: ', 9),
      y,
      { size: 9, color: BODY },
    );
  }
  const panelH = panelW > 0 ? summaryPanel(c, model, RIGHT - panelW, top, panelW) : 0;
  c.y = Math.min(y, top - panelH) - 18;
  if (p.summary) {
    for (const line of wrap(
      c.fonts.regular,
      clean(c.fonts, p.summary, 3000, false),
      10.5,
      WIDTH,
      12,
    )) {
      ensure(c, 15);
      c.y -= 15;
      text(c, line, LEFT, c.y, { size: 10.5, color: BODY });
    }
    c.y -= 8;
  }
  if (model.skills.length > 0) {
    const label = 'Skills: ';
    const names = model.skills.map((s) => clean(c.fonts, s.name, 80)).join(' · ');
    const lines = wrap(c.fonts.regular, label + names, 9.5, WIDTH, 4);
    lines.forEach((line, i) => {
      c.y -= 14;
      if (i === 0) {
        text(c, 'Skills:', LEFT, c.y, { size: 9.5, bold: true, color: INK });
        text(c, line.slice(label.length), LEFT + widthOf(c.fonts.bold, label, 9.5), c.y, {
          size: 9.5,
          color: BODY,
        });
      } else text(c, line, LEFT, c.y, { size: 9.5, color: BODY });
    });
    c.y -= 6;
  }
  c.y -= 6;
  c.page.drawLine({
    start: { x: LEFT, y: c.y },
    end: { x: RIGHT, y: c.y },
    thickness: 0.75,
    color: RULE,
  });
  c.y -= 6;
}

/**
 * A turn for what waits on this thread between two credentials: the presentation is signed
 * meanwhile by a verification thread whose answers arrive as events, which laying out the
 * pages in one go would keep waiting until the end.
 */
function letOthersRun(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

async function resumeRow(c: Ctx, model: ExportModel, item: ExportItem): Promise<void> {
  const icon = 28;
  const x = LEFT + icon + 10;
  const pillSpace = 104;
  const titleLines = wrap(
    c.fonts.bold,
    clean(c.fonts, item.title, 300),
    10.5,
    RIGHT - x - pillSpace,
    2,
  );
  const meta = [
    clean(c.fonts, item.issuer ?? 'Issuer not stated', 160),
    formatDate(item.issuedOn),
    `details ${appendixNumber(model, item)}`,
  ].filter((s) => s !== '');
  const metaLines = wrap(c.fonts.regular, meta.join('  ·  '), 9, RIGHT - x, 2);
  const noteLines = item.note
    ? wrap(c.fonts.regular, `“${clean(c.fonts, item.note, 400)}”`, 9, RIGHT - x, 2)
    : [];
  const h =
    Math.max(icon, titleLines.length * 13 + metaLines.length * 12 + noteLines.length * 12) + 12;
  ensure(c, h);
  const top = c.y - 4;
  await badge(c, item, LEFT, top, icon);
  let y = top - 10;
  pill(c, item.trust, item.tone, RIGHT, y);
  for (const line of titleLines) {
    text(c, line, x, y, { size: 10.5, bold: true });
    y -= 13;
  }
  y += 1;
  for (const line of metaLines) {
    text(c, line, x, y, { size: 9, color: MUTED });
    y -= 12;
  }
  for (const line of noteLines) {
    text(c, line, x, y, { size: 9, color: BODY });
    y -= 12;
  }
  c.y -= h;
}

async function resumePages(c: Ctx, model: ExportModel): Promise<void> {
  header(c, model);
  c.continuation = `${clean(c.fonts, model.person.name, 120)} — résumé (continued)`;
  if (model.items.length === 0) {
    c.y -= 18;
    text(c, 'No credentials have been added to this portfolio yet.', LEFT, c.y, {
      size: 10.5,
      color: MUTED,
    });
    return;
  }
  for (const section of model.sections) {
    ensure(c, 70);
    c.y -= 22;
    const title = clean(c.fonts, section.title, 200);
    text(c, title, LEFT, c.y, { size: 13, bold: true, color: ACCENT });
    const count = `${section.items.length} credential${section.items.length === 1 ? '' : 's'}`;
    text(c, count, LEFT + widthOf(c.fonts.bold, title, 13) + 10, c.y + 0.5, {
      size: 8.5,
      color: FAINT,
    });
    c.y -= 6;
    for (const item of section.items) {
      await resumeRow(c, model, item);
      await letOthersRun();
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Appendix: every credential with its verification report

/**
 * The QR code as filled rectangles (one per run of dark modules): sharp at any zoom and in print,
 * and a fraction of the size of an image.
 */
function drawQr(c: Ctx, url: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const m = size / n;
  const ops = [pushGraphicsState(), setFillingColor(INK)];
  for (let row = 0; row < n; row++) {
    let col = 0;
    while (col < n) {
      if (!qr.modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < n && qr.modules.get(row, col)) col++;
      ops.push(
        rectangle(x + start * m, y + size - (row + 1) * m, (col - start) * m, m),
        closePath(),
      );
    }
  }
  ops.push(fill(), popGraphicsState());
  c.page.pushOperators(...ops);
}

function whereIsOriginal(item: ExportItem, inPresentation: boolean): string {
  return inPresentation
    ? `Original: inside ${PRESENTATION_FILE} (attached), with the issuer’s proof intact.`
    : `Original: attached as ${item.fileName} (${item.digestSRI.slice(0, 22)}…).`;
}

async function appendixBlock(
  c: Ctx,
  model: ExportModel,
  item: ExportItem,
  inPresentation: boolean,
): Promise<void> {
  const side = 92;
  const colW = WIDTH - side - 16;
  const f = c.fonts;
  const title = wrap(
    f.bold,
    `${appendixNumber(model, item)}  ${clean(f, item.title, 300)}`,
    11.5,
    colW,
    3,
  );
  const facts: Array<[string, string]> = [
    ['Issuer', clean(f, item.issuer ?? 'Not stated', 200)],
    ['Issued', formatDate(item.issuedOn)],
    ['Valid until', formatDate(item.validUntil)],
    ['Format', item.formatLabel],
    ['Credential ID', clean(f, item.credentialId, 300)],
    ['Skills', clean(f, item.skills.join(', '), 300)],
  ].filter((r): r is [string, string] => r[1] !== '');
  const labelW = 74;
  const factLines = facts.map(([k, v]) => [k, wrap(f.regular, v, 8.5, colW - labelW, 3)] as const);
  const desc = item.description
    ? wrap(f.regular, clean(f, item.description, 1200, false), 8.5, colW, 5)
    : [];
  const criteria = item.criteria
    ? wrap(f.regular, `Criteria: ${clean(f, item.criteria, 600, false)}`, 8.5, colW, 3)
    : [];
  const checks = item.report.checks.slice(0, 14).map((ch) => {
    const mark = CHECK_MARKS[ch.status];
    return { ch, mark, lines: wrap(f.regular, clean(f, ch.message, 500), 8.5, colW - 92, 3) };
  });
  const where = wrap(f.regular, whereIsOriginal(item, inPresentation), 8, colW, 2);
  const h =
    title.length * 14 +
    8 +
    factLines.reduce((n, [, l]) => n + l.length * 11, 0) +
    (desc.length > 0 ? desc.length * 11 + 6 : 0) +
    (criteria.length > 0 ? criteria.length * 11 + 4 : 0) +
    22 +
    checks.reduce((n, x) => n + x.lines.length * 11 + 2, 0) +
    where.length * 10 +
    26;
  ensure(c, Math.max(h, side + 70));
  const top = c.y;
  let y = top - 12;
  for (const line of title) {
    text(c, line, LEFT, y, { size: 11.5, bold: true });
    y -= 14;
  }
  y -= 2;
  for (const [k, lines] of factLines) {
    text(c, k, LEFT, y, { size: 8.5, color: MUTED });
    for (const line of lines) {
      text(c, line, LEFT + labelW, y, { size: 8.5, color: BODY });
      y -= 11;
    }
  }
  if (desc.length > 0) {
    y -= 6;
    for (const line of desc) {
      text(c, line, LEFT, y, { size: 8.5, color: BODY });
      y -= 11;
    }
  }
  if (criteria.length > 0) {
    y -= 4;
    for (const line of criteria) {
      text(c, line, LEFT, y, { size: 8.5, color: MUTED });
      y -= 11;
    }
  }
  y -= 8;
  const heading = `Verification as of ${formatDateTime(item.report.checkedAt)}:`;
  text(c, heading, LEFT, y, { size: 8.5, bold: true });
  pill(
    c,
    item.trust,
    item.tone,
    LEFT +
      widthOf(f.bold, heading, 8.5) +
      8 +
      widthOf(f.bold, `${TONES[item.tone].symbol} ${item.trust}`, 7.5) +
      12,
    y,
    7.5,
  );
  y -= 14;
  for (const { ch, mark, lines } of checks) {
    const tone = TONES[mark.tone];
    // The symbol's shape (✓ ✗ ! –) says the outcome; its colour only repeats it.
    text(c, mark.symbol, LEFT + 2, y, { size: 8.5, bold: true, color: tone.ink });
    text(c, checkName(ch.id), LEFT + 14, y, { size: 8.5, bold: true, color: BODY });
    for (const line of lines) {
      text(c, line, LEFT + 92, y, { size: 8.5, color: BODY });
      y -= 11;
    }
    y -= 2;
  }
  y -= 2;
  for (const line of where) {
    text(c, line, LEFT, y, { size: 8, color: MUTED });
    y -= 10;
  }

  // Side column: badge, QR code, short link.
  const sx = RIGHT - side;
  let sy = top - 4;
  await badge(c, item, sx + (side - 48) / 2, sy, 48);
  sy -= 56;
  if (item.verifyUrl) {
    const q = 70;
    drawQr(c, item.verifyUrl, sx + (side - q) / 2, sy - q, q);
    link(c, item.verifyUrl, sx + (side - q) / 2, sy - q, q, q);
    sy -= q + 10;
    const short = wrapAtSeparators(f.regular, shortLink(item.verifyUrl, 60), 7, side, 3);
    for (const line of short) {
      const w = widthOf(f.regular, line, 7);
      text(c, line, sx + (side - w) / 2, sy, { size: 7, color: ACCENT });
      link(c, item.verifyUrl, sx + (side - w) / 2, sy - 2, w, 9);
      sy -= 9;
    }
    const hint = 'Scan to verify';
    text(c, hint, sx + (side - widthOf(f.regular, hint, 6.5)) / 2, sy - 1, {
      size: 6.5,
      color: FAINT,
    });
    sy -= 10;
  } else {
    const note = wrap(
      f.regular,
      inPresentation
        ? `Verifiable offline: see ${PRESENTATION_FILE}`
        : `Attached file: ${item.fileName}`,
      7,
      side,
      3,
    );
    for (const line of note) {
      const w = widthOf(f.regular, line, 7);
      text(c, line, sx + (side - w) / 2, sy, { size: 7, color: MUTED });
      sy -= 9;
    }
  }
  c.y = Math.min(y, sy) - 10;
  c.page.drawLine({
    start: { x: LEFT, y: c.y },
    end: { x: RIGHT, y: c.y },
    thickness: 0.5,
    color: RULE,
  });
  c.y -= 4;
}

/** Octets in groups of eight, so a fingerprint wraps between groups. */
function groupedFingerprint(fp: string): string {
  const octets = fp.split(':');
  const groups: string[] = [];
  for (let i = 0; i < octets.length; i += 8) groups.push(octets.slice(i, i + 8).join(':'));
  return groups.join(' ');
}

function aboutDocument(
  c: Ctx,
  input: PdfBase,
  attachments: Array<{ name: string; what: string }>,
): void {
  const f = c.fonts;
  const cert = describeCertificate(input.keys.signing);
  const rows: Array<[string, string]> = [
    ['Holder', input.keys.holder.did],
    [
      'Signed with',
      `${clean(f, cert.subject, 200)} (${cert.source === 'self-signed' ? 'self-signed certificate naming the holder’s did:key' : `certificate issued by ${clean(f, cert.issuer, 200)}`})`,
    ],
    ['Certificate SHA-256', groupedFingerprint(cert.sha256Fingerprint)],
    ['Exported', formatDateTime(input.model.exportedAt)],
  ];
  const intro =
    'This PDF is signed: any change to it breaks the signature. The attached files let anyone re-check every credential without trusting Skillfolio — with `skillfolio verify-export` on this file, or with any W3C Verifiable Credentials verifier on portfolio.vp.json.';
  const introLines = wrap(f.regular, intro, 8.5, WIDTH, 6);
  ensure(c, 40 + introLines.length * 11);
  c.y -= 22;
  text(c, 'About this document', LEFT, c.y, { size: 12, bold: true, color: ACCENT });
  c.y -= 6;
  for (const line of introLines) {
    c.y -= 11;
    text(c, line, LEFT, c.y, { size: 8.5, color: BODY });
  }
  c.y -= 6;
  for (const [k, v] of rows) {
    const lines = wrap(f.regular, v, 8, WIDTH - 110, 3);
    ensure(c, lines.length * 10 + 2);
    c.y -= 10;
    text(c, k, LEFT, c.y, { size: 8, color: MUTED });
    lines.forEach((line, i) => {
      if (i > 0) c.y -= 10;
      text(c, line, LEFT + 110, c.y, { size: 8, color: BODY });
    });
    c.y -= 2;
  }
  ensure(c, 40);
  c.y -= 18;
  text(c, 'Attached files', LEFT, c.y, { size: 8.5, bold: true });
  for (const a of attachments) {
    const lines = wrap(f.regular, `${a.name} — ${a.what}`, 8, WIDTH - 12, 2);
    ensure(c, lines.length * 10 + 2);
    for (const line of lines) {
      c.y -= 10;
      text(c, line, LEFT + 12, c.y, { size: 8, color: BODY });
    }
    c.y -= 2;
  }
}

async function appendixPages(
  c: Ctx,
  input: PdfBase,
  embedded: ReadonlySet<number>,
  attachments: Array<{ name: string; what: string }>,
): Promise<void> {
  const { model } = input;
  c.continuation = '';
  newPage(c);
  c.continuation = `${clean(c.fonts, model.person.name, 120)} — appendix (continued)`;
  c.y -= 20;
  text(c, 'Appendix: the credentials and their checks', LEFT, c.y, { size: 15, bold: true });
  c.y -= 8;
  const intro = `Each credential as Skillfolio checked it before this export. The originals travel with this PDF as attachments, so the checks can be repeated by anyone.`;
  for (const line of wrap(c.fonts.regular, intro, 9, WIDTH, 3)) {
    c.y -= 12;
    text(c, line, LEFT, c.y, { size: 9, color: BODY });
  }
  c.y -= 10;
  c.page.drawLine({
    start: { x: LEFT, y: c.y },
    end: { x: RIGHT, y: c.y },
    thickness: 0.75,
    color: RULE,
  });
  c.y -= 6;
  for (const item of model.items) {
    await appendixBlock(c, model, item, embedded.has(item.ref));
    await letOthersRun();
  }
  aboutDocument(c, input, attachments);
}

function footers(c: Ctx, model: ExportModel): void {
  const total = c.pages.length;
  const left = `${clean(c.fonts, model.person.name, 80)} · exported ${formatDate(model.exportedAt)} with Skillfolio · digitally signed`;
  c.pages.forEach((page, i) => {
    page.drawLine({
      start: { x: LEFT, y: BOTTOM - 22 },
      end: { x: RIGHT, y: BOTTOM - 22 },
      thickness: 0.5,
      color: RULE,
    });
    textOn(page, c.fonts.regular, left, LEFT, BOTTOM - 34, 7.5, FAINT);
    const right = `Page ${i + 1} of ${total}`;
    const x = RIGHT - widthOf(c.fonts.regular, right, 7.5);
    textOn(page, c.fonts.regular, right, x, BOTTOM - 34, 7.5, FAINT);
  });
}

// ---------------------------------------------------------------------------------------------

function pdfDate(iso: string): Date {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? new Date() : d;
}

/** Lays out, attaches and signs the PDF. The signature is the last write: nothing is saved after it. */
export async function buildSignedPdf(input: PdfInput | PdfInputLater): Promise<BuiltPdf> {
  const { model } = input;
  const later = 'presentationBytes' in input;
  const embeddedRefs = later
    ? input.embeddedRefs
    : (input.presentation?.embeddedRefs ?? new Set<number>());
  const presentationBytes = later
    ? input.presentationBytes
    : Promise.resolve(input.presentation?.bytes ?? null);
  // Awaited once the pages are laid out: a failure meanwhile is the caller's to report, not an
  // unhandled rejection.
  void presentationBytes.catch(() => undefined);
  const doc = await PDFDocument.create();
  const deflater = useNativeDeflate(doc);
  // The attachments are compressed on libuv's threads while the pages are laid out.
  deflater.soon(input.resumeJson);
  for (const o of input.originals) deflater.soon(o.original.bytes);
  void presentationBytes.then(
    (bytes) => bytes && deflater.soon(bytes),
    () => undefined,
  );
  doc.registerFontkit(cmapFontkit);
  const files = loadFontFiles();
  const regular = await doc.embedFont(files.regular, { subset: true });
  const bold = await doc.embedFont(files.bold, { subset: true });
  const inBold = new Set(bold.getCharacterSet());
  const charset = new Set(regular.getCharacterSet().filter((cp) => inBold.has(cp)));
  const c: Ctx = {
    doc,
    fonts: { regular, bold, charset, boldOutlines: cmapFontkit.create(files.bold) },
    pages: [],
    page: undefined as unknown as PDFPage,
    y: TOP,
    continuation: '',
    images: new Map(),
    pictures: new Map(),
    embedding: [],
    pendingPixelBytes: 0,
    warnings: [],
  };
  newPage(c);
  await resumePages(c, model);

  const created = pdfDate(model.exportedAt);
  const attachments: Array<{
    name: string;
    bytes: Uint8Array;
    mimeType: string;
    what: string;
    rel: AFRelationship;
  }> = [];
  const presentation =
    later || input.presentation !== null
      ? {
          name: PRESENTATION_FILE,
          // Filled in once the presentation is signed.
          bytes: new Uint8Array(0) as Uint8Array,
          mimeType: 'application/vp+ld+json',
          what: 'the signed Verifiable Presentation: résumé credential and original credentials with their proofs',
          rel: AFRelationship.Alternative,
        }
      : null;
  if (presentation) attachments.push(presentation);
  attachments.push({
    name: RESUME_FILE,
    bytes: input.resumeJson,
    mimeType: 'application/json',
    what: 'this résumé in the JSON Resume format',
    rel: AFRelationship.Alternative,
  });
  for (const o of input.originals) {
    attachments.push({
      name: o.fileName,
      bytes: o.original.bytes,
      mimeType: o.original.mediaType,
      what: `original of “${clean(c.fonts, o.title, 120)}” (${o.digestSRI})`,
      rel: AFRelationship.Source,
    });
  }
  if (model.items.length > 0) await appendixPages(c, input, embeddedRefs, attachments);
  else {
    c.y -= 20;
    aboutDocument(c, input, attachments);
  }
  footers(c, model);

  // All that does not need the presentation is done while it may still be being signed: no text
  // is drawn after this, so the font subsets are final.
  await regular.embed();
  await bold.embed();
  await Promise.all([deflatePageContents(doc), ...c.embedding]);
  if (presentation) {
    const bytes = await presentationBytes;
    if (bytes === null) throw new AppError('internal', 'The presentation for the PDF is missing.');
    presentation.bytes = bytes;
  }
  await deflater.settled();
  for (const a of attachments) {
    await doc.attach(a.bytes, a.name, {
      mimeType: a.mimeType,
      description: a.what.slice(0, 300),
      creationDate: created,
      modificationDate: created,
      afRelationship: a.rel,
    });
  }
  const name = clean(c.fonts, model.person.name, 200);
  doc.setTitle(`${name} — résumé`, { showInWindowTitleBar: true });
  doc.setAuthor(name);
  if (model.person.headline) doc.setSubject(clean(c.fonts, model.person.headline, 300));
  doc.setKeywords(model.skills.map((s) => clean(c.fonts, s.name, 80)));
  doc.setCreator('Skillfolio');
  doc.setProducer('Skillfolio (pdf-lib)');
  doc.setCreationDate(created);
  doc.setModificationDate(created);
  doc.catalog.set(PDFName.of('Lang'), PDFString.of('en'));

  addSignaturePlaceholder(doc, input.keys.signing, {
    name: input.keys.holder.did,
    contact: model.person.email,
    signingTime: input.signingTime,
  });
  await deflatePageContents(doc);
  const unsigned = await doc.save({ useObjectStreams: false });
  const bytes = await signPdfBytes(unsigned, input.keys.signing, input.signingTime);
  return { bytes, pages: c.pages.length, warnings: c.warnings };
}
