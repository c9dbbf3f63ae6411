import crypto from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  dbVerifyCredential,
  dbVerifyPresentation,
  emptySnapshot,
  exportFixture,
  NAMES,
  type ExportFixture,
} from '../../test/helpers/export-fixtures';
import { createFetcher } from '../verify/fetcher';
import { verifyDataIntegrity } from '../verify/data-integrity';
import type { VerifyEnv } from '../verify/types';
import { buildPresentation, DEFAULT_DOMAIN } from './jsonld';
import { createHolderKeys, type HolderKeys } from './keys';
import { buildExportModel } from './model';

type Doc = Record<string, unknown>;

const env: VerifyEnv = {
  fetcher: createFetcher({ offline: true, allowPrivateNetwork: false, now: () => new Date() }),
  now: () => new Date('2025-03-01T10:00:00Z'),
  identities: [],
};

let fx: ExportFixture;
let keys: HolderKeys;
beforeAll(async () => {
  fx = await exportFixture();
  keys = createHolderKeys({ now: new Date('2025-03-01T09:00:00Z'), commonName: NAMES.person });
});

describe('signed JSON-LD presentation', () => {
  it('verifies with @digitalbazaar/vc: the holder proof and every credential inside', async () => {
    const built = await buildPresentation(buildExportModel(fx.snapshot), {
      keys,
      challenge: 'job-4711',
      domain: 'hr.example.com',
    });
    const vp = JSON.parse(Buffer.from(built.bytes).toString('utf8')) as Doc;
    const result = await dbVerifyPresentation(vp, 'job-4711', 'hr.example.com');
    expect(result.error).toBeUndefined();
    expect(result.verified).toBe(true);
    expect(result.credentialResults).toHaveLength(4);
    expect(result.credentialResults?.every((r) => r.verified)).toBe(true);
    // The wrong challenge is refused: the proof is bound to it.
    expect((await dbVerifyPresentation(vp, 'another-job', 'hr.example.com')).verified).toBe(false);
  });

  it('verifies with our own verifier too, and says which challenge and domain it was made for', async () => {
    const built = await buildPresentation(buildExportModel(fx.snapshot), { keys });
    expect(built.domain).toBe(DEFAULT_DOMAIN);
    expect(built.challenge).toMatch(/^[0-9a-f-]{36}$/);
    const vp = JSON.parse(Buffer.from(built.bytes).toString('utf8')) as Doc;
    const checks = await verifyDataIntegrity(vp, env, {
      challenge: built.challenge,
      domain: built.domain,
    });
    expect(checks.find((c) => c.id === 'proof')?.status).toBe('pass');
    expect(checks.find((c) => c.id === 'issuer')?.status).toBe('pass');
    expect(vp.holder).toBe(keys.holder.did);
    expect(vp.proof).toMatchObject({
      type: 'DataIntegrityProof',
      cryptosuite: 'eddsa-rdfc-2022',
      proofPurpose: 'authentication',
      verificationMethod: keys.holder.verificationMethod,
      challenge: built.challenge,
      domain: DEFAULT_DOMAIN,
    });
    for (const vc of vp.verifiableCredential as Doc[]) {
      const c = await verifyDataIntegrity(vc, env);
      expect(c.find((x) => x.id === 'proof')?.status, String(vc.name)).toBe('pass');
    }
  });

  it('embeds each Data Integrity original exactly as imported and binds the others by digest', async () => {
    const built = await buildPresentation(buildExportModel(fx.snapshot), { keys });
    const vp = JSON.parse(Buffer.from(built.bytes).toString('utf8')) as Doc;
    const [resume, ...originals] = vp.verifiableCredential as Doc[];
    expect(originals.map((o) => o.id)).toEqual([
      fx.diOriginals[11]?.id,
      fx.diOriginals[12]?.id,
      fx.diOriginals[15]?.id,
    ]);
    for (const o of originals) {
      const ref = Number(Object.entries(fx.diOriginals).find(([, d]) => d.id === o.id)?.[0]);
      const stored = JSON.parse(
        Buffer.from(fx.snapshot.credentials[ref]!.original.bytes).toString('utf8'),
      );
      expect(o).toEqual(stored);
      expect((await dbVerifyCredential(o)).verified).toBe(true);
    }
    expect(built.beside.map((b) => b.ref).sort()).toEqual([13, 14, 16]);
    const related = resume?.relatedResource as Array<Doc>;
    expect(related).toHaveLength(3);
    for (const r of related) {
      const item = built.beside.find((b) => b.fileName === r.name)!;
      const digest = crypto.createHash('sha384').update(item.original.bytes).digest('base64');
      expect(r.digestSRI).toBe(`sha384-${digest}`);
      expect(r.mediaType).toBe(item.original.mediaType);
    }
    expect(related.find((r) => r.name === 'credential-13.json')?.id).toBe(
      'https://badges.example.org/assertions/13',
    );
    expect(related.find((r) => r.name === 'credential-16.pdf')?.id).toMatch(/^ni:\/\/\/sha-256;/);
  });

  it('describes the person with schema.org terms and points each skill at the credentials behind it', async () => {
    const built = await buildPresentation(buildExportModel(fx.snapshot), { keys });
    const subject = built.resumeCredential.credentialSubject as Doc;
    expect(built.resumeCredential.issuer).toBe(keys.holder.did);
    expect(subject).toMatchObject({
      '@context': { '@vocab': 'https://schema.org/' },
      id: keys.holder.did,
      type: 'Person',
      name: NAMES.person,
    });
    const skills = subject.knowsAbout as Array<{ name: string; subjectOf: Array<{ id: string }> }>;
    expect(skills.find((s) => s.name === 'Data analysis')?.subjectOf.map((x) => x.id)).toEqual([
      'https://badges.example.org/assertions/13',
      fx.snapshot.credentials[16] && built.beside.find((b) => b.ref === 16)?.iri,
    ]);
    const held = subject.hasCredential as Array<Doc>;
    expect(held.map((h) => h.name)).toEqual([
      NAMES.sqlTitle,
      NAMES.pdfTitle,
      NAMES.jwtTitle,
      NAMES.greekTitle,
      NAMES.cyrillicTitle,
      NAMES.revokedTitle,
    ]);
    expect(held[3]).toMatchObject({
      id: fx.diOriginals[11]?.id,
      recognizedBy: { name: NAMES.greekIssuer },
    });
  });

  it('still exports (and verifies) a portfolio with no credentials', async () => {
    const built = await buildPresentation(buildExportModel(emptySnapshot()), {
      keys,
      challenge: 'c',
      domain: 'd',
    });
    expect(built.embedded).toEqual([]);
    const result = await dbVerifyPresentation(
      JSON.parse(Buffer.from(built.bytes).toString('utf8')),
      'c',
      'd',
    );
    expect(result.verified).toBe(true);
  });

  it('ships a credential with an unknown JSON-LD context beside the presentation instead of inside', async () => {
    const snap = structuredClone(fx.snapshot);
    const doc = structuredClone(fx.diOriginals[12]!);
    doc['@context'] = [...(doc['@context'] as string[]), 'https://unknown.example/context.json'];
    snap.credentials[12]!.original = {
      mediaType: 'application/ld+json',
      bytes: Buffer.from(JSON.stringify(doc)),
    };
    const built = await buildPresentation(buildExportModel(snap), {
      keys,
      challenge: 'c',
      domain: 'd',
    });
    expect(built.beside.map((b) => b.ref)).toContain(12);
    expect(built.warnings.join('\n')).toContain(
      `"${NAMES.cyrillicTitle}" uses JSON-LD terms or contexts Skillfolio does not ship`,
    );
    expect((await dbVerifyPresentation(built.presentation, 'c', 'd')).verified).toBe(true);
  });
});
