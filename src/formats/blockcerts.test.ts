// Reading Blockcerts receipts: v2 MerkleProof2017, v3 MerkleProof2019 (CBOR in base58btc), and what broken or hostile ones do.
import { encode as base58Encode } from 'base58-universal';
import { describe, expect, it } from 'vitest';
import {
  encodeCbor,
  encodeMerkleProof2019,
  issueV2,
  issueV3,
  v2Document,
  v3Document,
} from '../../test/helpers/blockcerts';
import { caught } from '../../test/helpers/errors';
import {
  MAX_MERKLE_PATH,
  blockcertsVersion,
  decodeCbor,
  decodeMerkleProof2019,
  isMerkleProof,
  readMerkleProof2017,
} from './blockcerts';
import { parseCredential } from './detect';

const H = (c: string) => c.repeat(64);
const enc = (doc: unknown) => new TextEncoder().encode(JSON.stringify(doc));

function signatureWith(sig: Record<string, unknown>): Record<string, unknown> {
  return {
    ...v2Document(1),
    signature: {
      type: ['MerkleProof2017', 'Extension'],
      targetHash: H('a'),
      merkleRoot: H('b'),
      proof: [{ right: H('c') }],
      anchors: [{ sourceId: H('d'), type: 'BTCOpReturn', chain: 'bitcoinMainnet' }],
      ...sig,
    },
  };
}

describe('Blockcerts versions and normalisation', () => {
  it('tells v1, v2 and v3 apart, and says null for other JSON', async () => {
    const { certs } = await issueV2([v2Document(1)]);
    const v3 = await issueV3([v3Document(1)]);
    expect(blockcertsVersion(certs[0] ?? {})).toBe('v2');
    expect(blockcertsVersion(v3.certs[0] ?? {})).toBe('v3');
    expect(
      blockcertsVersion({
        '@context': 'https://w3id.org/blockcerts/v1',
        type: 'BlockchainCertificate',
        document: { certificate: { name: 'x' } },
        receipt: {},
      }),
    ).toBe('v1');
    expect(blockcertsVersion({ type: 'Assertion', badge: 'https://x.example/b' })).toBeNull();
  });

  it('reads a v2 certificate as a Blockcerts credential with its badge, issuer, learner and dates', async () => {
    const { certs } = await issueV2([v2Document(7, { validUntil: '2030-01-01T00:00:00Z' })]);
    const parsed = await parseCredential(enc(certs[0]), { name: 'cert.json' });
    expect(parsed.format).toBe('blockcerts');
    expect(parsed.credential).toMatchObject({
      title: 'Certificate in Distributed Systems',
      issuerName: 'University of Testing',
      issuerId: 'https://issuer.example/profile.json',
      issuedOn: '2024-03-01T10:00:00.000Z',
      validUntil: '2030-01-01T00:00:00.000Z',
      recipient: 'learner7@example.org',
    });
  });

  it('reads a v3 certificate with its claim as the achievement', async () => {
    const { certs } = await issueV3([v3Document(3)]);
    const parsed = await parseCredential(enc(certs[0]), { name: 'cert.json' });
    expect(parsed.format).toBe('blockcerts');
    expect(parsed.credential.title).toBe('Certificate in Applied Cryptography');
    expect(parsed.credential.achievement?.description).toBe('Passed the final exam.');
    expect(parsed.credential.recipient).toBe('did:example:learner3');
  });

  it('recognises Merkle proofs in their three v3 spellings only', () => {
    expect(isMerkleProof({ type: 'MerkleProof2019' })).toBe(true);
    expect(isMerkleProof({ type: 'ChainedProof2021', chainedProofType: 'MerkleProof2019' })).toBe(
      true,
    );
    expect(isMerkleProof({ type: 'DataIntegrityProof', cryptosuite: 'merkle-proof-2019' })).toBe(
      true,
    );
    expect(isMerkleProof({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022' })).toBe(
      false,
    );
    expect(isMerkleProof('MerkleProof2019')).toBe(false);
  });
});

describe('readMerkleProof2017 (v2 receipts)', () => {
  it('reads hashes, path and anchor', () => {
    const r = readMerkleProof2017(signatureWith({}));
    expect(r).toEqual({
      targetHash: H('a'),
      merkleRoot: H('b'),
      path: [{ side: 'right', hash: H('c') }],
      anchors: [{ chain: 'bitcoin', network: 'mainnet', txId: H('d'), label: 'bitcoinMainnet' }],
    });
  });

  it('takes the Bitcoin network from the issuing key when an early certificate names no chain', () => {
    const doc = signatureWith({ anchors: [{ sourceId: H('d'), type: 'BTCOpReturn' }] });
    doc.verification = { publicKey: 'ecdsa-koblitz-pubkey:mgdWjvq4RYAAP5goUNagTRMx7Xw534S5am' };
    expect(readMerkleProof2017(doc).anchors[0]).toMatchObject({
      chain: 'bitcoin',
      network: 'testnet',
    });
  });

  it('reads a mock chain anchor without a transaction', () => {
    const r = readMerkleProof2017(
      signatureWith({ anchors: [{ type: 'BTCOpReturn', chain: 'mockchain' }] }),
    );
    expect(r.anchors[0]).toMatchObject({ chain: 'mock', txId: null });
  });

  it.each([
    ['no signature', { signature: 'abc' }, /no "signature" object/],
    ['a hash that is not SHA-256', { targetHash: 'abc' }, /targetHash is not a SHA-256 hash/],
    ['a hash of the wrong type', { merkleRoot: 42 }, /merkleRoot is not a SHA-256 hash/],
    ['a path that is not a list', { proof: { right: H('c') } }, /not a list/],
    ['a step with both sides', { proof: [{ left: H('c'), right: H('c') }] }, /exactly one of/],
    ['a step that is a string', { proof: ['x'] }, /step 1 .* not an object/],
    ['an unknown chain', { anchors: [{ sourceId: H('d'), chain: 'dogecoin' }] }, /unknown chain/],
    ['an anchor without a transaction', { anchors: [{ chain: 'bitcoinMainnet' }] }, /sourceId/],
    ['eleven anchors', { anchors: Array(11).fill({ sourceId: H('d') }) }, /11 anchors/],
  ])('refuses %s as a broken receipt', (_what, sig, message) => {
    const doc = 'signature' in sig ? { ...v2Document(1), ...sig } : signatureWith(sig);
    const err = caught(() => readMerkleProof2017(doc));
    expect(err.code).toBe('malformed');
    expect(err.message).toMatch(message);
  });

  it('refuses a huge Merkle path without walking it', () => {
    const proof = Array.from({ length: 100_000 }, () => ({ right: H('c') }));
    const err = caught(() => readMerkleProof2017(signatureWith({ proof })));
    expect(err.code).toBe('malformed');
    expect(err.message).toContain(
      `100000 steps; no real batch of certificates needs more than ${MAX_MERKLE_PATH}`,
    );
  });
});

describe('decodeMerkleProof2019 (v3 proofValue)', () => {
  const receipt = {
    targetHash: H('1'),
    merkleRoot: H('2'),
    path: [{ left: H('3') }, { right: H('4') }],
    anchors: [{ chain: 0, network: 3, tx: H('5') }],
  };

  it('decodes what an issuer encodes, with binary or hex-text hashes', () => {
    for (const textHashes of [false, true]) {
      expect(decodeMerkleProof2019(encodeMerkleProof2019({ ...receipt, textHashes }))).toEqual({
        targetHash: H('1'),
        merkleRoot: H('2'),
        path: [
          { side: 'left', hash: H('3') },
          { side: 'right', hash: H('4') },
        ],
        anchors: [
          { chain: 'bitcoin', network: 'testnet', txId: H('5'), label: 'blink:btc:testnet' },
        ],
      });
    }
  });

  it('decodes Ethereum (0x transaction ids) and mock anchors', () => {
    const eth = decodeMerkleProof2019(
      encodeMerkleProof2019({
        ...receipt,
        anchors: [{ chain: 1, network: 11155111, tx: `0x${H('e')}` }],
      }),
    );
    expect(eth.anchors[0]).toEqual({
      chain: 'ethereum',
      network: 'sepolia',
      txId: `0x${H('e')}`,
      label: 'blink:eth:sepolia',
    });
    const mock = decodeMerkleProof2019(
      encodeMerkleProof2019({ ...receipt, anchors: [{ chain: -1 }] }),
    );
    expect(mock.anchors[0]).toMatchObject({ chain: 'mock', txId: null });
  });

  const z = (bytes: Uint8Array) => `z${base58Encode(bytes)}`;
  const good = encodeMerkleProof2019(receipt);

  it.each([
    ['not a string', 42, /must start with "z"/],
    ['not multibase base58btc', 'uAAAA', /must start with "z"/],
    ['invalid base58 characters', 'z0OIl', /not valid base58btc/],
    ['truncated CBOR', good.slice(0, 40), /not valid CBOR|not a hash|not a list/],
    ['trailing bytes', z(Uint8Array.from([...encodeCbor([]), 0])), /1 bytes after the value/],
    ['a CBOR tag', z(Uint8Array.from([0xc0, 0x00])), /a tag/],
    ['a float', z(Uint8Array.from([0xf9, 0x3c, 0x00])), /a float/],
    ['an indefinite length', z(Uint8Array.from([0x9f, 0xff])), /indefinite/],
    [
      'a 4 GB declared string',
      z(Uint8Array.from([0x5a, 0xff, 0xff, 0xff, 0xff, 1])),
      /longer than the value/,
    ],
    ['a list, not fields', z(encodeCbor(7)), /does not hold a list of fields/],
    ['no targetHash', z(encodeCbor([[0, encodeCbor(Buffer.alloc(32))]])), /no targetHash/],
    [
      'a hash of 16 bytes',
      z(encodeCbor([[1, encodeCbor(Buffer.alloc(16))]])),
      /targetHash is not a hash/,
    ],
    [
      'an unknown chain',
      encodeMerkleProof2019({ ...receipt, anchors: [{ chain: 9, network: 1, tx: H('5') }] }),
      /unknown blockchain/,
    ],
    [
      'an unknown network',
      encodeMerkleProof2019({ ...receipt, anchors: [{ chain: 0, network: 77, tx: H('5') }] }),
      /unknown bitcoin network/,
    ],
    ['a proofValue of 20,000 characters', `z${'2'.repeat(20_000)}`, /20001 characters long/],
  ])('refuses %s as a broken receipt', (_what, value, message) => {
    const err = caught(() => decodeMerkleProof2019(value));
    expect(err.code).toBe('malformed');
    expect(err.message).toMatch(message);
  });

  it('refuses a 65-step path and deep nesting without recursing far', () => {
    const long = encodeMerkleProof2019({ ...receipt, path: Array(65).fill({ right: H('4') }) });
    expect(caught(() => decodeMerkleProof2019(long)).message).toMatch(/65 steps/);
    const deep = Uint8Array.from([...Array<number>(5000).fill(0x81), 0x00]);
    const err = caught(() => decodeCbor(deep));
    expect(err.code).toBe('malformed');
    expect(err.message).toMatch(/nested too deeply/);
  });
});
