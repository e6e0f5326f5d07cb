/**
 * What each account wants besides its lists: the presets it switched on, its
 * own "always block" / "never block" entries and the domains it limits itself.
 * Stored per account; a preset is switched on only when the user confirms its plan.
 */
import { storage } from 'wxt/utils/storage';
import type { StoredAccount } from '../db/accounts';
import { combineSources, type CombineSourcesInput } from '../core/desired-state';
import type { DesiredState } from '../core/model';
import { normalizeDomain } from '../core/domain';
import { withoutExpired } from '../core/expiry';
import { applySourceChanges, type AccountSources, type SourceChange } from '../core/source-changes';
import { domainErrorMessage } from '../i18n/error-messages';
import type { AccountKey, ConsensusSetting } from '../protocol';
import { ReplyError } from './reply-error';
import { settingsItem } from './settings';
import { loadSubscribedLists } from './lists/list-copies';

/** Nothing switched on. */
export const NO_SOURCES: AccountSources = { presets: [], alwaysBlock: [], neverBlock: [], limit: [] };

/** An account's sources as version 1 stored them, before the user's own limits. */
type SourcesV1 = Omit<AccountSources, 'limit'>;

/**
 * An account's sources with every field: a value written in an older shape (a migration that
 * could not run, a copy from another install) reads as limiting nothing rather than failing.
 */
function complete(sources: SourcesV1 & Partial<AccountSources>): AccountSources {
  return { ...sources, limit: sources.limit ?? [] };
}

/** Every account's sources. Version 2 added the user's own limits (`limit`), none for accounts stored before. */
export const sourcesItem = storage.defineItem<Record<AccountKey, AccountSources>>('local:accountSources', {
  version: 2,
  fallback: {},
  migrations: {
    2: (stored: Record<AccountKey, SourcesV1>): Record<AccountKey, AccountSources> =>
      Object.fromEntries(Object.entries(stored).map(([key, sources]) => [key, complete(sources)])),
  },
});

/** An account's sources (nothing switched on before the first change). */
export async function getAccountSources(key: AccountKey): Promise<AccountSources> {
  const stored = (await sourcesItem.getValue())[key];
  return stored === undefined ? NO_SOURCES : complete(stored);
}

// Writes read, change and write the whole item: chained, so that two of them (an entry typed while
// a plan is confirmed, two windows) never lose each other's change, as accounts.ts does.
let writing: Promise<unknown> = Promise.resolve();
function write<T>(change: (all: Record<AccountKey, AccountSources>) => { all: Record<AccountKey, AccountSources>; result: T }): Promise<T> {
  const next = writing.then(async () => {
    const { all, result } = change(await sourcesItem.getValue());
    await sourcesItem.setValue(all);
    return result;
  });
  writing = next.catch(() => undefined);
  return next;
}

/**
 * Changes an account's sources as they are when the write comes, after every earlier write.
 * Returns the sources written.
 * @param key - the account.
 * @param change - the new sources from the current ones.
 */
export function updateAccountSources(key: AccountKey, change: (current: AccountSources) => AccountSources): Promise<AccountSources> {
  return write((all) => {
    const stored = all[key];
    const next = change(stored === undefined ? NO_SOURCES : complete(stored));
    return { all: { ...all, [key]: next }, result: next };
  });
}

/** Forgets an account's sources (sign-out). */
export async function deleteAccountSources(key: AccountKey): Promise<void> {
  await write((all) => {
    const { [key]: _removed, ...rest } = all;
    return { all: rest, result: undefined };
  });
}

/** What {@link loadCombineInput} may take instead of what is stored. */
export interface CombineInputOptions {
  /**
   * The sources a plan would reach (a preset switched, an entry added), or a read of the stored ones a
   * caller has already started; the stored ones, read here, when omitted.
   */
  sources?: AccountSources | Promise<AccountSources>;
  /** Leave this subscription out (the plan of unsubscribing). */
  withoutSubscriptionId?: string;
  /** The consensus rule; the stored setting when omitted. */
  consensus?: ConsensusSetting;
  /** The moment the sources are read at: entries whose time is up by then do not count (utils/core/expiry.ts). */
  now?: number;
}

/**
 * Everything an account's combined block list is made of: its presets, its
 * lists with their last good copies, its own entries and limits, the consensus setting
 * and its own server. Every plan, verdict snapshot, export and count reads it
 * here, so they agree on what the account wants.
 */
export async function loadCombineInput(
  account: Pick<StoredAccount, 'key' | 'localDomain'>,
  options: CombineInputOptions = {},
): Promise<CombineSourcesInput> {
  const [sources, consensus, subscriptions] = await Promise.all([
    options.sources ?? getAccountSources(account.key),
    options.consensus === undefined ? settingsItem.getValue().then((settings) => settings.consensus) : options.consensus,
    loadSubscribedLists(account.key, { withoutId: options.withoutSubscriptionId }),
  ]);
  const current = withoutExpired(sources, options.now ?? Date.now());
  return {
    presets: current.presets.map((id) => ({ id })),
    subscriptions,
    manual: { alwaysBlock: current.alwaysBlock, neverBlock: current.neverBlock, limit: current.limit },
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
 * UI, not blocked) and only listed (marked), for the popup's status. A caller
 * that reads the sources or the settings already passes them (or the read) in `options`.
 */
export async function countMarkedDomains(
  account: Pick<StoredAccount, 'key' | 'localDomain'>,
  options: CombineInputOptions = {},
): Promise<{ limited: number; listed: number }> {
  let limited = 0;
  let listed = 0;
  for (const { action } of (await loadDesiredState(account, options)).values()) {
    if (action === 'limit') limited += 1;
    else if (action === 'listed') listed += 1;
  }
  return { limited, listed };
}

/** One of the user's own entries to add or remove (Options › Blocks). */
export interface OwnEntryChange {
  list: 'always-block' | 'never-block';
  domain: string;
  action: 'add' | 'remove';
  /** For an "always block" entry added: when it stops counting (utils/core/expiry.ts); absent: kept until removed. */
  expiresAt?: number;
}

/**
 * Adds or removes one of the account's own entries, written after any write in progress (a plan
 * being confirmed), to the sources as they are then. A new "always block" entry is a wish to block:
 * reserved names and canary rows are refused, as `combineSources` would drop them silently.
 * Removing takes any name an earlier version stored. Throws a `ReplyError` for a text that is not a domain.
 */
export async function changeOwnEntry(key: AccountKey, change: OwnEntryChange): Promise<void> {
  const isWish = change.list === 'always-block' && change.action === 'add';
  const normalized = normalizeDomain(change.domain, { forList: isWish });
  if ('error' in normalized) throw new ReplyError('invalid-input', domainErrorMessage(normalized.error));
  const sourceChange: SourceChange = {
    kind: 'entry',
    list: change.list,
    domain: normalized.domain,
    action: change.action,
    ...(isWish && change.expiresAt !== undefined ? { expiresAt: change.expiresAt } : {}),
  };
  await updateAccountSources(key, (current) => applySourceChanges(current, [sourceChange]));
}
