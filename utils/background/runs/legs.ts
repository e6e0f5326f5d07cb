/**
 * Driving runs: one leg of a run applies its operations until it ends, waits
 * past the point a worker may sleep, or is paused or cancelled. What stops a
 * leg continues from the journal:
 * - `runtime.onStartup`, the `online` event and the service worker's own start
 *   call {@link resumeInterruptedRuns};
 * - while a run is unfinished, a periodic alarm does the same, so that a
 *   worker stopped in the middle of a leg is woken within a minute;
 * - a run waiting for the next rate-limit window (up to 5 minutes on Mastodon)
 *   ends its leg and sets an alarm for the reset, instead of sleeping in a
 *   worker that the browser would stop after 30 idle seconds.
 */
import { browser } from 'wxt/browser';
import { applyRun } from '../../core/apply/engine';
import { ApplyController, type ApplyResult } from '../../core/apply/options';
import type { ApplyRun } from '../../core/apply/types';
import type { DomainBlockApi } from '../../core/ports';
import { RateLimiter } from '../../core/rate-limit';
import { deleteAccountData } from '../../db/account-data';
import { listResumableRuns } from '../../db/journal-store';
import { updateBadge } from '../badge';
import { MAX_INLINE_WAIT_MS, clock, configuredEnvironment, requireEnvironment } from './environment';
import { unfinishedRun } from './progress';
import { activeLegs, journal, latestProgress, limiters, type ActiveLeg } from './worker-state';

/** Pages and badge follow a run's progress at most this often, and at once when its state changes. */
const PUBLISH_INTERVAL_MS = 500;
let lastPublishedAt = 0;

/** The alarm that wakes the worker to continue unfinished runs. */
export const RESUME_ALARM = 'hedge/resume-runs';

/** The periodic check while a run is unfinished, in minutes (Chrome's minimum is 0.5). */
export const WATCHDOG_PERIOD_MINUTES = 1;

/** Drives a run without waiting for it; a failure leaves the run for the watchdog to continue. */
export function startLeg(runId: string): void {
  driveRun(runId).catch((error: unknown) => console.error(`Hedge: run ${runId} stopped; it will be resumed`, error));
}

/**
 * Drives one run until its leg ends; returns the running leg when there is one.
 * A run of a signed-out account is marked `unauthorized` and waits.
 */
export function driveRun(runId: string, controller = new ApplyController()): Promise<ApplyResult | undefined> {
  const running = activeLegs.get(runId);
  if (running) return running.done;
  // Claimed before the first await: a worker woken by an alarm is asked at once by its own start,
  // by the alarm and by onStartup, and two legs of one run would send its operations twice.
  const leg: ActiveLeg = { controller, done: Promise.resolve(undefined) };
  activeLegs.set(runId, leg);
  leg.done = runLeg(runId, leg);
  return leg.done;
}

async function runLeg(runId: string, leg: ActiveLeg): Promise<ApplyResult | undefined> {
  const release = () => {
    if (activeLegs.get(runId) === leg) activeLegs.delete(runId);
  };
  let isApplying = false;
  try {
    const env = requireEnvironment();
    const run = await journal.getRun(runId);
    if (!run) return undefined;
    leg.accountKey = run.accountKey;
    let api = await env.domainBlocksFor(run.accountKey);
    if (!api) {
      if (leg.controller.request !== 'cancel') {
        release();
        await journal.putRun({ ...run, state: 'unauthorized', reason: 'You are signed out of this account. Sign in again to continue.', updatedAt: clock().now() });
        await publishProgress();
        return undefined;
      }
      api = OFFLINE_API;
    }
    let limiter = limiters.get(run.accountKey);
    if (!limiter) {
      limiter = run.rateLimit ? RateLimiter.fromSnapshot(run.rateLimit) : new RateLimiter();
      limiters.set(run.accountKey, limiter);
    }
    isApplying = true;
    const result = await applyRun(
      runId,
      {
        api,
        journal,
        clock: clock(),
        limiter,
        maxInlineWaitMs: env.maxInlineWaitMs ?? MAX_INLINE_WAIT_MS,
        onProgress: (progress) => {
          const previous = latestProgress.get(runId);
          latestProgress.set(runId, { ...progress, accountKey: run.accountKey });
          // Pages and badge follow at most every half second, and at once when the state changes.
          const now = Date.now();
          if (previous?.state !== progress.state || now - lastPublishedAt >= PUBLISH_INTERVAL_MS) {
            lastPublishedAt = now;
            void publishProgress().catch((error: unknown) => console.warn('Hedge: could not show the progress', error));
          }
        },
      },
      leg.controller,
    );
    latestProgress.set(runId, { ...result.progress, accountKey: run.accountKey });
    return result;
  } finally {
    release();
    if (isApplying) {
      await scheduleAlarms();
      await publishProgress();
    }
  }
}

/** Answers every request "no connection": used to cancel a run of a signed-out account. */
const OFFLINE_API: DomainBlockApi = {
  create: async () => ({ status: 0, error: 'signed out' }),
  remove: async () => ({ status: 0, error: 'signed out' }),
  listPage: async () => ({ status: 0, error: 'signed out', domains: [] }),
};

/**
 * Continues every run that may go on without the user (`running`, `waiting`
 * when its window has reset, `interrupted` when its retry time has come).
 * Called at worker start, browser start, by the alarm and when the network is back.
 */
export async function resumeInterruptedRuns(): Promise<void> {
  if (!configuredEnvironment()) return;
  const now = clock().now();
  const due = (await listResumableRuns()).filter((run) => !activeLegs.has(run.id) && (run.resumeAt === undefined || run.resumeAt <= now));
  // One account's runs go one after the other; different accounts in parallel.
  const byAccount = new Map<string, ApplyRun[]>();
  for (const run of due) byAccount.set(run.accountKey, [...(byAccount.get(run.accountKey) ?? []), run]);
  await Promise.all(
    [...byAccount.values()].map(async (runs) => {
      for (const run of runs) await driveRun(run.id);
    }),
  );
  await scheduleAlarms();
}

/** Sets the alarm for the earliest waiting run and keeps the watchdog only while something is unfinished. */
export async function scheduleAlarms(): Promise<void> {
  const resumable = await listResumableRuns();
  const nextAt = Math.min(...resumable.map((run) => run.resumeAt ?? Number.POSITIVE_INFINITY));
  if (Number.isFinite(nextAt)) await browser.alarms.create(RESUME_ALARM, { when: Math.max(nextAt, Date.now() + 1000) });
  else await browser.alarms.clear(RESUME_ALARM);
  if (resumable.length === 0 && activeLegs.size === 0) await browser.alarms.clear(`${RESUME_ALARM}/watchdog`);
}

/** Cancels an account's running legs, then deletes its data: the sign-out cleaner. */
export async function forgetAccountRuns(accountKey: string): Promise<void> {
  const legs = [...activeLegs.values()].filter((leg) => leg.accountKey === accountKey);
  for (const leg of legs) leg.controller.cancel();
  await Promise.allSettled(legs.map((leg) => leg.done));
  limiters.delete(accountKey);
  await deleteAccountData(accountKey);
}

/**
 * Shows where the runs stand: the toolbar badge, then the pages (the environment's `onChange`),
 * which get null when no run is unfinished.
 */
export async function publishProgress(): Promise<void> {
  const unfinished = await unfinishedRun();
  await updateBadge(unfinished);
  await configuredEnvironment()?.onChange?.(unfinished?.progress ?? null);
}
