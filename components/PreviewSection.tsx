import type { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import type { HedgeError, ImporterOutcome, PlannedChangeView } from '../utils/protocol';
import type { SendIntent } from '../utils/ui/intents';
import { t, tCount, uiLanguage, type MessageKey } from '../utils/i18n/translate';
import { formatDuration, formatNumber } from '../utils/ui/format';
import { displayDomain } from '../utils/ui/domain-display';
import { lostGroupsOfChanges } from '../utils/ui/lost-groups';
import { planSearch } from '../utils/ui/plan-search';
import { commentsAddingToLabels } from '../utils/ui/reasons';
import { usePageState } from '../utils/ui/use-page-state';
import { DataTable, type DataTableColumn } from './DataTable';
import { DomainName } from './DomainName';
import { ImportAlternative } from './ImportAlternative';
import { LostAccounts } from './LostAccounts';
import { ServerImporter, importerOutcomeText } from './ServerImporter';
import { SourceList } from './SourceList';

type SortKey = 'domain' | 'change' | 'sources' | 'following' | 'followers';

/** Plans longer than this draw only the rows in view (components/DataTable.tsx). */
const WINDOWED_FROM_ROWS = 300;

/**
 * The order `localeCompare` gives without a locale, from one collator made once:
 * `localeCompare` may build one per call, which is far slower over 20,000 rows.
 */
const byDomain = new Intl.Collator().compare;

/** The columns the rows sort by, in order, with what each shows. */
const SORTABLE_COLUMNS: Array<{ key: SortKey; label: MessageKey; cell: (row: PlannedChangeView, language: string) => ComponentChildren }> = [
  { key: 'domain', label: 'columnDomain', cell: (row) => <DomainName domain={row.domain} /> },
  { key: 'change', label: 'columnAction', cell: (row) => (row.change === 'add' ? t('actionBlock') : t('actionUnblock')) },
  { key: 'sources', label: 'columnSources', cell: (row) => <SourceList sources={row.sources} /> },
  { key: 'following', label: 'columnFollowing', cell: (row, language) => (row.impact ? formatNumber(row.impact.followingCount, language) : '—') },
  { key: 'followers', label: 'columnFollowers', cell: (row, language) => (row.impact ? formatNumber(row.impact.followersCount, language) : '—') },
];

interface PreviewSectionProps {
  send: SendIntent;
  onError: (error: HedgeError) => void;
}

/**
 * Options › Preview: the plan as a table to search, sort and trim before
 * applying. Left-out rows go to `confirm-plan` as `excludeDomains`; the time
 * shown shrinks with them, as each operation costs one request.
 */
export function PreviewSection({ send, onError }: PreviewSectionProps) {
  const page = usePageState(send, onError);
  const plan = page.plan;
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; isAscending: boolean }>({ key: 'domain', isAscending: true });
  const [excluded, setExcluded] = useState<ReadonlySet<string>>(new Set());
  const [startedRun, setStartedRun] = useState(false);
  const [importerOutcome, setImporterOutcome] = useState<ImporterOutcome | null>(null);

  async function build(): Promise<void> {
    setStartedRun(false);
    setImporterOutcome(null);
    // A new plan starts with every row in; the plan and the emptied set both render before the next paint.
    if (await page.askPlan({ type: 'hedge/preview' })) setExcluded((current) => (current.size === 0 ? current : new Set()));
  }

  async function apply(): Promise<void> {
    if (!plan) return;
    const reply = await page.act({ type: 'hedge/confirm-plan', planId: plan.planId, excludeDomains: [...excluded] });
    if (!reply.ok) return;
    page.closePlan();
    setStartedRun(true);
  }

  /** The importer used the plan up: what is still missing is planned again, for the API engine or the file. */
  async function imported(outcome: ImporterOutcome): Promise<void> {
    page.closePlan();
    await build();
    setImporterOutcome(outcome);
  }

  async function discard(): Promise<void> {
    if (!plan) return;
    await page.act({ type: 'hedge/discard-plan', planId: plan.planId });
    page.closePlan();
  }

  async function resolve(domain: string, resolution: 'keep-unblocked' | 'block-again'): Promise<void> {
    const reply = await page.act({ type: 'hedge/resolve-conflict', domain, resolution });
    if (reply.ok) void build();
  }

  function setIncluded(domain: string, isIncluded: boolean): void {
    setExcluded((current) => {
      const next = new Set(current);
      if (isIncluded) next.delete(domain);
      else next.add(domain);
      return next;
    });
  }

  // Sorted once per plan and order; a search only filters that order, so typing never re-sorts 20,000 rows
  // (utils/ui/plan-search.ts).
  const sorted = useMemo(() => {
    if (!plan) return [];
    const direction = sort.isAscending ? 1 : -1;
    return [...plan.add, ...plan.remove].sort((a, b) => direction * compare(a, b, sort.key));
  }, [plan, sort]);
  const search = useMemo(() => planSearch(), [plan]);
  // Whom the blocks left in cut, counted once per plan and choice of rows, not on every keystroke.
  const lostGroups = useMemo(() => (plan ? lostGroupsOfChanges(plan.add.filter((change) => !excluded.has(change.domain))) : []), [plan, excluded]);
  const rows = useMemo(() => {
    return query.trim() === '' ? sorted : sorted.filter(search(query));
  }, [sorted, search, query]);

  const language = uiLanguage();
  const columns: Array<DataTableColumn<PlannedChangeView>> = [
    {
      key: 'include',
      header: t('columnInclude'),
      cell: (row) => (
        <input
          type="checkbox"
          checked={!excluded.has(row.domain)}
          aria-label={t('includeDomain', displayDomain(row.domain).unicode)}
          onChange={(event) => setIncluded(row.domain, (event.target as HTMLInputElement).checked)}
        />
      ),
    },
    ...SORTABLE_COLUMNS.map(({ key, label, cell }): DataTableColumn<PlannedChangeView> => ({
      key,
      header: t(label),
      sort: {
        direction: sort.key === key ? (sort.isAscending ? 'ascending' : 'descending') : 'none',
        onSort: () => setSort((current) => ({ key, isAscending: current.key === key ? !current.isAscending : true })),
      },
      cell: (row) => cell(row, language),
    })),
    {
      key: 'reasons',
      header: t('columnReasons'),
      cell: (row) => (
        <>
          {row.labels.length > 0 ? <span class="labels">{row.labels.join(', ')}</span> : null}
          {row.ruleLabels ? <p class="no-margin rule-labels">{t('previewRuleLabels', row.ruleLabels.join(', '))}</p> : null}
          {commentsAddingToLabels(row.labels, row.comments).map((comment) => (
            <p key={comment} class="muted no-margin">
              {comment}
            </p>
          ))}
        </>
      ),
    },
  ];
  const operations = plan ? plan.operationCount - excluded.size : 0;
  const estimatedMs = plan && plan.operationCount > 0 ? (plan.estimatedMs * operations) / plan.operationCount : 0;

  return (
    <div class="stack">
      <p class="no-margin">{t('previewIntro')}</p>
      <div class="row">
        <button type="button" class="button" disabled={page.isAskingPlan} onClick={() => void build()}>
          {plan ? t('previewRebuild') : t('previewBuild')}
        </button>
        {page.isAskingPlan ? <span role="status">{t('previewBuilding')}</span> : null}
        {startedRun ? <span role="status">{t('previewStarted')}</span> : null}
      </div>
      {importerOutcome ? (
        <p class="no-margin" role="status">
          {importerOutcomeText(importerOutcome)}
        </p>
      ) : null}
      {plan ? (
        <>
          <p class="no-margin" role="status">
            {t('previewCounts', plan.add.length, plan.remove.length, plan.unchangedCount)}
          </p>
          {/* Whom the blocks left in cut: a row left out cuts nobody. */}
          <LostAccounts groups={lostGroups} title={t('lostTitle')} />
          <ImportAlternative plan={plan} send={send} excludeDomains={[...excluded]} onError={onError} />
          <ServerImporter key={plan.planId} plan={plan} send={send} excludeDomains={[...excluded]} onSent={(outcome) => void imported(outcome)} onError={onError} />
          {plan.conflicts.length > 0 ? (
            <section class="card stack" aria-labelledby="conflicts-title">
              <h3 id="conflicts-title">{tCount('planConflicts', plan.conflicts.length)}</h3>
              {plan.conflicts.map((conflict) => (
                <div key={conflict.domain} class="row">
                  <DomainName domain={conflict.domain} />
                  <span>{conflict.message}</span>
                  <button type="button" class="button button--quiet button--small" onClick={() => void resolve(conflict.domain, 'keep-unblocked')}>
                    {t('conflictKeepUnblocked')}
                  </button>
                  <button type="button" class="button button--quiet button--small" onClick={() => void resolve(conflict.domain, 'block-again')}>
                    {t('conflictBlockAgain')}
                  </button>
                </div>
              ))}
            </section>
          ) : null}
          {plan.add.length + plan.remove.length > 0 ? (
            <>
              <div class="row">
                <label for="preview-search">{t('search')}</label>
                <input id="preview-search" type="search" value={query} onInput={(event) => setQuery((event.target as HTMLInputElement).value)} />
              </div>
              <DataTable
                caption={t('previewCaption')}
                columns={columns}
                rows={rows}
                rowKey={(row) => `${row.change}-${row.domain}`}
                rowClass={(row) => (excluded.has(row.domain) ? 'is-excluded' : undefined)}
                isKeptWhenEmpty
                windowedFrom={WINDOWED_FROM_ROWS}
              />
            </>
          ) : null}
          <div class="stack sticky-actions">
            <p class="no-margin">
              {operations > 0 ? tCount('previewRunTime', operations, formatDuration(estimatedMs, language)) : t('planNothing')}
            </p>
            <div class="row">
              <button type="button" class="button" disabled={operations === 0} onClick={() => void apply()}>
                {t('previewApply')}
              </button>
              <button type="button" class="button button--quiet" onClick={() => void discard()}>
                {t('previewDiscard')}
              </button>
            </div>
          </div>
        </>
      ) : null}
    </div>
  );
}

function compare(a: PlannedChangeView, b: PlannedChangeView, key: SortKey): number {
  switch (key) {
    case 'domain':
      return byDomain(a.domain, b.domain);
    case 'change':
      return byDomain(a.change, b.change) || byDomain(a.domain, b.domain);
    case 'sources':
      return a.sources.length - b.sources.length || byDomain(a.domain, b.domain);
    case 'following':
      return (a.impact?.followingCount ?? -1) - (b.impact?.followingCount ?? -1);
    case 'followers':
      return (a.impact?.followersCount ?? -1) - (b.impact?.followersCount ?? -1);
  }
}
