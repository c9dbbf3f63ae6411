// A 100,000-credential library in browser mode: the first page, the very last item, search and filters,
// in list and grid, with only the rows on screen in the page.
import { expect, test, type Locator, type Page } from '@playwright/test';
import {
  buildScaleLibrary,
  RARE_EVERY,
  RARE_WORD,
  scaleTitle,
  shot,
  startTestHost,
  watchRequests,
  type TestHost,
} from './support';

const N = 100_000;
let t: TestHost;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  t = await startTestHost('skillfolio-e2e-scale-', (dir) => buildScaleLibrary(dir, N));
});

test.afterAll(async () => {
  await t?.close();
});

function credentials(page: Page): Locator {
  return page.getByRole('list', { name: 'Credentials' });
}

/** The list item at a 1-based position of the whole result, if it is on screen. */
function at(page: Page, position: number): Locator {
  return credentials(page).locator(`li[aria-posinset="${position}"]`);
}

async function renderedItems(page: Page): Promise<number> {
  return credentials(page).getByRole('listitem').count();
}

test('the first page, the last of 100,000 by keyboard and by scrolling, and few rows in the page', async ({
  page,
}, testInfo) => {
  const foreign = watchRequests(page, t.host);
  await page.goto(t.host.url);
  await expect(page.getByText('100,000 credentials')).toBeVisible();
  // Newest first: the last one written.
  await expect(at(page, 1)).toContainText(scaleTitle(N - 1));
  await expect(at(page, 1)).toHaveAttribute('aria-setsize', String(N));
  await expect(at(page, 2)).toContainText(scaleTitle(N - 2));
  expect(await renderedItems(page)).toBeLessThan(60);
  await shot(page, testInfo, 'scale-1-first-page');

  // Keyboard: End jumps to the last credential and focuses it; Home comes back.
  await at(page, 1).getByRole('button').focus();
  await page.keyboard.press('End');
  await expect(at(page, N)).toContainText(scaleTitle(0));
  await expect(at(page, N).getByRole('button')).toBeFocused();
  expect(await renderedItems(page)).toBeLessThan(60);
  await shot(page, testInfo, 'scale-2-last-by-keyboard');
  await page.keyboard.press('Home');
  await expect(at(page, 1).getByRole('button')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(at(page, 3).getByRole('button')).toBeFocused();
  await page.keyboard.press('PageDown');
  await expect(page.locator(':focus')).toContainText('of the scale test');

  // Scrolling (as a scrollbar drag would) to the very bottom shows the last item.
  await page.locator('.list-scroller').evaluate((el) => {
    el.scrollTop = el.scrollHeight;
  });
  await expect(at(page, N)).toContainText(scaleTitle(0));
  await expect(at(page, N)).toBeInViewport();
  // ... and halfway down, the rows there.
  await page.locator('.list-scroller').evaluate((el) => {
    el.scrollTop = el.scrollHeight / 2;
  });
  await expect(credentials(page).getByRole('button').first()).toContainText('of the scale test');
  expect(await renderedItems(page)).toBeLessThan(60);
  expect(foreign).toEqual([]);
});

test('search as you type and filters narrow 100,000 credentials', async ({ page }, testInfo) => {
  await page.goto(t.host.url);
  await expect(page.getByText('100,000 credentials')).toBeVisible();
  const search = page.getByRole('searchbox', { name: 'Search the library' });

  await search.pressSequentially(RARE_WORD.toLowerCase().slice(0, 5));
  const rare = N / RARE_EVERY;
  await expect(page.getByText(`${rare} matches of 100,000`)).toBeVisible();
  await expect(credentials(page).getByRole('listitem')).toHaveCount(rare);
  await expect(at(page, 1)).toContainText(scaleTitle(N - RARE_EVERY));
  await expect(at(page, rare)).toContainText(scaleTitle(0));
  await shot(page, testInfo, 'scale-3-search');

  // Whole words match exactly, the last one as a prefix: "4242" then "of" finds just one.
  await search.fill('credential 4242');
  await expect(page.getByText('11 matches of 100,000')).toBeVisible();
  await search.fill('credential 4242 of');
  await expect(page.getByText('1 match of 100,000')).toBeVisible();
  await expect(credentials(page).getByRole('listitem')).toHaveCount(1);
  await expect(at(page, 1)).toContainText(scaleTitle(4242));

  await search.fill('');
  await expect(page.getByText('100,000 credentials')).toBeVisible();

  // Filters with counts: an issuer holds one in forty.
  const issuer = page.getByRole('combobox', { name: 'Issuer' });
  await issuer.selectOption({ label: 'Issuer 7 (2,500)' });
  await expect(page.getByText('2,500 matches of 100,000')).toBeVisible();
  await expect(at(page, 1)).toContainText('Issuer 7');
  const format = page.getByRole('combobox', { name: 'Format' });
  await format.selectOption('ob2');
  // Issuer 7 and every third credential: i ≡ 7 (mod 40) and i ≡ 0 (mod 3).
  await expect(page.getByText('833 matches of 100,000')).toBeVisible();
  await expect(at(page, 1)).toContainText('Open Badges 2.0');
  await shot(page, testInfo, 'scale-4-filters');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page.getByText('100,000 credentials')).toBeVisible();

  // Sorted by title, "Credential 0 …" comes first.
  await page.getByRole('combobox', { name: 'Sort' }).selectOption('title');
  await expect(at(page, 1)).toContainText(scaleTitle(0));
});

test('the grid shows the same 100,000 as tiles, a screenful at a time', async ({
  page,
}, testInfo) => {
  await page.goto(t.host.url);
  await expect(page.getByText('100,000 credentials')).toBeVisible();
  await page.getByRole('button', { name: 'Grid' }).click();
  await expect(page.getByRole('button', { name: 'Grid' })).toHaveAttribute('aria-pressed', 'true');
  await expect(credentials(page).locator('.tile').first()).toContainText(scaleTitle(N - 1));
  expect(await renderedItems(page)).toBeLessThan(80);
  await shot(page, testInfo, 'scale-5-grid');

  await at(page, 1).getByRole('button').focus();
  await page.keyboard.press('ArrowRight');
  await expect(at(page, 2).getByRole('button')).toBeFocused();
  await page.keyboard.press('End');
  await expect(at(page, N).getByRole('button')).toBeFocused();
  await expect(at(page, N)).toContainText(scaleTitle(0));
  // Enter opens the focused credential; Escape closes it and gives the focus back.
  await page.keyboard.press('Enter');
  const detail = page.getByRole('complementary', { name: 'Credential details' });
  await expect(detail.getByRole('heading', { level: 2 })).toHaveText(scaleTitle(0));
  await page.keyboard.press('Escape');
  await expect(detail).toHaveCount(0);
  await expect(at(page, N).getByRole('button')).toBeFocused();

  // The choice of view is remembered.
  await page.reload();
  await expect(page.getByRole('button', { name: 'Grid' })).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('button', { name: 'List' }).click();
});
