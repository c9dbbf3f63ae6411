// resume.json in the jsonresume.org schema, so people can feed their verified credentials to the JSON Resume tool ecosystem.
import type { ExportItem, ExportModel } from './model';
import { isHttpUrl } from './model';

export const JSON_RESUME_SCHEMA_URL =
  'https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json';

type Json = Record<string, unknown>;

/** The schema's iso8601 pattern: YYYY-MM-DD (each part after the year optional). */
function isoDate(s: string | null): string | null {
  const m = s ? /^(\d{4})-(\d{2})-(\d{2})/.exec(s) : null;
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

function isEmail(s: string | null): s is string {
  return s !== null && s.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s);
}

function networkOf(url: string): string {
  const host = new URL(url).hostname.replace(/^www\./, '');
  const known: Record<string, string> = {
    'linkedin.com': 'LinkedIn',
    'github.com': 'GitHub',
    'gitlab.com': 'GitLab',
    'twitter.com': 'Twitter',
    'x.com': 'X',
    'orcid.org': 'ORCID',
    'stackoverflow.com': 'Stack Overflow',
  };
  return known[host] ?? host;
}

function usernameOf(url: string): string | undefined {
  const parts = new URL(url).pathname.split('/').filter((p) => p !== '' && p !== 'in');
  return parts.length === 1 ? decodeURIComponent(parts[0] ?? '') : undefined;
}

function certificate(item: ExportItem): Json {
  const cert: Json = { name: item.title };
  const date = isoDate(item.issuedOn);
  if (date) cert.date = date;
  if (item.issuer) cert.issuer = item.issuer;
  if (item.verifyUrl) cert.url = item.verifyUrl;
  // The schema allows extra properties: the credential id ties the entry to the verifiable original.
  cert.id = item.credentialId ?? item.iri;
  cert.verification = item.trust;
  return cert;
}

/** resume.json for the model: basics, skills (keywords = the credentials backing each) and certificates. */
export function buildJsonResume(model: ExportModel): Json {
  const p = model.person;
  const links = p.links.filter(isHttpUrl);
  const basics: Json = { name: p.name };
  const label = p.headline ?? p.targetRole;
  if (label) basics.label = label;
  if (isEmail(p.email)) basics.email = p.email;
  if (links[0]) basics.url = links[0];
  if (p.summary) basics.summary = p.summary;
  if (links.length > 0) {
    basics.profiles = links.map((url) => {
      const profile: Json = { network: networkOf(url), url };
      const user = usernameOf(url);
      if (user) profile.username = user;
      return profile;
    });
  }
  const skills = model.skills.map((s) => ({
    name: s.name,
    keywords: [...new Set(s.items.map((i) => i.title))],
  }));
  // Sections carry meaning too (a skill the user attached, a free heading): each becomes a skill
  // unless an extracted skill of that name already lists its credentials.
  for (const section of model.sections) {
    const name = section.skill ?? section.title;
    if (skills.some((s) => s.name === name)) continue;
    skills.push({ name, keywords: [...new Set(section.items.map((i) => i.title))] });
  }
  const resume: Json = {
    $schema: JSON_RESUME_SCHEMA_URL,
    basics,
    skills,
    certificates: model.items.map(certificate),
    meta: {
      version: 'v1.0.0',
      lastModified: model.exportedAt.slice(0, 19),
      generator: 'Skillfolio',
    },
  };
  return resume;
}

export function jsonResumeBytes(model: ExportModel): Uint8Array {
  return Buffer.from(JSON.stringify(buildJsonResume(model), null, 2) + '\n', 'utf8');
}
