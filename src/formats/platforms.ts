// The badge platforms people share links from, and where each keeps the Open Badges document behind a public badge page.

export type PlatformId = 'credly' | 'accredible' | 'badgr';

export type PlatformAssertion = {
  platform: PlatformId;
  /** The platform's name as people know it. */
  name: string;
  /** Where the Open Badges assertion behind the page is served. */
  assertionUrl: string;
};

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** Badgr (Canvas Credentials) entity ids: 22 base64url characters; older ones are UUIDs. */
const BADGR_ID = `(?:[A-Za-z0-9_-]{22}|${UUID})`;

type Rule = {
  platform: PlatformId;
  name: string;
  /** Host (lower case) → the API origin the assertion lives on. */
  hosts: Readonly<Record<string, string>>;
  /** Public page path; group 1 is the id the assertion address is built from. */
  page: RegExp;
  assertion: (apiOrigin: string, id: string) => string;
  /** Paths on the API origin that are assertions themselves (followed when a page links to them). */
  api: RegExp;
};

const CREDLY_API = 'https://api.credly.com';
const ACCREDIBLE_API = 'https://api.accredible.com';

const RULES: readonly Rule[] = [
  {
    // https://www.credly.com/badges/<uuid>[/public_url|/linked_in_profile|…] (Acclaim was its old name);
    // the OBI endpoint: https://api.credly.com/v1/obi/v2/badge_assertions/<uuid>.
    platform: 'credly',
    name: 'Credly',
    hosts: {
      'www.credly.com': CREDLY_API,
      'credly.com': CREDLY_API,
      'www.youracclaim.com': CREDLY_API,
      'youracclaim.com': CREDLY_API,
      'sandbox.credly.com': 'https://sandbox-api.credly.com',
      'api.credly.com': CREDLY_API,
      'api.youracclaim.com': CREDLY_API,
      'sandbox-api.credly.com': 'https://sandbox-api.credly.com',
    },
    page: new RegExp(`^/badges/(${UUID})(?:/[a-z_]*)?/?$`, 'i'),
    assertion: (origin, id) => `${origin}/v1/obi/v2/badge_assertions/${id.toLowerCase()}`,
    api: new RegExp(`^/v1/obi/(?:v2/)?badge_assertions/${UUID}$`, 'i'),
  },
  {
    // https://www.credential.net/<uuid> → https://api.accredible.com/v1/obi/badge_assertions/<uuid>.
    // Pages addressed by a short or numeric id are read for their link instead.
    platform: 'accredible',
    name: 'Accredible',
    hosts: {
      'www.credential.net': ACCREDIBLE_API,
      'credential.net': ACCREDIBLE_API,
      'api.accredible.com': ACCREDIBLE_API,
      'eu.api.accredible.com': 'https://eu.api.accredible.com',
    },
    page: new RegExp(`^/(${UUID})/?$`, 'i'),
    assertion: (origin, id) => `${origin}/v1/obi/badge_assertions/${id.toLowerCase()}`,
    api: new RegExp(`^/v1/obi/badge_assertions/${UUID}$`, 'i'),
  },
  {
    // Badgr, now Canvas Credentials: https://badgr.com/public/assertions/<id> (and the regional
    // servers) is served as Open Badges JSON from https://api.badgr.io/public/assertions/<id>.
    platform: 'badgr',
    name: 'Canvas Credentials (Badgr)',
    hosts: {
      'badgr.com': 'https://api.badgr.io',
      'www.badgr.com': 'https://api.badgr.io',
      'badgr.io': 'https://api.badgr.io',
      'www.badgr.io': 'https://api.badgr.io',
      'api.badgr.io': 'https://api.badgr.io',
      'badges.instructure.com': 'https://api.badgr.io',
      'eu.badgr.com': 'https://api.eu.badgr.io',
      'api.eu.badgr.io': 'https://api.eu.badgr.io',
      'ca.badgr.com': 'https://api.ca.badgr.io',
      'api.ca.badgr.io': 'https://api.ca.badgr.io',
      'au.badgr.com': 'https://api.au.badgr.io',
      'api.au.badgr.io': 'https://api.au.badgr.io',
    },
    page: new RegExp(`^/public/assertions/(${BADGR_ID})(?:\\.json)?/?$`),
    assertion: (origin, id) => `${origin}/public/assertions/${id}`,
    api: new RegExp(`^/public/assertions/${BADGR_ID}(?:\\.json)?$`),
  },
];

function parse(url: string): URL | null {
  try {
    const u = new URL(url.trim());
    return u.protocol === 'https:' || u.protocol === 'http:' ? u : null;
  } catch {
    return null;
  }
}

/**
 * For a known platform's public badge page (or its assertion address), where the Open Badges
 * assertion behind it is; null for any other address. Pure: nothing is fetched.
 */
export function platformAssertionFor(url: string): PlatformAssertion | null {
  const u = parse(url);
  if (u === null) return null;
  const host = u.hostname.toLowerCase();
  for (const rule of RULES) {
    const origin = rule.hosts[host];
    if (origin === undefined || !Object.prototype.hasOwnProperty.call(rule.hosts, host)) continue;
    const m = rule.page.exec(u.pathname);
    if (m?.[1]) {
      return {
        platform: rule.platform,
        name: rule.name,
        assertionUrl: rule.assertion(origin, m[1]),
      };
    }
    if (rule.api.test(u.pathname) && origin === `${u.protocol}//${u.host}`) {
      return { platform: rule.platform, name: rule.name, assertionUrl: `${origin}${u.pathname}` };
    }
  }
  return null;
}

/** The platform a page or assertion address belongs to, by its host; null for any other. */
export function platformOf(url: string): { platform: PlatformId; name: string } | null {
  const u = parse(url);
  if (u === null) return null;
  const host = u.hostname.toLowerCase();
  const rule = RULES.find((r) => Object.prototype.hasOwnProperty.call(r.hosts, host));
  return rule ? { platform: rule.platform, name: rule.name } : null;
}
