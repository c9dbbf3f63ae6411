// One reading of a portfolio snapshot that every export format shares, so the PDF, the presentation and resume.json never disagree.
import crypto from 'node:crypto';
import type { Evidence, FormatId } from '../core/credential';
import type { HideableField, PortfolioSnapshot } from '../core/portfolio';
import { isIssuerHosted, type Verdict, type VerificationReport } from '../core/verification';
import { formatLabel, trustLabel } from '../core/labels';

export type ExportBlob = { mediaType: string; bytes: Uint8Array };

export type ExportItem = {
  /** The credential's number in the library. */
  ref: number;
  /** An absolute IRI naming the credential: its own id when it has one, else a hash URI of its bytes. */
  iri: string;
  credentialId: string | null;
  title: string;
  issuer: string | null;
  issuerId: string | null;
  /** Null when unknown or when the person hid it for this portfolio. */
  issuedOn: string | null;
  validUntil: string | null;
  description: string | null;
  criteria: string | null;
  evidence: Evidence[];
  format: FormatId;
  formatLabel: string;
  verdict: Verdict;
  /** The trust label the app shows (Verified, Revoked, Self-reported …). */
  trust: string;
  tone: 'good' | 'neutral' | 'info' | 'warn' | 'bad';
  report: VerificationReport;
  note: string | null;
  skills: string[];
  /** An http(s) page where a recipient can check the credential (the issuer's hosted copy). */
  verifyUrl: string | null;
  image: ExportBlob | null;
  original: ExportBlob;
  /** The file name the original has when it travels beside the presentation. */
  fileName: string;
  /** sha384 Subresource Integrity digest of the original bytes. */
  digestSRI: string;
  hidden: HideableField[];
};

export type ExportSection = { title: string; skill: string | null; items: ExportItem[] };

export type ExportModel = {
  portfolioName: string;
  person: {
    name: string;
    headline: string | null;
    email: string | null;
    links: string[];
    targetRole: string | null;
    summary: string | null;
  };
  sections: ExportSection[];
  /** Every credential once, in the order it first appears. */
  items: ExportItem[];
  /** Skills of the portfolio's credentials, each with the items that back it. */
  skills: Array<{ name: string; items: ExportItem[] }>;
  exportedAt: string;
  warnings: string[];
};

// The app's words (core/labels), so a résumé says exactly what the library screen says.
export function trustLabelOf(
  verdict: Verdict,
  format: FormatId,
  issuerHosted = false,
): { text: string; tone: ExportItem['tone'] } {
  return trustLabel(verdict, format, issuerHosted);
}

export function formatLabelOf(format: FormatId): string {
  return formatLabel(format);
}

/** An absolute IRI JSON-LD accepts in safe mode (scheme, no spaces or forbidden characters). */
export function isAbsoluteIri(s: string): boolean {
  return s.length <= 2048 && /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]*$/.test(s);
}

export function isHttpUrl(s: string | null | undefined): s is string {
  if (!s || s.length > 2048) return false;
  try {
    const u = new URL(s);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname !== '';
  } catch {
    return false;
  }
}

export function sha384Sri(bytes: Uint8Array): string {
  return `sha384-${crypto.createHash('sha384').update(bytes).digest('base64')}`;
}

/** RFC 6920 "ni" URI of the bytes: names a credential that has no id of its own. */
function niUri(bytes: Uint8Array): string {
  return `ni:///sha-256;${crypto.createHash('sha256').update(bytes).digest('base64url')}`;
}

const EXTENSIONS: Record<string, string> = {
  'application/json': 'json',
  'application/ld+json': 'jsonld',
  'application/vc+ld+json': 'jsonld',
  'application/vc+jwt': 'jwt',
  'application/vc+ld+jwt': 'jwt',
  'application/jwt': 'jwt',
  'image/png': 'png',
  'image/svg+xml': 'svg',
  'application/pdf': 'pdf',
  'application/xml': 'xml',
  'text/xml': 'xml',
};

export function originalFileName(ref: number, mediaType: string): string {
  const base = mediaType.split(';')[0]?.trim().toLowerCase() ?? '';
  return `credential-${ref}.${EXTENSIONS[base] ?? 'bin'}`;
}

function shown<T>(
  hidden: readonly HideableField[],
  field: HideableField,
  value: T | null,
): T | null {
  return hidden.includes(field) ? null : value;
}

/** Reads a snapshot once: entries resolved to credentials, hidden fields removed, and what went missing said. */
export function buildExportModel(snapshot: PortfolioSnapshot): ExportModel {
  const p = snapshot.portfolio;
  const warnings: string[] = [];
  const byRef = new Map<number, ExportItem>();
  const sections: ExportSection[] = [];
  const skillsByRef = new Map<number, string[]>();
  for (const s of snapshot.skills) {
    for (const id of s.credentialIds) skillsByRef.set(id, [...(skillsByRef.get(id) ?? []), s.name]);
  }

  for (const section of p.sections) {
    const items: ExportItem[] = [];
    for (const entry of section.entries) {
      const existing = byRef.get(entry.credentialId);
      if (existing) {
        items.push(existing);
        continue;
      }
      const c = snapshot.credentials[entry.credentialId];
      if (!c) {
        warnings.push(
          `Credential #${entry.credentialId} in "${section.title}" is no longer in the library; it was left out.`,
        );
        continue;
      }
      const d = c.detail;
      const hidden = entry.hidden;
      const label = trustLabelOf(d.verdict, d.format, isIssuerHosted(d.report));
      const credentialId = d.credentialId;
      const item: ExportItem = {
        ref: d.id,
        iri: credentialId && isAbsoluteIri(credentialId) ? credentialId : niUri(c.original.bytes),
        credentialId,
        title: d.title,
        issuer: d.issuerName,
        issuerId: d.issuerId,
        issuedOn: shown(hidden, 'issuedOn', d.issuedOn),
        validUntil: shown(hidden, 'validUntil', d.validUntil),
        description: shown(hidden, 'description', d.description),
        criteria: shown(hidden, 'criteria', d.achievement?.criteria ?? null),
        evidence: hidden.includes('evidence') ? [] : d.evidence,
        format: d.format,
        formatLabel: formatLabelOf(d.format),
        verdict: d.verdict,
        trust: label.text,
        tone: label.tone,
        report: d.report,
        note: entry.note,
        skills: skillsByRef.get(d.id) ?? d.skills,
        verifyUrl: isHttpUrl(credentialId) ? credentialId : null,
        image: hidden.includes('image') ? null : c.image,
        original: c.original,
        fileName: originalFileName(d.id, c.original.mediaType),
        digestSRI: sha384Sri(c.original.bytes),
        hidden,
      };
      if (!hidden.includes('image') && d.hasImage && !c.image) {
        warnings.push(
          `The badge image of "${d.title}" is missing from the library; it is shown without one.`,
        );
      }
      if (label.tone === 'bad' || label.tone === 'warn') {
        warnings.push(
          `"${d.title}" is ${label.text.toLowerCase()}; it is included and labelled "${label.text}".`,
        );
      }
      if (hidden.includes('recipient') && d.recipient) {
        warnings.push(
          `"${d.title}": the recipient is hidden in the résumé, but the original credential (included so it can be verified) still names it.`,
        );
      }
      byRef.set(d.id, item);
      items.push(item);
    }
    sections.push({ title: section.title, skill: section.skill, items });
  }
  const items = [...byRef.values()];
  if (items.length === 0)
    warnings.push('The portfolio has no credentials yet; the export holds only the profile.');
  const skills = snapshot.skills
    .map((s) => ({
      name: s.name,
      items: s.credentialIds
        .map((id) => byRef.get(id))
        .filter((i): i is ExportItem => i !== undefined),
    }))
    .filter((s) => s.items.length > 0);
  return {
    portfolioName: p.name,
    person: {
      name: p.personName,
      headline: p.headline,
      email: p.email,
      links: p.links,
      targetRole: p.targetRole,
      summary: p.summary,
    },
    sections: sections.filter((s) => s.items.length > 0),
    items,
    skills,
    exportedAt: snapshot.exportedAt,
    warnings,
  };
}
