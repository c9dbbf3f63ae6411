// Journey 7 for the keys in browser mode: a key backup downloaded with a passphrase (typed twice) brings the same did:key back.
import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { openHolderKeys } from '../../src/export/key-file';
import { startTestHost, type TestHost } from './support';

let t: TestHost;

test.beforeAll(async () => {
  t = await startTestHost('skillfolio-e2e-key-backup-');
});

test.afterAll(async () => {
  await t?.close();
});

const keysCard = (page: Page) => page.getByRole('region', { name: 'Keys and certificate' });

test('export a key backup, replace the keys, and import the backup to get them back', async ({
  page,
}) => {
  await page.goto(t.host.url);
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('button', { name: 'Settings' })
    .click();
  const keys = keysCard(page);
  // No keys, nothing to back up.
  await expect(keys).toContainText('No keys yet');
  await expect(keys.getByRole('button', { name: 'Export a key backup…' })).toHaveCount(0);
  await keys.getByRole('button', { name: 'Create keys' }).click();
  await expect(keys).toContainText(/did:key:z6Mk/);
  const did = (await keys.locator('dd.mono').first().textContent()) ?? '';

  await keys.getByRole('button', { name: 'Export a key backup…' }).click();
  await keys.getByLabel('Passphrase for the backup').fill('river stone 42');
  await keys.getByLabel('The passphrase again').fill('river stone 24');
  await keys.getByRole('button', { name: 'Download the backup' }).click();
  await expect(keys.getByRole('alert')).toHaveText(
    'The two passphrases are not the same: type it again.',
  );

  await keys.getByLabel('The passphrase again').fill('river stone 42');
  await keys.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('key-backup-form.png') });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    keys.getByRole('button', { name: 'Download the backup' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^skillfolio-keys-\d{4}-\d{2}-\d{2}\.json$/);
  const saved = test.info().outputPath(download.suggestedFilename());
  await download.saveAs(saved);
  await expect(keys.getByRole('status')).toContainText(
    'Downloaded the key backup skillfolio-keys-',
  );
  await expect(keys.getByLabel('Passphrase for the backup')).toHaveCount(0);
  const bytes = fs.readFileSync(saved);
  expect(bytes.toString('utf8')).not.toMatch(/PRIVATE KEY/);
  expect(openHolderKeys(bytes, 'river stone 42').keys.holder.did).toBe(did);

  // New keys…
  await keys.getByRole('button', { name: 'Replace keys…' }).click();
  await page
    .getByRole('dialog', { name: 'Replace your keys?' })
    .getByRole('button', { name: 'Replace keys' })
    .click();
  await expect(keys.locator('dd.mono').first()).not.toHaveText(did);

  // …and the backup brings the old ones back, opened with the passphrase typed as the password.
  await keys.getByRole('button', { name: 'Import a certificate…' }).click();
  await keys.getByLabel('Choose a certificate file').setInputFiles(saved);
  await keys.getByLabel('The file’s password').fill('river stone 42');
  await keys.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(keys.getByRole('status')).toHaveText('Keys restored from the backup.');
  await expect(keys.locator('dd.mono').first()).toHaveText(did);
});
