// Europass seals: JAdES (ELM 3 JSON-LD sealed as a JWS) and XAdES (EDCI XML), checked against the certificate they carry; the trust chain to the EU trusted lists is reported apart, as not checked.
import crypto, { X509Certificate, type KeyLike, type KeyObject } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import { decodeProtectedHeader, errors as joseErrors, flattenedVerify } from 'jose';
import {
  createOptionalCallbackFunction,
  SignedXml,
  type CanonicalizationOrTransformationAlgorithm,
  type HashAlgorithm,
  type SignatureAlgorithm,
} from 'xml-crypto';
import type { Credential, ParsedCredential } from '../core/credential';
import { decodeEuropassXml, XMLDSIG_NS } from '../formats/europass-xml';
import { decodeUtf8, isRecord, parseJsonText } from '../formats/json';
import { looksLikeCompactJws } from '../formats/vc';
import { AppError } from '../shared/errors';
import type { CheckResult } from './types';

type Doc = Record<string, unknown>;

function clip(s: string, max = 100): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

const proofFail = (message: string): CheckResult[] => [
  { id: 'proof', status: 'fail', implies: 'invalid', message },
];
const proofSkip = (message: string): CheckResult[] => [{ id: 'proof', status: 'skip', message }];

// ---------------------------------------------------------------------------------------------
// Certificates

/** The certificate's subject as people read it (common name, organisation, country), inert text. */
export function certificateSubject(cert: X509Certificate): string {
  return distinguishedName(cert.subject);
}

function distinguishedName(dn: string): string {
  const parts = dn
    .split('\n')
    .map((line) => {
      const i = line.indexOf('=');
      return i === -1 ? null : { key: line.slice(0, i), value: line.slice(i + 1) };
    })
    .filter((p): p is { key: string; value: string } => p !== null);
  const wanted = ['CN', 'O', 'OU', 'C'];
  const picked = wanted.flatMap((k) => parts.filter((p) => p.key === k).slice(0, 1));
  const text = (picked.length > 0 ? picked : parts.slice(0, 3))
    .map((p) => `${p.key}=${p.value}`)
    .join(', ')
    // Control and bidirectional-override characters have no business in a name shown to people.
    .replace(/[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, ' ');
  return clip(text, 160);
}

function readCertificate(base64: string, where: string): X509Certificate | string {
  const compact = base64.replace(/\s+/g, '');
  if (compact === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    return `The certificate in the ${where} is not base64 DER.`;
  }
  try {
    return new X509Certificate(Buffer.from(compact, 'base64'));
  } catch {
    return `The certificate in the ${where} cannot be read as an X.509 certificate.`;
  }
}

function isoDay(date: string): string {
  const d = new Date(date);
  return Number.isNaN(d.getTime()) ? date : d.toISOString().slice(0, 10);
}

/**
 * The `issuer` check of a seal: who the certificate names, and that nothing tied it to the EU
 * trusted lists. Never `pass` (the chain is not checked), never `fail` (an unchecked chain is not
 * evidence of forgery): a `warn` naming the certificate so a person can judge it.
 */
function issuerCheck(
  cert: X509Certificate,
  signedAt: string | null,
  notes: readonly string[] = [],
): CheckResult {
  const subject = certificateSubject(cert);
  const authority = distinguishedName(cert.issuer);
  const selfIssued = cert.subject === cert.issuer;
  const extra: string[] = [...notes];
  if (signedAt !== null) {
    const t = Date.parse(signedAt);
    const from = Date.parse(cert.validFrom);
    const to = Date.parse(cert.validTo);
    if (!Number.isNaN(t) && ((!Number.isNaN(from) && t < from) || (!Number.isNaN(to) && t > to))) {
      extra.push(
        `The seal says it was made on ${clip(signedAt, 40)}, outside the certificate's validity (${isoDay(cert.validFrom)} to ${isoDay(cert.validTo)}).`,
      );
    }
  }
  const by = selfIssued ? 'a self-issued certificate' : `a certificate issued by "${authority}"`;
  return {
    id: 'issuer',
    status: 'warn',
    message: [
      `Sealed with the certificate of "${subject}" (${by}). Its trust chain to the EU trusted lists was not checked, so it is not confirmed that this certificate belongs to the credential's issuer.`,
      ...extra,
    ].join(' '),
  };
}

// ---------------------------------------------------------------------------------------------
// JAdES (JWS JSON or compact, as Europass seals ELM 3 credentials)

/** JWS algorithms a Europass seal may use. Asymmetric only: `none` and HMAC prove nothing. */
export const JADES_ALGS: readonly string[] = Object.freeze([
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
]);

/**
 * JAdES header parameters (ETSI TS 119 182-1) a seal may mark critical. They describe the
 * signature (time, policy, timestamps, roles) without changing the signed bytes, so honouring
 * `crit` means knowing them; their contents (timestamp tokens, policies) are not evaluated here.
 */
const JADES_HEADERS = ['sigT', 'x5t#o', 'sigX5ts', 'srCms', 'srAts', 'sigPl', 'sigPId', 'adoTst'];

function refusedJadesAlg(alg: unknown): string | null {
  if (typeof alg !== 'string' || alg === '') {
    return 'The seal does not say which algorithm made it, so its signature cannot be checked.';
  }
  if (JADES_ALGS.includes(alg)) return null;
  if (alg.toLowerCase() === 'none') {
    return 'The seal is not signed at all (algorithm "none"): anyone could have written it.';
  }
  if (/^HS\d+$/i.test(alg)) {
    return `The seal uses ${clip(alg, 20)}, a shared-secret (HMAC) algorithm: it cannot prove who sealed it, and Skillfolio refuses it.`;
  }
  return `The seal is signed with "${clip(alg, 40)}", which Skillfolio does not accept (accepted: ${JADES_ALGS.join(', ')}).`;
}

type JwsParts = { protected: string; header?: Doc; signature: string };
type SealedJws = { payload: string; signatures: JwsParts[] };

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const MAX_SEALS = 8;

/** The parts of a JWS in any serialisation (general JSON, flattened JSON, compact), or why not. */
function jwsParts(jws: Doc | string): SealedJws | string {
  if (typeof jws === 'string') {
    const parts = jws.trim().split('.');
    if (parts.length !== 3) return 'The seal is not a well-formed JWS.';
    const [prot = '', payload = '', signature = ''] = parts;
    return { payload, signatures: [{ protected: prot, signature }] };
  }
  const payload = jws['payload'];
  if (typeof payload !== 'string') {
    return 'The seal carries no payload: the content it signs is held elsewhere (detached), and Skillfolio does not fetch it.';
  }
  const list = Array.isArray(jws['signatures']) ? (jws['signatures'] as unknown[]) : [jws];
  if (list.length === 0) return 'The seal lists no signatures.';
  if (list.length > MAX_SEALS)
    return `The seal lists ${list.length} signatures; no credential has that many.`;
  const signatures: JwsParts[] = [];
  for (const s of list) {
    if (!isRecord(s) || typeof s['protected'] !== 'string' || typeof s['signature'] !== 'string') {
      return 'A signature of the seal lacks its protected header or its signature value.';
    }
    const header = s['header'];
    if (header !== undefined && !isRecord(header)) {
      return 'A signature of the seal has an unprotected header that is not a JSON object.';
    }
    signatures.push({
      protected: s['protected'],
      signature: s['signature'],
      ...(header ? { header } : {}),
    });
  }
  return { payload, signatures };
}

function decodeHeader(segment: string): Doc | null {
  if (segment === '' || !BASE64URL.test(segment)) return null;
  try {
    const value = parseJsonText(
      decodeUtf8(new Uint8Array(Buffer.from(segment, 'base64url')), 'The seal header'),
      'The seal header',
    );
    return isRecord(value) ? value : null;
  } catch {
    return null;
  }
}

type SealOutcome =
  | { ok: true; alg: string; cert: X509Certificate; signedAt: string | null }
  | { ok: false; checks: CheckResult[] };

/** The certificate a JWS signature names: `x5c` in the protected header, or an unprotected one the protected `x5t#S256` pins. */
function jwsCertificate(
  header: Doc,
  unprotected: Doc | undefined,
): X509Certificate | CheckResult[] {
  const pinned = header['x5t#S256'];
  const fromProtected = header['x5c'];
  const source = fromProtected ?? unprotected?.['x5c'];
  if (source === undefined) {
    return proofSkip(
      'Not checked: the seal does not carry its certificate (no "x5c"), so there is no key to check it with offline.',
    );
  }
  if (!Array.isArray(source) || typeof source[0] !== 'string') {
    return proofFail('The seal\'s certificate list ("x5c") is not a list of certificates.');
  }
  const cert = readCertificate(source[0], 'seal header');
  if (typeof cert === 'string') return proofFail(cert);
  const digest = crypto.createHash('sha256').update(cert.raw).digest('base64url');
  if (pinned !== undefined && pinned !== digest) {
    return proofFail(
      'The certificate in the seal is not the one its protected header names ("x5t#S256" differs): it was swapped after sealing.',
    );
  }
  if (fromProtected === undefined && pinned === undefined) {
    return proofSkip(
      'Not checked: the seal carries its certificate only in the unprotected header, where anyone could replace it.',
    );
  }
  return cert;
}

async function verifyOneJws(payload: string, parts: JwsParts): Promise<SealOutcome> {
  const header = decodeHeader(parts.protected);
  if (!header) {
    return { ok: false, checks: proofFail("The seal's protected header is not base64url JSON.") };
  }
  const refused = refusedJadesAlg(header['alg']);
  if (refused) return { ok: false, checks: proofFail(refused) };
  const alg = header['alg'] as string;

  const crit = header['crit'];
  if (crit !== undefined && (!Array.isArray(crit) || crit.some((c) => typeof c !== 'string'))) {
    return { ok: false, checks: proofFail('The seal\'s "crit" header is not a list of names.') };
  }
  const critical = (crit ?? []) as string[];
  if (critical.includes('sigD') || header['sigD'] !== undefined) {
    return {
      ok: false,
      checks: proofSkip(
        'Not checked: the seal signs content held elsewhere (detached, "sigD"), and Skillfolio does not fetch it.',
      ),
    };
  }
  const unknown = critical.filter((c) => c !== 'b64' && !JADES_HEADERS.includes(c));
  if (unknown.length > 0) {
    return {
      ok: false,
      checks: proofSkip(
        `Not checked: the seal marks as critical an extension Skillfolio does not know (${clip(unknown.join(', '), 60)}).`,
      ),
    };
  }
  const b64 = header['b64'] === undefined ? true : header['b64'];
  if (typeof b64 !== 'boolean') {
    return { ok: false, checks: proofFail('The seal\'s "b64" header is not true or false.') };
  }
  if (!b64 && !critical.includes('b64')) {
    return {
      ok: false,
      checks: proofFail(
        'The seal declares an unencoded payload ("b64": false) without marking it critical, as RFC 7797 requires.',
      ),
    };
  }
  // What Skillfolio shows was read from the payload as JSON text (b64 false) or as base64url JSON:
  // the signature must cover the payload read the same way.
  const looksEncoded = payload !== '' && BASE64URL.test(payload);
  if (b64 ? !looksEncoded : !payload.trimStart().startsWith('{')) {
    return {
      ok: false,
      checks: proofFail(
        `The seal's payload is not written the way its header says ("b64": ${String(b64)}), so what is shown is not what was signed.`,
      ),
    };
  }

  const cert = jwsCertificate(header, parts.header);
  if (Array.isArray(cert)) return { ok: false, checks: cert };

  try {
    await flattenedVerify(
      {
        protected: parts.protected,
        payload,
        signature: parts.signature,
        ...(parts.header ? { header: parts.header } : {}),
      },
      cert.publicKey,
      {
        algorithms: [...JADES_ALGS],
        crit: Object.fromEntries(JADES_HEADERS.map((h) => [h, true])),
      },
    );
  } catch (err) {
    if (err instanceof joseErrors.JWSSignatureVerificationFailed) {
      return {
        ok: false,
        checks: proofFail(
          'The seal does not match: the credential was changed after it was sealed, or the seal was made with a different certificate.',
        ),
      };
    }
    if (err instanceof TypeError || err instanceof joseErrors.JOSENotSupported) {
      return {
        ok: false,
        checks: proofFail(
          `The seal's algorithm (${alg}) does not fit the key of its certificate (${cert.publicKey.asymmetricKeyType ?? 'unknown'}), so it cannot be genuine.`,
        ),
      };
    }
    const detail = err instanceof Error ? err.message : String(err);
    return { ok: false, checks: proofFail(`The seal is broken: ${clip(detail, 160)}.`) };
  }
  const sigT = header['sigT'];
  return { ok: true, alg, cert, signedAt: typeof sigT === 'string' ? sigT : null };
}

/**
 * Checks a JAdES seal (JWS JSON, flattened or general, or compact) against the certificate in its
 * protected header. Gives a `proof` check (pass establishes integrity) and, when the seal holds,
 * an `issuer` warn naming the certificate: the EU trusted lists are not consulted.
 */
export async function verifyJades(jws: Doc | string): Promise<CheckResult[]> {
  const sealed = jwsParts(jws);
  if (typeof sealed === 'string') return proofFail(sealed);
  const good: Extract<SealOutcome, { ok: true }>[] = [];
  for (const parts of sealed.signatures) {
    const outcome = await verifyOneJws(sealed.payload, parts);
    if (!outcome.ok) return outcome.checks;
    good.push(outcome);
  }
  const first = good[0];
  if (!first) return proofFail('The seal lists no signatures.');
  const algs = [...new Set(good.map((g) => g.alg))].join(', ');
  return [
    {
      id: 'proof',
      status: 'pass',
      message: `The JAdES seal (${algs}) is intact, checked with the certificate it carries.`,
      establishesIntegrity: true,
    },
    ...good.map((g) => issuerCheck(g.cert, g.signedAt)),
  ];
}

// ---------------------------------------------------------------------------------------------
// XAdES (EDCI XML)

const XADES_NAMESPACES = ['http://uri.etsi.org/01903/v1.3.2#', 'http://uri.etsi.org/01903/v1.4.1#'];
const XPATH_TRANSFORM = 'http://www.w3.org/TR/1999/REC-xpath-19991116';
const FILTER2_TRANSFORM = 'http://www.w3.org/2002/06/xmldsig-filter2';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const C14N = [
  'http://www.w3.org/TR/2001/REC-xml-c14n-20010315',
  'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments',
  'http://www.w3.org/2001/10/xml-exc-c14n#',
  'http://www.w3.org/2001/10/xml-exc-c14n#WithComments',
];

type XmlSigAlg = { hash: string; kind: 'rsa' | 'rsa-pss' | 'ecdsa' };

/** Signature methods accepted for XML seals; SHA-1, DSA and HMAC are refused. */
const XML_SIGNATURE_ALGS: Record<string, XmlSigAlg> = {
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256': { hash: 'sha256', kind: 'rsa' },
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha384': { hash: 'sha384', kind: 'rsa' },
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512': { hash: 'sha512', kind: 'rsa' },
  'http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1': { hash: 'sha256', kind: 'rsa-pss' },
  'http://www.w3.org/2007/05/xmldsig-more#sha384-rsa-MGF1': { hash: 'sha384', kind: 'rsa-pss' },
  'http://www.w3.org/2007/05/xmldsig-more#sha512-rsa-MGF1': { hash: 'sha512', kind: 'rsa-pss' },
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256': { hash: 'sha256', kind: 'ecdsa' },
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384': { hash: 'sha384', kind: 'ecdsa' },
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512': { hash: 'sha512', kind: 'ecdsa' },
};

/** Digest methods accepted for references (and for the signing-certificate digest, SHA-1 too). */
const XML_DIGESTS: Record<string, string> = {
  'http://www.w3.org/2001/04/xmlenc#sha256': 'sha256',
  'http://www.w3.org/2001/04/xmldsig-more#sha384': 'sha384',
  'http://www.w3.org/2001/04/xmlenc#sha512': 'sha512',
};
const CERT_DIGESTS: Record<string, string> = {
  ...XML_DIGESTS,
  'http://www.w3.org/2000/09/xmldsig#sha1': 'sha1',
};

const HASH_BYTES: Record<string, number> = { sha256: 32, sha384: 48, sha512: 64 };

function verifyXmlSignature(
  alg: XmlSigAlg,
  material: string,
  keyLike: KeyLike,
  signatureValue: string,
): boolean {
  try {
    const key: KeyObject =
      typeof keyLike === 'object' && 'asymmetricKeyType' in keyLike
        ? keyLike
        : crypto.createPublicKey(keyLike);
    const type = key.asymmetricKeyType;
    const signature = Buffer.from(signatureValue.replace(/\s+/g, ''), 'base64');
    const data = Buffer.from(material, 'utf8');
    if (alg.kind === 'ecdsa') {
      if (type !== 'ec') return false;
      return crypto.verify(alg.hash, data, { key, dsaEncoding: 'ieee-p1363' }, signature);
    }
    if (type !== 'rsa' && type !== 'rsa-pss') return false;
    if (alg.kind === 'rsa-pss') {
      return crypto.verify(
        alg.hash,
        data,
        {
          key,
          padding: crypto.constants.RSA_PKCS1_PSS_PADDING,
          saltLength: HASH_BYTES[alg.hash] ?? 32,
        },
        signature,
      );
    }
    return crypto.verify(
      alg.hash,
      data,
      { key, padding: crypto.constants.RSA_PKCS1_PADDING },
      signature,
    );
  } catch {
    return false;
  }
}

function signatureAlgorithm(uri: string, alg: XmlSigAlg): new () => SignatureAlgorithm {
  return class implements SignatureAlgorithm {
    getSignature = createOptionalCallbackFunction((): string => {
      throw new Error('Skillfolio only checks XML signatures; it does not make them here.');
    });
    verifySignature = createOptionalCallbackFunction(
      (material: string, key: KeyLike, signatureValue: string): boolean =>
        verifyXmlSignature(alg, material, key, signatureValue),
    );
    getAlgorithmName = (): string => uri;
  };
}

function hashAlgorithm(uri: string, hash: string): new () => HashAlgorithm {
  return class implements HashAlgorithm {
    getHash = (xml: string): string => crypto.createHash(hash).update(xml, 'utf8').digest('base64');
    getAlgorithmName = (): string => uri;
  };
}

function isDsigSignature(node: Node): boolean {
  return (
    node.nodeType === 1 &&
    (node as Element).localName === 'Signature' &&
    (node as Element).namespaceURI === XMLDSIG_NS
  );
}

/**
 * The XPath transform `not(ancestor-or-self::ds:Signature)` and the XPath Filter 2.0 `subtract
 * /descendant::ds:Signature` EDCI seals use: both remove every XML Signature from the node-set.
 * Only these exact expressions are accepted (checked before this runs); no XPath is evaluated.
 */
class RemoveSignatures implements CanonicalizationOrTransformationAlgorithm {
  process(node: Node): Node {
    const found: Node[] = [];
    const pending: Node[] = [node];
    while (pending.length > 0) {
      const n = pending.pop() as Node;
      for (let c = n.firstChild; c; c = c.nextSibling) {
        if (isDsigSignature(c)) found.push(c);
        else if (c.nodeType === 1) pending.push(c);
      }
    }
    for (const s of found) s.parentNode?.removeChild(s);
    return node;
  }
  getAlgorithmName(): string {
    return XPATH_TRANSFORM;
  }
}

function elementChildren(
  el: Element,
  localName: string,
  ns: string | null = XMLDSIG_NS,
): Element[] {
  const out: Element[] = [];
  for (let c = el.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === 1) {
      const e = c as Element;
      if (e.localName === localName && (ns === null || e.namespaceURI === ns)) out.push(e);
    }
  }
  return out;
}

function allElements(doc: Document): Element[] {
  const out: Element[] = [];
  const pending: Node[] = [doc];
  while (pending.length > 0) {
    const n = pending.pop() as Node;
    for (let c = n.lastChild; c; c = c.previousSibling) {
      if (c.nodeType === 1) {
        out.push(c as Element);
        pending.push(c);
      }
    }
  }
  return out;
}

const ID_ATTRIBUTES = new Set(['Id', 'ID', 'id']);

/** Every element carrying `value` in an Id/ID/id attribute (any prefix), as xml-crypto resolves `#value`. */
function elementsWithId(elements: readonly Element[], value: string): Element[] {
  return elements.filter((e) => {
    for (let i = 0; i < e.attributes.length; i++) {
      const a = e.attributes.item(i);
      if (a && ID_ATTRIBUTES.has(a.localName ?? a.name) && a.value === value) return true;
    }
    return false;
  });
}

function isInside(node: Node, ancestor: Node): boolean {
  for (let n: Node | null = node.parentNode; n; n = n.parentNode) if (n === ancestor) return true;
  return false;
}

function normaliseXPath(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Why a Reference's transforms are not run, or null when every one is one Skillfolio runs. */
function transformProblem(ref: Element, coversRoot: boolean): CheckResult[] | null {
  const transforms = elementChildren(ref, 'Transforms').flatMap((t) =>
    elementChildren(t, 'Transform'),
  );
  for (const [i, t] of transforms.entries()) {
    const alg = t.getAttribute('Algorithm') ?? '';
    if (alg === ENVELOPED || C14N.includes(alg)) continue;
    if (coversRoot && i === 0 && alg === XPATH_TRANSFORM) {
      const xpaths = elementChildren(t, 'XPath');
      const x = xpaths[0];
      if (
        xpaths.length === 1 &&
        x &&
        normaliseXPath(x.textContent ?? '') === 'not(ancestor-or-self::ds:Signature)' &&
        x.lookupNamespaceURI('ds') === XMLDSIG_NS
      ) {
        continue;
      }
    }
    if (coversRoot && i === 0 && alg === FILTER2_TRANSFORM) {
      const xpaths = elementChildren(t, 'XPath', FILTER2_TRANSFORM);
      const x = xpaths[0];
      const expr = normaliseXPath(x?.textContent ?? '');
      if (
        xpaths.length === 1 &&
        x &&
        x.getAttribute('Filter') === 'subtract' &&
        (expr === '/descendant::ds:Signature' || expr === '//ds:Signature') &&
        x.lookupNamespaceURI('ds') === XMLDSIG_NS
      ) {
        continue;
      }
    }
    return proofSkip(
      `Not checked: the signature applies a transform Skillfolio does not run (${clip(alg || 'unnamed', 80)}).`,
    );
  }
  return null;
}

type Plan = {
  signature: Element;
  rootUri: string;
  propertiesUri: string | null;
  certificates: X509Certificate[];
};

/**
 * Reads what the signature claims to cover and refuses what cannot be checked safely: several
 * signatures, references outside the file, ambiguous ids (signature wrapping), references that do
 * not cover the credential itself, weak or unknown algorithms.
 */
function planXmlCheck(doc: Document): Plan | CheckResult[] {
  const root = doc.documentElement;
  if (!root) return proofFail('The XML file has no root element.');
  const elements = allElements(doc);
  const signatures = elements.filter(isDsigSignature);
  const signature = signatures[0];
  if (!signature) {
    return proofSkip(
      'Unsigned: this Europass XML file carries no signature, so its origin cannot be confirmed.',
    );
  }
  if (signatures.length > 1) {
    return proofFail(
      `The file carries ${signatures.length} XML signatures; a Europass credential has one, and Skillfolio will not guess which covers what is shown.`,
    );
  }
  const signedInfo = elementChildren(signature, 'SignedInfo');
  const si = signedInfo[0];
  if (
    !si ||
    signedInfo.length !== 1 ||
    elements.filter((e) => e.localName === 'SignedInfo').length !== 1
  ) {
    return proofFail('The signature does not have exactly one SignedInfo element.');
  }
  const c14n = elementChildren(si, 'CanonicalizationMethod')[0]?.getAttribute('Algorithm') ?? '';
  if (!C14N.includes(c14n)) {
    return proofSkip(
      `Not checked: the signature is canonicalised with a method Skillfolio does not run (${clip(c14n || 'none', 80)}).`,
    );
  }
  const method = elementChildren(si, 'SignatureMethod')[0]?.getAttribute('Algorithm') ?? '';
  if (!(method in XML_SIGNATURE_ALGS)) {
    if (/sha1$|hmac|dsa-sha/i.test(method)) {
      return proofFail(
        `The signature uses ${clip(method, 80)}, which is weak or needs no private key; Skillfolio refuses it.`,
      );
    }
    return proofSkip(
      `Not checked: the signature method ${clip(method || '(none)', 80)} is not one Skillfolio checks.`,
    );
  }

  let rootUri: string | null = null;
  let propertiesUri: string | null = null;
  const references = elementChildren(si, 'Reference');
  if (references.length === 0)
    return proofFail('The signature lists no references: it signs nothing.');
  for (const ref of references) {
    if (!ref.hasAttribute('URI')) {
      return proofSkip('Not checked: a reference of the signature names no content (no URI).');
    }
    const uri = ref.getAttribute('URI') ?? '';
    const digest = elementChildren(ref, 'DigestMethod')[0]?.getAttribute('Algorithm') ?? '';
    if (!(digest in XML_DIGESTS)) {
      if (/sha1$/i.test(digest)) {
        return proofFail(
          'The signature digests its content with SHA-1, which is broken; Skillfolio refuses it.',
        );
      }
      return proofSkip(
        `Not checked: the digest method ${clip(digest || '(none)', 80)} is not one Skillfolio checks.`,
      );
    }
    let coversRoot = false;
    if (uri === '') {
      coversRoot = true;
    } else if (uri.startsWith('#') && uri.length > 1 && !/[()'"]/.test(uri)) {
      const targets = elementsWithId(elements, uri.slice(1));
      if (targets.length === 0) {
        return proofFail(`The signature refers to ${clip(uri, 80)}, which is not in the file.`);
      }
      if (targets.length > 1) {
        return proofFail(
          `The signature refers to ${clip(uri, 80)}, and ${targets.length} elements carry that id: a signature-wrapping trick, so nothing shown can be trusted.`,
        );
      }
      const target = targets[0] as Element;
      coversRoot = target === root;
      if (
        target.localName === 'SignedProperties' &&
        XADES_NAMESPACES.includes(target.namespaceURI ?? '') &&
        isInside(target, signature)
      ) {
        propertiesUri = uri;
      }
    } else {
      return proofSkip(
        `Not checked: the signature refers to content outside this file (${clip(uri, 80)}); Skillfolio never fetches it.`,
      );
    }
    const problem = transformProblem(ref, coversRoot);
    if (problem) return problem;
    if (coversRoot) rootUri ??= uri;
  }
  if (rootUri === null) {
    return proofFail(
      'The signature does not cover the credential as a whole (its references point at other parts of the file), so what is shown is not what was signed.',
    );
  }

  const keyInfo = elementChildren(signature, 'KeyInfo')[0];
  const certTexts = keyInfo
    ? elementChildren(keyInfo, 'X509Data').flatMap((d) => elementChildren(d, 'X509Certificate'))
    : [];
  if (certTexts.length === 0) {
    return proofSkip(
      'Not checked: the signature does not carry its certificate, so there is no key to check it with offline.',
    );
  }
  const certificates: X509Certificate[] = [];
  for (const el of certTexts.slice(0, 8)) {
    const cert = readCertificate(el.textContent ?? '', 'signature');
    if (typeof cert === 'string') return proofFail(cert);
    certificates.push(cert);
  }
  return { signature, rootUri, propertiesUri, certificates };
}

function newSignedXml(key: KeyObject): SignedXml {
  const sx = new SignedXml({ publicCert: key, getCertFromKeyInfo: () => null });
  sx.SignatureAlgorithms = Object.fromEntries(
    Object.entries(XML_SIGNATURE_ALGS).map(([uri, alg]) => [uri, signatureAlgorithm(uri, alg)]),
  );
  sx.HashAlgorithms = Object.fromEntries(
    Object.entries(XML_DIGESTS).map(([uri, hash]) => [uri, hashAlgorithm(uri, hash)]),
  );
  sx.CanonicalizationAlgorithms = {
    ...Object.fromEntries(
      Object.entries(sx.CanonicalizationAlgorithms).filter(
        ([uri]) => uri === ENVELOPED || C14N.includes(uri),
      ),
    ),
    [XPATH_TRANSFORM]: RemoveSignatures,
    [FILTER2_TRANSFORM]: RemoveSignatures,
  };
  return sx;
}

function parseDom(text: string): Document {
  const fail = (msg: string) => {
    throw new AppError('malformed', `This XML file is not well-formed (${clip(msg, 120)}).`);
  };
  return new DOMParser({
    errorHandler: { warning: () => undefined, error: fail, fatalError: fail },
  }).parseFromString(text, 'text/xml');
}

type SignedProperties = {
  signingTime: string | null;
  certDigests: { hash: string; value: string }[];
};

function readSignedProperties(canonical: string): SignedProperties {
  const doc = parseDom(canonical);
  const all = allElements(doc);
  const inXades = (e: Element) => XADES_NAMESPACES.includes(e.namespaceURI ?? '');
  const time = all.find((e) => e.localName === 'SigningTime' && inXades(e));
  const certDigests = all
    .filter((e) => e.localName === 'CertDigest' && inXades(e))
    .map((d) => {
      const method = elementChildren(d, 'DigestMethod')[0]?.getAttribute('Algorithm') ?? '';
      const value = elementChildren(d, 'DigestValue')[0]?.textContent ?? '';
      return { hash: CERT_DIGESTS[method] ?? '', value: value.replace(/\s+/g, '') };
    });
  return { signingTime: time ? (time.textContent ?? '').trim() : null, certDigests };
}

/** The fields a person sees, to compare what the file shows with what the signature covers. */
function shownFields(c: Credential): string {
  return JSON.stringify([
    c.title,
    c.description,
    c.issuerName,
    c.issuerId,
    c.issuedOn,
    c.validFrom,
    c.validUntil,
    c.recipient,
    c.credentialId,
    c.achievement,
  ]);
}

/** Maps what xml-crypto says about a failed check to a sentence for the user. */
function xmlFailure(sx: SignedXml, err: unknown): CheckResult[] {
  const broken = sx.getReferences().find((r) => r.validationError !== undefined);
  if (broken) {
    const what = broken.uri === '' ? 'the credential' : `the part ${clip(broken.uri ?? '', 60)}`;
    return proofFail(
      `The signature does not match: ${what} was changed after it was signed (its digest differs).`,
    );
  }
  const detail = err instanceof Error ? err.message : String(err ?? '');
  if (/signature value .* is incorrect/.test(detail)) {
    return proofFail(
      'The signature does not match: the file was changed after it was signed, or it was signed with a different certificate.',
    );
  }
  return proofFail(`The signature is broken: ${clip(detail.replace(/\s+/g, ' '), 160)}.`);
}

/**
 * Checks the XAdES signature of a Europass/EDCI XML file against the certificate in its KeyInfo.
 * Refuses DOCTYPEs before any DOM is built (the same safe reading as import), resolves only
 * same-document references, and confirms that the signed content says exactly what `shown` (the
 * fields import read from the file) says: anything else is signature wrapping.
 */
export function verifyXades(bytes: Uint8Array, shown?: Credential): CheckResult[] {
  // The safe reader first: no DOCTYPE, no entities, size and depth caps, before xmldom sees a byte.
  const fromFile = decodeEuropassXml(bytes).credential;
  const text = decodeUtf8(bytes, 'This XML file');
  const plan = planXmlCheck(parseDom(text));
  if (Array.isArray(plan)) return plan;

  let verified: { sx: SignedXml; cert: X509Certificate } | null = null;
  let failure: CheckResult[] = [];
  for (const cert of plan.certificates) {
    const sx = newSignedXml(cert.publicKey);
    let ok = false;
    let error: unknown = null;
    try {
      // The signature element is handed over as found; xml-crypto re-reads the same text.
      sx.loadSignature(plan.signature);
      ok = sx.checkSignature(text) === true;
    } catch (err) {
      error = err;
    }
    if (ok) {
      verified = { sx, cert };
      break;
    }
    failure = xmlFailure(sx, error);
    // A digest that differs is the content's fault, not the key's: no other certificate helps.
    if (sx.getReferences().some((r) => r.validationError !== undefined)) break;
  }
  if (!verified) return failure;
  const { sx, cert } = verified;

  const refs = sx.getReferences();
  const rootCanonical = refs.find((r) => (r.uri ?? '') === plan.rootUri)?.signedReference;
  if (rootCanonical === undefined) {
    return proofFail('The signature checked, but the content it covers could not be read back.');
  }
  let signedFields: string;
  try {
    signedFields = shownFields(
      decodeEuropassXml(new TextEncoder().encode(rootCanonical)).credential,
    );
  } catch {
    signedFields = '';
  }
  if (signedFields !== shownFields(shown ?? fromFile) || signedFields !== shownFields(fromFile)) {
    return proofFail(
      'The signature is genuine, but what the file shows is not what was signed (a signature-wrapping trick): the credential was not read from the signed content.',
    );
  }

  const notes: string[] = [];
  let signedAt: string | null = null;
  const propsCanonical =
    plan.propertiesUri === null
      ? undefined
      : refs.find((r) => r.uri === plan.propertiesUri)?.signedReference;
  if (propsCanonical !== undefined) {
    const props = readSignedProperties(propsCanonical);
    signedAt = props.signingTime;
    if (props.certDigests.length > 0) {
      const matches = props.certDigests.some(
        (d) =>
          d.hash !== '' && crypto.createHash(d.hash).update(cert.raw).digest('base64') === d.value,
      );
      if (!matches) {
        return proofFail(
          'The certificate in the file is not the one the signature names (its signed certificate digest differs): it was swapped after signing.',
        );
      }
    } else {
      notes.push('The signature does not name its certificate in its signed properties.');
    }
  } else {
    notes.push('The signature has no signed XAdES properties naming its certificate.');
  }
  const method =
    elementChildren(
      elementChildren(plan.signature, 'SignedInfo')[0] as Element,
      'SignatureMethod',
    )[0]?.getAttribute('Algorithm') ?? '';
  const algName = method.slice(method.lastIndexOf('#') + 1);
  return [
    {
      id: 'proof',
      status: 'pass',
      message: `The XML signature (${algName}) is intact, checked with the certificate it carries.`,
      establishesIntegrity: true,
    },
    issuerCheck(cert, signedAt, notes),
  ];
}

// ---------------------------------------------------------------------------------------------
// Routing

/** The compact JWS behind a Europass credential that arrived as a token, when it carries a certificate. */
function compactSeal(parsed: ParsedCredential): string | null {
  if (parsed.mediaType !== 'application/jwt' && parsed.mediaType !== 'application/vc+jwt')
    return null;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(parsed.original).trim();
  if (!looksLikeCompactJws(text)) return null;
  try {
    const header = decodeProtectedHeader(text) as Doc;
    return header['x5c'] !== undefined ? text : null;
  } catch {
    return null;
  }
}

/** Whether `parsed` is a sealed Europass credential this module verifies (XAdES XML, JAdES JWS). */
export function isEuropassSeal(parsed: ParsedCredential): boolean {
  if (parsed.format !== 'europass') return false;
  if (parsed.mediaType === 'application/xml' || parsed.mediaType === 'application/jose+json') {
    return true;
  }
  return compactSeal(parsed) !== null;
}

/** The proof and issuer checks of a sealed Europass credential (see isEuropassSeal). */
export async function verifyEuropassSeal(parsed: ParsedCredential): Promise<CheckResult[]> {
  if (parsed.mediaType === 'application/xml')
    return verifyXades(parsed.original, parsed.credential);
  if (parsed.mediaType === 'application/jose+json') {
    if (!isRecord(parsed.document)) return proofFail('The seal is not a JSON object.');
    return verifyJades(parsed.document);
  }
  const token = compactSeal(parsed);
  if (token !== null) return verifyJades(token);
  return proofSkip('Not checked: this Europass credential carries no seal Skillfolio recognises.');
}

/**
 * The credential a JAdES JWS JSON seal carries (its payload), for status and date checks; any
 * other document is returned as it is.
 */
export function europassDocument(doc: Doc): Doc {
  const payload = doc['payload'];
  if (typeof payload !== 'string' || !(Array.isArray(doc['signatures']) || 'signature' in doc)) {
    return doc;
  }
  try {
    const t = payload.trim();
    const text = t.startsWith('{')
      ? t
      : decodeUtf8(new Uint8Array(Buffer.from(t, 'base64url')), 'The signed payload');
    const inner = parseJsonText(text, 'The signed payload');
    return isRecord(inner) ? inner : doc;
  } catch {
    return doc;
  }
}
