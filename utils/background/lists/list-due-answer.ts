/**
 * The user's answer about a list's due domains (list-due.ts): keeping renews them for another period
 * of the list's days; removing leaves them out of the list's contribution (`dropped`, read by
 * list-copies.ts) and removes Hedge's blocks through a plan with the refresh's safety catch
 * (`removeBlocksOf`, ../expiry.ts), which never touches a block the user made or another source wants.
 */
import { DAY_MS } from '../../core/list-expiry';
import { t } from '../../i18n/translate';
import type { AccountKey } from '../../protocol';
import { removeBlocksOf } from '../expiry';
import { ReplyError } from '../reply-error';
import { requireSubscription, saveSubscription } from './subscription-store';

/**
 * Keeps a list's due domains for another period, or removes them.
 * @param accountKey - the account.
 * @param subscriptionId - the list.
 * @param domains - the due domains the question named.
 * @param action - the user's answer.
 * @param now - the clock.
 */
export async function answerDueDomains(
  accountKey: AccountKey,
  subscriptionId: string,
  domains: readonly string[],
  action: 'keep' | 'remove',
  now: () => number = Date.now,
): Promise<void> {
  const subscription = await requireSubscription(accountKey, subscriptionId);
  if (subscription.applyForDays === undefined) throw new ReplyError('invalid-input', t('bg_listAppliesAlways', subscription.name));
  if (action === 'keep') {
    const until = now() + subscription.applyForDays * DAY_MS;
    await saveSubscription({ ...subscription, keptUntil: { ...subscription.keptUntil, ...Object.fromEntries(domains.map((domain) => [domain, until])) } });
    return;
  }
  const dropped = [...new Set([...(subscription.dropped ?? []), ...domains])];
  await saveSubscription({ ...subscription, dropped, keptUntil: withoutDomains(subscription.keptUntil, domains) });
  await removeBlocksOf(accountKey, domains, now);
}

function withoutDomains(map: Readonly<Record<string, number>> | undefined, domains: readonly string[]): Record<string, number> {
  return Object.fromEntries(Object.entries(map ?? {}).filter(([domain]) => !domains.includes(domain)));
}
