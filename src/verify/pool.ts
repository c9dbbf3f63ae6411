// Spreads CPU-bound proof checks (JSON-LD canonicalisation, signatures) over worker threads, for credentials that need no network.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ParsedCredential } from '../core/credential';
import { isRecord, parseJsonText } from '../formats/json';
import { asList, readId } from '../formats/text';
import { credentialFromVcClaim } from '../formats/vc';
import type { ReportTree } from './engine';
import { compactTokenOf } from './original-token';
import type { PoolRequest, PoolResponse } from './pool-worker';

/** Fewer self-contained credentials than this are checked on the main thread: starting workers costs more. */
export const POOL_MIN_BATCH = 32;
/** Workers left idle this long are stopped: long enough to span the gaps between import batches. */
const IDLE_MS = 30_000;
/** Credentials handed to one worker at a time: enough to keep it busy, few enough to share work evenly. */
const PER_WORKER = 8;

const SELF_CONTAINED_DID = /^did:(key|jwk):/;

function didOf(url: string): string {
  const hash = url.indexOf('#');
  return hash < 0 ? url : url.slice(0, hash);
}

/**
 * True when verifying `parsed` needs nothing but its own bytes: a W3C VC whose issuer is a did:key
 * or did:jwk, signed only by that DID, with no status to look up (and the same for every nested
 * credential). Only these go to worker threads, which have no network and no cache.
 */
export function selfContained(parsed: ParsedCredential): boolean {
  if (parsed.format !== 'ob3' && parsed.format !== 'vc' && parsed.format !== 'clr2') return false;
  if (!isRecord(parsed.document)) return false;
  // Cheap tests on the decoded document first: most credentials fail them, and only the rest may
  // need the original read again (a token baked into an image).
  const raw = parsed.document;
  const doc = isRecord(raw['vc']) ? credentialFromVcClaim(raw) : raw;
  if (doc['credentialStatus'] !== undefined) return false;
  const issuer = readId(doc['issuer']);
  if (issuer === null || !SELF_CONTAINED_DID.test(issuer)) return false;
  const proofs = asList(doc['proof']);
  if (proofs.length > 0) {
    for (const p of proofs) {
      const vm = isRecord(p) ? p['verificationMethod'] : undefined;
      if (typeof vm !== 'string' || didOf(vm) !== issuer) return false;
    }
  } else {
    const token = compactTokenOf(parsed);
    if (token === null) return false;
    const kid = headerKid(token);
    if (kid === null || didOf(kid) !== issuer) return false;
  }
  return parsed.children.every(selfContained);
}

/** The `kid` of a compact JWS header (only the header is decoded: this runs for every credential). */
function headerKid(token: string): string | null {
  const head = token.slice(0, token.indexOf('.'));
  if (head.length === 0 || head.length > 8192) return null;
  try {
    const header = parseJsonText(
      Buffer.from(head, 'base64url').toString('utf8'),
      'The token header',
    );
    return isRecord(header) && typeof header['kid'] === 'string' ? header['kid'] : null;
  } catch {
    return null;
  }
}

/** Proofs whose checking canonicalises RDF: milliseconds each, worth a thread. JCS and JWS take microseconds. */
const RDF_SUITES = new Set(['Ed25519Signature2020', 'Ed25519Signature2018']);
const RDF_CRYPTOSUITES = new Set(['eddsa-rdfc-2022', 'eddsa-2022']);

function canonicalisesRdf(parsed: ParsedCredential): boolean {
  const doc = isRecord(parsed.document) ? parsed.document : null;
  const proofs = doc ? asList(doc['proof']) : [];
  const rdf = proofs.some((p) => {
    if (!isRecord(p)) return false;
    if (typeof p['type'] === 'string' && RDF_SUITES.has(p['type'])) return true;
    return typeof p['cryptosuite'] === 'string' && RDF_CRYPTOSUITES.has(p['cryptosuite']);
  });
  return rdf || parsed.children.some(canonicalisesRdf);
}

/**
 * True when `parsed` is worth sending to a worker thread: self-contained, and slow enough to check
 * (RDF canonicalisation) that a thread beats the cost of copying it there and back.
 */
export function worthAThread(parsed: ParsedCredential): boolean {
  return canonicalisesRdf(parsed) && selfContained(parsed);
}

/** True when a worker's report shows it wanted the network after all: the main thread checks again. */
export function wantedNetwork(tree: ReportTree): boolean {
  return (
    tree.report.checks.some((c) => c.status === 'skip' && /offline/i.test(c.message)) ||
    tree.children.some(wantedNetwork)
  );
}

type Job = {
  req: PoolRequest;
  owner: object;
  resolve: (t: ReportTree) => void;
  reject: (e: Error) => void;
};

/** A job taken back from the queue: the caller verifies it itself and settles it with `resolve`. */
export type StolenJob = Pick<Job, 'resolve' | 'reject'> & { parsed: ParsedCredential };
type Slot = { worker: Worker; jobs: Map<number, Job> };

/** How to start a worker here: the built `verify-worker.js` beside this module, or the TypeScript source through tsx. */
function workerSpec(): { script: string; eval: boolean } | null {
  const built = path.join(__dirname, 'verify-worker.js');
  if (fs.existsSync(built)) return { script: built, eval: false };
  const source = path.join(__dirname, 'pool-worker.ts');
  if (!fs.existsSync(source)) return null;
  try {
    const req = createRequire(path.join(__dirname, 'pool.ts'));
    const tsx = req.resolve('tsx/cjs/api');
    const tsconfig = path.resolve(__dirname, '../../tsconfig.json');
    const boot = [
      `process.env.TSX_TSCONFIG_PATH ??= ${JSON.stringify(tsconfig)};`,
      `require(${JSON.stringify(tsx)}).register();`,
      `require(${JSON.stringify(source)});`,
    ].join('\n');
    return { script: boot, eval: true };
  } catch {
    return null;
  }
}

/** A small pool of verification threads; jobs fail (and callers verify on the main thread) if a thread dies. */
export class VerifyPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly size: number,
    private readonly spec: { script: string; eval: boolean },
  ) {}

  /** Verifies `parsed` on a thread. `owner` marks whose job it is, for `steal`. */
  run(parsed: ParsedCredential, now: string, owner: object = this): Promise<ReportTree> {
    return new Promise((resolve, reject) => {
      this.queue.push({ req: { id: this.nextId++, parsed, now }, owner, resolve, reject });
      this.pump();
    });
  }

  /**
   * Takes back one of `owner`'s jobs that no thread has started, so an otherwise idle main thread
   * can help (threads take a while to start, and the main thread is a core too). Null when none.
   */
  steal(owner: object): StolenJob | null {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const job = this.queue[i] as Job;
      if (job.owner !== owner) continue;
      this.queue.splice(i, 1);
      return { parsed: job.req.parsed, resolve: job.resolve, reject: job.reject };
    }
    return null;
  }

  /** Stops every thread; queued and running jobs are rejected. */
  close(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    for (const slot of this.slots.splice(0)) {
      this.fail(slot, new Error('The verification pool was closed.'));
      void slot.worker.terminate();
    }
    for (const job of this.queue.splice(0))
      job.reject(new Error('The verification pool was closed.'));
  }

  private spawn(): Slot {
    const worker = new Worker(this.spec.script, { eval: this.spec.eval });
    const slot: Slot = { worker, jobs: new Map() };
    worker.on('message', (msg: PoolResponse | { ready: true }) => {
      if (!('id' in msg)) return;
      const job = slot.jobs.get(msg.id);
      if (!job) return;
      slot.jobs.delete(msg.id);
      if ('tree' in msg) job.resolve(msg.tree);
      else job.reject(new Error(msg.error));
      this.pump();
    });
    const dead = (err: Error) => {
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      this.fail(slot, err);
      this.pump();
    };
    worker.on('error', dead);
    worker.on('exit', (code) =>
      dead(new Error(`A verification thread stopped (exit code ${code}).`)),
    );
    this.slots.push(slot);
    return slot;
  }

  private fail(slot: Slot, err: Error): void {
    for (const job of slot.jobs.values()) job.reject(err);
    slot.jobs.clear();
  }

  private pump(): void {
    if (this.idleTimer) {
      clearTimeout(this.idleTimer);
      this.idleTimer = null;
    }
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => s.jobs.size < PER_WORKER);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) break;
      const job = this.queue.shift() as Job;
      slot.jobs.set(job.req.id, job);
      try {
        slot.worker.postMessage(job.req);
      } catch (err) {
        slot.jobs.delete(job.req.id);
        job.reject(err instanceof Error ? err : new Error(String(err)));
      }
    }
    const busy = this.slots.some((s) => s.jobs.size > 0);
    // A busy thread keeps the process alive until its answers arrive; an idle one must not.
    for (const s of this.slots) {
      if (s.jobs.size > 0) s.worker.ref();
      else s.worker.unref();
    }
    if (!busy && this.slots.length > 0) {
      this.idleTimer = setTimeout(() => this.close(), IDLE_MS);
      this.idleTimer.unref();
    }
  }
}

let shared: VerifyPool | null | undefined;

/**
 * The process-wide pool, or null when threads are off or cannot be started here (verification then
 * stays on the main thread). One thread per core but the main thread's, which verifies too (it
 * takes back queued jobs), and at least one; SKILLFOLIO_VERIFY_THREADS overrides, 0 turning it off.
 */
export function sharedPool(): VerifyPool | null {
  if (shared !== undefined) return shared;
  const configured = Number(process.env['SKILLFOLIO_VERIFY_THREADS'] ?? NaN);
  const cores = Math.max(1, os.availableParallelism() - 1);
  const size = Number.isInteger(configured) && configured >= 0 ? configured : cores;
  const spec = size > 0 ? workerSpec() : null;
  shared = spec ? new VerifyPool(size, spec) : null;
  return shared;
}
