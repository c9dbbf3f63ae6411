// Open Badges 0.5–2.0 verification: hosted copies re-fetched and compared, signed assertions checked against the issuer's published key, revocation lists, recipient.
import { createPublicKey, type KeyObject } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { ParsedCredential } from '../core/credential';
import { decodeUtf8, isRecord, parseJsonBytes } from '../formats/json';
import { isOb2Assertion } from '../formats/ob2';
import { AppError } from '../shared/errors';
import { fetchCached } from './cached-fetch';
import { FetchHttpError } from './fetcher';
import { refusedAlgMessage, verifyCompactJws } from './jws';
import { publicKeyFromJwk } from './keys';
import { compactTokenOf } from './original-token';
import { matchRecipient, type Ob2Recipient } from './recipient';
import type { CheckResult, VerifyEnv } from './types';

type Doc = Record<string, unknown>;

/** Badge classes and issuers embedded in an assertion are compared with the issuer's copies this deep. */
const MAX_DEREFERENCE_DEPTH = 2;
/** Keys whose values backpacks embed in place of a URL; only these are fetched to be compared. */
const EMBEDDABLE = new Set(['badge', 'issuer']);
/** Most documents one OB 2.0 verification fetches (assertion, badge class, issuer, key, policy, list…). */
const MAX_FETCHES = 12;

function clip(s: string, max = 100): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

function isHttp(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  try {
    const u = new URL(s);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

function idOf(v: unknown): string | null {
  if (typeof v === 'string') return v.trim();
  if (isRecord(v) && typeof v['id'] === 'string') return v['id'].trim();
  return null;
}

function list(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

function authority(url: string): string | null {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return null;
  }
}

function sameUrl(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return a === b;
  }
}

function describeError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

// ---------------------------------------------------------------------------------------------
// Fetching: once per URL per verification, under a count cap

type Got = { ok: true; json: unknown; fetchedAt: string } | { ok: false; error: unknown };

class Session {
  private readonly memo = new Map<string, Promise<Got>>();
  constructor(readonly env: VerifyEnv) {}

  get offline(): boolean {
    return this.env.fetcher.settings.offline;
  }

  json(url: string): Promise<Got> {
    let pending = this.memo.get(url);
    if (!pending) {
      if (this.memo.size >= MAX_FETCHES) {
        return Promise.resolve({
          ok: false,
          error: new AppError(
            'too-large',
            `Verifying this badge would need more than ${MAX_FETCHES} downloads; Skillfolio stopped.`,
          ),
        });
      }
      pending = this.env.fetcher.fetchJson(url).then(
        ({ json, result }): Got => ({ ok: true, json, fetchedAt: result.fetchedAt }),
        (error: unknown): Got => ({ ok: false, error }),
      );
      this.memo.set(url, pending);
    }
    return pending;
  }
}

function httpStatus(err: unknown): number | null {
  return err instanceof FetchHttpError ? err.status : null;
}

// ---------------------------------------------------------------------------------------------
// Comparing our copy with the issuer's

type Comparison = { same: true } | { same: false; path: string } | { unchecked: string };

function showPath(path: string): string {
  return path === '' ? 'the assertion' : `"${path}"`;
}

async function compareNodes(
  mine: unknown,
  theirs: unknown,
  path: string,
  s: Session,
  depth: number,
  dereferenced = false,
): Promise<Comparison> {
  const key = path.split('.').pop() ?? '';
  // Our copy embeds a badge class or issuer the issuer's copy only links to: the embedded one is
  // what the user sees, so it must match the document at that link.
  if (isRecord(mine) && typeof theirs === 'string' && EMBEDDABLE.has(key)) {
    if (idOf(mine) !== theirs.trim() || !isHttp(theirs)) return { same: false, path };
    if (depth >= MAX_DEREFERENCE_DEPTH)
      return { unchecked: `${showPath(path)} is nested too deeply` };
    const got = await s.json(theirs.trim());
    if (!got.ok) {
      const status = httpStatus(got.error);
      if (status === 404 || status === 410) return { same: false, path };
      return { unchecked: `${theirs} could not be fetched: ${describeError(got.error)}` };
    }
    return compareNodes(mine, got.json, path, s, depth + 1, true);
  }
  // Linking where the issuer embeds is fine: we show less, never more.
  if (typeof mine === 'string' && isRecord(theirs) && EMBEDDABLE.has(key)) {
    return idOf(theirs) === mine.trim() ? { same: true } : { same: false, path };
  }
  if (Array.isArray(mine) || Array.isArray(theirs)) {
    const a = list(mine);
    const b = list(theirs);
    if (a.length !== b.length) return { same: false, path };
    for (let i = 0; i < a.length; i++) {
      const r = await compareNodes(a[i], b[i], path, s, depth);
      if (!('same' in r) || !r.same) return r;
    }
    return { same: true };
  }
  if (isRecord(mine) && isRecord(theirs)) {
    const keys = new Set([...Object.keys(mine), ...Object.keys(theirs)]);
    for (const k of keys) {
      const inMine = Object.prototype.hasOwnProperty.call(mine, k);
      // A badge class or issuer fetched on its own carries its own @context and may hold more
      // than the copy embedded in the assertion; what we hold must still be what it says.
      if (dereferenced && !inMine) continue;
      const sub = path === '' ? k : `${path}.${k}`;
      if (!inMine || !Object.prototype.hasOwnProperty.call(theirs, k))
        return { same: false, path: sub };
      const r = await compareNodes(mine[k], theirs[k], sub, s, depth);
      if (!('same' in r) || !r.same) return r;
    }
    return { same: true };
  }
  return mine === theirs ? { same: true } : { same: false, path };
}

// ---------------------------------------------------------------------------------------------
// Issuer profile and its policies

type Resolved = { doc: Doc; fetched: boolean } | { problem: string };

/**
 * The issuer's own copy of a badge class or issuer profile: fetched from its web address (an
 * embedded copy only stands in when there is no web address to fetch it from).
 */
async function authoritative(ref: unknown, what: string, s: Session): Promise<Resolved> {
  const id = idOf(ref);
  if (id && isHttp(id)) {
    const got = await s.json(id);
    if (!got.ok)
      return {
        problem: `the ${what} at ${clip(id)} could not be fetched: ${describeError(got.error)}`,
      };
    if (!isRecord(got.json)) return { problem: `${clip(id)} is not an Open Badges ${what}` };
    // A document speaks for the address it was fetched from, not for one it merely names.
    const own = idOf(got.json);
    if (own !== null && !sameUrl(own, id)) {
      return { problem: `the ${what} at ${clip(id)} says it is ${clip(own)}` };
    }
    return { doc: got.json, fetched: true };
  }
  if (isRecord(ref)) return { doc: ref, fetched: false };
  return { problem: `the badge does not say which ${what} it belongs to` };
}

async function issuerProfile(assertion: Doc, s: Session): Promise<Resolved> {
  const badge = await authoritative(assertion['badge'], 'badge class', s);
  if ('problem' in badge) return badge;
  const issuer = await authoritative(badge.doc['issuer'], 'issuer profile', s);
  if ('problem' in issuer) return issuer;
  return { doc: issuer.doc, fetched: badge.fetched && issuer.fetched };
}

/** The issuer profile embedded in our own copy, for what can be said without the network. */
function embeddedIssuer(assertion: Doc): Doc | null {
  const badge = assertion['badge'];
  if (!isRecord(badge)) return null;
  return isRecord(badge['issuer']) ? badge['issuer'] : null;
}

type PolicyResult = { status: 'pass' | 'fail' | 'warn' | 'skip'; message: string };

/**
 * Is the hosted assertion's address one the issuer vouches for? The issuer's `verification`
 * policy (`startsWith`, `allowedOrigins`) decides; without one, the host of the issuer's `id`
 * (or `url`) is the only allowed origin — the OB 2.0 default.
 */
async function hostedOnIssuerSite(url: string, issuer: Doc, s: Session): Promise<PolicyResult> {
  const issuerId = idOf(issuer) ?? '';
  let policy: unknown = issuer['verification'];
  if (typeof policy === 'string' && isHttp(policy)) {
    const got = await s.json(policy);
    if (!got.ok) {
      return {
        status: 'skip',
        message: `The issuer's verification policy could not be fetched: ${describeError(got.error)}`,
      };
    }
    policy = got.json;
  }
  const rules = isRecord(policy) ? policy : {};
  const startsWith = list(rules['startsWith']).filter((p): p is string => typeof p === 'string');
  if (startsWith.length > 0 && !startsWith.some((p) => url.startsWith(p))) {
    return {
      status: 'fail',
      message: `${clip(url)} is not where the issuer ${clip(issuerId)} says its badges live (${clip(startsWith.join(', '))}).`,
    };
  }
  const explicit = list(rules['allowedOrigins']).filter((o): o is string => typeof o === 'string');
  const host = authority(url);
  const hostname = host === null ? null : new URL(url).hostname.toLowerCase();
  if (explicit.length > 0) {
    const ok = explicit.some((o) => {
      const allowed = (o.includes('://') ? (authority(o) ?? '') : o).trim().toLowerCase();
      return allowed.includes(':') ? allowed === host : allowed === hostname;
    });
    return ok
      ? {
          status: 'pass',
          message: `${clip(url)} is on a site the issuer ${clip(issuerId)} allows.`,
        }
      : {
          status: 'fail',
          message: `${clip(url)} is not on a site the issuer ${clip(issuerId)} allows (${clip(explicit.join(', '))}).`,
        };
  }
  const defaults = [issuer['id'], issuer['url']]
    .filter(isHttp)
    .map(authority)
    .filter((a): a is string => a !== null);
  if (defaults.length === 0) {
    return {
      status: 'warn',
      message: `Not confirmed who issued this: the issuer ${clip(issuerId || '(unnamed)')} has no web address to check the badge's address against.`,
    };
  }
  return defaults.includes(host ?? '')
    ? { status: 'pass', message: `Hosted on the issuer's own site (${host}).` }
    : {
        status: 'fail',
        message: `${clip(url)} is not on the issuer's site (${defaults.join(', ')}): anyone can publish a copy elsewhere.`,
      };
}

// ---------------------------------------------------------------------------------------------
// Revocation list

async function revocationCheck(
  assertion: Doc,
  issuer: Doc,
  env: VerifyEnv,
): Promise<CheckResult | null> {
  const listUrl = idOf(issuer['revocationList']);
  if (!listUrl) return null;
  if (!isHttp(listUrl)) {
    return {
      id: 'status',
      status: 'skip',
      message: `The issuer's revocation list "${clip(listUrl)}" is not a web address, so it was not checked.`,
    };
  }
  let doc: unknown;
  let asOf: string;
  let fromCache: boolean;
  try {
    const got = await fetchCached(listUrl, env, {
      accept: 'application/ld+json, application/json;q=0.9',
    });
    doc = parseJsonBytes(got.bytes, `The revocation list at ${listUrl}`);
    asOf = got.fetchedAt;
    fromCache = got.fromCache;
  } catch (err) {
    if (err instanceof AppError && err.code === 'offline') {
      return {
        id: 'status',
        status: 'skip',
        message: `Revocation not checked: offline (the issuer's revocation list is at ${clip(listUrl)}).`,
      };
    }
    return {
      id: 'status',
      status: 'skip',
      message: `Revocation not checked: the issuer's revocation list could not be read. ${describeError(err)}`,
    };
  }
  const assertionId = idOf(assertion);
  const uid = typeof assertion['uid'] === 'string' ? assertion['uid'] : null;
  let revoked = false;
  let reason: string | null = null;
  if (isRecord(doc) && Array.isArray(doc['revokedAssertions'])) {
    for (const entry of doc['revokedAssertions']) {
      const entryId = idOf(entry);
      const entryUid = isRecord(entry) && typeof entry['uid'] === 'string' ? entry['uid'] : null;
      if ((assertionId && entryId === assertionId) || (uid && entryUid === uid)) {
        revoked = true;
        if (isRecord(entry) && typeof entry['revocationReason'] === 'string') {
          reason = entry['revocationReason'];
        }
        break;
      }
    }
  } else if (isRecord(doc)) {
    // OB 1.x: `{ "<uid>": "<reason>" }`.
    for (const k of [uid, assertionId]) {
      if (k && Object.prototype.hasOwnProperty.call(doc, k)) {
        revoked = true;
        reason = typeof doc[k] === 'string' ? doc[k] : null;
        break;
      }
    }
  } else {
    return {
      id: 'status',
      status: 'skip',
      message: `Revocation not checked: ${clip(listUrl)} is not an Open Badges revocation list.`,
    };
  }
  const when = fromCache ? ` (as of ${asOf})` : '';
  if (revoked) {
    return {
      id: 'status',
      status: 'fail',
      implies: 'revoked',
      message: `The issuer revoked this badge${reason ? `: ${clip(reason, 200)}` : ''}${when}.`,
    };
  }
  return {
    id: 'status',
    status: 'pass',
    message: `Not on the issuer's revocation list${when}.`,
  };
}

// ---------------------------------------------------------------------------------------------
// Recipient

function recipientCheck(assertion: Doc, env: VerifyEnv): CheckResult {
  const r = assertion['recipient'];
  let recipient: Ob2Recipient | null = null;
  if (typeof r === 'string') {
    // OB 0.5: the (possibly hashed) address is a plain string, the salt sits beside it.
    recipient = { identity: r };
    if (typeof assertion['salt'] === 'string') recipient.salt = assertion['salt'];
  } else if (isRecord(r) && typeof r['identity'] === 'string') {
    recipient = { identity: r['identity'], hashed: r['hashed'] === true || r['hashed'] === 'true' };
    if (typeof r['salt'] === 'string') recipient.salt = r['salt'];
    if (typeof r['type'] === 'string') recipient.type = r['type'];
  }
  if (!recipient) {
    return { id: 'recipient', status: 'skip', message: 'The badge does not name its recipient.' };
  }
  return matchRecipient(recipient, env.identities);
}

// ---------------------------------------------------------------------------------------------
// Hosted

function hostedUrlOf(assertion: Doc): string | null {
  const id = idOf(assertion);
  if (id && isHttp(id)) return id;
  const verify = assertion['verify'];
  if (isRecord(verify) && isHttp(verify['url'])) return (verify['url'] as string).trim();
  return null;
}

function verificationType(assertion: Doc): string {
  const v = isRecord(assertion['verification'])
    ? assertion['verification']
    : isRecord(assertion['verify'])
      ? assertion['verify']
      : null;
  const t = v && typeof v['type'] === 'string' ? v['type'].toLowerCase() : '';
  if (t === 'signed' || t === 'signedbadge') return 'signed';
  if (t === 'hosted' || t === 'hostedbadge') return 'hosted';
  return t;
}

/**
 * Hosted verification. `mine` is our copy of the assertion, or null when all we hold is its
 * address (an OB 1.0 `{verify: {url}}` bake, or a baked URL).
 */
async function verifyHosted(mine: Doc | null, url: string, env: VerifyEnv): Promise<CheckResult[]> {
  const s = new Session(env);
  const recipient = (a: Doc) => recipientCheck(a, env);
  if (s.offline) {
    const checks: CheckResult[] = [
      {
        id: 'hosted',
        status: 'skip',
        message: `Not checked: offline — the issuer's copy is at ${clip(url)}.`,
      },
    ];
    const issuer = mine ? embeddedIssuer(mine) : null;
    if (mine && issuer) {
      const status = await revocationCheck(mine, issuer, env);
      if (status) checks.push(status);
    }
    if (mine) checks.push(recipient(mine));
    return checks;
  }

  const got = await s.json(url);
  if (!got.ok) {
    const status = httpStatus(got.error);
    const checks: CheckResult[] = [];
    if (status === 404) {
      checks.push({
        id: 'hosted',
        status: 'fail',
        implies: 'invalid',
        message: `The issuer no longer hosts this badge: ${clip(url)} answered 404 Not Found.`,
      });
    } else if (status === 410) {
      checks.push({
        id: 'hosted',
        status: 'fail',
        implies: 'revoked',
        message: `The issuer withdrew this badge: ${clip(url)} answers 410 Gone, which is how Open Badges issuers revoke a hosted badge.`,
      });
    } else {
      checks.push({
        id: 'hosted',
        status: 'skip',
        message: `Not checked: the issuer's copy could not be fetched. ${describeError(got.error)}`,
      });
    }
    if (mine) checks.push(recipient(mine));
    return checks;
  }
  if (!isRecord(got.json)) {
    return [
      {
        id: 'hosted',
        status: 'skip',
        message: `Not checked: ${clip(url)} did not answer with an Open Badges assertion.`,
      },
      ...(mine ? [recipient(mine)] : []),
    ];
  }
  const theirs = got.json;
  if (theirs['revoked'] === true) {
    const reason =
      typeof theirs['revocationReason'] === 'string'
        ? `: ${clip(theirs['revocationReason'], 200)}`
        : '';
    return [
      {
        id: 'hosted',
        status: 'fail',
        implies: 'revoked',
        message: `The issuer revoked this badge${reason}.`,
      },
      ...(mine ? [recipient(mine)] : []),
    ];
  }
  if (!mine && !isOb2Assertion(theirs)) {
    return [
      {
        id: 'hosted',
        status: 'skip',
        message: `Not checked: ${clip(url)} did not answer with an Open Badges assertion.`,
      },
    ];
  }

  const checks: CheckResult[] = [];
  let matched = true;
  if (mine) {
    const cmp = await compareNodes(mine, theirs, '', s, 0);
    if ('unchecked' in cmp) {
      matched = false;
      checks.push({
        id: 'hosted',
        status: 'skip',
        message: `Not fully checked against the issuer's copy: ${cmp.unchecked}.`,
      });
    } else if (!cmp.same) {
      matched = false;
      checks.push({
        id: 'hosted',
        status: 'fail',
        implies: 'invalid',
        message: `This badge differs from the issuer's copy at ${clip(url)} (${showPath(cmp.path)} does not match): it was changed after it was issued.`,
      });
    }
  } else {
    // Only the address was baked: the issuer's copy is the badge.
    const ownId = idOf(theirs);
    if (ownId && isHttp(ownId) && ownId !== url && authority(ownId) !== authority(url)) {
      matched = false;
      checks.push({
        id: 'hosted',
        status: 'fail',
        implies: 'invalid',
        message: `${clip(url)} serves an assertion that says it lives at ${clip(ownId)}.`,
      });
    }
  }
  const assertion = theirs;
  const hostedIndex = checks.length;
  if (matched) {
    checks.push({
      id: 'hosted',
      status: 'pass',
      message: mine
        ? `Matches the issuer's copy at ${clip(url)}.`
        : `Fetched from the issuer at ${clip(url)}.`,
    });
  }

  const issuer = await issuerProfile(assertion, s);
  let bound = false;
  if ('problem' in issuer) {
    checks.push({
      id: 'issuer',
      status: 'skip',
      message: `Issuer not checked: ${issuer.problem}.`,
    });
  } else if (!issuer.fetched) {
    checks.push({
      id: 'issuer',
      status: 'warn',
      message: `Not confirmed who issued this: the issuer ${clip(idOf(issuer.doc) ?? '(unnamed)')} has no web address Skillfolio could check.`,
    });
  } else {
    const policy = await hostedOnIssuerSite(url, issuer.doc, s);
    bound = policy.status === 'pass';
    checks.push({
      id: 'issuer',
      status: policy.status,
      message: policy.message,
      ...(policy.status === 'fail' ? { implies: 'invalid' as const } : {}),
    });
    const status = await revocationCheck(assertion, issuer.doc, env);
    if (status) checks.push(status);
  }
  const hosted = checks[hostedIndex];
  if (matched && bound && hosted) hosted.establishesIntegrity = true;
  checks.push(recipient(mine ?? assertion));
  return checks;
}

// ---------------------------------------------------------------------------------------------
// Signed

type SigningKey = { id: string; owner: string | null; key: KeyObject; pem: boolean };

async function signingKey(url: string, s: Session): Promise<SigningKey | { problem: CheckResult }> {
  let bytes: Uint8Array;
  try {
    bytes = (
      await s.env.fetcher.fetch(url, {
        accept: 'application/ld+json, application/json, application/x-pem-file, */*;q=0.1',
      })
    ).bytes;
  } catch (err) {
    const status = httpStatus(err);
    if (status === 404 || status === 410) {
      return {
        problem: {
          id: 'proof',
          status: 'fail',
          implies: 'invalid',
          message: `The key that signed this badge is not published: ${clip(url)} answered ${status}.`,
        },
      };
    }
    return {
      problem: {
        id: 'proof',
        status: 'skip',
        message: `Signature not checked: the issuer's key could not be fetched. ${describeError(err)}`,
      },
    };
  }
  try {
    const text = decodeUtf8(bytes, `The key at ${url}`).trim();
    if (text.startsWith('-----BEGIN')) {
      // OB 1.0: `verify.url` is the PEM itself.
      return { id: url, owner: null, key: createPublicKey(text), pem: true };
    }
    const doc = parseJsonBytes(bytes, `The key at ${url}`);
    if (!isRecord(doc)) throw new AppError('malformed', `${url} is not a key.`);
    const owner = idOf(doc['owner']);
    const id = idOf(doc) ?? url;
    if (!sameUrl(id, url)) {
      // Otherwise any site could serve its own key under the id of a key the issuer lists.
      throw new AppError(
        'malformed',
        `the document at that address says it is the key ${clip(id)}`,
      );
    }
    if (typeof doc['publicKeyPem'] === 'string') {
      return { id, owner, key: createPublicKey(doc['publicKeyPem']), pem: false };
    }
    if (isRecord(doc['publicKeyJwk'])) {
      return { id, owner, key: publicKeyFromJwk(doc['publicKeyJwk']), pem: false };
    }
    throw new AppError('malformed', 'it holds no public key (publicKeyPem)');
  } catch (err) {
    return {
      problem: {
        id: 'proof',
        status: 'fail',
        implies: 'invalid',
        message: `The key named as this badge's signer (${clip(url)}) is not a usable public key: ${describeError(err)}`,
      },
    };
  }
}

function keyBinding(key: SigningKey, issuer: Doc, fetched: boolean): CheckResult {
  const issuerId = idOf(issuer) ?? '';
  if (!fetched || !isHttp(issuerId)) {
    return {
      id: 'issuer',
      status: 'warn',
      message: `Not confirmed who issued this: the issuer ${clip(issuerId || '(unnamed)')} has no web address whose published keys Skillfolio could check.`,
    };
  }
  if (key.pem) {
    // OB 1.0 signed badges: the key is bound by living on the issuer's own site.
    const allowed = [issuer['url'], issuer['origin'], issuer['id']].filter(isHttp).map(authority);
    return allowed.includes(authority(key.id))
      ? {
          id: 'issuer',
          status: 'pass',
          message: `The signing key is published on the issuer's site (${authority(key.id)}).`,
        }
      : {
          id: 'issuer',
          status: 'fail',
          implies: 'invalid',
          message: `The signing key ${clip(key.id)} is not on the issuer's site: it is not bound to the issuer.`,
        };
  }
  const listed = list(issuer['publicKey']).map(idOf);
  if (!listed.some((l) => l !== null && sameUrl(l, key.id))) {
    return {
      id: 'issuer',
      status: 'fail',
      implies: 'invalid',
      message: `The signing key ${clip(key.id)} is not listed in the issuer's profile (publicKey): it is not bound to the issuer ${clip(issuerId)}.`,
    };
  }
  if (key.owner !== null && !sameUrl(key.owner, issuerId)) {
    return {
      id: 'issuer',
      status: 'fail',
      implies: 'invalid',
      message: `The signing key ${clip(key.id)} says it belongs to ${clip(key.owner)}, not to the issuer ${clip(issuerId)}.`,
    };
  }
  return {
    id: 'issuer',
    status: 'pass',
    message: `The signing key is listed in the profile of the issuer ${clip(issuerId)}.`,
  };
}

async function verifySigned(token: string, env: VerifyEnv): Promise<CheckResult[]> {
  let header: Doc;
  let claimed: Doc;
  try {
    header = decodeProtectedHeader(token) as Doc;
    claimed = decodeJwt(token) as Doc;
  } catch {
    return [
      {
        id: 'proof',
        status: 'fail',
        implies: 'invalid',
        message: 'The signed badge cannot be decoded: it is not a well-formed signed token (JWS).',
      },
    ];
  }
  const refused = refusedAlgMessage(header['alg']);
  if (refused)
    return [
      { id: 'proof', status: 'fail', implies: 'invalid', message: refused },
      recipientCheck(claimed, env),
    ];

  const s = new Session(env);
  const verification = isRecord(claimed['verification']) ? claimed['verification'] : null;
  const verify = isRecord(claimed['verify']) ? claimed['verify'] : null;
  const creator =
    idOf(verification?.['creator']) ??
    (verify && isHttp(verify['url']) ? (verify['url'] as string) : null);

  if (s.offline) {
    const checks: CheckResult[] = [
      {
        id: 'proof',
        status: 'skip',
        message: `Signature not checked: offline — the issuer's key${creator ? ` is at ${clip(creator)}` : ' is published on the web'}.`,
      },
    ];
    const issuer = embeddedIssuer(claimed);
    if (issuer) {
      const status = await revocationCheck(claimed, issuer, env);
      if (status) checks.push(status);
    }
    checks.push(recipientCheck(claimed, env));
    return checks;
  }

  const issuer = await issuerProfile(claimed, s);
  // Without `creator`, OB 2.0 says the issuer's published keys are the candidates.
  const candidates = creator
    ? [creator]
    : 'problem' in issuer
      ? []
      : list(issuer.doc['publicKey']).map(idOf).filter(isHttp).slice(0, 3);
  if (candidates.length === 0) {
    return [
      {
        id: 'proof',
        status: 'skip',
        message:
          'Signature not checked: the badge does not say which key signed it and its issuer publishes none Skillfolio could fetch.',
      },
      recipientCheck(claimed, env),
    ];
  }
  let key: SigningKey | null = null;
  let problem: CheckResult | null = null;
  for (const url of candidates) {
    if (!isHttp(url)) {
      problem = {
        id: 'proof',
        status: 'fail',
        implies: 'invalid',
        message: `The signing key "${clip(url)}" is not a web address where the issuer publishes keys.`,
      };
      continue;
    }
    const k = await signingKey(url, s);
    if ('problem' in k) {
      problem = k.problem;
      continue;
    }
    const outcome = await verifyCompactJws(token, k.key);
    if (outcome.ok) {
      key = k;
      problem = null;
      break;
    }
    problem = { id: 'proof', status: 'fail', implies: 'invalid', message: outcome.message };
  }
  if (!key) {
    return [
      problem ?? { id: 'proof', status: 'skip', message: 'Signature not checked.' },
      recipientCheck(claimed, env),
    ];
  }

  const checks: CheckResult[] = [];
  const proof: CheckResult = {
    id: 'proof',
    status: 'pass',
    message: `Signature verified (${String(header['alg'])}) with the key ${clip(key.id)}.`,
  };
  checks.push(proof);
  if ('problem' in issuer) {
    checks.push({
      id: 'issuer',
      status: 'skip',
      message: `Issuer not checked: ${issuer.problem}.`,
    });
  } else {
    const binding = keyBinding(key, issuer.doc, issuer.fetched);
    checks.push(binding);
    if (binding.status === 'pass') proof.establishesIntegrity = true;
    const status = await revocationCheck(claimed, issuer.doc, env);
    if (status) checks.push(status);
  }
  checks.push(recipientCheck(claimed, env));
  return checks;
}

// ---------------------------------------------------------------------------------------------

/**
 * Verifies an Open Badges 0.5–2.0 credential: `hosted` (the issuer's copy re-fetched and compared)
 * or `proof` (a signed assertion checked with the key named by `verification.creator`), `issuer`
 * (hosted on the issuer's site / key listed in the issuer's profile), `status` (the issuer's
 * revocation list) and `recipient` (against the user's identities). Dates are the validity
 * check's business and are not looked at here.
 */
export async function verifyOb2(parsed: ParsedCredential, env: VerifyEnv): Promise<CheckResult[]> {
  // The compact JWS it arrived as: the token itself, or baked into an image.
  const token = compactTokenOf(parsed);
  if (token) return verifySigned(token, env);

  const doc = parsed.document;
  if (typeof doc === 'string' && isHttp(doc.trim())) return verifyHosted(null, doc.trim(), env);
  if (!isRecord(doc)) {
    return [
      {
        id: 'proof',
        status: 'skip',
        message: 'Nothing to verify: no Open Badges assertion was found.',
      },
    ];
  }
  const keys = Object.keys(doc);
  if (
    keys.length === 1 &&
    keys[0] === 'verify' &&
    isRecord(doc['verify']) &&
    isHttp(doc['verify']['url'])
  ) {
    return verifyHosted(null, (doc['verify']['url'] as string).trim(), env);
  }
  if (!isOb2Assertion(doc)) {
    return [
      {
        id: 'proof',
        status: 'skip',
        message:
          'Nothing to verify: this is a badge definition or issuer profile, not a badge awarded to someone.',
      },
    ];
  }
  const type = verificationType(doc);
  if (type === 'signed') {
    return [
      {
        id: 'proof',
        status: 'skip',
        message:
          'Signature not checked: this assertion says it is signed, but the signature is not part of this file. Import the signed badge itself (the baked image or the token).',
      },
      recipientCheck(doc, env),
    ];
  }
  const url = hostedUrlOf(doc);
  if (!url) {
    return [
      {
        id: 'hosted',
        status: 'skip',
        message:
          'Not checked: this badge has no web address where the issuer hosts it and no signature, so there is nothing to check it against.',
      },
      recipientCheck(doc, env),
    ];
  }
  return verifyHosted(doc, url, env);
}
