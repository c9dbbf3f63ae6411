// Our Data Integrity verdicts beside an independent implementation (@digitalbazaar/vc and its suites) on the same inputs: they must agree.
import fs from 'node:fs';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import { Ed25519VerificationKey2020 } from '@digitalbazaar/ed25519-verification-key-2020';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as dbVc from '@digitalbazaar/vc';
import { afterAll, describe, expect, it } from 'vitest';
import { documentLoader } from '../../src/verify/contexts';
import {
  signDataIntegrity,
  verifyDataIntegrity,
  type DataIntegritySuite,
} from '../../src/verify/data-integrity';
import { createFetcher } from '../../src/verify/fetcher';
import { didKeyFor } from '../../src/verify/keys';
import type { VerifyEnv } from '../../src/verify/types';

type Doc = Record<string, unknown>;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const corpus = path.resolve(repoRoot, '../shared/conformance');
const manifestPath = path.join(corpus, 'MANIFEST.tsv');
const haveCorpus = fs.existsSync(manifestPath);
if (!haveCorpus)
  console.log(`Conformance corpus not found at ${corpus}; only own fixtures are cross-checked.`);

const env: VerifyEnv = {
  fetcher: createFetcher({ offline: true, allowPrivateNetwork: false }),
  now: () => new Date('2026-01-01T00:00:00Z'),
  identities: [],
};

// ---------------------------------------------------------------------------------------------
// The peer: Digital Bazaar's verifier, its suites, and did:key documents built with its key library.

/** A did:key DID document or one of its keys, as the peer's libraries describe them. */
async function peerDidKey(url: string): Promise<Doc> {
  const [did = '', fragment] = url.split('#');
  const fingerprint = did.slice('did:key:'.length);
  const key = await Ed25519VerificationKey2020.from({
    id: `${did}#${fingerprint}`,
    controller: did,
    publicKeyMultibase: fingerprint,
  });
  const vm = key.export({ publicKey: true, includeContext: true }) as Doc;
  if (fragment !== undefined) {
    if (fragment !== fingerprint) throw new Error(`no key ${url}`);
    return vm;
  }
  const { '@context': _context, ...bare } = vm;
  return {
    '@context': [
      'https://www.w3.org/ns/did/v1',
      'https://w3id.org/security/suites/ed25519-2020/v1',
    ],
    id: did,
    verificationMethod: [bare],
    assertionMethod: [bare.id],
    authentication: [bare.id],
  };
}

async function peerLoader(url: string) {
  if (url.startsWith('did:key:'))
    return { contextUrl: null, documentUrl: url, document: await peerDidKey(url) };
  return documentLoader(url); // the same bundled contexts, so both judge the same JSON-LD
}

// The package's own options are wider than the shared test typing says (now, checkStatus).
const vc = dbVc as unknown as {
  verifyCredential(options: Record<string, unknown>): Promise<unknown>;
};

const peerSuites = [
  new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }),
  new Ed25519Signature2020(),
];

/**
 * True when the peer verifies every proof of the credential. (@digitalbazaar/vc accepts a proof set
 * when any one proof verifies; Skillfolio requires each, so the comparison is per proof.)
 */
async function peerVerifies(credential: Doc): Promise<{ ok: boolean; why: string }> {
  const proofs = Array.isArray(credential.proof) ? credential.proof : [credential.proof];
  // A moment inside the validity window: dates are another check, not what is compared here.
  const start =
    credential.validFrom ?? credential.issuanceDate ?? (proofs[0] as Doc | undefined)?.created;
  const now = typeof start === 'string' ? start : '2024-06-01T00:00:00Z';
  const result = (await vc.verifyCredential({
    credential,
    suite: peerSuites,
    documentLoader: peerLoader,
    now,
    checkStatus: () => Promise.resolve({ verified: true }),
  })) as {
    verified: boolean;
    error?: { message?: string; errors?: { message?: string }[] };
    results?: { verified: boolean; error?: { message?: string } }[];
  };
  const results = result.results ?? [];
  const ok =
    result.verified && results.length === proofs.length && results.every((r) => r.verified);
  const why =
    results.map((r) => r.error?.message).find(Boolean) ??
    result.error?.errors?.[0]?.message ??
    result.error?.message ??
    '';
  return { ok, why };
}

async function oursVerifies(credential: Doc): Promise<{ ok: boolean; why: string }> {
  const checks = await verifyDataIntegrity(credential, env);
  const ok = checks.every((c) => c.status === 'pass');
  return { ok, why: checks.map((c) => `${c.id}:${c.status}: ${c.message}`).join(' | ') };
}

// ---------------------------------------------------------------------------------------------
// Inputs

type Input = { name: string; credential: Doc; expected?: boolean };

const VC2 = 'https://www.w3.org/ns/credentials/v2';
const VC1 = 'https://www.w3.org/2018/credentials/v1';
const OB3 = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
const ED2020 = 'https://w3id.org/security/suites/ed25519-2020/v1';
const DI2 = 'https://w3id.org/security/data-integrity/v2';

function signer(): { privateKey: KeyObject; did: string; verificationMethod: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { privateKey, ...didKeyFor(publicKey) };
}

function badge(issuer: string, contexts: string[]): Doc {
  return {
    '@context': contexts,
    id: 'urn:uuid:2b7f0a8e-1c55-4a0b-8f2e-5d1c9e3a7b40',
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: issuer, type: ['Profile'], name: 'Harbour Town Adult School' },
    ...(contexts[0] === VC1
      ? { issuanceDate: '2024-01-01T00:00:00Z' }
      : { validFrom: '2024-01-01T00:00:00Z' }),
    name: 'First Aid at Work',
    credentialSubject: {
      id: 'did:example:learner-7',
      type: ['AchievementSubject'],
      achievement: {
        id: 'https://harbour.example/achievements/first-aid',
        type: ['Achievement'],
        name: 'First Aid at Work',
        description: 'Three-day first aid course.',
        criteria: { narrative: 'Attended all sessions and passed the assessment.' },
      },
    },
  };
}

async function ownFixtures(): Promise<Input[]> {
  const inputs: Input[] = [];
  const sign = (
    doc: Doc,
    s: ReturnType<typeof signer>,
    suite: DataIntegritySuite,
    vm = s.verificationMethod,
  ) =>
    signDataIntegrity(doc, {
      suite,
      privateKey: s.privateKey,
      verificationMethod: vm,
      created: '2024-06-01T00:00:00Z',
    });
  for (const [suite, contexts] of [
    ['eddsa-rdfc-2022', [VC2, OB3]],
    ['Ed25519Signature2020', [VC2, OB3, ED2020]],
    ['Ed25519Signature2020', [VC1, OB3, ED2020]],
  ] as const) {
    const issuer = signer();
    const stranger = signer();
    const tag = `${suite} on ${contexts[0] === VC1 ? 'VC 1.1' : 'VC 2.0'}`;
    const valid = await sign(badge(issuer.did, [...contexts]), issuer, suite);
    inputs.push({ name: `own ${tag}: valid`, credential: valid, expected: true });

    const tampered = structuredClone(valid);
    ((tampered.credentialSubject as Doc).achievement as Doc).name = 'First Aid at Work!';
    inputs.push({ name: `own ${tag}: tampered`, credential: tampered, expected: false });

    const wrongKey = await sign(
      badge(issuer.did, [...contexts]),
      stranger,
      suite,
      issuer.verificationMethod,
    );
    inputs.push({ name: `own ${tag}: wrong key`, credential: wrongKey, expected: false });

    const unbound = await sign(badge(issuer.did, [...contexts]), stranger, suite);
    inputs.push({
      name: `own ${tag}: key not bound to the issuer`,
      credential: unbound,
      expected: false,
    });
  }
  // Safe mode: a claim under a term no context defines, added after signing.
  const issuer = signer();
  const plain = {
    '@context': [VC1, DI2],
    type: ['VerifiableCredential'],
    issuer: issuer.did,
    issuanceDate: '2024-01-01T00:00:00Z',
    credentialSubject: { id: 'did:example:x' },
  };
  const signed = await sign(plain, issuer, 'eddsa-rdfc-2022');
  inputs.push({
    name: 'own eddsa-rdfc-2022: valid minimal VC 1.1',
    credential: signed,
    expected: true,
  });
  const padded = structuredClone(signed);
  (padded.credentialSubject as Doc).grade = 'A*';
  inputs.push({
    name: 'own eddsa-rdfc-2022: undefined term added (safe mode)',
    credential: padded,
    expected: false,
  });
  // A proof set with one proof forged.
  const both = await sign(
    await sign(badge(issuer.did, [VC2, OB3, ED2020]), issuer, 'eddsa-rdfc-2022'),
    issuer,
    'Ed25519Signature2020',
  );
  inputs.push({
    name: 'own proof set (eddsa-rdfc-2022 + Ed25519Signature2020): valid',
    credential: both,
    expected: true,
  });
  const forgedSet = structuredClone(both);
  const stranger = signer();
  const forgedProof = (
    await sign(
      badge(issuer.did, [VC2, OB3, ED2020]),
      stranger,
      'Ed25519Signature2020',
      issuer.verificationMethod,
    )
  ).proof;
  (forgedSet.proof as unknown[])[1] = forgedProof;
  inputs.push({
    name: 'own proof set: second proof forged',
    credential: forgedSet,
    expected: false,
  });
  return inputs;
}

/** Corpus credentials whose every proof is eddsa-rdfc-2022 or Ed25519Signature2020 on a did:key. */
function corpusInputs(): Input[] {
  if (!haveCorpus) return [];
  const lines = fs
    .readFileSync(manifestPath, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').split('\t');
  const fileCol = header.indexOf('file');
  const inputs: Input[] = [];
  for (const line of lines.slice(1)) {
    const file = line.split('\t')[fileCol] ?? '';
    if (!file.endsWith('.json')) continue;
    let doc: unknown;
    try {
      doc = JSON.parse(fs.readFileSync(path.join(corpus, file), 'utf8'));
    } catch {
      continue;
    }
    if (typeof doc !== 'object' || doc === null || !('proof' in doc)) continue;
    const d = doc as Doc;
    const types = Array.isArray(d.type) ? d.type : [d.type];
    if (!types.includes('VerifiableCredential')) continue;
    const proofs = (Array.isArray(d.proof) ? d.proof : [d.proof]) as Doc[];
    const supported = proofs.every(
      (p) =>
        (p.type === 'Ed25519Signature2020' ||
          (p.type === 'DataIntegrityProof' && p.cryptosuite === 'eddsa-rdfc-2022')) &&
        typeof p.verificationMethod === 'string' &&
        p.verificationMethod.startsWith('did:key:z6Mk'),
    );
    if (proofs.length > 0 && supported) inputs.push({ name: `corpus ${file}`, credential: d });
  }
  return inputs;
}

// ---------------------------------------------------------------------------------------------

const agreed: { name: string; ok: boolean }[] = [];

describe('cross-check: Skillfolio vs @digitalbazaar/vc on Data Integrity', async () => {
  const inputs = [...(await ownFixtures()), ...corpusInputs()];

  afterAll(() => {
    const pass = agreed.filter((a) => a.ok).length;
    console.log(
      `\nData Integrity cross-check with @digitalbazaar/vc: ${agreed.length} inputs, both verify ${pass}, both reject ${agreed.length - pass}\n${agreed.map((a) => `  ${a.ok ? 'verified' : 'rejected'}  ${a.name}`).join('\n')}\n`,
    );
  });

  it('has inputs from both sources', () => {
    expect(inputs.filter((i) => i.name.startsWith('own')).length).toBeGreaterThanOrEqual(14);
    if (haveCorpus)
      expect(inputs.filter((i) => i.name.startsWith('corpus')).length).toBeGreaterThanOrEqual(25);
  });

  for (const input of inputs) {
    it(input.name, async () => {
      const ours = await oursVerifies(input.credential);
      const peer = await peerVerifies(input.credential);
      expect(ours.ok, `ours: ${ours.why}\npeer: ${peer.ok} ${peer.why}`).toBe(peer.ok);
      if (input.expected !== undefined) expect(ours.ok, ours.why).toBe(input.expected);
      agreed.push({ name: input.name, ok: ours.ok });
    });
  }
});
