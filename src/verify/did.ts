// Finds the public key a proof names: did:key and did:jwk read offline, did:web and https controller documents through the one network door.
import { isRecord, parseJsonBytes } from '../formats/json';
import { AppError } from '../shared/errors';
import { fetchCached } from './cached-fetch';
import {
  publicKeyFromBase58,
  publicKeyFromJwk,
  publicKeyFromMultibase,
  type ResolvedKey,
} from './keys';
import type { VerifyEnv } from './types';

export type ResolvedDid = { document: Record<string, unknown>; fetchedAt: string | null };

/** The DID methods Skillfolio can resolve. */
export const SUPPORTED_DID_METHODS = ['key', 'jwk', 'web'] as const;

const RELATIONSHIPS = [
  'assertionMethod',
  'authentication',
  'capabilityInvocation',
  'capabilityDelegation',
  'keyAgreement',
] as const;

const DID_DOC_MAX_BYTES = 512 * 1024;
const DID_ACCEPT = 'application/did+json, application/did+ld+json, application/json;q=0.9';

function clip(text: string, max = 120): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** The method of a DID (`key` for `did:key:…`), or null when it is not a DID. */
export function didMethod(did: string): string | null {
  const m = /^did:([a-z0-9]+):/.exec(did);
  return m ? (m[1] ?? null) : null;
}

// ---------------------------------------------------------------------------------------------
// did:key

const didKeyCache = new Map<string, Record<string, unknown>>();

function didKeyDocument(did: string): Record<string, unknown> {
  const cached = didKeyCache.get(did);
  if (cached) return cached;
  const multibase = did.slice('did:key:'.length);
  if (!/^z[1-9A-HJ-NP-Za-km-z]{40,120}$/.test(multibase)) {
    throw new AppError('malformed', `${clip(did)} is not a valid did:key identifier.`);
  }
  publicKeyFromMultibase(multibase); // throws on a key we cannot read
  const vm = `${did}#${multibase}`;
  const doc: Record<string, unknown> = {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: did,
    verificationMethod: [
      { id: vm, type: 'Multikey', controller: did, publicKeyMultibase: multibase },
    ],
    authentication: [vm],
    assertionMethod: [vm],
    capabilityInvocation: [vm],
    capabilityDelegation: [vm],
  };
  if (didKeyCache.size > 1000) didKeyCache.clear();
  didKeyCache.set(did, doc);
  return doc;
}

// ---------------------------------------------------------------------------------------------
// did:jwk

function didJwkDocument(did: string): Record<string, unknown> {
  const encoded = did.slice('did:jwk:'.length);
  if (!/^[A-Za-z0-9_-]{10,4000}$/.test(encoded)) {
    throw new AppError('malformed', `${clip(did)} is not a valid did:jwk identifier.`);
  }
  let jwk: unknown;
  try {
    jwk = parseJsonBytes(
      Buffer.from(encoded, 'base64url'),
      'The key inside the did:jwk identifier',
    );
  } catch {
    throw new AppError('malformed', `${clip(did)} does not carry a JSON Web Key.`);
  }
  if (!isRecord(jwk))
    throw new AppError('malformed', `${clip(did)} does not carry a JSON Web Key.`);
  publicKeyFromJwk(jwk); // throws on a key we cannot read
  if ('d' in jwk) {
    throw new AppError(
      'malformed',
      `${clip(did)} carries a private key, which a DID must never do.`,
    );
  }
  const vm = `${did}#0`;
  const doc: Record<string, unknown> = {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1'],
    id: did,
    verificationMethod: [{ id: vm, type: 'JsonWebKey2020', controller: did, publicKeyJwk: jwk }],
  };
  if (jwk.use !== 'enc') {
    for (const r of [
      'assertionMethod',
      'authentication',
      'capabilityInvocation',
      'capabilityDelegation',
    ])
      doc[r] = [vm];
  }
  if (jwk.use !== 'sig') doc.keyAgreement = [vm];
  return doc;
}

// ---------------------------------------------------------------------------------------------
// did:web

/** The https address of a did:web document (did:web:host%3Aport:path → https://host:port/path/did.json). */
export function didWebUrl(did: string): string {
  const parts = did.slice('did:web:'.length).split(':');
  let decoded: string[];
  try {
    decoded = parts.map((p) => decodeURIComponent(p));
  } catch {
    throw new AppError('malformed', `${clip(did)} is not a valid did:web identifier.`);
  }
  const [host, ...path] = decoded;
  if (!host || !/^[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?$/.test(host) || host.startsWith('.')) {
    throw new AppError('malformed', `${clip(did)} does not name a valid web host.`);
  }
  if (path.some((p) => p === '' || p === '.' || p === '..' || /[/\\?#]/.test(p))) {
    throw new AppError('malformed', `${clip(did)} has a path Skillfolio will not fetch.`);
  }
  const tail =
    path.length === 0
      ? '/.well-known/did.json'
      : `/${path.map(encodeURIComponent).join('/')}/did.json`;
  return `https://${host.toLowerCase()}${tail}`;
}

async function fetchJsonDocument(
  url: string,
  env: VerifyEnv,
  what: string,
): Promise<{ json: Record<string, unknown>; fetchedAt: string }> {
  const got = await fetchCached(url, env, { accept: DID_ACCEPT, maxBytes: DID_DOC_MAX_BYTES });
  const json = parseJsonBytes(got.bytes, `${what} at ${url}`);
  if (!isRecord(json)) throw new AppError('malformed', `${what} at ${url} is not a JSON object.`);
  return { json, fetchedAt: got.fetchedAt };
}

// ---------------------------------------------------------------------------------------------
// Resolution

/**
 * The DID document of `did`. did:key and did:jwk need no network; did:web is fetched through
 * `env.fetcher` (or read from `env.cache`). Throws AppError: `offline` (did:web while offline),
 * `network`, `blocked-address`, `too-large`, `malformed` (a broken DID or document) and
 * `unsupported-format` (a DID method Skillfolio does not resolve).
 */
export async function resolveDid(did: string, env: VerifyEnv): Promise<ResolvedDid> {
  if (typeof did !== 'string' || did.length > 8000) {
    throw new AppError('malformed', 'The DID is missing or too long.');
  }
  const bare = did.split('#')[0] ?? did;
  const method = didMethod(bare);
  switch (method) {
    case 'key':
      return { document: didKeyDocument(bare), fetchedAt: null };
    case 'jwk':
      return { document: didJwkDocument(bare), fetchedAt: null };
    case 'web': {
      const url = didWebUrl(bare);
      const { json, fetchedAt } = await fetchJsonDocument(url, env, 'The DID document');
      if (json.id !== bare) {
        throw new AppError(
          'malformed',
          `The DID document at ${url} is for ${clip(String(json.id))}, not for ${clip(bare)}.`,
        );
      }
      return { document: json, fetchedAt };
    }
    case null:
      throw new AppError('malformed', `"${clip(did)}" is not a DID.`);
    default:
      throw new AppError(
        'unsupported-format',
        `Skillfolio cannot look up did:${method} identifiers (it resolves did:key, did:jwk and did:web).`,
      );
  }
}

function absoluteId(id: unknown, base: string): string | null {
  if (typeof id !== 'string') return null;
  return id.startsWith('#') ? `${base}${id}` : id;
}

type FoundMethod = { method: Record<string, unknown>; purposes: string[] };

/** The verification method `vmId` in a controller document, and the relationships that list it. */
function findMethod(doc: Record<string, unknown>, docId: string, vmId: string): FoundMethod | null {
  let method: Record<string, unknown> | null = null;
  const listed = Array.isArray(doc.verificationMethod) ? doc.verificationMethod : [];
  for (const m of listed) {
    if (isRecord(m) && absoluteId(m.id, docId) === vmId) method = m;
  }
  const purposes: string[] = [];
  for (const rel of RELATIONSHIPS) {
    const entries = doc[rel];
    if (!Array.isArray(entries)) continue;
    for (const e of entries) {
      if (typeof e === 'string' && absoluteId(e, docId) === vmId) purposes.push(rel);
      else if (isRecord(e) && absoluteId(e.id, docId) === vmId) {
        purposes.push(rel);
        method ??= e; // embedded in the relationship itself
      }
    }
  }
  return method ? { method, purposes: [...new Set(purposes)] } : null;
}

function keyOf(method: Record<string, unknown>, vmId: string) {
  const type = method.type;
  const types = Array.isArray(type) ? type : [type];
  const has = (t: string) => types.includes(t);
  if (
    (has('Multikey') || has('Ed25519VerificationKey2020')) &&
    typeof method.publicKeyMultibase === 'string'
  )
    return publicKeyFromMultibase(method.publicKeyMultibase);
  if (has('Ed25519VerificationKey2018')) {
    if (typeof method.publicKeyBase58 === 'string')
      return publicKeyFromBase58(method.publicKeyBase58);
    if (typeof method.publicKeyMultibase === 'string')
      return publicKeyFromMultibase(method.publicKeyMultibase);
  }
  if ((has('JsonWebKey2020') || has('JsonWebKey')) && isRecord(method.publicKeyJwk))
    return publicKeyFromJwk(method.publicKeyJwk);
  throw new AppError(
    'malformed',
    `The key ${clip(vmId)} is of type ${clip(JSON.stringify(type) ?? 'none')} or lacks its key material; Skillfolio reads Multikey, Ed25519VerificationKey2020/2018 and JsonWebKey2020.`,
  );
}

/**
 * The key a proof's `verificationMethod` names, with its controller and the relationships its
 * controller lists it under. DIDs resolve as `resolveDid`; an http(s) verification method is looked
 * up in the controller document at its address (fetched, so `offline` applies). Throws AppError:
 * `offline`, `network`, `blocked-address`, `too-large`, `unsupported-format` (DID method), `malformed`,
 * and `not-found` (the document does not contain the key).
 */
export async function resolveVerificationMethod(
  vmUrl: string,
  env: VerifyEnv,
): Promise<ResolvedKey> {
  if (typeof vmUrl !== 'string' || vmUrl.length === 0 || vmUrl.length > 8000) {
    throw new AppError('malformed', 'The proof names no verification method.');
  }
  const hash = vmUrl.indexOf('#');
  const docUrl = hash === -1 ? vmUrl : vmUrl.slice(0, hash);
  let document: Record<string, unknown>;
  let fetchedAt: string | null;
  let source: ResolvedKey['source'];
  if (vmUrl.startsWith('did:')) {
    ({ document, fetchedAt } = await resolveDid(docUrl, env));
    const method = didMethod(docUrl);
    source = method === 'key' ? 'did:key' : method === 'jwk' ? 'did:jwk' : 'did:web';
  } else if (/^http:\/\//i.test(vmUrl)) {
    // Anyone on the path could swap a key fetched over plain http.
    throw new AppError(
      'unsupported-format',
      `Skillfolio only trusts keys published over https; ${clip(vmUrl)} is plain http.`,
    );
  } else if (/^https:\/\//i.test(vmUrl)) {
    ({ json: document, fetchedAt } = await fetchJsonDocument(
      docUrl,
      env,
      'The key controller document',
    ));
    if (document.id !== docUrl) {
      throw new AppError(
        'malformed',
        `The document at ${clip(docUrl)} says it is ${clip(String(document.id))}, so it cannot vouch for the key ${clip(vmUrl)}.`,
      );
    }
    source = 'profile';
  } else {
    throw new AppError('malformed', `"${clip(vmUrl)}" is neither a DID URL nor a web address.`);
  }
  const found = hash === -1 ? null : findMethod(document, docUrl, vmUrl);
  if (!found) {
    throw new AppError(
      'not-found',
      `The key ${clip(vmUrl)} is not in the document of ${clip(docUrl)}.`,
    );
  }
  const controller = found.method.controller;
  if (controller !== docUrl) {
    throw new AppError(
      'malformed',
      `The key ${clip(vmUrl)} claims the controller ${clip(String(controller))}, not ${clip(docUrl)} whose document lists it.`,
    );
  }
  return {
    id: vmUrl,
    controller: docUrl,
    publicKey: keyOf(found.method, vmUrl),
    source,
    purposes: found.purposes,
    fetchedAt,
  };
}
