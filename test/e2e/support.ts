// Shared by the browser-mode specs: a host over a temporary library, screenshots, a network watch, a fast library builder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { emptyCredential } from '../../src/core/credential';
import { unverifiedReport } from '../../src/core/verification';
import { insertCredential, withBatchedSearchIndex } from '../../src/db/credentials';
import { closeLibrary, openLibrary } from '../../src/db/open';
import { startHost, type Host } from '../../src/host/server';

export const RENDERER_DIR = path.resolve(__dirname, '../../out/renderer');

export type TestHost = { host: Host; dir: string; libraryDir: string; close(): Promise<void> };

/** Browser mode over a fresh library folder (optionally filled first by `fill`), offline. */
export async function startTestHost(
  prefix: string,
  fill?: (libraryDir: string) => void,
): Promise<TestHost> {
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`${RENDERER_DIR} has no index.html: build the renderer first (npm run build).`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const libraryDir = path.join(dir, 'library');
  fill?.(libraryDir);
  const host = await startHost({ libraryDir, rendererDir: RENDERER_DIR, offline: true });
  return {
    host,
    dir,
    libraryDir,
    close: async () => {
      await host.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
}

/** Collects every request the page makes to anything but our own host. */
export function watchRequests(page: Page, host: Host): string[] {
  const foreign: string[] = [];
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith(`${host.origin}/`) && !url.startsWith('data:')) foreign.push(url);
  });
  return foreign;
}

export function nav(page: Page, name: 'Library' | 'Import') {
  return page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name });
}

export async function paste(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: /JSON, a JWT, or a link/ }).fill(text);
  await page.getByRole('main').getByRole('button', { name: 'Import', exact: true }).click();
}

/** What the scale library holds: credential i is issued i hours after 2010-01-01, so the newest is n-1. */
export const scaleTitle = (i: number): string => `Credential ${i} of the scale test`;
export const SCALE_ISSUERS = 40;
/** Every RARE_EVERY-th credential mentions a word no other has. */
export const RARE_WORD = 'Zanzibar';
export const RARE_EVERY = 10_000;

/**
 * Writes n credentials straight into a library with the db functions (as the bench does): seconds
 * for 100,000, where importing files would take minutes.
 */
export function buildScaleLibrary(libraryDir: string, n: number): void {
  const db = openLibrary(libraryDir);
  const report = unverifiedReport('2025-01-01T00:00:00.000Z');
  try {
    // A throwaway library: nothing to lose if the machine stops mid-write.
    db.pragma('synchronous = OFF');
    db.transaction(() =>
      withBatchedSearchIndex(db, () => {
        for (let i = 0; i < n; i++) {
          const c = emptyCredential(scaleTitle(i));
          c.issuerName = `Issuer ${i % SCALE_ISSUERS}`;
          c.issuedOn = new Date(Date.UTC(2010, 0, 1) + i * 3_600_000).toISOString();
          c.tags = [`Skill ${i % 25}`];
          if (i % RARE_EVERY === 0) c.description = `${RARE_WORD} field trip number ${i}.`;
          const original = Buffer.from(JSON.stringify({ n: i, name: c.title }));
          insertCredential(db, {
            parentId: null,
            format: i % 3 === 0 ? 'ob2' : 'ob3',
            mediaType: 'application/ld+json',
            original,
            sha256: i.toString(16).padStart(64, '0'),
            source: `scale-${i}.json`,
            credential: c,
            image: null,
            report,
            importedAt: report.checkedAt,
          });
        }
      }),
    )();
  } finally {
    closeLibrary(db);
  }
}

export type DropFile = { name: string; bytes: Uint8Array; type: string };

/**
 * Drops files on the window the way a file manager does: a DataTransfer of File objects dragged in,
 * over, and dropped (`whileOver` runs while they hover, before the drop).
 */
export async function drop(
  page: Page,
  files: DropFile[],
  whileOver?: () => Promise<void>,
): Promise<void> {
  const target = 'main';
  const payload = files.map((f) => ({
    name: f.name,
    type: f.type,
    base64: Buffer.from(f.bytes).toString('base64'),
  }));
  const dataTransfer = await page.evaluateHandle((items) => {
    const dt = new DataTransfer();
    for (const item of items) {
      const bytes = Uint8Array.from(atob(item.base64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], item.name, { type: item.type }));
    }
    return dt;
  }, payload);
  await page.dispatchEvent(target, 'dragenter', { dataTransfer });
  await page.dispatchEvent(target, 'dragover', { dataTransfer });
  await whileOver?.();
  await page.dispatchEvent(target, 'drop', { dataTransfer });
}
