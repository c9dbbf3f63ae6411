// Has the issuer revoked or suspended the credential? Bitstring / StatusList2021 lists and 1EdTech revocation lists.
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { isRecord, parseJsonBytes } from '../formats/json';
import { asList, hasType, readId } from '../formats/text';
import { credentialFromVcClaim, decodeCompactJws, looksLikeCompactJws } from '../formats/vc';
import { AppError, toErrorData } from '../shared/errors';
import { fetchCached, type CachedDocument } from './cached-fetch';
import { hasDataIntegrityProof, verifyDataIntegrity } from './data-integrity';
import { verifyVcJwt } from './jws';
import type { CheckResult, VerifyEnv } from './types';
import { parseInstant } from './validity';

const gunzipAsync = promisify(gunzip);

/** Largest inflated status list: 16 MB is 134 million entries, far beyond any real list. */
export const MAX_STATUS_LIST_BYTES = 16 * 1024 * 1024;
/** Largest status list document downloaded (compressed lists are small; this bounds the JSON). */
export const MAX_STATUS_DOCUMENT_BYTES = 4 * 1024 * 1024;
/** A cached list older than this is fetched again when online: revocations must show up. */
export const STATUS_LIST_MAX_AGE_MS = 24 * 60 * 60 * 1000;
/** More entries than this on one credential are not followed (each may be a different server). */
export const MAX_STATUS_ENTRIES = 8;
/** Processed lists remembered per network door, so 10,000 credentials on one list verify it once. */
const MEMO_SIZE = 64;

type Doc = Record<string, unknown>;

/** How far the status list document itself can be trusted. */
type Trust =
  | { state: 'signed' }
  | { state: 'unsigned' }
  | { state: 'unchecked'; why: string }
  | { state: 'broken'; why: string };

type LoadedList = {
  fetchedAt: string;
  fromCache: boolean;
  trust: Trust;
  issuer: string | null;
  validUntil: string | null;
  /** Bitstring lists: the inflated bits and the purposes the list serves. */
  bits: Uint8Array | null;
  purposes: string[];
  /** 1EdTech revocation lists: ids of revoked credentials. */
  revoked: Set<string> | null;
};

const memo = new WeakMap<object, Map<string, Promise<LoadedList>>>();

function short(url: string): string {
  return url.length > 120 ? `${url.slice(0, 120)}…` : url;
}

function status(
  s: CheckResult['status'],
  message: string,
  implies?: CheckResult['implies'],
): CheckResult {
  return implies
    ? { id: 'status', status: s, message, implies }
    : { id: 'status', status: s, message };
}

/** The status list as a document: JSON, or a VC-JWT whose payload is (or carries) the credential. */
function readListDocument(got: CachedDocument, url: string): { doc: Doc; token: string | null } {
  const head = new TextDecoder('utf-8', { fatal: false })
    .decode(got.bytes.subarray(0, 8))
    .trimStart();
  if (head.startsWith('eyJ')) {
    const token = new TextDecoder('utf-8', { fatal: false }).decode(got.bytes).trim();
    if (looksLikeCompactJws(token)) {
      const { payload } = decodeCompactJws(token);
      return { doc: isRecord(payload['vc']) ? credentialFromVcClaim(payload) : payload, token };
    }
  }
  const doc = parseJsonBytes(got.bytes, `The status list at ${short(url)}`);
  if (!isRecord(doc)) {
    throw new AppError('malformed', `The status list at ${short(url)} is not a JSON object.`);
  }
  return { doc, token: null };
}

async function listTrust(doc: Doc, token: string | null, env: VerifyEnv): Promise<Trust> {
  try {
    let checks: CheckResult[];
    if (token !== null) checks = await verifyVcJwt(token, env);
    else if (hasDataIntegrityProof(doc)) checks = await verifyDataIntegrity(doc, env);
    else if (doc['proof'] !== undefined) {
      return { state: 'unchecked', why: 'its proof is of a kind Skillfolio cannot check' };
    } else return { state: 'unsigned' };
    const failed = checks.find((c) => c.status === 'fail');
    if (failed) return { state: 'broken', why: failed.message };
    const unbound = checks.find((c) => c.id === 'issuer' && c.status !== 'pass');
    if (unbound) return { state: 'unchecked', why: unbound.message };
    if (checks.some((c) => c.establishesIntegrity)) return { state: 'signed' };
    const skipped = checks.find((c) => c.status === 'skip');
    return { state: 'unchecked', why: skipped?.message ?? 'its signature could not be checked' };
  } catch (err) {
    return { state: 'unchecked', why: toErrorData(err).message };
  }
}

/** The raw bits of `encodedList`: multibase (`u`) or plain base64url of a GZIP stream, inflated under the cap. */
export async function decodeEncodedList(encoded: string): Promise<Uint8Array> {
  let text = encoded.trim();
  // Bitstring Status List prefixes base64url with the multibase code `u`; StatusList2021 does not.
  // GZIP data always starts with 1f 8b, which base64url writes as "H4s".
  if (text.startsWith('u') && text.slice(1).startsWith('H4s')) text = text.slice(1);
  if (!/^[A-Za-z0-9_+/=-]+$/.test(text)) {
    throw new AppError('malformed', 'Its encoded list is not base64url text.');
  }
  const gz = Buffer.from(text, 'base64url');
  if (gz.length < 18 || gz[0] !== 0x1f || gz[1] !== 0x8b) {
    throw new AppError('malformed', 'Its encoded list is not GZIP-compressed.');
  }
  try {
    const raw = await gunzipAsync(gz, { maxOutputLength: MAX_STATUS_LIST_BYTES });
    return new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  } catch (err) {
    if (
      (err as { code?: unknown } | null)?.code === 'ERR_BUFFER_TOO_LARGE' ||
      err instanceof RangeError
    ) {
      throw new AppError(
        'too-large',
        `Its encoded list inflates to more than ${MAX_STATUS_LIST_BYTES / 1024 / 1024} MB, so it was not read.`,
      );
    }
    throw new AppError('malformed', 'Its encoded list could not be decompressed.');
  }
}

/** Entry `index` of `size` bits; bit 0 is the most significant bit of the first byte. Null past the end. */
export function readStatusBits(bits: Uint8Array, index: number, size = 1): number | null {
  const first = index * size;
  if (first + size > bits.length * 8) return null;
  let value = 0;
  for (let i = first; i < first + size; i++) {
    const byte = bits[i >> 3] ?? 0;
    value = (value << 1) | ((byte >> (7 - (i & 7))) & 1);
  }
  return value;
}

async function loadList(url: string, env: VerifyEnv): Promise<LoadedList> {
  const got = await fetchCached(url, env, {
    maxAgeMs: STATUS_LIST_MAX_AGE_MS,
    accept:
      'application/vc+ld+json, application/ld+json, application/vc+jwt, application/json;q=0.9, */*;q=0.1',
    maxBytes: MAX_STATUS_DOCUMENT_BYTES,
  });
  let perDoor = memo.get(env.fetcher);
  if (!perDoor) {
    perDoor = new Map();
    memo.set(env.fetcher, perDoor);
  }
  const key = `${got.fetchedAt}\n${url}`;
  let loaded = perDoor.get(key);
  if (!loaded) {
    loaded = processList(got, url, env);
    if (perDoor.size >= MEMO_SIZE) {
      const oldest = perDoor.keys().next().value;
      if (oldest !== undefined) perDoor.delete(oldest);
    }
    perDoor.set(key, loaded);
    const map = perDoor;
    // A list that failed to load is tried again next time rather than remembered as broken.
    loaded.catch(() => map.delete(key));
  }
  const list = await loaded;
  return { ...list, fromCache: got.fromCache };
}

async function processList(got: CachedDocument, url: string, env: VerifyEnv): Promise<LoadedList> {
  const { doc, token } = readListDocument(got, url);
  const subject = asList(doc['credentialSubject']).find(isRecord) ?? null;
  const encoded = subject?.['encodedList'];
  let bits: Uint8Array | null = null;
  let revoked: Set<string> | null = null;
  if (typeof encoded === 'string') bits = await decodeEncodedList(encoded);
  else if (Array.isArray(doc['revokedCredentials'])) {
    revoked = new Set(
      doc['revokedCredentials'].map((r) => readId(r)).filter((id): id is string => id !== null),
    );
  } else {
    throw new AppError(
      'malformed',
      'It is neither a status list credential (no credentialSubject.encodedList) nor a revocation list (no revokedCredentials).',
    );
  }
  const purposes = asList(subject?.['statusPurpose']).filter(
    (p): p is string => typeof p === 'string',
  );
  const validUntil = [doc['validUntil'], doc['expirationDate']].find((v) => typeof v === 'string');
  return {
    fetchedAt: got.fetchedAt,
    fromCache: got.fromCache,
    trust: await listTrust(doc, token, env),
    issuer: readId(doc['issuer']),
    validUntil: typeof validUntil === 'string' ? validUntil : null,
    bits,
    purposes: purposes.map((p) => p.toLowerCase()),
    revoked,
  };
}

function asOf(list: LoadedList): string {
  return list.fromCache ? ` (as of ${list.fetchedAt})` : '';
}

function trustNote(list: LoadedList, credentialIssuer: string | null): string {
  const notes: string[] = [];
  if (list.trust.state === 'unsigned') notes.push('the status list is not signed');
  if (list.trust.state === 'unchecked')
    notes.push(`the status list's signature was not checked: ${list.trust.why}`);
  if (credentialIssuer && list.issuer && list.issuer !== credentialIssuer) {
    notes.push(
      `the status list was issued by ${short(list.issuer)}, not by the credential's issuer`,
    );
  }
  return notes.length > 0 ? ` Note: ${notes.join('; ')}.` : '';
}

/** Why a status check could not run, as a check: offline and refused addresses are skips, other failures warnings. */
function unreachable(err: unknown, url: string): CheckResult {
  const e = toErrorData(err);
  if (e.code === 'offline') {
    return status(
      'skip',
      `Not checked: offline. The status list at ${short(url)} needs the network.`,
    );
  }
  if (e.code === 'blocked-address') {
    return status(
      'skip',
      `Not checked: the status list at ${short(url)} is on a private network address, which Skillfolio does not contact unless "allow private network" is on. ${e.message}`,
    );
  }
  return status(
    'warn',
    `The status list at ${short(url)} could not be read, so the status is unknown: ${e.message}`,
  );
}

function readIndex(v: unknown): number | null {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 2 ** 31) return v;
  if (typeof v === 'string' && /^\d{1,10}$/.test(v.trim())) {
    const n = Number(v.trim());
    return n < 2 ** 31 ? n : null;
  }
  return null;
}

async function checkBitstringEntry(entry: Doc, doc: Doc, env: VerifyEnv): Promise<CheckResult> {
  const legacy = hasType(entry, 'RevocationList2020Status');
  const url = entry[legacy ? 'revocationListCredential' : 'statusListCredential'];
  const index = readIndex(entry[legacy ? 'revocationListIndex' : 'statusListIndex']);
  const purposeRaw = legacy ? 'revocation' : entry['statusPurpose'];
  const purpose = typeof purposeRaw === 'string' ? purposeRaw.toLowerCase() : null;
  const sizeRaw = entry['statusSize'];
  const size = sizeRaw === undefined ? 1 : readIndex(sizeRaw);
  if (
    typeof url !== 'string' ||
    index === null ||
    purpose === null ||
    size === null ||
    size < 1 ||
    size > 8
  ) {
    return status(
      'warn',
      'The credential names a status list, but its status entry is incomplete or malformed (list address, index, purpose or size), so the status is unknown.',
    );
  }
  if (purpose !== 'revocation' && purpose !== 'suspension') {
    return status(
      'skip',
      `Status entry for "${purpose.slice(0, 40)}" not checked: Skillfolio checks revocation and suspension.`,
    );
  }
  let list: LoadedList;
  try {
    list = await loadList(url, env);
  } catch (err) {
    return unreachable(err, url);
  }
  if (list.bits === null) {
    return status(
      'warn',
      `The document at ${short(url)} is not a status list with an encoded list, so the status is unknown.`,
    );
  }
  if (list.trust.state === 'broken') {
    return status(
      'fail',
      `The issuer's status list at ${short(url)} failed its own signature check (${list.trust.why}), so the ${purpose} status cannot be trusted.`,
      'unverified',
    );
  }
  if (list.purposes.length > 0 && !list.purposes.includes(purpose)) {
    return status(
      'warn',
      `The status list at ${short(url)} is for ${list.purposes.join(', ')}, not ${purpose}, so the ${purpose} status is unknown.`,
    );
  }
  const end = list.validUntil === null ? null : parseInstant(list.validUntil, true);
  if (end !== null && env.now().getTime() > end) {
    return status(
      'warn',
      `The status list at ${short(url)} itself expired on ${list.validUntil}, so the ${purpose} status is unknown.`,
    );
  }
  const value = readStatusBits(list.bits, index, size);
  if (value === null) {
    return status(
      'warn',
      `The credential's entry (${index}) lies beyond the end of the status list at ${short(url)}, so the ${purpose} status is unknown.`,
    );
  }
  const note = trustNote(list, readId(doc['issuer']));
  if (value !== 0) {
    return purpose === 'revocation'
      ? status(
          'fail',
          `Revoked: the issuer's status list marks this credential as revoked${asOf(list)}.${note}`,
          'revoked',
        )
      : status(
          'fail',
          `Suspended: the issuer's status list marks this credential as suspended${asOf(list)}.${note}`,
          'suspended',
        );
  }
  return status(
    'pass',
    `Not ${purpose === 'revocation' ? 'revoked' : 'suspended'}, according to the issuer's status list${asOf(list)}.${note}`,
  );
}

async function checkRevocationListEntry(
  entry: Doc,
  doc: Doc,
  env: VerifyEnv,
): Promise<CheckResult> {
  const url = readId(entry);
  if (url === null) {
    return status(
      'warn',
      'The credential names a 1EdTech revocation list without its address, so the status is unknown.',
    );
  }
  const credentialId = readId(doc);
  if (credentialId === null) {
    return status(
      'warn',
      'The credential names a revocation list but has no id to look up in it, so the status is unknown.',
    );
  }
  let list: LoadedList;
  try {
    list = await loadList(url, env);
  } catch (err) {
    return unreachable(err, url);
  }
  if (list.revoked === null) {
    return status(
      'warn',
      `The document at ${short(url)} is not a revocation list, so the status is unknown.`,
    );
  }
  if (list.trust.state === 'broken') {
    return status(
      'fail',
      `The issuer's revocation list at ${short(url)} failed its own signature check (${list.trust.why}), so the revocation status cannot be trusted.`,
      'unverified',
    );
  }
  const note = trustNote(list, readId(doc['issuer']));
  if (list.revoked.has(credentialId)) {
    return status(
      'fail',
      `Revoked: the issuer's revocation list names this credential${asOf(list)}.${note}`,
      'revoked',
    );
  }
  return status(
    'pass',
    `Not revoked, according to the issuer's revocation list${asOf(list)}.${note}`,
  );
}

/**
 * One `status` check per entry of `credentialStatus` (none when there is none). Revoked → fail
 * implying `revoked`; suspended → fail implying `suspended`; offline or a private address that is
 * not allowed → skip; a list that cannot be read → warn (status unknown, verdict unchanged); a list
 * whose own proof fails → fail implying `unverified` (we cannot vouch for a credential whose
 * revocation status is forged). Never throws for a credential problem.
 */
export async function checkStatus(
  doc: Record<string, unknown>,
  env: VerifyEnv,
): Promise<CheckResult[]> {
  const entries = asList(doc['credentialStatus']);
  const out: CheckResult[] = [];
  for (const [i, entry] of entries.entries()) {
    if (i >= MAX_STATUS_ENTRIES) {
      out.push(
        status(
          'warn',
          `Only the first ${MAX_STATUS_ENTRIES} of ${entries.length} status entries were checked.`,
        ),
      );
      break;
    }
    if (!isRecord(entry)) {
      out.push(
        status(
          'warn',
          'A status entry of this credential is not an object, so it was not checked.',
        ),
      );
      continue;
    }
    try {
      if (
        hasType(
          entry,
          'BitstringStatusListEntry',
          'StatusList2021Entry',
          'RevocationList2020Status',
        )
      ) {
        out.push(await checkBitstringEntry(entry, doc, env));
      } else if (hasType(entry, '1EdTechRevocationList')) {
        out.push(await checkRevocationListEntry(entry, doc, env));
      } else {
        const type =
          [entry['type']]
            .flat()
            .filter((t) => typeof t === 'string')
            .join(', ') || 'unnamed';
        out.push(
          status(
            'skip',
            `Status of type "${type.slice(0, 60)}" not checked: Skillfolio does not support it.`,
          ),
        );
      }
    } catch (err) {
      out.push(status('warn', `The status could not be checked: ${toErrorData(err).message}`));
    }
  }
  return out;
}
