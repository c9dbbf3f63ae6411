// Key decoding: multikeys, base58 and JWKs become the same node:crypto keys that signed, and junk is refused clearly.
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { encode as base58Encode } from 'base58-universal';
import { describe, expect, it } from 'vitest';
import { AppError } from '../shared/errors';
import {
  decodeMultibase,
  didKeyFor,
  encodeMultibase,
  multikeyFromPublicKey,
  publicKeyFromBase58,
  publicKeyFromJwk,
  publicKeyFromMultibase,
} from './keys';

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message.length).toBeGreaterThan(10);
    return (err as AppError).code;
  }
}

describe('Ed25519 multikeys', () => {
  it('round-trip: the z6Mk… form of a generated key verifies that key’s signatures', () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const mk = multikeyFromPublicKey(publicKey);
    expect(mk).toMatch(/^z6Mk/);
    const back = publicKeyFromMultibase(mk);
    const msg = Buffer.from('a credential');
    expect(verify(null, msg, back, sign(null, msg, privateKey))).toBe(true);
    expect(didKeyFor(publicKey)).toEqual({
      did: `did:key:${mk}`,
      verificationMethod: `did:key:${mk}#${mk}`,
    });
  });

  it('a different key does not verify', () => {
    const a = generateKeyPairSync('ed25519');
    const b = generateKeyPairSync('ed25519');
    const msg = Buffer.from('x');
    const keyB = publicKeyFromMultibase(multikeyFromPublicKey(b.publicKey));
    expect(verify(null, msg, keyB, sign(null, msg, a.privateKey))).toBe(false);
  });

  it('publicKeyBase58 (Ed25519VerificationKey2018) reads the raw 32 bytes', () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x as string, 'base64url');
    const key = publicKeyFromBase58(base58Encode(raw));
    const msg = Buffer.from('y');
    expect(verify(null, msg, key, sign(null, msg, privateKey))).toBe(true);
    expect(codeOf(() => publicKeyFromBase58(base58Encode(raw.subarray(0, 31))))).toBe('malformed');
  });
});

describe('EC multikeys (did:key of P-256 and P-384)', () => {
  it.each([
    ['P-256', [0x80, 0x24], 'zDn'],
    ['P-384', [0x81, 0x24], 'z82'],
  ] as const)('%s: the compressed point decodes to the generated key', (curve, prefix, start) => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: curve });
    const jwk = publicKey.export({ format: 'jwk' });
    const x = Buffer.from(jwk.x as string, 'base64url');
    const y = Buffer.from(jwk.y as string, 'base64url');
    const compressed = Buffer.concat([Buffer.from([2 + ((y.at(-1) ?? 0) & 1)]), x]);
    const mk = encodeMultibase(Uint8Array.from([...prefix, ...compressed]));
    expect(mk.startsWith(start)).toBe(true);
    expect(publicKeyFromMultibase(mk).export({ format: 'jwk' })).toEqual(jwk);
  });
});

describe('hostile or broken multikeys', () => {
  it.each([
    ['no multibase prefix', '6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK'],
    ['base64 multibase', 'mAQIDBA'],
    ['not base58', 'z0OIl'],
    ['empty', 'z'],
    [
      'unknown key type (secp256k1)',
      encodeMultibase(Uint8Array.from([0xe7, 0x01, ...new Array<number>(33).fill(2)])),
    ],
    ['Ed25519 prefix, short key', encodeMultibase(Uint8Array.from([0xed, 0x01, 1, 2, 3]))],
    [
      'P-256 prefix, not a point',
      encodeMultibase(Uint8Array.from([0x80, 0x24, 5, ...new Array<number>(32).fill(0)])),
    ],
    ['absurdly long', `z${'1'.repeat(5000)}`],
  ])('%s → malformed', (_what, text) => {
    expect(codeOf(() => publicKeyFromMultibase(text))).toBe('malformed');
  });

  it('decodeMultibase reads base58btc only', () => {
    expect(Buffer.from(decodeMultibase('z2NEpo7TZRRrLZSi2U')).toString()).toBe('Hello World!');
    expect(codeOf(() => decodeMultibase('f48656c6c6f'))).toBe('malformed');
  });
});

describe('JSON Web Keys', () => {
  it('read OKP, EC and RSA public keys', () => {
    for (const [type, opts] of [
      ['ed25519', {}],
      ['ec', { namedCurve: 'P-256' }],
      ['rsa', { modulusLength: 2048 }],
    ] as const) {
      const { publicKey } = generateKeyPairSync(type as 'ec', opts as { namedCurve: string });
      const jwk = publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
      expect(publicKeyFromJwk(jwk).export({ format: 'jwk' })).toEqual(jwk);
    }
  });

  it('leave a private part behind: only the public key comes out', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const jwk = privateKey.export({ format: 'jwk' }) as Record<string, unknown>;
    expect(jwk.d).toBeDefined();
    const key = publicKeyFromJwk(jwk);
    expect(key.type).toBe('public');
    expect(key.export({ format: 'jwk' })).not.toHaveProperty('d');
  });

  it.each([
    ['a symmetric key (HS256 with a "public" key)', { kty: 'oct', k: 'c2VjcmV0' }],
    ['no kty', { x: 'abc' }],
    ['an unknown curve', { kty: 'OKP', crv: 'X448', x: 'abc' }],
    ['Ed25519 without x', { kty: 'OKP', crv: 'Ed25519' }],
    ['EC point not on the curve', { kty: 'EC', crv: 'P-256', x: 'AAAA', y: 'AAAA' }],
    ['x not a string', { kty: 'OKP', crv: 'Ed25519', x: 42 }],
    ['a kty naming an object built-in', { kty: 'constructor', x: 'abc' }],
    ['a crv naming an object built-in', { kty: 'EC', crv: 'toString', x: 'AAAA', y: 'AAAA' }],
  ])('refuse %s', (_what, jwk) => {
    expect(codeOf(() => publicKeyFromJwk(jwk))).toBe('malformed');
  });
});
