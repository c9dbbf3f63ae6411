// Journey 7 and the settings in browser mode: identities, network switches, keys and an imported certificate, backup download then restore.
import fs from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';
import { expect, test, type Page } from '@playwright/test';
import { ob3Credential } from '../helpers/fixtures';
import { startTestHost, watchRequests, type TestHost } from './support';

const SHOTS = process.env.SKILLFOLIO_SHOTS;

let t: TestHost;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  t = await startTestHost('skillfolio-e2e-settings-');
});

test.afterAll(async () => {
  await t?.close();
});

function nav(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name });
}

const card = (page: Page, name: string) => page.getByRole('region', { name });

async function look(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

async function paste(page: Page, text: string): Promise<void> {
  await nav(page, 'Import').click();
  await page.getByRole('textbox', { name: /JSON, a JWT, or a link/ }).fill(text);
  await page.getByRole('main').getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Imported' })).toBeVisible();
}

const rows = (page: Page) => page.getByRole('list', { name: 'Credentials' }).getByRole('listitem');

/** A self-signed certificate and key in a .p12, as a certificate authority would hand one out. */
function p12(password: string): Buffer {
  const keys = forge.pki.rsa.generateKeyPair(1024);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '0c';
  cert.validity.notBefore = new Date(Date.now() - 86_400_000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 86_400_000);
  cert.setSubject([{ name: 'commonName', value: 'Alex Rivera (Employer CA)' }]);
  cert.setIssuer([{ name: 'commonName', value: 'Alex Rivera (Employer CA)' }]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  const der = forge.asn1
    .toDer(forge.pkcs12.toPkcs12Asn1(keys.privateKey, [cert], password, { algorithm: '3des' }))
    .getBytes();
  return Buffer.from(der, 'binary');
}

test('identities: add (refusing what is not one) and remove', async ({ page }) => {
  const foreign = watchRequests(page, t.host);
  await page.goto(t.host.url);
  await nav(page, 'Settings').click();
  const ids = card(page, 'Your identities');
  await expect(ids).toContainText('No identities yet');

  const field = ids.getByRole('textbox', { name: /E-mail address, web address or phone/ });
  await field.fill('not an identity');
  await ids.getByRole('button', { name: 'Add identity' }).click();
  await expect(ids.getByRole('alert')).toBeVisible();
  await expect(field).toHaveAttribute('aria-invalid', 'true');

  await field.fill('alex.rivera@example.com');
  await field.press('Enter');
  // The field empties once the first is added: typing the second before that would be wiped.
  await expect(ids.getByRole('list', { name: 'Your identities' }).getByRole('listitem')).toHaveCount(1);
  await field.fill('+44 20 7946 0958');
  await ids.getByRole('button', { name: 'Add identity' }).click();
  const list = ids.getByRole('list', { name: 'Your identities' });
  await expect(list.getByRole('listitem')).toHaveCount(2);
  await expect(list).toContainText('alex.rivera@example.com');
  // Phone numbers are kept the way badges write them.
  await expect(list).toContainText('+442079460958');
  await look(page, 'settings-light');

  await list.getByRole('button', { name: 'Remove +442079460958' }).click();
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(ids.getByRole('status')).toContainText('Removed +442079460958');
  // Kept: reopening the screen reads them back from the library.
  await nav(page, 'Library').click();
  await nav(page, 'Settings').click();
  await expect(
    card(page, 'Your identities').getByRole('list', { name: 'Your identities' }),
  ).toHaveText(/alex\.rivera@example\.com/);
  expect(foreign).toEqual([]);
});

test('network: the switches are saved in the library folder; a start-up flag is explained', async ({
  page,
}) => {
  await page.goto(t.host.url);
  await nav(page, 'Settings').click();
  const network = card(page, 'Network');
  const offline = network.getByRole('checkbox', { name: 'Work offline' });
  const priv = network.getByRole('checkbox', { name: 'Allow private network addresses' });
  await expect(offline).not.toBeChecked();
  // This window was started offline: the saved setting is off, and the page says why it still is.
  await expect(network).toContainText('started offline');

  await offline.check();
  await expect(network.getByRole('status')).toHaveText('Saved.');
  await priv.focus();
  await page.keyboard.press('Space');
  await expect(priv).toBeChecked();
  await expect(network.getByRole('status')).toHaveText('Saved.');
  expect(JSON.parse(fs.readFileSync(path.join(t.libraryDir, 'settings.json'), 'utf8'))).toEqual({
    offline: true,
    allowPrivateNetwork: true,
  });

  await page.reload();
  await nav(page, 'Settings').click();
  await expect(card(page, 'Network').getByRole('checkbox', { name: 'Work offline' })).toBeChecked();
  await card(page, 'Network')
    .getByRole('checkbox', { name: 'Allow private network addresses' })
    .uncheck();
  await expect(card(page, 'Network').getByRole('status')).toHaveText('Saved.');
  expect(JSON.parse(fs.readFileSync(path.join(t.libraryDir, 'settings.json'), 'utf8'))).toEqual({
    offline: true,
    allowPrivateNetwork: false,
  });
});

test('keys: create them, then sign PDFs with an imported .p12 (a wrong password is refused)', async ({
  page,
}) => {
  await page.goto(t.host.url);
  await nav(page, 'Settings').click();
  const keys = card(page, 'Keys and certificate');
  await expect(keys).toContainText('No keys yet');
  await keys.getByRole('button', { name: 'Create keys' }).click();
  await expect(keys).toContainText(/did:key:z6Mk/);
  await expect(keys).toContainText('self-signed');
  const did = (await keys.locator('dd.mono').first().textContent()) ?? '';

  await keys.getByRole('button', { name: 'Import a certificate…' }).click();
  const file = { name: 'employer.p12', mimeType: 'application/x-pkcs12', buffer: p12('s3cret') };
  await keys.getByLabel('Choose a certificate file').setInputFiles(file);
  await expect(keys).toContainText('employer.p12');
  await keys.getByLabel('The file’s password').fill('wrong');
  await keys.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(keys.getByRole('alert')).toContainText(/password/i);

  await keys.getByLabel('The file’s password').fill('s3cret');
  await keys.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(keys.getByRole('status')).toContainText(
    'PDFs are now signed with the certificate of',
  );
  await expect(keys).toContainText('imported');
  await expect(keys).toContainText('Alex Rivera (Employer CA)');
  // The holder did:key stays.
  await expect(keys.locator('dd.mono').first()).toHaveText(did);

  // Replacing the keys asks first.
  await keys.getByRole('button', { name: 'Replace keys…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Replace your keys?' });
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(keys.locator('dd.mono').first()).toHaveText(did);
});

test('backup downloads a copy of the library, and restoring it brings the library back (the replaced one kept)', async ({
  page,
}) => {
  await page.goto(t.host.url);
  await paste(page, ob3Credential({ n: 1, title: 'Kept In The Backup' }));

  await nav(page, 'Settings').click();
  const backup = card(page, 'Backup and restore');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    backup.getByRole('button', { name: 'Download a backup' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^skillfolio-library-.*\.sqlite$/);
  const saved = test.info().outputPath(download.suggestedFilename());
  await download.saveAs(saved);
  expect(fs.readFileSync(saved).subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
  await expect(backup.getByRole('status')).toContainText('Downloaded the backup');

  // The library changes after the backup…
  await paste(page, ob3Credential({ n: 2, title: 'Added After The Backup' }));
  await nav(page, 'Library').click();
  await expect(rows(page)).toHaveCount(2);

  // …a file that is not a backup is refused and changes nothing…
  await nav(page, 'Settings').click();
  await card(page, 'Backup and restore')
    .getByLabel('Choose a backup to restore')
    .setInputFiles({
      name: 'notes.sqlite',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from('hello'),
    });
  await page.getByRole('dialog').getByRole('button', { name: 'Restore' }).click();
  await expect(card(page, 'Backup and restore').getByRole('alert')).toContainText(
    'is not a Skillfolio backup',
  );

  // …and the backup brings it back as it was.
  await card(page, 'Backup and restore')
    .getByLabel('Choose a backup to restore')
    .setInputFiles(saved);
  const dialog = page.getByRole('dialog', { name: 'Replace this library with the backup?' });
  await expect(dialog).toContainText('kept beside it as a .bak file');
  await look(page, 'settings-restore-dialog');
  await dialog.getByRole('button', { name: 'Restore' }).click();
  await expect(card(page, 'Backup and restore').getByRole('status')).toContainText(
    'Restored 1 credential and 0 portfolios',
  );
  const bak = fs.readdirSync(t.libraryDir).filter((f) => f.endsWith('.sqlite.bak'));
  expect(bak).toHaveLength(1);
  await nav(page, 'Library').click();
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText('Kept In The Backup');
});

test('looks right in the dark theme, and the theme chosen here is the sidebar’s too', async ({
  page,
}) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 1900 });
  await page.goto(t.host.url);
  await nav(page, 'Settings').click();
  const appearance = card(page, 'Theme');
  await appearance.getByRole('radio', { name: 'Dark' }).check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(
    page.getByRole('region', { name: 'Appearance' }).getByRole('radio', { name: 'Dark' }),
  ).toBeChecked();
  await look(page, 'settings-dark');
  await page.locator('.sidebar').getByRole('radio', { name: 'Auto' }).check();
  await expect(appearance.getByRole('radio', { name: 'Auto' })).toBeChecked();
});
