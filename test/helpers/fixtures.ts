// Generates our own credentials in every format the importer reads: for tests, benchmarks and samples.
import { deflateSync } from 'node:zlib';
import { generateKeyPair, SignJWT } from 'jose';
import { pngChunk } from '../../src/formats/png';

export const OB3_CONTEXT = [
  'https://www.w3.org/ns/credentials/v2',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
];

export type FixtureOptions = {
  n: number;
  title?: string;
  issuer?: string;
  tags?: string[];
  alignments?: string[];
  description?: string;
  validUntil?: string;
};

/** An OB 2.0 assertion with its BadgeClass and Issuer embedded (as backpacks export them). */
export function ob2Assertion(o: FixtureOptions): string {
  const issuer = o.issuer ?? `Issuer ${o.n % 17}`;
  return JSON.stringify({
    '@context': 'https://w3id.org/openbadges/v2',
    type: 'Assertion',
    id: `https://badges.example.org/assertions/${o.n}`,
    recipient: { type: 'email', hashed: false, identity: `learner${o.n}@example.org` },
    issuedOn: new Date(Date.UTC(2020, 0, 1) + o.n * 3_600_000).toISOString(),
    ...(o.validUntil ? { expires: o.validUntil } : {}),
    verification: { type: 'hosted' },
    badge: {
      type: 'BadgeClass',
      id: `https://badges.example.org/badges/${o.n % 50}`,
      name: o.title ?? `Data Analysis Level ${o.n}`,
      description: o.description ?? `Awarded for completing module ${o.n} of the data analysis track.`,
      image: 'https://badges.example.org/images/badge.png',
      criteria: { narrative: 'Completed every assignment and the final project.' },
      tags: o.tags ?? ['SQL', `Topic ${o.n % 30}`],
      alignment: (o.alignments ?? ['Data Visualization']).map((t) => ({
        targetName: t,
        targetUrl: `https://skills.example.org/${encodeURIComponent(t)}`,
      })),
      issuer: {
        type: 'Profile',
        id: `https://badges.example.org/issuers/${o.n % 17}`,
        name: issuer,
        url: 'https://badges.example.org',
      },
    },
  });
}

/** An OB 3.0 OpenBadgeCredential as JSON-LD (unsigned: proofs come with the verification issue). */
export function ob3Object(o: FixtureOptions): Record<string, unknown> {
  return {
    '@context': OB3_CONTEXT,
    id: `urn:uuid:7f6e8a52-0000-4000-8000-${String(o.n).padStart(12, '0')}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: {
      id: `https://university.example.edu/issuers/${o.n % 13}`,
      type: ['Profile'],
      name: o.issuer ?? `University of Example ${o.n % 13}`,
    },
    validFrom: new Date(Date.UTC(2021, 5, 1) + o.n * 3_600_000).toISOString().replace('.000', ''),
    ...(o.validUntil ? { validUntil: o.validUntil } : {}),
    name: o.title ?? `Python Programming ${o.n}`,
    credentialSubject: {
      id: `did:example:learner${o.n}`,
      type: ['AchievementSubject'],
      achievement: {
        id: `https://university.example.edu/achievements/${o.n % 40}`,
        type: ['Achievement'],
        achievementType: 'Badge',
        name: o.title ?? `Python Programming ${o.n}`,
        description: o.description ?? 'Writes, tests and packages Python programs.',
        criteria: { narrative: 'Passed the programming assessment.' },
        tag: o.tags ?? ['Python', `Topic ${o.n % 30}`],
        alignment: (o.alignments ?? ['Software Development']).map((t) => ({
          type: ['Alignment'],
          targetName: t,
          targetUrl: `https://skills.example.org/${encodeURIComponent(t)}`,
          targetFramework: 'Example Skills Framework',
        })),
      },
    },
  };
}

export function ob3Credential(o: FixtureOptions): string {
  return JSON.stringify(ob3Object(o), null, 2);
}

/** A CLR 2.0 bundle holding `count` OB 3.0 credentials. */
export function clr2Credential(o: FixtureOptions & { count: number }): string {
  return JSON.stringify({
    '@context': [
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ],
    id: `urn:uuid:c1a20000-0000-4000-8000-${String(o.n).padStart(12, '0')}`,
    type: ['VerifiableCredential', 'ClrCredential'],
    issuer: { id: 'https://college.example.edu', type: ['Profile'], name: o.issuer ?? 'Example College' },
    validFrom: '2023-06-30T00:00:00Z',
    name: o.title ?? `Transcript ${o.n}`,
    credentialSubject: {
      type: ['ClrSubject'],
      id: `did:example:learner${o.n}`,
      verifiableCredential: Array.from({ length: o.count }, (_, i) =>
        ob3Object({ n: o.n * 1000 + i + 1, title: `Course ${i + 1} of transcript ${o.n}` }),
      ),
    },
  });
}

export type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

export async function newSigningKey(): Promise<SigningKey> {
  return (await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true })).privateKey;
}

/** A VC 2.0 VC-JWT (`application/vc+jwt`): the payload is the credential itself. */
export async function vcJwt(o: FixtureOptions, key: SigningKey): Promise<string> {
  const cred = ob3Object(o);
  return new SignJWT(cred as Record<string, unknown>)
    .setProtectedHeader({ alg: 'EdDSA', typ: 'vc+jwt', kid: `${(cred.issuer as { id: string }).id}#key-1` })
    .sign(key);
}

/**
 * An 8-bit RGBA PNG from its scanlines as PNG stores them (each row a filter byte, then
 * width × 4 samples), compressed at `level`.
 */
export function rgbaPng(width: number, height: number, scanlines: Uint8Array, level = 6): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      pngChunk('IHDR', ihdr),
      pngChunk('IDAT', deflateSync(scanlines, { level })),
      pngChunk('IEND', new Uint8Array(0)),
    ]),
  );
}

/** A real, decodable RGBA PNG of one colour (default 64×64). */
export function solidPng(width = 64, height = 64, rgba: [number, number, number, number] = [37, 99, 235, 255]): Uint8Array {
  const row = Buffer.alloc(1 + width * 4);
  for (let x = 0; x < width; x++) row.set(rgba, 1 + x * 4);
  return rgbaPng(width, height, Buffer.concat(Array.from({ length: height }, () => row)));
}

export { pngChunk };

export const PLAIN_SVG =
  '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64"><circle cx="32" cy="32" r="30" fill="#2563eb"/></svg>\n';
