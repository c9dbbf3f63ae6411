// Profiles (one library per person): what the app shows of one, and the rules for a name that is also a folder name.
import { AppError } from '../shared/errors';

/** The library that was there before profiles existed: the data folder itself. It cannot be created or removed. */
export const DEFAULT_PROFILE = 'default';

export const MAX_PROFILE_NAME_LENGTH = 64;

export type ProfileInfo = {
  name: string;
  /** The profile's library folder. */
  path: string;
  active: boolean;
  isDefault: boolean;
  createdAt: string | null;
};

export type ProfileList = { dataDir: string; active: string; profiles: ProfileInfo[] };

/** Names Windows reserves for devices, with or without an extension. */
const WINDOWS_DEVICES = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/iu;
/** Letters, marks and digits of any script, and a few separators people use in names. */
const ALLOWED = /^[\p{L}\p{M}\p{N} .,_'()-]+$/u;

/**
 * The profile name as it will be stored and used as a folder name (NFC, trimmed), or an
 * AppError('bad-input') that says what is wrong. `default` is refused: it names the original library.
 */
export function checkProfileName(raw: string): string {
  // eslint-disable-next-line no-control-regex -- control characters (NUL above all) are what is refused
  if (/[\u0000-\u001f\u007f-\u009f]/u.test(raw)) {
    throw new AppError('bad-input', 'A profile name cannot contain control characters.');
  }
  const name = raw.normalize('NFC').trim();
  if (name === '') throw new AppError('bad-input', 'A profile name cannot be empty.');
  if (/[/\\:]/u.test(name)) {
    throw new AppError(
      'bad-input',
      "A profile name cannot contain “/”, “\\” or “:” (it becomes a folder name). Use letters, digits, spaces and - _ . , ' ( ).",
    );
  }
  if (Array.from(name).length > MAX_PROFILE_NAME_LENGTH) {
    throw new AppError(
      'bad-input',
      `A profile name can be at most ${MAX_PROFILE_NAME_LENGTH} characters long.`,
    );
  }
  if (!ALLOWED.test(name)) {
    throw new AppError(
      'bad-input',
      "A profile name can only contain letters, digits, spaces and - _ . , ' ( ).",
    );
  }
  if (!/^[\p{L}\p{N}]/u.test(name)) {
    throw new AppError('bad-input', 'A profile name must start with a letter or a digit.');
  }
  if (name.endsWith('.')) {
    throw new AppError('bad-input', 'A profile name cannot end with a dot.');
  }
  if (WINDOWS_DEVICES.test(name)) {
    throw new AppError(
      'bad-input',
      `“${name}” is reserved by Windows; choose another profile name.`,
    );
  }
  if (sameProfileName(name, DEFAULT_PROFILE)) {
    throw new AppError(
      'bad-input',
      '“default” is the name of the original library; choose another profile name.',
    );
  }
  return name;
}

/** Two names that would be one folder on a case-insensitive file system (Windows, macOS). */
export function sameProfileName(a: string, b: string): boolean {
  return a.normalize('NFC').toLowerCase() === b.normalize('NFC').toLowerCase();
}
