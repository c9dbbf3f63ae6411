// "Add to LinkedIn" links: LinkedIn's add-certification form, pre-filled from a credential so the user only confirms.
import { isHttpUrl } from './model';

export type LinkedInCertification = {
  title: string;
  issuer: string | null;
  issuedOn: string | null;
  validUntil: string | null;
  /** Where the credential can be checked; only http(s) URLs are passed on. */
  url: string | null;
  credentialId: string | null;
  /** LinkedIn's numeric company id, when known: links the certification to the company page. */
  organizationId?: string | null;
};

const ADD_URL = 'https://www.linkedin.com/profile/add';
/** LinkedIn cuts longer values; clipping here keeps the link short and the cut predictable. */
const MAX_FIELD = 200;

function clip(s: string): string {
  const trimmed = s.replace(/\s+/g, ' ').trim();
  const cps = Array.from(trimmed);
  return cps.length > MAX_FIELD ? `${cps.slice(0, MAX_FIELD - 1).join('')}…` : trimmed;
}

function yearMonth(iso: string | null): { year: string; month: string } | null {
  const m = iso ? /^(\d{4})-(\d{2})/.exec(iso) : null;
  if (!m || !m[1] || !m[2]) return null;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return null;
  return { year: m[1], month: String(month) };
}

/** The https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&… link for one credential. */
export function linkedInAddUrl(c: LinkedInCertification): string {
  const params: Array<[string, string]> = [
    ['startTask', 'CERTIFICATION_NAME'],
    ['name', clip(c.title)],
  ];
  if (c.organizationId && /^\d{1,20}$/.test(c.organizationId))
    params.push(['organizationId', c.organizationId]);
  else if (c.issuer) params.push(['organizationName', clip(c.issuer)]);
  const issued = yearMonth(c.issuedOn);
  if (issued) params.push(['issueYear', issued.year], ['issueMonth', issued.month]);
  const expires = yearMonth(c.validUntil);
  if (expires) params.push(['expirationYear', expires.year], ['expirationMonth', expires.month]);
  if (isHttpUrl(c.url)) params.push(['certUrl', c.url]);
  if (c.credentialId) params.push(['certId', clip(c.credentialId)]);
  return `${ADD_URL}?${params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`;
}
