/**
 * What the pages show of runs: the progress of the unfinished one (popup,
 * toolbar badge) and the history of every run, with failures in words.
 */
import { summarizeRun } from '../../core/apply/entries';
import type { ApplyRun, JournalEntry, RunProgress } from '../../core/apply/types';
import { listRunRecords } from '../../db/journal-store';
import { applyFailureMessage } from '../../i18n/error-messages';
import { t } from '../../i18n/translate';
import type { RunProgress as RunProgressView, RunSummary } from '../../protocol';
import { journal, latestProgress } from './worker-state';

/**
 * The newest unfinished run (of one account when given) with its progress; null when none.
 * @param accountKey - the account, or all.
 */
export async function unfinishedRun(accountKey?: string): Promise<{ run: ApplyRun; progress: RunProgressView } | null> {
  const runs = await listRunRecords(accountKey);
  const run = runs.find((candidate) => candidate.state !== 'done' && candidate.state !== 'cancelled');
  if (!run) return null;
  const known = latestProgress.get(run.id);
  const progress = known && known.state === run.state ? known : summarizeRun(run, await journal.listEntries(run.id));
  return { run, progress: toProgressView(run, progress) };
}

/**
 * Progress of the newest unfinished run (of one account when given), for the
 * popup and the badge; null when none.
 * @param accountKey - the account, or all.
 */
export async function getRunProgress(accountKey?: string): Promise<RunProgressView | null> {
  return (await unfinishedRun(accountKey))?.progress ?? null;
}

function toProgressView(run: ApplyRun, progress: RunProgress): RunProgressView {
  const view: RunProgressView = {
    runId: run.id,
    accountKey: run.accountKey,
    done: progress.done,
    total: progress.total,
    failed: progress.failed,
    etaMs: progress.etaMs,
    isPaused: run.state === 'paused',
  };
  if (run.state === 'waiting' && run.resumeAt !== undefined) view.waitingUntil = run.resumeAt;
  return view;
}

/**
 * The history: every run (of one account when given), newest first.
 * @param accountKey - the account, or all.
 */
export async function listRuns(accountKey?: string): Promise<RunSummary[]> {
  const runs = await listRunRecords(accountKey);
  return Promise.all(runs.map(async (run) => toRunSummary(run, await journal.listEntries(run.id))));
}

/**
 * One run's record for the history.
 * @param run - the run.
 * @param entries - its journal.
 */
function toRunSummary(run: ApplyRun, entries: readonly JournalEntry[]): RunSummary {
  const done = entries.filter((entry) => entry.state === 'done');
  const statuses: Record<ApplyRun['state'], RunSummary['status']> = {
    running: 'running',
    waiting: 'running',
    interrupted: 'running',
    paused: 'paused',
    unauthorized: 'stopped-unauthorized',
    cancelled: 'cancelled',
    done: done.length === 0 && entries.some((entry) => entry.state === 'failed') ? 'failed' : 'done',
  };
  return {
    runId: run.id,
    accountKey: run.accountKey,
    startedAt: run.createdAt,
    endedAt: run.state === 'done' || run.state === 'cancelled' ? run.updatedAt : null,
    status: statuses[run.state],
    added: done.filter((entry) => entry.kind === 'add').length,
    removed: done.filter((entry) => entry.kind === 'remove').length,
    failures: entries
      .filter((entry) => entry.state === 'failed')
      .map((entry) => ({
        domain: entry.domain,
        change: entry.kind,
        message: entry.error ? applyFailureMessage(entry.error) : t('bg_runEntryFailed'),
        ...(entry.error?.status ? { serverMessage: `HTTP ${entry.error.status}` } : {}),
      })),
    isUndoable: (run.state === 'done' || run.state === 'cancelled') && done.length > 0,
  };
}
