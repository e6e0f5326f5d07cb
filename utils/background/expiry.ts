/**
 * Entries whose time is up (utils/core/expiry.ts): an alarm set for the
 * earliest of them, and a check at every start of the service worker, find
 * them. Each due entry leaves the account's sources and is written to the
 * account's history of expired entries. A limit simply stops (nothing was on
 * the server). An "always block" entry's block goes through a normal plan,
 * scoped to the expired domains: it removes only blocks Hedge made that no
 * other source still wants, never a block the user made by hand
 * (utils/core/plan.ts). The plan passes the scheduled refresh's safety catch
 * (utils/core/refresh-policy.ts): a small one runs by itself, a large one
 * waits in the pending confirmations like a held refresh.
 */
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { findDueEntries, nextExpiry, withoutEntries, type DueEntry, type ExpiringList } from '../core/expiry';
import { decideRefresh } from '../core/refresh-policy';
import { getAccount, getAccountsState } from '../db/accounts';
import { refreshReasonMessage } from '../i18n/error-messages';
import { t } from '../i18n/translate';
import type { AccountKey, ExpiredEntryView } from '../protocol';
import { registerAccountDataCleaner } from './account-data';
import { discardPendingPlan, getPendingPlan, listPendingPlans, preparePlan } from './plans';
import { applyOrWait, type AccountRefreshResult } from './refresh';
import { connectAccount } from './session';
import { getAccountSources, sourcesItem, updateAccountSources } from './sources';

/** The alarm set for the moment the next entry's time is up. */
export const EXPIRY_ALARM = 'hedge-expiry';

/** The expired entries the history keeps per account, newest first: older ones are dropped. */
const EXPIRED_KEPT = 200;

/** One expired entry as the history keeps it. */
interface ExpiredEntry {
  domain: string;
  list: ExpiringList;
  /** When its time was up, epoch ms. */
  expiredAt: number;
}

/** Every account's expired entries, newest first; kept in this browser only, like the runs. */
const expiredItem = storage.defineItem<Record<AccountKey, ExpiredEntry[]>>('local:expiredEntries', { version: 1, fallback: {} });

/** What the expiry check did for one account. */
export interface AccountExpiry {
  accountKey: AccountKey;
  expired: DueEntry[];
  /** What became of the blocks: nothing to send (only limits, or no block of Hedge's left), a run, or a plan waiting. */
  result: AccountRefreshResult | { accountKey: AccountKey; kind: 'nothing-to-send' };
}

/** One check at a time: the alarm and the service worker's start may come together. */
let checking: Promise<unknown> = Promise.resolve();

/**
 * Finds every account's entries whose time is up, takes them out of the sources, writes them to the
 * history, and removes the blocks Hedge made for them through a plan. Sets the alarm for the next one.
 * @param now - the clock; tests move it.
 */
export function runExpiry(now: () => number = Date.now): Promise<AccountExpiry[]> {
  const next = checking.then(() => expireDueEntries(now));
  checking = next.catch(() => undefined);
  return next;
}

async function expireDueEntries(now: () => number): Promise<AccountExpiry[]> {
  const reports: AccountExpiry[] = [];
  for (const { key } of (await getAccountsState()).accounts) {
    if (findDueEntries(await getAccountSources(key), now()).length === 0) continue;
    let expired: DueEntry[] = [];
    // Read again inside the write: an entry renewed or removed meanwhile is not expired.
    await updateAccountSources(key, (current) => {
      expired = findDueEntries(current, now());
      return withoutEntries(current, expired);
    });
    if (expired.length === 0) continue;
    await recordExpired(key, expired);
    const domains = expired.filter((entry) => entry.list === 'always-block').map((entry) => entry.domain);
    reports.push({ accountKey: key, expired, result: await removeBlocksOf(key, domains, now) });
  }
  await scheduleExpiryAlarm();
  return reports;
}

/**
 * Removes the blocks Hedge made of `domains` that no source wants any more, through a plan scoped to
 * them: applied by itself when the refresh's safety catch lets it, waiting for the user otherwise.
 * @param accountKey - the account.
 * @param domains - domains whose entries expired, or that the user removed from a list's contribution.
 * @param now - the clock.
 */
export async function removeBlocksOf(accountKey: AccountKey, domains: readonly string[], now: () => number): Promise<AccountExpiry['result']> {
  if (domains.length === 0) return { accountKey, kind: 'nothing-to-send' };
  const account = await getAccount(accountKey);
  // A signed-out account's sources no longer want the domains: its next plan after sign-in removes them.
  if (!account || account.status !== 'active') return { accountKey, kind: 'skipped', reason: 'The account is signed out.' };
  // A new expiry plan takes the place of one still waiting for the user (one per account), so it
  // carries that one's removals too: a plan scoped to this time's domains alone would drop them.
  const held = (await listPendingPlans(accountKey, now)).filter((plan) => plan.kind === 'expiry');
  const onlyRemovalsOf = [...new Set([...held.flatMap((plan) => plan.plan.remove.map((change) => change.domain)), ...domains])];
  let planId: string;
  try {
    const preview = await preparePlan(await connectAccount(account), await getAccountSources(accountKey), { kind: 'expiry', onlyRemovalsOf, now });
    planId = preview.planId;
  } catch (error) {
    // The entries are gone from the sources: any later plan (a refresh, a preview) removes the blocks.
    console.warn(`Hedge: could not read ${account.origin} to remove the expired blocks; the next plan removes them`, error);
    return { accountKey, kind: 'skipped', reason: error instanceof Error ? error.message : String(error) };
  }
  const pending = await getPendingPlan(planId, now);
  if (!pending) return { accountKey, kind: 'skipped', reason: 'The plan was lost.' };
  if (pending.plan.operations === 0) {
    await discardPendingPlan(planId);
    return { accountKey, kind: 'nothing-to-send' };
  }
  // No list changed size here: the share of a list does not apply (domainCount 0), the other limits do
  // (more than 50 removals, the user's own server).
  const decision = decideRefresh({
    listName: t('bg_expiredEntries'),
    current: { isParsed: true, domainCount: 0 },
    plan: pending.plan,
    ownDomain: account.localDomain,
  });
  const removed = pending.plan.remove.map((remove) => remove.domain).join(', ');
  const reasons = decision.kind === 'apply' ? null : [t('bg_expiredWaits', removed), ...decision.details.map(refreshReasonMessage)];
  return applyOrWait(account, pending, reasons, 'expiry');
}

async function recordExpired(accountKey: AccountKey, entries: readonly DueEntry[]): Promise<void> {
  const all = await expiredItem.getValue();
  const added = entries.map(({ domain, list, expiresAt }): ExpiredEntry => ({ domain, list, expiredAt: expiresAt })).reverse();
  await expiredItem.setValue({ ...all, [accountKey]: [...added, ...(all[accountKey] ?? [])].slice(0, EXPIRED_KEPT) });
}

/** An account's expired entries, newest first (Options › History). */
export async function listExpiredEntries(accountKey: AccountKey): Promise<ExpiredEntryView[]> {
  return ((await expiredItem.getValue())[accountKey] ?? []).map((entry) => ({ ...entry }));
}

async function deleteExpiredEntries(accountKey: AccountKey): Promise<void> {
  const { [accountKey]: _removed, ...rest } = await expiredItem.getValue();
  await expiredItem.setValue(rest);
}

/** Sets the alarm for the earliest entry of any account that expires, or clears it when none does. */
export async function scheduleExpiryAlarm(): Promise<void> {
  const times = Object.values(await sourcesItem.getValue()).flatMap((sources) => {
    const at = nextExpiry(sources);
    return at === undefined ? [] : [at];
  });
  if (times.length === 0) {
    await browser.alarms.clear(EXPIRY_ALARM);
    return;
  }
  // An alarm in the past fires at once; browsers wait at least 30 s between alarms anyway.
  await browser.alarms.create(EXPIRY_ALARM, { when: Math.max(Math.min(...times), Date.now() + 1000) });
}

/**
 * Attaches the expiry alarm's listener and checks for entries whose time came while the service worker
 * or the browser was stopped. Call synchronously in the background's `main()`.
 * @param onChanged - re-renders the pages and tells the Mastodon tabs.
 */
export function registerExpiryListeners(onChanged: () => Promise<void>): void {
  registerAccountDataCleaner(deleteExpiredEntries);
  const check = (): void =>
    void runExpiry()
      .then(async (reports) => {
        if (reports.length > 0) await onChanged();
      })
      .catch((error: unknown) => console.error('Hedge: could not remove the entries whose time is up; it tries again at the next start', error));
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === EXPIRY_ALARM) check();
  });
  // Every change of the sources (an entry typed, one from another browser, a confirmed plan) may move the next time.
  sourcesItem.watch(() => void scheduleExpiryAlarm().catch((error: unknown) => console.error('Hedge: could not set the expiry alarm', error)));
  check();
}
