// Builds Blockcerts v2/v3 certificates the way an issuer does: hash each document, put the hashes in a Merkle tree, attach each receipt.
import { createHash } from 'node:crypto';
import { encode as base58Encode } from 'base58-universal';
import { canonicalRdfInline } from '../../src/verify/canonical-rdf';

type Doc = Record<string, unknown>;
export type Step = { left: string } | { right: string };

export const V2_CONTEXT = ['https://w3id.org/openbadges/v2', 'https://w3id.org/blockcerts/v2'];
export const V3_CONTEXT = [
  'https://www.w3.org/ns/credentials/v2',
  'https://w3id.org/blockcerts/v3',
];

function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The document hash an issuer computes: SHA-256 of the URDNA2015 canonical N-Quads. */
export async function documentHash(doc: Doc): Promise<string> {
  const c = await canonicalRdfInline(doc);
  if (!c.ok) throw new Error(`fixture is not valid JSON-LD: ${c.reason}`);
  return sha256(c.nquads);
}

/** A Merkle tree as Blockcerts issuers build it: pairs hashed left‖right, an odd last node carried up. */
export function merkleTree(leaves: string[]): { root: string; paths: Step[][] } {
  const paths: Step[][] = leaves.map(() => []);
  let level = leaves.map((hash, i) => ({ hash, members: [i] }));
  while (level.length > 1) {
    const next: typeof level = [];
    for (let i = 0; i < level.length; i += 2) {
      const left = level[i];
      const right = level[i + 1];
      if (!left) break;
      if (!right) {
        next.push(left);
        continue;
      }
      for (const m of left.members) paths[m]?.push({ right: right.hash });
      for (const m of right.members) paths[m]?.push({ left: left.hash });
      next.push({
        hash: sha256(Buffer.from(left.hash + right.hash, 'hex')),
        members: [...left.members, ...right.members],
      });
    }
    level = next;
  }
  return { root: level[0]?.hash ?? '', paths };
}

// ---------------------------------------------------------------------------------------------
// v2

export type V2Options = {
  name?: string;
  issuerUrl?: string;
  revocationList?: string;
  publicKey?: string;
  validUntil?: string;
};

/** An unsigned Blockcerts v2 assertion (every property defined by its contexts, as safe mode wants). */
export function v2Document(n: number, o: V2Options = {}): Doc {
  const issuer: Doc = {
    type: 'Profile',
    id: o.issuerUrl ?? 'https://issuer.example/profile.json',
    name: 'University of Testing',
    url: 'https://issuer.example',
    email: 'registrar@issuer.example',
  };
  if (o.revocationList) issuer.revocationList = o.revocationList;
  const doc: Doc = {
    '@context': V2_CONTEXT,
    type: 'Assertion',
    id: `urn:uuid:00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    recipient: { type: 'email', identity: `learner${n}@example.org`, hashed: false },
    recipientProfile: {
      type: ['RecipientProfile', 'Extension'],
      name: o.name ?? `Learner ${n}`,
      publicKey: 'ecdsa-koblitz-pubkey:1BPQXndcz5Uf3qZQkgnvJC87LUD5n7a2mC',
    },
    badge: {
      type: 'BadgeClass',
      id: 'urn:uuid:11111111-1111-4111-8111-111111111111',
      name: 'Certificate in Distributed Systems',
      description: 'Completed the course with distinction.',
      criteria: { narrative: 'Pass every module.' },
      issuer,
    },
    verification: {
      type: ['MerkleProofVerification2017', 'Extension'],
      publicKey: o.publicKey ?? 'ecdsa-koblitz-pubkey:1AwdUWQzJgfDDjeKtpPzMfYMHejFBrxZfo',
    },
    issuedOn: '2024-03-01T10:00:00Z',
  };
  if (o.validUntil) doc.expires = o.validUntil;
  return doc;
}

export type V2Anchor = { sourceId: string; type: string; chain?: string };

/** Issues a batch: each document gets its MerkleProof2017 receipt. Returns the root too. */
export async function issueV2(
  docs: Doc[],
  anchor: V2Anchor = { sourceId: 'ab'.repeat(32), type: 'BTCOpReturn', chain: 'bitcoinMainnet' },
): Promise<{ certs: Doc[]; root: string }> {
  const hashes = await Promise.all(docs.map(documentHash));
  const { root, paths } = merkleTree(hashes);
  const certs = docs.map((doc, i) => ({
    ...doc,
    signature: {
      type: ['MerkleProof2017', 'Extension'],
      targetHash: hashes[i],
      merkleRoot: root,
      proof: paths[i],
      anchors: [anchor],
    },
  }));
  return { certs, root };
}

// ---------------------------------------------------------------------------------------------
// v3: MerkleProof2019, "z" + base58btc(CBOR)

type CborValue = number | string | Uint8Array | CborValue[];

function head(major: number, n: number): number[] {
  if (n < 24) return [(major << 5) | n];
  if (n < 0x100) return [(major << 5) | 24, n];
  if (n < 0x10000) return [(major << 5) | 25, n >> 8, n & 0xff];
  return [(major << 5) | 26, (n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

/** Minimal CBOR encoder for fixtures (integers, byte and text strings, arrays). */
export function encodeCbor(v: CborValue): Uint8Array {
  const out: number[] = [];
  const put = (x: CborValue): void => {
    if (typeof x === 'number') {
      out.push(...(x >= 0 ? head(0, x) : head(1, -1 - x)));
    } else if (typeof x === 'string') {
      const b = Buffer.from(x, 'utf8');
      out.push(...head(3, b.length), ...b);
    } else if (x instanceof Uint8Array) {
      out.push(...head(2, x.length), ...x);
    } else {
      out.push(...head(4, x.length));
      for (const item of x) put(item);
    }
  };
  put(v);
  return Uint8Array.from(out);
}

/** A hash field as cert-issuer writes it: a byte string holding the CBOR of the hash. */
function wrapped(hex: string, asText = false): Uint8Array {
  return encodeCbor(asText ? hex : Buffer.from(hex.replace(/^0x/, ''), 'hex'));
}

export type V3Anchor = { chain: number; network: number; tx: string } | { chain: -1 };

export function encodeMerkleProof2019(r: {
  targetHash: string;
  merkleRoot: string;
  path: Step[];
  anchors: V3Anchor[];
  /** Early issuers wrote hashes as hex text inside the byte strings. */
  textHashes?: boolean;
}): string {
  const t = r.textHashes === true;
  const anchors = r.anchors.map((a): CborValue =>
    'tx' in a
      ? [
          [0, a.chain],
          [1, a.network],
          [2, wrapped(a.tx, a.tx.startsWith('0x') || t)],
        ]
      : [
          [0, -1],
          [1, encodeCbor('This has not been issued on a blockchain')],
        ],
  );
  const path = r.path.map((s): CborValue =>
    'left' in s ? [0, wrapped(s.left, t)] : [1, wrapped(s.right, t)],
  );
  const cbor = encodeCbor([
    [0, wrapped(r.merkleRoot, t)],
    [1, wrapped(r.targetHash, t)],
    [2, anchors],
    [3, path],
  ]);
  return `z${base58Encode(cbor)}`;
}

export type V3Options = {
  issuer?: string;
  validFrom?: string;
  validUntil?: string;
  name?: string;
};

/** An unsigned Blockcerts v3 credential (VC Data Model 2.0). */
export function v3Document(n: number, o: V3Options = {}): Doc {
  const doc: Doc = {
    '@context': V3_CONTEXT,
    id: `urn:uuid:22222222-2222-4222-8222-${String(n).padStart(12, '0')}`,
    type: ['VerifiableCredential', 'BlockcertsCredential'],
    issuer: o.issuer ?? 'https://issuer.example/profile.json',
    validFrom: o.validFrom ?? '2024-03-01T10:00:00Z',
    name: 'Certificate in Applied Cryptography',
    credentialSubject: {
      id: `did:example:learner${n}`,
      name: o.name ?? `Learner ${n}`,
      claim: { name: 'Applied Cryptography', description: 'Passed the final exam.' },
    },
  };
  if (o.validUntil) doc.validUntil = o.validUntil;
  return doc;
}

/**
 * Issues a v3 batch: each credential gets a MerkleProof2019 proof (appended after any proofs it
 * already has, which the receipt then covers: a chain).
 */
export async function issueV3(
  docs: Doc[],
  anchor: V3Anchor = { chain: 0, network: 1, tx: 'cd'.repeat(32) },
  opts: { textHashes?: boolean; verificationMethod?: string } = {},
): Promise<{ certs: Doc[]; root: string }> {
  const hashes = await Promise.all(docs.map(documentHash));
  const { root, paths } = merkleTree(hashes);
  const certs = docs.map((doc, i) => {
    const proof = {
      type: 'MerkleProof2019',
      created: '2024-03-01T10:05:00Z',
      proofValue: encodeMerkleProof2019({
        targetHash: hashes[i] ?? '',
        merkleRoot: root,
        path: paths[i] ?? [],
        anchors: [anchor],
        ...(opts.textHashes ? { textHashes: true } : {}),
      }),
      proofPurpose: 'assertionMethod',
      verificationMethod: opts.verificationMethod ?? `${String(doc.issuer)}#key-1`,
    };
    const existing = doc.proof === undefined ? [] : [doc.proof].flat();
    return { ...doc, proof: existing.length === 0 ? proof : [...existing, proof] };
  });
  return { certs, root };
}
