// `skillfolio settings [--offline on|off] [--allow-private-network on|off]`: the network choices saved with the library, as the app's Settings shows them.
import type { AppSettings, Input, Method, Output } from '../shared/contract';
import { cell } from './table';
import { UsageError } from './usage';

export const SETTINGS_USAGE = `settings [--offline on|off] [--allow-private-network on|off]
                                 the network choices saved with this library (the app's Settings →
                                 Network); without a value these flags only apply to one run`;

/** The part of `util.parseArgs` tokens this command reads (which flag came where, and what followed it). */
export type ArgToken =
  | { kind: 'option'; name: string; index: number }
  | { kind: 'positional'; value: string; index: number }
  | { kind: 'option-terminator'; index: number };

type Switches = { offline?: boolean; allowPrivateNetwork?: boolean };

export type SettingsArgs = {
  /** What to save; empty to only show the settings. */
  changes: Switches;
  /** The run flags given before the command (`skillfolio --offline settings`). */
  run: { offline: boolean; allowPrivateNetwork: boolean };
};

const SWITCHES = { offline: 'offline', 'allow-private-network': 'allowPrivateNetwork' } as const;

function onOff(flag: string, value: string | undefined): boolean {
  if (value === 'on') return true;
  if (value === 'off') return false;
  throw new UsageError(
    value === undefined
      ? `settings --${flag} needs on or off.`
      : `settings --${flag} needs on or off, got "${cell(value, 30)}".`,
  );
}

/**
 * Reads `settings …` from the parsed tokens. The network flags are also run flags, so only where
 * they stand tells them apart: before the command they shape this run, after it they name a
 * setting to save and must be followed by on or off.
 */
export function settingsArgs(tokens: readonly ArgToken[]): SettingsArgs {
  const at = tokens.findIndex((t) => t.kind === 'positional');
  const before = at < 0 ? tokens : tokens.slice(0, at);
  const has = (name: string) => before.some((t) => t.kind === 'option' && t.name === name);
  const changes: Switches = {};
  for (let i = at + 1; at >= 0 && i < tokens.length; i++) {
    const t = tokens[i] as ArgToken;
    if (t.kind === 'positional') {
      throw new UsageError(
        `settings takes no arguments, got "${cell(t.value, 30)}" (say --offline on|off or --allow-private-network on|off).`,
      );
    }
    if (t.kind !== 'option' || !Object.hasOwn(SWITCHES, t.name)) continue;
    const key = SWITCHES[t.name as keyof typeof SWITCHES];
    const next = tokens[i + 1];
    const value = next?.kind === 'positional' ? next.value : undefined;
    if (value !== undefined) i++;
    const on = onOff(t.name, value);
    if (changes[key] !== undefined && changes[key] !== on) {
      throw new UsageError(`settings --${t.name} is given twice with different values.`);
    }
    changes[key] = on;
  }
  return {
    changes,
    run: { offline: has('offline'), allowPrivateNetwork: has('allow-private-network') },
  };
}

export type SettingsKit = {
  stdout: (s: string) => void;
  json: boolean;
  call: <M extends Method>(method: M, input: Input<M>) => Promise<Output<M>>;
};

const word = (on: boolean): string => (on ? 'on' : 'off');

function print(s: AppSettings, args: SettingsArgs, saved: boolean, out: (s: string) => void): void {
  const forced = (setting: boolean, flag: boolean, name: string) =>
    flag && !setting ? `   (on for this run only: --${name})` : '';
  if (s.problem !== null) out(`note: ${cell(s.problem, 400)}\n\n`);
  out(
    `offline                ${word(s.offline)}${forced(s.offline, args.run.offline, 'offline')}\n`,
  );
  out(
    `allow private network  ${word(s.allowPrivateNetwork)}${forced(s.allowPrivateNetwork, args.run.allowPrivateNetwork, 'allow-private-network')}\n`,
  );
  if (saved) {
    out(
      '\nSaved with this library. Every command uses them from now on; the desktop app, if it is open on this library, from its next start.\n',
    );
  }
}

export async function runSettings(args: SettingsArgs, kit: SettingsKit): Promise<number> {
  const change = Object.keys(args.changes).length > 0;
  const s = change
    ? await kit.call('settings.set', args.changes)
    : await kit.call('settings.get', {});
  if (kit.json) kit.stdout(`${JSON.stringify(s, null, 2)}\n`);
  else print(s, args, change, kit.stdout);
  return 0;
}
