// An axe-core scan of every screen, light and dark: no serious or critical violations.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { startHost } from '../../src/host/server';
import { activeLibraryDir } from '../../src/services/profiles';
import { bakePng } from '../../src/formats/png';
import { clr2Credential, ob3Credential, ob3Object, solidPng } from '../helpers/fixtures';
import { nav, paste, RENDERER_DIR, shot, startTestHost, type TestHost } from './support';

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

const screen = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name, exact: true });

/** Skills (a skill open, the merge dialog), the portfolio builder (picker, entry editor, preview) and the export dialog. */
async function skillsAndPortfolios(page: Page, testInfo: TestInfo, scheme: string): Promise<void> {
  await screen(page, 'Skills').click();
  const skills = page.getByRole('list', { name: 'Skills' }).getByRole('listitem');
  await skills.first().getByRole('button').click();
  await expect(page.getByRole('complementary', { name: 'Skill details' })).toBeVisible();
  await scan(page, testInfo, `${scheme}-skills`);
  await skills.nth(0).getByRole('checkbox').check();
  await skills.nth(1).getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Merge…' }).click();
  await expect(page.getByRole('dialog', { name: 'Merge 2 skills' })).toBeVisible();
  await scan(page, testInfo, `${scheme}-skills-merge`);
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Clear selection' }).click();

  await screen(page, 'Portfolios').click();
  if (scheme === 'light') {
    await page.getByRole('button', { name: 'New portfolio…' }).click();
    await page
      .getByRole('dialog', { name: 'New portfolio' })
      .getByRole('textbox')
      .fill('Accessible CV');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('textbox', { name: 'Your name' }).fill('Ada Example');
    await page.getByRole('button', { name: 'Add credentials…' }).click();
    const picker = page.getByRole('dialog', { name: 'Add credentials from your library' });
    const choices = picker.getByRole('list', { name: 'Credentials to choose from' });
    await expect(choices.getByRole('listitem').first()).toBeVisible();
    for (const i of [0, 1, 2]) await choices.getByRole('checkbox').nth(i).check();
    await scan(page, testInfo, `${scheme}-portfolio-picker`);
    await picker.getByRole('button', { name: 'Add 3' }).click();
    await expect(picker).toHaveCount(0);
  }
  const entries = page
    .getByRole('list', { name: 'Credentials in Credentials' })
    .getByRole('listitem');
  await expect(entries).toHaveCount(3);
  await entries
    .first()
    .getByRole('button', { name: /^Note and fields of/ })
    .click();
  await expect(page.getByRole('article', { name: /Résumé preview/ })).toContainText('Ada Example');
  await scan(page, testInfo, `${scheme}-portfolio-builder`);
  await entries
    .first()
    .getByRole('button', { name: /^Note and fields of/ })
    .click();

  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: /^Export/ });
  await expect(dialog.getByRole('checkbox', { name: 'Signed PDF' })).toBeVisible();
  await scan(page, testInfo, `${scheme}-export-dialog`);
  if (scheme === 'light') {
    await dialog.getByRole('button', { name: 'Export', exact: true }).click();
    await expect(dialog.getByRole('heading', { name: /exported/ })).toBeVisible({
      timeout: 60_000,
    });
    await dialog.getByRole('button', { name: /^Verify this file: .*\.pdf$/ }).click();
    await expect(dialog.locator('.export-verify')).toBeVisible();
    await scan(page, testInfo, `${scheme}-export-result`);
    await dialog.getByRole('button', { name: 'Done' }).click();
  } else {
    await page.keyboard.press('Escape');
  }
  await expect(dialog).toHaveCount(0);
}

for (const scheme of ['light', 'dark'] as const) {
  test(`every screen in the ${scheme} theme`, async ({ page }, testInfo) => {
    // About fifteen full-page scans each: more than the default minute on a busy machine.
    test.setTimeout(300_000);
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(t.host.url);

    if (scheme === 'light') {
      await expect(page.getByRole('heading', { name: 'Your library is empty' })).toBeVisible();
      await scan(page, testInfo, `${scheme}-library-empty`);
      await screen(page, 'Skills').click();
      await expect(page.getByRole('heading', { name: 'No skills yet' })).toBeVisible();
      await scan(page, testInfo, `${scheme}-skills-empty`);
      await screen(page, 'Portfolios').click();
      await expect(page.getByRole('heading', { name: 'Build your first portfolio' })).toBeVisible();
      await scan(page, testInfo, `${scheme}-portfolios-empty`);
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

    await skillsAndPortfolios(page, testInfo, scheme);

    if (scheme === 'dark') {
      // The manual switch, not just the system setting, gives the same result.
      await page.emulateMedia({ colorScheme: 'light' });
      await page.getByRole('radio', { name: 'Dark' }).check();
      await scan(page, testInfo, 'dark-chosen-detail');
      await page.getByRole('radio', { name: 'Auto' }).check();
    }
  });
}

const SAMPLES = path.resolve(__dirname, '../../resources/samples');

/** Verify a file, Profiles, Settings and the samples, on a data folder of their own (profiles need one). */
for (const scheme of ['light', 'dark'] as const) {
  test(`verify, profiles, settings and the samples in the ${scheme} theme`, async ({
    page,
  }, testInfo) => {
    test.setTimeout(240_000);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillfolio-e2e-a11y-more-'));
    const host = await startHost({
      libraryDir: activeLibraryDir(dataDir),
      dataDir,
      rendererDir: RENDERER_DIR,
      offline: true,
    });
    const go = (name: string) =>
      page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name, exact: true });
    try {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(host.url);
      await page.getByRole('button', { name: 'Try it with sample credentials' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'Added' })).toBeVisible();
      await expect(page.getByText(/^14 credentials$/)).toBeVisible();
      await scan(page, testInfo, `${scheme}-library-samples`);

      await go('Verify a file').click();
      await scan(page, testInfo, `${scheme}-verify-empty`);
      await page
        .getByLabel('Choose a file to verify')
        .setInputFiles(
          [
            'ob3-agile-project-basics.json',
            'ob2-spreadsheet-modelling.png',
            'ob3-machine-learning-foundations.json',
          ].map((f) => path.join(SAMPLES, f)),
        );
      await expect(page.locator('.verify-card .verify-result-head .trust')).toHaveCount(3);
      await scan(page, testInfo, `${scheme}-verify-reports`);

      await go('Profiles').click();
      await page.getByRole('textbox', { name: /Name \(for example/ }).fill('Client B');
      await page.getByRole('button', { name: 'Create profile' }).click();
      await expect(page.getByRole('list', { name: 'Profiles' })).toContainText('Client B');
      await scan(page, testInfo, `${scheme}-profiles`);
      await page.getByRole('button', { name: 'Remove Client B…' }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await scan(page, testInfo, `${scheme}-profiles-remove`);
      await page.keyboard.press('Escape');

      await go('Settings').click();
      await page
        .getByRole('textbox', { name: /E-mail address, web address/ })
        .fill('alex.rivera@example.com');
      await page.getByRole('button', { name: 'Add identity' }).click();
      await page.getByRole('button', { name: 'Create keys' }).click();
      await expect(page.getByText(/did:key:z6Mk/).first()).toBeVisible();
      await page.getByRole('button', { name: 'Import a certificate…' }).click();
      await scan(page, testInfo, `${scheme}-settings`);
      await page.getByLabel('Choose a backup to restore').setInputFiles({
        name: 'backup.sqlite',
        mimeType: 'application/octet-stream',
        buffer: Buffer.from('not really'),
      });
      await expect(page.getByRole('dialog')).toBeVisible();
      await scan(page, testInfo, `${scheme}-settings-restore`);
      await page.keyboard.press('Escape');
    } finally {
      await host.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
}
