// PDF certificates prove nothing by themselves: the verification page they name is fetched and must show the same learner and title.
import type { ParsedCredential } from '../core/credential';
import {
  hostMatches,
  isPdfCertificateDocument,
  PLATFORM_HOSTS,
  PLATFORM_NAMES,
  type PdfCertificateDocument,
} from '../formats/pdf-certificate';
import { clip } from '../formats/text';
import { AppError } from '../shared/errors';
import { FetchHttpError, type FetchResult } from './fetcher';
import type { CheckResult, VerifyEnv } from './types';

/** Largest verification page read: they are ordinary web pages. */
export const VERIFICATION_PAGE_MAX_BYTES = 2 * 1024 * 1024;

/**
 * Sites that host certificates for many issuers and whose pages are the issuer's word there (the
 * issuer holds an account with them). A certificate of any other wording that sends readers to one
 * of these can be confirmed like a platform's own.
 */
const HOSTING_SERVICES: readonly string[] = [
  ...Object.values(PLATFORM_HOSTS).flat(),
  'credential.net',
  'accredible.com',
  'credly.com',
];

const PAGE_ACCEPT = 'text/html, application/xhtml+xml;q=0.9, text/plain;q=0.5, */*;q=0.1';

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  rsquo: '’',
  lsquo: '‘',
  rdquo: '”',
  ldquo: '“',
  hellip: '…',
};

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code =
        name[1] === 'x' || name[1] === 'X'
          ? parseInt(name.slice(2), 16)
          : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ' ';
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/**
 * What a person reading the page sees, plus the page's title and description tags (server-rendered
 * pages put the certificate's summary there). Scripts, styles and other attributes are dropped, so
 * text the page merely carries (a URL echoed into a script, say) never counts as confirmation.
 */
export function visibleText(html: string): string {
  const meta: string[] = [];
  for (const m of html.matchAll(/<meta\b[^>]*>/gi)) {
    const tag = m[0];
    if (
      !/\b(?:name|property)\s*=\s*["']?(?:og:title|og:description|description|twitter:title|twitter:description)\b/i.test(
        tag,
      )
    )
      continue;
    const content = /\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)')/i.exec(tag);
    const value = content?.[1] ?? content?.[2];
    if (value !== undefined) meta.push(value);
  }
  const body = html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style|noscript|template|svg)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<[^>]*>/g, ' ');
  return decodeEntities(`${meta.join('\n')}\n${body}`);
}

/** A comparison key: accents, case, punctuation and spacing ignored. */
export function matchKey(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** True when `phrase` appears in `text` as whole words (under matchKey). */
export function mentions(text: string, phrase: string): boolean {
  const needle = matchKey(phrase);
  return needle !== '' && ` ${matchKey(text)} `.includes(` ${needle} `);
}

/** "This certificate has been revoked", "This certificate is invalid" — not "If the certificate is invalid, …". */
function pageSays(text: string): 'revoked' | 'invalid' | null {
  const flat = text.replace(/\s+/g, ' ');
  const statements: [RegExp, 'revoked' | 'invalid'][] = [
    [
      /\b(?:certificate|credential) (?:has been|was|is) (?:revoked|withdrawn|rescinded)\b/gi,
      'revoked',
    ],
    [
      /\b(?:certificate|credential) (?:is|was) (?:invalid|not valid)\b|\b(?:invalid|not a valid) (?:certificate|credential)\b/gi,
      'invalid',
    ],
  ];
  for (const [re, verdict] of statements) {
    for (const m of flat.matchAll(re)) {
      const before = flat.slice(Math.max(0, m.index - 60), m.index);
      if (/\b(?:if|whether|when|unless|how to|report|suspect)\b[^.!?]*$/i.test(before)) continue;
      return verdict;
    }
  }
  return null;
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
}

/** Who speaks for the certificate online: its platform, or (for other wording) its issuer. */
function whoOf(doc: PdfCertificateDocument): string {
  return doc.platform === 'generic' ? (doc.issuer ?? 'the issuer') : PLATFORM_NAMES[doc.platform];
}

/** The hosts whose pages count as the certificate's issuer speaking. */
function trustedHosts(doc: PdfCertificateDocument): readonly string[] {
  return doc.platform === 'generic' ? HOSTING_SERVICES : PLATFORM_HOSTS[doc.platform];
}

const PROOF_CHECK: CheckResult = {
  id: 'proof',
  status: 'skip',
  message:
    'A PDF certificate carries no signature Skillfolio can check: only its issuer’s verification page can confirm it.',
};

function hosted(
  status: CheckResult['status'],
  message: string,
  extra: Partial<CheckResult> = {},
): CheckResult {
  return { id: 'hosted', status, message, ...extra };
}

async function fetchPage(url: string, env: VerifyEnv): Promise<FetchResult | CheckResult> {
  try {
    return await env.fetcher.fetch(url, {
      accept: PAGE_ACCEPT,
      maxBytes: VERIFICATION_PAGE_MAX_BYTES,
    });
  } catch (err) {
    if (err instanceof FetchHttpError && (err.status === 404 || err.status === 410)) {
      return hosted(
        'warn',
        `The verification page ${clip(url, 160)} answered HTTP ${err.status} (${err.status === 404 ? 'not found' : 'gone'}): it does not confirm this certificate. The certificate may have been withdrawn or moved, or the PDF is not genuine.`,
      );
    }
    if (err instanceof AppError && err.code === 'offline') {
      return hosted(
        'skip',
        `Not checked: offline. The verification page ${clip(url, 160)} needs the network.`,
      );
    }
    const why = err instanceof AppError ? err.message : 'an unexpected problem';
    return hosted('skip', `The verification page could not be checked: ${why}`);
  }
}

/** Reads the page and compares it with what the PDF says. */
function compare(
  doc: PdfCertificateDocument,
  learner: string,
  title: string,
  res: FetchResult,
): CheckResult {
  const url = doc.verificationUrl ?? res.url;
  const who = whoOf(doc);
  const host = hostOf(res.finalUrl) ?? res.finalUrl;
  const trusted = trustedHosts(doc);
  if (doc.platform !== 'generic' && !hostMatches(host, trusted)) {
    return hosted(
      'warn',
      `The verification address ${clip(url, 160)} sent Skillfolio on to ${host}, which is not ${who}’s site, so the page there was not taken as ${who}’s confirmation.`,
    );
  }
  const type = res.mediaType;
  if (type !== null && !/^text\/|^application\/(?:xhtml\+xml|xml|json|ld\+json)$/.test(type)) {
    return hosted(
      'warn',
      `The verification address ${clip(url, 160)} answered with ${clip(type, 60)}, not a web page, so it could not be compared with the certificate.`,
    );
  }
  const text = visibleText(new TextDecoder('utf-8', { fatal: false }).decode(res.bytes));
  const says = pageSays(text);
  if (says === 'revoked') {
    return hosted(
      'fail',
      `${who}’s verification page (${host}) says this certificate has been revoked.`,
      {
        implies: 'revoked',
      },
    );
  }
  if (says === 'invalid') {
    return hosted(
      'fail',
      `${who}’s verification page (${host}) says this certificate is not valid.`,
      {
        implies: 'invalid',
      },
    );
  }
  // A page that repeats its own address (a search or error page) must not confirm a name written into that address.
  let echoed = false;
  try {
    echoed = mentions(decodeURIComponent(new URL(url).pathname + new URL(url).search), learner);
  } catch {
    echoed = mentions(url, learner);
  }
  const nameShown = !echoed && mentions(text, learner);
  const titleShown = mentions(text, title);
  const shownLearner = clip(learner, 80);
  const shownTitle = clip(title, 120);
  if (nameShown && titleShown) {
    if (hostMatches(host, trusted)) {
      return hosted(
        'pass',
        `${who}’s verification page (${host}) confirms this certificate: it names ${shownLearner} and “${shownTitle}”.`,
        { establishesIntegrity: true },
      );
    }
    return hosted(
      'warn',
      `The page at ${host}, the verification address printed on this certificate, names ${shownLearner} and “${shownTitle}”, but Skillfolio cannot tell whether ${host} belongs to ${who}, so it is not counted as the issuer’s confirmation.`,
    );
  }
  const missing = echoed
    ? `the learner’s name in its own right (the address itself contains “${shownLearner}”)`
    : !nameShown && !titleShown
      ? `the learner’s name (${shownLearner}) or the title (“${shownTitle}”)`
      : !nameShown
        ? `the learner’s name (${shownLearner})`
        : `the title (“${shownTitle}”)`;
  return hosted(
    'warn',
    `The verification page (${host}) was reached but does not show ${missing}. It may need a browser to display (some pages are built by scripts Skillfolio does not run) or belong to a different certificate: open ${clip(url, 160)} to compare.`,
  );
}

/**
 * Checks a PDF certificate against the verification page it names, through the guarded fetcher.
 * `hosted` passes (and establishes integrity, so the verdict is `verified`: issuer-hosted) only when
 * the page is on the platform's own site (or a certificate-hosting service for other certificates)
 * and shows both the learner's name and the title. A page that says the certificate is revoked or
 * invalid makes it so; a page that is merely missing or silent is a `warn` (`unverified`), since
 * pages move and some need a browser — never a reason to call a genuine certificate forged.
 */
export async function verifyPdfCertificate(
  parsed: ParsedCredential,
  env: VerifyEnv,
): Promise<CheckResult[]> {
  const doc = isPdfCertificateDocument(parsed.document) ? parsed.document : null;
  if (!doc) {
    return [
      PROOF_CHECK,
      hosted(
        'skip',
        'The fields of this PDF certificate could not be read, so it was not checked online.',
      ),
    ];
  }
  const who = whoOf(doc);
  const url = doc.verificationUrl;
  if (url === null) {
    return [
      PROOF_CHECK,
      hosted(
        'skip',
        `This certificate shows no verification address, so ${who} cannot confirm it online${doc.credentialId ? ` (its certificate id is ${clip(doc.credentialId, 80)})` : ''}.`,
      ),
    ];
  }
  const learner = doc.learner ?? parsed.credential.recipient;
  const title = doc.title;
  if (learner === null || title === null) {
    return [
      PROOF_CHECK,
      hosted(
        'skip',
        `The ${learner === null ? 'learner’s name' : 'title'} could not be read from the PDF, so the verification page ${clip(url, 160)} cannot be compared with it.`,
      ),
    ];
  }
  if (env.fetcher.settings.offline) {
    return [
      PROOF_CHECK,
      hosted(
        'skip',
        `Not checked: offline. The verification page ${clip(url, 160)} needs the network.`,
      ),
    ];
  }
  const res = await fetchPage(url, env);
  if ('id' in res) return [PROOF_CHECK, res];
  return [PROOF_CHECK, compare(doc, learner, title, res)];
}
