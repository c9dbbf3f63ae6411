// The same presentation as a VC-JOSE-COSE vp+jwt, for verifiers that speak JOSE; JWT credentials ride inside as enveloped credentials.
import { SignJWT } from 'jose';
import type { BuiltPresentation } from './jsonld';
import { VC_V2_CONTEXT } from './jsonld';
import type { HolderKeys } from './keys';
import type { ExportItem } from './model';

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const JWT_MEDIA_TYPES = new Set(['application/vc+jwt', 'application/vc+ld+jwt', 'application/jwt']);

export type BuiltJwt = { token: string; bytes: Uint8Array; enveloped: ExportItem[] };

function baseType(mediaType: string): string {
  return mediaType.split(';')[0]?.trim().toLowerCase() ?? '';
}

/** A JWT original as the compact token, or null when the original is something else. */
export function compactTokenOf(item: ExportItem): string | null {
  if (!JWT_MEDIA_TYPES.has(baseType(item.original.mediaType))) return null;
  const text = Buffer.from(item.original.bytes).toString('ascii').trim();
  return COMPACT_JWS.test(text) ? text : null;
}

/**
 * Signs the presentation's content as a `vp+jwt` (EdDSA, `kid` = the holder's did:key method):
 * the résumé credential and the Data Integrity originals as in the JSON-LD file, plus every JWT
 * credential as an EnvelopedVerifiableCredential `data:application/vc+jwt,…` URL.
 */
export async function buildPresentationJwt(
  built: BuiltPresentation,
  keys: HolderKeys,
  issuedAt: Date,
): Promise<BuiltJwt> {
  const enveloped: ExportItem[] = [];
  const envelopes: Array<Record<string, unknown>> = [];
  for (const item of built.beside) {
    const token = compactTokenOf(item);
    if (!token) continue;
    enveloped.push(item);
    envelopes.push({
      '@context': [VC_V2_CONTEXT],
      id: `data:${baseType(item.original.mediaType)},${token}`,
      type: 'EnvelopedVerifiableCredential',
    });
  }
  const p = built.presentation;
  const payload: Record<string, unknown> = {
    '@context': p['@context'],
    id: p.id,
    type: p.type,
    holder: p.holder,
    verifiableCredential: [
      built.resumeCredential,
      ...built.embedded.map((e) => e.document),
      ...envelopes,
    ],
    // JWT claims binding the token to its verifier, as the Data Integrity proof's challenge/domain do.
    nonce: built.challenge,
    aud: built.domain,
    iat: Math.floor(issuedAt.getTime() / 1000),
  };
  const token = await new SignJWT(payload)
    .setProtectedHeader({
      alg: 'EdDSA',
      kid: keys.holder.verificationMethod,
      typ: 'vp+jwt',
      cty: 'vp',
    })
    .sign(keys.holder.privateKey);
  return { token, bytes: Buffer.from(token, 'ascii'), enveloped };
}
