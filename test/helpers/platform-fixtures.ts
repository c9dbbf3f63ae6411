// Fixtures shaped like what each badge platform publishes: Credly's OBI endpoints, Accredible's credential pages, Badgr's public assertions and backpack API, an issuer's own badge page, a LinkedIn data export.
import { createHash } from 'node:crypto';
import { bakePng } from '../../src/formats/png';
import { solidPng } from './fixtures';
import { bytes, html, json } from './platform-net';
import type { TestResponse } from './http-server';
import { writeZip } from './zip-writer';

export type Site = Record<string, TestResponse>;

const OB2 = 'https://w3id.org/openbadges/v2';
export const LEARNER_EMAIL = 'jordan.lee@example.org';

function hashed(email: string, salt = ''): string {
  return `sha256$${createHash('sha256')
    .update(email + salt)
    .digest('hex')}`;
}

const BADGE_PNG = solidPng(32, 32);

// ---------------------------------------------------------------------------------------------
// Credly: https://www.credly.com/badges/<uuid> → https://api.credly.com/v1/obi/v2/badge_assertions/<uuid>

export type CredlyBadge = {
  uuid: string;
  title: string;
  issuer: string;
  /** Credly's public page for the badge. */
  pageUrl: string;
  assertionUrl: string;
  assertion: Record<string, unknown>;
  site: Site;
};

export function credlyBadge(
  n: number,
  title = `IBM Data Science Professional Certificate ${n}`,
): CredlyBadge {
  const uuid = `54a07c5c-89f9-4c33-9731-${String(n).padStart(12, '0')}`;
  const org = '12b808a7-249d-42fe-a63d-30ffba7bb1fb';
  const template = `670dcefd-e914-4707-9691-${String(n).padStart(12, '0')}`;
  const api = 'https://api.credly.com/v1/obi/v2';
  const assertionUrl = `${api}/badge_assertions/${uuid}`;
  const badgeClassUrl = `${api}/issuers/${org}/badge_classes/${template}`;
  const issuerUrl = `${api}/issuers/${org}`;
  const imageUrl = `https://images.credly.com/images/${template}/image.png`;
  // As documented for GET /obi/v2/badge_assertions/<badge_id>.
  const assertion = {
    '@context': OB2,
    badge: badgeClassUrl,
    evidence: [
      {
        '@context': OB2,
        description: 'Completed the capstone project.',
        id: 'https://www.coursera.org/account/accomplishments/specialization/ABC123',
        name: 'Capstone',
        genre: 'UrlEvidence',
        type: 'Evidence',
      },
    ],
    id: assertionUrl,
    issuedOn: '2024-04-01T14:41:00.000Z',
    recipient: { type: 'email', identity: hashed(LEARNER_EMAIL), hashed: true },
    type: 'Assertion',
    verification: { type: 'hosted' },
  };
  const badgeClass = {
    '@context': OB2,
    type: 'BadgeClass',
    id: badgeClassUrl,
    name: title,
    description: 'Earners can use Python, SQL and statistics to analyse real data sets.',
    image: imageUrl,
    criteria: {
      '@context': OB2,
      id: `https://www.credly.com/org/ibm/badge/data-science-${n}`,
      narrative: 'Completed all ten courses of the programme, including the applied capstone.',
    },
    issuer: issuerUrl,
    tags: ['Data Science', 'Python', 'SQL'],
  };
  const issuer = {
    '@context': OB2,
    type: 'Issuer',
    id: issuerUrl,
    name: 'IBM',
    url: 'https://www.ibm.com',
    email: 'badges@example.com',
  };
  return {
    uuid,
    title,
    issuer: 'IBM',
    pageUrl: `https://www.credly.com/badges/${uuid}/public_url`,
    assertionUrl,
    assertion,
    site: {
      [assertionUrl]: json(assertion),
      [badgeClassUrl]: json(badgeClass),
      [issuerUrl]: json(issuer),
      [imageUrl]: bytes(BADGE_PNG, 'image/png'),
    },
  };
}

/** Credly's downloadable badge image: a PNG baked with the address of the hosted assertion. */
export function credlyBakedPng(b: CredlyBadge): Uint8Array {
  return bakePng(solidPng(48, 48), 'openbadges', b.assertionUrl);
}

/** Credly's public profile listing (https://www.credly.com/users/<name>/badges.json). */
export function credlyProfileJson(badges: readonly CredlyBadge[]): string {
  return JSON.stringify({
    data: badges.map((b) => ({
      id: b.uuid,
      issued_at: '2024-04-01T14:41:00.000Z',
      state: 'accepted',
      public: true,
      badge_template: {
        id: b.uuid.replace('54a07c5c', '670dcefd'),
        name: b.title,
        image_url: 'https://images.credly.com/images/x/image.png',
        issuer: { entities: [{ entity: { name: b.issuer } }] },
      },
    })),
    metadata: { count: badges.length, current_page: 1, total_count: badges.length, total_pages: 1 },
  });
}

// ---------------------------------------------------------------------------------------------
// Accredible: https://www.credential.net/<uuid> → https://api.accredible.com/v1/obi/badge_assertions/<uuid>

export type AccredibleCredential = {
  uuid: string;
  shortId: string;
  title: string;
  issuer: string;
  /** The credential page by its UUID. */
  pageUrl: string;
  /** The same page by the short id people also share. */
  shortPageUrl: string;
  site: Site;
};

export function accredibleCredential(
  n: number,
  title = `Google Cloud Digital Leader ${n}`,
): AccredibleCredential {
  const uuid = `e62a0eab-4375-4aca-b91d-${String(n).padStart(12, '0')}`;
  const shortId = `aaqj${String(n).padStart(4, '0')}`;
  const api = 'https://api.accredible.com/v1/obi';
  const assertionUrl = `${api}/badge_assertions/${uuid}`;
  const badgeClassUrl = `${api}/badge_classes/${295_000 + n}`;
  const issuerUrl = `${api}/issuers/85462`;
  const salt = `salt-${n}`;
  const assertion = {
    '@context': OB2,
    type: 'Assertion',
    id: assertionUrl,
    recipient: { type: 'email', identity: hashed(LEARNER_EMAIL, salt), hashed: true, salt },
    badge: badgeClassUrl,
    issuedOn: '2023-11-20',
    expires: '2099-11-20',
    verification: { type: 'HostedBadge' },
    evidence: `https://www.credential.net/${uuid}`,
  };
  const badgeClass = {
    '@context': OB2,
    type: 'BadgeClass',
    id: badgeClassUrl,
    name: title,
    description: 'Knows how cloud technology and data transform an organisation.',
    image: `https://api.accredible.com/v1/frontend/credential_website_embed_image/badge/${shortId}`,
    criteria: { narrative: 'Passed the proctored certification exam.' },
    issuer: issuerUrl,
    tags: ['Cloud computing', 'Digital transformation'],
  };
  const issuer = {
    '@context': OB2,
    type: 'Profile',
    id: issuerUrl,
    name: 'Google Cloud',
    url: 'https://cloud.google.com',
  };
  const pageUrl = `https://www.credential.net/${uuid}`;
  const shortPageUrl = `https://www.credential.net/${shortId}`;
  // The credential page is an Angular app; what a plain fetch sees is its head and an empty root.
  const page = html(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>${title} • Jordan Lee • Google Cloud</title>
<meta property="og:title" content="${title}">
<meta property="og:url" content="${pageUrl}">
<meta property="og:image" content="https://api.accredible.com/v1/frontend/credential_website_embed_image/certificate/${shortId}">
<link rel="canonical" href="${pageUrl}">
<link rel="alternate" type="application/json+oembed" href="https://www.credential.net/oembed?url=${encodeURIComponent(pageUrl)}">
<script src="/runtime.js" defer></script>
<script>window.__credential = { "href": "https://api.accredible.com/v1/obi/badge_assertions/00000000-0000-4000-8000-000000000000" };</script>
</head><body><app-root></app-root><noscript>Please enable JavaScript to view this credential.</noscript></body></html>`);
  return {
    uuid,
    shortId,
    title,
    issuer: 'Google Cloud',
    pageUrl,
    shortPageUrl,
    site: {
      [assertionUrl]: json(assertion),
      [badgeClassUrl]: json(badgeClass),
      [issuerUrl]: json(issuer),
      [pageUrl]: page,
      [shortPageUrl]: page,
      [`https://api.accredible.com/v1/frontend/credential_website_embed_image/badge/${shortId}`]:
        bytes(BADGE_PNG, 'image/png'),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Badgr / Canvas Credentials: https://badgr.com/public/assertions/<id> → https://api.badgr.io/public/assertions/<id>

export type BadgrAssertion = {
  entityId: string;
  title: string;
  issuer: string;
  pageUrl: string;
  assertionUrl: string;
  /** The assertion JSON as served (and as baked into its image). */
  assertion: Record<string, unknown>;
  site: Site;
};

export function badgrAssertion(
  n: number,
  title = `Formative Assessment ${n}`,
  issuerName = 'Digital Promise',
): BadgrAssertion {
  const entityId = `m4wSklfxSFmV3qUXLb${String(n).padStart(4, '0')}`;
  const badgeId = `K829IK8RS6ercwkpeF${String(n).padStart(4, '0')}`;
  const issuerId = 'ZvYydoQhRtOKalNzFPZR2A';
  const api = 'https://api.badgr.io/public';
  const assertionUrl = `${api}/assertions/${entityId}`;
  const badgeUrl = `${api}/badges/${badgeId}`;
  const issuerUrl = `${api}/issuers/${issuerId}`;
  const salt = `b${n}`;
  const assertion = {
    '@context': OB2,
    type: 'Assertion',
    id: assertionUrl,
    badge: badgeUrl,
    image: `${assertionUrl}/image`,
    verification: { type: 'HostedBadge' },
    issuedOn: '2023-05-09T16:32:11.250000+00:00',
    recipient: { identity: hashed(LEARNER_EMAIL, salt), type: 'email', hashed: true, salt },
    narrative: 'Submitted classroom artefacts and a reflection, reviewed by two assessors.',
  };
  const badgeClass = {
    '@context': OB2,
    type: 'BadgeClass',
    id: badgeUrl,
    name: title,
    description: 'The educator uses formative assessment to adjust instruction in real time.',
    image: `${badgeUrl}/image`,
    criteria: {
      id: `${badgeUrl}/criteria`,
      narrative: 'Evidence of three formative assessment cycles.',
    },
    issuer: issuerUrl,
    tags: ['Assessment', 'Teaching'],
    alignment: [
      { targetName: 'Formative assessment', targetUrl: 'https://example.org/competencies/fa' },
    ],
  };
  const issuer = {
    '@context': OB2,
    type: 'Issuer',
    id: issuerUrl,
    name: issuerName,
    url: 'https://digitalpromise.org',
    email: 'microcredentials@example.org',
  };
  return {
    entityId,
    title,
    issuer: issuerName,
    pageUrl: `https://badgr.com/public/assertions/${entityId}`,
    assertionUrl,
    assertion,
    site: {
      [assertionUrl]: json(assertion, 'application/ld+json'),
      [badgeUrl]: json(badgeClass, 'application/ld+json'),
      [issuerUrl]: json(issuer, 'application/ld+json'),
      [`${assertionUrl}/image`]: bytes(BADGE_PNG, 'image/png'),
    },
  };
}

/** The badge image Badgr lets the earner download: the full assertion JSON baked in. */
export function badgrBakedPng(b: BadgrAssertion): Uint8Array {
  return bakePng(solidPng(40, 40), 'openbadges', JSON.stringify(b.assertion));
}

/** GET /v2/backpack/assertions as Canvas Credentials answers it (what a backpack JSON export holds). */
export function badgrBackpackJson(list: readonly BadgrAssertion[]): string {
  return JSON.stringify(
    {
      status: { success: true, description: 'ok' },
      result: list.map((b, i) => ({
        entityType: 'Assertion',
        entityId: b.entityId,
        openBadgeId: b.assertionUrl,
        createdAt: '2023-05-09T16:32:11.250Z',
        createdBy: null,
        badgeclass: `K829IK8RS6ercwkpeF${String(i).padStart(4, '0')}`,
        badgeclassOpenBadgeId: b.assertion['badge'],
        issuer: 'ZvYydoQhRtOKalNzFPZR2A',
        issuerOpenBadgeId: 'https://api.badgr.io/public/issuers/ZvYydoQhRtOKalNzFPZR2A',
        image: `${b.assertionUrl}/image`,
        recipient: {
          identity: LEARNER_EMAIL,
          hashed: false,
          type: 'email',
          plaintextIdentity: LEARNER_EMAIL,
        },
        issuedOn: '2023-05-09T16:32:11.250Z',
        narrative: null,
        evidence: [],
        revoked: false,
        revocationReason: null,
        acceptance: 'Accepted',
        expires: null,
        extensions: {},
        pending: false,
      })),
      timestamp: '2024-06-01T10:00:00Z',
    },
    null,
    2,
  );
}

/** A backpack export archive: each badge's baked image and a JSON list of the assertions. */
export function badgrBackpackZip(list: readonly BadgrAssertion[]): Uint8Array {
  return writeZip([
    ...list.map((b) => ({ name: `badges/${b.entityId}.png`, data: badgrBakedPng(b) })),
    {
      name: 'assertions.json',
      data: JSON.stringify(
        list.map((b) => b.assertion),
        null,
        2,
      ),
    },
  ]);
}

// ---------------------------------------------------------------------------------------------
// An issuer's own badge site (university and educator badges: NEA, Digital Promise partners, …),
// whose public badge page points at the assertion with <link rel="alternate" type="application/ld+json">.

export type IssuerHostedBadge = {
  title: string;
  issuer: string;
  pageUrl: string;
  assertionUrl: string;
  assertion: Record<string, unknown>;
  site: Site;
};

export function issuerHostedBadge(
  n: number,
  title = `Micro-credential: Classroom Data Literacy ${n}`,
  issuerName = 'University of Example',
): IssuerHostedBadge {
  const origin = 'https://badges.example.edu';
  const assertionUrl = `${origin}/assertions/${n}.json`;
  const badgeUrl = `${origin}/badges/data-literacy.json`;
  const issuerUrl = `${origin}/issuer.json`;
  const assertion = {
    '@context': OB2,
    type: 'Assertion',
    id: assertionUrl,
    recipient: { type: 'email', hashed: false, identity: LEARNER_EMAIL },
    badge: badgeUrl,
    issuedOn: '2024-02-12T00:00:00Z',
    verification: { type: 'hosted' },
  };
  const badgeClass = {
    '@context': OB2,
    type: 'BadgeClass',
    id: badgeUrl,
    name: title,
    description:
      'Uses student data to plan instruction; stackable toward the Data Literacy certificate.',
    image: `${origin}/badges/data-literacy.png`,
    criteria: { narrative: 'Three artefacts scored proficient by the review panel.' },
    issuer: issuerUrl,
    tags: ['Data literacy', 'Instructional planning'],
  };
  const issuer = { '@context': OB2, type: 'Issuer', id: issuerUrl, name: issuerName, url: origin };
  const pageUrl = `${origin}/earned/${n}`;
  const page = html(`<!doctype html>
<html><head>
  <meta charset="utf-8"><title>${title}</title>
  <!-- the machine-readable badge -->
  <link rel="alternate" type="application/ld+json" href="/assertions/${n}.json">
  <style>a[href*="assertions"] { color: red }</style>
</head>
<body><h1>${title}</h1><p>Awarded to Jordan Lee by ${issuerName}.</p>
<img src="/badges/data-literacy.png" alt=""></body></html>`);
  return {
    title,
    issuer: issuerName,
    pageUrl,
    assertionUrl,
    assertion,
    site: {
      [assertionUrl]: json(assertion, 'application/ld+json'),
      [badgeUrl]: json(badgeClass),
      [issuerUrl]: json(issuer),
      [`${origin}/badges/data-literacy.png`]: bytes(BADGE_PNG, 'image/png'),
      [pageUrl]: page,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// LinkedIn: the "Get a copy of your data" archive.

export type LinkedInCert = {
  name: string;
  url: string;
  authority: string;
  startedOn: string;
  finishedOn: string;
  licenseNumber: string;
};

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function certificationsCsv(rows: readonly LinkedInCert[]): string {
  const header = 'Name,Url,Authority,Started On,Finished On,License Number';
  const lines = rows.map((r) =>
    [r.name, r.url, r.authority, r.startedOn, r.finishedOn, r.licenseNumber]
      .map(csvField)
      .join(','),
  );
  return `${header}\n${lines.join('\n')}\n`;
}

/** A LinkedIn data export: CSV files at the top level, Certifications.csv among them. */
export function linkedInExportZip(
  rows: readonly LinkedInCert[],
  withCertifications = true,
): Uint8Array {
  return writeZip([
    {
      name: 'Profile.csv',
      data: 'First Name,Last Name,Maiden Name,Address,Birth Date,Headline\nJordan,Lee,,,,"Teacher → data analyst"\n',
    },
    {
      name: 'Connections.csv',
      data: 'Notes:\n"When exporting your connection data, you may notice..."\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n',
    },
    {
      name: 'Positions.csv',
      data: 'Company Name,Title,Description,Location,Started On,Finished On\nLincoln High,Teacher,,,Sep 2015,\n',
    },
    { name: 'messages.csv', data: 'CONVERSATION ID,CONVERSATION TITLE,FROM,TO,DATE,CONTENT\n' },
    ...(withCertifications
      ? [{ name: 'Certifications.csv', data: `\uFEFF${certificationsCsv(rows)}` }]
      : []),
  ]);
}

export const SAMPLE_LINKEDIN_CERTS: readonly LinkedInCert[] = [
  {
    name: 'Google Data Analytics Professional Certificate',
    url: 'https://www.coursera.org/account/accomplishments/professional-cert/ABCD1234',
    authority: 'Google',
    startedOn: 'Mar 2023',
    finishedOn: '',
    licenseNumber: 'ABCD1234',
  },
  {
    name: 'AWS Certified Cloud Practitioner',
    url: 'https://www.credly.com/badges/d093c0d5-5324-43a7-b03d-549cf7538355/linked_in_profile',
    authority: 'Amazon Web Services (AWS)',
    startedOn: 'Jan 2024',
    finishedOn: 'Jan 2099',
    licenseNumber: '',
  },
];
