/**
 * "Apply what this list adds for N days, then ask me again" (utils/core/list-expiry.ts): which
 * domains are due, for the state's question. The answer is list-due-answer.ts.
 */
import { findDueListDomains, type BlockMade } from '../../core/list-expiry';
import type { DueListView } from '../../protocol';
import type { StoredSubscription } from './subscription-store';

/**
 * The due domains of an account's lists, by list and day, oldest first.
 * @param subscriptions - the account's subscriptions.
 * @param blocks - the blocks Hedge made for the account.
 * @param now - epoch ms.
 */
export function dueListGroups(subscriptions: readonly StoredSubscription[], blocks: readonly BlockMade[], now: number): DueListView[] {
  const windows = subscriptions.flatMap((subscription) =>
    subscription.applyForDays === undefined
      ? []
      : [{ subscriptionId: subscription.id, days: subscription.applyForDays, keptUntil: subscription.keptUntil ?? {}, dropped: subscription.dropped ?? [] }],
  );
  return findDueListDomains(blocks, windows, now).map((group) => {
    const subscription = subscriptions.find((item) => item.id === group.subscriptionId);
    return { ...group, name: subscription?.name ?? '', days: subscription?.applyForDays ?? 0 };
  });
}
