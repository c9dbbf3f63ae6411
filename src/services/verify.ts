// Verification use cases: verify inputs without importing them, re-verify stored credentials, and the environment both run in.
import type { Credential, ParsedCredential } from '../core/credential';
import type { Verdict, VerificationReport } from '../core/verification';
import { getOriginal } from '../db/credentials';
import { getCached, putCached } from '../db/fetch-cache';
import { identityValues } from '../db/identities';
import { allCredentialIds, storeReports, verdictOf } from '../db/verification';
import { parseCredential, type JsonResolver } from '../formats/detect';
import type { Input, ReverifiedItem, ReverifyResult, VerifyResult } from '../shared/contract';
import { toErrorData } from '../shared/errors';
import { errorReport, reportFromChecks, verifyParsedTree, type ReportTree } from '../verify/engine';
import {
  POOL_MIN_BATCH,
  selfContained,
  sharedPool,
  wantedNetwork,
  worthAThread,
} from '../verify/pool';
import type { VerifyEnv } from '../verify/types';
import type { ServiceContext } from './context';
import { planSources, readPlanned } from './import-sources';

/** Credentials verified at once: network checks wait on servers, so a few run side by side. */
export const VERIFY_CONCURRENCY = 8;
/** Stored credentials re-verified (and their reports written) per transaction. */
export const REVERIFY_BATCH_SIZE = 500;

/** The environment verification runs in: the session's network door and clock, the user's identities, the library's fetch cache. */
export function verifyEnv(ctx: ServiceContext, opts: { refresh?: boolean } = {}): VerifyEnv {
  return {
    fetcher: ctx.fetcher,
    now: ctx.now,
    identities: identityValues(ctx.db),
    cache: {
      get: (url) => getCached(ctx.db, url),
      put: (url, entry) => {
        try {
          putCached(ctx.db, url, entry);
        } catch {
          // The cache only saves a fetch next time; a library that cannot take the write (busy,
          // read-only, full) must not turn into a failed verification.
        }
      },
    },
    ...(opts.refresh === true ? { refresh: true } : {}),
  };
}

/**
 * Lets queued events run. A proof check is a chain of promise callbacks with no real I/O, so a
 * loop of them would otherwise keep a worker thread's answers (and its next jobs) waiting.
 */
function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Runs `fn` over `items` with at most `limit` at a time; results keep the input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** A report tree even if the engine itself broke: the item is still imported, marked as not checked. */
export async function verifySafely(parsed: ParsedCredential, env: VerifyEnv): Promise<ReportTree> {
  try {
    return await verifyParsedTree(parsed, env);
  } catch (err) {
    const fallback = (p: ParsedCredential): ReportTree => ({
      report: reportFromChecks(
        [
          { id: 'parse', status: 'pass', message: 'Read and understood the credential.' },
          {
            id: 'proof',
            status: 'skip',
            message: `Not checked: verification stopped on an unexpected problem (${toErrorData(err).message}).`,
          },
        ],
        env.now().toISOString(),
      ),
      children: p.children.map(fallback),
    });
    return fallback(parsed);
  }
}

/**
 * Reports for many credentials, in order. Credentials that need no network (did:key issuers, no
 * status list) and whose proofs canonicalise RDF are spread over worker threads when there are
 * enough of them to pay for it; the rest run here, a few at a time, since they may wait on the
 * network.
 */
export async function verifyMany(
  items: readonly ParsedCredential[],
  env: VerifyEnv,
): Promise<ReportTree[]> {
  const out = new Array<ReportTree>(items.length);
  const here: number[] = [];
  const there: number[] = [];
  items.forEach((p, i) => (worthAThread(p) ? there : here).push(i));
  const pool = there.length >= POOL_MIN_BATCH ? sharedPool() : null;
  if (!pool) here.push(...there.splice(0));
  const local = async (i: number) => {
    out[i] = await verifySafely(items[i] as ParsedCredential, env);
  };
  const owner = {};
  // While threads work, let their answers in every few milliseconds (not after every check: a
  // VC-JWT takes a fraction of a millisecond, an event-loop turn almost as long).
  let lastYield = performance.now();
  const breather = async () => {
    if (performance.now() - lastYield < 4) return;
    await yieldToEvents();
    lastYield = performance.now();
  };
  const remote = Promise.all(
    there.map(async (i) => {
      try {
        const pooled = pool as NonNullable<typeof pool>;
        const tree = await pooled.run(items[i] as ParsedCredential, env.now().toISOString(), owner);
        if (wantedNetwork(tree)) await local(i);
        else out[i] = tree;
      } catch {
        // A thread that failed leaves the credential to the main thread, never unverified by accident.
        await local(i);
      }
    }),
  );
  // The main thread does its own share, then helps with jobs no thread has started yet. Checks
  // that may wait on the network run several at a time; the others gain nothing from
  // interleaving, so they run one after another beside them.
  const cpu = new Set(here.filter((i) => selfContained(items[i] as ParsedCredential)));
  const waits = here.filter((i) => !cpu.has(i));
  await Promise.all([
    mapLimit(waits, VERIFY_CONCURRENCY, local),
    (async () => {
      for (const i of cpu) {
        await local(i);
        if (pool) await breather();
      }
    })(),
  ]);
  for (let job = pool?.steal(owner) ?? null; job !== null; job = pool?.steal(owner) ?? null) {
    job.resolve(await verifySafely(job.parsed, env));
    await breather();
  }
  await remote;
  return out;
}

/** Per-run caches so several inputs from one issuer fetch its badge class once. */
export function jsonResolver(ctx: ServiceContext): JsonResolver {
  const seen = new Map<string, Promise<unknown>>();
  return (url) => {
    let p = seen.get(url);
    if (!p) {
      p = ctx.fetcher.fetchJson(url).then((r) => r.json);
      seen.set(url, p);
    }
    return p;
  };
}

function summary(c: Credential): NonNullable<VerifyResult['credential']> {
  return {
    title: c.title,
    issuer: c.issuerName ?? c.issuerId,
    issuedOn: c.issuedOn,
    validUntil: c.validUntil,
  };
}

type Item = { source: string; parsed: ParsedCredential } | { source: string; error: string };

function toResult(item: Item, report: VerificationReport): VerifyResult {
  if ('error' in item) {
    return {
      source: item.source,
      format: null,
      verdict: report.verdict,
      checks: report.checks,
      credential: null,
    };
  }
  return {
    source: item.source,
    format: item.parsed.format,
    verdict: report.verdict,
    checks: report.checks,
    credential: summary(item.parsed.credential),
  };
}

async function readSources(
  ctx: ServiceContext,
  input: Input<'credential.verify'>,
): Promise<Item[]> {
  const items: Item[] = [];
  const resolve = jsonResolver(ctx);
  const plan = planSources(input.sources ?? []);
  for await (const raw of readPlanned(plan, ctx.fetcher, () => undefined)) {
    if ('error' in raw) {
      items.push({ source: raw.source, error: raw.error.message });
      continue;
    }
    try {
      items.push({
        source: raw.source,
        parsed: await parseCredential(raw.bytes, { name: raw.source, resolve }),
      });
    } catch (err) {
      items.push({ source: raw.source, error: toErrorData(err).message });
    }
  }
  for (const id of input.ids ?? []) {
    const source = `#${id}`;
    const original = getOriginal(ctx.db, id);
    if (!original) {
      items.push({ source, error: `There is no credential ${id} in this library.` });
      continue;
    }
    try {
      items.push({
        source,
        parsed: await parseCredential(original.bytes, { name: source, resolve }),
      });
    } catch (err) {
      items.push({
        source,
        error: `The stored original can no longer be read: ${toErrorData(err).message}`,
      });
    }
  }
  return items;
}

/**
 * `skillfolio verify`: reads and verifies each input without importing it. Nothing in the library
 * changes except the fetch cache. One result per credential read (a presentation yields one per
 * credential inside it); inputs that cannot be read get verdict `error`.
 */
export async function verifyCredentials(
  ctx: ServiceContext,
  input: Input<'credential.verify'>,
): Promise<VerifyResult[]> {
  const env = verifyEnv(ctx, { refresh: input.refresh });
  const items = await readSources(ctx, input);
  const readable = items.flatMap((item) => ('parsed' in item ? [item.parsed] : []));
  const trees = await verifyMany(readable, env);
  let next = 0;
  return items.map((item) =>
    'error' in item
      ? toResult(item, errorReport(item.error, env.now().toISOString()))
      : toResult(item, (trees[next++] as ReportTree).report),
  );
}

/**
 * `skillfolio reverify`: verifies stored originals again and stores the new reports, a batch per
 * transaction. Ids that are not in the library are listed in `failed`; a stored original that
 * can no longer be read keeps its old report and is listed too.
 */
export async function reverifyLibrary(
  ctx: ServiceContext,
  input: Input<'library.reverify'>,
): Promise<ReverifyResult> {
  const env = verifyEnv(ctx, { refresh: input.refresh });
  const resolve = jsonResolver(ctx);
  const ids = input.all === true ? allCredentialIds(ctx.db) : [...new Set(input.ids ?? [])];
  const result: ReverifyResult = { reverified: [], failed: [] };
  let done = 0;
  const progress = (phase: 'verifying' | 'saving' | 'done') =>
    ctx.progress({ type: 'progress', operation: 'reverify', phase, done, total: ids.length });

  for (let start = 0; start < ids.length; start += REVERIFY_BATCH_SIZE) {
    const slice = ids.slice(start, start + REVERIFY_BATCH_SIZE);
    type Outcome =
      | (ReverifiedItem & { report: VerificationReport })
      | { id: number; error: { code: string; message: string } };
    type Read =
      | { id: number; title: string; previous: Verdict; parsed: ParsedCredential }
      | { id: number; error: { code: string; message: string } };
    const read = await mapLimit(slice, VERIFY_CONCURRENCY, async (id): Promise<Read> => {
      const before = verdictOf(ctx.db, id);
      const original = getOriginal(ctx.db, id);
      if (!before || !original) {
        return {
          id,
          error: { code: 'not-found', message: `There is no credential ${id} in this library.` },
        };
      }
      try {
        const parsed = await parseCredential(original.bytes, { name: `#${id}`, resolve });
        return { id, title: before.title, previous: before.verdict as Verdict, parsed };
      } catch (err) {
        const e = toErrorData(err);
        return {
          id,
          error: {
            code: e.code,
            message: `The stored original can no longer be read, so its report was kept: ${e.message}`,
          },
        };
      }
    });
    const readable = read.flatMap((r) => ('parsed' in r ? [r] : []));
    const trees = await verifyMany(
      readable.map((r) => r.parsed),
      env,
    );
    const reports = new Map(readable.map((r, i) => [r.id, (trees[i] as ReportTree).report]));
    done += slice.length;
    const outcomes = read.map((r): Outcome => {
      if ('error' in r) return r;
      const report = reports.get(r.id) as VerificationReport;
      return { id: r.id, title: r.title, previous: r.previous, verdict: report.verdict, report };
    });
    progress('saving');
    const fresh = outcomes.filter((o) => 'report' in o);
    const gone = new Set(storeReports(ctx.db, fresh));
    for (const o of outcomes) {
      if ('error' in o) result.failed.push({ id: o.id, error: o.error });
      else if (gone.has(o.id)) {
        result.failed.push({
          id: o.id,
          error: {
            code: 'not-found',
            message: `Credential ${o.id} was deleted while it was being verified.`,
          },
        });
      } else
        result.reverified.push({
          id: o.id,
          title: o.title,
          previous: o.previous,
          verdict: o.report.verdict,
        });
    }
    progress('verifying');
  }
  progress('done');
  return result;
}
