// `npx tsx scripts/make-samples.ts`: writes resources/samples — the first-run sample credentials, signed with fixed sample keys, and checks each shows its label.
//
// The keys below are published on purpose: they belong to fictitious sample issuers and sign
// nothing else. Fixed keys and fixed dates make the output identical on every run, so the committed
// files only change when this script does.
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import { trustLabel } from '../src/core/labels';
import { putCached } from '../src/db/fetch-cache';
import { parseCredential } from '../src/formats/detect';
import { bakePng } from '../src/formats/png';
import { bakeSvg } from '../src/formats/svg';
import { readManifest, type SamplesManifest } from '../src/services/samples';
import { verifyEnv, verifyMany } from '../src/services/verify';
import { openSession } from '../src/services/session';
import { signDataIntegrity } from '../src/verify/data-integrity';
import { didKeyFor } from '../src/verify/keys';
import { rgbaPng } from '../test/helpers/fixtures';
import { encodedList } from '../test/helpers/signing';

const OUT = path.resolve(__dirname, '../resources/samples');

const OB3_CONTEXT = [
  'https://www.w3.org/ns/credentials/v2',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
];
const CLR_CONTEXT = [
  'https://www.w3.org/ns/credentials/v2',
  'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
];
/** Never resolves (RFC 6761): the samples' hosted addresses can be named but not reached. */
const SAMPLE_HOST = 'skillfolio-samples.invalid';
const STATUS_LIST_URL = `https://status.${SAMPLE_HOST}/lists/2024-1`;
const LEARNER_EMAIL = 'alex.rivera@example.com';

// ---------------------------------------------------------------------------------------------------
// Fixed sample keys

type Issuer = { name: string; url: string; key: KeyObject; did: string; vm: string };

function issuer(name: string, url: string, seedHex: string): Issuer {
  // PKCS#8 for an Ed25519 seed: a fixed 16-byte prefix, then the 32 seed bytes.
  const der = Buffer.concat([
    Buffer.from('302e020100300506032b657004220420', 'hex'),
    Buffer.from(seedHex, 'hex'),
  ]);
  const key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  const { did, verificationMethod } = didKeyFor(createPublicKey(key));
  return { name, url, key, did, vm: verificationMethod };
}

const COLLEGE = issuer(
  'Northfield Community College',
  'https://www.northfield-college.example',
  '983798257c034b3ea387bf89e5b93b604e3157ccff68d5bd64a8de93adbad8b2',
);
const ACADEMY = issuer(
  'Open Data Academy',
  'https://opendata-academy.example',
  '37169d5fa33dc919b46fb393741c3be7595159a96b118fad9b4aab0c103db15b',
);
const VOLUNTEERS = issuer(
  'Harbour Volunteer Network',
  'https://harbour-volunteers.example',
  'fda28f75b72c60d3eb6907454d132ab1260b7c8e7482b845c8080b9d66ddac32',
);
/** The learner's own did:key (the subject of the credentials). */
const LEARNER = issuer(
  'Alex Rivera',
  'https://alex-rivera.example',
  '42e058bda4770a1b1f674712c4f8d734f1dd68281ddb2ab635bfbc83421a9200',
).did;
const FIRST_AID = issuer(
  'Lakeside First Aid Training',
  'https://lakeside-firstaid.example',
  'eaf61e34a9ee212a5e21d964dbfcaff5551ccbe2a3d9402babc0eaac93c1b025',
);

// ---------------------------------------------------------------------------------------------------
// Badge images: small SVGs, and PNGs drawn here (no image library needed)

type Art = { from: string; to: string; glyph: string; shape: 'hexagon' | 'circle' | 'shield' };

function badgeSvg(art: Art): string {
  const shapes = {
    hexagon: '<path d="M64 6 114 35v58L64 122 14 93V35z" fill="url(#g)"/>',
    circle: '<circle cx="64" cy="64" r="58" fill="url(#g)"/>',
    shield: '<path d="M64 6 112 22v38c0 32-20 52-48 62C36 112 16 92 16 60V22z" fill="url(#g)"/>',
  };
  const ring = {
    hexagon:
      '<path d="M64 16 105 40v48L64 112 23 88V40z" fill="none" stroke="#fff" stroke-opacity=".55" stroke-width="3"/>',
    circle:
      '<circle cx="64" cy="64" r="48" fill="none" stroke="#fff" stroke-opacity=".55" stroke-width="3"/>',
    shield:
      '<path d="M64 16 102 29v31c0 26-16 42-38 51-22-9-38-25-38-51V29z" fill="none" stroke="#fff" stroke-opacity=".55" stroke-width="3"/>',
  };
  const size = art.glyph.length > 2 ? 30 : 38;
  return (
    '<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128">' +
    `<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${art.from}"/><stop offset="1" stop-color="${art.to}"/></linearGradient></defs>` +
    shapes[art.shape] +
    ring[art.shape] +
    `<text x="64" y="${64 + size * 0.35}" text-anchor="middle" font-family="DejaVu Sans, Arial, sans-serif" font-weight="700" font-size="${size}" fill="#fff">${art.glyph}</text>` +
    '</svg>'
  );
}

const svgDataUri = (art: Art): string =>
  `data:image/svg+xml;base64,${Buffer.from(badgeSvg(art)).toString('base64')}`;

type Rgb = [number, number, number];
const hex = (h: string): Rgb => [
  parseInt(h.slice(1, 3), 16),
  parseInt(h.slice(3, 5), 16),
  parseInt(h.slice(5, 7), 16),
];

/**
 * A round badge with a gradient, a light ring and a glyph made of rectangles (bars or a grid),
 * 4×4 supersampled so the edges are smooth.
 */
function badgePng(from: string, to: string, glyph: 'bars' | 'grid'): Uint8Array {
  const N = 128;
  const S = 4;
  const a = hex(from);
  const b = hex(to);
  const rects =
    glyph === 'bars'
      ? [
          [38, 70, 12, 26],
          [58, 52, 12, 44],
          [78, 38, 12, 58],
        ]
      : [
          [36, 40, 56, 4],
          [36, 56, 56, 4],
          [36, 72, 56, 4],
          [36, 88, 56, 4],
          [36, 40, 4, 52],
          [62, 40, 4, 52],
          [88, 40, 4, 52],
        ];
  const rows: Buffer[] = [];
  for (let y = 0; y < N; y++) {
    const row = Buffer.alloc(1 + N * 4);
    for (let x = 0; x < N; x++) {
      let r = 0;
      let g = 0;
      let bl = 0;
      let alpha = 0;
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const px = x + (sx + 0.5) / S;
          const py = y + (sy + 0.5) / S;
          const d = Math.hypot(px - 64, py - 64);
          if (d > 60) continue;
          const t = (px + py) / (2 * N);
          let c: Rgb = [
            a[0] + (b[0] - a[0]) * t,
            a[1] + (b[1] - a[1]) * t,
            a[2] + (b[2] - a[2]) * t,
          ];
          const onRing = d > 47 && d < 51;
          const onGlyph = rects.some(
            ([rx = 0, ry = 0, rw = 0, rh = 0]) =>
              px >= rx && px < rx + rw && py >= ry && py < ry + rh,
          );
          if (onGlyph) c = [255, 255, 255];
          else if (onRing)
            c = [
              c[0] + (255 - c[0]) * 0.55,
              c[1] + (255 - c[1]) * 0.55,
              c[2] + (255 - c[2]) * 0.55,
            ];
          r += c[0];
          g += c[1];
          bl += c[2];
          alpha++;
        }
      }
      const o = 1 + x * 4;
      if (alpha > 0) {
        row[o] = Math.round(r / alpha);
        row[o + 1] = Math.round(g / alpha);
        row[o + 2] = Math.round(bl / alpha);
      }
      row[o + 3] = Math.round((alpha / (S * S)) * 255);
    }
    rows.push(row);
  }
  return rgbaPng(N, N, Buffer.concat(rows), 9);
}

// ---------------------------------------------------------------------------------------------------
// Credentials

type Doc = Record<string, unknown>;

function achievement(o: {
  id: string;
  name: string;
  description: string;
  criteria: string;
  skills: string[];
  tags?: string[];
  art: Art;
  type?: string;
}): Doc {
  return {
    id: o.id,
    type: ['Achievement'],
    achievementType: o.type ?? 'Badge',
    name: o.name,
    description: o.description,
    criteria: { narrative: o.criteria },
    image: { id: svgDataUri(o.art), type: 'Image' },
    ...(o.tags ? { tag: o.tags } : {}),
    alignment: o.skills.map((s) => ({
      type: ['Alignment'],
      targetName: s,
      targetUrl: `https://skills.${SAMPLE_HOST}/${encodeURIComponent(s.toLowerCase().replace(/\s+/g, '-'))}`,
      targetFramework: 'Skillfolio sample skills',
    })),
  };
}

function ob3(
  by: Issuer,
  o: {
    id: string;
    validFrom: string;
    validUntil?: string;
    achievement: Doc;
    extra?: Doc;
  },
): Doc {
  return {
    '@context': OB3_CONTEXT,
    id: o.id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: by.did, type: ['Profile'], name: by.name, url: by.url },
    validFrom: o.validFrom,
    ...(o.validUntil ? { validUntil: o.validUntil } : {}),
    name: o.achievement['name'],
    credentialSubject: {
      id: LEARNER,
      type: ['AchievementSubject'],
      achievement: o.achievement,
    },
    ...(o.extra ?? {}),
  };
}

const sign = (doc: Doc, by: Issuer, created: string): Promise<Doc> =>
  signDataIntegrity(doc, {
    suite: 'eddsa-rdfc-2022',
    privateKey: by.key,
    verificationMethod: by.vm,
    created,
  });

const signJwt = (doc: Doc, by: Issuer): Promise<string> =>
  new SignJWT(doc).setProtectedHeader({ alg: 'EdDSA', typ: 'vc+jwt', kid: by.vm }).sign(by.key);

const json = (doc: unknown): string => `${JSON.stringify(doc, null, 2)}\n`;

/** OB 2.0, hosted verification: its address cannot be reached, so it stays unverified (honestly). */
function ob2Assertion(o: {
  slug: string;
  issuer: { name: string; slug: string };
  issuedOn: string;
  name: string;
  description: string;
  criteria: string;
  tags: string[];
  skills: string[];
}): Doc {
  const base = `https://badges.${SAMPLE_HOST}`;
  return {
    '@context': 'https://w3id.org/openbadges/v2',
    type: 'Assertion',
    id: `${base}/assertions/${o.slug}`,
    recipient: { type: 'email', hashed: false, identity: LEARNER_EMAIL },
    issuedOn: o.issuedOn,
    verification: { type: 'hosted' },
    badge: {
      type: 'BadgeClass',
      id: `${base}/badges/${o.slug}`,
      name: o.name,
      description: o.description,
      image: `${base}/badges/${o.slug}/image`,
      criteria: { narrative: o.criteria },
      tags: o.tags,
      alignment: o.skills.map((s) => ({
        targetName: s,
        targetUrl: `https://skills.${SAMPLE_HOST}/${encodeURIComponent(s.toLowerCase().replace(/\s+/g, '-'))}`,
      })),
      issuer: {
        type: 'Profile',
        id: `${base}/issuers/${o.issuer.slug}`,
        name: o.issuer.name,
        url: `https://${o.issuer.slug}.example`,
      },
    },
  };
}

type Sample = { file: string; bytes: Uint8Array; label: string; why: string };

async function build(): Promise<{ samples: Sample[]; statusList: Uint8Array }> {
  const samples: Sample[] = [];
  const add = (file: string, bytes: string | Uint8Array, label: string, why: string) =>
    samples.push({
      file,
      bytes: typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes,
      label,
      why,
    });

  // 1. OB 3.0, JSON-LD with an eddsa-rdfc-2022 proof.
  const dataViz = ob3(COLLEGE, {
    id: 'urn:uuid:0c0ffee0-5a4d-4f6e-9a1b-000000000001',
    validFrom: '2024-06-14T00:00:00Z',
    achievement: achievement({
      id: `https://www.northfield-college.example/achievements/data-visualisation`,
      name: 'Data Visualisation with Python',
      description:
        'Designs clear charts and dashboards from tabular data with pandas and matplotlib, and explains what they show to a non-technical audience.',
      criteria:
        'Completed six graded labs and a final dashboard project reviewed by two instructors.',
      skills: ['Data visualisation', 'Python'],
      tags: ['pandas', 'matplotlib'],
      art: { from: '#2563eb', to: '#0f766e', glyph: 'DV', shape: 'hexagon' },
    }),
  });
  add(
    'ob3-data-visualisation.json',
    json(await sign(dataViz, COLLEGE, '2024-06-14T09:00:00Z')),
    'Verified',
    'Open Badges 3.0 as JSON-LD, signed with eddsa-rdfc-2022 by a did:key issuer: the proof is checked offline.',
  );

  // 2. OB 3.0 as a VC-JWT.
  const sql = ob3(ACADEMY, {
    id: 'urn:uuid:0c0ffee0-5a4d-4f6e-9a1b-000000000002',
    validFrom: '2024-02-02T00:00:00Z',
    achievement: achievement({
      id: 'https://opendata-academy.example/badges/sql-fundamentals',
      name: 'SQL Fundamentals',
      description:
        'Writes SELECT queries with joins, grouping and window functions against a relational database.',
      criteria: 'Passed a timed, proctored query-writing assessment (score 87%).',
      skills: ['SQL', 'Data analysis'],
      art: { from: '#7c3aed', to: '#db2777', glyph: 'SQL', shape: 'circle' },
    }),
  });
  add(
    'ob3-sql-fundamentals.jwt',
    `${await signJwt(sql, ACADEMY)}\n`,
    'Verified',
    'Open Badges 3.0 as a VC-JWT (vc+jwt, EdDSA), signed by a did:key issuer: the signature is checked offline.',
  );

  // 3. OB 3.0 baked into a PNG.
  const python = ob3(COLLEGE, {
    id: 'urn:uuid:0c0ffee0-5a4d-4f6e-9a1b-000000000003',
    validFrom: '2023-12-08T00:00:00Z',
    achievement: achievement({
      id: 'https://www.northfield-college.example/achievements/python-for-analysts',
      name: 'Python for Analysts',
      description:
        'Cleans, reshapes and summarises data with Python scripts and Jupyter notebooks.',
      criteria: 'Completed the 10-week evening course and its capstone analysis.',
      skills: ['Python', 'Data cleaning'],
      art: { from: '#0891b2', to: '#1d4ed8', glyph: 'Py', shape: 'circle' },
    }),
  });
  const pythonSigned = await sign(python, COLLEGE, '2023-12-08T09:00:00Z');
  add(
    'ob3-python-for-analysts.png',
    bakePng(
      badgePng('#0891b2', '#1d4ed8', 'bars'),
      'openbadgecredential',
      JSON.stringify(pythonSigned),
    ),
    'Verified',
    'Open Badges 3.0 baked into a PNG image (iTXt chunk "openbadgecredential"), signed with eddsa-rdfc-2022.',
  );

  // 4. OB 2.0 baked PNG, hosted verification.
  const spreadsheet = ob2Assertion({
    slug: 'spreadsheet-modelling',
    issuer: { name: 'Riverside Adult Learning', slug: 'riverside-adult-learning' },
    issuedOn: '2023-04-20T00:00:00Z',
    name: 'Spreadsheet Modelling',
    description: 'Builds budget and forecast models with formulas, lookups and pivot tables.',
    criteria: 'Built and presented a three-year budget model for a community project.',
    tags: ['Excel', 'Pivot tables'],
    skills: ['Spreadsheets', 'Data analysis'],
  });
  add(
    'ob2-spreadsheet-modelling.png',
    bakePng(badgePng('#16a34a', '#0f766e', 'grid'), 'openbadges', JSON.stringify(spreadsheet)),
    'Unverified',
    `Open Badges 2.0 baked into a PNG. Its verification is "hosted": only the issuer's own copy at ${SAMPLE_HOST} can confirm it, and that address does not exist (offline: "not checked: offline").`,
  );

  // 5. OB 2.0 baked SVG.
  const literacy = ob2Assertion({
    slug: 'classroom-data-literacy',
    issuer: { name: "Teachers' Data Collaborative", slug: 'teachers-data-collaborative' },
    issuedOn: '2022-07-01T00:00:00Z',
    name: 'Classroom Data Literacy',
    description:
      'Uses assessment data to plan teaching: reads score distributions, spots gaps and tracks progress over a school year.',
    criteria: 'Submitted a year-long portfolio of data-informed lesson plans.',
    tags: ['Education', 'Assessment'],
    skills: ['Data literacy', 'Teaching'],
  });
  add(
    'ob2-classroom-data-literacy.svg',
    bakeSvg(
      badgeSvg({ from: '#f59e0b', to: '#dc2626', glyph: 'DL', shape: 'shield' }),
      'assertion',
      JSON.stringify(literacy),
    ),
    'Unverified',
    'Open Badges 2.0 baked into an SVG image (`<openbadges:assertion>`), hosted verification at an address that does not exist: unverified.',
  );

  // 6. CLR 2.0 as a VC-JWT, carrying three signed OB 3.0 course credentials.
  const courses = [
    [
      'Descriptive Statistics',
      'Summarises data with measures of centre and spread.',
      ['Statistics'],
      'Σ',
    ],
    ['Databases and SQL', 'Designs small relational schemas and queries them.', ['SQL'], 'DB'],
    [
      'Reporting and Storytelling',
      'Turns an analysis into a short written and spoken report.',
      ['Communication'],
      'R',
    ],
  ] as const;
  const nested: Doc[] = [];
  for (const [i, [name, description, skills, glyph]] of courses.entries()) {
    nested.push(
      await sign(
        ob3(COLLEGE, {
          id: `urn:uuid:0c0ffee0-5a4d-4f6e-9a1b-0000000001${String(i + 1).padStart(2, '0')}`,
          validFrom: '2024-12-20T00:00:00Z',
          achievement: achievement({
            id: `https://www.northfield-college.example/courses/${name.toLowerCase().replace(/\W+/g, '-')}`,
            name,
            description,
            criteria: 'Passed the course with a final grade of B or better.',
            skills: [...skills],
            type: 'Course',
            art: { from: '#475569', to: '#1e293b', glyph, shape: 'hexagon' },
          }),
        }),
        COLLEGE,
        '2024-12-20T09:00:00Z',
      ),
    );
  }
  const clr = {
    '@context': CLR_CONTEXT,
    id: 'urn:uuid:0c0ffee0-5a4d-4f6e-9a1b-000000000100',
    type: ['VerifiableCredential', 'ClrCredential'],
    issuer: { id: COLLEGE.did, type: ['Profile'], name: COLLEGE.name, url: COLLEGE.url },
    validFrom: '2024-12-20T00:00:00Z',
    name: 'Certificate in Data Analytics — Transcript',
    credentialSubject: {
      id: LEARNER,
      type: ['ClrSubject'],
      verifiableCredential: nested,
    },
  };
  add(
    'clr2-data-analytics-transcript.json',
    json(await sign(clr, COLLEGE, '2024-12-20T09:00:00Z')),
    'Verified',
    'A CLR 2.0 transcript as JSON-LD with its own eddsa-rdfc-2022 proof, bundling three course credentials that each carry theirs (each is verified on its own and shows in the library too).',
  );

  // 7. A plain W3C VC 2.0 (not a badge).
  const volunteer = {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: 'urn:uuid:0c0ffee0-5a4d-4f6e-9a1b-000000000007',
    type: ['VerifiableCredential'],
    issuer: { id: VOLUNTEERS.did, name: VOLUNTEERS.name },
    validFrom: '2025-01-31T00:00:00Z',
    name: 'Volunteer Data Coordinator',
    description:
      'Coordinated the sign-up data of 240 volunteers for the 2024 harbour clean-up: designed the form, cleaned the records and reported weekly numbers.',
    credentialSubject: {
      id: LEARNER,
      name: 'Alex Rivera',
      description: 'Volunteer data coordinator, March–November 2024 (about 120 hours).',
    },
  };
  add(
    'vc-volunteer-data-coordinator.json',
    json(await sign(volunteer, VOLUNTEERS, '2025-01-31T09:00:00Z')),
    'Verified',
    'A plain W3C Verifiable Credential 2.0 (no Open Badges vocabulary), signed with eddsa-rdfc-2022 by a did:key issuer.',
  );

  // 8. Expired.
  const firstAid = ob3(FIRST_AID, {
    id: 'urn:uuid:0c0ffee0-5a4d-4f6e-9a1b-000000000008',
    validFrom: '2021-03-10T00:00:00Z',
    validUntil: '2024-03-10T00:00:00Z',
    achievement: achievement({
      id: 'https://lakeside-firstaid.example/courses/workplace-first-aid',
      name: 'Workplace First Aid',
      description: 'Gives first aid at work: resuscitation, wounds, burns and recovery position.',
      criteria: 'Completed the two-day course and its practical assessment. Valid for three years.',
      skills: ['First aid'],
      type: 'Certificate',
      art: { from: '#ef4444', to: '#b91c1c', glyph: '+', shape: 'shield' },
    }),
  });
  add(
    'ob3-workplace-first-aid.json',
    json(await sign(firstAid, FIRST_AID, '2021-03-10T09:00:00Z')),
    'Expired',
    'Signed correctly, but its validUntil (10 March 2024) has passed.',
  );

  // 9. Revoked, through a status list signed by the same issuer.
  const revokedIndex = 94_567;
  const agile = ob3(ACADEMY, {
    id: 'urn:uuid:0c0ffee0-5a4d-4f6e-9a1b-000000000009',
    validFrom: '2024-05-03T00:00:00Z',
    achievement: achievement({
      id: 'https://opendata-academy.example/badges/agile-project-basics',
      name: 'Agile Project Basics',
      description: 'Plans work in sprints, writes user stories and runs a retrospective.',
      criteria: 'Completed the online course and its quiz.',
      skills: ['Project management'],
      art: { from: '#64748b', to: '#334155', glyph: 'AP', shape: 'circle' },
    }),
    extra: {
      credentialStatus: {
        id: `${STATUS_LIST_URL}#${revokedIndex}`,
        type: 'BitstringStatusListEntry',
        statusPurpose: 'revocation',
        statusListIndex: String(revokedIndex),
        statusListCredential: STATUS_LIST_URL,
      },
    },
  });
  add(
    'ob3-agile-project-basics.json',
    json(await sign(agile, ACADEMY, '2024-05-03T09:00:00Z')),
    'Revoked',
    `Signed correctly, but its issuer's Bitstring Status List (status-list-2024-1.json, signed by the same issuer) marks entry ${revokedIndex} as revoked. The list's address (${STATUS_LIST_URL}) does not exist, so the list ships with the samples and is put in the library's download cache when the samples are imported, as if it had just been downloaded; the check says "as of" that moment.`,
  );
  const statusList = await sign(
    {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: STATUS_LIST_URL,
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: ACADEMY.did,
      validFrom: '2024-01-01T00:00:00Z',
      credentialSubject: {
        id: `${STATUS_LIST_URL}#list`,
        type: 'BitstringStatusList',
        statusPurpose: 'revocation',
        encodedList: encodedList([revokedIndex]),
      },
    },
    ACADEMY,
    '2024-09-01T09:00:00Z',
  );

  // 10. Invalid: signed, then edited.
  const ml = await sign(
    ob3(ACADEMY, {
      id: 'urn:uuid:0c0ffee0-5a4d-4f6e-9a1b-000000000010',
      validFrom: '2025-02-14T00:00:00Z',
      achievement: achievement({
        id: 'https://opendata-academy.example/badges/machine-learning-foundations',
        name: 'Machine Learning Foundations',
        description: 'Trains and evaluates regression and classification models with scikit-learn.',
        criteria: 'Passed the course project with a score of 61%.',
        skills: ['Machine learning', 'Python'],
        art: { from: '#9333ea', to: '#4338ca', glyph: 'ML', shape: 'hexagon' },
      }),
    }),
    ACADEMY,
    '2025-02-14T09:00:00Z',
  );
  // Someone "improved" the score after it was signed: the proof no longer matches.
  const subject = ml['credentialSubject'] as { achievement: { criteria: { narrative: string } } };
  subject.achievement.criteria.narrative = 'Passed the course project with a score of 96%.';
  add(
    'ob3-machine-learning-foundations.json',
    json(ml),
    'Invalid',
    'Signed with eddsa-rdfc-2022, then edited (the score in its criteria was changed from 61% to 96%): the proof no longer matches the content.',
  );

  // 11. Self-reported: the document the "Add manually" form stores, read by the normal importer.
  add(
    'self-reported-public-speaking.json',
    json({
      type: 'SelfReportedAchievement',
      format: 'skillfolio-self-reported/1',
      origin: 'manual',
      title: 'Public Speaking Club — Competent Communicator',
      issuer: 'Eastside Speakers Club',
      issuedOn: '2023-09-12',
      description:
        'Gave ten prepared speeches with evaluations at a community public-speaking club. Entered by hand: there is no digital credential for it.',
      skills: ['Public speaking', 'Communication'],
    }),
    'Self-reported',
    'Something Alex entered by hand (the document the "Add manually" form stores): Skillfolio keeps it and always labels it self-reported, since there is nothing to verify.',
  );

  return { samples, statusList: new TextEncoder().encode(json(statusList)) };
}

const PORTFOLIO: SamplesManifest['portfolio'] = {
  name: 'Data Analyst (sample)',
  personName: 'Alex Rivera',
  headline: 'Former maths teacher moving into data analysis',
  targetRole: 'Junior Data Analyst',
  email: LEARNER_EMAIL,
  summary:
    'Eight years of teaching taught me to read assessment data and explain it clearly. Since 2023 I have studied Python, SQL and data visualisation and applied them to real volunteer projects.',
  sections: [
    {
      title: 'Data analysis',
      files: [
        'ob3-sql-fundamentals.jwt',
        'ob3-python-for-analysts.png',
        'clr2-data-analytics-transcript.jwt',
        'ob2-spreadsheet-modelling.png',
      ],
    },
    { title: 'Data visualisation', files: ['ob3-data-visualisation.json'] },
    {
      title: 'Communication and teaching',
      files: [
        'ob2-classroom-data-literacy.svg',
        'vc-volunteer-data-coordinator.json',
        'self-reported-public-speaking.json',
      ],
    },
  ],
};

/** Verifies every sample offline with the app's own engine and fails if one does not show its label. */
async function check(manifest: SamplesManifest): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillfolio-samples-'));
  const session = openSession({ libraryDir: dir, offline: true });
  try {
    for (const list of manifest.statusLists) {
      putCached(session.db, list.url, {
        bytes: fs.readFileSync(path.join(OUT, list.file)),
        mediaType: list.mediaType,
        fetchedAt: new Date().toISOString(),
      });
    }
    const env = verifyEnv(session);
    const all = manifest.credentials;
    const parsed = await Promise.all(
      all.map((c) =>
        parseCredential(new Uint8Array(fs.readFileSync(path.join(OUT, c.file))), { name: c.file }),
      ),
    );
    const trees = await verifyMany(parsed, env);
    let failed = false;
    all.forEach((c, i) => {
      const p = parsed[i];
      const report = trees[i]?.report;
      if (!p || !report) throw new Error(`no report for ${c.file}`);
      const label = trustLabel(report.verdict, p.format).text;
      const children = (trees[i]?.children ?? []).map((t) => t.report.verdict);
      const ok = label === c.label && children.every((v) => v === 'verified');
      if (!ok) failed = true;
      console.log(
        `${ok ? 'ok  ' : 'FAIL'} ${c.file}: ${label}${children.length ? ` (nested: ${children.join(', ')})` : ''} — expected ${c.label}`,
      );
      if (!ok)
        for (const ch of report.checks) console.log(`       ${ch.status} ${ch.id}: ${ch.message}`);
    });
    if (failed) throw new Error('Some samples do not show the label the manifest promises.');
  } finally {
    session.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The README beside the samples: which label each shows and why, from the same manifest the app reads. */
function readme(manifest: SamplesManifest): string {
  const row = (c: { file: string; label: string; why: string }) =>
    `| \`${c.file}\` | **${c.label}** | ${c.why.replace(/\|/g, '\\|')} |`;
  const issuers = [COLLEGE, ACADEMY, VOLUNTEERS, FIRST_AID]
    .map((i) => `- ${i.name}: \`${i.did}\``)
    .join('\n');
  return `# Sample credentials

The empty library offers **Try it with sample credentials**: it imports the files below through the
normal importer (\`library.importSamples\`) and builds the portfolio "${manifest.portfolio.name}"
from them, so the whole product can be seen in a minute. They belong to a fictitious career changer,
${manifest.portfolio.personName}, and fictitious issuers.

Generated by \`npx tsx scripts/make-samples.ts\` (do not edit by hand). The script signs with fixed
sample keys that are published in it on purpose — they sign nothing else — and then verifies every
file offline with Skillfolio's own engine, failing unless each shows the label below.

| file | label | why |
|---|---|---|
${manifest.credentials.map(row).join('\n')}

\`status-list-2024-1.json\` is the Bitstring Status List of Open Data Academy (signed by it) that
revokes \`ob3-agile-project-basics.json\`. \`manifest.json\` lists the files, their labels and the
sample portfolio's sections.

Honest limits:

- "Verified" means the signature checks out against the issuer's \`did:key\`. Nothing binds these
  keys to real organisations (the issuers are made up), which is also true of any \`did:key\` issuer.
- The Open Badges 2.0 samples use hosted verification at \`${SAMPLE_HOST}\`, a name that never
  resolves: they are **Unverified** offline and online. "Verified (issuer-hosted)" needs a real
  issuer's web site and cannot be shown by a sample.
- The revoked sample's status list has no real web address either; it is placed in the library's
  download cache at import time, and the revocation check reports it "as of" that moment.
- Not included: Blockcerts (needs a real blockchain anchor), Europass (needs an eIDAS seal) and PDF
  certificates (no sample can be verified offline).

Sample issuers:

${issuers}
`;
}

async function main(): Promise<void> {
  const { samples, statusList } = await build();
  fs.mkdirSync(OUT, { recursive: true });
  for (const s of samples) fs.writeFileSync(path.join(OUT, s.file), s.bytes);
  fs.writeFileSync(path.join(OUT, 'status-list-2024-1.json'), statusList);
  const manifest: SamplesManifest = {
    format: 'skillfolio-samples',
    version: 1,
    credentials: samples.map(({ file, label, why }) => ({ file, label, why })),
    statusLists: [
      {
        url: STATUS_LIST_URL,
        file: 'status-list-2024-1.json',
        mediaType: 'application/vc+ld+json',
      },
    ],
    portfolio: PORTFOLIO,
  };
  fs.writeFileSync(path.join(OUT, 'manifest.json'), json(manifest));
  fs.writeFileSync(path.join(OUT, 'README.md'), readme(manifest));
  // Read back through the app's own reader, so a manifest it would refuse is caught here.
  await check(readManifest(OUT));
  const issuers = [COLLEGE, ACADEMY, VOLUNTEERS, FIRST_AID].map((i) => `${i.name}: ${i.did}`);
  console.log(`\nWrote ${samples.length + 2} files to ${OUT}\n${issuers.join('\n')}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
