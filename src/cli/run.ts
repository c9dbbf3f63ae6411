// The `skillfolio` command: parses argv, calls services through the one contract, prints tables or JSON.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { Identity } from '../core/identity';
import type { CredentialDetail, ImportResult, ListPage } from '../core/library';
import type { SkillView } from '../core/skills';
import { VERDICTS, type Verdict } from '../core/verification';
import { FORMAT_IDS, type FormatId } from '../core/credential';
import type {
  ImportSource,
  Input,
  LibraryInfo,
  Method,
  Output,
  ReverifyResult,
  VerifyResult,
} from '../shared/contract';
import { AppError, toErrorData } from '../shared/errors';
import { dispatch } from '../services/dispatch';
import { defaultDataDir, defaultLibraryDir } from '../services/library-dir';
import { openSession, type Session } from '../services/session';
import { cell, table } from './table';
import { confirmOnTerminal } from './confirm';
import { PORTFOLIO_USAGE, runPortfolio } from './portfolio-command';
import { PROFILE_USAGE, runProfile } from './profile-command';
import { UsageError } from './usage';
import { ADD_USAGE, runAdd } from './add-command';
import { EXPORT_USAGE, runExport, runKeys, runVerifyExport, type ExportKit } from './export-command';
import { BACKUP_USAGE, runBackup, runRestore } from './backup-command';
import { SETTINGS_USAGE, runSettings, settingsArgs } from './settings-command';

export const HELP = `skillfolio — your micro-credentials in one local library

Usage:
  skillfolio [--library DIR] [--offline] [--allow-private-network] [--json] <command> …

Commands:
  import <path|dir|zip|url|->…   import credentials (files, folders, ZIP archives, URLs, or - for stdin)
  ${ADD_USAGE}
                                 one credential typed in by hand, always labelled self-reported
  list [--query Q] [--skill S] [--verdict V] [--format F] [--sort date|title|issuer] [--limit N]
  show <id>                      one credential: fields, skills, verification checks
  skills [--all]                 the skills found in the library, each with the credentials that back it
                                 (--all includes hidden skills)
  ${PROFILE_USAGE}
                                 one library per person (profiles live in the data folder,
                                 ${'$'}SKILLFOLIO_DATA_DIR overrides it); remove asks first or needs --yes
  ${PORTFOLIO_USAGE}
  ${EXPORT_USAGE}
  info                           where the library is and how many credentials it holds
  verify <path|url|id>… [--refresh]
                                 verify without importing (an id verifies the stored original);
                                 --refresh fetches DID documents and status lists again
  reverify (--all | <id>…) [--refresh]
                                 verify stored credentials again and keep the new verdicts
  identity add <e-mail|url|phone> | list | remove <id|value>
                                 the identities Open Badges recipients are matched against
  ${BACKUP_USAGE}
  ${SETTINGS_USAGE}

Options:
  --library DIR              library folder (default: ${'$'}SKILLFOLIO_LIBRARY or the profile in use)
  --offline                  never touch the network; checks that need it are reported as skipped
  --allow-private-network    allow fetching from private/intranet addresses (off by default)
  --json                     print only JSON on stdout
  -h, --help                 show this help
  --version                  print the version

Exit codes: 0 success (import: everything imported or already present; verify: every verdict is
"verified"), 1 some items rejected, a verdict other than "verified", or an error, 2 wrong usage.
`;

type Io = {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  readStdin: () => Uint8Array;
  isTTY: boolean;
  /** Environment for the default library and data folders (tests pass their own). */
  env?: NodeJS.ProcessEnv;
  /** Asks a yes/no question on a terminal; null when nobody can answer (then --yes is needed). */
  confirm?: (question: string) => boolean | null;
};

const defaultIo: Io = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  readStdin: () => new Uint8Array(fs.readFileSync(0)),
  isTTY: Boolean(process.stderr.isTTY),
};


const OPTIONS = {
  library: { type: 'string' },
  offline: { type: 'boolean' },
  'allow-private-network': { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
  query: { type: 'string', short: 'q' },
  // Repeatable for `add`; `list` uses the last one given.
  skill: { type: 'string', multiple: true },
  title: { type: 'string' },
  date: { type: 'string' },
  url: { type: 'string' },
  description: { type: 'string' },
  verdict: { type: 'string' },
  format: { type: 'string' },
  issuer: { type: 'string' },
  sort: { type: 'string' },
  limit: { type: 'string' },
  offset: { type: 'string' },
  refresh: { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
  section: { type: 'string' },
  person: { type: 'string' },
  headline: { type: 'string' },
  email: { type: 'string' },
  link: { type: 'string', multiple: true },
  role: { type: 'string' },
  summary: { type: 'string' },
  all: { type: 'boolean' },
  pdf: { type: 'string' },
  jsonld: { type: 'string' },
  jwt: { type: 'string' },
  'json-resume': { type: 'string' },
  challenge: { type: 'string' },
  domain: { type: 'string' },
  passphrase: { type: 'string' },
  password: { type: 'string' },
} as const;

async function call<M extends Method>(session: Session, method: M, input: Input<M>): Promise<Output<M>> {
  const res = await dispatch(session, method, input, { local: true, log: (e) => console.error(e) });
  if (!res.ok) throw new AppError(res.error.code, res.error.message);
  return res.value as Output<M>;
}

function toSources(args: readonly string[], io: Io): ImportSource[] {
  return args.map((a): ImportSource => {
    if (a === '-') return { kind: 'bytes', name: 'stdin', base64: Buffer.from(io.readStdin()).toString('base64') };
    if (/^https?:\/\//i.test(a)) return { kind: 'url', url: a };
    return { kind: 'path', path: a };
  });
}

function printImport(r: ImportResult, io: Io): void {
  const rows: string[][] = [];
  for (const i of r.imported) {
    rows.push(['imported', `#${i.id}`, cell(i.format, 8), cell(i.title, 50), cell(i.source, 60)]);
  }
  for (const d of r.duplicates) rows.push(['duplicate', `#${d.id}`, '', d.note ?? `already in the library (same ${d.by === 'bytes' ? 'file' : 'credential id'})`, cell(d.source, 60)]);
  for (const x of r.rejected) rows.push(['rejected', '', '', cell(x.error.message, 90), cell(x.source, 60)]);
  if (rows.length > 0) io.stdout(table(['result', 'id', 'format', 'title / reason', 'source'], rows) + '\n');
  const notes = r.imported.filter((i) => i.notes.length > 0);
  for (const i of notes) for (const n of i.notes) io.stdout(`note #${i.id}: ${cell(n, 200)}\n`);
  io.stdout(
    `\n${r.imported.length} imported, ${r.duplicates.length} duplicate${r.duplicates.length === 1 ? '' : 's'}, ${r.rejected.length} rejected\n`,
  );
}

function printVerify(results: VerifyResult[], io: Io): void {
  for (const r of results) {
    const title = r.credential ? cell(r.credential.title, 80) : '(not a credential)';
    io.stdout(`${r.verdict.toUpperCase()}  ${title}\n`);
    io.stdout(`  source   ${cell(r.source, 120)}\n`);
    if (r.format) io.stdout(`  format   ${r.format}\n`);
    if (r.credential?.issuer) io.stdout(`  issuer   ${cell(r.credential.issuer, 120)}\n`);
    for (const ch of r.checks) io.stdout(`  ${ch.status.padEnd(5)} ${ch.id.padEnd(10)} ${cell(ch.message, 200)}\n`);
    io.stdout('\n');
  }
  const verified = results.filter((r) => r.verdict === 'verified').length;
  io.stdout(`${verified} of ${results.length} verified\n`);
}

function printReverify(r: ReverifyResult, io: Io): void {
  const rows = r.reverified.map((i) => [
    `#${i.id}`,
    cell(i.title, 50),
    i.previous,
    i.verdict,
    i.previous === i.verdict ? '' : 'changed',
  ]);
  if (rows.length > 0) io.stdout(table(['id', 'title', 'before', 'now', ''], rows) + '\n');
  for (const f of r.failed) io.stdout(`#${f.id}: ${cell(f.error.message, 200)}\n`);
  const changed = r.reverified.filter((i) => i.previous !== i.verdict).length;
  io.stdout(`\n${r.reverified.length} re-verified, ${changed} changed, ${r.failed.length} failed\n`);
}

function printIdentities(list: Identity[], io: Io): void {
  if (list.length === 0) {
    io.stdout('No identities yet. Add the e-mail addresses your badges were sent to: skillfolio identity add you@example.org\n');
    return;
  }
  io.stdout(table(['id', 'kind', 'identity', 'added'], list.map((i) => [String(i.id), i.kind, cell(i.value, 80), i.addedAt.slice(0, 10)])) + '\n');
}

/** A positional that names a stored credential: `12` or `#12`, unless a file of that name exists. */
function asCredentialId(arg: string): number | null {
  if (!/^#?\d{1,10}$/.test(arg) || fs.existsSync(arg)) return null;
  const id = Number(arg.replace(/^#/, ''));
  return id > 0 ? id : null;
}

function parseId(arg: string | undefined, what: string): number {
  const id = Number(String(arg).replace(/^#/, ''));
  if (!Number.isInteger(id) || id <= 0) throw new UsageError(`"${arg}" is not ${what}.`);
  return id;
}

function printList(page: ListPage, io: Io): void {
  if (page.total === 0) {
    io.stdout('No credentials match. Import some with: skillfolio import <file|folder|zip|url>\n');
    return;
  }
  const rows = page.items.map((c) => [
    String(c.id),
    cell(c.title, 50),
    cell(c.issuerName, 30),
    cell(c.issuedOn?.slice(0, 10), 10),
    c.format,
    c.verdict,
  ]);
  io.stdout(table(['id', 'title', 'issuer', 'issued', 'format', 'verdict'], rows) + '\n');
  if (page.total > page.items.length) io.stdout(`\nShowing ${page.items.length} of ${page.total}; use --limit/--offset for more.\n`);
}

function printDetail(c: CredentialDetail, io: Io): void {
  const field = (k: string, v: string | null | undefined) => io.stdout(`${k.padEnd(14)}${cell(v, 200)}\n`);
  io.stdout(`${cell(c.title, 200)}\n${'═'.repeat(Math.min(60, Array.from(cell(c.title, 200)).length))}\n`);
  field('id', `#${c.id}`);
  field('verdict', c.verdict);
  field('format', c.format);
  field('issuer', c.issuerName);
  field('issuer id', c.issuerId);
  field('issued', c.issuedOn);
  field('valid from', c.validFrom);
  field('valid until', c.validUntil);
  field('recipient', c.recipient);
  field('credential id', c.credentialId);
  field('source', c.source);
  field('imported', c.importedAt);
  field('sha-256', c.sha256);
  if (c.description) field('description', c.description);
  if (c.achievement?.criteria) field('criteria', c.achievement.criteria);
  if (c.skills.length > 0) field('skills', c.skills.join(', '));
  if (c.parentId !== null) field('part of', `#${c.parentId}`);
  if (c.children.length > 0) field('contains', c.children.map((n) => `#${n}`).join(', '));
  io.stdout(`\nChecks (as of ${c.report.checkedAt}):\n`);
  for (const ch of c.report.checks) io.stdout(`  ${ch.status.padEnd(5)} ${ch.id.padEnd(10)} ${cell(ch.message, 200)}\n`);
}

function printSkills(skills: SkillView[], io: Io): void {
  if (skills.length === 0) {
    io.stdout('No skills found yet: they come from the alignments and tags of imported credentials.\n');
    return;
  }
  const rows = skills.map((s) => [
    cell(s.name, 60) + (s.hidden ? ' (hidden)' : ''),
    String(s.count),
    cell(s.credentials.map((c) => `#${c.id} ${c.title}`).join('; '), 100),
  ]);
  io.stdout(table(['skill', 'credentials', 'backed by'], rows) + '\n');
}

function parseIntOpt(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} needs a whole number, got "${v}".`);
  return n;
}

function oneOf<T extends string>(v: string | undefined, allowed: readonly T[], name: string): T | undefined {
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v)) throw new UsageError(`--${name} must be one of: ${allowed.join(', ')}.`);
  return v as T;
}

export async function runCli(argv: readonly string[], io: Io = defaultIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: OPTIONS,
      allowPositionals: true,
      strict: true,
      tokens: true,
    });
  } catch (err) {
    io.stderr(`skillfolio: ${(err as Error).message}\nRun "skillfolio --help" for usage.\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const json = values.json === true;
  const [command, ...args] = positionals;
  if (values.version) {
    io.stdout('skillfolio 0.1.0\n');
    return 0;
  }
  if (values.help || command === undefined || command === 'help') {
    io.stdout(HELP);
    return command === undefined && !values.help ? 2 : 0;
  }
  const out = (human: () => void, value: unknown) => (json ? io.stdout(JSON.stringify(value, null, 2) + '\n') : human());

  let session: Session | null = null;
  try {
    const open = (
      network = {
        offline: values.offline === true,
        allowPrivateNetwork: values['allow-private-network'] === true,
      },
    ) => {
      session = openSession({
        libraryDir: values.library ?? defaultLibraryDir(io.env ?? process.env),
        ...network,
        progress: (e) => {
          // Machine-readable progress for scripts and the crash test; human progress only on a terminal.
          if (process.env.SKILLFOLIO_PROGRESS === 'json') io.stderr(JSON.stringify(e) + '\n');
          else if (!json && io.isTTY && e.total >= 20) io.stderr(`\r${e.phase === 'done' ? 'done' : 'importing'} ${e.done}/${e.total}   ${e.phase === 'done' ? '\n' : ''}`);
        },
      });
      return session;
    };
    switch (command) {
      case 'import': {
        if (args.length === 0) throw new UsageError('import needs at least one file, folder, ZIP, URL or - (stdin).');
        const r = await call(open(), 'library.import', { sources: toSources(args, io) });
        out(() => printImport(r, io), {
          imported: r.imported,
          duplicates: r.duplicates,
          rejected: r.rejected,
        });
        return r.rejected.length > 0 ? 1 : 0;
      }
      case 'add':
        return await runAdd(args, {
          stdout: io.stdout,
          json,
          options: {
            title: values.title,
            issuer: values.issuer,
            date: values.date,
            url: values.url,
            description: values.description,
            skills: values.skill,
          },
          add: (input) => call(open(), 'library.addManual', input),
        });
      case 'list': {
        if (args.length > 0) throw new UsageError(`list takes no arguments (use --query), got "${args[0]}".`);
        const page = await call(open(), 'library.list', {
          query: values.query,
          skill: values.skill?.at(-1),
          verdict: oneOf<Verdict>(values.verdict, VERDICTS, 'verdict'),
          format: oneOf<FormatId>(values.format, FORMAT_IDS, 'format'),
          issuer: values.issuer,
          sort: oneOf(values.sort, ['date', 'title', 'issuer'] as const, 'sort'),
          limit: parseIntOpt(values.limit, 'limit'),
          offset: parseIntOpt(values.offset, 'offset'),
        });
        out(() => printList(page, io), page);
        return 0;
      }
      case 'show': {
        if (args.length !== 1) throw new UsageError('show needs exactly one credential id (see "skillfolio list").');
        const id = Number(String(args[0]).replace(/^#/, ''));
        if (!Number.isInteger(id) || id <= 0) throw new UsageError(`"${args[0]}" is not a credential id (a number from "skillfolio list").`);
        const c = await call(open(), 'library.get', { id });
        out(() => printDetail(c, io), c);
        return 0;
      }
      case 'skills': {
        if (args.length > 0) throw new UsageError(`skills takes no arguments, got "${cell(args[0], 30)}".`);
        const s = await call(open(), 'skills.list', values.all === true ? { includeHidden: true } : {});
        out(() => printSkills(s, io), s);
        return 0;
      }
      case 'info': {
        const info: LibraryInfo = await call(open(), 'library.info', {});
        out(() => io.stdout(`library      ${info.path}\ncredentials  ${info.credentials}\nschema       ${info.schemaVersion}\n`), info);
        return 0;
      }
      case 'verify': {
        if (args.length === 0) throw new UsageError('verify needs at least one file, folder, URL, - (stdin) or credential id.');
        const session = open();
        const results: VerifyResult[] = [];
        // Consecutive files/URLs go together (verified side by side), ids likewise; output keeps argument order.
        let group: { ids: number[]; sources: string[] } = { ids: [], sources: [] };
        const run = async () => {
          if (group.ids.length + group.sources.length === 0) return;
          const input: Input<'credential.verify'> = {
            ...(group.sources.length > 0 ? { sources: toSources(group.sources, io) } : {}),
            ...(group.ids.length > 0 ? { ids: group.ids } : {}),
            ...(values.refresh === true ? { refresh: true } : {}),
          };
          results.push(...(await call(session, 'credential.verify', input)));
          group = { ids: [], sources: [] };
        };
        for (const a of args) {
          const id = asCredentialId(a);
          if ((id !== null && group.sources.length > 0) || (id === null && group.ids.length > 0)) await run();
          if (id !== null) group.ids.push(id);
          else group.sources.push(a);
        }
        await run();
        out(() => printVerify(results, io), results);
        return results.length > 0 && results.every((r) => r.verdict === 'verified') ? 0 : 1;
      }
      case 'reverify': {
        const all = values.all === true;
        if (all && args.length > 0) throw new UsageError('reverify takes either --all or credential ids, not both.');
        if (!all && args.length === 0) throw new UsageError('reverify needs --all or at least one credential id (see "skillfolio list").');
        const ids = args.map((a) => parseId(a, 'a credential id (a number from "skillfolio list")'));
        const r = await call(open(), 'library.reverify', {
          ...(all ? { all: true } : { ids }),
          ...(values.refresh === true ? { refresh: true } : {}),
        });
        out(() => printReverify(r, io), r);
        return r.failed.length > 0 ? 1 : 0;
      }
      case 'identity': {
        const [sub, ...rest] = args;
        if (sub === 'add') {
          if (rest.length !== 1) throw new UsageError('identity add needs exactly one e-mail address, web address or phone number.');
          const r = await call(open(), 'identity.add', { value: rest[0] as string });
          out(
            () =>
              io.stdout(
                r.added
                  ? `Added #${r.identity.id} (${r.identity.kind}): ${cell(r.identity.value, 200)}\nRun "skillfolio reverify --all" to check existing badges against it.\n`
                  : `Already one of your identities: #${r.identity.id} ${cell(r.identity.value, 200)}\n`,
              ),
            r,
          );
          return 0;
        }
        if (sub === 'list') {
          if (rest.length > 0) throw new UsageError('identity list takes no arguments.');
          const list = await call(open(), 'identity.list', {});
          out(() => printIdentities(list, io), list);
          return 0;
        }
        if (sub === 'remove') {
          if (rest.length !== 1) throw new UsageError('identity remove needs one identity id or value (see "skillfolio identity list").');
          const arg = rest[0] as string;
          const r = await call(open(), 'identity.remove', /^(#\d{1,10}|\d{1,6})$/.test(arg) ? { id: parseId(arg, 'an identity id') } : { value: arg });
          out(() => io.stdout(`Removed #${r.removed.id}: ${cell(r.removed.value, 200)}\n`), r);
          return 0;
        }
        throw new UsageError(sub === undefined ? 'identity needs a subcommand: add, list or remove.' : `unknown identity subcommand "${sub}" (use add, list or remove).`);
      }
      case 'profile':
        return runProfile(args, {
          stdout: io.stdout,
          stderr: io.stderr,
          confirm: io.confirm ?? confirmOnTerminal,
          json,
          yes: values.yes === true,
          dataDir: defaultDataDir(io.env ?? process.env),
          now: () => new Date(),
        });
      case 'portfolio': {
        // Opened on first use, so wrong usage never creates a library folder.
        let library: Session | null = null;
        return await runPortfolio(args, {
          stdout: io.stdout,
          stderr: io.stderr,
          confirm: io.confirm ?? confirmOnTerminal,
          json,
          yes: values.yes === true,
          options: {
            section: values.section,
            person: values.person,
            headline: values.headline,
            email: values.email,
            link: values.link,
            role: values.role,
            summary: values.summary,
          },
          call: (method, input) => call((library ??= open()), method, input),
        });
      }
      case 'export':
      case 'verify-export':
      case 'keys': {
        const session = open();
        const kit: ExportKit = {
          stdout: io.stdout,
          json,
          yes: values.yes === true,
          confirm: io.confirm ?? confirmOnTerminal,
          options: {
            pdf: values.pdf,
            jsonld: values.jsonld,
            jwt: values.jwt,
            jsonResume: values['json-resume'],
            challenge: values.challenge,
            domain: values.domain,
            passphrase: values.passphrase ?? (io.env ?? process.env).SKILLFOLIO_PASSPHRASE,
            password: values.password,
          },
          call: (method, input) => call(session, method, input),
        };
        if (command === 'export') return await runExport(args, kit);
        if (command === 'verify-export') return await runVerifyExport(args, kit);
        return await runKeys(args, kit);
      }
      case 'backup':
      case 'restore': {
        // Opened on first use, so wrong usage never creates a library folder.
        let library: Session | null = null;
        const kit = {
          stdout: io.stdout,
          stderr: io.stderr,
          confirm: io.confirm ?? confirmOnTerminal,
          json,
          yes: values.yes === true,
          call: <M extends Method>(method: M, input: Input<M>) =>
            call((library ??= open()), method, input),
        };
        return command === 'backup' ? await runBackup(args, kit) : await runRestore(args, kit);
      }
      case 'settings': {
        // --offline / --allow-private-network after the command name a setting, not this run's network.
        const parsedSettings = settingsArgs(parsed.tokens);
        const session = open(parsedSettings.run);
        return await runSettings(parsedSettings, {
          stdout: io.stdout,
          json,
          call: (method, input) => call(session, method, input),
        });
      }
      default:
        throw new UsageError(`unknown command "${command}".`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`skillfolio: ${err.message}\nRun "skillfolio --help" for usage.\n`);
      return 2;
    }
    const e = toErrorData(err);
    if (json) io.stdout(JSON.stringify({ error: e }, null, 2) + '\n');
    io.stderr(`skillfolio: ${e.message}\n`);
    return 1;
  } finally {
    (session as Session | null)?.close();
  }
}
