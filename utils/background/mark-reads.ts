/**
 * Keeping what the web UI's marks are made of fresh without a preview: the
 * user's own domain blocks and the server's limits and suspensions
 * (`refreshMarkSnapshot`, utils/background/account-reads.ts; follows and
 * followers only on the first read). They are read at sign-in, on the
 * refresh alarm, and when a Mastodon tab asks for its verdicts and the last
 * read is older than {@link MARKS_MAX_AGE_MS}. Tabs opening together share one
 * read per account, and a read is left out while the rate-limit window is
 * nearly spent: the marks then stay as last read.
 */
import { getAccountSnapshot } from '../db/account-snapshots';
import type { StoredAccount } from '../db/accounts';
import type { AccountKey } from '../protocol';
import { hasRoomForReads, refreshMarkSnapshot } from './account-reads';
import { sendToInstanceTabs } from './broadcast';
import { tellMarkedSitesOf } from './marked-sites';
import { connectAccount } from './session';

/** Marks read less than this long ago are shown as they are; an opening tab reads older ones again. */
export const MARKS_MAX_AGE_MS = 5 * 60_000;

/** The fewest requests a read takes (personal blocks, server blocks): the window must keep room for them. */
const READ_REQUESTS = 2;

/** The read under way per account: tabs that open meanwhile wait for it instead of reading again. */
const underWay = new Map<AccountKey, Promise<boolean>>();

/**
 * Reads the account's blocks and its server's blocks again when the last read
 * is older than `maxAgeMs`, then tells the account's Mastodon tabs to ask for
 * their verdicts again. Resolves true when it read. Throws a `MastodonError`.
 */
export function refreshMarkSources(account: StoredAccount, options: { maxAgeMs: number; now?: () => number }): Promise<boolean> {
  const running = underWay.get(account.key);
  if (running) return running;
  const read = readIfStale(account, options).finally(() => underWay.delete(account.key));
  underWay.set(account.key, read);
  return read;
}

async function readIfStale(account: StoredAccount, { maxAgeMs, now = Date.now }: { maxAgeMs: number; now?: () => number }): Promise<boolean> {
  if (account.status !== 'active') return false;
  const stored = await getAccountSnapshot(account.key);
  if (stored && now() - stored.fetchedAt < maxAgeMs) return false;
  // A first read goes ahead whatever the window says: without it there are no marks at all.
  if (stored && !hasRoomForReads(account.key, READ_REQUESTS, now())) return false;
  await refreshMarkSnapshot(await connectAccount(account), { now });
  await sendToInstanceTabs(account.origin, { type: 'hedge/verdicts-changed', origin: account.origin });
  await tellMarkedSitesOf(account.key);
  return true;
}

/** {@link refreshMarkSources} for a moment nobody waits for: a failure is logged, the marks stay as last read. */
export function refreshMarkSourcesQuietly(account: StoredAccount, maxAgeMs: number): Promise<void> {
  return refreshMarkSources(account, { maxAgeMs }).then(
    () => undefined,
    (error: unknown) => console.warn(`Hedge: could not read the blocks on ${account.origin} for the marks; they stay as last read`, error),
  );
}
