// Turns files the user picked or dropped (folders included) into import sources: contents only, never paths.
import type { ImportSource } from '../shared/contract';

/** A picked or dropped file and the name it is reported under (its path inside a dropped folder). */
export type PickedFile = { file: File; name: string };

/** What one request may carry: stays well under browser mode's 128 MB body cap once base64-encoded. */
export const MAX_BATCH_BYTES = 24 * 1024 * 1024;
export const MAX_BATCH_FILES = 50;
/** Larger files cannot travel through the window (base64 inflates by a third). */
export const MAX_FILE_BYTES = 90 * 1024 * 1024;
/** A dropped folder with more files than this is cut short rather than freezing the window. */
export const MAX_DROPPED_FILES = 10_000;

const HIDDEN = /(^|\/)(\.|__MACOSX\/|Thumbs\.db$|desktop\.ini$)/;

export function fromFileList(list: FileList | readonly File[]): PickedFile[] {
  return Array.from(list)
    .map((file) => ({ file, name: file.webkitRelativePath || file.name }))
    .filter((p) => !HIDDEN.test(p.name));
}

function readEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

function entryFile(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

async function walk(entry: FileSystemEntry, out: PickedFile[]): Promise<void> {
  if (out.length >= MAX_DROPPED_FILES) return;
  const name = entry.fullPath.replace(/^\/+/, '');
  if (HIDDEN.test(name)) return;
  if (entry.isFile) {
    out.push({ file: await entryFile(entry as FileSystemFileEntry), name });
  } else if (entry.isDirectory) {
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    // readEntries answers in chunks until it returns an empty list.
    for (;;) {
      const batch = await readEntries(reader);
      if (batch.length === 0) break;
      for (const child of batch) await walk(child, out);
    }
  }
}

/**
 * Collects dropped files and the files inside dropped folders. Must be called synchronously in the
 * drop handler: the browser empties the DataTransfer once the event returns.
 */
export function collectDropped(dt: DataTransfer): Promise<PickedFile[]> {
  const entries = Array.from(dt.items)
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry())
    .filter((e): e is FileSystemEntry => e !== null);
  if (entries.length === 0) return Promise.resolve(fromFileList(dt.files));
  return (async () => {
    const out: PickedFile[] = [];
    for (const entry of entries) await walk(entry, out);
    return out;
  })();
}

/** Groups files into requests of bounded size and count, in the order given. */
export function batches(files: readonly PickedFile[]): PickedFile[][] {
  const out: PickedFile[][] = [];
  let current: PickedFile[] = [];
  let size = 0;
  for (const f of files) {
    if (
      current.length > 0 &&
      (size + f.file.size > MAX_BATCH_BYTES || current.length >= MAX_BATCH_FILES)
    ) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(f);
    size += f.file.size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** Reads a file as base64 (a data: URL is the browser's fastest base64 encoder). */
function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error(`Could not read ${file.name}.`));
    reader.readAsDataURL(file);
  });
}

export async function toSource(picked: PickedFile): Promise<ImportSource> {
  return { kind: 'bytes', name: picked.name, base64: await readBase64(picked.file) };
}
