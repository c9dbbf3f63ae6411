// The IPC channel names and the bridge's shape, shared by main, preload and renderer so they cannot drift apart.
import type { ProgressEvent } from './contract';
import type { Result } from './errors';

export const IPC_CHANNELS = {
  invoke: 'skillfolio:invoke',
  event: 'skillfolio:event',
  saveFiles: 'skillfolio:save-files',
} as const;

/** What the renderer may send through the invoke channel. */
export type InvokeRequest = { method: string; input: unknown };

/** Events pushed to the page (one kind today; the union grows with the contract). */
export type AppEvent = ProgressEvent;

/** Files the page asks the desktop app to save; the save dialog suggests the first one's name, the rest go beside it. */
export type SaveFilesRequest = { files: Array<{ name: string; base64: string }> };
/** Where the files were written, or that the person cancelled the dialog. */
export type SaveFilesResult = { saved: true; paths: string[] } | { saved: false };

/** `window.api` as the preload exposes it; browser mode implements the same shape over HTTP. */
export type Bridge = {
  invoke(method: string, input: unknown): Promise<Result<unknown>>;
  on(listener: (event: AppEvent) => void): () => void;
  /** Desktop only: the main process asks where to save (its own dialog) and writes the files. */
  saveFiles?(request: SaveFilesRequest): Promise<Result<SaveFilesResult>>;
};
