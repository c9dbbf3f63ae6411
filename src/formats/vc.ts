// W3C Verifiable Credentials 1.1/2.0 (Open Badges 3.0, CLR 2.0, Blockcerts v3, Europass ELM, any other VC), as JSON-LD or VC-JWT.
import { emptyCredential, type FormatId, type ParsedCredential } from '../core/credential';
import { AppError, toErrorData } from '../shared/errors';
import { decodeUtf8, isRecord, parseJsonText } from './json';
import {
  decodeOb2Assertion,
  isHostedReference,
  isOb2Assertion,
  readAlignments,
  readCriteria,
  readEvidence,
  readNameOf,
  readTags,
} from './ob2';
import {
  asList,
  contextUrls,
  hasType,
  humaniseType,
  isHttpUrl,
  readDate,
  readDescription,
  readId,
  readImage,
  readLine,
  readMediaObject,
  readText,
  readTitle,
  TEXT_LIMITS,
  typesOf,
  type Decoded,
  type JsonResolver,
} from './text';

type Doc = Record<string, unknown>;

export type VcOptions = { resolve?: JsonResolver };

/** Nesting we follow (a CLR inside a CLR is legal; a thousand-deep chain is an attack). */
const MAX_NESTING = 4;
/** Nested credentials read from one CLR bundle. */
const MAX_CHILDREN = 1_000;

const VC_CONTEXTS = [
  'https://www.w3.org/2018/credentials/v1',
  'https://www.w3.org/ns/credentials/v2',
];

export function isPresentation(doc: Doc): boolean {
  return hasType(doc, 'VerifiablePresentation');
}

/** A W3C VC: typed as one, or carrying the VC context and a subject. */
export function isVerifiableCredential(doc: Doc): boolean {
  if (isPresentation(doc)) return false;
  if (hasType(doc, 'VerifiableCredential')) return true;
  return contextUrls(doc).some((c) => VC_CONTEXTS.includes(c)) && 'credentialSubject' in doc;
}

function isBlockcertsV3(doc: Doc): boolean {
  if (hasType(doc, 'BlockcertsCredential')) return true;
  if (contextUrls(doc).some((c) => /blockcerts/i.test(c))) return true;
  return asList(doc['proof']).some(
    (p) =>
      isRecord(p) && (hasType(p, 'MerkleProof2019') || p['cryptosuite'] === 'merkle-proof-2019'),
  );
}

function isEuropass(doc: Doc): boolean {
  if (hasType(doc, 'EuropeanDigitalCredential')) return true;
  return contextUrls(doc).some((c) => /data\.europa\.eu\/snb|essif\.europa\.eu/i.test(c));
}

/** Which of our formats a VC is, by its types first and its shape second. */
export function classifyVc(doc: Doc): FormatId {
  if (hasType(doc, 'ClrCredential')) return 'clr2';
  if (hasType(doc, 'OpenBadgeCredential', 'AchievementCredential')) return 'ob3';
  if (isBlockcertsV3(doc)) return 'blockcerts';
  if (isEuropass(doc)) return 'europass';
  return 'vc';
}

function presentationError(doc: Doc): AppError {
  const inside = asList(doc['verifiableCredential']).length;
  if (inside === 0) {
    return new AppError(
      'unsupported-format',
      'This is a Verifiable Presentation with no credentials inside, not a credential: there is nothing to import.',
    );
  }
  return new AppError(
    'unsupported-format',
    `This is a Verifiable Presentation (a holder's wrapper around ${inside} credential${inside === 1 ? '' : 's'}), a presentation, not a credential; import the credentials inside it on their own.`,
  );
}

function first(v: unknown): Doc | null {
  const item = asList(v).find(isRecord);
  return item ?? null;
}

/** OB 3.0 `identifier`: a list of IdentityObjects; the stored identity (often a salted hash) is the recipient. */
function readIdentifier(v: unknown): string | null {
  for (const item of asList(v)) {
    if (typeof item === 'string') return readLine(item);
    if (isRecord(item)) {
      const hash = readLine(item['identityHash']);
      if (hash) return hash;
    }
  }
  return null;
}

function mostSpecificType(doc: Doc): string | null {
  const generic = new Set(['VerifiableCredential', 'VerifiableAttestation']);
  const types = typesOf(doc).filter((t) => !generic.has(t));
  return types[types.length - 1] ?? null;
}

/** ELM: the first claim (achievement, activity, entitlement …) of a European Digital Credential. */
function europassClaim(subject: Doc | null): Doc | null {
  if (!subject) return null;
  return first(subject['hasClaim']) ?? first(subject['achieved']) ?? null;
}

function europassTitle(doc: Doc, claim: Doc | null): string | null {
  const specifiedBy = claim ? first(claim['specifiedBy']) : null;
  const display = isRecord(doc['displayParameter']) ? doc['displayParameter'] : null;
  const ebsi = first(doc['learningAchievement']);
  return (
    (claim && readTitle(claim['title'])) ??
    (specifiedBy && readTitle(specifiedBy['title'])) ??
    (display && readTitle(display['title'])) ??
    (ebsi && readTitle(ebsi['title'])) ??
    null
  );
}

async function issuerNameFromProfile(
  url: string,
  opts: VcOptions,
  notes: string[],
): Promise<string | null> {
  if (!opts.resolve) {
    notes.push(`Issuer profile not fetched: working offline (${url})`);
    return null;
  }
  try {
    const got = await opts.resolve(url);
    if (isRecord(got)) return readTitle(got['name']);
    notes.push(`Issuer profile not fetched: ${url} did not return a JSON object`);
  } catch (err) {
    notes.push(`Issuer profile not fetched: ${toErrorData(err).message} (${url})`);
  }
  return null;
}

/**
 * Reads a VC document (already unwrapped from any JWT) into a Credential. `depth` counts CLR nesting.
 * Throws AppError('malformed') when essentials are missing, 'unsupported-format' for presentations.
 */
export async function decodeVc(doc: Doc, opts: VcOptions, depth = 0): Promise<Decoded> {
  if (isPresentation(doc)) throw presentationError(doc);
  const format = classifyVc(doc);
  const notes: string[] = [];
  const subjectRaw = doc['credentialSubject'];
  const subject = first(subjectRaw);
  if (!subject && !(typeof subjectRaw === 'string' && subjectRaw.trim() !== '')) {
    throw new AppError(
      'malformed',
      'This Verifiable Credential has no credentialSubject: it does not say who or what it is about, so it cannot be imported.',
    );
  }
  const issuerRaw = doc['issuer'];
  const issuerId = readId(issuerRaw);
  if (!issuerId && !isRecord(issuerRaw)) {
    throw new AppError(
      'malformed',
      'This Verifiable Credential has no issuer: it does not say who issued it, so it cannot be imported.',
    );
  }

  const achievement = format === 'ob3' ? first(subject?.['achievement']) : null;
  const claim = format === 'blockcerts' ? first(subject?.['claim']) : null;
  const elmClaim = format === 'europass' ? europassClaim(subject) : null;
  const type = mostSpecificType(doc);

  const title =
    (achievement && readTitle(achievement['name'])) ??
    readTitle(doc['name']) ??
    (format === 'europass' ? europassTitle(doc, elmClaim) : null) ??
    (claim && readNameOf(claim)) ??
    (type ? humaniseType(type) : null) ??
    'Verifiable Credential';
  const c = emptyCredential(title);
  c.credentialId = readId(doc);
  const display = isRecord(doc['displayParameter']) ? doc['displayParameter'] : null;
  c.description =
    (achievement && readDescription(achievement['description'])) ??
    readDescription(doc['description']) ??
    (claim && readDescription(claim['description'])) ??
    (elmClaim && readDescription(elmClaim['description'])) ??
    (display && readDescription(display['description'])) ??
    null;

  if (isRecord(issuerRaw)) {
    c.issuerName =
      readTitle(issuerRaw['name']) ??
      readTitle(issuerRaw['legalName']) ??
      readTitle(issuerRaw['prefLabel']) ??
      readTitle(issuerRaw['altLabel']);
  }
  c.issuerId = issuerId;
  if (!c.issuerName && format === 'blockcerts' && issuerId && isHttpUrl(issuerId)) {
    c.issuerName = await issuerNameFromProfile(issuerId, opts, notes);
  }

  const validFrom = readDate(doc['validFrom']);
  c.issuedOn =
    readDate(doc['issuanceDate']) ??
    readDate(doc['issued']) ??
    validFrom ??
    readDate(doc['awardedDate']);
  c.validFrom = validFrom;
  c.validUntil = readDate(doc['validUntil']) ?? readDate(doc['expirationDate']);
  c.recipient = subject
    ? (readId(subject) ?? readIdentifier(subject['identifier']))
    : readLine(subjectRaw);
  c.evidence = readEvidence(doc['evidence']);

  if (achievement) {
    c.achievement = { name: title };
    const id = readId(achievement);
    const description = readDescription(achievement['description']);
    const achType = readLine(achievement['achievementType']);
    const criteria = readCriteria(achievement['criteria']);
    const field = readText(achievement['fieldOfStudy'], TEXT_LIMITS.field, true);
    if (id) c.achievement.id = id;
    if (description) c.achievement.description = description;
    if (achType) c.achievement.type = achType;
    if (criteria) c.achievement.criteria = criteria;
    if (field) c.achievement.fieldOfStudy = field;
    c.alignments = readAlignments(achievement['alignment']);
    c.tags = readTags(achievement['tag']);
    c.image = readImage(achievement['image'], notes);
  } else if (claim || elmClaim) {
    const source = (claim ?? elmClaim) as Doc;
    c.achievement = { name: title };
    const id = readId(source);
    const description = readDescription(source['description']);
    const criteria = readCriteria(source['criteria']);
    if (id) c.achievement.id = id;
    if (description) c.achievement.description = description;
    if (criteria) c.achievement.criteria = criteria;
    const claimType = elmClaim ? typesOf(elmClaim)[0] : undefined;
    if (claimType) c.achievement.type = claimType;
  }
  c.image ??= readImage(doc['image'], notes);
  if (!c.image && display) {
    const detail = first(
      isRecord(display['individualDisplay']) ? display['individualDisplay']['displayDetail'] : null,
    );
    const detailFromList = detail ?? first(first(display['individualDisplay'])?.['displayDetail']);
    if (detailFromList) c.image = readMediaObject(detailFromList['image'], notes);
  }

  const children = format === 'clr2' ? await decodeClrChildren(subject, opts, depth, notes) : [];
  return { format, credential: c, notes, children };
}

function utf8(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

/** CLR 2.0: every credential in `credentialSubject.verifiableCredential` becomes a child (JSON or JWT). */
async function decodeClrChildren(
  subject: Doc | null,
  opts: VcOptions,
  depth: number,
  notes: string[],
): Promise<ParsedCredential[]> {
  const nested = asList(subject?.['verifiableCredential']);
  if (depth >= MAX_NESTING) {
    if (nested.length > 0)
      notes.push(
        `Nested credentials not read: CLR bundles are nested more than ${MAX_NESTING} deep.`,
      );
    return [];
  }
  if (nested.length > MAX_CHILDREN) {
    notes.push(`Only the first ${MAX_CHILDREN} of ${nested.length} nested credentials were read.`);
  }
  const children: ParsedCredential[] = [];
  let n = 0;
  for (const item of nested.slice(0, MAX_CHILDREN)) {
    n++;
    try {
      if (typeof item === 'string') {
        children.push(await parseJwtText(item.trim(), opts, depth + 1));
      } else if (isRecord(item)) {
        if (!isVerifiableCredential(item)) {
          throw new AppError('unsupported-format', 'it is not a Verifiable Credential');
        }
        const decoded = await decodeVc(item, opts, depth + 1);
        children.push({
          ...decoded,
          mediaType: 'application/ld+json',
          original: utf8(JSON.stringify(item)),
          document: item,
          notes: [
            'Stored as re-serialised JSON: the CLR carried this credential inline, so its exact original bytes are those of the CLR.',
            ...decoded.notes,
          ],
        });
      } else {
        throw new AppError('unsupported-format', 'it is neither a JSON credential nor a JWT');
      }
    } catch (err) {
      notes.push(`Nested credential ${n} not read: ${toErrorData(err).message}`);
    }
  }
  return children;
}

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Compact JWS / JWT text: three base64url parts, the first being a JSON header (`eyJ` = `{"`). */
export function looksLikeCompactJws(text: string): boolean {
  return text.startsWith('eyJ') && COMPACT_JWS.test(text);
}

function decodeBase64UrlJson(part: string, what: string): unknown {
  const text = decodeUtf8(new Uint8Array(Buffer.from(part, 'base64url')), what);
  try {
    return parseJsonText(text, what);
  } catch (err) {
    if (err instanceof AppError && err.code === 'malformed') {
      throw new AppError(
        'malformed',
        `${what} is not JSON, so this is not a token Skillfolio can read.`,
      );
    }
    throw err;
  }
}

export type DecodedJws = { header: Doc; payload: Doc };

/**
 * Splits and decodes a compact JWS without verifying it (verification is a separate step).
 * Every JSON part goes through the capped, pollution-safe parser before jose sees it.
 */
export function decodeCompactJws(text: string): DecodedJws {
  const parts = text.split('.');
  if (parts.length === 5) {
    throw new AppError(
      'unsupported-format',
      'This is an encrypted token (JWE); Skillfolio can only read signed credentials.',
    );
  }
  if (parts.length !== 3 || !COMPACT_JWS.test(text)) {
    throw new AppError(
      'malformed',
      'This token is not a well-formed compact JWS (three base64url parts separated by dots).',
    );
  }
  const header = decodeBase64UrlJson(parts[0] as string, "The token's header");
  const payload = decodeBase64UrlJson(parts[1] as string, "The token's payload");
  if (!isRecord(header))
    throw new AppError('malformed', "The token's header is not a JSON object.");
  if (!isRecord(payload))
    throw new AppError('malformed', "The token's payload is not a JSON object.");
  // All jose's decoders would refuse beyond the checks above: a part one character past a whole
  // base64 group, which no encoder writes (Buffer quietly drops that character).
  if ((parts[0] as string).length % 4 === 1 || (parts[1] as string).length % 4 === 1) {
    throw new AppError(
      'malformed',
      'This token cannot be decoded (a part of it is not correctly base64url-encoded).',
    );
  }
  return { header, payload };
}

function secondsToIso(v: unknown): string | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? (readDate(v) ?? undefined) : undefined;
}

/**
 * VC-JWT 1.1: the credential is the `vc` claim, and registered claims stand in for its missing
 * properties (iss → issuer, jti → id, sub → credentialSubject.id, nbf → issuanceDate, exp → expirationDate).
 */
export function credentialFromVcClaim(payload: Doc): Doc {
  const vc = payload['vc'] as Doc;
  const merged: Doc = { ...vc };
  if (merged['issuer'] === undefined && typeof payload['iss'] === 'string')
    merged['issuer'] = payload['iss'];
  if (merged['id'] === undefined && typeof payload['jti'] === 'string')
    merged['id'] = payload['jti'];
  const subject = merged['credentialSubject'];
  if (isRecord(subject) && subject['id'] === undefined && typeof payload['sub'] === 'string') {
    merged['credentialSubject'] = { ...subject, id: payload['sub'] };
  }
  if (merged['issuanceDate'] === undefined && merged['validFrom'] === undefined) {
    const nbf = secondsToIso(payload['nbf']) ?? secondsToIso(payload['iat']);
    if (nbf) merged['issuanceDate'] = nbf;
  }
  if (merged['expirationDate'] === undefined && merged['validUntil'] === undefined) {
    const exp = secondsToIso(payload['exp']);
    if (exp) merged['expirationDate'] = exp;
  }
  return merged;
}

/**
 * Reads a compact JWS/JWT holding a credential: VC-JWT 1.1 (`vc` claim), VC 2.0 `vc+jwt` (the
 * payload is the credential) or an OB 2.0 signed assertion (the payload is the assertion).
 * `original` is the token text; `document` is the decoded payload.
 */
export async function parseJwtText(
  text: string,
  opts: VcOptions,
  depth = 0,
): Promise<ParsedCredential> {
  const { header, payload } = decodeCompactJws(text);
  const original = utf8(text);
  const base = { original, document: payload };
  if (isRecord(payload['vp']) || isPresentation(payload)) {
    throw presentationError(isRecord(payload['vp']) ? payload['vp'] : payload);
  }
  if (isRecord(payload['vc'])) {
    const decoded = await decodeVc(credentialFromVcClaim(payload), opts, depth);
    return { ...decoded, ...base, mediaType: 'application/jwt' };
  }
  if (isVerifiableCredential(payload)) {
    const decoded = await decodeVc(payload, opts, depth);
    return { ...decoded, ...base, mediaType: 'application/vc+jwt' };
  }
  if (isOb2Assertion(payload) || isHostedReference(payload)) {
    const decoded = await decodeOb2Assertion(payload, opts);
    return { ...decoded, ...base, mediaType: 'application/jwt' };
  }
  const typ = typeof header['typ'] === 'string' ? ` (typ "${readLine(header['typ'], 60)}")` : '';
  throw new AppError(
    'unsupported-format',
    `This is a signed token${typ}, but it carries no credential: its payload has no "vc" claim and is neither a Verifiable Credential nor an Open Badges assertion.`,
  );
}
