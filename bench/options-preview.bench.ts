/**
 * A preview of 20,000 domains in Options › Preview: from the click on "Build preview" to a filtered
 * table on screen. The account subscribes to a published list of 20,000 made-up domains; in the
 * options page the bench clicks "Build preview", and as soon as the table's first rows are painted
 * it types a search that leaves ten rows, then waits until those ten are painted. Both steps run
 * inside the page and are timed with its own clock (`performance.now()`, a paint being the second
 * animation frame after the change), so the driver's latency is not in them. The background's
 * planning of the 20,000 blocks is part of the first step, as it is for the person clicking.
 * Median of a few runs, each in a freshly loaded page; the longest main-thread task of the page
 * during a run (PerformanceObserver `longtask`) says whether it froze.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { BenchFigure } from '../scripts/bench';
import { extensionWorker, launchWithExtension } from '../scripts/chromium';
import { intentValue, signInThroughConsent } from '../scripts/extension-steps';
import { startFakeMastodon } from '../tests/fake-mastodon/index';
import type { SubscriptionView } from '../utils/protocol';

const ROWS = 20_000;
const RUNS = 5;
const LIST_FILE = 'preview-20000.txt';
/** A search matching ten of the made-up domains, `bench-00190…` to `bench-00199…`. */
const SEARCH = 'bench-0019';
const SEARCH_MATCHES = 10;
const TIMEOUT_MS = 60_000;

/** `count` made-up domains under a real TLD. */
function domains(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `bench-${String(i).padStart(5, '0')}.hedge-test.social`);
}

export async function run(): Promise<BenchFigure[]> {
  const listsDir = mkdtempSync(join(tmpdir(), 'hedge-bench-lists-'));
  writeFileSync(join(listsDir, LIST_FILE), `${domains(ROWS).join('\n')}\n`);
  const mastodon = await startFakeMastodon({ listsDir });
  const { context } = await launchWithExtension();
  try {
    const id = new URL((await extensionWorker(context)).url()).host;
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${id}/popup.html`);
    await signInThroughConsent(popup, mastodon.url);
    const list = await intentValue<SubscriptionView>(popup, { type: 'hedge/subscription-add', source: { kind: 'url', url: `${mastodon.url}/lists/${LIST_FILE}` } });
    if (list.entryCount !== ROWS) throw new Error(`The list has ${list.entryCount} entries, not ${ROWS}.`);
    await popup.close();

    const runs: Array<{ open: number; filter: number; longestTask: number }> = [];
    const page = await context.newPage();
    for (let i = 0; i < RUNS; i++) {
      await page.goto(`chrome-extension://${id}/options.html`);
      await page.getByRole('tab', { name: 'Preview' }).click();
      await page.getByRole('button', { name: 'Build preview' }).waitFor();
      runs.push(await timeOnePreview(page));
    }
    await page.close();
    const median = (values: number[]): number => Math.round(values.sort((a, b) => a - b)[Math.floor(values.length / 2)]! * 10) / 10;
    const range = (values: number[]): string => `${Math.round(Math.min(...values))}–${Math.round(Math.max(...values))} ms`;
    const totals = runs.map((one) => one.open + one.filter);
    const about = `median of ${RUNS} runs in Chromium`;
    return [
      { name: 'options_preview_20000_ms', value: median(totals), unit: 'ms', note: `click on Build preview to a filtered table on screen, ${ROWS.toLocaleString('en')} rows; ${about}; ${range(totals)} (target < 300)` },
      { name: 'options_preview_open_20000_ms', value: median(runs.map((one) => one.open)), unit: 'ms', note: `the first part: the click to the first rows painted, the background's planning included; ${about}` },
      { name: 'options_preview_filter_20000_ms', value: median(runs.map((one) => one.filter)), unit: 'ms', note: `the second part: the search typed to its ${SEARCH_MATCHES} rows painted; ${about}` },
      { name: 'options_preview_longest_task_ms', value: median(runs.map((one) => one.longestTask)), unit: 'ms', note: `the page's longest main-thread task during a run; ${about}` },
    ];
  } finally {
    await context.close();
    await mastodon.close();
    rmSync(listsDir, { recursive: true, force: true });
  }
}

/** One run, in the page: click, first rows painted, search typed, its rows painted. */
async function timeOnePreview(page: Page): Promise<{ open: number; filter: number; longestTask: number }> {
  // tsx compiles this file with esbuild's keepNames, which wraps the functions sent to the page in `__name(…)`.
  await page.evaluate('globalThis.__name = (fn) => fn');
  return page.evaluate(
    ({ search, matches, timeoutMs }) =>
      new Promise<{ open: number; filter: number; longestTask: number }>((resolve, reject) => {
        let longestTask = 0;
        const observer = new PerformanceObserver((entries) => {
          for (const entry of entries.getEntries()) longestTask = Math.max(longestTask, entry.duration);
        });
        observer.observe({ type: 'longtask' });
        const deadline = performance.now() + timeoutMs;
        const dataRows = (): HTMLTableRowElement[] => [...document.querySelectorAll<HTMLTableRowElement>('table tbody tr:not([aria-hidden])')];
        /** Resolves at the second frame after `isDone()` holds: the change has been painted. */
        const painted = (isDone: () => boolean): Promise<number> =>
          new Promise((done, fail) => {
            const check = (): void => {
              if (performance.now() > deadline) fail(new Error('The preview did not show in time.'));
              else if (isDone()) requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now())));
              else requestAnimationFrame(check);
            };
            check();
          });
        const build = [...document.querySelectorAll('button')].find((button) => button.textContent === 'Build preview');
        if (!build) throw new Error('No Build preview button.');
        const clickedAt = performance.now();
        build.click();
        void painted(() => dataRows().length > 0)
          .then(async (shownAt) => {
            const field = document.querySelector<HTMLInputElement>('#preview-search');
            if (!field) throw new Error('No search field.');
            const typedAt = performance.now();
            field.value = search;
            field.dispatchEvent(new Event('input', { bubbles: true }));
            const filteredAt = await painted(() => dataRows().length === matches && (dataRows()[0]?.textContent ?? '').includes(search));
            observer.disconnect();
            resolve({ open: shownAt - clickedAt, filter: filteredAt - typedAt, longestTask });
          })
          .catch(reject);
      }),
    { search: SEARCH, matches: SEARCH_MATCHES, timeoutMs: TIMEOUT_MS },
  );
}
