/**
 * Confirming a plan: the user's word turns a stored plan into a run
 * (utils/background/runs/), and what the plan changes besides the blocks
 * (its source changes, domains kept unblocked, a list forgotten) is written
 * with the run, only once the run is accepted.
 */
import type { SyncPlan } from '../core/plan';
import { applySourceChanges } from '../core/source-changes';
import type { StoredAccount } from '../db/accounts';
import { keepUnblocked } from '../db/owned-blocks';
import { t } from '../i18n/translate';
import { removeSubscriptionRecord } from './lists/remove-subscription';
import { discardPendingPlan, getPendingPlan } from './plans';
import { ReplyError } from './reply-error';
import { startRun, undoRun } from './runs';
import { claimConfirmedRun, releaseAccountRuns } from './sync/run-claims';
import { loadDesiredState, updateAccountSources } from './sources';

/** Applies a confirmed plan, leaving out the domains the user unticked. Returns the run's id. */
export async function confirmPlan(account: StoredAccount, planId: string, excludeDomains: readonly string[]): Promise<string> {
  const pending = await getPendingPlan(planId);
  // A plan stored without its changes (before they were kept) could only write back a stale copy of the settings.
  if (!pending || pending.accountKey !== account.key || !pending.changes) {
    throw new ReplyError('not-found', t('bg_planOutdated'));
  }
  const changes = pending.changes;
  const excluded = new Set(excludeDomains.map((domain) => domain.toLowerCase()));
  const add = pending.plan.add.filter((change) => !excluded.has(change.domain));
  const remove = pending.plan.remove.filter((change) => !excluded.has(change.domain));
  const plan: SyncPlan = { ...pending.plan, add, remove, operations: add.length + remove.length };
  // Taken with the run, so that a plan refused as busy (another window's run) changes nothing and
  // stays to be confirmed later.
  const applyChoices = async (): Promise<void> => {
    // Two windows confirming one plan: the second finds it gone.
    if (!(await getPendingPlan(planId))) throw new ReplyError('not-found', t('bg_planOutdated'));
    await discardPendingPlan(planId);
    if (changes.length > 0) await updateAccountSources(account.key, (current) => applySourceChanges(current, changes));
    await keepWantedUnblocked(account, (pending.keepUnblockedOnConfirm ?? []).filter((domain) => !excluded.has(domain)));
    if (pending.unsubscribeId) await removeSubscriptionRecord(account.key, pending.unsubscribeId);
  };
  if (plan.operations === 0 && !pending.undoRunId) {
    await applyChoices();
    throw new ReplyError('invalid-input', t('bg_planEmpty'));
  }
  // Another browser signed in to this account may be applying a run of its own (sync/run-claims.ts):
  // refused before anything is taken, so the plan stays to be confirmed once that run has ended.
  if (!(await claimConfirmedRun(account.key))) throw new ReplyError('busy', t('bg_otherBrowserApplying'));
  try {
    if (pending.undoRunId) return await undoRun(pending.undoRunId, { onAccepted: applyChoices });
    return await startRun(account.key, plan, { onAccepted: applyChoices });
  } catch (error) {
    // `busy`: a run of this browser's own is unfinished, and the claim is that run's.
    if (!(error instanceof ReplyError && error.kind === 'busy')) await releaseAccountRuns([account.key]);
    throw error;
  }
}

/**
 * A domain the user unblocks (by undo or by hand) that a source still wants is kept unblocked,
 * or the next plan, and a scheduled refresh by itself, would block it again.
 */
async function keepWantedUnblocked(account: StoredAccount, domains: readonly string[]): Promise<void> {
  if (domains.length === 0) return;
  const desired = await loadDesiredState(account);
  for (const domain of domains) if (desired.get(domain)?.action === 'block') await keepUnblocked(account.key, domain);
}
