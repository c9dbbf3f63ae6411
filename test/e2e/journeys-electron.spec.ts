// The same seven journeys in the desktop shell (Playwright's _electron on the built app), and the shell's own hardening;
// skipped, and reported as skipped, where the Electron runtime is not installed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { JOURNEYS, type SavedFile } from './journeys';

const ROOT = path.resolve(__dirname, '../..');
const MAIN = path.join(ROOT, 'out', 'main', 'index.js');

/**
 * The Electron binary, found the way node_modules/electron finds it but without require('electron'):
 * that require downloads the binary when it is missing, and tests must not reach the network.
 */
function electronRuntime(): { executable: string } | { skip: string } {
  const pkg = path.join(ROOT, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  if (!fs.existsSync(pathFile)) {
    return { skip: 'no Electron runtime on this machine (node_modules/electron has no binary)' };
  }
  const executable = path.join(pkg, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  if (!fs.existsSync(executable)) {
    return { skip: `no Electron runtime on this machine (${executable} is missing)` };
  }
  const probe = spawnSync(executable, ['--version'], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (probe.status !== 0) {
    return { skip: `no Electron runtime on this machine (${executable} does not run)` };
  }
  if (process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY']) {
    return { skip: 'no display for the Electron runtime on this machine (run under xvfb-run)' };
  }
  return { executable };
}

const runtime = electronRuntime();
const executable = 'executable' in runtime ? runtime.executable : '';
test.skip('skip' in runtime, 'skip' in runtime ? runtime.skip : '');
test.describe.configure({ mode: 'serial' });

type Launched = {
  app: ElectronApplication;
  /** The data folder, and the default profile's library. */
  dataDir: string;
  /** The test's own temporary folder (data, user data, scratch files). */
  root: string;
  close(): Promise<void>;
};

/**
 * The built app over a fresh data folder (the default profile's library is the folder itself), with
 * its own user-data folder so the single-instance lock and window state are this test's, and offline
 * (the library's saved setting) as browser mode is.
 */
async function launch(
  prefix: string,
  prepare?: (libraryDir: string) => Promise<void> | void,
): Promise<Launched> {
  if (!fs.existsSync(MAIN))
    throw new Error(`${MAIN} is missing: build first (npx electron-vite build).`);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const dataDir = path.join(root, 'data');
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(
    path.join(dataDir, 'settings.json'),
    JSON.stringify({ offline: true, allowPrivateNetwork: false }),
  );
  await prepare?.(dataDir);
  const app = await electron.launch({
    executablePath: executable,
    args: [MAIN, '--library', dataDir, `--user-data-dir=${path.join(root, 'user-data')}`],
    // XDG_CONFIG_HOME places Electron's own user-data folder (window state, lock) in the test's folder too.
    env: {
      ...process.env,
      SKILLFOLIO_DATA_DIR: dataDir,
      XDG_CONFIG_HOME: path.join(root, 'config'),
    },
  });
  return {
    app,
    dataDir,
    root,
    close: async () => {
      await app.close();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

for (const journey of JOURNEYS) {
  // eslint-disable-next-line no-empty-pattern -- Playwright hands fixtures first; these tests open their own window.
  test(`${journey.title} (Electron)`, async ({}, testInfo) => {
    const { app, dataDir, root, close } = await launch(
      'skillfolio-journey-electron-',
      journey.prepare,
    );
    try {
      const page = await app.firstWindow();
      const foreign: string[] = [];
      page.on('request', (req) => {
        if (!/^(file|data|blob|devtools):/.test(req.url())) foreign.push(req.url());
      });
      await page.getByRole('navigation', { name: 'Screens' }).waitFor();
      const workDir = path.join(root, 'work');
      fs.mkdirSync(workDir, { recursive: true });
      let saves = 0;

      await journey.run({
        mode: 'electron',
        page,
        testInfo,
        dataDir,
        workDir,
        foreign,
        async saveFiles(trigger, count) {
          // The desktop save dialog answers with a fresh folder; a replace question with "Replace".
          const dir = testInfo.outputPath('saved', String(++saves));
          fs.mkdirSync(dir, { recursive: true });
          await app.evaluate(({ dialog }, target) => {
            dialog.showSaveDialog = (async (...args: unknown[]) => {
              const options = args[args.length - 1] as { defaultPath?: string };
              const name = (options.defaultPath ?? 'export').split(/[\\/]/).pop() ?? 'export';
              return { canceled: false, filePath: `${target}/${name}` };
            }) as typeof dialog.showSaveDialog;
            dialog.showMessageBox = (async () => ({
              response: 0,
              checkboxChecked: false,
            })) as typeof dialog.showMessageBox;
          }, dir);
          await trigger();
          const done = (): string[] => fs.readdirSync(dir).filter((f) => !/\.tmp$|~$/.test(f));
          await expect.poll(() => done().length, { timeout: 60_000 }).toBe(count);
          return done()
            .map((name): SavedFile => ({ name, path: path.join(dir, name) }))
            .sort((a, b) => fs.statSync(a.path).mtimeMs - fs.statSync(b.path).mtimeMs);
        },
      });
    } finally {
      await close();
    }
  });
}

// eslint-disable-next-line no-empty-pattern -- Playwright hands fixtures first; this test opens its own window.
test('the window is sandboxed, has only the bridge, and stays on its own page', async ({}, testInfo) => {
  const { app, close } = await launch('skillfolio-electron-shell-');
  try {
    const page = await app.firstWindow();
    await expect(page).toHaveTitle('Skillfolio');

    const globals = await page.evaluate(() => ({
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
      api: Object.keys((window as unknown as { api: object }).api).sort(),
    }));
    expect(globals).toEqual({
      require: 'undefined',
      process: 'undefined',
      api: ['invoke', 'on', 'saveFiles'],
    });

    // Navigation away and new windows are denied: the page stays ours.
    const before = page.url();
    const opened = await page.evaluate(() => window.open('https://example.org/') === null);
    expect(opened).toBe(true);
    await page.evaluate(() => {
      window.location.href = 'https://example.org/';
    });
    await expect(page.getByRole('navigation', { name: 'Screens' })).toBeVisible();
    expect(page.url()).toBe(before);
    expect(app.windows()).toHaveLength(1);
    await page.screenshot({ path: testInfo.outputPath('electron-shell.png') });
  } finally {
    await close();
  }
});
