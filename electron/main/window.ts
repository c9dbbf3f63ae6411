// Creates the one app window with the hardened settings and remembers its bounds between runs.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, screen } from 'electron';
import { WEB_PREFERENCES, type AppLocation } from './security';
import { fitToDisplays, loadWindowState, saveWindowState } from './window-state';

/** The built page next to the main bundle (out/main → out/renderer), or the dev server electron-vite started. */
export function appLocation(): AppLocation {
  const indexFile = path.join(__dirname, '../renderer/index.html');
  const devUrl = process.env.ELECTRON_RENDERER_URL;
  return { indexUrl: pathToFileURL(indexFile).href, ...(devUrl ? { devUrl } : {}) };
}

export function createMainWindow(opts: {
  stateFile: string;
  location: AppLocation;
}): BrowserWindow {
  const saved = fitToDisplays(
    loadWindowState(opts.stateFile),
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const win = new BrowserWindow({
    ...(saved.x !== undefined && saved.y !== undefined ? { x: saved.x, y: saved.y } : {}),
    width: saved.width,
    height: saved.height,
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: 'Skillfolio',
    backgroundColor: '#f7f7f5',
    webPreferences: {
      ...WEB_PREFERENCES,
      preload: path.join(__dirname, '../preload/index.js'),
    },
  });
  if (saved.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  win.on('close', () => {
    try {
      const b = win.getNormalBounds();
      saveWindowState(opts.stateFile, { ...b, maximized: win.isMaximized() });
    } catch {
      // Losing the window position is not worth a crash on quit.
    }
  });

  const url = opts.location.devUrl ?? opts.location.indexUrl;
  win.loadURL(url).catch((err: unknown) => console.error(`Could not load ${url}:`, err));
  return win;
}
