// Blockcerts v2/v3 verification: the document hash and Merkle receipt checked locally; the blockchain anchor, the issuing address and the v2 revocation list online, through the one network door.
import { createHash } from 'node:crypto';
import type { ParsedCredential } from '../core/credential';
import {
  blockcertsVersion,
  decodeMerkleProof2019,
  isMerkleProof,
  readMerkleProof2017,
  type BlockchainAnchor,
  type MerkleReceipt,
  type MerkleStep,
} from '../formats/blockcerts';
import { isRecord, parseJsonBytes } from '../formats/json';
import { asList, readId, typesOf } from '../formats/text';
import { AppError, toErrorData } from '../shared/errors';
import { fetchCached } from './cached-fetch';
import { canonicalRdf } from './canonical-rdf';
import { verifyDataIntegrity } from './data-integrity';
import type { CheckResult, VerifyEnv } from './types';

type Doc = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// Explorers: where a blockchain transaction is looked up

/**
 * A blockchain explorer's transaction API for one chain and network: `url` with `{txid}` where the
 * transaction id goes. Answers Skillfolio reads: Esplora (`/api/tx/{txid}`, Bitcoin), and for
 * Ethereum-like chains an Etherscan-compatible proxy (`eth_getTransactionByHash`) or a plain
 * transaction object with `input`/`raw_input` and `from`.
 */
export type AnchorExplorer = { chain: BlockchainAnchor['chain']; network: string; url: string };

/**
 * Used when nothing else is configured: Blockstream's public Esplora API for Bitcoin (no key
 * needed, and the explorer cert-verifier-js uses too). Ethereum explorers want an API key, so
 * Ethereum anchors are looked up only when one is configured.
 */
export const DEFAULT_ANCHOR_EXPLORERS: readonly AnchorExplorer[] = [
  { chain: 'bitcoin', network: 'mainnet', url: 'https://blockstream.info/api/tx/{txid}' },
  { chain: 'bitcoin', network: 'testnet', url: 'https://blockstream.info/testnet/api/tx/{txid}' },
];

/**
 * The setting read when the caller passes none: `off` (never look anchors up) or a JSON list of
 * AnchorExplorer, e.g.
 * `[{"chain":"ethereum","network":"mainnet","url":"https://api.etherscan.io/api?module=proxy&action=eth_getTransactionByHash&txhash={txid}&apikey=KEY"}]`.
 */
export const ANCHOR_EXPLORERS_VARIABLE = 'SKILLFOLIO_ANCHOR_EXPLORERS';

/** The verification environment plus the explorers to use (absent: the variable, then the defaults). */
export type BlockcertsEnv = VerifyEnv & { anchorExplorers?: readonly AnchorExplorer[] };

const CHAINS = new Set(['bitcoin', 'ethereum', 'polygon', 'base', 'mock']);

/** Reads an explorer setting (`off` or a JSON list). Throws AppError('bad-input') saying what is wrong. */
export function parseAnchorExplorers(text: string): AnchorExplorer[] {
  const t = text.trim();
  if (t === '' || t.toLowerCase() === 'off') return [];
  let value: unknown;
  try {
    value = JSON.parse(t);
  } catch {
    throw new AppError('bad-input', 'The anchor explorer setting is neither "off" nor JSON.');
  }
  if (!Array.isArray(value)) {
    throw new AppError('bad-input', 'The anchor explorer setting must be a list of explorers.');
  }
  return value.map((e, i) => {
    const where = `Explorer ${i + 1} of the anchor explorer setting`;
    if (!isRecord(e) || typeof e.chain !== 'string' || !CHAINS.has(e.chain)) {
      throw new AppError('bad-input', `${where} names no known chain (bitcoin, ethereum, …).`);
    }
    if (typeof e.network !== 'string' || e.network === '') {
      throw new AppError('bad-input', `${where} names no network (mainnet, testnet, …).`);
    }
    if (typeof e.url !== 'string' || !/^https?:\/\//.test(e.url) || !e.url.includes('{txid}')) {
      throw new AppError('bad-input', `${where} needs an http(s) "url" containing {txid}.`);
    }
    return { chain: e.chain as AnchorExplorer['chain'], network: e.network, url: e.url };
  });
}

function explorersFor(env: BlockcertsEnv): readonly AnchorExplorer[] {
  if (env.anchorExplorers) return env.anchorExplorers;
  const setting = process.env[ANCHOR_EXPLORERS_VARIABLE];
  return setting === undefined ? DEFAULT_ANCHOR_EXPLORERS : parseAnchorExplorers(setting);
}

// ---------------------------------------------------------------------------------------------
// Local checks: document hash and Merkle path

function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function clip(text: string, max = 120): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function shortHash(hex: string): string {
  return `${hex.slice(0, 12)}…`;
}

/** The root a Merkle path leads to from `leaf` (hex SHA-256 of the concatenated raw hashes at each step). */
export function merkleRootOf(leaf: string, path: readonly MerkleStep[]): string {
  let hash = leaf;
  for (const step of path) {
    const pair = step.side === 'left' ? step.hash + hash : hash + step.hash;
    hash = sha256Hex(Buffer.from(pair, 'hex'));
  }
  return hash;
}

/**
 * The Blockcerts document hash: SHA-256 of the RDF canonical form (URDNA2015 / RDFC-1.0) of the
 * document as it was issued, computed in safe mode over the bundled contexts only.
 */
export async function blockcertsHash(
  doc: Doc,
): Promise<{ ok: true; hash: string } | { ok: false; reason: string }> {
  const canonical = await canonicalRdf(doc);
  if (!canonical.ok) return { ok: false, reason: canonical.reason };
  return { ok: true, hash: sha256Hex(canonical.nquads) };
}

/** One Merkle receipt and the document it was issued for. */
type Receipt = { receipt: MerkleReceipt; secured: Doc; what: string };

async function localCheck(r: Receipt): Promise<CheckResult> {
  const fail = (message: string): CheckResult => ({
    id: 'proof',
    status: 'fail',
    implies: 'invalid',
    message,
  });
  const hashed = await blockcertsHash(r.secured);
  if (!hashed.ok) {
    return fail(`The certificate ${hashed.reason}; its document hash cannot be computed.`);
  }
  if (hashed.hash !== r.receipt.targetHash) {
    return fail(
      `The certificate does not match its ${r.what}: its hash is ${shortHash(hashed.hash)}, the receipt was issued for ${shortHash(r.receipt.targetHash)}. It was changed after it was issued.`,
    );
  }
  const root = merkleRootOf(r.receipt.targetHash, r.receipt.path);
  if (root !== r.receipt.merkleRoot) {
    return fail(
      `The Merkle path in the certificate's ${r.what} leads to ${shortHash(root)}, not to the root it names (${shortHash(r.receipt.merkleRoot)}): the receipt is broken or altered.`,
    );
  }
  return {
    id: 'proof',
    status: 'pass',
    establishesIntegrity: true,
    message: `The certificate matches its ${r.what}: its hash is the receipt's target, and the Merkle path leads to the root ${shortHash(root)}. Whether that root is on the blockchain is the anchor check.`,
  };
}

// ---------------------------------------------------------------------------------------------
// The anchor: a blockchain transaction recording the Merkle root

/** What an explorer says about a transaction. */
export type AnchorTransaction = {
  /** 32-byte values the transaction carries (OP_RETURN outputs, or the data of an Ethereum transaction). */
  roots: string[];
  /** Addresses that sent it (Bitcoin inputs, the Ethereum `from`). */
  senders: string[];
  /** Block time (ISO) when confirmed. */
  time: string | null;
  confirmed: boolean;
};

const HEX32 = /^[0-9a-f]{64}$/;

function isoFromUnix(v: unknown): string | null {
  const n =
    typeof v === 'number'
      ? v
      : typeof v === 'string' && /^0x[0-9a-f]+$/i.test(v)
        ? parseInt(v, 16)
        : NaN;
  if (!Number.isFinite(n) || n <= 0 || n > 1e11) return null;
  return new Date(n * 1000).toISOString();
}

function readBitcoinTransaction(json: Doc): AnchorTransaction {
  const roots: string[] = [];
  for (const out of asList(json.vout).slice(0, 1000)) {
    if (!isRecord(out) || typeof out.scriptpubkey !== 'string') continue;
    const script = out.scriptpubkey.toLowerCase();
    // OP_RETURN (6a) pushing 32 bytes directly (20) or with OP_PUSHDATA1 (4c 20).
    const data = script.startsWith('6a20')
      ? script.slice(4)
      : script.startsWith('6a4c20')
        ? script.slice(6)
        : null;
    if (data !== null && HEX32.test(data)) roots.push(data);
  }
  const senders: string[] = [];
  for (const input of asList(json.vin).slice(0, 1000)) {
    const prevout = isRecord(input) ? input.prevout : null;
    if (isRecord(prevout) && typeof prevout.scriptpubkey_address === 'string') {
      senders.push(prevout.scriptpubkey_address);
    }
  }
  const status = isRecord(json.status) ? json.status : {};
  return {
    roots,
    senders: [...new Set(senders)],
    time: isoFromUnix(status.block_time),
    confirmed: status.confirmed === true,
  };
}

function readEthereumTransaction(json: Doc): AnchorTransaction {
  const tx = isRecord(json.result) ? json.result : json;
  const input = typeof tx.input === 'string' ? tx.input : tx.raw_input;
  const data = typeof input === 'string' ? input.toLowerCase().replace(/^0x/, '') : '';
  const from = isRecord(tx.from) ? tx.from.hash : tx.from;
  const block = tx.blockNumber ?? tx.block_number ?? tx.block;
  const confirmations = typeof tx.confirmations === 'number' ? tx.confirmations : null;
  const time =
    typeof tx.timestamp === 'string' && !Number.isNaN(Date.parse(tx.timestamp))
      ? new Date(Date.parse(tx.timestamp)).toISOString()
      : isoFromUnix(tx.timeStamp ?? tx.blockTimestamp);
  return {
    roots: HEX32.test(data) ? [data] : [],
    senders: typeof from === 'string' ? [from] : [],
    time,
    confirmed: confirmations !== null ? confirmations > 0 : block !== undefined && block !== null,
  };
}

/** Reads an explorer's answer about a transaction. Throws AppError('malformed') when it is not one. */
export function readAnchorTransaction(
  json: unknown,
  chain: BlockchainAnchor['chain'],
): AnchorTransaction {
  if (!isRecord(json)) {
    throw new AppError('malformed', 'The explorer did not answer with a transaction object.');
  }
  if (chain === 'bitcoin') {
    if (!Array.isArray(json.vout)) {
      throw new AppError(
        'malformed',
        'The explorer answered without the outputs of a Bitcoin transaction.',
      );
    }
    return readBitcoinTransaction(json);
  }
  const tx = isRecord(json.result) ? json.result : json;
  if (typeof tx.input !== 'string' && typeof tx.raw_input !== 'string') {
    throw new AppError('malformed', 'The explorer answered without the data of the transaction.');
  }
  return readEthereumTransaction(json);
}

function anchorName(a: BlockchainAnchor): string {
  return a.chain === 'mock' ? a.label : `${a.chain} ${a.network}`;
}

/** Where the anchor check stands; `tx` only when the explorer confirmed the root. */
type AnchorOutcome = {
  check: CheckResult;
  tx: AnchorTransaction | null;
  anchor: BlockchainAnchor | null;
};

function unconfirmed(message: string, anchor: BlockchainAnchor | null): AnchorOutcome {
  return {
    check: { id: 'anchor', status: 'skip', implies: 'unverified', message },
    tx: null,
    anchor,
  };
}

async function anchorCheck(
  receipt: MerkleReceipt,
  env: BlockcertsEnv,
  what: string,
): Promise<AnchorOutcome> {
  const anchor = receipt.anchors[0] ?? null;
  if (!anchor) {
    return {
      check: {
        id: 'anchor',
        status: 'warn',
        implies: 'unverified',
        message: `The ${what} names no blockchain transaction, so nothing shows the certificate was ever issued.`,
      },
      tx: null,
      anchor,
    };
  }
  if (anchor.chain === 'mock' || anchor.txId === null) {
    return unconfirmed(
      `A test certificate: its ${what} is anchored on a mock chain (${anchor.label}), not on a blockchain, so its issuance cannot be confirmed.`,
      anchor,
    );
  }
  const tx = anchor.txId;
  if (env.fetcher.settings.offline) {
    return unconfirmed(
      `Not checked: offline. The Merkle root is anchored in ${anchorName(anchor)} transaction ${clip(tx, 70)}, which only a blockchain explorer can confirm.`,
      anchor,
    );
  }
  let explorers: readonly AnchorExplorer[];
  try {
    explorers = explorersFor(env);
  } catch (err) {
    return unconfirmed(`Not checked: ${toErrorData(err).message}`, anchor);
  }
  const explorer = explorers.find((e) => e.chain === anchor.chain && e.network === anchor.network);
  if (!explorer) {
    return unconfirmed(
      `Not checked: no blockchain explorer is configured for ${anchorName(anchor)} (transaction ${clip(tx, 70)}).${anchor.chain === 'bitcoin' ? '' : ` Set ${ANCHOR_EXPLORERS_VARIABLE} to an explorer for it.`}`,
      anchor,
    );
  }
  const url = explorer.url.replaceAll('{txid}', encodeURIComponent(tx));
  let found: AnchorTransaction;
  try {
    const { json } = await env.fetcher.fetchJson(url, { maxBytes: 2 * 1024 * 1024 });
    found = readAnchorTransaction(json, anchor.chain);
  } catch (err) {
    const e = toErrorData(err);
    const prefix = e.code === 'offline' ? 'Not checked: offline. ' : 'Not checked: ';
    return unconfirmed(
      `${prefix}the ${anchorName(anchor)} transaction ${clip(tx, 70)} could not be looked up at ${new URL(url).host}: ${e.message}`,
      anchor,
    );
  }
  if (!found.roots.includes(receipt.merkleRoot)) {
    return {
      check: {
        id: 'anchor',
        status: 'fail',
        implies: 'invalid',
        message:
          found.roots.length > 0
            ? `The ${anchorName(anchor)} transaction ${clip(tx, 70)} records ${shortHash(found.roots[0] ?? '')}, not this certificate's Merkle root ${shortHash(receipt.merkleRoot)}: the certificate was not issued in that transaction.`
            : `The ${anchorName(anchor)} transaction ${clip(tx, 70)} records no Merkle root, so it cannot anchor this certificate.`,
      },
      tx: null,
      anchor,
    };
  }
  if (!found.confirmed) {
    return unconfirmed(
      `The ${anchorName(anchor)} transaction ${clip(tx, 70)} records the certificate's Merkle root but is not yet confirmed in a block.`,
      anchor,
    );
  }
  return {
    check: {
      id: 'anchor',
      status: 'pass',
      establishesIntegrity: true,
      message: `Anchored: ${anchorName(anchor)} transaction ${clip(tx, 70)}${found.time ? ` (block time ${found.time})` : ''} records the certificate's Merkle root, according to ${new URL(url).host}.`,
    },
    tx: found,
    anchor,
  };
}

// ---------------------------------------------------------------------------------------------
// The issuer's profile: its blockchain addresses and (v2) revocation list

type Profile = { url: string; doc: Doc; fetchedAt: string };

const PROFILE_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** The issuer profile address: v2 `badge.issuer`, v3 `issuer` (or its verification method's document). */
function profileUrlOf(doc: Doc, version: 'v2' | 'v3', proof: Doc | null): string | null {
  const issuer = version === 'v2' && isRecord(doc.badge) ? doc.badge.issuer : doc.issuer;
  const id = readId(issuer);
  if (id !== null) return id;
  const vm = proof ? proof.verificationMethod : null;
  return typeof vm === 'string' ? (vm.split('#')[0] ?? null) : null;
}

async function loadProfile(url: string, env: VerifyEnv): Promise<Profile> {
  if (!/^https?:\/\//i.test(url)) {
    throw new AppError(
      'unsupported-format',
      `the issuer is ${clip(url, 80)}, which Skillfolio cannot look up for a Blockcerts certificate (only issuer profiles on the web)`,
    );
  }
  const got = await fetchCached(url, env, {
    maxAgeMs: PROFILE_MAX_AGE_MS,
    maxBytes: 4 * 1024 * 1024,
  });
  const json = parseJsonBytes(got.bytes, 'The issuer profile');
  if (!isRecord(json)) throw new AppError('malformed', 'The issuer profile is not a JSON object.');
  return { url, doc: json, fetchedAt: got.fetchedAt };
}

/** `ecdsa-koblitz-pubkey:ADDRESS` → ADDRESS; Ethereum addresses compare without case. */
function addressOf(key: string): string {
  const a = key.replace(/^ecdsa-koblitz-pubkey:/, '').trim();
  return /^0x/i.test(a) ? a.toLowerCase() : a;
}

type IssuerKey = {
  address: string;
  created: number | null;
  expires: number | null;
  revoked: number | null;
};

function profileKeys(profile: Doc): IssuerKey[] {
  const time = (v: unknown): number | null => {
    const t = typeof v === 'string' ? Date.parse(v) : NaN;
    return Number.isNaN(t) ? null : t;
  };
  return asList(profile.publicKey)
    .slice(0, 200)
    .flatMap((k): IssuerKey[] => {
      if (typeof k === 'string')
        return [{ address: addressOf(k), created: null, expires: null, revoked: null }];
      if (!isRecord(k) || typeof k.id !== 'string') return [];
      return [
        {
          address: addressOf(k.id),
          created: time(k.created),
          expires: time(k.expires),
          revoked: time(k.revoked),
        },
      ];
    });
}

function identityCheck(profile: Profile, tx: AnchorTransaction): CheckResult {
  const keys = profileKeys(profile.doc);
  const where = `the issuer profile ${clip(profile.url, 100)}`;
  if (keys.length === 0) {
    return {
      id: 'issuer',
      status: 'warn',
      message: `${where} lists no blockchain addresses, so the transaction cannot be tied to the issuer.`,
    };
  }
  const senders = tx.senders.map(addressOf);
  const key = keys.find((k) => senders.includes(k.address));
  if (!key) {
    return {
      id: 'issuer',
      status: 'fail',
      implies: 'invalid',
      message:
        senders.length > 0
          ? `The transaction was sent from ${clip(senders.join(', '), 120)}, an address ${where} does not list: not issued by this issuer.`
          : `The explorer did not say which address sent the transaction, so it cannot be tied to ${where}.`,
    };
  }
  const at = tx.time === null ? null : Date.parse(tx.time);
  if (at !== null) {
    if (key.revoked !== null && at >= key.revoked) {
      return {
        id: 'issuer',
        status: 'fail',
        implies: 'invalid',
        message: `The issuing address ${key.address} had been revoked by the issuer (${new Date(key.revoked).toISOString()}) before this certificate was anchored.`,
      };
    }
    if (key.expires !== null && at >= key.expires) {
      return {
        id: 'issuer',
        status: 'fail',
        implies: 'invalid',
        message: `The issuing address ${key.address} had expired (${new Date(key.expires).toISOString()}) before this certificate was anchored.`,
      };
    }
    if (key.created !== null && at < key.created) {
      return {
        id: 'issuer',
        status: 'fail',
        implies: 'invalid',
        message: `The issuer added the address ${key.address} to its profile only on ${new Date(key.created).toISOString()}, after this certificate was anchored.`,
      };
    }
  }
  return {
    id: 'issuer',
    status: 'pass',
    message: `Issued from ${key.address}, an address ${where} lists (profile as of ${profile.fetchedAt}).`,
  };
}

function readRevocationList(json: unknown): Map<string, string> {
  if (!isRecord(json) || !Array.isArray(json.revokedAssertions)) {
    throw new AppError('malformed', 'it is not a revocation list (no revokedAssertions)');
  }
  const out = new Map<string, string>();
  for (const r of json.revokedAssertions.slice(0, 100_000)) {
    if (typeof r === 'string') out.set(r, '');
    else if (isRecord(r) && typeof r.id === 'string') {
      out.set(r.id, typeof r.revocationReason === 'string' ? clip(r.revocationReason, 200) : '');
    }
  }
  return out;
}

async function revocationCheck(
  doc: Doc,
  profile: () => Promise<Profile>,
  env: VerifyEnv,
): Promise<CheckResult> {
  const skip = (message: string): CheckResult => ({ id: 'status', status: 'skip', message });
  const inline =
    isRecord(doc.badge) && isRecord(doc.badge.issuer) ? doc.badge.issuer.revocationList : null;
  let url = typeof inline === 'string' ? inline : null;
  if (env.fetcher.settings.offline) {
    return skip("Not checked: offline. The issuer's revocation list is on the web.");
  }
  if (url === null) {
    let p: Profile;
    try {
      p = await profile();
    } catch (err) {
      return skip(
        `Not checked: the issuer profile could not be read (${toErrorData(err).message}).`,
      );
    }
    url = typeof p.doc.revocationList === 'string' ? p.doc.revocationList : null;
  }
  if (url === null) {
    return skip('Not checked: the issuer publishes no revocation list.');
  }
  const id = readId(doc);
  if (id === null) return skip('Not checked: the certificate has no id to look up.');
  try {
    const got = await fetchCached(url, env, {
      maxAgeMs: PROFILE_MAX_AGE_MS,
      maxBytes: 4 * 1024 * 1024,
    });
    const revoked = readRevocationList(parseJsonBytes(got.bytes, 'The revocation list'));
    const reason = revoked.get(id);
    if (reason !== undefined) {
      return {
        id: 'status',
        status: 'fail',
        implies: 'revoked',
        message: `Revoked: the issuer's revocation list names this certificate${reason ? ` ("${reason}")` : ''} (list as of ${got.fetchedAt}).`,
      };
    }
    return {
      id: 'status',
      status: 'pass',
      message: `Not revoked, according to the issuer's revocation list (as of ${got.fetchedAt}).`,
    };
  } catch (err) {
    const e = toErrorData(err);
    if (e.code === 'offline')
      return skip("Not checked: offline. The issuer's revocation list is on the web.");
    return {
      id: 'status',
      status: 'warn',
      message: `The revocation list at ${clip(url)} could not be read, so the status is unknown: ${e.message}`,
    };
  }
}

// ---------------------------------------------------------------------------------------------
// One certificate

/** Signature proofs beside the Merkle receipts of a v3 certificate (Ed25519, eddsa-rdfc-2022, …). */
const MAX_PROOFS = 16;

function receiptsOf(
  doc: Doc,
  version: 'v2' | 'v3',
): { receipts: Receipt[]; proofs: Doc[]; others: Doc[] } {
  if (version === 'v2') {
    const secured: Doc = {};
    for (const [k, v] of Object.entries(doc)) if (k !== 'signature') secured[k] = v;
    return {
      receipts: [
        { receipt: readMerkleProof2017(doc), secured, what: 'Merkle receipt (MerkleProof2017)' },
      ],
      proofs: [],
      others: [],
    };
  }
  const raw = asList(doc.proof);
  if (raw.length > MAX_PROOFS) {
    throw new AppError(
      'malformed',
      `The certificate carries ${raw.length} proofs; Skillfolio checks at most ${MAX_PROOFS}.`,
    );
  }
  const proofs = raw.filter(isRecord);
  if (proofs.length !== raw.length) {
    throw new AppError('malformed', "One of the certificate's proofs is not a JSON object.");
  }
  const receipts: Receipt[] = [];
  const merkle: Doc[] = [];
  const others: Doc[] = [];
  proofs.forEach((proof, i) => {
    if (!isMerkleProof(proof)) {
      others.push(proof);
      return;
    }
    merkle.push(proof);
    // What a Merkle proof covers: the document with the proofs before it (a chain), or none.
    const secured: Doc = {};
    for (const [k, v] of Object.entries(doc)) if (k !== 'proof') secured[k] = v;
    if (Array.isArray(doc.proof) && i > 0) secured.proof = proofs.slice(0, i);
    const type = typesOf(proof).join(', ');
    receipts.push({
      receipt: decodeMerkleProof2019(proof.proofValue),
      secured,
      what: `Merkle receipt (${clip(type, 40)}${proofs.length > 1 ? `, proof ${i + 1} of ${proofs.length}` : ''})`,
    });
  });
  return { receipts, proofs: merkle, others };
}

/**
 * Verifies a Blockcerts certificate. Checks: `proof` (the document hash matches each Merkle
 * receipt and its path leads to the root: local, fails as `invalid`; plus any signature proofs a v3
 * certificate also carries), `anchor` (an explorer confirms the root is in the named transaction:
 * `skip` offline, for mock chains and chains with no explorer, implying `unverified` unless a
 * signature bound to the issuer verified), `issuer` (the transaction came from an address the issuer
 * profile lists, valid at the time) and, for v2, `status` (the issuer's revocation list). v3 status
 * lists and validity dates are the engine's checks. Never throws for a certificate problem.
 */
export async function verifyBlockcerts(
  parsed: ParsedCredential,
  env: BlockcertsEnv,
): Promise<CheckResult[]> {
  const doc = isRecord(parsed.document) ? parsed.document : null;
  const version = doc ? blockcertsVersion(doc) : null;
  if (!doc || version === null) {
    return [
      {
        id: 'proof',
        status: 'fail',
        implies: 'invalid',
        message: 'This is not a Blockcerts certificate Skillfolio can read.',
      },
    ];
  }
  if (version === 'v1') {
    return [
      {
        id: 'proof',
        status: 'skip',
        message:
          'Not checked: Blockcerts v1 certificates (2016) are read but not verified by Skillfolio; their issuer can re-issue them as v2 or v3.',
      },
    ];
  }
  let parts: ReturnType<typeof receiptsOf>;
  try {
    parts = receiptsOf(doc, version);
  } catch (err) {
    const e = toErrorData(err);
    return [{ id: 'proof', status: 'fail', implies: 'invalid', message: e.message }];
  }
  const checks: CheckResult[] = [];

  // Signature proofs beside the receipts (e.g. Ed25519Signature2020 then a ChainedProof2021).
  let signatureBound = false;
  if (parts.others.length > 0) {
    const signed = { ...doc, proof: parts.others.length === 1 ? parts.others[0] : parts.others };
    const di = await verifyDataIntegrity(signed, env);
    signatureBound =
      di.some((c) => c.id === 'proof' && c.status === 'pass') &&
      di.some((c) => c.id === 'issuer' && c.status === 'pass');
    // With receipts to check, an issuer check that merely could not run is said once, below.
    const keep = (c: CheckResult) =>
      signatureBound || parts.receipts.length === 0 || c.id !== 'issuer' || c.status !== 'skip';
    checks.push(...di.filter(keep));
  }
  if (parts.receipts.length === 0) {
    return checks.length > 0
      ? checks
      : [
          {
            id: 'proof',
            status: 'skip',
            message:
              'Unsigned: the certificate carries no proof, so its origin cannot be confirmed.',
          },
        ];
  }

  const local = await Promise.all(parts.receipts.map(localCheck));
  checks.push(...local);
  if (local.some((c) => c.status === 'fail')) {
    // A certificate that does not match its receipt is forged or damaged: nothing online changes that.
    return checks;
  }

  const outcomes: AnchorOutcome[] = [];
  for (const r of parts.receipts) outcomes.push(await anchorCheck(r.receipt, env, r.what));
  for (const o of outcomes) {
    if (signatureBound && o.check.implies === 'unverified') {
      // A verified signature of the issuer already vouches for the certificate; the anchor adds to it.
      checks.push({ id: o.check.id, status: o.check.status, message: o.check.message });
    } else {
      checks.push(o.check);
    }
  }

  let profilePromise: Promise<Profile> | null = null;
  const profile = (): Promise<Profile> => {
    if (!profilePromise) {
      const url = profileUrlOf(doc, version, parts.proofs[0] ?? null);
      profilePromise =
        url === null
          ? Promise.reject(new AppError('malformed', 'the certificate names no issuer'))
          : loadProfile(url, env);
      profilePromise.catch(() => undefined);
    }
    return profilePromise;
  };

  if (!signatureBound) {
    const anchored = outcomes.find((o) => o.tx !== null);
    if (!anchored?.tx) {
      checks.push({
        id: 'issuer',
        status: 'skip',
        message: env.fetcher.settings.offline
          ? 'Not checked: offline. The issuing address is read from the blockchain transaction.'
          : 'Not checked: the issuing address is read from the blockchain transaction, which was not confirmed.',
      });
    } else {
      try {
        checks.push(identityCheck(await profile(), anchored.tx));
      } catch (err) {
        const e = toErrorData(err);
        checks.push({
          id: 'issuer',
          status: 'skip',
          message: `Not checked: ${e.code === 'offline' ? 'offline. ' : ''}the issuer profile could not be read (${e.message}).`,
        });
      }
    }
  }
  if (version === 'v2') checks.push(await revocationCheck(doc, profile, env));
  return checks;
}
