// Canonicalisation on the verification threads gives exactly what it gives on this thread: the same N-Quads, the same reasons to refuse.
import { describe, expect, it } from 'vitest';
import { canonicalRdf, canonicalRdfInline } from './canonical-rdf';
import { sharedPool } from './pool';

/** Starts the shared verification threads and waits for them (0 when threads are off here). */
async function startThreads(): Promise<number> {
  return (await sharedPool()?.whenReady()) ?? 0;
}

const VC2 = 'https://www.w3.org/ns/credentials/v2';
const EXAMPLES = 'https://www.w3.org/ns/credentials/examples/v2';

const badge = {
  '@context': [VC2, 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
  id: 'urn:uuid:0d5c7a4e-3f7b-4a42-9a51-7c2b8f9e1d20',
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  issuer: { id: 'did:example:college', type: ['Profile'], name: 'Riverside College' },
  validFrom: '2024-02-01T00:00:00Z',
  credentialSubject: {
    type: ['AchievementSubject'],
    achievement: {
      id: 'https://riverside.example/a/1',
      type: ['Achievement'],
      name: 'Spreadsheets',
      criteria: { narrative: 'Built a budget.' },
    },
  },
};

const poisoned = {
  '@context': [VC2, EXAMPLES],
  type: ['VerifiableCredential'],
  credentialSubject: {
    node: Array.from({ length: 20 }, (_, i) => ({
      '@id': `_:n${i}`,
      link: Array.from({ length: 20 }, (_, j) => ({ '@id': `_:n${j}` })).filter((_, j) => j !== i),
    })),
  },
};

const cases: [string, unknown, RegExp | null][] = [
  ['an Open Badges 3.0 credential', badge, null],
  [
    'an unknown context',
    { ...badge, '@context': [VC2, 'https://example.com/ctx'] },
    /context https:\/\/example\.com\/ctx, which Skillfolio does not know/,
  ],
  [
    'an undefined term',
    {
      '@context': ['https://www.w3.org/2018/credentials/v1'],
      type: ['VerifiableCredential'],
      shoeSize: 9,
    },
    /"shoeSize", which its JSON-LD contexts do not define/,
  ],
  [
    'a relative IRI',
    { '@context': [VC2], id: 'not/absolute', type: ['VerifiableCredential'] },
    /is not acceptable JSON-LD in safe mode|"not\/absolute"/,
  ],
  ['a poisoned blank-node graph', poisoned, /could not be canonicalised/],
];

describe('RDF canonicalisation', () => {
  it.each(cases)(
    '%s: the verification threads and this thread agree',
    async (_what, doc, refusal) => {
      const threads = await startThreads();
      const inline = await canonicalRdfInline(doc);
      const pool = sharedPool();
      if (threads > 0 && pool) expect(await pool.canonicalise(doc)).toEqual(inline);
      expect(await canonicalRdf(doc)).toEqual(inline);
      if (refusal) {
        expect(inline.ok).toBe(false);
        if (!inline.ok) expect(inline.reason).toMatch(refusal);
      } else {
        expect(inline.ok).toBe(true);
        if (inline.ok) expect(inline.nquads).toContain('<https://schema.org/name> "Spreadsheets"');
      }
    },
  );

  it('many documents at once, spread over the threads, each get their own answer', async () => {
    await startThreads();
    const docs = Array.from({ length: 24 }, (_, i) => ({ ...badge, id: `urn:uuid:doc-${i}` }));
    const results = await Promise.all(docs.map((d) => canonicalRdf(d)));
    results.forEach((r, i) => {
      expect(r.ok).toBe(true);
      if (r.ok) expect(r.nquads).toContain(`<urn:uuid:doc-${i}>`);
    });
  });

  it('gets verification threads unless they are turned off', async () => {
    const expected = process.env.SKILLFOLIO_VERIFY_THREADS ?? 'some';
    const n = await startThreads();
    if (expected === 'some') expect(n).toBeGreaterThan(0);
    else expect(n).toBe(Math.min(Number(expected), 16));
  });
});
