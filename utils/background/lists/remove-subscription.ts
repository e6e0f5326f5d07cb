/**
 * Forgetting a subscription: its record, its copy when no other subscription
 * uses it, and Hedge's access to its host when no account or other list uses
 * that (utils/background/host-access.ts).
 */
import type { AccountKey } from '../../protocol';
import { addressesOfList, releaseUnusedHostAccess } from '../host-access';
import { forgetCopy } from './list-copies';
import { listSubscriptions, subscriptionsItem } from './subscription-store';

/**
 * Forgets a subscription, its cached copy when no other subscription uses it,
 * and Hedge's access to its host when no account or other list uses that.
 */
export async function removeSubscriptionRecord(accountKey: AccountKey, id: string): Promise<void> {
  const all = await subscriptionsItem.getValue();
  const removed = all.find((subscription) => subscription.id === id && subscription.accountKey === accountKey);
  if (!removed) return;
  const rest = all.filter((subscription) => subscription !== removed);
  await subscriptionsItem.setValue(rest);
  if (!rest.some((subscription) => subscription.cacheKey === removed.cacheKey)) await forgetCopy(removed.cacheKey);
  await releaseUnusedHostAccess(addressesOfList(removed), rest);
}

/** Forgets every subscription of an account (sign-out). */
export async function deleteAccountSubscriptions(accountKey: AccountKey): Promise<void> {
  for (const subscription of await listSubscriptions(accountKey)) await removeSubscriptionRecord(accountKey, subscription.id);
}
