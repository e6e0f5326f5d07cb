import { useState } from 'preact/hooks';
import type { ParseReportView, SilenceTreatment, SubscriptionView } from '../utils/protocol';
import { t, tCount, uiLanguage, type MessageKey } from '../utils/i18n/translate';
import { formatDateTime } from '../utils/ui/format';
import type { PageState } from '../utils/ui/use-page-state';
import { LabelRulesChooser } from './LabelRulesChooser';
import { ApplyFor } from './ApplyFor';
import { ParseReport } from './ParseReport';

const FETCH_RESULT_LABEL: Record<NonNullable<SubscriptionView['lastFetch']>['result'], MessageKey> = {
  ok: 'fetchOk',
  'not-modified': 'fetchNotModified',
  held: 'fetchHeld',
  failed: 'fetchFailed',
};

interface SubscriptionCardProps {
  subscription: SubscriptionView;
  act: PageState['act'];
  onUnsubscribe: () => void;
}

/** A subscribed list in Options › Lists: its counts and last fetch, how it counts, Refresh now, its parse report, Unsubscribe. */
export function SubscriptionCard({ subscription, act, onUnsubscribe }: SubscriptionCardProps) {
  const language = uiLanguage();
  const [report, setReport] = useState<ParseReportView | null>(null);
  const idBase = `subscription-${subscription.id}`;

  async function update(fields: { silenceAs?: SilenceTreatment; inConsensus?: boolean; isAllowlist?: boolean; applyForDays?: number | null }): Promise<void> {
    await act({ type: 'hedge/subscription-update', subscriptionId: subscription.id, ...fields });
  }
  async function showReport(): Promise<void> {
    const reply = await act({ type: 'hedge/parse-report', subscriptionId: subscription.id });
    if (reply.ok) setReport(reply.value);
  }

  const fetch = subscription.lastFetch;
  return (
    <article class="card stack" aria-labelledby={`${idBase}-name`}>
      <h3 id={`${idBase}-name`} class="no-margin">
        {subscription.name}
      </h3>
      {subscription.url ? (
        <p class="muted" style={{ margin: 0, overflowWrap: 'anywhere' }}>
          {subscription.url}
        </p>
      ) : null}
      <p class="no-margin">
        {t('subscriptionCounts', tCount('countEntries', subscription.entryCount), tCount('countRowsSkipped', subscription.skippedCount))}{' '}
        {fetch ? t('subscriptionLastFetch', formatDateTime(fetch.at, language), t(FETCH_RESULT_LABEL[fetch.result])) : t('subscriptionNeverFetched')}
      </p>
      {subscription.labels.length > 0 ? <p class="muted no-margin labels">{t('listLabels', subscription.labels.join(', '))}</p> : null}
      {fetch?.message ? <p class="muted no-margin">{fetch.message}</p> : null}
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
      <ApplyFor idBase={idBase} days={subscription.applyForDays} onChange={(applyForDays) => void update({ applyForDays })} />
      <label class="row">
        <input
          type="checkbox"
          checked={subscription.inConsensus}
          onChange={(event) => void update({ inConsensus: (event.target as HTMLInputElement).checked })}
        />
        {t('inConsensusLabel')}
      </label>
      <label class="row">
        <input
          type="checkbox"
          checked={subscription.isAllowlist}
          aria-describedby={`${idBase}-allowlist-hint`}
          onChange={(event) => void update({ isAllowlist: (event.target as HTMLInputElement).checked })}
        />
        {t('isAllowlistLabel')}
      </label>
      <p id={`${idBase}-allowlist-hint`} class="muted no-margin">
        {t('isAllowlistHint')}
      </p>
      {/* An allowlist's entries all allow, whatever their labels: there is nothing to choose. */}
      {subscription.labelCounts.length > 0 && !subscription.isAllowlist ? <LabelRulesChooser subscription={subscription} act={act} /> : null}
      <div class="row">
        {/* An imported file is read once (listFileHint): there is nothing to fetch again. */}
        {subscription.origin === 'file' ? null : (
          <button
            type="button"
            class="button button--quiet button--small"
            onClick={() => void act({ type: 'hedge/subscription-refresh', subscriptionId: subscription.id })}
            aria-describedby={`${idBase}-name`}
          >
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
