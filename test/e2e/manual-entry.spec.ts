// "Add manually" on the Import screen, in browser mode: keyboard only, clear refusals, and the new credential labelled Self-reported.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { nav, shot, startTestHost, watchRequests, type TestHost } from './support';

let t: TestHost;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  t = await startTestHost('skillfolio-e2e-manual-');
});

test.afterAll(async () => {
  await t?.close();
});

const form = (page: Page) => page.getByRole('region', { name: 'Add manually' });

test('a credential typed in by keyboard is stored as self-reported and opens from the result', async ({
  page,
}, testInfo) => {
  const foreign = watchRequests(page, t.host);
  await page.goto(t.host.url);
  await nav(page, 'Import').click();
  const section = form(page);
  await expect(section.getByRole('heading', { name: 'Add manually' })).toBeVisible();

  // Every field has a label, and the tab order goes through them to the button.
  await section.getByLabel('Title (required)').focus();
  await page.keyboard.type('Conversational Spanish B1');
  await page.keyboard.press('Tab');
  await expect(section.getByLabel('Issued by (required)')).toBeFocused();
  await page.keyboard.type('Instituto Example');
  await page.keyboard.press('Tab');
  await expect(section.getByLabel(/Date earned/)).toBeFocused();
  await page.keyboard.type('31/05/2022');
  await page.keyboard.press('Tab');
  await expect(section.getByLabel('Link (optional)')).toBeFocused();
  await page.keyboard.type('javascript:alert(1)');
  await page.keyboard.press('Tab');
  await expect(section.getByLabel('Description (optional)')).toBeFocused();
  await page.keyboard.type('Oral and written exam.');
  await page.keyboard.press('Tab');
  await expect(section.getByRole('button', { name: 'Add' })).toBeFocused();

  // A date that is not one is refused, and the message says how to write it; nothing typed is lost.
  await page.keyboard.press('Enter');
  await expect(section.getByRole('alert')).toContainText(
    '"31/05/2022" is not a date: write it as YYYY-MM-DD',
  );
  await expect(section.getByLabel('Title (required)')).toHaveValue('Conversational Spanish B1');
  await section.getByLabel(/Date earned/).fill('2022-05-31');
  await section.getByLabel('Link (optional)').press('Enter');
  await expect(section.getByRole('alert')).toContainText(
    'is not a web address: a link must start with https://',
  );
  await shot(page, testInfo, 'manual-entry-refused');
  const axe = await new AxeBuilder({ page })
    .include('section[aria-labelledby]')
    .withTags(['wcag2a', 'wcag2aa'])
    .analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual(
    [],
  );

  await section.getByLabel('Link (optional)').fill('https://instituto.example/certificates/5');
  await section.getByLabel('Link (optional)').press('Enter');
  const added = section.getByRole('list', { name: 'Added manually' });
  await expect(added.getByRole('listitem')).toContainText('Conversational Spanish B1');
  await expect(added.getByText('Self-reported', { exact: true })).toBeVisible();
  await expect(section.getByLabel('Title (required)')).toHaveValue('');
  await shot(page, testInfo, 'manual-entry-added');

  // The same entry again is already there.
  await section.getByLabel('Title (required)').fill('Conversational Spanish B1');
  await section.getByLabel('Issued by (required)').fill('Instituto Example');
  await section.getByLabel(/Date earned/).fill('2022-05-31');
  await section.getByLabel('Link (optional)').fill('https://instituto.example/certificates/5');
  await section.getByLabel('Description (optional)').fill('Oral and written exam.');
  await section.getByRole('button', { name: 'Add' }).click();
  await expect(added).toContainText('Already in your library.');

  // "Open" shows it in the library, labelled Self-reported, with its fields.
  await added.getByRole('button', { name: 'Open' }).first().focus();
  await page.keyboard.press('Enter');
  const detail = page.getByRole('complementary', { name: 'Credential details' });
  await expect(detail.getByRole('heading', { name: 'Conversational Spanish B1' })).toBeVisible();
  await expect(detail).toContainText('Instituto Example');
  await expect(detail.getByText('Self-reported').first()).toBeVisible();
  await shot(page, testInfo, 'manual-entry-detail');
  expect(foreign).toEqual([]);
});
