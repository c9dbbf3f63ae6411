// Keeps the README's "Supported sources" table true: one fixture per row, imported through the real import service, and the table and these rows must match word for word.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';
import { afterAll, describe, expect, it } from 'vitest';
import type { FormatId } from '../../src/core/credential';
import type { ImportResult } from '../../src/core/library';
import type { CheckStatus, Verdict } from '../../src/core/verification';
import { getCredential } from '../../src/db/credentials';
import { bakeSvg } from '../../src/formats/svg';
import { dispatch } from '../../src/services/dispatch';
import type { Session } from '../../src/services/session';
import type { ImportSource } from '../../src/shared/contract';
import { issueV2, v2Document } from '../helpers/blockcerts';
import { PLAIN_SVG } from '../helpers/fixtures';
import { tempSession } from '../helpers/library';
import {
  accredibleCredential,
  badgrAssertion,
  badgrBackpackJson,
  badgrBackpackZip,
  credlyBadge,
  credlyBakedPng,
  credlyProfileJson,
  issuerHostedBadge,
  linkedInExportZip,
  SAMPLE_LINKEDIN_CERTS,
  type Site,
} from '../helpers/platform-fixtures';
import { courseraPdf } from '../helpers/pdf-certificates';
import { html, startPlatformNet } from '../helpers/platform-net';
import { newIssuerKey, ob3By, signDi } from '../helpers/signing';

/** What importing a row's fixture must give: every item of this format and verdict, nothing refused. */
type Expectation = {
  count: number;
  format: FormatId;
  verdict: Verdict;
  /** Checks every imported item must carry with this status. */
  checks?: Record<string, CheckStatus>;
};

type Fixture = {
  sources: ImportSource[];
  /** Public addresses the fixture serves (the platform's endpoints); none means offline. */
  sites?: Site;
  expect: Expectation;
  /** The contract method the row goes through: an import, or a typed-in entry. */
  manual?: { title: string; issuer: string; date: string; url?: string };
};

/** One README row: its three cells exactly as the README has them, and a fixture shaped like what that platform gives people. */
type SourceRow = {
  platform: string;
  bring: string;
  verified: string;
  fixture: () => Promise<Fixture> | Fixture;
};

const file = (name: string, data: Uint8Array | string): ImportSource => ({
  kind: 'bytes',
  name,
  base64: Buffer.from(data).toString('base64'),
});
const url = (u: string): ImportSource => ({ kind: 'url', url: u });
const merge = (...sites: Site[]): Site => Object.assign({}, ...sites) as Site;

const HOSTED = { hosted: 'pass' } as const;
const UNIVERSITY = 'University and educator badges (NEA, Digital Promise, …)';
const BADGR = 'Badgr / Canvas Credentials';

/** An X.509 certificate (self-signed, RSA) and its key, as a Europass sealing service would hold. */
function eSeal(): { key: crypto.KeyObject; certB64: string; der: Buffer } {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(
    publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  );
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date('2024-01-01T00:00:00Z');
  cert.validity.notAfter = new Date('2034-01-01T00:00:00Z');
  const name = [
    { name: 'commonName', value: 'University of Example eSeal' },
    { name: 'organizationName', value: 'University of Example' },
    { name: 'countryName', value: 'SI' },
  ];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.sign(
    forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()),
    forge.md.sha256.create(),
  );
  const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
  return { key: privateKey, certB64: der.toString('base64'), der };
}

/** An ELM credential sealed as Europass seals it: JWS JSON serialisation, RS256, x5c, unencoded payload. */
function sealedElm(): string {
  const seal = eSeal();
  const credential = {
    '@context': [
      'https://www.w3.org/2018/credentials/v1',
      'http://data.europa.eu/snb/model/context/edc-ap',
    ],
    id: 'urn:credential:7a1c',
    type: ['VerifiableCredential', 'EuropeanDigitalCredential'],
    issuer: {
      id: 'urn:epass:org:1',
      type: 'Organisation',
      legalName: { en: 'University of Example' },
    },
    issuanceDate: '2025-05-01T10:00:00Z',
    credentialSubject: {
      id: 'urn:epass:person:1',
      type: 'Person',
      hasClaim: { type: 'LearningAchievement', title: { en: 'Micro-credential in Data Literacy' } },
    },
  };
  const header = {
    alg: 'RS256',
    cty: 'application/ld+json',
    typ: 'jose+json',
    x5c: [seal.certB64],
    'x5t#S256': crypto.createHash('sha256').update(seal.der).digest('base64url'),
    sigT: '2025-05-01T10:00:00Z',
    b64: false,
    crit: ['b64', 'sigT'],
  };
  const payload = JSON.stringify(credential);
  const protectedHeader = Buffer.from(JSON.stringify(header)).toString('base64url');
  const signature = crypto
    .sign(
      'sha256',
      Buffer.concat([Buffer.from(`${protectedHeader}.`), Buffer.from(payload)]),
      seal.key,
    )
    .toString('base64url');
  return JSON.stringify({ payload, signatures: [{ protected: protectedHeader, signature }] });
}

/** The README's rows, in its order. */
const ROWS: SourceRow[] = [
  {
    platform: 'Credly',
    bring: 'badge page URL (`credly.com/badges/…`)',
    verified:
      'the Open Badges 2.0 assertion behind it, re-fetched from Credly and compared (issuer-hosted)',
    fixture: () => {
      const b = credlyBadge(101);
      return {
        sources: [url(b.pageUrl)],
        sites: b.site,
        expect: { count: 1, format: 'ob2', verdict: 'verified', checks: HOSTED },
      };
    },
  },
  {
    platform: 'Credly',
    bring: 'downloaded badge image (PNG)',
    verified: 'the assertion it points to, fetched and compared online (issuer-hosted)',
    fixture: () => {
      const b = credlyBadge(102);
      return {
        sources: [file('badge.png', credlyBakedPng(b))],
        sites: b.site,
        expect: { count: 1, format: 'ob2', verdict: 'verified', checks: HOSTED },
      };
    },
  },
  {
    platform: 'Credly',
    bring: 'public profile listing (`users/<name>/badges.json`)',
    verified: 'each badge, as for its badge page',
    fixture: () => {
      const list = [credlyBadge(103), credlyBadge(104)];
      return {
        sources: [file('badges.json', credlyProfileJson(list))],
        sites: merge(...list.map((b) => b.site)),
        expect: { count: 2, format: 'ob2', verdict: 'verified', checks: HOSTED },
      };
    },
  },
  {
    platform: 'Accredible',
    bring: 'credential page URL (`credential.net/…`)',
    verified:
      'the Open Badges 2.0 assertion behind it, re-fetched from Accredible and compared (issuer-hosted)',
    fixture: () => {
      const c = accredibleCredential(105);
      return {
        sources: [url(c.shortPageUrl)],
        sites: c.site,
        expect: { count: 1, format: 'ob2', verdict: 'verified', checks: HOSTED },
      };
    },
  },
  {
    platform: BADGR,
    bring: 'public assertion URL (`badgr.com/public/assertions/…`)',
    verified: 'the hosted assertion, re-fetched and compared (issuer-hosted)',
    fixture: () => {
      const b = badgrAssertion(106);
      return {
        sources: [url(b.pageUrl)],
        sites: b.site,
        expect: { count: 1, format: 'ob2', verdict: 'verified', checks: HOSTED },
      };
    },
  },
  {
    platform: BADGR,
    bring: 'backpack export ZIP (baked images and `assertions.json`)',
    verified: 'each badge once: the assertion baked in, re-fetched from its issuer (issuer-hosted)',
    fixture: () => {
      const list = [badgrAssertion(107), badgrAssertion(108)];
      return {
        sources: [file('backpack.zip', badgrBackpackZip(list))],
        sites: merge(...list.map((b) => b.site)),
        expect: { count: 2, format: 'ob2', verdict: 'verified', checks: HOSTED },
      };
    },
  },
  {
    platform: BADGR,
    bring: 'backpack JSON export (`/v2/backpack/assertions`)',
    verified: 'each badge, fetched from its issuer and compared (issuer-hosted)',
    fixture: () => {
      const list = [badgrAssertion(109), badgrAssertion(110)];
      return {
        sources: [file('backpack.json', badgrBackpackJson(list))],
        sites: merge(...list.map((b) => b.site)),
        expect: { count: 2, format: 'ob2', verdict: 'verified', checks: HOSTED },
      };
    },
  },
  {
    platform: UNIVERSITY,
    bring: 'badge page URL that links its assertion',
    verified: 'the linked assertion, re-fetched from the issuer’s site (issuer-hosted)',
    fixture: () => {
      const b = issuerHostedBadge(
        111,
        'NEA Micro-credential: Classroom Management',
        'National Education Association',
      );
      return {
        sources: [url(b.pageUrl)],
        sites: b.site,
        expect: { count: 1, format: 'ob2', verdict: 'verified', checks: HOSTED },
      };
    },
  },
  {
    platform: UNIVERSITY,
    bring: 'downloaded baked image (PNG or SVG)',
    verified: 'the baked assertion, re-fetched from the issuer’s site (issuer-hosted)',
    fixture: () => {
      const b = issuerHostedBadge(112);
      const svg = bakeSvg(PLAIN_SVG, 'assertion', JSON.stringify(b.assertion));
      return {
        sources: [file('badge.svg', svg)],
        sites: b.site,
        expect: { count: 1, format: 'ob2', verdict: 'verified', checks: HOSTED },
      };
    },
  },
  {
    platform: 'Open Badges 3.0 issuers and VC wallets',
    bring: 'credential file (JSON-LD or VC-JWT), or a JSON list of them',
    verified:
      'the signature (Data Integrity or VC-JWT), the key bound to the issuer, status and validity dates',
    fixture: async () => {
      const key = newIssuerKey();
      const signed = await Promise.all(
        [1, 2].map((n) =>
          signDi(ob3By(key, { n: 113 + n, title: `Python for Analysts ${n}` }), key),
        ),
      );
      return {
        sources: [file('wallet-export.json', JSON.stringify(signed, null, 2))],
        expect: { count: 2, format: 'ob3', verdict: 'verified', checks: { proof: 'pass' } },
      };
    },
  },
  {
    platform: 'Blockcerts (MIT, Hyland)',
    bring: 'Blockcerts v2 or v3 certificate (JSON)',
    verified:
      'document hash and Merkle proof on this computer; the blockchain anchor online, through a block explorer',
    fixture: async () => {
      const { certs } = await issueV2([v2Document(116), v2Document(117)]);
      return {
        sources: [file('blockcert.json', JSON.stringify(certs[0]))],
        expect: {
          count: 1,
          format: 'blockcerts',
          verdict: 'unverified',
          checks: { anchor: 'skip' },
        },
      };
    },
  },
  {
    platform: 'Europass / European Digital Credentials',
    bring: 'sealed ELM credential (JSON-LD, JAdES) or EDCI XML (XAdES)',
    verified:
      'the seal or signature, against the certificate it carries; the EU trusted-list chain is reported on its own',
    fixture: () => ({
      sources: [file('europass.jsonld', sealedElm())],
      expect: {
        count: 1,
        format: 'europass',
        verdict: 'verified',
        checks: { proof: 'pass', issuer: 'warn' },
      },
    }),
  },
  {
    platform: 'Coursera, edX, LinkedIn Learning, Udemy and other course platforms',
    bring: 'completion certificate (PDF)',
    verified:
      'nothing in the PDF itself; online, the verification page it names (`coursera.org/verify/…`, `courses.edx.org/certificates/…`) must show the same learner and title (issuer-hosted)',
    fixture: async () => ({
      sources: [file('Coursera ABCD1234EFGH.pdf', await courseraPdf({ code: 'ABCD1234EFGH' }))],
      sites: {
        'https://coursera.org/verify/ABCD1234EFGH': html(
          '<h1>Ada Lovelace</h1><p>has completed Machine Learning</p>',
        ),
      },
      expect: { count: 1, format: 'pdf-certificate', verdict: 'verified', checks: HOSTED },
    }),
  },
  {
    platform: 'LinkedIn',
    bring: 'data export archive (`Certifications.csv` inside)',
    verified: 'nothing: each certification is kept, with its link, as self-reported',
    fixture: () => ({
      sources: [file('Basic_LinkedInDataExport.zip', linkedInExportZip(SAMPLE_LINKEDIN_CERTS))],
      expect: {
        count: 2,
        format: 'self-reported',
        verdict: 'unverified',
        checks: { proof: 'skip' },
      },
    }),
  },
  {
    platform: 'Anything else',
    bring: 'typed in (“Add manually”, `skillfolio add`)',
    verified: 'nothing: labelled self-reported',
    fixture: () => ({
      sources: [],
      manual: {
        title: 'First Aid at Work',
        issuer: 'St John Ambulance',
        date: '2023-09-12',
        url: 'https://example.org/first-aid/991',
      },
      expect: {
        count: 1,
        format: 'self-reported',
        verdict: 'unverified',
        checks: { proof: 'skip' },
      },
    }),
  },
];

const README = path.resolve(__dirname, '../../README.md');

/** The cells of the README's "Supported sources" table, row by row (header and rule left out). */
function readmeRows(): string[][] {
  const text = fs.readFileSync(README, 'utf8');
  const start = text.indexOf('\n## Supported sources\n');
  expect(start, 'README.md has a "## Supported sources" section').toBeGreaterThan(-1);
  const section = text.slice(start + 1).split(/\n## /)[0] ?? '';
  const table = section.split('\n').filter((l) => l.startsWith('|'));
  expect(table.length, 'the section holds a table').toBeGreaterThan(2);
  const cells = (line: string) =>
    line
      .slice(1, line.trimEnd().length - 1)
      .split('|')
      .map((c) => c.trim());
  expect(cells(table[0] ?? '')).toEqual(['platform', 'what you bring', 'what is verified']);
  return table.slice(2).map(cells);
}

const cleanup: Array<{ close(): unknown }> = [];
afterAll(async () => {
  while (cleanup.length) await cleanup.pop()?.close();
});

async function run(fx: Fixture): Promise<{ s: Session; result: ImportResult }> {
  const base = tempSession(
    fx.sites ? { offline: false, allowPrivateNetwork: true } : { offline: true },
  );
  cleanup.push(base);
  let s: Session = base;
  if (fx.sites) {
    const net = await startPlatformNet(fx.sites);
    cleanup.push(net);
    s = { ...base, fetcher: net.fetcher };
  }
  const res = fx.manual
    ? await dispatch(s, 'library.addManual', fx.manual, { local: false })
    : await dispatch(s, 'library.import', { sources: fx.sources }, { local: true });
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`);
  return { s, result: res.value as ImportResult };
}

describe('README "Supported sources"', () => {
  it('lists exactly the rows this test imports, in the same order and words', () => {
    expect(readmeRows()).toEqual(ROWS.map((r) => [r.platform, r.bring, r.verified]));
  });

  it.each(ROWS.map((r) => [`${r.platform} — ${r.bring}`, r] as const))('%s', async (_name, row) => {
    const fx = await row.fixture();
    const { s, result } = await run(fx);
    expect(result.rejected).toEqual([]);
    expect(result.imported).toHaveLength(fx.expect.count);
    for (const item of result.imported) {
      expect([item.format, item.verdict], item.title).toEqual([
        fx.expect.format,
        fx.expect.verdict,
      ]);
      const checks = getCredential(s.db, item.id)?.report.checks ?? [];
      for (const [id, status] of Object.entries(fx.expect.checks ?? {})) {
        expect(checks.find((c) => c.id === id)?.status, `${item.title}: ${id}`).toBe(status);
      }
    }
  });
});
