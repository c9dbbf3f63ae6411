// Data Integrity proofs (eddsa-rdfc-2022, eddsa-jcs-2022, Ed25519Signature2020/2018) verified and made from jsonld, rdf-canonize, JCS and node:crypto.
import { createHash, sign as cryptoSign, verify as cryptoVerify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import canonicalizeJcs from 'canonicalize';
import { isRecord } from '../formats/json';
import { AppError } from '../shared/errors';
import { canonicalRdf } from './canonical-rdf';
import { isKnownContext } from './contexts';
import { resolveVerificationMethod } from './did';
import { decodeMultibase, encodeMultibase, type ResolvedKey } from './keys';
import type { CheckResult, VerifyEnv } from './types';

type Doc = Record<string, unknown>;

export type DataIntegritySuite =
  'eddsa-rdfc-2022' | 'eddsa-jcs-2022' | 'Ed25519Signature2020' | 'Ed25519Signature2018';

export type SignOptions = {
  suite: DataIntegritySuite;
  privateKey: KeyObject;
  verificationMethod: string;
  proofPurpose?: string;
  created?: string;
  challenge?: string;
  domain?: string;
  /** Proofs (by `id`) this one endorses: makes a proof chain. */
  previousProof?: string | string[];
  /** An `id` for the new proof, so a later proof can name it in `previousProof`. */
  id?: string;
  /**
   * `doc` without its proofs in expanded JSON-LD form, when the caller has it cheaper than by
   * expanding `doc`: an RDFC suite canonicalises it instead (not with `previousProof`). It must be
   * exactly what expanding `doc` gives, or the signature will not verify.
   */
  expanded?: Doc | Doc[];
};

export type VerifyOptions = { proofPurpose?: string; challenge?: string; domain?: string };

/** How a suite turns a document and its proof options into the bytes that are signed. */
type Algorithm = {
  /** The name a message shows. */
  label: string;
  canonical: 'rdfc' | 'jcs';
  signature: 'proofValue' | 'jws';
};

const RDFC_2022: Algorithm = {
  label: 'eddsa-rdfc-2022',
  canonical: 'rdfc',
  signature: 'proofValue',
};
const JCS_2022: Algorithm = { label: 'eddsa-jcs-2022', canonical: 'jcs', signature: 'proofValue' };
const EDDSA_2022: Algorithm = {
  label: 'eddsa-2022 (draft name of eddsa-rdfc-2022)',
  canonical: 'rdfc',
  signature: 'proofValue',
};
const ED25519_2020: Algorithm = {
  label: 'Ed25519Signature2020',
  canonical: 'rdfc',
  signature: 'proofValue',
};
const ED25519_2018: Algorithm = {
  label: 'Ed25519Signature2018',
  canonical: 'rdfc',
  signature: 'jws',
};

// Maps, not object literals: a proof naming "constructor" as its suite must find nothing.
const CRYPTOSUITES = new Map<string, Algorithm>([
  ['eddsa-rdfc-2022', RDFC_2022],
  ['eddsa-jcs-2022', JCS_2022],
  ['eddsa-2022', EDDSA_2022],
]);
const PROOF_TYPES = new Map<string, Algorithm>([
  ['Ed25519Signature2020', ED25519_2020],
  ['Ed25519Signature2018', ED25519_2018],
]);

function clip(text: string, max = 120): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function asProofs(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** True when the document carries at least one embedded proof (`proof` with a `type`). */
export function hasDataIntegrityProof(doc: Record<string, unknown>): boolean {
  return asProofs(doc.proof).some((p) => isRecord(p) && typeof p.type === 'string');
}

function algorithmOf(proof: Doc): Algorithm | null {
  if (proof.type === 'DataIntegrityProof') {
    return typeof proof.cryptosuite === 'string'
      ? (CRYPTOSUITES.get(proof.cryptosuite) ?? null)
      : null;
  }
  return typeof proof.type === 'string' ? (PROOF_TYPES.get(proof.type) ?? null) : null;
}

function suiteName(proof: Doc): string {
  const type = typeof proof.type === 'string' ? proof.type : (JSON.stringify(proof.type) ?? '?');
  return proof.type === 'DataIntegrityProof' && typeof proof.cryptosuite === 'string'
    ? `${type} ${proof.cryptosuite}`
    : type;
}

// ---------------------------------------------------------------------------------------------
// Canonicalisation

/** A verification failure that says what is wrong with the credential (not with Skillfolio). */
class ProofFailure extends Error {}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** RDF canonical form of a document, or the reason it has none (then the proof fails). */
async function canonicalRdfOrFail(doc: unknown, what: string): Promise<string> {
  const result = await canonicalRdf(doc);
  if (!result.ok) throw new ProofFailure(`The ${what} ${result.reason}.`);
  return result.nquads;
}

function canonicalJcs(doc: Doc, what: string): string {
  let text: string | undefined;
  try {
    text = canonicalizeJcs(doc);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new ProofFailure(`The ${what} cannot be canonicalised as JSON (${clip(message, 160)}).`);
  }
  if (text === undefined) throw new ProofFailure(`The ${what} cannot be canonicalised as JSON.`);
  return text;
}

/** Every `@context` URL of a JCS-signed document must be one we ship (objects are inline, so fine). */
function checkContextUrls(doc: Doc): void {
  for (const c of asProofs(doc['@context'])) {
    if (typeof c === 'string' && !isKnownContext(c)) {
      throw new ProofFailure(
        `The credential uses the JSON-LD context ${clip(c)}, which Skillfolio does not know (it never fetches contexts).`,
      );
    }
  }
}

/** Canonical forms of documents, shared by the proofs of one set (they sign the same bytes). */
type CanonCache = Map<string, Promise<string>>;

function canonicalDocument(
  alg: Algorithm,
  doc: Doc,
  cacheKey: string,
  cache: CanonCache,
): Promise<string> {
  const key = `${alg.canonical}|${cacheKey}`;
  let hit = cache.get(key);
  if (!hit) {
    hit =
      alg.canonical === 'rdfc'
        ? canonicalRdfOrFail(doc, 'credential')
        : Promise.resolve().then(() => {
            checkContextUrls(doc);
            return canonicalJcs(doc, 'credential');
          });
    cache.set(key, hit);
  }
  return hit;
}

/** The proof options a signature covers: the proof without its signature, in the document's context. */
function proofConfig(proof: Doc, doc: Doc): Doc {
  const config: Doc = {};
  for (const [k, v] of Object.entries(proof)) {
    if (k !== 'proofValue' && k !== 'jws' && k !== 'signatureValue') config[k] = v;
  }
  if (doc['@context'] !== undefined) config['@context'] = doc['@context'];
  else delete config['@context'];
  return config;
}

// Proof options repeat across a batch (one issuer, one key, often one timestamp) and their canonical
// form is a pure function of their JSON, so the last few hundred are remembered.
const configCache = new Map<string, Promise<string>>();
const CONFIG_CACHE_MAX = 512;

function canonicalConfig(alg: Algorithm, proof: Doc, doc: Doc): Promise<string> {
  const config = proofConfig(proof, doc);
  if (alg.canonical === 'jcs') return Promise.resolve().then(() => canonicalJcs(config, 'proof'));
  const key = JSON.stringify(config);
  const hit = configCache.get(key);
  if (hit) return hit;
  const made = canonicalRdfOrFail(config, 'proof');
  if (configCache.size >= CONFIG_CACHE_MAX) configCache.clear();
  configCache.set(key, made);
  made.catch(() => configCache.delete(key));
  return made;
}

/**
 * The bytes an Ed25519 signature covers: hash(canonical proof options) ‖ hash(canonical document).
 * Both canonical forms are computed at once (on two worker threads when there are two).
 */
async function hashData(canonDoc: Promise<string>, canonConfig: Promise<string>): Promise<Buffer> {
  canonConfig.catch(() => undefined); // when the document fails first, its reason is the one reported
  const doc = await canonDoc;
  return Buffer.concat([sha256(await canonConfig), sha256(doc)]);
}

// ---------------------------------------------------------------------------------------------
// Signature values

const JWS_2018_HEADER = { alg: 'EdDSA', b64: false, crit: ['b64'] };

type DetachedJws = { signingInput: Buffer; signature: Buffer };

function parseDetachedJws(jws: unknown, data: Buffer): DetachedJws {
  if (typeof jws !== 'string' || jws.length > 4000) {
    throw new ProofFailure('The Ed25519Signature2018 proof has no usable "jws".');
  }
  const parts = jws.split('.');
  if (parts.length !== 3 || parts[1] !== '' || !parts[0] || !parts[2]) {
    throw new ProofFailure('The proof\'s "jws" is not a detached JWS (header..signature).');
  }
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
  } catch {
    throw new ProofFailure("The proof's JWS header is not JSON.");
  }
  if (
    !isRecord(header) ||
    header.alg !== 'EdDSA' ||
    header.b64 !== false ||
    !Array.isArray(header.crit) ||
    !header.crit.includes('b64')
  ) {
    throw new ProofFailure(
      'The proof\'s JWS header must be {"alg":"EdDSA","b64":false,"crit":["b64"]} for Ed25519Signature2018.',
    );
  }
  return {
    signingInput: Buffer.concat([Buffer.from(`${parts[0]}.`, 'ascii'), data]),
    signature: Buffer.from(parts[2], 'base64url'),
  };
}

function signatureBytes(proof: Doc): Buffer {
  if (typeof proof.proofValue !== 'string') {
    throw new ProofFailure('The proof has no "proofValue".');
  }
  try {
    return Buffer.from(decodeMultibase(proof.proofValue));
  } catch (err) {
    throw new ProofFailure(
      `The proof's "proofValue" is not a base58btc multibase signature${err instanceof AppError ? ` (${err.message})` : ''}.`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// One proof

type ProofOutcome =
  | { status: 'pass'; label: string; key: ResolvedKey; proof: Doc }
  | { status: 'fail'; label: string; message: string }
  | { status: 'skip'; label: string; message: string };

function describeKeyError(err: unknown, vm: string): ProofOutcome | null {
  if (!(err instanceof AppError)) return null;
  const where = clip(vm);
  switch (err.code) {
    case 'offline':
      return {
        status: 'skip',
        label: '',
        message: `Not checked: offline: could not fetch ${vm.startsWith('did:web:') ? 'the did:web document' : 'the key'} for ${where}.`,
      };
    case 'network':
    case 'blocked-address':
    case 'too-large':
    case 'bad-input':
      return {
        status: 'skip',
        label: '',
        message: `Not checked: the key ${where} could not be fetched: ${err.message}`,
      };
    case 'unsupported-format':
      return { status: 'skip', label: '', message: `Not checked: ${err.message}` };
    default:
      return {
        status: 'fail',
        label: '',
        message: `The key ${where} is not usable: ${err.message}`,
      };
  }
}

type Ctx = {
  env: VerifyEnv;
  opts: VerifyOptions;
  expectedPurpose: string;
  cache: CanonCache;
  unsecured: Doc;
  proofs: Doc[];
};

async function verifyOne(proof: Doc, index: number, ctx: Ctx): Promise<ProofOutcome> {
  const alg = algorithmOf(proof);
  const name = suiteName(proof);
  if (proof.type === 'DataIntegrityProof' && typeof proof.cryptosuite !== 'string') {
    return { status: 'fail', label: name, message: 'A DataIntegrityProof names no cryptosuite.' };
  }
  if (!alg) {
    return {
      status: 'skip',
      label: name,
      message: `Not checked: ${clip(name)} proofs are not supported by Skillfolio (it checks eddsa-rdfc-2022, eddsa-jcs-2022, Ed25519Signature2020 and Ed25519Signature2018).`,
    };
  }
  const fail = (message: string): ProofOutcome => ({ status: 'fail', label: alg.label, message });
  if (proof.proofPurpose !== ctx.expectedPurpose) {
    return fail(
      `The ${alg.label} proof is for "${clip(String(proof.proofPurpose), 40)}", not for "${ctx.expectedPurpose}".`,
    );
  }
  if (ctx.opts.challenge !== undefined && proof.challenge !== ctx.opts.challenge)
    return fail(`The ${alg.label} proof does not carry the expected challenge.`);
  if (ctx.opts.domain !== undefined && proof.domain !== ctx.opts.domain)
    return fail(`The ${alg.label} proof is not for the expected domain.`);
  if (typeof proof.expires === 'string') {
    const t = Date.parse(proof.expires);
    if (Number.isNaN(t) || t < ctx.env.now().getTime())
      return fail(`The ${alg.label} proof expired on ${clip(proof.expires, 40)}.`);
  }
  const vm = proof.verificationMethod;
  if (typeof vm !== 'string' || vm === '') return fail(`The ${alg.label} proof names no key.`);

  // A proof may carry its own @context; the document's must then begin with it (VC Data Integrity).
  if (proof['@context'] !== undefined) {
    const own = asProofs(proof['@context']);
    const docs = asProofs(ctx.unsecured['@context']);
    if (!own.every((c, i) => JSON.stringify(c) === JSON.stringify(docs[i])))
      return fail(`The ${alg.label} proof's @context does not match the credential's.`);
  }

  // The document this proof secured: with the earlier proofs it names when it is part of a chain.
  let secured = ctx.unsecured;
  let cacheKey = 'doc';
  if (proof.previousProof !== undefined) {
    const wanted = asProofs(proof.previousProof);
    const previous: Doc[] = [];
    for (const id of wanted) {
      const found = ctx.proofs.find((p, i) => i !== index && typeof id === 'string' && p.id === id);
      if (!found)
        return fail(
          `The ${alg.label} proof builds on a proof (${clip(String(id), 60)}) that is not there.`,
        );
      previous.push(found);
    }
    secured = { ...ctx.unsecured, proof: previous.length === 1 ? previous[0] : previous };
    cacheKey = `chain|${JSON.stringify(wanted)}`;
  }

  let signature: Buffer;
  let data: Buffer;
  try {
    signature = alg.signature === 'proofValue' ? signatureBytes(proof) : Buffer.alloc(0);
    data = await hashData(
      canonicalDocument(alg, secured, cacheKey, ctx.cache),
      canonicalConfig(alg, proof, secured),
    );
    if (alg.signature === 'jws') {
      const jws = parseDetachedJws(proof.jws, data);
      data = jws.signingInput;
      signature = jws.signature;
    }
  } catch (err) {
    if (err instanceof ProofFailure) return fail(err.message);
    throw err;
  }

  let key: ResolvedKey;
  try {
    key = await resolveVerificationMethod(vm, ctx.env);
  } catch (err) {
    const outcome = describeKeyError(err, vm);
    if (!outcome) throw err;
    return { ...outcome, label: alg.label };
  }
  if (key.publicKey.asymmetricKeyType !== 'ed25519') {
    return fail(
      `The key ${clip(vm)} is not an Ed25519 key, so it cannot have made an ${alg.label} signature.`,
    );
  }
  if (signature.length !== 64 || !cryptoVerify(null, data, key.publicKey, signature)) {
    return fail(
      `The ${alg.label} signature does not match the credential: it was changed after signing, or signed with a different key than ${clip(vm)}.`,
    );
  }
  return { status: 'pass', label: alg.label, key, proof };
}

// ---------------------------------------------------------------------------------------------
// The credential's proofs and its issuer

function issuerIdOf(doc: Doc): { id: string | null; role: 'issuer' | 'holder' } {
  const types = asProofs(doc.type);
  const presentation = types.includes('VerifiablePresentation') && doc.issuer === undefined;
  const who = presentation ? doc.holder : doc.issuer;
  const id =
    typeof who === 'string' ? who : isRecord(who) && typeof who.id === 'string' ? who.id : null;
  return { id, role: presentation ? 'holder' : 'issuer' };
}

function withoutFragment(id: string): string {
  const hash = id.indexOf('#');
  return hash === -1 ? id : id.slice(0, hash);
}

function asOf(key: ResolvedKey): string {
  return key.fetchedAt ? ` (its document as of ${key.fetchedAt})` : '';
}

function summarise(outcomes: ProofOutcome[]): CheckResult {
  const failed = outcomes.filter((o) => o.status === 'fail');
  const passed = outcomes.filter((o) => o.status === 'pass');
  const skipped = outcomes.filter((o) => o.status === 'skip');
  const many = outcomes.length > 1;
  if (failed.length > 0) {
    const lead = many ? `${failed.length} of ${outcomes.length} proofs failed. ` : '';
    return {
      id: 'proof',
      status: 'fail',
      implies: 'invalid',
      message: `${lead}${failed.map((o) => (o.status === 'fail' ? o.message : '')).join(' ')}`,
    };
  }
  if (passed.length > 0) {
    const what = passed
      .map((o) => (o.status === 'pass' ? `${o.label} by ${clip(o.key.id)}${asOf(o.key)}` : ''))
      .join('; ');
    const rest =
      skipped.length > 0
        ? ` ${skipped.length} other proof${skipped.length > 1 ? 's' : ''} not checked: ${skipped.map((o) => (o.status === 'skip' ? o.message : '')).join(' ')}`
        : '';
    return {
      id: 'proof',
      status: 'pass',
      establishesIntegrity: true,
      message: `Signature${passed.length > 1 ? 's' : ''} verified: ${what}.${rest}`,
    };
  }
  return {
    id: 'proof',
    status: 'skip',
    message: skipped.map((o) => (o.status === 'skip' ? o.message : '')).join(' '),
  };
}

function issuerCheck(doc: Doc, outcomes: ProofOutcome[], purpose: string): CheckResult {
  const passed = outcomes.flatMap((o) => (o.status === 'pass' ? [o] : []));
  if (passed.length === 0 || outcomes.some((o) => o.status === 'fail')) {
    return { id: 'issuer', status: 'skip', message: 'Not checked: no proof was verified.' };
  }
  const { id: issuer, role } = issuerIdOf(doc);
  if (!issuer && role === 'holder') {
    // A presentation need not say who presents it: the proof still shows it is intact.
    const keys = [...new Set(passed.map((o) => clip(o.key.controller)))].join(', ');
    return {
      id: 'issuer',
      status: 'warn',
      message: `The presentation names no holder; it was signed by ${keys}.`,
    };
  }
  if (!issuer) {
    return {
      id: 'issuer',
      status: 'fail',
      implies: 'invalid',
      message: 'The credential names no issuer, so no signature can be tied to one.',
    };
  }
  const ofIssuer = passed.filter(
    (o) => o.key.controller === issuer || o.key.controller === withoutFragment(issuer),
  );
  const authorised = ofIssuer.find((o) => (o.key.purposes ?? [purpose]).includes(purpose));
  if (authorised) {
    return {
      id: 'issuer',
      status: 'pass',
      message: `Signed with a key of the ${role} ${clip(issuer)}${asOf(authorised.key)}.`,
    };
  }
  const first = ofIssuer[0];
  if (first) {
    return {
      id: 'issuer',
      status: 'fail',
      implies: 'invalid',
      message: `The ${role} ${clip(issuer)} does not list the key ${clip(first.key.id)} for "${purpose}", so it did not authorise this signature: key not bound to the ${role}.`,
    };
  }
  const owners = [...new Set(passed.map((o) => clip(o.key.controller)))].join(', ');
  return {
    id: 'issuer',
    status: 'fail',
    implies: 'invalid',
    message: `The signing key belongs to ${owners}, not to the ${role} ${clip(issuer)}: key not bound to the ${role}.`,
  };
}

/**
 * Verifies every embedded proof of a credential (or presentation): a `proof` check (pass only when
 * each supported proof verifies; skip when none could be checked: unsupported suite, key out of
 * reach offline) and an `issuer` check (a verified key's controller is the issuer, and lists it for
 * the proof purpose). JSON-LD runs in safe mode over the bundled contexts only: an undefined term
 * or an unknown context fails the proof; nothing is ever fetched but DID documents.
 */
export async function verifyDataIntegrity(
  doc: Record<string, unknown>,
  env: VerifyEnv,
  opts: VerifyOptions = {},
): Promise<CheckResult[]> {
  const raw = asProofs(doc.proof);
  const proofs = raw.filter(isRecord);
  if (proofs.length === 0 || proofs.length !== raw.length) {
    return [
      {
        id: 'proof',
        status: 'fail',
        implies: 'invalid',
        message:
          proofs.length === 0
            ? 'The credential has no proof to check.'
            : "One of the credential's proofs is not a JSON object.",
      },
    ];
  }
  if (proofs.length > 16) {
    return [
      {
        id: 'proof',
        status: 'fail',
        implies: 'invalid',
        message: `The credential carries ${proofs.length} proofs; Skillfolio checks at most 16.`,
      },
    ];
  }
  const unsecured: Doc = {};
  for (const [k, v] of Object.entries(doc)) if (k !== 'proof') unsecured[k] = v;
  const isPresentation = asProofs(doc.type).includes('VerifiablePresentation');
  const expectedPurpose =
    opts.proofPurpose ?? (isPresentation ? 'authentication' : 'assertionMethod');
  const ctx: Ctx = { env, opts, expectedPurpose, cache: new Map(), unsecured, proofs };
  const outcomes: ProofOutcome[] = [];
  for (let i = 0; i < proofs.length; i++) {
    const p = proofs[i];
    if (p) outcomes.push(await verifyOne(p, i, ctx));
  }
  return [summarise(outcomes), issuerCheck(doc, outcomes, expectedPurpose)];
}

// ---------------------------------------------------------------------------------------------
// Signing (tests, samples and exports)

function isoSeconds(d: Date): string {
  return `${d.toISOString().slice(0, 19)}Z`;
}

/**
 * Returns a copy of `doc` with a new proof appended (a proof set; a chain when `previousProof` is
 * given). The document's contexts must define every term (safe mode), including the proof type:
 * Ed25519Signature2020 needs https://w3id.org/security/suites/ed25519-2020/v1 (2018: …/ed25519-2018/v1), and a VC 1.1
 * credential needs https://w3id.org/security/data-integrity/v2 for DataIntegrityProof.
 */
export async function signDataIntegrity(
  doc: Record<string, unknown>,
  options: SignOptions,
): Promise<Record<string, unknown>> {
  const { suite, privateKey, verificationMethod } = options;
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') {
    throw new AppError('bad-input', 'Signing needs an Ed25519 private key.');
  }
  const alg = PROOF_TYPES.get(suite) ?? CRYPTOSUITES.get(suite);
  if (!alg) throw new AppError('bad-input', `Skillfolio cannot sign with "${suite}".`);
  const existing = asProofs(doc.proof).filter(isRecord);
  const unsecured: Doc = {};
  for (const [k, v] of Object.entries(doc)) if (k !== 'proof') unsecured[k] = v;

  const proof: Doc = PROOF_TYPES.has(suite)
    ? { type: suite }
    : { type: 'DataIntegrityProof', cryptosuite: suite };
  if (options.id !== undefined) proof.id = options.id;
  proof.created = options.created ?? isoSeconds(new Date());
  proof.verificationMethod = verificationMethod;
  proof.proofPurpose = options.proofPurpose ?? 'assertionMethod';
  if (options.challenge !== undefined) proof.challenge = options.challenge;
  if (options.domain !== undefined) proof.domain = options.domain;
  if (options.previousProof !== undefined) proof.previousProof = options.previousProof;

  let secured = unsecured;
  if (options.previousProof !== undefined) {
    const previous = asProofs(options.previousProof).map((id) => {
      const found = existing.find((p) => p.id === id);
      if (!found) throw new AppError('bad-input', `There is no proof "${String(id)}" to chain to.`);
      return found;
    });
    secured = { ...unsecured, proof: previous.length === 1 ? previous[0] : previous };
  }
  let data: Buffer;
  try {
    if (alg.canonical === 'jcs') checkContextUrls(secured);
    const canonDoc =
      alg.canonical === 'rdfc'
        ? canonicalRdfOrFail(
            options.expanded !== undefined && secured === unsecured ? options.expanded : secured,
            'credential',
          )
        : Promise.resolve(canonicalJcs(secured, 'credential'));
    data = await hashData(canonDoc, canonicalConfig(alg, proof, secured));
  } catch (err) {
    if (err instanceof ProofFailure) throw new AppError('bad-input', `Cannot sign: ${err.message}`);
    throw err;
  }
  if (alg.signature === 'jws') {
    const header = Buffer.from(JSON.stringify(JWS_2018_HEADER)).toString('base64url');
    const input = Buffer.concat([Buffer.from(`${header}.`, 'ascii'), data]);
    proof.jws = `${header}..${cryptoSign(null, input, privateKey).toString('base64url')}`;
  } else {
    proof.proofValue = encodeMultibase(cryptoSign(null, data, privateKey));
  }
  return { ...unsecured, proof: existing.length === 0 ? proof : [...existing, proof] };
}
