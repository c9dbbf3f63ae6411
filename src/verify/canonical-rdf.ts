// RDF canonicalisation of JSON-LD (safe mode, bundled contexts only) on worker threads, so bulk verification uses every core and a hostile document cannot stall the app.
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { isMainThread, Worker } from 'node:worker_threads';
import jsonld from 'jsonld';
import { _canonizeSync as rdfCanonize } from 'rdf-canonize';
import { isRecord } from '../formats/json';
import { bundledContexts, documentLoader } from './contexts';

/** N-Quads, or why the document cannot be canonicalised (the end of "The credential …"). */
export type CanonicalRdf = { ok: true; nquads: string } | { ok: false; reason: string };

// rdf-canonize gives up on a graph whose blank nodes would need more than n^factor deep iterations:
// a poisoned credential fails quickly instead of spinning.
const MAX_WORK_FACTOR = 1;
/** Longer than any real credential needs by three orders of magnitude; then the worker is replaced. */
const TASK_TIMEOUT_MS = 30_000;
/** Workers idle this long are stopped, giving their memory back; the next document starts them again. */
const IDLE_MS = 15_000;

function clip(text: string, max = 120): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Why jsonld gave up, as the end of a sentence about the document. Works on errors and their plain copies. */
export function describeJsonLdError(err: unknown): string {
  const seen = new Set<unknown>();
  let cur: unknown = err;
  while (isRecord(cur) || cur instanceof Error) {
    if (seen.has(cur)) break;
    seen.add(cur);
    const e = cur as Record<string, unknown>;
    if (e.name === 'UnknownContextError' && typeof e.url === 'string') {
      return `uses the JSON-LD context ${clip(e.url)}, which Skillfolio does not know (it never fetches contexts)`;
    }
    const details = e.details;
    if (isRecord(details)) {
      const event = details.event;
      if (isRecord(event) && isRecord(event.details)) {
        const d = event.details;
        const what =
          typeof d.property === 'string'
            ? `the property "${clip(d.property, 60)}"`
            : typeof d.type === 'string'
              ? `the type "${clip(d.type, 60)}"`
              : typeof d.iri === 'string'
                ? `the value "${clip(d.iri, 60)}"`
                : typeof d.term === 'string'
                  ? `the term "${clip(d.term, 60)}"`
                  : null;
        const code = typeof event.code === 'string' ? event.code : 'invalid JSON-LD';
        if (what) {
          return `uses ${what}, which its JSON-LD contexts do not define (${code}), so the signature would not cover it`;
        }
        return `is not acceptable JSON-LD in safe mode (${code})`;
      }
      cur = details.cause;
      continue;
    }
    cur = e.cause;
  }
  const message =
    err instanceof Error ? err.message : isRecord(err) ? String(err.message) : String(err);
  return `could not be processed as JSON-LD (${clip(message, 160)})`;
}

/** Canonicalises on this thread. */
export async function canonicalRdfInline(doc: unknown): Promise<CanonicalRdf> {
  let dataset;
  try {
    dataset = await jsonld.toRDF(doc, { safe: true, documentLoader, produceGeneralizedRdf: false });
  } catch (err) {
    return { ok: false, reason: describeJsonLdError(err) };
  }
  try {
    // The async variant only adds yields: one credential canonicalises in well under a millisecond.
    const nquads = rdfCanonize(dataset, {
      algorithm: 'RDFC-1.0',
      format: 'application/n-quads',
      maxWorkFactor: MAX_WORK_FACTOR,
    });
    return { ok: true, nquads };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, reason: `could not be canonicalised (${clip(message, 160)})` };
  }
}

// ---------------------------------------------------------------------------------------------
// Worker pool

// Plain JavaScript so it runs the same under vitest, tsx and the bundled app: the libraries are
// required by absolute path, the contexts arrive as data. Errors go back as plain copies carrying
// just what describeJsonLdError reads.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const jsonld = require(workerData.jsonldPath);
const rdfCanonize = require(workerData.rdfCanonizePath);
const contexts = new Map(workerData.contexts);
function documentLoader(url) {
  const document = contexts.get(url);
  if (document === undefined) {
    const e = new Error('Unknown JSON-LD context ' + url);
    e.name = 'UnknownContextError';
    e.url = url;
    return Promise.reject(e);
  }
  return Promise.resolve({ contextUrl: null, documentUrl: url, document: structuredClone(document), tag: 'static' });
}
function plain(e, depth) {
  if (!e || typeof e !== 'object' || depth > 6) return undefined;
  const out = { name: String(e.name), message: String(e.message) };
  if (typeof e.url === 'string') out.url = e.url;
  const d = e.details;
  if (d && typeof d === 'object') {
    out.details = { cause: plain(d.cause, depth + 1) };
    const ev = d.event;
    if (ev && typeof ev === 'object') {
      const picked = {};
      for (const k of ['property', 'type', 'iri', 'term'])
        if (ev.details && typeof ev.details[k] === 'string') picked[k] = ev.details[k];
      out.details.event = { code: ev.code, details: picked };
    }
  }
  out.cause = plain(e.cause, depth + 1);
  return out;
}
parentPort.on('message', async ({ id, doc }) => {
  let dataset;
  try {
    dataset = await jsonld.toRDF(doc, { safe: true, documentLoader, produceGeneralizedRdf: false });
  } catch (e) {
    parentPort.postMessage({ id, jsonldError: plain(e, 0) });
    return;
  }
  try {
    const nquads = rdfCanonize._canonizeSync(dataset, {
      algorithm: 'RDFC-1.0', format: 'application/n-quads', maxWorkFactor: workerData.maxWorkFactor,
    });
    parentPort.postMessage({ id, nquads });
  } catch (e) {
    parentPort.postMessage({ id, canonError: String((e && e.message) || e) });
  }
});
parentPort.postMessage({ ready: true });
`;

type Reply = {
  id: number;
  nquads?: string;
  jsonldError?: unknown;
  canonError?: string;
  ready?: true;
};
type Pending = { resolve: (r: CanonicalRdf) => void; timer: ReturnType<typeof setTimeout> };
type Slot = {
  worker: Worker;
  ready: boolean;
  started: Promise<boolean>;
  pending: Map<number, Pending>;
};

/**
 * Where jsonld and rdf-canonize live on disk, for the worker to require. This module runs as ESM
 * (vitest) and as CommonJS (the CLI, Electron's main bundle, Playwright); it must not mention
 * import.meta at all (Playwright then loads it as ESM and fails), so `__dirname` and the working
 * folder are the anchors; null keeps the work on this thread.
 */
function libraryPaths(): { jsonldPath: string; rdfCanonizePath: string } | null {
  const anchors: string[] = [];
  if (typeof __dirname === 'string' && path.isAbsolute(__dirname)) {
    anchors.push(path.join(__dirname, 'canonical-rdf.ts'));
  }
  anchors.push(path.join(process.cwd(), 'package.json'));
  for (const anchor of anchors) {
    try {
      const req = createRequire(anchor);
      return { jsonldPath: req.resolve('jsonld'), rdfCanonizePath: req.resolve('rdf-canonize') };
    } catch {
      // try the next anchor
    }
  }
  return null;
}

function configuredSize(): number {
  // Inside a worker already (the engine's pool spreads whole credentials): no workers of workers.
  if (!isMainThread) return 0;
  const env = Number(process.env.SKILLFOLIO_CANON_WORKERS);
  if (Number.isInteger(env) && env >= 0) return Math.min(env, 8);
  const cores = availableParallelism();
  // One core: a worker would only add copying. Otherwise one per core, the main thread mostly waits.
  return cores < 2 ? 0 : Math.min(cores, 4);
}

let slots: Slot[] | null = null;
let broken = false;
let nextId = 1;
let started: { size: number; workerData: Record<string, unknown> } | null = null;

let idleTimer: ReturnType<typeof setTimeout> | null = null;

function stopWhenIdle(): void {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    idleTimer = null;
    if (!slots || slots.some((s) => s.pending.size > 0)) return;
    const stopping = slots;
    slots = null;
    for (const s of stopping) void s.worker.terminate();
  }, IDLE_MS);
  idleTimer.unref();
}

function settle(slot: Slot, id: number, result: CanonicalRdf): void {
  const p = slot.pending.get(id);
  if (!p) return;
  clearTimeout(p.timer);
  slot.pending.delete(id);
  if (slot.pending.size === 0) {
    slot.worker.unref();
    stopWhenIdle();
  }
  p.resolve(result);
}

function startSlot(workerData: Record<string, unknown>): Slot {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData,
    resourceLimits: { maxOldGenerationSizeMb: 512 },
  });
  let markStarted: (ok: boolean) => void = () => undefined;
  const started = new Promise<boolean>((resolve) => (markStarted = resolve));
  const slot: Slot = { worker, ready: false, started, pending: new Map() };
  worker.on('message', (msg: Reply) => {
    if (msg.ready) {
      slot.ready = true;
      markStarted(true);
      return;
    }
    if (typeof msg.nquads === 'string') settle(slot, msg.id, { ok: true, nquads: msg.nquads });
    else if (msg.canonError !== undefined)
      settle(slot, msg.id, {
        ok: false,
        reason: `could not be canonicalised (${clip(msg.canonError, 160)})`,
      });
    else settle(slot, msg.id, { ok: false, reason: describeJsonLdError(msg.jsonldError) });
  });
  const fail = (why: string) => {
    markStarted(false);
    slot.ready = false;
    if (slots) slots = slots.filter((s) => s !== slot);
    for (const id of [...slot.pending.keys()]) {
      settle(slot, id, { ok: false, reason: `could not be canonicalised (${why})` });
    }
  };
  worker.on('error', (err) => {
    if (!slot.ready && slot.pending.size === 0) broken = true; // could not even start: stay on this thread
    fail(err instanceof Error ? clip(err.message, 100) : 'the worker stopped');
  });
  worker.on('exit', () => fail('the worker stopped'));
  // After the listeners (adding one takes a reference): an idle worker never keeps the app running.
  worker.unref();
  return slot;
}

function pool(): Slot[] | null {
  if (broken) return null;
  try {
    if (!started) {
      const size = configuredSize();
      if (size === 0) {
        broken = true;
        return null;
      }
      const paths = libraryPaths();
      if (!paths) {
        broken = true;
        return null;
      }
      started = {
        size,
        workerData: { ...paths, contexts: bundledContexts(), maxWorkFactor: MAX_WORK_FACTOR },
      };
    }
    // Start the workers, and replace any that stopped (a task that ran too long is terminated).
    const workerData = started.workerData;
    slots ??= [];
    if (slots.length < started.size) {
      while (slots.length < started.size) slots.push(startSlot(workerData));
      stopWhenIdle();
    }
  } catch {
    broken = true;
    slots = null;
  }
  return slots;
}

/**
 * RDF Dataset Canonicalization (RDFC-1.0) of a JSON-LD document in safe mode over the bundled
 * contexts. Runs on a worker thread when one is ready (started on first use, one per core), on this
 * thread otherwise; the answer is the same either way.
 */
export function canonicalRdf(doc: unknown): Promise<CanonicalRdf> {
  const ready = pool()?.filter((s) => s.ready) ?? [];
  if (ready.length === 0) return canonicalRdfInline(doc);
  let slot = ready[0] as Slot;
  for (const s of ready) if (s.pending.size < slot.pending.size) slot = s;
  const id = nextId++;
  const chosen = slot;
  return new Promise<CanonicalRdf>((resolve) => {
    const timer = setTimeout(() => {
      settle(chosen, id, {
        ok: false,
        reason: `could not be canonicalised within ${TASK_TIMEOUT_MS / 1000} s`,
      });
      void chosen.worker.terminate();
    }, TASK_TIMEOUT_MS);
    timer.unref();
    chosen.pending.set(id, { resolve, timer });
    chosen.worker.ref();
    try {
      chosen.worker.postMessage({ id, doc });
    } catch {
      // Not cloneable (a function, a symbol): only code can build that, so answer on this thread.
      clearTimeout(timer);
      chosen.pending.delete(id);
      if (chosen.pending.size === 0) chosen.worker.unref();
      resolve(canonicalRdfInline(doc));
    }
  });
}

/**
 * Starts the worker threads now (instead of on first use) and resolves with how many are ready,
 * 0 when canonicalisation stays on this thread (one core, or SKILLFOLIO_CANON_WORKERS=0).
 */
export async function startCanonicalRdfWorkers(): Promise<number> {
  const all = pool() ?? [];
  for (const s of all) s.worker.ref(); // waiting for them must keep the process alive
  const ok = await Promise.all(all.map((s) => s.started));
  for (const s of all) if (s.pending.size === 0) s.worker.unref();
  return ok.filter(Boolean).length;
}
