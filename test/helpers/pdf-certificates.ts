// Certificate PDFs laid out like each platform's real ones (Coursera, edX, LinkedIn Learning, Udemy, a university portal), plus hostile PDFs.
import { once } from 'node:events';
import { createDeflate } from 'node:zlib';
import {
  beginText,
  endText,
  moveText,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFString,
  setFontAndSize,
  showText,
  StandardFonts,
  type PDFFont,
} from 'pdf-lib';

/** One piece of text at a position (points from the bottom left), as a certificate template places it. */
export type Placed = { text: string; x: number; y: number; size: number; bold?: boolean };

export type LayoutOptions = {
  /** Link annotations (a clickable verification address) on the first page. */
  links?: { url: string; x: number; y: number }[];
  title?: string;
  author?: string;
  /** Landscape US Letter, like every platform's certificate. */
  size?: [number, number];
};

async function fonts(doc: PDFDocument): Promise<{ regular: PDFFont; bold: PDFFont }> {
  return {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
  };
}

/** A one-page PDF with `items` drawn where a template would draw them. */
export async function layoutPdf(items: Placed[], opts: LayoutOptions = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage(opts.size ?? [792, 612]);
  const { regular, bold } = await fonts(doc);
  for (const it of items) {
    page.drawText(it.text, { x: it.x, y: it.y, size: it.size, font: it.bold ? bold : regular });
  }
  for (const link of opts.links ?? []) {
    const annot = doc.context.register(
      doc.context.obj({
        Type: 'Annot',
        Subtype: 'Link',
        Rect: [link.x, link.y, link.x + 200, link.y + 12],
        Border: [0, 0, 0],
        A: { Type: 'Action', S: 'URI', URI: PDFString.of(link.url) },
      }),
    );
    page.node.set(PDFName.of('Annots'), doc.context.obj([annot]));
  }
  if (opts.title !== undefined) doc.setTitle(opts.title);
  if (opts.author !== undefined) doc.setAuthor(opts.author);
  return doc.save();
}

export type CourseraOptions = {
  learner?: string;
  /** One string per printed line (long titles wrap). */
  title?: string[];
  university?: string;
  date?: string;
  code?: string;
  kind?: 'course' | 'specialization' | 'professional';
  /** What is printed after "Verify at:" (default `coursera.org/verify/<code>`). */
  verify?: string;
};

/**
 * Coursera's course certificate: date top left, the learner's name, "has successfully completed",
 * the course title in large type, "an online non-credit course authorized by <partner> and offered
 * through Coursera", the instructor's signature, and "Verify at: coursera.org/verify/<code>".
 */
export function courseraPdf(o: CourseraOptions = {}): Promise<Uint8Array> {
  const learner = o.learner ?? 'Ada Lovelace';
  const title = o.title ?? ['Machine Learning'];
  const university = o.university ?? 'Stanford University';
  const code = o.code ?? 'ABCD1234EFGH';
  const kind = o.kind ?? 'course';
  const completed =
    kind === 'course'
      ? 'has successfully completed'
      : kind === 'specialization'
        ? 'has successfully completed the online, non-credit Specialization'
        : 'has successfully completed the online, non-credit Professional Certificate';
  const items: Placed[] = [
    { text: o.date ?? 'Jan 15, 2024', x: 60, y: 520, size: 11 },
    { text: learner, x: 60, y: 460, size: 30, bold: true },
    { text: completed, x: 60, y: 430, size: 12 },
    ...title.map((t, i) => ({ text: t, x: 60, y: 390 - i * 30, size: 26, bold: true })),
  ];
  const below = 390 - title.length * 30;
  if (kind === 'course') {
    items.push(
      {
        text: `an online non-credit course authorized by ${university} and offered through`,
        x: 60,
        y: below,
        size: 11,
      },
      { text: 'Coursera', x: 60, y: below - 14, size: 11 },
    );
  } else {
    items.push({
      text: `Those who earn the ${title.join(' ')} ${kind === 'specialization' ? 'Specialization' : 'Professional Certificate'} have completed a series of rigorous courses developed by ${university}.`,
      x: 60,
      y: below,
      size: 9,
    });
  }
  items.push(
    { text: 'Andrew Ng', x: 60, y: 120, size: 12 },
    { text: 'Founder, DeepLearning.AI; Adjunct Professor', x: 60, y: 106, size: 9 },
    { text: 'Verify at:', x: 560, y: 70, size: 8 },
    {
      text:
        o.verify ??
        `coursera.org/verify/${kind === 'course' ? '' : kind === 'specialization' ? 'specialization/' : 'professional-cert/'}${code}`,
      x: 560,
      y: 60,
      size: 8,
    },
    {
      text: 'Coursera has confirmed the identity of this individual and their participation in the course.',
      x: 60,
      y: 40,
      size: 7,
    },
  );
  return layoutPdf(items, { title: 'Coursera Course Certificate' });
}

export type EdxOptions = {
  learner?: string;
  title?: string;
  org?: string;
  university?: string;
  date?: string;
  id?: string;
  /** Print the verification address broken over two lines, as long addresses are. */
  wrapUrl?: boolean;
  url?: string;
};

/**
 * edX's verified certificate: "This is to certify that <name> successfully completed and received
 * a passing grade in <course> a course of study offered by <OrgX>, an online learning initiative of
 * <university> through edX", signatures, the issue date, "Valid Certificate ID" and "Verify the
 * authenticity of this certificate at https://courses.edx.org/certificates/<id>".
 */
export function edxPdf(o: EdxOptions = {}): Promise<Uint8Array> {
  const id = o.id ?? '5c1e0e9f8e0b4a4f9d2b6c7a8e9f0a1b';
  const url = o.url ?? `https://courses.edx.org/certificates/${id}`;
  const split = url.lastIndexOf('/') + 1;
  const items: Placed[] = [
    { text: 'edX', x: 60, y: 560, size: 20, bold: true },
    { text: o.org ?? 'HarvardX', x: 140, y: 560, size: 16 },
    { text: 'VERIFIED CERTIFICATE of Achievement', x: 60, y: 520, size: 14 },
    { text: 'This is to certify that', x: 60, y: 480, size: 12 },
    { text: o.learner ?? 'Grace Hopper', x: 60, y: 445, size: 28, bold: true },
    { text: 'successfully completed and received a passing grade in', x: 60, y: 415, size: 12 },
    {
      text: o.title ?? 'CS50x: Introduction to Computer Science',
      x: 60,
      y: 380,
      size: 22,
      bold: true,
    },
    {
      text: `a course of study offered by ${o.org ?? 'HarvardX'}, an online learning initiative of`,
      x: 60,
      y: 350,
      size: 11,
    },
    { text: `${o.university ?? 'Harvard University'} through edX.`, x: 60, y: 336, size: 11 },
    { text: 'David J. Malan', x: 60, y: 160, size: 11 },
    { text: 'Gordon McKay Professor of Computer Science', x: 60, y: 146, size: 9 },
    { text: 'Issued', x: 560, y: 200, size: 9 },
    { text: o.date ?? 'March 3, 2023', x: 560, y: 186, size: 11 },
    { text: 'Valid Certificate ID', x: 560, y: 160, size: 9 },
    { text: id, x: 560, y: 146, size: 7 },
  ];
  if (o.wrapUrl === false) {
    items.push({
      text: `Verify the authenticity of this certificate at ${url}`,
      x: 60,
      y: 40,
      size: 7,
    });
  } else {
    items.push(
      {
        text: `Verify the authenticity of this certificate at ${url.slice(0, split)}`,
        x: 60,
        y: 40,
        size: 7,
      },
      { text: url.slice(split), x: 60, y: 30, size: 7 },
    );
  }
  return layoutPdf(items);
}

export type LinkedInLearningOptions = {
  learner?: string;
  title?: string;
  date?: string;
  id?: string;
  path?: boolean;
  /** A clickable link to the certificate page (LinkedIn's own PDFs print only the id). */
  link?: string;
};

/**
 * LinkedIn Learning's certificate of completion: "Certificate of Completion", "Congratulations,
 * <name>", the course, "Course completed on <date> at <time> UTC", the encouragement line, the head
 * of content's signature, LinkedIn's address and "Certificate Id: <id>".
 */
export function linkedInLearningPdf(o: LinkedInLearningOptions = {}): Promise<Uint8Array> {
  const items: Placed[] = [
    { text: 'Certificate of Completion', x: 60, y: 540, size: 14 },
    { text: `Congratulations, ${o.learner ?? 'Alan Turing'}`, x: 60, y: 480, size: 28, bold: true },
    { text: o.title ?? 'Learning Python', x: 60, y: 430, size: 22, bold: true },
    {
      text: `${o.path ? 'Learning Path' : 'Course'} completed on ${o.date ?? 'Feb 02, 2024'} at 03:15PM UTC`,
      x: 60,
      y: 400,
      size: 11,
    },
    {
      text: 'By continuing to learn, you have expanded your perspective, sharpened your skills, and made yourself even more in demand.',
      x: 60,
      y: 360,
      size: 9,
    },
    { text: 'Head of Content Strategy, Learning', x: 60, y: 120, size: 8 },
    { text: 'LinkedIn Learning', x: 560, y: 130, size: 8 },
    { text: '1000 W Maude Ave', x: 560, y: 120, size: 8 },
    { text: 'Sunnyvale, CA 94085', x: 560, y: 110, size: 8 },
    { text: `Certificate Id: ${o.id ?? 'AbCdEfGh12345678'}`, x: 560, y: 90, size: 8 },
  ];
  return layoutPdf(items, o.link ? { links: [{ url: o.link, x: 560, y: 60 }] } : {});
}

/** Udemy's certificate: number and short URL at the top, course, instructors, learner, date, length. */
export function udemyPdf(
  o: { learner?: string; title?: string; code?: string } = {},
): Promise<Uint8Array> {
  const code = o.code ?? 'UC-1a2b3c4d-5e6f-7a8b-9c0d-ef1234567890';
  return layoutPdf([
    { text: `Certificate no: ${code}`, x: 540, y: 580, size: 8 },
    { text: `Certificate url: ude.my/${code}`, x: 540, y: 570, size: 8 },
    { text: 'Reference Number: 0004', x: 540, y: 560, size: 8 },
    { text: 'CERTIFICATE OF COMPLETION', x: 60, y: 470, size: 12 },
    { text: o.title ?? 'The Complete SQL Bootcamp', x: 60, y: 420, size: 30, bold: true },
    { text: 'Instructors Jose Portilla', x: 60, y: 390, size: 12 },
    { text: o.learner ?? 'Katherine Johnson', x: 60, y: 200, size: 28, bold: true },
    { text: 'Date Jan. 15, 2024', x: 60, y: 170, size: 11 },
    { text: 'Length 9 total hours', x: 60, y: 156, size: 11 },
  ]);
}

export type GenericOptions = {
  learner?: string;
  title?: string;
  issuer?: string;
  date?: string;
  id?: string;
  url?: string | null;
};

/** A university continuing-education portal's certificate: the wording most certificates share. */
export function genericPdf(o: GenericOptions = {}): Promise<Uint8Array> {
  const items: Placed[] = [
    { text: 'Certificate of Achievement', x: 60, y: 530, size: 26, bold: true },
    { text: 'This is to certify that', x: 60, y: 480, size: 12 },
    { text: o.learner ?? 'Rosalind Franklin', x: 60, y: 445, size: 24, bold: true },
    { text: 'has successfully completed the course', x: 60, y: 415, size: 12 },
    { text: o.title ?? 'Applied Data Visualisation', x: 60, y: 380, size: 20, bold: true },
    {
      text: `offered by ${o.issuer ?? 'Exampleton University Continuing Education'}`,
      x: 60,
      y: 350,
      size: 11,
    },
    { text: `Date of issue: ${o.date ?? '15 March 2024'}`, x: 60, y: 120, size: 10 },
    { text: `Certificate ID: ${o.id ?? 'EU-2024-000123'}`, x: 60, y: 106, size: 10 },
  ];
  if (o.url !== null) {
    items.push({
      text: `Verify at ${o.url ?? 'https://certificates.exampleton.edu/verify/EU-2024-000123'}`,
      x: 60,
      y: 92,
      size: 10,
    });
  }
  return layoutPdf(items);
}

/** A PDF with `pages` blank pages after one certificate page. */
export async function manyPagesPdf(pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.load(await genericPdf());
  for (let i = 1; i < pages; i++) doc.addPage([792, 612]);
  return doc.save();
}

/** A one-page certificate whose page tree claims `count` pages. */
export async function lyingPageCountPdf(count: number): Promise<Uint8Array> {
  const doc = await PDFDocument.load(await genericPdf());
  doc.catalog.Pages().set(PDFName.of('Count'), PDFNumber.of(count));
  return doc.save({ useObjectStreams: false });
}

/**
 * A certificate encrypted with a user password (standard security handler, RC4): readers must ask
 * for the password, which Skillfolio never has.
 */
export async function passwordProtectedPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.load(await genericPdf());
  const hex = (byte: string) => PDFHexString.of(byte.repeat(32));
  const encrypt = doc.context.register(
    doc.context.obj({
      Filter: 'Standard',
      V: 1,
      R: 2,
      Length: 40,
      P: -44,
      O: hex('5a'),
      U: hex('a5'),
    }),
  );
  doc.context.trailerInfo.Encrypt = encrypt;
  doc.context.trailerInfo.ID = doc.context.obj([hex('01'), hex('01')]);
  return doc.save({ useObjectStreams: false });
}

/** A file marker the CVE-2024-4367 payload below would create if any code from the PDF ever ran. */
function fontMatrixPayload(markerPath: string): string {
  const js = `process.getBuiltinModule('fs').writeFileSync(${JSON.stringify(markerPath)}, 'pwned')`;
  // Inside a PDF string, parentheses and backslashes are escaped.
  return `0); ${js}; //`.replace(/[()\\]/g, (c) => `\\${c}`);
}

/**
 * The CVE-2024-4367 shape: a Type1 font whose FontMatrix carries a string that, pasted into code
 * pdf.js compiled with `new Function`, runs (here: writes `markerPath`). The FontMatrix appears in
 * the font dictionary and in the embedded font program, with certificate text drawn in that font
 * and in Helvetica.
 */
export async function fontMatrixExploitPdf(markerPath: string): Promise<Uint8Array> {
  const doc = await PDFDocument.load(await genericPdf({ title: 'Exploit Resistance' }));
  const payload = fontMatrixPayload(markerPath);
  const program = [
    '%!PS-AdobeFont-1.0: Evil 001.001',
    '12 dict begin',
    '/FontName /Evil def',
    '/FontType 1 def',
    `/FontMatrix [0.001 0 0 0.001 0 (${payload})] readonly def`,
    '/FontBBox {0 0 1000 1000} readonly def',
    '/Encoding StandardEncoding def',
    'currentdict end',
    'currentfile eexec',
    '',
  ].join('\n');
  const fontFile = doc.context.register(
    doc.context.stream(program, { Length1: program.length, Length2: 0, Length3: 0 }),
  );
  const descriptor = doc.context.register(
    doc.context.obj({
      Type: 'FontDescriptor',
      FontName: 'Evil',
      Flags: 32,
      FontBBox: [0, 0, 1000, 1000],
      ItalicAngle: 0,
      Ascent: 800,
      Descent: -200,
      CapHeight: 700,
      StemV: 80,
      FontFile: fontFile,
    }),
  );
  const matrix = doc.context.obj([0.001, 0, 0, 0.001, 0]);
  matrix.push(PDFString.of(payload));
  const font = doc.context.register(
    doc.context.obj({
      Type: 'Font',
      Subtype: 'Type1',
      BaseFont: 'Evil',
      FirstChar: 32,
      LastChar: 126,
      Widths: Array.from({ length: 95 }, () => 500),
      FontDescriptor: descriptor,
      FontMatrix: matrix,
    }),
  );
  const page = doc.getPage(0);
  const name = page.node.newFontDictionary('Evil', font);
  page.pushOperators(
    beginText(),
    setFontAndSize(name, 14),
    moveText(60, 250),
    showText(
      PDFHexString.of(Buffer.from('Rendered with a hostile font', 'latin1').toString('hex')),
    ),
    endText(),
  );
  return doc.save({ useObjectStreams: false });
}

/** zlib data that inflates to `total` zero bytes, made without holding them all in memory. */
export async function deflatedZeros(total: number): Promise<Buffer> {
  const z = createDeflate({ level: 9 });
  const out: Buffer[] = [];
  z.on('data', (c: Buffer) => out.push(c));
  const chunk = Buffer.alloc(1024 * 1024);
  for (let done = 0; done < total; done += chunk.length) {
    if (!z.write(chunk.subarray(0, Math.min(chunk.length, total - done)))) await once(z, 'drain');
  }
  z.end();
  await once(z, 'end');
  return Buffer.concat(out);
}

/** A certificate whose page content is a FlateDecode stream of `inflated` bytes of whitespace (a decompression bomb when large). */
export async function contentBombPdf(inflated: number, layers = 1): Promise<Uint8Array> {
  const doc = await PDFDocument.load(await genericPdf());
  let data: Buffer = await deflatedZeros(inflated);
  const filters = ['FlateDecode'];
  for (let i = 1; i < layers; i++) {
    const z = createDeflate();
    const out: Buffer[] = [];
    z.on('data', (c: Buffer) => out.push(c));
    z.end(data);
    await once(z, 'end');
    data = Buffer.concat(out);
    filters.push('FlateDecode');
  }
  const stream = doc.context.register(
    doc.context.stream(data, { Filter: filters.length === 1 ? 'FlateDecode' : filters }),
  );
  doc.getPage(0).node.addContentStream(stream);
  return doc.save({ useObjectStreams: false });
}
