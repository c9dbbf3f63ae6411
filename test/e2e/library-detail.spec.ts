// Journeys 1–2 beyond the basics: a dropped ZIP, a big batch with a live progress bar, the detail's raw
// original and checks, delete with confirmation, keyboard-only use, and the theme switch.
import { expect, test, type Page } from '@playwright/test';
import { bakePng } from '../../src/formats/png';
import {
  clr2Credential,
  newSigningKey,
  ob3Credential,
  ob3Object,
  solidPng,
  vcJwt,
} from '../helpers/fixtures';
import { writeZip } from '../helpers/zip-writer';
import { drop, nav, shot, startTestHost, watchRequests, type TestHost } from './support';

let t: TestHost;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  t = await startTestHost('skillfolio-e2e-detail-');
});

test.afterAll(async () => {
  await t?.close();
});

const detail = (page: Page) => page.getByRole('complementary', { name: 'Credential details' });
const rows = (page: Page) => page.getByRole('list', { name: 'Credentials' }).getByRole('listitem');

test('a dropped backpack ZIP is imported item by item, with a reason for what was refused', async ({
  page,
}, testInfo) => {
  const foreign = watchRequests(page, t.host);
  const key = await newSigningKey();
  const withEvidence = JSON.stringify({
    ...ob3Object({ n: 1, title: 'Statistics with R', issuer: 'Open Data School' }),
    evidence: [
      {
        id: 'https://portfolio.example/projects/42',
        type: ['Evidence'],
        name: 'Capstone project',
        description: 'A reproducible analysis of city cycling data.',
      },
    ],
  });
  const zip = writeZip([
    { name: 'backpack/statistics.json', data: withEvidence },
    { name: 'backpack/signed.jwt', data: await vcJwt({ n: 2, title: 'Signed Python' }, key) },
    {
      name: 'backpack/baked.png',
      data: bakePng(
        solidPng(48, 48, [200, 90, 30, 255]),
        'openbadgecredential',
        ob3Credential({ n: 3, title: 'Baked Badge' }),
      ),
    },
    {
      name: 'backpack/transcript.json',
      data: clr2Credential({ n: 4, count: 3, title: 'College Transcript' }),
    },
    { name: 'backpack/notes.txt', data: 'not a credential' },
  ]);

  await page.goto(t.host.url);
  await expect(page.getByRole('heading', { name: 'Your library is empty' })).toBeVisible();
  await drop(page, [{ name: 'backpack.zip', bytes: zip, type: 'application/zip' }]);

  const summary = page.getByRole('status').filter({ hasText: 'imported ·' });
  // Four files hold 7 credentials: the transcript brings its three courses.
  await expect(summary).toHaveText(
    '7 imported · 0 already in your library · 1 could not be imported',
  );
  const imported = page.getByRole('list', { name: 'Imported' });
  await expect(imported).toContainText('Statistics with R');
  await expect(imported).toContainText('Signed Python');
  await expect(imported).toContainText('Baked Badge');
  await expect(imported).toContainText('Course 2 of transcript 4');
  const rejected = page.getByRole('list', { name: 'Rejected' });
  await expect(rejected.getByRole('listitem')).toHaveCount(1);
  await expect(rejected).toContainText('notes.txt');
  await expect(rejected.locator('.reason')).not.toBeEmpty();
  await shot(page, testInfo, 'detail-1-zip-results');
  expect(foreign).toEqual([]);
});

test('a big batch shows a progress bar with counts, then every result', async ({
  page,
}, testInfo) => {
  await page.goto(t.host.url);
  await nav(page, 'Import').click();

  // Hold the second request until the page has shown what the first one finished.
  let imports = 0;
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/invoke', async (route) => {
    const body = route.request().postDataJSON() as { method?: string };
    if (body.method === 'library.import' && ++imports === 2) await gate;
    await route.continue();
  });

  const files = Array.from({ length: 120 }, (_, i) => ({
    name: `batch-${i}.json`,
    mimeType: 'application/json',
    buffer: Buffer.from(ob3Credential({ n: 1000 + i, title: `Batch credential ${i}` })),
  }));
  await page.getByLabel('Choose files', { exact: true }).setInputFiles(files);

  const bar = page.getByRole('progressbar', { name: 'Import progress' });
  await expect(page.getByText(/: 50 of 120 items/)).toBeVisible();
  await expect(bar).toHaveAttribute('max', '120');
  await expect(bar).toHaveAttribute('value', '50');
  await expect(page.getByText('41%')).toBeVisible();
  await shot(page, testInfo, 'detail-2-progress');
  release();

  await expect(bar).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'imported ·' })).toHaveText(
    '120 imported · 0 already in your library · 0 could not be imported',
  );
  const imported = page.getByRole('list', { name: 'Imported' });
  await expect(imported.getByRole('listitem')).toHaveCount(100);
  await page.getByRole('button', { name: 'Show 20 more of 20' }).click();
  await expect(imported.getByRole('listitem')).toHaveCount(120);
  await page.unroute('**/api/invoke');
});

test('the detail shows the raw original, evidence, criteria, skills and each check with its time', async ({
  page,
}, testInfo) => {
  await page.goto(t.host.url);
  const search = page.getByRole('searchbox', { name: 'Search the library' });

  await search.fill('statistics with');
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText('Statistics with R');
  await rows(page).first().getByRole('button').click();
  const d = detail(page);
  await expect(d.getByRole('heading', { level: 2 })).toHaveText('Statistics with R');
  await expect(d.getByRole('heading', { level: 2 })).toBeFocused();
  await expect(d).toContainText('Capstone project');
  await expect(d).toContainText('A reproducible analysis of city cycling data.');
  await expect(d).toContainText('Passed the programming assessment.');
  await expect(d.locator('.chip').first()).toBeVisible();
  const checks = d.getByRole('list', { name: 'Checks' }).getByRole('listitem');
  expect(await checks.count()).toBeGreaterThan(0);
  for (const check of await checks.all()) {
    await expect(check.locator('time')).toHaveAttribute('datetime', /^\d{4}-\d\d-\d\dT/);
    await expect(check.locator('.trust')).not.toBeEmpty();
  }
  // The original, pretty-printed: two-space indentation, as stored.
  const json = d.getByRole('region', { name: 'Original: JSON' });
  await expect(json).toContainText('"name": "Statistics with R"');
  await expect(d).toContainText(/JSON, [\d,]+ bytes\./);
  await json.scrollIntoViewIfNeeded();
  await shot(page, testInfo, 'detail-3-json-original');

  await search.fill('signed python');
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText('Signed Python');
  await rows(page).first().getByRole('button').click();
  await expect(d.getByRole('heading', { level: 2 })).toHaveText('Signed Python');
  await expect(d).toContainText('JSON Web Token');
  await expect(d.locator('figcaption')).toHaveText(['Header', 'Payload', 'Token as imported']);
  const header = d.getByRole('region', { name: 'Original: Header' });
  await expect(header).toContainText('"alg": "EdDSA"');
  await expect(d.getByRole('region', { name: 'Original: Payload' })).toContainText(
    '"name": "Signed Python"',
  );
  await header.scrollIntoViewIfNeeded();
  await shot(page, testInfo, 'detail-4-jwt-original');
  // Re-verify on demand; offline, the signature stays unchecked and the detail says so.
  const firstTime = await d.locator('.verdict-line time').getAttribute('datetime');
  await d.getByRole('button', { name: 'Re-verify' }).click();
  await expect(d.getByRole('status')).toHaveText('Checked again: still Unverified.');
  await expect(d.locator('.verdict-line time')).not.toHaveAttribute('datetime', firstTime ?? '');
  await expect(d).toContainText('offline');

  await search.fill('baked badge');
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText('Baked Badge');
  await rows(page).first().getByRole('button').click();
  await expect(d).toContainText(/Binary image \(PNG\), [\d,]+ bytes/);
  await expect(d.locator('pre.original')).toHaveCount(0);
  await expect(d.locator('img')).toHaveAttribute('src', /^data:image\/png;base64,/);
  await shot(page, testInfo, 'detail-5-png-original');
});

test('every action works from the keyboard: move, open, close, delete with confirmation', async ({
  page,
}, testInfo) => {
  await page.goto(t.host.url);
  await expect(page.getByText(/^12[0-9] credentials$/)).toBeVisible();
  const total = Number((await page.locator('.count').textContent())?.replace(/\D/g, ''));

  // "/" jumps to the search box; Escape there clears it.
  await page.keyboard.press('/');
  const search = page.getByRole('searchbox', { name: 'Search the library' });
  await expect(search).toBeFocused();
  await page.keyboard.type('batch credential 99');
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText('Batch credential 99');
  await page.keyboard.press('Escape');
  await expect(search).toHaveValue('');
  await page.keyboard.type('batch');
  await expect(page.getByText(`120 matches of ${total}`)).toBeVisible();

  // Arrow keys move along the list; Enter opens; Escape closes and the focus comes back.
  await rows(page).first().getByRole('button').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const third = rows(page).nth(2).getByRole('button');
  await expect(third).toBeFocused();
  const title = (await third.locator('.row-title').textContent()) ?? '';
  await page.keyboard.press('Enter');
  await expect(detail(page).getByRole('heading', { level: 2 })).toHaveText(title);
  await expect(detail(page).getByRole('heading', { level: 2 })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(detail(page)).toHaveCount(0);
  await expect(third).toBeFocused();

  // Delete asks first; Escape in the dialog cancels it and keeps the details open.
  await page.keyboard.press('Enter');
  const deleteButton = detail(page).getByRole('button', { name: 'Delete…' });
  await deleteButton.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await shot(page, testInfo, 'detail-6-delete-dialog');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(detail(page)).toBeVisible();
  await expect(deleteButton).toBeFocused();

  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Delete', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Deleted' })).toHaveText(
    `Deleted “${title}”.`,
  );
  await expect(detail(page)).toHaveCount(0);
  await expect(page.getByText(`119 matches of ${total - 1}`)).toBeVisible();
  await expect(rows(page).filter({ hasText: title })).toHaveCount(0);
});

test('deleting a bundle says its nested credentials go too, and removes them', async ({
  page,
}, testInfo) => {
  await page.goto(t.host.url);
  const search = page.getByRole('searchbox', { name: 'Search the library' });
  await search.fill('transcript');
  // The bundle and its three courses.
  await expect(rows(page)).toHaveCount(4);
  await rows(page).filter({ hasText: 'College Transcript' }).getByRole('button').click();
  const d = detail(page);
  await expect(d.getByRole('heading', { level: 2 })).toHaveText('College Transcript');
  await expect(d.getByRole('button', { name: 'Course 1 of transcript 4' })).toBeVisible();
  await d.getByRole('button', { name: 'Delete…' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(
    'This is a bundle: the 3 credentials inside it will be deleted too.',
  );
  await shot(page, testInfo, 'detail-7-delete-bundle');
  await dialog.getByRole('button', { name: 'Delete all 4' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Deleted' })).toHaveText(
    'Deleted “College Transcript” and 3 credentials inside it.',
  );
  await expect(page.getByText('No credentials match')).toBeVisible();
});

test('long and right-to-left names stay inside their row and tile, as plain text', async ({
  page,
}, testInfo) => {
  const title = `${'شهادة تحليل البيانات '.repeat(4000)}\u202Eexe.gnp <b>bold</b>`;
  const issuer = `${'מכללה ללימודי נתונים '.repeat(2000)}`;
  await page.goto(t.host.url);
  await nav(page, 'Import').click();
  await page
    .getByRole('textbox', { name: /JSON, a JWT, or a link/ })
    .fill(JSON.stringify(ob3Object({ n: 77, title, issuer })));
  await page.getByRole('main').getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Imported' })).toContainText('شهادة');

  await nav(page, 'Library').click();
  await page.getByRole('searchbox', { name: 'Search the library' }).fill('شهادة');
  await expect(rows(page)).toHaveCount(1);
  const row = rows(page).first();
  const box = await row.boundingBox();
  expect(box?.height).toBe(64);
  const titleEl = row.locator('.row-title');
  // Clipped on screen (the text is wider than its box), shown as text, without the direction override.
  const widths = await titleEl.evaluate((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    return { text: range.getBoundingClientRect().width, box: el.getBoundingClientRect().width };
  });
  expect(widths.text).toBeGreaterThan(widths.box * 2);
  expect(await titleEl.evaluate((el) => getComputedStyle(el).textOverflow)).toBe('ellipsis');
  expect(await titleEl.getAttribute('dir')).toBe('auto');
  expect(await titleEl.textContent()).not.toContain('\u202E');
  await expect(row.locator('b')).toHaveCount(0);
  // Nothing pushes the row wider than the list.
  const list = await page.locator('.list-scroller').boundingBox();
  expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(
    (list?.x ?? 0) + (list?.width ?? 0),
  );
  await shot(page, testInfo, 'detail-9-rtl-row');

  await page.getByRole('button', { name: 'Grid' }).click();
  const tile = rows(page).first();
  expect((await tile.boundingBox())?.height).toBe(204);
  expect(
    await tile.locator('.tile-title').evaluate((el) => el.scrollHeight > el.clientHeight),
  ).toBe(true);
  await page.getByRole('button', { name: 'List' }).click();
});

test('the theme follows the system until chosen, and the choice is remembered', async ({
  page,
}, testInfo) => {
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(t.host.url);
  await expect(page.getByRole('radio', { name: 'Auto' })).toBeChecked();
  const light = await background();
  await page.emulateMedia({ colorScheme: 'dark' });
  const dark = await background();
  expect(dark).not.toBe(light);

  await page.emulateMedia({ colorScheme: 'light' });
  await page.getByRole('radio', { name: 'Dark' }).check();
  expect(await background()).toBe(dark);
  await page.reload();
  await expect(page.getByRole('radio', { name: 'Dark' })).toBeChecked();
  expect(await background()).toBe(dark);
  await shot(page, testInfo, 'detail-8-dark-chosen');

  // Arrow keys move between the choices, as with any radio group.
  await page.getByRole('radio', { name: 'Dark' }).focus();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByRole('radio', { name: 'Light' })).toBeChecked();
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await background()).toBe(light);
  await page.getByRole('radio', { name: 'Auto' }).check();
  expect(await background()).toBe(dark);
  expect(await page.evaluate(() => localStorage.getItem('skillfolio.theme'))).toBeNull();

  // The first Tab offers a way past the sidebar.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Library', level: 1 })).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main')).toBeFocused();
});
