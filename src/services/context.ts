// What every service receives: the open library, the one network door, the clock and a progress sink.
import type { Db } from '../db/open';
import type { KeySealer } from '../export/keys';
import type { Fetcher } from '../verify/fetcher';
import type { ProgressEvent } from '../shared/contract';

export type ServiceContext = {
  db: Db;
  libraryDir: string;
  fetcher: Fetcher;
  now: () => Date;
  progress: (event: ProgressEvent) => void;
  /** The per-user data folder holding the profiles; absent where profiles are not offered. */
  dataDir?: string;
  /** Set by transports that can reopen themselves on another library (profile switching). */
  switchLibrary?: (libraryDir: string) => Promise<void> | void;
  /** The desktop app's OS key storage; without it (CLI, browser mode) keys live in a file. */
  keySealer?: KeySealer;
};

export type { KeySealer };
