// The library a long-lived window works on (browser mode or Electron), which a profile switch replaces without pulling it from under a running request.
import type { ServiceContext } from './context';
import type { Session } from './session';

export type LiveLibrary = {
  /** Runs one request against the library in use; a switch during it closes the old one afterwards. */
  use<T>(fn: (ctx: ServiceContext) => Promise<T>): Promise<T>;
  /** The library folder in use. */
  libraryDir(): string;
  close(): void;
};

type Live = { session: Session; users: number; retired: boolean };

/**
 * `open` makes a session for a library folder. A profile switch opens the next library first (so a
 * library that cannot be opened leaves the current one in place), then retires the current one: it
 * closes once the requests still using it — the switch request itself, at least — have answered.
 */
export function createLiveLibrary(
  open: (libraryDir: string) => Session,
  libraryDir: string,
): LiveLibrary {
  let live: Live = { session: open(libraryDir), users: 0, retired: false };
  const release = (l: Live): void => {
    l.users--;
    if (l.retired && l.users === 0) l.session.close();
  };
  const switchLibrary = (next: string): void => {
    const session = open(next);
    const old = live;
    live = { session, users: 0, retired: false };
    old.retired = true;
    if (old.users === 0) old.session.close();
  };
  return {
    async use(fn) {
      const current = live;
      current.users++;
      try {
        return await fn({ ...current.session, switchLibrary });
      } finally {
        release(current);
      }
    },
    libraryDir: () => live.session.libraryDir,
    close() {
      live.retired = true;
      if (live.users === 0) live.session.close();
    },
  };
}
