/**
 * What each account wants besides its lists: the presets it switched on and
 * its own "always block" / "never block" entries. Stored per account; a
 * preset is switched on only when the user confirms its plan.
 */
import { storage } from 'wxt/utils/storage';
import type { StoredAccount } from '../accounts';
import { combineSources, type CombineSourcesInput } from '../core/desired-state';
import type { DesiredState } from '../core/model';
import type { PresetId } from '../core/presets';
import type { AccountKey, ConsensusSetting } from '../messages';
import { settingsItem } from './settings';
import { loadSubscribedLists } from './subscriptions';

/** One account's own sources. */
export interface AccountSources {
  presets: PresetId[];
  alwaysBlock: string[];
  neverBlock: string[];
}

/** Nothing switched on. */
export const NO_SOURCES: AccountSources = { presets: [], alwaysBlock: [], neverBlock: [] };

const sourcesItem = storage.defineItem<Record<AccountKey, AccountSources>>('local:accountSources', {
  version: 1,
  fallback: {},
});

/** An account's sources (nothing switched on before the first change). */
export async function getAccountSources(key: AccountKey): Promise<AccountSources> {
  return (await sourcesItem.getValue())[key] ?? NO_SOURCES;
}

/** Replaces an account's sources. */
export async function setAccountSources(key: AccountKey, sources: AccountSources): Promise<void> {
  const all = await sourcesItem.getValue();
  await sourcesItem.setValue({ ...all, [key]: sources });
}

/** Forgets an account's sources (sign-out). */
export async function deleteAccountSources(key: AccountKey): Promise<void> {
  const { [key]: _removed, ...rest } = await sourcesItem.getValue();
  await sourcesItem.setValue(rest);
}

/** What {@link loadCombineInput} may take instead of what is stored. */
export interface CombineInputOptions {
  /** The sources a plan would reach (a preset switched, an entry added); the stored ones when omitted. */
  sources?: AccountSources;
  /** Leave this subscription out (the plan of unsubscribing). */
  withoutSubscriptionId?: string;
  /** The consensus rule; the stored setting when omitted. */
  consensus?: ConsensusSetting;
}

/**
 * Everything an account's combined block list is made of: its presets, its
 * lists with their last good copies, its own entries, the consensus setting
 * and its own server. Every plan, verdict snapshot, export and count reads it
 * here, so they agree on what the account wants.
 */
export async function loadCombineInput(
  account: Pick<StoredAccount, 'key' | 'localDomain'>,
  options: CombineInputOptions = {},
): Promise<CombineSourcesInput> {
  const sources = options.sources ?? (await getAccountSources(account.key));
  const consensus = options.consensus === undefined ? (await settingsItem.getValue()).consensus : options.consensus;
  return {
    presets: sources.presets.map((id) => ({ id })),
    subscriptions: await loadSubscribedLists(account.key, { withoutId: options.withoutSubscriptionId }),
    manual: { alwaysBlock: sources.alwaysBlock, neverBlock: sources.neverBlock },
    consensus,
    ownInstance: account.localDomain,
  };
}

/** The account's combined block list (utils/core/desired-state.ts) from {@link loadCombineInput}. */
export async function loadDesiredState(
  account: Pick<StoredAccount, 'key' | 'localDomain'>,
  options: CombineInputOptions = {},
): Promise<DesiredState> {
  return combineSources(await loadCombineInput(account, options));
}

/**
 * How many domains the account's sources want limited (collapsed in the web
 * UI, not blocked) and only listed (marked), for the popup's status.
 */
export async function countMarkedDomains(account: Pick<StoredAccount, 'key' | 'localDomain'>): Promise<{ limited: number; listed: number }> {
  let limited = 0;
  let listed = 0;
  for (const { action } of (await loadDesiredState(account)).values()) {
    if (action === 'limit') limited += 1;
    else if (action === 'listed') listed += 1;
  }
  return { limited, listed };
}
