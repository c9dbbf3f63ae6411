// Decides whether bytes are a badge image we are willing to keep, by their content, never by a claimed type.
import { AppError } from '../shared/errors';

export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;

export type ImageType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp' | 'image/svg+xml';

function startsWith(bytes: Uint8Array, sig: readonly number[], at = 0): boolean {
  if (bytes.length < at + sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (bytes[at + i] !== sig[i]) return false;
  return true;
}

/** The image type the bytes really are, or null. SVG is recognised by an `<svg` root near the start. */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'image/gif';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) {
    return 'image/webp';
  }
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 4096));
  if (/^\uFEFF?\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(head)) {
    return 'image/svg+xml';
  }
  return null;
}

/** Checks size and type; returns the verified media type or throws a clear AppError. */
export function checkImage(bytes: Uint8Array, what = 'The badge image'): ImageType {
  if (bytes.byteLength > MAX_IMAGE_BYTES) {
    throw new AppError('too-large', `${what} is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB; it was not kept.`);
  }
  const type = sniffImageType(bytes);
  if (!type) throw new AppError('unsupported-format', `${what} is not a PNG, JPEG, GIF, WebP or SVG image; it was not kept.`);
  return type;
}
