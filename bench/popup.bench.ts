/**
 * How soon the popup is usable: from the popup document's navigation start to its
 * `hedge-popup-ready` performance mark, which it sets once it has painted the background's answer
 * (entrypoints/popup-script.tsx), so its controls act on the current state. Median of several opens
 * in headless Chromium, with their range, read from the page's own performance timeline, so the
 * driver's latency is not in it.
 *
 * The account is as a user's would be: signed in to the local Mastodon, Threads blocked by the
 * preset, three published lists subscribed. Two ways of opening are measured:
 * - `popup_ready_ms`: the toolbar popup itself, opened by `action.openPopup()` as a click on
 *   Hedge's button opens it. Chromium does not hand the popup to Playwright as a page, so its
 *   timeline is read over the DevTools protocol (Target.attachToTarget).
 * - `popup_tab_ready_ms`: popup.html opened in a new tab, as the browser specs open it; this adds
 *   the tab's own navigation away from about:blank.
 * - `popup_blank_ready_ms`: the toolbar popup measured the same way with a blank page in Hedge's
 *   place (a copy of the built extension whose popup sets the mark after its first frame): what the
 *   browser takes by itself to open a popup on this machine, part of every figure above.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, CDPSession } from 'playwright-core';
import type { BenchFigure } from '../scripts/bench';
import { EXTENSION_DIR, extensionWorker, launchWithExtension } from '../scripts/chromium';
import { startFakeMastodon, type FakeMastodon } from '../tests/fake-mastodon/index';
import type { HedgeState, PlanPreview } from '../utils/protocol';
import { intentValue, signInThroughConsent } from '../scripts/extension-steps';

const OPENS = 15;
/** The pause before each opening, as between two clicks of a person, so that one popup's closing is not in the next one's time. */
const SETTLE_MS = 500;
const TIMEOUT_MS = 20_000;
/** Lists of tests/fixtures/lists that the local Mastodon publishes, subscribed by URL. */
const LISTS = ['gardenfence-mastodon.csv', 'iftas-dni-2024-06.csv', 'oliphant-mirror-seirdy-tier0.csv'];
/** The popup's ready time, or null before it is ready; run in the popup. */
function readyTime(): number | null {
  return performance.getEntriesByName('hedge-popup-ready')[0]?.startTime ?? null;
}

/** The part of the extension API the worker's script uses here (there, not in Node). */
declare const chrome: { action: { openPopup(): Promise<void> } };

export async function run(): Promise<BenchFigure[]> {
  const mastodon = await startFakeMastodon();
  const { context } = await launchWithExtension();
  try {
    const worker = await extensionWorker(context);
    const id = new URL(worker.url()).host;
    await setUpAccount(context, id, mastodon);
    const cdp = await context.browser()!.newBrowserCDPSession();
    const inToolbar = await timesOf(() => readyInToolbar(cdp, () => worker.evaluate(() => chrome.action.openPopup())));
    const inTab = await timesOf(() => readyInTab(context, id));
    const blank = await blankPopupTimes();
    const about = `${OPENS} opens, signed in with Threads blocked and ${LISTS.length} lists`;
    return [
      { name: 'popup_ready_ms', value: inToolbar.median, unit: 'ms', note: `toolbar popup, median of ${about}; ${inToolbar.range} (target < 100)` },
      { name: 'popup_tab_ready_ms', value: inTab.median, unit: 'ms', note: `popup.html in a new tab, median of ${about}; ${inTab.range}` },
      { name: 'popup_blank_ready_ms', value: blank.median, unit: 'ms', note: `a blank page as the toolbar popup, measured the same way: the browser's own part; median of ${OPENS} opens; ${blank.range}` },
    ];
  } finally {
    await context.close();
    await mastodon.close();
  }
}

/** {@link readyInToolbar} for a blank popup page, in a copy of the built extension. */
async function blankPopupTimes(): Promise<{ median: number; range: string }> {
  const extensionDir = mkdtempSync(join(tmpdir(), 'hedge-blank-popup-'));
  cpSync(EXTENSION_DIR, extensionDir, { recursive: true });
  writeFileSync(join(extensionDir, 'popup.html'), '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Hedge</title></head><body><p>Hedge</p><script src="/blank-popup.js"></script></body></html>');
  writeFileSync(join(extensionDir, 'blank-popup.js'), "requestAnimationFrame(() => setTimeout(() => performance.mark('hedge-popup-ready')));");
  const { context } = await launchWithExtension({ extensionDir });
  try {
    const worker = await extensionWorker(context);
    const cdp = await context.browser()!.newBrowserCDPSession();
    return await timesOf(() => readyInToolbar(cdp, () => worker.evaluate(() => chrome.action.openPopup())));
  } finally {
    await context.close();
    rmSync(extensionDir, { recursive: true, force: true });
  }
}

/** The median of {@link OPENS} measures, and their range in words. */
async function timesOf(measure: () => Promise<number>): Promise<{ median: number; range: string }> {
  const timings: number[] = [];
  for (let i = 0; i < OPENS; i++) {
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    timings.push(await measure());
  }
  timings.sort((a, b) => a - b);
  const round = (value: number): number => Math.round(value * 10) / 10;
  return { median: round(timings[Math.floor(timings.length / 2)]!), range: `${Math.round(timings[0]!)}–${Math.round(timings.at(-1)!)} ms` };
}

/** Signs in through the consent page, applies the Threads preset and subscribes to the lists. */
async function setUpAccount(context: BrowserContext, id: string, mastodon: FakeMastodon): Promise<void> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${id}/popup.html`);
  await signInThroughConsent(page, mastodon.url);

  const plan = await intentValue<PlanPreview>(page, { type: 'hedge/set-preset', presetId: 'threads', enabled: true });
  await intentValue(page, { type: 'hedge/confirm-plan', planId: plan.planId, excludeDomains: [] });
  for (const list of LISTS) await intentValue(page, { type: 'hedge/subscription-add', source: { kind: 'url', url: `${mastodon.url}/lists/${list}` } });
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const state = await intentValue<HedgeState>(page, { type: 'hedge/get-state' });
    if (state.run === null && state.counts.blockedByHedge > 0 && state.subscriptions.length === LISTS.length) break;
    if (Date.now() > deadline) throw new Error(`The account was not set up in time: ${JSON.stringify({ run: state.run, counts: state.counts })}`);
    await page.waitForTimeout(200);
  }
  await page.close();
}

async function readyInTab(context: BrowserContext, id: string): Promise<number> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${id}/popup.html`);
  const ready = await page.waitForFunction(readyTime, undefined, { timeout: TIMEOUT_MS });
  const value = (await ready.jsonValue()) as number;
  await page.close();
  return value;
}

/** Opens the toolbar popup, reads its ready time over the DevTools protocol, and closes it. */
async function readyInToolbar(cdp: CDPSession, openPopup: () => Promise<void>): Promise<number> {
  await openPopup();
  const targetId = await waitFor(async () => (await popupTarget(cdp))?.targetId);
  const popup = await attach(cdp, targetId);
  try {
    return await waitFor(async () => ((await popup.evaluate(`(${readyTime.toString()})()`)) as number | null) ?? undefined);
  } finally {
    // The popup closes before it could answer, so the answer is not waited for.
    popup.evaluate('window.close()').catch(() => undefined);
    await popup.detach();
    await waitFor(async () => ((await popupTarget(cdp)) === undefined ? true : undefined));
  }
}

async function popupTarget(cdp: CDPSession): Promise<{ targetId: string } | undefined> {
  const { targetInfos } = await cdp.send('Target.getTargets');
  return targetInfos.find((target) => target.type === 'page' && target.url.endsWith('/popup.html') && !target.attached);
}

/** Polls `read` until it gives a value. */
async function waitFor<T>(read: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('The toolbar popup did not open, get ready or close in time.');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * A session with a target Playwright does not attach itself, driven through the browser session
 * (Target.sendMessageToTarget), since Playwright's CDP sessions cannot address a child session.
 */
async function attach(cdp: CDPSession, targetId: string): Promise<{ evaluate(expression: string): Promise<unknown>; detach(): Promise<void> }> {
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: false });
  type Answer = { id?: number; result?: { result?: { value?: unknown } } };
  let nextId = 1;
  const pending = new Map<number, (message: Answer) => void>();
  const onMessage = (event: { sessionId: string; message: string }): void => {
    if (event.sessionId !== sessionId) return;
    const message = JSON.parse(event.message) as Answer;
    if (message.id !== undefined) pending.get(message.id)?.(message);
  };
  cdp.on('Target.receivedMessageFromTarget', onMessage);
  return {
    async evaluate(expression) {
      const id = nextId++;
      const answer = new Promise<Answer>((resolve) => pending.set(id, resolve));
      await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method: 'Runtime.evaluate', params: { expression, returnByValue: true } }) });
      return (await answer).result?.result?.value;
    },
    async detach() {
      cdp.off('Target.receivedMessageFromTarget', onMessage);
      await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
    },
  };
}
