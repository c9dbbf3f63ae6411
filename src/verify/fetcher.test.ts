// The network door against real sockets: what it fetches, and every way a hostile address or server is refused.
import { gzipSync } from 'node:zlib';
import type { IncomingHttpHeaders } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../shared/errors';
import { startTestServer } from '../../test/helpers/http-server';
import type { TestRoutes, TestServer, TestServerOptions } from '../../test/helpers/http-server';
import { FETCH_DEFAULTS, FetchHttpError, createFetcher, isBlockedAddress } from './fetcher';
import type { FetchSettings } from './fetcher';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(routes: TestRoutes, options?: TestServerOptions): Promise<TestServer> {
  const server = await startTestServer(routes, options);
  servers.push(server);
  return server;
}

/** The AppError a promise rejects with; fails the test if it resolves. */
async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected the fetch to be refused, but it succeeded');
}

/** A resolver from a fixed table that records every name it was asked for. */
function fakeDns(table: Record<string, string[]>): FetchSettings['resolve'] & { asked: string[] } {
  const asked: string[] = [];
  const resolve = async (hostname: string): Promise<string[]> => {
    asked.push(hostname);
    const found = table[hostname];
    if (!found)
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return found;
  };
  return Object.assign(resolve, { asked });
}

/** 127.0.0.1 plays a public Internet host; every other private address is still refused. */
const loopbackIsPublic = (ip: string): boolean => ip !== '127.0.0.1' && isBlockedAddress(ip);

const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');
const BLOCKED_HINT = 'Turn on "allow private network" to reach intranet issuers.';

describe('fetching from a server', () => {
  it('returns the bytes, status, media type and time, and sends a plain identity request', async () => {
    let seen: IncomingHttpHeaders = {};
    const server = await serve({
      '/assertion.json': (req, res) => {
        seen = req.headers;
        res.writeHead(200, { 'content-type': 'Application/LD+JSON; charset=utf-8' });
        res.end('{"type":"Assertion"}');
      },
    });
    const fetcher = createFetcher({
      offline: false,
      allowPrivateNetwork: true,
      now: () => new Date('2025-03-04T05:06:07.000Z'),
    });
    const url = `${server.url}/assertion.json?x=1#frag`;
    const result = await fetcher.fetch(url);
    expect(result).toMatchObject({
      url,
      finalUrl: `${server.url}/assertion.json?x=1#frag`,
      status: 200,
      mediaType: 'application/ld+json',
      fetchedAt: '2025-03-04T05:06:07.000Z',
    });
    expect(text(result.bytes)).toBe('{"type":"Assertion"}');
    expect(server.hits).toEqual(['/assertion.json?x=1']);
    expect(seen['user-agent']).toBe('Skillfolio/0.1 (+credential verification)');
    expect(seen['accept-encoding']).toBe('identity');
    expect(seen.accept).toBe('*/*');
    expect(seen.host).toBe(`127.0.0.1:${server.port}`);
    expect(seen.cookie).toBeUndefined();
  });

  it('reports a missing content-type as a null media type', async () => {
    const server = await serve({ '/raw': { body: 'x' } });
    const result = await createFetcher({ offline: false, allowPrivateNetwork: true }).fetch(
      `${server.url}/raw`,
    );
    expect(result.mediaType).toBeNull();
  });

  it('fetchJson asks for JSON and parses it with the safe reader', async () => {
    let accept: string | undefined;
    const server = await serve({
      '/issuer': (req, res) => {
        accept = req.headers.accept;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"name":"Example University"}');
      },
      '/broken': { headers: { 'content-type': 'application/json' }, body: '{"name": ' },
      '/polluted': { body: '{"__proto__": {"admin": true}}' },
    });
    const fetcher = createFetcher({ offline: false, allowPrivateNetwork: true });
    const { result, json } = await fetcher.fetchJson(`${server.url}/issuer`);
    expect(json).toEqual({ name: 'Example University' });
    expect(result.mediaType).toBe('application/json');
    expect(accept).toContain('application/ld+json');

    const broken = await failure(fetcher.fetchJson(`${server.url}/broken`));
    expect(broken.code).toBe('malformed');
    expect(broken.message).toContain(`The answer from ${server.url}/broken`);
    expect((await failure(fetcher.fetchJson(`${server.url}/polluted`))).code).toBe(
      'unsafe-content',
    );
  });

  it('exposes its settings with the defaults filled in, frozen', () => {
    const fetcher = createFetcher({ offline: false, allowPrivateNetwork: false });
    expect(fetcher.settings).toMatchObject({
      offline: false,
      allowPrivateNetwork: false,
      timeoutMs: 10_000,
      maxBytes: 5 * 1024 * 1024,
      maxRedirects: 5,
    });
    expect(FETCH_DEFAULTS.maxBytes).toBe(5 * 1024 * 1024);
    expect(Object.isFrozen(fetcher.settings)).toBe(true);
  });

  it('turns a refused connection into a network error', async () => {
    const gone = await startTestServer({});
    await gone.close();
    const err = await failure(
      createFetcher({ offline: false, allowPrivateNetwork: true }).fetch(`${gone.url}/x`),
    );
    expect(err.code).toBe('network');
    expect(err.message).toBe(`Could not fetch ${gone.url}/x: the server refused the connection.`);
  });

  it('reports a name that does not resolve as a network error', async () => {
    const resolve = fakeDns({});
    const err = await failure(
      createFetcher({ offline: false, allowPrivateNetwork: false, resolve }).fetch(
        'https://no-such-issuer.example/badge',
      ),
    );
    expect(err.code).toBe('network');
    expect(err.message).toContain('Could not find no-such-issuer.example');
    expect(resolve.asked).toEqual(['no-such-issuer.example']);
  });
});

describe('offline mode', () => {
  it('refuses every fetch before any lookup or connection', async () => {
    const server = await serve({ '/a': { body: 'never' } });
    const resolve = fakeDns({ 'issuer.example': ['93.184.215.14'] });
    const fetcher = createFetcher({ offline: true, allowPrivateNetwork: true, resolve });
    for (const url of [`${server.url}/a`, 'https://issuer.example/badge']) {
      const err = await failure(fetcher.fetch(url));
      expect(err.code).toBe('offline');
      expect(err.message).toBe(`Not fetched: offline (${url}).`);
    }
    expect((await failure(fetcher.fetchJson(`${server.url}/a`))).code).toBe('offline');
    expect(server.hits).toEqual([]);
    expect(resolve.asked).toEqual([]);
  });
});

describe('private and local destinations', () => {
  it('refuses 127.0.0.1 unless "allow private network" is on, and never connects', async () => {
    const server = await serve({ '/secret': { body: 'internal' } });
    const err = await failure(
      createFetcher({ offline: false, allowPrivateNetwork: false }).fetch(`${server.url}/secret`),
    );
    expect(err.code).toBe('blocked-address');
    expect(err.message).toBe(
      `Refused to contact 127.0.0.1: it is a private or local network address (127.0.0.1). ${BLOCKED_HINT}`,
    );
    expect(server.hits).toEqual([]);

    const allowed = await createFetcher({ offline: false, allowPrivateNetwork: true }).fetch(
      `${server.url}/secret`,
    );
    expect(text(allowed.bytes)).toBe('internal');
    expect(server.hits).toEqual(['/secret']);
  });

  it('refuses the cloud metadata address without a lookup', async () => {
    const resolve = fakeDns({});
    const err = await failure(
      createFetcher({ offline: false, allowPrivateNetwork: false, resolve, timeoutMs: 2000 }).fetch(
        'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
      ),
    );
    expect(err.code).toBe('blocked-address');
    expect(err.message).toContain('(169.254.169.254)');
    expect(resolve.asked).toEqual([]);
  });

  it('refuses a host name that resolves to a private address', async () => {
    const resolve = fakeDns({ 'badges.example.com': ['10.0.0.5'] });
    const err = await failure(
      createFetcher({ offline: false, allowPrivateNetwork: false, resolve }).fetch(
        'https://badges.example.com/assertion/1',
      ),
    );
    expect(err.code).toBe('blocked-address');
    expect(err.message).toBe(
      `Refused to contact badges.example.com: it is a private or local network address (10.0.0.5). ${BLOCKED_HINT}`,
    );
  });

  it('refuses a host name with one public and one private address', async () => {
    const resolve = fakeDns({ 'mixed.example.com': ['93.184.215.14', '192.168.1.20'] });
    const err = await failure(
      createFetcher({ offline: false, allowPrivateNetwork: false, resolve }).fetch(
        'https://mixed.example.com/',
      ),
    );
    expect(err.code).toBe('blocked-address');
    expect(err.message).toContain('(192.168.1.20)');
  });

  it('refuses the did:web:127.0.0.1%3A6379 document address', async () => {
    const err = await failure(
      createFetcher({ offline: false, allowPrivateNetwork: false }).fetch(
        'https://127.0.0.1:6379/.well-known/did.json',
      ),
    );
    expect(err.code).toBe('blocked-address');
  });

  it('refuses localhost through the system resolver', async () => {
    const server = await serve({ '/': { body: 'home' } });
    const err = await failure(
      createFetcher({ offline: false, allowPrivateNetwork: false }).fetch(
        `http://localhost:${server.port}/`,
      ),
    );
    expect(err.code).toBe('blocked-address');
    expect(server.hits).toEqual([]);
  });

  it.each([
    ['http://2130706433/', '127.0.0.1'],
    ['http://0x7f000001/', '127.0.0.1'],
    ['http://0x7f.1/', '127.0.0.1'],
    ['http://0177.0.0.1/', '127.0.0.1'],
    ['http://127.1/', '127.0.0.1'],
    ['http://0/', '0.0.0.0'],
    ['http://[::ffff:127.0.0.1]/', '::ffff:7f00:1'],
    ['http://[::1]/', '::1'],
    ['http://[0:0:0:0:0:ffff:a9fe:a9fe]/latest/meta-data/', '::ffff:a9fe:a9fe'],
    ['http://[64:ff9b::a00:1]/', '64:ff9b::a00:1'],
    ['http://[fe80::1]/', 'fe80::1'],
    ['http://%31%32%37.0.0.1/', '127.0.0.1'],
  ])('refuses the disguised local address %s', async (url, ip) => {
    const resolve = fakeDns({});
    const err = await failure(
      createFetcher({ offline: false, allowPrivateNetwork: false, resolve, timeoutMs: 2000 }).fetch(
        url,
      ),
    );
    expect(err.code).toBe('blocked-address');
    expect(err.message).toContain(`(${ip})`);
    expect(resolve.asked).toEqual([]);
  });
});

describe('addresses Skillfolio will not fetch at all', () => {
  it.each([
    'file:///etc/passwd',
    'data:application/json,{"type":"Assertion"}',
    'ftp://issuer.example/badge.json',
    'javascript:alert(1)',
    'gopher://127.0.0.1:6379/_FLUSHALL',
    'ws://issuer.example/socket',
  ])('refuses %s', async (url) => {
    const err = await failure(
      createFetcher({ offline: false, allowPrivateNetwork: true }).fetch(url),
    );
    expect(err.code).toBe('bad-input');
    expect(err.message).toBe(`Skillfolio only fetches http(s) addresses; refused ${url}.`);
  });

  it('refuses a user name and password inside the address without repeating the password', async () => {
    const server = await serve({ '/': { body: 'x' } });
    const url = `http://admin:hunter2@127.0.0.1:${server.port}/`;
    const err = await failure(
      createFetcher({ offline: false, allowPrivateNetwork: true }).fetch(url),
    );
    expect(err.code).toBe('bad-input');
    expect(err.message).not.toContain('hunter2');
    expect(server.hits).toEqual([]);
  });

  it('refuses text that is not an address', async () => {
    const err = await failure(
      createFetcher({ offline: false, allowPrivateNetwork: true }).fetch('not a url'),
    );
    expect(err.code).toBe('bad-input');
  });
});

describe('redirects', () => {
  it('connects to the checked address and keeps the original host name', async () => {
    let host: string | undefined;
    const server = await serve({
      '/ok': (req, res) => {
        host = req.headers.host;
        res.end('fine');
      },
    });
    // The system resolver cannot find public.test, so a success proves the socket used our answer.
    const resolve = fakeDns({ 'public.test': ['127.0.0.1'] });
    const fetcher = createFetcher({
      offline: false,
      allowPrivateNetwork: false,
      resolve,
      blocked: loopbackIsPublic,
    });
    const result = await fetcher.fetch(`http://public.test:${server.port}/ok`);
    expect(text(result.bytes)).toBe('fine');
    expect(host).toBe(`public.test:${server.port}`);
    expect(resolve.asked).toEqual(['public.test']);
  });

  it('looks a name up once per hop, so a rebinding answer is never used', async () => {
    const server = await serve({ '/ok': { body: 'fine' } });
    const answers = [['127.0.0.1'], ['10.0.0.5']];
    let calls = 0;
    const resolve = async (): Promise<string[]> => answers[Math.min(calls++, 1)] ?? [];
    const result = await createFetcher({
      offline: false,
      allowPrivateNetwork: false,
      resolve,
      blocked: loopbackIsPublic,
    }).fetch(`http://rebind.test:${server.port}/ok`);
    expect(text(result.bytes)).toBe('fine');
    expect(calls).toBe(1);
  });

  it('follows relative and absolute redirects and reports the final address', async () => {
    const server = await serve({
      '/a': { status: 301, headers: { location: '/b' } },
      '/b': (req, res) => {
        res.writeHead(307, { location: `http://public.test:${req.socket.localPort}/c?d=1` });
        res.end();
      },
      '/c': { status: 200, headers: { 'content-type': 'text/plain' }, body: 'arrived' },
    });
    const fetcher = createFetcher({
      offline: false,
      allowPrivateNetwork: false,
      resolve: fakeDns({ 'public.test': ['127.0.0.1'] }),
      blocked: loopbackIsPublic,
    });
    const result = await fetcher.fetch(`http://public.test:${server.port}/a`);
    expect(result.url).toBe(`http://public.test:${server.port}/a`);
    expect(result.finalUrl).toBe(`http://public.test:${server.port}/c?d=1`);
    expect(text(result.bytes)).toBe('arrived');
    expect(server.hits).toEqual(['/a', '/b', '/c?d=1']);
  });

  it.each([
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254'],
    ['http://10.1.2.3/admin', '10.1.2.3'],
    ['http://intranet.test/hr', '10.20.30.40'],
    ['http://[::1]:8080/', '::1'],
  ])('re-checks a redirect to %s and refuses it', async (target, ip) => {
    const server = await serve({ '/start': { status: 302, headers: { location: target } } });
    const fetcher = createFetcher({
      offline: false,
      allowPrivateNetwork: false,
      resolve: fakeDns({ 'public.test': ['127.0.0.1'], 'intranet.test': ['10.20.30.40'] }),
      blocked: loopbackIsPublic,
      timeoutMs: 2000,
    });
    const err = await failure(fetcher.fetch(`http://public.test:${server.port}/start`));
    expect(err.code).toBe('blocked-address');
    expect(err.message).toContain(`(${ip})`);
    expect(server.hits).toEqual(['/start']);
  });

  it('refuses a redirect to a file: address', async () => {
    const server = await serve({
      '/start': { status: 302, headers: { location: 'file:///etc/passwd' } },
    });
    const err = await failure(
      createFetcher({ offline: false, allowPrivateNetwork: true }).fetch(`${server.url}/start`),
    );
    expect(err.code).toBe('bad-input');
    expect(err.message).toContain('refused file:///etc/passwd');
  });

  it('follows exactly maxRedirects hops and refuses one more', async () => {
    const server = await serve({
      '/r1': { status: 302, headers: { location: '/r2' } },
      '/r2': { status: 303, headers: { location: '/r3' } },
      '/r3': { status: 308, headers: { location: '/done' } },
      '/done': { body: 'done' },
      '/loop': { status: 302, headers: { location: '/loop' } },
    });
    const fetcher = createFetcher({ offline: false, allowPrivateNetwork: true, maxRedirects: 3 });
    expect(text((await fetcher.fetch(`${server.url}/r1`)).bytes)).toBe('done');

    server.hits.length = 0;
    const err = await failure(fetcher.fetch(`${server.url}/loop`));
    expect(err.code).toBe('network');
    expect(err.message).toBe(`Too many redirects (more than 3) fetching ${server.url}/loop.`);
    expect(server.hits).toEqual(['/loop', '/loop', '/loop', '/loop']);
  });

  it('refuses a redirect from https down to plain http', async () => {
    const plain = await serve({ '/downgraded': { body: 'sent in clear' } });
    const tls = await serve(
      {
        '/secure': { headers: { 'content-type': 'application/json' }, body: '{"ok":true}' },
        '/hop': { status: 301, headers: { location: '/secure' } },
        '/start': { status: 302, headers: { location: `${plain.url}/downgraded` } },
      },
      { https: true },
    );
    const fetcher = createFetcher({
      offline: false,
      allowPrivateNetwork: true,
      ca: tls.ca ? [tls.ca] : [],
    });
    // https itself works, including an https → https hop …
    const { json, result } = await fetcher.fetchJson(`${tls.url}/hop`);
    expect(json).toEqual({ ok: true });
    expect(result.finalUrl).toBe(`${tls.url}/secure`);
    // … but leaving it is refused before the plain server hears anything.
    const err = await failure(fetcher.fetch(`${tls.url}/start`));
    expect(err.code).toBe('network');
    expect(err.message).toContain('Refused to follow a redirect');
    expect(plain.hits).toEqual([]);
  });

  it('verifies https certificates', async () => {
    const tls = await serve({ '/secure': { body: 'x' } }, { https: true });
    const err = await failure(
      createFetcher({ offline: false, allowPrivateNetwork: true }).fetch(`${tls.url}/secure`),
    );
    expect(err.code).toBe('network');
    expect(err.message).toContain('security certificate cannot be trusted');
  });

  it('sends the original host name for TLS (SNI and certificate check)', async () => {
    const tls = await serve({ '/secure': { body: 'by name' } }, { https: true });
    const fetcher = createFetcher({
      offline: false,
      allowPrivateNetwork: false,
      resolve: fakeDns({ 'public.test': ['127.0.0.1'], 'other.test': ['127.0.0.1'] }),
      blocked: loopbackIsPublic,
      ca: tls.ca ? [tls.ca] : [],
    });
    const ok = await fetcher.fetch(`https://public.test:${tls.port}/secure`);
    expect(text(ok.bytes)).toBe('by name');
    // The certificate names public.test, not other.test: the check used the name, not the address.
    const err = await failure(fetcher.fetch(`https://other.test:${tls.port}/secure`));
    expect(err.code).toBe('network');
    expect(err.message).toContain('security certificate cannot be trusted');
  });
});

describe('slow, endless and huge answers', () => {
  it('times out a server that never answers', async () => {
    const server = await serve({ '/silent': () => undefined });
    const err = await failure(
      createFetcher({ offline: false, allowPrivateNetwork: true, timeoutMs: 300 }).fetch(
        `${server.url}/silent`,
      ),
    );
    expect(err.code).toBe('network');
    expect(err.message).toBe(`Timed out after 300 ms fetching ${server.url}/silent.`);
  });

  it('times out a body that never finishes (slow loris)', async () => {
    const server = await serve({
      '/trickle': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"partial":');
      },
    });
    const err = await failure(
      createFetcher({ offline: false, allowPrivateNetwork: true, timeoutMs: 300 }).fetch(
        `${server.url}/trickle`,
      ),
    );
    expect(err.code).toBe('network');
    expect(err.message).toContain('Timed out after 300 ms');
  });

  it('refuses a declared Content-Length over the cap before reading the body', async () => {
    const server = await serve({
      '/big': { body: 'x'.repeat(5000) },
      '/exact': { body: 'y'.repeat(1000) },
    });
    const fetcher = createFetcher({ offline: false, allowPrivateNetwork: true, maxBytes: 1000 });
    const err = await failure(fetcher.fetch(`${server.url}/big`));
    expect(err.code).toBe('too-large');
    expect(err.message).toBe(
      `${server.url}/big sent more than 1000 bytes, the most Skillfolio downloads for one request.`,
    );
    expect((await fetcher.fetch(`${server.url}/exact`)).bytes.byteLength).toBe(1000);
    // A caller may ask for a smaller cap on one request.
    expect((await failure(fetcher.fetch(`${server.url}/exact`, { maxBytes: 999 }))).code).toBe(
      'too-large',
    );
  });

  it('stops reading a chunked stream as soon as it passes the cap', async () => {
    // The server never ends the response: only stopping at the cap can settle this before the timeout.
    const server = await serve({
      '/endless': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        for (let i = 0; i < 8; i++) res.write(Buffer.alloc(512, 0x61));
      },
    });
    const err = await failure(
      createFetcher({
        offline: false,
        allowPrivateNetwork: true,
        maxBytes: 1000,
        timeoutMs: 10_000,
      }).fetch(`${server.url}/endless`),
    );
    expect(err.code).toBe('too-large');
  });

  it('inflates a gzip body sent despite asking for none, under the same cap', async () => {
    const bomb = gzipSync(Buffer.alloc(10 * 1024 * 1024));
    const server = await serve({
      '/zipped': {
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body: gzipSync(Buffer.from('{"zipped":true}')),
      },
      '/bomb': { headers: { 'content-encoding': 'gzip' }, body: bomb },
      '/odd': { headers: { 'content-encoding': 'compress' }, body: 'xx' },
    });
    const fetcher = createFetcher({
      offline: false,
      allowPrivateNetwork: true,
      maxBytes: 1024 * 1024,
    });
    expect((await fetcher.fetchJson(`${server.url}/zipped`)).json).toEqual({ zipped: true });
    expect(bomb.byteLength).toBeLessThan(1024 * 1024);
    expect((await failure(fetcher.fetch(`${server.url}/bomb`))).code).toBe('too-large');
    expect((await failure(fetcher.fetch(`${server.url}/odd`))).code).toBe('network');
  });
});

describe('HTTP errors', () => {
  it.each([404, 410, 500])('surfaces HTTP %i with its status', async (status) => {
    const server = await serve({ '/assertion': { status, body: 'nope' } });
    const url = `${server.url}/assertion`;
    const err = await failure(
      createFetcher({ offline: false, allowPrivateNetwork: true }).fetch(url),
    );
    expect(err).toBeInstanceOf(FetchHttpError);
    expect(err.code).toBe('network');
    expect(err.message).toBe(`${url} answered HTTP ${status}.`);
    expect(err instanceof FetchHttpError ? err.status : null).toBe(status);
  });
});

describe('isBlockedAddress', () => {
  const blocked = [
    // IPv4
    '0.0.0.0',
    '0.1.2.3',
    '10.0.0.1',
    '10.255.255.255',
    '100.64.0.1',
    '100.127.255.255',
    '127.0.0.1',
    '127.255.255.254',
    '169.254.0.1',
    '169.254.169.254',
    '172.16.0.1',
    '172.31.255.255',
    '192.0.0.8',
    '192.0.2.1',
    '192.88.99.1',
    '192.168.0.1',
    '192.168.255.255',
    '198.18.0.1',
    '198.19.255.255',
    '198.51.100.7',
    '203.0.113.9',
    '224.0.0.1',
    '239.255.255.250',
    '240.0.0.1',
    '255.255.255.255',
    // IPv6
    '::',
    '::1',
    '0:0:0:0:0:0:0:1',
    '[::1]',
    '::127.0.0.1',
    '100::1',
    'fc00::1',
    'fd12:3456:789a::1',
    'fe80::1',
    'fe80::1%eth0',
    'febf:ffff::1',
    'fec0::1',
    'ff02::1',
    'ff0e::c',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '::ffff:169.254.169.254',
    '0:0:0:0:0:ffff:c0a8:0101',
    '::ffff:0:7f00:1',
    '64:ff9b::7f00:1',
    '64:ff9b::10.0.0.1',
    '64:ff9b::a9fe:a9fe',
    '64:ff9b:1::1',
    '2002:7f00:1::',
    '2002:a9fe:a9fe::1',
    '2002:c0a8:101::1',
    '2001::1',
    '2001:0:4136:e378:8000:63bf:3fff:fdd2',
    '2001:db8::1',
    '2001:db8:ffff::1',
    '3fff::1',
    // not an address at all: fail closed
    '',
    'localhost',
    '1.2.3',
    '256.1.1.1',
    '::gggg',
  ];
  const allowed = [
    '1.1.1.1',
    '8.8.8.8',
    '9.255.255.255',
    '11.0.0.1',
    '93.184.215.14',
    '100.63.255.255',
    '100.128.0.1',
    '169.253.255.255',
    '169.255.0.1',
    '172.15.255.255',
    '172.32.0.1',
    '192.167.255.255',
    '192.169.0.1',
    '198.17.255.255',
    '198.20.0.1',
    '223.255.255.255',
    '2606:4700:4700::1111',
    '2001:4860:4860::8888',
    '2a00:1450:4001:80b::200e',
    '2001:db9::1',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::1',
  ];

  it.each(blocked)('blocks %s', (ip) => {
    expect(isBlockedAddress(ip)).toBe(true);
  });
  it.each(allowed)('allows %s', (ip) => {
    expect(isBlockedAddress(ip)).toBe(false);
  });
});
