// Opens the JSON exports backpacks and platforms produce (a list of badges, an API answer holding several) into one item per credential, keeping each one's bytes as written.
import { AppError, type ErrorData } from '../shared/errors';
import { decodeUtf8, isRecord, parseJsonBytes, parseJsonText } from './json';
import { isBlockcertsV1, isHostedReference, isOb2Assertion } from './ob2';
import { isHttpUrl } from './text';
import { isPresentation, isVerifiableCredential, looksLikeCompactJws } from './vc';

/** Most credentials taken from one export (as for one archive). */
export const MAX_LISTED = 10_000;

export type ListedItem =
  | { name: string; bytes: Uint8Array; notes: string[] }
  /** An address to fetch the credential from (the export names it rather than holding it). */
  | { name: string; url: string; notes: string[] }
  | { name: string; error: ErrorData };

type Span = readonly [start: number, end: number];

// ---------------------------------------------------------------------------------------------
// Finding values in JSON text that is already known to be valid (parseJsonText checked it).

function skipSpace(t: string, i: number): number {
  while (i < t.length && /\s/.test(t.charAt(i))) i++;
  return i;
}

function stringEnd(t: string, i: number): number {
  let j = i + 1;
  while (j < t.length) {
    const c = t.charCodeAt(j);
    if (c === 92 /* \ */) j += 2;
    else if (c === 34 /* " */) return j + 1;
    else j++;
  }
  return t.length;
}

/** Index just past the JSON value starting at `i`. */
function valueEnd(t: string, i: number): number {
  const c = t.charAt(i);
  if (c === '"') return stringEnd(t, i);
  if (c === '{' || c === '[') {
    let depth = 0;
    let j = i;
    while (j < t.length) {
      const d = t.charAt(j);
      if (d === '"') {
        j = stringEnd(t, j);
        continue;
      }
      if (d === '{' || d === '[') depth++;
      else if (d === '}' || d === ']') {
        depth--;
        if (depth === 0) return j + 1;
      }
      j++;
    }
    return t.length;
  }
  let j = i;
  while (j < t.length && !/[\s,\]}]/.test(t.charAt(j))) j++;
  return j;
}

/** The spans of the elements of the array starting at `i` (`[`). */
function elementSpans(t: string, i: number): Span[] {
  const spans: Span[] = [];
  let j = skipSpace(t, i + 1);
  if (t.charAt(j) === ']') return spans;
  while (j < t.length) {
    const end = valueEnd(t, j);
    spans.push([j, end]);
    j = skipSpace(t, end);
    if (t.charAt(j) !== ',') break;
    j = skipSpace(t, j + 1);
  }
  return spans;
}

/** Each member's value span of the object starting at `i` (`{`); a repeated key keeps its last value, as JSON.parse does. */
function memberSpans(t: string, i: number): Map<string, Span> {
  const members = new Map<string, Span>();
  let j = skipSpace(t, i + 1);
  while (j < t.length && t.charAt(j) === '"') {
    const keyEnd = stringEnd(t, j);
    const key = parseJsonText(t.slice(j, keyEnd), 'A key');
    j = skipSpace(t, keyEnd);
    j = skipSpace(t, j + 1); // past ':'
    const end = valueEnd(t, j);
    if (typeof key === 'string') members.set(key, [j, end]);
    j = skipSpace(t, end);
    if (t.charAt(j) !== ',') break;
    j = skipSpace(t, j + 1);
  }
  return members;
}

// ---------------------------------------------------------------------------------------------

/** JSON that is recognisably one credential (or a presentation of several), not a list of them. */
export function isCredentialDocument(doc: unknown): boolean {
  if (!isRecord(doc)) return false;
  if (isVerifiableCredential(doc) || isPresentation(doc)) return true;
  if (isOb2Assertion(doc) || isHostedReference(doc) || isBlockcertsV1(doc)) return true;
  // Europass uploads wrap the credential; JAdES seals carry it as a payload.
  if (Object.keys(doc).length === 1 && isRecord(doc['credential'])) return true;
  return typeof doc['payload'] === 'string' && Array.isArray(doc['signatures']);
}

type Shape = {
  /** Says what the export is in notes and errors. */
  label: string;
  /** Where the lists are: the top level, or members of the top-level object (read in this order). */
  members: readonly string[] | null;
  /** Reads one entry of the list. */
  read: (
    value: unknown,
    text: string,
  ) => { bytes: Uint8Array } | { url: string; note?: string } | { error: string };
};

const encoder = new TextEncoder();

/** A credential given in full (JSON object or token) or by address. */
function readPlain(value: unknown, text: string): ReturnType<Shape['read']> {
  if (typeof value === 'string') {
    const s = value.trim();
    if (looksLikeCompactJws(s)) return { bytes: encoder.encode(s) };
    if (isHttpUrl(s)) return { url: s };
    return {
      error: 'This entry is text that is neither a signed credential (JWT) nor a web address.',
    };
  }
  if (isRecord(value)) return { bytes: encoder.encode(text) };
  return {
    error: `This entry is a ${value === null ? 'null' : Array.isArray(value) ? 'list' : typeof value}, not a credential.`,
  };
}

/** Canvas Credentials / Badgr backpack entries (`/v2/backpack/assertions`): the original JSON or the hosted address. */
function readBadgrEntity(value: unknown): ReturnType<Shape['read']> {
  if (!isRecord(value)) return { error: 'This entry is not a badge.' };
  const original = value['originalJson'];
  if (typeof original === 'string' && original.trim().startsWith('{')) {
    try {
      if (isCredentialDocument(parseJsonText(original, 'The original JSON'))) {
        return { bytes: encoder.encode(original) };
      }
    } catch {
      // Not usable: fall back to the hosted copy.
    }
  }
  const hosted = value['openBadgeId'];
  if (typeof hosted === 'string' && isHttpUrl(hosted.trim())) {
    return {
      url: hosted.trim(),
      note: 'Fetched from the issuer, as the backpack export names it.',
    };
  }
  return {
    error:
      "This backpack entry has neither the badge's original JSON nor the address of its hosted assertion.",
  };
}

/** Credly's public profile listing (`/users/<name>/badges.json`): each badge's public page. */
function readCredlyBadge(value: unknown): ReturnType<Shape['read']> {
  const id = isRecord(value) ? value['id'] : undefined;
  if (typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id)) {
    return { url: `https://www.credly.com/badges/${id.toLowerCase()}` };
  }
  return { error: 'This Credly entry has no badge id.' };
}

/** Which export `doc` is, or null when it is not a list of credentials. */
function shapeOf(doc: unknown): Shape | null {
  if (Array.isArray(doc)) {
    const looksBadgr =
      doc.length > 0 && doc.every((d) => isRecord(d) && d['entityType'] === 'Assertion');
    if (looksBadgr)
      return {
        label: 'Canvas Credentials (Badgr) backpack export',
        members: null,
        read: (v) => readBadgrEntity(v),
      };
    return { label: 'list of credentials', members: null, read: readPlain };
  }
  if (!isRecord(doc) || isCredentialDocument(doc)) return null;
  const list = (k: string) => Array.isArray(doc[k]);
  // Canvas Credentials / Badgr API v2: {status, result: [{entityType: "Assertion", openBadgeId, …}]}.
  if (list('result') && isRecord(doc['status'])) {
    return {
      label: 'Canvas Credentials (Badgr) backpack export',
      members: ['result'],
      read: (v) => readBadgrEntity(v),
    };
  }
  // Open Badges 2.1 (Badge Connect) getAssertions: {status, results: [Assertion, …]}.
  if (list('results'))
    return { label: 'Badge Connect export', members: ['results'], read: readPlain };
  // Open Badges 3.0 API getCredentials: {compactJwsString: [...], credential: [...]}, either or both.
  const ob3 = ['credential', 'credentials', 'compactJwsString', 'compactJwsStrings'].filter(list);
  if (ob3.length > 0) return { label: 'Open Badges 3.0 export', members: ob3, read: readPlain };
  // Credly public profile: {data: [{id, badge_template: {…}, issued_at, …}]}.
  const data = doc['data'];
  if (Array.isArray(data) && data.some((d) => isRecord(d) && isRecord(d['badge_template']))) {
    return { label: 'Credly profile export', members: ['data'], read: (v) => readCredlyBadge(v) };
  }
  return null;
}

/** Quick test on the first bytes before any parsing: most imports are single credentials. */
function mayBeList(bytes: Uint8Array): boolean {
  const start = bytes.subarray(0, 64 * 1024);
  // An image or a token is turned away by its first byte, without being decoded: after ASCII
  // spacing, a byte below 0x80 other than \v and \f is the first character of the text.
  const at = start.findIndex((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09);
  const first = start[at];
  if (first !== undefined && first < 0x80 && first !== 0x0b && first !== 0x0c) {
    if (first === 0x5b) return true;
    if (first !== 0x7b) return false;
  }
  const head = new TextDecoder('utf-8', { fatal: false })
    .decode(start)
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (head.startsWith('[')) return true;
  if (!head.startsWith('{')) return false;
  return /"(results?|credentials?|compactJwsStrings?|data)"\s*:\s*\[/.test(head);
}

/**
 * The credentials inside a JSON export, one item each (bytes as written for credentials given in
 * full, an address for those given by reference, an error for entries that are neither); null when
 * `bytes` is not such an export (the caller then reads it as one credential). An export with nothing
 * in it is refused (AppError `unsupported-format`).
 */
export function unpackCredentialList(bytes: Uint8Array, name: string): ListedItem[] | null {
  if (!mayBeList(bytes)) return null;
  let doc: unknown;
  try {
    doc = parseJsonBytes(bytes, name);
  } catch {
    return null; // not JSON after all: the credential parser gives the precise reason
  }
  const shape = shapeOf(doc);
  if (shape === null) return null;
  const text = decodeUtf8(bytes, name).replace(/^\uFEFF/, '');
  const lists: unknown[][] =
    shape.members === null
      ? [doc as unknown[]]
      : shape.members.map((m) => (doc as Record<string, unknown>)[m] as unknown[]);
  const values = lists.flat(1);
  if (values.length > MAX_LISTED) {
    throw new AppError(
      'too-large',
      `This ${shape.label} holds ${values.length.toLocaleString('en')} entries; Skillfolio reads at most ${MAX_LISTED.toLocaleString('en')} from one file. Split it into smaller files.`,
    );
  }
  const top = skipSpace(text, 0);
  let spans: Span[] = [];
  if (shape.members === null) {
    spans = elementSpans(text, top);
  } else {
    const members = memberSpans(text, top);
    for (const m of shape.members) {
      const span = members.get(m);
      if (span) spans = spans.concat(elementSpans(text, span[0]));
    }
  }
  if (values.length === 0) {
    throw new AppError(
      'unsupported-format',
      `This ${shape.label} is empty: there is nothing to import.`,
    );
  }
  if (spans.length !== values.length) {
    // Cannot happen for JSON that parsed; refuse rather than pair an entry with the wrong bytes.
    throw new AppError('malformed', `This ${shape.label} could not be split into its entries.`);
  }
  return values.map((value, i): ListedItem => {
    const itemName = `${name}#${i + 1}`;
    const [start, end] = spans[i] ?? [0, 0];
    const got = shape.read(value, text.slice(start, end));
    if ('error' in got)
      return { name: itemName, error: { code: 'unsupported-format', message: got.error } };
    if ('url' in got) {
      return {
        name: itemName,
        url: got.url,
        notes: [
          `Listed in a ${shape.label}${got.note ? `; ${got.note.charAt(0).toLowerCase()}${got.note.slice(1)}` : '.'}`,
        ],
      };
    }
    return { name: itemName, bytes: got.bytes, notes: [] };
  });
}
