// Journey 6 in browser mode: one library per client — create, switch explicitly (the library follows), always see which one is in use, remove after confirming.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startHost, type Host } from '../../src/host/server';
import { activeLibraryDir } from '../../src/services/profiles';
import { ob3Credential } from '../helpers/fixtures';
import { RENDERER_DIR, watchRequests } from './support';

const SHOTS = process.env.SKILLFOLIO_SHOTS;

let dataDir: string;
let host: Host;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillfolio-e2e-profiles-'));
  host = await startHost({
    libraryDir: activeLibraryDir(dataDir),
    dataDir,
    rendererDir: RENDERER_DIR,
    offline: true,
  });
});

test.afterAll(async () => {
  await host?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

function nav(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name });
}

const inUse = (page: Page) => page.getByRole('region', { name: 'Profile in use' }).first();
const sidebarProfile = (page: Page) =>
  page.locator('.sidebar').getByRole('region', { name: 'Profile in use' }).getByRole('button');

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
const profileRow = (page: Page, name: string) =>
  page.getByRole('list', { name: 'Profiles' }).getByRole('listitem').filter({ hasText: name });

test('create a client profile, switch to it and back: each has its own library, and the sidebar always says which', async ({
  page,
}) => {
  const foreign = watchRequests(page, host);
  await page.goto(host.url);
  await expect(sidebarProfile(page)).toHaveText(/Profile\s*Default/);
  await paste(page, ob3Credential({ n: 1, title: 'Default Profile Badge' }));

  await sidebarProfile(page).click();
  await expect(page.getByRole('heading', { name: 'Profiles', level: 1 })).toBeVisible();
  await expect(
    page.getByRole('main').getByRole('region', { name: 'Profile in use' }),
  ).toContainText('Default');

  // A name that cannot be a folder name is refused, with the reason, at the field.
  const name = page.getByRole('textbox', { name: /Name \(for example/ });
  await name.fill('../escape');
  await page.getByRole('button', { name: 'Create profile' }).click();
  await expect(page.getByRole('alert')).toContainText('cannot contain “/”');
  await expect(name).toHaveAttribute('aria-invalid', 'true');

  await name.fill('Ana López');
  await name.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Created' })).toContainText(
    'Created the profile “Ana López”',
  );
  await expect(profileRow(page, 'Ana López')).toContainText('Created');
  // Creating does not switch: the default library is still the one in use.
  await expect(sidebarProfile(page)).toHaveText(/Default/);
  await look(page, 'profiles-light');

  await profileRow(page, 'Ana López').getByRole('button', { name: 'Switch to Ana López' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Now using' })).toContainText(
    'Ana López',
  );
  await expect(sidebarProfile(page)).toHaveText(/Profile\s*Ana López/);
  await expect(profileRow(page, 'Ana López')).toContainText('In use');
  // The profile in use cannot be removed from here.
  await expect(profileRow(page, 'Ana López').getByRole('button', { name: /Remove/ })).toHaveCount(
    0,
  );

  await nav(page, 'Library').click();
  await expect(page.getByRole('heading', { name: 'Your library is empty' })).toBeVisible();
  await paste(page, ob3Credential({ n: 2, title: 'Client Badge' }));
  await nav(page, 'Library').click();
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText('Client Badge');

  await sidebarProfile(page).click();
  await profileRow(page, 'Default').getByRole('button', { name: 'Switch to Default' }).click();
  await expect(sidebarProfile(page)).toHaveText(/Default/);
  await page.getByRole('button', { name: 'Open its library' }).click();
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText('Default Profile Badge');
  expect(foreign).toEqual([]);
});

test('remove a profile only after confirming; cancel keeps it', async ({ page }) => {
  await page.goto(host.url);
  await nav(page, 'Profiles').click();
  const folder = path.join(dataDir, 'profiles', 'Ana López');
  expect(fs.existsSync(folder)).toBe(true);

  const remove = profileRow(page, 'Ana López').getByRole('button', { name: 'Remove Ana López…' });
  await remove.click();
  const dialog = page.getByRole('dialog', { name: 'Remove the profile “Ana López”?' });
  await expect(dialog).toContainText('cannot be undone');
  // The harmless choice has the focus.
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await look(page, 'profiles-remove-dialog');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  expect(fs.existsSync(folder)).toBe(true);

  await remove.click();
  await dialog.getByRole('button', { name: 'Remove profile' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Removed' })).toContainText(
    'Removed the profile “Ana López” and its library',
  );
  await expect(profileRow(page, 'Ana López')).toHaveCount(0);
  expect(fs.existsSync(folder)).toBe(false);
  await expect(inUse(page)).toBeVisible();
});

test('looks right in the dark theme', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(host.url);
  await nav(page, 'Profiles').click();
  await page.getByRole('textbox', { name: /Name \(for example/ }).fill('Client 42 (2025)');
  await page.getByRole('button', { name: 'Create profile' }).click();
  await expect(profileRow(page, 'Client 42 (2025)')).toBeVisible();
  await look(page, 'profiles-dark');
});
