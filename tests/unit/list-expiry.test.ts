import { describe, expect, it } from 'vitest';
import { DAY_MS, findDueListDomains, type BlockMade } from '../../utils/core/list-expiry';
import { listExpiryOf, readSyncedSubscription, storedFromSynced, subscriptionEntries, withListExpiry } from '../../utils/background/sync/entries';
import type { StoredSubscription } from '../../utils/background/lists/subscription-store';
import { DUE_BUCKETS, dueEntries, withDueAnswers } from '../../utils/background/sync/due-entries';

const NOW = new Date(2026, 11, 5, 12, 0).getTime();
const fromList = (id: string) => [{ source: { kind: 'subscription' as const, id, name: id } }];
const made = (domain: string, daysAgo: number, list = 'fence'): BlockMade => ({ domain, addedAt: NOW - daysAgo * DAY_MS, provenance: fromList(list) });

describe('what a list adds, applied for a while', () => {
  const blocks = [made('a.social', 31), made('b.social', 31), made('c.social', 40), made('young.social', 5), made('other.social', 90, 'another-list')];

  it('is due the chosen days after Hedge blocked it, grouped by list and day, oldest first', () => {
    expect(findDueListDomains(blocks, [{ subscriptionId: 'fence', days: 30 }], NOW)).toEqual([
      { subscriptionId: 'fence', addedAt: NOW - 40 * DAY_MS, domains: ['c.social'] },
      { subscriptionId: 'fence', addedAt: NOW - 31 * DAY_MS, domains: ['a.social', 'b.social'] },
    ]);
  });

  it.each<[string, Parameters<typeof findDueListDomains>[1], string[]]>([
    ['a list applied always asks nothing', [], []],
    ['a domain kept for longer is due again only at its new time', [{ subscriptionId: 'fence', days: 30, keptUntil: { 'a.social': NOW + DAY_MS } }], ['c.social', 'b.social']],
    ['a domain kept until now is due again', [{ subscriptionId: 'fence', days: 30, keptUntil: { 'a.social': NOW } }], ['c.social', 'a.social', 'b.social']],
    ['a domain removed is not asked about again', [{ subscriptionId: 'fence', days: 30, dropped: ['c.social'] }], ['a.social', 'b.social']],
    ['a block another list made is not this list’s to ask about', [{ subscriptionId: 'another-list', days: 60 }], ['other.social']],
  ])('%s', (_name, windows, due) => {
    expect(findDueListDomains(blocks, windows, NOW).flatMap((group) => group.domains)).toEqual(due);
  });
});

describe('the choice and the answers in browser sync', () => {
  const SUBSCRIPTION: StoredSubscription = {
    id: 'fence',
    accountKey: 'https://social.example#1',
    name: 'Garden Fence',
    origin: 'url',
    url: 'https://lists.example.social/fence.csv',
    cacheKey: 'url:fence',
    silenceAs: 'limit',
    inConsensus: false,
    isAllowlist: false,
    entryCount: 3,
    skippedCount: 0,
    lastFetch: null,
    addedAt: NOW - 60 * DAY_MS,
    applyForDays: 30,
    keptUntil: { 'a.social': NOW + 30 * DAY_MS },
    dropped: ['c.social'],
  };

  it('the choice travels with the subscription, the answers in entries of their own, and both arrive in the other browser', () => {
    const entries = JSON.parse(JSON.stringify(subscriptionEntries([SUBSCRIPTION]))) as Record<string, unknown>;
    expect(entries.fence).not.toHaveProperty('keptUntil');
    expect(entries.fence).not.toHaveProperty('dropped');
    const synced = readSyncedSubscription(entries.fence);
    expect(synced).toMatchObject({ applyForDays: 30 });
    const buckets = Array.from({ length: DUE_BUCKETS }, (_, bucket) => JSON.parse(JSON.stringify(dueEntries([SUBSCRIPTION], bucket))) as Record<string, unknown>);
    const arrived = buckets.reduce((record, entriesOfBucket, bucket) => withDueAnswers(record, bucket, entriesOfBucket), storedFromSynced(SUBSCRIPTION.accountKey, 'fence', synced!));
    expect(listExpiryOf(arrived)).toEqual(listExpiryOf(SUBSCRIPTION));
  });

  it('change a subscription here only when they differ, and "always" clears the choice and keeps the answers', () => {
    const synced = readSyncedSubscription(JSON.parse(JSON.stringify(subscriptionEntries([SUBSCRIPTION]))).fence)!;
    expect(withListExpiry(SUBSCRIPTION, synced)).toBe(SUBSCRIPTION);
    const { applyForDays: _days, ...always } = SUBSCRIPTION;
    const fromAlways = readSyncedSubscription(JSON.parse(JSON.stringify(subscriptionEntries([always]))).fence)!;
    expect(withListExpiry(SUBSCRIPTION, fromAlways)).toEqual(always);
  });

  it('leave out values that do not read, as from an older or broken browser', () => {
    expect(listExpiryOf({ applyForDays: -3, keptUntil: { 'not a domain': 5, 'b.social': Number.NaN }, dropped: ['ok.social', 'NOT OK'] } as never)).toEqual({
      keptUntil: {},
      dropped: ['ok.social'],
    });
  });
});
