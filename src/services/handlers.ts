// Joins every contract method to its service: one typed map the transports dispatch through.
import { listSkills } from '../db/skills';
import type { Input, Method, Output } from '../shared/contract';
import type { ServiceContext } from './context';
import { addIdentityService, listIdentitiesService, removeIdentityService } from './identity';
import { importSources } from './import';
import { deleteLibraryItem, getLibraryFacets } from './library-admin';
import { getLibraryImage, getLibraryItem, getLibraryOriginal, libraryInfo, listLibrary } from './library';
import { reverifyLibrary, verifyCredentials } from './verify';

type Handlers = { [M in Method]: (ctx: ServiceContext, input: Input<M>) => Promise<Output<M>> };

export const handlers: Handlers = {
  'library.info': (ctx) => libraryInfo(ctx),
  'library.import': importSources,
  'library.list': listLibrary,
  'library.get': getLibraryItem,
  'library.original': getLibraryOriginal,
  'library.image': getLibraryImage,
  'skills.list': async (ctx) => listSkills(ctx.db),
  'library.facets': (ctx) => getLibraryFacets(ctx),
  'library.delete': deleteLibraryItem,
  'credential.verify': verifyCredentials,
  'library.reverify': reverifyLibrary,
  'identity.add': addIdentityService,
  'identity.list': (ctx) => listIdentitiesService(ctx),
  'identity.remove': removeIdentityService,
};
