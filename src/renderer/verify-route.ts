// Which check a dropped file gets: an exported résumé (signed PDF, presentation) or a single credential.

/** Largest JSON the window parses to look at its `type`; larger files are treated as credentials. */
export const MAX_SNIFF_JSON = 8 * 1024 * 1024;

export type VerifyRoute = 'export' | 'credential';

const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-

function types(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((t): t is string => typeof t === 'string');
  return [];
}

function isPresentation(doc: unknown): boolean {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return false;
  const d = doc as Record<string, unknown>;
  return types(d['type']).includes('VerifiablePresentation');
}

function base64UrlJson(part: string): unknown {
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const text = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
}

/** A compact JWS whose header says `vp+jwt` or whose payload is (or carries) a presentation. */
function isPresentationJwt(text: string): boolean {
  const parts = text.split('.');
  if (parts.length !== 3 || !parts.every((p) => /^[A-Za-z0-9_-]+$/.test(p))) return false;
  try {
    const header = base64UrlJson(parts[0] ?? '');
    const typ =
      typeof header === 'object' && header !== null ? (header as { typ?: unknown }).typ : null;
    if (typeof typ === 'string' && /^(application\/)?vp\+jwt$/i.test(typ)) return true;
    const payload = base64UrlJson(parts[1] ?? '');
    if (isPresentation(payload)) return true;
    return (
      typeof payload === 'object' &&
      payload !== null &&
      isPresentation((payload as { vp?: unknown }).vp)
    );
  } catch {
    return false;
  }
}

/**
 * Signed PDFs and presentations (JSON-LD or vp+jwt) go to `export.verify`, which checks the holder's
 * signature and every credential inside; anything else is one credential for `credential.verify`.
 * Only looks: never throws on hostile bytes (a file that cannot be read is a credential to refuse).
 */
export function routeFor(bytes: Uint8Array): VerifyRoute {
  if (PDF.every((b, i) => bytes[i] === b)) return 'export';
  if (bytes.length > MAX_SNIFF_JSON) return 'credential';
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true })
      .decode(bytes)
      .replace(/^\uFEFF/, '')
      .trim();
  } catch {
    return 'credential';
  }
  if (text.startsWith('{')) {
    try {
      return isPresentation(JSON.parse(text)) ? 'export' : 'credential';
    } catch {
      return 'credential';
    }
  }
  return text.startsWith('eyJ') && isPresentationJwt(text) ? 'export' : 'credential';
}
