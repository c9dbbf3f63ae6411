// Exports for the window, which may not name paths: the one export run writes into a private temporary folder, and the files come back as bytes for the window to save.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ExportedFile, ExportedFiles, ExportFormat, Input } from '../shared/contract';
import { AppError } from '../shared/errors';
import type { ServiceContext } from './context';
import { exportPortfolioService } from './export';
import { getPortfolioService } from './portfolio';

type Kind = ExportedFile['kind'];

/** The suffix each main file gets after the portfolio's name (EXPORTS.md names them portfolio.pdf, portfolio.vp.json …). */
const SUFFIX: Record<ExportFormat, string> = {
  pdf: '.pdf',
  jsonld: '.vp.json',
  jwt: '.vp.jwt',
  jsonResume: '.resume.json',
};

const MAIN_MEDIA_TYPE: Record<Exclude<Kind, 'original'>, string> = {
  pdf: 'application/pdf',
  jsonld: 'application/ld+json',
  jwt: 'application/jwt',
  'json-resume': 'application/json',
};

/** Originals travel under the names the presentation records (credential-7.json …); their type follows the extension. */
const ORIGINAL_MEDIA_TYPE: Record<string, string> = {
  '.json': 'application/json',
  '.jsonld': 'application/ld+json',
  '.jwt': 'application/jwt',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.pdf': 'application/pdf',
  '.xml': 'application/xml',
};

/** Names Windows refuses for a file whatever its extension. */
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;
const MAX_STEM = 60;

/**
 * The start of every file name: the portfolio's name with anything but letters and digits turned
 * into dashes (so it is a safe, portable file name in any script), or "portfolio".
 */
export function exportFileStem(portfolioName: string): string {
  const dashed = portfolioName
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  const stem = Array.from(dashed).slice(0, MAX_STEM).join('').replace(/-+$/, '');
  return stem === '' || RESERVED.test(stem) ? 'portfolio' : stem;
}

function mediaTypeOf(kind: Kind, name: string): string {
  if (kind !== 'original') return MAIN_MEDIA_TYPE[kind];
  return ORIGINAL_MEDIA_TYPE[path.extname(name).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Runs `portfolio.export` into a fresh folder only this process can read, reads every file it wrote
 * (the main files and the originals bound beside a presentation), and removes the folder, whatever
 * happens. The window gets the same bytes the CLI would have written.
 */
export async function exportFilesService(
  ctx: ServiceContext,
  input: Input<'portfolio.exportFiles'>,
): Promise<ExportedFiles> {
  const { name } = await getPortfolioService(ctx, { id: input.id });
  const stem = exportFileStem(name);
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'skillfolio-export-'));
  try {
    const target = (format: ExportFormat): string | undefined =>
      input.formats.includes(format) ? path.join(dir, `${stem}${SUFFIX[format]}`) : undefined;
    const result = await exportPortfolioService(ctx, {
      id: input.id,
      pdf: target('pdf'),
      jsonld: target('jsonld'),
      jwt: target('jwt'),
      jsonResume: target('jsonResume'),
      challenge: input.challenge,
      domain: input.domain,
      passphrase: input.passphrase,
    });
    const files: ExportedFile[] = [];
    for (const f of result.files) {
      if (path.dirname(f.path) !== dir) {
        throw new AppError('internal', 'The export wrote outside its own folder.');
      }
      const bytes = await fs.promises.readFile(f.path);
      const fileName = path.basename(f.path);
      files.push({
        kind: f.kind,
        name: fileName,
        mediaType: mediaTypeOf(f.kind, fileName),
        base64: bytes.toString('base64'),
        bytes: bytes.length,
        sha256: f.sha256,
      });
    }
    // The main files first, in the order the formats are listed; the originals after them.
    const order: Kind[] = ['pdf', 'jsonld', 'jwt', 'json-resume', 'original'];
    files.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
    return {
      files,
      warnings: result.warnings,
      holder: result.holder,
      challenge: result.challenge,
      domain: result.domain,
      credentials: result.credentials,
    };
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}
