// Journey 5 in browser mode: export a portfolio through the dialog (signed PDF + JSON-LD as downloads), check the PDF with pdfsig, and "Verify this file" in the app.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Download, type Page } from '@playwright/test';
import { ob2Assertion, ob3Credential } from '../helpers/fixtures';
import { newIssuerKey, ob3By, signDi } from '../helpers/signing';
import { shot, startTestHost, type TestHost } from './support';

let t: TestHost;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  t = await startTestHost('skillfolio-e2e-export-');
});

test.afterAll(async () => {
  await t?.close();
});

const screen = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name, exact: true });

/** pdfsig's report; it exits non-zero for a bad signature, and the report still says why. */
function pdfsig(file: string): string {
  try {
    return execFileSync('pdfsig', [file], { encoding: 'utf8' });
  } catch (err) {
    return String((err as { stdout?: string }).stdout ?? err);
  }
}

test('exports a signed PDF and JSON-LD through the dialog, and verifies the downloaded PDF', async ({
  page,
}, testInfo) => {
  test.setTimeout(150_000);
  const issuer = newIssuerKey();
  const signed = await signDi(
    ob3By(issuer, {
      n: 1,
      title: 'Data Analysis with SQL',
      issuer: 'Łódź Data School',
      tags: ['SQL'],
    }),
    issuer,
  );
  await page.goto(t.host.url);
  await screen(page, 'Import').click();
  await page.getByLabel('Choose files', { exact: true }).setInputFiles([
    {
      name: 'signed.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(signed)),
    },
    {
      name: 'hosted.json',
      mimeType: 'application/json',
      buffer: Buffer.from(
        ob2Assertion({ n: 2, title: 'Hosted Statistics Badge', issuer: 'State University' }),
      ),
    },
    {
      name: 'python.json',
      mimeType: 'application/json',
      buffer: Buffer.from(
        ob3Credential({ n: 3, title: 'Python Programming', issuer: 'Code Academy' }),
      ),
    },
  ]);
  await expect(page.getByRole('list', { name: 'Imported' }).getByRole('listitem')).toHaveCount(3);
  await expect(page.getByRole('list', { name: 'Imported' })).toContainText('Verified');

  await screen(page, 'Portfolios').click();
  await page.getByRole('button', { name: 'New portfolio…' }).click();
  await page.getByRole('dialog', { name: 'New portfolio' }).getByRole('textbox').fill('Analyst CV');
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('textbox', { name: 'Your name' }).fill('Zofia Kowalska');
  await page.getByRole('textbox', { name: 'Headline' }).click();
  await page.getByRole('button', { name: 'Add credentials…' }).click();
  const picker = page.getByRole('dialog', { name: 'Add credentials from your library' });
  for (const title of ['Data Analysis with SQL', 'Hosted Statistics Badge', 'Python Programming'])
    await picker.getByRole('checkbox', { name: new RegExp(title) }).check();
  await picker.getByRole('button', { name: 'Add 3' }).click();
  await expect(
    page.getByRole('list', { name: 'Credentials in Credentials' }).getByRole('listitem'),
  ).toHaveCount(3);
  await expect(page.getByRole('article', { name: /Résumé preview/ })).toContainText(
    'Zofia Kowalska',
  );

  // The dialog: formats, and where the files go in browser mode.
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export “Analyst CV”' });
  await expect(dialog.getByRole('checkbox', { name: 'Signed PDF' })).toBeChecked();
  await expect(dialog.getByRole('checkbox', { name: 'Signed JSON-LD' })).toBeChecked();
  await expect(dialog.getByRole('checkbox', { name: 'VC-JWT' })).not.toBeChecked();
  await expect(dialog.getByRole('checkbox', { name: 'JSON Resume' })).not.toBeChecked();
  await expect(dialog).toContainText('download folder');
  await shot(page, testInfo, 'export-1-dialog');

  const downloads: Download[] = [];
  page.on('download', (d) => downloads.push(d));
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(dialog.getByRole('heading', { name: /2 files exported/ })).toBeVisible({
    timeout: 60_000,
  });
  const saved = dialog.getByRole('status').filter({ hasText: 'Downloaded' });
  await expect(saved).toContainText('analyst-cv.pdf');
  await expect(saved).toContainText('analyst-cv.vp.json');
  const files = dialog.getByRole('list', { name: 'Exported files' });
  await expect(files.getByRole('listitem')).toHaveCount(2);

  // Every file was downloaded under its own name (the originals bound to the presentation too).
  await expect.poll(() => downloads.length).toBe(4);
  const names = downloads.map((d) => d.suggestedFilename());
  expect(names.slice(0, 2)).toEqual(['analyst-cv.pdf', 'analyst-cv.vp.json']);
  // The hosted OB 2.0 assertion and the unsigned OB 3.0 credential travel beside the presentation.
  expect(names.slice(2).sort()).toEqual(['credential-2.json', 'credential-3.jsonld']);

  // The downloaded PDF is signed over the whole file.
  const pdfDownload = downloads[0];
  if (!pdfDownload) throw new Error('no PDF download');
  const pdfFile = testInfo.outputPath('analyst-cv.pdf');
  await pdfDownload.saveAs(pdfFile);
  expect(fs.readFileSync(pdfFile).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const report = pdfsig(pdfFile);
  expect(report).toContain('Signature is Valid.');
  expect(report).toContain('Total document signed');
  await testInfo.attach('pdfsig.txt', { body: report, contentType: 'text/plain' });

  // "Verify this file" checks exactly those bytes.
  await files.getByRole('button', { name: 'Verify this file: analyst-cv.pdf' }).click();
  const pdfItem = files.getByRole('listitem').filter({ hasText: 'analyst-cv.pdf' });
  await expect(pdfItem.locator('.export-verify .trust').first()).toHaveText('Verified');
  await expect(pdfItem).toContainText('The signature is valid and covers the whole file.');
  // The résumé credential and the three originals; the unsigned ones are labelled, not hidden.
  await expect(pdfItem).toContainText(
    '4 credentials inside (your signed résumé among them): 2 verified, 2 unverified.',
  );
  await files.getByRole('button', { name: 'Verify this file: analyst-cv.vp.json' }).click();
  const vpItem = files.getByRole('listitem').filter({ hasText: 'analyst-cv.vp.json' });
  await expect(vpItem.locator('.export-verify .trust').first()).toHaveText('Verified');
  await shot(page, testInfo, 'export-2-result-verified');

  // The same bytes again, on request.
  const again = page.waitForEvent('download');
  await files.getByRole('button', { name: 'Download again: analyst-cv.pdf' }).click();
  const second = await again;
  const secondFile = testInfo.outputPath('again.pdf');
  await second.saveAs(secondFile);
  expect(fs.readFileSync(secondFile).equals(fs.readFileSync(pdfFile))).toBe(true);

  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, testInfo, 'export-3-result-dark');
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Export…' })).toBeFocused();

  // A changed byte is caught by pdfsig.
  const tampered = path.join(path.dirname(pdfFile), 'tampered.pdf');
  const bytes = fs.readFileSync(pdfFile);
  // Inside the first signed byte range, past the header.
  bytes[400] = (bytes[400] ?? 0) ^ 0x01;
  fs.writeFileSync(tampered, bytes);
  expect(pdfsig(tampered)).not.toContain('Signature is Valid.');
});
