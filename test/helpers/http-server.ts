// Serves canned or hand-written HTTP(S) routes on 127.0.0.1 so network code is tested over real sockets.
import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

/** A canned answer; the body gets a Content-Length unless the headers say otherwise. */
export type TestResponse = {
  status?: number;
  headers?: Record<string, string | string[]>;
  body?: string | Uint8Array;
};
/** Full control (slow bodies, chunked streams, sockets left open). */
export type TestHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
/** Keyed by path without the query string; unknown paths answer 404. */
export type TestRoutes = Record<string, TestHandler | TestResponse>;

export type TestServer = {
  /** Origin without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  url: string;
  port: number;
  /** Stops listening and drops open connections (including ones a handler left hanging). */
  close(): Promise<void>;
  /** Every request target (path + query) in arrival order. */
  hits: string[];
  /** PEM of the self-signed certificate (https servers only): trust it in the client under test. */
  ca?: string;
};

export type TestServerOptions = {
  /** Serve TLS with a bundled self-signed certificate valid for 127.0.0.1, ::1, localhost and public.test. */
  https?: boolean;
};

// A throwaway key pair for tests only (valid 2000–2199, EC P-256); it protects nothing.
const TEST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgg6q98Ys/mHxrJUFU
esFh/ZNeSgT/YWrb9pv2LOTRoOOhRANCAARvPnu+p9YvAYj3iyX6XW1CVd3YEZMx
nD4HHKUoq9xLD/wmRf+lXGpVZlh6pbdvyKxwbdXoHgYBPdlar1Aepjjk
-----END PRIVATE KEY-----
`;
const TEST_CERT = `-----BEGIN CERTIFICATE-----
MIIBxzCCAW2gAwIBAgIBATAKBggqhkjOPQQDAjAhMR8wHQYDVQQDDBZTa2lsbGZv
bGlvIHRlc3Qgc2VydmVyMCAXDTAwMDEwMTAwMDAwMFoYDzIxOTkxMjMxMjM1OTU5
WjAhMR8wHQYDVQQDDBZTa2lsbGZvbGlvIHRlc3Qgc2VydmVyMFkwEwYHKoZIzj0C
AQYIKoZIzj0DAQcDQgAEbz57vqfWLwGI94sl+l1tQlXd2BGTMZw+BxylKKvcSw/8
JkX/pVxqVWZYeqW3b8iscG3V6B4GAT3ZWq9QHqY45KOBkzCBkDA5BgNVHREEMjAw
ggtwdWJsaWMudGVzdIIJbG9jYWxob3N0hwR/AAABhxAAAAAAAAAAAAAAAAAAAAAB
MA8GA1UdEwEB/wQFMAMBAf8wDgYDVR0PAQH/BAQDAgKEMBMGA1UdJQQMMAoGCCsG
AQUFBwMBMB0GA1UdDgQWBBQdJXyOLSMIysDAHLsPOwCKX5HbmTAKBggqhkjOPQQD
AgNIADBFAiAMiyc+nuj3fjQrqy53CxpEvq4Ho/XnhS/goT/EyJTPsQIhAOWugc1q
GeQ/BSMh3fR/fA+x9fEnfyjMczoP7F0gxldI
-----END CERTIFICATE-----
`;

function sendCanned(res: ServerResponse, answer: TestResponse): void {
  const body =
    answer.body === undefined
      ? new Uint8Array(0)
      : typeof answer.body === 'string'
        ? Buffer.from(answer.body, 'utf8')
        : answer.body;
  const headers: Record<string, string | string[]> = { ...answer.headers };
  const named = new Set(Object.keys(headers).map((k) => k.toLowerCase()));
  if (!named.has('content-length') && !named.has('transfer-encoding')) {
    headers['content-length'] = String(body.byteLength);
  }
  res.writeHead(answer.status ?? 200, headers);
  res.end(body);
}

/** Starts a server on an ephemeral port of 127.0.0.1. Always `close()` it (e.g. in `afterEach`). */
export async function startTestServer(
  routes: TestRoutes,
  options: TestServerOptions = {},
): Promise<TestServer> {
  const hits: string[] = [];
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    const target = req.url ?? '/';
    hits.push(target);
    const path = target.split('?')[0] ?? '/';
    const route = Object.prototype.hasOwnProperty.call(routes, path) ? routes[path] : undefined;
    if (route === undefined) {
      sendCanned(res, {
        status: 404,
        headers: { 'content-type': 'text/plain' },
        body: 'not found',
      });
      return;
    }
    if (typeof route !== 'function') {
      sendCanned(res, route);
      return;
    }
    Promise.resolve(route(req, res)).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(err instanceof Error ? err.message : String(err));
    });
  };
  const server: Server = options.https
    ? createHttpsServer({ key: TEST_KEY, cert: TEST_CERT }, listener)
    : createHttpServer(listener);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const scheme = options.https ? 'https' : 'http';

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()));
      server.closeAllConnections();
    });
    return closing;
  };

  return {
    url: `${scheme}://127.0.0.1:${port}`,
    port,
    close,
    hits,
    ...(options.https ? { ca: TEST_CERT } : {}),
  };
}
