/**
 * The user's answers about a list's due domains (utils/core/list-expiry.ts) as entries of their own
 * sync items, apart from the subscriptions: `due/<account>/<0–7>`, a domain in the bucket its hash
 * names, one entry per answered domain of a list: `<short id of the list>:<domain>` → the time the
 * domain was kept until (epoch ms), or {@link DROPPED_ANSWER} when the user removed it.
 *
 * Why apart: browser sync allows 8,192 bytes an item (Chrome's and Firefox's `QUOTA_BYTES_PER_ITEM`,
 * the key's length and the JSON of the value); a list with a few hundred answers would carry the
 * account's `subs/` item over it, and then none of its subscriptions would sync. Here a bucket that
 * passes it fails alone. And each answer is an entry of its own, so two browsers answering
 * different domains of one list at the same time both keep their answers in the three-way merge
 * (utils/core/sync-merge.ts).
 *
 * What comes from sync is checked like any input: an entry whose list is not one of the account's,
 * whose domain is not in the form Hedge stores, sits in another bucket than its domain's, or whose
 * value is neither a time nor "removed" does not read and is left out.
 */
import { fnv1a } from '../../core/shared-ownership';
import { canonicalJson, type SyncEntries } from '../../core/sync-merge';
import type { AccountKey } from '../../protocol';
import type { StoredSubscription } from '../lists/subscription-store';
import { isStoredDomain } from './entries';

/** Items per account: enough that an account's answers spread under the per-item quota, few enough for the 512 items sync allows. */
export const DUE_BUCKETS = 8;

/** The value of an answer "remove": a time is always later than 0. */
export const DROPPED_ANSWER = 0;

/** The sync keys of an account's answers, one per bucket. */
export function dueSyncKeys(accountKey: AccountKey): string[] {
  const account = fnv1a(accountKey).toString(36);
  return Array.from({ length: DUE_BUCKETS }, (_, bucket) => `due/${account}/${bucket}`);
}

/** The bucket of a domain's answers. */
export function dueBucketOf(domain: string): number {
  return fnv1a(domain) % DUE_BUCKETS;
}

/** A subscription's id as its answers carry it: short, since each answer repeats it. */
export function shortSubscriptionId(id: string): string {
  return fnv1a(id).toString(36);
}

/** Whether a subscription follows the user; imported files and Fediseer subscriptions stay in their browser (entries.ts). */
export function isSyncedOrigin(subscription: Pick<StoredSubscription, 'origin'>): boolean {
  return subscription.origin === 'url' || subscription.origin === 'fires';
}

/**
 * This browser's answers in one bucket, as entries: a domain both kept and removed reads as removed,
 * as list-expiry.ts reads it.
 * @param subscriptions - the account's subscriptions here.
 * @param bucket - the bucket.
 */
export function dueEntries(subscriptions: readonly StoredSubscription[], bucket: number): SyncEntries {
  const entries: Record<string, number> = {};
  for (const subscription of subscriptions) {
    if (!isSyncedOrigin(subscription)) continue;
    const short = shortSubscriptionId(subscription.id);
    const inBucket = (domain: string): boolean => typeof domain === 'string' && isStoredDomain(domain) && dueBucketOf(domain) === bucket;
    for (const [domain, until] of Object.entries(subscription.keptUntil ?? {})) {
      if (inBucket(domain) && isTime(until)) entries[`${short}:${domain}`] = until;
    }
    for (const domain of subscription.dropped ?? []) {
      if (inBucket(domain)) entries[`${short}:${domain}`] = DROPPED_ANSWER;
    }
  }
  return entries;
}

/**
 * The entries of one bucket this browser offers to the merge: its own answers, and the agreed
 * answers of lists it has not agreed on with sync yet. Those are left as they are: a list that
 * arrived from another browser takes its answers from them (they may have come before the list),
 * and a list this browser does not know is not this browser's to change. The answers of a list
 * that was agreed on and is gone here are left out, so removing a list removes its answers.
 * @param own - {@link dueEntries} of this browser.
 * @param agreed - the bucket as this browser last agreed with sync.
 * @param agreedSubscriptionIds - the ids in the account's `subs/` item as last agreed, before this merge.
 */
export function dueEntriesToOffer(own: SyncEntries, agreed: SyncEntries | undefined, agreedSubscriptionIds: readonly string[]): SyncEntries {
  const known = new Set(agreedSubscriptionIds.map(shortSubscriptionId));
  const offered: Record<string, unknown> = { ...own };
  for (const [key, value] of Object.entries(agreed ?? {})) {
    if (!(key in offered) && !known.has(key.slice(0, key.indexOf(':')))) offered[key] = value;
  }
  return offered;
}

/**
 * A subscription with its answers in one bucket replaced by what the merged entries say; the same
 * record when they already are these.
 * @param subscription - the local subscription.
 * @param bucket - the bucket.
 * @param entries - the bucket's merged entries.
 */
export function withDueAnswers(subscription: StoredSubscription, bucket: number, entries: SyncEntries): StoredSubscription {
  if (!isSyncedOrigin(subscription)) return subscription;
  const prefix = `${shortSubscriptionId(subscription.id)}:`;
  const kept: Record<string, number> = {};
  const dropped: string[] = [];
  for (const [key, value] of Object.entries(entries)) {
    if (!key.startsWith(prefix)) continue;
    const domain = key.slice(prefix.length);
    if (!isStoredDomain(domain) || dueBucketOf(domain) !== bucket) continue;
    if (value === DROPPED_ANSWER) dropped.push(domain);
    else if (isTime(value)) kept[domain] = value;
  }
  const isOther = (domain: string): boolean => dueBucketOf(domain) !== bucket;
  const keptUntil = { ...Object.fromEntries(Object.entries(subscription.keptUntil ?? {}).filter(([domain]) => isOther(domain))), ...kept };
  const stillDropped = (subscription.dropped ?? []).filter((domain) => isOther(domain) || dropped.includes(domain));
  const nextDropped = [...stillDropped, ...dropped.filter((domain) => !stillDropped.includes(domain)).sort()];
  const isSame =
    canonicalJson(keptUntil) === canonicalJson(subscription.keptUntil ?? {}) &&
    canonicalJson([...nextDropped].sort()) === canonicalJson([...(subscription.dropped ?? [])].sort());
  if (isSame) return subscription;
  const { keptUntil: _kept, dropped: _dropped, ...rest } = subscription;
  return {
    ...rest,
    ...(Object.keys(keptUntil).length > 0 ? { keptUntil } : {}),
    ...(nextDropped.length > 0 ? { dropped: nextDropped } : {}),
  };
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}
