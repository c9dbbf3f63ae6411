// Open Badges 0.5/1.x/2.0 assertions (and Blockcerts v1/v2, built on them) normalised into a Credential.
import {
  emptyCredential,
  type Alignment,
  type Credential,
  type Evidence,
} from '../core/credential';
import { AppError, toErrorData } from '../shared/errors';
import { isRecord } from './json';
import {
  asList,
  contextUrls,
  hasType,
  isHttpUrl,
  readDate,
  readDescription,
  readId,
  readImage,
  readLine,
  readString,
  readText,
  readTitle,
  TEXT_LIMITS,
  type Decoded,
  type JsonResolver,
} from './text';

type Doc = Record<string, unknown>;

export type Ob2Options = { resolve?: JsonResolver };

/** An OB 2.0 signed assertion, a hosted one, OB 1.0 and 0.5: all have a recipient and a badge. */
export function isOb2Assertion(doc: Doc): boolean {
  if (hasType(doc, 'Assertion')) return true;
  if (hasType(doc, 'VerifiableCredential', 'VerifiablePresentation')) return false;
  const badge = doc['badge'];
  const recipient = doc['recipient'];
  const hasBadge = typeof badge === 'string' || isRecord(badge);
  const hasRecipient = typeof recipient === 'string' || isRecord(recipient);
  if (
    hasBadge &&
    (hasRecipient || isRecord(doc['verify']) || 'issuedOn' in doc || 'issued_on' in doc)
  ) {
    return true;
  }
  // OB 1.0 without a badge: still recognisably an assertion, so it is reported as broken, not as "unknown".
  return hasRecipient && isRecord(doc['verify']) && ('uid' in doc || 'issuedOn' in doc);
}

/** The smallest OB 1.0 bake: `{"verify": {"url": …}}`, a pointer to the hosted assertion. */
export function isHostedReference(doc: Doc): boolean {
  const verify = doc['verify'];
  const keys = Object.keys(doc);
  return (
    keys.length === 1 &&
    keys[0] === 'verify' &&
    isRecord(verify) &&
    typeof verify['url'] === 'string' &&
    isHttpUrl(verify['url'].trim())
  );
}

/** An OB 1.x/2.0 BadgeClass on its own (the definition of a badge, not an award). */
export function isOb2BadgeClass(doc: Doc): boolean {
  if (hasType(doc, 'BadgeClass')) return true;
  if ('type' in doc || 'credentialSubject' in doc) return false;
  return (
    typeof doc['name'] === 'string' &&
    (typeof doc['criteria'] === 'string' || isRecord(doc['criteria'])) &&
    (typeof doc['issuer'] === 'string' || isRecord(doc['issuer']))
  );
}

const OB1_ISSUER_KEYS = new Set([
  'name',
  'url',
  'description',
  'image',
  'email',
  'revocationList',
  'origin',
  'org',
  'contact',
]);

/** An OB 1.x/2.0 Issuer profile on its own. */
export function isOb2Issuer(doc: Doc): boolean {
  const ob = contextUrls(doc).some((c) => /openbadges|openbadgespec/i.test(c));
  if (hasType(doc, 'Issuer') || (ob && hasType(doc, 'Profile'))) return true;
  // OB 1.0 IssuerOrganization has no type: name + url and only issuer properties.
  return (
    typeof doc['name'] === 'string' &&
    typeof doc['url'] === 'string' &&
    Object.keys(doc).every((k) => OB1_ISSUER_KEYS.has(k))
  );
}

/** Blockcerts v2 is an OB 2.0 assertion with a Merkle `signature` and the Blockcerts context. */
export function isBlockcertsV2(doc: Doc): boolean {
  const signature = doc['signature'];
  const blockcertsContext = contextUrls(doc).some((c) => /blockcerts/i.test(c));
  const merkle = isRecord(signature) && hasType(signature, 'MerkleProof2017');
  return blockcertsContext || merkle;
}

/** Blockcerts v1: `{type: "BlockchainCertificate", document: {certificate, assertion, recipient}, receipt}`. */
export function isBlockcertsV1(doc: Doc): boolean {
  const document = doc['document'];
  return (
    hasType(doc, 'BlockchainCertificate') ||
    (isRecord(document) && isRecord(document['certificate']) && isRecord(doc['receipt']))
  );
}

async function fetchReferenced(
  url: string,
  what: string,
  opts: Ob2Options,
  notes: string[],
): Promise<Doc | null> {
  if (!opts.resolve) {
    notes.push(`${what} not fetched: working offline (${url})`);
    return null;
  }
  try {
    const got = await opts.resolve(url);
    if (isRecord(got)) return got;
    notes.push(`${what} not fetched: ${url} did not return a JSON object`);
  } catch (err) {
    notes.push(`${what} not fetched: ${toErrorData(err).message} (${url})`);
  }
  return null;
}

/**
 * A badge class or issuer given inline, as a URL, or as an object holding only its `id`: returns
 * the object (fetched when it is only referenced) and the URL it is known by.
 */
async function resolveRef(
  ref: unknown,
  what: string,
  opts: Ob2Options,
  notes: string[],
): Promise<{ doc: Doc | null; url: string | null }> {
  const url = typeof ref === 'string' ? readLine(ref) : readId(ref);
  if (isRecord(ref) && (ref['name'] !== undefined || !url || !isHttpUrl(url)))
    return { doc: ref, url };
  if (!url) return { doc: null, url: null };
  if (!isHttpUrl(url)) {
    notes.push(`${what} not fetched: "${url}" is not a web address`);
    return { doc: null, url };
  }
  const fetched = await fetchReferenced(url, what, opts, notes);
  return { doc: fetched ?? (isRecord(ref) ? ref : null), url };
}

export function readEvidence(v: unknown): Evidence[] {
  const out: Evidence[] = [];
  for (const e of asList(v).slice(0, 100)) {
    if (typeof e === 'string') {
      const id = readLine(e);
      if (id) out.push({ id });
    } else if (isRecord(e)) {
      const item: Evidence = {};
      const id = readId(e);
      const name = readTitle(e['name']);
      const description = readDescription(e['description']);
      const narrative = readDescription(e['narrative']);
      if (id) item.id = id;
      if (name) item.name = name;
      if (description) item.description = description;
      if (narrative) item.narrative = narrative;
      if (Object.keys(item).length > 0) out.push(item);
    }
  }
  return out;
}

/** OB 2.0 `alignment` and OB 3.0 `alignment` share field names; entries without a target name are dropped. */
export function readAlignments(v: unknown): Alignment[] {
  const out: Alignment[] = [];
  for (const a of asList(v).slice(0, 200)) {
    if (!isRecord(a)) continue;
    const targetName = readTitle(a['targetName']);
    if (!targetName) continue;
    const item: Alignment = { targetName };
    const code = readLine(a['targetCode']);
    const framework = readLine(a['targetFramework']);
    const url = readLine(a['targetUrl']);
    if (code) item.targetCode = code;
    if (framework) item.targetFramework = framework;
    if (url) item.targetUrl = url;
    out.push(item);
  }
  return out;
}

export function readTags(v: unknown): string[] {
  const out: string[] = [];
  for (const t of asList(v).slice(0, 200)) {
    const s = readLine(t, 200);
    if (s && !out.includes(s)) out.push(s);
  }
  return out;
}

/** `criteria` as a narrative (OB 2.0 Criteria object) or a URL (OB 1.x string / Criteria id). */
export function readCriteria(v: unknown): string | null {
  if (typeof v === 'string') return readString(v, TEXT_LIMITS.description);
  if (isRecord(v)) return readDescription(v['narrative']) ?? readId(v);
  return null;
}

function readRecipient(v: unknown): string | null {
  if (typeof v === 'string') return readLine(v);
  if (isRecord(v)) return readLine(v['identity']);
  return null;
}

function readIssuerInto(c: Credential, issuer: unknown, fallbackId: string | null): void {
  if (isRecord(issuer)) {
    c.issuerName = readTitle(issuer['name']);
    c.issuerId =
      readId(issuer) ?? readLine(issuer['url']) ?? readLine(issuer['origin']) ?? fallbackId;
  } else if (fallbackId) {
    c.issuerId = fallbackId;
  }
}

/**
 * Reads an OB 0.5/1.x/2.0 assertion (or Blockcerts v2). Referenced badge classes and issuers are
 * fetched through `opts.resolve`; when that is missing or fails, the import goes on with a note.
 */
export async function decodeOb2Assertion(doc: Doc, opts: Ob2Options): Promise<Decoded> {
  const notes: string[] = [];
  let assertion = doc;

  if (isHostedReference(doc)) {
    const url = (doc['verify'] as Doc)['url'] as string;
    const fetched = await fetchReferenced(url.trim(), 'Assertion', opts, notes);
    if (!fetched || !isOb2Assertion(fetched) || isHostedReference(fetched)) {
      if (fetched) notes.push(`Assertion not read: ${url.trim()} is not an Open Badges assertion`);
      const c = emptyCredential('Open Badge (assertion not fetched)');
      c.credentialId = readLine(url);
      return { format: 'ob2', credential: c, notes, children: [] };
    }
    assertion = fetched;
  }

  const badgeRef = assertion['badge'];
  if (
    badgeRef === undefined ||
    badgeRef === null ||
    (typeof badgeRef !== 'string' && !isRecord(badgeRef))
  ) {
    throw new AppError(
      'malformed',
      'This Open Badges assertion has no badge: it does not say which badge was awarded, so it cannot be imported.',
    );
  }
  const { doc: badge, url: badgeUrl } = await resolveRef(badgeRef, 'Badge class', opts, notes);

  const title = (badge && readTitle(badge['name'])) ?? 'Open Badge (badge class not fetched)';
  const c = emptyCredential(title);
  c.credentialId =
    readId(assertion) ??
    readLine(isRecord(assertion['verify']) ? assertion['verify']['url'] : null);
  c.issuedOn = readDate(assertion['issuedOn'] ?? assertion['issued_on']);
  c.validUntil = readDate(assertion['expires']);
  c.recipient = readRecipient(assertion['recipient']);
  c.evidence = readEvidence(assertion['evidence']);

  if (badge) {
    c.description = readDescription(badge['description']);
    c.achievement = { name: title };
    if (badgeUrl) c.achievement.id = badgeUrl;
    const criteria = readCriteria(badge['criteria']);
    if (criteria) c.achievement.criteria = criteria;
    if (c.description) c.achievement.description = c.description;
    c.alignments = readAlignments(badge['alignment']);
    c.tags = readTags(badge['tags']);
    c.image = readImage(badge['image'], notes);

    const { doc: issuer, url: issuerUrl } = await resolveRef(
      badge['issuer'],
      'Issuer profile',
      opts,
      notes,
    );
    readIssuerInto(c, issuer, issuerUrl);
  }
  c.image ??= readImage(assertion['image'], notes);
  const format = isBlockcertsV2(assertion) ? 'blockcerts' : 'ob2';
  return { format, credential: c, notes, children: [] };
}

/** A BadgeClass on its own: imported so nothing is lost, with a note that no one was awarded it here. */
export async function decodeOb2BadgeClass(doc: Doc, opts: Ob2Options): Promise<Decoded> {
  const notes = [
    'This file is an Open Badges badge class (the definition of a badge), not an assertion awarding it to someone.',
  ];
  const title = readTitle(doc['name']) ?? 'Open Badge class';
  const c = emptyCredential(title);
  c.credentialId = readId(doc);
  c.description = readDescription(doc['description']);
  c.achievement = { name: title };
  if (c.credentialId) c.achievement.id = c.credentialId;
  if (c.description) c.achievement.description = c.description;
  const criteria = readCriteria(doc['criteria']);
  if (criteria) c.achievement.criteria = criteria;
  c.alignments = readAlignments(doc['alignment']);
  c.tags = readTags(doc['tags']);
  c.image = readImage(doc['image'], notes);
  const { doc: issuer, url: issuerUrl } = await resolveRef(
    doc['issuer'],
    'Issuer profile',
    opts,
    notes,
  );
  readIssuerInto(c, issuer, issuerUrl);
  return { format: 'ob2', credential: c, notes, children: [] };
}

/** An Issuer profile on its own: kept as a record of the issuer, clearly labelled as not being a badge. */
export function decodeOb2Issuer(doc: Doc, notes: string[] = []): Decoded {
  const name = readTitle(doc['name']);
  const c = emptyCredential(name ? `Issuer profile: ${name}` : 'Open Badges issuer profile');
  c.credentialId = readId(doc);
  c.description = readDescription(doc['description']);
  readIssuerInto(c, doc, null);
  c.image = readImage(doc['image'], notes);
  return {
    format: 'ob2',
    credential: c,
    notes: [
      'This file is an Open Badges issuer profile (who awards badges), not a badge awarded to someone.',
      ...notes,
    ],
    children: [],
  };
}

/** Blockcerts v1 (2016): the certificate, assertion and recipient sit under `document`. */
export function decodeBlockcertsV1(doc: Doc): Decoded {
  const notes: string[] = [];
  const document = isRecord(doc['document']) ? doc['document'] : {};
  const cert = isRecord(document['certificate']) ? document['certificate'] : null;
  if (!cert) {
    throw new AppError(
      'malformed',
      'This Blockcerts v1 certificate has no certificate section, so there is nothing to import.',
    );
  }
  const assertion = isRecord(document['assertion']) ? document['assertion'] : {};
  const title = readTitle(cert['name']) ?? readTitle(cert['title']) ?? 'Blockcerts certificate';
  const c = emptyCredential(title);
  c.credentialId = readId(assertion) ?? readLine(assertion['uid']);
  c.description = readDescription(cert['description']);
  c.issuedOn = readDate(assertion['issuedOn']);
  c.validUntil = readDate(assertion['expires']);
  c.recipient = readRecipient(document['recipient']);
  readIssuerInto(c, cert['issuer'], null);
  c.achievement = { name: title };
  const certId = readId(cert);
  if (certId) c.achievement.id = certId;
  if (c.description) c.achievement.description = c.description;
  c.image = readImage(cert['image'], notes);
  return { format: 'blockcerts', credential: c, notes, children: [] };
}

/** Used by callers that read a title from a loosely-typed object (e.g. Blockcerts v3 `claim`). */
export function readNameOf(v: unknown): string | null {
  return isRecord(v)
    ? (readTitle(v['name']) ?? readText(v['title'], TEXT_LIMITS.title, true))
    : null;
}
