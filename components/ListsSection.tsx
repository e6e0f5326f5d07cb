import { useState } from 'preact/hooks';
import type { ConsensusSetting, HedgeError, HedgeState, ParseReportView, PlanPreview, SilenceTreatment, SubscriptionSource, SubscriptionView } from '../utils/protocol';
import type { SendIntent } from '../utils/ui/intents';
import { CATALOG, type CatalogList, type CatalogMethod } from '../utils/core/catalog';
import type { SkipReason } from '../utils/core/lists/types';
import { t, tCount, tOptional, uiLanguage, type MessageKey } from '../utils/i18n/translate';
import { formatDate, formatDateTime, formatNumber } from '../utils/ui/format';
import { bytesToBase64 } from '../utils/protocol/list-bytes';
import { csvField, downloadFile } from '../utils/ui/download';
import { SKIP_REASON_MESSAGES } from '../utils/i18n/skip-reason-messages';
import { PlanConfirm } from './PlanConfirm';
import { requestListPermission } from '../utils/permissions/list-permission';

const METHOD_LABEL: Record<CatalogMethod, MessageKey> = {
  consensus: 'methodConsensus',
  curated: 'methodCurated',
  'consensus-curated': 'methodConsensusCurated',
};

const FETCH_RESULT_LABEL: Record<NonNullable<SubscriptionView['lastFetch']>['result'], MessageKey> = {
  ok: 'fetchOk',
  'not-modified': 'fetchNotModified',
  held: 'fetchHeld',
  failed: 'fetchFailed',
};

/** The words for a skip reason code (the code stays beside them); a code from a newer version shows as it is. */
function skipReasonText(code: string): string {
  return Object.hasOwn(SKIP_REASON_MESSAGES, code) ? t(SKIP_REASON_MESSAGES[code as SkipReason]) : code;
}

export interface ListsSectionProps {
  state: HedgeState;
  send: SendIntent;
  onError: (error: HedgeError) => void;
}

/** Options › Lists: the catalog, adding a list (URL, file, FIRES), each subscription's settings and report, the consensus threshold. */
export function ListsSection({ state, send, onError }: ListsSectionProps) {
  const [plan, setPlan] = useState<PlanPreview | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const subscribedUrls = new Set(state.subscriptions.map((subscription) => subscription.url));

  async function add(source: SubscriptionSource): Promise<boolean> {
    // Host access to the list's server lets the background read it whatever its CORS headers; it must be
    // asked for within the click, before any await. Refused or unavailable, the background still tries and explains.
    if (source.kind !== 'file') await askListPermission(source.kind === 'url' ? source.url : source.serverUrl);
    const reply = await send({ type: 'hedge/subscription-add', source });
    if (!reply.ok) {
      onError(reply.error);
      return false;
    }
    setNotice(tCount('listAdded', reply.value.entryCount, reply.value.name));
    return true;
  }

  async function unsubscribe(subscriptionId: string): Promise<void> {
    const reply = await send({ type: 'hedge/subscription-remove', subscriptionId });
    if (reply.ok) setPlan(reply.value);
    else onError(reply.error);
  }

  return (
    <div class="stack">
      {notice ? (
        <p role="status" class="card">
          {notice}
        </p>
      ) : null}
      {plan ? <PlanConfirm plan={plan} send={send} title={t('unsubscribeTitle')} onDone={() => setPlan(null)} onError={onError} /> : null}

      <section class="stack" aria-labelledby="subscriptions-title">
        <h2 id="subscriptions-title">{t('subscriptionsTitle')}</h2>
        {state.subscriptions.length === 0 ? <p class="muted">{t('subscriptionsEmpty')}</p> : null}
        {state.subscriptions.map((subscription) => (
          <SubscriptionCard key={subscription.id} subscription={subscription} send={send} onError={onError} onUnsubscribe={() => void unsubscribe(subscription.id)} />
        ))}
      </section>

      <section class="stack" aria-labelledby="catalog-title">
        <h2 id="catalog-title">{t('catalogTitle')}</h2>
        <ul class="catalog">
          {CATALOG.map((list) => (
            <CatalogCard key={list.id} list={list} isSubscribed={subscribedUrls.has(list.url)} onSubscribe={() => void add({ kind: 'url', url: list.url })} />
          ))}
        </ul>
      </section>

      <section class="stack" aria-labelledby="add-list-title">
        <h2 id="add-list-title">{t('addListTitle')}</h2>
        <AddByUrlForm onAdd={(url) => add({ kind: 'url', url })} />
        <ImportFileForm onAdd={(fileName, base64) => add({ kind: 'file', fileName, base64 })} />
        <FiresForm onAdd={(serverUrl, datasetId) => add({ kind: 'fires', serverUrl, datasetId })} />
      </section>

      <section class="stack" aria-labelledby="all-lists-title">
        <h2 id="all-lists-title">{t('allListsTitle')}</h2>
        <ConsensusForm consensus={state.consensus} send={send} onError={onError} />
        <RefreshIntervalForm hours={state.refresh.intervalHours} send={send} onError={onError} />
      </section>
    </div>
  );
}

function CatalogCard({ list, isSubscribed, onSubscribe }: { list: CatalogList; isSubscribed: boolean; onSubscribe: () => void }) {
  const language = uiLanguage();
  const titleId = `catalog-${list.id}`;
  return (
    <li class="card stack catalog__item" aria-labelledby={titleId}>
      <div class="row" style={{ justifyContent: 'space-between' }}>
        <h3 id={titleId} style={{ margin: 0 }}>
          {list.name} {list.isArchived ? <span class="badge">{t('archived')}</span> : null}
        </h3>
        {list.isArchived || list.format === 'fires' ? null : (
          <button type="button" class="button button--small" disabled={isSubscribed} onClick={onSubscribe} aria-describedby={titleId}>
            {isSubscribed ? t('subscribed') : t('subscribe')}
          </button>
        )}
      </div>
      <p style={{ margin: 0 }}>{tOptional(`catalog_${list.id.replaceAll('-', '_')}_covers`) ?? list.covers}</p>
      <dl class="facts">
        <dt>{t('catalogMaintainer')}</dt>
        <dd>{list.maintainer}</dd>
        <dt>{t('catalogMethod')}</dt>
        <dd>{t(METHOD_LABEL[list.method])}</dd>
        <dt>{t('catalogSize')}</dt>
        <dd>{list.size === null ? t('catalogSizeVaries') : formatNumber(list.size, language)}</dd>
        <dt>{t('catalogUpdated')}</dt>
        <dd>{list.updatedOn ? formatDate(Date.parse(list.updatedOn), language) : '—'}</dd>
        <dt>{t('catalogUrl')}</dt>
        <dd>
          <a href={list.homepage} target="_blank" rel="noreferrer noopener">
            {list.url}
          </a>
        </dd>
      </dl>
      {list.isArchived && list.archivedOn ? <p class="muted" style={{ margin: 0 }}>{t('archivedOn', formatDate(Date.parse(list.archivedOn), language))}</p> : null}
      {list.format === 'fires' ? <p class="muted" style={{ margin: 0 }}>{t('catalogFiresHint')}</p> : null}
    </li>
  );
}

function SubscriptionCard({
  subscription,
  send,
  onError,
  onUnsubscribe,
}: {
  subscription: SubscriptionView;
  send: SendIntent;
  onError: (error: HedgeError) => void;
  onUnsubscribe: () => void;
}) {
  const language = uiLanguage();
  const [report, setReport] = useState<ParseReportView | null>(null);
  const idBase = `subscription-${subscription.id}`;

  async function update(fields: { silenceAs?: SilenceTreatment; inConsensus?: boolean }): Promise<void> {
    const reply = await send({ type: 'hedge/subscription-update', subscriptionId: subscription.id, ...fields });
    if (!reply.ok) onError(reply.error);
  }
  async function refresh(): Promise<void> {
    const reply = await send({ type: 'hedge/subscription-refresh', subscriptionId: subscription.id });
    if (!reply.ok) onError(reply.error);
  }
  async function showReport(): Promise<void> {
    const reply = await send({ type: 'hedge/parse-report', subscriptionId: subscription.id });
    if (reply.ok) setReport(reply.value);
    else onError(reply.error);
  }

  const fetch = subscription.lastFetch;
  return (
    <article class="card stack" aria-labelledby={`${idBase}-name`}>
      <h3 id={`${idBase}-name`} style={{ margin: 0 }}>
        {subscription.name}
      </h3>
      {subscription.url ? (
        <p class="muted" style={{ margin: 0, overflowWrap: 'anywhere' }}>
          {subscription.url}
        </p>
      ) : null}
      <p style={{ margin: 0 }}>
        {t('subscriptionCounts', tCount('countEntries', subscription.entryCount), tCount('countRowsSkipped', subscription.skippedCount))}{' '}
        {fetch ? t('subscriptionLastFetch', formatDateTime(fetch.at, language), t(FETCH_RESULT_LABEL[fetch.result])) : t('subscriptionNeverFetched')}
      </p>
      {fetch?.message ? <p class="muted" style={{ margin: 0 }}>{fetch.message}</p> : null}
      <div class="row">
        <label for={`${idBase}-silence`}>{t('silenceTreatmentLabel')}</label>
        <select
          id={`${idBase}-silence`}
          value={subscription.silenceAs}
          onChange={(event) => void update({ silenceAs: (event.target as HTMLSelectElement).value as SilenceTreatment })}
        >
          <option value="limit">{t('silenceAsLimit')}</option>
          <option value="block">{t('silenceAsBlock')}</option>
        </select>
      </div>
      <label class="row">
        <input
          type="checkbox"
          checked={subscription.inConsensus}
          onChange={(event) => void update({ inConsensus: (event.target as HTMLInputElement).checked })}
        />
        {t('inConsensusLabel')}
      </label>
      <div class="row">
        {/* An imported file is read once (listFileHint): there is nothing to fetch again. */}
        {subscription.origin === 'file' ? null : (
          <button type="button" class="button button--quiet button--small" onClick={() => void refresh()} aria-describedby={`${idBase}-name`}>
            {t('refreshNow')}
          </button>
        )}
        <button type="button" class="button button--quiet button--small" onClick={() => void showReport()} aria-describedby={`${idBase}-name`}>
          {t('parseReport')}
        </button>
        <button type="button" class="button button--danger button--small" onClick={onUnsubscribe} aria-describedby={`${idBase}-name`}>
          {t('unsubscribe')}
        </button>
      </div>
      {report ? <ParseReport report={report} name={subscription.name} onClose={() => setReport(null)} /> : null}
    </article>
  );
}

function ParseReport({ report, name, onClose }: { report: ParseReportView; name: string; onClose: () => void }) {
  function download(): void {
    const rows = [
      'line,reason,code,text',
      ...report.skipped.map((row) => [String(row.line), skipReasonText(row.reason), row.reason, row.text].map(csvField).join(',')),
    ];
    downloadFile({ fileName: `${name.replace(/[^\w.-]+/g, '-')}-skipped.csv`, mimeType: 'text/csv', text: `${rows.join('\r\n')}\r\n` });
  }
  return (
    <div class="stack">
      <p style={{ margin: 0 }}>{t('parseReportSummary', tCount('countEntriesRead', report.entryCount), tCount('countRowsSkipped', report.skipped.length))}</p>
      {report.skipped.length > 0 ? (
        <div class="table-scroll">
          <table>
            <caption class="visually-hidden">{t('parseReportSkippedCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('parseReportLine')}</th>
                <th scope="col">{t('parseReportReason')}</th>
                <th scope="col">{t('parseReportCode')}</th>
                <th scope="col">{t('parseReportText')}</th>
              </tr>
            </thead>
            <tbody>
              {report.skipped.map((row) => (
                <tr key={`${row.line}-${row.text}`}>
                  <td>{row.line}</td>
                  <td>{skipReasonText(row.reason)}</td>
                  <td>
                    <code>{row.reason}</code>
                  </td>
                  <td>
                    <code>{row.text}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <div class="row">
        {report.skipped.length > 0 ? (
          <button type="button" class="button button--quiet button--small" onClick={download}>
            {t('parseReportDownload')}
          </button>
        ) : null}
        <button type="button" class="button button--quiet button--small" onClick={onClose}>
          {t('close')}
        </button>
      </div>
    </div>
  );
}

function AddByUrlForm({ onAdd }: { onAdd: (url: string) => Promise<boolean> }) {
  const [url, setUrl] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    const parsed = URL.canParse(url.trim()) ? new URL(url.trim()) : null;
    if (!parsed || (parsed.protocol !== 'https:' && parsed.hostname !== '127.0.0.1' && parsed.hostname !== 'localhost')) {
      setProblem(t('listUrlProblem'));
      return;
    }
    setProblem(null);
    if (await onAdd(parsed.href)) setUrl('');
  }
  return (
    <form class="stack card" onSubmit={(event) => void submit(event)} noValidate>
      <label for="list-url">{t('listUrlLabel')}</label>
      <div class="row">
        <input id="list-url" type="url" value={url} placeholder="https://" style={{ flex: 1 }} aria-invalid={problem !== null} aria-describedby="list-url-hint list-url-problem" onInput={(event) => setUrl((event.target as HTMLInputElement).value)} />
        <button type="submit" class="button">
          {t('subscribe')}
        </button>
      </div>
      <p id="list-url-hint" class="muted" style={{ margin: 0 }}>
        {t('listUrlHint')}
      </p>
      {problem ? (
        <p id="list-url-problem" role="alert" class="field-problem" style={{ margin: 0 }}>
          {problem}
        </p>
      ) : null}
    </form>
  );
}

/** The largest list file Hedge reads, as Mastodon's own import allows (20 MB: mastodon-facts.md). */
const MAX_LIST_FILE_BYTES = 20 * 1024 * 1024;

/** Sends the file's bytes, not `file.text()` (always UTF-8): the background's parser reads UTF-16 lists too. */
function ImportFileForm({ onAdd }: { onAdd: (fileName: string, base64: string) => Promise<boolean> }) {
  const [problem, setProblem] = useState<string | null>(null);
  async function pick(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    if (file.size > MAX_LIST_FILE_BYTES) {
      setProblem(t('listFileTooLarge', file.name));
      input.value = '';
      return;
    }
    setProblem(null);
    await onAdd(file.name, bytesToBase64(new Uint8Array(await file.arrayBuffer())));
    input.value = '';
  }
  return (
    <div class="stack card">
      <label for="list-file">{t('listFileLabel')}</label>
      <input id="list-file" type="file" accept=".csv,.txt,.json,text/csv,text/plain,application/json" aria-describedby="list-file-hint" onChange={(event) => void pick(event)} />
      <p id="list-file-hint" class="muted" style={{ margin: 0 }}>
        {t('listFileHint')}
      </p>
      {problem ? (
        <p role="alert" class="field-problem" style={{ margin: 0 }}>
          {problem}
        </p>
      ) : null}
    </div>
  );
}

function FiresForm({ onAdd }: { onAdd: (serverUrl: string, datasetId: string) => Promise<boolean> }) {
  const [serverUrl, setServerUrl] = useState('');
  const [datasetId, setDatasetId] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    if (!URL.canParse(serverUrl.trim()) || datasetId.trim() === '') {
      setProblem(t('firesProblem'));
      return;
    }
    setProblem(null);
    if (await onAdd(new URL(serverUrl.trim()).origin, datasetId.trim())) {
      setServerUrl('');
      setDatasetId('');
    }
  }
  return (
    <form class="stack card" onSubmit={(event) => void submit(event)} noValidate>
      <p style={{ margin: 0 }}>{t('firesIntro')}</p>
      <label for="fires-server">{t('firesServerLabel')}</label>
      <input id="fires-server" type="url" value={serverUrl} placeholder="https://" onInput={(event) => setServerUrl((event.target as HTMLInputElement).value)} />
      <label for="fires-dataset">{t('firesDatasetLabel')}</label>
      <input id="fires-dataset" type="text" value={datasetId} onInput={(event) => setDatasetId((event.target as HTMLInputElement).value)} />
      <div class="row">
        <button type="submit" class="button">
          {t('firesAdd')}
        </button>
      </div>
      {problem ? (
        <p role="alert" class="field-problem" style={{ margin: 0 }}>
          {problem}
        </p>
      ) : null}
    </form>
  );
}

function ConsensusForm({ consensus, send, onError }: { consensus: ConsensusSetting; send: SendIntent; onError: (error: HedgeError) => void }) {
  const [kind, setKind] = useState<'off' | 'count' | 'percent'>(consensus?.kind ?? 'off');
  const [min, setMin] = useState(consensus?.min ?? 2);
  const [saved, setSaved] = useState(false);
  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    const value: ConsensusSetting = kind === 'off' ? null : { kind, min };
    const reply = await send({ type: 'hedge/set-consensus', consensus: value });
    if (reply.ok) setSaved(true);
    else onError(reply.error);
  }
  return (
    <form class="stack card" onSubmit={(event) => void submit(event)}>
      <fieldset class="stack" style={{ border: 0, padding: 0, margin: 0 }}>
        <legend>
          <strong>{t('consensusTitle')}</strong>
        </legend>
        <p class="muted" style={{ margin: 0 }}>
          {t('consensusHint')}
        </p>
        <div class="row">
          <label for="consensus-kind">{t('consensusKindLabel')}</label>
          <select id="consensus-kind" value={kind} onChange={(event) => { setKind((event.target as HTMLSelectElement).value as typeof kind); setSaved(false); }}>
            <option value="off">{t('consensusOff')}</option>
            <option value="count">{t('consensusCount')}</option>
            <option value="percent">{t('consensusPercent')}</option>
          </select>
          {kind === 'off' ? null : (
            <>
              <label for="consensus-min">{kind === 'count' ? t('consensusMinLists') : t('consensusMinPercent')}</label>
              <input
                id="consensus-min"
                type="number"
                min={1}
                max={kind === 'percent' ? 100 : 99}
                value={min}
                style={{ inlineSize: '5rem' }}
                onInput={(event) => { setMin(Number((event.target as HTMLInputElement).value)); setSaved(false); }}
              />
            </>
          )}
          <button type="submit" class="button button--small">
            {t('save')}
          </button>
          {saved ? <span role="status">{t('saved')}</span> : null}
        </div>
      </fieldset>
    </form>
  );
}

function RefreshIntervalForm({ hours, send, onError }: { hours: number; send: SendIntent; onError: (error: HedgeError) => void }) {
  async function change(event: Event): Promise<void> {
    const reply = await send({ type: 'hedge/set-refresh-interval', hours: Number((event.target as HTMLSelectElement).value) });
    if (!reply.ok) onError(reply.error);
  }
  const choices = [6, 12, 24, 48, 168];
  return (
    <div class="row card">
      <label for="refresh-interval">{t('refreshIntervalLabel')}</label>
      <select id="refresh-interval" value={String(hours)} onChange={(event) => void change(event)}>
        {(choices.includes(hours) ? choices : [...choices, hours].sort((a, b) => a - b)).map((value) => (
          <option key={value} value={String(value)}>
            {tCount('everyHours', value)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Asks for host access to a list's server; a refusal or a browser without the prompt is not an error here. */
async function askListPermission(url: string): Promise<void> {
  try {
    await requestListPermission(url);
  } catch (error) {
    console.warn('Hedge: could not ask for access to the list’s server', error);
  }
}
