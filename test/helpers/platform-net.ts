// A stand-in Internet for platform tests: real public addresses (api.credly.com, …) answered by one local server, through the real guarded fetcher.
import { isIP } from 'node:net';
import {
  createFetcher,
  isBlockedAddress,
  type Fetcher,
  type FetchResult,
} from '../../src/verify/fetcher';
import { startTestServer, type TestResponse, type TestServer } from './http-server';

export type PlatformNet = {
  server: TestServer;
  /** The app's fetcher, with every request for a served host sent to the local server instead. */
  fetcher: Fetcher;
  /** Public URLs requested, in order (as the app asked for them). */
  requested: string[];
  close(): Promise<void>;
};

/** Serves `sites` (public URL → answer) on 127.0.0.1; other host names answer 404, IP addresses are fetched as they are. */
export async function startPlatformNet(
  sites: Record<string, TestResponse>,
  opts: {
    offline?: boolean;
    /** False: "allow private network" off, with only the local server (127.0.0.1) counted as public. */
    privateNetwork?: boolean;
  } = {},
): Promise<PlatformNet> {
  const routes: Record<string, TestResponse> = {};
  const hosts = new Set<string>();
  for (const [url, answer] of Object.entries(sites)) {
    const u = new URL(url);
    hosts.add(u.host);
    routes[`/${u.host}${u.pathname}`] = answer;
  }
  const server = await startTestServer(routes);
  const real = createFetcher({
    offline: opts.offline ?? false,
    allowPrivateNetwork: opts.privateNetwork ?? true,
    // The local server plays the public Internet; every other private address stays refused.
    blocked: (ip) => ip !== '127.0.0.1' && isBlockedAddress(ip),
    timeoutMs: 5000,
  });
  const requested: string[] = [];
  // Like a hosts file: the public name maps to the local server; the path keeps the public host in it.
  const toLocal = (url: string): string => {
    const u = new URL(url);
    // Addresses given as IPs go to the real fetcher as they are: its address checks are under test.
    if (isIP(u.hostname.replace(/^\[|\]$/g, '')) !== 0) return url;
    if (!hosts.has(u.host)) return `${server.url}/no-such-host/${encodeURIComponent(url)}`;
    return `${server.url}/${u.host}${u.pathname}${u.search}`;
  };
  const toPublic = (url: string): string => {
    if (!url.startsWith(`${server.url}/`)) return url;
    const rest = url.slice(server.url.length + 1);
    const slash = rest.indexOf('/');
    return `https://${rest.slice(0, slash)}${rest.slice(slash)}`;
  };
  const back = (r: FetchResult, asked: string): FetchResult => ({
    ...r,
    url: asked,
    finalUrl: toPublic(r.finalUrl),
  });
  const fetcher: Fetcher = {
    settings: real.settings,
    async fetch(url, req) {
      requested.push(url);
      return back(await real.fetch(toLocal(url), req), url);
    },
    async fetchJson(url, req) {
      requested.push(url);
      const { result, json } = await real.fetchJson(toLocal(url), req);
      return { result: back(result, url), json };
    },
  };
  return { server, fetcher, requested, close: () => server.close() };
}

export const json = (doc: unknown, type = 'application/json'): TestResponse => ({
  headers: { 'content-type': type },
  body: typeof doc === 'string' ? doc : JSON.stringify(doc),
});

export const html = (body: string): TestResponse => ({
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body,
});

export const bytes = (b: Uint8Array, type: string): TestResponse => ({
  headers: { 'content-type': type },
  body: b,
});
