import { generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../shared/errors';
import { parseCredential, sniff, type JsonResolver } from './detect';
import { bakePng } from './png';
import { bakeSvg } from './svg';
import { rejection } from '../../test/helpers/errors';

const enc = (s: string) => new TextEncoder().encode(s);
const PNG_1X1 = new Uint8Array(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    'base64',
  ),
);
const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>';

type Key = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
let key: Key;
beforeAll(async () => {
  ({ privateKey: key } = await generateKeyPair('ES256'));
});

const ob3 = {
  '@context': [
    'https://www.w3.org/ns/credentials/v2',
    'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
  ],
  id: 'urn:uuid:3b0e4c6a-1111-4000-8000-000000000003',
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  issuer: { id: 'did:example:issuer', type: ['Profile'], name: 'Example University' },
  validFrom: '2024-01-01T00:00:00Z',
  credentialSubject: {
    id: 'did:example:learner',
    type: ['AchievementSubject'],
    achievement: {
      id: 'https://example.edu/a/1',
      type: ['Achievement'],
      name: 'Data Literacy',
      criteria: { narrative: 'Pass the exam.' },
    },
  },
};

const ob2Assertion = {
  '@context': 'https://w3id.org/openbadges/v2',
  type: 'Assertion',
  id: 'https://badges.example.org/assertions/9',
  recipient: { type: 'email', hashed: false, identity: 'ada@example.org' },
  issuedOn: '2019-05-05T10:00:00Z',
  badge: 'https://badges.example.org/classes/9.json',
  verification: { type: 'hosted' },
};
const badgeClass = {
  '@context': 'https://w3id.org/openbadges/v2',
  type: 'BadgeClass',
  id: 'https://badges.example.org/classes/9.json',
  name: 'Open Source Contributor',
  criteria: { narrative: 'Merged a pull request.' },
  issuer: { type: 'Profile', id: 'https://badges.example.org/issuer', name: 'Badge Club' },
};

describe('sniff', () => {
  it('recognises each kind by its magic bytes or first characters', async () => {
    expect(sniff(PNG_1X1)).toBe('png');
    expect(sniff(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0]))).toBe('zip');
    expect(sniff(enc('%PDF-1.7\n'))).toBe('pdf');
    expect(sniff(enc('\uFEFF  \n {"a":1}'))).toBe('json');
    expect(sniff(enc('[1]'))).toBe('json');
    expect(sniff(enc(SVG))).toBe('svg');
    expect(sniff(enc('<?xml version="1.0"?><europassCredential/>'))).toBe('xml');
    expect(sniff(enc('  https://badges.example.org/assertions/9 \n'))).toBe('url');
    const token = await new SignJWT(ob3).setProtectedHeader({ alg: 'ES256' }).sign(key);
    expect(sniff(enc(`${token}\n`))).toBe('jwt');
    expect(sniff(enc('eyJhbGciOi but not a token'))).toBe('unknown');
    expect(sniff(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('unknown');
    expect(sniff(new Uint8Array(0))).toBe('unknown');
  });
});

describe('parseCredential: JSON', () => {
  it('keeps the exact input bytes and reads an OB 3.0 credential', async () => {
    const text = `  ${JSON.stringify(ob3, null, 3)}\n\n`;
    const bytes = enc(text);
    const parsed = await parseCredential(bytes, { name: 'badge.json' });
    expect(parsed.format).toBe('ob3');
    expect(parsed.mediaType).toBe('application/ld+json');
    expect(Buffer.from(parsed.original).equals(Buffer.from(bytes))).toBe(true);
    expect(parsed.document).toEqual(ob3);
    expect(parsed.credential.title).toBe('Data Literacy');
  });

  it('reads OB 2.0 JSON with its badge class fetched through the resolver', async () => {
    const resolve: JsonResolver = async (url) => {
      if (url === badgeClass.id) return badgeClass;
      throw new AppError('network', 'not found');
    };
    const parsed = await parseCredential(enc(JSON.stringify(ob2Assertion)), {
      name: 'a.json',
      resolve,
    });
    expect(parsed.format).toBe('ob2');
    expect(parsed.mediaType).toBe('application/json');
    expect(parsed.credential.title).toBe('Open Source Contributor');
    expect(parsed.credential.issuerName).toBe('Badge Club');
    expect(parsed.notes).toEqual([]);
  });

  it('imports OB 2.0 offline with a note when the badge class cannot be fetched', async () => {
    const resolve: JsonResolver = async () => {
      throw new AppError('offline', 'offline');
    };
    const parsed = await parseCredential(enc(JSON.stringify(ob2Assertion)), {
      name: 'a.json',
      resolve,
    });
    expect(parsed.credential.title).toBe('Open Badge (badge class not fetched)');
    expect(parsed.notes).toEqual([
      'Badge class not fetched: offline (https://badges.example.org/classes/9.json)',
    ]);
  });

  it('refuses JSON that is no credential, saying what it is', async () => {
    const cases: [unknown, RegExp][] = [
      [
        { hello: 1 },
        /not a credential Skillfolio can read: expected Open Badges JSON, a VC \(JSON-LD or JWT\), or a baked PNG\/SVG badge/,
      ],
      [[ob3, ob3], /list of 2 items/],
      ['just a string', /single string/],
      [42, /not a credential Skillfolio can read/],
      [
        { '@context': { '@version': 1.1, name: 'http://schema.org/name' } },
        /JSON-LD context document/,
      ],
      [
        { '@context': 'https://www.w3.org/ns/did/v1', id: 'did:example:1', verificationMethod: [] },
        /DID document/,
      ],
      [
        {
          type: 'DataIntegrityProof',
          cryptosuite: 'eddsa-rdfc-2022',
          verificationMethod: 'did:key:z#z',
          proofValue: 'z1',
        },
        /proof .* on its own/,
      ],
      [
        {
          '@context': ['https://www.w3.org/ns/credentials/v2'],
          type: ['VerifiablePresentation'],
          verifiableCredential: [ob3],
        },
        /presentation, not a credential/,
      ],
    ];
    for (const [doc, message] of cases) {
      const err = await rejection(parseCredential(enc(JSON.stringify(doc)), { name: 'x.json' }));
      expect(err.code).toBe('unsupported-format');
      expect(err.message).toMatch(message);
    }
  });

  it('imports a status list credential as a plain VC', async () => {
    const status = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: 'https://status.example/1',
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: 'did:example:issuer',
      credentialSubject: {
        id: 'https://status.example/1#list',
        type: 'BitstringStatusList',
        statusPurpose: 'revocation',
        encodedList: 'uH4sI',
      },
    };
    const parsed = await parseCredential(enc(JSON.stringify(status)), { name: 's.json' });
    expect(parsed.format).toBe('vc');
    expect(parsed.credential.title).toBe('Bitstring Status List Credential');
  });

  it('keeps expired and not-yet-valid credentials (they are history, not garbage)', async () => {
    const expired = {
      ...ob3,
      validFrom: '2001-01-01T00:00:00Z',
      validUntil: '2002-01-01T00:00:00Z',
    };
    const future = { ...ob3, validFrom: '2999-01-01T00:00:00Z' };
    expect(
      (await parseCredential(enc(JSON.stringify(expired)), { name: 'e.json' })).credential
        .validUntil,
    ).toBe('2002-01-01T00:00:00.000Z');
    expect(
      (await parseCredential(enc(JSON.stringify(future)), { name: 'f.json' })).credential.validFrom,
    ).toBe('2999-01-01T00:00:00.000Z');
  });

  it('reads a Europass credential wrapped as "uploadable" or sealed as a JAdES JWS JSON', async () => {
    const edc = {
      '@context': [
        'https://www.w3.org/2018/credentials/v1',
        'http://data.europa.eu/snb/model/context/edc-ap',
      ],
      type: ['VerifiableCredential', 'EuropeanDigitalCredential'],
      issuer: { id: 'urn:epass:org:1', legalName: { en: 'University of Zed' } },
      credentialSubject: {
        id: 'urn:epass:person:1',
        hasClaim: { type: 'LearningAchievement', title: { en: 'Micro-module' } },
      },
    };
    const uploadable = await parseCredential(enc(JSON.stringify({ credential: edc })), {
      name: 'u.json',
    });
    expect([uploadable.format, uploadable.credential.title]).toEqual(['europass', 'Micro-module']);
    const sealedDoc = {
      payload: JSON.stringify(edc),
      signatures: [{ protected: 'eyJhbGciOiJSUzI1NiJ9', signature: 'AAAA' }],
    };
    const sealed = await parseCredential(enc(JSON.stringify(sealedDoc)), { name: 's.jsonld' });
    expect([sealed.format, sealed.mediaType, sealed.credential.issuerName]).toEqual([
      'europass',
      'application/jose+json',
      'University of Zed',
    ]);
    expect(sealed.document).toEqual(sealedDoc);
  });
});

describe('parseCredential: hostile JSON', () => {
  it('refuses prototype-pollution keys, absurd nesting, trailing garbage, non-UTF-8 and huge files', async () => {
    const polluted = enc('{"type":["VerifiableCredential"],"__proto__":{"admin":true}}');
    expect((await rejection(parseCredential(polluted, { name: 'p.json' }))).code).toBe(
      'unsafe-content',
    );
    expect(({} as Record<string, unknown>)['admin']).toBeUndefined();
    const deep = enc(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect((await rejection(parseCredential(deep, { name: 'd.json' }))).code).toBe('too-large');
    expect(
      (await rejection(parseCredential(enc(`${JSON.stringify(ob3)} trailing`), { name: 't.json' })))
        .code,
    ).toBe('malformed');
    const latin1 = new Uint8Array([...enc('{"name":"caf'), 0xe9, ...enc('"}')]);
    expect((await rejection(parseCredential(latin1, { name: 'l.json' }))).code).toBe('encoding');
    const huge = new Uint8Array(17 * 1024 * 1024).fill(0x20);
    huge[0] = 0x7b;
    expect((await rejection(parseCredential(huge, { name: 'h.json' }))).code).toBe('too-large');
  });

  it('clips a 1 MB credential name', async () => {
    const big = {
      ...ob3,
      credentialSubject: {
        ...ob3.credentialSubject,
        achievement: { name: 'Z'.repeat(1024 * 1024) },
      },
    };
    const parsed = await parseCredential(enc(JSON.stringify(big)), { name: 'big.json' });
    expect(parsed.credential.title.length).toBeLessThanOrEqual(1000);
  });
});

describe('parseCredential: tokens', () => {
  it('reads a VC-JWT file and keeps its exact bytes (trailing newline included)', async () => {
    const token = await new SignJWT(ob3)
      .setProtectedHeader({ alg: 'ES256', typ: 'vc+jwt' })
      .sign(key);
    const bytes = enc(`${token}\n`);
    const parsed = await parseCredential(bytes, { name: 'badge.jwt' });
    expect(parsed.format).toBe('ob3');
    expect(parsed.mediaType).toBe('application/vc+jwt');
    expect(Buffer.from(parsed.original).equals(Buffer.from(bytes))).toBe(true);
    expect(parsed.document).toEqual(ob3);
  });

  it('refuses a token whose payload is not JSON as malformed', async () => {
    const bad = `${Buffer.from('{"alg":"ES256"}').toString('base64url')}.${Buffer.from('not json').toString('base64url')}.c2ln`;
    expect((await rejection(parseCredential(enc(bad), { name: 'bad.jwt' }))).code).toBe(
      'malformed',
    );
  });
});

describe('parseCredential: baked badges', () => {
  it('reads an OB 3.0 credential baked into a PNG; the PNG is the original and the image', async () => {
    const png = bakePng(PNG_1X1, 'openbadgecredential', JSON.stringify(ob3));
    const parsed = await parseCredential(png, { name: 'badge.png' });
    expect(parsed.format).toBe('ob3');
    expect(parsed.mediaType).toBe('image/png');
    expect(parsed.original).toBe(png);
    expect(parsed.document).toEqual(ob3);
    expect(parsed.credential.title).toBe('Data Literacy');
    expect(parsed.credential.image).toEqual({ kind: 'bytes', mediaType: 'image/png', bytes: png });
  });

  it('reads a VC-JWT baked into a PNG', async () => {
    const token = await new SignJWT(ob3)
      .setProtectedHeader({ alg: 'ES256', typ: 'vc+jwt' })
      .sign(key);
    const parsed = await parseCredential(bakePng(PNG_1X1, 'openbadgecredential', token), {
      name: 'badge.png',
    });
    expect([parsed.format, parsed.mediaType, parsed.credential.title]).toEqual([
      'ob3',
      'image/png',
      'Data Literacy',
    ]);
    expect(parsed.document).toEqual(ob3);
  });

  it('reads an OB 2.0 assertion baked into an SVG', async () => {
    const svg = enc(
      bakeSvg(
        SVG,
        'assertion',
        JSON.stringify({ ...ob2Assertion, badge: badgeClass }),
        ob2Assertion.id,
      ),
    );
    const parsed = await parseCredential(svg, { name: 'badge.svg' });
    expect(parsed.format).toBe('ob2');
    expect(parsed.mediaType).toBe('image/svg+xml');
    expect(parsed.credential.title).toBe('Open Source Contributor');
    expect(parsed.credential.image?.kind).toBe('bytes');
    expect(Buffer.from(parsed.original).equals(Buffer.from(svg))).toBe(true);
  });

  it('follows a baked hosted-assertion URL when allowed, and keeps a placeholder with a note when not', async () => {
    const png = bakePng(PNG_1X1, 'openbadges', ob2Assertion.id);
    const offline = await parseCredential(png, { name: 'old.png' });
    expect(offline.credential.title).toBe('Open Badge (assertion not fetched)');
    expect(offline.notes[0]).toMatch(/^Assertion not fetched: .*assertions\/9/);
    const resolve: JsonResolver = async (url) =>
      url === ob2Assertion.id ? ob2Assertion : badgeClass;
    const online = await parseCredential(png, { name: 'old.png', resolve });
    expect(online.credential.title).toBe('Open Source Contributor');
    expect(online.credential.image?.kind).toBe('bytes');
  });

  it('refuses baked data that is broken, and images with nothing baked in', async () => {
    expect(
      (
        await rejection(
          parseCredential(bakePng(PNG_1X1, 'openbadges', '{not json'), { name: 'b.png' }),
        )
      ).code,
    ).toBe('malformed');
    expect(
      (
        await rejection(
          parseCredential(bakePng(PNG_1X1, 'openbadges', 'hello there'), { name: 'b.png' }),
        )
      ).code,
    ).toBe('malformed');
    const unbaked = await rejection(parseCredential(PNG_1X1, { name: 'plain.png' }));
    expect(unbaked.code).toBe('unsupported-format');
    expect((await rejection(parseCredential(enc(SVG), { name: 'plain.svg' }))).code).toBe(
      'unsupported-format',
    );
  });
});

describe('parseCredential: things that are not parsed here', () => {
  it('says what a URL, ZIP, other XML, JPEG or random bytes are', async () => {
    const cases: [Uint8Array, RegExp][] = [
      [enc('https://badges.example.org/assertions/9'), /web address \(URL\)/],
      [new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]), /ZIP archive/],
      [
        enc('<?xml version="1.0"?><rss version="2.0"><channel/></rss>'),
        /XML document but not a European Digital Credential/,
      ],
      [new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]), /JPEG image/],
      [new Uint8Array([1, 2, 3, 4, 5, 250, 251]), /not a credential Skillfolio can read/],
    ];
    for (const [bytes, message] of cases) {
      const err = await rejection(parseCredential(bytes, { name: 'x' }));
      expect(err.code).toBe('unsupported-format');
      expect(err.message).toMatch(message);
    }
  });

  it('reads a Europass XML credential', async () => {
    const xml = enc(
      '<europassCredential xmlns="http://data.europa.eu/snb"><title><text lang="en">Certificate of Completion</text></title></europassCredential>',
    );
    const parsed = await parseCredential(xml, { name: 'c.xml' });
    expect([parsed.format, parsed.mediaType, parsed.credential.title]).toEqual([
      'europass',
      'application/xml',
      'Certificate of Completion',
    ]);
    expect(parsed.original).toBe(xml);
  });
});
