/**
 * Refreshing one subscription's copy with conditional requests, and the
 * list-level safety catch of a scheduled refresh (utils/core/refresh-policy.ts):
 * a copy that fails to parse, is empty, or shrank by more than half is held,
 * and the last good copy stays in use.
 */
import { FetchListError, fetchListError } from '../../core/fetch-errors';
import { FiresError, firesList, loadFiresSnapshot, syncFiresChanges } from '../../core/fires/consumer';
import type { ParsedList } from '../../core/lists';
import type { FiresState } from '../../core/lists/fires-changes';
import { labelCountsOf } from '../../core/lists/label-rules';
import { labelsInUse } from '../../core/lists/labels';
import type { SyncPlan } from '../../core/plan';
import { decideRefresh, type RefreshReason } from '../../core/refresh-policy';
import type { CachedList } from '../../db/list-cache';
import { coreErrorMessage, fetchListErrorMessage, refreshReasonMessage } from '../../i18n/error-messages';
import { t } from '../../i18n/translate';
import { ReplyError } from '../reply-error';
import { fetchOptions, listCache, now } from './environment';
import { explainFetchFailure } from './fetch-failures';
import { fetchFediseerCopy } from './fediseer';
import { createFiresHttp, fetchList } from './fetch-list';
import { FIRES_STATE_TYPE, stagingCache, withLabelCounts } from './list-copies';
import { saveSubscription, subscriptionsItem, type StoredSubscription } from './subscription-store';

/** How refreshing one subscription's copy went. */
export interface CopyRefresh {
  /** The record after the refresh (already saved). */
  subscription: StoredSubscription;
  /** `updated`: a new copy is in use; `held`: a new copy was refused by the safety catch. */
  outcome: 'updated' | 'not-modified' | 'held' | 'failed';
  /** Domains before the refresh. */
  previousCount: number;
}

/** Nothing to change: the safety catch's size checks only look at the list here. */
const EMPTY_PLAN: SyncPlan = { add: [], remove: [], unchanged: [], conflicts: [], forget: [], operations: 0 };

/**
 * Fetches a new copy of a subscription (conditionally) and decides whether to
 * use it. A scheduled refresh holds a copy that fails to parse, is empty, or
 * shrank by more than half (utils/core/refresh-policy.ts): the last good copy
 * stays in use and the record says why. A refresh the user asked for takes
 * the new copy: nothing reaches the server before the user confirms a plan.
 * Imported files are never fetched.
 */
export async function refreshSubscriptionCopy(subscription: StoredSubscription, options: { isScheduled: boolean }): Promise<CopyRefresh> {
  const previousCount = subscription.entryCount;
  if (subscription.origin === 'file') {
    const counted = await withLabelCounts(subscription);
    if (counted !== subscription) await saveSubscription(counted);
    return { subscription: counted, outcome: 'not-modified', previousCount };
  }
  const at = now();
  let fresh: { list: ParsedList; copy: CachedList } | 'not-modified';
  try {
    fresh =
      subscription.origin === 'fires'
        ? await fetchFiresCopy(subscription)
        : subscription.origin === 'fediseer'
          ? await fetchFediseer(subscription)
          : await fetchUrlCopy(subscription);
  } catch (error) {
    const isUnreadable = (error instanceof FetchListError && error.kind === 'not-a-list') || (error instanceof FiresError && error.code === 'bad-answer');
    const reason =
      error instanceof FetchListError ? fetchListErrorMessage(error) : (coreErrorMessage(error) ?? (error instanceof Error ? error.message : String(error)));
    if (isUnreadable) {
      const decision = decideRefresh({
        listName: subscription.name,
        previous: { isParsed: true, domainCount: previousCount },
        current: { isParsed: false, error: reason },
        plan: EMPTY_PLAN,
      });
      return finish(subscription, 'held', { at, result: 'held', message: decision.kind === 'apply' ? reason : reasonsText(decision.details) }, previousCount);
    }
    const failure = await explainFetchFailure(error, subscription.url ?? '');
    return finish(subscription, 'failed', { at, result: 'failed', message: t('bg_keepsLastCopy', failure.message) }, previousCount);
  }
  if (fresh === 'not-modified') return finish(await withLabelCounts(subscription), 'not-modified', { at, result: 'not-modified' }, previousCount);

  const count = fresh.list.entries.length;
  const decision = decideRefresh({
    listName: subscription.name,
    previous: { isParsed: true, domainCount: previousCount },
    current: { isParsed: true, domainCount: count },
    plan: EMPTY_PLAN,
  });
  if (decision.kind === 'hold' && options.isScheduled) {
    const message = t('bg_heldRefreshByHand', reasonsText(decision.details));
    return finish(subscription, 'held', { at, result: 'held', message }, previousCount);
  }
  if (count === 0) {
    return finish(subscription, 'held', { at, result: 'held', message: t('bg_listEmptyNow', subscription.name) }, previousCount);
  }
  await listCache().put(fresh.copy);
  const [firstReason] = decision.kind === 'hold' ? decision.details : [];
  const message = firstReason ? t('bg_takenAsAsked', refreshReasonMessage(firstReason)) : undefined;
  const updated: StoredSubscription = {
    ...subscription,
    entryCount: count,
    skippedCount: fresh.list.skipped.length,
    labels: labelsInUse(fresh.list.entries),
    labelCounts: labelCountsOf(fresh.list.entries),
  };
  return finish(updated, 'updated', { at, result: 'ok', ...(message ? { message } : {}) }, previousCount);
}

async function finish(
  subscription: StoredSubscription,
  outcome: CopyRefresh['outcome'],
  lastFetch: NonNullable<StoredSubscription['lastFetch']>,
  previousCount: number,
): Promise<CopyRefresh> {
  // Settings may have changed while the list was downloading: keep them, update only what the fetch knows.
  const current = (await subscriptionsItem.getValue()).find((item) => item.id === subscription.id) ?? subscription;
  const next: StoredSubscription = {
    ...current,
    entryCount: subscription.entryCount,
    skippedCount: subscription.skippedCount,
    ...(subscription.labels === undefined ? {} : { labels: subscription.labels }),
    ...(subscription.labelCounts === undefined ? {} : { labelCounts: subscription.labelCounts }),
    lastFetch,
  };
  await saveSubscription(next);
  return { subscription: next, outcome, previousCount };
}

async function fetchUrlCopy(subscription: StoredSubscription): Promise<{ list: ParsedList; copy: CachedList } | 'not-modified'> {
  const url = subscription.url ?? '';
  const staging = stagingCache(subscription.cacheKey);
  const fetched = await fetchList(url, { cache: staging, ...fetchOptions() });
  if (fetched.source === 'cache') throw fetched.error ?? fetchListError('could-not-fetch');
  if (fetched.source === 'not-modified') {
    if (staging.staged) await listCache().put(staging.staged);
    return 'not-modified';
  }
  if (!staging.staged) throw fetchListError('copy-not-kept');
  return { list: fetched.list, copy: staging.staged };
}

async function fetchFiresCopy(subscription: StoredSubscription): Promise<{ list: ParsedList; copy: CachedList } | 'not-modified'> {
  const fires = subscription.fires;
  if (!fires) throw new FiresError('bad-answer', 'This subscription does not name its FIRES dataset; subscribe to the dataset again.', 'no-dataset-named');
  const http = createFiresHttp(fires.serverUrl, fetchOptions());
  const cached = await listCache().get(subscription.cacheKey);
  const labels = new Map(fires.labels);
  let state: FiresState;
  if (cached) {
    const synced = await syncFiresChanges(http, fires.dataset, JSON.parse(cached.text) as FiresState);
    if (synced.applied === 0) {
      await listCache().put({ ...cached, checkedAt: now() });
      return 'not-modified';
    }
    state = synced.state;
  } else {
    const snapshot = await loadFiresSnapshot(http, fires.dataset);
    state = (await syncFiresChanges(http, fires.dataset, snapshot.state)).state;
  }
  const at = now();
  return {
    list: firesList(state, labels),
    copy: { url: subscription.cacheKey, text: JSON.stringify(state), contentType: FIRES_STATE_TYPE, fetchedAt: at, checkedAt: at },
  };
}

async function fetchFediseer(subscription: StoredSubscription): Promise<{ list: ParsedList; copy: CachedList } | 'not-modified'> {
  if (!subscription.fediseer) throw new ReplyError('list-error', t('bg_fediseerNoServers'));
  const cached = await listCache().get(subscription.cacheKey);
  return fetchFediseerCopy(subscription.fediseer, subscription.cacheKey, cached);
}

/** A decision's reasons as one paragraph in the user's language. */
function reasonsText(details: readonly RefreshReason[]): string {
  return details.map(refreshReasonMessage).join(' ');
}
