// Journey 4 in browser mode: a portfolio for a role — header, credentials from the library, reordered by keyboard and by drag, notes, hidden fields — with the résumé preview following every edit.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { ob2Assertion, ob3Object } from '../helpers/fixtures';
import { shot, startTestHost, type TestHost } from './support';

let t: TestHost;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  t = await startTestHost('skillfolio-e2e-portfolio-');
});

test.afterAll(async () => {
  await t?.close();
});

const screen = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name, exact: true });

function svgBadge(colour: string, letters: string): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="120" viewBox="0 0 120 120"><circle cx="60" cy="60" r="56" fill="${colour}"/><circle cx="60" cy="60" r="44" fill="none" stroke="#fff" stroke-width="4"/><text x="60" y="72" font-size="34" font-family="sans-serif" font-weight="bold" fill="#fff" text-anchor="middle">${letters}</text></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

function ob3(n: number, title: string, issuer: string, tags: string[], colour: string): string {
  return JSON.stringify({
    ...ob3Object({ n, title, issuer, tags, alignments: [] }),
    image: { id: svgBadge(colour, title.slice(0, 2).toUpperCase()), type: 'Image' },
  });
}

const FILES = [
  { name: 'sql.json', text: ob3(1, 'SQL for Analysts', 'Open Data School', ['SQL'], '#2f7d6d') },
  {
    name: 'python.json',
    text: ob3(2, 'Python Programming', 'Code Academy', ['Python'], '#3b5ba5'),
  },
  {
    name: 'viz.json',
    text: ob3(3, 'Data Visualisation', 'Łódź Data School', ['Tableau', 'SQL'], '#b3541e'),
  },
  {
    name: 'stats.json',
    text: ob2Assertion({ n: 4, title: 'Statistics I', issuer: 'State University', tags: [] }),
  },
];

const entries = (page: Page, section: string): Locator =>
  page.getByRole('list', { name: `Credentials in ${section}` }).getByRole('listitem');
const preview = (page: Page): Locator => page.getByRole('article', { name: /Résumé preview/ });

async function order(page: Page, section: string): Promise<string[]> {
  return entries(page, section).locator('.entry-main .row-title').allTextContents();
}

async function previewOrder(page: Page): Promise<string[]> {
  return preview(page).locator('.paper-row-title').allTextContents();
}

test('builds a portfolio: details, credentials, keyboard and drag reordering, note, hidden field, live preview', async ({
  page,
}, testInfo) => {
  test.setTimeout(150_000);
  await page.goto(t.host.url);
  await screen(page, 'Portfolios').click();
  await expect(page.getByRole('heading', { name: 'Build your first portfolio' })).toBeVisible();
  await expect(page.getByText('Your library is empty')).toBeVisible();
  await shot(page, testInfo, 'portfolio-1-empty');

  await page.getByRole('button', { name: 'Import credentials' }).click();
  await page.getByLabel('Choose files', { exact: true }).setInputFiles(
    FILES.map((f) => ({
      name: f.name,
      mimeType: 'application/json',
      buffer: Buffer.from(f.text),
    })),
  );
  await expect(page.getByRole('list', { name: 'Imported' }).getByRole('listitem')).toHaveCount(4);

  // Create.
  await screen(page, 'Portfolios').click();
  await page.getByRole('button', { name: 'New portfolio…' }).click();
  const newDialog = page.getByRole('dialog', { name: 'New portfolio' });
  await newDialog.getByRole('textbox').fill('Data Analyst');
  await newDialog.getByRole('button', { name: 'Create' }).click();
  await expect(newDialog).toHaveCount(0);
  await expect(page.getByRole('combobox', { name: 'Portfolio' })).toHaveValue(/\d+/);
  await expect(page.getByRole('status').filter({ hasText: 'Created' })).toContainText(
    'Created “Data Analyst”',
  );
  await expect(preview(page)).toContainText('No credentials have been added');

  // The header, saved field by field; the preview follows.
  await page.getByRole('textbox', { name: 'Your name' }).fill('Zofia Kowalska');
  await page.getByRole('textbox', { name: 'Headline' }).fill('Teacher turned data analyst');
  await page.getByRole('textbox', { name: 'E-mail' }).fill('not-an-address');
  await page.getByRole('textbox', { name: 'Target role' }).click();
  await expect(page.getByText('is not an e-mail address')).toBeVisible();
  await page.getByRole('textbox', { name: 'E-mail' }).fill('zofia@example.org');
  await page.getByRole('textbox', { name: 'Target role' }).fill('Junior data analyst');
  await page
    .getByRole('textbox', { name: 'Summary' })
    .fill('Ten years of teaching statistics; now analysing data for decisions.');
  await page.getByRole('textbox', { name: 'Links' }).click();
  await expect(page.getByText('is not an e-mail address')).toHaveCount(0);
  await expect(preview(page).getByRole('heading', { name: 'Zofia Kowalska' })).toBeVisible();
  await expect(preview(page)).toContainText('Teacher turned data analyst');
  await expect(preview(page)).toContainText('zofia@example.org');
  await expect(preview(page)).toContainText('Junior data analyst');

  // Add three credentials from the library picker.
  await page.getByRole('button', { name: 'Add credentials…' }).click();
  const picker = page.getByRole('dialog', { name: 'Add credentials from your library' });
  const choices = picker.getByRole('list', { name: 'Credentials to choose from' });
  await expect(choices.getByRole('listitem')).toHaveCount(4);
  await choices.getByRole('checkbox', { name: /SQL for Analysts/ }).check();
  await choices.getByRole('checkbox', { name: /Python Programming/ }).check();
  await choices.getByRole('checkbox', { name: /Data Visualisation/ }).check();
  await shot(page, testInfo, 'portfolio-2-picker');
  await picker.getByRole('button', { name: 'Add 3' }).click();
  await expect(picker).toHaveCount(0);
  await expect(entries(page, 'Credentials')).toHaveCount(3);
  expect(await order(page, 'Credentials')).toEqual([
    'SQL for Analysts',
    'Python Programming',
    'Data Visualisation',
  ]);
  await expect
    .poll(() => previewOrder(page))
    .toEqual(['SQL for Analysts', 'Python Programming', 'Data Visualisation']);
  await expect(preview(page)).toContainText('3 in this résumé');

  // Keyboard: Alt+↑ on a focused entry moves it, says so, and keeps the focus on it.
  const status = page.getByRole('status').filter({ hasText: /Moved|Picked up|Put down/ });
  const handle = (title: string) =>
    page.getByRole('button', { name: new RegExp(`^Reorder ${title}`) });
  await handle('Data Visualisation').focus();
  await page.keyboard.press('Alt+ArrowUp');
  await expect(status).toHaveText(
    'Moved “Data Visualisation” to position 2 of 3 in “Credentials”.',
  );
  expect(await order(page, 'Credentials')).toEqual([
    'SQL for Analysts',
    'Data Visualisation',
    'Python Programming',
  ]);
  await expect(handle('Data Visualisation')).toBeFocused();
  // … or pick it up with Space, move with ↑, put it down with Space.
  await page.keyboard.press('Space');
  await expect(status).toContainText('Picked up “Data Visualisation”, position 2 of 3');
  await page.keyboard.press('ArrowUp');
  await expect(status).toHaveText(
    'Moved “Data Visualisation” to position 1 of 3 in “Credentials”.',
  );
  await expect(handle('Data Visualisation')).toBeFocused();
  await page.keyboard.press('Space');
  await expect(status).toContainText('Put down “Data Visualisation” at position 1 of 3');
  expect(await order(page, 'Credentials')).toEqual([
    'Data Visualisation',
    'SQL for Analysts',
    'Python Programming',
  ]);
  await expect
    .poll(() => previewOrder(page))
    .toEqual(['Data Visualisation', 'SQL for Analysts', 'Python Programming']);

  // Drag and drop: the first credential onto the lower half of the last one goes last.
  const last = entries(page, 'Credentials').nth(2);
  const box = await last.boundingBox();
  if (!box) throw new Error('no box for the last entry');
  await entries(page, 'Credentials')
    .nth(0)
    .dragTo(last, { targetPosition: { x: box.width / 2, y: box.height - 6 } });
  await expect(status).toHaveText(
    'Moved “Data Visualisation” to position 3 of 3 in “Credentials”.',
  );
  expect(await order(page, 'Credentials')).toEqual([
    'SQL for Analysts',
    'Python Programming',
    'Data Visualisation',
  ]);
  // A drop is ours: the window's file drop (which opens the import) did not take it.
  await expect(page.getByRole('heading', { name: 'Portfolios', level: 1 })).toBeVisible();
  await expect
    .poll(() => previewOrder(page))
    .toEqual(['SQL for Analysts', 'Python Programming', 'Data Visualisation']);

  // A note and a hidden field for one entry.
  const sqlEntry = entries(page, 'Credentials').filter({ hasText: 'SQL for Analysts' });
  await sqlEntry.getByRole('button', { name: 'Note and fields of SQL for Analysts' }).click();
  await sqlEntry
    .getByRole('textbox', { name: 'Note' })
    .fill('Built the reporting queries for my school.');
  await page.keyboard.press('Tab');
  const said = (text: string) => page.getByRole('status').filter({ hasText: text });
  await expect(said('Saved the note')).toHaveText('Saved the note on “SQL for Analysts”.');
  await sqlEntry.getByRole('checkbox', { name: 'Issue date' }).uncheck();
  await expect(said('Issue date hidden')).toHaveText(
    'Issue date hidden for “SQL for Analysts” in the export.',
  );
  const sqlRow = preview(page).locator('.paper-row').filter({ hasText: 'SQL for Analysts' });
  await expect(sqlRow).toContainText('“Built the reporting queries for my school.”');
  // The issue date is gone from the résumé for this entry only.
  await expect(sqlRow.locator('.paper-row-meta')).toHaveText('Open Data School');
  await expect(
    preview(page)
      .locator('.paper-row')
      .filter({ hasText: 'Python Programming' })
      .locator('.paper-row-meta'),
  ).toContainText('Code Academy  ·  ');
  await shot(page, testInfo, 'portfolio-3-entry-editor');
  await sqlEntry.getByRole('button', { name: 'Note and fields of SQL for Analysts' }).click();
  await expect(sqlEntry).toContainText('Hidden: issue date');

  // A second section, and a keyboard move across into it.
  await page.getByRole('textbox', { name: 'A heading of your own' }).fill('Highlights');
  await page.getByRole('button', { name: 'Add section', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Highlights', level: 2 })).toBeVisible();
  await handle('Data Visualisation').focus();
  await page.keyboard.press('Alt+ArrowDown');
  await expect(status).toHaveText('Moved “Data Visualisation” to position 1 of 1 in “Highlights”.');
  await expect(entries(page, 'Highlights')).toHaveCount(1);
  await expect(handle('Data Visualisation')).toBeFocused();
  await expect(preview(page).locator('.paper-section-title')).toHaveText([
    /^Credentials/,
    /^Highlights/,
  ]);
  await shot(page, testInfo, 'portfolio-4-light');

  // Duplicate, rename the copy, delete it.
  await page.getByRole('button', { name: 'Duplicate' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'a copy of' })).toContainText(
    'Made “Data Analyst (copy)”',
  );
  await expect(
    page.getByRole('combobox', { name: 'Portfolio' }).locator('option:checked'),
  ).toHaveText(/Data Analyst \(copy\)/);
  await expect(entries(page, 'Highlights')).toHaveCount(1);
  await page.getByRole('button', { name: 'Rename…' }).click();
  const rename = page.getByRole('dialog', { name: /Rename/ });
  await rename.getByRole('textbox').fill('Data Analyst (short)');
  await rename.getByRole('button', { name: 'Rename' }).click();
  await expect(
    page.getByRole('combobox', { name: 'Portfolio' }).locator('option:checked'),
  ).toHaveText(/Data Analyst \(short\)/);
  await page.getByRole('button', { name: 'Delete…' }).click();
  const confirm = page.getByRole('dialog', { name: /Delete/ });
  await confirm.getByRole('button', { name: 'Delete portfolio' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Deleted' })).toContainText(
    'Deleted the portfolio “Data Analyst (short)”',
  );
  await expect(page.getByRole('combobox', { name: 'Portfolio' }).locator('option')).toHaveText([
    /Data Analyst/,
  ]);
  await expect(entries(page, 'Credentials')).toHaveCount(2);

  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, testInfo, 'portfolio-5-dark');
});

test('shows hostile credential text inert in the builder, the picker and the preview', async ({
  page,
}, testInfo) => {
  const foreign: string[] = [];
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith(`${t.host.origin}/`) && !url.startsWith('data:')) foreign.push(url);
  });
  const title = '<img src=https://tracker.example/pixel.gif onerror=alert(1)> \u202Egnp.exe';
  await page.goto(t.host.url);
  await screen(page, 'Import').click();
  await page.getByLabel('Choose files', { exact: true }).setInputFiles({
    name: 'hostile.json',
    mimeType: 'application/json',
    buffer: Buffer.from(
      JSON.stringify({
        ...ob3Object({ n: 66, title, issuer: '<b>Evil</b> Issuer', tags: ['<script>x</script>'] }),
        image: { id: 'https://tracker.example/badge.png', type: 'Image' },
      }),
    ),
  });
  await expect(page.getByRole('list', { name: 'Imported' })).toContainText('<img src=');

  await screen(page, 'Portfolios').click();
  await page.getByRole('button', { name: 'Add credentials…' }).first().click();
  const picker = page.getByRole('dialog', { name: 'Add credentials from your library' });
  await picker.getByRole('searchbox').fill('gnp');
  const choices = picker.getByRole('list', { name: 'Credentials to choose from' });
  await expect(choices.getByRole('listitem')).toHaveCount(1);
  await expect(choices).toContainText('<img src=https://tracker.example/pixel.gif');
  await choices.getByRole('checkbox').check();
  await picker.getByRole('button', { name: 'Add 1' }).click();
  await expect(picker).toHaveCount(0);

  const row = preview(page).locator('.paper-row').filter({ hasText: 'gnp.exe' });
  await expect(row.locator('.paper-row-title')).toContainText('<img src=');
  await expect(row).toContainText('<b>Evil</b> Issuer');
  // The right-to-left override that would disguise the name is gone, here as in the library.
  expect(await row.locator('.paper-row-title').textContent()).not.toContain('\u202E');
  await expect(page.locator('img[src^="http"]')).toHaveCount(0);
  await expect(page.locator('script:not([src])')).toHaveCount(0);
  await shot(page, testInfo, 'portfolio-6-hostile');
  expect(foreign).toEqual([]);
});
