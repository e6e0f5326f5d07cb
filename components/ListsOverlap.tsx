import { outcomeAt, type ThresholdOutcome } from '../utils/core/list-overlap';
import { listFormat, numberFormat } from '../utils/i18n/intl-formats';
import { t, tCount, uiLanguage } from '../utils/i18n/translate';
import type { ConsensusSetting, ListOverlapView } from '../utils/protocol';
import type { SendIntent } from '../utils/ui/intents';
import { formatNumber } from '../utils/ui/format';
import { useIntentData } from '../utils/ui/use-intent-data';
import { ErrorNotice } from './ErrorNotice';
import { OverlapHistogram, OverlapIntersections } from './OverlapCharts';
import './ListsOverlap.css';

interface ListsOverlapProps {
  send: SendIntent;
  /** Changes whenever the background's state does, to read the overlap again. */
  version: unknown;
  /** The threshold as the user is choosing it, saved or not. */
  threshold: ConsensusSetting;
}

/**
 * Options › Lists › How your lists overlap: the lists' overlap drawn, and what
 * the threshold being chosen would block, limit and only mark. The background
 * sends every threshold's numbers at once, so moving the threshold asks it
 * nothing. The tables under "Show the numbers" say everything the drawings do.
 */
export function ListsOverlap({ send, version, threshold }: ListsOverlapProps) {
  const data = useIntentData(send, { type: 'hedge/list-overlap' }, version);
  const overlap = data.value;
  if (data.error) return <ErrorNotice error={data.error} onDismiss={data.dismissError} />;
  if (overlap === null || overlap.lists.length === 0) return null;
  const language = uiLanguage();
  const isValid = isUsableThreshold(threshold);
  const { needed, outcome } = outcomeAt(overlap, isValid ? threshold : null);
  const names = (indexes: number[]) => listFormat(language, { type: 'conjunction' }).format(indexes.map((index) => overlap.lists[index]?.name ?? ''));
  const total = overlap.histogram.reduce((sum, count) => sum + count, 0);
  const shared = total - (overlap.histogram[0] ?? 0);
  const top = overlap.intersections[0];

  return (
    <section class="stack card overlap" aria-labelledby="overlap-title">
      <h3 id="overlap-title">{t('overlapTitle')}</h3>
      <p class="muted no-margin">{t('overlapHint')}</p>
      <p class="overlap-outcome" role="status" aria-live="polite">
        {isValid ? outcomeSentence(overlap, threshold, needed, outcome, language) : t('bg_consensusRange')}
      </p>

      <figure class="overlap-figure">
        <figcaption id="overlap-histogram-title">
          <strong>{t('overlapHistogramTitle')}</strong>{' '}
          <span id="overlap-histogram-summary">{t('overlapHistogramSummary', total, shared)}</span>
        </figcaption>
        <div class="table-scroll">
          <OverlapHistogram overlap={overlap} needed={needed} language={language} labelledBy="overlap-histogram-title" />
        </div>
        {needed !== null ? <p class="muted no-margin">{t('overlapLegendReached')}</p> : null}
      </figure>

      {top ? (
        <figure class="overlap-figure">
          <figcaption id="overlap-intersections-title">
            <strong>{t('overlapIntersectionsTitle')}</strong> <span>{tCount('overlapIntersectionsSummary', top.count, names(top.lists))}</span>
          </figcaption>
          <div class="table-scroll">
            <OverlapIntersections overlap={overlap} language={language} labelledBy="overlap-intersections-title" />
          </div>
        </figure>
      ) : null}

      <details>
        <summary>{t('overlapShowTables')}</summary>
        <div class="stack table-scroll">
          <table>
            <caption>{t('overlapListsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('overlapColList')}</th>
                <th scope="col">{t('overlapColDomains')}</th>
              </tr>
            </thead>
            <tbody>
              {overlap.lists.map((list) => (
                <tr key={list.id}>
                  <th scope="row">{list.name}</th>
                  <td>{formatNumber(list.domainCount, language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table>
            <caption>{t('overlapHistogramTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('overlapColNamedBy')}</th>
                <th scope="col">{t('overlapColDomains')}</th>
              </tr>
            </thead>
            <tbody>
              {overlap.histogram.map((count, index) => (
                <tr key={index}>
                  <th scope="row">{tCount('overlapLists', index + 1)}</th>
                  <td>{formatNumber(count, language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table>
            <caption>{t('overlapIntersectionsTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('overlapColOnlyThese')}</th>
                <th scope="col">{t('overlapColDomains')}</th>
              </tr>
            </thead>
            <tbody>
              {overlap.intersections.map((item) => (
                <tr key={item.lists.join(',')}>
                  <th scope="row">{names(item.lists)}</th>
                  <td>{formatNumber(item.count, language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <OutcomeTable overlap={overlap} language={language} />
        </div>
      </details>
    </section>
  );
}

/** Every threshold's outcome, as the background computed it. */
function OutcomeTable({ overlap, language }: { overlap: ListOverlapView; language: string }) {
  const rows: Array<[string, ThresholdOutcome]> = [
    [t('overlapEachOnItsOwn'), overlap.withoutConsensus],
    ...overlap.byVotes.slice(0, overlap.voters).map((outcome, index): [string, ThresholdOutcome] => [t('overlapAtLeast', index + 1, overlap.voters), outcome]),
  ];
  return (
    <table>
      <caption>{t('overlapOutcomesCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('overlapColThreshold')}</th>
          <th scope="col">{t('overlapColBlocked')}</th>
          <th scope="col">{t('overlapColLimited')}</th>
          <th scope="col">{t('overlapColListed')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([label, outcome]) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            <td>{formatNumber(outcome.blocked, language)}</td>
            <td>{formatNumber(outcome.limited, language)}</td>
            <td>{formatNumber(outcome.listed, language)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Whether the threshold being typed is one the background would take (its own check: handlers/lists.ts). */
function isUsableThreshold(threshold: ConsensusSetting): boolean {
  if (threshold === null) return true;
  if (threshold.kind === 'count') return Number.isInteger(threshold.min) && threshold.min >= 1;
  return Number.isFinite(threshold.min) && threshold.min > 0 && threshold.min <= 100;
}

function outcomeSentence(overlap: ListOverlapView, threshold: ConsensusSetting, needed: number | null, outcome: ThresholdOutcome, language: string): string {
  const { blocked, limited, listed } = outcome;
  if (threshold === null || needed === null || overlap.voters === 0) return t('overlapOutcomeOwn', blocked, limited, listed);
  if (threshold.kind === 'percent') {
    const share = numberFormat(language, { style: 'percent', maximumFractionDigits: 1 }).format(threshold.min / 100);
    return t('overlapOutcomePercent', share, needed, overlap.voters, blocked, limited, listed);
  }
  return t('overlapOutcomeCount', needed, overlap.voters, blocked, limited, listed);
}
