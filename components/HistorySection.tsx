import type { HedgeError, HedgeState, ReplyValue, RunSummary } from '../utils/protocol';
import type { SendIntent } from '../utils/ui/intents';
import { t, uiLanguage, type MessageKey } from '../utils/i18n/translate';
import { formatDateTime } from '../utils/ui/format';
import { downloadFile } from '../utils/ui/download';
import { useIntentData } from '../utils/ui/use-intent-data';
import { lostGroupsOfSnapshots } from '../utils/ui/lost-groups';
import { usePageState } from '../utils/ui/use-page-state';
import { DataTable, type DataTableColumn } from './DataTable';
import { DomainName } from './DomainName';
import { ExpiredEntries } from './ExpiredEntries';
import { ErrorNotice } from './ErrorNotice';
import { LostAccounts } from './LostAccounts';
import { PlanConfirm } from './PlanConfirm';

const STATUS_LABEL: Record<RunSummary['status'], MessageKey> = {
  running: 'runStatusRunning',
  paused: 'runStatusPaused',
  done: 'runStatusDone',
  cancelled: 'runStatusCancelled',
  failed: 'runStatusFailed',
  'stopped-unauthorized': 'runStatusUnauthorized',
};

type Snapshot = ReplyValue<'hedge/list-relationship-snapshots'>[number];

interface HistorySectionProps {
  state: HedgeState;
  send: SendIntent;
  onError: (error: HedgeError) => void;
}

/** Options › History: every run with its failures, undo, and the follows saved before blocks with their CSV. */
export function HistorySection({ state, send, onError }: HistorySectionProps) {
  const runs = useIntentData(send, { type: 'hedge/list-runs' }, state.builtAt);
  const snapshots = useIntentData(send, { type: 'hedge/list-relationship-snapshots' }, state.builtAt);
  const page = usePageState(send, onError);
  const language = uiLanguage();

  async function downloadSnapshot(snapshotId: string, side: 'following' | 'followers'): Promise<void> {
    const reply = await page.act({ type: 'hedge/relationship-snapshot-csv', snapshotId, side });
    if (reply.ok) downloadFile(reply.value);
  }

  const snapshotColumns: Array<DataTableColumn<Snapshot>> = [
    { key: 'domain', header: t('columnDomain'), cell: (snapshot) => <DomainName domain={snapshot.domain} /> },
    { key: 'taken', header: t('columnTaken'), cell: (snapshot) => formatDateTime(snapshot.takenAt, language) },
    { key: 'following', header: t('columnFollowing'), cell: (snapshot) => snapshot.followingCount },
    { key: 'followers', header: t('columnFollowers'), cell: (snapshot) => snapshot.followersCount },
    {
      key: 'actions',
      header: t('columnActions'),
      isHeaderHidden: true,
      cell: (snapshot) => (
        <div class="row">
          <button
            type="button"
            class="button button--quiet button--small"
            aria-describedby={`snapshot-${snapshot.snapshotId}-download`}
            onClick={() => void downloadSnapshot(snapshot.snapshotId, 'following')}
          >
            {t('downloadCsv')}
          </button>
          {/* A description, not the name: the name must contain the visible text (WCAG 2.5.3 Label in Name). */}
          <span id={`snapshot-${snapshot.snapshotId}-download`} class="visually-hidden">
            {t('snapshotDownload', snapshot.domain)}
          </span>
          {snapshot.followersCount > 0 ? (
            <>
              <button
                type="button"
                class="button button--quiet button--small"
                aria-describedby={`snapshot-${snapshot.snapshotId}-followers`}
                onClick={() => void downloadSnapshot(snapshot.snapshotId, 'followers')}
              >
                {t('downloadFollowers')}
              </button>
              <span id={`snapshot-${snapshot.snapshotId}-followers`} class="visually-hidden">
                {t('snapshotDownloadFollowers', snapshot.domain)}
              </span>
            </>
          ) : null}
        </div>
      ),
    },
  ];

  return (
    <div class="stack">
      {page.plan ? <PlanConfirm plan={page.plan} send={send} title={t('undoTitle')} onDone={page.closePlan} onError={onError} /> : null}
      <section class="stack" aria-labelledby="runs-title">
        <h2 id="runs-title">{t('runsTitle')}</h2>
        {runs.error ? <ErrorNotice error={runs.error} onDismiss={runs.dismissError} /> : null}
        {runs.value?.length === 0 ? <p class="muted">{t('runsEmpty')}</p> : null}
        {runs.value?.map((run) => (
          <article key={run.runId} class="card stack" aria-labelledby={`run-${run.runId}`}>
            <h3 id={`run-${run.runId}`} class="no-margin">
              {formatDateTime(run.startedAt, language)} · {t(STATUS_LABEL[run.status])}
            </h3>
            <p class="no-margin">{t('runCounts', run.added, run.removed, run.failures.length)}</p>
            {run.failures.length > 0 ? (
              <details>
                <summary>{t('runFailuresShow')}</summary>
                <ul>
                  {run.failures.map((failure) => (
                    <li key={`${failure.change}-${failure.domain}`}>
                      <DomainName domain={failure.domain} />: {failure.message}
                      {failure.serverMessage ? (
                        <>
                          {' '}
                          {t('errorServerSaid')} <q>{failure.serverMessage}</q>
                        </>
                      ) : null}
                    </li>
                  ))}
                </ul>
              </details>
            ) : null}
            {run.isUndoable ? (
              <div class="row">
                <button type="button" class="button button--quiet button--small" aria-describedby={`run-${run.runId}`} onClick={() => void page.askPlan({ type: 'hedge/undo-run', runId: run.runId })}>
                  {t('undoRun')}
                </button>
              </div>
            ) : null}
          </article>
        ))}
      </section>
      <ExpiredEntries state={state} send={send} />
      <section class="stack" aria-labelledby="snapshots-title">
        <h2 id="snapshots-title">{t('snapshotsTitle')}</h2>
        <p class="muted no-margin">
          {t('snapshotsHint')}
        </p>
        {snapshots.error ? <ErrorNotice error={snapshots.error} onDismiss={snapshots.dismissError} /> : null}
        {snapshots.value ? (
          <DataTable
            caption={t('snapshotsTitle')}
            columns={snapshotColumns}
            rows={snapshots.value}
            rowKey={(snapshot) => snapshot.snapshotId}
            empty={<p class="muted">{t('snapshotsEmpty')}</p>}
          />
        ) : null}
        {snapshots.value ? <LostAccounts groups={lostGroupsOfSnapshots(snapshots.value)} title={t('lostTitleSaved')} /> : null}
      </section>
    </div>
  );
}
