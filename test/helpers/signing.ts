// Signed fixtures made in the tests with keys generated there: did:key issuers, Data Integrity and VC-JWT credentials, status lists.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { SignJWT } from 'jose';
import { signDataIntegrity, type DataIntegritySuite } from '../../src/verify/data-integrity';
import { didKeyFor } from '../../src/verify/keys';
import { ob3Object, type FixtureOptions } from './fixtures';

export type IssuerKey = { privateKey: KeyObject; publicKey: KeyObject; did: string; vm: string };

/** A fresh Ed25519 key and its did:key (resolvable offline). */
export function newIssuerKey(): IssuerKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const { did, verificationMethod } = didKeyFor(publicKey);
  return { privateKey, publicKey, did, vm: verificationMethod };
}

export const ED25519_2020_CONTEXT = 'https://w3id.org/security/suites/ed25519-2020/v1';

/** An unsigned OB 3.0 credential issued by `issuer` (a did:key), with optional extras merged in. */
export function ob3By(
  issuer: IssuerKey,
  o: FixtureOptions & { extra?: Record<string, unknown> },
): Record<string, unknown> {
  const doc = ob3Object(o);
  doc['issuer'] = { id: issuer.did, type: ['Profile'], name: o.issuer ?? 'Example University' };
  return { ...doc, ...(o.extra ?? {}) };
}

/** Signs with a Data Integrity suite; Ed25519Signature2020 gets the context that defines it. */
export async function signDi(
  doc: Record<string, unknown>,
  key: IssuerKey,
  suite: DataIntegritySuite = 'eddsa-rdfc-2022',
): Promise<Record<string, unknown>> {
  let input = doc;
  if (suite === 'Ed25519Signature2020') {
    const ctx = [doc['@context']].flat();
    if (!ctx.includes(ED25519_2020_CONTEXT))
      input = { ...doc, '@context': [...ctx, ED25519_2020_CONTEXT] };
  }
  return signDataIntegrity(input, {
    suite,
    privateKey: key.privateKey,
    verificationMethod: key.vm,
    created: '2024-01-01T00:00:00Z',
  });
}

/** A VC 2.0 `vc+jwt`: the payload is the credential, signed with EdDSA, `kid` naming the did:key method. */
export async function signVcJwt(doc: Record<string, unknown>, key: IssuerKey): Promise<string> {
  return new SignJWT(doc)
    .setProtectedHeader({ alg: 'EdDSA', typ: 'vc+jwt', kid: key.vm })
    .sign(key.privateKey);
}

/** One byte of the JSON changed inside a claim (the title), keeping it valid JSON. */
export function tamper(doc: Record<string, unknown>): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(doc)) as Record<string, unknown>;
  copy['name'] = `${String(copy['name'])}!`;
  const subject = copy['credentialSubject'] as { achievement?: { name?: string } } | undefined;
  if (subject?.achievement?.name) subject.achievement.name = `${subject.achievement.name}!`;
  return copy;
}

/** A Bitstring Status List `encodedList` (multibase base64url of GZIP) with the given entries set. */
export function encodedList(set: readonly number[], bits = 131_072, multibase = true): string {
  const raw = Buffer.alloc(Math.ceil(bits / 8));
  for (const i of set) raw[i >> 3] = (raw[i >> 3] ?? 0) | (0x80 >> (i & 7));
  const b64 = gzipSync(raw).toString('base64url');
  return multibase ? `u${b64}` : b64;
}

/** An unsigned BitstringStatusListCredential at `url`. */
export function statusListCredential(
  url: string,
  issuerDid: string,
  purpose: string,
  set: readonly number[],
  encoded = encodedList(set),
): Record<string, unknown> {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: url,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: issuerDid,
    validFrom: '2024-01-01T00:00:00Z',
    credentialSubject: {
      id: `${url}#list`,
      type: 'BitstringStatusList',
      statusPurpose: purpose,
      encodedList: encoded,
    },
  };
}

/** A `credentialStatus` entry pointing at entry `index` of the list at `url`. */
export function statusEntry(
  url: string,
  index: number,
  purpose = 'revocation',
): Record<string, unknown> {
  return {
    id: `${url}#${index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: purpose,
    statusListIndex: String(index),
    statusListCredential: url,
  };
}
