/**
 * The user's controls of a run: pause, resume, cancel; and continuing the
 * runs a server's 401 stopped once the user has signed in again.
 */
import { browser } from 'wxt/browser';
import { ApplyController } from '../../core/apply/options';
import type { ApplyRun } from '../../core/apply/types';
import { listRunRecords } from '../../db/journal-store';
import { t } from '../../i18n/translate';
import { ReplyError } from '../reply-error';
import { clock, configuredEnvironment } from './environment';
import { RESUME_ALARM, WATCHDOG_PERIOD_MINUTES, driveRun, publishProgress, scheduleAlarms, startLeg } from './legs';
import { activeLegs, journal } from './worker-state';

/**
 * The run the controls act on: the given one, or the account's newest unfinished one. Never a run
 * of another account, whichever id the page sends.
 */
async function currentRun(accountKey: string, runId?: string): Promise<ApplyRun> {
  const run = runId === undefined
    ? (await listRunRecords(accountKey)).find((candidate) => candidate.state !== 'done' && candidate.state !== 'cancelled')
    : await journal.getRun(runId);
  if (!run || run.accountKey !== accountKey) throw new ReplyError('busy', t('bg_runNoneToControl'));
  return run;
}

/**
 * Continues an account's runs that its server's 401 stopped: called once the user has signed in
 * again, so that nothing queued waits for a second click. Does nothing before runs are configured.
 * @param accountKey - the account just signed in.
 */
export async function resumeRunsOfAccount(accountKey: string): Promise<void> {
  if (!configuredEnvironment()) return;
  const stopped = (await listRunRecords(accountKey)).filter((run) => run.state === 'unauthorized' && !activeLegs.has(run.id));
  for (const run of stopped.reverse()) await resumeRun(accountKey, run.id);
}

/**
 * Pauses a run after the request in flight. A paused run waits for the user.
 * @param accountKey - the account whose run it is.
 * @param runId - the run; the account's newest unfinished one when omitted.
 */
export async function pauseRun(accountKey: string, runId?: string): Promise<void> {
  const run = await currentRun(accountKey, runId);
  const leg = activeLegs.get(run.id);
  if (leg) {
    leg.controller.pause();
    await leg.done;
    return;
  }
  if (run.state === 'done' || run.state === 'cancelled') throw new ReplyError('busy', t('bg_runEnded'));
  await journal.putRun({ ...run, state: 'paused', updatedAt: clock().now() });
  await scheduleAlarms();
  await publishProgress();
}

/**
 * Resumes a paused, interrupted, waiting or unauthorised run now.
 * @param accountKey - the account whose run it is.
 * @param runId - the run; the account's newest unfinished one when omitted.
 */
export async function resumeRun(accountKey: string, runId?: string): Promise<void> {
  const run = await currentRun(accountKey, runId);
  if (run.state === 'done' || run.state === 'cancelled') throw new ReplyError('busy', t('bg_runEnded'));
  if (activeLegs.has(run.id)) return;
  await journal.putRun({ ...run, state: 'running', resumeAt: undefined, updatedAt: clock().now() });
  await browser.alarms.create(`${RESUME_ALARM}/watchdog`, { periodInMinutes: WATCHDOG_PERIOD_MINUTES });
  startLeg(run.id);
}

/**
 * Cancels a run: the request in flight is recorded, every unsent operation is
 * marked cancelled, an operation whose outcome was unclear is settled by
 * reading the server first. Resolves when the record is final.
 * @param accountKey - the account whose run it is.
 * @param runId - the run; the account's newest unfinished one when omitted.
 */
export async function cancelRun(accountKey: string, runId?: string): Promise<void> {
  const run = await currentRun(accountKey, runId);
  const leg = activeLegs.get(run.id);
  if (leg) {
    leg.controller.cancel();
    await leg.done;
    return;
  }
  if (run.state === 'done' || run.state === 'cancelled') return;
  const controller = new ApplyController();
  controller.cancel();
  await driveRun(run.id, controller);
}
