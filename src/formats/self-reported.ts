// What the user says they hold, in their own words (typed in, or from a LinkedIn data export): a small JSON document stored as the original, never verified.
import { emptyCredential } from '../core/credential';
import { AppError } from '../shared/errors';
import { readDate, readDescription, readLine, readTitle, TEXT_LIMITS, type Decoded } from './text';

/**
 * The `type` of a self-reported document (the bundled samples use it too) and the `format` this
 * module writes beside it, so later versions can tell what they read.
 */
export const SELF_REPORTED_TYPE = 'SelfReportedAchievement';
export const SELF_REPORTED_FORMAT = 'skillfolio-self-reported/1';

export const SELF_REPORTED_LIMITS = {
  title: 1_000,
  issuer: 1_000,
  url: 2_000,
  description: 20_000,
  skills: 50,
  skill: 200,
} as const;

export type SelfReportedOrigin = 'manual' | 'linkedin-export';

export type SelfReportedEntry = {
  origin: SelfReportedOrigin;
  title: string;
  issuer: string | null;
  /** YYYY-MM-DD. */
  issuedOn: string | null;
  /** YYYY-MM-DD, the last day it is valid. */
  validUntil: string | null;
  url: string | null;
  description: string | null;
  skills: string[];
  licenseNumber: string | null;
};

/** The document stored for an entry: keys in a fixed order, so the same entry always has the same bytes. */
export function selfReportedDocument(entry: SelfReportedEntry): Uint8Array {
  const doc: Record<string, unknown> = {
    type: SELF_REPORTED_TYPE,
    format: SELF_REPORTED_FORMAT,
    origin: entry.origin,
    title: entry.title,
  };
  if (entry.issuer !== null) doc['issuer'] = entry.issuer;
  if (entry.issuedOn !== null) doc['issuedOn'] = entry.issuedOn;
  if (entry.validUntil !== null) doc['validUntil'] = entry.validUntil;
  if (entry.url !== null) doc['url'] = entry.url;
  if (entry.licenseNumber !== null) doc['licenseNumber'] = entry.licenseNumber;
  if (entry.description !== null) doc['description'] = entry.description;
  if (entry.skills.length > 0) doc['skills'] = entry.skills;
  return new TextEncoder().encode(`${JSON.stringify(doc, null, 2)}\n`);
}

export function isSelfReportedDocument(doc: Record<string, unknown>): boolean {
  return doc['type'] === SELF_REPORTED_TYPE && typeof doc['title'] === 'string';
}

/** An http(s) address without a user name or password in it, or null. */
export function webAddress(text: string): string | null {
  const t = text.trim();
  if (t.length > SELF_REPORTED_LIMITS.url || /\s/.test(t)) return null;
  let url: URL;
  try {
    url = new URL(t);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username !== '' || url.password !== '' || url.hostname === '') return null;
  return t;
}

const ORIGIN_NOTES: Record<SelfReportedOrigin, string> = {
  manual: 'Entered by hand: self-reported, nothing about it is verified.',
  'linkedin-export': 'From your LinkedIn data export: self-reported, nothing about it is verified.',
};

/** Reads a self-reported document back (on import, re-verification and export). */
export function decodeSelfReported(doc: Record<string, unknown>): Decoded {
  const title = readTitle(doc['title']);
  if (title === null) {
    throw new AppError('malformed', 'This self-reported entry has no title.');
  }
  const notes: string[] = [];
  const origin: SelfReportedOrigin =
    doc['origin'] === 'linkedin-export' ? 'linkedin-export' : 'manual';
  notes.push(ORIGIN_NOTES[origin]);
  const c = emptyCredential(title);
  c.issuerName = readLine(doc['issuer'], SELF_REPORTED_LIMITS.issuer);
  c.issuedOn = readDate(doc['issuedOn']);
  c.validUntil = readDate(doc['validUntil']);
  const rawUrl = typeof doc['url'] === 'string' ? doc['url'] : null;
  const url = rawUrl === null ? null : webAddress(rawUrl);
  if (rawUrl !== null && url === null)
    notes.push('Its link is not an http(s) web address and was left out.');
  const license = readLine(doc['licenseNumber']);
  const description = readDescription(doc['description']);
  const parts = [description, license === null ? null : `License or credential number: ${license}`];
  const text = parts.filter((p): p is string => p !== null).join('\n\n');
  c.description = text === '' ? null : text;
  // The link is where someone can check the claim: exports show it and LinkedIn takes it as the
  // certification URL. Without one, the licence number is the closest thing to an id.
  c.credentialId = url ?? license;
  if (url !== null) c.evidence = [{ id: url, name: 'Credential page' }];
  const skills = Array.isArray(doc['skills']) ? doc['skills'] : [];
  const seen = new Set<string>();
  for (const s of skills.slice(0, SELF_REPORTED_LIMITS.skills)) {
    const name = readLine(s, SELF_REPORTED_LIMITS.skill);
    if (name !== null && !seen.has(name.toLowerCase())) {
      seen.add(name.toLowerCase());
      c.tags.push(name);
    }
  }
  c.achievement = { name: title };
  return { format: 'self-reported', credential: c, notes, children: [] };
}

// ---------------------------------------------------------------------------------------------
// Dates as people write them

const MONTHS = new Map<string, number>(
  'jan january feb february mar march apr april may may jun june jul july aug august sep september oct october nov november dec december'
    .split(' ')
    .map((name, i) => [name, Math.floor(i / 2) + 1] as const)
    .concat([['sept', 9]]),
);

export type DateRange = { first: string; last: string };

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function lastDayOf(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function range(year: number, month: number | null, day: number | null): DateRange | null {
  if (year < 1900 || year > 2999) return null;
  if (month === null) return { first: `${year}-01-01`, last: `${year}-12-31` };
  if (month < 1 || month > 12) return null;
  const last = lastDayOf(year, month);
  if (day === null) {
    return { first: `${year}-${pad(month)}-01`, last: `${year}-${pad(month)}-${pad(last)}` };
  }
  if (day < 1 || day > last) return null;
  const d = `${year}-${pad(month)}-${pad(day)}`;
  return { first: d, last: d };
}

/**
 * The days a written date covers: `2024-03-15`, `2024-03`, `2024`, and the English month forms
 * LinkedIn exports (`Mar 2024`, `March 2024`). Null for anything else, including impossible days.
 */
export function readDateRange(text: string): DateRange | null {
  const t = text.trim();
  if (t.length > 40) return null;
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (m) return range(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})-(\d{2})$/.exec(t);
  if (m) return range(Number(m[1]), Number(m[2]), null);
  m = /^(\d{4})$/.exec(t);
  if (m) return range(Number(m[1]), null, null);
  m = /^([A-Za-z]{3,9})\.?\s+(\d{4})$/.exec(t);
  if (m) {
    const month = MONTHS.get((m[1] ?? '').toLowerCase());
    if (month !== undefined) return range(Number(m[2]), month, null);
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Manual entry

export type ManualEntryInput = {
  title: string;
  issuer: string;
  date: string;
  url?: string | undefined;
  description?: string | undefined;
  skills?: readonly string[] | undefined;
};

function bad(message: string): AppError {
  return new AppError('bad-input', message);
}

function clipForMessage(s: string): string {
  const cps = Array.from(s);
  return cps.length > 60 ? `${cps.slice(0, 59).join('')}…` : s;
}

/**
 * Checks what the person typed and turns it into an entry; every refusal says what to fix
 * (`bad-input`). The date may be a day, a month or a year, never in the future.
 */
export function manualEntry(input: ManualEntryInput, now: Date): SelfReportedEntry {
  const title = input.title.replace(/\s+/g, ' ').trim();
  if (title === '')
    throw bad(
      'Give the credential a title (what you earned, for example "Data Analysis with Python").',
    );
  if (Array.from(title).length > SELF_REPORTED_LIMITS.title) {
    throw bad(`The title is too long: keep it under ${SELF_REPORTED_LIMITS.title} characters.`);
  }
  const issuer = input.issuer.replace(/\s+/g, ' ').trim();
  if (issuer === '') throw bad('Say who issued it (the organisation, school or person).');
  if (Array.from(issuer).length > SELF_REPORTED_LIMITS.issuer) {
    throw bad(
      `The issuer's name is too long: keep it under ${SELF_REPORTED_LIMITS.issuer} characters.`,
    );
  }
  const dateText = input.date.trim();
  if (dateText === '')
    throw bad('Give the date you earned it, as YYYY-MM-DD (for example 2024-03-15).');
  const dates = /^\d{4}(-\d{2}(-\d{2})?)?$/.test(dateText) ? readDateRange(dateText) : null;
  if (dates === null) {
    throw bad(
      `"${clipForMessage(dateText)}" is not a date: write it as YYYY-MM-DD (for example 2024-03-15), or YYYY-MM if you only know the month.`,
    );
  }
  const today = now.toISOString().slice(0, 10);
  if (dates.first > today) {
    throw bad(`${dateText} is in the future: give the date you earned it.`);
  }
  let url: string | null = null;
  const urlText = input.url?.trim() ?? '';
  if (urlText !== '') {
    url = webAddress(urlText);
    if (url === null) {
      throw bad(
        `"${clipForMessage(urlText)}" is not a web address: a link must start with https:// or http://.`,
      );
    }
  }
  const description = input.description?.trim() ?? '';
  if (description.length > SELF_REPORTED_LIMITS.description) {
    throw bad(
      `The description is too long: keep it under ${SELF_REPORTED_LIMITS.description.toLocaleString('en')} characters.`,
    );
  }
  const skills: string[] = [];
  for (const s of input.skills ?? []) {
    const name = s.replace(/\s+/g, ' ').trim();
    if (name === '') continue;
    if (Array.from(name).length > SELF_REPORTED_LIMITS.skill) {
      throw bad(
        `The skill "${clipForMessage(name)}" is too long: a skill is a name, under ${SELF_REPORTED_LIMITS.skill} characters.`,
      );
    }
    if (!skills.some((k) => k.toLowerCase() === name.toLowerCase())) skills.push(name);
  }
  if (skills.length > SELF_REPORTED_LIMITS.skills) {
    throw bad(`That is ${skills.length} skills; give at most ${SELF_REPORTED_LIMITS.skills}.`);
  }
  return {
    origin: 'manual',
    title,
    issuer,
    issuedOn: dates.first,
    validUntil: null,
    url,
    description: description === '' ? null : description.slice(0, TEXT_LIMITS.description),
    skills,
    licenseNumber: null,
  };
}
