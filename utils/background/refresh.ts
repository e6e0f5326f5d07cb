/**
 * The scheduled refresh of subscribed lists, with its safety catch.
 *
 * A periodic alarm (daily by default, `hedge/set-refresh-interval`) fetches
 * every list that has an address (URL or FIRES dataset) with conditional
 * requests. Each new copy passes the list-level catch first: a copy that fails
 * to parse, is empty, or shrank by more than half is held (the last good copy
 * stays in use, the subscription says why). Then, for every signed-in account
 * whose lists changed, the plan is computed from fresh server state and
 * utils/core/refresh-policy.ts decides: a small plan is applied at once; a
 * large one, one that cuts follows, or one touching the user's own server
 * waits as a pending confirmation (toolbar badge, a notification, the plan in
 * the popup) until the user applies or discards it.
 *
 * The alarm is created again at every start of the service worker, browser
 * start and install, so it survives updates and a cleared alarm list.
 */
import { browser } from 'wxt/browser';
import { getAccount, getAccountsState, type StoredAccount } from '../db/accounts';
import { decideRefresh } from '../core/refresh-policy';
import type { PendingPlan } from '../db/schema';
import type { AccountKey } from '../protocol';
import { refreshReasonMessage } from '../i18n/error-messages';
import { t, tCount } from '../i18n/translate';
import { refreshPersonalBlocks } from './account-reads';
import { MARKS_MAX_AGE_MS, refreshMarkSourcesQuietly } from './mark-reads';
import { updateBadge } from './badge';
import { registerAccountDataCleaner } from './account-data';
import { discardPendingPlan, getPendingPlan, listPendingPlans, markPendingConfirmation, preparePlan } from './plans';
import { ReplyError } from './reply-error';
import { startRun } from './runs';
import { connectAccount } from './session';
import { settingsItem, updateSettings } from './settings';
import { getAccountSources } from './sources';
import { REFRESH_ALARM } from './state';
import { refreshSubscriptionCopy, type CopyRefresh } from './lists/refresh-copy';
import { deleteAccountSubscriptions } from './lists/remove-subscription';
import { listAllSubscriptions, listSubscriptions } from './lists/subscription-store';
import { claimAccountRun, releaseAccountRuns } from './sync/run-claims';

/** What a scheduled refresh did for one account. */
export type AccountRefreshResult =
  | { accountKey: AccountKey; kind: 'unchanged' }
  | { accountKey: AccountKey; kind: 'applied'; runId: string }
  | { accountKey: AccountKey; kind: 'confirm'; planId: string; reasons: string[] }
  | { accountKey: AccountKey; kind: 'skipped'; reason: string };

/** What a scheduled refresh did. */
export interface ScheduledRefreshReport {
  lists: CopyRefresh[];
  accounts: AccountRefreshResult[];
}

const NOTIFICATION_PREFIX = 'hedge-refresh/';

/** One refresh at a time: the alarm and a click on "Refresh now" must not fetch the same list twice. */
let running: Promise<unknown> = Promise.resolve();

function exclusive<T>(work: () => Promise<T>): Promise<T> {
  const next = running.then(work, work);
  running = next.catch(() => undefined);
  return next;
}

/**
 * Sets the refresh alarm to every `hours` hours from now, replacing the old one.
 * @param hours - the interval; the stored setting when omitted.
 */
export async function scheduleRefreshAlarm(hours?: number): Promise<void> {
  const interval = hours ?? (await settingsItem.getValue()).refreshIntervalHours;
  await browser.alarms.create(REFRESH_ALARM, { delayInMinutes: interval * 60, periodInMinutes: interval * 60 });
}

/** Creates the refresh alarm when it is missing or has another period than the setting. */
async function ensureRefreshAlarm(): Promise<void> {
  const { refreshIntervalHours } = await settingsItem.getValue();
  const alarm = await browser.alarms.get(REFRESH_ALARM);
  if (alarm?.periodInMinutes === refreshIntervalHours * 60) return;
  await scheduleRefreshAlarm(refreshIntervalHours);
}

/**
 * The scheduled refresh: every list with an address is fetched; accounts whose
 * lists changed get a plan that is applied or waits for the user.
 */
export function runScheduledRefresh(): Promise<ScheduledRefreshReport> {
  return exclusive(async () => {
    const lists: CopyRefresh[] = [];
    for (const subscription of await listAllSubscriptions()) {
      if (subscription.origin === 'file') continue;
      lists.push(await refreshSubscriptionCopy(subscription, { isScheduled: true }));
    }
    await updateSettings({ lastRefreshAt: Date.now() });
    const accounts: AccountRefreshResult[] = [];
    const changedKeys = [...new Set(lists.filter((item) => item.outcome === 'updated').map((item) => item.subscription.accountKey))];
    for (const key of changedKeys) {
      accounts.push(await refreshAccount(key, lists.filter((item) => item.subscription.accountKey === key)));
    }
    // The other accounts' marks follow blocks made in Mastodon and the server's new limits (a plan read the changed ones').
    for (const account of (await getAccountsState()).accounts) {
      if (!changedKeys.includes(account.key)) await refreshMarkSourcesQuietly(account, MARKS_MAX_AGE_MS);
    }
    await updateBadge();
    return { lists, accounts };
  });
}

/**
 * A refresh the user asked for: new copies are taken (the held ones too, see
 * `refreshSubscriptionCopy`) and nothing is applied; the preview shows what changed.
 * @param accountKey - the account.
 * @param subscriptionId - one list, or every list of the account.
 */
export function refreshSubscriptionsNow(accountKey: AccountKey, subscriptionId?: string): Promise<CopyRefresh[]> {
  return exclusive(async () => {
    const chosen = (await listSubscriptions(accountKey)).filter((item) => subscriptionId === undefined || item.id === subscriptionId);
    const results: CopyRefresh[] = [];
    for (const subscription of chosen) results.push(await refreshSubscriptionCopy(subscription, { isScheduled: false }));
    return results;
  });
}

async function refreshAccount(accountKey: AccountKey, lists: CopyRefresh[]): Promise<AccountRefreshResult> {
  const account = await getAccount(accountKey);
  if (!account || account.status !== 'active') {
    return { accountKey, kind: 'skipped', reason: 'The account is signed out; its lists are applied at the next refresh after sign-in.' };
  }
  let planId: string;
  try {
    planId = (await preparePlan(await connectAccount(account), await getAccountSources(accountKey), { kind: 'refresh' })).planId;
  } catch (error) {
    console.warn(`Hedge: the refresh could not read ${account.origin}; it tries again next time`, error);
    return { accountKey, kind: 'skipped', reason: error instanceof Error ? error.message : String(error) };
  }
  const pending = await getPendingPlan(planId);
  if (!pending) return { accountKey, kind: 'skipped', reason: 'The plan was lost.' };
  // This plan holds every change of the earlier waiting ones: it replaces them.
  for (const older of await listPendingPlans(accountKey)) {
    if (older.confirmationReasons && older.planId !== planId) await discardPendingPlan(older.planId);
  }
  if (pending.plan.operations === 0) {
    await discardPendingPlan(planId);
    return { accountKey, kind: 'unchanged' };
  }

  const updated = lists.filter((item) => item.outcome === 'updated');
  const decision = decideRefresh({
    listName: updated.length === 1 && updated[0] ? updated[0].subscription.name : tCount('bg_yourUpdatedLists', updated.length),
    previous: { isParsed: true, domainCount: sum(updated.map((item) => item.previousCount)) },
    current: { isParsed: true, domainCount: sum(updated.map((item) => item.subscription.entryCount)) },
    plan: pending.plan,
    ownDomain: account.localDomain,
  });
  return applyOrWait(account, pending, decision.kind === 'apply' ? null : decision.details.map(refreshReasonMessage));
}

/**
 * Applies a plan that scheduled work prepared (a refresh, entries whose time is up), or has it wait
 * for the user's word with `reasons` (null: the safety catch lets it run by itself).
 */
export async function applyOrWait(
  account: StoredAccount,
  pending: PendingPlan,
  reasons: string[] | null,
  kind: 'refresh' | 'expiry' = 'refresh',
): Promise<AccountRefreshResult> {
  const { key: accountKey } = account;
  const { planId } = pending;
  if (reasons === null) {
    // Another browser signed in to this account refreshed the same lists and applies the same plan (sync/run-claims.ts).
    if (!(await claimAccountRun(accountKey))) {
      await discardPendingPlan(planId);
      return { accountKey, kind: 'skipped', reason: 'Another browser signed in to this account applies the change.' };
    }
    let runId: string;
    try {
      runId = await startRun(accountKey, pending.plan);
    } catch (error) {
      await releaseAccountRuns([accountKey]);
      // A run that cannot start (another one is unfinished): the plan waits for the user instead.
      if (!(error instanceof ReplyError && error.kind === 'busy')) throw error;
      return waitForUser(account, planId, [t('bg_updateWaits', error.message)], kind);
    }
    await discardPendingPlan(planId);
    return { accountKey, kind: 'applied', runId };
  }
  return waitForUser(account, planId, reasons, kind);
}

async function waitForUser(account: StoredAccount, planId: string, reasons: string[], kind: 'refresh' | 'expiry'): Promise<AccountRefreshResult> {
  await markPendingConfirmation(planId, reasons, kind);
  await notifyUser(planId, account, reasons);
  // The toolbar badge says something waits, for a refresh and for an expiry alike.
  await updateBadge();
  return { accountKey: account.key, kind: 'confirm', planId, reasons };
}

async function notifyUser(planId: string, account: StoredAccount, reasons: string[]): Promise<void> {
  if (!(await mayNotify())) return;
  await browser.notifications.create(`${NOTIFICATION_PREFIX}${planId}`, {
    type: 'basic',
    iconUrl: browser.runtime.getURL('/icon/128.png'),
    title: t('bg_updateWaitsTitle'),
    message: t('bg_updateWaitsMessage', reasons.join(' '), new URL(account.origin).host),
  });
}

async function mayNotify(): Promise<boolean> {
  try {
    return await browser.permissions.contains({ permissions: ['notifications'] });
  } catch (error) {
    // A browser without the permissions API for this (or a test): the badge alone tells the user.
    console.warn('Hedge: could not check the notifications permission', error);
    return false;
  }
}

/**
 * After a run ends: reads the personal blocks of every usable account again,
 * so counts and the content script's verdicts follow what the run changed,
 * and shows a waiting refresh on the badge again.
 */
export async function refreshBlocksAfterRun(): Promise<void> {
  const { accounts } = await getAccountsState();
  for (const account of accounts) {
    if (account.status !== 'active') continue;
    try {
      await refreshPersonalBlocks(await connectAccount(account));
    } catch (error) {
      console.warn(`Hedge: could not read the blocks of ${account.origin} after the run`, error);
    }
  }
  await updateBadge();
}

/**
 * Attaches the alarm, start and notification listeners and makes sure the
 * alarm exists. Call synchronously in the background's `main()`.
 * @param onChanged - re-renders the pages and tells the Mastodon tabs.
 */
export function registerRefreshListeners(onChanged: () => Promise<void>): void {
  registerAccountDataCleaner(deleteAccountSubscriptions);
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name !== REFRESH_ALARM) return;
    void runScheduledRefresh()
      .then(onChanged)
      .catch((error: unknown) => console.error('Hedge: the scheduled refresh failed; it runs again at the next alarm', error));
  });
  const ensure = (): void => void ensureRefreshAlarm().catch((error: unknown) => console.error('Hedge: could not set the refresh alarm', error));
  browser.runtime.onStartup.addListener(ensure);
  browser.runtime.onInstalled.addListener(ensure);
  browser.notifications?.onClicked.addListener((id) => {
    if (id.startsWith(NOTIFICATION_PREFIX)) void browser.runtime.openOptionsPage();
  });
  ensure();
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
