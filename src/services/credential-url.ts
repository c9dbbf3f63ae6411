// Finds the credential behind a link people share (a Credly, Accredible or Badgr badge page, any page linking its Open Badges document), through the guarded fetcher only.
import { sniff } from '../formats/detect';
import { isCredentialDocument } from '../formats/credential-lists';
import { looksLikeHtml, scanHtml } from '../formats/html-links';
import { isRecord, parseJsonBytes } from '../formats/json';
import { platformAssertionFor, platformOf } from '../formats/platforms';
import { AppError, toErrorData } from '../shared/errors';
import type { Fetcher, FetchResult } from '../verify/fetcher';

export type FoundCredential = {
  bytes: Uint8Array;
  /** What the user should know about where the credential came from. */
  notes: string[];
};

/** JSON-LD first (content-negotiating servers answer with the credential), a page as a fallback. */
const PAGE_ACCEPT = 'application/ld+json, application/json;q=0.9, text/html;q=0.5, */*;q=0.1';
const DOCUMENT_ACCEPT = 'application/ld+json, application/json;q=0.9, */*;q=0.1';
/** Most links followed from one page: each is a request, and real pages have one or two. */
const MAX_FOLLOWED = 6;

function clip(s: string, max = 120): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** Errors that say the network cannot be used at all: trying further links would only repeat them. */
function stopsEverything(err: unknown): boolean {
  return err instanceof AppError && (err.code === 'offline' || err.code === 'blocked-address');
}

/** Bytes that read as a credential: a JWT, a baked image, or JSON shaped like one. */
function isCredentialBytes(bytes: Uint8Array): boolean {
  const kind = sniff(bytes);
  if (kind === 'jwt' || kind === 'png' || kind === 'svg') return true;
  if (kind !== 'json') return false;
  try {
    const doc = parseJsonBytes(bytes, 'The linked document');
    return isRecord(doc) && isCredentialDocument(doc);
  } catch {
    return false;
  }
}

async function tryFetch(
  fetcher: Fetcher,
  url: string,
  maxBytes: number,
): Promise<{ ok: true; result: FetchResult } | { ok: false; error: unknown }> {
  try {
    return { ok: true, result: await fetcher.fetch(url, { accept: DOCUMENT_ACCEPT, maxBytes }) };
  } catch (err) {
    if (stopsEverything(err)) throw err;
    return { ok: false, error: err };
  }
}

/**
 * The credential at `url`. A known platform's badge page goes straight to its Open Badges
 * assertion; any other address is fetched, and when it answers with a web page, the page's
 * `<link rel="alternate">` credential links, its embedded JSON-LD and its links to platform
 * assertions are tried in that order. Anything that is not a page is returned as it came (the
 * parser says what it is). Throws AppError: the fetcher's own (`offline`, `network`,
 * `blocked-address`, `too-large`, `bad-input`), or `unsupported-format` for a page with no
 * credential behind it.
 */
export async function fetchCredentialBehind(
  url: string,
  fetcher: Fetcher,
  maxBytes: number,
): Promise<FoundCredential> {
  try {
    return await findCredentialBehind(url, fetcher, maxBytes);
  } catch (err) {
    // Name the link the person gave (not an API address behind it) and what to do about it.
    if (err instanceof AppError && err.code === 'offline') {
      throw new AppError(
        'offline',
        `Skillfolio is working offline, so this link was not opened: ${clip(url)}. Import it again when you are online (Settings → Network, or without --offline).`,
      );
    }
    throw err;
  }
}

async function findCredentialBehind(
  url: string,
  fetcher: Fetcher,
  maxBytes: number,
): Promise<FoundCredential> {
  const known = platformAssertionFor(url);
  let knownFailure: unknown = null;
  if (known !== null) {
    const got = await tryFetch(fetcher, known.assertionUrl, maxBytes);
    if (got.ok && isCredentialBytes(got.result.bytes)) {
      const notes =
        known.assertionUrl === url
          ? []
          : [
              `${known.name} badge page: imported the Open Badges assertion at ${known.assertionUrl}.`,
            ];
      return { bytes: got.result.bytes, notes };
    }
    knownFailure = got.ok ? null : got.error;
    if (known.assertionUrl === url) {
      if (!got.ok) throw got.error;
      return { bytes: got.result.bytes, notes: [] };
    }
  }

  const page = await fetcher.fetch(url, { accept: PAGE_ACCEPT, maxBytes });
  if (!looksLikeHtml(page.bytes, page.mediaType)) return { bytes: page.bytes, notes: [] };

  const found = scanHtml(page.bytes, page.finalUrl);
  // Links to a platform's assertion address (a page may name it in an "Open Badge" or "verify" link).
  const platformLinks: string[] = [];
  for (const l of found.links) {
    const a = platformAssertionFor(l)?.assertionUrl;
    if (a !== undefined && !found.alternates.includes(a) && !platformLinks.includes(a))
      platformLinks.push(a);
  }
  const state = { followed: 0, lastFailure: null as string | null };
  const tryLink = async (link: string): Promise<FoundCredential | null> => {
    if (state.followed >= MAX_FOLLOWED || link === page.finalUrl) return null;
    state.followed++;
    const got = await tryFetch(fetcher, link, maxBytes);
    if (!got.ok) {
      state.lastFailure = `${clip(link)}, which could not be fetched (${toErrorData(got.error).message})`;
      return null;
    }
    if (!isCredentialBytes(got.result.bytes)) {
      state.lastFailure = `${clip(link)}, which is not a credential`;
      return null;
    }
    return {
      bytes: got.result.bytes,
      notes: [`Found through the page ${clip(url)}: ${clip(link)}.`],
    };
  };
  for (const link of found.alternates) {
    const hit = await tryLink(link);
    if (hit) return hit;
  }
  for (const json of found.embedded) {
    const bytes = new TextEncoder().encode(json);
    if (isCredentialBytes(bytes)) {
      return { bytes, notes: [`Found inside the page ${clip(url)} (its embedded JSON-LD).`] };
    }
  }
  for (const link of platformLinks) {
    const hit = await tryLink(link);
    if (hit) return hit;
  }

  const platform = platformOf(url)?.name;
  const where = platform
    ? `This ${platform} page (${clip(url)})`
    : `${clip(url)} is a web page that`;
  const because =
    state.lastFailure !== null
      ? ` It links to ${state.lastFailure}.`
      : knownFailure !== null
        ? ` Its Open Badges address could not be fetched (${toErrorData(knownFailure).message}).`
        : '';
  throw new AppError(
    'unsupported-format',
    `${where} has no credential behind it: it neither links to nor holds an Open Badges or Verifiable Credential document.${because} Download the badge image (PNG or SVG) or its JSON from the platform and import that file instead.`,
  );
}
