// Badge images are untrusted: read their declared size before pdf-lib decodes anything, so a hostile PNG cannot exhaust memory.
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
