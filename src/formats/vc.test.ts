import { generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../shared/errors';
import { classifyVc, decodeCompactJws, decodeVc, parseJwtText } from './vc';

type Key = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
let key: Key;

beforeAll(async () => {
  ({ privateKey: key } = await generateKeyPair('ES256'));
});

function b64url(v: unknown): string {
  return Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
}

const ob3 = {
  '@context': [
    'https://www.w3.org/ns/credentials/v2',
    'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
  ],
  id: 'urn:uuid:7f6a1c2e-0000-4000-8000-000000000001',
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  name: 'Teamwork Badge credential',
  issuer: {
    id: 'did:example:issuer',
    type: ['Profile'],
    name: { en: 'Example University', fr: 'Université Exemple' },
  },
  validFrom: '2024-01-01T00:00:00Z',
  validUntil: '2034-01-01T00:00:00+01:00',
  credentialSubject: {
    id: 'did:example:learner',
    type: ['AchievementSubject'],
    achievement: {
      id: 'https://example.edu/achievements/teamwork',
      type: ['Achievement'],
      name: 'Teamwork',
      description: 'Works well in a team.',
      achievementType: 'Badge',
      criteria: { narrative: 'Led a project of five people.' },
      fieldOfStudy: 'Management',
      image: { id: 'https://example.edu/teamwork.png', type: 'Image' },
      tag: ['soft skills', 'collaboration'],
      alignment: [
        {
          type: ['Alignment'],
          targetName: 'Teamwork (ESCO)',
          targetUrl: 'http://data.europa.eu/esco/skill/1',
        },
      ],
    },
  },
  evidence: [{ id: 'https://example.edu/evidence/1', name: 'Project report' }],
};

describe('Open Badges 3.0 and other VCs as JSON-LD', () => {
  it('normalises an OB 3.0 credential', async () => {
    const { format, credential: c, notes, children } = await decodeVc(ob3, {});
    expect(format).toBe('ob3');
    expect(c.title).toBe('Teamwork');
    expect(c.description).toBe('Works well in a team.');
    expect(c.credentialId).toBe(ob3.id);
    expect(c.issuerName).toBe('Example University');
    expect(c.issuerId).toBe('did:example:issuer');
    expect(c.issuedOn).toBe('2024-01-01T00:00:00.000Z');
    expect(c.validFrom).toBe('2024-01-01T00:00:00.000Z');
    expect(c.validUntil).toBe('2033-12-31T23:00:00.000Z');
    expect(c.recipient).toBe('did:example:learner');
    expect(c.achievement).toEqual({
      id: 'https://example.edu/achievements/teamwork',
      name: 'Teamwork',
      description: 'Works well in a team.',
      type: 'Badge',
      criteria: 'Led a project of five people.',
      fieldOfStudy: 'Management',
    });
    expect(c.tags).toEqual(['soft skills', 'collaboration']);
    expect(c.alignments).toEqual([
      { targetName: 'Teamwork (ESCO)', targetUrl: 'http://data.europa.eu/esco/skill/1' },
    ]);
    expect(c.image).toEqual({ kind: 'url', url: 'https://example.edu/teamwork.png' });
    expect(c.evidence).toEqual([{ id: 'https://example.edu/evidence/1', name: 'Project report' }]);
    expect(notes).toEqual([]);
    expect(children).toEqual([]);
  });

  it('takes the recipient from an OB 3.0 identifier when the subject has no id', async () => {
    const subject = {
      type: ['AchievementSubject'],
      identifier: [
        {
          type: 'IdentityObject',
          identityHash: 'sha256$c0ffee',
          identityType: 'emailAddress',
          hashed: true,
        },
      ],
      achievement: ob3.credentialSubject.achievement,
    };
    const { credential } = await decodeVc({ ...ob3, credentialSubject: subject }, {});
    expect(credential.recipient).toBe('sha256$c0ffee');
  });

  it('reads a VC 1.1 (issuanceDate, expirationDate, string issuer) and falls back to the type for a title', async () => {
    const vc11 = {
      '@context': ['https://www.w3.org/2018/credentials/v1'],
      type: ['VerifiableCredential', 'UniversityDegreeCredential'],
      issuer: 'https://example.edu/issuers/14',
      issuanceDate: '2010-01-01T19:23:24Z',
      expirationDate: '2020-01-01T19:23:24Z',
      credentialSubject: {
        id: 'did:example:ebfeb1f712ebc6f1c276e12ec21',
        degree: { type: 'BachelorDegree' },
      },
    };
    const { format, credential: c } = await decodeVc(vc11, {});
    expect(format).toBe('vc');
    expect(c.title).toBe('University Degree Credential');
    expect(c.issuerId).toBe('https://example.edu/issuers/14');
    expect(c.issuerName).toBeNull();
    expect(c.issuedOn).toBe('2010-01-01T19:23:24.000Z');
    expect(c.validFrom).toBeNull();
    expect(c.validUntil).toBe('2020-01-01T19:23:24.000Z');
  });

  it('reads a VC 2.0 language-mapped name (English, else the first language)', async () => {
    const vc = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiableCredential'],
      issuer: 'did:example:x',
      name: [
        { '@value': "Carte d'identité", '@language': 'fr' },
        { '@value': 'Id card', '@language': 'en' },
      ],
      credentialSubject: { id: 'did:example:y' },
    };
    expect((await decodeVc(vc, {})).credential.title).toBe('Id card');
  });

  it('refuses a VC without credentialSubject or issuer as malformed', async () => {
    const { credentialSubject: _s, ...noSubject } = ob3;
    const { issuer: _i, ...noIssuer } = ob3;
    await expect(decodeVc(noSubject, {})).rejects.toMatchObject({
      code: 'malformed',
      message: expect.stringMatching(/credentialSubject/),
    });
    await expect(decodeVc(noIssuer, {})).rejects.toMatchObject({
      code: 'malformed',
      message: expect.stringMatching(/no issuer/),
    });
  });

  it('refuses a Verifiable Presentation, saying what it is', async () => {
    const vp = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiablePresentation'],
      verifiableCredential: [ob3],
    };
    await expect(decodeVc(vp, {})).rejects.toMatchObject({
      code: 'unsupported-format',
      message: expect.stringMatching(
        /presentation, not a credential; import the credentials inside/,
      ),
    });
  });

  it('classifies Blockcerts v3, Europass and status list credentials', () => {
    const base = {
      '@context': ['https://www.w3.org/2018/credentials/v1'],
      issuer: 'did:x',
      credentialSubject: { id: 'did:y' },
    };
    expect(
      classifyVc({ ...base, type: ['VerifiableCredential'], proof: { type: 'MerkleProof2019' } }),
    ).toBe('blockcerts');
    expect(
      classifyVc({ ...base, type: ['VerifiableCredential', 'EuropeanDigitalCredential'] }),
    ).toBe('europass');
    expect(
      classifyVc({ ...base, type: ['VerifiableCredential', 'BitstringStatusListCredential'] }),
    ).toBe('vc');
    expect(classifyVc({ ...base, type: ['VerifiableCredential', 'AchievementCredential'] })).toBe(
      'ob3',
    );
  });

  it('names a Blockcerts v3 issuer from its profile when it may be fetched, and notes it when not', async () => {
    const bc = {
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://w3id.org/blockcerts/v3'],
      type: ['VerifiableCredential', 'BlockcertsCredential'],
      issuer: 'https://issuer.example/profile.json',
      validFrom: '2022-07-13T20:21:40Z',
      credentialSubject: {
        id: 'did:example:z',
        claim: { name: 'Master of Puppets', description: 'Awarded to those who rock' },
      },
    };
    const online = await decodeVc(bc, { resolve: async () => ({ name: 'Hyland' }) });
    expect(online.credential.title).toBe('Master of Puppets');
    expect(online.credential.issuerName).toBe('Hyland');
    const offline = await decodeVc(bc, {});
    expect(offline.credential.issuerName).toBeNull();
    expect(offline.notes).toEqual([
      'Issuer profile not fetched: working offline (https://issuer.example/profile.json)',
    ]);
  });

  it('reads a European Digital Credential title from its claim, then its display title', async () => {
    const edc = {
      '@context': [
        'https://www.w3.org/2018/credentials/v1',
        'http://data.europa.eu/snb/model/context/edc-ap',
      ],
      type: ['VerifiableCredential', 'EuropeanDigitalCredential'],
      issuer: {
        id: 'urn:epass:org:1',
        type: 'Organisation',
        legalName: { en: 'University of Zed' },
      },
      validFrom: '2022-12-31T23:00:00Z',
      displayParameter: {
        title: { en: 'Micro-Credential' },
        description: { en: 'has completed a module' },
      },
      credentialSubject: {
        id: 'urn:epass:person:1',
        hasClaim: {
          id: 'urn:epass:ach:1',
          type: 'LearningAchievement',
          title: { en: 'Digital micro-credential creation' },
        },
      },
    };
    const { format, credential: c } = await decodeVc(edc, {});
    expect(format).toBe('europass');
    expect(c.title).toBe('Digital micro-credential creation');
    expect(c.issuerName).toBe('University of Zed');
    expect(c.description).toBe('has completed a module');
    expect(c.achievement?.type).toBe('LearningAchievement');
    const noClaim = { ...edc, credentialSubject: { id: 'urn:epass:person:1' } };
    expect((await decodeVc(noClaim, {})).credential.title).toBe('Micro-Credential');
  });
});

describe('CLR 2.0 bundles', () => {
  it('makes each nested credential (JSON object or JWT) a child with its own original bytes', async () => {
    const second = {
      ...ob3,
      id: 'urn:uuid:second',
      credentialSubject: {
        ...ob3.credentialSubject,
        achievement: { ...ob3.credentialSubject.achievement, name: 'Leadership' },
      },
    };
    const jwt = await new SignJWT({ ...second, id: 'urn:uuid:third' })
      .setProtectedHeader({ alg: 'ES256', typ: 'vc+jwt' })
      .sign(key);
    const clr = {
      '@context': [
        'https://www.w3.org/ns/credentials/v2',
        'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json',
      ],
      id: 'urn:uuid:clr-1',
      type: ['VerifiableCredential', 'ClrCredential'],
      name: 'Transcript 2024',
      issuer: { id: 'did:example:issuer', type: ['Profile'], name: 'Example University' },
      validFrom: '2024-06-01T00:00:00Z',
      credentialSubject: {
        id: 'did:example:learner',
        type: ['ClrSubject'],
        verifiableCredential: [ob3, jwt, { hello: 1 }, 42],
      },
    };
    const { format, credential, children, notes } = await decodeVc(clr, {});
    expect(format).toBe('clr2');
    expect(credential.title).toBe('Transcript 2024');
    expect(children.map((c) => [c.format, c.credential.title, c.mediaType])).toEqual([
      ['ob3', 'Teamwork', 'application/ld+json'],
      ['ob3', 'Leadership', 'application/vc+jwt'],
    ]);
    expect(new TextDecoder().decode(children[0]!.original)).toBe(JSON.stringify(ob3));
    expect(children[0]!.notes[0]).toMatch(/re-serialised JSON/);
    expect(new TextDecoder().decode(children[1]!.original)).toBe(jwt);
    expect(notes).toEqual([
      'Nested credential 3 not read: it is not a Verifiable Credential',
      'Nested credential 4 not read: it is neither a JSON credential nor a JWT',
    ]);
  });

  it('stops following CLRs nested inside CLRs after a few levels', async () => {
    let doc: Record<string, unknown> = ob3;
    for (let i = 0; i < 10; i++) {
      doc = {
        '@context': ['https://www.w3.org/ns/credentials/v2'],
        type: ['VerifiableCredential', 'ClrCredential'],
        name: `Level ${i}`,
        issuer: 'did:example:issuer',
        credentialSubject: { id: 'did:example:learner', verifiableCredential: [doc] },
      };
    }
    let depth = 0;
    let node = await decodeVc(doc, {});
    while (node.children[0]) {
      depth++;
      node = node.children[0];
    }
    expect(depth).toBe(4);
    expect(node.notes.join(' ')).toMatch(/nested more than 4 deep/);
  });
});

describe('VC-JWT and signed Open Badges 2.0', () => {
  it('reads a VC 1.1 JWT, filling the credential from iss/jti/sub/nbf/exp', async () => {
    const { id: _id, issuer: _issuer, validFrom: _vf, validUntil: _vu, ...vc } = ob3;
    const { id: _sid, ...subject } = ob3.credentialSubject;
    const token = await new SignJWT({ vc: { ...vc, credentialSubject: subject } })
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
      .setIssuer('did:example:issuer')
      .setJti('urn:uuid:jwt-1')
      .setSubject('did:example:learner')
      .setNotBefore(1704067200)
      .setExpirationTime(2019686400)
      .sign(key);
    const parsed = await parseJwtText(token, {});
    expect(parsed.format).toBe('ob3');
    expect(parsed.mediaType).toBe('application/jwt');
    expect(new TextDecoder().decode(parsed.original)).toBe(token);
    expect(parsed.document).toMatchObject({ iss: 'did:example:issuer', vc: { type: ob3.type } });
    const c = parsed.credential;
    expect(c.title).toBe('Teamwork');
    expect(c.issuerId).toBe('did:example:issuer');
    expect(c.credentialId).toBe('urn:uuid:jwt-1');
    expect(c.recipient).toBe('did:example:learner');
    expect(c.issuedOn).toBe('2024-01-01T00:00:00.000Z');
    expect(c.validUntil).toBe('2034-01-01T00:00:00.000Z');
  });

  it('reads a VC 2.0 vc+jwt whose payload is the credential', async () => {
    const token = await new SignJWT(ob3)
      .setProtectedHeader({ alg: 'ES256', typ: 'vc+jwt' })
      .sign(key);
    const parsed = await parseJwtText(token, {});
    expect(parsed.format).toBe('ob3');
    expect(parsed.mediaType).toBe('application/vc+jwt');
    expect(parsed.document).toEqual(ob3);
  });

  it('reads an OB 2.0 signed assertion (JWS whose payload is the assertion)', async () => {
    const assertion = {
      '@context': 'https://w3id.org/openbadges/v2',
      type: 'Assertion',
      id: 'urn:uuid:signed-1',
      recipient: { type: 'email', hashed: false, identity: 'ada@example.org' },
      issuedOn: '2020-02-02',
      badge: {
        type: 'BadgeClass',
        name: 'Signed Badge',
        issuer: { type: 'Profile', id: 'https://i.example/p', name: 'Signer' },
      },
      verification: { type: 'signed', creator: 'https://i.example/key' },
    };
    const token = await new SignJWT(assertion).setProtectedHeader({ alg: 'ES256' }).sign(key);
    const parsed = await parseJwtText(token, {});
    expect(parsed.format).toBe('ob2');
    expect(parsed.mediaType).toBe('application/jwt');
    expect(parsed.credential.title).toBe('Signed Badge');
    expect(parsed.credential.recipient).toBe('ada@example.org');
  });

  it('parses an alg "none" token (refusing it is the verifier\'s job, with a verdict)', async () => {
    const token = `${b64url({ alg: 'none' })}.${b64url(ob3)}.`;
    const parsed = await parseJwtText(token, {});
    expect(parsed.credential.title).toBe('Teamwork');
  });

  it('refuses tokens whose header or payload is not JSON as malformed', () => {
    expect(() => decodeCompactJws(`${b64url('not json')}.${b64url(ob3)}.sig`)).toThrow(
      expect.objectContaining({
        code: 'malformed',
        message: expect.stringMatching(/header is not JSON/),
      }),
    );
    expect(() => decodeCompactJws(`${b64url({ alg: 'ES256' })}.${b64url('{broken')}.sig`)).toThrow(
      expect.objectContaining({
        code: 'malformed',
        message: expect.stringMatching(/payload is not JSON/),
      }),
    );
    expect(() => decodeCompactJws(`${b64url({ alg: 'ES256' })}.${b64url([1, 2])}.sig`)).toThrow(
      expect.objectContaining({ code: 'malformed' }),
    );
  });

  it('refuses a part one character past a whole base64url group, which no encoder writes', () => {
    let json = JSON.stringify(ob3);
    while (Buffer.from(json).toString('base64url').length % 4 !== 0) json += ' ';
    const payload = `${Buffer.from(json).toString('base64url')}A`;
    // Buffer alone would read it (dropping the last character): the check is ours.
    expect(Buffer.from(payload, 'base64url').toString()).toBe(json);
    expect(() => decodeCompactJws(`${b64url({ alg: 'ES256' })}.${payload}.sig`)).toThrow(
      expect.objectContaining({ code: 'malformed', message: expect.stringMatching(/base64url/) }),
    );
  });

  it('refuses prototype-pollution keys inside a token payload', () => {
    const payload = Buffer.from('{"vc":{"__proto__":{"polluted":true}}}').toString('base64url');
    expect(() => decodeCompactJws(`${b64url({ alg: 'ES256' })}.${payload}.sig`)).toThrow(
      expect.objectContaining({ code: 'unsafe-content' }),
    );
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('refuses encrypted tokens and tokens that carry no credential', async () => {
    expect(() => decodeCompactJws('eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d')).toThrow(
      expect.objectContaining({ code: 'unsupported-format' }),
    );
    const token = await new SignJWT({ sub: 'someone', scope: 'login' })
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
      .sign(key);
    await expect(parseJwtText(token, {})).rejects.toMatchObject({
      code: 'unsupported-format',
      message: expect.stringMatching(/carries no credential/),
    });
    const vpToken = await new SignJWT({
      vp: { type: ['VerifiablePresentation'], verifiableCredential: [ob3] },
    })
      .setProtectedHeader({ alg: 'ES256' })
      .sign(key);
    await expect(parseJwtText(vpToken, {})).rejects.toBeInstanceOf(AppError);
  });
});
