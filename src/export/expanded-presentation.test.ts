// The presentation assembled from its credentials' kept expansions must canonicalise exactly as the whole presentation does, or no recipient could verify the holder proof.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  dbVerifyPresentation,
  exportFixture,
  NAMES,
  type ExportFixture,
} from '../../test/helpers/export-fixtures';
import { canonicalRdfInline } from '../verify/canonical-rdf';
import { expandPresentation, type PresentationPart } from './expanded-presentation';
import { buildPresentation } from './jsonld';
import { createHolderKeys, type HolderKeys } from './keys';
import { buildExportModel } from './model';

type Doc = Record<string, unknown>;

const V2 = 'https://www.w3.org/ns/credentials/v2';

let fx: ExportFixture;
let keys: HolderKeys;
beforeAll(async () => {
  fx = await exportFixture();
  keys = createHolderKeys({ now: new Date('2025-03-01T09:00:00Z'), commonName: NAMES.person });
});

async function nquads(doc: unknown): Promise<string> {
  const rdf = await canonicalRdfInline(doc);
  if (!rdf.ok) throw new Error(rdf.reason);
  return rdf.nquads;
}

/** The presentation without its proof, and its credentials as parts keyed like the exporter's. */
function partsOf(vp: Doc): { unsigned: Doc; parts: PresentationPart[] } {
  const { proof: _proof, ...unsigned } = vp;
  const credentials = unsigned.verifiableCredential as Doc[];
  const parts = credentials.map((document, k) =>
    k === 0 ? { document } : { document, key: `test:${JSON.stringify(document).length}:${k}` },
  );
  return { unsigned, parts };
}

describe('expandPresentation', () => {
  it('gives the same canonical N-Quads as the whole presentation, from fresh and from kept expansions', async () => {
    const built = await buildPresentation(buildExportModel(fx.snapshot), { keys });
    const { unsigned, parts } = partsOf(built.presentation);
    const whole = await nquads(unsigned);
    expect(whole.length).toBeGreaterThan(1000);
    expect(await nquads(await expandPresentation(unsigned, parts))).toBe(whole);
    // The second time the originals' expansions come from memory.
    expect(await nquads(await expandPresentation(unsigned, parts))).toBe(whole);
  });

  it('keeps blank nodes named alike in two credentials one node, as expanding the whole does', async () => {
    const credential = (name: string): Doc => ({
      '@context': [V2],
      type: ['VerifiableCredential'],
      issuer: 'did:example:issuer',
      validFrom: '2025-01-01T00:00:00Z',
      credentialSubject: { id: '_:learner', name },
    });
    const vp: Doc = {
      '@context': [V2],
      type: ['VerifiablePresentation'],
      holder: 'did:example:holder',
      verifiableCredential: [credential('Ann'), credential('Ann L.')],
    };
    const parts = (vp.verifiableCredential as Doc[]).map((document, k) => ({
      document,
      key: `blank-${k}`,
    }));
    expect(await nquads(await expandPresentation(vp, parts))).toBe(await nquads(vp));
  });

  it('declines what it cannot vouch for: another context, or credentials not matching the parts', async () => {
    const built = await buildPresentation(buildExportModel(fx.snapshot), { keys });
    const { unsigned, parts } = partsOf(built.presentation);
    const withExtra = { ...unsigned, '@context': [V2, { '@vocab': 'https://schema.org/' }] };
    expect(await expandPresentation(withExtra, parts)).toBeNull();
    expect(await expandPresentation(unsigned, parts.slice(1))).toBeNull();
    const swapped = [parts[1]!, parts[0]!, ...parts.slice(2)];
    expect(await expandPresentation(unsigned, swapped)).toBeNull();
  });

  it('signs presentations @digitalbazaar/vc verifies, export after export', async () => {
    const model = buildExportModel(fx.snapshot);
    for (const challenge of ['first-export', 'second-export']) {
      const built = await buildPresentation(model, { keys, challenge, domain: 'hr.example.com' });
      const vp = JSON.parse(Buffer.from(built.bytes).toString('utf8')) as Doc;
      const result = await dbVerifyPresentation(vp, challenge, 'hr.example.com');
      expect(result.error).toBeUndefined();
      expect(result.verified).toBe(true);
    }
  });
});
