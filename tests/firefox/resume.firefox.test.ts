/**
 * A long run survives Firefox suspending Hedge's event page. Firefox suspends an MV3 background
 * after `extensions.background.idle.timeout` ms without an event or an extension API call
 * (toolkit/components/extensions/parent/ext-backgroundPage.js); here that is 2 seconds instead of
 * 30. The local Mastodon allows 40 requests per 10-second window, so the 200-domain run must wait
 * for the next window several times, and the event page is suspended while it waits, with the
 * run's timer gone. The run must continue by itself, end with the server's blocks equal to the plan,
 * no manual block touched and no operation sent twice.
 *
 * What wakes a suspended event page: any event of the extension. At the first suspension the user
 * opens the popup (its first message starts the page, whose start continues the run); at the
 * second nothing is opened and no message is sent: the watchdog alarm (utils/background/runs.ts,
 * every minute while a run is unfinished) wakes it. Later ones are woken as the first, once the
 * window has reset (unless the alarm came first). Whether the page runs is read from a page of
 * Hedge's that runs none of its scripts (an icon), through `extension.getBackgroundPage()`, which
 * does not wake it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { PUPPETEER_DRIVER, isBackgroundRunning } from '../../scripts/firefox';
import { intentValueWith, signInWith } from '../../scripts/extension-steps';
import type { PlanPreview, RunSummary } from '../../utils/protocol';
import { checkRunInvariants } from '../integration/run-invariants';
import { CUTTING_DOMAINS, MANUAL_BLOCKS, alwaysBlockInPage, domainBlockWrites, generatedDomains, readRunRecordsInPage } from '../e2e/run-records';
import { openPopup, startHedgeInFirefox, type HedgeInFirefox } from './session';

const IDLE_TIMEOUT_MS = 2_000;
const WINDOW_MS = 10_000;
const LIMIT_PER_WINDOW = 40;
const PLANNED = 200;

/** More suspensions than this means the run does not get on: 200 blocks need five windows of 40, and a suspension comes with each wait. */
const MAX_SUSPENSIONS = 12;

/** How long the watchdog alarm may take to wake the page: its minute, and Firefox's own delay on a busy machine. */
const ALARM_WAKE_TIMEOUT_MS = 80_000;

let hedge: HedgeInFirefox | undefined;
afterEach(async () => {
  await hedge?.close();
  hedge = undefined;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls every 100 ms until `check` returns a value other than undefined; fails after `timeoutMs`. */
async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await sleep(100);
  }
}

function intent<T>(page: Page, message: Parameters<typeof intentValueWith>[2]): Promise<T> {
  return intentValueWith<Page, T>(PUPPETEER_DRIVER, page, message);
}

describe('a run while Firefox suspends the event page', () => {
  it('continues after each suspension and ends with the server equal to the plan, no operation sent twice', async () => {
    hedge = await startHedgeInFirefox({
      mastodon: { windowMs: WINDOW_MS, limitPerWindow: LIMIT_PER_WINDOW },
      prefs: { 'extensions.background.idle.timeout': IDLE_TIMEOUT_MS },
    });
    const { mastodon } = hedge;
    const popup = await openPopup(hedge);
    await signInWith(PUPPETEER_DRIVER, popup, mastodon.url);
    const domains = generatedDomains(PLANNED);
    expect(await popup.evaluate(alwaysBlockInPage, domains)).toEqual([]);
    const before = mastodon.state.domainBlocks();
    expect(before).toEqual(expect.arrayContaining(MANUAL_BLOCKS));

    const watcher = await hedge.openExtensionPage('icon/16.png');
    const preview = await intent<PlanPreview>(popup, { type: 'hedge/preview' });
    expect(preview.operationCount).toBe(PLANNED);
    const { runId } = await intent<{ runId: string }>(popup, { type: 'hedge/confirm-plan', planId: preview.planId, excludeDomains: [] });
    await popup.close();

    const isComplete = () => mastodon.state.domainBlocks().length === before.length + PLANNED;
    const wakes: Array<'popup' | 'alarm'> = [];
    // Each suspension is woken until the run is over, the second one by the alarm alone. A page woken
    // inside a spent window would wait and be suspended again, so the others are woken after the reset.
    while (!isComplete()) {
      expect(wakes.length, 'suspensions before the end of the run').toBeLessThan(MAX_SUSPENSIONS);
      const isSuspended = await waitFor(async () => (isComplete() ? false : (await isBackgroundRunning(watcher)) ? undefined : true), 60_000, 'a suspension or the end of the run');
      if (!isSuspended) break;
      const sentWhileSuspended = domainBlockWrites(mastodon);
      await sleep(1_000);
      expect(domainBlockWrites(mastodon), `suspension ${wakes.length + 1}: nothing is sent while the page is suspended`).toBe(sentWhileSuspended);
      if (wakes.length === 1) {
        // No page, no message: only the watchdog alarm can start it.
        await waitFor(async () => ((await isBackgroundRunning(watcher)) ? true : undefined), ALARM_WAKE_TIMEOUT_MS, 'the alarm waking the page');
        wakes.push('alarm');
        continue;
      }
      // Woken inside the spent window, the page would only wait and be suspended again: the user comes back after the reset.
      await sleep(WINDOW_MS - (Date.now() % WINDOW_MS) + 300);
      if (await isBackgroundRunning(watcher)) {
        wakes.push('alarm');
        continue;
      }
      // The user opens the popup: its first message starts the page, which continues the run.
      const reopened = await openPopup(hedge);
      await waitFor(async () => ((await isBackgroundRunning(watcher)) ? true : undefined), 10_000, 'the popup waking the page');
      await reopened.close();
      wakes.push('popup');
    }
    console.log(`The event page was suspended ${wakes.length} times and woken by: ${wakes.join(', ')}`);
    expect(wakes[1]).toBe('alarm');
    expect(wakes).toContain('popup');

    const page = await openPopup(hedge);
    const [summary] = await intent<RunSummary[]>(page, { type: 'hedge/list-runs' });
    expect(summary).toMatchObject({ runId, status: 'done', added: PLANNED, failures: [] });
    const { entries, snapshots } = await page.evaluate(readRunRecordsInPage, runId);
    expect(entries).toHaveLength(PLANNED);
    const violations = checkRunInvariants({
      before,
      after: mastodon.state.domainBlocks(),
      plan: { add: domains, remove: [] },
      manualBlocks: MANUAL_BLOCKS,
      entries,
      snapshots,
      cutting: CUTTING_DOMAINS,
      requests: mastodon.state.requests,
    });
    expect(violations).toEqual([]);
    expect(new Set(mastodon.state.domainBlocks())).toEqual(new Set([...before, ...domains]));
  });
});
