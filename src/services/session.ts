// Opens a library folder with everything services need; each transport (CLI, host, Electron) makes one.
import { closeLibrary, openLibrary } from '../db/open';
import { ensureSkillRules } from '../db/skills';
import { createFetcher } from '../verify/fetcher';
import type { ProgressEvent } from '../shared/contract';
import type { ServiceContext } from './context';

export type SessionOptions = {
  libraryDir: string;
  offline?: boolean;
  allowPrivateNetwork?: boolean;
  progress?: (event: ProgressEvent) => void;
  now?: () => Date;
  /** The data folder holding the profiles (see profiles.ts). */
  dataDir?: string;
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
  const fetcher = createFetcher({
    offline: opts.offline ?? false,
    allowPrivateNetwork: opts.allowPrivateNetwork ?? false,
    now,
  });
  return {
    db,
    libraryDir: opts.libraryDir,
    ...(opts.dataDir === undefined ? {} : { dataDir: opts.dataDir }),
    fetcher,
    now,
    progress: opts.progress ?? (() => undefined),
    close: () => closeLibrary(db),
  };
}
