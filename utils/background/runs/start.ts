/**
 * Starting a run from a confirmed plan, or one that undoes a finished run.
 * Before anything is sent, the follows and followers each block would cut are
 * saved, and the run with every operation is written to the journal; one
 * account has one unfinished run at a time.
 */
import { browser } from 'wxt/browser';
import { createRun, undoOperations, type Operation } from '../../core/apply/create-run';
import { planOperations, type BlockImpact, type DomainRelationships, type PlannedAdd, type SyncPlan } from '../../core/plan';
import { listRunRecords } from '../../db/journal-store';
import { forgetOwnedBlocks, listOwnedBlocks } from '../../db/owned-blocks';
import { saveRelationshipSnapshots } from '../../db/relationship-snapshots';
import type { RelationshipSnapshot } from '../../db/schema';
import { t } from '../../i18n/translate';
import { ReplyError } from '../reply-error';
import { clock, requireEnvironment, type RunsEnvironment } from './environment';
import { RESUME_ALARM, WATCHDOG_PERIOD_MINUTES, startLeg } from './legs';
import { journal } from './worker-state';

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
