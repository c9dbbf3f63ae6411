// First run: imports the bundled sample credentials (resources/samples) through the normal importer and builds a sample portfolio from them.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { putCached } from '../db/fetch-cache';
import { portfolioIdByName } from '../db/portfolios';
import { parseJsonBytes } from '../formats/json';
import type { SamplesResult } from '../shared/contract';
import { AppError } from '../shared/errors';
import type { ServiceContext } from './context';
import { importSources } from './import';
import { addEntriesService, createPortfolioService } from './portfolio';

export const SAMPLES_MANIFEST = 'manifest.json';
/** The sample files are small; anything larger in the folder is not one of them. */
const MAX_SAMPLE_BYTES = 2 * 1024 * 1024;

const fileName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[a-z0-9][a-z0-9.-]*$/, 'a plain file name');

const manifestSchema = z
  .object({
    format: z.literal('skillfolio-samples'),
    version: z.literal(1),
    credentials: z
      .array(z.object({ file: fileName, label: z.string(), why: z.string() }).strict())
      .min(1)
      .max(100),
    statusLists: z
      .array(z.object({ url: z.url(), file: fileName, mediaType: z.string().max(100) }).strict())
      .max(10),
    portfolio: z
      .object({
        name: z.string().min(1).max(200),
        personName: z.string().max(200),
        headline: z.string().max(300),
        targetRole: z.string().max(200),
        email: z.string().max(320),
        summary: z.string().max(10_000),
        sections: z
          .array(
            z
              .object({ title: z.string().min(1).max(200), files: z.array(fileName).max(50) })
              .strict(),
          )
          .max(20),
      })
      .strict(),
  })
  .strict();

export type SamplesManifest = z.infer<typeof manifestSchema>;

/** Where resources/samples may be: an override, the packaged app's resources, or the source tree. */
function candidates(): string[] {
  const out: string[] = [];
  const override = process.env.SKILLFOLIO_RESOURCES;
  if (override) out.push(path.join(override, 'samples'));
  // Packaged Electron app: electron-builder copies resources/ to <resourcesPath>/resources.
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  if (resourcesPath) out.push(path.join(resourcesPath, 'resources', 'samples'));
  // Source checkouts (tsx, vitest, browser mode) and bundles under out/: walk up to the repo root.
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    out.push(path.join(dir, 'resources', 'samples'));
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  out.push(path.join(process.cwd(), 'resources', 'samples'));
  return out;
}

/** The folder holding the samples and their manifest. */
export function samplesDir(): string {
  for (const dir of candidates()) {
    if (fs.existsSync(path.join(dir, SAMPLES_MANIFEST))) return dir;
  }
  throw new AppError(
    'internal',
    'The sample credentials are missing from this installation; reinstall Skillfolio or set SKILLFOLIO_RESOURCES to its resources folder.',
  );
}

function readSample(dir: string, file: string): Buffer {
  const full = path.join(dir, file);
  const st = fs.statSync(full, { throwIfNoEntry: false });
  if (st === undefined || !st.isFile() || st.size > MAX_SAMPLE_BYTES) {
    throw new AppError(
      'internal',
      `The sample ${file} is missing or damaged in this installation; reinstall Skillfolio.`,
    );
  }
  return fs.readFileSync(full);
}

export function readManifest(dir: string): SamplesManifest {
  const doc = parseJsonBytes(readSample(dir, SAMPLES_MANIFEST), 'The samples manifest');
  const parsed = manifestSchema.safeParse(doc);
  if (!parsed.success) {
    throw new AppError(
      'internal',
      `The samples manifest in ${dir} is damaged (${parsed.error.issues[0]?.message ?? 'unreadable'}); reinstall Skillfolio.`,
    );
  }
  return parsed.data;
}

/** What the samples are imported as: `samples/<file>`, so the library says where each came from. */
const sourceName = (file: string): string => `samples/${file}`;

/**
 * `library.importSamples`: the bundled samples through the normal import (a second click finds
 * them all as duplicates), and the sample portfolio, made once. The samples' status list is put in
 * the library's fetch cache first, as if it had just been downloaded: its address is not on the
 * web, so this is the only way the revoked sample can show what a revocation looks like offline.
 */
export async function importSamplesService(ctx: ServiceContext): Promise<SamplesResult> {
  const dir = samplesDir();
  const manifest = readManifest(dir);
  const fetchedAt = ctx.now().toISOString();
  for (const list of manifest.statusLists) {
    putCached(ctx.db, list.url, {
      bytes: readSample(dir, list.file),
      mediaType: list.mediaType,
      fetchedAt,
    });
  }
  const result = await importSources(ctx, {
    sources: manifest.credentials.map((c) => ({
      kind: 'bytes' as const,
      name: sourceName(c.file),
      base64: readSample(dir, c.file).toString('base64'),
    })),
  });

  const p = manifest.portfolio;
  const existing = portfolioIdByName(ctx.db, p.name);
  if (existing !== null) return { import: result, portfolio: { id: existing, name: p.name } };
  const ids = new Map<string, number>();
  for (const item of result.imported) if (item.parentId === null) ids.set(item.source, item.id);
  for (const item of result.duplicates) ids.set(item.source, item.id);
  const view = await createPortfolioService(ctx, {
    name: p.name,
    personName: p.personName,
    headline: p.headline,
    targetRole: p.targetRole,
    email: p.email,
    summary: p.summary,
  });
  for (const section of p.sections) {
    const credentialIds = section.files
      .map((f) => ids.get(sourceName(f)))
      .filter((id): id is number => id !== undefined);
    if (credentialIds.length === 0) continue;
    await addEntriesService(ctx, { id: view.id, credentialIds, section: section.title });
  }
  return { import: result, portfolio: { id: view.id, name: view.name } };
}
