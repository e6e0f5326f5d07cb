import { useState } from 'preact/hooks';
import type { HedgeError, HedgeState, PlanPreview, RunSummary } from '../utils/protocol';
import type { SendIntent } from '../utils/ui/intents';
import { t, uiLanguage, type MessageKey } from '../utils/i18n/translate';
import { formatDateTime } from '../utils/ui/format';
import { downloadFile } from '../utils/ui/download';
import { useIntentData } from '../utils/ui/use-intent-data';
import { DomainName } from './DomainName';
import { ErrorNotice } from './ErrorNotice';
import { PlanConfirm } from './PlanConfirm';

const STATUS_LABEL: Record<RunSummary['status'], MessageKey> = {
  running: 'runStatusRunning',
  paused: 'runStatusPaused',
  done: 'runStatusDone',
  cancelled: 'runStatusCancelled',
  failed: 'runStatusFailed',
  'stopped-unauthorized': 'runStatusUnauthorized',
};

export interface HistorySectionProps {
  state: HedgeState;
  send: SendIntent;
  onError: (error: HedgeError) => void;
}

/** Options › History: every run with its failures, undo, and the follows saved before blocks with their CSV. */
export function HistorySection({ state, send, onError }: HistorySectionProps) {
  const runs = useIntentData(send, { type: 'hedge/list-runs' }, state.builtAt);
  const snapshots = useIntentData(send, { type: 'hedge/list-relationship-snapshots' }, state.builtAt);
  const [plan, setPlan] = useState<PlanPreview | null>(null);
  const language = uiLanguage();

  async function undo(runId: string): Promise<void> {
    const reply = await send({ type: 'hedge/undo-run', runId });
    if (reply.ok) setPlan(reply.value);
    else onError(reply.error);
  }
  async function downloadSnapshot(snapshotId: string): Promise<void> {
    const reply = await send({ type: 'hedge/relationship-snapshot-csv', snapshotId });
    if (reply.ok) downloadFile(reply.value);
    else onError(reply.error);
  }

  return (
    <div class="stack">
      {plan ? <PlanConfirm plan={plan} send={send} title={t('undoTitle')} onDone={() => setPlan(null)} onError={onError} /> : null}
      <section class="stack" aria-labelledby="runs-title">
        <h2 id="runs-title">{t('runsTitle')}</h2>
        {runs.error ? <ErrorNotice error={runs.error} onDismiss={runs.dismissError} /> : null}
        {runs.value?.length === 0 ? <p class="muted">{t('runsEmpty')}</p> : null}
        {runs.value?.map((run) => (
          <article key={run.runId} class="card stack" aria-labelledby={`run-${run.runId}`}>
            <h3 id={`run-${run.runId}`} style={{ margin: 0 }}>
              {formatDateTime(run.startedAt, language)} · {t(STATUS_LABEL[run.status])}
            </h3>
            <p style={{ margin: 0 }}>{t('runCounts', run.added, run.removed, run.failures.length)}</p>
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
                <button type="button" class="button button--quiet button--small" aria-describedby={`run-${run.runId}`} onClick={() => void undo(run.runId)}>
                  {t('undoRun')}
                </button>
              </div>
            ) : null}
          </article>
        ))}
      </section>
      <section class="stack" aria-labelledby="snapshots-title">
        <h2 id="snapshots-title">{t('snapshotsTitle')}</h2>
        <p class="muted" style={{ margin: 0 }}>
          {t('snapshotsHint')}
        </p>
        {snapshots.error ? <ErrorNotice error={snapshots.error} onDismiss={snapshots.dismissError} /> : null}
        {snapshots.value?.length === 0 ? <p class="muted">{t('snapshotsEmpty')}</p> : null}
        {snapshots.value && snapshots.value.length > 0 ? (
          <div class="table-scroll">
            <table>
              <caption class="visually-hidden">{t('snapshotsTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('columnDomain')}</th>
                  <th scope="col">{t('columnTaken')}</th>
                  <th scope="col">{t('columnFollowing')}</th>
                  <th scope="col">{t('columnFollowers')}</th>
                  <th scope="col">
                    <span class="visually-hidden">{t('columnActions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {snapshots.value.map((snapshot) => (
                  <tr key={snapshot.snapshotId}>
                    <td>
                      <DomainName domain={snapshot.domain} />
                    </td>
                    <td>{formatDateTime(snapshot.takenAt, language)}</td>
                    <td>{snapshot.followingCount}</td>
                    <td>{snapshot.followersCount}</td>
                    <td>
                      <button
                        type="button"
                        class="button button--quiet button--small"
                        aria-describedby={`snapshot-${snapshot.snapshotId}-download`}
                        onClick={() => void downloadSnapshot(snapshot.snapshotId)}
                      >
                        {t('downloadCsv')}
                      </button>
                      {/* A description, not the name: the name must contain the visible text (WCAG 2.5.3 Label in Name). */}
                      <span id={`snapshot-${snapshot.snapshotId}-download`} class="visually-hidden">
                        {t('snapshotDownload', snapshot.domain)}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </div>
  );
}
