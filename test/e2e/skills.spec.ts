// Journey 3 in browser mode: the skills the credentials prove, each with the credentials behind it, and the person's edits to them.
import { expect, test, type Page } from '@playwright/test';
import { ob2Assertion, ob3Credential } from '../helpers/fixtures';
import { shot, startTestHost, type TestHost } from './support';

let t: TestHost;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  t = await startTestHost('skillfolio-e2e-skills-');
});

test.afterAll(async () => {
  await t?.close();
});

const screen = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name, exact: true });

const FILES = [
  {
    name: 'sql.json',
    text: ob3Credential({
      n: 1,
      title: 'SQL for Analysts',
      issuer: 'Open Data School',
      tags: ['SQL', 'Databases'],
      alignments: ['Data storytelling'],
    }),
  },
  {
    name: 'python.json',
    text: ob3Credential({
      n: 2,
      title: 'Python Programming',
      issuer: 'Code Academy',
      tags: ['Python'],
      alignments: ['Scripting'],
    }),
  },
  {
    name: 'tableau.json',
    text: ob3Credential({
      n: 3,
      title: 'Dashboards with Tableau',
      issuer: 'Open Data School',
      tags: ['Tableau', 'SQL'],
      alignments: ['Data storytelling'],
    }),
  },
  {
    name: 'stats.json',
    text: ob2Assertion({
      n: 4,
      title: 'Statistics I',
      issuer: 'State University',
      tags: ['Statistics'],
      alignments: ['Quantitative reasoning'],
    }),
  },
];

const skillList = (page: Page) => page.getByRole('list', { name: 'Skills' });
const skillRow = (page: Page, name: string) =>
  skillList(page)
    .getByRole('listitem')
    .filter({ has: page.locator('.skill-name', { hasText: new RegExp(`^${name}$`) }) });
const detail = (page: Page) => page.getByRole('complementary', { name: 'Skill details' });

test('skills: empty state, the skills of imported credentials, rename, merge, hide, add, attach, detach', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  await page.goto(t.host.url);
  await screen(page, 'Skills').click();
  await expect(page.getByRole('heading', { name: 'No skills yet' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Import credentials' })).toBeVisible();
  await shot(page, testInfo, 'skills-1-empty');

  await page.getByRole('button', { name: 'Import credentials' }).click();
  await page.getByLabel('Choose files', { exact: true }).setInputFiles(
    FILES.map((f) => ({ name: f.name, mimeType: 'application/json', buffer: Buffer.from(f.text) })),
  );
  await expect(page.getByRole('list', { name: 'Imported' }).getByRole('listitem')).toHaveCount(4);

  // Each skill with the credentials that back it.
  await screen(page, 'Skills').click();
  await expect(skillRow(page, 'SQL')).toContainText('2 credentials');
  await expect(skillRow(page, 'Python')).toContainText('1 credential');
  await expect(skillRow(page, 'Data storytelling')).toContainText('2 credentials');
  await skillRow(page, 'SQL').getByRole('button').click();
  const backing = detail(page).getByRole('list', { name: 'Credentials behind SQL' });
  await expect(backing.getByRole('listitem')).toHaveCount(2);
  await expect(backing).toContainText('SQL for Analysts');
  await expect(backing).toContainText('Dashboards with Tableau');
  await expect(backing).toContainText('Open Data School');
  await shot(page, testInfo, 'skills-2-list-detail');

  // Rename, from the keyboard: the dialog's field has the focus, Enter submits.
  await detail(page).getByRole('button', { name: 'Rename…' }).click();
  const renameDialog = page.getByRole('dialog', { name: /Rename/ });
  await expect(renameDialog.getByRole('textbox', { name: 'New name' })).toBeFocused();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('SQL querying');
  await page.keyboard.press('Enter');
  await expect(renameDialog).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Renamed' })).toContainText(
    'Renamed “SQL” to “SQL querying”.',
  );
  await expect(skillRow(page, 'SQL querying')).toContainText('2 credentials');
  await expect(skillRow(page, 'SQL')).toHaveCount(0);
  await expect(detail(page).getByRole('heading', { level: 2 })).toHaveText('SQL querying');

  // A rename onto another skill's name is refused with a reason, in the dialog.
  await detail(page).getByRole('button', { name: 'Rename…' }).click();
  await renameDialog.getByRole('textbox').fill('Python');
  await renameDialog.getByRole('button', { name: 'Rename' }).click();
  await expect(renameDialog.getByRole('alert')).toContainText('merge the two instead');
  await renameDialog.getByRole('button', { name: 'Cancel' }).click();

  // Merge: tick two skills, keep one name.
  await skillRow(page, 'Python').getByRole('checkbox').check();
  await skillRow(page, 'Scripting').getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Merge…' }).click();
  const mergeDialog = page.getByRole('dialog', { name: 'Merge 2 skills' });
  await mergeDialog.getByRole('radio', { name: /Python/ }).check();
  await shot(page, testInfo, 'skills-3-merge-dialog');
  await mergeDialog.getByRole('button', { name: 'Merge' }).click();
  await expect(mergeDialog).toHaveCount(0);
  await expect(skillRow(page, 'Scripting')).toHaveCount(0);
  await expect(skillRow(page, 'Python')).toContainText('2 skills merged');
  await expect(detail(page).getByRole('heading', { level: 2 })).toHaveText('Python');
  await expect(detail(page)).toContainText('Also includes: Scripting');

  // Hide, find it again under "Show hidden skills", show it.
  await skillRow(page, 'Statistics').getByRole('button').click();
  await detail(page).getByRole('button', { name: 'Hide' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Hid' })).toContainText(
    'Hid “Statistics”',
  );
  await expect(skillRow(page, 'Statistics')).toHaveCount(0);
  await expect(page.getByText(/· 1 hidden/)).toBeVisible();
  await page.getByRole('checkbox', { name: 'Show hidden skills' }).check();
  await expect(skillRow(page, 'Statistics')).toContainText('Hidden');
  await skillRow(page, 'Statistics').getByRole('button').click();
  await detail(page).getByRole('button', { name: 'Show' }).click();
  await expect(skillRow(page, 'Statistics')).not.toContainText('Hidden');

  // A skill of one's own, with a credential attached from the library picker, then detached.
  await page.getByRole('button', { name: 'Add skill…' }).click();
  const addDialog = page.getByRole('dialog', { name: 'Add a skill' });
  await addDialog.getByRole('textbox', { name: 'Skill name' }).fill('Public speaking');
  await addDialog.getByRole('button', { name: 'Add skill' }).click();
  await expect(addDialog).toHaveCount(0);
  await expect(skillRow(page, 'Public speaking')).toContainText('Added by you');
  await expect(detail(page).getByRole('heading', { level: 2 })).toHaveText('Public speaking');
  await expect(detail(page)).toContainText('No credential backs this skill yet');

  await detail(page).getByRole('button', { name: 'Attach credentials…' }).click();
  const picker = page.getByRole('dialog', { name: /Attach credentials to/ });
  await expect(picker.getByRole('searchbox', { name: 'Search the library' })).toBeFocused();
  await page.keyboard.type('statistics');
  const choices = picker.getByRole('list', { name: 'Credentials to choose from' });
  await expect(choices.getByRole('listitem')).toHaveCount(1);
  await choices.getByRole('checkbox', { name: /Statistics I/ }).check();
  await shot(page, testInfo, 'skills-4-attach-picker');
  await picker.getByRole('button', { name: 'Attach 1' }).click();
  await expect(picker).toHaveCount(0);
  await expect(skillRow(page, 'Public speaking')).toContainText('1 credential');
  const own = detail(page).getByRole('list', { name: 'Credentials behind Public speaking' });
  await expect(own).toContainText('Statistics I');
  await expect(own).toContainText('Added by you');
  await shot(page, testInfo, 'skills-5-own-skill');

  await own.getByRole('button', { name: 'Detach Statistics I' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Detached' })).toContainText(
    'Detached “Statistics I” from “Public speaking”.',
  );
  await expect(skillRow(page, 'Public speaking')).toContainText('0 credentials');

  // Filter the list; Escape closes the details and gives the focus back to the list.
  await page.getByRole('searchbox', { name: 'Filter skills' }).fill('story');
  await expect(skillList(page).getByRole('listitem')).toHaveCount(1);
  await page.getByRole('searchbox', { name: 'Filter skills' }).fill('');
  await skillRow(page, 'Tableau').getByRole('button').click();
  await expect(detail(page).getByRole('heading', { level: 2 })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(detail(page)).toHaveCount(0);
  await expect(skillRow(page, 'Tableau').getByRole('button')).toBeFocused();

  // A credential behind a skill opens in the library.
  await skillRow(page, 'Tableau').getByRole('button').click();
  await detail(page).getByRole('button', { name: 'Dashboards with Tableau', exact: true }).click();
  await expect(
    page
      .getByRole('complementary', { name: 'Credential details' })
      .getByRole('heading', { name: 'Dashboards with Tableau' }),
  ).toBeVisible();

  // The edits are the library's: the skill filter of the library shows the new names.
  const skillFilter = page.getByRole('combobox', { name: 'Skill' });
  await expect(skillFilter.locator('option', { hasText: 'SQL querying' })).toHaveCount(1);

  await screen(page, 'Skills').click();
  await skillRow(page, 'SQL querying').getByRole('button').click();
  await shot(page, testInfo, 'skills-6-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, testInfo, 'skills-7-dark');
});
