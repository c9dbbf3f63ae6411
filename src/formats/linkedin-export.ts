// LinkedIn's "Get a copy of your data" archive: its Certifications.csv becomes self-reported entries, the rest of the archive is left alone.
import { AppError, type ErrorData } from '../shared/errors';
import { headerIndex, parseCsv } from './csv';
import { decodeUtf8 } from './json';
import {
  readDateRange,
  SELF_REPORTED_LIMITS,
  selfReportedDocument,
  webAddress,
  type SelfReportedEntry,
} from './self-reported';

export const CERTIFICATIONS_FILE = 'certifications.csv';

/** Files every LinkedIn data export carries (any two of them make an archive one). */
const EXPORT_MARKERS = new Set([
  'profile.csv',
  'connections.csv',
  'positions.csv',
  'education.csv',
  'skills.csv',
  'email addresses.csv',
  'registration.csv',
  'phonenumbers.csv',
  'languages.csv',
  'invitations.csv',
  'messages.csv',
  'certifications.csv',
  'rich_media.csv',
  'rich media.csv',
]);

/** The columns of Certifications.csv, as LinkedIn names them. */
const COLUMNS = {
  name: 'Name',
  url: 'Url',
  authority: 'Authority',
  startedOn: 'Started On',
  finishedOn: 'Finished On',
  licenseNumber: 'License Number',
} as const;

export type CertificationItem =
  { name: string; bytes: Uint8Array; notes: string[] } | { name: string; error: ErrorData };

function baseName(entryName: string): string {
  return (entryName.split('/').pop() ?? entryName).toLowerCase();
}

/** True for the entry names of a LinkedIn data export archive. */
export function isLinkedInExport(entryNames: readonly string[]): boolean {
  const found = new Set(entryNames.map(baseName).filter((n) => EXPORT_MARKERS.has(n)));
  return found.size >= 2;
}

/** True for the archive entry holding the certifications. */
export function isCertificationsEntry(entryName: string): boolean {
  return baseName(entryName) === CERTIFICATIONS_FILE;
}

/** Certifications.csv by its header row: Name, Url and Authority at least. */
export function isLinkedInCertificationsCsv(bytes: Uint8Array): boolean {
  const head = new TextDecoder('utf-8', { fatal: false })
    .decode(bytes.subarray(0, 1024))
    .replace(/^\uFEFF/, '');
  const firstLine = head.split(/\r\n|\n|\r/, 1)[0] ?? '';
  // Every file of an import passes here: most first lines (a whole JSON credential, say) are
  // turned away before they are cut into cells.
  if (!firstLine.toLowerCase().includes('authority')) return false;
  const cells = firstLine.split(',').map((c) => c.replace(/^"|"$/g, '').trim().toLowerCase());
  return ['name', 'url', 'authority'].every((c) => cells.includes(c));
}

function cell(row: readonly string[], index: number): string {
  return index < 0 ? '' : (row[index] ?? '').trim();
}

function clipped(s: string, max: number): string {
  const cps = Array.from(s.replace(/\s+/g, ' ').trim());
  return cps.length > max ? `${cps.slice(0, max - 1).join('')}…` : cps.join('');
}

/**
 * One self-reported document per certification row (with the row's line in its name), or an
 * error item for a row that has no name. Throws AppError for a file that cannot be read at all
 * (`encoding`, `malformed`, `too-large`, or `unsupported-format` when the columns are not LinkedIn's).
 */
export function readLinkedInCertifications(bytes: Uint8Array, source: string): CertificationItem[] {
  const text = decodeUtf8(bytes, source);
  const rows = parseCsv(text, 'This Certifications.csv');
  const header = rows[0];
  if (header === undefined) {
    throw new AppError(
      'unsupported-format',
      'This Certifications.csv is empty: there are no certifications in it.',
    );
  }
  const col = headerIndex(header);
  if (col(COLUMNS.name) < 0) {
    throw new AppError(
      'unsupported-format',
      'This CSV file has no "Name" column, so it is not the Certifications.csv of a LinkedIn data export.',
    );
  }
  const items: CertificationItem[] = [];
  rows.slice(1).forEach((row, i) => {
    const name = `${source}#row-${i + 1}`;
    const title = clipped(cell(row, col(COLUMNS.name)), SELF_REPORTED_LIMITS.title);
    if (title === '') {
      items.push({
        name,
        error: {
          code: 'malformed',
          message: `Row ${i + 1} of Certifications.csv has no certification name, so there is nothing to import from it.`,
        },
      });
      return;
    }
    const notes: string[] = [];
    const urlText = cell(row, col(COLUMNS.url));
    const url = urlText === '' ? null : webAddress(urlText);
    if (urlText !== '' && url === null) {
      notes.push(
        `The link in the export ("${clipped(urlText, 60)}") is not an http(s) web address and was left out.`,
      );
    }
    const readDate = (column: string, which: 'first' | 'last'): string | null => {
      const t = cell(row, col(column));
      if (t === '') return null;
      const range = readDateRange(t);
      if (range === null)
        notes.push(`The date "${clipped(t, 40)}" (${column}) could not be read and was left out.`);
      return range === null ? null : range[which];
    };
    const issuer = clipped(cell(row, col(COLUMNS.authority)), SELF_REPORTED_LIMITS.issuer);
    const license = clipped(cell(row, col(COLUMNS.licenseNumber)), 200);
    const entry: SelfReportedEntry = {
      origin: 'linkedin-export',
      title,
      issuer: issuer === '' ? null : issuer,
      // LinkedIn's form calls these the issue and expiration dates; its export, Started and Finished On.
      issuedOn: readDate(COLUMNS.startedOn, 'first'),
      validUntil: readDate(COLUMNS.finishedOn, 'last'),
      url,
      description: null,
      skills: [],
      licenseNumber: license === '' ? null : license,
    };
    items.push({ name, bytes: selfReportedDocument(entry), notes });
  });
  if (items.length === 0) {
    throw new AppError(
      'unsupported-format',
      'This Certifications.csv lists no certifications: there is nothing to import.',
    );
  }
  return items;
}
