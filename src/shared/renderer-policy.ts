// What a renderer (Electron window or browser page) may ask for: never a file by name. Shared by IPC and HTTP adapters.
import { contract, isMethod } from './contract';
import type { Result } from './errors';

/**
 * The page's Content-Security-Policy, sent as a header by Electron and browser mode and repeated in
 * index.html: the renderer loads only its own files and never talks to the network.
 */
export const RENDERER_CSP =
  "default-src 'self'; script-src 'self'; img-src 'self' data: blob:; connect-src 'self'";

/**
 * Decides how a renderer's call is dispatched. Methods marked `local` are refused by dispatch, with one
 * exception: `library.import` is local only because of `path` sources, so a renderer may import
 * bytes, text and URLs as long as no source names a file.
 */
export function rendererDispatchMode(method: string, input: unknown): Result<{ local: boolean }> {
  if (method !== 'library.import' || !isMethod(method))
    return { ok: true, value: { local: false } };
  const parsed = contract[method].input.safeParse(input ?? {});
  // Input the schema refuses is refused again, with its exact reason, by dispatch.
  if (!parsed.success) return { ok: true, value: { local: true } };
  if (parsed.data.sources.some((s) => s.kind === 'path')) {
    return {
      ok: false,
      error: {
        code: 'bad-input',
        message:
          'Files cannot be imported by name from the window: drop them on the window or choose them with "Choose files".',
      },
    };
  }
  return { ok: true, value: { local: true } };
}
