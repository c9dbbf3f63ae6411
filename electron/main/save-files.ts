// Saves files the window hands over (an export) where the person points in the main process's own dialog: the window never names a path.
import path from 'node:path';
import { z } from 'zod';
import { isPlainFileName, saveFilesAt } from '../../src/services/save-files';
import type { SaveFilesResult } from '../../src/shared/channels';
import { AppError, toErrorData, type Result } from '../../src/shared/errors';
import { fromTrustedSender, type IpcEventLike } from './ipc';

/** An export is a few files (main files and the originals beside a presentation); each well under 100 MB. */
const MAX_FILES = 200;
const MAX_BASE64 = 140 * 1024 * 1024;

const request = z
  .object({
    files: z
      .array(
        z
          .object({
            name: z.string().refine(isPlainFileName, { message: 'not a plain file name' }),
            base64: z
              .string()
              .max(MAX_BASE64)
              .regex(/^[A-Za-z0-9+/]*={0,2}$/, { message: 'not base64' }),
          })
          .strict(),
      )
      .min(1)
      .max(MAX_FILES),
  })
  .strict();

export type SaveDialogs = {
  /** The save dialog, suggesting `suggestedName`; the chosen path, or null when cancelled. */
  chooseTarget: (suggestedName: string, others: string[]) => Promise<string | null>;
  /** Asked when files beside the chosen one already exist; true to replace them. */
  confirmReplace: (names: string[]) => Promise<boolean>;
  /** Whether a file exists (the companions are checked before anything is written). */
  exists: (path: string) => boolean;
};

export type SaveFilesHandler = (
  event: IpcEventLike,
  payload: unknown,
) => Promise<Result<SaveFilesResult>>;

export function createSaveFilesHandler(opts: {
  isTrustedSender: (event: IpcEventLike) => boolean;
  dialogs: SaveDialogs;
  log?: (err: unknown) => void;
}): SaveFilesHandler {
  return fromTrustedSender<SaveFilesResult>(opts.isTrustedSender, async (_event, payload) => {
    const parsed = request.safeParse(payload);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const where = first && first.path.length > 0 ? ` at ${first.path.join('.')}` : '';
      return {
        ok: false,
        error: {
          code: 'bad-input',
          message: `Invalid files to save${where}: ${first?.message ?? 'rejected'}.`,
        },
      };
    }
    try {
      const files = parsed.data.files;
      const [first, ...rest] = files;
      if (!first) return { ok: true, value: { saved: false } };
      const target = await opts.dialogs.chooseTarget(
        first.name,
        rest.map((f) => f.name),
      );
      if (target === null) return { ok: true, value: { saved: false } };
      const dir = path.dirname(path.resolve(target));
      const existing = rest
        .map((f) => f.name)
        .filter((n) => opts.dialogs.exists(path.join(dir, n)));
      if (existing.length > 0 && !(await opts.dialogs.confirmReplace(existing))) {
        return { ok: true, value: { saved: false } };
      }
      const paths = await saveFilesAt(
        target,
        files.map((f) => ({ name: f.name, bytes: Buffer.from(f.base64, 'base64') })),
      );
      return { ok: true, value: { saved: true, paths } };
    } catch (err) {
      if (!(err instanceof AppError)) opts.log?.(err);
      return { ok: false, error: toErrorData(err) };
    }
  });
}
