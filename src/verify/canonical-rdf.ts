// RDF canonicalisation of JSON-LD (safe mode, bundled contexts only), on a verification thread when one is free, so a hostile document cannot stall the app.
import jsonld from 'jsonld';
import { _canonizeSync as rdfCanonize } from 'rdf-canonize';
import { isRecord } from '../formats/json';
import { documentLoader } from './contexts';
import { JOB_TIMEOUT_MS, PoolTimeoutError, sharedPool, type VerifyPool } from './pool';

/** N-Quads, or why the document cannot be canonicalised (the end of "The credential …"). */
export type CanonicalRdf = { ok: true; nquads: string } | { ok: false; reason: string };

/** A document's expanded JSON-LD form, or why it has none (the end of "The credential …"). */
export type ExpandedJsonLd =
  { ok: true; expanded: Record<string, unknown>[] } | { ok: false; reason: string };

// rdf-canonize gives up on a graph whose blank nodes would need more than n^factor deep iterations:
// a poisoned credential fails quickly instead of spinning.
const MAX_WORK_FACTOR = 1;

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

/** Expands on this thread (safe mode, bundled contexts only). */
export async function expandJsonLdInline(doc: unknown): Promise<ExpandedJsonLd> {
  try {
    const expanded = (await jsonld.expand(doc as Parameters<typeof jsonld.expand>[0], {
      safe: true,
      documentLoader,
    })) as Record<string, unknown>[];
    return { ok: true, expanded };
  } catch (err) {
    return { ok: false, reason: describeJsonLdError(err) };
  }
}

// ---------------------------------------------------------------------------------------------
// On the verification threads

/** Documents canonicalised on this thread because no verification thread was free. */
let inlineRuns = 0;

/**
 * RDF Dataset Canonicalization (RDFC-1.0) of a JSON-LD document in safe mode over the bundled
 * contexts. On the main thread it runs on one of the verification threads (src/verify/pool.ts)
 * when one is free, so a big or hostile document neither blocks the app nor runs unbounded (past
 * JOB_TIMEOUT_MS its thread is stopped); otherwise, and inside a thread, it runs here. The answer
 * is the same either way.
 */
export function canonicalRdf(doc: unknown): Promise<CanonicalRdf> {
  return onThread(
    () => canonicalRdfInline(doc),
    (pool) => pool.canonicalise(doc),
    (reason) => ({ ok: false, reason: `could not be canonicalised ${reason}` }),
  );
}

/** The expanded JSON-LD form of each document (as canonicalRdf: on a verification thread when one is free). */
export function expandJsonLd(docs: unknown[]): Promise<ExpandedJsonLd[]> {
  return onThread(
    () => Promise.all(docs.map(expandJsonLdInline)),
    (pool) => pool.expand(docs),
    (reason) => docs.map(() => ({ ok: false, reason: `could not be expanded ${reason}` })),
  );
}

/**
 * Runs a job on a free verification thread, or here (see canonicalRdf); `failed` answers for a
 * job whose thread was stopped, given the end of the reason ("within 30 s").
 */
async function onThread<T>(
  here: () => Promise<T>,
  there: (pool: VerifyPool) => Promise<T>,
  failed: (reason: string) => T,
): Promise<T> {
  const pool = sharedPool();
  if (!pool?.hasFreeThread) {
    // Busy threads mean a batch is running, and this thread is better used than left waiting.
    // None at all: answer here, and start them for next time unless this is the first document
    // (a one-off check, such as `skillfolio verify` of one file, never pays for a thread).
    if (++inlineRuns > 1) pool?.warm();
    return here();
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await there(pool);
    } catch (err) {
      if (err instanceof PoolTimeoutError) {
        return failed(`within ${JOB_TIMEOUT_MS / 1000} s`);
      }
      // Not copyable to a thread (only code can build such a value): answer here.
      if (err instanceof Error && err.name === 'DataCloneError') return here();
      // The thread stopped under it, perhaps for another document's sake: once more on a fresh one.
      if (attempt >= 2 || !pool.usable) {
        const message = err instanceof Error ? err.message : String(err);
        return failed(`(${clip(message, 160)})`);
      }
    }
  }
}
