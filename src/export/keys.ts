// The holder's keys: an Ed25519 did:key that signs presentations and an X.509 certificate that signs PDFs, created on first export.
import crypto, { type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { AppError } from '../shared/errors';
import { didKeyFor, multikeyFromPublicKey } from '../verify/keys';

/** How long a self-signed PDF certificate is valid: long enough that exports made today keep verifying. */
const SELF_SIGNED_YEARS = 10;
const OID_DOCUMENT_SIGNING = '1.3.6.1.5.5.7.3.36';

export type HolderKey = {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** did:key:z6Mk… */
  did: string;
  /** did:key:z6Mk…#z6Mk… — the verification method presentations name. */
  verificationMethod: string;
  publicKeyMultibase: string;
};

export type SigningIdentity = {
  /** Made by Skillfolio (did:key in its subjectAltName) or imported by the user from a .p12/.pfx. */
  source: 'self-signed' | 'imported';
  /** RSA private key, PKCS#8 PEM. */
  privateKeyPem: string;
  /** The signing certificate first, then any chain certificates that came with it. */
  certificatesPem: string[];
};

export type HolderKeys = {
  createdAt: string;
  holder: HolderKey;
  signing: SigningIdentity;
};

export type CertificateInfo = {
  source: SigningIdentity['source'];
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  /** SHA-256 of the DER certificate, colon-separated upper-case hex (as browsers show it). */
  sha256Fingerprint: string;
  subjectAltNames: string[];
};

/** What may leave the main process: public keys and fingerprints only. */
export type KeyInfo = {
  createdAt: string;
  did: string;
  verificationMethod: string;
  publicKeyMultibase: string;
  certificate: CertificateInfo;
};

/**
 * The operating system's secret storage as the desktop app offers it (Electron safeStorage): seals
 * key bytes so that only this user on this machine can open them. `seal` throws a clear AppError
 * where sealing would not actually protect anything (no keyring).
 */
export type KeySealer = {
  /** What protects the keys, for messages ("the operating system's key storage (gnome_libsecret)"). */
  readonly name: string;
  seal(plain: string): Promise<Buffer>;
  open(sealed: Buffer): Promise<string>;
};

/** Where holder keys live: a file for the CLI, Electron safeStorage in the desktop app. */
export type KeyStore = {
  load(): Promise<HolderKeys | null>;
  save(keys: HolderKeys): Promise<void>;
  /** Where the keys are, for messages ("keys are stored in …"). */
  readonly location: string;
  /** Whether the stored keys are encrypted at rest (null: nothing stored yet). */
  encrypted(): Promise<boolean | null>;
};

export function holderKeyFromPrivate(privateKey: KeyObject): HolderKey {
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new AppError('bad-input', 'The holder key must be an Ed25519 key.');
  }
  const publicKey = crypto.createPublicKey(privateKey);
  const { did, verificationMethod } = didKeyFor(publicKey);
  return {
    privateKey,
    publicKey,
    did,
    verificationMethod,
    publicKeyMultibase: multikeyFromPublicKey(publicKey),
  };
}

/** Subject fields as UTF8String (forge encodes them); the default PrintableString mangles "Łódź". */
export function utf8Field(name: string, value: string): forge.pki.CertificateField {
  // The typings call this an asn1.Class, but forge reads it as the value's universal type tag.
  return { name, value, valueTagClass: forge.asn1.Type.UTF8 as number as forge.asn1.Class };
}

function forgeName(commonName: string): forge.pki.CertificateField[] {
  return [
    utf8Field('commonName', commonName),
    utf8Field('organizationalUnitName', 'Skillfolio holder key'),
  ];
}

/** A positive 128-bit serial number in hex, as X.509 wants. */
function randomSerial(): string {
  const b = crypto.randomBytes(16);
  b[0] = (b[0] ?? 0) & 0x7f;
  if (b[0] === 0) b[0] = 0x01;
  return b.toString('hex');
}

/**
 * A self-signed RSA certificate for PDF signatures whose subjectAltName carries the holder's
 * did:key, so a reader can tie the PDF signature to the presentation's holder proof.
 * RSA because PDF readers (Acrobat, poppler/NSS) universally verify RSA CMS signatures.
 */
export function selfSignedIdentity(
  holder: HolderKey,
  commonName: string,
  now: Date,
): SigningIdentity {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const forgePublic = forge.pki.publicKeyFromPem(
    publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  );
  const forgePrivate = forge.pki.privateKeyFromPem(privateKeyPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forgePublic;
  cert.serialNumber = randomSerial();
  // Backdated a minute so a verifier whose clock is slightly behind still accepts it.
  cert.validity.notBefore = new Date(now.getTime() - 60_000);
  const until = new Date(now.getTime());
  until.setUTCFullYear(until.getUTCFullYear() + SELF_SIGNED_YEARS);
  cert.validity.notAfter = until;
  const name = forgeName(commonName.trim() === '' ? 'Skillfolio holder' : commonName.slice(0, 64));
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    { name: 'extKeyUsage', emailProtection: true, [OID_DOCUMENT_SIGNING]: true },
    { name: 'subjectAltName', altNames: [{ type: 6, value: holder.did }] },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(forgePrivate, forge.md.sha256.create());
  return {
    source: 'self-signed',
    privateKeyPem,
    certificatesPem: [forge.pki.certificateToPem(cert)],
  };
}

/** New holder keys: a fresh Ed25519 did:key and a self-signed certificate naming it. */
export function createHolderKeys(opts: { now: Date; commonName?: string }): HolderKeys {
  const { privateKey } = crypto.generateKeyPairSync('ed25519');
  const holder = holderKeyFromPrivate(privateKey);
  return {
    createdAt: opts.now.toISOString(),
    holder,
    signing: selfSignedIdentity(holder, opts.commonName ?? 'Skillfolio holder', opts.now),
  };
}

/**
 * A new holder key replacing the old one. A self-signed certificate is re-issued for the new
 * did:key; a certificate the user imported is kept (it does not name the did:key).
 */
export function rotateHolderKeys(
  old: HolderKeys,
  opts: { now: Date; commonName?: string },
): HolderKeys {
  const fresh = createHolderKeys({
    now: opts.now,
    commonName: opts.commonName ?? certificateCommonName(old.signing),
  });
  return old.signing.source === 'imported' ? { ...fresh, signing: old.signing } : fresh;
}

function certificateCommonName(signing: SigningIdentity): string {
  const first = signing.certificatesPem[0];
  if (!first) return 'Skillfolio holder';
  const cert = forge.pki.certificateFromPem(first);
  const cn = cert.subject.getField('CN') as forge.pki.CertificateField | null;
  return cn ? fieldText(cn) : 'Skillfolio holder';
}

type Bag = { key?: forge.pki.PrivateKey; cert?: forge.pki.Certificate };

/**
 * Replaces the PDF signing certificate with the user's own (.p12/.pfx with its password). The
 * holder did:key stays. Only RSA keys are accepted: that is what PDF readers verify everywhere.
 */
export function importSigningCertificate(
  keys: HolderKeys,
  p12: Uint8Array,
  password: string,
  now: Date,
): HolderKeys {
  let pfx: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(p12).toString('binary')));
    pfx = forge.pkcs12.pkcs12FromAsn1(asn1, false, password);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    if (
      /mac|password|decrypt|invalid/i.test(msg) &&
      !/asn\.?1|too few bytes|not enough/i.test(msg)
    ) {
      throw new AppError('bad-input', 'The password does not open this .p12/.pfx file.');
    }
    throw new AppError(
      'malformed',
      'This is not a readable .p12/.pfx certificate file (or it uses a cipher Skillfolio cannot read).',
    );
  }
  const pick = (type: string): Bag[] => (pfx.getBags({ bagType: type })[type] ?? []) as Bag[];
  const keyBags = [
    ...pick(forge.pki.oids.pkcs8ShroudedKeyBag ?? ''),
    ...pick(forge.pki.oids.keyBag ?? ''),
  ];
  const certs = pick(forge.pki.oids.certBag ?? '')
    .map((b) => b.cert)
    .filter((c): c is forge.pki.Certificate => c !== undefined);
  const key = keyBags.map((b) => b.key).find((k) => k !== undefined) as
    forge.pki.rsa.PrivateKey | undefined;
  if (!key) {
    throw new AppError(
      'bad-input',
      'This .p12/.pfx file has no private key Skillfolio can use (only RSA keys are supported for PDF signing).',
    );
  }
  if (!key.n || !key.e) {
    throw new AppError(
      'bad-input',
      'Only RSA certificates can sign PDFs in Skillfolio; this key is not RSA.',
    );
  }
  const leaf = certs.find((c) => {
    const pub = c.publicKey as forge.pki.rsa.PublicKey;
    return pub.n !== undefined && pub.n.compareTo(key.n) === 0 && pub.e.compareTo(key.e) === 0;
  });
  if (!leaf) {
    throw new AppError(
      'bad-input',
      'This .p12/.pfx file has no certificate matching its private key.',
    );
  }
  if (leaf.validity.notAfter.getTime() < now.getTime()) {
    throw new AppError(
      'bad-input',
      `This certificate expired on ${leaf.validity.notAfter.toISOString().slice(0, 10)}; PDFs signed with it would not be trusted.`,
    );
  }
  const chain = [leaf, ...certs.filter((c) => c !== leaf)];
  const privateKeyPem = forge.pki.privateKeyInfoToPem(
    forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(key)),
  );
  return {
    ...keys,
    signing: {
      source: 'imported',
      privateKeyPem,
      certificatesPem: chain.map((c) => forge.pki.certificateToPem(c)),
    },
  };
}

function fieldText(a: forge.pki.CertificateField): string {
  const v = String(a.value ?? '');
  if ((a.valueTagClass as unknown) !== forge.asn1.Type.UTF8) return v;
  try {
    return forge.util.decodeUtf8(v);
  } catch {
    return v;
  }
}

function dn(attrs: forge.pki.CertificateField[]): string {
  return attrs.map((a) => `${a.shortName ?? a.name ?? a.type}=${fieldText(a)}`).join(', ');
}

export function describeCertificate(signing: SigningIdentity): CertificateInfo {
  const pem = signing.certificatesPem[0];
  if (!pem) throw new AppError('internal', 'The signing identity has no certificate.');
  const cert = forge.pki.certificateFromPem(pem);
  const der = forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes();
  const hex = crypto
    .createHash('sha256')
    .update(Buffer.from(der, 'binary'))
    .digest('hex')
    .toUpperCase();
  const san = cert.getExtension('subjectAltName') as {
    altNames?: Array<{ value?: unknown }>;
  } | null;
  return {
    source: signing.source,
    subject: dn(cert.subject.attributes),
    issuer: dn(cert.issuer.attributes),
    serialNumber: cert.serialNumber,
    notBefore: cert.validity.notBefore.toISOString(),
    notAfter: cert.validity.notAfter.toISOString(),
    sha256Fingerprint: hex.match(/../g)?.join(':') ?? hex,
    subjectAltNames: (san?.altNames ?? []).map((n) => String(n.value ?? '')),
  };
}

export function describeKeys(keys: HolderKeys): KeyInfo {
  return {
    createdAt: keys.createdAt,
    did: keys.holder.did,
    verificationMethod: keys.holder.verificationMethod,
    publicKeyMultibase: keys.holder.publicKeyMultibase,
    certificate: describeCertificate(keys.signing),
  };
}

/** Loads the keys, creating and saving them on first use (the first export). */
export async function ensureHolderKeys(
  store: KeyStore,
  opts: { now: Date; commonName?: string },
): Promise<{ keys: HolderKeys; created: boolean }> {
  const existing = await store.load();
  if (existing) return { keys: existing, created: false };
  const keys = createHolderKeys(opts);
  await store.save(keys);
  return { keys, created: true };
}
