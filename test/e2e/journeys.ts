// The seven journeys of PRODUCT.md as functions over an app handle, so browser mode and the Electron shell run the same bodies.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';
import { putCached } from '../../src/db/fetch-cache';
import { closeLibrary, openLibrary } from '../../src/db/open';
import { bakePng } from '../../src/formats/png';
import { ob2Assertion, ob3Credential, solidPng, type FixtureOptions } from '../helpers/fixtures';
import { edxPdf, linkedInLearningPdf } from '../helpers/pdf-certificates';
import { credlyBadge } from '../helpers/platform-fixtures';
import {
  newIssuerKey,
  ob3By,
  signDi,
  signVcJwt,
  statusEntry,
  statusListCredential,
  type IssuerKey,
} from '../helpers/signing';
import { writeZip } from '../helpers/zip-writer';
import { drop, shot, type DropFile } from './support';

/** A file the app saved: a browser download, or what the desktop save dialog wrote. */
export type SavedFile = { name: string; path: string };

export type JourneyApp = {
  mode: 'browser' | 'electron';
  page: Page;
  testInfo: TestInfo;
  /** The data folder: the default profile's library is the folder itself, other profiles live under profiles/. */
  dataDir: string;
  /** Scratch space for the fixture files the journey writes to disk and hands to the app. */
  workDir: string;
  /** Every request the window made to anything but the app itself, since it opened. */
  foreign: string[];
  /** Runs `trigger`, then waits for the `count` files it saves and returns them in the order saved. */
  saveFiles(trigger: () => Promise<void>, count: number): Promise<SavedFile[]>;
  /**
   * Holds every library.import request after the first until the returned function is called, so the
   * progress bar of a big batch can be looked at mid-way. Browser mode only (it routes the HTTP bridge).
   */
  holdImports?(): Promise<() => Promise<void>>;
};

export type Journey = {
  title: string;
  /** Runs on the empty library folder before the app opens it. */
  prepare?(libraryDir: string): Promise<void> | void;
  run(app: JourneyApp): Promise<void>;
};

// ---------------------------------------------------------------------------------------------
// Driving the UI.

type ScreenName =
  'Library' | 'Import' | 'Skills' | 'Portfolios' | 'Verify a file' | 'Profiles' | 'Settings';

const nav = (page: Page, name: ScreenName): Locator =>
  page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name, exact: true });

async function go(page: Page, name: ScreenName): Promise<void> {
  await nav(page, name).click();
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
}

const rows = (page: Page): Locator =>
  page.getByRole('list', { name: 'Credentials' }).getByRole('listitem');
const row = (page: Page, title: string): Locator =>
  rows(page).filter({ has: page.locator('.row-title', { hasText: title }) });
const detail = (page: Page): Locator =>
  page.getByRole('complementary', { name: 'Credential details' });
const summary = (page: Page): Locator => page.getByRole('status').filter({ hasText: 'imported ·' });
const group = (page: Page, name: 'Imported' | 'Duplicates' | 'Rejected'): Locator =>
  page.getByRole('list', { name, exact: true });
const preview = (page: Page): Locator => page.getByRole('article', { name: /Résumé preview/ });
const card = (page: Page, name: string): Locator => page.getByRole('region', { name });

/**
 * A screenshot of the screen. The app scrolls inside its panes, not the page, so for a whole screen
 * the window is made as tall as the tallest pane (up to 2,000 px) for the picture; with `focus`, the
 * window keeps its size and that part is scrolled into view instead.
 */
async function look(app: JourneyApp, name: string, focus?: Locator): Promise<void> {
  const { page, testInfo } = app;
  if (focus) {
    await focus.scrollIntoViewIfNeeded();
    await shot(page, testInfo, name);
    return;
  }
  const size = page.viewportSize() ?? { width: 1280, height: 800 };
  const height = await page.evaluate(() => {
    let extra = 0;
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('main, main *, dialog *'))) {
      if (!/(auto|scroll)/.test(getComputedStyle(el).overflowY)) continue;
      extra = Math.max(extra, el.scrollHeight - el.clientHeight);
    }
    return Math.min(window.innerHeight + extra, 2000);
  });
  if (height > size.height) await page.setViewportSize({ width: size.width, height });
  try {
    await shot(page, testInfo, name);
  } finally {
    if (height > size.height) await page.setViewportSize(size);
  }
}

const fromDisk = (file: string, type: string): DropFile => ({
  name: path.basename(file),
  bytes: fs.readFileSync(file),
  type,
});

async function paste(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: /JSON, a JWT, or a link/ }).fill(text);
  await page.getByRole('main').getByRole('button', { name: 'Import', exact: true }).click();
}

async function chooseFiles(page: Page, files: string[]): Promise<void> {
  await page.getByLabel('Choose files', { exact: true }).setInputFiles(files);
}

/** Writes fixture files under `dir` and returns their paths, in order. */
function writeFiles(dir: string, files: Array<[string, string | Uint8Array]>): string[] {
  fs.mkdirSync(dir, { recursive: true });
  return files.map(([name, data]) => {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, data);
    return file;
  });
}

/** pdfsig's report; it exits non-zero for a bad signature, and the report still says why. */
function pdfsig(file: string): string {
  try {
    return execFileSync('pdfsig', [file], { encoding: 'utf8' });
  } catch (err) {
    return String((err as { stdout?: string }).stdout ?? err);
  }
}

function pdftotext(file: string): string {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

/** Records, from now on, whether the import's progress bar ever showed a count of `total` items. */
async function watchProgress(page: Page, total: number): Promise<() => Promise<boolean>> {
  await page.evaluate((n) => {
    const w = window as unknown as {
      __sawProgress?: boolean;
      __progressObserver?: MutationObserver;
    };
    w.__sawProgress = false;
    w.__progressObserver?.disconnect();
    const check = (): void => {
      const bar = document.querySelector('progress[aria-label="Import progress"]');
      const text = document.querySelector('.progress-text')?.textContent ?? '';
      if (bar && bar.getAttribute('max') === String(n) && text.includes(`of ${n} items`)) {
        w.__sawProgress = true;
      }
    };
    w.__progressObserver = new MutationObserver(check);
    w.__progressObserver.observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    });
  }, total);
  return () =>
    page.evaluate(() => {
      const w = window as unknown as {
        __sawProgress?: boolean;
        __progressObserver?: MutationObserver;
      };
      w.__progressObserver?.disconnect();
      return w.__sawProgress === true;
    });
}

/** Creates a portfolio through the dialog and fills its header (each field saves when it loses the focus). */
async function newPortfolio(
  page: Page,
  name: string,
  fields: Partial<Record<'Your name' | 'Headline' | 'E-mail' | 'Target role' | 'Summary', string>>,
): Promise<void> {
  await go(page, 'Portfolios');
  await page.getByRole('button', { name: 'New portfolio…' }).click();
  const dialog = page.getByRole('dialog', { name: 'New portfolio' });
  await dialog.getByRole('textbox').fill(name);
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Created' })).toContainText(
    `Created “${name}”`,
  );
  for (const [label, value] of Object.entries(fields)) {
    await page.getByRole('textbox', { name: label, exact: true }).fill(value);
  }
  // The last field saves on blur too.
  await page.getByRole('textbox', { name: 'Links' }).click();
  if (fields['Your name'])
    await expect(preview(page).getByRole('heading', { name: fields['Your name'] })).toBeVisible();
}

/** Picks credentials by title in the library picker of a portfolio (first section, or `button`'s). */
async function addToPortfolio(page: Page, titles: string[], button?: Locator): Promise<void> {
  await (button ?? page.getByRole('button', { name: 'Add credentials…' }).first()).click();
  const picker = page.getByRole('dialog', { name: 'Add credentials from your library' });
  const choices = picker.getByRole('list', { name: 'Credentials to choose from' });
  for (const title of titles) {
    await choices.getByRole('checkbox', { name: new RegExp(escapeRegExp(title)) }).check();
  }
  await picker.getByRole('button', { name: `Add ${titles.length}` }).click();
  await expect(picker).toHaveCount(0);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Opens the export dialog, ticks exactly `formats`, exports, and returns every file saved. */
async function exportPortfolio(
  app: JourneyApp,
  portfolioName: string,
  formats: Array<'Signed PDF' | 'Signed JSON-LD' | 'VC-JWT' | 'JSON Resume'>,
  expectedFiles: number,
  shotName: string,
): Promise<{ dialog: Locator; files: SavedFile[] }> {
  const { page } = app;
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: `Export “${portfolioName}”` });
  for (const name of ['Signed PDF', 'Signed JSON-LD', 'VC-JWT', 'JSON Resume'] as const) {
    await dialog.getByRole('checkbox', { name }).setChecked(formats.includes(name));
  }
  await look(app, `${shotName}-dialog`);
  const files = await app.saveFiles(
    () => dialog.getByRole('button', { name: 'Export', exact: true }).click(),
    expectedFiles,
  );
  await expect(dialog.getByRole('heading', { name: /exported/ })).toBeVisible();
  await expect(dialog.getByRole('status').filter({ hasText: /Downloaded|Saved/ })).toBeVisible();
  return { dialog, files };
}

const byName = (files: SavedFile[], re: RegExp): SavedFile => {
  const f = files.find((x) => re.test(x.name));
  if (!f) throw new Error(`no saved file matches ${re}: ${files.map((x) => x.name).join(', ')}`);
  return f;
};

// ---------------------------------------------------------------------------------------------
// Fixtures: our own credentials, made here with keys generated for this run.

/** An OB 3.0 credential by `issuer`, signed with eddsa-rdfc-2022 (verifies offline: the issuer is a did:key). */
async function signed(issuer: IssuerKey, o: FixtureOptions & { extra?: Record<string, unknown> }) {
  return signDi(ob3By(issuer, { alignments: [], ...o }), issuer);
}

const json = (doc: unknown): string => JSON.stringify(doc, null, 2);

/** An unsigned OB 3.0 credential with the skills it is given and no others. */
const ob3 = (o: FixtureOptions): string => ob3Credential({ alignments: [], ...o });

/** A signed credential whose criteria were changed after signing (the title stays as it was). */
function edited(doc: Record<string, unknown>): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(doc)) as {
    credentialSubject: { achievement: { criteria: { narrative: string } } };
  };
  copy.credentialSubject.achievement.criteria.narrative = 'Passed the final exam with 96%.';
  return copy;
}

// ---------------------------------------------------------------------------------------------
// 1. Import anything.

const importIssuer = newIssuerKey();

const journey1: Journey = {
  title: 'journey 1 — import anything',
  async run(app) {
    const { page } = app;
    const dir = path.join(app.workDir, 'j1');
    // A folder of things a person collected: JSON, a signed JWT, a LinkedIn Learning PDF, notes.
    const folder = writeFiles(path.join(dir, 'coursework'), [
      [
        'sql-for-analysts.json',
        ob3({
          n: 101,
          title: 'SQL for Analysts',
          issuer: 'Open Data School',
          tags: ['SQL'],
        }),
      ],
      [
        'python-foundations.jwt',
        await signVcJwt(
          ob3By(importIssuer, { n: 102, title: 'Python Foundations', issuer: 'Code Academy' }),
          importIssuer,
        ),
      ],
      [
        'linkedin-learning.pdf',
        await linkedInLearningPdf({ learner: 'Jordan Lee', title: 'Excel: Pivot Tables' }),
      ],
      ['shopping-list.txt', 'eggs, milk, bread'],
    ]);
    // A backpack export: an assertion, a badge image with its credential baked in, and a second copy.
    const formative = ob2Assertion({
      n: 106,
      title: 'Formative Assessment',
      issuer: 'Digital Promise',
      tags: ['Assessment'],
    });
    const baked = json(
      await signed(importIssuer, {
        n: 107,
        title: 'Classroom Data Use',
        issuer: 'Digital Promise',
      }),
    );
    const [zip] = writeFiles(dir, [
      [
        'backpack-export.zip',
        writeZip([
          { name: 'backpack/formative-assessment.json', data: formative },
          {
            name: 'backpack/classroom-data-use.png',
            data: bakePng(solidPng(64, 64, [47, 125, 109, 255]), 'openbadgecredential', baked),
          },
          { name: 'backpack/copies/formative-assessment (1).json', data: formative },
          { name: 'backpack/readme.md', data: '# My badges\n' },
        ]),
      ],
    ]);

    await expect(page.getByRole('heading', { name: 'Your library is empty' })).toBeVisible();
    await look(app, 'j1-01-library-empty');

    // Dropped on the library window: the whole set goes to the import, whatever it is.
    await drop(
      page,
      [
        ...folder.map((f) =>
          fromDisk(
            f,
            f.endsWith('.pdf')
              ? 'application/pdf'
              : f.endsWith('.txt')
                ? 'text/plain'
                : 'application/json',
          ),
        ),
        fromDisk(zip ?? '', 'application/zip'),
      ],
      async () => {
        await expect(page.getByText('Drop to import into your library')).toBeVisible();
        await look(app, 'j1-02-drop-overlay');
      },
    );
    await expect(page.getByRole('heading', { name: 'Import', level: 1 })).toBeVisible();
    await expect(summary(page)).toHaveText(
      '5 imported · 1 already in your library · 2 could not be imported',
    );
    const imported = group(page, 'Imported');
    for (const title of [
      'SQL for Analysts',
      'Python Foundations',
      'Excel: Pivot Tables',
      'Formative Assessment',
      'Classroom Data Use',
    ])
      await expect(imported).toContainText(title);
    await expect(
      imported.getByRole('listitem').filter({ hasText: 'Python Foundations' }),
    ).toContainText('Verified');
    await expect(
      imported.getByRole('listitem').filter({ hasText: 'Classroom Data Use' }),
    ).toContainText('Verified');
    // The second copy inside the ZIP is a duplicate; the notes are refused, each with a reason.
    await expect(group(page, 'Duplicates').getByRole('listitem')).toHaveCount(1);
    await expect(group(page, 'Duplicates')).toContainText('formative-assessment (1).json');
    await expect(group(page, 'Duplicates')).toContainText('Already in your library');
    const rejected = group(page, 'Rejected');
    await expect(rejected.getByRole('listitem')).toHaveCount(2);
    await expect(rejected).toContainText('shopping-list.txt');
    await expect(rejected).toContainText('readme.md');
    for (const reason of await rejected.locator('.reason').all())
      await expect(reason).toContainText('not a credential Skillfolio can read');
    await look(app, 'j1-03-drop-results');

    // A folder chosen with the folder picker: every file inside it.
    const exportsDir = path.join(dir, 'edx-exports');
    writeFiles(exportsDir, [
      ['statistics.pdf', await edxPdf({ learner: 'Jordan Lee', title: 'Statistics and R' })],
      [
        'stats-badge.json',
        ob2Assertion({ n: 103, title: 'Descriptive Statistics', issuer: 'State University' }),
      ],
    ]);
    await page.getByLabel('Choose a folder', { exact: true }).setInputFiles(exportsDir);
    await expect(summary(page)).toHaveText(
      '2 imported · 0 already in your library · 0 could not be imported',
    );
    await expect(imported).toContainText('Descriptive Statistics');
    await expect(imported).toContainText('edx-exports/');

    // Pasted: JSON, a JWT, and (offline) a badge page link.
    await paste(
      page,
      ob2Assertion({ n: 104, title: 'Spreadsheet Modelling', issuer: 'Northfield College' }),
    );
    await expect(summary(page)).toHaveText(
      '1 imported · 0 already in your library · 0 could not be imported',
    );
    await expect(imported).toContainText('Spreadsheet Modelling');
    const jwt = await signVcJwt(
      ob3By(importIssuer, { n: 105, title: 'Dashboards with Tableau', issuer: 'Code Academy' }),
      importIssuer,
    );
    await paste(page, jwt);
    await expect(imported).toContainText('Dashboards with Tableau');
    await expect(imported).toContainText('Verified');
    await paste(page, credlyBadge(7).pageUrl);
    await expect(summary(page)).toHaveText(
      '0 imported · 0 already in your library · 1 could not be imported',
    );
    await expect(rejected.locator('.reason')).toContainText(/offline/i);
    await look(app, 'j1-04-paste-url-offline');

    // Picked: a big batch (and one file already in the library); the bar counts through it.
    const batch = writeFiles(
      path.join(dir, 'batch'),
      Array.from({ length: 150 }, (_, i): [string, string] => [
        `badge-${String(i).padStart(3, '0')}.json`,
        ob3({ n: 2000 + i, title: `Workshop badge ${i + 1}`, issuer: 'Makers Guild' }),
      ]),
    );
    const sawProgress = await watchProgress(page, 151);
    const release = await app.holdImports?.();
    await chooseFiles(page, [...batch, folder[0] ?? '']);
    const bar = page.getByRole('progressbar', { name: 'Import progress' });
    if (release) {
      await expect(page.getByText(/: 50 of 151 items/)).toBeVisible();
      await expect(bar).toHaveAttribute('value', '50');
      await look(app, 'j1-05-progress', bar);
      await release();
    }
    await expect(summary(page)).toHaveText(
      '150 imported · 1 already in your library · 0 could not be imported',
      { timeout: 30_000 },
    );
    await expect(bar).toHaveCount(0);
    expect(await sawProgress()).toBe(true);
    await expect(group(page, 'Duplicates')).toContainText('sql-for-analysts.json');
    await look(app, 'j1-06-batch-results', summary(page));

    await go(page, 'Library');
    await expect(page.getByText('159 credentials', { exact: true })).toBeVisible();
    await page.getByRole('searchbox', { name: 'Search the library' }).fill('pivot');
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page).first()).toContainText('Excel: Pivot Tables');
    await page.getByRole('searchbox', { name: 'Search the library' }).fill('');
    await look(app, 'j1-07-library', page.getByRole('heading', { name: 'Library', level: 1 }));
    expect(app.foreign).toEqual([]);
  },
};

// ---------------------------------------------------------------------------------------------
// 2. Trust at a glance.

const trustIssuer = newIssuerKey();
/** The issuer's status list: its address is not on the web, so it sits in the library's download cache. */
const STATUS_LIST = 'https://status.journeys.invalid/lists/1';
const REVOKED_INDEX = 4242;

const TRUST_EXPECTED: Array<[string, string]> = [
  ['Data Visualisation with Python', 'Verified'],
  ['Spreadsheet Basics', 'Unverified'],
  ['Classroom Data Literacy', 'Unverified'],
  ['Workplace First Aid', 'Expired'],
  ['Agile Project Basics', 'Revoked'],
  ['Machine Learning Foundations', 'Invalid'],
  ['Toastmasters Competent Communicator', 'Self-reported'],
];

const journey2: Journey = {
  title: 'journey 2 — trust at a glance',
  async prepare(libraryDir) {
    // As if the list had been downloaded when the library was last online.
    const list = await signDi(
      statusListCredential(STATUS_LIST, trustIssuer.did, 'revocation', [REVOKED_INDEX]),
      trustIssuer,
    );
    const db = openLibrary(libraryDir);
    try {
      putCached(db, STATUS_LIST, {
        bytes: Buffer.from(JSON.stringify(list)),
        mediaType: 'application/vc+ld+json',
        fetchedAt: new Date(Date.now() - 3_600_000).toISOString(),
      });
    } finally {
      closeLibrary(db);
    }
  },
  async run(app) {
    const { page } = app;
    const issuer = 'Northfield Community College';
    const good = await signed(trustIssuer, {
      n: 201,
      title: 'Data Visualisation with Python',
      issuer,
      tags: ['Python', 'Data visualisation'],
    });
    const files = writeFiles(path.join(app.workDir, 'j2'), [
      ['data-visualisation.json', json(good)],
      [
        'spreadsheet-basics.json',
        ob3({ n: 202, title: 'Spreadsheet Basics', issuer, tags: ['Spreadsheets'] }),
      ],
      [
        'classroom-data-literacy.json',
        ob2Assertion({
          n: 203,
          title: 'Classroom Data Literacy',
          issuer: 'Teach Forward',
          tags: ['Teaching'],
          alignments: ['Data literacy'],
          description: 'Uses assessment data to plan lessons.',
        }),
      ],
      [
        'workplace-first-aid.json',
        json(
          await signed(trustIssuer, {
            n: 204,
            title: 'Workplace First Aid',
            issuer,
            tags: ['First aid'],
            validUntil: '2024-03-10T00:00:00Z',
          }),
        ),
      ],
      [
        'agile-project-basics.json',
        json(
          await signed(trustIssuer, {
            n: 205,
            title: 'Agile Project Basics',
            issuer,
            tags: ['Agile', 'Project management'],
            extra: { credentialStatus: statusEntry(STATUS_LIST, REVOKED_INDEX) },
          }),
        ),
      ],
      [
        // Signed, then what earned it edited.
        'machine-learning-foundations.json',
        json(
          edited(
            await signed(trustIssuer, {
              n: 206,
              title: 'Machine Learning Foundations',
              description: 'Trains and evaluates supervised models.',
              issuer,
              tags: ['Machine learning'],
            }),
          ),
        ),
      ],
    ]);

    await go(page, 'Import');
    await chooseFiles(page, files);
    await expect(summary(page)).toHaveText(
      '6 imported · 0 already in your library · 0 could not be imported',
    );
    const imported = group(page, 'Imported');
    for (const [title, label] of TRUST_EXPECTED.slice(0, 6)) {
      await expect(
        imported.getByRole('listitem').filter({ hasText: title }).locator('.trust'),
        title,
      ).toHaveText(label);
    }
    await look(app, 'j2-01-import-labels');

    // Something without a file: typed in, kept as self-reported.
    const manual = page.getByRole('region', { name: 'Add manually' });
    await manual.getByLabel('Title (required)').fill('Toastmasters Competent Communicator');
    await manual.getByLabel('Issued by (required)').fill('Toastmasters Club 42');
    await manual.getByLabel(/Date earned/).fill('2023-11');
    await manual.getByLabel('Description (optional)').fill('Ten prepared speeches.');
    await manual.getByRole('button', { name: 'Add' }).click();
    await expect(
      manual
        .getByRole('list', { name: 'Added manually' })
        .getByText('Self-reported', { exact: true }),
    ).toBeVisible();

    // One label per credential in the library, in words as well as colour.
    await go(page, 'Library');
    await expect(page.getByText('7 credentials', { exact: true })).toBeVisible();
    for (const [title, label] of TRUST_EXPECTED)
      await expect(row(page, title).locator('.trust'), title).toHaveText(label);
    await look(app, 'j2-02-library-labels');
    await page.getByRole('button', { name: 'Grid' }).click();
    await expect(page.locator('.tile').first()).toBeVisible();
    await look(app, 'j2-03-library-grid');
    await page.getByRole('button', { name: 'List' }).click();

    // The trust filter.
    await page.getByRole('combobox', { name: 'Trust' }).selectOption({ label: 'Revoked (1)' });
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page).first()).toContainText('Agile Project Basics');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect(rows(page)).toHaveCount(7);

    // Each check, and when it ran.
    const checks = detail(page).getByRole('list', { name: 'Checks' });
    const open = async (title: string): Promise<void> => {
      await row(page, title).getByRole('button').click();
      await expect(detail(page).getByRole('heading', { level: 2 })).toHaveText(title);
    };
    await open('Agile Project Basics');
    await expect(checks).toContainText(
      "Revoked: the issuer's status list marks this credential as revoked",
    );
    for (const check of await checks.getByRole('listitem').all()) {
      await expect(check.locator('time')).toHaveAttribute('datetime', /^\d{4}-\d\d-\d\dT/);
      await expect(check.locator('.trust')).toHaveText(/Passed|Failed|Warning|Not checked/);
    }
    await look(app, 'j2-04-detail-revoked');

    await open('Machine Learning Foundations');
    await expect(detail(page).locator('.detail-heading .trust')).toHaveText('Invalid');
    await expect(checks.getByRole('listitem').filter({ hasText: 'Failed' }).first()).toBeVisible();
    await look(app, 'j2-05-detail-invalid');

    await open('Classroom Data Literacy');
    await expect(checks).toContainText(/not checked: offline/i);
    await look(app, 'j2-06-detail-offline');

    await open('Workplace First Aid');
    await expect(checks).toContainText('Expired on 2024-03-10');

    await open('Toastmasters Competent Communicator');
    await expect(detail(page).locator('.detail-heading .trust')).toHaveText('Self-reported');

    // Re-verify on demand: a new time, the same answer.
    await open('Data Visualisation with Python');
    const when = detail(page).locator('.verdict-line time');
    const before = await when.getAttribute('datetime');
    await detail(page).getByRole('button', { name: 'Re-verify' }).click();
    await expect(detail(page).getByRole('status')).toHaveText('Checked again: still Verified.');
    await expect(when).not.toHaveAttribute('datetime', before ?? '');
    await expect(checks.getByRole('listitem').filter({ hasText: 'Passed' }).first()).toBeVisible();
    await look(app, 'j2-07-reverified');
    expect(app.foreign).toEqual([]);
  },
};

// ---------------------------------------------------------------------------------------------
// 3. See the skills.

const skillsIssuer = newIssuerKey();

const skillList = (page: Page): Locator => page.getByRole('list', { name: 'Skills' });
const skillRow = (page: Page, name: string): Locator =>
  skillList(page)
    .getByRole('listitem')
    .filter({
      has: page.locator('.skill-name', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }),
    });
const skillDetail = (page: Page): Locator =>
  page.getByRole('complementary', { name: 'Skill details' });

const journey3: Journey = {
  title: 'journey 3 — see the skills',
  async run(app) {
    const { page } = app;
    const files = writeFiles(path.join(app.workDir, 'j3'), [
      [
        'sql-for-analysts.json',
        ob3({
          n: 301,
          title: 'SQL for Analysts',
          issuer: 'Open Data School',
          tags: ['SQL', 'Databases'],
          alignments: ['Data storytelling'],
        }),
      ],
      [
        'python-programming.jwt',
        await signVcJwt(
          ob3By(skillsIssuer, {
            n: 302,
            title: 'Python Programming',
            issuer: 'Code Academy',
            tags: ['Python'],
            alignments: ['Scripting'],
          }),
          skillsIssuer,
        ),
      ],
      [
        'dashboards-with-tableau.json',
        ob3({
          n: 303,
          title: 'Dashboards with Tableau',
          issuer: 'Open Data School',
          tags: ['Tableau', 'SQL'],
          alignments: ['Data storytelling'],
        }),
      ],
      [
        'statistics.json',
        ob2Assertion({
          n: 304,
          title: 'Statistics I',
          issuer: 'State University',
          tags: ['Statistics'],
          alignments: ['Quantitative reasoning'],
        }),
      ],
    ]);

    await go(page, 'Skills');
    await expect(page.getByRole('heading', { name: 'No skills yet' })).toBeVisible();
    await look(app, 'j3-01-skills-empty');
    await page.getByRole('button', { name: 'Import credentials' }).click();
    await chooseFiles(page, files);
    await expect(summary(page)).toHaveText(
      '4 imported · 0 already in your library · 0 could not be imported',
    );

    // Skills from tags and alignments, each with the credentials behind it.
    await go(page, 'Skills');
    await expect(skillRow(page, 'SQL')).toContainText('2 credentials');
    await expect(skillRow(page, 'Data storytelling')).toContainText('2 credentials');
    await expect(skillRow(page, 'Python')).toContainText('1 credential');
    await expect(skillRow(page, 'Quantitative reasoning')).toContainText('1 credential');
    await skillRow(page, 'SQL').getByRole('button').click();
    const sqlBacking = skillDetail(page).getByRole('list', { name: 'Credentials behind SQL' });
    await expect(sqlBacking.getByRole('listitem')).toHaveCount(2);
    await expect(sqlBacking).toContainText('SQL for Analysts');
    await expect(sqlBacking).toContainText('Dashboards with Tableau');
    await look(app, 'j3-02-skills');

    // Rename.
    await skillDetail(page).getByRole('button', { name: 'Rename…' }).click();
    const rename = page.getByRole('dialog', { name: /Rename/ });
    await rename.getByRole('textbox', { name: 'New name' }).fill('SQL querying');
    await rename.getByRole('button', { name: 'Rename' }).click();
    await expect(rename).toHaveCount(0);
    await expect(page.getByRole('status').filter({ hasText: 'Renamed' })).toContainText(
      'Renamed “SQL” to “SQL querying”.',
    );
    await expect(skillRow(page, 'SQL querying')).toContainText('2 credentials');
    await expect(skillRow(page, 'SQL')).toHaveCount(0);

    // Merge two names for one skill, keeping one.
    await skillRow(page, 'Python').getByRole('checkbox').check();
    await skillRow(page, 'Scripting').getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Merge…' }).click();
    const merge = page.getByRole('dialog', { name: 'Merge 2 skills' });
    await merge.getByRole('radio', { name: /Python/ }).check();
    await look(app, 'j3-03-merge-dialog');
    await merge.getByRole('button', { name: 'Merge' }).click();
    await expect(merge).toHaveCount(0);
    await expect(skillRow(page, 'Scripting')).toHaveCount(0);
    await expect(skillRow(page, 'Python')).toContainText('2 skills merged');
    await expect(skillDetail(page)).toContainText('Also includes: Scripting');

    // Every skill lists exactly the credentials its count says.
    const names = await skillList(page).locator('.skill-name').allTextContents();
    expect(names).toEqual(
      expect.arrayContaining([
        'SQL querying',
        'Databases',
        'Data storytelling',
        'Python',
        'Tableau',
        'Statistics',
        'Quantitative reasoning',
      ]),
    );
    for (const name of names) {
      const item = skillRow(page, name);
      const count = Number(/(\d+) credentials?/.exec((await item.textContent()) ?? '')?.[1]);
      await item.getByRole('button').click();
      await expect(skillDetail(page).getByRole('heading', { level: 2 })).toHaveText(name);
      await expect(
        skillDetail(page)
          .getByRole('list', { name: `Credentials behind ${name}` })
          .getByRole('listitem'),
        name,
      ).toHaveCount(count);
    }
    await skillRow(page, 'Python').getByRole('button').click();
    await expect(
      skillDetail(page).getByRole('list', { name: 'Credentials behind Python' }),
    ).toContainText('Python Programming');
    await look(app, 'j3-04-skills-edited');

    // The edits are the library's: its skill filter knows the new names.
    await go(page, 'Library');
    await page.getByRole('combobox', { name: 'Skill' }).selectOption({ label: 'SQL querying (2)' });
    await expect(rows(page)).toHaveCount(2);
    await look(app, 'j3-05-library-by-skill');
    expect(app.foreign).toEqual([]);
  },
};

// ---------------------------------------------------------------------------------------------
// 4. Build a portfolio.

/** A round SVG badge, as an OB 3.0 image data: URI (stored in the library, shown from there). */
function svgBadge(colour: string, letters: string): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="120" viewBox="0 0 120 120"><circle cx="60" cy="60" r="56" fill="${colour}"/><circle cx="60" cy="60" r="44" fill="none" stroke="#fff" stroke-width="4"/><text x="60" y="72" font-size="34" font-family="sans-serif" font-weight="bold" fill="#fff" text-anchor="middle">${letters}</text></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

const portfolioIssuer = newIssuerKey();

async function badgeCredential(
  o: FixtureOptions & { colour: string; letters: string },
): Promise<string> {
  return json(
    await signed(portfolioIssuer, {
      ...o,
      alignments: [],
      extra: { image: { id: svgBadge(o.colour, o.letters), type: 'Image' } },
    }),
  );
}

const entries = (page: Page, section: string): Locator =>
  page.getByRole('list', { name: `Credentials in ${section}` }).getByRole('listitem');
const entryTitles = (page: Page, section: string): Promise<string[]> =>
  entries(page, section).locator('.entry-main .row-title').allTextContents();
const previewTitles = (page: Page): Promise<string[]> =>
  preview(page).locator('.paper-row-title').allTextContents();

const journey4: Journey = {
  title: 'journey 4 — build a portfolio',
  async run(app) {
    const { page } = app;
    const files = writeFiles(path.join(app.workDir, 'j4'), [
      [
        'sql-for-analysts.json',
        await badgeCredential({
          n: 401,
          title: 'SQL for Analysts',
          issuer: 'Open Data School',
          tags: ['SQL'],
          colour: '#2f7d6d',
          letters: 'SQL',
        }),
      ],
      [
        'data-cleaning.json',
        await badgeCredential({
          n: 402,
          title: 'Data Cleaning in SQL',
          issuer: 'Open Data School',
          tags: ['SQL'],
          colour: '#1f6f8b',
          letters: 'DC',
        }),
      ],
      [
        'dashboards.json',
        await badgeCredential({
          n: 403,
          title: 'Dashboards with Tableau',
          issuer: 'Łódź Data School',
          tags: ['SQL', 'Tableau'],
          colour: '#b3541e',
          letters: 'TB',
        }),
      ],
      [
        'python.json',
        await badgeCredential({
          n: 404,
          title: 'Python Programming',
          issuer: 'Code Academy',
          tags: ['Python'],
          colour: '#3b5ba5',
          letters: 'PY',
        }),
      ],
    ]);

    await go(page, 'Portfolios');
    await expect(page.getByRole('heading', { name: 'Build your first portfolio' })).toBeVisible();
    await look(app, 'j4-01-portfolios-empty');
    await page.getByRole('button', { name: 'Import credentials' }).click();
    await chooseFiles(page, files);
    await expect(summary(page)).toHaveText(
      '4 imported · 0 already in your library · 0 could not be imported',
    );

    // A portfolio for the role, with its header.
    await newPortfolio(page, 'Junior Data Analyst', {
      'Your name': 'Zofia Kowalska',
      Headline: 'Maths teacher turned data analyst',
      'E-mail': 'zofia@example.org',
      'Target role': 'Junior Data Analyst at a public-health agency',
      Summary:
        'Ten years of teaching statistics to teenagers; since 2023, SQL, Python and dashboards for real decisions.',
    });
    await expect(preview(page)).toContainText('Junior Data Analyst at a public-health agency');
    await expect(preview(page)).toContainText('Ten years of teaching statistics');

    // Sections for two of the skills, each filled from the library picker.
    const skillSelect = page.getByRole('combobox', { name: 'A section for one of your skills' });
    await skillSelect.selectOption({ label: 'SQL (3)' });
    await page.getByRole('button', { name: 'Add skill section' }).click();
    await expect(page.getByRole('heading', { name: 'SQL', level: 2, exact: true })).toBeVisible();
    await skillSelect.selectOption({ label: 'Python (1)' });
    await page.getByRole('button', { name: 'Add skill section' }).click();
    await expect(
      page.getByRole('heading', { name: 'Python', level: 2, exact: true }),
    ).toBeVisible();
    const sectionOf = (name: string): Locator =>
      page
        .locator('section')
        .filter({ has: page.getByRole('heading', { name, level: 2, exact: true }) });
    await addToPortfolio(
      page,
      ['SQL for Analysts', 'Dashboards with Tableau', 'Data Cleaning in SQL'],
      sectionOf('SQL').getByRole('button', { name: 'Add credentials…' }),
    );
    await addToPortfolio(
      page,
      ['Python Programming'],
      sectionOf('Python').getByRole('button', { name: 'Add credentials…' }),
    );
    expect(await entryTitles(page, 'SQL')).toEqual([
      'SQL for Analysts',
      'Dashboards with Tableau',
      'Data Cleaning in SQL',
    ]);
    expect(await entryTitles(page, 'Python')).toEqual(['Python Programming']);
    await look(app, 'j4-02-sections');

    // Keyboard: Alt+↑ twice brings the data cleaning badge to the top, and says so each time.
    const status = page.getByRole('status').filter({ hasText: /Moved|Picked up|Put down/ });
    const handle = (title: string): Locator =>
      page.getByRole('button', { name: new RegExp(`^Reorder ${escapeRegExp(title)}`) });
    await handle('Data Cleaning in SQL').focus();
    await page.keyboard.press('Alt+ArrowUp');
    await expect(status).toHaveText('Moved “Data Cleaning in SQL” to position 2 of 3 in “SQL”.');
    await page.keyboard.press('Alt+ArrowUp');
    await expect(status).toHaveText('Moved “Data Cleaning in SQL” to position 1 of 3 in “SQL”.');
    await expect(handle('Data Cleaning in SQL')).toBeFocused();
    expect(await entryTitles(page, 'SQL')).toEqual([
      'Data Cleaning in SQL',
      'SQL for Analysts',
      'Dashboards with Tableau',
    ]);

    // Drag and drop: the first entry onto the lower half of the last one goes last.
    const last = entries(page, 'SQL').nth(2);
    const box = await last.boundingBox();
    if (!box) throw new Error('the last SQL entry has no box');
    await entries(page, 'SQL')
      .nth(0)
      .dragTo(last, { targetPosition: { x: box.width / 2, y: box.height - 6 } });
    await expect(status).toHaveText('Moved “Data Cleaning in SQL” to position 3 of 3 in “SQL”.');
    expect(await entryTitles(page, 'SQL')).toEqual([
      'SQL for Analysts',
      'Dashboards with Tableau',
      'Data Cleaning in SQL',
    ]);
    // The drop was the builder's: the window's file drop did not take it to the import.
    await expect(page.getByRole('heading', { name: 'Portfolios', level: 1 })).toBeVisible();

    // A note on one entry.
    const sqlEntry = entries(page, 'SQL').filter({ hasText: 'SQL for Analysts' });
    await sqlEntry.getByRole('button', { name: 'Note and fields of SQL for Analysts' }).click();
    await sqlEntry
      .getByRole('textbox', { name: 'Note' })
      .fill('Wrote the attendance reports of my school with these queries.');
    await page.keyboard.press('Tab');
    await expect(page.getByRole('status').filter({ hasText: 'Saved the note' })).toHaveText(
      'Saved the note on “SQL for Analysts”.',
    );
    await sqlEntry.getByRole('button', { name: 'Note and fields of SQL for Analysts' }).click();

    // The preview shows it as it will print: header, sections in order, entries in order, the note.
    await expect(preview(page).getByRole('heading', { name: 'Zofia Kowalska' })).toBeVisible();
    await expect(preview(page)).toContainText('Maths teacher turned data analyst');
    await expect(preview(page).locator('.paper-section-title')).toHaveText([/^SQL/, /^Python/]);
    await expect
      .poll(() => previewTitles(page))
      .toEqual([
        'SQL for Analysts',
        'Dashboards with Tableau',
        'Data Cleaning in SQL',
        'Python Programming',
      ]);
    await expect(
      preview(page).locator('.paper-row').filter({ hasText: 'SQL for Analysts' }),
    ).toContainText('Wrote the attendance reports of my school with these queries.');
    await expect(preview(page)).toContainText('4 in this résumé');
    await look(app, 'j4-03-builder-and-preview');
    await page.emulateMedia({ colorScheme: 'dark' });
    await look(app, 'j4-04-builder-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    expect(app.foreign).toEqual([]);
  },
};

// ---------------------------------------------------------------------------------------------
// 5. Export and share.

const exportIssuer = newIssuerKey();

const journey5: Journey = {
  title: 'journey 5 — export and share',
  async run(app) {
    const { page } = app;
    const files = writeFiles(path.join(app.workDir, 'j5'), [
      [
        'sql.json',
        json(
          await signed(exportIssuer, {
            n: 501,
            title: 'Data Analysis with SQL',
            issuer: 'Łódź Data School',
            tags: ['SQL'],
          }),
        ),
      ],
      [
        'python.json',
        json(
          await signed(exportIssuer, {
            n: 502,
            title: 'Python for Data Analysis',
            issuer: 'Code Academy',
            tags: ['Python'],
          }),
        ),
      ],
      [
        'excel.json',
        ob3({
          n: 503,
          title: 'Excel Dashboards',
          issuer: 'Office Skills Ltd',
          tags: ['Excel'],
        }),
      ],
    ]);
    await go(page, 'Import');
    await chooseFiles(page, files);
    await expect(summary(page)).toHaveText(
      '3 imported · 0 already in your library · 0 could not be imported',
    );

    await newPortfolio(page, 'Analyst CV', {
      'Your name': 'Zofia Kowalska',
      Headline: 'Data analyst',
      'Target role': 'Junior Data Analyst',
      Summary: 'Teacher of statistics, now analysing data.',
    });
    await addToPortfolio(page, [
      'Data Analysis with SQL',
      'Python for Data Analysis',
      'Excel Dashboards',
    ]);
    await expect(preview(page)).toContainText('3 in this résumé');

    // Signed PDF, signed JSON-LD and JSON Resume; the unsigned badge travels beside the presentation.
    const { dialog, files: saved } = await exportPortfolio(
      app,
      'Analyst CV',
      ['Signed PDF', 'Signed JSON-LD', 'JSON Resume'],
      4,
      'j5-01-export',
    );
    await expect(dialog.getByRole('heading', { name: /exported/ })).toHaveText(
      '3 files exported, with 1 original credential',
    );
    const pdf = byName(saved, /\.pdf$/);
    const vp = byName(saved, /\.vp\.json$/);
    const resume = byName(saved, /resume.*\.json$/i);
    expect(saved.map((f) => f.name)).toHaveLength(4);

    // The PDF is signed over the whole file, by the person named on it.
    expect(fs.readFileSync(pdf.path).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const report = pdfsig(pdf.path);
    await app.testInfo.attach('pdfsig.txt', { body: report, contentType: 'text/plain' });
    expect(report).toContain('Signature is Valid.');
    expect(report).toContain('Total document signed');
    expect(report).toContain('Signer Certificate Common Name: Zofia Kowalska');
    const text = pdftotext(pdf.path);
    for (const words of [
      'Zofia Kowalska',
      'Junior Data Analyst',
      'Data Analysis with SQL',
      'Excel Dashboards',
    ])
      expect(text).toContain(words);

    // The presentation is signed by the holder and carries the credentials; the résumé names the person.
    const presentation = JSON.parse(fs.readFileSync(vp.path, 'utf8')) as {
      type: string[];
      holder: string;
      proof?: unknown;
    };
    expect(presentation.type).toContain('VerifiablePresentation');
    expect(presentation.holder).toMatch(/^did:key:z6Mk/);
    expect(presentation.proof).toBeDefined();
    const jsonResume = JSON.parse(fs.readFileSync(resume.path, 'utf8')) as {
      basics: { name: string };
      certificates?: Array<{ name: string; issuer?: string }>;
    };
    expect(jsonResume.basics.name).toBe('Zofia Kowalska');
    expect((jsonResume.certificates ?? []).map((c) => c.name).sort()).toEqual([
      'Data Analysis with SQL',
      'Excel Dashboards',
      'Python for Data Analysis',
    ]);

    // "Add to LinkedIn": LinkedIn's add-certification form, pre-filled; opened outside the app.
    await dialog.locator('summary', { hasText: 'Add your credentials to LinkedIn' }).click();
    const links = dialog.getByRole('link', { name: /to LinkedIn$/ });
    await expect(links).toHaveCount(3);
    const sqlLink = dialog.getByRole('link', { name: 'Add “Data Analysis with SQL” to LinkedIn' });
    const href = new URL((await sqlLink.getAttribute('href')) ?? '');
    expect(`${href.origin}${href.pathname}`).toBe('https://www.linkedin.com/profile/add');
    expect(href.searchParams.get('startTask')).toBe('CERTIFICATION_NAME');
    expect(href.searchParams.get('name')).toBe('Data Analysis with SQL');
    expect(href.searchParams.get('organizationName')).toBe('Łódź Data School');
    expect(href.searchParams.get('issueYear')).toBe('2021');
    await expect(sqlLink).toHaveAttribute('target', '_blank');
    await expect(sqlLink).toHaveAttribute('rel', /noopener/);
    for (const link of await links.all())
      expect(await link.getAttribute('href')).toMatch(
        /^https:\/\/www\.linkedin\.com\/profile\/add\?/,
      );

    // "Verify this file" in the dialog checks the exact bytes.
    await dialog.getByRole('button', { name: `Verify this file: ${pdf.name}` }).click();
    const pdfItem = dialog
      .getByRole('list', { name: 'Exported files' })
      .getByRole('listitem')
      .filter({ hasText: pdf.name });
    await expect(pdfItem.locator('.export-verify .trust').first()).toHaveText('Verified');
    await expect(pdfItem).toContainText('The signature is valid and covers the whole file.');
    await look(app, 'j5-02-export-result');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(dialog).toHaveCount(0);

    // Someone receiving the PDF drops it on "Verify a file": verified, and nothing is imported.
    await go(page, 'Verify a file');
    await drop(page, [
      fromDisk(pdf.path, 'application/pdf'),
      fromDisk(vp.path, 'application/json'),
    ]);
    const pdfReport = page.getByRole('region', { name: `Report for ${pdf.name}` });
    await expect(pdfReport.getByRole('heading', { name: 'Signed PDF résumé' })).toBeVisible();
    await expect(pdfReport.locator('.verify-result-head .trust').first()).toHaveText('Verified');
    await expect(pdfReport).toContainText('Signed by');
    await expect(pdfReport.getByRole('list', { name: 'Credentials inside' })).toContainText(
      'Data Analysis with SQL',
    );
    const vpReport = page.getByRole('region', { name: `Report for ${vp.name}` });
    await expect(vpReport.locator('.verify-result-head .trust').first()).toHaveText('Verified');
    await expect(page.getByRole('heading', { name: 'Verify a file', level: 1 })).toBeVisible();
    await look(app, 'j5-03-verify-exported');
    await go(page, 'Library');
    await expect(page.getByText('3 credentials', { exact: true })).toBeVisible();
    expect(app.foreign).toEqual([]);
  },
};

// ---------------------------------------------------------------------------------------------
// 6. Many people, one adviser.

const alexIssuer = newIssuerKey();
const beaIssuer = newIssuerKey();
const sidebarProfile = (page: Page): Locator =>
  page.locator('.sidebar').getByRole('region', { name: 'Profile in use' }).getByRole('button');
const profileRow = (page: Page, name: string): Locator =>
  page.getByRole('list', { name: 'Profiles' }).getByRole('listitem').filter({ hasText: name });

/** Exports the open portfolio as a signed PDF alone and returns pdfsig's report and the text. */
async function exportPdf(app: JourneyApp, portfolio: string, shotName: string) {
  const { dialog, files } = await exportPortfolio(app, portfolio, ['Signed PDF'], 1, shotName);
  const holder = (await dialog.locator('.holder .mono').textContent()) ?? '';
  expect(holder).toMatch(/^did:key:z6Mk/);
  await dialog.getByRole('button', { name: 'Done' }).click();
  const pdf = byName(files, /\.pdf$/);
  return { file: pdf, holder, sig: pdfsig(pdf.path), text: pdftotext(pdf.path) };
}

const journey6: Journey = {
  title: 'journey 6 — many people, one adviser',
  async run(app) {
    const { page } = app;
    const dir = path.join(app.workDir, 'j6');
    const alexFiles = writeFiles(path.join(dir, 'alex'), [
      [
        'welding.json',
        json(
          await signed(alexIssuer, {
            n: 601,
            title: 'Welding Safety Level 2',
            issuer: 'Trade Skills Board',
            tags: ['Welding'],
          }),
        ),
      ],
      [
        'forklift.json',
        json(
          await signed(alexIssuer, {
            n: 602,
            title: 'Forklift Operation',
            issuer: 'Trade Skills Board',
            tags: ['Logistics'],
          }),
        ),
      ],
    ]);
    const beaFiles = writeFiles(path.join(dir, 'bea'), [
      [
        'nursing.json',
        json(
          await signed(beaIssuer, {
            n: 603,
            title: 'Registered Nurse Refresher',
            issuer: 'City Health Academy',
            tags: ['Nursing'],
          }),
        ),
      ],
      [
        'privacy.json',
        json(
          await signed(beaIssuer, {
            n: 604,
            title: 'Patient Data Privacy',
            issuer: 'City Health Academy',
            tags: ['Privacy'],
          }),
        ),
      ],
    ]);
    const ALEX = ['Welding Safety Level 2', 'Forklift Operation'];
    const BEA = ['Registered Nurse Refresher', 'Patient Data Privacy'];

    // The first client's library: the default profile.
    await expect(sidebarProfile(page)).toHaveText(/Profile\s*Default/);
    await go(page, 'Import');
    await chooseFiles(page, alexFiles);
    await expect(summary(page)).toHaveText(
      '2 imported · 0 already in your library · 0 could not be imported',
    );
    await newPortfolio(page, 'Alex — logistics', { 'Your name': 'Alex Rivera' });
    await addToPortfolio(page, ALEX);
    const alexPdf = await exportPdf(app, 'Alex — logistics', 'j6-01-alex-export');
    expect(alexPdf.sig).toContain('Signature is Valid.');
    expect(alexPdf.sig).toContain('Signer Certificate Common Name: Alex Rivera');

    // A second client: a profile of her own, used only once switched to.
    await sidebarProfile(page).click();
    await expect(page.getByRole('heading', { name: 'Profiles', level: 1 })).toBeVisible();
    await page.getByRole('textbox', { name: /Name \(for example/ }).fill('Bea Nowak');
    await page.getByRole('button', { name: 'Create profile' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Created' })).toContainText(
      'Created the profile “Bea Nowak”',
    );
    await expect(sidebarProfile(page)).toHaveText(/Default/);
    await look(app, 'j6-02-profiles');
    await profileRow(page, 'Bea Nowak')
      .getByRole('button', { name: 'Switch to Bea Nowak' })
      .click();
    await expect(sidebarProfile(page)).toHaveText(/Profile\s*Bea Nowak/);
    await expect(profileRow(page, 'Bea Nowak')).toContainText('In use');

    // Her library starts empty, with its own settings; her files go into it.
    await go(page, 'Library');
    await expect(page.getByRole('heading', { name: 'Your library is empty' })).toBeVisible();
    await go(page, 'Settings');
    const offline = card(page, 'Network').getByRole('checkbox', { name: 'Work offline' });
    await offline.check();
    await expect(card(page, 'Network').getByRole('status')).toHaveText('Saved.');
    await go(page, 'Library');
    await drop(
      page,
      beaFiles.map((f) => fromDisk(f, 'application/json')),
    );
    await expect(summary(page)).toHaveText(
      '2 imported · 0 already in your library · 0 could not be imported',
    );
    await go(page, 'Library');
    await expect(rows(page)).toHaveCount(2);
    for (const title of BEA) await expect(row(page, title)).toHaveCount(1);
    await look(app, 'j6-03-bea-library');

    // Her export names her, is signed with her own key, and holds only her credentials.
    await go(page, 'Portfolios');
    await expect(page.getByRole('heading', { name: 'Build your first portfolio' })).toBeVisible();
    await newPortfolio(page, 'Bea — clinical', { 'Your name': 'Bea Nowak' });
    await addToPortfolio(page, BEA);
    const beaPdf = await exportPdf(app, 'Bea — clinical', 'j6-04-bea-export');
    expect(beaPdf.sig).toContain('Signature is Valid.');
    expect(beaPdf.sig).toContain('Total document signed');
    expect(beaPdf.sig).toContain('Signer Certificate Common Name: Bea Nowak');
    expect(beaPdf.text).toContain('Bea Nowak');
    for (const title of BEA) expect(beaPdf.text).toContain(title);
    for (const title of ALEX) expect(beaPdf.text).not.toContain(title);
    expect(beaPdf.text).not.toContain('Alex Rivera');
    // A signing key of her own, kept in her profile's folder.
    expect(beaPdf.holder).not.toBe(alexPdf.holder);
    const beaFolder = path.join(app.dataDir, 'profiles', 'Bea Nowak');
    expect(fs.existsSync(path.join(beaFolder, 'holder-keys.json'))).toBe(true);

    // Back to the first client: his library is as he left it, with nothing of hers.
    await sidebarProfile(page).click();
    await profileRow(page, 'Default').getByRole('button', { name: 'Switch to Default' }).click();
    await expect(sidebarProfile(page)).toHaveText(/Profile\s*Default/);
    await page.getByRole('button', { name: 'Open its library' }).click();
    await expect(rows(page)).toHaveCount(2);
    for (const title of ALEX) await expect(row(page, title)).toHaveCount(1);
    await page.getByRole('searchbox', { name: 'Search the library' }).fill('patient');
    await expect(page.getByText('No credentials match')).toBeVisible();
    await page.getByRole('searchbox', { name: 'Search the library' }).fill('');
    await go(page, 'Portfolios');
    await expect(page.getByRole('combobox', { name: 'Portfolio' }).locator('option')).toHaveText([
      /Alex — logistics/,
    ]);
    await expect(preview(page)).toContainText('Alex Rivera');
    await expect(preview(page)).not.toContainText('Bea Nowak');
    await go(page, 'Skills');
    await expect(page.getByRole('list', { name: 'Skills' }).locator('.skill-name')).toHaveText([
      'Logistics',
      'Welding',
    ]);
    await look(app, 'j6-05-back-to-default');
    expect(app.foreign).toEqual([]);
  },
};

// ---------------------------------------------------------------------------------------------
// 7. Keep it safe.

const safeIssuer = newIssuerKey();

const journey7: Journey = {
  title: 'journey 7 — keep it safe',
  async run(app) {
    const { page } = app;
    const files = writeFiles(path.join(app.workDir, 'j7'), [
      [
        'spanish.json',
        json(
          await signed(safeIssuer, {
            n: 701,
            title: 'Conversational Spanish B1',
            issuer: 'Instituto Example',
            tags: ['Spanish'],
          }),
        ),
      ],
      [
        'first-aid.json',
        json(
          await signed(safeIssuer, {
            n: 702,
            title: 'Emergency First Aid',
            issuer: 'Red Cross Example',
            tags: ['First aid'],
          }),
        ),
      ],
      [
        'python.json',
        ob3({ n: 703, title: 'Python Basics', issuer: 'Code Academy', tags: ['Python'] }),
      ],
    ]);
    await drop(
      page,
      files.map((f) => fromDisk(f, 'application/json')),
    );
    await expect(summary(page)).toHaveText(
      '3 imported · 0 already in your library · 0 could not be imported',
    );
    await newPortfolio(page, 'Language jobs', { 'Your name': 'Sam Doe' });
    await addToPortfolio(page, ['Conversational Spanish B1']);

    // A backup: the whole library of this profile, as one file the person keeps.
    await go(page, 'Settings');
    const backup = card(page, 'Backup and restore');
    const [saved] = await app.saveFiles(
      () => backup.getByRole('button', { name: /^(Download a backup|Back up…)$/ }).click(),
      1,
    );
    if (!saved) throw new Error('no backup was saved');
    expect(saved.name).toMatch(/^skillfolio-library-.*\.sqlite$/);
    expect(fs.readFileSync(saved.path).subarray(0, 16).toString('latin1')).toBe(
      'SQLite format 3\0',
    );
    await expect(backup.getByRole('status')).toContainText(
      /Downloaded the backup|Saved the backup/,
    );
    await look(app, 'j7-01-settings-backup');

    // A credential deleted (after confirming)…
    await go(page, 'Library');
    await row(page, 'Conversational Spanish B1').getByRole('button').click();
    await detail(page).getByRole('button', { name: 'Delete…' }).click();
    const confirm = page.getByRole('dialog');
    await expect(confirm).toContainText('This cannot be undone');
    await look(app, 'j7-02-delete-confirm');
    await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Deleted' })).toHaveText(
      'Deleted “Conversational Spanish B1”.',
    );
    await expect(rows(page)).toHaveCount(2);
    await expect(row(page, 'Conversational Spanish B1')).toHaveCount(0);

    // …and back from the backup, after a confirmation that says what happens to the current library.
    await go(page, 'Settings');
    await card(page, 'Backup and restore')
      .getByLabel('Choose a backup to restore')
      .setInputFiles(saved.path);
    const restore = page.getByRole('dialog', { name: 'Replace this library with the backup?' });
    await expect(restore).toContainText('kept beside it as a .bak file');
    await look(app, 'j7-03-restore-confirm');
    await restore.getByRole('button', { name: 'Restore' }).click();
    await expect(card(page, 'Backup and restore').getByRole('status')).toContainText(
      'Restored 3 credentials and 1 portfolio',
    );
    expect(fs.readdirSync(app.dataDir).filter((f) => f.endsWith('.sqlite.bak'))).toHaveLength(1);
    await look(app, 'j7-04-restored');

    await go(page, 'Library');
    await expect(rows(page)).toHaveCount(3);
    await row(page, 'Conversational Spanish B1').getByRole('button').click();
    await expect(detail(page).locator('.detail-heading .trust')).toHaveText('Verified');
    await go(page, 'Portfolios');
    await expect(
      page.getByRole('list', { name: 'Credentials in Credentials' }).getByRole('listitem'),
    ).toHaveText([/Conversational Spanish B1/]);
    await look(app, 'j7-05-portfolio-restored');

    // Nothing left the machine during the whole journey.
    expect(app.foreign).toEqual([]);
  },
};

export const JOURNEYS: Journey[] = [
  journey1,
  journey2,
  journey3,
  journey4,
  journey5,
  journey6,
  journey7,
];
