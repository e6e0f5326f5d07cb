/**
 * Steps of the browser specs about runs: building a plan through the intents the
 * pages send, stopping the service worker over the DevTools protocol, reading the extension's
 * journal, and checking the run invariants (tests/integration/run-invariants.ts) at the end.
 */
import type { BrowserContext, CDPSession, Page } from '@playwright/test';
import type { FakeMastodon } from '../fake-mastodon/index';
import type { PlanPreview, RunSummary } from '../../utils/protocol';
import { checkRunInvariants, type CheckedEntry } from '../integration/run-invariants';
import { MANUAL_BLOCKS, alwaysBlockInPage, readRunRecordsInPage, type RunRecords } from './run-records';
import { expect } from './fixtures';
import { intentValue } from '../../scripts/extension-steps';

export { CUTTING_DOMAINS, MANUAL_BLOCKS, domainBlockWriteTimes, domainBlockWrites, generatedDomains } from './run-records';

/** Adds domains to "always block" one by one (each intent rewrites the account's sources). */
export async function alwaysBlock(page: Page, domains: readonly string[]): Promise<void> {
  expect(await page.evaluate(alwaysBlockInPage, domains)).toEqual([]);
}

/** Previews the account's sources and confirms the plan; returns the plan and the run's id. */
export async function confirmPreview(page: Page): Promise<{ preview: PlanPreview; runId: string }> {
  const preview = await intentValue<PlanPreview>(page, { type: 'hedge/preview' });
  const { runId } = await intentValue<{ runId: string }>(page, { type: 'hedge/confirm-plan', planId: preview.planId, excludeDomains: [] });
  return { preview, runId };
}

/** The account's runs, newest first (wakes the worker: it is a message). */
export function listRuns(page: Page): Promise<RunSummary[]> {
  return intentValue<RunSummary[]>(page, { type: 'hedge/list-runs' });
}

/** One run's journal entries and relationship snapshots, read from the extension's IndexedDB in one of its pages. */
export function readRunRecords(page: Page, runId: string): Promise<RunRecords> {
  return page.evaluate(readRunRecordsInPage, runId);
}

/** Checks the five run promises against the server, the journal and the request log; fails with the violations. */
export async function expectRunInvariants(
  page: Page,
  mastodon: FakeMastodon,
  run: { runId: string; before: string[]; add: string[]; remove?: string[]; cutting?: string[] },
): Promise<CheckedEntry[]> {
  const { entries, snapshots } = await readRunRecords(page, run.runId);
  const violations = checkRunInvariants({
    before: run.before,
    after: mastodon.state.domainBlocks(),
    plan: { add: run.add, remove: run.remove ?? [] },
    manualBlocks: MANUAL_BLOCKS,
    entries,
    snapshots,
    cutting: run.cutting ?? [],
    requests: mastodon.state.requests,
  });
  expect(violations).toEqual([]);
  return entries;
}

/** The extension's service worker seen through the DevTools protocol: its running status over time, and a way to stop it. */
export interface WorkerControl {
  /** Stops every service worker of the browser (as Chrome does to an idle or misbehaving one), waits until it is stopped, and resolves with when. */
  stop(): Promise<number>;
  /** Resolves when the worker runs again after `since` (epoch ms); rejects after `timeoutMs`. */
  runningAgain(since: number, timeoutMs: number): Promise<number>;
  /** When the worker began to start again after `since`, if it has. */
  startedSince(since: number): number | undefined;
  /** `[time, status]` of every change seen. */
  history: Array<[number, string]>;
}

/**
 * A CDP session on an extension page with the ServiceWorker domain enabled. A persistent context
 * has no browser-level session (`context.browser()` is null), but a page's session reaches the
 * ServiceWorker domain, whose `stopAllWorkers` stops the extension's worker in Chromium.
 */
export async function controlWorker(context: BrowserContext, page: Page, extensionId: string): Promise<WorkerControl> {
  const cdp: CDPSession = await context.newCDPSession(page);
  const history: Array<[number, string]> = [];
  const scope = `chrome-extension://${extensionId}/`;
  const waiters: Array<() => void> = [];
  cdp.on('ServiceWorker.workerVersionUpdated', (event) => {
    for (const version of event.versions) {
      if (!version.scriptURL.startsWith(scope)) continue;
      history.push([Date.now(), version.runningStatus]);
      for (const wake of waiters.splice(0)) wake();
    }
  });
  await cdp.send('ServiceWorker.enable');
  const changed = (timeoutMs: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`The service worker did not change within ${timeoutMs} ms: ${JSON.stringify(history.slice(-4))}`)), timeoutMs);
      waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  const statusSince = (since: number, status: string) => history.find(([at, seen]) => at >= since && seen === status)?.[0];
  return {
    history,
    async stop() {
      const since = Date.now();
      await cdp.send('ServiceWorker.stopAllWorkers');
      for (;;) {
        const at = statusSince(since, 'stopped');
        if (at !== undefined) return at;
        await changed(10_000);
      }
    },
    startedSince: (since) => statusSince(since, 'starting') ?? statusSince(since, 'running'),
    async runningAgain(since, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const at = statusSince(since, 'running');
        if (at !== undefined) return at;
        await changed(Math.max(1, deadline - Date.now()));
      }
    },
  };
}
