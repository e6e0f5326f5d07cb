import type { HedgeState } from '../utils/protocol';
import { t, uiLanguage } from '../utils/i18n/translate';
import { formatNumber, formatRelativeTime } from '../utils/ui/format';

interface StatusPanelProps {
  state: HedgeState;
  now: number;
}

/** What Hedge does for the active account, in numbers. */
export function StatusPanel({ state, now }: StatusPanelProps) {
  const language = uiLanguage();
  const rows: Array<[string, string]> = [
    [t('statusLists'), formatNumber(state.subscriptions.length, language)],
    [t('statusBlockedByHedge'), formatNumber(state.counts.blockedByHedge, language)],
    [t('statusLimited'), formatNumber(state.counts.limited, language)],
    [t('statusLastRefresh'), state.refresh.lastAt === null ? t('never') : formatRelativeTime(state.refresh.lastAt, now, language)],
    [t('statusNextRefresh'), state.refresh.nextAt === null ? t('notScheduled') : formatRelativeTime(state.refresh.nextAt, now, language)],
  ];
  return (
    <section class="status-panel" aria-labelledby="status-title">
      <h2 id="status-title" class="visually-hidden">
        {t('statusTitle')}
      </h2>
      <dl class="status-panel__list">
        {rows.map(([term, value]) => (
          <div key={term} class="status-panel__item">
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {/* The web UI cannot show the server's limits then: say so where the user checks what Hedge marks. */}
      {state.serverBlocksVisibility === 'hidden' ? <p class="muted status-panel__note">{t('serverBlocksHidden')}</p> : null}
    </section>
  );
}
