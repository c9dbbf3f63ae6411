// The IPC channel names and the bridge's shape, shared by main, preload and renderer so they cannot drift apart.
import type { ProgressEvent } from './contract';
import type { Result } from './errors';

export const IPC_CHANNELS = { invoke: 'skillfolio:invoke', event: 'skillfolio:event' } as const;

/** What the renderer may send through the invoke channel. */
export type InvokeRequest = { method: string; input: unknown };

/** Events pushed to the page (one kind today; the union grows with the contract). */
export type AppEvent = ProgressEvent;

/** `window.api` as the preload exposes it; browser mode implements the same shape over HTTP. */
export type Bridge = {
  invoke(method: string, input: unknown): Promise<Result<unknown>>;
  on(listener: (event: AppEvent) => void): () => void;
};
