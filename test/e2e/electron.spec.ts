// The desktop shell itself, where the Electron runtime is installed: hardened window, working bridge, import by paste.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

const ROOT = path.resolve(__dirname, '../..');
const HAS_RUNTIME = fs.existsSync(path.join(ROOT, 'node_modules', 'electron', 'dist'));

test.skip(
  !HAS_RUNTIME,
  'The Electron runtime (node_modules/electron/dist) is not installed on this machine; the same UI is covered in browser mode.',
);

// eslint-disable-next-line no-empty-pattern -- Playwright hands fixtures first; this test needs none of them.
test('the window is sandboxed, has only the bridge, and imports a pasted credential', async ({}, testInfo) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillfolio-electron-'));
  const app = await electron.launch({
    args: [path.join(ROOT, 'out', 'main', 'index.js')],
    env: { ...process.env, SKILLFOLIO_LIBRARY: path.join(dir, 'library') },
  });
  try {
    const page = await app.firstWindow();
    await expect(page).toHaveTitle('Skillfolio');

    const globals = await page.evaluate(() => ({
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
      api: Object.keys((window as unknown as { api: object }).api).sort(),
    }));
    expect(globals).toEqual({ require: 'undefined', process: 'undefined', api: ['invoke', 'on'] });

    // Navigation away and new windows are denied: the page stays ours.
    const before = page.url();
    const opened = await page.evaluate(() => window.open('https://example.org/') === null);
    expect(opened).toBe(true);
    await page.evaluate(() => {
      window.location.href = 'https://example.org/';
    });
    await expect(page.getByRole('navigation', { name: 'Screens' })).toBeVisible();
    expect(page.url()).toBe(before);
    expect(app.windows()).toHaveLength(1);

    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: 'Import' })
      .click();
    await page.getByRole('textbox', { name: /JSON, a JWT, or a link/ }).fill(
      JSON.stringify({
        '@context': ['https://www.w3.org/ns/credentials/v2'],
        id: 'urn:uuid:electron-e2e',
        type: ['VerifiableCredential', 'OpenBadgeCredential'],
        issuer: { id: 'https://example.edu/issuers/1', name: 'Example University' },
        validFrom: '2024-05-01T00:00:00Z',
        name: 'Desktop Import',
        credentialSubject: { achievement: { type: ['Achievement'], name: 'Desktop Import' } },
      }),
    );
    await page.getByRole('main').getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.getByRole('list', { name: 'Imported' })).toContainText('Desktop Import');
    await page.screenshot({ path: testInfo.outputPath('electron-import.png') });
  } finally {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
