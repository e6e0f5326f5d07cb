/**
 * Issue 4, point 7: the service worker stopped (over the DevTools protocol) in the middle of a
 * 500-domain apply, three times. The run must continue by itself, end with the server's blocks
 * equal to the plan, no manual block touched and no operation sent twice.
 *
 * What wakes a stopped worker: any event of the extension. Twice the user opens the popup (its
 * first message starts the worker, whose start continues the run); the third time nothing is
 * opened and no message is sent: the watchdog alarm (utils/background/runs/legs.ts, every minute while
 * a run is unfinished) wakes it.
 */
import { expect, test } from './fixtures';
import {
  CUTTING_DOMAINS,
  MANUAL_BLOCKS,
  alwaysBlock,
  confirmPreview,
  controlWorker,
  domainBlockWrites,
  expectRunInvariants,
  generatedDomains,
  listRuns,
} from './helpers-run';
import { signIn } from './helpers';

// 300 requests per 3-second window instead of per 5 minutes: 500 blocks take two windows.
test.use({ mastodonOptions: { windowMs: 3000 } });

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
    await worker.stop();
    const stoppedAt = Date.now();
    const sentWhileStopped = domainBlockWrites(mastodon);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(domainBlockWrites(mastodon), `stop ${stop}: nothing is sent while the worker is stopped`).toBe(sentWhileStopped);
    // The user opens the popup: its first message starts the worker, which continues the run.
    const reopened = await openExtensionPage('popup.html');
    await worker.runningAgain(stoppedAt, 10_000);
    await expect.poll(() => domainBlockWrites(mastodon), { timeout: 15_000 }).toBeGreaterThan(sentWhileStopped);
    await reopened.close();
  }

  // Third stop with no page of Hedge's open and no message: only the watchdog alarm can wake it.
  await expect.poll(() => domainBlockWrites(mastodon), { timeout: 30_000 }).toBeGreaterThanOrEqual(380);
  await worker.stop();
  const stoppedAt = Date.now();
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
