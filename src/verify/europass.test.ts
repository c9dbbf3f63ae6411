import crypto, { type KeyObject } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import forge from 'node-forge';
import { ExclusiveCanonicalization } from 'xml-crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Check, VerificationReport } from '../core/verification';
import { parseCredential } from '../formats/detect';
import { decodeEuropassXml } from '../formats/europass-xml';
import { caught } from '../../test/helpers/errors';
import { startTestServer, type TestServer } from '../../test/helpers/http-server';
import { verifyParsed } from './engine';
import { verifyJades, verifyXades } from './europass';
import { createFetcher } from './fetcher';
import type { VerifyEnv } from './types';

// ---------------------------------------------------------------------------------------------
// Fixtures: our own keys and certificates, ELM JSON-LD sealed as JAdES, EDCI XML signed as XAdES.

const NOW = new Date('2026-01-01T00:00:00Z');
const enc = (s: string) => new TextEncoder().encode(s);

function env(): VerifyEnv {
  return {
    fetcher: createFetcher({ offline: true, allowPrivateNetwork: false }),
    now: () => NOW,
    identities: [],
  };
}

type Sealer = { key: KeyObject; der: Buffer; b64: string; alg: 'RS256' | 'PS256' | 'ES256' };

/**
 * An X.509 certificate for `subjectKey`, signed by `issuerKey` (RSA): forge builds the
 * TBSCertificate, the subject's own public key (RSA or EC) is put in, node:crypto signs it.
 */
function certificate(
  subjectKey: KeyObject,
  issuerKey: KeyObject,
  names: { subject: string; org: string; issuer: string },
  validity = { from: new Date('2024-01-01T00:00:00Z'), to: new Date('2030-01-01T00:00:00Z') },
): Buffer {
  const a = forge.asn1;
  const cert = forge.pki.createCertificate();
  const placeholder = crypto.createPublicKey(issuerKey);
  cert.publicKey = forge.pki.publicKeyFromPem(
    placeholder.export({ format: 'pem', type: 'spki' }).toString(),
  );
  cert.serialNumber = crypto
    .randomBytes(8)
    .toString('hex')
    .replace(/^[89a-f]/, '1');
  cert.validity.notBefore = validity.from;
  cert.validity.notAfter = validity.to;
  cert.setSubject([
    { name: 'commonName', value: names.subject },
    { name: 'organizationName', value: names.org },
    { name: 'countryName', value: 'SI' },
  ]);
  cert.setIssuer([{ name: 'commonName', value: names.issuer }]);
  cert.siginfo.algorithmOid = forge.pki.oids.sha256WithRSAEncryption ?? '';
  cert.signatureOid = forge.pki.oids.sha256WithRSAEncryption ?? '';
  // Present in node-forge, missing from its typings.
  const pki = forge.pki as unknown as {
    getTBSCertificate(c: forge.pki.Certificate): forge.asn1.Asn1;
  };
  const tbs = pki.getTBSCertificate(cert);
  const spki = subjectKey.export({ format: 'der', type: 'spki' }).toString('binary');
  (tbs.value as forge.asn1.Asn1[])[6] = a.fromDer(spki);
  const tbsDer = Buffer.from(a.toDer(tbs).getBytes(), 'binary');
  const signature = crypto.sign('sha256', tbsDer, issuerKey);
  const algId = a.create(a.Class.UNIVERSAL, a.Type.SEQUENCE, true, [
    a.create(
      a.Class.UNIVERSAL,
      a.Type.OID,
      false,
      a.oidToDer(forge.pki.oids.sha256WithRSAEncryption ?? '').getBytes(),
    ),
    a.create(a.Class.UNIVERSAL, a.Type.NULL, false, ''),
  ]);
  const bits = a.create(
    a.Class.UNIVERSAL,
    a.Type.BITSTRING,
    false,
    String.fromCharCode(0) + signature.toString('binary'),
  );
  const full = a.create(a.Class.UNIVERSAL, a.Type.SEQUENCE, true, [tbs, algId, bits]);
  return Buffer.from(a.toDer(full).getBytes(), 'binary');
}

let ca: KeyObject;
let rsa: Sealer;
let other: Sealer;
let ec: Sealer;

function sealer(
  key: crypto.KeyPairKeyObjectResult,
  alg: Sealer['alg'],
  subject: string,
  validity?: { from: Date; to: Date },
): Sealer {
  const der = certificate(
    key.publicKey,
    ca,
    { subject, org: 'University of Zed', issuer: 'Test Qualified eSeal CA' },
    validity,
  );
  return { key: key.privateKey, der, b64: der.toString('base64'), alg };
}

beforeAll(() => {
  ca = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  rsa = sealer(crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }), 'RS256', 'Zed eSeal');
  other = sealer(
    crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }),
    'RS256',
    'Mallory eSeal',
  );
  ec = sealer(crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }), 'ES256', 'Zed EC eSeal');
});

function check(r: VerificationReport | { checks: Check[] }, id: string): Check | undefined {
  return r.checks.find((c) => c.id === id);
}

// --- JAdES ------------------------------------------------------------------------------------

function elm(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    '@context': [
      'https://www.w3.org/2018/credentials/v1',
      'http://data.europa.eu/snb/model/context/edc-ap',
    ],
    id: 'urn:credential:5d1e',
    type: ['VerifiableCredential', 'EuropeanDigitalCredential'],
    issuer: { id: 'urn:epass:org:1', type: 'Organisation', legalName: { en: 'University of Zed' } },
    issuanceDate: '2025-05-01T10:00:00Z',
    credentialSubject: {
      id: 'urn:epass:person:1',
      type: 'Person',
      hasClaim: { type: 'LearningAchievement', title: { en: 'Micro-module in Data Literacy' } },
    },
    ...overrides,
  };
}

function b64url(v: unknown): string {
  return Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
}

function signInput(alg: string, key: KeyObject, input: Buffer): string {
  if (alg === 'ES256') {
    return crypto.sign('sha256', input, { key, dsaEncoding: 'ieee-p1363' }).toString('base64url');
  }
  if (alg === 'PS256') {
    return crypto
      .sign('sha256', input, {
        key,
        padding: crypto.constants.RSA_PKCS1_PSS_PADDING,
        saltLength: 32,
      })
      .toString('base64url');
  }
  return crypto.sign('sha256', input, key).toString('base64url');
}

type SealOptions = {
  b64?: boolean;
  /** Replaces or adds protected header members (undefined removes one). */
  header?: Record<string, unknown>;
  unprotected?: Record<string, unknown>;
  shape?: 'general' | 'flattened' | 'compact';
  /** Signs with this key while the header names `s`'s certificate. */
  signWith?: KeyObject;
};

/** An ELM credential sealed the way Europass seals it: JWS JSON, RS256, x5c, b64:false, crit. */
function jades(
  payloadDoc: unknown,
  s: Sealer,
  o: SealOptions = {},
): { text: string; payload: string } {
  const b64 = o.b64 ?? false;
  const header: Record<string, unknown> = {
    alg: s.alg,
    cty: 'application/ld+json',
    typ: 'jose+json',
    x5c: [s.b64],
    'x5t#S256': crypto.createHash('sha256').update(s.der).digest('base64url'),
    sigT: '2025-05-01T10:00:00Z',
    ...(b64 ? { crit: ['sigT'] } : { b64: false, crit: ['b64', 'sigT'] }),
  };
  for (const [k, v] of Object.entries(o.header ?? {})) {
    if (v === undefined) delete header[k];
    else header[k] = v;
  }
  const json = JSON.stringify(payloadDoc);
  const payload = b64 ? b64url(json) : json;
  const prot = b64url(header);
  const signature = signInput(
    String(header['alg']),
    o.signWith ?? s.key,
    Buffer.concat([Buffer.from(`${prot}.`), Buffer.from(payload, 'utf8')]),
  );
  const sig = {
    protected: prot,
    ...(o.unprotected ? { header: o.unprotected } : {}),
    signature,
  };
  const shape = o.shape ?? 'general';
  if (shape === 'compact') return { text: `${prot}.${payload}.${signature}`, payload };
  const text =
    shape === 'general'
      ? JSON.stringify({ payload, signatures: [sig] })
      : JSON.stringify({ payload, ...sig });
  return { text, payload };
}

async function verifyText(text: string): Promise<VerificationReport> {
  const parsed = await parseCredential(enc(text), { name: 'sealed.jsonld' });
  return verifyParsed(parsed, env());
}

describe('Europass JAdES seals (ELM 3 JSON-LD)', () => {
  it('verifies an RS256 seal with an unencoded payload, names the certificate and reads the credential', async () => {
    const { text } = jades(elm(), rsa);
    const parsed = await parseCredential(enc(text), { name: 'sealed.jsonld' });
    expect([parsed.format, parsed.credential.title, parsed.credential.issuerName]).toEqual([
      'europass',
      'Micro-module in Data Literacy',
      'University of Zed',
    ]);
    const r = await verifyParsed(parsed, env());
    expect(r.verdict).toBe('verified');
    expect(check(r, 'proof')).toMatchObject({ status: 'pass' });
    expect(check(r, 'proof')?.message).toMatch(/JAdES seal \(RS256\) is intact/);
    const issuer = check(r, 'issuer');
    expect(issuer?.status).toBe('warn');
    expect(issuer?.message).toContain('CN=Zed eSeal, O=University of Zed, C=SI');
    expect(issuer?.message).toMatch(/trust chain to the EU trusted lists was not checked/);
  });

  it('verifies ES256 (flattened, base64url payload), PS256 and compact seals', async () => {
    const es = await verifyText(jades(elm(), ec, { b64: true, shape: 'flattened' }).text);
    expect([es.verdict, check(es, 'proof')?.message]).toEqual([
      'verified',
      expect.stringContaining('ES256'),
    ]);
    const ps = { ...rsa, alg: 'PS256' as const };
    expect((await verifyText(jades(elm(), ps).text)).verdict).toBe('verified');
    const compact = await verifyText(jades(elm(), rsa, { b64: true, shape: 'compact' }).text);
    expect([compact.verdict, check(compact, 'issuer')?.status]).toEqual(['verified', 'warn']);
  });

  it('finds a changed payload: invalid', async () => {
    const { text, payload } = jades(elm(), rsa);
    const doc = JSON.parse(text) as { payload: string };
    doc.payload = payload.replace('Micro-module in Data Literacy', 'Doctorate in Data Literacy');
    const r = await verifyText(JSON.stringify(doc));
    expect(r.verdict).toBe('invalid');
    expect(check(r, 'proof')?.message).toMatch(/does not match/);
    expect(check(r, 'issuer')).toBeUndefined();
  });

  it('finds a seal made with another key than its certificate: invalid', async () => {
    const r = await verifyText(jades(elm(), rsa, { signWith: other.key }).text);
    expect(r.verdict).toBe('invalid');
    expect(check(r, 'proof')?.message).toMatch(/does not match/);
  });

  it('refuses a certificate the protected header does not pin, or pins differently', async () => {
    // Certificate moved to the unprotected header, where anyone can swap it.
    const loose = await verifyText(
      jades(elm(), rsa, {
        header: { x5c: undefined, 'x5t#S256': undefined },
        unprotected: { x5c: [rsa.b64] },
      }).text,
    );
    expect([loose.verdict, check(loose, 'proof')?.status]).toEqual(['unverified', 'skip']);
    expect(check(loose, 'proof')?.message).toMatch(/unprotected header/);
    // The pin names another certificate than the one carried.
    const pinned = await verifyText(
      jades(elm(), rsa, {
        header: { 'x5t#S256': crypto.createHash('sha256').update(other.der).digest('base64url') },
      }).text,
    );
    expect(pinned.verdict).toBe('invalid');
    expect(check(pinned, 'proof')?.message).toMatch(/x5t#S256/);
    // No certificate at all: nothing to check offline.
    const none = await verifyText(
      jades(elm(), rsa, { header: { x5c: undefined, 'x5t#S256': undefined } }).text,
    );
    expect([none.verdict, check(none, 'proof')?.message]).toEqual([
      'unverified',
      expect.stringMatching(/does not carry its certificate/),
    ]);
  });

  it('refuses alg "none" and HMAC, and a key that does not fit the algorithm', async () => {
    const { text } = jades(elm(), rsa);
    const doc = JSON.parse(text) as { signatures: { protected: string; signature: string }[] };
    const header = JSON.parse(
      Buffer.from(doc.signatures[0]?.protected ?? '', 'base64url').toString(),
    ) as Record<string, unknown>;
    for (const [alg, why] of [
      ['none', /not signed at all/],
      ['HS256', /HMAC/],
    ] as const) {
      const forged = {
        ...doc,
        signatures: [{ protected: b64url({ ...header, alg }), signature: '' }],
      };
      const r = await verifyText(JSON.stringify(forged));
      expect(r.verdict).toBe('invalid');
      expect(check(r, 'proof')?.message).toMatch(why);
    }
    // ES256 named over an RSA certificate.
    const mismatch = await verifyText(jades(elm(), { ...rsa, alg: 'ES256' }).text);
    expect(mismatch.verdict).toBe('invalid');
  });

  it('honours crit: unknown extensions and detached payloads are not checked, a silent b64:false is refused', async () => {
    const unknown = await verifyText(
      jades(elm(), rsa, { header: { crit: ['b64', 'sigT', 'x-magic'], 'x-magic': 1 } }).text,
    );
    expect([unknown.verdict, check(unknown, 'proof')?.message]).toEqual([
      'unverified',
      expect.stringContaining('x-magic'),
    ]);
    const detached = await verifyText(
      jades(elm(), rsa, {
        header: {
          crit: ['b64', 'sigT', 'sigD'],
          sigD: { mId: 'http://uri.etsi.org/19182/ObjectIdByURI', pars: ['https://example.org/x'] },
        },
      }).text,
    );
    expect([detached.verdict, check(detached, 'proof')?.message]).toEqual([
      'unverified',
      expect.stringMatching(/detached/),
    ]);
    const silent = await verifyText(jades(elm(), rsa, { header: { crit: ['sigT'] } }).text);
    expect([silent.verdict, check(silent, 'proof')?.message]).toEqual([
      'invalid',
      expect.stringMatching(/RFC 7797/),
    ]);
  });

  it('keeps the seal and the validity window apart: an ended credential is expired, not forged', async () => {
    const r = await verifyText(jades(elm({ expirationDate: '2025-06-01T00:00:00Z' }), rsa).text);
    expect(r.verdict).toBe('expired');
    expect(check(r, 'proof')?.status).toBe('pass');
  });

  it('says when the seal claims a signing time outside its certificate', async () => {
    const old = sealer(crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }), 'ES256', 'Old', {
      from: new Date('2020-01-01T00:00:00Z'),
      to: new Date('2021-01-01T00:00:00Z'),
    });
    const checks = await verifyJades(JSON.parse(jades(elm(), old).text) as Record<string, unknown>);
    expect(check({ checks }, 'issuer')?.message).toMatch(
      /made on 2025-05-01T10:00:00Z, outside the certificate's validity \(2020-01-01 to 2021-01-01\)/,
    );
  });

  it('refuses a payload written otherwise than its header says', async () => {
    // Header says b64:false, payload is base64url: the reader would show the decoded JSON while the
    // signature covers the encoded text.
    const { text } = jades(elm(), rsa);
    const doc = JSON.parse(text) as { payload: string; signatures: { protected: string }[] };
    const encoded = b64url(JSON.stringify(elm()));
    const prot = doc.signatures[0]?.protected ?? '';
    const signature = signInput(
      'RS256',
      rsa.key,
      Buffer.concat([Buffer.from(`${prot}.`), Buffer.from(encoded)]),
    );
    const r = await verifyText(
      JSON.stringify({ payload: encoded, signatures: [{ protected: prot, signature }] }),
    );
    expect(r.verdict).toBe('invalid');
    expect(check(r, 'proof')?.message).toMatch(/not written the way its header says/);
  });
});

// --- XAdES ------------------------------------------------------------------------------------

const DS = 'http://www.w3.org/2000/09/xmldsig#';
const XADES = 'http://uri.etsi.org/01903/v1.3.2#';
const EXC = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
const SHA512 = 'http://www.w3.org/2001/04/xmlenc#sha512';
const NS =
  'xmlns="http://data.europa.eu/snb" xmlns:cred="http://data.europa.eu/europass/model/credentials/w3c#"';

function body(title = 'Certificate of Completion', until = '2030-01-01T00:00:00Z'): string {
  return `<cred:validFrom>2025-01-01T00:00:00Z</cred:validFrom><cred:issued>2025-02-01T10:00:00Z</cred:issued><cred:validUntil>${until}</cred:validUntil><cred:issuer idref="urn:epass:org:1"/><title><text content-type="text/plain" lang="en">${title}</text></title><credentialSubject id="urn:epass:person:1"><contactPoint><mailBox uri="mailto:ana@example.org"/></contactPoint></credentialSubject><agentReferences><organization id="urn:epass:org:1"><prefLabel><text content-type="text/plain" lang="en">University of Zed</text></prefLabel></organization></agentReferences>`;
}

function credentialXml(inner = body(), id = 'urn:credential:1'): string {
  return `<europassCredential ${NS} cred:id="${id}">${inner}</europassCredential>`;
}

type XadesOptions = {
  transform?: 'xpath' | 'filter2' | 'enveloped';
  /** '' (whole document) or '#<root id>'. */
  rootUri?: string;
  signingTime?: string;
  certDigest?: boolean;
  /** Extra markup inside SignedInfo after the references (signed). */
  extraReference?: string;
  /** Put the signature here instead of at the end of the root element (a marker in `xml`). */
  marker?: string;
};

function excC14n(el: Element): string {
  return new ExclusiveCanonicalization().process(el, {});
}

function parseXml(text: string): Document {
  return new DOMParser().parseFromString(text, 'text/xml');
}

/** Signs EDCI XML the way the Europass issuer signs it: enveloped XMLDSig + XAdES signed properties. */
function xades(unsigned: string, s: Sealer, o: XadesOptions = {}): string {
  const transform = o.transform ?? 'xpath';
  const rootUri = o.rootUri ?? '';
  const digest = (text: string) => crypto.createHash('sha256').update(text).digest('base64');
  const root = parseXml(o.marker ? unsigned.replace(o.marker, '') : unsigned)
    .documentElement as Element;
  const rootDigest = digest(excC14n(root));
  const first =
    transform === 'xpath'
      ? `<ds:Transform Algorithm="http://www.w3.org/TR/1999/REC-xpath-19991116"><ds:XPath>not(ancestor-or-self::ds:Signature)</ds:XPath></ds:Transform>`
      : transform === 'filter2'
        ? `<ds:Transform Algorithm="http://www.w3.org/2002/06/xmldsig-filter2"><f:XPath xmlns:f="http://www.w3.org/2002/06/xmldsig-filter2" Filter="subtract">/descendant::ds:Signature</f:XPath></ds:Transform>`
        : `<ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>`;
  const method =
    s.alg === 'ES256'
      ? 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256'
      : 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
  const certDigest = crypto.createHash('sha512').update(s.der).digest('base64');
  const signingCert =
    o.certDigest === false
      ? ''
      : `<xades:SigningCertificateV2><xades:Cert><xades:CertDigest><ds:DigestMethod Algorithm="${SHA512}"/><ds:DigestValue>${certDigest}</ds:DigestValue></xades:CertDigest></xades:Cert></xades:SigningCertificateV2>`;
  const properties = `<xades:SignedProperties Id="xades-sig-1"><xades:SignedSignatureProperties><xades:SigningTime>${o.signingTime ?? '2025-02-01T10:00:00Z'}</xades:SigningTime>${signingCert}</xades:SignedSignatureProperties></xades:SignedProperties>`;
  const signedInfo = (propsDigest: string) =>
    `<ds:SignedInfo><ds:CanonicalizationMethod Algorithm="${EXC}"/><ds:SignatureMethod Algorithm="${method}"/><ds:Reference Id="r-sig-1-1" URI="${rootUri}"><ds:Transforms>${first}<ds:Transform Algorithm="${EXC}"/></ds:Transforms><ds:DigestMethod Algorithm="${SHA256}"/><ds:DigestValue>${rootDigest}</ds:DigestValue></ds:Reference><ds:Reference Type="http://uri.etsi.org/01903#SignedProperties" URI="#xades-sig-1"><ds:Transforms><ds:Transform Algorithm="${EXC}"/></ds:Transforms><ds:DigestMethod Algorithm="${SHA256}"/><ds:DigestValue>${propsDigest}</ds:DigestValue></ds:Reference>${o.extraReference ?? ''}</ds:SignedInfo>`;
  const signature = (propsDigest: string, value: string) =>
    `<ds:Signature xmlns:ds="${DS}" Id="sig-1">${signedInfo(propsDigest)}<ds:SignatureValue>${value}</ds:SignatureValue><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${s.b64}</ds:X509Certificate></ds:X509Data></ds:KeyInfo><ds:Object><xades:QualifyingProperties xmlns:xades="${XADES}" Target="#sig-1">${properties}</xades:QualifyingProperties></ds:Object></ds:Signature>`;
  const place = (sig: string) => {
    if (o.marker) return unsigned.replace(o.marker, sig);
    const end = unsigned.lastIndexOf('</');
    return `${unsigned.slice(0, end)}${sig}${unsigned.slice(end)}`;
  };
  const withProps = parseXml(place(signature('PROPS', 'VALUE')));
  const props = withProps.getElementsByTagNameNS(XADES, 'SignedProperties')[0] as Element;
  const propsDigest = digest(excC14n(props));
  const final = parseXml(place(signature(propsDigest, 'VALUE')));
  const si = final.getElementsByTagNameNS(DS, 'SignedInfo')[0] as Element;
  const material = Buffer.from(excC14n(si), 'utf8');
  const value =
    s.alg === 'ES256'
      ? crypto.sign('sha256', material, { key: s.key, dsaEncoding: 'ieee-p1363' })
      : crypto.sign('sha256', material, s.key);
  return place(signature(propsDigest, value.toString('base64')));
}

async function verifyXml(text: string): Promise<VerificationReport> {
  const parsed = await parseCredential(enc(text), { name: 'credential.xml' });
  return verifyParsed(parsed, env());
}

describe('Europass XAdES signatures (EDCI XML)', () => {
  let server: TestServer | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
  });

  it('verifies an RSA signature (XPath transform, as EDCI signs) and names the certificate', async () => {
    const xml = xades(`<?xml version="1.0" encoding="UTF-8"?>${credentialXml()}`, rsa);
    const parsed = await parseCredential(enc(xml), { name: 'c.xml' });
    expect([parsed.credential.title, parsed.credential.issuerName]).toEqual([
      'Certificate of Completion',
      'University of Zed',
    ]);
    const r = await verifyParsed(parsed, env());
    expect(r.verdict).toBe('verified');
    expect(check(r, 'proof')?.message).toMatch(/XML signature \(rsa-sha256\) is intact/);
    expect(check(r, 'issuer')?.status).toBe('warn');
    expect(check(r, 'issuer')?.message).toContain('CN=Zed eSeal, O=University of Zed, C=SI');
  });

  it('verifies ECDSA with an XPath Filter 2.0 transform, and an enveloped signature over the root by id', async () => {
    expect((await verifyXml(xades(credentialXml(), ec, { transform: 'filter2' }))).verdict).toBe(
      'verified',
    );
    const byId = await verifyXml(
      xades(credentialXml(), rsa, { transform: 'enveloped', rootUri: '#urn:credential:1' }),
    );
    expect(byId.verdict).toBe('verified');
  });

  it('finds content changed after signing: invalid', async () => {
    const xml = xades(credentialXml(), rsa).replace(
      'Certificate of Completion',
      'Certificate of Excellence',
    );
    const r = await verifyXml(xml);
    expect(r.verdict).toBe('invalid');
    expect(check(r, 'proof')?.message).toMatch(/changed after it was signed/);
  });

  it('finds a swapped certificate: by the signed certificate digest, or by the signature itself', async () => {
    const swapped = xades(credentialXml(), rsa).replace(rsa.b64, other.b64);
    const r = await verifyXml(swapped);
    expect(r.verdict).toBe('invalid');
    expect(check(r, 'proof')?.message).toMatch(/signature does not match/);
    const unnamed = xades(credentialXml(), rsa, { certDigest: false }).replace(rsa.b64, other.b64);
    expect((await verifyXml(unnamed)).verdict).toBe('invalid');
    // Same key, another certificate: the signature holds, the signed digest exposes the swap.
    const twin = certificate(crypto.createPublicKey(rsa.key), other.key, {
      subject: 'Not Zed',
      org: 'Mallory Ltd',
      issuer: 'Mallory CA',
    }).toString('base64');
    const reissued = await verifyXml(xades(credentialXml(), rsa).replace(rsa.b64, twin));
    expect(reissued.verdict).toBe('invalid');
    expect(check(reissued, 'proof')?.message).toMatch(/not the one the signature names/);
  });

  it('defeats signature wrapping: the signed credential moved aside, a forged one shown', async () => {
    const signed = xades(credentialXml(), rsa, {
      transform: 'enveloped',
      rootUri: '#urn:credential:1',
    });
    const sig = signed.slice(
      signed.indexOf('<ds:Signature'),
      signed.indexOf('</ds:Signature>') + 15,
    );
    const original = `<europassCredential cred:id="urn:credential:1">${body()}</europassCredential>`;
    const forged = (rootId: string) =>
      `<europassCredential ${NS} cred:id="${rootId}">${body('Doctorate in Everything')}${sig}<extension>${original}</extension></europassCredential>`;

    const moved = await verifyXml(forged('urn:credential:evil'));
    expect(moved.verdict).toBe('invalid');
    expect(check(moved, 'proof')?.message).toMatch(/does not cover the credential as a whole/);

    const twinIds = await verifyXml(forged('urn:credential:1'));
    expect(twinIds.verdict).toBe('invalid');
    expect(check(twinIds, 'proof')?.message).toMatch(/2 elements carry that id/);
  });

  it('never shows content hidden inside the signature, and refuses a second signature', async () => {
    const vp = `<vp:verifiablePresentation xmlns:vp="http://data.europa.eu/snb/vp" ${NS}><vp:proof>SIG</vp:proof><vp:verifiableCredential>${credentialXml().replace(` ${NS}`, '')}</vp:verifiableCredential></vp:verifiablePresentation>`;
    const signed = xades(vp, rsa, { marker: 'SIG' });
    // Unsigned room inside the signature (ds:Object) is placed before the real credential.
    const smuggled = signed.replace(
      '<ds:Object>',
      `<ds:Object><europassCredential cred:id="urn:credential:fake">${body('Doctorate in Everything')}</europassCredential></ds:Object><ds:Object>`,
    );
    const parsed = await parseCredential(enc(smuggled), { name: 'vp.xml' });
    expect(parsed.credential.title).toBe('Certificate of Completion');
    expect((await verifyParsed(parsed, env())).verdict).toBe('verified');

    const sig = signed.slice(
      signed.indexOf('<ds:Signature'),
      signed.indexOf('</ds:Signature>') + 15,
    );
    const two = await verifyXml(signed.replace('</vp:proof>', `${sig}</vp:proof>`));
    expect(two.verdict).toBe('invalid');
    expect(check(two, 'proof')?.message).toMatch(/2 XML signatures/);
  });

  it('compares what is shown with what is signed', () => {
    const bytes = enc(xades(credentialXml(), rsa));
    expect(check({ checks: verifyXades(bytes) }, 'proof')?.status).toBe('pass');
    const shown = { ...decodeEuropassXml(bytes).credential, title: 'Doctorate in Everything' };
    const checks = verifyXades(bytes, shown);
    expect(check({ checks }, 'proof')).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(/what the file shows is not what was signed/),
    });
  });

  it('never fetches a reference outside the file', async () => {
    server = await startTestServer({ '/evil.xml': { body: credentialXml() } });
    for (const uri of [`${server.url}/evil.xml`, 'file:///etc/passwd', 'other.xml']) {
      const extra = `<ds:Reference URI="${uri}"><ds:DigestMethod Algorithm="${SHA256}"/><ds:DigestValue>AAAA</ds:DigestValue></ds:Reference>`;
      const r = await verifyXml(xades(credentialXml(), rsa, { extraReference: extra }));
      expect(r.verdict).toBe('unverified');
      expect(check(r, 'proof')?.message).toMatch(/content outside this file/);
    }
    expect(server.hits).toEqual([]);
  });

  it('runs no transform beyond the canonical ones (XSLT is refused) and refuses SHA-1', async () => {
    const xslt = xades(credentialXml(), rsa).replace(
      /<ds:Transform Algorithm="http:\/\/www.w3.org\/TR\/1999\/REC-xpath-19991116">.*?<\/ds:Transform>/,
      '<ds:Transform Algorithm="http://www.w3.org/TR/1999/REC-xslt-19991116"><xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" version="1.0"/></ds:Transform>',
    );
    const r = await verifyXml(xslt);
    expect([r.verdict, check(r, 'proof')?.message]).toEqual([
      'unverified',
      expect.stringMatching(/transform Skillfolio does not run/),
    ]);
    // An XPath other than "drop the signature" is not evaluated either.
    const xpath = xades(credentialXml(), rsa).replace(
      'not(ancestor-or-self::ds:Signature)',
      'count(//.) &gt; 0',
    );
    expect((await verifyXml(xpath)).verdict).toBe('unverified');
    const sha1 = xades(credentialXml(), rsa).replace(
      'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
      'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
    );
    const weak = await verifyXml(sha1);
    expect([weak.verdict, check(weak, 'proof')?.message]).toEqual([
      'invalid',
      expect.stringMatching(/refuses/),
    ]);
  });

  it('refuses entity bombs and external entities before any DOM is built', async () => {
    const signed = xades(credentialXml(), rsa);
    const bomb = `<?xml version="1.0"?><!DOCTYPE europassCredential [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>${signed.replace('Certificate of Completion', '&c;')}`;
    const xxe = `<?xml version="1.0"?><!DOCTYPE europassCredential [<!ENTITY x SYSTEM "file:///etc/passwd">]>${signed.replace('Certificate of Completion', '&x;')}`;
    for (const hostile of [bomb, xxe]) {
      expect(caught(() => verifyXades(enc(hostile))).code).toBe('unsafe-content');
      await expect(parseCredential(enc(hostile), { name: 'h.xml' })).rejects.toMatchObject({
        code: 'unsafe-content',
      });
    }
    // An entity reference without a DOCTYPE declares nothing: broken XML, not an expansion.
    expect(caught(() => verifyXades(enc(signed.replace('Completion', '&x;')))).code).toBe(
      'malformed',
    );
  });

  it('reports an unsigned file as unverified and an ended credential as expired', async () => {
    const unsigned = await verifyXml(credentialXml());
    expect([unsigned.verdict, check(unsigned, 'proof')?.message]).toEqual([
      'unverified',
      expect.stringMatching(/^Unsigned/),
    ]);
    const ended = await verifyXml(
      xades(credentialXml(body('Certificate of Completion', '2025-03-31T00:00:00Z')), rsa),
    );
    expect([ended.verdict, check(ended, 'proof')?.status]).toEqual(['expired', 'pass']);
  });

  it('says when the signing time falls outside the certificate', async () => {
    const r = await verifyXml(xades(credentialXml(), rsa, { signingTime: '2031-06-01T00:00:00Z' }));
    expect(r.verdict).toBe('verified');
    expect(check(r, 'issuer')?.message).toMatch(/outside the certificate's validity/);
  });
});
