// Portfolio snapshots for the export tests (every kind of original, Latin/Greek/Cyrillic names) and an independent verifier for what they produce.
import crypto from 'node:crypto';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as dbVc from '@digitalbazaar/vc';
import type { FormatId } from '../../src/core/credential';
import type { CredentialDetail } from '../../src/core/library';
import type { PortfolioSnapshot } from '../../src/core/portfolio';
import { isIssuerHosted, type Check, type Verdict } from '../../src/core/verification';
import { documentLoader } from '../../src/verify/contexts';
import { PLAIN_SVG, solidPng } from './fixtures';
import { newIssuerKey, ob3By, signDi, signVcJwt, type IssuerKey } from './signing';

type Doc = Record<string, unknown>;

export const NAMES = {
  person: 'Zofia Kowalska-Łódź',
  greekTitle: 'Ελληνικά για μηχανικούς',
  greekIssuer: 'Akademia Łódź',
  cyrillicTitle: 'Кириллица для начинающих',
  cyrillicIssuer: 'Київська академія',
  sqlTitle: 'Data Analysis with SQL',
  sqlIssuer: 'Łódź Data School',
  jwtTitle: 'Cloud Fundamentals',
  jwtIssuer: 'Example Cloud Academy',
  revokedTitle: 'Project Management Basics',
  revokedIssuer: 'Open PM Institute',
  pdfTitle: 'Introduction to Statistics',
  pdfIssuer: 'Coursera',
};

const EXPORTED_AT = '2025-03-01T09:30:00.000Z';

function report(verdict: Verdict, checks: Check[]): CredentialDetail['report'] {
  return { verdict, checks, checkedAt: '2025-02-28T18:00:00.000Z' };
}

const PROOF_OK: Check = {
  id: 'proof',
  status: 'pass',
  message: 'The eddsa-rdfc-2022 proof verifies with the issuer’s key.',
};
const ISSUER_OK: Check = {
  id: 'issuer',
  status: 'pass',
  message: 'The key belongs to the issuer.',
};

function detail(
  id: number,
  o: {
    format: FormatId;
    title: string;
    issuer: string;
    issuerId?: string;
    issuedOn: string | null;
    validUntil?: string | null;
    credentialId: string | null;
    mediaType: string;
    original: Uint8Array;
    verdict: Verdict;
    checks: Check[];
    hasImage: boolean;
    skills: string[];
    description?: string;
    recipient?: string;
  },
): CredentialDetail {
  return {
    id,
    parentId: null,
    format: o.format,
    title: o.title,
    issuerName: o.issuer,
    issuedOn: o.issuedOn,
    validUntil: o.validUntil ?? null,
    verdict: o.verdict,
    source: `fixture-${id}`,
    importedAt: '2025-02-01T12:00:00.000Z',
    hasImage: o.hasImage,
    skills: o.skills,
    issuerHosted: isIssuerHosted({ verdict: o.verdict, checks: o.checks }),
    credentialId: o.credentialId,
    mediaType: o.mediaType,
    sha256: crypto.createHash('sha256').update(o.original).digest('hex'),
    description: o.description ?? null,
    issuerId: o.issuerId ?? null,
    validFrom: o.issuedOn,
    recipient: o.recipient ?? null,
    achievement: { name: o.title, criteria: 'Passed the final assessment.' },
    evidence: [],
    alignments: [],
    tags: [],
    report: report(o.verdict, o.checks),
    children: [],
  };
}

/** A small but real PDF, standing in for a completion certificate. */
export function tinyPdf(): Uint8Array {
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

export type ExportFixture = {
  snapshot: PortfolioSnapshot;
  issuer: IssuerKey;
  /** The signed Data Integrity originals by library id. */
  diOriginals: Record<number, Doc>;
  jwt: string;
};

const json = (doc: unknown) => Buffer.from(JSON.stringify(doc, null, 2), 'utf8');

/** A portfolio with every kind of original: two DI credentials, an OB 2.0 assertion, a VC-JWT, a revoked one, a PDF. */
export async function exportFixture(): Promise<ExportFixture> {
  const issuer = newIssuerKey();
  const greek = await signDi(
    ob3By(issuer, { n: 11, title: NAMES.greekTitle, issuer: NAMES.greekIssuer }),
    issuer,
  );
  const cyrillic = await signDi(
    ob3By(issuer, { n: 12, title: NAMES.cyrillicTitle, issuer: NAMES.cyrillicIssuer }),
    issuer,
  );
  const revoked = await signDi(
    ob3By(issuer, { n: 15, title: NAMES.revokedTitle, issuer: NAMES.revokedIssuer }),
    issuer,
  );
  const jwt = await signVcJwt(
    ob3By(issuer, { n: 14, title: NAMES.jwtTitle, issuer: NAMES.jwtIssuer }),
    issuer,
  );
  const ob2 = {
    '@context': 'https://w3id.org/openbadges/v2',
    type: 'Assertion',
    id: 'https://badges.example.org/assertions/13',
    recipient: { type: 'email', hashed: false, identity: 'zofia@example.org' },
    issuedOn: '2023-09-14T00:00:00Z',
    verification: { type: 'hosted' },
    badge: {
      type: 'BadgeClass',
      id: 'https://badges.example.org/badges/sql',
      name: NAMES.sqlTitle,
      description: 'Writes analytical SQL.',
      image: 'https://badges.example.org/images/sql.png',
      criteria: { narrative: 'Passed the exam.' },
      issuer: { type: 'Profile', id: 'https://badges.example.org/issuer', name: NAMES.sqlIssuer },
    },
  };
  const pdf = tinyPdf();
  const originals: Record<number, { mediaType: string; bytes: Uint8Array }> = {
    11: { mediaType: 'application/ld+json', bytes: json(greek) },
    12: { mediaType: 'application/ld+json', bytes: json(cyrillic) },
    13: { mediaType: 'application/json', bytes: json(ob2) },
    14: { mediaType: 'application/vc+jwt', bytes: Buffer.from(jwt) },
    15: { mediaType: 'application/ld+json', bytes: json(revoked) },
    16: { mediaType: 'application/pdf', bytes: pdf },
  };
  const d = {
    11: detail(11, {
      format: 'ob3',
      title: NAMES.greekTitle,
      issuer: NAMES.greekIssuer,
      issuerId: issuer.did,
      issuedOn: String(greek.validFrom),
      credentialId: String(greek.id),
      mediaType: originals[11]!.mediaType,
      original: originals[11]!.bytes,
      verdict: 'verified',
      checks: [PROOF_OK, ISSUER_OK],
      hasImage: true,
      skills: ['Greek language'],
      description: 'Reads and writes technical Greek: Ελληνικά στην πράξη.',
    }),
    12: detail(12, {
      format: 'ob3',
      title: NAMES.cyrillicTitle,
      issuer: NAMES.cyrillicIssuer,
      issuerId: issuer.did,
      issuedOn: String(cyrillic.validFrom),
      credentialId: String(cyrillic.id),
      mediaType: originals[12]!.mediaType,
      original: originals[12]!.bytes,
      verdict: 'verified',
      checks: [PROOF_OK, ISSUER_OK],
      hasImage: true,
      skills: ['Cyrillic script'],
    }),
    13: detail(13, {
      format: 'ob2',
      title: NAMES.sqlTitle,
      issuer: NAMES.sqlIssuer,
      issuerId: 'https://badges.example.org/issuer',
      issuedOn: '2023-09-14T00:00:00Z',
      credentialId: ob2.id,
      mediaType: originals[13]!.mediaType,
      original: originals[13]!.bytes,
      verdict: 'verified',
      checks: [
        { id: 'hosted', status: 'pass', message: 'The issuer’s hosted copy matches.' },
        {
          id: 'recipient',
          status: 'pass',
          message: 'Issued to zofia@example.org, one of your identities.',
        },
      ],
      hasImage: true,
      skills: ['Data analysis', 'SQL'],
      recipient: 'zofia@example.org',
    }),
    14: detail(14, {
      format: 'ob3',
      title: NAMES.jwtTitle,
      issuer: NAMES.jwtIssuer,
      issuerId: issuer.did,
      issuedOn: '2021-06-01T14:00:00Z',
      validUntil: '2027-06-01T00:00:00Z',
      credentialId: 'urn:uuid:7f6e8a52-0000-4000-8000-000000000014',
      mediaType: originals[14]!.mediaType,
      original: originals[14]!.bytes,
      verdict: 'verified',
      checks: [
        { id: 'proof', status: 'pass', message: 'The VC-JWT signature (EdDSA) verifies.' },
        ISSUER_OK,
      ],
      hasImage: false,
      skills: ['Cloud computing'],
    }),
    15: detail(15, {
      format: 'ob3',
      title: NAMES.revokedTitle,
      issuer: NAMES.revokedIssuer,
      issuerId: issuer.did,
      issuedOn: String(revoked.validFrom),
      credentialId: String(revoked.id),
      mediaType: originals[15]!.mediaType,
      original: originals[15]!.bytes,
      verdict: 'revoked',
      checks: [
        PROOF_OK,
        ISSUER_OK,
        {
          id: 'status',
          status: 'fail',
          message: 'The issuer’s status list says this credential is revoked.',
        },
      ],
      hasImage: true,
      skills: [],
    }),
    16: detail(16, {
      format: 'pdf-certificate',
      title: NAMES.pdfTitle,
      issuer: NAMES.pdfIssuer,
      issuedOn: '2022-02-10T00:00:00Z',
      credentialId: null,
      mediaType: 'application/pdf',
      original: pdf,
      verdict: 'unverified',
      checks: [
        { id: 'proof', status: 'skip', message: 'A PDF certificate carries no proof of its own.' },
      ],
      hasImage: false,
      skills: ['Data analysis'],
    }),
  };
  const credentials: PortfolioSnapshot['credentials'] = {};
  for (const [k, v] of Object.entries(d)) {
    const id = Number(k);
    const image =
      id === 11 || id === 13
        ? {
            mediaType: 'image/png',
            bytes: solidPng(96, 96, id === 11 ? [37, 99, 235, 255] : [22, 163, 74, 255]),
          }
        : id === 12
          ? { mediaType: 'image/svg+xml', bytes: Buffer.from(PLAIN_SVG) }
          : null;
    credentials[id] = { detail: v, original: originals[id]!, image };
  }
  const snapshot: PortfolioSnapshot = {
    portfolio: {
      id: 1,
      name: 'Data analyst applications',
      personName: NAMES.person,
      headline: 'Data analyst · SQL, statistics and three alphabets',
      email: 'zofia@example.org',
      links: ['https://www.linkedin.com/in/zofia-example', 'https://github.com/zofia-example'],
      targetRole: 'Junior data analyst',
      summary:
        'Analyst with a background in languages: I turn messy spreadsheets into clear answers and explain them to people in Polish, Greek or Ukrainian.',
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-02-01T00:00:00.000Z',
      sections: [
        {
          id: 1,
          title: 'Data analysis',
          skill: 'Data analysis',
          entries: [
            { credentialId: 13, note: null, hidden: ['recipient'] },
            { credentialId: 16, note: 'Capstone on public transport delays in Łódź.', hidden: [] },
            { credentialId: 14, note: null, hidden: [] },
          ],
        },
        {
          id: 2,
          title: 'Languages',
          skill: 'Languages',
          entries: [
            { credentialId: 11, note: null, hidden: [] },
            { credentialId: 12, note: null, hidden: [] },
          ],
        },
        {
          id: 3,
          title: 'Other training',
          skill: null,
          entries: [{ credentialId: 15, note: null, hidden: [] }],
        },
      ],
    },
    credentials,
    skills: [
      { name: 'Data analysis', credentialIds: [13, 16] },
      { name: 'SQL', credentialIds: [13] },
      { name: 'Greek language', credentialIds: [11] },
      { name: 'Cyrillic script', credentialIds: [12] },
      { name: 'Cloud computing', credentialIds: [14] },
    ],
    exportedAt: EXPORTED_AT,
  };
  return { snapshot, issuer, diOriginals: { 11: greek, 12: cyrillic, 15: revoked }, jwt };
}

/** A portfolio with a profile and no credentials at all. */
export function emptySnapshot(): PortfolioSnapshot {
  return {
    portfolio: {
      id: 2,
      name: 'Empty',
      personName: 'Ann Empty',
      headline: null,
      email: null,
      links: [],
      targetRole: null,
      summary: null,
      createdAt: EXPORTED_AT,
      updatedAt: EXPORTED_AT,
      sections: [],
    },
    credentials: {},
    skills: [],
    exportedAt: EXPORTED_AT,
  };
}

// ---------------------------------------------------------------------------------------------
// The independent verifier: Digital Bazaar's vc library over the bundled contexts and did:key.

const DID_CONTEXT = 'https://www.w3.org/ns/did/v1';
const MULTIKEY_CONTEXT = 'https://w3id.org/security/multikey/v1';

async function dbLoader(
  url: string,
): Promise<{ contextUrl: null; documentUrl: string; document: unknown }> {
  if (url.startsWith('did:key:')) {
    const [did, fragment] = url.split('#');
    const mb = did!.slice('did:key:'.length);
    const vm = { id: `${did}#${mb}`, type: 'Multikey', controller: did, publicKeyMultibase: mb };
    const document = fragment
      ? { '@context': MULTIKEY_CONTEXT, ...vm }
      : {
          '@context': [DID_CONTEXT, MULTIKEY_CONTEXT],
          id: did,
          verificationMethod: [vm],
          assertionMethod: [vm.id],
          authentication: [vm.id],
        };
    return { contextUrl: null, documentUrl: url, document };
  }
  const loaded = await documentLoader(url);
  return { contextUrl: null, documentUrl: loaded.documentUrl, document: loaded.document };
}

export type DbResult = {
  verified: boolean;
  error?: unknown;
  credentialResults?: Array<{ verified: boolean }>;
};

/** Verifies a presentation and every credential inside it with @digitalbazaar/vc. */
export async function dbVerifyPresentation(
  presentation: Doc,
  challenge: string,
  domain: string,
): Promise<DbResult> {
  const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
  return (await dbVc.verify({
    presentation,
    challenge,
    domain,
    suite,
    documentLoader: dbLoader,
  })) as DbResult;
}

/** A presentation made by someone else's software: Digital Bazaar's vc library with a fresh did:key. */
export async function dbSignedPresentation(
  credentials: Doc[],
  challenge: string,
  domain: string,
): Promise<{ presentation: Doc; holder: string }> {
  const key = await Ed25519Multikey.generate();
  const holder = `did:key:${key.publicKeyMultibase}`;
  key.id = `${holder}#${key.publicKeyMultibase}`;
  key.controller = holder;
  const suite = new DataIntegrityProof({ signer: key.signer(), cryptosuite: eddsaRdfc2022 });
  const presentation = await dbVc.signPresentation({
    presentation: {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiablePresentation'],
      holder,
      verifiableCredential: credentials,
    },
    challenge,
    domain,
    suite,
    documentLoader: dbLoader,
  });
  return { presentation, holder };
}

export async function dbVerifyCredential(credential: Doc): Promise<DbResult> {
  const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
  return (await dbVc.verifyCredential({ credential, suite, documentLoader: dbLoader })) as DbResult;
}
