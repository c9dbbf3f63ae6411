// Finds the TrueType fonts shipped in resources/fonts (beside their licence) for the PDF: in the repo, under tsx/vitest, and in the packaged app.
import fs from 'node:fs';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import type { Fontkit } from 'pdf-lib/cjs/types/fontkit';
import { AppError } from '../shared/errors';

export type FontFiles = { regular: Uint8Array; bold: Uint8Array };

const REGULAR = 'DejaVuSans.ttf';
const BOLD = 'DejaVuSans-Bold.ttf';

function candidates(): string[] {
  const out: string[] = [];
  const override = process.env.SKILLFOLIO_RESOURCES;
  if (override) out.push(path.join(override, 'fonts'));
  // Packaged Electron app: electron-builder copies resources/ to <resourcesPath>/resources.
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  if (resourcesPath) out.push(path.join(resourcesPath, 'resources', 'fonts'));
  // Source checkouts (tsx, vitest, browser mode) and bundles under out/: walk up to the repo root.
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    out.push(path.join(dir, 'resources', 'fonts'));
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  out.push(path.join(process.cwd(), 'resources', 'fonts'));
  return out;
}

let cached: FontFiles | null = null;

/** The regular and bold DejaVu Sans bytes (Latin, Greek, Cyrillic), read once. */
export function loadFontFiles(): FontFiles {
  if (cached) return cached;
  for (const dir of candidates()) {
    const regular = path.join(dir, REGULAR);
    if (!fs.existsSync(regular)) continue;
    cached = {
      regular: new Uint8Array(fs.readFileSync(regular)),
      bold: new Uint8Array(fs.readFileSync(path.join(dir, BOLD))),
    };
    return cached;
  }
  throw new AppError(
    'internal',
    `The PDF fonts (${REGULAR}) are missing from this installation; reinstall Skillfolio or set SKILLFOLIO_RESOURCES to its resources folder.`,
  );
}

type FontkitFont = ReturnType<Fontkit['create']>;
const parsed = new WeakMap<Uint8Array, FontkitFont>();

/**
 * fontkit for pdf-lib without OpenType shaping: each character maps to its glyph through the
 * font's cmap. Shaping (kerning, ligatures) took most of the PDF's layout time, pdf-lib ignores
 * the kerning it computes anyway, and without ligatures "fi" extracts as two letters. Text is
 * NFC-normalised before drawing, so accented letters are single precomposed glyphs. Each font is
 * parsed once per process; every document makes its own subset from it.
 */
export const cmapFontkit: Fontkit = {
  create(bytes: Uint8Array): FontkitFont {
    const hit = parsed.get(bytes);
    if (hit) return hit;
    const font = fontkit.create(bytes);
    // Each character's glyph once: text is laid out (measured, then encoded) many times over.
    const byCodePoint = new Map<number, ReturnType<FontkitFont['glyphForCodePoint']>>();
    const glyphOf = (ch: string) => {
      const cp = ch.codePointAt(0) ?? 0;
      let glyph = byCodePoint.get(cp);
      if (glyph) return glyph;
      glyph = font.glyphForCodePoint(cp);
      // fontkit caches glyphs by id, and one first met as a component of a composite glyph
      // (the "ï" inside "ї") is cached without its character: pdf-lib would then map it to no
      // text at all in the ToUnicode table, and pdftotext would lose the letter.
      if (glyph.codePoints.length === 0) glyph.codePoints = [cp];
      byCodePoint.set(cp, glyph);
      return glyph;
    };
    const layout = (text: string) => ({ glyphs: Array.from(text, glyphOf) });
    Object.defineProperty(font, 'layout', { value: layout as unknown as FontkitFont['layout'] });
    parsed.set(bytes, font);
    return font;
  },
};
