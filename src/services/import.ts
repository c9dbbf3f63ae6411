// The import use case: read, parse and verify first (no writes), then store each batch in one transaction.
import { hash } from 'node:crypto';
import type { ParsedCredential } from '../core/credential';
import type { DuplicateItem, ImportedItem, ImportResult, RejectedItem } from '../core/library';
import { isIssuerHosted, type Verdict, type VerificationReport } from '../core/verification';
import {
  findDuplicate,
  insertCredential,
  replaceCredential,
  withBatchedSearchIndex,
  type NewCredential,
  type StoredImage,
} from '../db/credentials';
import { verdictOf } from '../db/verification';
import { parseCredential, type JsonResolver } from '../formats/detect';
import { checkImage, MAX_IMAGE_BYTES } from '../formats/image';
import type { Input } from '../shared/contract';
import { toErrorData } from '../shared/errors';
import type { ReportTree } from '../verify/engine';
import type { ServiceContext } from './context';
import { planSources, readPlanned } from './import-sources';
import { verifyEnv, verifyMany } from './verify';

/** Items per transaction: big enough to be fast, small enough that memory stays flat on huge imports. */
export const IMPORT_BATCH_SIZE = 1000;

type Ready = {
  source: string;
  parsed: ParsedCredential;
  image: StoredImage | null;
  notes: string[];
  /** Filled in before the batch's transaction: the reports for the item and its nested credentials. */
  reports: ReportTree | null;
};

function sha256Hex(bytes: Uint8Array): string {
  return hash('sha256', bytes, 'hex');
}

/** Per-import caches so fifty badges from one issuer fetch its badge class and image once. */
function makeResolvers(ctx: ServiceContext) {
  const json = new Map<string, Promise<unknown>>();
  const images = new Map<string, Promise<StoredImage>>();
  const resolve: JsonResolver = (url) => {
    let p = json.get(url);
    if (!p) {
      p = ctx.fetcher.fetchJson(url).then((r) => r.json);
      json.set(url, p);
    }
    return p;
  };
  const image = (url: string): Promise<StoredImage> => {
    let p = images.get(url);
    if (!p) {
      p = ctx.fetcher.fetch(url, { maxBytes: MAX_IMAGE_BYTES, accept: 'image/*' }).then((r) => ({
        mediaType: checkImage(r.bytes),
        bytes: r.bytes,
      }));
      images.set(url, p);
    }
    return p;
  };
  return { resolve, image };
}

async function resolveImage(
  parsed: ParsedCredential,
  fetchImage: (url: string) => Promise<StoredImage>,
  notes: string[],
): Promise<StoredImage | null> {
  const ref = parsed.credential.image;
  if (!ref) return null;
  try {
    if (ref.kind === 'bytes') return { mediaType: checkImage(ref.bytes), bytes: ref.bytes };
    return await fetchImage(ref.url);
  } catch (err) {
    const msg = toErrorData(err).message;
    notes.push(ref.kind === 'url' ? `Badge image not stored: ${msg}` : msg);
    return null;
  }
}

export async function importSources(
  ctx: ServiceContext,
  input: Input<'library.import'>,
): Promise<ImportResult> {
  const result: ImportResult = { imported: [], duplicates: [], rejected: [] };
  const plan = planSources(input.sources);
  let total = plan.length;
  let done = 0;
  const { resolve, image } = makeResolvers(ctx);
  const env = verifyEnv(ctx);
  let batch: Ready[] = [];
  let storageError: RejectedItem['error'] | null = null;

  const report = (phase: 'reading' | 'verifying' | 'saving' | 'done') =>
    ctx.progress({ type: 'progress', operation: 'import', phase, done, total });

  const flush = async () => {
    if (batch.length === 0) return;
    if (!storageError) {
      // Verification may wait on the network (DID documents, status lists), so it runs before
      // the transaction (several at a time, self-contained ones on worker threads); the transaction
      // itself stays synchronous.
      report('verifying');
      const current = batch;
      const trees = await verifyMany(
        current.map((r) => r.parsed),
        env,
      );
      current.forEach((r, i) => (r.reports = trees[i] ?? null));
    }
    report('saving');
    if (storageError) {
      for (const r of batch) result.rejected.push({ source: r.source, error: storageError });
    } else {
      try {
        commitBatch(ctx, batch, result);
      } catch (err) {
        // The whole batch rolled back (disk full, I/O error): say so for each item and stop writing.
        storageError = {
          code: 'library',
          message: `Not saved: the library could not be written (${toErrorData(err).message}). Nothing from this batch was stored.`,
        };
        for (const r of batch) result.rejected.push({ source: r.source, error: storageError });
      }
    }
    batch = [];
  };

  for await (const raw of readPlanned(plan, ctx.fetcher, (extra) => (total += extra))) {
    done++;
    if ('error' in raw) {
      result.rejected.push({ source: raw.source, error: raw.error });
    } else {
      try {
        const parsed = await parseCredential(raw.bytes, { name: raw.source, resolve });
        const notes = [...(raw.notes ?? []), ...parsed.notes];
        const img = await resolveImage(parsed, image, notes);
        batch.push({ source: raw.source, parsed, image: img, notes, reports: null });
      } catch (err) {
        result.rejected.push({ source: raw.source, error: toErrorData(err) });
      }
    }
    if (done % 50 === 0) report('reading');
    if (batch.length >= IMPORT_BATCH_SIZE) await flush();
  }
  await flush();
  report('done');
  return result;
}

/**
 * One synchronous transaction for the batch. The fast path stores every item straight away; if one
 * item fails (not the storage itself), the batch is rolled back and stored again with each item in
 * its own savepoint, so one bad item never stops or half-writes the others.
 */
function commitBatch(ctx: ServiceContext, batch: readonly Ready[], result: ImportResult): void {
  const importedAt = ctx.now().toISOString();

  const storeOne = (r: Ready, out: ImportResult, itemByItem = false) => {
    const own: ImportedItem[] = [];
    const ownDup: DuplicateItem[] = [];
    const insert = (
      p: ParsedCredential,
      source: string,
      parentId: number | null,
      img: StoredImage | null,
      notes: string[],
      tree: ReportTree | null,
    ): number | null => {
      const report = tree?.report ?? notVerified(importedAt);
      const sha = sha256Hex(p.original);
      const row: NewCredential = {
        parentId,
        format: p.format,
        mediaType: p.mediaType,
        original: p.original,
        sha256: sha,
        source,
        credential: p.credential,
        image: img,
        report,
        importedAt,
      };
      const imported = (id: number, itemNotes: string[]): number => {
        own.push({
          id,
          source,
          format: p.format,
          title: p.credential.title,
          verdict: report.verdict,
          issuerHosted: isIssuerHosted(report),
          parentId,
          notes: itemNotes,
        });
        return id;
      };
      const dup = findDuplicate(ctx.db, sha, p.credential.credentialId);
      if (dup) {
        const stored = dup.by === 'credential-id' ? verdictOf(ctx.db, dup.id) : null;
        if (stored && FAILED.has(stored.verdict) && !FAILED.has(report.verdict)) {
          // A rare event: the batch is redone item by item, where search rows are written at once.
          if (!itemByItem) throw new ItemByItemNeeded();
          replaceCredential(ctx.db, dup.id, row);
          const note = `Replaced a copy that failed verification (${stored.verdict}), #${dup.id} in your library, with this one; its portfolio entries and skill choices are kept.`;
          return imported(dup.id, [...notes, note]);
        }
        ownDup.push(duplicateItem(source, dup, report, stored));
        return null;
      }
      return imported(insertCredential(ctx.db, row), notes);
    };
    const parentId = insert(r.parsed, r.source, null, r.image, r.notes, r.reports);
    if (parentId !== null) {
      r.parsed.children.forEach((child, i) => {
        const tree = r.reports?.children[i] ?? null;
        insert(child, `${r.source}#nested-${i + 1}`, parentId, null, child.notes, tree);
      });
    }
    out.imported.push(...own);
    out.duplicates.push(...ownDup);
  };

  const fast: ImportResult = { imported: [], duplicates: [], rejected: [] };
  try {
    ctx.db.transaction(() =>
      withBatchedSearchIndex(ctx.db, () => batch.forEach((r) => storeOne(r, fast))),
    )();
  } catch (err) {
    if (isStorageFailure(err)) throw err;
    const careful: ImportResult = { imported: [], duplicates: [], rejected: [] };
    const storeInSavepoint = ctx.db.transaction((r: Ready) => storeOne(r, careful, true));
    ctx.db.transaction(() => {
      for (const r of batch) {
        const mark = { imported: careful.imported.length, duplicates: careful.duplicates.length };
        try {
          storeInSavepoint(r);
        } catch (itemErr) {
          if (isStorageFailure(itemErr)) throw itemErr;
          // The savepoint rolled the item back; forget whatever it had reported so far.
          careful.imported.length = mark.imported;
          careful.duplicates.length = mark.duplicates;
          careful.rejected.push({ source: r.source, error: toErrorData(itemErr) });
        }
      }
    })();
    merge(result, careful);
    return;
  }
  merge(result, fast);
}

/** Only reached if verification was skipped for the batch (it never is while the library can be written). */
function notVerified(checkedAt: string): VerificationReport {
  return {
    verdict: 'unverified',
    checks: [
      { id: 'parse', status: 'pass', message: 'Read and understood the credential.' },
      { id: 'proof', status: 'skip', message: 'Not checked.' },
    ],
    checkedAt,
  };
}

function merge(into: ImportResult, from: ImportResult): void {
  into.imported.push(...from.imported);
  into.duplicates.push(...from.duplicates);
  into.rejected.push(...from.rejected);
}

/** Errors that mean the library itself cannot be written, as opposed to one bad row. */
function isStorageFailure(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return (
    typeof code === 'string' &&
    /^SQLITE_(FULL|IOERR|READONLY|CORRUPT|NOTADB|CANTOPEN|BUSY|LOCKED|NOMEM)/.test(code)
  );
}

// ---------------------------------------------------------------------------------------------------
// A copy that failed verification gives way to one that passes

/** Verdicts of a copy that is not the credential its issuer made (forged, damaged, unreadable). */
const FAILED: ReadonlySet<string> = new Set<Verdict>(['invalid', 'error']);

/** Thrown in a batch's fast pass when an item must replace a stored copy: the batch is redone item by item. */
class ItemByItemNeeded extends Error {}

/** A duplicate, with a note when the copy that arrived is the one that failed verification. */
function duplicateItem(
  source: string,
  dup: { id: number; by: DuplicateItem['by'] },
  report: VerificationReport,
  stored: { verdict: string } | null,
): DuplicateItem {
  const item = { source, id: dup.id, by: dup.by };
  if (stored === null || !FAILED.has(report.verdict)) return item;
  const why = report.checks.find((c) => c.status === 'fail')?.message ?? '';
  const clipped = why.length > 200 ? `${why.slice(0, 200)}…` : why;
  return {
    ...item,
    note: `This copy failed verification (${report.verdict})${clipped ? `: ${clipped}` : '.'} Not stored: your library keeps its own copy, #${dup.id} (${stored.verdict}).`,
  };
}
