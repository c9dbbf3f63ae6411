// Saving files the window hands over (an export) where the person chose in a main-process dialog: plain names only, each written whole or not at all.
import path from 'node:path';
import { writeFileAtomic } from '../export/atomic-write';
import { AppError } from '../shared/errors';

export type FileToSave = { name: string; bytes: Uint8Array };

/** Longest file name most file systems take (bytes of UTF-8 are checked by the OS; this bounds characters). */
const MAX_NAME = 200;

/**
 * True for a name that can only mean a file in the chosen folder: no folder part on any platform,
 * not hidden, no control or direction-changing characters, nothing Windows would refuse.
 */
export function isPlainFileName(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= MAX_NAME &&
    name === name.trim() &&
    !name.startsWith('.') &&
    !name.endsWith('.') &&
    // eslint-disable-next-line no-control-regex -- refusing control characters is the point
    !/[/\\:*?"<>|\u0000-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069]/u.test(name)
  );
}

/**
 * Writes the first file at `target` (the path the save dialog answered) and every other file beside
 * it under its own name — an exported presentation's originals must sit next to it to be verified.
 * Returns the paths written, in order.
 */
export async function saveFilesAt(target: string, files: readonly FileToSave[]): Promise<string[]> {
  const [first, ...others] = files;
  if (first === undefined) throw new AppError('bad-input', 'There is nothing to save.');
  for (const f of others) {
    if (!isPlainFileName(f.name)) {
      throw new AppError(
        'unsafe-content',
        `“${f.name.slice(0, 80)}” is not a plain file name; nothing was saved.`,
      );
    }
  }
  const resolved = path.resolve(target);
  const folder = path.dirname(resolved);
  const paths = [resolved, ...others.map((f) => path.join(folder, f.name))];
  if (new Set(paths).size !== paths.length) {
    throw new AppError(
      'bad-input',
      'Two of the files would have the same name; nothing was saved.',
    );
  }
  // The files beside first, the chosen one last: whoever opens it finds its companions already there.
  for (let i = files.length - 1; i >= 0; i--) {
    const f = files[i];
    const p = paths[i];
    if (f !== undefined && p !== undefined) await writeFileAtomic(p, f.bytes);
  }
  return paths;
}
