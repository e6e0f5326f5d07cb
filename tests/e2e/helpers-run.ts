/**
 * Steps of the browser specs about runs: building a plan through the intents the
 * pages send, stopping the service worker over the DevTools protocol, reading the extension's
 * journal, and checking the run invariants (tests/integration/run-invariants.ts) at the end.
 */
import type { BrowserContext, CDPSession, Page } from '@playwright/test';
import type { FakeMastodon } from '../fake-mastodon/index';
import type { PlanPreview, Reply, RunSummary } from '../../utils/protocol';
import { checkRunInvariants, type CheckedEntry, type CheckedSnapshot } from '../integration/run-invariants';
import { expect } from './fixtures';
import { intentValue } from '../../scripts/extension-steps';

/** The part of the extension API an extension page's script uses here (in the page, not in Node). */
declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };

/** The seed's blocks made by hand in Mastodon (tests/fake-mastodon/README.md). */
export const MANUAL_BLOCKS = ['crypto-scam.example.net', 'spam.example'];

/** Domains whose block cuts the demo user's follows in the seed: threads.net (3 follows, 2 followers), mastodon.social (2, 2). */
export const CUTTING_DOMAINS = ['threads.net', 'mastodon.social'];

/** `count` names a list could carry, plus the domains that cut follows: a plan of `count + 2` blocks. */
export function generatedDomains(count: number): string[] {
  return [...CUTTING_DOMAINS, ...Array.from({ length: count - CUTTING_DOMAINS.length }, (_, i) => `gen-${String(i).padStart(4, '0')}.blocklist-fixture.net`)];
}

/** Adds domains to "always block" one by one (each intent rewrites the account's sources). */
export async function alwaysBlock(page: Page, domains: readonly string[]): Promise<void> {
  const failures = await page.evaluate(async (list) => {
    const refused: string[] = [];
    for (const domain of list) {
      const reply = (await chrome.runtime.sendMessage({ type: 'hedge/manual-entry', domain, list: 'always-block', action: 'add' })) as Reply<null>;
      if (!reply.ok) refused.push(`${domain}: ${reply.error.message}`);
    }
    return refused;
  }, domains);
  expect(failures).toEqual([]);
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

/** Writes the extension's application made to the personal domain blocks (POST or DELETE) so far. */
export function domainBlockWrites(mastodon: FakeMastodon): number {
  return mastodon.state.requests.filter(
    (request) => request.path === '/api/v1/domain_blocks' && (request.method === 'POST' || request.method === 'DELETE') && request.domain !== undefined,
  ).length;
}

/** One run's journal entries and relationship snapshots, read from the extension's IndexedDB in one of its pages. */
export async function readRunRecords(page: Page, runId: string): Promise<{ entries: CheckedEntry[]; snapshots: CheckedSnapshot[] }> {
  return page.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('hedge');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('The extension’s database could not be opened.'));
    });
    const all = <T,>(store: string, index: string) =>
      new Promise<T[]>((resolve, reject) => {
        const request = db.transaction(store).objectStore(store).index(index).getAll(id);
        request.onsuccess = () => resolve(request.result as T[]);
        request.onerror = () => reject(request.error ?? new Error(`${store} could not be read.`));
      });
    const entries = await all<CheckedEntry>('journal', 'byRun');
    const snapshots = await all<CheckedSnapshot>('relationshipSnapshots', 'byRun');
    db.close();
    return {
      entries: entries.map(({ kind, domain, state, error }) => ({ kind, domain, state, ...(error ? { error: { message: error.message } } : {}) })),
      snapshots: snapshots.map(({ domain, takenAt }) => ({ domain, takenAt })),
    };
  }, runId);
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
  /** Stops every service worker of the browser (as Chrome does to an idle or misbehaving one) and waits until it is stopped. */
  stop(): Promise<void>;
  /** Resolves when the worker runs again after `since` (epoch ms); rejects after `timeoutMs`. */
  runningAgain(since: number, timeoutMs: number): Promise<number>;
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
      while (statusSince(since, 'stopped') === undefined) await changed(10_000);
    },
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
