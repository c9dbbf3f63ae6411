// Completion-certificate PDFs (Coursera, edX, LinkedIn Learning, Udemy, others): text read by pdf.js in a capped, network-less thread, then the fields recognised.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { constants as zlibConstants, createInflate } from 'node:zlib';
import { emptyCredential, type ParsedCredential } from '../core/credential';
import { AppError } from '../shared/errors';
import { isRecord } from './json';
import { clip, TEXT_LIMITS } from './text';

export const PDF_LIMITS = {
  /** Largest PDF read: real certificates are well under 5 MB. */
  maxBytes: 20 * 1024 * 1024,
  /** More pages than this is not a certificate: refused without reading any page. */
  maxPages: 500,
  /** Pages whose text is read; every platform prints its certificate on the first. */
  pagesRead: 3,
  /** Reading the text, once pdf.js is loaded. The thread is stopped when it runs out. */
  timeoutMs: 15_000,
  /** Loading pdf.js into the thread (a cold disk can be slow; this is not a cap on the document). */
  startupMs: 30_000,
  /** Characters of text kept from the pages read. */
  maxChars: 100_000,
  /** Text pieces kept per page. */
  maxItems: 20_000,
  /** The reader thread's JavaScript heap. */
  maxHeapMb: 256,
  /** Bytes all compressed streams may inflate to, together (measured before pdf.js sees the file). */
  maxInflated: 200 * 1024 * 1024,
  /** Streams measured; a certificate has a few dozen. */
  maxStreams: 5_000,
};
export type PdfLimits = typeof PDF_LIMITS;

/**
 * What pdf.js is told: never compile code from the document (CVE-2024-4367, the FontMatrix
 * injection, and the PostScript-function compiler), no fonts handed to a renderer, no system fonts,
 * nothing fetched, no images decoded. The bytes are passed as `data`, never as a `url`.
 */
export const PDFJS_OPTIONS = {
  isEvalSupported: false,
  disableFontFace: true,
  useSystemFonts: false,
  useWorkerFetch: false,
  disableAutoFetch: true,
  disableStream: true,
  disableRange: true,
  enableXfa: false,
  isOffscreenCanvasSupported: false,
  isImageDecoderSupported: false,
  maxImageSize: 0,
  stopAtErrors: false,
  verbosity: 0,
} as const;

/** One line of text as printed: pieces on the same baseline joined left to right. */
export type PdfLine = { text: string; size: number; page: number };

export type PdfText = {
  pageCount: number;
  lines: PdfLine[];
  /** Web addresses of the link annotations on the pages read. */
  links: string[];
  /** The document information dictionary's Title, Author and Creator (the application that made it). */
  info: { title: string | null; author: string | null; creator: string | null };
};

// ---------------------------------------------------------------------------------------------
// The reader thread

/**
 * Runs in a worker thread (plain JavaScript, so it needs no build step): loads pdf.js with its
 * worker in-process, then for each job reads the text of the first pages and posts plain data
 * back. Its console output is captured by the parent, so pdf.js warnings never reach a CLI's stdout.
 */
const READER_SOURCE = String.raw`
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
// Nothing in a PDF may reach the network: pdf.js would only fetch for a url, which is never given.
globalThis.fetch = undefined;
globalThis.XMLHttpRequest = undefined;
const str = (v, max) => (typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, max) : null);
async function read(pdfjs, job) {
  const task = pdfjs.getDocument({ ...job.options, data: job.bytes });
  try {
    let doc;
    try {
      doc = await task.promise;
    } catch (err) {
      return { type: 'error', name: String(err && err.name), message: String(err && err.message) };
    }
    const pageCount = doc.numPages;
    if (!(pageCount <= job.maxPages)) return { type: 'pages', pageCount };
    const pages = [];
    const links = [];
    let chars = 0;
    for (let n = 1; n <= Math.min(pageCount, job.pagesRead); n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const items = [];
      for (const it of content.items) {
        if (typeof it.str !== 'string' || it.str.trim() === '') continue;
        if (items.length >= job.maxItems || chars >= job.maxChars) break;
        const t = it.transform;
        const text = it.str.slice(0, job.maxChars - chars);
        chars += text.length;
        items.push([text, t[4], t[5], Math.hypot(t[2], t[3]) || it.height || 0, it.width || 0]);
      }
      pages.push(items);
      const annotations = await page.getAnnotations({ intent: 'display' });
      for (const a of annotations) {
        if (a && a.subtype === 'Link' && typeof a.url === 'string' && links.length < 50) links.push(a.url.slice(0, 2048));
      }
      page.cleanup();
    }
    let info = { title: null, author: null, creator: null };
    try {
      const i = (await doc.getMetadata()).info || {};
      info = { title: str(i.Title, 1000), author: str(i.Author, 1000), creator: str(i.Creator, 200) };
    } catch {}
    return { type: 'text', pageCount, pages, links, info };
  } finally {
    await task.destroy();
  }
}
(async () => {
  const pdfjs = await import(workerData.pdfjsUrl);
  globalThis.pdfjsWorker = await import(workerData.workerUrl);
  parentPort.on('message', (job) => {
    read(pdfjs, job).then(
      (m) => parentPort.postMessage({ ...m, id: job.id }),
      (err) => parentPort.postMessage({ id: job.id, type: 'error', name: String(err && err.name), message: String(err && err.message) }),
    );
  });
  parentPort.postMessage({ type: 'ready' });
})().catch((err) => parentPort.postMessage({ type: 'fatal', message: String(err && err.message) }));
`;

type ReaderItem = [text: string, x: number, y: number, size: number, width: number];
type ReaderAnswer =
  | { type: 'error'; name: string; message: string }
  | { type: 'pages'; pageCount: number }
  | {
      type: 'text';
      pageCount: number;
      pages: ReaderItem[][];
      links: string[];
      info: PdfText['info'];
    };
type ReaderMessage =
  { type: 'ready' } | { type: 'fatal'; message: string } | (ReaderAnswer & { id: number });
type TextAnswer = ReaderAnswer & { type: 'text' };

let located: { pdfjsUrl: string; workerUrl: string } | null = null;

/** pdf.js's files on disk, found the way Node finds packages from here (source tree or built bundle). */
function pdfjsFiles(): { pdfjsUrl: string; workerUrl: string } {
  if (located) return located;
  const req = createRequire(path.join(__dirname, 'pdf-certificate.js'));
  try {
    located = {
      pdfjsUrl: pathToFileURL(req.resolve('pdfjs-dist/legacy/build/pdf.mjs')).href,
      workerUrl: pathToFileURL(req.resolve('pdfjs-dist/legacy/build/pdf.worker.mjs')).href,
    };
  } catch {
    throw new AppError(
      'internal',
      'The PDF reader (pdfjs-dist) is missing from this installation of Skillfolio; reinstall it to read PDF certificates.',
    );
  }
  return located;
}

function pdfjsError(name: string, message: string): AppError {
  if (name === 'PasswordException') {
    return new AppError(
      'unsupported-format',
      'This PDF is protected by a password, so Skillfolio cannot read it. Open it, save an unprotected copy (or download the certificate again from the platform), and import that.',
    );
  }
  if (name === 'InvalidPDFException') {
    return new AppError(
      'malformed',
      'This file starts like a PDF but is not a readable PDF document: it may be damaged or only partly downloaded.',
    );
  }
  return new AppError(
    'malformed',
    `This PDF could not be read: ${clip(message, 200)}. It may be damaged; download it again and import the new copy.`,
  );
}

function tooSlow(ms: number, what: string): AppError {
  return new AppError(
    'too-large',
    `${what} took longer than ${Math.round(ms / 100) / 10} s, so Skillfolio stopped. A certificate is a small document; this one is unusually complex or damaged.`,
  );
}

/** A reader thread stays this long after its last job, so a folder of PDFs starts pdf.js once. */
const READER_IDLE_MS = 10_000;

type Reader = {
  worker: Worker;
  ready: Promise<void>;
  /** The job in progress: settled by its answer, the thread's death or its timer. */
  pending: { id: number; settle: (err: AppError | null, answer?: ReaderAnswer) => void } | null;
  idle: ReturnType<typeof setTimeout> | null;
};

let reader: Reader | null = null;
let jobs: Promise<unknown> = Promise.resolve();
let jobSeq = 0;

function stopReader(r: Reader): void {
  if (reader === r) reader = null;
  if (r.idle) clearTimeout(r.idle);
  void r.worker.terminate();
}

/** Starts the thread (once) and waits until pdf.js is loaded in it. */
function startReader(limits: PdfLimits): Reader {
  if (reader) {
    if (reader.idle) clearTimeout(reader.idle);
    reader.idle = null;
    return reader;
  }
  const { pdfjsUrl, workerUrl } = pdfjsFiles();
  const worker = new Worker(READER_SOURCE, {
    eval: true,
    workerData: { pdfjsUrl, workerUrl },
    stdout: true,
    stderr: true,
    resourceLimits: { maxOldGenerationSizeMb: limits.maxHeapMb, maxYoungGenerationSizeMb: 32 },
  });
  // An idle reader never keeps Skillfolio (or a CLI run) alive; a job's timer does while it runs.
  worker.unref();
  // pdf.js talks on the console; what it says is not for the user (and must not reach --json stdout).
  worker.stdout.resume();
  worker.stderr.resume();
  let onReady: (err: AppError | null) => void = () => undefined;
  const r: Reader = {
    worker,
    ready: new Promise<void>((resolve, reject) => {
      onReady = (err) => (err ? reject(err) : resolve());
    }),
    pending: null,
    idle: null,
  };
  const fail = (err: AppError) => {
    stopReader(r);
    onReady(err);
    r.pending?.settle(err);
  };
  worker.on('message', (m: ReaderMessage) => {
    if (m.type === 'ready') onReady(null);
    else if (m.type === 'fatal') {
      fail(new AppError('internal', `The PDF reader could not start: ${clip(m.message, 200)}.`));
    } else if (r.pending?.id === m.id) r.pending.settle(null, m);
  });
  worker.on('error', (err: Error & { code?: string }) =>
    fail(
      err.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? new AppError(
            'too-large',
            'Reading this PDF needed more memory than Skillfolio allows for a certificate, so it was stopped.',
          )
        : new AppError('malformed', `This PDF could not be read: ${clip(err.message, 200)}.`),
    ),
  );
  worker.on('exit', () =>
    fail(new AppError('malformed', 'The PDF reader stopped before reading this file.')),
  );
  r.ready.catch(() => undefined);
  reader = r;
  return r;
}

function withTimer<T>(p: Promise<T>, ms: number, onTimeout: () => AppError): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

/** One document through the reader thread, under the time cap; a thread that overruns is killed. */
async function readOnce(bytes: Uint8Array, limits: PdfLimits): Promise<TextAnswer> {
  const r = startReader(limits);
  await withTimer(r.ready, limits.startupMs, () => {
    stopReader(r);
    return tooSlow(limits.startupMs, 'Starting the PDF reader');
  });
  const id = ++jobSeq;
  const copy = bytes.slice();
  const answer = await withTimer(
    new Promise<ReaderAnswer>((resolve, reject) => {
      r.pending = {
        id,
        settle: (err, value) => {
          r.pending = null;
          if (err) reject(err);
          else if (value) resolve(value);
        },
      };
      r.worker.postMessage(
        {
          id,
          bytes: copy,
          options: PDFJS_OPTIONS,
          maxPages: limits.maxPages,
          pagesRead: limits.pagesRead,
          maxChars: limits.maxChars,
          maxItems: limits.maxItems,
        },
        [copy.buffer],
      );
    }),
    limits.timeoutMs,
    () => {
      r.pending = null;
      stopReader(r);
      return tooSlow(limits.timeoutMs, 'Reading this PDF');
    },
  );
  if (reader === r) {
    r.idle = setTimeout(() => stopReader(r), READER_IDLE_MS);
    r.idle.unref();
  }
  if (answer.type === 'text') return answer;
  if (answer.type === 'pages') {
    throw new AppError(
      'too-large',
      `This PDF says it has ${answer.pageCount} pages; a certificate has one or two. Skillfolio reads PDFs of at most ${limits.maxPages} pages.`,
    );
  }
  throw pdfjsError(answer.name, answer.message);
}

/** Jobs run one at a time: the reader thread holds one document at once. */
function runReader(bytes: Uint8Array, limits: PdfLimits): Promise<TextAnswer> {
  const job = jobs.then(() => readOnce(bytes, limits));
  jobs = job.catch(() => undefined);
  return job;
}

// ---------------------------------------------------------------------------------------------
// Checks on the raw bytes, before pdf.js

function lastIndexOfAscii(bytes: Uint8Array, ascii: string, from: number): number {
  outer: for (let i = bytes.length - ascii.length; i >= from; i--) {
    for (let j = 0; j < ascii.length; j++) if (bytes[i + j] !== ascii.charCodeAt(j)) continue outer;
    return i;
  }
  return -1;
}

/** A complete PDF ends with `%%EOF` (readers accept it within the last kilobyte). */
function checkComplete(bytes: Uint8Array): void {
  if (lastIndexOfAscii(bytes, '%%EOF', Math.max(0, bytes.length - 1024)) === -1) {
    throw new AppError(
      'malformed',
      'This PDF is cut off: it does not end the way a complete PDF file does, so it was probably not fully downloaded. Download the certificate again and import the new copy.',
    );
  }
}

function isZlibHeader(a: number | undefined, b: number | undefined): boolean {
  return a !== undefined && b !== undefined && (a & 0x0f) === 8 && ((a << 8) | b) % 31 === 0;
}

type Inflated = { size: number; kept: Buffer | null };

/**
 * Inflates `data` as a stream, counting bytes and keeping at most `keep` of them, and stops as soon
 * as `budget` is passed: memory stays at one chunk whatever the stream claims to hold.
 */
function measureInflate(data: Uint8Array, budget: number, keep: number): Promise<Inflated> {
  return new Promise((resolve) => {
    // Z_SYNC_FLUSH: a cut-off stream is measured as far as it goes rather than refused here.
    const z = createInflate({ finishFlush: zlibConstants.Z_SYNC_FLUSH, chunkSize: 64 * 1024 });
    let size = 0;
    let kept: Buffer[] | null = [];
    let done = false;
    const settle = () => {
      if (done) return;
      done = true;
      resolve({ size, kept: kept ? Buffer.concat(kept) : null });
    };
    z.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > budget) {
        settle();
        z.destroy();
        return;
      }
      if (kept && size <= keep) kept.push(chunk);
      else kept = null;
    });
    // Not deflate after all, or damaged: pdf.js decides what to make of it.
    z.on('error', settle);
    z.on('end', settle);
    z.end(data);
  });
}

/**
 * Measures what the compressed streams inflate to, off the main thread and under one budget, so a
 * decompression bomb is refused before pdf.js (which inflates without a cap) ever sees it.
 */
async function checkStreams(bytes: Uint8Array, limits: PdfLimits): Promise<void> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let budget = limits.maxInflated;
  let streams = 0;
  const bomb = () =>
    new AppError(
      'too-large',
      `This PDF's compressed content unpacks to more than ${Math.round(limits.maxInflated / 1024 / 1024)} MB, far more than any certificate: it looks like a decompression bomb and was not read.`,
    );
  for (let at = buf.indexOf('stream', 0, 'latin1'); at !== -1;) {
    let start = at + 'stream'.length;
    if (buf[start] === 0x0d) start++;
    if (buf[start] !== 0x0a && buf[start - 1] !== 0x0d) {
      at = buf.indexOf('stream', start, 'latin1');
      continue;
    }
    start++;
    if (buf[start - 1] !== 0x0a) start--;
    const end = buf.indexOf('endstream', start, 'latin1');
    const stop = end === -1 ? buf.length : end;
    if (++streams > limits.maxStreams) {
      throw new AppError(
        'too-large',
        `This PDF holds more than ${limits.maxStreams} content streams; a certificate has a few dozen. It was not read.`,
      );
    }
    // Filters can be chained: measure again while the result is itself zlib data.
    let data: Buffer | null = buf.subarray(start, stop);
    for (let layer = 0; layer < 4 && data && isZlibHeader(data[0], data[1]); layer++) {
      const out = await measureInflate(data, budget, limits.maxBytes);
      budget -= out.size;
      if (budget < 0) throw bomb();
      data = out.kept;
    }
    at = end === -1 ? -1 : buf.indexOf('stream', end + 'endstream'.length, 'latin1');
  }
}

// ---------------------------------------------------------------------------------------------
// Text layout

/** Joins pieces on one baseline into lines, top to bottom; pieces far apart on a line stay separate. */
export function linesFromItems(items: readonly ReaderItem[], page: number): PdfLine[] {
  const sorted = items
    .filter((it) => Number.isFinite(it[1]) && Number.isFinite(it[2]))
    .sort((a, b) => b[2] - a[2] || a[1] - b[1]);
  const rows: ReaderItem[][] = [];
  for (const it of sorted) {
    const row = rows[rows.length - 1];
    const first = row?.[0];
    const tolerance = Math.max(2, 0.4 * Math.max(it[3], first?.[3] ?? 0));
    if (row && first && Math.abs(first[2] - it[2]) <= tolerance) row.push(it);
    else rows.push([it]);
  }
  const lines: PdfLine[] = [];
  for (const row of rows) {
    row.sort((a, b) => a[1] - b[1]);
    let text = '';
    let size = 0;
    let right = -Infinity;
    const flush = () => {
      const t = text.replace(/\s+/g, ' ').trim();
      if (t !== '') lines.push({ text: t, size: Math.round(size * 10) / 10, page });
      text = '';
      size = 0;
    };
    for (const [str, x, , sz, width] of row) {
      const gap = x - right;
      if (text !== '' && gap > Math.max(24, 4 * sz)) flush();
      else if (text !== '' && gap > 0.15 * sz) text += ' ';
      text += str;
      size = Math.max(size, sz);
      right = x + width;
    }
    flush();
  }
  return lines;
}

/**
 * The text of the first pages of a PDF, read by pdf.js in a separate thread: no code compiled from
 * the document, nothing fetched, and caps on bytes, inflated streams, pages, characters, memory and
 * time. Throws AppError: `too-large`, `malformed` (damaged or cut off), `unsupported-format`
 * (password-protected).
 */
export async function extractPdfText(
  bytes: Uint8Array,
  limits: Partial<PdfLimits> = {},
): Promise<PdfText> {
  const caps: PdfLimits = { ...PDF_LIMITS, ...limits };
  if (bytes.byteLength > caps.maxBytes) {
    throw new AppError(
      'too-large',
      `This PDF is ${Math.round(bytes.byteLength / 1024 / 1024)} MB; Skillfolio reads certificates of at most ${Math.round(caps.maxBytes / 1024 / 1024)} MB.`,
    );
  }
  checkComplete(bytes);
  await checkStreams(bytes, caps);
  const result = await runReader(bytes, caps);
  const lines = result.pages.flatMap((items, i) => linesFromItems(items, i + 1));
  return { pageCount: result.pageCount, lines, links: result.links, info: result.info };
}

// ---------------------------------------------------------------------------------------------
// Dates

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};
const MONTH_WORD =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const DATE_PATTERNS: readonly {
  re: RegExp;
  ymd: (m: RegExpExecArray) => [number, number, number] | null;
}[] = [
  {
    // 2024-01-15
    re: /\b(\d{4})-(\d{2})-(\d{2})\b/,
    ymd: (m) => [Number(m[1]), Number(m[2]), Number(m[3])],
  },
  {
    // Jan 15, 2024 · January 15th 2024 · Jan. 15, 2024
    re: new RegExp(`\\b${MONTH_WORD}\\.? (\\d{1,2})(?:st|nd|rd|th)?,? (\\d{4})\\b`, 'i'),
    ymd: (m) => [Number(m[3]), MONTHS[(m[1] ?? '').slice(0, 3).toLowerCase()] ?? 0, Number(m[2])],
  },
  {
    // 15 January 2024 · 15th of Jan, 2024
    re: new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?(?: of)? ${MONTH_WORD}\\.?,? (\\d{4})\\b`, 'i'),
    ymd: (m) => [Number(m[3]), MONTHS[(m[2] ?? '').slice(0, 3).toLowerCase()] ?? 0, Number(m[1])],
  },
  {
    // 15.01.2024 (day first wherever dots are used)
    re: /\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b/,
    ymd: (m) => [Number(m[3]), Number(m[2]), Number(m[1])],
  },
  {
    // 01/15/2024 or 15/01/2024: only when one of the two numbers can only be a day
    re: /\b(\d{1,2})\/(\d{1,2})\/(\d{4})\b/,
    ymd: (m) => {
      const a = Number(m[1]);
      const b = Number(m[2]);
      if (a > 12 && b <= 12) return [Number(m[3]), b, a];
      if (b > 12 && a <= 12) return [Number(m[3]), a, b];
      return null;
    },
  },
];

/** The first date in `text` as ISO `YYYY-MM-DD`, or null (ambiguous numeric dates are not guessed). */
export function findDate(text: string): string | null {
  let best: { at: number; iso: string } | null = null;
  for (const { re, ymd } of DATE_PATTERNS) {
    const m = re.exec(text);
    if (!m) continue;
    const parts = ymd(m);
    if (!parts) continue;
    const [y, mo, d] = parts;
    const date = new Date(Date.UTC(y, mo - 1, d));
    if (
      y < 1900 ||
      y > 2999 ||
      date.getUTCMonth() !== mo - 1 ||
      date.getUTCDate() !== d ||
      (best && best.at <= m.index)
    ) {
      continue;
    }
    best = { at: m.index, iso: date.toISOString().slice(0, 10) };
  }
  return best?.iso ?? null;
}

// ---------------------------------------------------------------------------------------------
// Recognisers

export const CERTIFICATE_PLATFORMS = [
  'coursera',
  'edx',
  'linkedin-learning',
  'udemy',
  'generic',
] as const;
export type CertificatePlatform = (typeof CERTIFICATE_PLATFORMS)[number];

export const PLATFORM_NAMES: Record<CertificatePlatform, string> = {
  coursera: 'Coursera',
  edx: 'edX',
  'linkedin-learning': 'LinkedIn Learning',
  udemy: 'Udemy',
  generic: 'a course platform',
};

/**
 * Where each platform's verification pages live (a host or any subdomain of it). A verification
 * page elsewhere is not that platform's word.
 */
export const PLATFORM_HOSTS: Record<Exclude<CertificatePlatform, 'generic'>, readonly string[]> = {
  coursera: ['coursera.org'],
  edx: ['edx.org'],
  'linkedin-learning': ['linkedin.com', 'lynda.com'],
  udemy: ['udemy.com', 'ude.my'],
};

export type CertificateFields = {
  platform: CertificatePlatform;
  learner: string | null;
  title: string | null;
  /** Course, Specialization, Professional Certificate, Learning Path, Program … when the PDF says. */
  kind: string | null;
  issuer: string | null;
  issuedOn: string | null;
  credentialId: string | null;
  verificationUrl: string | null;
};

type Text = {
  lines: readonly PdfLine[];
  all: string;
  links: readonly string[];
  info: PdfText['info'];
};

const MAX_NAME = 200;

/** Trims decoration and trailing punctuation from a captured name or title; null when nothing is left. */
function tidy(s: string | undefined | null, max = TEXT_LIMITS.title): string | null {
  if (s === undefined || s === null) return null;
  const t = s
    .replace(/\s+/g, ' ')
    .replace(/^[\s"“”'‘’:,–—-]+|[\s"“”'‘’:,;–—-]+$/g, '')
    .replace(/\.$/, '')
    .trim();
  return t === '' ? null : clip(t, max);
}

function tidyName(s: string | undefined | null): string | null {
  const t = tidy(s, MAX_NAME);
  // A name has letters and is not a sentence of the certificate's own wording.
  if (t === null || !/\p{L}/u.test(t) || /\b(certif|complet|course|congratulations)/i.test(t))
    return null;
  return t.split(' ').length <= 8 ? t : null;
}

function indexOfLine(lines: readonly PdfLine[], re: RegExp, from = 0): number {
  for (let i = from; i < lines.length; i++) if (re.test(lines[i]?.text ?? '')) return i;
  return -1;
}

/** What follows `re` on its line, or else the next line. */
function afterMarker(lines: readonly PdfLine[], re: RegExp): { text: string; line: number } | null {
  const i = indexOfLine(lines, re);
  if (i === -1) return null;
  const line = lines[i]?.text ?? '';
  const rest = line.slice((re.exec(line)?.index ?? 0) + (re.exec(line)?.[0].length ?? 0)).trim();
  if (rest !== '') return { text: rest, line: i };
  const next = lines[i + 1];
  return next ? { text: next.text, line: i + 1 } : null;
}

/**
 * A title printed over one or more lines from `start`: following lines count while they share the
 * first line's type size and none of them starts the certificate's next sentence.
 */
function titleFrom(
  lines: readonly PdfLine[],
  start: number,
  stop: RegExp,
  maxLines = 3,
): string | null {
  const first = lines[start];
  if (!first || stop.test(first.text)) return null;
  const parts = [first.text];
  for (let i = start + 1; i < lines.length && parts.length < maxLines; i++) {
    const l = lines[i];
    if (!l || stop.test(l.text) || Math.abs(l.size - first.size) > 0.1 * first.size) break;
    if (l.page !== first.page) break;
    parts.push(l.text);
  }
  return tidy(parts.join(' '));
}

const URL_IN_TEXT =
  /\b(?:https?:\/\/)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}(?::\d{1,5})?\/[^\s<>"'()[\]{}]*/gi;

/** Web addresses printed in the text (a scheme is added when the certificate leaves it out). */
function urlsIn(text: Text): string[] {
  // A long address is sometimes broken over two lines after a slash.
  const joined = text.lines
    .map((l) => l.text)
    .join('\n')
    .replace(/(\/)\n([A-Za-z0-9_-]{4,}(?:\/[A-Za-z0-9_-]*)*)(?=\n|$)/g, '$1$2');
  const found: string[] = [];
  for (const m of joined.matchAll(URL_IN_TEXT)) {
    const raw = m[0].replace(/[.,;:]+$/, '');
    const url = /^https?:\/\//i.test(raw) ? raw : `https://${raw}`;
    try {
      found.push(new URL(url).href);
    } catch {
      // not an address after all
    }
  }
  for (const link of text.links) {
    try {
      const u = new URL(link);
      if (u.protocol === 'https:' || u.protocol === 'http:') found.push(u.href);
    } catch {
      // pdf.js already dropped anything that is not a URL
    }
  }
  return found;
}

export function hostMatches(host: string, domains: readonly string[]): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return domains.some((d) => h === d || h.endsWith(`.${d}`));
}

function urlOn(text: Text, domains: readonly string[], path: RegExp): string | null {
  for (const url of urlsIn(text)) {
    const u = new URL(url);
    if (hostMatches(u.hostname, domains) && path.test(u.pathname)) return url;
  }
  return null;
}

function lastPathSegment(url: string | null): string | null {
  if (url === null) return null;
  const seg = new URL(url).pathname
    .split('/')
    .filter((s) => s !== '')
    .pop();
  return seg !== undefined && /^[A-Za-z0-9_-]{4,}$/.test(seg) ? seg : null;
}

function dateNear(text: Text, marker: RegExp): string | null {
  const i = indexOfLine(text.lines, marker);
  if (i === -1) return null;
  const here = text.lines[i]?.text ?? '';
  const m = marker.exec(here);
  const after = m ? here.slice(m.index) : here;
  return findDate(after) ?? findDate(text.lines[i + 1]?.text ?? '');
}

function coursera(text: Text): CertificateFields | null {
  if (!/coursera/i.test(text.all)) return null;
  const completed = /has successfully completed/i;
  if (
    !completed.test(text.all) &&
    !/coursera\.org\/(?:account\/accomplishments\/)?verify/i.test(text.all)
  )
    return null;
  const lines = text.lines;
  const i = indexOfLine(lines, completed);
  let learner: string | null = null;
  let title: string | null = null;
  let kind: string | null = 'Course';
  if (i !== -1) {
    const line = lines[i]?.text ?? '';
    const at = line.search(completed);
    learner = tidyName(at > 0 ? line.slice(0, at) : lines[i - 1]?.text);
    const rest = line.slice(at).replace(completed, '').trim();
    const k =
      /^(?:the )?online,? non-credit (specialization|professional certificate|course|project)\b/i.exec(
        rest,
      );
    if (k?.[1]) kind = k[1].replace(/\b\w/g, (c) => c.toUpperCase());
    const inline = tidy(k ? rest.slice(k[0].length) : rest);
    const stop =
      /^(an? online|a course|those who|this (?:specialization|professional|certificate|course)|the online|offered|authorized|verify|coursera has)/i;
    title = inline ?? titleFrom(lines, i + 1, stop);
  }
  const flat = text.all.replace(/\s*\n\s*/g, ' ');
  const by =
    /authorized by (.+?),? and offered through coursera/i.exec(flat) ??
    /(?:authorized|offered|developed) by (.+?)(?:\.(?:\s|$)|,|$)/i.exec(flat);
  const url = urlOn(text, PLATFORM_HOSTS.coursera, /\/verify\//i);
  return {
    platform: 'coursera',
    learner,
    title,
    kind,
    issuer: tidy(by?.[1], TEXT_LIMITS.field) ?? 'Coursera',
    issuedOn: findDate(text.all),
    credentialId: lastPathSegment(url),
    verificationUrl: url,
  };
}

function edx(text: Text): CertificateFields | null {
  if (!/\bedx\b/i.test(text.all)) return null;
  const passing = /(?:successfully completed and )?received (?:a )?passing grades? (?:in|for)\b/i;
  const url = urlOn(text, PLATFORM_HOSTS.edx, /\/(?:certificates|cert|credentials)\//i);
  if (!passing.test(text.all) && url === null) return null;
  const lines = text.lines;
  const certify = afterMarker(lines, /this is to certify that/i);
  let learner = tidyName(certify?.text);
  if (learner === null) {
    const i = indexOfLine(lines, /successfully completed/i);
    learner = tidyName(lines[i - 1]?.text);
  }
  // One sentence, however the lines fall: "… passing grade in <title>, a course of study offered by …"
  const flat = text.all.replace(/\s*\n\s*/g, ' ');
  let kind: string | null = 'Course';
  let title: string | null = null;
  const course = /received a passing grade in (.+?),? a course of study offered by/i.exec(flat);
  const program =
    /(?:received passing grades for|completed all courses (?:and received passing grades )?(?:for|in)) (?:an? |the )?(.+?) in (.+?),? (?:a program|an? online program|offered by)/i.exec(
      flat,
    );
  if (course?.[1]) title = tidy(course[1]);
  else if (program?.[2]) {
    kind = tidy(program[1], 100);
    title = tidy(program[2]);
  } else {
    const i = indexOfLine(lines, passing);
    if (i !== -1) title = titleFrom(lines, i + 1, /^(a course|a program|an online|offered by)/i);
  }
  const offered =
    /offered by ([^,]+?),? (?:an online learning initiative of (.+?) through edx|in collaboration with)/i.exec(
      flat,
    );
  const issuer =
    tidy(offered?.[2], TEXT_LIMITS.field) ?? tidy(offered?.[1], TEXT_LIMITS.field) ?? 'edX';
  const id =
    lastPathSegment(url) ??
    /valid certificate id:?\s*([A-Za-z0-9-]*\d[A-Za-z0-9-]*)/i.exec(flat)?.[1] ??
    null;
  return {
    platform: 'edx',
    learner,
    title,
    kind,
    issuer,
    issuedOn: dateNear(text, /\bissued\b/i) ?? findDate(text.all),
    credentialId: id,
    verificationUrl: url,
  };
}

function linkedInLearning(text: Text): CertificateFields | null {
  if (!/linkedin learning|lynda\.com/i.test(text.all)) return null;
  const done = /(course|learning path|path|video) completed on/i;
  if (!/certificate of completion/i.test(text.all) && !done.test(text.all)) return null;
  const lines = text.lines;
  const congrats = afterMarker(lines, /congratulations,?/i);
  const learner = tidyName(congrats?.text);
  let title: string | null = null;
  // The name follows "Congratulations," on its line or the next; the title comes after it.
  if (congrats) title = titleFrom(lines, congrats.line + 1, done);
  const kindMatch = done.exec(text.all);
  const kind = kindMatch?.[1] ? (/path/i.test(kindMatch[1]) ? 'Learning Path' : 'Course') : null;
  return {
    platform: 'linkedin-learning',
    learner,
    title,
    kind,
    issuer: 'LinkedIn Learning',
    issuedOn: dateNear(text, done) ?? findDate(text.all),
    credentialId: tidy(/certificate id:?\s*([A-Za-z0-9_-]{6,})/i.exec(text.all)?.[1], 200),
    verificationUrl: urlOn(
      text,
      PLATFORM_HOSTS['linkedin-learning'],
      /\/(?:learning\/)?certificates?\//i,
    ),
  };
}

function udemy(text: Text): CertificateFields | null {
  if (!/udemy|ude\.my/i.test(text.all) || !/certificate/i.test(text.all)) return null;
  const lines = text.lines;
  const head = indexOfLine(lines, /^certificate of completion$/i);
  const instructors = indexOfLine(lines, /^instructors?\b/i);
  const stop = /^(instructors?|date|length|certificate (?:no|url)|reference number)\b/i;
  const title = head !== -1 ? titleFrom(lines, head + 1, stop) : null;
  const learner = instructors !== -1 ? tidyName(lines[instructors + 1]?.text) : null;
  const url = urlOn(text, PLATFORM_HOSTS.udemy, /\/(?:certificate\/)?UC-/i);
  const id = /certificate no:?\s*(UC-[A-Za-z0-9-]+)/i.exec(text.all)?.[1] ?? lastPathSegment(url);
  return {
    platform: 'udemy',
    learner,
    title,
    kind: 'Course',
    issuer: 'Udemy',
    issuedOn: dateNear(text, /^date\b/i) ?? findDate(text.all),
    credentialId: id,
    verificationUrl: url,
  };
}

const CERTIFICATE_CUE = /certif|diploma|completion|accomplishment|achievement|awarded|attestation/i;

/** Any other certificate: the wording most certificates share. */
function generic(text: Text): CertificateFields | null {
  if (!CERTIFICATE_CUE.test(text.all)) return null;
  const lines = text.lines;
  const to =
    /(?:this is to certify that|this certifies that|certifies that|(?:is|are) (?:hereby )?(?:awarded|presented|granted) to|(?:awarded|presented|granted) to|this certificate is (?:awarded|presented|given) to)\s*:?/i;
  let learner = tidyName(afterMarker(lines, to)?.text);
  const completed =
    /(?:has|have) (?:successfully )?(?:completed|passed|finished|attended)(?: the)?(?: online)?(?: course| programme| program| training| module| workshop)?:?|for (?:successfully )?completing(?: the)?(?: course)?:?|for (?:the )?(?:successful )?completion of(?: the)?(?: course)?:?|in recognition of (?:successfully )?completing(?: the)?:?/i;
  const i = indexOfLine(lines, completed);
  let title: string | null = null;
  if (i !== -1) {
    const line = lines[i]?.text ?? '';
    const m = completed.exec(line);
    if (learner === null && m && m.index > 0) learner = tidyName(line.slice(0, m.index));
    if (learner === null) learner = tidyName(lines[i - 1]?.text);
    const rest = m ? tidy(line.slice(m.index + m[0].length)) : null;
    title =
      rest ??
      titleFrom(
        lines,
        i + 1,
        /^(offered|issued|awarded|presented|provided|on |date|with |at |in recognition|certificate (?:id|no))/i,
      );
  }
  const by =
    /(?:offered|issued|awarded|authorized|provided|presented|granted|organi[sz]ed) by:?\s+([^\n.,;]+)/i.exec(
      text.all,
    );
  const id =
    /\b(?:certificate|credential|cert\.?)\s*(?:id|no\.?|number|#|code)\s*[:#]?\s*([A-Za-z0-9][A-Za-z0-9._/-]{2,80})/i.exec(
      text.all,
    );
  const urls = urlsIn(text);
  const url = urls.find((u) => /verif|certif|credential|cert|badge/i.test(u)) ?? urls[0] ?? null;
  return {
    platform: 'generic',
    learner,
    title,
    kind: null,
    issuer: tidy(by?.[1], TEXT_LIMITS.field) ?? text.info.author,
    issuedOn:
      dateNear(text, /\b(?:date|issued|completed|awarded|granted)\b/i) ?? findDate(text.all),
    credentialId: tidy(id?.[1], 200),
    verificationUrl: url,
  };
}

const RECOGNISERS = [linkedInLearning, coursera, edx, udemy] as const;

/**
 * The certificate's fields, read by the recogniser of the platform whose wording it carries, with
 * the generic recogniser filling in what that one missed. Null when the text does not read like a
 * certificate at all.
 */
export function recogniseCertificate(
  text: Pick<PdfText, 'lines' | 'links' | 'info'>,
): CertificateFields | null {
  const t: Text = { ...text, all: text.lines.map((l) => l.text).join('\n') };
  const fallback = generic(t);
  for (const recognise of RECOGNISERS) {
    const found = recognise(t);
    if (!found) continue;
    return {
      ...found,
      learner: found.learner ?? fallback?.learner ?? null,
      title: found.title ?? fallback?.title ?? null,
      issuedOn: found.issuedOn ?? fallback?.issuedOn ?? null,
      credentialId: found.credentialId ?? fallback?.credentialId ?? null,
    };
  }
  return fallback;
}

// ---------------------------------------------------------------------------------------------
// The codec

/** What a PDF certificate's `document` holds: the fields read, so verification needs no second read. */
export type PdfCertificateDocument = CertificateFields & {
  type: 'PdfCertificate';
  pageCount: number;
};

export function isPdfCertificateDocument(v: unknown): v is PdfCertificateDocument {
  return (
    isRecord(v) &&
    v['type'] === 'PdfCertificate' &&
    typeof v['platform'] === 'string' &&
    (CERTIFICATE_PLATFORMS as readonly string[]).includes(v['platform'])
  );
}

function baseName(name: string): string | null {
  const base = name.split(/[\\/]/).pop() ?? '';
  return tidy(base.replace(/\.pdf$/i, '').replace(/[_]+/g, ' '));
}

function originOf(url: string | null): string | null {
  if (url === null) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * Reads a completion-certificate PDF: learner, title, issuer, date, credential id and verification
 * address. Nothing in a PDF proves itself, so the result is only as good as the verification page
 * it names (checked by src/verify/pdf-certificate.ts). The original bytes are kept as they are.
 */
export async function decodePdfCertificate(
  bytes: Uint8Array,
  opts: { name: string },
  limits: Partial<PdfLimits> = {},
): Promise<ParsedCredential> {
  const text = await extractPdfText(bytes, limits);
  if (text.info.creator === 'Skillfolio') {
    throw new AppError(
      'unsupported-format',
      'This is a résumé PDF exported by Skillfolio, not a certificate: check it with "Verify an export" (skillfolio verify-export) instead of importing it.',
    );
  }
  if (text.lines.length === 0) {
    throw new AppError(
      'unsupported-format',
      'This PDF has no text Skillfolio can read (it may be a scanned image of a certificate). Add it by hand as a self-reported entry instead.',
    );
  }
  const fields = recogniseCertificate(text);
  if (!fields) {
    throw new AppError(
      'unsupported-format',
      'This PDF does not read like a certificate: Skillfolio found no certificate wording (such as "certificate", "completed" or "awarded") in it.',
    );
  }
  const notes: string[] = [];
  let title = fields.title;
  if (title === null) {
    title = text.info.title ?? baseName(opts.name) ?? 'PDF certificate';
    notes.push(
      `The course title could not be read from this PDF, so "${clip(title, 80)}" is shown instead; edit it if it is wrong.`,
    );
  }
  if (fields.learner === null) {
    notes.push('The learner’s name could not be read from this PDF.');
  }
  if (fields.verificationUrl === null) {
    notes.push('This certificate shows no verification address, so it cannot be checked online.');
  }
  const platform = PLATFORM_NAMES[fields.platform];
  const credential = emptyCredential(title);
  credential.credentialId = fields.credentialId;
  credential.issuerName = fields.issuer;
  // Who vouches for it online: the platform's site, or the host the certificate sends readers to.
  credential.issuerId = originOf(fields.verificationUrl);
  credential.issuedOn = fields.issuedOn;
  credential.recipient = fields.learner;
  credential.achievement = { name: title, ...(fields.kind ? { type: fields.kind } : {}) };
  credential.description =
    fields.platform === 'generic'
      ? 'A completion certificate (PDF).'
      : `A ${fields.kind ? `${fields.kind.toLowerCase()} ` : ''}completion certificate from ${platform} (PDF).`;
  const document: PdfCertificateDocument = {
    type: 'PdfCertificate',
    // The title as read from the PDF (null when the file name stands in): only that can be confirmed online.
    ...fields,
    pageCount: text.pageCount,
  };
  return {
    format: 'pdf-certificate',
    mediaType: 'application/pdf',
    original: bytes,
    credential,
    document,
    children: [],
    notes,
  };
}
