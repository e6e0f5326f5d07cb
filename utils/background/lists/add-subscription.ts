/**
 * Subscribing an account to a list: by its address, from an imported file,
 * from a FIRES dataset, or from Fediseer (the censures and hesitations of
 * servers the user trusts, ./fediseer.ts). The list is read and parsed first; only a list
 * with at least one usable domain is stored, with its copy. A list that
 * could not be subscribed gives back the host access the options page asked
 * for it, unless something else uses that origin (utils/background/host-access.ts).
 */
import { discoverFires, firesList, listFiresDatasets, loadFiresSnapshot, syncFiresChanges } from '../../core/fires/consumer';
import { ListParseError, decodeListBytes, parseList, type ParsedList } from '../../core/lists';
import { labelCountsOf } from '../../core/lists/label-rules';
import { labelsInUse } from '../../core/lists/labels';
import { fetchListErrorMessage, listParseErrorMessage } from '../../i18n/error-messages';
import { t, tCount } from '../../i18n/translate';
import type { AccountKey, SubscriptionSource } from '../../protocol';
import { base64ToBytes } from '../../protocol/list-bytes';
import type { CachedList } from '../../db/list-cache';
import { giveBackAccessOnFailure } from '../host-access';
import { ReplyError } from '../reply-error';
import { fetchOptions, listCache, now, subscriptionEnvironment } from './environment';
import { explainFetchFailure } from './fetch-failures';
import { checkFediseerSettings, fediseerAddress, fediseerName, fetchFediseerCopy, type FediseerSettings } from './fediseer';
import { checkListUrl, createFiresHttp, fetchList } from './fetch-list';
import { loadLabelNames } from './fires-server';
import { FIRES_STATE_TYPE, stagingCache } from './list-copies';
import { isAllowlistName, lastSegment, nameForUrl, stripExtension } from './list-names';
import { listAllSubscriptions, listFileNameOf, listSubscriptions, subscriptionsItem, type StoredSubscription } from './subscription-store';

/**
 * Subscribes an account to a list. The list is fetched (or read from the file)
 * and parsed first; a failure throws a {@link ReplyError} and stores nothing.
 */
export async function addSubscription(accountKey: AccountKey, source: SubscriptionSource): Promise<StoredSubscription> {
  const id = subscriptionEnvironment().newId?.() ?? crypto.randomUUID();
  const existing = await listSubscriptions(accountKey);
  let prepared: { record: Omit<StoredSubscription, 'id' | 'accountKey' | 'silenceAs' | 'inConsensus' | 'isAllowlist' | 'addedAt'>; copy: CachedList };
  if (source?.kind === 'url') prepared = await giveBackAccessOnFailure(String(source.url), listAllSubscriptions, () => prepareUrl(id, source.url, existing));
  else if (source?.kind === 'file') prepared = prepareFile(id, source.fileName, fileText(source));
  else if (source?.kind === 'fires') {
    prepared = await giveBackAccessOnFailure(String(source.serverUrl), listAllSubscriptions, () =>
      prepareFires(id, source.serverUrl, source.datasetId, existing),
    );
  } else if (source?.kind === 'fediseer') {
    const settings = checkFediseerSettings(source.baseUrl, source.servers, source.threshold, source.reasons);
    prepared = await giveBackAccessOnFailure(settings.baseUrl, listAllSubscriptions, () => prepareFediseer(id, settings, existing));
  } else throw new ReplyError('invalid-input', t('bg_giveListSource'));

  const subscription: StoredSubscription = {
    ...prepared.record,
    id,
    accountKey,
    silenceAs: 'limit',
    inConsensus: true,
    // FediBlockHole allowlists are known by their name; FIRES marks its allowances per entry (`accept`).
    isAllowlist: isAllowlistName(listFileNameOf(prepared.record)),
    addedAt: now(),
  };
  await listCache().put(prepared.copy);
  await subscriptionsItem.setValue([...(await subscriptionsItem.getValue()), subscription]);
  return subscription;
}

async function prepareUrl(id: string, text: unknown, existing: readonly StoredSubscription[]) {
  if (typeof text !== 'string' || text.trim() === '') throw new ReplyError('invalid-input', t('bg_pasteListAddress'));
  const checked = checkListUrl(text);
  if ('error' in checked) throw new ReplyError('invalid-input', fetchListErrorMessage(checked.error));
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
      labels: labelsInUse(list.entries),
      labelCounts: labelCountsOf(list.entries),
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
      labels: labelsInUse(list.entries),
      labelCounts: labelCountsOf(list.entries),
      lastFetch: { at, result: 'ok' as const },
    },
    copy: { url: `file:${id}`, text, fetchedAt: at, checkedAt: at },
  };
}

async function prepareFires(id: string, serverUrl: unknown, datasetId: unknown, existing: readonly StoredSubscription[]) {
  if (typeof serverUrl !== 'string' || serverUrl.trim() === '') throw new ReplyError('invalid-input', t('bg_giveFiresServer'));
  if (typeof datasetId !== 'string' || datasetId.trim() === '') throw new ReplyError('invalid-input', t('bg_giveFiresDataset'));
  const checked = checkListUrl(serverUrl);
  if ('error' in checked) throw new ReplyError('invalid-input', fetchListErrorMessage(checked.error));
  const http = createFiresHttp(checked.url.origin, fetchOptions());
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
    const labels = await loadLabelNames(http, server);
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
        labels: labelsInUse(list.entries),
        labelCounts: labelCountsOf(list.entries),
        lastFetch: { at, result: 'ok' as const },
      },
      copy: { url: `fires:${id}`, text: JSON.stringify(synced.state), contentType: FIRES_STATE_TYPE, fetchedAt: at, checkedAt: at },
    };
  } catch (error) {
    if (error instanceof ReplyError) throw error;
    throw await explainFetchFailure(error, checked.url.toString());
  }
}

async function prepareFediseer(id: string, settings: FediseerSettings, existing: readonly StoredSubscription[]) {
  const url = fediseerAddress(settings, 'censures');
  const twin = existing.find((subscription) => subscription.origin === 'fediseer' && subscription.url === url);
  if (twin) throw new ReplyError('invalid-input', t('bg_alreadySubscribedFediseer', twin.name));
  const cacheKey = `fediseer:${id}`;
  let fresh;
  try {
    fresh = await fetchFediseerCopy(settings, cacheKey, undefined);
  } catch (error) {
    throw await explainFetchFailure(error, url);
  }
  if (fresh === 'not-modified') throw new ReplyError('list-error', t('bg_couldNotKeepCopy'));
  requireEntries(fresh.list);
  return {
    record: {
      name: fediseerName(settings),
      origin: 'fediseer' as const,
      url,
      fediseer: settings,
      cacheKey,
      entryCount: fresh.list.entries.length,
      skippedCount: fresh.list.skipped.length,
      labels: labelsInUse(fresh.list.entries),
      labelCounts: labelCountsOf(fresh.list.entries),
      lastFetch: { at: now(), result: 'ok' as const },
    },
    copy: fresh.copy,
  };
}

function requireEntries(list: ParsedList): void {
  if (list.entries.length > 0) return;
  // The skip codes, as the parse report's code column shows them: the same in every language.
  const reasons = [...new Set(list.skipped.map((row) => row.reason))].join(', ');
  throw new ReplyError('list-error', list.skipped.length > 0 ? tCount('bg_listNothingUsable', list.skipped.length, reasons) : t('bg_listNoDomain'));
}
