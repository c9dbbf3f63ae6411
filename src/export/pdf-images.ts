// Badge images are untrusted: read their declared size before pdf-lib decodes anything, so a hostile PNG cannot exhaust memory.
import { promisify } from 'node:util';
import { deflate, inflateSync } from 'node:zlib';
import { PDFImage, PngEmbedder, type PDFContext, type PDFDocument, type PDFRef } from 'pdf-lib';
import type { ExportBlob } from './model';

export const IMAGE_LIMITS = { maxBytes: 8 * 1024 * 1024, maxSide: 4096, maxPixels: 8_000_000 };

export type ImageInfo = { kind: 'png' | 'jpeg'; width: number; height: number };
export type ImageVerdict = { ok: true; info: ImageInfo } | { ok: false; reason: string };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function pngInfo(b: Uint8Array): ImageVerdict {
  if (b.length < 33) return { ok: false, reason: 'the PNG is truncated' };
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const type = String.fromCharCode(b[12] ?? 0, b[13] ?? 0, b[14] ?? 0, b[15] ?? 0);
  if (view.getUint32(8) !== 13 || type !== 'IHDR')
    return { ok: false, reason: 'the PNG has no header chunk' };
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  const bitDepth = b[24] ?? 0;
  const colorType = b[25] ?? 0;
  if (![1, 2, 4, 8, 16].includes(bitDepth) || ![0, 2, 3, 4, 6].includes(colorType)) {
    return { ok: false, reason: 'the PNG header is not valid' };
  }
  return { ok: true, info: { kind: 'png', width, height } };
}

/** Walks JPEG segments up to the frame header (SOFn) that holds the dimensions. */
function jpegInfo(b: Uint8Array): ImageVerdict {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return { ok: false, reason: 'the JPEG is malformed' };
    const marker = b[i + 1] ?? 0;
    if (marker === 0xff) {
      i++;
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    const length = ((b[i + 2] ?? 0) << 8) | (b[i + 3] ?? 0);
    if (length < 2) return { ok: false, reason: 'the JPEG is malformed' };
    const isSof =
      marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) {
      const height = ((b[i + 5] ?? 0) << 8) | (b[i + 6] ?? 0);
      const width = ((b[i + 7] ?? 0) << 8) | (b[i + 8] ?? 0);
      return { ok: true, info: { kind: 'jpeg', width, height } };
    }
    i += 2 + length;
  }
  return { ok: false, reason: 'the JPEG has no frame header' };
}

/** Whether the image is a PNG or JPEG of sane size, judged from its header alone. */
export function inspectImage(img: ExportBlob): ImageVerdict {
  const b = img.bytes;
  if (b.length > IMAGE_LIMITS.maxBytes)
    return { ok: false, reason: 'the image is larger than 8 MB' };
  let verdict: ImageVerdict;
  if (PNG_SIGNATURE.every((v, i) => b[i] === v)) verdict = pngInfo(b);
  else if (b[0] === 0xff && b[1] === 0xd8) verdict = jpegInfo(b);
  else if (/svg/i.test(img.mediaType))
    return { ok: false, reason: 'SVG badges are not drawn in PDFs' };
  else return { ok: false, reason: 'the image is neither PNG nor JPEG' };
  if (!verdict.ok) return verdict;
  const { width, height } = verdict.info;
  if (width === 0 || height === 0) return { ok: false, reason: 'the image has no pixels' };
  if (
    width > IMAGE_LIMITS.maxSide ||
    height > IMAGE_LIMITS.maxSide ||
    width * height > IMAGE_LIMITS.maxPixels
  ) {
    return {
      ok: false,
      reason: `the image declares ${width}×${height} pixels, more than Skillfolio draws`,
    };
  }
  return verdict;
}

/** What pdf-lib draws from a PNG: 8-bit RGB samples and, when any pixel is not opaque, 8-bit alpha. */
export type PngPixels = {
  width: number;
  height: number;
  rgb: Uint8Array;
  alpha: Uint8Array | null;
};

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Reverses the PNG row filters in place; false if a row names a filter that does not exist. */
function unfilter(data: Uint8Array, width: number, height: number, bpp: number): boolean {
  const stride = width * bpp;
  for (let y = 0; y < height; y++) {
    const row = y * (stride + 1) + 1;
    const end = row + stride;
    const type = data[row - 1];
    // The first row has no row above: its "up" samples are zero.
    const prev = y > 0 ? row - stride - 1 : -1;
    const up = (i: number) => (prev < 0 ? 0 : (data[i - stride - 1] as number));
    if (type === 0) continue;
    if (type === 1) {
      for (let i = row + bpp; i < end; i++)
        data[i] = ((data[i] as number) + (data[i - bpp] as number)) & 0xff;
    } else if (type === 2) {
      if (prev < 0) continue;
      for (let i = row; i < end; i++)
        data[i] = ((data[i] as number) + (data[i - stride - 1] as number)) & 0xff;
    } else if (type === 3) {
      for (let i = row; i < end; i++) {
        const left = i - row >= bpp ? (data[i - bpp] as number) : 0;
        data[i] = ((data[i] as number) + ((left + up(i)) >> 1)) & 0xff;
      }
    } else if (type === 4) {
      for (let i = row; i < end; i++) {
        const hasLeft = i - row >= bpp;
        const left = hasLeft ? (data[i - bpp] as number) : 0;
        const upLeft = hasLeft ? up(i - bpp) : 0;
        data[i] = ((data[i] as number) + paeth(left, up(i), upLeft)) & 0xff;
      }
    } else {
      return false;
    }
  }
  return true;
}

/**
 * The pixels of the usual badge PNG (8-bit RGB or RGBA, not interlaced, no colour-key or animation
 * chunks), inflated by node:zlib: pdf-lib's own decoder inflates in JavaScript and took most of a
 * PDF's time. Gives exactly the samples pdf-lib would embed, or null for any other PNG (and for a
 * damaged one), which pdf-lib then decodes as before. Call after `inspectImage` accepted it.
 */
export function decodeCommonPng(b: Uint8Array): PngPixels | null {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let header: { width: number; height: number; bpp: number } | null = null;
  const idat: Uint8Array[] = [];
  let at = 8;
  for (;;) {
    if (at + 12 > b.length) return null;
    const length = view.getUint32(at);
    const type = String.fromCharCode(
      b[at + 4] ?? 0,
      b[at + 5] ?? 0,
      b[at + 6] ?? 0,
      b[at + 7] ?? 0,
    );
    const data = at + 8;
    if (length > b.length - data - 4) return null;
    if (type === 'IHDR') {
      if (length !== 13) return null;
      const [depth, colour, compression, filter, interlace] = b.subarray(data + 8, data + 13);
      if (depth !== 8 || (colour !== 2 && colour !== 6)) return null;
      if (compression !== 0 || filter !== 0 || interlace !== 0) return null;
      header = {
        width: view.getUint32(data),
        height: view.getUint32(data + 4),
        bpp: colour === 6 ? 4 : 3,
      };
    } else if (type === 'IDAT') {
      idat.push(b.subarray(data, data + length));
    } else if (type === 'tRNS' || type === 'acTL') {
      return null;
    } else if (type === 'IEND') {
      break;
    }
    at = data + length + 4;
  }
  if (!header || idat.length === 0) return null;
  const { width, height, bpp } = header;
  const expected = (width * bpp + 1) * height;
  let data: Uint8Array;
  try {
    data = inflateSync(Buffer.concat(idat), { maxOutputLength: expected });
  } catch {
    return null;
  }
  if (data.length !== expected || !unfilter(data, width, height, bpp)) return null;
  const stride = width * bpp;
  const rgb = new Uint8Array(width * height * 3);
  if (bpp === 3) {
    for (let y = 0; y < height; y++) {
      const row = y * (stride + 1) + 1;
      rgb.set(data.subarray(row, row + stride), y * stride);
    }
    return { width, height, rgb, alpha: null };
  }
  const alpha = new Uint8Array(width * height);
  // The bitwise AND of every alpha sample is 255 only when the picture is opaque everywhere.
  let opaque = 255;
  let o = 0;
  let a = 0;
  for (let y = 0; y < height; y++) {
    const row = y * (stride + 1) + 1;
    for (let i = row, end = row + stride; i < end; i += 4) {
      rgb[o] = data[i] as number;
      rgb[o + 1] = data[i + 1] as number;
      rgb[o + 2] = data[i + 2] as number;
      o += 3;
      const sample = data[i + 3] as number;
      alpha[a++] = sample;
      opaque &= sample;
    }
  }
  return { width, height, rgb, alpha: opaque === 255 ? null : alpha };
}

/** A PNG's channels compressed for the PDF: the RGB samples and, when not opaque, the soft mask. */
export type PreparedPng = {
  width: number;
  height: number;
  rgb: Uint8Array;
  alpha: Uint8Array | null;
};

const deflateAsync = promisify(deflate);

/** Compresses decoded pixels on libuv's thread pool, beside whatever this thread does meanwhile. */
export async function compressPixels(px: PngPixels): Promise<PreparedPng> {
  const [rgb, alpha] = await Promise.all([
    deflateAsync(px.rgb),
    px.alpha ? deflateAsync(px.alpha) : Promise.resolve(null),
  ]);
  return { width: px.width, height: px.height, rgb, alpha };
}

/**
 * An image that can be drawn now and is written once `prepared` settles (pdf-lib embeds images
 * when the document is saved): an RGB image with its alpha channel as soft mask, the same objects
 * pdf-lib's own PNG embedder makes from the same pixels.
 */
export function preparedPngImage(
  doc: PDFDocument,
  size: { width: number; height: number },
  prepared: Promise<PreparedPng>,
): PDFImage {
  const embedIntoContext = async (context: PDFContext, ref?: PDFRef): Promise<PDFRef> => {
    const p = await prepared;
    const common = { BitsPerComponent: 8, Width: p.width, Height: p.height };
    const mask = p.alpha
      ? context.register(
          context.stream(p.alpha, {
            Type: 'XObject',
            Subtype: 'Image',
            Height: p.height,
            Width: p.width,
            BitsPerComponent: 8,
            ColorSpace: 'DeviceGray',
            Decode: [0, 1],
            Filter: 'FlateDecode',
          }),
        )
      : undefined;
    const image = context.stream(p.rgb, {
      Type: 'XObject',
      Subtype: 'Image',
      ...common,
      ColorSpace: 'DeviceRGB',
      SMask: mask,
      Filter: 'FlateDecode',
    });
    if (!ref) return context.register(image);
    context.assign(ref, image);
    return ref;
  };
  // PDFImage accepts only pdf-lib's embedder classes; this one writes streams already compressed.
  const embedder = Object.assign(Object.create(PngEmbedder.prototype) as PngEmbedder, {
    bitsPerComponent: 8,
    width: size.width,
    height: size.height,
    colorSpace: 'DeviceRGB',
    embedIntoContext,
  });
  return PDFImage.of(doc.context.nextRef(), doc, embedder);
}
