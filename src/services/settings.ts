// The person's network choices (offline, intranet issuers), saved in the library folder so each profile keeps its own.
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../export/atomic-write';
import { isRecord, parseJsonBytes } from '../formats/json';
import type { AppSettings, Input, Output } from '../shared/contract';
import { AppError, toErrorData } from '../shared/errors';
import type { ServiceContext } from './context';

export const SETTINGS_FILE = 'settings.json';
/** The file holds two booleans; anything larger is not ours. */
const MAX_SETTINGS_BYTES = 64 * 1024;

export type NetworkSettings = { offline: boolean; allowPrivateNetwork: boolean };

export const DEFAULT_SETTINGS: Readonly<NetworkSettings> = Object.freeze({
  offline: false,
  allowPrivateNetwork: false,
});

/** What a damaged file gives: no network at all, rather than more than the person chose. */
const FAIL_SAFE: Readonly<NetworkSettings> = Object.freeze({
  offline: true,
  allowPrivateNetwork: false,
});

export type StoredSettings = { settings: NetworkSettings; problem: string | null };

/**
 * The settings saved in `libraryDir` (defaults when none were saved). A damaged or unreadable file
 * is not guessed around: the library stays offline and `problem` says why, until the person chooses
 * again (which rewrites the file).
 */
export function readSettings(libraryDir: string): StoredSettings {
  const file = path.join(libraryDir, SETTINGS_FILE);
  let bytes: Buffer;
  try {
    const st = fs.statSync(file);
    if (!st.isFile() || st.size > MAX_SETTINGS_BYTES) {
      return {
        settings: { ...FAIL_SAFE },
        problem: `${file} is not a Skillfolio settings file, so Skillfolio stays offline. Choose your settings again to replace it.`,
      };
    }
    bytes = fs.readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      return { settings: { ...DEFAULT_SETTINGS }, problem: null };
    }
    return {
      settings: { ...FAIL_SAFE },
      problem: `Cannot read ${file} (${(err as Error).message}), so Skillfolio stays offline.`,
    };
  }
  const damaged: StoredSettings = {
    settings: { ...FAIL_SAFE },
    problem: `${file} is damaged, so Skillfolio stays offline. Choose your settings again to replace it.`,
  };
  let doc: unknown;
  try {
    doc = parseJsonBytes(bytes, file);
  } catch {
    return damaged;
  }
  if (!isRecord(doc)) return damaged;
  const offline = Object.hasOwn(doc, 'offline') ? doc['offline'] : false;
  const allow = Object.hasOwn(doc, 'allowPrivateNetwork') ? doc['allowPrivateNetwork'] : false;
  if (typeof offline !== 'boolean' || typeof allow !== 'boolean') return damaged;
  return { settings: { offline, allowPrivateNetwork: allow }, problem: null };
}

/** Saves the settings whole or not at all, readable only by the person. */
export async function writeSettings(libraryDir: string, settings: NetworkSettings): Promise<void> {
  const file = path.join(libraryDir, SETTINGS_FILE);
  const body = {
    offline: settings.offline,
    allowPrivateNetwork: settings.allowPrivateNetwork,
  };
  try {
    await fs.promises.mkdir(libraryDir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(file, Buffer.from(`${JSON.stringify(body, null, 2)}\n`), {
      mode: 0o600,
    });
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError(
      'library',
      `Cannot save the settings in ${file}: ${toErrorData(err).message}`,
    );
  }
}

/**
 * What a session should do: the saved settings, each of which a start-up flag (`--offline`,
 * `--allow-private-network`) can turn on for that run but never off.
 */
export function sessionNetwork(
  libraryDir: string,
  flags: { offline?: boolean; allowPrivateNetwork?: boolean },
): NetworkSettings {
  const { settings } = readSettings(libraryDir);
  return {
    offline: flags.offline === true || settings.offline,
    allowPrivateNetwork: flags.allowPrivateNetwork === true || settings.allowPrivateNetwork,
  };
}

function describe(ctx: ServiceContext, stored: StoredSettings): AppSettings {
  return {
    ...stored.settings,
    effective: {
      offline: ctx.fetcher.settings.offline,
      allowPrivateNetwork: ctx.fetcher.settings.allowPrivateNetwork,
    },
    problem: stored.problem,
  };
}

export async function getSettingsService(ctx: ServiceContext): Promise<AppSettings> {
  return describe(ctx, readSettings(ctx.libraryDir));
}

/**
 * Saves the changed settings, then has the window reopen its library so the network door follows
 * them at once. Where the transport cannot reopen (the CLI), they apply from the next start.
 */
export async function setSettingsService(
  ctx: ServiceContext,
  input: Input<'settings.set'>,
): Promise<Output<'settings.set'>> {
  const before = readSettings(ctx.libraryDir);
  const next: NetworkSettings = {
    offline: input.offline ?? before.settings.offline,
    allowPrivateNetwork: input.allowPrivateNetwork ?? before.settings.allowPrivateNetwork,
  };
  // A damaged file's fail-safe values are not the person's choice: only what they set now is kept.
  if (before.problem !== null) {
    next.offline = input.offline ?? DEFAULT_SETTINGS.offline;
    next.allowPrivateNetwork = input.allowPrivateNetwork ?? DEFAULT_SETTINGS.allowPrivateNetwork;
  }
  await writeSettings(ctx.libraryDir, next);
  const now = ctx.fetcher.settings;
  // On only because of a start-up flag: still on after the reopen.
  const forced = {
    offline: now.offline && !before.settings.offline,
    allowPrivateNetwork: now.allowPrivateNetwork && !before.settings.allowPrivateNetwork,
  };
  let applied = false;
  if (ctx.switchLibrary !== undefined) {
    await ctx.switchLibrary(ctx.libraryDir);
    applied = true;
  }
  return {
    ...next,
    effective: applied
      ? {
          offline: forced.offline || next.offline,
          allowPrivateNetwork: forced.allowPrivateNetwork || next.allowPrivateNetwork,
        }
      : { offline: now.offline, allowPrivateNetwork: now.allowPrivateNetwork },
    problem: null,
    applied,
  };
}
