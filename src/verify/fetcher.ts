// The app's only door to the network: http(s) only, private destinations refused, checked addresses pinned, time and size capped.
import type { LookupAddress } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import type { IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, isIPv4, isIPv6 } from 'node:net';
import type { LookupFunction } from 'node:net';
import { rootCertificates } from 'node:tls';
import { promisify } from 'node:util';
import { brotliDecompress, unzip } from 'node:zlib';
import { parseJsonBytes } from '../formats/json';
import { AppError } from '../shared/errors';

export type FetchSettings = {
  offline: boolean;
  allowPrivateNetwork: boolean;
  /** Whole exchange: name lookup, every redirect hop and the full body. Default 10 s. */
  timeoutMs?: number;
  /** Default 5 MB. */
  maxBytes?: number;
  /** Default 5. */
  maxRedirects?: number;
  /** Clock for `fetchedAt`. */
  now?: () => Date;
  /** Name → addresses. Default: the system resolver (`dns.lookup`, all addresses). */
  resolve?: (hostname: string) => Promise<string[]>;
  /**
   * Which addresses count as private. Tests only (so 127.0.0.1 can play a public host while a
   * redirect to 10.x is still refused); the app leaves it unset and gets `isBlockedAddress`.
   */
  blocked?: (ip: string) => boolean;
  /** Extra trusted root certificates (PEM), on top of the usual ones: an intranet CA, a test server. */
  ca?: string[];
};

export type FetchResult = {
  /** The address as the caller asked for it. */
  url: string;
  /** Where the bytes came from after redirects (normalised). */
  finalUrl: string;
  status: number;
  /** `content-type` without parameters, lower case; null when the server sent none. */
  mediaType: string | null;
  bytes: Uint8Array;
  fetchedAt: string;
};

export type FetchRequest = { accept?: string; maxBytes?: number };

export type Fetcher = {
  readonly settings: Readonly<FetchSettings>;
  fetch(url: string, req?: FetchRequest): Promise<FetchResult>;
  fetchJson(url: string, req?: FetchRequest): Promise<{ result: FetchResult; json: unknown }>;
};

/** An HTTP error answer; `status` lets a caller tell "gone" (410) from "not found" (404). */
export class FetchHttpError extends AppError {
  readonly status: number;
  readonly url: string;
  constructor(status: number, url: string) {
    super('network', `${url} answered HTTP ${status}.`);
    this.name = 'FetchHttpError';
    this.status = status;
    this.url = url;
  }
}

export const FETCH_DEFAULTS = {
  timeoutMs: 10_000,
  maxBytes: 5 * 1024 * 1024,
  maxRedirects: 5,
} as const;

const USER_AGENT = 'Skillfolio/0.1 (+credential verification)';
const JSON_ACCEPT = 'application/ld+json, application/json;q=0.9, */*;q=0.1';
// setTimeout fires at once for anything above 2^31 - 1 ms.
const MAX_TIMER_MS = 2_147_483_647;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

// ---------------------------------------------------------------------------------------------
// Address classification

type Cidr = readonly [bytes: readonly number[], prefixBits: number];

function v4(text: string, bits: number): Cidr {
  return [text.split('.').map(Number), bits];
}
function v6(text: string, bits: number): Cidr {
  return [parseIPv6(text) ?? [], bits];
}

// Not reachable on the public Internet (RFC 6890 special-purpose registry, and multicast/reserved).
const BLOCKED_V4: readonly Cidr[] = [
  v4('0.0.0.0', 8), // "this network"
  v4('10.0.0.0', 8), // private
  v4('100.64.0.0', 10), // carrier-grade NAT
  v4('127.0.0.0', 8), // loopback
  v4('169.254.0.0', 16), // link-local, including cloud metadata 169.254.169.254
  v4('172.16.0.0', 12), // private
  v4('192.0.0.0', 24), // IETF protocol assignments
  v4('192.0.2.0', 24), // documentation
  v4('192.88.99.0', 24), // 6to4 relay anycast (deprecated)
  v4('192.168.0.0', 16), // private
  v4('198.18.0.0', 15), // benchmarking
  v4('198.51.100.0', 24), // documentation
  v4('203.0.113.0', 24), // documentation
  v4('224.0.0.0', 4), // multicast
  v4('240.0.0.0', 4), // reserved, including broadcast 255.255.255.255
];

// Inside global unicast 2000::/3, the parts that are not ordinary Internet hosts.
const BLOCKED_V6_GLOBAL: readonly Cidr[] = [
  v6('2001::', 32), // Teredo: tunnels to arbitrary IPv4 addresses
  v6('2001:2::', 48), // benchmarking
  v6('2001:10::', 28), // ORCHID (deprecated)
  v6('2001:20::', 28), // ORCHIDv2 (identifiers, not locators)
  v6('2001:db8::', 32), // documentation
  v6('3fff::', 20), // documentation
];
const GLOBAL_UNICAST_V6 = v6('2000::', 3);
const MAPPED_V4 = v6('::ffff:0:0', 96);
const NAT64_V4 = v6('64:ff9b::', 96);
const SIX_TO_FOUR = v6('2002::', 16);

function inCidr(bytes: readonly number[], [net, bits]: Cidr): boolean {
  for (let i = 0; i < net.length && bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((bytes[i] ?? 0) & mask) !== ((net[i] ?? 0) & mask)) return false;
  }
  return true;
}

/** 16 bytes of an IPv6 address (zone index ignored), or null when it is not one. */
function parseIPv6(text: string): number[] | null {
  let ip = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const zone = ip.indexOf('%');
  if (zone !== -1) ip = ip.slice(0, zone);
  if (!isIPv6(ip)) return null;
  const lastColon = ip.lastIndexOf(':');
  const tail = ip.slice(lastColon + 1);
  if (tail.includes('.')) {
    const [a = 0, b = 0, c = 0, d = 0] = tail.split('.').map(Number);
    ip = `${ip.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = ip.split('::');
  const groupsOf = (s: string | undefined): string[] => (s ? s.split(':') : []);
  const head = groupsOf(halves[0]);
  const rest = groupsOf(halves[1]);
  const groups =
    halves.length === 2
      ? [...head, ...Array<string>(8 - head.length - rest.length).fill('0'), ...rest]
      : head;
  if (groups.length !== 8) return null;
  const bytes: number[] = [];
  for (const g of groups) {
    const n = parseInt(g, 16);
    bytes.push(n >> 8, n & 0xff);
  }
  return bytes;
}

function isBlockedV4Bytes(bytes: readonly number[]): boolean {
  return BLOCKED_V4.some((cidr) => inCidr(bytes, cidr));
}

/**
 * True for any address Skillfolio must not contact unless "allow private network" is on: loopback,
 * private, link-local (cloud metadata), CGNAT, multicast, reserved, documentation, and IPv6 forms
 * that embed a blocked IPv4 address (mapped, NAT64, 6to4). Anything unparseable counts as blocked.
 */
export function isBlockedAddress(ip: string): boolean {
  if (isIPv4(ip)) return isBlockedV4Bytes(ip.split('.').map(Number));
  const bytes = parseIPv6(ip);
  if (bytes === null) return true;
  if (inCidr(bytes, MAPPED_V4) || inCidr(bytes, NAT64_V4)) return isBlockedV4Bytes(bytes.slice(12));
  if (inCidr(bytes, SIX_TO_FOUR)) return isBlockedV4Bytes(bytes.slice(2, 6));
  // Outside 2000::/3 is loopback, unspecified, ULA, link-local, site-local, multicast, discard…
  if (!inCidr(bytes, GLOBAL_UNICAST_V6)) return true;
  return BLOCKED_V6_GLOBAL.some((cidr) => inCidr(bytes, cidr));
}

// ---------------------------------------------------------------------------------------------
// Messages

function clip(text: string, max = 160): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round((n / 1024) * 10) / 10} KB`;
  return `${n} bytes`;
}

function formatDuration(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}

function tooLarge(url: string, cap: number): AppError {
  return new AppError(
    'too-large',
    `${url} sent more than ${formatBytes(cap)}, the most Skillfolio downloads for one request.`,
  );
}

function describeSocketError(err: unknown): string {
  const code =
    typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string'
      ? err.code
      : '';
  switch (code) {
    case 'ECONNREFUSED':
      return 'the server refused the connection';
    case 'ECONNRESET':
    case 'ERR_STREAM_PREMATURE_CLOSE':
      return 'the connection was cut off';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'the server cannot be reached from this network';
    case 'ETIMEDOUT':
      return 'the connection timed out';
    default:
      break;
  }
  if (/CERT|SELF_SIGNED|ERR_TLS/.test(code)) {
    return `its security certificate cannot be trusted (${code})`;
  }
  return err instanceof Error ? err.message : String(err);
}

// ---------------------------------------------------------------------------------------------
// One guarded request

/** Parses and checks an address we are about to contact (the first one or a redirect target). */
function checkUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError('bad-input', `"${clip(raw)}" is not a web address Skillfolio can fetch.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AppError(
      'bad-input',
      `Skillfolio only fetches http(s) addresses; refused ${clip(raw)}.`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new AppError(
      'bad-input',
      `Refused ${url.protocol}//${url.host}${clip(url.pathname)}: Skillfolio does not send a user name or password written inside a web address.`,
    );
  }
  return url;
}

/** The host as a socket wants it: IPv6 literals without brackets. */
function bareHost(url: URL): string {
  const h = url.hostname;
  return h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
}

async function systemResolve(hostname: string): Promise<string[]> {
  const found = await dnsLookup(hostname, { all: true, verbatim: true });
  return found.map((a) => a.address);
}

/** Resolves once, refuses private answers, and returns the addresses the socket may use. */
async function checkedAddresses(url: URL, settings: FetchSettings): Promise<string[]> {
  const host = bareHost(url);
  let addresses: string[];
  if (isIP(host) !== 0) {
    addresses = [host];
  } else {
    try {
      addresses = await (settings.resolve ?? systemResolve)(host);
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw new AppError('network', `Could not find ${host}: ${describeSocketError(err)}.`);
    }
    if (addresses.length === 0) {
      throw new AppError('network', `Could not find ${host}: it has no address.`);
    }
    const junk = addresses.find((a) => isIP(a) === 0);
    if (junk !== undefined) {
      throw new AppError(
        'network',
        `Could not find ${host}: the name lookup answered "${clip(junk, 60)}", which is not an address.`,
      );
    }
  }
  if (!settings.allowPrivateNetwork) {
    const blocked = settings.blocked ?? isBlockedAddress;
    const bad = addresses.find((a) => blocked(a));
    if (bad !== undefined) {
      throw new AppError(
        'blocked-address',
        `Refused to contact ${url.hostname}: it is a private or local network address (${bad}). Turn on "allow private network" to reach intranet issuers.`,
      );
    }
  }
  return addresses;
}

/** Hands the socket the addresses we already checked, so a second DNS answer can never sneak in. */
function pinnedLookup(addresses: string[]): LookupFunction {
  const entries: LookupAddress[] = addresses.map((address) => ({ address, family: isIP(address) }));
  return (hostname, options, callback) => {
    const first = entries[0];
    if (!first) callback(new Error(`no checked address for ${hostname}`), '');
    else if (options.all) callback(null, entries);
    else callback(null, first.address, first.family);
  };
}

function openResponse(
  url: URL,
  addresses: string[],
  accept: string,
  settings: FetchSettings,
  signal: AbortSignal,
): Promise<IncomingMessage> {
  const secure = url.protocol === 'https:';
  const options: https.RequestOptions = {
    host: bareHost(url),
    port: url.port === '' ? (secure ? 443 : 80) : Number(url.port),
    path: `${url.pathname}${url.search}`,
    method: 'GET',
    headers: {
      host: url.host,
      'user-agent': USER_AGENT,
      accept,
      'accept-encoding': 'identity',
    },
    agent: false, // no pooled sockets: each hop connects to its own checked address
    lookup: pinnedLookup(addresses),
    signal,
  };
  if (secure && settings.ca && settings.ca.length > 0) {
    options.ca = [...rootCertificates, ...settings.ca];
  }
  return new Promise<IncomingMessage>((resolve, reject) => {
    const req = (secure ? https : http).request(options, resolve);
    req.on('error', reject);
    req.end();
  });
}

const inflaters: Record<
  string,
  (buf: Buffer, opts: { maxOutputLength: number }) => Promise<Buffer>
> = {
  gzip: promisify(unzip),
  'x-gzip': promisify(unzip),
  deflate: promisify(unzip),
  br: promisify(brotliDecompress),
};

async function readBody(res: IncomingMessage, href: string, cap: number): Promise<Uint8Array> {
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > cap) {
    res.destroy();
    throw tooLarge(href, cap);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    total += chunk.byteLength;
    // Leaving the loop destroys the stream, so the rest is never read.
    if (total > cap) throw tooLarge(href, cap);
    chunks.push(chunk);
  }
  const raw = Buffer.concat(chunks, total);
  const encoding = (res.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity' || encoding === '') return new Uint8Array(raw);
  // We asked for no compression; some servers send it anyway, so inflate under the same cap.
  const inflate = inflaters[encoding];
  if (!inflate) {
    throw new AppError(
      'network',
      `${href} answered with "${clip(encoding, 40)}" compressed content, which Skillfolio cannot read.`,
    );
  }
  try {
    return new Uint8Array(await inflate(raw, { maxOutputLength: cap }));
  } catch (err) {
    const code = typeof err === 'object' && err !== null && 'code' in err ? err.code : undefined;
    if (code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) throw tooLarge(href, cap);
    throw new AppError('network', `${href} sent ${encoding} content that could not be unpacked.`);
  }
}

function mediaTypeOf(res: IncomingMessage): string | null {
  const type = (res.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return type === '' ? null : type;
}

function nonNegativeOr(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value >= 0 ? value : fallback;
}

async function guardedFetch(
  requested: string,
  settings: FetchSettings,
  req: FetchRequest,
  signal: AbortSignal,
): Promise<FetchResult> {
  const maxRedirects = nonNegativeOr(settings.maxRedirects, FETCH_DEFAULTS.maxRedirects);
  const cap = nonNegativeOr(
    req.maxBytes,
    nonNegativeOr(settings.maxBytes, FETCH_DEFAULTS.maxBytes),
  );
  const accept = req.accept ?? '*/*';
  let current = checkUrl(requested);
  let redirects = 0;
  for (;;) {
    const addresses = await checkedAddresses(current, settings);
    let res: IncomingMessage;
    try {
      res = await openResponse(current, addresses, accept, settings, signal);
    } catch (err) {
      throw new AppError(
        'network',
        `Could not fetch ${current.href}: ${describeSocketError(err)}.`,
      );
    }
    const status = res.statusCode ?? 0;

    if (REDIRECT_STATUSES.has(status)) {
      const location = res.headers.location;
      res.destroy();
      if (!location) {
        throw new AppError(
          'network',
          `${current.href} answered HTTP ${status} (a redirect) without saying where to.`,
        );
      }
      if (redirects >= maxRedirects) {
        throw new AppError(
          'network',
          `Too many redirects (more than ${maxRedirects}) fetching ${requested}.`,
        );
      }
      redirects++;
      let target: string;
      try {
        target = new URL(location, current).href;
      } catch {
        throw new AppError(
          'network',
          `${current.href} redirected to "${clip(location)}", which is not a web address.`,
        );
      }
      const next = checkUrl(target);
      if (current.protocol === 'https:' && next.protocol === 'http:') {
        throw new AppError(
          'network',
          `Refused to follow a redirect from ${current.href} to ${next.href}: it would leave the encrypted connection for plain http.`,
        );
      }
      current = next;
      continue;
    }

    if (status >= 400) {
      res.destroy();
      throw new FetchHttpError(status, current.href);
    }
    let bytes: Uint8Array;
    try {
      bytes = await readBody(res, current.href, cap);
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw new AppError(
        'network',
        `Could not fetch ${current.href}: ${describeSocketError(err)}.`,
      );
    }
    return {
      url: requested,
      finalUrl: current.href,
      status,
      mediaType: mediaTypeOf(res),
      bytes,
      fetchedAt: (settings.now ?? (() => new Date()))().toISOString(),
    };
  }
}

export function createFetcher(settings: FetchSettings): Fetcher {
  const frozen: Readonly<FetchSettings> = Object.freeze({
    ...settings,
    timeoutMs: nonNegativeOr(settings.timeoutMs, FETCH_DEFAULTS.timeoutMs),
    maxBytes: nonNegativeOr(settings.maxBytes, FETCH_DEFAULTS.maxBytes),
    maxRedirects: nonNegativeOr(settings.maxRedirects, FETCH_DEFAULTS.maxRedirects),
  });
  const timeoutMs = frozen.timeoutMs ?? FETCH_DEFAULTS.timeoutMs;

  const fetch = async (url: string, req: FetchRequest = {}): Promise<FetchResult> => {
    if (frozen.offline) throw new AppError('offline', `Not fetched: offline (${clip(url)}).`);
    const deadline = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => {
          reject(
            new AppError(
              'network',
              `Timed out after ${formatDuration(timeoutMs)} fetching ${clip(url)}.`,
            ),
          );
          // Tears down whichever socket is open, including one stuck mid-body.
          deadline.abort();
        },
        Math.min(timeoutMs, MAX_TIMER_MS),
      );
    });
    try {
      return await Promise.race([guardedFetch(url, frozen, req, deadline.signal), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    settings: frozen,
    fetch,
    async fetchJson(url, req = {}) {
      const result = await fetch(url, { ...req, accept: req.accept ?? JSON_ACCEPT });
      const json = parseJsonBytes(result.bytes, `The answer from ${result.finalUrl}`);
      return { result, json };
    },
  };
}
