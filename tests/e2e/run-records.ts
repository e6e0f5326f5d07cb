/**
 * What the run specs of both browsers share, with no automation library in it: the domains a
 * long plan is made of, the writes the local Mastodon saw, and the in-page functions that add
 * "always block" entries and read a run's journal from the extension's IndexedDB. Playwright's
 * specs use them through tests/e2e/helpers-run.ts, the Firefox specs (tests/firefox) directly.
 */
import type { FakeMastodon } from '../fake-mastodon/index';
import type { Reply } from '../../utils/protocol';
import type { CheckedEntry, CheckedSnapshot } from '../integration/run-invariants';

/** The part of the extension API an extension page's script uses here (in the page, not in Node). */
declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };

/** The seed's blocks made by hand in Mastodon (tests/fake-mastodon/README.md). */
export const MANUAL_BLOCKS = ['crypto-scam.example.net', 'spam.example'];

/** Domains whose block cuts the demo user's follows in the seed: threads.net (3 follows, 2 followers), mastodon.social (2, 2). */
export const CUTTING_DOMAINS = ['threads.net', 'mastodon.social'];

/** `count` domains to block: the two that cut follows, then names a list could carry. */
export function generatedDomains(count: number): string[] {
  return [...CUTTING_DOMAINS, ...Array.from({ length: count - CUTTING_DOMAINS.length }, (_, i) => `gen-${String(i).padStart(4, '0')}.blocklist-fixture.net`)];
}

/** Writes the extension's application made to the personal domain blocks (POST or DELETE) so far. */
export function domainBlockWrites(mastodon: FakeMastodon): number {
  return domainBlockWriteTimes(mastodon).length;
}

/** When each of those writes reached the local Mastodon, epoch ms. */
export function domainBlockWriteTimes(mastodon: FakeMastodon): number[] {
  return mastodon.state.requests
    .filter((request) => request.path === '/api/v1/domain_blocks' && (request.method === 'POST' || request.method === 'DELETE') && request.domain !== undefined)
    .map((request) => request.at);
}

/**
 * In an extension page: adds each domain to "always block", one intent at a time (each one
 * rewrites the account's sources). Resolves with the refusals in words, none when all went in.
 */
export async function alwaysBlockInPage(domains: readonly string[]): Promise<string[]> {
  const refused: string[] = [];
  for (const domain of domains) {
    const reply = (await chrome.runtime.sendMessage({ type: 'hedge/manual-entry', domain, list: 'always-block', action: 'add' })) as Reply<null>;
    if (!reply.ok) refused.push(`${domain}: ${reply.error.message}`);
  }
  return refused;
}

/** One run's journal entries and relationship snapshots, as the run invariants check them. */
export interface RunRecords {
  entries: CheckedEntry[];
  snapshots: CheckedSnapshot[];
}

/** In an extension page: reads one run's journal entries and relationship snapshots from the extension's IndexedDB. */
export async function readRunRecordsInPage(runId: string): Promise<RunRecords> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open('hedge');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('The extension’s database could not be opened.'));
  });
  const all = <T,>(store: string, index: string) =>
    new Promise<T[]>((resolve, reject) => {
      const request = db.transaction(store).objectStore(store).index(index).getAll(runId);
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
}
