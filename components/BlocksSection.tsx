import { useMemo, useState } from 'preact/hooks';
import type { BlockRow, HedgeError, HedgeState } from '../utils/protocol';
import type { SendIntent } from '../utils/ui/intents';
import { t, tCount, uiLanguage } from '../utils/i18n/translate';
import { FOREVER, durationOf, localDay, type DurationChoice } from '../utils/ui/duration';
import { displayDomain } from '../utils/ui/domain-display';
import { useIntentData } from '../utils/ui/use-intent-data';
import { usePageState, type PageState } from '../utils/ui/use-page-state';
import { sourceLabel } from '../utils/ui/source-names';
import { DataTable, type DataTableColumn } from './DataTable';
import { DomainName } from './DomainName';
import { DurationPicker } from './DurationPicker';
import { EntryUntil } from './EntryUntil';
import { ErrorNotice } from './ErrorNotice';
import { OwnLimits } from './OwnLimits';
import { PlanConfirm } from './PlanConfirm';
import { SourceList } from './SourceList';
import { SubdomainOffers } from './SubdomainOffers';

type OriginFilter = 'all' | 'user' | 'subscription' | 'preset';

interface BlocksSectionProps {
  state: HedgeState;
  send: SendIntent;
  onError: (error: HedgeError) => void;
}

/** Options › Blocks: every personal block with its origin, filter, search and unblock; "always" and "never" entries. */
export function BlocksSection({ state, send, onError }: BlocksSectionProps) {
  const blocks = useIntentData(send, { type: 'hedge/list-blocks' }, state.builtAt);
  const [filter, setFilter] = useState<OriginFilter>('all');
  const [query, setQuery] = useState('');
  const page = usePageState(send, onError);

  const rows = useMemo(() => {
    const needle = query.trim().toLowerCase();
    return (blocks.value ?? []).filter((row) => matchesFilter(row, filter) && (needle === '' || rowText(row).includes(needle)));
  }, [blocks.value, filter, query]);

  const columns: Array<DataTableColumn<BlockRow>> = [
    { key: 'domain', header: t('columnDomain'), cell: (row) => <DomainName domain={row.domain} /> },
    { key: 'origin', header: t('columnOrigin'), cell: (row) => (row.origin === 'user' ? t('sourceYou') : <SourceList sources={row.sources} />) },
    {
      key: 'actions',
      header: t('columnActions'),
      isHeaderHidden: true,
      cell: (row) => (
        <button
          type="button"
          class="button button--quiet button--small"
          aria-label={t('unblockDomain', displayDomain(row.domain).unicode)}
          onClick={() => void page.askPlan({ type: 'hedge/unblock', domain: row.domain })}
        >
          {t('unblock')}
        </button>
      ),
    },
  ];

  return (
    <div class="stack">
      {page.plan ? <PlanConfirm plan={page.plan} send={send} title={t('unblockTitle')} onDone={page.closePlan} onError={onError} /> : null}
      {blocks.error ? <ErrorNotice error={blocks.error} onDismiss={blocks.dismissError} /> : null}
      {state.serverBlocksVisibility === 'hidden' ? <p class="muted no-margin">{t('serverBlocksHidden')}</p> : null}
      <div class="row">
        <label for="blocks-filter">{t('blocksFilterLabel')}</label>
        <select id="blocks-filter" value={filter} onChange={(event) => setFilter((event.target as HTMLSelectElement).value as OriginFilter)}>
          <option value="all">{t('blocksFilterAll')}</option>
          <option value="user">{t('blocksFilterUser')}</option>
          <option value="subscription">{t('blocksFilterList')}</option>
          <option value="preset">{t('blocksFilterPreset')}</option>
        </select>
        <label for="blocks-search">{t('search')}</label>
        <input id="blocks-search" type="search" value={query} onInput={(event) => setQuery((event.target as HTMLInputElement).value)} />
        <button type="button" class="button button--quiet button--small" onClick={blocks.reload}>
          {t('reload')}
        </button>
      </div>
      {blocks.isLoading && blocks.value === null ? <p role="status">{t('loading')}</p> : null}
      {blocks.value !== null ? (
        <p class="no-margin" role="status">
          {tCount('blocksShown', rows.length, blocks.value.length)}
        </p>
      ) : null}
      <DataTable caption={t('blocksCaption')} columns={columns} rows={rows} rowKey={(row) => row.domain} />
      <SubdomainOffers state={state} send={send} onError={onError} />
      <ManualEntries state={state} act={page.act} />
      <OwnLimits state={state} act={page.act} />
    </div>
  );
}

function ManualEntries({ state, act }: { state: HedgeState; act: PageState['act'] }) {
  const [domain, setDomain] = useState('');
  const [list, setList] = useState<'always-block' | 'never-block'>('always-block');
  const [duration, setDuration] = useState<DurationChoice>(FOREVER);
  async function change(target: string, which: 'always-block' | 'never-block', action: 'add' | 'remove'): Promise<boolean> {
    // Only a new "always block" entry can expire; "until I remove it" sends no duration.
    const chosen = which === 'always-block' && action === 'add' ? durationOf(duration) : undefined;
    const reply = await act({ type: 'hedge/manual-entry', domain: target, list: which, action, ...(chosen ? { duration: chosen } : {}) });
    return reply.ok;
  }
  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    if (domain.trim() === '') return;
    if (await change(domain.trim(), list, 'add')) {
      setDomain('');
      setDuration(FOREVER);
    }
  }
  const entries = state.manualEntries;
  const language = uiLanguage();
  return (
    <section class="card stack" aria-labelledby="manual-title">
      <h2 id="manual-title">{t('manualTitle')}</h2>
      <p class="muted no-margin">
        {t('manualHint')}
      </p>
      {/* noValidate: a past date is refused by the background in Hedge's words and language, not by the browser's bubble. */}
      <form class="row" noValidate onSubmit={(event) => void submit(event)}>
        <label for="manual-domain">{t('columnDomain')}</label>
        <input id="manual-domain" type="text" spellcheck={false} value={domain} onInput={(event) => setDomain((event.target as HTMLInputElement).value)} />
        <label for="manual-list">{t('manualListLabel')}</label>
        <select id="manual-list" value={list} onChange={(event) => setList((event.target as HTMLSelectElement).value as typeof list)}>
          <option value="always-block">{t('alwaysBlock')}</option>
          <option value="never-block">{t('neverBlock')}</option>
        </select>
        {list === 'always-block' ? <DurationPicker id="manual" value={duration} onChange={setDuration} today={localDay(state.builtAt)} /> : null}
        <button type="submit" class="button button--small">
          {t('add')}
        </button>
      </form>
      {entries
        ? (
            [
              ['always-block', t('alwaysBlock'), entries.alwaysBlock],
              ['never-block', t('neverBlock'), entries.neverBlock],
            ] as const
          ).map(([which, title, domains]) => (
            <div key={which}>
              <h3>{title}</h3>
              {domains.length === 0 ? (
                <p class="muted">{t('none')}</p>
              ) : (
                <ul>
                  {domains.map((entry) => (
                    <li key={entry} class="row">
                      <DomainName domain={entry} />
                      <EntryUntil at={which === 'always-block' ? state.entryExpiry?.alwaysBlock[entry] : undefined} language={language} />
                      <button
                        type="button"
                        class="button button--quiet button--small"
                        aria-label={t('removeEntry', displayDomain(entry).unicode)}
                        onClick={() => void change(entry, which, 'remove')}
                      >
                        {t('remove')}
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          ))
        : null}
    </section>
  );
}

function matchesFilter(row: BlockRow, filter: OriginFilter): boolean {
  if (filter === 'all') return true;
  if (filter === 'user') return row.origin === 'user';
  return row.origin === 'hedge' && row.sources.some((source) => source.kind === filter);
}

function rowText(row: BlockRow): string {
  const shown = displayDomain(row.domain);
  return [shown.ascii, shown.unicode, ...row.sources.map(sourceLabel)].join(' ').toLowerCase();
}
