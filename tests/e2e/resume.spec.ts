/**
 * Issue 4, point 7: the service worker stopped (over the DevTools protocol) in the middle of a
 * 500-domain apply, three times. The run must continue by itself, end with the server's blocks
 * equal to the plan, no manual block touched and no operation sent twice.
 *
 * What wakes a stopped worker: any event of the extension. Twice the user opens the popup (its
 * first message starts the worker, whose start continues the run); the third time nothing is
 * opened and no message is sent: the watchdog alarm (utils/background/runs/legs.ts, every minute while
 * a run is unfinished) wakes it.
 *
 * Chrome starts a worker again at once for an event already on its way when it was stopped (a
 * storage change it had just made, say). Nothing may reach the server while it is stopped; after
 * such a start the run may go on, as it would for the user.
 */
import { setTimeout as pause } from 'node:timers/promises';
import type { FakeMastodon } from '../fake-mastodon/index';
import { expect, test } from './fixtures';
import {
  CUTTING_DOMAINS,
  MANUAL_BLOCKS,
  alwaysBlock,
  confirmPreview,
  controlWorker,
  domainBlockWriteTimes,
  domainBlockWrites,
  expectRunInvariants,
  generatedDomains,
  listRuns,
  type WorkerControl,
} from './helpers-run';
import { signIn } from './helpers';

// 100 requests per 3-second window instead of 300 per 5 minutes: 500 blocks take five windows, so
// the run waits for a new window between bursts, and the third stop finds it unfinished.
test.use({ mastodonOptions: { windowMs: 3000, limitPerWindow: 100 } });

/** The writes that reached the server after the worker stopped and before it started again (or until now). */
function writesWhileStopped(mastodon: FakeMastodon, worker: WorkerControl, stoppedAt: number): number {
  const until = worker.startedSince(stoppedAt) ?? Number.POSITIVE_INFINITY;
  return domainBlockWriteTimes(mastodon).filter((at) => at >= stoppedAt && at < until).length;
}

test('a 500-domain apply survives its service worker being stopped three times', async ({ context, extensionId, openExtensionPage, mastodon }) => {
  test.setTimeout(240_000);
  const popup = await openExtensionPage('popup.html');
  await signIn(popup, mastodon);
  const domains = generatedDomains(500);
  await alwaysBlock(popup, domains);
  const before = mastodon.state.domainBlocks();
  expect(before).toEqual(expect.arrayContaining(MANUAL_BLOCKS));

  // The worker is watched from a page that runs no script of Hedge's, so it cannot wake it.
  const watcher = await context.newPage();
  const worker = await controlWorker(context, watcher, extensionId);
  const { preview, runId } = await confirmPreview(popup);
  expect(preview.operationCount).toBe(500);
  await popup.close();

  for (const [stop, writes] of [[1, 60], [2, 220]] as const) {
    await expect.poll(() => domainBlockWrites(mastodon), { timeout: 30_000 }).toBeGreaterThanOrEqual(writes);
    const stoppedAt = await worker.stop();
    const sentBefore = domainBlockWrites(mastodon);
    await pause(500);
    expect(writesWhileStopped(mastodon, worker, stoppedAt), `stop ${stop}: nothing is sent while the worker is stopped`).toBe(0);
    // The user opens the popup: its first message starts the worker, which continues the run.
    const reopened = await openExtensionPage('popup.html');
    await worker.runningAgain(stoppedAt, 10_000);
    await expect.poll(() => domainBlockWrites(mastodon), { timeout: 15_000 }).toBeGreaterThan(sentBefore);
    await reopened.close();
  }

  // Third stop with no page of Hedge's open and no message: only the watchdog alarm can wake it.
  // Stopped again while an event already on its way starts it at once, so that the alarm is what wakes it.
  await expect.poll(() => domainBlockWrites(mastodon), { timeout: 30_000 }).toBeGreaterThanOrEqual(380);
  let stoppedAt = await worker.stop();
  for (let again = 1; ; again++) {
    await pause(500);
    if (worker.startedSince(stoppedAt) === undefined || again > 3) break;
    stoppedAt = await worker.stop();
  }
  expect(worker.startedSince(stoppedAt), 'the worker stays stopped until the alarm').toBeUndefined();
  expect(domainBlockWrites(mastodon), 'the run is unfinished when the worker stops the third time').toBeLessThan(500);
  expect(writesWhileStopped(mastodon, worker, stoppedAt), 'stop 3: nothing is sent while the worker is stopped').toBe(0);
  // The watchdog fires every minute; Chrome may run a due alarm late on a busy machine.
  const wokeAt = await worker.runningAgain(stoppedAt, 130_000);
  expect(wokeAt - stoppedAt).toBeLessThanOrEqual(125_000);
  await expect.poll(() => mastodon.state.domainBlocks().length, { timeout: 30_000 }).toBe(before.length + 500);

  const page = await openExtensionPage('popup.html');
  const [summary] = await listRuns(page);
  expect(summary).toMatchObject({ runId, status: 'done', added: 500, failures: [] });
  const entries = await expectRunInvariants(page, mastodon, { runId, before, add: domains, cutting: CUTTING_DOMAINS });
  expect(entries).toHaveLength(500);
  expect(new Set(mastodon.state.domainBlocks())).toEqual(new Set([...before, ...domains]));
});
