// Opens a library folder with everything services need; each transport (CLI, host, Electron) makes one.
import { closeLibrary, openLibrary } from '../db/open';
import { ensureSkillRules } from '../db/skills';
import { createFetcher } from '../verify/fetcher';
import type { ProgressEvent } from '../shared/contract';
import { sessionNetwork } from './settings';
import type { KeySealer, ServiceContext } from './context';

export type SessionOptions = {
  libraryDir: string;
  offline?: boolean;
  allowPrivateNetwork?: boolean;
  progress?: (event: ProgressEvent) => void;
  now?: () => Date;
  /** The data folder holding the profiles (see profiles.ts). */
  dataDir?: string;
  /** The desktop app's OS key storage (Electron safeStorage). */
  keySealer?: KeySealer;
};

export type Session = ServiceContext & { close(): void };

export function openSession(opts: SessionOptions): Session {
  const db = openLibrary(opts.libraryDir);
  try {
    // Links made by older skill rules are rebuilt once, keeping every edit the person made.
    ensureSkillRules(db);
  } catch (err) {
    closeLibrary(db);
    throw err;
  }
  const now = opts.now ?? (() => new Date());
  // The settings saved with the library; the caller's flags can only add to them (settings.ts).
  const network = sessionNetwork(opts.libraryDir, opts);
  const fetcher = createFetcher({ ...network, now });
  return {
    db,
    libraryDir: opts.libraryDir,
    ...(opts.dataDir === undefined ? {} : { dataDir: opts.dataDir }),
    ...(opts.keySealer === undefined ? {} : { keySealer: opts.keySealer }),
    fetcher,
    now,
    progress: opts.progress ?? (() => undefined),
    close: () => closeLibrary(db),
  };
}
