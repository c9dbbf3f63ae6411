// Routing a dropped file: exported résumés to export.verify, everything else (PDF certificates too) to credential.verify — and hostile bytes never throw.
import fs from 'node:fs';
import path from 'node:path';
import { generateKeyPair, SignJWT } from 'jose';
import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportedPdf } from '../../test/helpers/export-pdf';
import { tinyPdf } from '../../test/helpers/export-fixtures';
import { ob3Object } from '../../test/helpers/fixtures';
import {
  courseraPdf,
  edxPdf,
  genericPdf,
  linkedInLearningPdf,
  passwordProtectedPdf,
  udemyPdf,
} from '../../test/helpers/pdf-certificates';
import { routeFor } from './verify-route';

const enc = (s: string) => new TextEncoder().encode(s);
const SAMPLES = path.resolve(__dirname, '../../resources/samples');

/** A hand-written PDF with one uncompressed object added: what a tool other than pdf-lib may write. */
function pdfWith(object: string): Uint8Array {
  const base = Buffer.from(tinyPdf()).toString('latin1');
  return enc(base.replace('%PDF-1.4\n', `%PDF-1.4\n9 0 obj\n${object}\nendobj\n`));
}

describe('routeFor: PDFs', () => {
  let exported: Uint8Array;
  beforeAll(async () => {
    exported = await exportedPdf();
  }, 60_000);

  it('sends a Skillfolio PDF export to the export check, and one with a changed byte too (to be found invalid)', () => {
    expect(routeFor(exported)).toBe('export');
    for (const at of [0.2, 0.5, 0.9]) {
      const changed = Uint8Array.from(exported);
      const i = Math.floor(changed.length * at);
      changed[i] = (changed[i] ?? 0) ^ 0x01;
      expect(routeFor(changed), String(at)).toBe('export');
    }
  });

  it('sends PDF certificates (Coursera, edX, LinkedIn Learning, Udemy, others) to the credential check', async () => {
    for (const [name, pdf] of [
      ['Coursera', await courseraPdf()],
      ['edX', await edxPdf()],
      ['LinkedIn Learning', await linkedInLearningPdf()],
      ['Udemy', await udemyPdf()],
      ['generic', await genericPdf()],
      ['tiny', tinyPdf()],
      ['password-protected', await passwordProtectedPdf()],
    ] as const) {
      expect(routeFor(pdf), name).toBe('credential');
    }
    expect(routeFor(enc('%PDF-1.7\n%…'))).toBe('credential');
  });

  it('a signed certificate, one with other attachments, or one that only mentions our file name is not an export', async () => {
    // Platforms sign their certificates too: a signature alone does not make it ours.
    expect(
      routeFor(
        pdfWith(
          '<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /ByteRange [0 10 20 30] /Contents <00> >>',
        ),
      ),
    ).toBe('credential');
    const doc = await PDFDocument.load(await courseraPdf());
    await doc.attach(enc('{"type": "VerifiablePresentation"}'), 'certificate.json', {
      mimeType: 'application/json',
    });
    expect(routeFor(await doc.save({ useObjectStreams: false }))).toBe('credential');
    // The name as printed text, not as an attachment's file name.
    expect(
      routeFor(pdfWith('<< /Length 30 >>\nstream\nBT (portfolio.vp.json) Tj ET\nendstream')),
    ).toBe('credential');
    expect(routeFor(pdfWith('<< /Title (portfolio.vp.json) >>'))).toBe('credential');
    expect(routeFor(pdfWith('<< /F (portfolio.vp.jso'))).toBe('credential');
  });

  it('knows the attachment however it is written: /F literal, /UF hex (either case), white space between', async () => {
    const hex = Buffer.from('\ufeffportfolio.vp.json', 'utf16le').swap16().toString('hex');
    for (const spec of [
      '<< /Type /Filespec /F (portfolio.vp.json) >>',
      '<< /Type /Filespec /F\r\n  (portfolio.vp.json) >>',
      `<< /Type /Filespec /UF <${hex.toUpperCase()}> >>`,
      `<< /Type /Filespec /UF <${hex}> >>`,
    ]) {
      expect(routeFor(pdfWith(spec)), spec).toBe('export');
    }
    // A pdf-lib document carrying the attachment under our name, saved without object streams.
    const doc = await PDFDocument.load(await courseraPdf());
    await doc.attach(enc('{}'), 'portfolio.vp.json', { mimeType: 'application/json' });
    expect(routeFor(await doc.save({ useObjectStreams: false }))).toBe('export');
  });
});

describe('routeFor', () => {
  it('sends presentations (JSON-LD and vp+jwt) to the export check', async () => {
    const vp = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiablePresentation'],
      verifiableCredential: [ob3Object({ n: 1 })],
    };
    expect(routeFor(enc(`\uFEFF  ${JSON.stringify(vp)}`))).toBe('export');
    expect(routeFor(enc(JSON.stringify({ ...vp, type: 'VerifiablePresentation' })))).toBe('export');
    const { privateKey } = await generateKeyPair('EdDSA');
    const vpJwt = await new SignJWT(vp)
      .setProtectedHeader({ alg: 'EdDSA', typ: 'vp+jwt' })
      .sign(privateKey);
    expect(routeFor(enc(vpJwt))).toBe('export');
    const vp11 = await new SignJWT({ vp }).setProtectedHeader({ alg: 'EdDSA' }).sign(privateKey);
    expect(routeFor(enc(`${vp11}\n`))).toBe('export');
  });

  it('sends every sample credential (JSON, JWT, baked PNG and SVG) to the credential check', () => {
    for (const file of fs
      .readdirSync(SAMPLES)
      .filter((f) => !/README|manifest|status-list/.test(f))) {
      expect(routeFor(new Uint8Array(fs.readFileSync(path.join(SAMPLES, file)))), file).toBe(
        'credential',
      );
    }
  });

  it('a credential that merely mentions presentations is still a credential', () => {
    const doc = { ...ob3Object({ n: 2 }), description: '"type": ["VerifiablePresentation"]' };
    expect(routeFor(enc(JSON.stringify(doc)))).toBe('credential');
  });

  it('never throws on hostile or broken input', () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    for (const bytes of [
      new Uint8Array(0),
      new Uint8Array([0xff, 0xfe, 0x00, 0x7b]),
      enc('{"type": "VerifiablePresentation"'),
      enc(`{"a": ${deep}}`),
      enc('{"__proto__": {"type": ["VerifiablePresentation"]}}'),
      enc('eyJhbGciOiJub25lIn0.!!!.x'),
      enc('eyJ0eXAiOiJ2cCtqd3QifQ'),
      enc('eyJub3QiOiJqc29uIn0.eyJ.'),
    ]) {
      expect(routeFor(bytes)).toBe('credential');
    }
  });
});
