// Journey 5's last step in browser mode: verify a file — a credential or an exported résumé — by choosing or dropping it; nothing is imported.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { dispatch } from '../../src/services/dispatch';
import { importSamplesService } from '../../src/services/samples';
import { openSession } from '../../src/services/session';
import { startTestHost, watchRequests, type TestHost } from './support';

const SAMPLES = path.resolve(__dirname, '../../resources/samples');
const SHOTS = process.env.SKILLFOLIO_SHOTS;

let t: TestHost;
let exported: { pdf: string; jsonld: string };
let work: string;

test.beforeAll(async () => {
  t = await startTestHost('skillfolio-e2e-verify-');
  // A real export to check: the samples' portfolio, signed as the app signs it.
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'skillfolio-e2e-verify-export-'));
  const session = openSession({ libraryDir: path.join(work, 'library'), offline: true });
  try {
    const { portfolio } = await importSamplesService(session);
    exported = { pdf: path.join(work, 'alex.pdf'), jsonld: path.join(work, 'alex.vp.json') };
    const r = await dispatch(
      session,
      'portfolio.export',
      { id: portfolio?.id ?? 0, pdf: exported.pdf, jsonld: exported.jsonld },
      { local: true },
    );
    if (!r.ok) throw new Error(r.error.message);
  } finally {
    session.close();
  }
});

test.afterAll(async () => {
  await t?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

function nav(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name });
}

async function look(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

const sample = (file: string) => ({
  name: file,
  mimeType: 'application/octet-stream',
  buffer: fs.readFileSync(path.join(SAMPLES, file)),
});

const report = (page: Page, file: string) =>
  page.getByRole('region', { name: `Report for ${file}` });

async function choose(page: Page, ...files: Array<ReturnType<typeof sample>>): Promise<void> {
  await page.getByLabel('Choose a file to verify').setInputFiles(files);
}

test('credentials: the verdict and every check, in the library’s words, without importing', async ({
  page,
}) => {
  const foreign = watchRequests(page, t.host);
  await page.goto(t.host.url);
  await nav(page, 'Verify a file').click();
  await expect(page.getByRole('heading', { name: 'Verify a file', level: 1 })).toBeVisible();
  await look(page, 'verify-empty');

  await choose(page, sample('ob3-data-visualisation.json'));
  const good = report(page, 'ob3-data-visualisation.json');
  await expect(good.locator('.verify-result-head .trust')).toHaveText('Verified');
  await expect(good).toContainText('Data Visualisation with Python');
  await expect(good).toContainText('Northfield Community College');
  await expect(good).toContainText('The issuer’s signature checks out');
  const checks = good.getByRole('list', { name: 'Checks' });
  await expect(checks.getByRole('listitem').filter({ hasText: 'proof' })).toContainText('Passed');

  // Several at once: tampered, expired, revoked (no status list here: honestly unknown), not a credential.
  await choose(
    page,
    sample('ob3-machine-learning-foundations.json'),
    sample('ob3-workplace-first-aid.json'),
    sample('ob2-classroom-data-literacy.svg'),
    { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('just some notes') },
  );
  const tampered = report(page, 'ob3-machine-learning-foundations.json');
  await expect(tampered.locator('.verify-result-head .trust')).toHaveText('Invalid');
  await expect(tampered.getByRole('list', { name: 'Checks' })).toContainText('Failed');
  await expect(
    report(page, 'ob3-workplace-first-aid.json').locator('.verify-result-head .trust'),
  ).toHaveText('Expired');
  const ob2 = report(page, 'ob2-classroom-data-literacy.svg');
  await expect(ob2.locator('.verify-result-head .trust')).toHaveText('Unverified');
  await expect(ob2).toContainText('Not checked: offline');
  const notes = report(page, 'notes.txt');
  await expect(notes.locator('.verify-result-head .trust')).toHaveText('Unreadable');
  await expect(notes).toContainText('not a credential Skillfolio can read');
  await look(page, 'verify-credentials');

  // Dismissing one report keeps the others.
  await page.getByRole('button', { name: 'Dismiss the report for notes.txt' }).click();
  await expect(notes).toHaveCount(0);
  await expect(tampered).toBeVisible();

  // Nothing was imported.
  await nav(page, 'Library').click();
  await expect(page.getByRole('heading', { name: 'Your library is empty' })).toBeVisible();
  expect(foreign).toEqual([]);
});

test('exported résumés: a signed PDF and a presentation, each with the credentials inside; a changed byte is caught', async ({
  page,
}) => {
  await page.goto(t.host.url);
  await nav(page, 'Verify a file').click();

  const pdf = fs.readFileSync(exported.pdf);
  await choose(page, { name: 'alex.pdf', mimeType: 'application/pdf', buffer: pdf });
  const signed = report(page, 'alex.pdf');
  await expect(signed.getByRole('heading', { name: 'Signed PDF résumé' })).toBeVisible();
  await expect(signed.locator('.verify-result-head .trust')).toHaveText(
    /Verified|Invalid|Revoked|Unverified|Expired/,
  );
  await expect(signed).toContainText('Signed by');
  await expect(signed).toContainText('credentials inside');
  const inside = signed.getByRole('list', { name: 'Credentials inside' });
  await expect(inside.getByRole('listitem').first()).toBeVisible();
  await look(page, 'verify-pdf');

  // One byte changed in the middle of the signed range: the signature no longer covers it.
  const changed = Buffer.from(pdf);
  const at = Math.floor(changed.length / 3);
  changed[at] = (changed[at] ?? 0) ^ 0x01;
  await choose(page, { name: 'alex-edited.pdf', mimeType: 'application/pdf', buffer: changed });
  const edited = report(page, 'alex-edited.pdf');
  await expect(edited.locator('.verify-result-head .trust')).toHaveText('Invalid');
  await expect(edited.getByRole('list', { name: 'The file’s own checks' })).toContainText('Failed');

  await choose(page, {
    name: 'alex.vp.json',
    mimeType: 'application/json',
    buffer: fs.readFileSync(exported.jsonld),
  });
  const vp = report(page, 'alex.vp.json');
  await expect(vp.getByRole('heading', { name: 'Signed JSON-LD presentation' })).toBeVisible();
  await expect(vp).toContainText('Holder');
  await expect(vp.getByRole('list', { name: 'The file’s own checks' })).toContainText(
    'holder-proof',
  );
  await look(page, 'verify-presentation');
});

test('a file dropped anywhere on this screen is verified, not imported', async ({ page }) => {
  await page.goto(t.host.url);
  await nav(page, 'Verify a file').click();
  const bytes = [...fs.readFileSync(path.join(SAMPLES, 'ob3-sql-fundamentals.jwt'))];
  await page.evaluate((data) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(data)], 'dropped.jwt', { type: 'application/jwt' }));
    const target = document.querySelector('main') ?? document.body;
    for (const type of ['dragenter', 'dragover', 'drop']) {
      target.dispatchEvent(
        new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }),
      );
    }
  }, bytes);
  const dropped = report(page, 'dropped.jwt');
  await expect(dropped.locator('.verify-result-head .trust')).toHaveText('Verified');
  await expect(dropped).toContainText('SQL Fundamentals');
  // Still on this screen, and the library is still empty.
  await expect(page.getByRole('heading', { name: 'Verify a file', level: 1 })).toBeVisible();
  await nav(page, 'Library').click();
  await expect(page.getByRole('heading', { name: 'Your library is empty' })).toBeVisible();
});

for (const scheme of ['light', 'dark'] as const) {
  test(`looks right in the ${scheme} theme`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    // Tall enough for the whole of both reports in one picture.
    await page.setViewportSize({ width: 1280, height: 1700 });
    await page.goto(t.host.url);
    await nav(page, 'Verify a file').click();
    await choose(
      page,
      sample('ob3-agile-project-basics.json'),
      sample('ob3-python-for-analysts.png'),
      {
        name: 'alex.vp.json',
        mimeType: 'application/json',
        buffer: fs.readFileSync(exported.jsonld),
      },
    );
    await expect(report(page, 'alex.vp.json').locator('.verify-result-head .trust')).toBeVisible();
    await expect(
      report(page, 'ob3-python-for-analysts.png').locator('.verify-result-head .trust'),
    ).toHaveText('Verified');
    await look(page, `verify-${scheme}`);
  });
}
