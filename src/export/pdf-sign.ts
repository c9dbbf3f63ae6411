// The PDF signature, made last: an adbe.pkcs7.detached CMS signature over the whole file with the holder's certificate, through @signpdf.
import crypto from 'node:crypto';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import signpdf from '@signpdf/signpdf';
import { Signer, SUBFILTER_ADOBE_PKCS7_DETACHED } from '@signpdf/utils';
import forge from 'node-forge';
import type { PDFDocument } from 'pdf-lib';
import { AppError } from '../shared/errors';
import type { SigningIdentity } from './keys';

/**
 * Signs with a key and chain held in memory (what P12Signer does after opening a .p12), so the
 * keystore keeps one format for self-signed and imported certificates and nothing is re-encrypted.
 */
export class IdentitySigner extends Signer {
  private readonly identity: SigningIdentity;

  constructor(identity: SigningIdentity) {
    super();
    this.identity = identity;
  }

  override async sign(pdfBuffer: Buffer, signingTime?: Date): Promise<Buffer> {
    const key = nodeRsaKey(this.identity.privateKeyPem);
    const certs = this.identity.certificatesPem.map((pem) => forge.pki.certificateFromPem(pem));
    const leaf = certs[0];
    if (!leaf) throw new AppError('internal', 'The signing identity has no certificate.');
    const p7 = forge.pkcs7.createSignedData();
    // forge would hash the whole PDF in JavaScript (most of the signing time): it gets no bytes, and
    // the digest node:crypto makes goes into the signed attributes below.
    p7.content = forge.util.createBuffer('');
    for (const c of certs) p7.addCertificate(c);
    // The attribute order matters to some validators (EU DSS): contentType, signingTime, messageDigest.
    p7.addSigner({
      key,
      certificate: leaf,
      digestAlgorithm: forge.pki.oids.sha256 ?? '2.16.840.1.101.3.4.2.1',
      authenticatedAttributes: [
        { type: forge.pki.oids.contentType ?? '', value: forge.pki.oids.data },
        {
          type: forge.pki.oids.signingTime ?? '',
          value: (signingTime ?? new Date()) as unknown as string,
        },
        { type: forge.pki.oids.messageDigest ?? '' },
      ],
    });
    p7.sign({ detached: true });
    const cms = p7.toAsn1();
    useCertificateIssuer(cms, leaf);
    signContentDigest(cms, crypto.createHash('sha256').update(pdfBuffer).digest(), key);
    return Buffer.from(forge.asn1.toDer(cms).getBytes(), 'binary');
  }
}

type Node = forge.asn1.Asn1;
const kids = (n: Node | undefined): Node[] => (Array.isArray(n?.value) ? (n.value as Node[]) : []);

/**
 * forge rebuilds the SignerInfo's issuer name from parsed attributes and encodes UTF8String values
 * twice, so "Łódź" in a certificate would no longer match it and verifiers report "signer
 * certificate not found". The issuer is not covered by the signature: put the certificate's own
 * DER issuer name there instead.
 */
function useCertificateIssuer(cms: Node, cert: forge.pki.Certificate): void {
  const tbs = (cert as unknown as { tbsCertificate?: Node }).tbsCertificate;
  const fields = kids(tbs);
  const hasVersion = fields[0]?.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC;
  const issuer = fields[hasVersion ? 3 : 2];
  const signedData = kids(kids(cms)[1])[0];
  const signerInfos = kids(signedData).at(-1);
  const sid = kids(kids(signerInfos)[0])[1];
  const sidFields = kids(sid);
  if (!issuer || sidFields.length !== 2)
    throw new AppError('internal', 'Could not build the PDF signature.');
  sidFields[0] = issuer;
}

/** The SignerInfo of the CMS blob (the only one). */
function signerInfoOf(cms: Node): Node[] {
  const signedData = kids(kids(cms)[1])[0];
  return kids(kids(kids(signedData).at(-1))[0]);
}

/**
 * Puts the PDF's SHA-256 in the messageDigest attribute and signs the attributes again, exactly as
 * forge signs them (DER of the attribute SET, RSA PKCS#1 v1.5 over its SHA-256).
 */
function signContentDigest(cms: Node, digest: Buffer, key: forge.pki.rsa.PrivateKey): void {
  const info = signerInfoOf(cms);
  const attributes = info.find(
    (n) => n.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && n.type === 0,
  );
  const signature = info.at(-1);
  const messageDigest = kids(attributes).find(
    (a) => forge.asn1.derToOid(kids(a)[0]?.value as string) === forge.pki.oids.messageDigest,
  );
  const value = kids(kids(messageDigest)[1])[0];
  if (!attributes || !value || signature?.type !== forge.asn1.Type.OCTETSTRING) {
    throw new AppError('internal', 'Could not build the PDF signature.');
  }
  value.value = digest.toString('binary');
  const set = forge.asn1.create(
    forge.asn1.Class.UNIVERSAL,
    forge.asn1.Type.SET,
    true,
    kids(attributes),
  );
  const md = forge.md.sha256.create();
  md.update(forge.asn1.toDer(set).getBytes());
  signature.value = key.sign(md);
}

/** DigestInfo prefixes (RFC 8017, 9.2 note 1) for the digests forge may hand over. */
const DIGEST_INFO: Record<string, string> = {
  sha256: '3031300d060960864801650304020105000420',
  sha384: '3041300d060960864801650304020205000430',
  sha512: '3051300d060960864801650304020305000440',
};

/**
 * A stand-in for a forge RSA key whose PKCS#1 v1.5 signature is made by node:crypto (OpenSSL):
 * forge's pure-JavaScript RSA took a noticeable part of each export.
 */
function nodeRsaKey(pem: string): forge.pki.rsa.PrivateKey {
  const key = crypto.createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'rsa') {
    throw new AppError(
      'bad-input',
      'The PDF signing key is not an RSA key; import an RSA certificate.',
    );
  }
  const sign = (md: forge.md.MessageDigest): string => {
    const prefix = DIGEST_INFO[md.algorithm];
    if (!prefix)
      throw new AppError('internal', `Unexpected digest ${md.algorithm} for the PDF signature.`);
    const digestInfo = Buffer.concat([
      Buffer.from(prefix, 'hex'),
      Buffer.from(md.digest().getBytes(), 'binary'),
    ]);
    return crypto
      .privateEncrypt({ key, padding: crypto.constants.RSA_PKCS1_PADDING }, digestInfo)
      .toString('binary');
  };
  return { sign } as unknown as forge.pki.rsa.PrivateKey;
}

/** Room for the CMS blob: the certificates plus a signature and attributes, with margin. */
export function signatureLengthFor(identity: SigningIdentity): number {
  const certBytes = identity.certificatesPem.reduce(
    (n, pem) => n + Math.ceil((pem.length * 3) / 4),
    0,
  );
  return Math.max(8192, certBytes + 4096);
}

/** ASCII only: @signpdf writes these as literal PDF strings, which cannot carry "Łódź". */
function ascii(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '')
    .slice(0, 200);
}

/** Adds the signature field and its zero-filled placeholder; call before the single save. */
export function addSignaturePlaceholder(
  doc: PDFDocument,
  identity: SigningIdentity,
  opts: { name: string; contact: string | null; signingTime: Date },
): void {
  pdflibAddPlaceholder({
    pdfDoc: doc,
    reason: 'Signed by the holder of the credentials in this resume',
    contactInfo: ascii(opts.contact ?? ''),
    name: ascii(opts.name),
    location: '',
    signingTime: opts.signingTime,
    signatureLength: signatureLengthFor(identity),
    subFilter: SUBFILTER_ADOBE_PKCS7_DETACHED,
    appName: 'Skillfolio',
  });
}

/** Fills the placeholder: the last step, after which not one byte may change. */
export async function signPdfBytes(
  unsigned: Uint8Array,
  identity: SigningIdentity,
  signingTime: Date,
): Promise<Uint8Array> {
  const signed = await signpdf.sign(
    Buffer.from(unsigned),
    new IdentitySigner(identity),
    signingTime,
  );
  return new Uint8Array(signed.buffer, signed.byteOffset, signed.byteLength);
}
