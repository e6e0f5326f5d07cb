/**
 * "Block domain with Hedge" on a Mastodon page: the content script asks
 * (`hedge/block-domain-from-page`), and the background plans, confirms and
 * applies the block for the account signed in on that page's origin. Nothing
 * is sent before a confirmation: the click confirms a block that cuts nobody,
 * and Confirm in Hedge's own window one that cuts follows (page-block-window.ts).
 */
import { isReservedDomain, normalizeDomain } from '../core/domain';
import type { PlannedAdd, SyncPlan } from '../core/plan';
import { applySourceChanges, type SourceChange } from '../core/source-changes';
import { getAccount, getAccountsState, type StoredAccount } from '../db/accounts';
import { forgetKeptUnblocked } from '../db/owned-blocks';
import type { PendingPlan } from '../db/schema';
import { t, tCount } from '../i18n/translate';
import type { BlockFromPageResult, PageBlockConfirmationView } from '../protocol';
import { closeWindow, forgetWaitingPageBlock, getWaitingPageBlock, openPageBlockWindow } from './page-block-window';
import { discardPendingPlan, getPendingPlan, lostGroupsOf, preparePlan } from './plans';
import { ReplyError } from './reply-error';
import { startRun } from './runs';
import { connectAccount } from './session';
import { getAccountSources, updateAccountSources } from './sources';
import { claimConfirmedRun, releaseAccountRuns } from './sync/run-claims';
import { accountForOrigin } from './verdicts';

/**
 * The account a page on `origin` acts for: the active account when it is signed in there,
 * otherwise the first account of that origin. Refused when none is, or when its server signed it out.
 */
export async function requirePageAccount(origin: string | undefined): Promise<StoredAccount> {
  const { accounts, activeKey } = await getAccountsState();
  const account = accountForOrigin(accounts, activeKey, origin);
  if (!account) throw new ReplyError('not-signed-in', t('bg_notSignedInHere'));
  if (account.status === 'signed-out-by-server') {
    throw new ReplyError('unauthorized', t('bg_signedOutByServerPage', new URL(account.origin).host));
  }
  return account;
}

/**
 * "Block domain with Hedge" on a Mastodon page: an always-block entry, and a
 * run of that one block (its follows saved first, as for any run). A block
 * that cuts follows or followers waits for the user's word in Hedge's own
 * window, which shows whom it cuts by name (page-block-window.ts); the page
 * only says so. Until then nothing is stored or sent.
 * @param account - the account signed in on the page's origin ({@link requirePageAccount}).
 * @param domain - the domain, lowercase punycode (checked by the handler).
 */
export async function blockFromPage(account: StoredAccount, domain: string): Promise<BlockFromPageResult> {
  const ownDomain = normalizeDomain(account.localDomain);
  if (!('error' in ownDomain) && ownDomain.domain === domain) {
    throw new ReplyError('invalid-input', t('bg_ownServerNotBlocked', domain));
  }
  // Plans leave reserved names out (utils/core/domain.ts), so the plan alone would call it "already blocked".
  if (isReservedDomain(domain)) {
    throw new ReplyError('invalid-input', t('bg_reservedNotBlocked', domain));
  }
  const sourcesAfter = applySourceChanges(await getAccountSources(account.key), alwaysBlockChange(domain));
  const preview = await preparePlan(await connectAccount(account), sourcesAfter, { kind: 'page-block', reblock: [domain] });
  const pending = await getPendingPlan(preview.planId);
  const change = pending?.plan.add.find((add) => add.domain === domain);
  if (!pending || !change) {
    await discardPendingPlan(preview.planId);
    await alwaysBlock(account, domain);
    return { domain, outcome: 'already-blocked', message: t('bg_alreadyBlocked', domain) };
  }

  const { followingCount, followersCount } = change.impact;
  if (followingCount + followersCount > 0) {
    // The plan stays stored under its id for the window; the page learns nothing but this sentence.
    try {
      await openPageBlockWindow(account.key, domain, preview.planId);
    } catch (error) {
      console.warn('Hedge: could not open the confirmation window', error);
      await discardPendingPlan(preview.planId);
      throw new ReplyError('server', t('bg_pageBlockWindowFailed', domain));
    }
    const cut = t('bg_cutBoth', tCount('bg_cutFollowing', followingCount), tCount('bg_cutFollowers', followersCount));
    return { domain, outcome: 'needs-confirmation', message: t('bg_pageBlockConfirm', domain, cut) };
  }
  await discardPendingPlan(preview.planId);
  await startRun(account.key, onlyThisBlock(pending.plan, change), { onAccepted: () => alwaysBlock(account, domain) });
  return { domain, outcome: 'queued', message: t('bg_pageBlocking', domain) };
}

/**
 * The confirmation window's Confirm: runs the page's block that waits under `planId`, for the
 * account signed in on that page, as the click itself would have. Refused in words when the plan is
 * gone (answered, replaced by a newer page block, expired), and while another browser applies a run
 * to the same account (sync/run-claims.ts), before anything is taken.
 */
export async function confirmPageBlock(planId: string): Promise<BlockFromPageResult> {
  const { account, pending, change, windowId } = await requireWaitingPageBlock(planId);
  if (account.status === 'signed-out-by-server') {
    throw new ReplyError('unauthorized', t('bg_signedOutByServerPage', new URL(account.origin).host));
  }
  const domain = change.domain;
  if (!(await claimConfirmedRun(account.key))) throw new ReplyError('busy', t('bg_otherBrowserApplying'));
  // Taken with the run, so that a block refused as busy stays waiting in its window.
  const onAccepted = async (): Promise<void> => {
    // Two clicks on Confirm: the second finds the plan gone.
    if (!(await getPendingPlan(planId))) throw new ReplyError('not-found', t('bg_planOutdated'));
    await discardPendingPlan(planId);
    await forgetWaitingPageBlock(planId);
    await alwaysBlock(account, domain);
  };
  try {
    await startRun(account.key, onlyThisBlock(pending.plan, change), { onAccepted });
  } catch (error) {
    // `busy`: a run of this browser's own is unfinished, and the claim is that run's.
    if (!(error instanceof ReplyError && error.kind === 'busy')) await releaseAccountRuns([account.key]);
    throw error;
  }
  if (windowId !== undefined) await closeWindow(windowId);
  return { domain, outcome: 'queued', message: t('bg_pageBlocking', domain) };
}

/** The confirmation window's Cancel: the plan is discarded, nothing was or is sent. */
export async function cancelPageBlock(planId: string): Promise<void> {
  const windowId = (await getWaitingPageBlock(planId))?.windowId;
  await forgetWaitingPageBlock(planId);
  await discardPendingPlan(planId);
  if (windowId !== undefined) await closeWindow(windowId);
}

/** What the confirmation window shows: the domain, the account, and whom the block cuts. */
export async function describePageBlock(planId: string): Promise<PageBlockConfirmationView> {
  const { account, change } = await requireWaitingPageBlock(planId);
  return {
    domain: change.domain,
    account: `${account.acct}@${account.localDomain}`,
    followingCount: change.impact.followingCount,
    followersCount: change.impact.followersCount,
    groups: lostGroupsOf([change]),
  };
}

/** The page block waiting under `planId`, its account and its one change; refused in words when any is gone. */
async function requireWaitingPageBlock(planId: string): Promise<{ account: StoredAccount; pending: PendingPlan; change: PlannedAdd; windowId?: number }> {
  const waiting = await getWaitingPageBlock(planId);
  const pending = await getPendingPlan(planId);
  const change = pending?.plan.add.find((add) => add.domain === waiting?.domain);
  if (!waiting || !pending || pending.accountKey !== waiting.accountKey || !change) throw new ReplyError('not-found', t('bg_planOutdated'));
  const account = await getAccount(waiting.accountKey);
  if (!account) throw new ReplyError('not-found', t('bg_accountGone'));
  return { account, pending, change, ...(waiting.windowId === undefined ? {} : { windowId: waiting.windowId }) };
}

function alwaysBlockChange(domain: string): SourceChange[] {
  return [{ kind: 'entry', list: 'always-block', domain, action: 'add' }];
}

/**
 * The click is the user's word: a choice to keep the domain unblocked, or Hedge's record of a block
 * removed since (a conflict), no longer holds it back. Stored with the run, so that a block refused
 * as busy leaves nothing for the next plan to apply.
 */
async function alwaysBlock(account: StoredAccount, domain: string): Promise<void> {
  await updateAccountSources(account.key, (current) => applySourceChanges(current, alwaysBlockChange(domain)));
  await forgetKeptUnblocked(account.key, domain);
}

/** The plan of the page's one block: whatever else the sources want waits for its own preview. */
function onlyThisBlock(plan: SyncPlan, change: PlannedAdd): SyncPlan {
  return { ...plan, add: [change], remove: [], conflicts: [], forget: [], operations: 1 };
}
