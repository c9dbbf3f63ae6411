// Reading the library: info, lists, one credential, its original bytes and its image.
import type { CredentialDetail, ListPage } from '../core/library';
import { countCredentials, getCredential, getImage, getOriginal, listCredentials } from '../db/credentials';
import { SCHEMA_VERSION } from '../db/migrate';
import type { Blob64, Input, LibraryInfo } from '../shared/contract';
import { AppError } from '../shared/errors';
import type { ServiceContext } from './context';

export async function libraryInfo(ctx: ServiceContext): Promise<LibraryInfo> {
  return { path: ctx.libraryDir, credentials: countCredentials(ctx.db), schemaVersion: SCHEMA_VERSION };
}

export async function listLibrary(ctx: ServiceContext, input: Input<'library.list'>): Promise<ListPage> {
  return listCredentials(ctx.db, input);
}

export async function getLibraryItem(ctx: ServiceContext, input: Input<'library.get'>): Promise<CredentialDetail> {
  const found = getCredential(ctx.db, input.id);
  if (!found) throw new AppError('not-found', `There is no credential ${input.id} in this library.`);
  return found;
}

export async function getLibraryOriginal(ctx: ServiceContext, input: Input<'library.original'>): Promise<Blob64> {
  const found = getOriginal(ctx.db, input.id);
  if (!found) throw new AppError('not-found', `There is no credential ${input.id} in this library.`);
  return { mediaType: found.mediaType, base64: Buffer.from(found.bytes).toString('base64') };
}

export async function getLibraryImage(ctx: ServiceContext, input: Input<'library.image'>): Promise<Blob64 | null> {
  const found = getImage(ctx.db, input.id);
  return found ? { mediaType: found.mediaType, base64: Buffer.from(found.bytes).toString('base64') } : null;
}
