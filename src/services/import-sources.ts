// Turns what the user pointed at (paths, folders, archives, URLs, pasted text, bytes) into a stream of items to parse.
import fs from 'node:fs';
import path from 'node:path';
import { unpackCredentialList } from '../formats/credential-lists';
import { sniff } from '../formats/detect';
import {
  isCertificationsEntry,
  isLinkedInCertificationsCsv,
  isLinkedInExport,
  readLinkedInCertifications,
} from '../formats/linkedin-export';
import { unpackPresentation } from '../formats/presentation';
import { isZip, readZip } from '../formats/zip';
import type { ImportSource } from '../shared/contract';
import { AppError, toErrorData, type ErrorData } from '../shared/errors';
import type { Fetcher } from '../verify/fetcher';
import { fetchCredentialBehind } from './credential-url';

/** Largest single file read as one credential (a baked image can be a few MB; JSON is capped lower by its parser). */
export const MAX_ITEM_BYTES = 32 * 1024 * 1024;
/** Largest archive read (backpack exports with many images). */
export const MAX_ARCHIVE_BYTES = 512 * 1024 * 1024;

export type RawItem =
  | { source: string; bytes: Uint8Array; notes?: string[] }
  | { source: string; error: ErrorData };

/** A path or URL to visit later, so totals are known before any bytes are read. */
type Pending =
  | { kind: 'file'; path: string; source: string }
  | { kind: 'url'; url: string }
  | { kind: 'bytes'; source: string; bytes: Uint8Array }
  | { kind: 'error'; source: string; error: ErrorData };

const SKIPPED_NAMES = new Set(['.DS_Store', 'Thumbs.db', 'desktop.ini']);

function walk(dir: string, out: Pending[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    out.push({ kind: 'error', source: dir, error: fsError(err, dir) });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (SKIPPED_NAMES.has(e.name) || e.name.startsWith('._') || e.name === '__MACOSX') continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) walk(full, out);
    else if (e.isFile()) out.push({ kind: 'file', path: full, source: full });
    // Symbolic links inside folders are not followed: they can loop or point outside what the user chose.
  }
}

function fsError(err: unknown, p: string): ErrorData {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return { code: 'not-found', message: `No such file or folder: ${p}` };
  if (code === 'EACCES' || code === 'EPERM') return { code: 'bad-input', message: `Permission denied: ${p}` };
  return toErrorData(err);
}

function isHttpUrl(text: string): boolean {
  return /^https?:\/\/\S+$/i.test(text);
}

function decodeBase64(b64: string, name: string): Uint8Array {
  if (!/^[A-Za-z0-9+/\r\n]*={0,2}\s*$/.test(b64)) {
    throw new AppError('bad-input', `${name}: the uploaded data is not valid base64.`);
  }
  return new Uint8Array(Buffer.from(b64, 'base64'));
}

/** Lists what the sources name, cheaply (folders walked, nothing large read yet). */
export function planSources(sources: readonly ImportSource[]): Pending[] {
  const out: Pending[] = [];
  for (const s of sources) {
    switch (s.kind) {
      case 'path': {
        const p = path.resolve(s.path);
        let st: fs.Stats;
        try {
          st = fs.statSync(p);
        } catch (err) {
          out.push({ kind: 'error', source: s.path, error: fsError(err, s.path) });
          break;
        }
        if (st.isDirectory()) walk(p, out);
        else if (st.isFile()) out.push({ kind: 'file', path: p, source: s.path });
        else out.push({ kind: 'error', source: s.path, error: { code: 'bad-input', message: `${s.path} is not a regular file or folder.` } });
        break;
      }
      case 'url':
        out.push({ kind: 'url', url: s.url.trim() });
        break;
      case 'text': {
        const text = s.text.trim();
        if (isHttpUrl(text)) out.push({ kind: 'url', url: text });
        else out.push({ kind: 'bytes', source: s.name ?? 'pasted text', bytes: new TextEncoder().encode(s.text) });
        break;
      }
      case 'bytes':
        try {
          out.push({ kind: 'bytes', source: s.name, bytes: decodeBase64(s.base64, s.name) });
        } catch (err) {
          out.push({ kind: 'error', source: s.name, error: toErrorData(err) });
        }
        break;
    }
  }
  return out;
}

function readFileCapped(p: string): Uint8Array {
  const fd = fs.openSync(p, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    // Only a file too large to be one credential needs its first bytes read to know its cap.
    const head = Buffer.alloc(size > MAX_ITEM_BYTES ? 4 : 0);
    if (head.length > 0) fs.readSync(fd, head, 0, head.length, 0);
    const limit = isZip(head) ? MAX_ARCHIVE_BYTES : MAX_ITEM_BYTES;
    if (size > limit) {
      throw new AppError(
        'too-large',
        `${path.basename(p)} is ${(size / 1024 / 1024).toFixed(0)} MB; Skillfolio reads credentials up to ${limit / 1024 / 1024} MB.`,
      );
    }
    const buf = Buffer.alloc(size);
    let off = 0;
    while (off < size) {
      const n = fs.readSync(fd, buf, off, size - off, off);
      if (n === 0) break;
      off += n;
    }
    return new Uint8Array(buf.buffer, buf.byteOffset, off);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Reads each planned item and yields its bytes (archives expanded into their entries). `onGrow` is
 * told how many more items an archive turned out to hold, so progress totals stay honest.
 */
export async function* readPlanned(
  plan: readonly Pending[],
  fetcher: Fetcher,
  onGrow: (extra: number) => void,
): AsyncGenerator<RawItem> {
  for (const p of plan) {
    if (p.kind === 'error') {
      yield { source: p.source, error: p.error };
      continue;
    }
    let source: string;
    let bytes: Uint8Array;
    let notes: string[] = [];
    try {
      if (p.kind === 'file') {
        source = p.source;
        bytes = readFileCapped(p.path);
      } else if (p.kind === 'url') {
        source = p.url;
        // A badge page (Credly, Accredible, Badgr, an issuer's own) leads to the credential behind it.
        const found = await fetchCredentialBehind(p.url, fetcher, MAX_ITEM_BYTES);
        bytes = found.bytes;
        notes = found.notes;
      } else {
        source = p.source;
        bytes = p.bytes;
      }
    } catch (err) {
      yield { source: p.kind === 'url' ? p.url : p.source, error: fsOrAppError(err, p.kind === 'url' ? p.url : p.source) };
      continue;
    }
    if (isZip(bytes)) {
      yield* readArchive(source, bytes, fetcher, onGrow);
      continue;
    }
    yield* expandItem(source, bytes, notes, fetcher, onGrow, false);
  }
}

async function* readArchive(
  source: string,
  bytes: Uint8Array,
  fetcher: Fetcher,
  onGrow: (extra: number) => void,
): AsyncGenerator<RawItem> {
  let entries;
  try {
    entries = await readZip(bytes);
  } catch (err) {
    yield { source, error: toErrorData(err) };
    return;
  }
  if (isLinkedInExport(entries.map((e) => e.name))) {
    // Of a LinkedIn data export only the certifications are credentials; messages, contacts and
    // the rest are none of Skillfolio's business and are not even reported.
    entries = entries.filter((e) => isCertificationsEntry(e.name));
    if (entries.length === 0) {
      yield {
        source,
        error: {
          code: 'unsupported-format',
          message: 'This LinkedIn data export has no Certifications.csv, so there are no certifications in it to import.',
        },
      };
      return;
    }
  }
  onGrow(entries.length - 1);
  for (const e of entries) {
    const entrySource = `${source}!/${e.name}`;
    if ('error' in e) yield { source: entrySource, error: e.error };
    else yield* expandItem(entrySource, e.bytes, [], fetcher, onGrow, true);
  }
}

/**
 * One item, or the several it stands for: a file holding only a link (followed), a LinkedIn
 * Certifications.csv (one self-reported entry per row), a presentation (its credentials), a JSON
 * export of several credentials (each, fetched when given by address). Inside archives, links and
 * presentations are left to the parser, as they always were.
 */
async function* expandItem(
  source: string,
  bytes: Uint8Array,
  notes: string[],
  fetcher: Fetcher,
  onGrow: (extra: number) => void,
  inArchive: boolean,
): AsyncGenerator<RawItem> {
  // A text file holding nothing but a link (a badge URL saved from an e-mail) is followed like a pasted URL.
  if (!inArchive && bytes.byteLength < 8192 && sniff(bytes) === 'url') {
    const url = new TextDecoder().decode(bytes).trim();
    try {
      const found = await fetchCredentialBehind(url, fetcher, MAX_ITEM_BYTES);
      yield { source: url, bytes: found.bytes, notes: found.notes };
    } catch (err) {
      yield { source, error: toErrorData(err) };
    }
    return;
  }
  if (isLinkedInCertificationsCsv(bytes)) {
    let rows;
    try {
      rows = readLinkedInCertifications(bytes, source);
    } catch (err) {
      yield { source, error: toErrorData(err) };
      return;
    }
    onGrow(rows.length - 1);
    for (const r of rows) {
      yield 'error' in r ? { source: r.name, error: r.error } : { source: r.name, bytes: r.bytes, notes: r.notes };
    }
    return;
  }
  if (!inArchive) {
    let presented;
    try {
      presented = unpackPresentation(bytes, source);
    } catch (err) {
      yield { source, error: toErrorData(err) };
      return;
    }
    if (presented) {
      onGrow(presented.length - 1);
      for (const c of presented) yield { source: c.name, bytes: c.bytes, notes: [...notes, ...c.notes] };
      return;
    }
  }
  let listed;
  try {
    listed = unpackCredentialList(bytes, source);
  } catch (err) {
    yield { source, error: toErrorData(err) };
    return;
  }
  if (listed) {
    onGrow(listed.length - 1);
    for (const item of listed) {
      if ('error' in item) {
        yield { source: item.name, error: item.error };
      } else if ('url' in item) {
        try {
          const found = await fetchCredentialBehind(item.url, fetcher, MAX_ITEM_BYTES);
          yield { source: item.name, bytes: found.bytes, notes: [...notes, ...item.notes, ...found.notes] };
        } catch (err) {
          yield { source: item.name, error: toErrorData(err) };
        }
      } else {
        yield { source: item.name, bytes: item.bytes, notes: [...notes, ...item.notes] };
      }
    }
    return;
  }
  yield notes.length > 0 ? { source, bytes, notes } : { source, bytes };
}

function fsOrAppError(err: unknown, source: string): ErrorData {
  if (err instanceof AppError) return toErrorData(err);
  if ((err as NodeJS.ErrnoException | null)?.code) return fsError(err, source);
  return toErrorData(err);
}
