/**
 * The view model the popup and the options page render (`HedgeState`),
 * built from storage on every request: the service worker may have been
 * stopped since the last one, so nothing comes from memory alone.
 */
import { browser } from 'wxt/browser';
import { getAccountsState, toAccountView, type StoredAccount } from '../db/accounts';
import type { HedgeState } from '../protocol';
import { PRESETS } from '../core/presets';
import { listOwnedBlocks } from '../db/owned-blocks';
import { getRunProgress } from './runs';
import { getAccountSnapshot } from '../db/account-snapshots';
import { countMarkedDomains, getAccountSources, NO_SOURCES, type CombineInputOptions } from './sources';
import { lastErrorItem, settingsItem } from './settings';
import { getPendingSignIn, getSignInOutcome } from './pending-sign-in';
import { listPendingConfirmations } from './plans';
import { unreadableCopiesMarked } from './lists/list-copies';
import { listSubscriptions, toSubscriptionView } from './lists/subscription-store';
import { dueListGroups } from './lists/list-due';
import { listMarkedSites } from '../db/marked-sites';
import { withAccessState } from './marked-sites';
import { hasInstancePermission } from '../permissions/instance-permission';

/** The alarm that refreshes subscriptions. */
export const REFRESH_ALARM = 'hedge-refresh';

/** Builds the state for the pages. No token is in it: accounts go through `toAccountView`. */
export async function buildHedgeState(now: () => number = Date.now): Promise<HedgeState> {
  // The reads are made together where they do not depend on each other: the popup waits for this answer.
  const [{ accounts, activeKey }, settings, alarm, lastError, pendingSignIn, signInOutcome, markedSites] = await Promise.all([
    getAccountsState(),
    settingsItem.getValue(),
    readRefreshAlarm(),
    lastErrorItem.getValue(),
    getPendingSignIn(now()),
    getSignInOutcome(),
    listMarkedSites(),
  ]);
  const activeAccount = accounts.find((account) => account.key === activeKey);
  const sourcesRead = activeAccount ? getAccountSources(activeAccount.key) : null;
  const [snapshot, sources, ownedBlocks, run, pendingConfirmations, { marked, subscriptions }] = activeAccount && sourcesRead
    ? await Promise.all([
        getAccountSnapshot(activeAccount.key),
        sourcesRead,
        listOwnedBlocks(activeAccount.key),
        getRunProgress(activeAccount.key),
        listPendingConfirmations(activeAccount.key),
        countWithSubscriptions(activeAccount, { sources: sourcesRead, consensus: settings.consensus }),
      ])
    : [null, NO_SOURCES, [], null, [], { marked: { limited: 0, listed: 0 }, subscriptions: [] }];
  const owned = new Set(ownedBlocks.map((block) => block.domain));
  const blockedByHedge = (snapshot?.personalBlocks ?? []).filter((domain) => owned.has(domain)).length;
  return {
    accounts: accounts.map(toAccountView),
    activeAccountKey: activeKey,
    presets: PRESETS.map((preset) => ({
      id: preset.id,
      name: preset.name,
      explanation: preset.explanation,
      domains: [...preset.domains],
      isEnabled: sources.presets.includes(preset.id),
    })),
    subscriptions: subscriptions.map(toSubscriptionView),
    consensus: settings.consensus,
    counts: {
      blockedByHedge,
      limited: marked.limited,
      listed: marked.listed,
      personalBlocks: snapshot?.personalBlocks.length ?? 0,
    },
    refresh: {
      lastAt: settings.lastRefreshAt,
      nextAt: alarm?.scheduledTime ?? null,
      intervalHours: settings.refreshIntervalHours,
    },
    run,
    pendingConfirmations,
    lastError,
    signIn: { pending: pendingSignIn, outcome: signInOutcome },
    manualEntries: { alwaysBlock: [...sources.alwaysBlock], neverBlock: [...sources.neverBlock] },
    ...(snapshot ? { serverBlocksVisibility: snapshot.serverBlocks.visibility } : {}),
    ownLimits: [...sources.limit],
    entryExpiry: { alwaysBlock: { ...sources.alwaysBlockUntil }, limit: { ...sources.limitUntil } },
    ...dueQuestion(subscriptions, ownedBlocks, now()),
    ...(markedSites.length === 0 ? {} : { markedSites: await withAccessState(markedSites, hasInstancePermission) }),
    builtAt: now(),
  };
}

/**
 * The counts of marked domains, and the subscriptions. Reading the lists for the count marks a
 * subscription whose kept copy cannot be read; when it did, the subscriptions are read again so
 * that the state shows the mark.
 */
async function countWithSubscriptions(account: StoredAccount, read: Pick<CombineInputOptions, 'sources' | 'consensus'>) {
  const marksBefore = unreadableCopiesMarked();
  const [marked, subscriptions] = await Promise.all([countMarkedDomains(account, read), listSubscriptions(account.key)]);
  return { marked, subscriptions: unreadableCopiesMarked() === marksBefore ? subscriptions : await listSubscriptions(account.key) };
}

/** The due domains of lists applied for a while, when there are any (utils/background/lists/list-due.ts). */
function dueQuestion(...args: Parameters<typeof dueListGroups>): Pick<HedgeState, 'dueFromLists'> {
  const due = dueListGroups(...args);
  return due.length === 0 ? {} : { dueFromLists: due };
}

async function readRefreshAlarm(): Promise<{ scheduledTime: number } | null> {
  return (await browser.alarms.get(REFRESH_ALARM)) ?? null;
}
