// The one pool of verification threads: whole self-contained credentials, and RDF canonicalisation for proofs checked on the main thread, so proofs use every core and a hostile document cannot stall the app.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { isMainThread, Worker } from 'node:worker_threads';
import type { ParsedCredential } from '../core/credential';
import { isRecord, parseJsonText } from '../formats/json';
import { asList, readId } from '../formats/text';
import { credentialFromVcClaim } from '../formats/vc';
import type { CanonicalRdf, ExpandedJsonLd } from './canonical-rdf';
import { verifyParsedTree, type ReportTree } from './engine';
import { createFetcher } from './fetcher';
import { compactTokenOf } from './original-token';
import type { PoolRequest, PoolResponse } from './pool-worker';
import type { VerifyEnv } from './types';

/** Fewer self-contained credentials than this are checked on the main thread: starting workers costs more. */
export const POOL_MIN_BATCH = 32;
/** Workers left idle this long are stopped: long enough to span the gaps between import batches. */
const IDLE_MS = 30_000;
/** Jobs handed to one worker at a time: enough to keep it busy, few enough to share work evenly. */
const PER_WORKER = 8;
/**
 * Longer than any real credential needs by three orders of magnitude: a job still running then is
 * working on a hostile document, and its thread is stopped (and replaced when there is more work).
 */
export const JOB_TIMEOUT_MS = 30_000;
/** Heap for one thread: a document that needs more is refused rather than taking the app down. */
const MAX_OLD_GENERATION_MB = 512;
/** Threads that fail before they are ready this many times mean threads cannot run here at all. */
const MAX_START_FAILURES = 2;

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

const TOKEN_MEDIA_TYPES = new Set([
  'application/jwt',
  'application/vc+jwt',
  'image/png',
  'image/svg+xml',
]);

/** Carries no proof of its own and arrived as a token (or an image that may hold one): a VC-JWT if signed. */
function signedAsToken(parsed: ParsedCredential): boolean {
  return (
    TOKEN_MEDIA_TYPES.has(parsed.mediaType) &&
    isRecord(parsed.document) &&
    parsed.document['proof'] === undefined
  );
}

/**
 * True when `parsed` is worth handing to the pool: self-contained, and either slow to check (RDF
 * canonicalisation, milliseconds: a worker thread) or a VC-JWT. A VC-JWT's signature is checked on
 * libuv's threads (WebCrypto, through jose) while the thread that asked waits; checked one after
 * another, each of those waits leaves the main thread idle. The pool keeps several in flight on the
 * main thread instead (see VerifyPool.run), so signatures and the rest of the checking overlap on
 * both cores, with nothing copied to a worker and back.
 */
export function worthAThread(parsed: ParsedCredential): boolean {
  return (canonicalisesRdf(parsed) || signedAsToken(parsed)) && selfContained(parsed);
}

/** True when a worker's report shows it wanted the network after all: the main thread checks again. */
export function wantedNetwork(tree: ReportTree): boolean {
  return (
    tree.report.checks.some((c) => c.status === 'skip' && /offline/i.test(c.message)) ||
    tree.children.some(wantedNetwork)
  );
}

/** A job that ran past JOB_TIMEOUT_MS: its thread was stopped. */
export class PoolTimeoutError extends Error {}

type Job = {
  req: PoolRequest;
  /** Whose job it is, for `steal`; null for jobs that must not be taken back (canonicalisation). */
  owner: object | null;
  answer: (msg: PoolResponse) => void;
  reject: (e: Error) => void;
  timer: ReturnType<typeof setTimeout> | null;
};

/** A job taken back from the queue: the caller verifies it itself and settles it with `resolve`. */
export type StolenJob = {
  parsed: ParsedCredential;
  resolve: (t: ReportTree) => void;
  reject: (e: Error) => void;
};

/** A VC-JWT waiting for the token lane: checked on this thread, its signature on libuv's threads. */
type TokenJob = {
  parsed: ParsedCredential;
  now: string;
  owner: object;
  resolve: (t: ReportTree) => void;
  reject: (e: Error) => void;
};

/** VC-JWTs checked at once on this thread: enough to keep libuv's threads busy with signatures. */
const TOKEN_LANE = 8;

// Jobs need no network (only self-contained credentials come here); an offline door makes sure.
const offlineFetcher = createFetcher({ offline: true, allowPrivateNetwork: false });

type Slot = {
  worker: Worker;
  ready: boolean;
  jobs: Map<number, Job>;
  /** Settles true when the thread is ready, false if it stops first. */
  started: Promise<boolean>;
};

/** How to start a worker here: the built `verify-worker.js` beside this module, or the TypeScript source through tsx. */
function workerSpec(): { script: string; eval: boolean } | null {
  // This module also runs as CommonJS (CLI, Electron's bundle, Playwright), so no import.meta:
  // __dirname is this folder in every one of them.
  if (typeof __dirname !== 'string' || !path.isAbsolute(__dirname)) return null;
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

/**
 * A small pool of verification threads, plus a lane on this thread for VC-JWTs (whose signature
 * checks already leave it). Jobs fail (and callers then do the work on the main thread) if a thread
 * dies; a job that runs too long has its thread stopped and fails with PoolTimeoutError.
 */
export class VerifyPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private startFailures = 0;
  private readonly tokenQueue: TokenJob[] = [];
  private tokensInFlight = 0;

  constructor(
    private readonly size: number,
    private readonly spec: { script: string; eval: boolean },
    private readonly timeoutMs = JOB_TIMEOUT_MS,
  ) {}

  /** False once threads have repeatedly failed to start here: everything stays on the main thread. */
  get usable(): boolean {
    return this.startFailures < MAX_START_FAILURES;
  }

  /** True when a thread is up and could take a job without it waiting in the queue. */
  get hasFreeThread(): boolean {
    return this.queue.length === 0 && this.slots.some((s) => s.ready && s.jobs.size < PER_WORKER);
  }

  /**
   * Verifies a self-contained `parsed` (see `worthAThread`): on a worker thread, or, for a VC-JWT,
   * in the token lane on this thread (a few at a time, their signatures on libuv's threads). `owner`
   * marks whose job it is, for `steal`.
   */
  run(parsed: ParsedCredential, now: string, owner: object = this): Promise<ReportTree> {
    if (signedAsToken(parsed) && !canonicalisesRdf(parsed)) {
      return new Promise((resolve, reject) => {
        this.tokenQueue.push({ parsed, now, owner, resolve, reject });
        this.pumpTokens();
      });
    }
    return new Promise((resolve, reject) => {
      this.submit(
        { id: this.nextId++, kind: 'verify', parsed, now },
        owner,
        (msg) => {
          if ('tree' in msg) resolve(msg.tree);
          else
            reject(
              new Error('error' in msg ? msg.error : 'The verification thread answered oddly.'),
            );
        },
        reject,
        false,
      );
    });
  }

  /** A job ahead of queued verifications (someone waits on it); `pick` reads its answer. */
  private urgent<T>(req: PoolRequest, pick: (msg: PoolResponse) => T | undefined): Promise<T> {
    return new Promise((resolve, reject) => {
      this.submit(
        req,
        null,
        (msg) => {
          const value = pick(msg);
          if (value !== undefined) resolve(value);
          else
            reject(
              new Error('error' in msg ? msg.error : 'The verification thread answered oddly.'),
            );
        },
        reject,
        true,
      );
    });
  }

  /** RDF canonical form of `doc`, computed on a thread. */
  canonicalise(doc: unknown): Promise<CanonicalRdf> {
    return this.urgent({ id: this.nextId++, kind: 'canonicalise', doc }, (msg) =>
      'rdf' in msg ? msg.rdf : undefined,
    );
  }

  /** The expanded JSON-LD form of each document, computed on a thread. */
  expand(docs: unknown[]): Promise<ExpandedJsonLd[]> {
    return this.urgent({ id: this.nextId++, kind: 'expand', docs }, (msg) =>
      'expanded' in msg ? msg.expanded : undefined,
    );
  }

  /** Starts the threads now, without work, so a later job finds one ready. */
  warm(): void {
    if (!this.usable) return;
    while (this.slots.length < this.size) this.spawn();
    this.pump();
  }

  /** Starts the threads and resolves with how many came up (waiting keeps the process alive). */
  async whenReady(): Promise<number> {
    this.warm();
    const slots = [...this.slots];
    for (const s of slots) s.worker.ref();
    const up = await Promise.all(slots.map((s) => s.started));
    this.pump();
    return up.filter(Boolean).length;
  }

  /**
   * Takes back one of `owner`'s verifications that no thread has started, so an otherwise idle main
   * thread can help (threads take a while to start, and the main thread is a core too). Null when none.
   */
  steal(owner: object): StolenJob | null {
    for (let i = this.tokenQueue.length - 1; i >= 0; i--) {
      const job = this.tokenQueue[i] as TokenJob;
      if (job.owner !== owner) continue;
      this.tokenQueue.splice(i, 1);
      return { parsed: job.parsed, resolve: job.resolve, reject: job.reject };
    }
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const job = this.queue[i] as Job;
      if (job.owner !== owner || job.req.kind !== 'verify') continue;
      this.queue.splice(i, 1);
      const answer = job.answer;
      return {
        parsed: job.req.parsed,
        resolve: (tree) => answer({ id: job.req.id, tree }),
        reject: job.reject,
      };
    }
    return null;
  }

  /** Stops every thread; queued and running jobs are rejected. */
  close(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const closed = new Error('The verification pool was closed.');
    for (const slot of this.slots.splice(0)) {
      this.fail(slot, closed);
      void slot.worker.terminate();
    }
    for (const job of this.queue.splice(0)) job.reject(closed);
    for (const job of this.tokenQueue.splice(0)) job.reject(closed);
  }

  /** Starts queued VC-JWTs on this thread while fewer than TOKEN_LANE are in flight. */
  private pumpTokens(): void {
    while (this.tokensInFlight < TOKEN_LANE && this.tokenQueue.length > 0) {
      const job = this.tokenQueue.shift() as TokenJob;
      this.tokensInFlight++;
      const env: VerifyEnv = {
        fetcher: offlineFetcher,
        now: () => new Date(job.now),
        identities: [],
      };
      void verifyParsedTree(job.parsed, env)
        .then(job.resolve, (err: unknown) =>
          job.reject(err instanceof Error ? err : new Error(String(err))),
        )
        .finally(() => {
          this.tokensInFlight--;
          this.pumpTokens();
        });
    }
  }

  private submit(
    req: PoolRequest,
    owner: object | null,
    answer: Job['answer'],
    reject: Job['reject'],
    first: boolean,
  ): void {
    if (!this.usable) {
      reject(new Error('Verification threads cannot start here.'));
      return;
    }
    const job: Job = { req, owner, answer, reject, timer: null };
    if (first) this.queue.unshift(job);
    else this.queue.push(job);
    this.pump();
  }

  private spawn(): Slot {
    const worker = new Worker(this.spec.script, {
      eval: this.spec.eval,
      resourceLimits: { maxOldGenerationSizeMb: MAX_OLD_GENERATION_MB },
    });
    let markStarted: (up: boolean) => void = () => undefined;
    const started = new Promise<boolean>((resolve) => (markStarted = resolve));
    const slot: Slot = { worker, ready: false, jobs: new Map(), started };
    worker.on('message', (msg: PoolResponse | { ready: true }) => {
      if (!('id' in msg)) {
        slot.ready = true;
        markStarted(true);
        this.startFailures = 0;
        // Jobs posted while it started are timed from now: starting is not their fault.
        for (const job of slot.jobs.values()) this.arm(slot, job);
        return;
      }
      const job = slot.jobs.get(msg.id);
      if (!job) return;
      this.disarm(job);
      slot.jobs.delete(msg.id);
      job.answer(msg);
      this.pump();
    });
    const dead = (err: Error) => {
      markStarted(false);
      this.retire(slot, err);
    };
    worker.on('error', dead);
    worker.on('exit', (code) =>
      dead(new Error(`A verification thread stopped (exit code ${code}).`)),
    );
    this.slots.push(slot);
    return slot;
  }

  /** Takes a stopped (or stopping) thread out of the pool and fails the jobs it held. */
  private retire(slot: Slot, err: Error): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.slots.splice(i, 1);
    if (!slot.ready) this.startFailures++;
    this.fail(slot, err);
    if (!this.usable) for (const job of this.queue.splice(0)) job.reject(err);
    this.pump();
  }

  private arm(slot: Slot, job: Job): void {
    if (job.timer || !slot.ready) return;
    job.timer = setTimeout(() => {
      job.timer = null;
      if (slot.jobs.get(job.req.id) !== job) return;
      slot.jobs.delete(job.req.id);
      job.reject(
        new PoolTimeoutError(
          `The check took longer than ${this.timeoutMs / 1000} s and was stopped.`,
        ),
      );
      // The thread is stuck on it: stop it now. Its other jobs fail as "stopped" (never as timed
      // out: they had no turn), so their callers do them again.
      this.retire(
        slot,
        new Error('A verification thread was stopped: another check took too long.'),
      );
      void slot.worker.terminate();
    }, this.timeoutMs);
    job.timer.unref();
  }

  private disarm(job: Job): void {
    if (job.timer) clearTimeout(job.timer);
    job.timer = null;
  }

  private fail(slot: Slot, err: Error): void {
    for (const job of slot.jobs.values()) {
      this.disarm(job);
      job.reject(err);
    }
    slot.jobs.clear();
  }

  private pump(): void {
    if (this.idleTimer) {
      clearTimeout(this.idleTimer);
      this.idleTimer = null;
    }
    while (this.queue.length > 0 && this.usable) {
      let slot = this.slots.find((s) => s.jobs.size < PER_WORKER);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) break;
      const job = this.queue.shift() as Job;
      slot.jobs.set(job.req.id, job);
      try {
        slot.worker.postMessage(job.req);
        this.arm(slot, job);
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
 * stays on the main thread, and inside a verification thread, which starts no threads of its own).
 * One thread per core but the main thread's, which verifies too (it takes back queued jobs), and at
 * least one; SKILLFOLIO_VERIFY_THREADS overrides, 0 turning threads off.
 */
export function sharedPool(): VerifyPool | null {
  if (shared !== undefined) return shared?.usable ? shared : null;
  if (!isMainThread) {
    shared = null;
    return null;
  }
  const configured = Number(process.env['SKILLFOLIO_VERIFY_THREADS'] ?? NaN);
  const cores = Math.max(1, os.availableParallelism() - 1);
  const size = Number.isInteger(configured) && configured >= 0 ? Math.min(configured, 16) : cores;
  const spec = size > 0 ? workerSpec() : null;
  shared = spec ? new VerifyPool(size, spec) : null;
  return shared;
}
