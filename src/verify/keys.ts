// Public keys as DID documents and proofs write them (multikey, base58, JWK) turned into node:crypto KeyObjects.
import { createPublicKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { decode as base58Decode, encode as base58Encode } from 'base58-universal';
import { AppError } from '../shared/errors';

export type ResolvedKey = {
  id: string;
  controller: string;
  publicKey: KeyObject;
  source: 'did:key' | 'did:jwk' | 'did:web' | 'embedded' | 'profile';
  /** The verification relationships (assertionMethod, authentication, …) that list this key. */
  purposes?: readonly string[];
  /** When the document naming the key was fetched (null: it needed no fetch). */
  fetchedAt?: string | null;
};

// Multicodec prefixes (unsigned varints) of the key types we read.
const ED25519_PUB = [0xed, 0x01] as const;
const P256_PUB = [0x80, 0x24] as const;
const P384_PUB = [0x81, 0x24] as const;

// DER SubjectPublicKeyInfo headers: the raw key bytes follow. OpenSSL accepts compressed EC points here.
const ED25519_SPKI = Buffer.from('302a300506032b6570032100', 'hex');
const P256_SPKI = Buffer.from('3039301306072a8648ce3d020106082a8648ce3d030107032200', 'hex');
const P384_SPKI = Buffer.from('3046301006072a8648ce3d020106052b81040022033200', 'hex');

const cache = new Map<string, KeyObject>();
const CACHE_MAX = 2000;

function remember(key: string, value: KeyObject): KeyObject {
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(key, value);
  return value;
}

function clip(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Bytes of a base58btc multibase string (`z…`). */
export function decodeMultibase(text: string): Uint8Array {
  if (typeof text !== 'string' || !text.startsWith('z') || text.length < 2 || text.length > 1000) {
    throw new AppError(
      'malformed',
      `"${clip(String(text))}" is not a base58btc multibase value (it must start with "z").`,
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = base58Decode(text.slice(1));
  } catch {
    throw new AppError('malformed', `"${clip(text)}" is not valid base58btc.`);
  }
  return bytes;
}

export function encodeMultibase(bytes: Uint8Array): string {
  return `z${base58Encode(bytes)}`;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/** An Ed25519 public key from its 32 raw bytes. */
export function publicKeyFromEd25519Bytes(raw: Uint8Array): KeyObject {
  if (raw.length !== 32) {
    throw new AppError('malformed', `An Ed25519 public key has 32 bytes, not ${raw.length}.`);
  }
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI, raw]), format: 'der', type: 'spki' });
}

/**
 * A public key from its multikey form (`z6Mk…` Ed25519; also `zDn…` P-256 and `z82…` P-384, so
 * did:key identifiers of those curves resolve for JWT verification).
 */
export function publicKeyFromMultibase(multibase: string): KeyObject {
  const hit = cache.get(multibase);
  if (hit) return hit;
  const bytes = decodeMultibase(multibase);
  try {
    if (startsWith(bytes, ED25519_PUB) && bytes.length === 34) {
      return remember(multibase, publicKeyFromEd25519Bytes(bytes.subarray(2)));
    }
    if (startsWith(bytes, P256_PUB) && bytes.length === 35) {
      return remember(
        multibase,
        createPublicKey({
          key: Buffer.concat([P256_SPKI, bytes.subarray(2)]),
          format: 'der',
          type: 'spki',
        }),
      );
    }
    if (startsWith(bytes, P384_PUB) && bytes.length === 51) {
      return remember(
        multibase,
        createPublicKey({
          key: Buffer.concat([P384_SPKI, bytes.subarray(2)]),
          format: 'der',
          type: 'spki',
        }),
      );
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('malformed', `The public key ${clip(multibase)} is not a valid point.`);
  }
  throw new AppError(
    'malformed',
    `The public key ${clip(multibase)} is of a kind Skillfolio does not read (it reads Ed25519, P-256 and P-384 multikeys).`,
  );
}

/** An Ed25519 public key written in plain base58 (Ed25519VerificationKey2018's publicKeyBase58). */
export function publicKeyFromBase58(base58: string): KeyObject {
  if (typeof base58 !== 'string' || base58.length === 0 || base58.length > 100) {
    throw new AppError('malformed', 'The publicKeyBase58 value is missing or too long.');
  }
  let raw: Uint8Array;
  try {
    raw = base58Decode(base58);
  } catch {
    throw new AppError('malformed', `"${clip(base58)}" is not valid base58.`);
  }
  return publicKeyFromEd25519Bytes(raw);
}

// The public members of each key type: anything else (notably a private "d") is left behind.
const PUBLIC_MEMBERS = new Map<string, readonly string[]>([
  ['OKP', ['kty', 'crv', 'x']],
  ['EC', ['kty', 'crv', 'x', 'y']],
  ['RSA', ['kty', 'n', 'e']],
]);
const CURVES = new Map<string, readonly string[]>([
  ['OKP', ['Ed25519']],
  ['EC', ['P-256', 'P-384', 'P-521', 'secp256k1']],
]);

/** A public key from a JWK (OKP Ed25519, EC P-256/P-384/P-521/secp256k1, RSA); private parts ignored. */
export function publicKeyFromJwk(jwk: Record<string, unknown>): KeyObject {
  const kty = jwk.kty;
  const members = typeof kty === 'string' ? PUBLIC_MEMBERS.get(kty) : undefined;
  if (typeof kty !== 'string' || !members) {
    throw new AppError(
      'malformed',
      `A JSON Web Key of type "${clip(String(kty))}" is not one Skillfolio reads (OKP, EC or RSA).`,
    );
  }
  const curves = CURVES.get(kty);
  if (curves && !curves.includes(String(jwk.crv))) {
    throw new AppError(
      'malformed',
      `A ${kty} JSON Web Key on curve "${clip(String(jwk.crv))}" is not one Skillfolio reads.`,
    );
  }
  const pub: Record<string, string> = {};
  for (const m of members) {
    const v = jwk[m];
    if (typeof v !== 'string' || v.length === 0 || v.length > 2000) {
      throw new AppError('malformed', `The JSON Web Key has no usable "${m}".`);
    }
    pub[m] = v;
  }
  try {
    return createPublicKey({ key: pub, format: 'jwk' });
  } catch {
    throw new AppError('malformed', 'The JSON Web Key is not a valid public key.');
  }
}

/** The multikey (`z6Mk…`) of an Ed25519 public key: the part after `did:key:`. */
export function multikeyFromPublicKey(key: KeyObject): string {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new AppError('bad-input', 'Only Ed25519 keys have a z6Mk… multikey here.');
  }
  const der = key.export({ format: 'der', type: 'spki' });
  return encodeMultibase(Uint8Array.from([...ED25519_PUB, ...der.subarray(ED25519_SPKI.length)]));
}

/** `did:key:z6Mk…` and its one verification method, for an Ed25519 public key. */
export function didKeyFor(key: KeyObject): { did: string; verificationMethod: string } {
  const mk = multikeyFromPublicKey(key);
  return { did: `did:key:${mk}`, verificationMethod: `did:key:${mk}#${mk}` };
}
