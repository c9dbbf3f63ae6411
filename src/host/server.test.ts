// Browser mode over real sockets: the token, the Host check, static files and the contract behave as promised.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../shared/contract';
import { RENDERER_CSP } from '../shared/renderer-policy';
import { startHost, TOKEN_HEADER, type Host } from './server';

type Reply = { status: number; headers: http.IncomingHttpHeaders; body: string };

/** A raw HTTP request, so tests can send what browsers never would (foreign Host, `..` paths). */
function request(
  host: Host,
  opts: { method?: string; path: string; headers?: Record<string, string | number>; body?: string },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: host.port,
        method: opts.method ?? 'GET',
        path: opts.path,
        headers: { host: `127.0.0.1:${host.port}`, ...opts.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

function invoke(host: Host, method: string, input: unknown, headers: Record<string, string> = {}) {
  return request(host, {
    method: 'POST',
    path: '/api/invoke',
    headers: { 'content-type': 'application/json', [TOKEN_HEADER]: host.token, ...headers },
    body: JSON.stringify({ method, input }),
  });
}

async function call(host: Host, method: string, input: unknown): Promise<unknown> {
  const reply = await invoke(host, method, input);
  expect(reply.status).toBe(200);
  return JSON.parse(reply.body) as unknown;
}

function ob3(title: string, id = `urn:uuid:${title.replace(/\W+/g, '-')}`): string {
  return JSON.stringify({
    '@context': [
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ],
    id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: 'https://example.edu/issuers/1', type: ['Profile'], name: 'Example University' },
    validFrom: '2024-05-01T00:00:00Z',
    name: title,
    credentialSubject: {
      type: ['AchievementSubject'],
      achievement: {
        id: 'https://example.edu/achievements/1',
        type: ['Achievement'],
        name: title,
        criteria: { narrative: 'Completed the course.' },
      },
    },
  });
}

async function listTotal(host: Host): Promise<number> {
  const res = (await call(host, 'library.list', {})) as { ok: true; value: { total: number } };
  expect(res.ok).toBe(true);
  return res.value.total;
}

let dir: string;
let host: Host;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillfolio-host-'));
  const renderer = path.join(dir, 'renderer');
  fs.mkdirSync(path.join(renderer, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Skillfolio</title>');
  fs.writeFileSync(path.join(renderer, 'assets', 'app.js'), 'console.log(1);');
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'do not serve me');
  fs.symlinkSync(path.join(dir, 'secret.txt'), path.join(renderer, 'assets', 'link.txt'));
  host = await startHost({
    libraryDir: path.join(dir, 'library'),
    rendererDir: renderer,
    offline: true,
  });
});

afterEach(async () => {
  await host.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('static files', () => {
  it('serves the page with the CSP and the right content types', async () => {
    const page = await request(host, { path: '/' });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toBe(RENDERER_CSP);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.body).toContain('<title>Skillfolio</title>');
    const script = await request(host, { path: '/assets/app.js' });
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it('keeps index.html and the CSP header saying the same thing', () => {
    const html = fs.readFileSync(path.join(__dirname, '../renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBe(RENDERER_CSP);
  });

  it.each([
    '/../secret.txt',
    '/..%2fsecret.txt',
    '/%2e%2e/secret.txt',
    '/assets/../../secret.txt',
    '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/..%5csecret.txt',
    '/assets/link.txt',
    '/%00index.html',
    '/assets',
    '/nope.html',
  ])('answers 404 for %s and never leaks a file outside the build', async (p) => {
    const reply = await request(host, { path: p });
    expect(reply.status).toBe(404);
    expect(reply.body).not.toContain('do not serve me');
  });
});

describe('who may call', () => {
  it('refuses a missing or wrong token with 401, and nothing is imported', async () => {
    const none = await request(host, {
      method: 'POST',
      path: '/api/invoke',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        method: 'library.import',
        input: { sources: [{ kind: 'text', text: ob3('Sneaky') }] },
      }),
    });
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body)).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    const wrong = await invoke(
      host,
      'library.import',
      { sources: [{ kind: 'text', text: ob3('Sneaky') }] },
      { [TOKEN_HEADER]: `${host.token.slice(0, -1)}x` },
    );
    expect(wrong.status).toBe(401);
    const events = await request(host, { path: '/api/events' });
    expect(events.status).toBe(401);
    expect(await listTotal(host)).toBe(0);
  });

  it('refuses a foreign Host header (DNS rebinding) with 403, for pages and the API', async () => {
    const page = await request(host, { path: '/', headers: { host: `evil.example:${host.port}` } });
    expect(page.status).toBe(403);
    const api = await invoke(host, 'library.list', {}, { host: `attacker.test:${host.port}` });
    expect(api.status).toBe(403);
    const otherPort = await request(host, {
      path: '/',
      headers: { host: `127.0.0.1:${host.port + 1}` },
    });
    expect(otherPort.status).toBe(403);
    const local = await request(host, { path: '/', headers: { host: `localhost:${host.port}` } });
    expect(local.status).toBe(200);
  });

  it('refuses a request sent from another site even with the token', async () => {
    const reply = await invoke(host, 'library.list', {}, { origin: 'https://evil.example' });
    expect(reply.status).toBe(403);
  });

  it('accepts only JSON bodies and caps their size', async () => {
    const form = await request(host, {
      method: 'POST',
      path: '/api/invoke',
      headers: { 'content-type': 'text/plain', [TOKEN_HEADER]: host.token },
      body: JSON.stringify({ method: 'library.list', input: {} }),
    });
    expect(form.status).toBe(415);
    const huge = await new Promise<Reply>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: host.port,
          method: 'POST',
          path: '/api/invoke',
          headers: {
            'content-type': 'application/json',
            'content-length': 200 * 1024 * 1024,
            [TOKEN_HEADER]: host.token,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            req.destroy();
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString(),
            });
          });
        },
      );
      req.on('error', reject);
      req.write('{"method":"library.list"');
    });
    expect(huge.status).toBe(413);
    expect(JSON.parse(huge.body)).toMatchObject({ ok: false, error: { code: 'too-large' } });
    const broken = await request(host, {
      method: 'POST',
      path: '/api/invoke',
      headers: { 'content-type': 'application/json', [TOKEN_HEADER]: host.token },
      body: '{"method": "library.list",',
    });
    expect(broken.status).toBe(400);
    expect(JSON.parse(broken.body)).toMatchObject({ ok: false, error: { code: 'bad-input' } });
  });
});

describe('the contract over HTTP', () => {
  it('answers invalid input and unknown operations with a bad-input envelope', async () => {
    expect(await call(host, 'library.get', { id: 'one' })).toMatchObject({
      ok: false,
      error: { code: 'bad-input' },
    });
    expect(await call(host, 'library.list', { sort: 'chaos' })).toMatchObject({
      ok: false,
      error: { code: 'bad-input' },
    });
    expect(await call(host, 'library.drop', {})).toMatchObject({
      ok: false,
      error: { code: 'bad-input' },
    });
    expect(await call(host, 'library.import', { sources: [] })).toMatchObject({
      ok: false,
      error: { code: 'bad-input' },
    });
  });

  it('refuses a file named by path, and does not read it', async () => {
    const file = path.join(dir, 'badge.json');
    fs.writeFileSync(file, ob3('On disk'));
    const res = await call(host, 'library.import', {
      sources: [
        { kind: 'text', text: ob3('Alongside') },
        { kind: 'path', path: file },
      ],
    });
    expect(res).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    expect((res as { error: { message: string } }).error.message).toMatch(
      /cannot be imported by name/,
    );
    expect(await listTotal(host)).toBe(0);
  });

  it('imports pasted JSON, lists it, and reports the same paste again as a duplicate', async () => {
    const text = ob3('Data Analysis Fundamentals');
    const first = (await call(host, 'library.import', { sources: [{ kind: 'text', text }] })) as {
      ok: true;
      value: { imported: { id: number; title: string; verdict: string }[] };
    };
    expect(first.ok).toBe(true);
    expect(first.value.imported).toHaveLength(1);
    expect(first.value.imported[0]).toMatchObject({
      title: 'Data Analysis Fundamentals',
      verdict: 'unverified',
    });

    const list = (await call(host, 'library.list', { query: 'analysis' })) as {
      ok: true;
      value: { total: number; items: { title: string; issuerName: string }[] };
    };
    expect(list.value.total).toBe(1);
    expect(list.value.items[0]).toMatchObject({
      title: 'Data Analysis Fundamentals',
      issuerName: 'Example University',
    });

    const again = (await call(host, 'library.import', { sources: [{ kind: 'text', text }] })) as {
      ok: true;
      value: { imported: unknown[]; duplicates: { id: number }[] };
    };
    expect(again.value.imported).toHaveLength(0);
    expect(again.value.duplicates).toEqual([
      expect.objectContaining({ id: first.value.imported[0]?.id }),
    ]);
  });

  it('imports uploaded bytes and rejects what is not a credential, with a reason', async () => {
    const res = (await call(host, 'library.import', {
      sources: [
        {
          kind: 'bytes',
          name: 'badge.json',
          base64: Buffer.from(ob3('Uploaded')).toString('base64'),
        },
        { kind: 'text', text: '{"hello":1}' },
      ],
    })) as {
      ok: true;
      value: {
        imported: { title: string }[];
        rejected: { error: { code: string; message: string } }[];
      };
    };
    expect(res.value.imported.map((i) => i.title)).toEqual(['Uploaded']);
    expect(res.value.rejected).toHaveLength(1);
    expect(res.value.rejected[0]?.error.message.length).toBeGreaterThan(10);
  });

  it('streams import progress to the page as server-sent events', async () => {
    const received: ProgressEvent[] = [];
    const done = new Promise<void>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: host.port,
          path: '/api/events',
          headers: { host: `127.0.0.1:${host.port}`, [TOKEN_HEADER]: host.token },
        },
        (res) => {
          expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
          let buffer = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            buffer += chunk;
            if (buffer.includes(': connected')) {
              buffer = buffer.replace(': connected\n\n', '');
              call(host, 'library.import', {
                sources: [{ kind: 'text', text: ob3('Streamed') }],
              }).catch(reject);
            }
            // Only whole lines: the last piece may be cut mid-way.
            for (const line of buffer.split('\n').slice(0, -1)) {
              if (!line.startsWith('data: ')) continue;
              const event = JSON.parse(line.slice(6)) as ProgressEvent;
              received.push(event);
              if (event.phase === 'done') {
                req.destroy();
                resolve();
              }
            }
            buffer = buffer.slice(buffer.lastIndexOf('\n') + 1);
          });
        },
      );
      req.on('error', () => undefined);
      req.end();
    });
    await done;
    expect(received.at(-1)).toMatchObject({ type: 'progress', operation: 'import', phase: 'done' });
  });
});
