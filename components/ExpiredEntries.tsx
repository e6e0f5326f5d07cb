import type { ExpiredEntryView, HedgeState } from '../utils/protocol';
import type { SendIntent } from '../utils/ui/intents';
import { t, uiLanguage } from '../utils/i18n/translate';
import { formatDateTime } from '../utils/ui/format';
import { useIntentData } from '../utils/ui/use-intent-data';
import { DataTable, type DataTableColumn } from './DataTable';
import { DomainName } from './DomainName';
import { ErrorNotice } from './ErrorNotice';

interface ExpiredEntriesProps {
  state: HedgeState;
  send: SendIntent;
}

/**
 * Options › History › Expired entries: the "always block" entries and own limits Hedge took away
 * when the time the user chose was up (utils/background/expiry.ts), newest first. The runs above
 * show what that did on the server.
 */
export function ExpiredEntries({ state, send }: ExpiredEntriesProps) {
  const expired = useIntentData(send, { type: 'hedge/list-expired' }, state.builtAt);
  const language = uiLanguage();
  const columns: Array<DataTableColumn<ExpiredEntryView>> = [
    { key: 'domain', header: t('columnDomain'), cell: (entry) => <DomainName domain={entry.domain} /> },
    { key: 'entry', header: t('columnEntry'), cell: (entry) => (entry.list === 'always-block' ? t('alwaysBlock') : t('expiredOwnLimit')) },
    { key: 'expired', header: t('columnExpiredAt'), cell: (entry) => formatDateTime(entry.expiredAt, language) },
  ];
  return (
    <section class="stack" aria-labelledby="expired-title">
      <h2 id="expired-title">{t('expiredTitle')}</h2>
      <p class="muted no-margin">{t('expiredHint')}</p>
      {expired.error ? <ErrorNotice error={expired.error} onDismiss={expired.dismissError} /> : null}
      {expired.value ? (
        <DataTable
          caption={t('expiredTitle')}
          columns={columns}
          rows={expired.value}
          rowKey={(entry) => `${entry.list} ${entry.domain} ${entry.expiredAt}`}
          empty={<p class="muted">{t('expiredEmpty')}</p>}
        />
      ) : null}
    </section>
  );
}
