// `skillfolio profile create|list|use|remove`: one library per person, chosen explicitly, never mixed.
import type { ProfileInfo } from '../core/profile';
import {
  createProfile,
  listProfiles,
  profileToRemove,
  removeProfile,
  useProfile,
} from '../services/profiles';
import { cell, table } from './table';
import { UsageError } from './usage';

export type ProfileKit = {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Asks on a terminal; null when nobody can answer. */
  confirm: (question: string) => boolean | null;
  json: boolean;
  yes: boolean;
  dataDir: string;
  now: () => Date;
};

export const PROFILE_USAGE = 'profile create <name> | list | use <name> | remove <name> [--yes]';

function quoted(name: string): string {
  return `“${cell(name, 64)}”`;
}

function print(kit: ProfileKit, value: unknown, human: () => string): void {
  kit.stdout(kit.json ? `${JSON.stringify(value, null, 2)}\n` : human());
}

function oneName(args: readonly string[], verb: string): string {
  if (args.length !== 1) {
    throw new UsageError(
      `profile ${verb} needs exactly one profile name (quote names with spaces).`,
    );
  }
  return args[0] as string;
}

/** Runs one profile subcommand and returns the exit code; errors are thrown (AppError → 1, UsageError → 2). */
export function runProfile(args: readonly string[], kit: ProfileKit): number {
  const [verb, ...rest] = args;
  switch (verb) {
    case 'list': {
      if (rest.length > 0) throw new UsageError('profile list takes no arguments.');
      const list = listProfiles(kit.dataDir);
      print(kit, list, () => {
        const rows = list.profiles.map((p: ProfileInfo) => [
          p.active ? '*' : '',
          cell(p.name, 64),
          cell(p.createdAt?.slice(0, 10), 10),
          cell(p.path, 80),
        ]);
        return `${table(['in use', 'profile', 'created', 'folder'], rows)}\n`;
      });
      return 0;
    }
    case 'create': {
      const created = createProfile(kit.dataDir, oneName(rest, 'create'), kit.now());
      print(
        kit,
        created,
        () =>
          `Created profile ${quoted(created.name)} (${created.path}).\nSwitch to it with: skillfolio profile use ${JSON.stringify(created.name)}\n`,
      );
      return 0;
    }
    case 'use': {
      const chosen = useProfile(kit.dataDir, oneName(rest, 'use'));
      print(
        kit,
        chosen,
        () => `Now using profile ${quoted(chosen.name)}: library ${chosen.path}\n`,
      );
      return 0;
    }
    case 'remove': {
      const target = profileToRemove(kit.dataDir, oneName(rest, 'remove'));
      if (!kit.yes) {
        const question =
          `Remove profile ${quoted(target.name)} and delete its library (${target.path})? This cannot be undone.` +
          (target.active ? ' It is the profile in use; “default” will be used afterwards.' : '');
        const answer = kit.confirm(question);
        if (answer === null) {
          throw new UsageError(
            `profile remove deletes ${quoted(target.name)}'s library: confirm with --yes (no terminal to ask on).`,
          );
        }
        if (!answer) {
          kit.stderr('Nothing was removed.\n');
          return 1;
        }
      }
      const result = removeProfile(kit.dataDir, target.name);
      print(
        kit,
        result,
        () =>
          `Removed profile ${quoted(result.removed.name)} and its library.\n` +
          (result.wasActive
            ? `It was the profile in use; now using ${quoted(result.active)}.\n`
            : ''),
      );
      return 0;
    }
    default:
      throw new UsageError(
        verb === undefined
          ? `profile needs a subcommand: ${PROFILE_USAGE}`
          : `unknown profile command "${cell(verb, 30)}" (${PROFILE_USAGE}).`,
      );
  }
}
