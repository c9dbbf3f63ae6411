// First run in browser mode: the empty library explains itself, one click brings in the signed samples with every offline label, and a sample portfolio.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startTestHost, watchRequests, type TestHost } from './support';

const SHOTS = process.env.SKILLFOLIO_SHOTS;
const manifest = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '../../resources/samples/manifest.json'), 'utf8'),
) as {
  credentials: Array<{ file: string; label: string }>;
};

let t: TestHost;

test.beforeAll(async () => {
  t = await startTestHost('skillfolio-e2e-first-run-');
});

test.afterAll(async () => {
  await t?.close();
});

function nav(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name });
}

async function look(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** The title each sample shows in the library, and the label it must carry. */
const EXPECTED: Array<[string, string]> = [
  ['Data Visualisation with Python', 'Verified'],
  ['SQL Fundamentals', 'Verified'],
  ['Python for Analysts', 'Verified'],
  ['Certificate in Data Analytics — Transcript', 'Verified'],
  ['Volunteer Data Coordinator', 'Verified'],
  ['Spreadsheet Modelling', 'Unverified'],
  ['Classroom Data Literacy', 'Unverified'],
  ['Public Speaking Club — Competent Communicator', 'Self-reported'],
  ['Workplace First Aid', 'Expired'],
  ['Agile Project Basics', 'Revoked'],
  ['Machine Learning Foundations', 'Invalid'],
];

for (const scheme of ['light', 'dark'] as const) {
  test(`empty library → samples → every label → the sample portfolio (${scheme})`, async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await page.emulateMedia({ colorScheme: scheme });
    const foreign = watchRequests(page, t.host);
    await page.goto(t.host.url);

    if (scheme === 'light') {
      const main = page.getByRole('main');
      await expect(main.getByRole('heading', { name: 'Your library is empty' })).toBeVisible();
      // It explains itself: what Skillfolio does, the labels, and both ways in.
      await expect(main).toContainText('turns them into a résumé');
      await expect(main.getByRole('button', { name: 'Import credentials' })).toBeVisible();
      await look(page, `first-run-empty-${scheme}`);

      await main.getByRole('button', { name: 'Try it with sample credentials' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'Added' })).toHaveText(
        /Added 11 sample credentials and the portfolio “Data Analyst \(sample\)”/,
      );
    }

    // The README's table and the manifest agree with what the library shows.
    expect(EXPECTED.length).toBe(manifest.credentials.length);
    const rows = page.getByRole('list', { name: 'Credentials' }).getByRole('listitem');
    await expect(page.getByText(/^14 credentials$/)).toBeVisible();
    for (const [title, label] of EXPECTED) {
      await page
        .getByRole('searchbox', { name: 'Search the library' })
        .fill(title.split(' —')[0] ?? title);
      const row = rows.filter({ hasText: title }).first();
      await expect(row, title).toBeVisible();
      await expect(row.locator('.trust'), title).toHaveText(label);
    }
    await page.getByRole('searchbox', { name: 'Search the library' }).fill('');
    await expect(page.getByText(/^14 credentials$/)).toBeVisible();
    await page.getByRole('button', { name: 'Grid' }).click();
    await expect(page.locator('.tile').first()).toBeVisible();
    await look(page, `first-run-samples-grid-${scheme}`);
    await page.getByRole('button', { name: 'List' }).click();

    // The revoked sample says why, in the detail's checks.
    await rows.filter({ hasText: 'Agile Project Basics' }).getByRole('button').click();
    const detail = page.getByRole('complementary', { name: 'Credential details' });
    await expect(detail.getByRole('list', { name: 'Checks' })).toContainText(
      /Revoked: the issuer's status list marks this credential as revoked/,
    );
    await look(page, `first-run-revoked-detail-${scheme}`);
    await page.keyboard.press('Escape');

    await nav(page, 'Portfolios').click();
    const main = page.getByRole('main');
    await expect(main).toContainText('Data Analyst (sample)');
    await expect(main).toContainText('Alex Rivera');
    await look(page, `first-run-portfolio-${scheme}`);

    expect(foreign).toEqual([]);
  });
}
