// `library.addManual`: a credential the person types in (form or `skillfolio add`), stored through the one import path and always self-reported.
import type { ImportResult } from '../core/library';
import { manualEntry, selfReportedDocument } from '../formats/self-reported';
import type { Input } from '../shared/contract';
import type { ServiceContext } from './context';
import { importSources } from './import';

/** Where a typed-in entry says it came from, in import results and on its detail page. */
export const MANUAL_SOURCE = 'entered by hand';

/**
 * Checks the entry (AppError `bad-input` with what to fix), then imports it like any other item,
 * so it is verified (as self-reported), de-duplicated and stored in one transaction. The same entry
 * typed twice is reported as a duplicate of the first.
 */
export async function addManualEntryService(
  ctx: ServiceContext,
  input: Input<'library.addManual'>,
): Promise<ImportResult> {
  const entry = manualEntry(input, ctx.now());
  const bytes = selfReportedDocument(entry);
  return importSources(ctx, {
    sources: [
      { kind: 'bytes', name: MANUAL_SOURCE, base64: Buffer.from(bytes).toString('base64') },
    ],
  });
}
