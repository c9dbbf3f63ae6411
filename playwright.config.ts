// End-to-end specs drive the real renderer in Debian's Chromium (Playwright cannot download its own browsers here).
import { defineConfig } from '@playwright/test';

const CI = Boolean(process.env.CI);

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: /.*\.(spec|test)\.tsx?$/,
  // Playwright empties this folder at start, so the JSON report lives in reports/ instead.
  outputDir: 'test-results',
  forbidOnly: CI,
  retries: 0,
  workers: CI ? 1 : 2,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  globalTimeout: 15 * 60_000,
  reporter: [['list'], ['json', { outputFile: 'reports/playwright.json' }]],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    viewport: { width: 1280, height: 800 },
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    // Kept as artifacts under test-results/: what the screen looked like, and a trace when something failed.
    screenshot: 'on',
    trace: 'retain-on-failure',
  },
});
