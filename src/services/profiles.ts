// Profiles: one separate library folder per person (an adviser keeps one per client), and which one is in use.
//
// Layout under the data folder: the original library lives in the folder itself (the `default`
// profile); each other profile is `profiles/<name>/` with its own library.sqlite; `active-profile.json`
// names the profile in use. Nothing is shared between two profiles' folders.
import fs from 'node:fs';
import path from 'node:path';
import {
  checkProfileName,
  DEFAULT_PROFILE,
  sameProfileName,
  type ProfileInfo,
  type ProfileList,
} from '../core/profile';
import { closeLibrary, openLibrary } from '../db/open';
import type { Input } from '../shared/contract';
import { AppError } from '../shared/errors';
import type { ServiceContext } from './context';

export const PROFILES_FOLDER = 'profiles';
export const ACTIVE_PROFILE_FILE = 'active-profile.json';
const PROFILE_FILE = 'profile.json';

export type { ProfileInfo, ProfileList } from '../core/profile';

function profilesRoot(dataDir: string): string {
  return path.join(dataDir, PROFILES_FOLDER);
}

/** Writes a small file so that a crash leaves either the old or the new content, never half. */
function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, text, { mode: 0o600 });
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    const detail = err instanceof Error ? err.message : String(err);
    throw new AppError('library', `Cannot write ${file}: ${detail}`);
  }
}

/** Folder names under profiles/ that are profiles (valid names, real folders, not links). */
function profileFolders(dataDir: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(profilesRoot(dataDir), { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new AppError('library', `Cannot read the profiles folder: ${(err as Error).message}`);
  }
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .filter((name) => {
      try {
        return checkProfileName(name) === name;
      } catch {
        return false;
      }
    })
    .sort((a, b) => a.localeCompare(b));
}

/** The stored spelling of an existing profile named `raw` (any case), or null. */
function findProfile(dataDir: string, raw: string): string | null {
  if (sameProfileName(raw.trim(), DEFAULT_PROFILE)) return DEFAULT_PROFILE;
  const name = checkProfileName(raw);
  return profileFolders(dataDir).find((f) => sameProfileName(f, name)) ?? null;
}

function requireProfile(dataDir: string, raw: string): string {
  const found = findProfile(dataDir, raw);
  if (found === null) {
    throw new AppError(
      'not-found',
      `There is no profile named “${raw.trim()}”. See the list with: skillfolio profile list`,
    );
  }
  return found;
}

function folderOf(dataDir: string, name: string): string {
  return name === DEFAULT_PROFILE ? dataDir : path.join(profilesRoot(dataDir), name);
}

/** The profile in use: `default` unless another was chosen. A damaged choice is an error, never a silent fallback. */
export function activeProfile(dataDir: string): string {
  const file = path.join(dataDir, ACTIVE_PROFILE_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return DEFAULT_PROFILE;
    throw new AppError('library', `Cannot read ${file}: ${(err as Error).message}`);
  }
  const damaged = new AppError(
    'library',
    `${file} is damaged, so Skillfolio cannot tell which profile is in use. Choose one with: skillfolio profile use <name>`,
  );
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw damaged;
  }
  const active =
    typeof parsed === 'object' && parsed !== null ? (parsed as { active?: unknown }).active : null;
  if (typeof active !== 'string') throw damaged;
  if (active === DEFAULT_PROFILE) return DEFAULT_PROFILE;
  let name: string;
  try {
    name = checkProfileName(active);
  } catch {
    throw damaged;
  }
  if (!profileFolders(dataDir).includes(name)) {
    throw new AppError(
      'library',
      `The profile in use, “${name}”, no longer exists. Choose another with: skillfolio profile use <name>`,
    );
  }
  return name;
}

/** The library folder of the profile in use. */
export function activeLibraryDir(dataDir: string): string {
  return folderOf(dataDir, activeProfile(dataDir));
}

function info(dataDir: string, name: string, active: string): ProfileInfo {
  let createdAt: string | null = null;
  if (name !== DEFAULT_PROFILE) {
    try {
      const meta = JSON.parse(
        fs.readFileSync(path.join(folderOf(dataDir, name), PROFILE_FILE), 'utf8'),
      ) as { createdAt?: unknown };
      if (typeof meta.createdAt === 'string') createdAt = meta.createdAt;
    } catch {
      // A profile folder without its small description is still a profile.
    }
  }
  return {
    name,
    path: folderOf(dataDir, name),
    active: name === active,
    isDefault: name === DEFAULT_PROFILE,
    createdAt,
  };
}

export function listProfiles(dataDir: string): ProfileList {
  const active = activeProfile(dataDir);
  const names = [DEFAULT_PROFILE, ...profileFolders(dataDir)];
  return { dataDir, active, profiles: names.map((n) => info(dataDir, n, active)) };
}

/** Creates an empty profile (its folder and library); the profile in use does not change. */
export function createProfile(dataDir: string, raw: string, now: Date): ProfileInfo {
  const name = checkProfileName(raw);
  const clash = profileFolders(dataDir).find((f) => sameProfileName(f, name));
  if (clash !== undefined) {
    throw new AppError('bad-input', `A profile named “${clash}” already exists.`);
  }
  const root = profilesRoot(dataDir);
  const dir = path.join(root, name);
  try {
    fs.mkdirSync(root, { recursive: true, mode: 0o700 });
    fs.mkdirSync(dir, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new AppError('bad-input', `A profile named “${name}” already exists.`);
    }
    throw new AppError(
      'library',
      `Cannot create the profile folder ${dir}: ${(err as Error).message}`,
    );
  }
  try {
    writeAtomically(
      path.join(dir, PROFILE_FILE),
      `${JSON.stringify({ name, createdAt: now.toISOString() }, null, 2)}\n`,
    );
    closeLibrary(openLibrary(dir));
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return info(dataDir, name, activeProfile(dataDir));
}

/** Makes `raw` the profile in use (its library becomes the default for the CLI and the app). */
export function useProfile(dataDir: string, raw: string): ProfileInfo {
  const name = requireProfile(dataDir, raw);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  writeAtomically(path.join(dataDir, ACTIVE_PROFILE_FILE), `${JSON.stringify({ active: name })}\n`);
  return info(dataDir, name, name);
}

export type RemovedProfile = { removed: ProfileInfo; wasActive: boolean; active: string };

/** What `removeProfile` would remove: checked before anyone is asked to confirm. */
export function profileToRemove(dataDir: string, raw: string): ProfileInfo {
  const name = requireProfile(dataDir, raw);
  if (name === DEFAULT_PROFILE) {
    throw new AppError(
      'bad-input',
      'The default profile is the original library and cannot be removed.',
    );
  }
  return info(dataDir, name, activeProfile(dataDir));
}

/**
 * Deletes a profile's folder and everything in it. If it was in use, `default` is in use afterwards
 * (the result says so).
 */
export function removeProfile(dataDir: string, raw: string): RemovedProfile {
  const target = profileToRemove(dataDir, raw);
  const root = fs.realpathSync(profilesRoot(dataDir));
  const stat = fs.lstatSync(target.path);
  // Only a real folder directly inside profiles/ is ever deleted.
  if (!stat.isDirectory() || path.dirname(fs.realpathSync(target.path)) !== root) {
    throw new AppError(
      'unsafe-content',
      `${target.path} is not a profile folder, so it was left alone.`,
    );
  }
  if (target.active) useProfile(dataDir, DEFAULT_PROFILE);
  fs.rmSync(target.path, { recursive: true });
  return { removed: target, wasActive: target.active, active: activeProfile(dataDir) };
}

// ---------------------------------------------------------------------------------------------------
// Contract handlers (the app); the CLI calls the functions above directly, without opening a library.

function dataDirOf(ctx: ServiceContext): string {
  if (ctx.dataDir === undefined) {
    throw new AppError('bad-input', 'Profiles are not available in this window.');
  }
  return ctx.dataDir;
}

export async function listProfilesService(ctx: ServiceContext): Promise<ProfileList> {
  return listProfiles(dataDirOf(ctx));
}

export async function createProfileService(
  ctx: ServiceContext,
  input: Input<'profile.create'>,
): Promise<ProfileInfo> {
  return createProfile(dataDirOf(ctx), input.name, ctx.now());
}

/**
 * Switches the app to another profile: records the choice, then has the transport reopen its session
 * on that library. If the library cannot be opened, the previous choice is put back.
 */
export async function switchProfile(
  ctx: ServiceContext,
  input: Input<'profile.switch'>,
): Promise<ProfileInfo> {
  const dataDir = dataDirOf(ctx);
  const reopen = ctx.switchLibrary;
  if (reopen === undefined) {
    throw new AppError(
      'bad-input',
      'This window cannot switch profiles; use "skillfolio profile use <name>" and start it again.',
    );
  }
  const previous = activeProfile(dataDir);
  const chosen = useProfile(dataDir, input.name);
  try {
    await reopen(chosen.path);
  } catch (err) {
    useProfile(dataDir, previous);
    throw err;
  }
  return chosen;
}

/**
 * Removes a profile and its library from the window. The profile in use is refused: the window
 * would be left on a deleted library (and Windows cannot delete a file that is open), so the person
 * switches to another profile first.
 */
export async function removeProfileService(
  ctx: ServiceContext,
  input: Input<'profile.remove'>,
): Promise<{ removed: ProfileInfo; active: string }> {
  const dataDir = dataDirOf(ctx);
  const target = profileToRemove(dataDir, input.name);
  if (target.active || path.resolve(target.path) === path.resolve(ctx.libraryDir)) {
    throw new AppError(
      'bad-input',
      `“${target.name}” is the profile in use. Switch to another profile first, then remove it.`,
    );
  }
  const { removed, active } = removeProfile(dataDir, target.name);
  return { removed, active };
}
