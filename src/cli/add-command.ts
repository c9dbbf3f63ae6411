// `skillfolio add`: one credential typed in on the command line, stored as self-reported.
import type { ImportResult } from '../core/library';
import type { Input } from '../shared/contract';
import { cell } from './table';
import { UsageError } from './usage';

export const ADD_USAGE =
  'add --title T --issuer I --date YYYY-MM-DD [--url U] [--description D] [--skill S]…';

export type AddOptions = {
  title?: string | undefined;
  issuer?: string | undefined;
  date?: string | undefined;
  url?: string | undefined;
  description?: string | undefined;
  skills?: readonly string[] | undefined;
};

export type AddKit = {
  stdout: (s: string) => void;
  json: boolean;
  options: AddOptions;
  add: (input: Input<'library.addManual'>) => Promise<ImportResult>;
};

/** Exit code: 0 added (or already there), 1 refused by the service (it says why), 2 wrong usage. */
export async function runAdd(args: readonly string[], kit: AddKit): Promise<number> {
  if (args.length > 0) {
    throw new UsageError(
      `add takes its fields as options (--title, --issuer, --date …), not "${cell(args[0], 40)}".`,
    );
  }
  const { title, issuer, date } = kit.options;
  const missing = [
    title === undefined ? '--title' : null,
    issuer === undefined ? '--issuer' : null,
    date === undefined ? '--date' : null,
  ].filter((m): m is string => m !== null);
  if (missing.length > 0) {
    throw new UsageError(
      `add needs ${missing.join(', ')} (for example: skillfolio add --title "Data Analysis" --issuer "Example College" --date 2024-03-15).`,
    );
  }
  const r = await kit.add({
    title: title ?? '',
    issuer: issuer ?? '',
    date: date ?? '',
    ...(kit.options.url !== undefined ? { url: kit.options.url } : {}),
    ...(kit.options.description !== undefined ? { description: kit.options.description } : {}),
    ...(kit.options.skills && kit.options.skills.length > 0
      ? { skills: [...kit.options.skills] }
      : {}),
  });
  if (kit.json) {
    kit.stdout(
      `${JSON.stringify({ imported: r.imported, duplicates: r.duplicates, rejected: r.rejected }, null, 2)}\n`,
    );
  } else {
    for (const i of r.imported) {
      kit.stdout(
        `Added #${i.id} "${cell(i.title, 80)}" as self-reported (nothing about it is verified).\n`,
      );
    }
    for (const d of r.duplicates) kit.stdout(`Already in your library as #${d.id}.\n`);
    for (const x of r.rejected) kit.stdout(`Not added: ${cell(x.error.message, 200)}\n`);
  }
  return r.rejected.length > 0 ? 1 : 0;
}
