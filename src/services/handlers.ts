// Joins every contract method to its service: one typed map the transports dispatch through.
import type { Input, Method, Output } from '../shared/contract';
import type { ServiceContext } from './context';
import { addIdentityService, listIdentitiesService, removeIdentityService } from './identity';
import { importSources } from './import';
import { addManualEntryService } from './manual-entry';
import * as exporting from './export';
import { exportFilesService } from './export-files';
import { deleteLibraryItem, getLibraryFacets } from './library-admin';
import {
  getLibraryImage,
  getLibraryItem,
  getLibraryOriginal,
  libraryInfo,
  listLibrary,
} from './library';
import { reverifyLibrary, verifyCredentials } from './verify';
import * as portfolio from './portfolio';
import {
  createProfileService,
  listProfilesService,
  removeProfileService,
  switchProfile,
} from './profiles';
import { backupLibraryService, restoreLibraryService } from './backup';
import { exportKeyFileService, importKeyFileService } from './keys-file';
import { importSamplesService } from './samples';
import { getSettingsService, setSettingsService } from './settings';
import * as skills from './skills';

type Handlers = { [M in Method]: (ctx: ServiceContext, input: Input<M>) => Promise<Output<M>> };

export const handlers: Handlers = {
  'library.info': (ctx) => libraryInfo(ctx),
  'library.import': importSources,
  'library.addManual': addManualEntryService,
  'library.list': listLibrary,
  'library.get': getLibraryItem,
  'library.original': getLibraryOriginal,
  'library.image': getLibraryImage,
  'skills.list': skills.listSkillsService,
  'skills.rename': skills.renameSkillService,
  'skills.merge': skills.mergeSkillsService,
  'skills.hide': skills.hideSkillService,
  'skills.add': skills.addSkillService,
  'skills.attach': skills.attachSkillService,
  'skills.detach': skills.detachSkillService,
  'profile.list': (ctx) => listProfilesService(ctx),
  'profile.create': createProfileService,
  'profile.switch': switchProfile,
  'profile.remove': removeProfileService,
  'portfolio.list': (ctx) => portfolio.listPortfoliosService(ctx),
  'portfolio.get': portfolio.getPortfolioService,
  'portfolio.create': portfolio.createPortfolioService,
  'portfolio.update': portfolio.updatePortfolioService,
  'portfolio.duplicate': portfolio.duplicatePortfolioService,
  'portfolio.delete': portfolio.deletePortfolioService,
  'portfolio.addEntries': portfolio.addEntriesService,
  'portfolio.removeEntry': portfolio.removeEntryService,
  'portfolio.moveEntry': portfolio.moveEntryService,
  'portfolio.setEntryNote': portfolio.setEntryNoteService,
  'portfolio.setEntryHidden': portfolio.setEntryHiddenService,
  'portfolio.addSection': portfolio.addSectionService,
  'portfolio.renameSection': portfolio.renameSectionService,
  'portfolio.removeSection': portfolio.removeSectionService,
  'portfolio.moveSection': portfolio.moveSectionService,
  'portfolio.snapshot': portfolio.snapshotPortfolioService,
  'portfolio.preview': portfolio.previewPortfolioService,
  'library.facets': (ctx) => getLibraryFacets(ctx),
  'library.delete': deleteLibraryItem,
  'credential.verify': verifyCredentials,
  'library.reverify': reverifyLibrary,
  'identity.add': addIdentityService,
  'identity.list': (ctx) => listIdentitiesService(ctx),
  'identity.remove': removeIdentityService,
  'portfolio.export': exporting.exportPortfolioService,
  'portfolio.exportFiles': exportFilesService,
  'export.verify': exporting.verifyExportService,
  'keys.show': exporting.showKeysService,
  'keys.rotate': exporting.rotateKeysService,
  'keys.export': exporting.exportKeysService,
  'keys.import': exporting.importKeysService,
  'keys.importFile': importKeyFileService,
  'keys.exportFile': exportKeyFileService,
  'settings.get': (ctx) => getSettingsService(ctx),
  'settings.set': setSettingsService,
  'library.backup': backupLibraryService,
  'library.restore': restoreLibraryService,
  'library.importSamples': (ctx) => importSamplesService(ctx),
};
