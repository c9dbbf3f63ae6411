// The window's security settings as plain data and pure checks, so tests can assert them without loading Electron.
import type { WebPreferences } from 'electron';
import { RENDERER_CSP } from '../../src/shared/renderer-policy';

/** Every window gets exactly these (plus its preload path); see SECURITY.md. */
export const WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  safeDialogs: true,
  spellcheck: false,
} as const satisfies WebPreferences;

/** The renderer never talks to the network: badge images come from the library as data: URLs. */
export const CSP = RENDERER_CSP;

/** Links the user clicked may open in their browser only when they are plain https: URLs. */
export function isAllowedExternalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '';
}

/** Where our own page is loaded from: the built index.html, or the dev server while developing. */
export type AppLocation = { indexUrl: string; devUrl?: string };

/** True only for our own page (query and fragment ignored); any other document is foreign. */
export function isAppUrl(url: string, where: AppLocation): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (where.devUrl) {
    const dev = new URL(where.devUrl);
    if (parsed.origin !== 'null' && parsed.origin === dev.origin) return true;
  }
  const index = new URL(where.indexUrl);
  return (
    parsed.protocol === index.protocol &&
    parsed.host === index.host &&
    parsed.pathname === index.pathname
  );
}
