/**
 * Subscribed lists: adding one by URL, from a file, or from a FIRES dataset;
 * keeping its last good copy; reading its entries for every plan; refreshing
 * it with conditional requests.
 *
 * Settings and summaries live in `storage.local` (`local:subscriptions`, one
 * record per account and list); list bodies live in IndexedDB through the list
 * cache (utils/db/list-cache.ts), one copy per subscription (`url:<id>`,
 * `file:<id>`, `fires:<id>`), so one account's refresh never changes what
 * another account's plan reads. A record is
 * written only after its list was read successfully: input that is not a list
 * leaves nothing behind.
 *
 * Host access: a list lives on any host. The options page asks for optional
 * host permission for the list's origin (`requestListPermission` of
 * utils/permissions/list-permission.ts) in the click that subscribes, which lets the
 * background read it whatever the server's CORS headers say, and later refresh
 * it. Without that permission the fetch still runs and works when the server
 * allows any origin (raw.githubusercontent.com, seirdy.one and
 * connect.iftas.org do); when it fails, the message says what to do.
 */
import { storage } from 'wxt/utils/storage';
import { CATALOG } from '../../core/catalog';
import type { SubscribedList } from '../../core/desired-state';
import { FiresError, discoverFires, firesList, listFiresDatasets, loadFiresLabels, loadFiresSnapshot, syncFiresChanges, type FiresDataset } from '../../core/fires/consumer';
import type { FiresState } from '../../core/lists/fires-changes';
import { ListParseError, decodeListBytes, parseList, type ParsedList } from '../../core/lists';
import type { SyncPlan } from '../../core/plan';
import { decideRefresh, type RefreshReason } from '../../core/refresh-policy';
import { createIdbListCache, type CachedList, type ListCacheStore } from '../../db/list-cache';
import { FetchListError, checkListUrl, createFiresHttp, fetchList } from './fetch-list';
import { base64ToBytes } from '../../protocol/list-bytes';
import { hasListPermission } from '../../permissions/list-permission';
import { coreErrorMessage, firesErrorMessage, listParseErrorMessage, refreshReasonMessage, skippedRowMessage } from '../../i18n/error-messages';
import { t, tCount } from '../../i18n/translate';
import { addressesOfList, releaseUnusedHostAccess } from '../host-access';
import { ReplyError } from '../reply-error';
import type { AccountKey, ParseReportView, SilenceTreatment, SubscriptionSource, SubscriptionView } from '../../protocol';

/** One subscription of one account, as stored. */
export interface StoredSubscription {
  id: string;
  accountKey: AccountKey;
  name: string;
  origin: SubscriptionView['origin'];
  /** The list's address (`url`), or the FIRES dataset's address (`fires`). */
  url?: string;
  /** The imported file's name (`file`): it breaks ties between formats when the copy is read again. */
  fileName?: string;
  fires?: { serverUrl: string; datasetId: string; dataset: FiresDataset; labels: Array<[string, string]> };
  /** Where the last good copy is in the list cache. */
  cacheKey: string;
  silenceAs: SilenceTreatment;
  inConsensus: boolean;
  /** Domains in the last good copy (the refresh's safety catch compares against it). */
  entryCount: number;
  skippedCount: number;
  lastFetch: SubscriptionView['lastFetch'];
  addedAt: number;
}

/** What subscriptions use besides storage; tests replace parts of it. */
export interface SubscriptionEnvironment {
  fetch?: typeof fetch;
  cache?: ListCacheStore;
  now?: () => number;
  newId?: () => string;
  /** Whether Hedge holds host permission for a URL's origin; `undefined` when it cannot tell. */
  hasHostPermission?: (url: string) => Promise<boolean | undefined>;
}

/** Every account's subscriptions. */
export const subscriptionsItem = storage.defineItem<StoredSubscription[]>('local:subscriptions', { version: 1, fallback: [] });

/** The content type under which a FIRES dataset's state is kept in the list cache. */
const FIRES_STATE_TYPE = 'application/x-hedge-fires-state+json';

let environment: SubscriptionEnvironment = {};
let defaultCache: ListCacheStore | undefined;

/** Replaces parts of the environment (tests: a fetch for a FIRES server, a clock). */
export function configureSubscriptions(env: SubscriptionEnvironment): void {
  environment = env;
}

function cache(): ListCacheStore {
  if (environment.cache) return environment.cache;
  defaultCache ??= createIdbListCache();
  return defaultCache;
}

const now = (): number => (environment.now ?? Date.now)();

// ---------------------------------------------------------------------------
// Reading

/** The subscriptions of an account, oldest first. */
export async function listSubscriptions(accountKey: AccountKey): Promise<StoredSubscription[]> {
  return (await subscriptionsItem.getValue()).filter((subscription) => subscription.accountKey === accountKey);
}

/** Every account's subscriptions. */
export async function listAllSubscriptions(): Promise<StoredSubscription[]> {
  return subscriptionsItem.getValue();
}

/** One subscription of an account; throws `not-found`. */
export async function requireSubscription(accountKey: AccountKey, id: string): Promise<StoredSubscription> {
  const found = (await listSubscriptions(accountKey)).find((subscription) => subscription.id === id);
  if (!found) throw new ReplyError('not-found', 'This list is not among your subscriptions any more.');
  return found;
}

/** What pages show of a subscription. */
export function toSubscriptionView(subscription: StoredSubscription): SubscriptionView {
  return {
    id: subscription.id,
    name: subscription.name,
    origin: subscription.origin,
    ...(subscription.url === undefined ? {} : { url: subscription.url }),
    silenceAs: subscription.silenceAs,
    inConsensus: subscription.inConsensus,
    entryCount: subscription.entryCount,
    skippedCount: subscription.skippedCount,
    lastFetch: subscription.lastFetch,
  };
}

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
  const cached = await cache().get(subscription.cacheKey);
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
      entries: (await readCopy(subscription))?.entries ?? [],
      silenceAs: subscription.silenceAs,
      inConsensus: subscription.inConsensus,
    })),
  );
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

// ---------------------------------------------------------------------------
// Adding, changing, removing

/**
 * Subscribes an account to a list. The list is fetched (or read from the file)
 * and parsed first; a failure throws a {@link ReplyError} and stores nothing.
 */
export async function addSubscription(accountKey: AccountKey, source: SubscriptionSource): Promise<StoredSubscription> {
  const id = environment.newId?.() ?? crypto.randomUUID();
  const existing = await listSubscriptions(accountKey);
  let prepared: { record: Omit<StoredSubscription, 'id' | 'accountKey' | 'silenceAs' | 'inConsensus' | 'addedAt'>; copy: CachedList };
  if (source?.kind === 'url') prepared = await prepareUrl(id, source.url, existing);
  else if (source?.kind === 'file') prepared = prepareFile(id, source.fileName, fileText(source));
  else if (source?.kind === 'fires') prepared = await prepareFires(id, source.serverUrl, source.datasetId, existing);
  else throw new ReplyError('invalid-input', t('bg_giveListSource'));

  const subscription: StoredSubscription = {
    ...prepared.record,
    id,
    accountKey,
    silenceAs: 'limit',
    inConsensus: true,
    addedAt: now(),
  };
  await cache().put(prepared.copy);
  await subscriptionsItem.setValue([...(await subscriptionsItem.getValue()), subscription]);
  return subscription;
}

async function prepareUrl(id: string, text: unknown, existing: readonly StoredSubscription[]) {
  if (typeof text !== 'string' || text.trim() === '') throw new ReplyError('invalid-input', t('bg_pasteListAddress'));
  const checked = checkListUrl(text);
  if ('error' in checked) throw new ReplyError('invalid-input', checked.error.message);
  const url = checked.url.toString();
  const twin = existing.find((subscription) => subscription.url === url);
  if (twin) throw new ReplyError('invalid-input', t('bg_alreadySubscribedList', twin.name));
  const cacheKey = `url:${id}`;
  const staging = stagingCache(cacheKey);
  let fetched;
  try {
    fetched = await fetchList(url, { cache: staging, ...fetchOptions() });
  } catch (error) {
    throw await explainFetchFailure(error, url);
  }
  if (fetched.source === 'cache') throw await explainFetchFailure(fetched.error, url);
  const copy = staging.staged;
  if (!copy) throw new ReplyError('list-error', t('bg_couldNotKeepCopy'));
  const list = fetched.list;
  requireEntries(list);
  return {
    record: {
      name: nameForUrl(checked.url),
      origin: 'url' as const,
      url,
      cacheKey,
      entryCount: list.entries.length,
      skippedCount: list.skipped.length,
      lastFetch: { at: now(), result: 'ok' as const },
    },
    copy,
  };
}

/**
 * An imported file's content: its bytes (base64) when the page sent them, so
 * the list parser decodes them as it decodes a fetched list (UTF-16 included),
 * else the text an older page read. Undefined when neither is there.
 */
function fileText(source: { base64?: unknown; text?: unknown }): { bytes: Uint8Array } | { text: string } | undefined {
  if (typeof source.base64 === 'string') {
    try {
      return { bytes: base64ToBytes(source.base64) };
    } catch (error) {
      console.warn('Hedge: an imported file came without readable bytes', error);
      return undefined;
    }
  }
  return typeof source.text === 'string' ? { text: source.text } : undefined;
}

function prepareFile(id: string, fileName: unknown, content: { bytes: Uint8Array } | { text: string } | undefined) {
  if (content === undefined) throw new ReplyError('invalid-input', t('bg_couldNotReadFile'));
  const name = typeof fileName === 'string' && fileName.trim() !== '' ? fileName.trim() : t('bg_importedListName');
  let list: ParsedList;
  // The copy keeps the text the parser read, so that reading it again gives the same list.
  let text: string;
  try {
    text = 'bytes' in content ? decodeListBytes(content.bytes) : content.text;
    list = parseList(text, { fileName: name });
  } catch (error) {
    if (error instanceof ListParseError) throw new ReplyError('list-error', `${name}: ${listParseErrorMessage(error)}`);
    throw error;
  }
  requireEntries(list);
  const at = now();
  return {
    record: {
      name: stripExtension(name),
      origin: 'file' as const,
      fileName: name,
      cacheKey: `file:${id}`,
      entryCount: list.entries.length,
      skippedCount: list.skipped.length,
      lastFetch: { at, result: 'ok' as const },
    },
    copy: { url: `file:${id}`, text, fetchedAt: at, checkedAt: at },
  };
}

async function prepareFires(id: string, serverUrl: unknown, datasetId: unknown, existing: readonly StoredSubscription[]) {
  if (typeof serverUrl !== 'string' || serverUrl.trim() === '') throw new ReplyError('invalid-input', t('bg_giveFiresServer'));
  if (typeof datasetId !== 'string' || datasetId.trim() === '') throw new ReplyError('invalid-input', t('bg_giveFiresDataset'));
  const checked = checkListUrl(serverUrl);
  if ('error' in checked) throw new ReplyError('invalid-input', checked.error.message);
  const http = createFiresHttp(fetchOptions());
  const wanted = datasetId.trim();
  try {
    const server = await discoverFires(http, checked.url.toString());
    const datasets = await listFiresDatasets(http, server);
    const dataset = datasets.find((candidate) => [candidate.id, candidate.url, lastSegment(candidate.id)].includes(wanted));
    if (!dataset) {
      const names = datasets.map((candidate) => `“${candidate.name}”`).join(', ');
      throw new ReplyError(
        'not-found',
        datasets.length === 0 ? t('bg_firesNoDatasets', server.origin) : t('bg_firesNoSuchDataset', server.origin, wanted, names),
      );
    }
    const twin = existing.find((subscription) => subscription.origin === 'fires' && subscription.url === dataset.id);
    if (twin) throw new ReplyError('invalid-input', t('bg_alreadySubscribedDataset', twin.name));
    const labels = await loadLabels(http, server);
    const snapshot = await loadFiresSnapshot(http, dataset);
    const synced = await syncFiresChanges(http, dataset, snapshot.state);
    const list = firesList(synced.state, labels);
    requireEntries(list);
    const at = now();
    return {
      record: {
        name: dataset.name,
        origin: 'fires' as const,
        url: dataset.id,
        fires: { serverUrl: server.origin, datasetId: dataset.id, dataset, labels: [...labels] },
        cacheKey: `fires:${id}`,
        entryCount: list.entries.length,
        skippedCount: list.skipped.length,
        lastFetch: { at, result: 'ok' as const },
      },
      copy: { url: `fires:${id}`, text: JSON.stringify(synced.state), contentType: FIRES_STATE_TYPE, fetchedAt: at, checkedAt: at },
    };
  } catch (error) {
    if (error instanceof ReplyError) throw error;
    throw await explainFetchFailure(error, checked.url.toString());
  }
}

/** Label names are a nicety: a server without a labels collection still gives a usable dataset. */
async function loadLabels(http: ReturnType<typeof createFiresHttp>, server: Awaited<ReturnType<typeof discoverFires>>): Promise<Map<string, string>> {
  try {
    return await loadFiresLabels(http, server);
  } catch (error) {
    console.warn(`Hedge: ${server.origin} gave no label names; label ids are shown instead`, error);
    return new Map();
  }
}

function requireEntries(list: ParsedList): void {
  if (list.entries.length > 0) return;
  // The skip codes, as the parse report's code column shows them: the same in every language.
  const reasons = [...new Set(list.skipped.map((row) => row.reason))].join(', ');
  throw new ReplyError('list-error', list.skipped.length > 0 ? tCount('bg_listNothingUsable', list.skipped.length, reasons) : t('bg_listNoDomain'));
}

/** Changes how a list's `silence` rows are treated, or whether it takes part in the consensus. */
export async function updateSubscription(
  accountKey: AccountKey,
  id: string,
  change: { silenceAs?: unknown; inConsensus?: unknown },
): Promise<StoredSubscription> {
  const current = await requireSubscription(accountKey, id);
  if (change.silenceAs !== undefined && change.silenceAs !== 'limit' && change.silenceAs !== 'block') {
    throw new ReplyError('invalid-input', t('bg_silenceChoice'));
  }
  if (change.inConsensus !== undefined && typeof change.inConsensus !== 'boolean') {
    throw new ReplyError('invalid-input', t('bg_consensusChoice'));
  }
  const next: StoredSubscription = {
    ...current,
    ...(change.silenceAs === undefined ? {} : { silenceAs: change.silenceAs }),
    ...(change.inConsensus === undefined ? {} : { inConsensus: change.inConsensus }),
  };
  await saveSubscription(next);
  return next;
}

/** Replaces a stored subscription (matched by id). */
export async function saveSubscription(subscription: StoredSubscription): Promise<void> {
  const all = await subscriptionsItem.getValue();
  await subscriptionsItem.setValue(all.map((item) => (item.id === subscription.id ? subscription : item)));
}

/**
 * Forgets a subscription, its cached copy when no other subscription uses it,
 * and Hedge's access to its host when no account or other list uses that.
 */
export async function removeSubscriptionRecord(accountKey: AccountKey, id: string): Promise<void> {
  const all = await subscriptionsItem.getValue();
  const removed = all.find((subscription) => subscription.id === id && subscription.accountKey === accountKey);
  if (!removed) return;
  const rest = all.filter((subscription) => subscription !== removed);
  await subscriptionsItem.setValue(rest);
  if (!rest.some((subscription) => subscription.cacheKey === removed.cacheKey)) {
    await cache().delete(removed.cacheKey);
    parsedCopies.delete(removed.cacheKey);
  }
  await releaseUnusedHostAccess(addressesOfList(removed), rest);
}

/** Forgets every subscription of an account (sign-out). */
export async function deleteAccountSubscriptions(accountKey: AccountKey): Promise<void> {
  for (const subscription of await listSubscriptions(accountKey)) await removeSubscriptionRecord(accountKey, subscription.id);
}

// ---------------------------------------------------------------------------
// Refreshing

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
  if (subscription.origin === 'file') return { subscription, outcome: 'not-modified', previousCount };
  const at = now();
  let fresh: { list: ParsedList; copy: CachedList } | 'not-modified';
  try {
    fresh = subscription.origin === 'fires' ? await fetchFiresCopy(subscription) : await fetchUrlCopy(subscription);
  } catch (error) {
    const isUnreadable = (error instanceof FetchListError && error.kind === 'not-a-list') || (error instanceof FiresError && error.code === 'bad-answer');
    const reason = coreErrorMessage(error) ?? (error instanceof Error ? error.message : String(error));
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
  if (fresh === 'not-modified') return finish(subscription, 'not-modified', { at, result: 'not-modified' }, previousCount);

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
  await cache().put(fresh.copy);
  const [firstReason] = decision.kind === 'hold' ? decision.details : [];
  const message = firstReason ? t('bg_takenAsAsked', refreshReasonMessage(firstReason)) : undefined;
  const updated: StoredSubscription = { ...subscription, entryCount: count, skippedCount: fresh.list.skipped.length };
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
  const next: StoredSubscription = { ...current, entryCount: subscription.entryCount, skippedCount: subscription.skippedCount, lastFetch };
  await saveSubscription(next);
  return { subscription: next, outcome, previousCount };
}

async function fetchUrlCopy(subscription: StoredSubscription): Promise<{ list: ParsedList; copy: CachedList } | 'not-modified'> {
  const url = subscription.url ?? '';
  const staging = stagingCache(subscription.cacheKey);
  const fetched = await fetchList(url, { cache: staging, ...fetchOptions() });
  if (fetched.source === 'cache') throw fetched.error ?? new FetchListError('network', t('bg_listCouldNotBeFetched'));
  if (fetched.source === 'not-modified') {
    if (staging.staged) await cache().put(staging.staged);
    return 'not-modified';
  }
  if (!staging.staged) throw new FetchListError('network', t('bg_newCopyNotKept'));
  return { list: fetched.list, copy: staging.staged };
}

async function fetchFiresCopy(subscription: StoredSubscription): Promise<{ list: ParsedList; copy: CachedList } | 'not-modified'> {
  const fires = subscription.fires;
  if (!fires) throw new FiresError('bad-answer', 'This subscription does not name its FIRES dataset; subscribe to the dataset again.', 'no-dataset-named');
  const http = createFiresHttp(fetchOptions());
  const cached = await cache().get(subscription.cacheKey);
  const labels = new Map(fires.labels);
  let state: FiresState;
  if (cached) {
    const synced = await syncFiresChanges(http, fires.dataset, JSON.parse(cached.text) as FiresState);
    if (synced.applied === 0) {
      await cache().put({ ...cached, checkedAt: now() });
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

// ---------------------------------------------------------------------------
// Helpers

/**
 * The list cache as the fetcher sees it for one subscription: it reads the
 * subscription's own copy, and keeps what the fetcher writes until the caller
 * accepts it (a held copy never replaces the last good one).
 */
function stagingCache(cacheKey: string): ListCacheStore & { staged?: CachedList } {
  const staging: ListCacheStore & { staged?: CachedList } = {
    get: () => cache().get(cacheKey),
    put: async (entry) => {
      staging.staged = { ...entry, url: cacheKey };
    },
    delete: async () => undefined,
  };
  return staging;
}

function fetchOptions(): { fetch?: typeof fetch; now?: () => number } {
  return { ...(environment.fetch ? { fetch: environment.fetch } : {}), now };
}

/** A fetch failure in words; a network failure without host access says how to grant it. */
async function explainFetchFailure(error: unknown, url: string): Promise<ReplyError> {
  if (error instanceof ReplyError) return error;
  if (error instanceof FetchListError) {
    if (error.kind === 'bad-url' || error.kind === 'insecure') return new ReplyError('invalid-input', error.message);
    if (error.kind === 'network' && (await hasHostPermission(url)) === false) {
      const host = hostOf(url);
      return new ReplyError(
        'permission-missing',
        t('bg_listNeedsPermission', host),
      );
    }
    return new ReplyError('list-error', error.message);
  }
  if (error instanceof FiresError) return new ReplyError('list-error', firesErrorMessage(error));
  if (error instanceof ListParseError) return new ReplyError('list-error', listParseErrorMessage(error));
  return new ReplyError('list-error', t('bg_listUnreadable', error instanceof Error ? error.message : String(error)));
}

async function hasHostPermission(url: string): Promise<boolean | undefined> {
  if (environment.hasHostPermission) return environment.hasHostPermission(url);
  try {
    return await hasListPermission(url);
  } catch (error) {
    // Outside an extension (a test without the permissions API), the answer is unknown.
    console.warn('Hedge: could not check host permission', error);
    return undefined;
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    // Shown as typed when it is not an address.
    return url;
  }
}

/** A name for a list fetched from `url`: the catalog's name, else the file name, else the host. */
function nameForUrl(url: URL): string {
  const known = CATALOG.find((entry) => entry.url === url.toString());
  if (known) return known.name;
  const fileName = fileNameOf(url.toString());
  return fileName ? stripExtension(fileName) : url.host;
}

function fileNameOf(url: string): string {
  const { pathname } = new URL(url);
  const last = pathname.slice(pathname.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(last);
  } catch {
    // A stray `%`: keep the name as written.
    return last;
  }
}

function stripExtension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

function lastSegment(id: string): string {
  return id.slice(id.lastIndexOf('/') + 1);
}

/** A decision's reasons as one paragraph in the user's language. */
function reasonsText(details: readonly RefreshReason[]): string {
  return details.map(refreshReasonMessage).join(' ');
}
