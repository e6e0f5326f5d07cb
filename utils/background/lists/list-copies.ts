/**
 * The last good copy of each subscribed list: list bodies live in IndexedDB
 * through the list cache (utils/db/list-cache.ts), one copy per subscription
 * (`url:<id>`, `file:<id>`, `fires:<id>`, `fediseer:<id>`), so one account's refresh never
 * changes what another account's plan reads. Every plan, count and parse
 * report reads the lists here; a copy that cannot be read counts as empty,
 * and its subscription says why.
 */
import type { SubscribedList } from '../../core/desired-state';
import { firesList } from '../../core/fires/consumer';
import { labelCountsOf } from '../../core/lists/label-rules';
import { parseList, type ParsedList } from '../../core/lists';
import type { FiresState } from '../../core/lists/fires-changes';
import type { CachedList, ListCacheStore } from '../../db/list-cache';
import { coreErrorMessage, skippedRowMessage } from '../../i18n/error-messages';
import { t } from '../../i18n/translate';
import type { AccountKey, ParseReportView } from '../../protocol';
import { ReplyError } from '../reply-error';
import { listCache, now } from './environment';
import { fediseerListOfCopy } from './fediseer';
import { fileNameOf } from './list-names';
import { listSubscriptions, requireSubscription, saveSubscription, subscriptionsItem, type StoredSubscription } from './subscription-store';

/** The content type under which a FIRES dataset's state is kept in the list cache. */
export const FIRES_STATE_TYPE = 'application/x-hedge-fires-state+json';

/** What reading a kept copy gave: its list, or why it cannot be read. */
type CopyReading = { list: ParsedList } | { problem: string };

/** Readings by cache key, so plans and state do not parse the same body again. */
const parsedCopies = new Map<string, { stamp: string; reading: CopyReading }>();

/** How many times, since the worker started, a subscription was marked as having an unreadable copy. */
let unreadableMarks = 0;

/** See {@link unreadableMarks}: a caller compares it before and after reading the lists. */
export function unreadableCopiesMarked(): number {
  return unreadableMarks;
}

/** The last good copy of a subscription, parsed; undefined when the cache lost it or it cannot be read. */
async function readCopy(subscription: StoredSubscription): Promise<ParsedList | undefined> {
  const reading = await readCopyOrProblem(subscription);
  return reading !== undefined && 'list' in reading ? reading.list : undefined;
}

/**
 * The kept copy, parsed, or why it cannot be read. One unreadable copy (kept
 * by an earlier version in another encoding, or damaged in storage) must not
 * stop every plan and the popup: that list is marked failed, in words, and
 * counts as empty until a refresh brings a copy that reads.
 */
async function readCopyOrProblem(subscription: StoredSubscription): Promise<CopyReading | undefined> {
  const cached = await listCache().get(subscription.cacheKey);
  if (!cached) return undefined;
  const stamp = `${cached.fetchedAt}:${cached.text.length}`;
  const known = parsedCopies.get(subscription.cacheKey);
  if (known?.stamp === stamp) return known.reading;
  let reading: CopyReading;
  try {
    reading = { list: listOfCopy(subscription, cached) };
  } catch (error) {
    const reason = coreErrorMessage(error) ?? (error instanceof Error ? error.message : String(error));
    console.warn(`Hedge: the kept copy of the list ${subscription.id} cannot be read`, error);
    reading = { problem: t('bg_listCopyUnreadable', subscription.name, reason) };
    await markCopyUnreadable(subscription.id, reading.problem);
  }
  parsedCopies.set(subscription.cacheKey, { stamp, reading });
  return reading;
}

/** Records on the subscription (as its last fetch) that its copy cannot be read; once per problem. */
async function markCopyUnreadable(id: string, problem: string): Promise<void> {
  const current = (await subscriptionsItem.getValue()).find((item) => item.id === id);
  if (!current || (current.lastFetch?.result === 'failed' && current.lastFetch.message === problem)) return;
  await saveSubscription({ ...current, lastFetch: { at: now(), result: 'failed', message: problem } });
  unreadableMarks += 1;
}

function listOfCopy(subscription: StoredSubscription, cached: CachedList): ParsedList {
  if (subscription.origin === 'fires') {
    const state = JSON.parse(cached.text) as FiresState;
    return firesList(state, new Map(subscription.fires?.labels ?? []));
  }
  if (subscription.origin === 'fediseer') return fediseerListOfCopy(cached.text);
  const fileName = subscription.fileName ?? (subscription.url ? fileNameOf(subscription.url) : undefined);
  return parseList(cached.text, {
    ...(fileName === undefined ? {} : { fileName }),
    ...(cached.contentType === undefined ? {} : { contentType: cached.contentType }),
  });
}

/**
 * The account's lists as `combineSources` takes them, each with its last good
 * entries. A list whose copy the browser dropped counts as empty until its
 * next refresh (its record says so).
 * @param accountKey - the account.
 * @param options.withoutId - leave this subscription out (the plan of unsubscribing).
 */
export async function loadSubscribedLists(accountKey: AccountKey, options: { withoutId?: string } = {}): Promise<SubscribedList[]> {
  const subscriptions = (await listSubscriptions(accountKey)).filter((subscription) => subscription.id !== options.withoutId);
  return Promise.all(
    subscriptions.map(async (subscription) => ({
      ref: { kind: 'subscription' as const, id: subscription.id, name: subscription.name },
      entries: withoutDropped((await readCopy(subscription))?.entries ?? [], subscription.dropped),
      silenceAs: subscription.silenceAs,
      inConsensus: subscription.inConsensus,
      isAllowlist: subscription.isAllowlist,
      ...(subscription.labelRules === undefined ? {} : { labelRules: subscription.labelRules }),
    })),
  );
}

/**
 * A record stored before label counts were kept, with the counts of its last good copy (the
 * choices by label offer them); the record as it is when it has them or its copy is gone.
 */
export async function withLabelCounts(subscription: StoredSubscription): Promise<StoredSubscription> {
  if (subscription.labelCounts !== undefined) return subscription;
  const list = await readCopy(subscription);
  return list === undefined ? subscription : { ...subscription, labelCounts: labelCountsOf(list.entries) };
}

/** A list's entries without the domains the user removed when asked about them (utils/core/list-expiry.ts). */
function withoutDropped<T extends { domain: string }>(entries: readonly T[], dropped: readonly string[] | undefined): readonly T[] {
  if (dropped === undefined || dropped.length === 0) return entries;
  const removed = new Set(dropped);
  return entries.filter((entry) => !removed.has(entry.domain));
}

/** A subscription's parse report: its entries and every skipped row with the reason. */
export async function parseReportOf(accountKey: AccountKey, id: string): Promise<ParseReportView> {
  const subscription = await requireSubscription(accountKey, id);
  const reading = await readCopyOrProblem(subscription);
  if (!reading) throw new ReplyError('not-found', t('bg_noCopyOfList', subscription.name));
  if ('problem' in reading) throw new ReplyError('list-error', reading.problem);
  const { list } = reading;
  return {
    subscriptionId: id,
    entryCount: list.entries.length,
    skipped: list.skipped.map((row) => ({ line: row.line, reason: row.reason, text: `${row.raw} — ${skippedRowMessage(row)}` })),
  };
}

/**
 * The list cache as the fetcher sees it for one subscription: it reads the
 * subscription's own copy, and keeps what the fetcher writes until the caller
 * accepts it (a held copy never replaces the last good one).
 */
export function stagingCache(cacheKey: string): ListCacheStore & { staged?: CachedList } {
  const staging: ListCacheStore & { staged?: CachedList } = {
    get: () => listCache().get(cacheKey),
    put: async (entry) => {
      staging.staged = { ...entry, url: cacheKey };
    },
    delete: async () => undefined,
  };
  return staging;
}

/** Forgets a copy no subscription uses any more. */
export async function forgetCopy(cacheKey: string): Promise<void> {
  await listCache().delete(cacheKey);
  parsedCopies.delete(cacheKey);
}
