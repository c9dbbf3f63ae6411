// A CLR 2.0 signed with eddsa-rdfc-2022 over the bundled 1EdTech CLR context verifies offline, and a changed one does not.
import { describe, expect, it } from 'vitest';
import type { VerificationReport } from '../core/verification';
import { parseCredential } from '../formats/detect';
import { newIssuerKey, ob3By, signDi } from '../../test/helpers/signing';
import { canonicalRdfInline } from './canonical-rdf';
import { contextSource, isKnownContext } from './contexts';
import { verifyParsedTree, type ReportTree } from './engine';
import { createFetcher } from './fetcher';

const CLR_CONTEXT = 'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json';
const key = newIssuerKey();

const env = () => ({
  fetcher: createFetcher({ offline: true, allowPrivateNetwork: false }),
  now: () => new Date('2026-03-01T00:00:00Z'),
  identities: [],
});

/** A signed CLR 2.0 bundling two signed OB 3.0 credentials, all issued by one did:key. */
async function signedClr(): Promise<Record<string, unknown>> {
  const parts = [];
  for (const n of [1, 2]) {
    parts.push(await signDi(ob3By(key, { n, title: `Course ${n}` }), key, 'eddsa-rdfc-2022'));
  }
  const clr = {
    '@context': [
      'https://www.w3.org/ns/credentials/v2',
      CLR_CONTEXT,
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ],
    id: 'urn:uuid:c1a20000-0000-4000-8000-000000000001',
    type: ['VerifiableCredential', 'ClrCredential'],
    issuer: { id: key.did, type: ['Profile'], name: 'Example College' },
    validFrom: '2024-06-30T00:00:00Z',
    name: 'Transcript of Alex Example',
    partial: false,
    credentialSubject: {
      type: ['ClrSubject'],
      id: 'did:example:learner1',
      verifiableCredential: parts,
      association: [
        {
          type: 'Association',
          associationType: 'isParentOf',
          sourceId: 'https://university.example.edu/achievements/1',
          targetId: 'https://university.example.edu/achievements/2',
        },
      ],
    },
  };
  return signDi(clr, key, 'eddsa-rdfc-2022');
}

async function verify(doc: Record<string, unknown>): Promise<ReportTree> {
  const parsed = await parseCredential(new TextEncoder().encode(JSON.stringify(doc)), {
    name: 'clr.json',
  });
  expect(parsed.format).toBe('clr2');
  return verifyParsedTree(parsed, env());
}

const proofMessage = (r: VerificationReport) => r.checks.find((c) => c.id === 'proof')?.message;

describe('the CLR 2.0 context', () => {
  it('is bundled, from 1EdTech’s published document (no npm package ships it)', () => {
    expect(isKnownContext(CLR_CONTEXT)).toBe(true);
    expect(contextSource(CLR_CONTEXT)).toMatch(/^published by 1EdTech .*not on npm/);
  });

  it('gives every CLR term a meaning, so the proof covers them all', async () => {
    const result = await canonicalRdfInline(await signedClr());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    for (const term of ['ClrCredential', 'ClrSubject', 'verifiableCredential', 'partial']) {
      expect(result.nquads).toContain(
        `<https://purl.imsglobal.org/spec/vc/clr/vocab.html#${term}>`,
      );
    }
    expect(result.nquads).toContain('clr/vocab.html#targetId');
  });

  it('a CLR 2.0 signed with eddsa-rdfc-2022 verifies offline, with each nested credential', async () => {
    const tree = await verify(await signedClr());
    expect(tree.report.verdict).toBe('verified');
    expect(proofMessage(tree.report)).toMatch(/eddsa-rdfc-2022/);
    expect(tree.children.map((c) => c.report.verdict)).toEqual(['verified', 'verified']);
    expect(
      tree.report.checks.filter((c) => c.id.startsWith('nested:')).map((c) => c.status),
    ).toEqual(['pass', 'pass']);
  });

  it('a changed CLR is invalid: its own claims, or a CLR-only term', async () => {
    const signed = await signedClr();
    const renamed = { ...signed, name: 'Transcript of Someone Else' };
    const renamedTree = await verify(renamed);
    expect(renamedTree.report.verdict).toBe('invalid');
    expect(renamedTree.report.checks.find((c) => c.id === 'proof')?.status).toBe('fail');

    const widened = { ...signed, partial: true };
    expect((await verify(widened)).report.verdict).toBe('invalid');
  });

  it('a changed nested credential makes the nested check and the bundle invalid', async () => {
    const signed = await signedClr();
    const copy = JSON.parse(JSON.stringify(signed)) as {
      credentialSubject: { verifiableCredential: Array<Record<string, unknown>> };
    };
    copy.credentialSubject.verifiableCredential[1]!['name'] = 'Course 2 (with honours)';
    const tree = await verify(copy as unknown as Record<string, unknown>);
    expect(tree.report.verdict).toBe('invalid');
    expect(tree.children.map((c) => c.report.verdict)).toEqual(['verified', 'invalid']);
    expect(tree.report.checks.find((c) => c.id === 'nested:2')?.status).toBe('fail');
  });
});
