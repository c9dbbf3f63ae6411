// An axe-core scan of every screen, light and dark: no serious or critical violations.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { bakePng } from '../../src/formats/png';
import { clr2Credential, ob3Credential, ob3Object, solidPng } from '../helpers/fixtures';
import { nav, paste, shot, startTestHost, type TestHost } from './support';

let t: TestHost;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  t = await startTestHost('skillfolio-e2e-a11y-');
});

test.afterAll(async () => {
  await t?.close();
});

/** Scans the page as it is now; fails listing each serious or critical rule with the elements it hit. */
async function scan(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await shot(page, testInfo, `a11y-${name}`);
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      rule: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
    }));
  expect(bad, `${name}: ${JSON.stringify(bad, null, 2)}`).toEqual([]);
  // Every scan found something to check, so an empty page cannot pass by accident.
  expect(results.passes.length, name).toBeGreaterThan(10);
}

const detail = (page: Page) => page.getByRole('complementary', { name: 'Credential details' });

for (const scheme of ['light', 'dark'] as const) {
  test(`every screen in the ${scheme} theme`, async ({ page }, testInfo) => {
    // About nine full-page scans each: more than the default minute on a busy machine.
    test.setTimeout(180_000);
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(t.host.url);

    if (scheme === 'light') {
      await expect(page.getByRole('heading', { name: 'Your library is empty' })).toBeVisible();
      await scan(page, testInfo, `${scheme}-library-empty`);
      await nav(page, 'Import').click();
      await scan(page, testInfo, `${scheme}-import-empty`);

      // Something of every kind in the results: imported (with a note), duplicate, rejected.
      await paste(
        page,
        JSON.stringify({
          ...ob3Object({ n: 1, title: 'Accessible Data Visualisation', issuer: 'Open School' }),
          image: {
            id: `data:image/png;base64,${Buffer.from(solidPng(32, 32)).toString('base64')}`,
            type: 'Image',
          },
        }),
      );
      await expect(page.getByRole('list', { name: 'Imported' })).toBeVisible();
      await page.getByLabel('Choose files', { exact: true }).setInputFiles([
        {
          name: 'again.json',
          mimeType: 'application/json',
          buffer: Buffer.from(
            JSON.stringify({
              ...ob3Object({
                n: 1,
                title: 'Accessible Data Visualisation',
                issuer: 'Open School',
              }),
              image: {
                id: `data:image/png;base64,${Buffer.from(solidPng(32, 32)).toString('base64')}`,
                type: 'Image',
              },
            }),
          ),
        },
        { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a credential') },
        {
          name: 'transcript.json',
          mimeType: 'application/json',
          buffer: Buffer.from(clr2Credential({ n: 2, count: 2, title: 'Evening Transcript' })),
        },
        {
          name: 'baked.png',
          mimeType: 'image/png',
          buffer: Buffer.from(
            bakePng(solidPng(), 'openbadgecredential', ob3Credential({ n: 3, title: 'Baked' })),
          ),
        },
        ...Array.from({ length: 6 }, (_, i) => ({
          name: `more-${i}.json`,
          mimeType: 'application/json',
          buffer: Buffer.from(
            ob3Credential({ n: 10 + i, title: `Credential number ${i}`, issuer: `Issuer ${i}` }),
          ),
        })),
      ]);
      await expect(page.getByRole('list', { name: 'Rejected' })).toBeVisible();
      await expect(page.getByRole('list', { name: 'Duplicates' })).toBeVisible();
    }
    await nav(page, 'Import').click();
    await scan(page, testInfo, `${scheme}-import-results`);

    await nav(page, 'Library').click();
    await expect(page.getByText(/^1\d credentials$/)).toBeVisible();
    await scan(page, testInfo, `${scheme}-library-list`);

    await page.getByRole('combobox', { name: 'Format' }).selectOption('ob3');
    await page.getByRole('searchbox', { name: 'Search the library' }).fill('credential');
    await expect(page.getByText(/matches of/)).toBeVisible();
    await scan(page, testInfo, `${scheme}-library-filtered`);
    await page.getByRole('searchbox', { name: 'Search the library' }).fill('zzzz-nothing');
    await expect(page.getByText('No credentials match')).toBeVisible();
    await scan(page, testInfo, `${scheme}-library-no-match`);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByRole('searchbox', { name: 'Search the library' }).fill('');

    await page.getByRole('button', { name: 'Grid' }).click();
    await expect(page.locator('.tile').first()).toBeVisible();
    await scan(page, testInfo, `${scheme}-library-grid`);
    await page.getByRole('button', { name: 'List' }).click();

    await page
      .getByRole('list', { name: 'Credentials' })
      .getByRole('listitem')
      .filter({ hasText: 'Accessible Data Visualisation' })
      .getByRole('button')
      .click();
    await expect(detail(page).getByRole('region', { name: 'Original: JSON' })).toBeVisible();
    await scan(page, testInfo, `${scheme}-detail`);

    await page
      .getByRole('list', { name: 'Credentials' })
      .getByRole('listitem')
      .filter({ hasText: 'Evening Transcript' })
      .getByRole('button')
      .click();
    await expect(detail(page).getByRole('heading', { level: 2 })).toHaveText('Evening Transcript');
    await detail(page).getByRole('button', { name: 'Delete…' }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await scan(page, testInfo, `${scheme}-delete-dialog`);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);

    if (scheme === 'dark') {
      // The manual switch, not just the system setting, gives the same result.
      await page.emulateMedia({ colorScheme: 'light' });
      await page.getByRole('radio', { name: 'Dark' }).check();
      await scan(page, testInfo, 'dark-chosen-detail');
      await page.getByRole('radio', { name: 'Auto' }).check();
    }
  });
}
