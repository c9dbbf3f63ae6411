// The Electron main process: one hardened window over the user's library, the contract served through IPC.
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, safeStorage, session, shell } from 'electron';
import { createLiveLibrary, type LiveLibrary } from '../../src/services/live-library';
import { openSession } from '../../src/services/session';
import { defaultDataDir, defaultLibraryDir } from '../../src/services/library-dir';
import { toErrorData } from '../../src/shared/errors';
import { IPC_CHANNELS } from '../../src/shared/channels';
import { createIpcHandler, createSenderCheck } from './ipc';
import { installMenu } from './menu';
import { electronSaveDialogs } from './save-dialogs';
import { createSaveFilesHandler } from './save-files';
import { createSafeStorageSealer } from './safe-storage';
import { CSP, isAllowedExternalUrl, isAppUrl } from './security';
import { appLocation, createMainWindow } from './window';

let mainWindow: BrowserWindow | null = null;
let library: LiveLibrary | null = null;
const location = appLocation();

function logError(err: unknown): void {
  console.error('[skillfolio]', err);
}

/** Rules for every web contents the app ever creates, before any page loads. */
function hardenContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url, location)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url, location)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isAllowedExternalUrl(url)) {
        shell.openExternal(url).catch(logError);
      }
      return { action: 'deny' };
    });
  });
}

function hardenSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] },
    });
  });
  // Defence in depth behind the CSP: the page may load its own files and the dev server, nothing else.
  ses.webRequest.onBeforeRequest((details, callback) => {
    const url = details.url;
    const own =
      url.startsWith('file:') ||
      url.startsWith('data:') ||
      url.startsWith('blob:') ||
      url.startsWith('devtools:') ||
      // The dev server's page and its hot-reload socket (same host and port).
      (location.devUrl !== undefined && new URL(url).host === new URL(location.devUrl).host);
    callback({ cancel: !own });
  });
}

/** `--library DIR` (as `npm start -- --library DIR` passes it), else the usual per-user folder. */
function chosenLibraryDir(argv: readonly string[]): string {
  const i = argv.indexOf('--library');
  const value = i >= 0 ? argv[i + 1] : undefined;
  return value && !value.startsWith('--') ? path.resolve(value) : defaultLibraryDir();
}

function openLibrary(): LiveLibrary | null {
  let libraryDir = '(the active profile)';
  try {
    // Inside the try: a damaged active-profile file is refused with a clear message, never guessed around.
    libraryDir = chosenLibraryDir(process.argv);
    // One opener for the first library and for every profile switch after it.
    const open = (dir: string) =>
      openSession({
        libraryDir: dir,
        dataDir: defaultDataDir(),
        keySealer: createSafeStorageSealer(safeStorage, process.platform),
        progress: (event) => {
          if (mainWindow && !mainWindow.isDestroyed()) {
            mainWindow.webContents.send(IPC_CHANNELS.event, event);
          }
        },
      });
    return createLiveLibrary(open, libraryDir);
  } catch (err) {
    const { message } = toErrorData(err);
    dialog.showErrorBox('Skillfolio cannot open your library', `${libraryDir}\n\n${message}`);
    return null;
  }
}

function start(): void {
  installMenu(app.getName());
  hardenSession();
  library = openLibrary();
  if (!library) {
    app.quit();
    return;
  }
  const isTrustedSender = createSenderCheck({
    windowContentsId: () =>
      mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents.id : null,
    location,
  });
  ipcMain.handle(
    IPC_CHANNELS.invoke,
    createIpcHandler({ library, isTrustedSender, log: logError }),
  );
  // Exports the window hands over are saved where the person points in our own dialog.
  ipcMain.handle(
    IPC_CHANNELS.saveFiles,
    createSaveFilesHandler({
      isTrustedSender,
      dialogs: electronSaveDialogs(() => mainWindow),
      log: logError,
    }),
  );
  mainWindow = createMainWindow({
    stateFile: path.join(app.getPath('userData'), 'window-state.json'),
    location,
  });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}

app.enableSandbox();
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  hardenContents();
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    library?.close();
    library = null;
  });
  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      logError(err);
      app.quit();
    });
}
