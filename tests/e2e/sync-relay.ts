/**
 * Two browser profiles with Hedge, one Mastodon account, and a stand-in for
 * browser sync between them.
 *
 * Headless Chromium has no Google account: `storage.sync` works in each
 * profile but reaches no other. The relay plays Chrome sync's part from
 * outside, so the product has no seam for it: every few hundred milliseconds
 * it reads each profile's sync storage from one of its extension pages and
 * copies what changed to the other, as sync does it: eventually, a whole item
 * at a time (a removed item is removed), and when both profiles changed the
 * same item since the last copy, one of them wins (the first profile's; sync
 * keeps the last writer's, which the profiles cannot tell apart either).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page, Worker } from '@playwright/test';
import { extensionWorker, launchWithExtension } from '../../scripts/chromium';
import { intentValue } from '../../scripts/extension-steps';
import type { HedgeState } from '../../utils/protocol';
import type { FakeMastodon } from '../fake-mastodon/index';
import { expect } from './fixtures';
import { openPopup, signIn } from './helpers';

declare const chrome: {
  storage: { sync: { get(keys: null): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void>; remove(keys: string[]): Promise<void> } };
  alarms: { create(name: string, info: { when: number; periodInMinutes?: number }): Promise<void> };
};

/** One profile: its browser, an extension page that stays open, and its service worker. */
export interface Profile {
  name: string;
  context: BrowserContext;
  page: Page;
  worker: () => Promise<Worker>;
}

/** Launches a profile with the end-to-end build and signs in to the local Mastodon's demo account. */
export async function launchProfile(name: string, mastodon: FakeMastodon): Promise<Profile> {
  const { context } = await launchWithExtension();
  const worker = await extensionWorker(context);
  const id = new URL(worker.url()).host;
  const popup = await openPopup(async (file) => {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${id}/${file}`);
    return page;
  });
  await signIn(popup, mastodon);
  return { name, context, page: popup, worker: () => extensionWorker(context) };
}

type Items = Record<string, unknown>;

function readSync(page: Page): Promise<Items> {
  return page.evaluate(() => chrome.storage.sync.get(null));
}

function writeSync(page: Page, set: Items, remove: string[]): Promise<void> {
  return page.evaluate(
    async ({ set: items, remove: keys }) => {
      if (Object.keys(items).length > 0) await chrome.storage.sync.set(items);
      if (keys.length > 0) await chrome.storage.sync.remove(keys);
    },
    { set, remove },
  );
}

/** Copies sync storage changes between two profiles until stopped. */
export class SyncRelay {
  private seen: Items = {};
  private isRunning = false;
  private loop: Promise<void> = Promise.resolve();

  constructor(private readonly a: Profile, private readonly b: Profile, private readonly periodMs = 250) {}

  start(): void {
    this.isRunning = true;
    this.loop = (async () => {
      while (this.isRunning) {
        await this.tick();
        await new Promise((resolve) => setTimeout(resolve, this.periodMs));
      }
    })();
  }

  async stop(): Promise<void> {
    this.isRunning = false;
    await this.loop;
  }

  /** One round of copying. */
  async tick(): Promise<void> {
    const [inA, inB] = await Promise.all([readSync(this.a.page), readSync(this.b.page)]);
    const toA: Items = {};
    const toB: Items = {};
    const removeFromA: string[] = [];
    const removeFromB: string[] = [];
    const next: Items = {};
    for (const key of new Set([...Object.keys(inA), ...Object.keys(inB), ...Object.keys(this.seen)])) {
      const seen = json(this.seen[key]);
      const [valueA, valueB] = [json(inA[key]), json(inB[key])];
      const winner = valueA !== seen ? 'a' : valueB !== seen ? 'b' : null;
      if (winner === null) {
        if (key in this.seen) next[key] = this.seen[key];
        continue;
      }
      const value = winner === 'a' ? inA[key] : inB[key];
      const isRemoved = !(key in (winner === 'a' ? inA : inB));
      if (isRemoved) {
        if (key in inA) removeFromA.push(key);
        if (key in inB) removeFromB.push(key);
        continue;
      }
      if (json(value) !== valueA) toA[key] = value;
      if (json(value) !== valueB) toB[key] = value;
      next[key] = value;
    }
    this.seen = next;
    await Promise.all([writeSync(this.a.page, toA, removeFromA), writeSync(this.b.page, toB, removeFromB)]);
  }
}

function json(value: unknown): string {
  return value === undefined ? '' : JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner) ? Object.fromEntries(Object.entries(inner).sort(([x], [y]) => x.localeCompare(y))) : inner,
  );
}

/** A folder the local Mastodon serves lists from, and a way to publish a new version of one. */
export function listFolder(): { dir: string; publish: (name: string, domains: readonly string[]) => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hedge-lists-'));
  return { dir, publish: (name, domains) => writeFileSync(path.join(dir, name), `${domains.join('\n')}\n`) };
}

/** The background's state as a profile's pages see it. */
export function stateOf(profile: Profile): Promise<HedgeState> {
  return intentValue<HedgeState>(profile.page, { type: 'hedge/get-state' });
}

/** Waits until a profile shows exactly these subscriptions (by name). */
export async function expectSubscriptions(profile: Profile, names: string[]): Promise<void> {
  await expect.poll(async () => (await stateOf(profile)).subscriptions.map((subscription) => subscription.name).sort(), { timeout: 20_000 }).toEqual(
    [...names].sort(),
  );
}

/** Waits until a profile has no run under way. */
export async function expectNoRun(profile: Profile): Promise<void> {
  await expect.poll(async () => (await stateOf(profile)).run === null, { timeout: 30_000 }).toBe(true);
}

/** Starts the scheduled refresh in a profile now, as if its alarm were due (utils/background/state.ts REFRESH_ALARM). */
export async function triggerRefresh(profile: Profile): Promise<void> {
  const worker = await profile.worker();
  await worker.evaluate(() => chrome.alarms.create('hedge-refresh', { when: Date.now() + 50, periodInMinutes: 24 * 60 }));
}
