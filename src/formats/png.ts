// Reads and writes Open Badges "baked" PNGs (credential text in an iTXt/tEXt chunk) without ever decoding pixels.
import { inflateSync } from 'node:zlib';
import { AppError } from '../shared/errors';
import { decodeUtf8 } from './json';

export type BakedKeyword = 'openbadges' | 'openbadgecredential';
export type BakedPayload = { keyword: BakedKeyword; text: string };

export const PNG_LIMITS = {
  /** Largest chunk we accept; real badge data is kilobytes, a 2 GB declaration is an attack. */
  maxChunkBytes: 64 * 1024 * 1024,
  /** Most text a compressed iTXt chunk may inflate to (an iTXt bomb stops here). */
  maxInflatedBytes: 2 * 1024 * 1024,
  /** Most chunks scanned before giving up; big images have a few thousand IDATs at most. */
  maxChunks: 100_000,
};

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const KEYWORDS: readonly BakedKeyword[] = ['openbadges', 'openbadgecredential'];
const MB = 1024 * 1024;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/**
 * CRC-32 (ISO 3309, as PNG and ZIP use it); node:zlib only has it from Node 22.
 * Pass the previous result as `crc` to continue over several pieces.
 */
export function crc32(bytes: Uint8Array, crc = 0): number {
  let c = (crc ^ 0xffffffff) >>> 0;
  for (let i = 0; i < bytes.length; i++) {
    c = (CRC_TABLE[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
  }
  return (c ^ 0xffffffff) >>> 0;
}

export function isPng(bytes: Uint8Array): boolean {
  if (bytes.length < SIGNATURE.length) return false;
  return SIGNATURE.every((b, i) => bytes[i] === b);
}

type Chunk = {
  type: string;
  /** Offset of the chunk's length field; the chunk spans [start, start + 12 + length). */
  start: number;
  data: Uint8Array;
  crc: number;
};

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function typeName(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + 4));
}

/** Walks chunks from the signature to IEND, checking every declared length against the real bytes. */
function* chunks(bytes: Uint8Array): Generator<Chunk> {
  if (!isPng(bytes)) throw new AppError('unsupported-format', 'This file is not a PNG image.');
  const dv = view(bytes);
  let pos = SIGNATURE.length;
  for (let count = 0; ; count++) {
    if (count >= PNG_LIMITS.maxChunks) {
      throw new AppError(
        'too-large',
        `This PNG image has more than ${PNG_LIMITS.maxChunks} chunks; Skillfolio stops reading there.`,
      );
    }
    if (pos + 8 > bytes.length) {
      throw new AppError(
        'malformed',
        'This PNG image is cut short (it ends before its IEND chunk). The file may be damaged or incompletely downloaded.',
      );
    }
    const length = dv.getUint32(pos);
    const type = typeName(bytes, pos + 4);
    if (!/^[A-Za-z]{4}$/.test(type)) {
      throw new AppError('malformed', 'This PNG image is damaged (a chunk has an invalid type).');
    }
    if (length > PNG_LIMITS.maxChunkBytes) {
      throw new AppError(
        'too-large',
        `This PNG image declares a ${type} chunk of ${Math.floor(length / MB)} MB; Skillfolio reads chunks of at most ${PNG_LIMITS.maxChunkBytes / MB} MB.`,
      );
    }
    const remaining = bytes.length - pos - 12;
    if (length > remaining) {
      throw new AppError(
        'malformed',
        `This PNG image is damaged: its ${type} chunk declares ${length} bytes but only ${Math.max(remaining, 0)} remain in the file.`,
      );
    }
    const data = bytes.subarray(pos + 8, pos + 8 + length);
    const crc = dv.getUint32(pos + 8 + length);
    yield { type, start: pos, data, crc };
    if (type === 'IEND') return;
    pos += 12 + length;
  }
}

function crcMatches(bytes: Uint8Array, chunk: Chunk): boolean {
  const typeAndData = bytes.subarray(chunk.start + 4, chunk.start + 8 + chunk.data.length);
  return crc32(typeAndData) === chunk.crc;
}

function firstChunkIsIhdr(chunk: Chunk | undefined): Chunk {
  if (chunk === undefined || chunk.type !== 'IHDR' || chunk.data.length !== 13) {
    throw new AppError(
      'malformed',
      'This PNG image is damaged (it does not start with an IHDR header).',
    );
  }
  return chunk;
}

/** Width and height as the IHDR header declares them; no pixel is ever decoded. */
export function pngDimensions(bytes: Uint8Array): { width: number; height: number } {
  const ihdr = firstChunkIsIhdr(chunks(bytes).next().value ?? undefined);
  if (!crcMatches(bytes, ihdr)) {
    throw new AppError(
      'malformed',
      'This PNG image is damaged (its IHDR header fails its CRC check).',
    );
  }
  const dv = view(ihdr.data);
  return { width: dv.getUint32(0), height: dv.getUint32(4) };
}

function keywordOf(data: Uint8Array): { keyword: string; rest: Uint8Array } | null {
  // PNG keywords are 1–79 Latin-1 bytes followed by a NUL.
  const end = data.subarray(0, 80).indexOf(0);
  if (end < 1) return null;
  return {
    keyword: String.fromCharCode(...data.subarray(0, end)),
    rest: data.subarray(end + 1),
  };
}

function asBakedKeyword(keyword: string): BakedKeyword | null {
  return (KEYWORDS as readonly string[]).includes(keyword) ? (keyword as BakedKeyword) : null;
}

/** The text of an iTXt chunk after its keyword: flags, language tag, translated keyword, then the text. */
function iTxtText(rest: Uint8Array): Uint8Array {
  const damaged = () =>
    new AppError(
      'malformed',
      'The badge data chunk in this PNG image is damaged (bad iTXt layout).',
    );
  if (rest.length < 2) throw damaged();
  const compressed = rest[0];
  const method = rest[1];
  const langEnd = rest.indexOf(0, 2);
  if (langEnd < 0) throw damaged();
  const translatedEnd = rest.indexOf(0, langEnd + 1);
  if (translatedEnd < 0) throw damaged();
  const text = rest.subarray(translatedEnd + 1);
  if (compressed === 0) return text;
  if (compressed !== 1 || method !== 0) throw damaged();
  try {
    return inflateSync(text, { maxOutputLength: PNG_LIMITS.maxInflatedBytes });
  } catch (err) {
    if (err instanceof RangeError || (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new AppError(
        'too-large',
        `The compressed badge data in this PNG image inflates to more than ${PNG_LIMITS.maxInflatedBytes / MB} MB; no real badge is that big.`,
      );
    }
    throw new AppError(
      'malformed',
      'The compressed badge data in this PNG image is damaged and cannot be inflated.',
    );
  }
}

/**
 * The Open Badges text baked into a PNG (iTXt `openbadges`/`openbadgecredential`, or OB 1.x tEXt
 * `openbadges`): a JSON document, a compact JWS or a URL, trimmed. Throws AppError.
 */
export function readBakedPng(bytes: Uint8Array): BakedPayload {
  let found: { keyword: BakedKeyword; raw: Uint8Array } | null = null;
  let first = true;
  for (const chunk of chunks(bytes)) {
    if (first) {
      firstChunkIsIhdr(chunk);
      first = false;
    }
    if (chunk.type !== 'iTXt' && chunk.type !== 'tEXt') continue;
    const head = keywordOf(chunk.data);
    const keyword = head === null ? null : asBakedKeyword(head.keyword);
    if (head === null || keyword === null) continue;
    if (!crcMatches(bytes, chunk)) {
      throw new AppError(
        'malformed',
        'This PNG image is damaged: the badge data chunk is damaged (CRC mismatch).',
      );
    }
    if (found !== null) {
      throw new AppError(
        'unsafe-content',
        'This PNG image carries two Open Badges data chunks, so it is ambiguous which one is the badge. It is not imported.',
      );
    }
    found = { keyword, raw: chunk.type === 'iTXt' ? iTxtText(head.rest) : head.rest };
  }
  if (found === null) {
    throw new AppError(
      'unsupported-format',
      'This PNG image has no Open Badges data baked into it.',
    );
  }
  const text = decodeUtf8(found.raw, 'The badge data in this PNG image').trim();
  if (text === '') {
    throw new AppError('malformed', 'The Open Badges data chunk in this PNG image is empty.');
  }
  return { keyword: found.keyword, text };
}

/** One PNG chunk: length, type, data and CRC. */
export function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const dv = view(out);
  dv.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  dv.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/**
 * Returns a copy of `png` with `text` baked in as an uncompressed iTXt chunk right after IHDR,
 * replacing any Open Badges chunk already there. Bytes after IEND are dropped.
 */
export function bakePng(png: Uint8Array, keyword: BakedKeyword, text: string): Uint8Array {
  const keywordBytes = new TextEncoder().encode(keyword);
  const textBytes = new TextEncoder().encode(text);
  // keyword NUL, compression flag 0, method 0, empty language tag NUL, empty translated keyword NUL.
  const payload = new Uint8Array(keywordBytes.length + 5 + textBytes.length);
  payload.set(keywordBytes, 0);
  payload.set(textBytes, keywordBytes.length + 5);
  if (payload.length > PNG_LIMITS.maxChunkBytes) {
    throw new AppError('too-large', 'The badge data is too large to bake into a PNG image.');
  }

  const parts: Uint8Array[] = [png.subarray(0, SIGNATURE.length)];
  let first = true;
  for (const chunk of chunks(png)) {
    const whole = png.subarray(chunk.start, chunk.start + 12 + chunk.data.length);
    if (first) {
      firstChunkIsIhdr(chunk);
      first = false;
      parts.push(whole, pngChunk('iTXt', payload));
      continue;
    }
    if (chunk.type === 'iTXt' || chunk.type === 'tEXt') {
      const head = keywordOf(chunk.data);
      if (head !== null && asBakedKeyword(head.keyword) !== null) continue;
    }
    parts.push(whole);
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
