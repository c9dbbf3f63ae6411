// Library-wide verification bookkeeping: which credentials to re-verify, and storing fresh reports together.
import type { VerificationReport } from '../core/verification';
import { updateReport } from './credentials';
import type { Db } from './open';
import { statement } from './statements';

/** Every credential id, bundles before what they contain (ascending ids). */
export function allCredentialIds(db: Db): number[] {
  return (statement(db, 'SELECT id FROM credentials ORDER BY id').all() as { id: number }[]).map(
    (r) => r.id,
  );
}

/** The title and current verdict of a credential, or null when it is not in the library. */
export function verdictOf(db: Db, id: number): { title: string; verdict: string } | null {
  return (
    (statement(db, 'SELECT title, verdict FROM credentials WHERE id = ?').get(id) as
      { title: string; verdict: string } | undefined) ?? null
  );
}

/**
 * Replaces the reports of several credentials in one transaction: after a re-verify the library
 * shows either every new verdict of the batch or none of them. Ids no longer present are skipped
 * (deleted meanwhile) and returned.
 */
export function storeReports(
  db: Db,
  items: ReadonlyArray<{ id: number; report: VerificationReport }>,
): number[] {
  const gone: number[] = [];
  db.transaction(() => {
    for (const { id, report } of items) {
      if (!verdictOf(db, id)) {
        gone.push(id);
        continue;
      }
      updateReport(db, id, report);
    }
  })();
  return gone;
}
