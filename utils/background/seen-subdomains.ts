/**
 * Subdomains of the user's blocks that Mastodon's web UI showed accounts of:
 * the content script reports the domains it marked "through a blocked parent"
 * (`hedge/report-seen-subdomains`), and Options › Blocks offers them beside
 * the ones among follows and followers (subdomain-offers.ts).
 *
 * Only such domains are kept, checked again here against the blocks Hedge last
 * read of the account signed in on the page's origin (utils/core/subdomains.ts
 * `keepSeenSubdomains`); no account, post or address is reported or stored.
 * The store is `storage.local`, in this browser only: it is not synced, and
 * sign-out deletes the account's part (account-data.ts).
 */
import { storage } from 'wxt/utils/storage';
import { keepSeenSubdomains, MAX_SEEN_SUBDOMAINS, rememberSeenSubdomains } from '../core/subdomains';
import { getAccountSnapshot } from '../db/account-snapshots';
import type { StoredAccount } from '../db/accounts';
import { t } from '../i18n/translate';
import type { AccountKey } from '../protocol';
import { ReplyError } from './reply-error';
import { getAccountSources } from './sources';

/**
 * Domains a page may report in one message: no more than can be kept. The content script sends each
 * domain once per page, a few seconds' worth at a time (utils/dom/seen-subdomains.ts), far fewer.
 */
const MAX_REPORTED_SUBDOMAINS = MAX_SEEN_SUBDOMAINS;

/** Per account, the subdomains seen, oldest first, at most `MAX_SEEN_SUBDOMAINS` (utils/core/subdomains.ts). */
const seenItem = storage.defineItem<Record<AccountKey, string[]>>('local:seenSubdomains', { fallback: {} });

/**
 * Keeps the reported subdomains that are subdomains of the account's blocks; the rest is dropped.
 * Returns how many were kept. Refused in words when `reported` is not a short list.
 */
export async function recordSeenSubdomains(account: StoredAccount, reported: unknown): Promise<number> {
  if (!Array.isArray(reported) || reported.length > MAX_REPORTED_SUBDOMAINS) throw new ReplyError('invalid-input', t('bg_seenSubdomainsUnreadable'));
  const blocked = (await getAccountSnapshot(account.key))?.personalBlocks ?? [];
  const { neverBlock } = await getAccountSources(account.key);
  const kept = keepSeenSubdomains(reported, blocked, [account.localDomain, ...neverBlock]);
  if (kept.length === 0) return 0;
  const stored = await seenItem.getValue();
  await seenItem.setValue({ ...stored, [account.key]: rememberSeenSubdomains(stored[account.key] ?? [], kept) });
  return kept.length;
}

/** The subdomains seen for an account, oldest first. */
export async function listSeenSubdomains(key: AccountKey): Promise<string[]> {
  return (await seenItem.getValue())[key] ?? [];
}

/** Forgets an account's seen subdomains (sign-out). */
export async function deleteSeenSubdomains(key: AccountKey): Promise<void> {
  const { [key]: _forgotten, ...others } = await seenItem.getValue();
  await seenItem.setValue(others);
}
