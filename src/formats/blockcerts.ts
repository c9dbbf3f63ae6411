// Blockcerts proof material read into plain, checked data: v2 MerkleProof2017 receipts, v3 MerkleProof2019 proof values (base58btc CBOR) and the blockchain anchors they name.
import { decode as base58Decode } from 'base58-universal';
import { AppError } from '../shared/errors';
import { isBlockcertsV1 } from './ob2';
import { isRecord } from './json';
import { asList, contextUrls, hasType } from './text';

type Doc = Record<string, unknown>;

export type BlockcertsVersion = 'v1' | 'v2' | 'v3';

/** One step up the Merkle tree: the sibling hash and the side it sits on. */
export type MerkleStep = { side: 'left' | 'right'; hash: string };

/** Where a receipt's Merkle root was written. `txId` is null only for mock anchors. */
export type BlockchainAnchor = {
  chain: 'bitcoin' | 'ethereum' | 'polygon' | 'base' | 'mock';
  /** `mainnet`, `testnet`, `regtest`, `sepolia`, `ropsten`, … or `unknown` when the receipt does not say. */
  network: string;
  txId: string | null;
  /** How the certificate names it, for messages (e.g. `bitcoinMainnet`, `blink:btc:testnet`). */
  label: string;
};

/** A Merkle receipt: the certificate's hash, the path from it to the root, and where the root is anchored. */
export type MerkleReceipt = {
  targetHash: string;
  merkleRoot: string;
  path: MerkleStep[];
  anchors: BlockchainAnchor[];
};

/** Steps in a Merkle path we follow: a tree that deep would hold 2^64 certificates. */
export const MAX_MERKLE_PATH = 64;
/** Anchors read from one receipt. */
export const MAX_ANCHORS = 8;
/** Longest `proofValue` we decode (a 64-step path needs about 3 kB). */
export const MAX_PROOF_VALUE_CHARS = 16 * 1024;

const SHA256_HEX = /^[0-9a-f]{64}$/;

function broken(what: string): AppError {
  return new AppError('malformed', `The certificate's Merkle receipt is broken: ${what}`);
}

function clip(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function sha256Hex(v: unknown, what: string): string {
  if (typeof v !== 'string' || !SHA256_HEX.test(v.toLowerCase())) {
    throw broken(`${what} is not a SHA-256 hash (64 hexadecimal digits).`);
  }
  return v.toLowerCase();
}

function checkedPath(steps: unknown[]): void {
  if (steps.length > MAX_MERKLE_PATH) {
    throw broken(
      `its Merkle path has ${steps.length} steps; no real batch of certificates needs more than ${MAX_MERKLE_PATH}.`,
    );
  }
}

/** Which Blockcerts generation a document is (null: not Blockcerts). */
export function blockcertsVersion(doc: Doc): BlockcertsVersion | null {
  if (isBlockcertsV1(doc)) return 'v1';
  if (hasType(doc, 'VerifiableCredential', 'VerifiablePresentation', 'BlockcertsCredential')) {
    return 'v3';
  }
  const signature = doc['signature'];
  if (isRecord(signature) && hasType(signature, 'MerkleProof2017')) return 'v2';
  if (contextUrls(doc).some((c) => /blockcerts/i.test(c))) {
    return 'credentialSubject' in doc || 'proof' in doc ? 'v3' : 'v2';
  }
  return null;
}

/** A v3 proof that is a Merkle receipt: MerkleProof2019, its ChainedProof2021 form, or the merkle-proof-2019 cryptosuite. */
export function isMerkleProof(proof: unknown): boolean {
  if (!isRecord(proof)) return false;
  if (hasType(proof, 'MerkleProof2019')) return true;
  if (hasType(proof, 'ChainedProof2021')) return proof['chainedProofType'] === 'MerkleProof2019';
  return hasType(proof, 'DataIntegrityProof') && proof['cryptosuite'] === 'merkle-proof-2019';
}

// ---------------------------------------------------------------------------------------------
// v2: MerkleProof2017 (the `signature` of an Open Badges 2.0 assertion)

const V2_CHAINS = new Map<string, { chain: BlockchainAnchor['chain']; network: string }>([
  ['bitcoinMainnet', { chain: 'bitcoin', network: 'mainnet' }],
  ['bitcoinTestnet', { chain: 'bitcoin', network: 'testnet' }],
  ['bitcoinRegtest', { chain: 'bitcoin', network: 'regtest' }],
  ['ethereumMainnet', { chain: 'ethereum', network: 'mainnet' }],
  ['ethereumRopsten', { chain: 'ethereum', network: 'ropsten' }],
  ['ethereumRinkeby', { chain: 'ethereum', network: 'rinkeby' }],
  ['ethereumGoerli', { chain: 'ethereum', network: 'goerli' }],
  ['ethereumSepolia', { chain: 'ethereum', network: 'sepolia' }],
  ['mockchain', { chain: 'mock', network: 'mocknet' }],
]);

/**
 * Bitcoin testnet addresses start with m, n or 2 (tb1 for SegWit): early v2 certificates name no
 * chain, and their issuing key says which network they used.
 */
function bitcoinNetworkOf(doc: Doc): string {
  const verification = isRecord(doc['verification']) ? doc['verification'] : null;
  const key = verification?.['publicKey'];
  if (typeof key !== 'string') return 'unknown';
  const address = key.replace(/^ecdsa-koblitz-pubkey:/, '');
  if (/^(tb1|[mn2])/.test(address)) return 'testnet';
  if (/^(bc1|[13])/.test(address)) return 'mainnet';
  return 'unknown';
}

function readV2Anchor(a: unknown, doc: Doc): BlockchainAnchor {
  if (!isRecord(a)) throw broken('an anchor is not an object.');
  const type = typeof a['type'] === 'string' ? a['type'] : '';
  const chainName = typeof a['chain'] === 'string' ? a['chain'] : null;
  const known = chainName !== null ? V2_CHAINS.get(chainName) : undefined;
  if (chainName !== null && !known) {
    throw broken(`its anchor names the unknown chain "${clip(chainName, 40)}".`);
  }
  const where =
    known ??
    (type === 'ETHData'
      ? { chain: 'ethereum' as const, network: 'unknown' }
      : { chain: 'bitcoin' as const, network: bitcoinNetworkOf(doc) });
  const source = a['sourceId'];
  if (where.chain === 'mock') {
    return { ...where, txId: null, label: chainName ?? 'mockchain' };
  }
  if (typeof source !== 'string' || !/^(0x)?[0-9a-fA-F]{64}$/.test(source)) {
    throw broken('its anchor does not name a blockchain transaction (sourceId).');
  }
  return {
    ...where,
    txId: source.toLowerCase(),
    label: chainName ?? (type !== '' ? clip(type, 40) : `${where.chain} ${where.network}`),
  };
}

/** The receipt in a Blockcerts v2 `signature`. Throws AppError('malformed') when it is unusable. */
export function readMerkleProof2017(doc: Doc): MerkleReceipt {
  const signature = doc['signature'];
  if (!isRecord(signature)) throw broken('the certificate has no "signature" object.');
  if (!hasType(signature, 'MerkleProof2017')) {
    throw broken('its "signature" is not a MerkleProof2017.');
  }
  const targetHash = sha256Hex(signature['targetHash'], 'its targetHash');
  const merkleRoot = sha256Hex(signature['merkleRoot'], 'its merkleRoot');
  const rawPath = signature['proof'] ?? [];
  if (!Array.isArray(rawPath)) throw broken('its Merkle path ("proof") is not a list.');
  checkedPath(rawPath);
  const path = rawPath.map((step, i): MerkleStep => {
    if (!isRecord(step)) throw broken(`step ${i + 1} of its Merkle path is not an object.`);
    const hasLeft = step['left'] !== undefined;
    const hasRight = step['right'] !== undefined;
    if (hasLeft === hasRight) {
      throw broken(`step ${i + 1} of its Merkle path must have exactly one of "left" and "right".`);
    }
    const side = hasLeft ? 'left' : 'right';
    return { side, hash: sha256Hex(step[side], `step ${i + 1} of its Merkle path`) };
  });
  const rawAnchors = asList(signature['anchors']);
  if (rawAnchors.length > MAX_ANCHORS) throw broken(`it names ${rawAnchors.length} anchors.`);
  return { targetHash, merkleRoot, path, anchors: rawAnchors.map((a) => readV2Anchor(a, doc)) };
}

// ---------------------------------------------------------------------------------------------
// v3: MerkleProof2019 `proofValue` = "z" + base58btc(CBOR)

type Cbor = number | Uint8Array | string | Cbor[] | Map<Cbor, Cbor>;

const CBOR_MAX_DEPTH = 8;
const CBOR_MAX_ITEMS = 4096;

/**
 * A strict decoder for the CBOR subset a MerkleProof2019 value uses: integers, byte and text
 * strings, arrays and maps of definite length. Tags, floats, indefinite lengths, trailing bytes,
 * lengths past the end of the input and deep nesting are refused.
 */
export function decodeCbor(bytes: Uint8Array): Cbor {
  let at = 0;
  let items = 0;
  const fail = (why: string): never => {
    throw broken(`its proofValue is not valid CBOR (${why}).`);
  };
  const byte = (): number => {
    const b = bytes[at];
    if (b === undefined) fail('it ends too early');
    at++;
    return b as number;
  };
  const argument = (info: number): number => {
    if (info < 24) return info;
    if (info > 27) return fail('indefinite or reserved length');
    let n = 0;
    for (let i = 0; i < 2 ** (info - 24); i++) n = n * 256 + byte();
    if (!Number.isSafeInteger(n)) fail('a number too large');
    return n;
  };
  const item = (depth: number): Cbor => {
    if (depth > CBOR_MAX_DEPTH) fail('nested too deeply');
    if (++items > CBOR_MAX_ITEMS) fail('too many items');
    const head = byte();
    const major = head >> 5;
    const n = argument(head & 31);
    switch (major) {
      case 0:
        return n;
      case 1:
        return -1 - n;
      case 2:
      case 3: {
        if (n > bytes.length - at) fail('a string longer than the value');
        const slice = bytes.subarray(at, at + n);
        at += n;
        if (major === 2) return slice;
        try {
          return new TextDecoder('utf-8', { fatal: true }).decode(slice);
        } catch {
          return fail('text that is not UTF-8');
        }
      }
      case 4: {
        if (n > bytes.length - at) fail('a list longer than the value');
        const list: Cbor[] = [];
        for (let i = 0; i < n; i++) list.push(item(depth + 1));
        return list;
      }
      case 5: {
        if (n * 2 > bytes.length - at) fail('a map longer than the value');
        const map = new Map<Cbor, Cbor>();
        for (let i = 0; i < n; i++) map.set(item(depth + 1), item(depth + 1));
        return map;
      }
      default:
        return fail(major === 6 ? 'a tag' : 'a float or simple value');
    }
  };
  const value = item(0);
  if (at !== bytes.length) fail(`${bytes.length - at} bytes after the value`);
  return value;
}

/** A hash field: a byte string holding CBOR of the hash (bytes, or hex text in early issuers). */
function innerHex(v: Cbor, what: string, pattern = SHA256_HEX): string {
  if (!(v instanceof Uint8Array)) throw broken(`${what} is not a byte string.`);
  const inner = decodeCbor(v);
  const hex =
    inner instanceof Uint8Array
      ? Buffer.from(inner).toString('hex')
      : typeof inner === 'string'
        ? inner.toLowerCase()
        : null;
  if (hex === null || !pattern.test(hex)) throw broken(`${what} is not a hash.`);
  return hex;
}

const V3_CHAINS = new Map<
  number,
  { chain: BlockchainAnchor['chain']; code: string; networks: Map<number, string> }
>([
  [
    0,
    {
      chain: 'bitcoin',
      code: 'btc',
      networks: new Map([
        [1, 'mainnet'],
        [3, 'testnet'],
      ]),
    },
  ],
  [
    1,
    {
      chain: 'ethereum',
      code: 'eth',
      networks: new Map([
        [1, 'mainnet'],
        [3, 'ropsten'],
        [4, 'rinkeby'],
        [5, 'goerli'],
        [11155111, 'sepolia'],
      ]),
    },
  ],
  [
    2,
    {
      chain: 'polygon',
      code: 'mtc',
      networks: new Map([
        [137, 'mainnet'],
        [80001, 'mumbai'],
      ]),
    },
  ],
  [
    3,
    {
      chain: 'base',
      code: 'base',
      networks: new Map([
        [8453, 'mainnet'],
        [84532, 'sepolia'],
      ]),
    },
  ],
  [-1, { chain: 'mock', code: 'mocknet', networks: new Map() }],
]);

const TX_ID = /^(0x)?[0-9a-f]{64}$/;

function readV3Anchor(a: Cbor): BlockchainAnchor {
  if (!Array.isArray(a)) throw broken('an anchor is not a list.');
  let chainId: number | null = null;
  let networkId: Cbor | null = null;
  let tx: Cbor | null = null;
  for (const pair of a) {
    if (!Array.isArray(pair) || pair.length !== 2) throw broken('an anchor entry is not a pair.');
    const [key, value] = pair as [Cbor, Cbor];
    if (key === 0 && typeof value === 'number') chainId = value;
    else if (key === 1) networkId = value;
    else if (key === 2) tx = value;
  }
  const chain = chainId === null ? undefined : V3_CHAINS.get(chainId);
  if (!chain) throw broken('an anchor names an unknown blockchain.');
  if (chain.chain === 'mock') {
    return { chain: 'mock', network: 'mocknet', txId: null, label: 'blink:mocknet' };
  }
  const network = typeof networkId === 'number' ? chain.networks.get(networkId) : undefined;
  if (!network) throw broken(`an anchor names an unknown ${chain.chain} network.`);
  if (tx === null) throw broken('an anchor names no transaction.');
  const txId = innerHex(tx, 'the transaction of an anchor', TX_ID);
  return { chain: chain.chain, network, txId, label: `blink:${chain.code}:${network}` };
}

/**
 * The receipt in a Blockcerts v3 MerkleProof2019 `proofValue`: "z" + base58btc of a CBOR list of
 * [key, value] pairs (0 merkleRoot, 1 targetHash, 2 anchors, 3 path). Throws AppError('malformed').
 */
export function decodeMerkleProof2019(proofValue: unknown): MerkleReceipt {
  if (typeof proofValue !== 'string' || !proofValue.startsWith('z') || proofValue.length < 2) {
    throw broken('its proofValue is not a base58btc multibase value (it must start with "z").');
  }
  if (proofValue.length > MAX_PROOF_VALUE_CHARS) {
    throw broken(
      `its proofValue is ${proofValue.length} characters long, more than any real receipt.`,
    );
  }
  let bytes: Uint8Array | undefined;
  try {
    // base58-universal answers undefined (not an error) for characters outside the alphabet.
    bytes = base58Decode(proofValue.slice(1)) as Uint8Array | undefined;
  } catch {
    bytes = undefined;
  }
  if (!(bytes instanceof Uint8Array)) throw broken('its proofValue is not valid base58btc.');
  const root = decodeCbor(bytes);
  if (!Array.isArray(root)) throw broken('its proofValue does not hold a list of fields.');
  let targetHash: string | null = null;
  let merkleRoot: string | null = null;
  let path: MerkleStep[] = [];
  let anchors: BlockchainAnchor[] = [];
  for (const field of root) {
    if (!Array.isArray(field) || field.length !== 2) throw broken('a field is not a pair.');
    const [key, value] = field as [Cbor, Cbor];
    if (key === 0) merkleRoot = innerHex(value, 'its merkleRoot');
    else if (key === 1) targetHash = innerHex(value, 'its targetHash');
    else if (key === 2) {
      if (!Array.isArray(value)) throw broken('its anchors are not a list.');
      if (value.length > MAX_ANCHORS) throw broken(`it names ${value.length} anchors.`);
      anchors = value.map(readV3Anchor);
    } else if (key === 3) {
      if (!Array.isArray(value)) throw broken('its Merkle path is not a list.');
      checkedPath(value);
      path = value.map((step, i): MerkleStep => {
        if (!Array.isArray(step) || step.length !== 2 || (step[0] !== 0 && step[0] !== 1)) {
          throw broken(`step ${i + 1} of its Merkle path is not a (side, hash) pair.`);
        }
        return {
          side: step[0] === 0 ? 'left' : 'right',
          hash: innerHex(step[1] as Cbor, `step ${i + 1} of its Merkle path`),
        };
      });
    }
  }
  if (targetHash === null) throw broken('it has no targetHash.');
  if (merkleRoot === null) throw broken('it has no merkleRoot.');
  return { targetHash, merkleRoot, path, anchors };
}
