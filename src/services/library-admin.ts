// What the library screen needs beyond reading credentials: its filter choices with counts, and removing a credential.
import type { LibraryFacets } from '../core/facets';
import { countCredentials, deleteCredential, getCredential } from '../db/credentials';
import { libraryFacets } from '../db/facets';
import type { DeleteResult, Input } from '../shared/contract';
import { AppError } from '../shared/errors';
import type { ServiceContext } from './context';

export async function getLibraryFacets(ctx: ServiceContext): Promise<LibraryFacets> {
  return libraryFacets(ctx.db);
}

/**
 * Deletes one credential (a bundle with its nested credentials) and the images and skills only it
 * used. The count comes from the same transaction, so it is exactly what was removed.
 */
export async function deleteLibraryItem(
  ctx: ServiceContext,
  input: Input<'library.delete'>,
): Promise<DeleteResult> {
  const { db } = ctx;
  return db.transaction(() => {
    const found = getCredential(db, input.id);
    if (!found) {
      throw new AppError(
        'not-found',
        `There is no credential ${input.id} in this library (it may have been deleted already).`,
      );
    }
    const before = countCredentials(db);
    deleteCredential(db, input.id);
    return { deleted: before - countCredentials(db), title: found.title };
  })();
}
