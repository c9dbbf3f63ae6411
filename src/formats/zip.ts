// Unpacks backpack/export archives in memory under caps measured on actual bytes, one result per entry.
import { inflateRawSync } from 'node:zlib';
import yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import { AppError } from '../shared/errors';
import type { ErrorData } from '../shared/errors';
import { crc32 } from './png';

export type ZipLimits = {
  maxEntries: number;
  maxTotalBytes: number;
  maxEntryBytes: number;
  maxRatio: number;
};

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 10_000,
  maxTotalBytes: 512 * 1024 * 1024,
  maxEntryBytes: 32 * 1024 * 1024,
  maxRatio: 200,
};

/**
 * Below this many inflated bytes the ratio cap is not applied: small, repetitive files (padded
 * JSON, a blank image) legitimately compress hundreds of times and cannot hurt anyone.
 */
export const RATIO_GRACE_BYTES = 1024 * 1024;

export type ZipItem = { name: string; bytes: Uint8Array } | { name: string; error: ErrorData };

const MB = 1024 * 1024;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFDIR = 0o040000;
const COMPRESSION_NAMES: Record<number, string> = {
  9: 'Deflate64',
  12: 'bzip2',
  14: 'LZMA',
  93: 'Zstandard',
  95: 'XZ',
  99: 'AES encryption',
};

export function isZip(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 &&
    bytes[0] === 0x50 &&
    bytes[1] === 0x4b &&
    ((bytes[2] === 0x03 && bytes[3] === 0x04) || (bytes[2] === 0x05 && bytes[3] === 0x06))
  );
}

function sizeText(bytes: number): string {
  return bytes >= MB ? `${Math.round((bytes / MB) * 10) / 10} MB` : `${bytes} bytes`;
}

function malformedArchive(detail: string): AppError {
  return new AppError(
    'malformed',
    `This ZIP archive is damaged or not a ZIP archive (${detail}). Try re-downloading or re-creating it.`,
  );
}

/** macOS adds these to every archive it makes; they are never credentials. */
function isMacJunk(name: string): boolean {
  const parts = name.split('/');
  return parts.includes('__MACOSX') || parts[parts.length - 1] === '.DS_Store';
}

/** Why a name must not be used as a path, or null when it is a plain relative name. */
function unsafeNameReason(name: string): string | null {
  if (name.includes('\0')) return 'its name contains a NUL character';
  if (name.includes('\\')) return 'its name contains a backslash (a path trick on Windows)';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'its name is an absolute path';
  if (name.split('/').includes('..')) return 'its name climbs out of the archive ("..")';
  return null;
}

function unixMode(entry: Entry): number {
  return (entry.externalFileAttributes >>> 16) & 0xffff;
}

type EntryOutcome = { bytes: Uint8Array } | { error: ErrorData } | { archiveTooLarge: true };

type Budget = { total: number };

function nestedArchive(name: string): ErrorData {
  return {
    code: 'unsafe-content',
    message: `"${name}" is itself a ZIP archive: archives inside archives are not imported; unpack it first.`,
  };
}

/** Entries up to this compressed size are first inflated in one call (credentials are kilobytes). */
const AT_ONCE_BYTES = 256 * 1024;

/**
 * One small entry inflated in one call, never past the first cap it could reach — or null when it
 * reaches one, is damaged or is an archive itself: `streamEntry` then reads it again and says
 * exactly what it said before, byte budget included. Streaming costs far more than inflating for
 * the few kilobytes most entries hold.
 */
async function readEntryAtOnce(
  zip: ZipFile,
  entry: Entry,
  buffer: Buffer,
  limits: ZipLimits,
  budget: Budget,
): Promise<EntryOutcome | null> {
  if (entry.compressedSize > AT_ONCE_BYTES) return null;
  // The most bytes the stream would take in without refusing the entry (see streamEntry's caps).
  const most = Math.min(
    limits.maxTotalBytes - budget.total,
    limits.maxEntryBytes,
    Math.max(RATIO_GRACE_BYTES, limits.maxRatio * Math.max(entry.compressedSize, 1)),
  );
  if (most < 0 || entry.uncompressedSize > most) return null;
  let out: Buffer;
  try {
    const { fileDataStart } = await zip.readLocalFileHeaderPromise(entry, { minimal: true });
    const data = buffer.subarray(fileDataStart, fileDataStart + entry.compressedSize);
    out =
      entry.compressionMethod === 0
        ? data
        : inflateRawSync(data, { maxOutputLength: Math.max(1, entry.uncompressedSize) });
  } catch {
    return null;
  }
  if (out.length !== entry.uncompressedSize || crc32(out) !== entry.crc32 >>> 0) return null;
  if (out.length >= 4 && isZip(out)) return null;
  budget.total += out.length;
  return { bytes: new Uint8Array(out) };
}

/** Reads one entry: small ones in one call, the rest (and any the quick read turns down) streamed. */
async function readEntry(
  zip: ZipFile,
  entry: Entry,
  name: string,
  buffer: Buffer,
  limits: ZipLimits,
  budget: Budget,
): Promise<EntryOutcome> {
  return (
    (await readEntryAtOnce(zip, entry, buffer, limits, budget)) ??
    streamEntry(zip, entry, name, limits, budget)
  );
}

/** Streams one entry, counting real inflated bytes and stopping the moment a cap is passed. */
function streamEntry(
  zip: ZipFile,
  entry: Entry,
  name: string,
  limits: ZipLimits,
  budget: Budget,
): Promise<EntryOutcome> {
  return new Promise((resolve) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err) {
        resolve({
          error: {
            code: 'malformed',
            message: `"${name}" in this archive is damaged (${err.message}).`,
          },
        });
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let crc = 0;
      let settled = false;
      let magicChecked = false;
      const finish = (outcome: EntryOutcome) => {
        if (settled) return;
        settled = true;
        if (!('bytes' in outcome)) stream.destroy();
        resolve(outcome);
      };
      const tooLarge = (message: string) => finish({ error: { code: 'too-large', message } });

      stream.on('data', (chunk: Buffer) => {
        if (settled) return;
        size += chunk.length;
        budget.total += chunk.length;
        if (budget.total > limits.maxTotalBytes) {
          finish({ archiveTooLarge: true });
          return;
        }
        if (size > limits.maxEntryBytes) {
          tooLarge(
            `"${name}" unpacks to more than ${sizeText(limits.maxEntryBytes)}, the most Skillfolio reads from one archive entry; it is not imported.`,
          );
          return;
        }
        if (
          size > RATIO_GRACE_BYTES &&
          size > limits.maxRatio * Math.max(entry.compressedSize, 1)
        ) {
          tooLarge(
            `"${name}" unpacks to more than ${limits.maxRatio} times its compressed size, which is how zip bombs work; it is not imported.`,
          );
          return;
        }
        crc = crc32(chunk, crc);
        chunks.push(chunk);
        if (!magicChecked && size >= 4) {
          magicChecked = true;
          if (isZip(chunks.length === 1 ? chunk : Buffer.concat(chunks))) {
            finish({ error: nestedArchive(name) });
          }
        }
      });
      stream.on('error', (e: Error) => {
        finish({
          error: {
            code: 'malformed',
            message: `"${name}" in this archive is damaged (${e.message}).`,
          },
        });
      });
      stream.on('end', () => {
        if (settled) return;
        if (crc !== entry.crc32 >>> 0) {
          finish({
            error: {
              code: 'malformed',
              message: `"${name}" in this archive is damaged (its checksum does not match its contents).`,
            },
          });
          return;
        }
        finish({ bytes: new Uint8Array(Buffer.concat(chunks, size)) });
      });
    });
  });
}

/** The per-entry refusal for an entry that is not read at all, or null when it should be read. */
function refuseBeforeReading(entry: Entry, name: string): ErrorData | null {
  const reason = unsafeNameReason(name);
  if (reason !== null) {
    return { code: 'unsafe-content', message: `"${name}" is not imported: ${reason}.` };
  }
  if ((unixMode(entry) & S_IFMT) === S_IFLNK) {
    return {
      code: 'unsafe-content',
      message: `"${name}" is a symbolic link; links inside archives are not followed or imported.`,
    };
  }
  if (/\.zip$/i.test(name)) return nestedArchive(name);
  if (entry.isEncrypted()) {
    return {
      code: 'unsupported-format',
      message: `"${name}" is password-protected; Skillfolio cannot read encrypted archive entries.`,
    };
  }
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    const method =
      COMPRESSION_NAMES[entry.compressionMethod] ?? `method ${entry.compressionMethod}`;
    return {
      code: 'unsupported-format',
      message: `"${name}" is compressed with ${method}, which Skillfolio cannot unpack; re-create the archive with ordinary (Deflate) compression.`,
    };
  }
  return null;
}

/**
 * Every file in a ZIP archive, in archive order, each either its bytes or the reason it was not
 * read (unsafe name, symlink, nested archive, over a cap, damaged). Directories and macOS junk
 * are skipped. Throws AppError for the whole archive: `malformed` (not a readable ZIP),
 * `too-large` (more than `maxEntries` entries, or more than `maxTotalBytes` unpacked in all).
 */
export async function readZip(bytes: Uint8Array, limits?: Partial<ZipLimits>): Promise<ZipItem[]> {
  const caps: ZipLimits = { ...DEFAULT_ZIP_LIMITS, ...limits };
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let zip: ZipFile;
  try {
    // decodeStrings is off so that yauzl does not reject the whole archive over one bad name;
    // names are decoded below and checked one entry at a time.
    zip = await yauzl.fromBufferPromise(buffer, {
      lazyEntries: true,
      decodeStrings: false,
      validateEntrySizes: true,
    });
  } catch (err) {
    throw malformedArchive(err instanceof Error ? err.message : String(err));
  }

  if (zip.entryCount > caps.maxEntries) {
    zip.close();
    throw new AppError(
      'too-large',
      `This archive has ${zip.entryCount} entries; Skillfolio reads at most ${caps.maxEntries} from one archive. Split it into smaller archives.`,
    );
  }

  const items: ZipItem[] = [];
  const budget: Budget = { total: 0 };
  const archiveTooLarge = () =>
    new AppError(
      'too-large',
      `This archive unpacks to more than ${sizeText(caps.maxTotalBytes)}, the most Skillfolio reads from one archive. Split it into smaller archives.`,
    );
  try {
    for await (const entry of zip.eachEntry()) {
      const name = yauzl.getFileNameLowLevel(
        entry.generalPurposeBitFlag,
        entry.fileNameRaw,
        entry.extraFields,
        true,
      );
      if (name.endsWith('/') || (unixMode(entry) & S_IFMT) === S_IFDIR) continue;
      if (isMacJunk(name)) continue;
      const refusal = refuseBeforeReading(entry, name);
      if (refusal !== null) {
        items.push({ name, error: refusal });
        continue;
      }
      const outcome = await readEntry(zip, entry, name, buffer, caps, budget);
      if ('archiveTooLarge' in outcome) throw archiveTooLarge();
      items.push(
        'bytes' in outcome ? { name, bytes: outcome.bytes } : { name, error: outcome.error },
      );
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw malformedArchive(err instanceof Error ? err.message : String(err));
  } finally {
    zip.close();
  }
  return items;
}
