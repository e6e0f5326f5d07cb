/**
 * The view model the popup and the options page render (`HedgeState`),
 * built from storage on every request: the service worker may have been
 * stopped since the last one, so nothing comes from memory alone.
 */
import { browser } from 'wxt/browser';
import { getAccountsState, toAccountView } from '../accounts';
import type { HedgeState } from '../messages';
import { PRESETS } from '../core/presets';
import { listOwnedBlocks } from '../db/owned-blocks';
import { getRunProgress } from './runs';
import { getAccountSnapshot } from './account-snapshot';
import { countMarkedDomains, getAccountSources, NO_SOURCES } from './sources';
import { lastErrorItem, settingsItem } from './settings';
import { listPendingConfirmations } from './plans';
import { listSubscriptions, toSubscriptionView } from './subscriptions';

/** The alarm that refreshes subscriptions. */
export const REFRESH_ALARM = 'hedge-refresh';

/** Builds the state for the pages. No token is in it: accounts go through `toAccountView`. */
export async function buildHedgeState(now: () => number = Date.now): Promise<HedgeState> {
  const { accounts, activeKey } = await getAccountsState();
  const settings = await settingsItem.getValue();
  const snapshot = activeKey ? await getAccountSnapshot(activeKey) : null;
  const sources = activeKey ? await getAccountSources(activeKey) : NO_SOURCES;
  const alarm = await readRefreshAlarm();
  const owned = activeKey ? new Set((await listOwnedBlocks(activeKey)).map((block) => block.domain)) : new Set<string>();
  const blockedByHedge = (snapshot?.personalBlocks ?? []).filter((domain) => owned.has(domain)).length;
  const activeAccount = accounts.find((account) => account.key === activeKey);
  const marked = activeAccount ? await countMarkedDomains(activeAccount, { sources, consensus: settings.consensus }) : { limited: 0, listed: 0 };
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
    subscriptions: activeKey ? (await listSubscriptions(activeKey)).map(toSubscriptionView) : [],
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
    run: activeKey ? await getRunProgress(activeKey) : null,
    pendingConfirmations: activeKey ? await listPendingConfirmations(activeKey) : [],
    lastError: await lastErrorItem.getValue(),
    manualEntries: { alwaysBlock: [...sources.alwaysBlock], neverBlock: [...sources.neverBlock] },
    builtAt: now(),
  };
}

async function readRefreshAlarm(): Promise<{ scheduledTime: number } | null> {
  return (await browser.alarms.get(REFRESH_ALARM)) ?? null;
}
