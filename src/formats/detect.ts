// The importer's front door: decides what a file is and hands it to the right codec, keeping the original bytes untouched.
import type { ParsedCredential } from '../core/credential';
import { AppError } from '../shared/errors';
import { decodeEuropassXml, isEuropassXmlRoot } from './europass-xml';
import { sniffImageType } from './image';
import { decodeUtf8, isRecord, parseJsonBytes, parseJsonText } from './json';
import {
  decodeBlockcertsV1,
  decodeOb2Assertion,
  decodeOb2BadgeClass,
  decodeOb2Issuer,
  isBlockcertsV1,
  isHostedReference,
  isOb2Assertion,
  isOb2BadgeClass,
  isOb2Issuer,
} from './ob2';
import { decodePdfCertificate } from './pdf-certificate';
import { isPng, readBakedPng } from './png';
import { decodeSelfReported, isSelfReportedDocument } from './self-reported';
import { looksLikeSvg, readBakedSvg } from './svg';
import { contextUrls, hasType, isHttpUrl, type Decoded } from './text';
import {
  decodeVc,
  isPresentation,
  isVerifiableCredential,
  looksLikeCompactJws,
  parseJwtText,
} from './vc';
import { isZip } from './zip';

export type { JsonResolver } from './text';
import type { JsonResolver } from './text';

export type ParseOptions = { name: string; resolve?: JsonResolver };
export type Sniffed = 'json' | 'jwt' | 'png' | 'svg' | 'zip' | 'pdf' | 'xml' | 'url' | 'unknown';

const NOT_A_CREDENTIAL =
  'This is not a credential Skillfolio can read: expected Open Badges JSON, a VC (JSON-LD or JWT), or a baked PNG/SVG badge.';

/** How much of the start of a file sniffing looks at: enough to skip a BOM, whitespace and an XML prolog. */
const SNIFF_HEAD = 64 * 1024;
/** Largest text that can be a single pasted URL. */
const MAX_URL_TEXT = 8 * 1024;

function startsWithBytes(bytes: Uint8Array, ascii: string): boolean {
  if (bytes.length < ascii.length) return false;
  for (let i = 0; i < ascii.length; i++) if (bytes[i] !== ascii.charCodeAt(i)) return false;
  return true;
}

/**
 * What the bytes are, cheaply: magic numbers and the first non-space characters. `url` means the whole
 * text is one http(s) URL; `jwt` means the whole text is one compact JWS.
 */
export function sniff(bytes: Uint8Array): Sniffed {
  if (isPng(bytes)) return 'png';
  if (isZip(bytes)) return 'zip';
  if (startsWithBytes(bytes, '%PDF-')) return 'pdf';
  const head = new TextDecoder('utf-8', { fatal: false })
    .decode(bytes.subarray(0, SNIFF_HEAD))
    .replace(/^\uFEFF/, '')
    .trimStart();
  const c = head.charAt(0);
  if (c === '{' || c === '[' || c === '"') return 'json';
  if (c === '<') return looksLikeSvg(bytes) ? 'svg' : 'xml';
  if (head.startsWith('eyJ')) {
    const text =
      bytes.length <= SNIFF_HEAD ? head : new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    if (looksLikeCompactJws(text.trim())) return 'jwt';
  }
  if (bytes.length <= MAX_URL_TEXT && isHttpUrl(head.trim())) return 'url';
  return 'unknown';
}

type DecodedDocument = Decoded & { mediaType: string };

/** The JAdES / JWS JSON serialisation Europass seals ELM credentials in: `{payload, signatures}`. */
function isJwsJson(doc: Record<string, unknown>): boolean {
  return (
    typeof doc['payload'] === 'string' &&
    (Array.isArray(doc['signatures']) || typeof doc['signature'] === 'string')
  );
}

function jwsJsonPayload(doc: Record<string, unknown>): unknown {
  const payload = (doc['payload'] as string).trim();
  // Europass seals with `b64: false`, so the payload is the JSON itself; otherwise it is base64url.
  if (payload.startsWith('{')) return parseJsonText(payload, 'The signed payload');
  if (!/^[A-Za-z0-9_-]+$/.test(payload)) {
    throw new AppError(
      'malformed',
      'The signed payload of this JWS is neither JSON nor base64url.',
    );
  }
  const text = decodeUtf8(new Uint8Array(Buffer.from(payload, 'base64url')), 'The signed payload');
  return parseJsonText(text, 'The signed payload');
}

/** Specific refusals for JSON that is recognisably something other than a credential. */
function refuseNonCredential(doc: Record<string, unknown>): never {
  const keys = Object.keys(doc);
  if (keys.length > 0 && keys.every((k) => k.startsWith('@'))) {
    throw new AppError(
      'unsupported-format',
      'This is a JSON-LD context document, not a credential.',
    );
  }
  const id = typeof doc['id'] === 'string' ? doc['id'] : '';
  const didKeys = [
    'verificationMethod',
    'authentication',
    'assertionMethod',
    'publicKey',
    'service',
  ];
  if (
    (id.startsWith('did:') && didKeys.some((k) => k in doc)) ||
    contextUrls(doc).some((c) => /w3id\.org\/did\/v|w3\.org\/ns\/did\/v/.test(c))
  ) {
    throw new AppError(
      'unsupported-format',
      'This is a DID document (keys of an identifier), not a credential.',
    );
  }
  if (
    hasType(
      doc,
      'DataIntegrityProof',
      'Ed25519Signature2020',
      'Ed25519Signature2018',
      'MerkleProof2019',
    ) ||
    (('proofValue' in doc || 'jws' in doc) && 'verificationMethod' in doc)
  ) {
    throw new AppError(
      'unsupported-format',
      'This is a proof (a signature) on its own, not a credential: it is only meaningful attached to the credential it signs.',
    );
  }
  if ('$schema' in doc || (doc['type'] === 'object' && isRecord(doc['properties']))) {
    throw new AppError(
      'unsupported-format',
      'This is a JSON Schema (a description of a data format), not a credential.',
    );
  }
  if (hasType(doc, 'RevocationList') || ('revokedAssertions' in doc && !('badge' in doc))) {
    throw new AppError(
      'unsupported-format',
      'This is an Open Badges revocation list, not a credential.',
    );
  }
  throw new AppError('unsupported-format', NOT_A_CREDENTIAL);
}

/** Routes a decoded JSON document to its codec. */
async function decodeJsonDocument(
  doc: unknown,
  opts: ParseOptions,
  depth = 0,
): Promise<DecodedDocument> {
  if (Array.isArray(doc)) {
    throw new AppError(
      'unsupported-format',
      `This JSON is a list of ${doc.length} item${doc.length === 1 ? '' : 's'}, not a credential: import each credential as its own file.`,
    );
  }
  if (!isRecord(doc)) {
    throw new AppError(
      'unsupported-format',
      `This JSON is a single ${doc === null ? 'null' : typeof doc}, not a credential.`,
    );
  }
  if (isPresentation(doc) || isVerifiableCredential(doc)) {
    return { ...(await decodeVc(doc, opts)), mediaType: 'application/ld+json' };
  }
  if (depth === 0 && isJwsJson(doc)) {
    const inner = jwsJsonPayload(doc);
    if (!isRecord(inner) || !(isVerifiableCredential(inner) || isPresentation(inner))) {
      throw new AppError(
        'unsupported-format',
        'This is a signed JSON document (JWS), but what it signs is not a credential.',
      );
    }
    return { ...(await decodeVc(inner, opts)), mediaType: 'application/jose+json' };
  }
  const keys = Object.keys(doc);
  if (depth === 0 && keys.length === 1 && keys[0] === 'credential' && isRecord(doc['credential'])) {
    // Europass "uploadable" files wrap the credential in `{ "credential": … }`.
    const inner = await decodeJsonDocument(doc['credential'], opts, depth + 1);
    return inner;
  }
  // Typed in by the person (the form, `skillfolio add`, a LinkedIn export): read back on every re-verify and export.
  if (isSelfReportedDocument(doc)) return { ...decodeSelfReported(doc), mediaType: 'application/json' };
  if (isBlockcertsV1(doc)) return { ...decodeBlockcertsV1(doc), mediaType: 'application/json' };
  if (isOb2Assertion(doc) || isHostedReference(doc)) {
    return { ...(await decodeOb2Assertion(doc, opts)), mediaType: 'application/json' };
  }
  if (isOb2BadgeClass(doc))
    return { ...(await decodeOb2BadgeClass(doc, opts)), mediaType: 'application/json' };
  if (isOb2Issuer(doc)) return { ...decodeOb2Issuer(doc), mediaType: 'application/json' };
  return refuseNonCredential(doc);
}

type Payload = { decoded: Decoded; document: unknown };

/** The text baked into a PNG/SVG: JSON, a compact JWS, or the URL of a hosted assertion. */
async function parseBakedText(text: string, what: string, opts: ParseOptions): Promise<Payload> {
  const t = text.trim();
  if (t.startsWith('{') || t.startsWith('[')) {
    const document = parseJsonText(t, `The badge data baked into this ${what}`);
    return { decoded: await decodeJsonDocument(document, opts), document };
  }
  if (looksLikeCompactJws(t)) {
    const parsed = await parseJwtText(t, opts);
    return { decoded: parsed, document: parsed.document };
  }
  if (t.length <= MAX_URL_TEXT && isHttpUrl(t)) {
    // OB 1.0 bakes the URL of the hosted assertion; it is fetched when the network is allowed.
    return { decoded: await decodeOb2Assertion({ verify: { url: t } }, opts), document: t };
  }
  throw new AppError(
    'malformed',
    `The badge data baked into this ${what} is neither JSON, a signed token nor a link to an assertion.`,
  );
}

async function parseBakedImage(
  bytes: Uint8Array,
  mediaType: 'image/png' | 'image/svg+xml',
  text: string,
  opts: ParseOptions,
): Promise<ParsedCredential> {
  const what = mediaType === 'image/png' ? 'PNG image' : 'SVG image';
  if (text.trim() === '') {
    throw new AppError(
      'malformed',
      `The Open Badges element in this ${what} is empty: there is no badge data in it.`,
    );
  }
  const { decoded, document } = await parseBakedText(text, what, opts);
  // The image the user holds is the badge image; any URL in the data would only fetch a copy.
  decoded.credential.image = { kind: 'bytes', mediaType, bytes };
  const parsed = { ...decoded, mediaType, original: bytes, document };
  bakedTexts.set(parsed, text);
  return parsed;
}

/**
 * The text baked into each image parsed here, by credential: verification looks for a signed
 * token in it, and digging it out of the image again (an SVG is parsed as XML) costs as much as
 * the first time. A parsed credential's original never changes; the entry goes when it does.
 */
const bakedTexts = new WeakMap<ParsedCredential, string>();

/** The text baked into `parsed.original` when it was parsed here, if it is a baked image. */
export function bakedTextOf(parsed: ParsedCredential): string | undefined {
  return bakedTexts.get(parsed);
}

function unknownFormatError(bytes: Uint8Array): AppError {
  const image = sniffImageType(bytes);
  if (image === 'image/jpeg' || image === 'image/gif' || image === 'image/webp') {
    const kind = image.slice('image/'.length).toUpperCase();
    return new AppError(
      'unsupported-format',
      `This is a ${kind} image. Only PNG and SVG badge images can carry a credential, so there is nothing to import from it.`,
    );
  }
  return new AppError('unsupported-format', NOT_A_CREDENTIAL);
}

/**
 * Reads one credential from bytes: Open Badges JSON (0.5–2.0), VC JSON-LD (OB 3.0, CLR 2.0, other
 * VCs), VC-JWT / OB 2.0 JWS, baked PNG and SVG, Blockcerts and Europass. Throws AppError with a
 * user-readable message: `unsupported-format` (not a credential), `malformed` (a known shape, broken),
 * or the JSON/image readers' own codes (`too-large`, `unsafe-content`, `encoding`).
 */
export async function parseCredential(
  bytes: Uint8Array,
  opts: ParseOptions,
): Promise<ParsedCredential> {
  switch (sniff(bytes)) {
    case 'json': {
      const document = parseJsonBytes(bytes, 'This file');
      const { mediaType, ...decoded } = await decodeJsonDocument(document, opts);
      return { ...decoded, mediaType, original: bytes, document };
    }
    case 'jwt': {
      const parsed = await parseJwtText(decodeUtf8(bytes, 'This token').trim(), opts);
      return { ...parsed, original: bytes };
    }
    case 'png': {
      const { text } = readBakedPng(bytes);
      return parseBakedImage(bytes, 'image/png', text, opts);
    }
    case 'svg': {
      const { text } = readBakedSvg(bytes);
      return parseBakedImage(bytes, 'image/svg+xml', text, opts);
    }
    case 'xml': {
      const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, SNIFF_HEAD));
      if (!isEuropassXmlRoot(head)) {
        throw new AppError(
          'unsupported-format',
          'This is an XML document but not a European Digital Credential (Europass); it is not a credential Skillfolio can read.',
        );
      }
      return {
        ...decodeEuropassXml(bytes),
        mediaType: 'application/xml',
        original: bytes,
        document: null,
      };
    }
    case 'url':
      throw new AppError(
        'unsupported-format',
        'This is a web address (URL), not a credential file: import the URL itself and Skillfolio will fetch the credential.',
      );
    case 'zip':
      throw new AppError(
        'unsupported-format',
        'This is a ZIP archive, not a single credential; archives are opened only at the top level of an import, not inside one another.',
      );
    case 'pdf':
      return decodePdfCertificate(bytes, opts);
    case 'unknown':
      throw unknownFormatError(bytes);
  }
}
