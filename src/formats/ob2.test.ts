import { describe, expect, it } from 'vitest';
import { AppError } from '../shared/errors';
import {
  decodeBlockcertsV1,
  decodeOb2Assertion,
  decodeOb2BadgeClass,
  decodeOb2Issuer,
  isOb2Assertion,
  isOb2BadgeClass,
  isOb2Issuer,
} from './ob2';

const BADGE_URL = 'https://badges.example.org/classes/robotics.json';
const ISSUER_URL = 'https://badges.example.org/issuer.json';

const badgeClass = {
  '@context': 'https://w3id.org/openbadges/v2',
  type: 'BadgeClass',
  id: BADGE_URL,
  name: '  Awesome Robotics  ',
  description: 'For building a robot that sorts socks.',
  image: 'https://badges.example.org/robotics.png',
  criteria: { id: 'https://badges.example.org/criteria', narrative: 'Build and demo a robot.' },
  issuer: ISSUER_URL,
  tags: ['robotics', 'STEM', 'robotics'],
  alignment: [
    {
      targetName: 'Engineering design',
      targetCode: 'ETS1',
      targetFramework: 'NGSS',
      targetUrl: 'https://www.nextgenscience.org/',
    },
    { targetCode: 'no-name' },
  ],
};

const issuerProfile = {
  '@context': 'https://w3id.org/openbadges/v2',
  type: 'Issuer',
  id: ISSUER_URL,
  name: 'Example Robotics Club',
  url: 'https://club.example.org',
};

const assertion = {
  '@context': 'https://w3id.org/openbadges/v2',
  type: 'Assertion',
  id: 'https://badges.example.org/assertions/123',
  recipient: {
    type: 'email',
    hashed: true,
    salt: 'deadsea',
    identity: 'sha256$ecf5409f3f4b91ab60cc5ef4c02aef70',
  },
  badge: BADGE_URL,
  issuedOn: '2016-12-31T23:59:59Z',
  expires: '2030-01-01T00:00:00Z',
  evidence: [
    { id: 'https://example.org/work', narrative: 'Demo video' },
    'https://example.org/more',
  ],
  verification: { type: 'hosted' },
};

function resolverOf(docs: Record<string, unknown>, calls: string[] = []) {
  return async (url: string): Promise<unknown> => {
    calls.push(url);
    if (url in docs) return docs[url];
    throw new AppError('network', `HTTP 404 from ${new URL(url).host}`);
  };
}

describe('OB 2.0 assertions', () => {
  it('reads an assertion whose badge class and issuer are fetched through the resolver', async () => {
    const calls: string[] = [];
    const {
      format,
      credential: c,
      notes,
    } = await decodeOb2Assertion(assertion, {
      resolve: resolverOf({ [BADGE_URL]: badgeClass, [ISSUER_URL]: issuerProfile }, calls),
    });
    expect(format).toBe('ob2');
    expect(calls).toEqual([BADGE_URL, ISSUER_URL]);
    expect(notes).toEqual([]);
    expect(c.title).toBe('Awesome Robotics');
    expect(c.description).toBe('For building a robot that sorts socks.');
    expect(c.credentialId).toBe('https://badges.example.org/assertions/123');
    expect(c.issuerName).toBe('Example Robotics Club');
    expect(c.issuerId).toBe(ISSUER_URL);
    expect(c.issuedOn).toBe('2016-12-31T23:59:59.000Z');
    expect(c.validUntil).toBe('2030-01-01T00:00:00.000Z');
    // Hashed identities are kept exactly as stored: matching them is the verifier's job.
    expect(c.recipient).toBe('sha256$ecf5409f3f4b91ab60cc5ef4c02aef70');
    expect(c.achievement).toEqual({
      id: BADGE_URL,
      name: 'Awesome Robotics',
      description: 'For building a robot that sorts socks.',
      criteria: 'Build and demo a robot.',
    });
    expect(c.alignments).toEqual([
      {
        targetName: 'Engineering design',
        targetCode: 'ETS1',
        targetFramework: 'NGSS',
        targetUrl: 'https://www.nextgenscience.org/',
      },
    ]);
    expect(c.tags).toEqual(['robotics', 'STEM']);
    expect(c.image).toEqual({ kind: 'url', url: 'https://badges.example.org/robotics.png' });
    expect(c.evidence).toEqual([
      { id: 'https://example.org/work', narrative: 'Demo video' },
      { id: 'https://example.org/more' },
    ]);
  });

  it('imports without the badge class when the resolver fails, and says why in a note', async () => {
    const offline = async (): Promise<unknown> => {
      throw new AppError('offline', 'offline');
    };
    const { credential, notes } = await decodeOb2Assertion(assertion, { resolve: offline });
    expect(credential.title).toBe('Open Badge (badge class not fetched)');
    expect(credential.issuedOn).toBe('2016-12-31T23:59:59.000Z');
    expect(notes).toEqual([`Badge class not fetched: offline (${BADGE_URL})`]);
  });

  it('imports with a note when there is no resolver at all', async () => {
    const { credential, notes } = await decodeOb2Assertion(assertion, {});
    expect(credential.title).toBe('Open Badge (badge class not fetched)');
    expect(notes[0]).toMatch(
      /^Badge class not fetched: .*https:\/\/badges\.example\.org\/classes\/robotics\.json/,
    );
  });

  it('treats a badge URL that resolves to garbage as a note, not a failure', async () => {
    const { credential, notes } = await decodeOb2Assertion(assertion, {
      resolve: resolverOf({ [BADGE_URL]: ['not', 'a', 'badge'] }),
    });
    expect(credential.title).toBe('Open Badge (badge class not fetched)');
    expect(notes[0]).toMatch(/did not return a JSON object/);
  });

  it('keeps the badge class when only the issuer profile cannot be fetched', async () => {
    const { credential, notes } = await decodeOb2Assertion(assertion, {
      resolve: resolverOf({ [BADGE_URL]: badgeClass }),
    });
    expect(credential.title).toBe('Awesome Robotics');
    expect(credential.issuerName).toBeNull();
    expect(credential.issuerId).toBe(ISSUER_URL);
    expect(notes).toEqual([
      `Issuer profile not fetched: HTTP 404 from badges.example.org (${ISSUER_URL})`,
    ]);
  });

  it('fetches a badge class given as an object holding only its id', async () => {
    const idOnly = { ...assertion, badge: { id: BADGE_URL } };
    const { credential } = await decodeOb2Assertion(idOnly, {
      resolve: resolverOf({ [BADGE_URL]: badgeClass, [ISSUER_URL]: issuerProfile }),
    });
    expect(credential.title).toBe('Awesome Robotics');
    expect(credential.issuerName).toBe('Example Robotics Club');
  });

  it('refuses an assertion without a badge as malformed', async () => {
    const { badge: _omit, ...noBadge } = assertion;
    expect(isOb2Assertion(noBadge)).toBe(true);
    await expect(decodeOb2Assertion(noBadge, {})).rejects.toMatchObject({
      code: 'malformed',
      message: expect.stringMatching(/no badge/),
    });
  });

  it('clips a 1 MB badge name instead of storing it', async () => {
    const huge = {
      ...assertion,
      badge: { ...badgeClass, name: 'N'.repeat(1024 * 1024), issuer: issuerProfile },
    };
    const { credential } = await decodeOb2Assertion(huge, {});
    expect(credential.title.length).toBeLessThanOrEqual(1000);
  });
});

describe('OB 1.x and 0.5', () => {
  it('reads OB 1.0 Unix timestamps and a plain-string recipient', async () => {
    const ob1 = {
      uid: 'abc',
      recipient: 'sha256$0123abcd',
      salt: 'x',
      issuedOn: 1420070400,
      expires: '1735689600',
      badge: {
        name: 'Old Badge',
        description: 'd',
        criteria: 'https://old.example/criteria',
        issuer: { name: 'Old Issuer', url: 'https://old.example' },
      },
      verify: { type: 'hosted', url: 'https://old.example/assertion/abc' },
    };
    const { credential: c } = await decodeOb2Assertion(ob1, {});
    expect(c.title).toBe('Old Badge');
    expect(c.issuedOn).toBe('2015-01-01T00:00:00.000Z');
    expect(c.validUntil).toBe('2025-01-01T00:00:00.000Z');
    expect(c.recipient).toBe('sha256$0123abcd');
    expect(c.credentialId).toBe('https://old.example/assertion/abc');
    expect(c.issuerName).toBe('Old Issuer');
    expect(c.achievement?.criteria).toBe('https://old.example/criteria');
  });

  it('reads OB 0.5 (issued_on, issuer origin)', async () => {
    const ob05 = {
      recipient: 'test@example.com',
      issued_on: '2011-06-01',
      badge: {
        version: '0.5.0',
        name: 'Basic McBadge',
        issuer: { origin: 'http://oldstyle.com', name: 'Basic Issuer' },
      },
    };
    const { credential: c } = await decodeOb2Assertion(ob05, {});
    expect(c.title).toBe('Basic McBadge');
    expect(c.issuedOn).toBe('2011-06-01');
    expect(c.issuerId).toBe('http://oldstyle.com');
    expect(c.recipient).toBe('test@example.com');
  });

  it('follows a bare hosted reference ({"verify": {"url"}}) when the network is allowed', async () => {
    const ref = { verify: { url: 'https://badges.example.org/assertions/123' } };
    const offline = await decodeOb2Assertion(ref, {});
    expect(offline.credential.title).toBe('Open Badge (assertion not fetched)');
    expect(offline.credential.credentialId).toBe('https://badges.example.org/assertions/123');
    expect(offline.notes[0]).toMatch(/^Assertion not fetched/);

    const online = await decodeOb2Assertion(ref, {
      resolve: resolverOf({
        'https://badges.example.org/assertions/123': assertion,
        [BADGE_URL]: badgeClass,
        [ISSUER_URL]: issuerProfile,
      }),
    });
    expect(online.credential.title).toBe('Awesome Robotics');
    expect(online.credential.issuerName).toBe('Example Robotics Club');
  });
});

describe('standalone badge classes and issuer profiles', () => {
  it('imports a badge class with a note that nobody was awarded it here', async () => {
    expect(isOb2BadgeClass(badgeClass)).toBe(true);
    const { format, credential, notes } = await decodeOb2BadgeClass(badgeClass, {});
    expect(format).toBe('ob2');
    expect(credential.title).toBe('Awesome Robotics');
    expect(credential.recipient).toBeNull();
    expect(notes[0]).toMatch(/badge class .* not an assertion/);
  });

  it('labels an issuer profile as such', () => {
    expect(isOb2Issuer(issuerProfile)).toBe(true);
    expect(isOb2Issuer({ name: 'Basic Issuer', url: 'http://a.com/issuer' })).toBe(true);
    expect(isOb2Issuer({ name: 'x', url: 'y', hello: 1 })).toBe(false);
    const { credential, notes } = decodeOb2Issuer(issuerProfile);
    expect(credential.title).toBe('Issuer profile: Example Robotics Club');
    expect(notes[0]).toMatch(/issuer profile/);
  });
});

describe('Blockcerts v1 and v2', () => {
  it('reads Blockcerts v2 (an OB 2.0 assertion with a Merkle signature) as blockcerts', async () => {
    const v2 = {
      '@context': ['https://w3id.org/openbadges/v2', 'https://w3id.org/blockcerts/v2'],
      type: 'Assertion',
      id: 'urn:uuid:bbba8553-8ec1-445f-82c9-a57251dd731c',
      recipient: { type: 'email', hashed: false, identity: 'eularia@landroth.org' },
      issuedOn: '2017-06-29T14:58:57.461422+00:00',
      badge: {
        type: 'BadgeClass',
        name: 'Certificate of Accomplishment',
        criteria: { narrative: 'Do things.' },
        issuer: {
          type: 'Profile',
          id: 'https://issuer.example/profile.json',
          name: 'University of Learning',
        },
      },
      signature: {
        type: ['MerkleProof2017', 'Extension'],
        targetHash: 'ab',
        merkleRoot: 'cd',
        proof: [],
      },
    };
    const { format, credential: c } = await decodeOb2Assertion(v2, {});
    expect(format).toBe('blockcerts');
    expect(c.title).toBe('Certificate of Accomplishment');
    expect(c.issuerName).toBe('University of Learning');
    expect(c.issuedOn).toBe('2017-06-29T14:58:57.461Z');
  });

  it('reads Blockcerts v1 (certificate/assertion/recipient under document)', () => {
    const v1 = {
      '@context': 'https://w3id.org/blockcerts/v1',
      type: 'BlockchainCertificate',
      receipt: { merkleRoot: 'ab', targetHash: 'cd' },
      document: {
        certificate: {
          name: 'Game of Thrones Character',
          issuer: { name: 'GoT issuer', id: 'https://got.example/issuer.json' },
        },
        assertion: { uid: 'u-1', id: 'https://got.example/cert/u-1', issuedOn: '2016-10-03' },
        recipient: { identity: 'arya@stark.example', hashed: false },
      },
    };
    const { format, credential: c } = decodeBlockcertsV1(v1);
    expect(format).toBe('blockcerts');
    expect(c.title).toBe('Game of Thrones Character');
    expect(c.issuerName).toBe('GoT issuer');
    expect(c.credentialId).toBe('https://got.example/cert/u-1');
    expect(c.recipient).toBe('arya@stark.example');
  });
});
