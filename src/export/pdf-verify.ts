// Checks a signed PDF without trusting it: the CMS signature, that it covers every byte, and what files it carries.
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import forge from 'node-forge';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFRawStream,
  PDFString,
  type PDFObject,
} from 'pdf-lib';
import { AppError } from '../shared/errors';
import type { CheckResult } from '../verify/types';

/** Largest PDF verify-export reads, and the most an attachment may inflate to. */
export const PDF_LIMITS = {
  maxBytes: 200 * 1024 * 1024,
  maxAttachment: 64 * 1024 * 1024,
  maxAttachments: 1000,
};

export type PdfSigner = {
  subject: string;
  issuer: string;
  /** subjectAltName URIs: a Skillfolio certificate names the holder's did:key here. */
  uris: string[];
  selfSigned: boolean;
  sha256Fingerprint: string;
  signedAt: string | null;
};

export type PdfSignatureReport = { checks: CheckResult[]; signer: PdfSigner | null };

type Node = forge.asn1.Asn1;
const kids = (n: Node | undefined): Node[] => (Array.isArray(n?.value) ? (n.value as Node[]) : []);
const bytesOf = (n: Node | undefined): string => (typeof n?.value === 'string' ? n.value : '');

const DIGESTS: Record<string, string> = {
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  '1.3.14.3.2.26': 'sha1',
};
const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
const OID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
const OID_SIGNING_TIME = '1.2.840.113549.1.9.5';

type SignatureField = {
  byteRange: [number, number, number, number];
  contents: Buffer;
  subFilter: string | null;
};

/** Every signature dictionary's /ByteRange and /Contents, read from the bytes the ByteRange names. */
function findSignatures(pdf: Buffer): SignatureField[] {
  const text = pdf.toString('latin1');
  const out: SignatureField[] = [];
  const re = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null && out.length < 16) {
    const br = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
    const [a, b, c] = br;
    const hole = text.slice(a + b, c);
    const hex = /^<([0-9A-Fa-f\s]*)>$/.exec(hole);
    const near = text.slice(Math.max(0, m.index - 4000), Math.min(text.length, m.index + 4000));
    const sub = /\/SubFilter\s*\/([A-Za-z0-9.]+)/.exec(near);
    out.push({
      byteRange: br,
      contents: hex ? Buffer.from((hex[1] ?? '').replace(/\s/g, ''), 'hex') : Buffer.alloc(0),
      subFilter: sub?.[1] ?? null,
    });
  }
  return out;
}

function attrValue(attrs: Node[], oid: string): Node | undefined {
  for (const a of attrs) {
    const [type, values] = kids(a);
    if (type && forge.asn1.derToOid(bytesOf(type)) === oid) return kids(values)[0];
  }
  return undefined;
}

function dn(attrs: forge.pki.CertificateField[]): string {
  return attrs
    .map((a) => {
      let v = String(a.value ?? '');
      if ((a.valueTagClass as unknown) === forge.asn1.Type.UTF8) {
        try {
          v = forge.util.decodeUtf8(v);
        } catch {
          // leave the raw value
        }
      }
      return `${a.shortName ?? a.name ?? a.type}=${v}`;
    })
    .join(', ');
}

/** The DER object at the start of the buffer, without the placeholder's trailing zero padding. */
function derObject(buf: Buffer): Buffer {
  if (buf.length < 2 || buf[0] !== 0x30) throw new Error('not a DER sequence');
  const first = buf[1] ?? 0;
  if (first < 0x80) return buf.subarray(0, 2 + first);
  const n = first & 0x7f;
  if (n === 0 || n > 4 || buf.length < 2 + n) throw new Error('bad DER length');
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + (buf[2 + i] ?? 0);
  if (2 + n + len > buf.length) throw new Error('truncated DER');
  return buf.subarray(0, 2 + n + len);
}

/** Verifies one CMS SignedData (detached) over `signed`: digest, signature, and who signed. */
function verifyCms(
  der: Buffer,
  signed: Buffer,
): { ok: true; signer: PdfSigner } | { ok: false; message: string } {
  let contentInfo: Node;
  try {
    contentInfo = forge.asn1.fromDer(forge.util.createBuffer(derObject(der).toString('binary')));
  } catch {
    return { ok: false, message: 'The signature is not readable CMS data.' };
  }
  const [type, explicit] = kids(contentInfo);
  if (!type || forge.asn1.derToOid(bytesOf(type)) !== OID_SIGNED_DATA) {
    return { ok: false, message: 'The signature is not a CMS SignedData structure.' };
  }
  const sd = kids(kids(explicit)[0]);
  const certNode = sd.find((n) => n.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && n.type === 0);
  const signerInfos = kids(sd.at(-1));
  if (signerInfos.length !== 1)
    return {
      ok: false,
      message: `The signature has ${signerInfos.length} signers; one was expected.`,
    };
  const certs: forge.pki.Certificate[] = [];
  for (const c of kids(certNode)) {
    try {
      certs.push(forge.pki.certificateFromAsn1(c));
    } catch {
      // A certificate forge cannot read (e.g. not RSA) is skipped; the match below then fails.
    }
  }
  const si = kids(signerInfos[0]);
  const sid = kids(si[1]);
  const serial = forge.util.bytesToHex(bytesOf(sid[1]));
  const cert = certs.find((c) => c.serialNumber.replace(/^0+/, '') === serial.replace(/^0+/, ''));
  if (!cert)
    return { ok: false, message: 'The certificate that made the signature is not included in it.' };
  const digestName = DIGESTS[forge.asn1.derToOid(bytesOf(kids(si[2])[0]))];
  if (!digestName)
    return {
      ok: false,
      message: 'The signature uses a digest algorithm Skillfolio does not check.',
    };
  const signedAttrs = si[3];
  if (
    !signedAttrs ||
    signedAttrs.tagClass !== forge.asn1.Class.CONTEXT_SPECIFIC ||
    signedAttrs.type !== 0
  ) {
    return {
      ok: false,
      message: 'The signature has no signed attributes (adbe.pkcs7.detached needs them).',
    };
  }
  const md = attrValue(kids(signedAttrs), OID_MESSAGE_DIGEST);
  const actual = crypto.createHash(digestName).update(signed).digest();
  if (!md || !Buffer.from(bytesOf(md), 'binary').equals(actual)) {
    return {
      ok: false,
      message: 'The document does not match its signature: it was changed after signing.',
    };
  }
  const signature = Buffer.from(bytesOf(si[5]), 'binary');
  // The signature covers the DER of the attributes as a SET (tag 0x31), not as [0].
  const asSet = forge.asn1.create(
    forge.asn1.Class.UNIVERSAL,
    forge.asn1.Type.SET,
    true,
    kids(signedAttrs),
  );
  const attrsDer = Buffer.from(forge.asn1.toDer(asSet).getBytes(), 'binary');
  const pem = forge.pki.certificateToPem(cert);
  const x509 = new crypto.X509Certificate(pem);
  let valid = false;
  try {
    valid = crypto.verify(digestName, attrsDer, x509.publicKey, signature);
  } catch {
    valid = false;
  }
  if (!valid)
    return { ok: false, message: 'The signature does not verify with the certificate it names.' };
  const time = attrValue(kids(signedAttrs), OID_SIGNING_TIME);
  let signedAt: string | null = null;
  if (time) {
    try {
      const t = bytesOf(time);
      const d =
        time.type === forge.asn1.Type.UTCTIME
          ? forge.asn1.utcTimeToDate(t)
          : forge.asn1.generalizedTimeToDate(t);
      signedAt = d.toISOString();
    } catch {
      signedAt = null;
    }
  }
  const san = cert.getExtension('subjectAltName') as {
    altNames?: Array<{ type?: number; value?: unknown }>;
  } | null;
  return {
    ok: true,
    signer: {
      subject: dn(cert.subject.attributes),
      issuer: dn(cert.issuer.attributes),
      uris: (san?.altNames ?? []).filter((n) => n.type === 6).map((n) => String(n.value ?? '')),
      selfSigned: x509.checkIssued(x509),
      sha256Fingerprint: x509.fingerprint256,
      signedAt,
    },
  };
}

/** The PDF's signature: valid CMS over exactly the ByteRange, and the ByteRange is the whole file. */
export function checkPdfSignature(pdf: Uint8Array): PdfSignatureReport {
  const buf = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const sigs = findSignatures(buf);
  if (sigs.length === 0) {
    return {
      checks: [
        { id: 'signature', status: 'fail', implies: 'invalid', message: 'The PDF is not signed.' },
      ],
      signer: null,
    };
  }
  const checks: CheckResult[] = [];
  const last = sigs[sigs.length - 1] as SignatureField;
  const [a, b, c, d] = last.byteRange;
  const wellFormed = a === 0 && b > 0 && c > b && c + d <= buf.length && last.contents.length > 0;
  if (!wellFormed) {
    return {
      checks: [
        {
          id: 'signature',
          status: 'fail',
          implies: 'invalid',
          message: 'The PDF signature’s byte range is malformed.',
        },
      ],
      signer: null,
    };
  }
  const signed = Buffer.concat([buf.subarray(a, a + b), buf.subarray(c, c + d)]);
  const result = verifyCms(last.contents, signed);
  if (!result.ok) {
    checks.push({ id: 'signature', status: 'fail', implies: 'invalid', message: result.message });
  } else {
    const who = result.signer.subject || 'an unnamed certificate';
    checks.push({
      id: 'signature',
      status: 'pass',
      establishesIntegrity: true,
      message: `The PDF signature (${last.subFilter ?? 'CMS'}) is valid, made by ${who}${result.signer.selfSigned ? ' (self-signed certificate)' : ''}.`,
    });
  }
  const whole = c + d === buf.length && sigs.length === 1;
  checks.push(
    whole
      ? { id: 'coverage', status: 'pass', message: 'The signature covers the whole document.' }
      : {
          id: 'coverage',
          status: 'fail',
          implies: 'invalid',
          message:
            sigs.length > 1
              ? `The PDF carries ${sigs.length} signatures: it was changed and signed again after the export.`
              : `${buf.length - (c + d)} bytes were added after the signature: the document was changed after signing.`,
        },
  );
  return { checks, signer: result.ok ? result.signer : null };
}

function text(o: PDFObject | undefined): string | null {
  if (o instanceof PDFString || o instanceof PDFHexString) return o.decodeText();
  return null;
}

/** Reads a stream's bytes: unfiltered or FlateDecode, inflated under a cap. */
function streamBytes(stream: PDFRawStream): Uint8Array {
  const filter = stream.dict.get(PDFName.of('Filter'));
  const names = filter instanceof PDFArray ? filter.asArray() : filter ? [filter] : [];
  if (names.length === 0) return stream.contents;
  if (names.length === 1 && names[0] === PDFName.of('FlateDecode')) {
    try {
      return zlib.inflateSync(stream.contents, { maxOutputLength: PDF_LIMITS.maxAttachment });
    } catch (err) {
      const tooBig = (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
      throw new AppError(
        tooBig ? 'too-large' : 'malformed',
        tooBig ? 'An attached file inflates beyond 64 MB.' : 'An attached file is damaged.',
      );
    }
  }
  throw new AppError(
    'unsupported-format',
    'An attached file uses a compression Skillfolio does not read.',
  );
}

/** The PDF's embedded files by name (EmbeddedFiles name tree). Refuses encrypted and unreadable PDFs. */
export async function readPdfAttachments(pdf: Uint8Array): Promise<Map<string, Uint8Array>> {
  if (pdf.length > PDF_LIMITS.maxBytes)
    throw new AppError('too-large', 'The PDF is larger than 200 MB.');
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(pdf, { updateMetadata: false, throwOnInvalidObject: false });
  } catch (err) {
    const name = (err as Error).name ?? '';
    if (/Encrypted/i.test(name) || /encrypted/i.test((err as Error).message ?? '')) {
      throw new AppError(
        'unsupported-format',
        'The PDF is encrypted; Skillfolio exports never are, so this is not one of them.',
      );
    }
    throw new AppError('malformed', 'The PDF could not be read (it may be truncated or damaged).');
  }
  const files = new Map<string, Uint8Array>();
  const names = doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict);
  const tree = names?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict);
  const visit = (node: PDFDict | undefined, depth: number): void => {
    if (!node || depth > 16) return;
    const pairs = node.lookupMaybe(PDFName.of('Names'), PDFArray);
    if (pairs) {
      for (let i = 0; i + 1 < pairs.size() && files.size < PDF_LIMITS.maxAttachments; i += 2) {
        const spec = pairs.lookupMaybe(i + 1, PDFDict);
        const name =
          text(spec?.get(PDFName.of('UF'))) ??
          text(spec?.get(PDFName.of('F'))) ??
          text(pairs.get(i));
        const ef = spec?.lookupMaybe(PDFName.of('EF'), PDFDict);
        const stream = ef?.lookup(PDFName.of('F'));
        if (name && stream instanceof PDFRawStream) files.set(name, streamBytes(stream));
      }
    }
    const kidsArr = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
    for (let i = 0; kidsArr && i < kidsArr.size(); i++)
      visit(kidsArr.lookupMaybe(i, PDFDict), depth + 1);
  };
  visit(tree, 0);
  return files;
}
