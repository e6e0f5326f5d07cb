/**
 * Runs in the service worker: start a run from a confirmed plan, save the
 * relationships a block is about to cut, drive the apply engine, and make sure
 * an unfinished run continues after anything stops it.
 *
 * No work lives only in memory. Every run and operation is in IndexedDB before
 * a request leaves; what is in memory (the running leg, its limiter, the last
 * progress) only avoids re-reading. A stopped service worker, a browser
 * restart or the network coming back continue from the journal:
 * - `runtime.onStartup`, the `online` event and the service worker's own start
 *   call {@link resumeInterruptedRuns};
 * - while a run is unfinished, a periodic alarm does the same, so that a
 *   worker stopped in the middle of a leg is woken within a minute;
 * - a run waiting for the next rate-limit window (up to 5 minutes on Mastodon)
 *   ends its leg and sets an alarm for the reset, instead of sleeping in a
 *   worker that the browser would stop after 30 idle seconds.
 */
import { browser } from 'wxt/browser';
import { ApplyController, applyRun, summarizeRun, type ApplyResult } from '../../core/apply/engine';
import { createRun, undoOperations, type Operation } from '../../core/apply/create-run';
import type { ApplyRun, JournalEntry, RunProgress } from '../../core/apply/types';
import type { Clock, DomainBlockApi } from '../../core/ports';
import { planOperations, type BlockImpact, type DomainRelationships, type PlannedAdd, type SyncPlan } from '../../core/plan';
import { RateLimiter } from '../../core/rate-limit';
import type { RunProgress as RunProgressView, RunSummary } from '../../protocol';
import { deleteAccountData } from '../../db/account-data';
import { createIdbJournalStore, listResumableRuns, listRunRecords } from '../../db/journal-store';
import { forgetOwnedBlocks, listOwnedBlocks } from '../../db/owned-blocks';
import { saveRelationshipSnapshots } from '../../db/relationship-snapshots';
import type { RelationshipSnapshot } from '../../db/schema';
import { registerAccountDataCleaner } from '../account-data';
import { ReplyError } from '../reply-error';
import { t } from '../../i18n/translate';
import { applyFailureMessage } from '../../i18n/error-messages';

/** The alarm that wakes the worker to continue unfinished runs. */
export const RESUME_ALARM = 'hedge/resume-runs';

/** The periodic check while a run is unfinished, in minutes (Chrome's minimum is 0.5). */
export const WATCHDOG_PERIOD_MINUTES = 1;

/** Longer waits end the leg and set an alarm: MV3 workers stop after 30 idle seconds. */
export const MAX_INLINE_WAIT_MS = 20_000;

/** What runs need from the rest of the background. */
export interface RunsEnvironment {
  /** The personal-blocks adapter of a signed-in account; undefined when it is signed out. */
  domainBlocksFor(accountKey: string): Promise<DomainBlockApi | undefined>;
  /** Whom the account follows and is followed by, per domain; for plans that know counts but not names (4.3 preview). */
  relationshipsFor?(accountKey: string): Promise<ReadonlyMap<string, DomainRelationships>>;
  /** Called whenever a run's progress or state changes (the pages re-render). */
  onChange?(progress: RunProgressView | null): void | Promise<void>;
  clock?: Clock;
  newId?(): string;
  /** See {@link MAX_INLINE_WAIT_MS}. */
  maxInlineWaitMs?: number;
}

interface ActiveLeg {
  controller: ApplyController;
  /** Settles when the leg has ended and its state is published; undefined when it could not start. */
  done: Promise<ApplyResult | undefined>;
  /** Known once the run is read. */
  accountKey?: string;
}

const SYSTEM_CLOCK: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

let environment: RunsEnvironment | undefined;
const journal = createIdbJournalStore();
const activeLegs = new Map<string, ActiveLeg>();
/** One limiter per account: runs of one account share its server's budget. */
const limiters = new Map<string, RateLimiter>();
const latestProgress = new Map<string, RunProgress & { accountKey: string }>();

/**
 * Sets what runs use to reach the server and the pages. Call once from the background's `main()`.
 * @param env - the environment.
 */
export function configureRuns(env: RunsEnvironment): void {
  environment = env;
}

function requireEnvironment(): RunsEnvironment {
  if (!environment) throw new Error('Runs are not configured: call configureRuns() in the background first.');
  return environment;
}

const clock = (): Clock => environment?.clock ?? SYSTEM_CLOCK;

/**
 * Configures runs, attaches the listeners that continue them (alarm, browser
 * start, network back), deletes an account's runs at sign-out, and continues
 * what a stopped worker left. Call synchronously in the background's `main()`.
 * @param env - the environment.
 */
export function registerRunListeners(env: RunsEnvironment): void {
  configureRuns(env);
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === RESUME_ALARM || alarm.name === `${RESUME_ALARM}/watchdog`) void resumeInterruptedRuns();
  });
  browser.runtime.onStartup.addListener(() => void resumeInterruptedRuns());
  globalThis.addEventListener?.('online', () => void resumeInterruptedRuns());
  registerAccountDataCleaner(forgetAccountRuns);
  void resumeInterruptedRuns().catch((error: unknown) => console.error('Hedge: could not resume unfinished runs', error));
}

/**
 * Starts applying a confirmed plan. Before anything is sent, the follows and
 * followers each block would cut are saved, and the run with every operation
 * is written to the journal. Resolves with the run's id once it is written;
 * the run itself goes on in the background.
 * @param accountKey - the account.
 * @param plan - the plan the user confirmed.
 */
export async function startRun(accountKey: string, plan: SyncPlan, options: StartOptions = {}): Promise<string> {
  const env = requireEnvironment();
  const operations = planOperations(plan);
  if (operations.length === 0) throw new ReplyError('busy', t('bg_runNothingToChange'));
  const runId = await createAndStart(accountKey, operations, async (id) => {
    // Read before anything is written: follows that cannot be read refuse the run with nothing changed.
    const snapshots = await snapshotsFor(env, accountKey, plan, id);
    await options.onAccepted?.();
    await saveRelationshipSnapshots(snapshots);
    if (plan.forget.length > 0) await forgetOwnedBlocks(accountKey, plan.forget);
  });
  return runId;
}

/** Options of {@link startRun} and {@link undoRun}. */
export interface StartOptions {
  /**
   * What confirming the plan changes besides the run (the stored plan discarded, sources,
   * subscriptions), done only once the run is accepted: a plan refused because another run is
   * unfinished changes nothing. It may refuse the run itself by throwing, before anything is written.
   */
  onAccepted?: () => Promise<void>;
}

/**
 * Starts a run that undoes a finished or cancelled one: blocks it made and
 * Hedge still owns are removed, blocks it removed are made again.
 * @param runId - the run to undo.
 * @param options - what confirming the undo changes besides the run.
 */
export async function undoRun(runId: string, options: StartOptions = {}): Promise<string> {
  requireEnvironment();
  const run = await journal.getRun(runId);
  if (!run) throw new ReplyError('busy', t('bg_runGone'));
  if (run.state !== 'done' && run.state !== 'cancelled') throw new ReplyError('busy', t('bg_runUndoWhenEnded'));
  const owned = new Set((await listOwnedBlocks(run.accountKey)).map((block) => block.domain));
  const operations = undoOperations(await journal.listEntries(runId)).filter(
    (operation) => operation.kind === 'add' || owned.has(operation.domain),
  );
  if (operations.length === 0) throw new ReplyError('busy', t('bg_nothingToUndo'));
  // Blocking again cuts whoever the user followed there since: saved first, as for any run.
  const adds: PlannedAdd[] = operations.flatMap((operation) =>
    operation.kind === 'add' ? [{ domain: operation.domain, provenance: operation.provenance, impact: UNKNOWN_IMPACT }] : [],
  );
  return createAndStart(
    run.accountKey,
    operations,
    async (id) => {
      const snapshots = await snapshotsFor(requireEnvironment(), run.accountKey, { add: adds }, id);
      await options.onAccepted?.();
      await saveRelationshipSnapshots(snapshots);
    },
    runId,
  );
}

async function createAndStart(
  accountKey: string,
  operations: Operation[],
  beforeRun: (runId: string) => Promise<void>,
  undoOf?: string,
): Promise<string> {
  const env = requireEnvironment();
  const runId = await oneAtATime(accountKey, async () => {
    const unfinished = (await listRunRecords(accountKey)).find((run) => run.state !== 'done' && run.state !== 'cancelled');
    if (unfinished) {
      throw new ReplyError('busy', t('bg_runStillApplying'));
    }
    const id = env.newId?.() ?? crypto.randomUUID();
    await beforeRun(id);
    const { run, entries } = createRun(id, accountKey, operations, clock().now(), undoOf);
    await journal.createRun(run, entries);
    return id;
  });
  await browser.alarms.create(`${RESUME_ALARM}/watchdog`, { periodInMinutes: WATCHDOG_PERIOD_MINUTES });
  startLeg(runId);
  return runId;
}

/** The run being created per account: the check for an unfinished run and the write of the new one are one step. */
const creating = new Map<string, Promise<unknown>>();

/**
 * Runs `work` after every earlier `work` of the same account has settled, so that two windows
 * confirming at once cannot both find no unfinished run (one worker serves every window).
 */
async function oneAtATime<T>(accountKey: string, work: () => Promise<T>): Promise<T> {
  const previous = creating.get(accountKey) ?? Promise.resolve();
  // The earlier work's failure was its own caller's to handle; this one starts either way.
  const current = previous.then(work, work);
  creating.set(accountKey, current);
  try {
    return await current;
  } finally {
    if (creating.get(accountKey) === current) creating.delete(accountKey);
  }
}

/** Drives a run without waiting for it; a failure leaves the run for the watchdog to continue. */
function startLeg(runId: string): void {
  driveRun(runId).catch((error: unknown) => console.error(`Hedge: run ${runId} stopped; it will be resumed`, error));
}

const UNKNOWN_IMPACT: BlockImpact = { followingCount: 0, followersCount: 0, basis: 'unknown' };

/**
 * The relationships each new block is about to cut. Names come from the plan's
 * impact, or are loaded when the plan only had the server's counts or did not
 * know them (an undo).
 */
async function snapshotsFor(env: RunsEnvironment, accountKey: string, plan: Pick<SyncPlan, 'add'>, runId: string): Promise<RelationshipSnapshot[]> {
  const mayCut = (add: PlannedAdd) => add.impact.basis === 'unknown' || add.impact.followingCount + add.impact.followersCount > 0;
  const cutting = plan.add.filter(mayCut);
  let loaded: ReadonlyMap<string, DomainRelationships> | undefined;
  if (cutting.some((add) => !add.impact.accounts) && env.relationshipsFor) {
    try {
      loaded = await env.relationshipsFor(accountKey);
    } catch (error) {
      throw new ReplyError('busy', t('bg_runFollowsUnreadable', error instanceof Error ? error.message : String(error)));
    }
  }
  const takenAt = clock().now();
  return cutting.flatMap((add) => {
    const accounts = add.impact.accounts ?? loaded?.get(add.domain) ?? { following: [], followers: [] };
    if (add.impact.basis === 'unknown' && accounts.following.length + accounts.followers.length === 0) return [];
    return [{
      id: `${runId}/${add.domain}`,
      accountKey,
      domain: add.domain,
      runId,
      takenAt,
      following: [...accounts.following],
      followers: [...accounts.followers],
    }];
  });
}

/**
 * Drives one run until its leg ends; returns the running leg when there is one.
 * A run of a signed-out account is marked `unauthorized` and waits.
 */
function driveRun(runId: string, controller = new ApplyController()): Promise<ApplyResult | undefined> {
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
  if (!environment) return;
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
async function scheduleAlarms(): Promise<void> {
  const resumable = await listResumableRuns();
  const nextAt = Math.min(...resumable.map((run) => run.resumeAt ?? Number.POSITIVE_INFINITY));
  if (Number.isFinite(nextAt)) await browser.alarms.create(RESUME_ALARM, { when: Math.max(nextAt, Date.now() + 1000) });
  else await browser.alarms.clear(RESUME_ALARM);
  if (resumable.length === 0 && activeLegs.size === 0) await browser.alarms.clear(`${RESUME_ALARM}/watchdog`);
}

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
  if (!environment) return;
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

/** Cancels an account's running legs, then deletes its data: the sign-out cleaner. */
async function forgetAccountRuns(accountKey: string): Promise<void> {
  const legs = [...activeLegs.values()].filter((leg) => leg.accountKey === accountKey);
  for (const leg of legs) leg.controller.cancel();
  await Promise.allSettled(legs.map((leg) => leg.done));
  limiters.delete(accountKey);
  await deleteAccountData(accountKey);
}

/**
 * Progress of the newest unfinished run (of one account when given), for the
 * popup and the badge; null when none.
 * @param accountKey - the account, or all.
 */
export async function getRunProgress(accountKey?: string): Promise<RunProgressView | null> {
  const runs = await listRunRecords(accountKey);
  const run = runs.find((candidate) => candidate.state !== 'done' && candidate.state !== 'cancelled');
  if (!run) return null;
  const known = latestProgress.get(run.id);
  const progress = known && known.state === run.state ? known : summarizeRun(run, await journal.listEntries(run.id));
  return toProgressView(run, progress);
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
export function toRunSummary(run: ApplyRun, entries: readonly JournalEntry[]): RunSummary {
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

/**
 * The toolbar badge for a run: operations left ("1.2k" above 999), `II` when
 * paused, `!` when it needs the user or the network.
 * @param progress - the run's progress, or null when no run is unfinished.
 */
export function badgeFor(progress: RunProgressView | null, state?: ApplyRun['state']): { text: string; color: string } {
  if (!progress) return { text: '', color: '#5b6ee1' };
  if (state === 'unauthorized' || state === 'interrupted') return { text: '!', color: '#c0392b' };
  if (progress.isPaused) return { text: 'II', color: '#7f8c8d' };
  const left = Math.max(0, progress.total - progress.done - progress.failed);
  const text = left < 1000 ? String(left) : `${(left / 1000).toFixed(left < 10_000 ? 1 : 0)}k`;
  return { text, color: '#5b6ee1' };
}

let lastBadge = '';
let lastPublishedAt = 0;
const PUBLISH_INTERVAL_MS = 500;

async function publishProgress(): Promise<void> {
  const progress = await getRunProgress();
  const run = progress ? await journal.getRun(progress.runId) : undefined;
  const badge = badgeFor(progress, run?.state);
  const key = `${badge.text}|${badge.color}`;
  if (key !== lastBadge) {
    lastBadge = key;
    const action = browser.action ?? (browser as unknown as { browserAction?: typeof browser.action }).browserAction;
    if (action) {
      await action.setBadgeText({ text: badge.text });
      await action.setBadgeBackgroundColor({ color: badge.color });
    }
  }
  await environment?.onChange?.(progress);
}
