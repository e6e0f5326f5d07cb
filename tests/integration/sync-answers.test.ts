/**
 * A list's answers about due domains between browsers: two browsers share sync storage and
 * nothing else. Each browser's `storage.local` (its subscriptions, the state it last agreed with
 * sync) is put in place when it is that browser's turn; sync storage refuses an item over 8,192
 * bytes, as Chrome's and Firefox's do (`QUOTA_BYTES_PER_ITEM`: the key's length and the JSON of
 * the value).
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { answerDueDomains } from '../../utils/background/lists/list-due-answer';
import { subscriptionsItem, type StoredSubscription } from '../../utils/background/lists/subscription-store';
import { lastErrorItem } from '../../utils/background/settings';
import { dueBucketOf, dueSyncKeys, shortSubscriptionId } from '../../utils/background/sync/due-entries';
import { subscriptionsSyncKey } from '../../utils/background/sync/entries';
import { reconcileSync, registerSettingsSync } from '../../utils/background/sync/settings-sync';
import { DAY_MS } from '../../utils/core/list-expiry';
import type { SubscriptionView } from '../../utils/protocol';
import { generatedDomains, startWorld, type World } from './subscriptions-helpers';

const FULL = "Your browser's sync storage is full, so Hedge could not share your settings and lists with your other browsers. They stay as they are in this browser.";
const PER_ITEM = 8192;

let world: World | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await world?.close();
  world = undefined;
});

/** Makes the fake sync storage refuse an item over the per-item quota, in Chrome's words. */
function withItemQuota(): void {
  const set = fakeBrowser.storage.sync.set.bind(fakeBrowser.storage.sync);
  vi.spyOn(fakeBrowser.storage.sync, 'set').mockImplementation(async (items: Record<string, unknown>) => {
    for (const [key, value] of Object.entries(items)) {
      if (new TextEncoder().encode(key + JSON.stringify(value)).length > PER_ITEM) throw new Error('QUOTA_BYTES_PER_ITEM quota exceeded');
    }
    await set(items);
  });
}

/** Two browsers' local storage; `as` runs a step in one of them. */
function twoBrowsers(first: Record<string, unknown>, second: Record<string, unknown>) {
  const locals: Record<'a' | 'b', Record<string, unknown>> = { a: first, b: second };
  let current: 'a' | 'b' = 'a';
  return async <T>(name: 'a' | 'b', step: () => Promise<T>): Promise<T> => {
    if (name !== current) {
      locals[current] = await fakeBrowser.storage.local.get(null);
      await fakeBrowser.storage.local.clear();
      await fakeBrowser.storage.local.set(locals[name]);
      current = name;
    }
    return step();
  };
}

/** A signed-in browser with one list applied for 30 days, agreed with sync. */
async function subscribedFor30Days(): Promise<{ w: World; view: SubscriptionView }> {
  const w = await startWorld({ seed: 'empty' });
  world = w;
  const url = w.publish('apply-for-list.txt', `${generatedDomains(20).join('\n')}\n`, 60);
  const view = await w.background.value<SubscriptionView>({ type: 'hedge/subscription-add', source: { kind: 'url', url } });
  await w.background.value({ type: 'hedge/subscription-update', subscriptionId: view.id, applyForDays: 30 });
  await reconcileSync();
  return { w, view };
}

async function syncItem(key: string): Promise<Record<string, unknown> | undefined> {
  return (await fakeBrowser.storage.sync.get(key))[key] as Record<string, unknown> | undefined;
}

async function theList(): Promise<StoredSubscription> {
  const [subscription] = await subscriptionsItem.getValue();
  if (!subscription) throw new Error('no subscription here');
  return subscription;
}

/** Two domains whose answers share a bucket, so that only a merge per domain keeps both. */
function twoInOneBucket(): [string, string] {
  const domains = generatedDomains(200, 1000);
  const first = domains[0]!;
  return [first, domains.find((domain) => domain !== first && dueBucketOf(domain) === dueBucketOf(first))!];
}

describe('answers about due domains between two browsers', () => {
  it('different domains of the same list answered in both at the same time: both answers survive in both', async () => {
    const { w, view } = await subscribedFor30Days();
    const here = await fakeBrowser.storage.local.get(null);
    const as = twoBrowsers(here, structuredClone(here));
    const [kept, removed] = twoInOneBucket();
    const at = Date.now() + 31 * DAY_MS;

    // Neither has heard of the other's answer when it gives its own.
    await as('a', () => answerDueDomains(w.account.key, view.id, [kept], 'keep', () => at));
    await as('b', () => answerDueDomains(w.account.key, view.id, [removed], 'remove', () => at));
    await as('a', reconcileSync);
    await as('b', reconcileSync);
    await as('a', reconcileSync);

    for (const name of ['a', 'b'] as const) {
      const list = await as(name, theList);
      expect(list.keptUntil).toEqual({ [kept]: at + 30 * DAY_MS });
      expect(list.dropped).toEqual([removed]);
    }
    const bucket = await syncItem(dueSyncKeys(w.account.key)[dueBucketOf(kept)]!);
    expect(Object.values(bucket ?? {}).sort()).toEqual([0, at + 30 * DAY_MS]);
    const entry = (await syncItem(subscriptionsSyncKey(w.account.key)))?.[view.id];
    expect(entry).toMatchObject({ applyForDays: 30 });
    expect(entry).not.toHaveProperty('keptUntil');
    expect(entry).not.toHaveProperty('dropped');
  });

  it('400 answered domains of one list keep the subscriptions’ item small, and the list and its answers reach a new browser', async () => {
    const { w, view } = await subscribedFor30Days();
    withItemQuota();
    const answered = generatedDomains(400, 2000);
    const at = Date.now() + 31 * DAY_MS;
    await answerDueDomains(w.account.key, view.id, answered.slice(0, 300), 'keep', () => at);
    await subscriptionsItem.setValue([{ ...(await theList()), dropped: answered.slice(300) }]);
    await lastErrorItem.setValue(null);
    await reconcileSync();

    expect(await lastErrorItem.getValue()).toBeNull();
    const key = subscriptionsSyncKey(w.account.key);
    expect(new TextEncoder().encode(key + JSON.stringify(await syncItem(key))).length).toBeLessThan(1024);
    const written = await Promise.all(dueSyncKeys(w.account.key).map(syncItem));
    expect(written.reduce((count, entries) => count + Object.keys(entries ?? {}).length, 0)).toBe(400);

    // A browser signed in to the same account that has not synced yet: no subscription, no agreement.
    const here = await fakeBrowser.storage.local.get(null);
    const { subscriptions: _subscriptions, syncAgreed: _agreed, ...fresh } = here;
    const as = twoBrowsers(here, fresh);
    const arrived = await as('b', reconcileSync);
    expect(arrived.map((subscription) => subscription.id)).toEqual([view.id]);
    const list = await as('b', theList);
    expect(list.applyForDays).toBe(30);
    expect(list.keptUntil).toEqual(Object.fromEntries(answered.slice(0, 300).map((domain) => [domain, at + 30 * DAY_MS])));
    expect([...(list.dropped ?? [])].sort()).toEqual(answered.slice(300).sort());
  });

  it('a bucket of answers over the per-item quota fails alone: the user is told, the other buckets and the subscriptions keep syncing', async () => {
    const { w, view } = await subscribedFor30Days();
    withItemQuota();
    const full = generatedDomains(3000, 5000).filter((domain) => dueBucketOf(domain) === 0).slice(0, 250);
    const other = generatedDomains(50, 9000).find((domain) => dueBucketOf(domain) === 1)!;
    const at = Date.now() + 31 * DAY_MS;
    await answerDueDomains(w.account.key, view.id, [...full, other], 'keep', () => at);
    await reconcileSync();

    expect((await lastErrorItem.getValue())?.message).toBe(FULL);
    const [bucket0, bucket1] = dueSyncKeys(w.account.key);
    expect(await syncItem(bucket0!)).toBeUndefined();
    expect(await syncItem(bucket1!)).toEqual({ [`${shortSubscriptionId(view.id)}:${other}`]: at + 30 * DAY_MS });
    await w.background.value({ type: 'hedge/subscription-update', subscriptionId: view.id, inConsensus: true });
    await reconcileSync();
    expect((await syncItem(subscriptionsSyncKey(w.account.key)))?.[view.id]).toMatchObject({ inConsensus: true });
    // The answers stay in this browser all the same.
    expect(Object.keys((await theList()).keptUntil ?? {})).toHaveLength(251);
  });

  it('answers an older version wrote into the subscription’s entry are taken in, moved to a due/ item, and left out of the entry in the same merge', async () => {
    const { w, view } = await subscribedFor30Days();
    const [older, both] = generatedDomains(2, 7000);
    const at = Date.now() + 31 * DAY_MS;
    // This browser's answer about `both` is in a due/ item already; the older version's differs.
    await answerDueDomains(w.account.key, view.id, [both!], 'keep', () => at);
    await reconcileSync();
    const key = subscriptionsSyncKey(w.account.key);
    const item = (await syncItem(key))!;
    await fakeBrowser.storage.sync.set({ [key]: { ...item, [view.id]: { ...(item[view.id] as object), keptUntil: { [older!]: at, [both!]: at }, dropped: [] } } });

    await reconcileSync();
    expect((await theList()).keptUntil).toEqual({ [older!]: at, [both!]: at + 30 * DAY_MS });
    // In the same merge: the entry is written again without them, the other fields as they were.
    expect((await syncItem(key))?.[view.id]).toEqual(item[view.id]);
    const due = Object.assign({}, ...(await Promise.all(dueSyncKeys(w.account.key).map(syncItem)))) as Record<string, unknown>;
    expect(Object.values(due).sort()).toEqual([at, at + 30 * DAY_MS]);
  });

  it('removing the list in one browser removes its answers from sync, and the other browser follows', async () => {
    const { w, view } = await subscribedFor30Days();
    const at = Date.now() + 31 * DAY_MS;
    await answerDueDomains(w.account.key, view.id, generatedDomains(30, 3000), 'keep', () => at);
    await reconcileSync();
    const here = await fakeBrowser.storage.local.get(null);
    const as = twoBrowsers(here, structuredClone(here));
    const dueItems = async () => Object.assign({}, ...(await Promise.all(dueSyncKeys(w.account.key).map(syncItem)))) as Record<string, unknown>;
    expect(Object.keys(await dueItems())).toHaveLength(30);

    await as('a', () => w.background.value({ type: 'hedge/subscription-remove', subscriptionId: view.id }));
    await as('a', reconcileSync);
    expect(await dueItems()).toEqual({});
    await as('b', reconcileSync);
    expect(await as('b', () => subscriptionsItem.getValue())).toEqual([]);
    await as('b', reconcileSync);
    expect(await dueItems()).toEqual({});
  });

  it('answers that arrive before their list are kept until it comes, then taken in', async () => {
    const { w, view } = await subscribedFor30Days();
    const at = Date.now() + 31 * DAY_MS;
    await answerDueDomains(w.account.key, view.id, generatedDomains(5, 4000), 'keep', () => at);
    await reconcileSync();
    const here = await fakeBrowser.storage.local.get(null);
    const { subscriptions: _subscriptions, syncAgreed: _agreed, ...fresh } = here;
    const as = twoBrowsers(here, fresh);
    // Sync brings the answers to the other browser first: its subscriptions' item is not there yet.
    const key = subscriptionsSyncKey(w.account.key);
    const subscriptions = await syncItem(key);
    await fakeBrowser.storage.sync.remove(key);
    await as('b', reconcileSync);
    await as('b', reconcileSync);
    expect(Object.keys(Object.assign({}, ...(await Promise.all(dueSyncKeys(w.account.key).map(syncItem)))) as object)).toHaveLength(5);

    await fakeBrowser.storage.sync.set({ [key]: subscriptions });
    await as('b', reconcileSync);
    await as('b', reconcileSync);
    expect(Object.keys((await as('b', theList)).keptUntil ?? {}).sort()).toEqual(generatedDomains(5, 4000));
  });

  it('signing out forgets what this browser agreed about the account’s answers; sync keeps them for the other browsers', async () => {
    const { w, view } = await subscribedFor30Days();
    registerSettingsSync(async () => undefined);
    await answerDueDomains(w.account.key, view.id, generatedDomains(5, 6000), 'keep', () => Date.now() + 31 * DAY_MS);
    await reconcileSync();
    const agreedKeys = async () => Object.keys(((await fakeBrowser.storage.local.get('syncAgreed')).syncAgreed ?? {}) as object);
    const accountKeys = [subscriptionsSyncKey(w.account.key), ...dueSyncKeys(w.account.key)];
    expect(await agreedKeys()).toEqual(expect.arrayContaining(accountKeys));

    await w.background.value({ type: 'hedge/sign-out', accountKey: w.account.key });
    // The merge the sign-out's changes start, after its short wait.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await reconcileSync();
    expect((await agreedKeys()).filter((key) => accountKeys.includes(key))).toEqual([]);
    const due = Object.assign({}, ...(await Promise.all(dueSyncKeys(w.account.key).map(syncItem)))) as Record<string, unknown>;
    expect(Object.keys(due)).toHaveLength(5);
  });
});
