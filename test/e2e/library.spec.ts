// Journey 1 and 2 in browser mode: the real renderer in Chromium, the real services behind the loopback bridge.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { startHost, type Host } from '../../src/host/server';

const RENDERER_DIR = path.resolve(__dirname, '../../out/renderer');

function ob3(title: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify(
    {
      '@context': [
        'https://www.w3.org/ns/credentials/v2',
        'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
      ],
      id: `urn:uuid:${title.replace(/\W+/g, '-').toLowerCase()}`,
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: {
        id: 'https://example.edu/issuers/565049',
        type: ['Profile'],
        name: 'Example University',
      },
      validFrom: '2024-05-01T00:00:00Z',
      name: title,
      credentialSubject: {
        type: ['AchievementSubject'],
        achievement: {
          id: 'https://example.edu/achievements/data-101',
          type: ['Achievement'],
          name: title,
          description: 'Cleaning, exploring and visualising tabular data.',
          criteria: { narrative: 'Completed four graded projects.' },
          alignment: [
            { type: ['Alignment'], targetName: 'Data visualisation', targetFramework: 'ESCO' },
          ],
        },
      },
      ...extra,
    },
    null,
    2,
  );
}

let dir: string;
let host: Host;

test.beforeAll(async () => {
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`${RENDERER_DIR} has no index.html: build the renderer first (npm run build).`);
  }
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillfolio-e2e-'));
  host = await startHost({
    libraryDir: path.join(dir, 'library'),
    rendererDir: RENDERER_DIR,
    offline: true,
  });
});

test.afterAll(async () => {
  await host?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Fails the test if the page asks anything of the network besides our own host. */
function watchRequests(page: Page): string[] {
  const foreign: string[] = [];
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith(`${host.origin}/`) && !url.startsWith('data:')) foreign.push(url);
  });
  return foreign;
}

async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
}

function nav(page: Page, name: 'Library' | 'Import') {
  return page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name });
}

async function paste(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: /JSON, a JWT, or a link/ }).fill(text);
  await page.getByRole('main').getByRole('button', { name: 'Import', exact: true }).click();
}

test.describe.configure({ mode: 'serial' });

test('imports a pasted credential, shows it in the library, and reports duplicates and rejections', async ({
  page,
}, testInfo) => {
  const foreign = watchRequests(page);
  await page.goto(host.url);
  // The token leaves the address bar once the page has it.
  await expect(page).not.toHaveURL(/token=/);

  await expect(page.getByRole('heading', { name: 'Your library is empty' })).toBeVisible();
  await shot(page, testInfo, '1-library-empty');

  await page.getByRole('button', { name: 'Import credentials' }).click();
  await expect(page.getByRole('heading', { name: 'Import', level: 1 })).toBeVisible();
  await paste(page, ob3('Data Analysis Fundamentals'));

  const imported = page.getByRole('list', { name: 'Imported' });
  await expect(imported.getByRole('listitem')).toHaveCount(1);
  await expect(imported).toContainText('Data Analysis Fundamentals');
  await expect(imported).toContainText('Unverified');
  await expect(page.getByRole('status').filter({ hasText: 'imported' })).toHaveText(
    '1 imported · 0 already in your library · 0 could not be imported',
  );
  await shot(page, testInfo, '2-import-results');

  await nav(page, 'Library').click();
  const rows = page.getByRole('list', { name: 'Credentials' }).getByRole('listitem');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Data Analysis Fundamentals');
  await expect(rows.first()).toContainText('Example University');
  await expect(rows.first()).toContainText('Open Badges 3.0');
  await expect(rows.first().locator('.trust')).toHaveText('Unverified');

  await rows.first().getByRole('button').click();
  const detail = page.getByRole('complementary', { name: 'Credential details' });
  await expect(detail.getByRole('heading', { name: 'Data Analysis Fundamentals' })).toBeVisible();
  await expect(detail).toContainText('Verification');
  await expect(detail).toContainText('Not checked');
  await shot(page, testInfo, '3-library-detail');
  await page.keyboard.press('Escape');
  await expect(detail).toHaveCount(0);

  await nav(page, 'Import').click();
  await paste(page, ob3('Data Analysis Fundamentals'));
  const duplicates = page.getByRole('list', { name: 'Duplicates' });
  await expect(duplicates.getByRole('listitem')).toHaveCount(1);
  await expect(duplicates).toContainText('Already in your library');
  await expect(page.getByRole('list', { name: 'Imported' })).toHaveCount(0);

  await paste(page, '{"hello":1}');
  const rejected = page.getByRole('list', { name: 'Rejected' });
  await expect(rejected.getByRole('listitem')).toHaveCount(1);
  await expect(rejected.locator('.reason')).not.toBeEmpty();
  await shot(page, testInfo, '4-import-rejected');

  expect(foreign).toEqual([]);
});

test('searches as you type', async ({ page }, testInfo) => {
  await page.goto(host.url);
  await nav(page, 'Import').click();
  await paste(
    page,
    ob3('Cloud Security Essentials', { issuer: { id: 'https://acme.test', name: 'Acme Academy' } }),
  );
  await expect(page.getByRole('list', { name: 'Imported' })).toContainText(
    'Cloud Security Essentials',
  );

  await nav(page, 'Library').click();
  const rows = page.getByRole('list', { name: 'Credentials' }).getByRole('listitem');
  await expect(rows).toHaveCount(2);
  const search = page.getByRole('searchbox', { name: 'Search the library' });
  await search.fill('cloud');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Cloud Security Essentials');
  await shot(page, testInfo, '5-library-search');
  await search.fill('zzzz-nothing');
  await expect(page.getByText('No credentials match')).toBeVisible();
  await search.fill('');
  await expect(rows).toHaveCount(2);
});

test('shows hostile text inert: no markup, no requests', async ({ page }, testInfo) => {
  const foreign = watchRequests(page);
  await page.goto(host.url);
  await nav(page, 'Import').click();
  const title = '<img src=https://tracker.example/pixel.gif onerror=alert(1)> \u202Egnp.exe';
  await paste(
    page,
    ob3(title, {
      id: 'urn:uuid:hostile',
      description:
        '<script>alert(1)</script> [click](javascript:alert(1)) ' + 'long '.repeat(20_000),
    }),
  );
  const imported = page.getByRole('list', { name: 'Imported' });
  await expect(imported).toContainText('<img src=https://tracker.example/pixel.gif');
  await imported.getByRole('button').first().click();
  const detail = page.getByRole('complementary', { name: 'Credential details' });
  await expect(detail.getByRole('heading', { level: 2 })).toContainText('<img src=');
  // The right-to-left override that would make "gnp.exe" read "exe.png" is gone.
  await expect(detail.getByRole('heading', { level: 2 })).toContainText('gnp.exe');
  expect(await detail.getByRole('heading', { level: 2 }).textContent()).not.toContain('\u202E');
  await expect(page.locator('img[src^="https:"]')).toHaveCount(0);
  await expect(page.locator('script:not([src])')).toHaveCount(0);
  await shot(page, testInfo, '6-hostile-detail');
  expect(foreign).toEqual([]);
});

/** A small SVG badge, as an OB 3.0 image data: URI (the library stores it; the page shows it as data:). */
function svgBadge(colour: string, letters: string): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="120" viewBox="0 0 120 120"><circle cx="60" cy="60" r="56" fill="${colour}"/><circle cx="60" cy="60" r="44" fill="none" stroke="#fff" stroke-width="4"/><text x="60" y="72" font-size="34" font-family="sans-serif" font-weight="bold" fill="#fff" text-anchor="middle">${letters}</text></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

test('imports chosen and dropped files, and shows their badge images from the library', async ({
  page,
}, testInfo) => {
  const foreign = watchRequests(page);
  const files = path.join(dir, 'picked');
  fs.mkdirSync(files, { recursive: true });
  fs.writeFileSync(
    path.join(files, 'sql-badge.json'),
    ob3('SQL for Analysts', {
      id: 'urn:uuid:sql-for-analysts',
      issuer: { id: 'https://learn.example', name: 'Learn Example' },
      image: { id: svgBadge('#2f7d6d', 'SQL'), type: 'Image' },
    }),
  );
  fs.writeFileSync(path.join(files, 'shopping-list.txt'), 'eggs, milk, bread');

  await page.goto(host.url);
  await nav(page, 'Import').click();
  await page
    .getByLabel('Choose files', { exact: true })
    .setInputFiles([path.join(files, 'sql-badge.json'), path.join(files, 'shopping-list.txt')]);
  await expect(page.getByRole('list', { name: 'Imported' })).toContainText('SQL for Analysts');
  const rejected = page.getByRole('list', { name: 'Rejected' });
  await expect(rejected).toContainText('shopping-list.txt');
  await expect(rejected.locator('.reason')).not.toBeEmpty();
  await shot(page, testInfo, '7-import-files');

  // Dropped anywhere on the window (here: on the library screen) goes to the import.
  await nav(page, 'Library').click();
  const dataTransfer = await page.evaluateHandle(
    (json) => {
      const dt = new DataTransfer();
      dt.items.add(new File([json], 'dropped.json', { type: 'application/json' }));
      return dt;
    },
    ob3('Dropped Credential', { id: 'urn:uuid:dropped', image: { id: svgBadge('#7a4fb3', 'DC') } }),
  );
  await page.dispatchEvent('main', 'dragenter', { dataTransfer });
  await expect(page.getByText('Drop to import into your library')).toBeVisible();
  await page.dispatchEvent('main', 'drop', { dataTransfer });
  await expect(page.getByRole('list', { name: 'Imported' })).toContainText('Dropped Credential');

  await nav(page, 'Library').click();
  const row = page
    .getByRole('list', { name: 'Credentials' })
    .getByRole('listitem')
    .filter({ hasText: 'SQL for Analysts' });
  await expect(row.locator('img')).toHaveAttribute('src', /^data:image\/svg\+xml;base64,/);
  await row.getByRole('button').click();
  await expect(
    page.getByRole('complementary', { name: 'Credential details' }).locator('img'),
  ).toHaveAttribute('src', /^data:image\/svg\+xml;base64,/);
  await shot(page, testInfo, '8-library-images');

  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, testInfo, '9-library-dark');
  expect(foreign).toEqual([]);
});

test('a page without the token cannot read the library', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${host.origin}/`);
  await expect(page.getByRole('alert')).toContainText('access token');
  await expect(page.getByRole('list', { name: 'Credentials' })).toHaveCount(0);
  await context.close();
});
