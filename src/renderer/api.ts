// The renderer's one door to the app: Electron's preload bridge, or the same calls over loopback HTTP in browser mode.
import type { AppEvent, Bridge, SaveFilesRequest, SaveFilesResult } from '../shared/channels';
import type { Input, Method, Output } from '../shared/contract';
import type { Result } from '../shared/errors';

declare global {
  // Declaration merging with the DOM's Window needs an interface.
  interface Window {
    api?: Bridge;
  }
}

/** A failed call, with the contract's error code for branching and a message for people. */
export class ApiError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }
}

const TOKEN_KEY = 'skillfolio.token';
const TOKEN_HEADER = 'x-skillfolio-token';

/** Takes the per-run token from `#token=…` once, keeps it for this tab, and removes it from the address bar. */
function readToken(): string {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return match[1];
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

async function readResult(response: Response): Promise<Result<unknown>> {
  const type = response.headers.get('content-type') ?? '';
  if (type.startsWith('application/json')) return (await response.json()) as Result<unknown>;
  return {
    ok: false,
    error: {
      code: 'internal',
      message: `Skillfolio answered ${response.status} ${response.statusText}.`,
    },
  };
}

/** Splits a Server-Sent Events stream into the JSON of its `data:` lines. */
async function readEvents(
  body: ReadableStream<Uint8Array>,
  emit: (event: AppEvent) => void,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = frame
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice(6))
        .join('\n');
      if (data) emit(JSON.parse(data) as AppEvent);
    }
  }
}

/** Browser mode: the preload's two functions, over fetch (EventSource cannot send the token header). */
function httpBridge(): Bridge {
  const token = readToken();
  const listeners = new Set<(event: AppEvent) => void>();
  let connection: AbortController | null = null;

  const connect = (): void => {
    const controller = new AbortController();
    connection = controller;
    fetch('/api/events', { headers: { [TOKEN_HEADER]: token }, signal: controller.signal })
      .then(async (response) => {
        if (!response.ok || !response.body) throw new Error(`events: ${response.status}`);
        await readEvents(response.body, (event) => listeners.forEach((l) => l(event)));
      })
      .catch(() => undefined)
      .finally(() => {
        // The host restarts or the connection drops: try again while someone is listening.
        if (connection === controller && listeners.size > 0 && !controller.signal.aborted) {
          setTimeout(connect, 2000);
        }
      });
  };

  return {
    invoke: async (method, input) => {
      try {
        const response = await fetch('/api/invoke', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', [TOKEN_HEADER]: token },
          body: JSON.stringify({ method, input }),
        });
        return await readResult(response);
      } catch (err) {
        return {
          ok: false,
          error: {
            code: 'internal',
            message: `Skillfolio is not reachable (${err instanceof Error ? err.message : String(err)}). Is it still running?`,
          },
        };
      }
    },
    on: (listener) => {
      listeners.add(listener);
      if (!connection) connect();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && connection) {
          connection.abort();
          connection = null;
        }
      };
    },
  };
}

let bridge: Bridge | null = null;
function getBridge(): Bridge {
  bridge ??= window.api ?? httpBridge();
  return bridge;
}

/** True in the browser-mode page, where some desktop-only actions are unavailable. */
export function isBrowserMode(): boolean {
  return window.api === undefined;
}

/** Calls one contract method; resolves with its output or throws an ApiError. */
export async function invoke<M extends Method>(method: M, input: Input<M>): Promise<Output<M>> {
  const result = await getBridge().invoke(method, input);
  if (!result.ok) throw new ApiError(result.error.code, result.error.message);
  return result.value as Output<M>;
}

/**
 * Desktop only: the main process asks where to save (its own dialog) and writes the files. Null in
 * browser mode, where the page saves them as downloads instead.
 */
export async function saveFilesOnDesktop(
  request: SaveFilesRequest,
): Promise<SaveFilesResult | null> {
  const b = getBridge();
  if (!b.saveFiles) return null;
  const result = await b.saveFiles(request);
  if (!result.ok) throw new ApiError(result.error.code, result.error.message);
  return result.value;
}

/** Subscribes to progress events; returns the unsubscribe function. */
export function on(listener: (event: AppEvent) => void): () => void {
  return getBridge().on(listener);
}

/** Reads the token early so it leaves the address bar before anything else renders. */
export function initApi(): void {
  getBridge();
}
