// Saving files the app handed the window (an export): the desktop app's own save dialog, or browser downloads.
import type { ExportedFile } from '../shared/contract';
import { isBrowserMode, saveFilesOnDesktop } from './api';
import { decodeBase64 } from './original';

export type SaveOutcome =
  | { where: 'downloads'; names: string[] }
  | { where: 'folder'; paths: string[] }
  | { where: 'nowhere' };

/** Starts one browser download of the bytes under `name` (the browser's download folder, or it asks). */
export function download(file: Pick<ExportedFile, 'name' | 'mediaType' | 'base64'>): void {
  const bytes = decodeBase64(file.base64);
  const blob = new Blob([bytes.buffer as ArrayBuffer], { type: file.mediaType });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = file.name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has its own copy once it starts; a minute is plenty for a slow disk.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Saves every file: on the desktop one save dialog (the first file's name suggested, the rest beside
 * it, as a presentation's originals must be); in browser mode one download each.
 */
export async function saveExported(
  files: ReadonlyArray<Pick<ExportedFile, 'name' | 'mediaType' | 'base64'>>,
): Promise<SaveOutcome> {
  if (files.length === 0) return { where: 'nowhere' };
  if (!isBrowserMode()) {
    const result = await saveFilesOnDesktop({
      files: files.map((f) => ({ name: f.name, base64: f.base64 })),
    });
    if (result !== null) {
      return result.saved ? { where: 'folder', paths: result.paths } : { where: 'nowhere' };
    }
  }
  for (const f of files) download(f);
  return { where: 'downloads', names: files.map((f) => f.name) };
}
