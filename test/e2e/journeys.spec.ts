// The seven journeys of PRODUCT.md in browser mode: Debian's Chromium against the real host, each from an empty library.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, type Download } from '@playwright/test';
import { startHost } from '../../src/host/server';
import { activeLibraryDir } from '../../src/services/profiles';
import { JOURNEYS, type SavedFile } from './journeys';
import { RENDERER_DIR, watchRequests } from './support';

for (const journey of JOURNEYS) {
  test(journey.title, async ({ page }, testInfo) => {
    if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) {
      throw new Error(`${RENDERER_DIR} has no index.html: build first (npx electron-vite build).`);
    }
    // A data folder of its own: the default profile's library, and room for the profiles of journey 6.
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'skillfolio-journey-'));
    const dataDir = path.join(root, 'data');
    const workDir = path.join(root, 'work');
    fs.mkdirSync(dataDir, { recursive: true });
    fs.mkdirSync(workDir, { recursive: true });
    const libraryDir = activeLibraryDir(dataDir);
    await journey.prepare?.(libraryDir);
    const host = await startHost({ libraryDir, dataDir, rendererDir: RENDERER_DIR, offline: true });
    try {
      const foreign = watchRequests(page, host);
      const downloads: Download[] = [];
      page.on('download', (d) => downloads.push(d));
      await page.goto(host.url);
      await page.getByRole('navigation', { name: 'Screens' }).waitFor();

      await journey.run({
        mode: 'browser',
        page,
        testInfo,
        dataDir,
        workDir,
        foreign,
        async saveFiles(trigger, count) {
          const start = downloads.length;
          await trigger();
          await test.expect.poll(() => downloads.length - start, { timeout: 60_000 }).toBe(count);
          const saved: SavedFile[] = [];
          for (const d of downloads.slice(start)) {
            const file = testInfo.outputPath('saved', d.suggestedFilename());
            await d.saveAs(file);
            saved.push({ name: d.suggestedFilename(), path: file });
          }
          return saved;
        },
        async holdImports() {
          let imports = 0;
          let release: () => void = () => undefined;
          const gate = new Promise<void>((resolve) => (release = resolve));
          await page.route('**/api/invoke', async (route) => {
            const body = route.request().postDataJSON() as { method?: string } | null;
            if (body?.method === 'library.import' && ++imports >= 2) await gate;
            await route.continue();
          });
          return async () => {
            release();
            await page.unrouteAll({ behavior: 'wait' });
          };
        },
      });
    } finally {
      await host.close();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
}
