// The Verify screen checks a course platform's PDF certificate as a credential (what it says, where it can be confirmed), and our own PDF export as an export.
import { expect, test, type Page } from '@playwright/test';
import { exportedPdf } from '../helpers/export-pdf';
import { courseraPdf } from '../helpers/pdf-certificates';
import { startTestHost, watchRequests, type TestHost } from './support';

let t: TestHost;

test.beforeAll(async () => {
  t = await startTestHost('skillfolio-e2e-verify-certificate-');
});

test.afterAll(async () => {
  await t?.close();
});

const report = (page: Page, file: string) =>
  page.getByRole('region', { name: `Report for ${file}` });

test('a Coursera PDF is checked as a certificate, a Skillfolio PDF as an export', async ({
  page,
}) => {
  const foreign = watchRequests(page, t.host);
  await page.goto(t.host.url);
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('button', { name: 'Verify a file' })
    .click();
  await page.getByLabel('Choose a file to verify').setInputFiles([
    {
      name: 'coursera-ml.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(
        await courseraPdf({ learner: 'Zofia Kowalska', title: ['Machine Learning'] }),
      ),
    },
    {
      name: 'my-resume.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(await exportedPdf()),
    },
  ]);

  const certificate = report(page, 'coursera-ml.pdf');
  await expect(certificate.locator('.verify-result-head .trust')).toHaveText('Unverified');
  await expect(certificate).toContainText('Machine Learning');
  await expect(certificate).toContainText('Stanford University');
  await expect(certificate).toContainText('Not checked: offline');
  await expect(certificate).toContainText('coursera.org/verify/ABCD1234EFGH');
  await expect(certificate).not.toContainText('portfolio.vp.json');
  await expect(certificate.getByRole('heading', { name: 'Signed PDF résumé' })).toHaveCount(0);

  const resume = report(page, 'my-resume.pdf');
  await expect(resume.getByRole('heading', { name: 'Signed PDF résumé' })).toBeVisible();
  await expect(resume).toContainText('credentials inside');
  await page.screenshot({ path: test.info().outputPath('verify-certificate.png'), fullPage: true });
  expect(foreign).toEqual([]);
});
