// The compact JWS a parsed credential was signed as, recovered from its original bytes (a token file or a baked image).
import type { ParsedCredential } from '../core/credential';
import { bakedTextOf } from '../formats/detect';
import { readBakedPng } from '../formats/png';
import { readBakedSvg } from '../formats/svg';
import { looksLikeCompactJws } from '../formats/vc';

/**
 * The compact JWS (VC-JWT, OB 2.0 signed assertion) behind `parsed`, or null when it was not one.
 * Parsing keeps only the decoded payload as `document`; a baked image keeps the image as
 * `original`, so for those the token is read out of the image again (unless parsing kept its text).
 */
export function compactTokenOf(parsed: ParsedCredential): string | null {
  const known = tokens.get(parsed);
  if (known !== undefined) return known;
  const token = readToken(parsed);
  tokens.set(parsed, token);
  return token;
}

/**
 * Tokens already read, by credential: the pool's triage and the engine both need it, and reading
 * means decoding the whole original (or digging it out of an image) again. A parsed credential's
 * original never changes, and the entry goes when the credential does.
 */
const tokens = new WeakMap<ParsedCredential, string | null>();

function readToken(parsed: ParsedCredential): string | null {
  let text: string;
  try {
    if (parsed.mediaType === 'application/jwt' || parsed.mediaType === 'application/vc+jwt') {
      text = new TextDecoder('utf-8', { fatal: false }).decode(parsed.original);
    } else if (parsed.mediaType === 'image/png') {
      text = bakedTextOf(parsed) ?? readBakedPng(parsed.original).text;
    } else if (parsed.mediaType === 'image/svg+xml') {
      text = bakedTextOf(parsed) ?? readBakedSvg(parsed.original).text;
    } else return null;
  } catch {
    return null;
  }
  const t = text.trim();
  return looksLikeCompactJws(t) ? t : null;
}
