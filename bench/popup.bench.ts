/**
 * How soon the popup is usable: from navigation start to the popup's `hedge-popup-ready`
 * performance mark (set once it has rendered the account's state and its controls answer),
 * median of several opens in headless Chromium. The time is read from the page's own
 * performance timeline, so the test driver's latency is not in it.
 */
import type { BenchFigure } from '../scripts/bench';
import { extensionWorker, launchWithExtension } from '../scripts/chromium';

const OPENS = 7;

export async function run(): Promise<BenchFigure[]> {
  const { context } = await launchWithExtension();
  try {
    const worker = await extensionWorker(context);
    const id = new URL(worker.url()).host;
    const timings: number[] = [];
    for (let i = 0; i < OPENS; i++) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${id}/popup.html`);
      const ready = await page.waitForFunction(() => performance.getEntriesByName('hedge-popup-ready')[0]?.startTime, undefined, { timeout: 10_000 });
      timings.push((await ready.jsonValue()) as number);
      await page.close();
    }
    timings.sort((a, b) => a - b);
    const median = timings[Math.floor(timings.length / 2)]!;
    return [{ name: 'popup_ready_ms', value: Math.round(median * 10) / 10, unit: 'ms', note: `median of ${OPENS} opens, navigation start to the popup-ready mark (target < 100)` }];
  } finally {
    await context.close();
  }
}
