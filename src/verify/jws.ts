// Compact JWS and VC-JWT verification with jose: an explicit algorithm allowlist, keys resolved from DIDs, claims checked against the credential.
import type { KeyObject } from 'node:crypto';
import { compactVerify, decodeProtectedHeader, errors as joseErrors } from 'jose';
import { decodeUtf8, isRecord, parseJsonText } from '../formats/json';
import { AppError } from '../shared/errors';
import { resolveDid, resolveVerificationMethod } from './did';
import { publicKeyFromJwk, type ResolvedKey } from './keys';
import type { CheckResult, VerifyEnv } from './types';

type Doc = Record<string, unknown>;

/**
 * Signature algorithms Skillfolio accepts. Asymmetric only: `none` proves nothing, and an HMAC
 * "signature" can be made by anyone holding the secret — including, in the classic attack, anyone
 * who uses the issuer's public key as that secret. (ES256K is not offered by jose 6.)
 */
export const ALLOWED_JWS_ALGS: readonly string[] = Object.freeze([
  'EdDSA',
  'Ed25519',
  'ES256',
  'ES384',
  'PS256',
  'RS256',
]);

function clip(s: string, max = 100): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** Why a token's `alg` is refused, or null when it is on the allowlist. */
export function refusedAlgMessage(alg: unknown): string | null {
  if (typeof alg !== 'string' || alg === '') {
    return 'The token does not say which algorithm signed it, so its signature cannot be checked.';
  }
  if (ALLOWED_JWS_ALGS.includes(alg)) return null;
  if (alg.toLowerCase() === 'none') {
    return 'The token is not signed at all (algorithm "none"): anyone could have written it.';
  }
  if (/^HS\d+$/i.test(alg)) {
    return `The token uses ${clip(alg, 20)}, a shared-secret (HMAC) algorithm: it cannot prove who issued it, and Skillfolio refuses it.`;
  }
  return `The token is signed with "${clip(alg, 40)}", which Skillfolio does not accept (accepted: ${ALLOWED_JWS_ALGS.join(', ')}).`;
}

export type JwsOutcome =
  { ok: true; payload: Uint8Array; header: Doc } | { ok: false; message: string };

/**
 * Checks a compact JWS against one public key, refusing any algorithm outside the allowlist.
 * Claims (exp, nbf…) are NOT evaluated here: expiry is the validity check's business, so a
 * genuine but expired credential is reported as expired rather than as forged.
 */
export async function verifyCompactJws(token: string, key: KeyObject): Promise<JwsOutcome> {
  let header: Doc;
  try {
    header = decodeProtectedHeader(token) as Doc;
  } catch {
    return { ok: false, message: 'The token is not a well-formed signed token (compact JWS).' };
  }
  const refused = refusedAlgMessage(header['alg']);
  if (refused) return { ok: false, message: refused };
  return verifyWithHeader(token, header, key);
}

/** The signature check itself, for a token whose header is already decoded and its `alg` allowed. */
async function verifyWithHeader(token: string, header: Doc, key: KeyObject): Promise<JwsOutcome> {
  try {
    const { payload, protectedHeader } = await compactVerify(token, key, {
      algorithms: [...ALLOWED_JWS_ALGS],
    });
    return { ok: true, payload, header: protectedHeader as Doc };
  } catch (err) {
    if (err instanceof joseErrors.JWSSignatureVerificationFailed) {
      return {
        ok: false,
        message:
          'The signature does not match: the token was changed after it was signed, or it was signed with a different key.',
      };
    }
    if (err instanceof TypeError || err instanceof joseErrors.JOSENotSupported) {
      return {
        ok: false,
        message: `The token's algorithm (${String(header['alg'])}) does not fit the signing key (${key.asymmetricKeyType ?? key.type}), so the signature cannot be genuine.`,
      };
    }
    const detail = err instanceof Error ? err.message : String(err);
    return { ok: false, message: `The signed token is broken: ${clip(detail, 160)}.` };
  }
}

// ---------------------------------------------------------------------------------------------
// VC-JWT

const BASE64URL = /^[A-Za-z0-9_-]+$/;

function decodeSegment(segment: string): Doc | null {
  // Node's decoder skips characters outside the alphabet; refuse them so what is read here is
  // exactly what jose verifies.
  if (!BASE64URL.test(segment)) return null;
  const value = parseJsonText(decodeUtf8(Buffer.from(segment, 'base64url')), 'The token');
  return isRecord(value) ? value : null;
}

/** Header and payload of a compact JWS, each decoded once (capped, pollution-safe JSON); null when malformed. */
function decodeToken(jwt: string): { header: Doc; payload: Doc } | null {
  const first = jwt.indexOf('.');
  const second = jwt.indexOf('.', first + 1);
  if (first <= 0 || second <= first + 1 || jwt.indexOf('.', second + 1) !== -1) return null;
  try {
    const header = decodeSegment(jwt.slice(0, first));
    const payload = header && decodeSegment(jwt.slice(first + 1, second));
    return header && payload ? { header, payload } : null;
  } catch {
    return null;
  }
}

function idOf(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (isRecord(v) && typeof v['id'] === 'string') return v['id'];
  return null;
}

function didOf(url: string): string {
  const cut = url.search(/[#?]/);
  return cut === -1 ? url : url.slice(0, cut);
}

/** Seconds since the epoch a credential date names (no zone → UTC; date only → midnight UTC). */
function epochSeconds(date: string): number | null {
  const t = date.trim();
  let ms: number;
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) ms = Date.parse(`${t}T00:00:00Z`);
  else if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(t)) {
    const iso = t.replace(' ', 'T');
    ms = Date.parse(/(Z|[+-]\d{2}:?\d{2})$/i.test(iso) ? iso : `${iso}Z`);
  } else return null;
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}

function isoOfSeconds(n: number): string {
  const d = new Date(n * 1000);
  return Number.isNaN(d.getTime()) ? String(n) : d.toISOString().replace('.000Z', 'Z');
}

/**
 * Registered claims that contradict the credential they carry (VC-JWT: iss/issuer, jti/id,
 * sub/credentialSubject.id, nbf/validFrom or issuanceDate, exp/validUntil or expirationDate).
 * A claim or property that is absent is not a disagreement.
 */
export function claimDisagreements(payload: Doc, credential: Doc): string[] {
  const out: string[] = [];
  const str = (label: string, claim: unknown, value: string | null, name: string) => {
    if (claim === undefined || value === null) return;
    if (claim !== value) {
      out.push(
        `"${label}" (${clip(String(claim), 80)}) is not the credential's ${name} (${clip(value, 80)})`,
      );
    }
  };
  str('iss', payload['iss'], idOf(credential['issuer']), 'issuer');
  str('jti', payload['jti'], typeof credential['id'] === 'string' ? credential['id'] : null, 'id');

  const sub = payload['sub'];
  if (sub !== undefined) {
    const subjects = Array.isArray(credential['credentialSubject'])
      ? credential['credentialSubject']
      : [credential['credentialSubject']];
    const ids = subjects.map(idOf).filter((s): s is string => s !== null);
    if (ids.length > 0 && !ids.includes(sub as string)) {
      out.push(
        `"sub" (${clip(String(sub), 80)}) is not the credential's subject (${clip(ids.join(', '), 80)})`,
      );
    }
  }

  const date = (label: 'nbf' | 'exp', names: string[]) => {
    const claim = payload[label];
    if (claim === undefined) return;
    const name = names.find((n) => typeof credential[n] === 'string');
    if (typeof claim !== 'number' || !Number.isFinite(claim)) {
      out.push(`"${label}" is not a date in seconds (${clip(JSON.stringify(claim) ?? '', 40)})`);
      return;
    }
    if (name === undefined) return;
    const value = credential[name] as string;
    const seconds = epochSeconds(value);
    // An unreadable credential date is the validity check's to report; it cannot disagree here.
    if (seconds === null) return;
    if (Math.floor(claim) !== seconds) {
      out.push(
        `"${label}" (${isoOfSeconds(claim)}) is not the credential's ${name} (${clip(value, 40)})`,
      );
    }
  };
  date('nbf', ['validFrom', 'issuanceDate']);
  date('exp', ['validUntil', 'expirationDate']);
  return out;
}

/** did:key and did:jwk keys are pure functions of their identifier: resolved once, reused. */
const selfDescribing = new Map<string, ResolvedKey>();
const SELF_DESCRIBING_MAX = 1000;

async function resolveKey(vm: string, env: VerifyEnv): Promise<ResolvedKey> {
  const pure = vm.startsWith('did:key:') || vm.startsWith('did:jwk:');
  const hit = pure ? selfDescribing.get(vm) : undefined;
  if (hit) return hit;
  const key = await resolveVerificationMethod(vm, env);
  if (pure) {
    if (selfDescribing.size >= SELF_DESCRIBING_MAX) selfDescribing.clear();
    selfDescribing.set(vm, key);
  }
  return key;
}

type KeyFound =
  | { kind: 'resolved'; key: ResolvedKey; via: string }
  | { kind: 'embedded'; key: KeyObject }
  | { kind: 'problem'; check: CheckResult };

function proofFail(message: string): CheckResult {
  return { id: 'proof', status: 'fail', message, implies: 'invalid' };
}

function proofSkip(message: string): CheckResult {
  return { id: 'proof', status: 'skip', message };
}

/** What a failed key lookup means for the report: offline and network trouble only leave it unchecked. */
function keyLookupProblem(err: unknown, what: string): CheckResult {
  if (err instanceof AppError) {
    switch (err.code) {
      case 'offline':
        return proofSkip(
          `Signature not checked: offline — the issuer's key ${clip(what)} is published on the web.`,
        );
      case 'network':
      case 'blocked-address':
      case 'too-large':
      case 'bad-input':
      case 'unsupported-format':
        return proofSkip(
          `Signature not checked: the key ${clip(what)} could not be obtained. ${err.message}`,
        );
      case 'not-found':
        return proofFail(
          `The token names a signing key (${clip(what)}) that its issuer does not publish. ${err.message}`,
        );
      case 'malformed':
        return proofFail(
          `The token's signing key (${clip(what)}) is not a usable key. ${err.message}`,
        );
      default:
        return proofSkip(
          `Signature not checked: the key ${clip(what)} could not be read. ${err.message}`,
        );
    }
  }
  const detail = err instanceof Error ? err.message : String(err);
  return proofSkip(
    `Signature not checked: the key ${clip(what)} could not be read (${clip(detail, 120)}).`,
  );
}

/** The first assertion key a DID document lists (for tokens that name their issuer but no `kid`). */
function firstAssertionMethod(did: string, document: Doc): string | null {
  for (const rel of ['assertionMethod', 'verificationMethod']) {
    const list = document[rel];
    for (const entry of Array.isArray(list) ? list : list === undefined ? [] : [list]) {
      const id = idOf(entry);
      if (id) return id.startsWith('#') ? `${did}${id}` : id;
    }
  }
  return null;
}

/**
 * The issuer's own entry for a key the token carries, if its DID document lists that very key for
 * issuing (then the embedded key is bound after all). Any lookup trouble just means "not shown".
 */
async function issuerListsKey(
  issuerDid: string,
  key: KeyObject,
  env: VerifyEnv,
): Promise<ResolvedKey | null> {
  try {
    const { document } = await resolveDid(issuerDid, env);
    const entries = document['assertionMethod'];
    const ids = (Array.isArray(entries) ? entries : [entries])
      .map(idOf)
      .filter((id): id is string => id !== null)
      .map((id) => (id.startsWith('#') ? `${issuerDid}${id}` : id))
      .slice(0, 20);
    for (const id of ids) {
      try {
        const candidate = await resolveVerificationMethod(id, env);
        if (candidate.publicKey.equals(key)) return candidate;
      } catch {
        // Another entry may still be the one.
      }
    }
  } catch {
    // Not resolvable (offline did:web, unsupported method): the key stays unbound.
  }
  return null;
}

async function findKey(header: Doc, issuerId: string | null, env: VerifyEnv): Promise<KeyFound> {
  const kid = typeof header['kid'] === 'string' ? header['kid'].trim() : '';
  const issuerDid = issuerId?.startsWith('did:') ? issuerId : null;
  let vm: string | null = null;
  if (kid.startsWith('did:')) vm = kid;
  else if (kid.startsWith('#') && issuerDid) vm = `${issuerDid}${kid}`;
  // A key in the issuer's controller document on the web (fetched through the guarded door).
  else if (/^https?:\/\/[^#]+#./i.test(kid)) vm = kid;

  if (vm) {
    try {
      return { kind: 'resolved', key: await resolveKey(vm, env), via: vm };
    } catch (err) {
      return { kind: 'problem', check: keyLookupProblem(err, vm) };
    }
  }
  if (isRecord(header['jwk'])) {
    try {
      const key = publicKeyFromJwk(header['jwk']);
      const listed = issuerDid ? await issuerListsKey(issuerDid, key, env) : null;
      return listed ? { kind: 'resolved', key: listed, via: listed.id } : { kind: 'embedded', key };
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      return {
        kind: 'problem',
        check: proofFail(`The key carried inside the token cannot be used: ${clip(detail, 160)}`),
      };
    }
  }
  if (kid === '' && issuerDid) {
    try {
      const { document } = await resolveDid(issuerDid, env);
      const first = firstAssertionMethod(issuerDid, document);
      if (!first) {
        return {
          kind: 'problem',
          check: proofFail(
            `The issuer ${clip(issuerDid)} publishes no key that could have signed this token.`,
          ),
        };
      }
      return { kind: 'resolved', key: await resolveVerificationMethod(first, env), via: first };
    } catch (err) {
      return { kind: 'problem', check: keyLookupProblem(err, issuerDid) };
    }
  }
  return {
    kind: 'problem',
    check: proofSkip(
      kid
        ? `Signature not checked: the token names its key as "${clip(kid, 80)}", which is not a DID key Skillfolio can look up.`
        : 'Signature not checked: the token does not say which key signed it, and its issuer is not a DID.',
    ),
  };
}

/**
 * Verifies a VC-JWT: VC 1.1 (the credential in the `vc` claim) or VC 2.0 `vc+jwt` (the payload is
 * the credential). Returns a `proof` check (signature, and claims agreeing with the credential) and,
 * when the signature holds, an `issuer` check (the key belongs to the credential's issuer; a key
 * carried inside the token only proves integrity and leaves `issuer` at `warn`).
 */
export async function verifyVcJwt(token: string, env: VerifyEnv): Promise<CheckResult[]> {
  const jwt = token.trim();
  const decoded = decodeToken(jwt);
  if (decoded === null) {
    return [
      proofFail('The token cannot be decoded: it is not a well-formed signed token (compact JWS).'),
    ];
  }
  const { header, payload } = decoded;
  const refused = refusedAlgMessage(header['alg']);
  if (refused) return [proofFail(refused)];

  const credential = isRecord(payload['vc']) ? payload['vc'] : payload;
  const issuerId =
    idOf(credential['issuer']) ?? (typeof payload['iss'] === 'string' ? payload['iss'] : null);

  const found = await findKey(header, issuerId, env);
  if (found.kind === 'problem') return [found.check];
  const publicKey = found.kind === 'resolved' ? found.key.publicKey : found.key;

  // jose checks the signature over the token's own bytes (with the allowlist), so the payload read
  // above is the one signed: it is decoded once, here, and not again from jose's answer.
  const outcome = await verifyWithHeader(jwt, header, publicKey);
  if (!outcome.ok) return [proofFail(outcome.message)];

  const disagreements = claimDisagreements(payload, credential);
  if (disagreements.length > 0) {
    return [
      proofFail(
        `The signature is genuine, but the token's claims disagree with the credential it carries: ${disagreements.join('; ')}.`,
      ),
    ];
  }

  const alg = String(header['alg']);
  if (found.kind === 'embedded') {
    return [
      {
        id: 'proof',
        status: 'pass',
        message: `The signature (${alg}) is intact, checked with the key carried inside the token.`,
      },
      {
        id: 'issuer',
        status: 'warn',
        message:
          'Not confirmed who issued this: the signing key is carried inside the token and is not bound to the issuer.',
      },
    ];
  }

  const key = found.key;
  const keyOwner = didOf(key.id || found.via);
  const asOf = key.fetchedAt ? ` (as of ${key.fetchedAt})` : '';
  const intact: CheckResult = {
    id: 'proof',
    status: 'pass',
    message: `The signature (${alg}) is intact, made with the key ${clip(found.via)}${asOf}.`,
  };
  const unbound = (message: string): CheckResult[] => [
    intact,
    { id: 'issuer', status: 'fail', implies: 'invalid', message },
  ];
  if (issuerId === null) {
    return unbound('The credential names no issuer, so the signing key cannot be bound to one.');
  }
  if (keyOwner !== issuerId || didOf(key.controller) !== issuerId) {
    return unbound(
      `The token was signed with a key of ${clip(key.controller || keyOwner)}, not of the credential's issuer ${clip(issuerId)}: the key is not bound to the issuer.`,
    );
  }
  if (key.purposes && !key.purposes.includes('assertionMethod')) {
    return unbound(
      `The issuer ${clip(issuerId)} does not list the key ${clip(found.via)} for issuing credentials (assertionMethod): the key is not bound to the issuer.`,
    );
  }
  return [
    {
      id: 'proof',
      status: 'pass',
      message: `Signature verified (${alg}) with the issuer's key ${clip(found.via)}${asOf}.`,
      establishesIntegrity: true,
    },
    {
      id: 'issuer',
      status: 'pass',
      message: `The signing key belongs to the issuer ${clip(issuerId)}.`,
    },
  ];
}
