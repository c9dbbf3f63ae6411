// Where the library lives when nobody says otherwise: the per-user data folder the desktop app and the CLI share.
import os from 'node:os';
import path from 'node:path';
import { activeLibraryDir } from './profiles';

/**
 * The per-user data folder (SKILLFOLIO_DATA_DIR overrides it): it holds the default profile's library,
 * the other profiles under profiles/, and which profile is in use.
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): string {
  const override = env.SKILLFOLIO_DATA_DIR;
  if (override && override.trim() !== '') return path.resolve(override);
  const home = os.homedir();
  if (platform === 'win32') {
    return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Skillfolio');
  }
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Skillfolio');
  const xdg =
    env.XDG_DATA_HOME && env.XDG_DATA_HOME.trim() !== ''
      ? env.XDG_DATA_HOME
      : path.join(home, '.local', 'share');
  return path.join(xdg, 'skillfolio');
}

/**
 * The library to open when no folder is named: SKILLFOLIO_LIBRARY if set, else the library of the
 * profile in use. Throws an AppError when the choice of profile is damaged or names a removed profile,
 * rather than quietly opening another person's library.
 */
export function defaultLibraryDir(
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): string {
  const override = env.SKILLFOLIO_LIBRARY;
  if (override && override.trim() !== '') return path.resolve(override);
  return activeLibraryDir(defaultDataDir(env, platform));
}
