/**
 * `npm test`: every check Hedge has, in one run, ending with one line `N passed, N failed, N skipped`
 * over all runners. Type-check, lint, the builds, the Firefox add-on lint and the sources zip's
 * rebuild (scripts/release/check-rebuild.ts) count one each;
 * vitest and Playwright count their tests, skipped ones (vitest's skip and todo, Playwright's
 * skip and fixme) apart. A failing step does not stop the later ones, except that the browser
 * specs need the end-to-end build. The Firefox specs come last: their vitest config finds or
 * installs Firefox ESR and builds Hedge for it (vitest.firefox.config.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { ensureChromium } from './chromium';

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}

const RESULTS_DIR = 'test-results';
const VITEST_JSON = `${RESULTS_DIR}/vitest.json`;
const PLAYWRIGHT_JSON = `${RESULTS_DIR}/playwright.json`;
const FIREFOX_JSON = `${RESULTS_DIR}/firefox.json`;

const tally: Tally = { passed: 0, failed: 0, skipped: 0 };
const failures: string[] = [];

function run(command: string, args: string[], env: Record<string, string> = {}): boolean {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

function heading(title: string) {
  console.log(`\n=== ${title}`);
}

/** A check that counts as one test. */
function check(title: string, command: string, args: string[], env?: Record<string, string>): boolean {
  heading(title);
  const ok = run(command, args, env);
  if (ok) tally.passed += 1;
  else {
    tally.failed += 1;
    failures.push(title);
  }
  return ok;
}

/** A test runner whose own report is counted; a crash with no report counts as one failure. */
function runner(title: string, command: string, args: string[], reportFile: string, count: (report: unknown) => Tally) {
  heading(title);
  rmSync(reportFile, { force: true });
  const ok = run(command, args);
  if (!existsSync(reportFile)) {
    tally.failed += 1;
    failures.push(`${title} (no report)`);
    return;
  }
  const counted = count(JSON.parse(readFileSync(reportFile, 'utf8')));
  tally.passed += counted.passed;
  tally.failed += counted.failed;
  tally.skipped += counted.skipped;
  if (counted.failed > 0) failures.push(`${title}: ${counted.failed} failed`);
  else if (!ok) {
    tally.failed += 1;
    failures.push(`${title} exited with an error`);
  }
}

function countVitest(report: unknown): Tally {
  const r = report as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    testResults: Array<{ status: string; assertionResults: Array<{ status: string }> }>;
  };
  // A file that fails to load has no test to fail: count each such file as one failure.
  const brokenFiles = r.testResults.filter(
    (file) => file.status === 'failed' && !file.assertionResults.some((test) => test.status === 'failed'),
  ).length;
  return { passed: r.numPassedTests, failed: r.numFailedTests + brokenFiles, skipped: r.numPendingTests + r.numTodoTests };
}

function countPlaywright(report: unknown): Tally {
  const r = report as { stats: { expected: number; unexpected: number; flaky: number; skipped: number }; errors?: unknown[] };
  return { passed: r.stats.expected, failed: r.stats.unexpected + r.stats.flaky + (r.errors?.length ?? 0), skipped: r.stats.skipped };
}

mkdirSync(RESULTS_DIR, { recursive: true });

heading('Chromium');
let hasChromium = true;
try {
  console.log(`Using ${ensureChromium()}`);
} catch (error) {
  console.error((error as Error).message);
  hasChromium = false;
}

check('Type-check', 'npx', ['tsc', '--noEmit']);
check('Lint', 'npx', ['eslint', '.']);
runner('Unit and integration tests (vitest)', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${VITEST_JSON}`], VITEST_JSON, countVitest);
check('Build for Chrome', 'npx', ['wxt', 'build']);
if (check('Build for Firefox', 'npx', ['wxt', 'build', '-b', 'firefox'])) {
  check('Firefox add-on lint (web-ext lint)', 'npx', ['web-ext', 'lint', '--source-dir', '.output/firefox-mv3', '--self-hosted', '--no-input']);
}
check('Sources zip rebuilds the Firefox zip (SOURCE-BUILD.md)', 'npx', ['tsx', 'scripts/release/check-rebuild.ts']);
const hasE2eBuild = check('End-to-end build', 'npx', ['wxt', 'build'], { HEDGE_BUILD: 'e2e' });
if (hasE2eBuild && hasChromium) {
  runner('Browser specs (Playwright)', 'npx', ['playwright', 'test'], PLAYWRIGHT_JSON, countPlaywright);
} else {
  tally.failed += 1;
  failures.push('Browser specs (Playwright): not run, see above');
}
runner('Firefox specs (vitest, Firefox ESR)', 'npx', ['vitest', 'run', '--config', 'vitest.firefox.config.ts', '--reporter=default', '--reporter=json', `--outputFile=${FIREFOX_JSON}`], FIREFOX_JSON, countVitest);

console.log('');
if (failures.length > 0) console.log(`Failed: ${failures.join('; ')}`);
console.log(`${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`);
process.exit(tally.failed > 0 ? 1 : 0);
