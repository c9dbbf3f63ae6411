// `skillfolio export`, `verify-export` and `keys …`: the signed exports and the holder's keys from the command line.
import type { PortfolioListItem } from '../core/portfolio-view';
import type {
  ExportResult,
  ExportVerification,
  HolderKeyInfo,
  Input,
  Method,
  Output,
} from '../shared/contract';
import { AppError } from '../shared/errors';
import { cell, table } from './table';
import { UsageError } from './usage';

export const EXPORT_USAGE = `export <portfolio> [--pdf F] [--jsonld F] [--jwt F] [--json-resume F] [--challenge C] [--domain D]
                                 write the signed PDF, the signed JSON-LD presentation, the vp+jwt
                                 and/or resume.json (originals that cannot travel inside the
                                 presentation are written beside it)
  verify-export <file>           check an exported PDF / JSON-LD / JWT: signature, coverage, holder
                                 proof, every credential, every digest (exit 0 only when verified)
  keys show | rotate [--yes] | export <file> | import <file.p12|backup> [--password P]
                                 the holder key (did:key) and PDF certificate; --passphrase or
                                 ${'$'}SKILLFOLIO_PASSPHRASE encrypts them (and is needed to use them then)`;

export type ExportOptions = {
  pdf?: string;
  jsonld?: string;
  jwt?: string;
  jsonResume?: string;
  challenge?: string;
  domain?: string;
  passphrase?: string;
  password?: string;
};

export type ExportKit = {
  stdout: (s: string) => void;
  json: boolean;
  yes: boolean;
  confirm: (question: string) => boolean | null;
  options: ExportOptions;
  call: <M extends Method>(method: M, input: Input<M>) => Promise<Output<M>>;
};

function size(n: number): string {
  return n < 1024
    ? `${n} B`
    : n < 1024 * 1024
      ? `${(n / 1024).toFixed(1)} kB`
      : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** "#3" or a plain number is an id; otherwise the portfolio's name (case ignored). */
async function resolvePortfolio(kit: ExportKit, ref: string): Promise<number> {
  const list: PortfolioListItem[] = await kit.call('portfolio.list', {});
  const byName =
    list.find((p) => p.name === ref) ??
    list.find((p) => p.name.toLowerCase() === ref.toLowerCase());
  if (byName && !/^#\d+$/.test(ref)) return byName.id;
  if (/^#?\d+$/.test(ref)) {
    const id = Number(ref.replace(/^#/, ''));
    if (list.some((p) => p.id === id)) return id;
  }
  throw new AppError(
    'not-found',
    `There is no portfolio “${cell(ref, 80)}”. See them with: skillfolio portfolio list`,
  );
}

function printExport(r: ExportResult, out: (s: string) => void): void {
  const inside = r.credentials.filter((c) => c.inside).length;
  out(
    `Exported ${r.credentials.length} credential${r.credentials.length === 1 ? '' : 's'} (${inside} inside the signed presentation, ${r.credentials.length - inside} beside it).\n\n`,
  );
  out(
    `${table(
      ['wrote', 'file', 'size'],
      r.files.map((f) => [f.kind, cell(f.path, 100), size(f.bytes)]),
    )}\n\n`,
  );
  out(`holder        ${r.holder.did}\n`);
  out(`certificate   SHA-256 ${r.holder.certificateFingerprint}\n`);
  if (r.challenge !== null)
    out(`challenge     ${cell(r.challenge, 100)}   domain ${cell(r.domain, 100)}\n`);
  for (const w of r.warnings) out(`note: ${cell(w, 400)}\n`);
  if (r.credentials.length > 0) {
    out('\nAdd to LinkedIn:\n');
    for (const c of r.credentials) out(`  #${c.id} ${cell(c.title, 60)}\n    ${c.linkedIn}\n`);
  }
}

function printVerification(file: string, v: ExportVerification, out: (s: string) => void): void {
  const what =
    v.kind === 'pdf'
      ? 'signed PDF'
      : v.kind === 'presentation'
        ? 'JSON-LD presentation'
        : 'vp+jwt presentation';
  out(`${cell(file, 120)}: ${v.verdict} (${what})\n`);
  if (v.holder) out(`holder      ${cell(v.holder, 120)}\n`);
  if (v.signer)
    out(
      `signed by   ${cell(v.signer.subject, 120)}${v.signer.signedAt ? ` at ${v.signer.signedAt}` : ''}\n`,
    );
  if (v.challenge !== null || v.domain !== null)
    out(`challenge   ${cell(v.challenge, 80)}   domain ${cell(v.domain, 80)}\n`);
  out('\nChecks:\n');
  for (const c of v.checks)
    out(`  ${c.status.padEnd(5)} ${cell(c.id, 32).padEnd(28)} ${cell(c.message, 200)}\n`);
  if (v.credentials.length > 0) {
    out('\nCredentials:\n');
    out(
      `${table(
        ['verdict', 'where', 'credential'],
        v.credentials.map((c) => [c.verdict, c.source, cell(c.name, 80)]),
      )}\n`,
    );
  }
}

function printKeys(k: HolderKeyInfo, out: (s: string) => void, message?: string): void {
  if (message) out(`${message}\n\n`);
  out(`holder            ${k.did}\n`);
  out(`key               ${k.verificationMethod}\n`);
  out(`created           ${k.createdAt}\n`);
  out(`certificate       ${cell(k.certificate.subject, 120)} (${k.certificate.source})\n`);
  out(`  issued by       ${cell(k.certificate.issuer, 120)}\n`);
  out(
    `  valid           ${k.certificate.notBefore.slice(0, 10)} – ${k.certificate.notAfter.slice(0, 10)}\n`,
  );
  out(`  SHA-256         ${k.certificate.sha256Fingerprint}\n`);
  if (k.certificate.subjectAltNames.length > 0)
    out(`  names           ${k.certificate.subjectAltNames.map((n) => cell(n, 120)).join(', ')}\n`);
  out(
    `stored in         ${k.storage.location} (${k.storage.encrypted ? 'encrypted with your passphrase' : 'readable only by you, not encrypted'})\n`,
  );
}

export async function runExport(args: readonly string[], kit: ExportKit): Promise<number> {
  if (args.length !== 1)
    throw new UsageError(
      'export needs exactly one portfolio (a name or #id) and at least one of --pdf, --jsonld, --jwt, --json-resume.',
    );
  const o = kit.options;
  if (![o.pdf, o.jsonld, o.jwt, o.jsonResume].some((t) => t !== undefined)) {
    throw new UsageError(
      'say which files to write: --pdf F, --jsonld F, --jwt F and/or --json-resume F.',
    );
  }
  const id = await resolvePortfolio(kit, args[0] as string);
  const r = await kit.call('portfolio.export', {
    id,
    ...(o.pdf !== undefined ? { pdf: o.pdf } : {}),
    ...(o.jsonld !== undefined ? { jsonld: o.jsonld } : {}),
    ...(o.jwt !== undefined ? { jwt: o.jwt } : {}),
    ...(o.jsonResume !== undefined ? { jsonResume: o.jsonResume } : {}),
    ...(o.challenge !== undefined ? { challenge: o.challenge } : {}),
    ...(o.domain !== undefined ? { domain: o.domain } : {}),
    ...(o.passphrase ? { passphrase: o.passphrase } : {}),
  });
  if (kit.json) kit.stdout(`${JSON.stringify(r, null, 2)}\n`);
  else printExport(r, kit.stdout);
  return 0;
}

export async function runVerifyExport(args: readonly string[], kit: ExportKit): Promise<number> {
  if (args.length !== 1)
    throw new UsageError(
      'verify-export needs exactly one file (a PDF, .json presentation or .jwt).',
    );
  const file = args[0] as string;
  const v = await kit.call('export.verify', { path: file });
  if (kit.json) kit.stdout(`${JSON.stringify(v, null, 2)}\n`);
  else printVerification(file, v, kit.stdout);
  return v.verdict === 'verified' ? 0 : 1;
}

export async function runKeys(args: readonly string[], kit: ExportKit): Promise<number> {
  const [verb, ...rest] = args;
  const passphrase = kit.options.passphrase ? { passphrase: kit.options.passphrase } : {};
  const emit = (value: unknown, human: () => void) =>
    kit.json ? kit.stdout(`${JSON.stringify(value, null, 2)}\n`) : human();
  switch (verb) {
    case 'show': {
      if (rest.length > 0) throw new UsageError('keys show takes no arguments.');
      const k = await kit.call('keys.show', passphrase);
      emit(k, () =>
        k
          ? printKeys(k, kit.stdout)
          : kit.stdout(
              'No holder keys yet: the first export creates them (or run "skillfolio keys rotate").\n',
            ),
      );
      return 0;
    }
    case 'rotate': {
      if (rest.length > 0) throw new UsageError('keys rotate takes no arguments.');
      const existing = await kit.call('keys.show', passphrase);
      if (existing && !kit.yes) {
        const ok = kit.confirm(
          `Replace the holder key ${existing.did}? Exports already made stay verifiable, but new ones are signed by a new key. Back up the old one first with "skillfolio keys export FILE".`,
        );
        if (ok === null)
          throw new UsageError(
            'keys rotate replaces your key: confirm on a terminal or add --yes.',
          );
        if (!ok) {
          kit.stdout('Nothing changed.\n');
          return 1;
        }
      }
      const k = await kit.call('keys.rotate', passphrase);
      emit(k, () =>
        printKeys(k, kit.stdout, existing ? 'New holder key created.' : 'Holder keys created.'),
      );
      return 0;
    }
    case 'export': {
      if (rest.length !== 1)
        throw new UsageError('keys export needs the file to write the backup to.');
      const r = await kit.call('keys.export', { path: rest[0] as string, ...passphrase });
      emit(r, () =>
        kit.stdout(
          `Wrote an encrypted backup of your keys to ${r.path}. Keep it and the passphrase apart.\n`,
        ),
      );
      return 0;
    }
    case 'import': {
      if (rest.length !== 1)
        throw new UsageError(
          'keys import needs a .p12/.pfx certificate or a backup made by "keys export".',
        );
      const existing = await kit.call('keys.show', passphrase);
      if (existing && !kit.yes) {
        const ok = kit.confirm(
          `Replace your PDF certificate (or, from a backup, both keys of ${existing.did})?`,
        );
        if (ok === null)
          throw new UsageError(
            'keys import replaces your keys: confirm on a terminal or add --yes.',
          );
        if (!ok) {
          kit.stdout('Nothing changed.\n');
          return 1;
        }
      }
      const k = await kit.call('keys.import', {
        path: rest[0] as string,
        ...(kit.options.password !== undefined ? { password: kit.options.password } : {}),
        ...passphrase,
      });
      emit(k, () =>
        printKeys(
          k,
          kit.stdout,
          k.certificate.source === 'imported'
            ? 'PDFs are now signed with your certificate.'
            : 'Keys restored from the backup.',
        ),
      );
      return 0;
    }
    default:
      throw new UsageError(
        verb === undefined
          ? 'keys needs a subcommand: show, rotate, export or import.'
          : `unknown keys subcommand "${cell(verb, 30)}" (use show, rotate, export or import).`,
      );
  }
}
