// Opens a library folder with everything services need; each transport (CLI, host, Electron) makes one.
import { closeLibrary, openLibrary } from '../db/open';
import { createFetcher } from '../verify/fetcher';
import type { ProgressEvent } from '../shared/contract';
import type { ServiceContext } from './context';

export type SessionOptions = {
  libraryDir: string;
  offline?: boolean;
  allowPrivateNetwork?: boolean;
  progress?: (event: ProgressEvent) => void;
  now?: () => Date;
};

export type Session = ServiceContext & { close(): void };

export function openSession(opts: SessionOptions): Session {
  const db = openLibrary(opts.libraryDir);
  const now = opts.now ?? (() => new Date());
  const fetcher = createFetcher({
    offline: opts.offline ?? false,
    allowPrivateNetwork: opts.allowPrivateNetwork ?? false,
    now,
  });
  return {
    db,
    libraryDir: opts.libraryDir,
    fetcher,
    now,
    progress: opts.progress ?? (() => undefined),
    close: () => closeLibrary(db),
  };
}
