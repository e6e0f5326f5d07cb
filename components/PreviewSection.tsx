import { useMemo, useState } from 'preact/hooks';
import type { HedgeError, PlanPreview, PlannedChangeView } from '../utils/protocol';
import type { SendIntent } from '../utils/ui/intents';
import { t, tCount, uiLanguage, type MessageKey } from '../utils/i18n/translate';
import { formatDuration, formatNumber } from '../utils/ui/format';
import { displayDomain } from '../utils/ui/domain-display';
import { commentsAddingToLabels } from '../utils/ui/reasons';
import { sourceLabel } from '../utils/ui/source-names';
import { DomainName } from './DomainName';
import { ImportAlternative } from './ImportAlternative';
import { SourceList } from './SourceList';

type SortKey = 'domain' | 'change' | 'sources' | 'following' | 'followers';

const COLUMNS: Array<{ key: SortKey; label: MessageKey }> = [
  { key: 'domain', label: 'columnDomain' },
  { key: 'change', label: 'columnAction' },
  { key: 'sources', label: 'columnSources' },
  { key: 'following', label: 'columnFollowing' },
  { key: 'followers', label: 'columnFollowers' },
];

export interface PreviewSectionProps {
  send: SendIntent;
  onError: (error: HedgeError) => void;
}

/**
 * Options › Preview: the plan as a table to search, sort and trim before
 * applying. Left-out rows go to `confirm-plan` as `excludeDomains`; the time
 * shown shrinks with them, as each operation costs one request.
 */
export function PreviewSection({ send, onError }: PreviewSectionProps) {
  const [plan, setPlan] = useState<PlanPreview | null>(null);
  const [isLoading, setLoading] = useState(false);
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; isAscending: boolean }>({ key: 'domain', isAscending: true });
  const [excluded, setExcluded] = useState<ReadonlySet<string>>(new Set());
  const [startedRun, setStartedRun] = useState(false);

  async function build(): Promise<void> {
    setLoading(true);
    setStartedRun(false);
    const reply = await send({ type: 'hedge/preview' });
    setLoading(false);
    if (reply.ok) {
      setPlan(reply.value);
      setExcluded(new Set());
    } else onError(reply.error);
  }

  async function apply(): Promise<void> {
    if (!plan) return;
    const reply = await send({ type: 'hedge/confirm-plan', planId: plan.planId, excludeDomains: [...excluded] });
    if (!reply.ok) {
      onError(reply.error);
      return;
    }
    setPlan(null);
    setStartedRun(true);
  }

  async function discard(): Promise<void> {
    if (!plan) return;
    const reply = await send({ type: 'hedge/discard-plan', planId: plan.planId });
    if (!reply.ok) onError(reply.error);
    setPlan(null);
  }

  async function resolve(domain: string, resolution: 'keep-unblocked' | 'block-again'): Promise<void> {
    const reply = await send({ type: 'hedge/resolve-conflict', domain, resolution });
    if (reply.ok) void build();
    else onError(reply.error);
  }

  const rows = useMemo(() => {
    if (!plan) return [];
    const needle = query.trim().toLowerCase();
    const all = [...plan.add, ...plan.remove];
    const matching = needle === '' ? all : all.filter((row) => searchText(row).includes(needle));
    const direction = sort.isAscending ? 1 : -1;
    return matching.sort((a, b) => direction * compare(a, b, sort.key));
  }, [plan, query, sort]);

  const language = uiLanguage();
  const operations = plan ? plan.operationCount - excluded.size : 0;
  const estimatedMs = plan && plan.operationCount > 0 ? (plan.estimatedMs * operations) / plan.operationCount : 0;

  return (
    <div class="stack">
      <p style={{ margin: 0 }}>{t('previewIntro')}</p>
      <div class="row">
        <button type="button" class="button" disabled={isLoading} onClick={() => void build()}>
          {plan ? t('previewRebuild') : t('previewBuild')}
        </button>
        {isLoading ? <span role="status">{t('previewBuilding')}</span> : null}
        {startedRun ? <span role="status">{t('previewStarted')}</span> : null}
      </div>
      {plan ? (
        <>
          <p role="status" style={{ margin: 0 }}>
            {t('previewCounts', plan.add.length, plan.remove.length, plan.unchangedCount)}
          </p>
          <ImportAlternative plan={plan} send={send} excludeDomains={[...excluded]} onError={onError} />
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
          <div class="table-scroll">
            <table>
              <caption class="visually-hidden">{t('previewCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('columnInclude')}</th>
                  {COLUMNS.map((column) => (
                    <th
                      key={column.key}
                      scope="col"
                      aria-sort={sort.key === column.key ? (sort.isAscending ? 'ascending' : 'descending') : 'none'}
                    >
                      <button
                        type="button"
                        class="sort-button"
                        onClick={() => setSort((current) => ({ key: column.key, isAscending: current.key === column.key ? !current.isAscending : true }))}
                      >
                        {t(column.label)}
                      </button>
                    </th>
                  ))}
                  <th scope="col">{t('columnReasons')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={`${row.change}-${row.domain}`} class={excluded.has(row.domain) ? 'is-excluded' : undefined}>
                    <td>
                      <input
                        type="checkbox"
                        checked={!excluded.has(row.domain)}
                        aria-label={t('includeDomain', displayDomain(row.domain).unicode)}
                        onChange={(event) => {
                          const isIncluded = (event.target as HTMLInputElement).checked;
                          setExcluded((current) => {
                            const next = new Set(current);
                            if (isIncluded) next.delete(row.domain);
                            else next.add(row.domain);
                            return next;
                          });
                        }}
                      />
                    </td>
                    <td>
                      <DomainName domain={row.domain} />
                    </td>
                    <td>{row.change === 'add' ? t('actionBlock') : t('actionUnblock')}</td>
                    <td>
                      <SourceList sources={row.sources} />
                    </td>
                    <td>{row.impact ? formatNumber(row.impact.followingCount, language) : '—'}</td>
                    <td>{row.impact ? formatNumber(row.impact.followersCount, language) : '—'}</td>
                    <td>
                      {row.labels.length > 0 ? <span class="labels">{row.labels.join(', ')}</span> : null}
                      {commentsAddingToLabels(row.labels, row.comments).map((comment) => (
                        <p key={comment} class="muted" style={{ margin: 0 }}>
                          {comment}
                        </p>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
            </>
          ) : null}
          <p style={{ margin: 0 }}>
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
        </>
      ) : null}
    </div>
  );
}

function searchText(row: PlannedChangeView): string {
  const shown = displayDomain(row.domain);
  return [shown.ascii, shown.unicode, ...row.labels, ...row.comments, ...row.sources.map(sourceLabel)].join(' ').toLowerCase();
}

function compare(a: PlannedChangeView, b: PlannedChangeView, key: SortKey): number {
  switch (key) {
    case 'domain':
      return a.domain.localeCompare(b.domain);
    case 'change':
      return a.change.localeCompare(b.change) || a.domain.localeCompare(b.domain);
    case 'sources':
      return a.sources.length - b.sources.length || a.domain.localeCompare(b.domain);
    case 'following':
      return (a.impact?.followingCount ?? -1) - (b.impact?.followingCount ?? -1);
    case 'followers':
      return (a.impact?.followersCount ?? -1) - (b.impact?.followersCount ?? -1);
  }
}
