/**
 * What each account wants besides its lists: the presets it switched on and
 * its own "always block" / "never block" entries. Stored per account; a
 * preset is switched on only when the user confirms its plan.
 */
import { storage } from 'wxt/utils/storage';
import type { PresetId } from '../core/presets';
import type { AccountKey } from '../messages';

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
