// Browser mode: serves the built renderer and the contract on 127.0.0.1, guarded by a per-run secret token.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { dispatch } from '../services/dispatch';
import { createLiveLibrary } from '../services/live-library';
import { openSession, type Session } from '../services/session';
import type { AppEvent } from '../shared/channels';
import type { ErrorData, Result } from '../shared/errors';
import { RENDERER_CSP } from '../shared/renderer-policy';

export type HostOptions = {
  libraryDir: string;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  offline?: boolean;
  allowPrivateNetwork?: boolean;
  /** The data folder holding the profiles; profile.switch reopens the host on another profile's library. */
  dataDir?: string;
  log?: (err: unknown) => void;
};

export type Host = {
  /** Origin plus the token fragment, e.g. `http://127.0.0.1:41234/#token=…`: open this in a browser. */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
};

export const TOKEN_HEADER = 'x-skillfolio-token';
/** Imports arrive as base64 in one JSON body; the contract caps a single source at 96 MB of base64. */
export const MAX_BODY_BYTES = 128 * 1024 * 1024;

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': RENDERER_CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/** Constant-time comparison (hashing first makes the lengths equal). */
function tokenMatches(given: string | string[] | undefined, token: string): boolean {
  if (typeof given !== 'string') return false;
  return timingSafeEqual(digest(given), digest(token));
}

function sendJson(res: ServerResponse, status: number, body: Result<unknown>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, error: ErrorData): void {
  sendJson(res, status, { ok: false, error });
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Maps a request path to a file under root, or null when it would leave root or is not a file. */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const rel = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const full = path.resolve(root, rel);
  if (!full.startsWith(root + path.sep)) return null;
  let real: string;
  try {
    real = fs.realpathSync(full);
  } catch {
    return null;
  }
  // A symbolic link inside the build must not lead outside it either.
  if (!real.startsWith(root + path.sep)) return null;
  try {
    if (!fs.statSync(real).isFile()) return null;
  } catch {
    return null;
  }
  return real;
}

/** Reads the body up to the cap; resolves null (and answers 413) when it is larger. */
function readBody(req: IncomingMessage, res: ServerResponse): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    const tooLarge = (): void => {
      res.setHeader('Connection', 'close');
      sendError(res, 413, {
        code: 'too-large',
        message: `The request is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB: import fewer files at once.`,
      });
      req.resume();
      resolve(null);
    };
    if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
      tooLarge();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        over = true;
        chunks.length = 0;
        tooLarge();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!over) resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

export async function startHost(opts: HostOptions): Promise<Host> {
  const log = opts.log ?? ((err: unknown) => console.error('[skillfolio host]', err));
  const root = fs.realpathSync.native(path.resolve(opts.rendererDir));
  const token = randomBytes(32).toString('base64url');
  const listeners = new Set<ServerResponse>();
  const inflight = new Set<Promise<void>>();

  const broadcast = (event: AppEvent): void => {
    const frame = `data: ${JSON.stringify(event)}\n\n`;
    for (const res of listeners) res.write(frame);
  };

  const open = (libraryDir: string): Session =>
    openSession({
      libraryDir,
      offline: opts.offline,
      allowPrivateNetwork: opts.allowPrivateNetwork,
      progress: broadcast,
      ...(opts.dataDir === undefined ? {} : { dataDir: opts.dataDir }),
    });
  const library = createLiveLibrary(open, opts.libraryDir);

  let port = 0;
  const allowedHosts = (): string[] => [`127.0.0.1:${port}`, `localhost:${port}`];
  const allowedOrigins = (): string[] => allowedHosts().map((h) => `http://${h}`);

  const handleInvoke = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') {
      req.resume();
      sendError(res, 415, {
        code: 'bad-input',
        message: 'Requests must be sent as application/json.',
      });
      return;
    }
    const body = await readBody(req, res);
    if (body === null) return;
    let payload: unknown;
    try {
      payload = JSON.parse(body.toString('utf8'));
    } catch {
      sendError(res, 400, { code: 'bad-input', message: 'The request body is not valid JSON.' });
      return;
    }
    if (
      typeof payload !== 'object' ||
      payload === null ||
      typeof (payload as { method?: unknown }).method !== 'string'
    ) {
      sendError(res, 400, { code: 'bad-input', message: 'A request must name an operation.' });
      return;
    }
    const { method, input } = payload as { method: string; input?: unknown };
    sendJson(
      res,
      200,
      await library.use((ctx) => dispatch(ctx, method, input, { local: false, log })),
    );
  };

  const handleEvents = (req: IncomingMessage, res: ServerResponse): void => {
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      Connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    listeners.add(res);
    req.on('close', () => listeners.delete(res));
  };

  const handleStatic = (req: IncomingMessage, res: ServerResponse, pathname: string): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendText(res, 405, 'Method not allowed');
      return;
    }
    const file = resolveStaticPath(root, pathname);
    if (!file) {
      sendText(res, 404, 'Not found');
      return;
    }
    const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    const size = fs.statSync(file).size;
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': size });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    fs.createReadStream(file)
      .on('error', (err) => {
        log(err);
        res.destroy();
      })
      .pipe(res);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // DNS rebinding: a page on another name that resolves to 127.0.0.1 must not reach us.
    const host = (req.headers.host ?? '').toLowerCase();
    if (!allowedHosts().includes(host)) {
      req.resume();
      sendText(res, 403, 'Forbidden');
      return;
    }
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    if (!pathname.startsWith('/api/')) {
      handleStatic(req, res, pathname);
      return;
    }
    req.on('error', () => undefined);
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().includes(origin)) {
      req.resume();
      sendError(res, 403, { code: 'bad-input', message: 'Refused a request from another site.' });
      return;
    }
    if (!tokenMatches(req.headers[TOKEN_HEADER], token)) {
      req.resume();
      sendError(res, 401, {
        code: 'bad-input',
        message:
          'Missing or wrong access token: open the address Skillfolio printed when it started.',
      });
      return;
    }
    if (pathname === '/api/invoke' && req.method === 'POST') {
      await handleInvoke(req, res);
    } else if (pathname === '/api/events' && req.method === 'GET') {
      handleEvents(req, res);
    } else {
      req.resume();
      sendError(res, 404, {
        code: 'not-found',
        message: `No such endpoint: ${req.method} ${pathname}`,
      });
    }
  };

  const server = createServer((req, res) => {
    const done = handle(req, res)
      .catch((err: unknown) => {
        log(err);
        if (!res.headersSent)
          sendError(res, 500, { code: 'internal', message: 'Unexpected error.' });
        else res.destroy();
      })
      .finally(() => inflight.delete(done));
    inflight.add(done);
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    library.close();
    throw err;
  }
  port = (server.address() as AddressInfo).port;
  const keepAlive = setInterval(() => {
    for (const res of listeners) res.write(': keep-alive\n\n');
  }, 25_000);
  keepAlive.unref();

  const origin = `http://127.0.0.1:${port}`;
  let closing: Promise<void> | null = null;
  return {
    url: `${origin}/#token=${token}`,
    origin,
    port,
    token,
    close: () => {
      closing ??= (async () => {
        clearInterval(keepAlive);
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const res of listeners) res.end();
        listeners.clear();
        server.closeIdleConnections();
        // Let running operations finish before the library closes under them.
        await Promise.allSettled([...inflight]);
        server.closeAllConnections();
        await stopped;
        library.close();
      })();
      return closing;
    },
  };
}
