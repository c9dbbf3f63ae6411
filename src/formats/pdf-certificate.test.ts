// PDF certificates: each platform's layout read into the right fields, and every hostile PDF refused cleanly.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { rejection } from '../../test/helpers/errors';
import {
  contentBombPdf,
  courseraPdf,
  edxPdf,
  fontMatrixExploitPdf,
  genericPdf,
  layoutPdf,
  linkedInLearningPdf,
  lyingPageCountPdf,
  manyPagesPdf,
  passwordProtectedPdf,
  udemyPdf,
} from '../../test/helpers/pdf-certificates';
import { parseCredential } from './detect';
import {
  decodePdfCertificate,
  findDate,
  isPdfCertificateDocument,
  PDF_LIMITS,
  PDFJS_OPTIONS,
  type PdfCertificateDocument,
} from './pdf-certificate';

function docOf(doc: unknown): PdfCertificateDocument {
  if (!isPdfCertificateDocument(doc)) throw new Error('not a PDF certificate document');
  return doc;
}

describe('PDF certificates: each platform', () => {
  it('reads a Coursera course certificate into a credential, keeping the bytes as they are', async () => {
    const bytes = await courseraPdf({
      learner: 'Ada Lovelace',
      title: ['Machine Learning'],
      university: 'Stanford University',
      date: 'Jan 15, 2024',
      code: 'ABCD1234EFGH',
    });
    const parsed = await parseCredential(bytes, { name: 'Coursera ABCD1234EFGH.pdf' });
    expect(parsed.format).toBe('pdf-certificate');
    expect(parsed.mediaType).toBe('application/pdf');
    expect(parsed.original).toBe(bytes);
    expect(parsed.credential).toMatchObject({
      title: 'Machine Learning',
      issuerName: 'Stanford University',
      issuerId: 'https://coursera.org',
      issuedOn: '2024-01-15',
      recipient: 'Ada Lovelace',
      credentialId: 'ABCD1234EFGH',
      achievement: { name: 'Machine Learning', type: 'Course' },
    });
    expect(parsed.credential.description).toMatch(/Coursera/);
    expect(docOf(parsed.document)).toMatchObject({
      platform: 'coursera',
      verificationUrl: 'https://coursera.org/verify/ABCD1234EFGH',
      pageCount: 1,
    });
    expect(parsed.notes).toEqual([]);
  });

  it('joins a Coursera title printed over two lines, and reads Specializations', async () => {
    const long = await decodePdfCertificate(
      await courseraPdf({
        title: ['Supervised Machine Learning: Regression', 'and Classification'],
      }),
      { name: 'c.pdf' },
    );
    expect(long.credential.title).toBe(
      'Supervised Machine Learning: Regression and Classification',
    );
    const spec = await decodePdfCertificate(
      await courseraPdf({
        kind: 'specialization',
        title: ['Deep Learning'],
        university: 'DeepLearning.AI',
        code: 'SPEC9876ZYXW',
      }),
      { name: 's.pdf' },
    );
    expect(spec.credential).toMatchObject({
      title: 'Deep Learning',
      issuerName: 'DeepLearning.AI',
      credentialId: 'SPEC9876ZYXW',
      achievement: { type: 'Specialization' },
    });
    expect(docOf(spec.document).verificationUrl).toBe(
      'https://coursera.org/verify/specialization/SPEC9876ZYXW',
    );
  });

  it('reads an edX certificate, rejoining a verification address broken over two lines', async () => {
    const parsed = await decodePdfCertificate(
      await edxPdf({
        learner: 'Grace Hopper',
        title: 'CS50x: Introduction to Computer Science',
        org: 'HarvardX',
        university: 'Harvard University',
        date: 'March 3, 2023',
        id: '5c1e0e9f8e0b4a4f9d2b6c7a8e9f0a1b',
      }),
      { name: 'edx.pdf' },
    );
    expect(parsed.credential).toMatchObject({
      title: 'CS50x: Introduction to Computer Science',
      issuerName: 'Harvard University',
      issuedOn: '2023-03-03',
      recipient: 'Grace Hopper',
      credentialId: '5c1e0e9f8e0b4a4f9d2b6c7a8e9f0a1b',
    });
    expect(docOf(parsed.document)).toMatchObject({
      platform: 'edx',
      verificationUrl: 'https://courses.edx.org/certificates/5c1e0e9f8e0b4a4f9d2b6c7a8e9f0a1b',
    });
  });

  it('reads a LinkedIn Learning certificate of completion, and its link when it has one', async () => {
    const course = await decodePdfCertificate(
      await linkedInLearningPdf({
        learner: 'Alan Turing',
        title: 'Learning Python',
        date: 'Feb 02, 2024',
        id: 'AbCdEfGh12345678',
        link: 'https://www.linkedin.com/learning/certificates/0f1e2d3c4b5a69788796a5b4c3d2e1f0',
      }),
      { name: 'CertificateOfCompletion_Learning Python.pdf' },
    );
    expect(course.credential).toMatchObject({
      title: 'Learning Python',
      issuerName: 'LinkedIn Learning',
      issuedOn: '2024-02-02',
      recipient: 'Alan Turing',
      credentialId: 'AbCdEfGh12345678',
      achievement: { type: 'Course' },
    });
    expect(docOf(course.document).verificationUrl).toBe(
      'https://www.linkedin.com/learning/certificates/0f1e2d3c4b5a69788796a5b4c3d2e1f0',
    );
    const pathCert = await decodePdfCertificate(
      await linkedInLearningPdf({ title: 'Become a Data Analyst', path: true }),
      { name: 'p.pdf' },
    );
    expect(pathCert.credential.achievement?.type).toBe('Learning Path');
    expect(pathCert.credential.title).toBe('Become a Data Analyst');
    // LinkedIn's own PDFs print only the id: the user is told it cannot be checked online.
    expect(docOf(pathCert.document).verificationUrl).toBeNull();
    expect(pathCert.notes.join(' ')).toMatch(/no verification address/);
  });

  it('reads a Udemy certificate with its ude.my address', async () => {
    const parsed = await decodePdfCertificate(
      await udemyPdf({ learner: 'Katherine Johnson', title: 'The Complete SQL Bootcamp' }),
      { name: 'u.pdf' },
    );
    expect(parsed.credential).toMatchObject({
      title: 'The Complete SQL Bootcamp',
      issuerName: 'Udemy',
      issuedOn: '2024-01-15',
      recipient: 'Katherine Johnson',
      credentialId: 'UC-1a2b3c4d-5e6f-7a8b-9c0d-ef1234567890',
    });
    expect(docOf(parsed.document).verificationUrl).toBe(
      'https://ude.my/UC-1a2b3c4d-5e6f-7a8b-9c0d-ef1234567890',
    );
  });

  it('reads any other certificate by its common wording', async () => {
    const parsed = await decodePdfCertificate(await genericPdf(), { name: 'g.pdf' });
    expect(parsed.credential).toMatchObject({
      title: 'Applied Data Visualisation',
      issuerName: 'Exampleton University Continuing Education',
      issuerId: 'https://certificates.exampleton.edu',
      issuedOn: '2024-03-15',
      recipient: 'Rosalind Franklin',
      credentialId: 'EU-2024-000123',
    });
    expect(docOf(parsed.document)).toMatchObject({
      platform: 'generic',
      verificationUrl: 'https://certificates.exampleton.edu/verify/EU-2024-000123',
    });
  });

  it('falls back to the file name for a certificate whose title it cannot find, and says so', async () => {
    const bytes = await layoutPdf([
      { text: 'Certificate of Attendance', x: 60, y: 500, size: 24 },
      { text: 'Marie Curie', x: 60, y: 440, size: 20 },
      { text: '12 May 2023', x: 60, y: 400, size: 10 },
    ]);
    const parsed = await decodePdfCertificate(bytes, {
      name: '/home/m/Downloads/Radiology_Workshop.pdf',
    });
    expect(parsed.credential.title).toBe('Radiology Workshop');
    expect(parsed.credential.issuedOn).toBe('2023-05-12');
    expect(parsed.notes.join(' ')).toMatch(/title could not be read/);
  });
});

describe('PDF certificates: what is not a certificate', () => {
  it('refuses a PDF with no certificate wording, and one with no text at all', async () => {
    const invoice = await layoutPdf([
      { text: 'INVOICE 2024-118', x: 60, y: 500, size: 20 },
      { text: 'Total due: 120.00 EUR', x: 60, y: 460, size: 12 },
    ]);
    const err = await rejection(parseCredential(invoice, { name: 'invoice.pdf' }));
    expect(err.code).toBe('unsupported-format');
    expect(err.message).toMatch(/does not read like a certificate/);

    const blank = await PDFDocument.create();
    blank.addPage();
    const scanned = await rejection(parseCredential(await blank.save(), { name: 'scan.pdf' }));
    expect(scanned.code).toBe('unsupported-format');
    expect(scanned.message).toMatch(/no text .* scanned image/);
  });

  it("refuses Skillfolio's own exported résumé PDF, pointing to verify-export", async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    page.drawText('Certificate of Completion — Machine Learning', {
      x: 40,
      y: 700,
      size: 12,
      font,
    });
    doc.setCreator('Skillfolio');
    const err = await rejection(parseCredential(await doc.save(), { name: 'resume.pdf' }));
    expect(err.code).toBe('unsupported-format');
    expect(err.message).toMatch(/exported by Skillfolio.*verify-export/);
  });
});

describe('PDF certificates: hostile PDFs (SECURITY.md)', () => {
  it('never runs code from a font (CVE-2024-4367 FontMatrix injection) and still reads the certificate', async () => {
    expect(PDFJS_OPTIONS.isEvalSupported).toBe(false);
    expect(PDFJS_OPTIONS.disableFontFace).toBe(true);
    expect(PDFJS_OPTIONS.useSystemFonts).toBe(false);
    const marker = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pdf-exploit-')), 'pwned');
    const bytes = await fontMatrixExploitPdf(marker);
    // The payload is really in the file, where pdf.js reads the font matrix.
    expect(Buffer.from(bytes).toString('latin1')).toContain('writeFileSync');
    const parsed = await decodePdfCertificate(bytes, { name: 'exploit.pdf' });
    expect(parsed.credential.title).toBe('Exploit Resistance');
    expect(fs.existsSync(marker)).toBe(false);
  });

  it('refuses a truncated PDF as cut off', async () => {
    const whole = await courseraPdf();
    const err = await rejection(
      parseCredential(whole.subarray(0, Math.floor(whole.length / 2)), { name: 'half.pdf' }),
    );
    expect(err.code).toBe('malformed');
    expect(err.message).toMatch(/cut off/);
  });

  it('refuses something that only starts like a PDF', async () => {
    const junk = new TextEncoder().encode(`%PDF-1.7\n${'garbage '.repeat(200)}\n%%EOF\n`);
    const err = await rejection(parseCredential(junk, { name: 'junk.pdf' }));
    expect(err.code).toBe('malformed');
  });

  it('refuses a password-protected PDF, saying what to do', async () => {
    const err = await rejection(
      parseCredential(await passwordProtectedPdf(), { name: 'locked.pdf' }),
    );
    expect(err.code).toBe('unsupported-format');
    expect(err.message).toMatch(/protected by a password/);
  });

  it('refuses a huge page count, and is not fooled by a page tree claiming a million pages', async () => {
    const many = await rejection(
      parseCredential(await manyPagesPdf(PDF_LIMITS.maxPages + 1), { name: 'many.pdf' }),
    );
    expect(many.code).toBe('too-large');
    expect(many.message).toMatch(/501 pages/);
    // pdf.js checks the claimed last page exists and counts the pages really there.
    const lie = await parseCredential(await lyingPageCountPdf(1_000_000), { name: 'lie.pdf' });
    expect(docOf(lie.document).pageCount).toBe(1);
    expect(lie.credential.title).toBe('Applied Data Visualisation');
  });

  it('refuses a decompression bomb (one layer or chained filters) before pdf.js inflates it', async () => {
    const single = await contentBombPdf(PDF_LIMITS.maxInflated + 16 * 1024 * 1024);
    expect(single.length).toBeLessThan(2 * 1024 * 1024);
    const err = await rejection(parseCredential(single, { name: 'bomb.pdf' }));
    expect(err.code).toBe('too-large');
    expect(err.message).toMatch(/decompression bomb/);
    const chained = await contentBombPdf(PDF_LIMITS.maxInflated + 16 * 1024 * 1024, 2);
    expect((await rejection(parseCredential(chained, { name: 'bomb2.pdf' }))).code).toBe(
      'too-large',
    );
  });

  it('stops a PDF that takes too long, and reads the next one normally', async () => {
    // 48 MB of content stream is within the inflate budget but far more than 50 ms of parsing.
    const slow = await contentBombPdf(48 * 1024 * 1024);
    const err = await rejection(
      decodePdfCertificate(slow, { name: 'slow.pdf' }, { timeoutMs: 50 }),
    );
    expect(err.code).toBe('too-large');
    expect(err.message).toMatch(/Reading this PDF took longer than/);
    const next = await decodePdfCertificate(await genericPdf(), { name: 'next.pdf' });
    expect(next.credential.title).toBe('Applied Data Visualisation');
  });

  it('refuses a PDF over the size cap without reading it', async () => {
    const bytes = await genericPdf();
    const err = await rejection(
      decodePdfCertificate(bytes, { name: 'big.pdf' }, { maxBytes: bytes.length - 1 }),
    );
    expect(err.code).toBe('too-large');
  });
});

describe('findDate', () => {
  it('reads the date styles certificates print, as ISO dates', () => {
    expect(findDate('Jan 15, 2024')).toBe('2024-01-15');
    expect(findDate('Course completed on Feb 02, 2024 at 03:15PM UTC')).toBe('2024-02-02');
    expect(findDate('Date Jan. 15, 2024')).toBe('2024-01-15');
    expect(findDate('September 3rd 2022')).toBe('2022-09-03');
    expect(findDate('Date of issue: 15 March 2024')).toBe('2024-03-15');
    expect(findDate('Ausgestellt am 15.03.2024')).toBe('2024-03-15');
    expect(findDate('issued 2023-11-30')).toBe('2023-11-30');
    expect(findDate('on 31/01/2024')).toBe('2024-01-31');
    expect(findDate('on 01/31/2024')).toBe('2024-01-31');
  });

  it('does not guess an ambiguous or impossible date', () => {
    expect(findDate('03/04/2024')).toBeNull();
    expect(findDate('Feb 30, 2024')).toBeNull();
    expect(findDate('Length 9 total hours')).toBeNull();
  });

  it('takes the first date in the text', () => {
    expect(findDate('Issued March 3, 2023 — valid until 2026-03-03')).toBe('2023-03-03');
  });
});
