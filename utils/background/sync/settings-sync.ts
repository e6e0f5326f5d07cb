/**
 * Settings and subscriptions that follow the user between browsers through
 * `storage.sync` (Chrome sync, Firefox Sync). What is synced is in entries.ts.
 *
 * One step, `reconcileSync`, does both directions: for every item it merges
 * this browser's entries and sync's against the state both last agreed on
 * (utils/core/sync-merge.ts), writes the result where it differs, and keeps it
 * as the new agreement. It runs when the background starts, when one of the
 * local items changes, when sync brings a change from another browser, and
 * after a sign-in; runs are chained, so a change arriving from sync is never
 * overwritten by a write of this browser's older state.
 *
 * Items of accounts not signed in here are left alone: signing out in one
 * browser forgets its agreement with sync, so that signing in again takes the
 * account's subscriptions from sync instead of removing them everywhere.
 *
 * A browser without sync storage (none, or one that refuses it) keeps its
 * settings to itself, as before.
 */
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { canonicalJson, isSameEntries, mergeSyncEntries, type SyncEntries } from '../../core/sync-merge';
import { getAccountsState } from '../../db/accounts';
import { sharedOwnershipStatusItem } from '../../db/shared-ownership';
import { t } from '../../i18n/translate';
import type { AccountKey } from '../../protocol';
import { registerAccountDataCleaner } from '../account-data';
import { refreshSubscriptionCopy } from '../lists/refresh-copy';
import { removeSubscriptionRecord } from '../lists/remove-subscription';
import { listSubscriptions, saveSubscription, subscriptionsItem, type StoredSubscription } from '../lists/subscription-store';
import { scheduleRefreshAlarm } from '../refresh';
import { lastErrorItem, settingsItem } from '../settings';
import { getAccountSources, updateAccountSources } from '../sources';
import {
  SETTINGS_SYNC_KEY,
  isSettingsSyncKey,
  readSyncedSubscription,
  settingsEntries,
  settingsFromEntries,
  sourcesEntries,
  sourcesFromEntries,
  sourcesSyncKey,
  storedFromSynced,
  withListExpiry,
  withoutOlderAnswers,
  subscriptionEntries,
  subscriptionsSyncKey,
} from './entries';
import { dueEntries, dueEntriesToOffer, dueSyncKeys, withDueAnswers } from './due-entries';

/** Each synced item as this browser last agreed on it with sync, by sync key. */
const agreedItem = storage.defineItem<Record<string, SyncEntries>>('local:syncAgreed', { version: 1, fallback: {} });

/** The local items whose change is shared (`storage.local` keys). */
const WATCHED_LOCAL_KEYS = new Set(['settings', 'subscriptions', 'accountSources', 'accounts']);

type SyncArea = typeof browser.storage.sync;

function syncArea(): SyncArea | undefined {
  return (browser.storage as { sync?: SyncArea } | undefined)?.sync;
}

/** One synced item of this browser: its key, this browser's entries, and how to take merged entries in. */
interface LocalItem {
  key: string;
  /**
   * This browser's entries, read when the item's turn comes (an item merged before it may have
   * changed them: the account's subscriptions come before their answers).
   */
  here: (agreed: SyncEntries | undefined) => Promise<SyncEntries>;
  apply: (merged: SyncEntries) => Promise<void>;
  /** Whether `apply` runs after every merge: `here` offers entries this browser has not taken in, and `apply` finds what changes. */
  isAppliedAlways?: boolean;
  /** The merged entries as this browser writes them, once taken in; the merged entries themselves when absent. */
  toWrite?: (merged: SyncEntries) => SyncEntries;
}

/** Subscriptions that arrived from another browser and whose copy is to be fetched. */
type Arrived = StoredSubscription[];

/**
 * @param arrived - collects the subscriptions that arrive.
 * @param agreedBefore - each item as agreed before this merge.
 */
async function localItems(arrived: Arrived, agreedBefore: Readonly<Record<string, SyncEntries>>): Promise<LocalItem[]> {
  const items: LocalItem[] = [{
    key: SETTINGS_SYNC_KEY,
    here: async () => settingsEntries(await settingsItem.getValue()),
    apply: async (merged) => {
      const current = await settingsItem.getValue();
      const next = settingsFromEntries(merged, current);
      await settingsItem.setValue(next);
      if (next.refreshIntervalHours !== current.refreshIntervalHours) await scheduleRefreshAlarm(next.refreshIntervalHours);
    },
  }];
  for (const account of (await getAccountsState()).accounts) {
    const key = account.key;
    items.push({
      key: sourcesSyncKey(key),
      here: async () => sourcesEntries(await getAccountSources(key)),
      apply: async (merged) => void (await updateAccountSources(key, (current) => sourcesFromEntries(merged, current))),
    });
    items.push({
      key: subscriptionsSyncKey(key),
      here: async () => subscriptionEntries(await listSubscriptions(key)),
      apply: (merged) => takeSubscriptions(key, merged, arrived),
      // Answers an older version wrote into an entry are taken in above, and live in `due/` items from then on.
      toWrite: withoutOlderAnswers,
    });
    const agreedSubscriptionIds = Object.keys(agreedBefore[subscriptionsSyncKey(key)] ?? {});
    dueSyncKeys(key).forEach((dueKey, bucket) => items.push({
      key: dueKey,
      here: async (agreed) => dueEntriesToOffer(dueEntries(await listSubscriptions(key), bucket), agreed, agreedSubscriptionIds),
      apply: (merged) => takeDueAnswers(key, bucket, merged),
      isAppliedAlways: true,
    }));
  }
  return items;
}

/** Takes one bucket's merged answers in: each list's answers about the domains of that bucket become these. */
async function takeDueAnswers(accountKey: AccountKey, bucket: number, merged: SyncEntries): Promise<void> {
  for (const subscription of await listSubscriptions(accountKey)) {
    const next = withDueAnswers(subscription, bucket, merged);
    if (next !== subscription) await saveSubscription(next);
  }
}

async function takeSubscriptions(accountKey: AccountKey, merged: SyncEntries, arrived: Arrived): Promise<void> {
  const here = (await listSubscriptions(accountKey)).filter((subscription) => subscription.origin !== 'file');
  for (const subscription of here) {
    if (!(subscription.id in merged)) await removeSubscriptionRecord(accountKey, subscription.id);
  }
  for (const [id, value] of Object.entries(merged)) {
    const synced = readSyncedSubscription(value);
    if (!synced) {
      console.warn(`Hedge: a subscription from sync storage does not read and is left out (${id})`);
      continue;
    }
    const current = here.find((subscription) => subscription.id === id);
    if (current) {
      const { name, silenceAs, inConsensus, isAllowlist, labelRules } = synced;
      const hasSameRules = canonicalJson(labelRules ?? null) === canonicalJson(current.labelRules ?? null);
      const withExpiry = withListExpiry(current, synced);
      if (name !== current.name || silenceAs !== current.silenceAs || inConsensus !== current.inConsensus || isAllowlist !== current.isAllowlist || !hasSameRules || withExpiry !== current) {
        const { labelRules: _replaced, ...rest } = withExpiry;
        await saveSubscription({ ...rest, name, silenceAs, inConsensus, isAllowlist, ...(labelRules === undefined ? {} : { labelRules }) });
      }
      continue;
    }
    // The same list subscribed in two browsers before they synced: the one here stays, the other is dropped at the next merge.
    const twin = here.find((subscription) =>
      subscription.id in merged &&
      (synced.origin === 'url'
        ? subscription.url === synced.url
        : subscription.fires?.serverUrl === synced.fires?.serverUrl && subscription.fires?.datasetId === synced.fires?.datasetId),
    );
    if (twin) continue;
    const record = storedFromSynced(accountKey, id, synced);
    await subscriptionsItem.setValue([...(await subscriptionsItem.getValue()), record]);
    arrived.push(record);
  }
}

let chain: Promise<unknown> = Promise.resolve();

/**
 * Merges every synced item of this browser with sync storage, in both
 * directions. Resolves with the subscriptions that came from another browser
 * (their copies are fetched by the caller).
 */
export function reconcileSync(): Promise<Arrived> {
  const next = chain.then(reconcileOnce);
  chain = next.catch((error: unknown) => console.warn('Hedge: could not merge settings with sync storage; it tries again at the next change', error));
  return next;
}

async function reconcileOnce(): Promise<Arrived> {
  const area = syncArea();
  if (!area) return [];
  const arrived: Arrived = [];
  const agreed = { ...(await agreedItem.getValue()) };
  const items = await localItems(arrived, { ...agreed });
  let synced: Record<string, unknown>;
  try {
    synced = await area.get(items.map((item) => item.key));
  } catch (error) {
    console.warn('Hedge: sync storage cannot be read; settings stay in this browser', error);
    return [];
  }
  let isFull = false;
  for (const item of items) {
    const theirs = asEntries(synced[item.key]);
    const here = await item.here(agreed[item.key]);
    const taken = mergeSyncEntries(agreed[item.key], here, theirs);
    if (item.isAppliedAlways === true || !isSameEntries(taken, here)) await item.apply(taken);
    const merged = item.toWrite?.(taken) ?? taken;
    if (!isSameEntries(merged, theirs)) {
      try {
        await area.set({ [item.key]: merged });
      } catch (error) {
        // Not agreed: the next merge still sees this browser's change as its own and offers it again.
        // Each item is written alone, so one over the quota (a bucket of answers) stops only itself.
        console.warn(`Hedge: sync storage refused ${item.key}`, error);
        isFull = true;
        continue;
      }
    }
    agreed[item.key] = merged;
  }
  await agreedItem.setValue(agreed);
  if (isFull) await lastErrorItem.setValue({ kind: 'server', message: t('bg_syncSettingsFull'), at: Date.now() });
  return arrived;
}

function asEntries(value: unknown): SyncEntries | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as SyncEntries) : undefined;
}

/**
 * Forgets what this browser agreed with sync about an account (sign-out): sync keeps the account's
 * items for the other browsers. Chained after a merge under way, which would write its agreement back.
 */
function forgetAgreement(accountKey: AccountKey): Promise<void> {
  const next = chain.then(async () => {
    const { [sourcesSyncKey(accountKey)]: _sources, [subscriptionsSyncKey(accountKey)]: _subscriptions, ...rest } = await agreedItem.getValue();
    for (const key of dueSyncKeys(accountKey)) delete rest[key];
    await agreedItem.setValue(rest);
  });
  chain = next.catch((error: unknown) => console.warn('Hedge: could not forget what this browser agreed with sync storage about an account', error));
  return next;
}

/**
 * Merges with sync now and at every change, and fetches the copies of
 * subscriptions that arrive. Call synchronously in the background's `main()`.
 * @param onChanged - re-renders the pages.
 */
export function registerSettingsSync(onChanged: () => Promise<void>): void {
  if (!syncArea()) return;
  registerAccountDataCleaner(forgetAgreement);
  sharedOwnershipStatusItem.watch((status, previous) => {
    if (status !== 'over-quota' || previous === 'over-quota') return;
    void lastErrorItem
      .setValue({ kind: 'server', message: t('bg_syncOwnershipFull'), at: Date.now() })
      .then(onChanged)
      .catch((error: unknown) => console.warn('Hedge: could not tell the user that sync storage is full', error));
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const soon = (): void => {
    timer ??= setTimeout(() => {
      timer = undefined;
      void reconcileSync()
        .then(async (arrived) => {
          if (arrived.length === 0) return;
          await onChanged();
          for (const subscription of arrived) await refreshSubscriptionCopy(subscription, { isScheduled: false });
          await onChanged();
        })
        .catch((error: unknown) => console.warn('Hedge: could not take in settings from sync storage', error));
    }, 150);
  };
  browser.storage.onChanged.addListener((changes, area) => {
    const keys = Object.keys(changes);
    if (area === 'sync' ? keys.some(isSettingsSyncKey) : area === 'local' && keys.some((key) => WATCHED_LOCAL_KEYS.has(key))) soon();
  });
  soon();
}
