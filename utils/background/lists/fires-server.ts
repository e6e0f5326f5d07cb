/**
 * What a FIRES server offers, for the options page's chooser: its datasets
 * with their size and the labels they use, read through the same port and
 * rules as a subscription (fetch-list.ts `createFiresHttp`: one origin, a
 * timeout, a size cap). Each dataset's size comes from its snapshot, which
 * the FIRES protocol offers as the way to read a dataset's current state
 * (fedimod/fires docs/reference/protocol/data-model/datasets.md); a dataset
 * object itself carries no count.
 */
import { discoverFires, firesList, listFiresDatasets, loadFiresLabels, loadFiresSnapshot, type FiresDataset, type FiresServer } from '../../core/fires/consumer';
import type { FiresHttp } from '../../core/ports';
import { labelsInUse } from '../../core/lists/labels';
import { fetchListErrorMessage } from '../../i18n/error-messages';
import { t } from '../../i18n/translate';
import type { FiresDatasetView, FiresServerView } from '../../protocol';
import { giveBackAccessOnFailure } from '../host-access';
import { ReplyError } from '../reply-error';
import { fetchOptions } from './environment';
import { explainFetchFailure } from './fetch-failures';
import { checkListUrl, createFiresHttp } from './fetch-list';
import { listAllSubscriptions } from './subscription-store';

/**
 * Snapshots read to count the datasets: a server with more shows the rest
 * without a count. Unauthenticated clients may make 100 requests per 5 minutes
 * (mastodon-facts.md, "Public lists"), and subscribing needs some of them too.
 */
const MAX_COUNTED_DATASETS = 12;

/** The datasets of the FIRES server at `serverUrl`; a failure throws a {@link ReplyError} in words. */
export async function browseFiresServer(serverUrl: unknown): Promise<FiresServerView> {
  if (typeof serverUrl !== 'string' || serverUrl.trim() === '') throw new ReplyError('invalid-input', t('bg_giveFiresServer'));
  const checked = checkListUrl(serverUrl.trim());
  if ('error' in checked) throw new ReplyError('invalid-input', fetchListErrorMessage(checked.error));
  const address = checked.url.toString();
  return giveBackAccessOnFailure(address, listAllSubscriptions, async () => {
    const http = createFiresHttp(checked.url.origin, fetchOptions());
    let server: FiresServer;
    let datasets: FiresDataset[];
    try {
      server = await discoverFires(http, address);
      datasets = await listFiresDatasets(http, server);
    } catch (error) {
      throw await explainFetchFailure(error, address);
    }
    if (datasets.length === 0) throw new ReplyError('not-found', t('bg_firesNoDatasets', server.origin));
    const labels = await loadLabelNames(http, server);
    const views = await Promise.all(datasets.map((dataset, index) => (index < MAX_COUNTED_DATASETS ? describeDataset(http, dataset, labels) : uncounted(dataset))));
    return { origin: server.origin, datasets: views };
  });
}

/** Label names are a nicety: a server without a labels collection still gives usable datasets. */
export async function loadLabelNames(http: FiresHttp, server: FiresServer): Promise<Map<string, string>> {
  try {
    return await loadFiresLabels(http, server);
  } catch (error) {
    console.warn(`Hedge: ${server.origin} gave no label names; label ids are shown instead`, error);
    return new Map();
  }
}

async function describeDataset(http: FiresHttp, dataset: FiresDataset, labelNames: ReadonlyMap<string, string>): Promise<FiresDatasetView> {
  try {
    const { state } = await loadFiresSnapshot(http, dataset);
    const list = firesList(state, labelNames);
    return { ...uncounted(dataset), entryCount: list.entries.length, labels: labelsInUse(list.entries) };
  } catch (error) {
    // The dataset can still be chosen: subscribing reads the snapshot again and explains a failure then.
    console.warn(`Hedge: could not read the snapshot of ${dataset.id} to count it`, error);
    return uncounted(dataset);
  }
}

function uncounted(dataset: FiresDataset): FiresDatasetView {
  return { id: dataset.id, name: dataset.name, ...(dataset.summary === undefined ? {} : { summary: dataset.summary }), entryCount: null, labels: [] };
}
