// Export files and key files are written whole or not at all: a crash or a full disk never leaves half a résumé or a torn key file.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../shared/errors';

export type AtomicWriteOptions = { mode?: number };

/**
 * Writes `bytes` to a temporary file in the target's own folder, flushes it to disk, then renames
 * it over the target (rename is atomic within one file system) and flushes the folder entry.
 */
export async function writeFileAtomic(
  target: string,
  bytes: Uint8Array,
  opts: AtomicWriteOptions = {},
): Promise<void> {
  const dir = path.dirname(path.resolve(target));
  const temp = path.join(
    dir,
    `.${path.basename(target)}.${crypto.randomBytes(6).toString('hex')}.tmp`,
  );
  let handle: fs.promises.FileHandle | null = null;
  try {
    handle = await fs.promises.open(temp, 'wx', opts.mode ?? 0o644);
    await handle.writeFile(bytes);
    await handle.sync();
    await handle.close();
    handle = null;
    if (opts.mode !== undefined) await fs.promises.chmod(temp, opts.mode);
    await fs.promises.rename(temp, target);
  } catch (err) {
    if (handle) await handle.close().catch(() => undefined);
    await fs.promises.rm(temp, { force: true }).catch(() => undefined);
    throw new AppError('library', writeFailure(target, err));
  }
  await syncDir(dir);
}

function writeFailure(target: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOSPC'
      ? 'the disk is full'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'ENOENT'
          ? 'the folder does not exist'
          : code === 'EISDIR'
            ? 'a folder has that name'
            : ((err as Error).message ?? String(err));
  return `Could not write ${target}: ${why}. Nothing was changed there.`;
}

/** Makes the rename itself durable; some platforms (Windows) cannot open folders, which is fine. */
async function syncDir(dir: string): Promise<void> {
  let h: fs.promises.FileHandle | null = null;
  try {
    h = await fs.promises.open(dir, 'r');
    await h.sync();
  } catch {
    // Best effort: the file content is already on disk.
  } finally {
    await h?.close().catch(() => undefined);
  }
}
