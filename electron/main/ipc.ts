// Binds the contract to the services for the window: checks who is asking, then dispatches like every transport.
import { dispatch } from '../../src/services/dispatch';
import type { LiveLibrary } from '../../src/services/live-library';
import type { Result } from '../../src/shared/errors';
import { isAppUrl, type AppLocation } from './security';

/** The parts of Electron's IpcMainInvokeEvent the checks read (structural, so tests need no Electron). */
export type SenderFrameLike = { url: string; parent: unknown };
export type IpcEventLike = {
  sender: { id: number };
  senderFrame: SenderFrameLike | null;
};

/**
 * A sender is trusted only when it is our window's web contents, the frame is its main frame (not an
 * iframe), and the frame shows our own page.
 */
export function createSenderCheck(opts: {
  windowContentsId: () => number | null;
  location: AppLocation;
}): (event: IpcEventLike) => boolean {
  return (event) => {
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null) return false;
    const id = opts.windowContentsId();
    if (id === null || event.sender.id !== id) return false;
    return isAppUrl(frame.url, opts.location);
  };
}

/**
 * `handle`, answering only our window: any other sender is refused before its payload is read.
 * Every IPC entry point (the contract, saving files) goes through it.
 */
export function fromTrustedSender<T>(
  isTrustedSender: (event: IpcEventLike) => boolean,
  handle: (event: IpcEventLike, payload: unknown) => Promise<Result<T>>,
): (event: IpcEventLike, payload: unknown) => Promise<Result<T>> {
  return async (event, payload) => {
    if (!isTrustedSender(event)) {
      return {
        ok: false,
        error: {
          code: 'bad-input',
          message: 'Refused a request that did not come from the Skillfolio window.',
        },
      };
    }
    return handle(event, payload);
  };
}

export type IpcHandler = (event: IpcEventLike, payload: unknown) => Promise<Result<unknown>>;

export function createIpcHandler(opts: {
  /** The library in use; a profile switch replaces it. */
  library: Pick<LiveLibrary, 'use'>;
  isTrustedSender: (event: IpcEventLike) => boolean;
  log?: (err: unknown) => void;
}): IpcHandler {
  return fromTrustedSender(opts.isTrustedSender, async (_event, payload) => {
    if (
      typeof payload !== 'object' ||
      payload === null ||
      typeof (payload as { method?: unknown }).method !== 'string'
    ) {
      return {
        ok: false,
        error: { code: 'bad-input', message: 'A request must name an operation.' },
      };
    }
    const { method, input } = payload as { method: string; input?: unknown };
    return opts.library.use((ctx) => dispatch(ctx, method, input, { local: false, log: opts.log }));
  });
}
