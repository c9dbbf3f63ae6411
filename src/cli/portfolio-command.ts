// `skillfolio portfolio …`: build a portfolio from the command line (create, add, remove, move, show, list, duplicate …).
import type { HideableField } from '../core/portfolio';
import { HIDEABLE_FIELDS } from '../core/portfolio';
import type { PortfolioListItem, PortfolioView } from '../core/portfolio-view';
import type { Input, Method, Output } from '../shared/contract';
import { AppError } from '../shared/errors';
import { cell, table } from './table';
import { parseCredentialId, UsageError } from './usage';

export type PortfolioOptions = {
  section?: string;
  person?: string;
  headline?: string;
  email?: string;
  link?: string[];
  role?: string;
  summary?: string;
};

export type PortfolioKit = {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  confirm: (question: string) => boolean | null;
  json: boolean;
  yes: boolean;
  options: PortfolioOptions;
  call: <M extends Method>(method: M, input: Input<M>) => Promise<Output<M>>;
};

export const PORTFOLIO_USAGE = `portfolio create <name> [--person P] [--headline H] [--email E] [--link URL]… [--role R] [--summary S]
  portfolio add <portfolio> <id>… [--section S]     (default: the first section)
  portfolio remove <portfolio> <id>…
  portfolio move <portfolio> <id> <position> [--section S]
  portfolio list | show <portfolio>
  portfolio duplicate <portfolio> [<new name>] | rename <portfolio> <new name>
  portfolio set <portfolio> [--person P] [--headline H] [--email E] [--link URL]… [--role R] [--summary S]
  portfolio note <portfolio> <id> <text> | hide <portfolio> <id> [<field>…] | delete <portfolio> [--yes]`;

function quoted(name: string): string {
  return `“${cell(name, 80)}”`;
}

/**
 * The portfolio an argument names: "#3" is always an id; otherwise the exact name (case ignored, as
 * names are unique regardless of case); otherwise a plain number is an id.
 */
async function resolvePortfolio(kit: PortfolioKit, ref: string): Promise<number> {
  const list: PortfolioListItem[] = await kit.call('portfolio.list', {});
  if (/^#\d+$/.test(ref)) return portfolioById(ref, list);
  const byName =
    list.find((p) => p.name === ref) ??
    list.find((p) => p.name.toLowerCase() === ref.toLowerCase());
  if (byName) return byName.id;
  if (/^\d+$/.test(ref)) return portfolioById(ref, list);
  throw new AppError(
    'not-found',
    `There is no portfolio named ${quoted(ref)}. See them with: skillfolio portfolio list`,
  );
}

function portfolioById(ref: string, list: readonly PortfolioListItem[]): number {
  const id = Number(ref.replace(/^#/, ''));
  if (!Number.isSafeInteger(id) || !list.some((p) => p.id === id)) {
    throw new AppError('not-found', `There is no portfolio ${cell(ref, 20)} in this library.`);
  }
  return id;
}

function fieldInput(o: PortfolioOptions): Partial<Input<'portfolio.update'>> {
  return {
    ...(o.person !== undefined ? { personName: o.person } : {}),
    ...(o.headline !== undefined ? { headline: o.headline } : {}),
    ...(o.email !== undefined ? { email: o.email } : {}),
    ...(o.link !== undefined ? { links: o.link } : {}),
    ...(o.role !== undefined ? { targetRole: o.role } : {}),
    ...(o.summary !== undefined ? { summary: o.summary } : {}),
  };
}

function sectionId(p: PortfolioView, title: string): number {
  const s = p.sections.find((x) => x.title.toLowerCase() === title.trim().toLowerCase());
  if (!s) {
    throw new AppError(
      'not-found',
      `Portfolio ${quoted(p.name)} has no section ${quoted(title)} (sections: ${p.sections.map((x) => quoted(x.title)).join(', ') || 'none'}).`,
    );
  }
  return s.id;
}

function printPortfolio(p: PortfolioView, out: (s: string) => void): void {
  const field = (k: string, v: string | null | undefined) =>
    out(`${k.padEnd(13)}${cell(v, 200)}\n`);
  const title = `${cell(p.name, 100)} (#${p.id})`;
  out(`${title}\n${'═'.repeat(Math.min(60, Array.from(title).length))}\n`);
  field('person', p.personName);
  field('headline', p.headline);
  field('e-mail', p.email);
  field('links', p.links.join(', '));
  field('target role', p.targetRole);
  if (p.summary) field('summary', p.summary);
  field('updated', p.updatedAt);
  if (p.sections.length === 0) {
    out('\nNo credentials yet. Add some with: skillfolio portfolio add <portfolio> <id>…\n');
    return;
  }
  p.sections.forEach((s, i) => {
    out(
      `\n${i + 1}. ${cell(s.title, 100)}${s.skill !== null ? `  (skill: ${cell(s.skill, 60)})` : ''}\n`,
    );
    if (s.entries.length === 0) {
      out('   (empty)\n');
      return;
    }
    const rows = s.entries.map((e, n) => {
      const c = p.credentials[e.credentialId];
      return [
        String(n + 1),
        `#${e.credentialId}`,
        cell(c?.title, 50),
        cell(c?.issuerName, 30),
        cell(c?.issuedOn?.slice(0, 10), 10),
        c?.verdict ?? '—',
        cell(e.hidden.join(', '), 40),
        cell(e.note, 60),
      ];
    });
    const lines = table(
      ['pos', 'id', 'title', 'issuer', 'issued', 'verdict', 'hidden', 'note'],
      rows,
    );
    out(
      `${lines
        .split('\n')
        .map((l) => `   ${l}`)
        .join('\n')}\n`,
    );
  });
}

function printList(list: readonly PortfolioListItem[], out: (s: string) => void): void {
  if (list.length === 0) {
    out('No portfolios yet. Create one with: skillfolio portfolio create <name>\n');
    return;
  }
  const rows = list.map((p) => [
    String(p.id),
    cell(p.name, 50),
    cell(p.personName, 30),
    cell(p.targetRole, 30),
    String(p.sections),
    String(p.entries),
    cell(p.updatedAt.slice(0, 10), 10),
  ]);
  out(
    `${table(['id', 'name', 'person', 'target role', 'sections', 'credentials', 'updated'], rows)}\n`,
  );
}

function needs(args: readonly string[], min: number, max: number, usage: string): void {
  if (args.length < min || args.length > max) throw new UsageError(`usage: skillfolio ${usage}`);
}

/** Runs one portfolio subcommand and returns the exit code; errors are thrown (AppError → 1, UsageError → 2). */
export async function runPortfolio(args: readonly string[], kit: PortfolioKit): Promise<number> {
  const [verb, ...rest] = args;
  const show = (p: PortfolioView, message?: string): number => {
    if (kit.json) kit.stdout(`${JSON.stringify(p, null, 2)}\n`);
    else {
      if (message) kit.stdout(`${message}\n\n`);
      printPortfolio(p, kit.stdout);
    }
    return 0;
  };
  const o = kit.options;
  switch (verb) {
    case 'list': {
      needs(rest, 0, 0, 'portfolio list');
      const list = await kit.call('portfolio.list', {});
      if (kit.json) kit.stdout(`${JSON.stringify(list, null, 2)}\n`);
      else printList(list, kit.stdout);
      return 0;
    }
    case 'show': {
      needs(rest, 1, 1, 'portfolio show <portfolio>');
      const id = await resolvePortfolio(kit, rest[0] as string);
      return show(await kit.call('portfolio.get', { id }));
    }
    case 'create': {
      needs(rest, 1, 1, 'portfolio create <name> (quote a name with spaces)');
      const p = await kit.call('portfolio.create', { name: rest[0] as string, ...fieldInput(o) });
      return show(p, `Created portfolio ${quoted(p.name)} (#${p.id}).`);
    }
    case 'set': {
      needs(
        rest,
        1,
        1,
        'portfolio set <portfolio> [--person P] [--headline H] [--email E] [--link URL]… [--role R] [--summary S]',
      );
      const fields = fieldInput(o);
      if (Object.keys(fields).length === 0) {
        throw new UsageError(
          'portfolio set needs at least one of --person, --headline, --email, --link, --role, --summary.',
        );
      }
      const id = await resolvePortfolio(kit, rest[0] as string);
      return show(await kit.call('portfolio.update', { id, ...fields }));
    }
    case 'rename': {
      needs(rest, 2, 2, 'portfolio rename <portfolio> <new name>');
      const id = await resolvePortfolio(kit, rest[0] as string);
      const p = await kit.call('portfolio.update', { id, name: rest[1] as string });
      return show(p, `Renamed to ${quoted(p.name)}.`);
    }
    case 'duplicate': {
      needs(rest, 1, 2, 'portfolio duplicate <portfolio> [<new name>]');
      const id = await resolvePortfolio(kit, rest[0] as string);
      const p = await kit.call('portfolio.duplicate', {
        id,
        ...(rest[1] !== undefined ? { name: rest[1] } : {}),
      });
      return show(p, `Created ${quoted(p.name)} (#${p.id}), a copy to tailor.`);
    }
    case 'add': {
      if (rest.length < 2)
        throw new UsageError('usage: skillfolio portfolio add <portfolio> <id>… [--section S]');
      const credentialIds = rest.slice(1).map(parseCredentialId);
      const id = await resolvePortfolio(kit, rest[0] as string);
      const p = await kit.call('portfolio.addEntries', {
        id,
        credentialIds,
        ...(o.section !== undefined ? { section: o.section } : {}),
      });
      return show(
        p,
        `Added ${credentialIds.length} credential${credentialIds.length === 1 ? '' : 's'}.`,
      );
    }
    case 'remove': {
      if (rest.length < 2)
        throw new UsageError('usage: skillfolio portfolio remove <portfolio> <id>…');
      const credentialIds = rest.slice(1).map(parseCredentialId);
      const id = await resolvePortfolio(kit, rest[0] as string);
      // Check every id first, so a typo in the list removes nothing.
      const before = await kit.call('portfolio.get', { id });
      const present = new Set(before.sections.flatMap((s) => s.entries.map((e) => e.credentialId)));
      const seen = new Set<number>();
      for (const c of credentialIds) {
        if (seen.has(c)) throw new UsageError(`credential #${c} is named twice.`);
        seen.add(c);
        if (!present.has(c)) {
          throw new AppError(
            'not-found',
            `Credential #${c} is not in portfolio ${quoted(before.name)}; nothing was removed.`,
          );
        }
      }
      let p = before;
      for (const credentialId of credentialIds)
        p = await kit.call('portfolio.removeEntry', { id, credentialId });
      return show(
        p,
        `Removed ${credentialIds.length} credential${credentialIds.length === 1 ? '' : 's'} (they stay in the library).`,
      );
    }
    case 'move': {
      needs(rest, 3, 3, 'portfolio move <portfolio> <id> <position> [--section S]');
      const credentialId = parseCredentialId(rest[1] as string);
      const position = Number(rest[2]);
      if (!/^\d+$/.test(rest[2] as string) || !Number.isSafeInteger(position) || position < 1) {
        throw new UsageError(
          `the position must be a whole number from 1, got "${cell(rest[2], 20)}".`,
        );
      }
      const id = await resolvePortfolio(kit, rest[0] as string);
      const target =
        o.section === undefined
          ? {}
          : { sectionId: sectionId(await kit.call('portfolio.get', { id }), o.section) };
      const p = await kit.call('portfolio.moveEntry', {
        id,
        credentialId,
        index: Math.min(position - 1, 1_000_000),
        ...target,
      });
      return show(p, `Moved #${credentialId} to position ${position}.`);
    }
    case 'note': {
      needs(rest, 3, 3, 'portfolio note <portfolio> <id> <text> ("" removes the note)');
      const credentialId = parseCredentialId(rest[1] as string);
      const id = await resolvePortfolio(kit, rest[0] as string);
      const text = rest[2] as string;
      return show(
        await kit.call('portfolio.setEntryNote', {
          id,
          credentialId,
          note: text.trim() === '' ? null : text,
        }),
      );
    }
    case 'hide': {
      if (rest.length < 2) {
        throw new UsageError(
          `usage: skillfolio portfolio hide <portfolio> <id> [<field>…] (fields: ${HIDEABLE_FIELDS.join(', ')}; none shows all)`,
        );
      }
      const credentialId = parseCredentialId(rest[1] as string);
      const fields = rest.slice(2);
      for (const f of fields) {
        if (!(HIDEABLE_FIELDS as readonly string[]).includes(f)) {
          throw new UsageError(
            `"${cell(f, 30)}" cannot be hidden; fields: ${HIDEABLE_FIELDS.join(', ')}.`,
          );
        }
      }
      const id = await resolvePortfolio(kit, rest[0] as string);
      return show(
        await kit.call('portfolio.setEntryHidden', {
          id,
          credentialId,
          hidden: fields as HideableField[],
        }),
      );
    }
    case 'delete': {
      needs(rest, 1, 1, 'portfolio delete <portfolio> [--yes]');
      const id = await resolvePortfolio(kit, rest[0] as string);
      if (!kit.yes) {
        const p = await kit.call('portfolio.get', { id });
        const answer = kit.confirm(
          `Delete portfolio ${quoted(p.name)}? Its credentials stay in the library.`,
        );
        if (answer === null)
          throw new UsageError('portfolio delete needs --yes when there is no terminal to ask on.');
        if (!answer) {
          kit.stderr('Nothing was deleted.\n');
          return 1;
        }
      }
      const r = await kit.call('portfolio.delete', { id });
      if (kit.json) kit.stdout(`${JSON.stringify(r, null, 2)}\n`);
      else kit.stdout(`Deleted portfolio ${quoted(r.deleted.name)} (#${r.deleted.id}).\n`);
      return 0;
    }
    default:
      throw new UsageError(
        verb === undefined
          ? `portfolio needs a subcommand:\n  ${PORTFOLIO_USAGE}`
          : `unknown portfolio command "${cell(verb, 30)}".\n  ${PORTFOLIO_USAGE}`,
      );
  }
}
