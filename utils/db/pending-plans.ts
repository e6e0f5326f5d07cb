/**
 * Plans waiting for the user's word, in IndexedDB: a plan carries the whole
 * sync plan with its unchanged domains and provenance, and several of them
 * would fill `storage.local` (10 MB, shared with settings). Which plans stay is
 * decided by utils/background/plans.ts; this module only stores them.
 *
 * A plan can be written after its preview is sent (`putPendingPlanSoon`): storing 20,000 rows
 * takes longer than showing them. Every read and delete here first waits for the writes in
 * flight, so a plan is never confirmed, listed or discarded before it is stored, and a plan whose
 * write failed is simply not there (confirming it is refused as outdated).
 */
import { openHedgeDb, type PendingPlan } from './schema';

/** Writes started by {@link putPendingPlanSoon} and not finished yet. */
const writesInFlight = new Set<Promise<void>>();

/** Resolves once every write started before the call has finished, stored or failed. */
async function afterWritesInFlight(): Promise<void> {
  if (writesInFlight.size > 0) await Promise.allSettled([...writesInFlight]);
}

/**
 * {@link putPendingPlan} after the current task: the caller's reply is sent first, and every
 * read of this module waits for the write. A failed write is logged and leaves the plan unstored.
 * @param plan - the new plan.
 * @param isReplaced - true for each of the account's stored plans to delete.
 */
export function putPendingPlanSoon(plan: PendingPlan, isReplaced: (stored: PendingPlan) => boolean): void {
  const write = new Promise<void>((resolve) => setTimeout(resolve, 0))
    .then(() => writePendingPlan(plan, isReplaced))
    .catch((error: unknown) => console.error(`Hedge: the plan ${plan.planId} could not be stored`, error))
    .finally(() => writesInFlight.delete(write));
  writesInFlight.add(write);
}

/**
 * Stores a plan and, in the same transaction, deletes the account's plans it replaces.
 * @param plan - the new plan.
 * @param isReplaced - true for each of the account's stored plans to delete.
 */
export async function putPendingPlan(plan: PendingPlan, isReplaced: (stored: PendingPlan) => boolean): Promise<void> {
  await afterWritesInFlight();
  await writePendingPlan(plan, isReplaced);
}

/** {@link putPendingPlan} without waiting for the writes in flight (it is one of them). */
async function writePendingPlan(plan: PendingPlan, isReplaced: (stored: PendingPlan) => boolean): Promise<void> {
  const db = await openHedgeDb();
  const transaction = db.transaction('pendingPlans', 'readwrite');
  const stored = await transaction.store.index('byAccount').getAll(plan.accountKey);
  const replaced = stored.filter((other) => other.planId !== plan.planId && isReplaced(other));
  await Promise.all([...replaced.map((other) => transaction.store.delete(other.planId)), transaction.store.put(plan), transaction.done]);
}

/**
 * Stores plans as they are (moving them from an older storage).
 * @param plans - the plans.
 */
export async function putPendingPlans(plans: readonly PendingPlan[]): Promise<void> {
  if (plans.length === 0) return;
  const db = await openHedgeDb();
  const transaction = db.transaction('pendingPlans', 'readwrite');
  await Promise.all([...plans.map((plan) => transaction.store.put(plan)), transaction.done]);
}

/**
 * One stored plan.
 * @param planId - the plan's id.
 */
export async function readPendingPlan(planId: string): Promise<PendingPlan | undefined> {
  await afterWritesInFlight();
  return (await openHedgeDb()).get('pendingPlans', planId);
}

/**
 * An account's stored plans, in no particular order.
 * @param accountKey - the account.
 */
export async function readPendingPlans(accountKey: string): Promise<PendingPlan[]> {
  await afterWritesInFlight();
  return (await openHedgeDb()).getAllFromIndex('pendingPlans', 'byAccount', accountKey);
}

/**
 * Deletes stored plans; an id that is not stored is ignored.
 * @param planIds - the plans' ids.
 */
export async function deletePendingPlans(planIds: readonly string[]): Promise<void> {
  if (planIds.length === 0) return;
  await afterWritesInFlight();
  const db = await openHedgeDb();
  const transaction = db.transaction('pendingPlans', 'readwrite');
  await Promise.all([...planIds.map((planId) => transaction.store.delete(planId)), transaction.done]);
}
