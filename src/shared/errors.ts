// Errors cross every boundary (IPC, HTTP, CLI) as data: a code a program can branch on and a message a person can read.

export const ERROR_CODES = [
  'bad-input', // the caller sent something the contract does not accept
  'not-found',
  'unsupported-format', // bytes that are none of the formats we read
  'malformed', // a format we know, but broken (bad JSON, bad PNG chunk, …)
  'too-large', // a size, depth, count or ratio cap was hit
  'unsafe-content', // prototype-pollution keys, entities, scripts, path traversal, symlinks
  'encoding', // not UTF-8
  'network', // fetch failed (refused, timeout, HTTP error)
  'offline', // needed the network, offline mode is on
  'blocked-address', // private/loopback/link-local destination while not allowed
  'library-too-new', // a library written by a newer Skillfolio
  'library', // the library file cannot be opened or written
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class AppError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'AppError';
    this.code = code;
  }
}

export type ErrorData = { code: ErrorCode; message: string };
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorData };

/** Turns anything thrown into the data that crosses a boundary; unknown errors become `internal`. */
export function toErrorData(err: unknown): ErrorData {
  if (err instanceof AppError) return { code: err.code, message: err.message };
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message: `Unexpected error: ${message}` };
}
