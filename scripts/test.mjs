// `npm test`: every check CI runs, in one command, ending in one plain line a person or a CI log can read.
import { spawn } from 'node:child_process';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const reportsDir = join(root, 'reports');
const vitestReport = join(reportsDir, 'vitest.json');
const playwrightReport = join(reportsDir, 'playwright.json');
const e2eDir = join(root, 'test', 'e2e');
const bin = (name) => join(root, 'node_modules', '.bin', name);

// Every tool the tests shell out to, and the Debian package that provides it.
const SYSTEM_TOOLS = [
  { command: 'chromium', pkg: 'chromium' },
  { command: 'pdfsig', pkg: 'poppler-utils' },
  { command: 'pdftotext', pkg: 'poppler-utils' },
  { command: 'pdftoppm', pkg: 'poppler-utils' },
  { command: 'qpdf', pkg: 'qpdf' },
];

const MINUTE = 60_000;
const results = []; // { name, ok, seconds, note }
const counts = { passed: 0, failed: 0, skipped: 0 };
let current; // the running child, so Ctrl-C and SIGTERM reach its whole process group

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (current) killGroup(current, signal);
    process.exit(130);
  });
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

const seconds = (start) => (performance.now() - start) / 1000;

function header(index, total, title, command) {
  const line = `━━ [${index}/${total}] ${title}${command ? `: ${command}` : ''} `;
  console.log(`\n${line.padEnd(100, '━')}`);
}

/** Runs a command with the terminal's stdout/stderr, no stdin (CI has none), and a hang guard. */
function run(command, args, { env, timeoutMs }) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit'],
      detached: true, // own process group: a timeout or Ctrl-C stops the browsers and workers it started too
    });
    current = child;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child, 'SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      current = undefined;
      resolve({ code: 127, note: error.message });
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      current = undefined;
      const note = timedOut
        ? `timed out after ${timeoutMs / MINUTE} min`
        : signal
          ? `killed by ${signal}`
          : code !== 0
            ? `exit ${code}`
            : '';
      resolve({ code: code ?? 1, note });
    });
  });
}

function onPath(command) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      // keep looking
    }
  }
  return false;
}

const missingPackages = () => [
  ...new Set(SYSTEM_TOOLS.filter((tool) => !onPath(tool.command)).map((tool) => tool.pkg)),
];

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Vitest's JSON report; a file that failed to load or whose hooks failed counts as one failure. */
function countVitest(report) {
  const brokenFiles = report.testResults.filter(
    (file) =>
      file.status === 'failed' && !file.assertionResults.some((test) => test.status === 'failed'),
  );
  for (const file of brokenFiles)
    console.log(`  ✗ ${file.name}: ${file.message || 'failed to run'}`);
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests + brokenFiles.length,
    skipped: report.numPendingTests + report.numTodoTests,
  };
}

/** Playwright's JSON report: a test that passed on a retry is flaky but passed. */
function countPlaywright(report) {
  const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = report.stats ?? {};
  const globalErrors = (report.errors ?? []).length;
  for (const error of report.errors ?? []) console.log(`  ✗ ${error.message?.split('\n')[0]}`);
  return { passed: expected + flaky, failed: unexpected + globalErrors, skipped };
}

const hasSpecs = (dir) =>
  existsSync(dir) &&
  readdirSync(dir, { recursive: true }).some((name) => /\.(spec|test)\.tsx?$/.test(String(name)));

const stages = [
  {
    title: 'System packages',
    command: SYSTEM_TOOLS.map((tool) => tool.command).join(', '),
    async run() {
      const missing = missingPackages();
      if (missing.length === 0) return { ok: true, note: 'all present' };
      const install = `apt-get install -y ${missing.join(' ')}`;
      if (process.getuid?.() !== 0) {
        console.log(
          `Missing system packages: ${missing.join(', ')}. Install them, then run npm test again:`,
        );
        console.log(`  sudo apt-get update && sudo ${install}`);
        return { ok: false, fatal: true, note: `missing ${missing.join(', ')}` };
      }
      console.log(`Installing ${missing.join(', ')} (apt-get update && ${install})`);
      const env = { DEBIAN_FRONTEND: 'noninteractive' };
      const update = await run('apt-get', ['-q', 'update'], { env, timeoutMs: 10 * MINUTE });
      if (update.code !== 0)
        return { ok: false, fatal: true, note: `apt-get update: ${update.note}` };
      const installed = await run('apt-get', ['-q', 'install', '-y', ...missing], {
        env,
        timeoutMs: 15 * MINUTE,
      });
      const still = missingPackages();
      if (installed.code !== 0 || still.length > 0) {
        return {
          ok: false,
          fatal: true,
          note: `could not install ${still.join(', ') || missing.join(', ')}`,
        };
      }
      return { ok: true, note: `installed ${missing.join(', ')}` };
    },
  },
  {
    title: 'Build',
    command: 'electron-vite build',
    async run() {
      const { code, note } = await run(bin('electron-vite'), ['build'], { timeoutMs: 10 * MINUTE });
      return { ok: code === 0, note };
    },
  },
  {
    title: 'Type-check',
    command: 'tsc --noEmit',
    async run() {
      const { code, note } = await run(bin('tsc'), ['--noEmit', '-p', 'tsconfig.json'], {
        timeoutMs: 10 * MINUTE,
      });
      return { ok: code === 0, note };
    },
  },
  {
    title: 'Lint',
    command: 'eslint .',
    async run() {
      const { code, note } = await run(bin('eslint'), ['.'], { timeoutMs: 10 * MINUTE });
      return { ok: code === 0, note };
    },
  },
  {
    title: 'Unit and integration tests',
    command: 'vitest run',
    async run() {
      rmSync(vitestReport, { force: true });
      const { code, note } = await run(
        bin('vitest'),
        ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`],
        { timeoutMs: 20 * MINUTE },
      );
      const report = readJson(vitestReport);
      if (!report) return { ok: false, note: `no report (${note || 'vitest did not write one'})` };
      const tally = countVitest(report);
      return { ok: code === 0 && tally.failed === 0, tally, note };
    },
  },
  {
    title: 'End-to-end tests',
    command: 'playwright test',
    async run() {
      if (!hasSpecs(e2eDir)) return { ok: true, note: 'no specs in test/e2e yet' };
      if (results.some((result) => result.name === 'Build' && !result.ok)) {
        return { ok: false, note: 'not run: the build failed' };
      }
      rmSync(playwrightReport, { force: true });
      // The reporters (list on screen, JSON to reports/playwright.json) are set in playwright.config.ts.
      const { code, note } = await run(bin('playwright'), ['test'], { timeoutMs: 20 * MINUTE });
      const report = readJson(playwrightReport);
      if (!report)
        return { ok: false, note: `no report (${note || 'playwright did not write one'})` };
      const tally = countPlaywright(report);
      if (tally.passed + tally.failed + tally.skipped === 0) {
        return { ok: false, note: 'spec files exist but Playwright ran no tests' };
      }
      return { ok: code === 0 && tally.failed === 0, tally, note };
    },
  },
];

mkdirSync(reportsDir, { recursive: true });
const started = performance.now();
for (const [index, stage] of stages.entries()) {
  header(index + 1, stages.length, stage.title, stage.command);
  const start = performance.now();
  let outcome;
  try {
    outcome = await stage.run();
  } catch (error) {
    outcome = { ok: false, note: error instanceof Error ? error.message : String(error) };
  }
  const result = { name: stage.title, ...outcome, seconds: seconds(start) };
  results.push(result);
  if (outcome.tally) {
    counts.passed += outcome.tally.passed;
    counts.failed += outcome.tally.failed;
    counts.skipped += outcome.tally.skipped;
  }
  // A stage that failed without failing a counted test still counts as one failure.
  if (!outcome.ok && !(outcome.tally?.failed > 0)) counts.failed += 1;
  const mark = outcome.ok ? '✓' : '✗';
  console.log(
    `${mark} ${stage.title} ${outcome.ok ? 'passed' : 'FAILED'} in ${result.seconds.toFixed(1)}s${outcome.note ? ` (${outcome.note})` : ''}`,
  );
  if (outcome.fatal) break;
}

const ran = counts.passed + counts.failed + counts.skipped;
if (ran === 0 && results.every((result) => result.ok)) {
  results.push({ name: 'Tests', ok: false, seconds: 0, note: 'no tests ran at all' });
  counts.failed += 1;
}

console.log(`\n${'━━ Summary '.padEnd(100, '━')}`);
for (const result of results) {
  const mark = result.ok ? '✓' : '✗';
  const tally = result.tally
    ? `  ${result.tally.passed} passed, ${result.tally.failed} failed, ${result.tally.skipped} skipped`
    : '';
  console.log(
    `${mark} ${result.name.padEnd(28)} ${`${result.seconds.toFixed(1)}s`.padStart(8)}${tally}${result.note ? `  ${result.note}` : ''}`,
  );
}
for (const stage of stages.slice(results.length))
  console.log(`- ${stage.title.padEnd(28)}      not run`);
const failedStages = results.filter((result) => !result.ok).map((result) => result.name);
console.log(`Total time ${seconds(started).toFixed(1)}s`);
if (failedStages.length > 0) console.log(`FAILED: ${failedStages.join(', ')}`);

console.log(
  `${counts.passed} passed, ${counts.failed} failed${counts.skipped > 0 ? `, ${counts.skipped} skipped` : ''}`,
);
process.exitCode = failedStages.length > 0 || counts.failed > 0 ? 1 : 0;
