import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StoredSubscription } from '../../utils/background/lists/subscription-store';
import { DROPPED_ANSWER, DUE_BUCKETS, dueBucketOf, dueEntries, dueEntriesToOffer, dueSyncKeys, shortSubscriptionId, withDueAnswers } from '../../utils/background/sync/due-entries';
import {
  isStoredDomain,
  readSyncedSubscription,
  sourcesEntries,
  sourcesFromEntries,
  subscriptionEntries,
  subscriptionsSyncKey,
  withListExpiry,
  withoutOlderAnswers,
  type SyncedSubscription,
} from '../../utils/background/sync/entries';
import { DAY_MS } from '../../utils/core/list-expiry';
import type { AccountSources } from '../../utils/core/source-changes';
import { canonicalJson } from '../../utils/core/sync-merge';

const LISTS = join(import.meta.dirname, '../fixtures/lists');

const NONE: AccountSources = { presets: [], alwaysBlock: [], neverBlock: [], limit: [] };

describe('domains arriving from sync', () => {
  it.each([
    ['bad.example', true],
    ['sub.bad.example', true],
    ['xn--bcher-kva.example', true],
    ['-bad.example', false],
    ['bad-.example', false],
    ['Bad.Example', false],
    ['bad..example', false],
    [`${'a'.repeat(64)}.example`, false],
    ['', false],
  ])('%j reads as a stored domain: %s', (domain, reads) => {
    const entries = { [`a:${domain}`]: true, [`n:${domain}`]: true, [`l:${domain}`]: true };
    const sources = sourcesFromEntries(entries, NONE);
    const expected = reads ? [domain] : [];
    expect(sources).toEqual({ presets: [], alwaysBlock: expected, neverBlock: expected, limit: expected });
  });

  it('reads back what this browser wrote', () => {
    const sources: AccountSources = { presets: [], alwaysBlock: ['a.example'], neverBlock: ['b.example'], limit: ['c.example'] };
    expect(sourcesFromEntries(sourcesEntries(sources), NONE)).toEqual(sources);
  });
});

/** Real domains from the list fixtures (tests/fixtures/lists/SOURCES.md): the first column of each row, as Hedge stores them. */
const REAL_DOMAINS = [
  ...new Set(
    readdirSync(LISTS)
      .filter((name) => name.endsWith('.csv') || name.endsWith('.txt'))
      .flatMap((name) => readFileSync(join(LISTS, name), 'utf8').split(/\r?\n/))
      .map((line) => (line.split(',')[0] ?? '').replace(/"/g, '').trim())
      .filter((domain) => domain !== '' && isStoredDomain(domain)),
  ),
];

const AT = Date.UTC(2026, 11, 5);
const LIST: StoredSubscription = {
  id: '0b7e9c2a-4f1d-4e8a-9c3b-5d2f6a1e7b90',
  accountKey: 'https://social.example|1',
  name: 'Garden Fence',
  origin: 'url',
  url: 'https://lists.example/fence.csv',
  cacheKey: 'url:0b7e9c2a-4f1d-4e8a-9c3b-5d2f6a1e7b90',
  silenceAs: 'limit',
  inConsensus: false,
  isAllowlist: false,
  entryCount: 3,
  skippedCount: 0,
  lastFetch: null,
  addedAt: AT - 60 * DAY_MS,
  applyForDays: 30,
};
const SHORT = shortSubscriptionId(LIST.id);

/** Every bucket's entries of these subscriptions, through JSON as sync storage gives them back. */
function allDueEntries(subscriptions: readonly StoredSubscription[]): Record<string, unknown>[] {
  return Array.from({ length: DUE_BUCKETS }, (_, bucket) => JSON.parse(JSON.stringify(dueEntries(subscriptions, bucket))) as Record<string, unknown>);
}

/** A subscription with every bucket's answers taken from these entries. */
function takeAll(subscription: StoredSubscription, buckets: readonly Record<string, unknown>[]): StoredSubscription {
  return buckets.reduce((record, entries, bucket) => withDueAnswers(record, bucket, entries), subscription);
}

/** Two domains in different buckets, so that a bucket's change is seen to leave the other alone. */
function twoBuckets(): [string, string] {
  const first = REAL_DOMAINS[0]!;
  const second = REAL_DOMAINS.find((domain) => dueBucketOf(domain) !== dueBucketOf(first))!;
  return [first, second];
}

describe('answers about due domains, in items of their own', () => {
  it.each<[string, Pick<StoredSubscription, 'keptUntil' | 'dropped' | 'origin'>, Record<string, number>]>([
    ['a domain kept for longer is its time', { origin: 'url', keptUntil: { 'a.social': AT } }, { 'a.social': AT }],
    ['a domain removed is 0', { origin: 'url', dropped: ['c.social'] }, { 'c.social': DROPPED_ANSWER }],
    ['a domain both kept and removed reads as removed, as the due list reads it', { origin: 'url', keptUntil: { 'c.social': AT }, dropped: ['c.social'] }, { 'c.social': DROPPED_ANSWER }],
    ['a FIRES dataset’s answers go too', { origin: 'fires', keptUntil: { 'a.social': AT } }, { 'a.social': AT }],
    ['an imported file stays in its browser, answers and all', { origin: 'file', keptUntil: { 'a.social': AT }, dropped: ['c.social'] }, {}],
    ['so does a Fediseer subscription', { origin: 'fediseer', keptUntil: { 'a.social': AT } }, {}],
    ['a value that is not a domain or not a time is not written', { origin: 'url', keptUntil: { 'NOT.ok': AT, 'b.social': Number.NaN, 'd.social': -5 }, dropped: ['Bad..example'] }, {}],
  ])('%s', (_what, answers, expected) => {
    const subscription: StoredSubscription = { ...LIST, ...answers };
    const written = Object.assign({}, ...allDueEntries([subscription])) as Record<string, unknown>;
    expect(written).toEqual(Object.fromEntries(Object.entries(expected).map(([domain, value]) => [`${SHORT}:${domain}`, value])));
    for (const [bucket, entries] of allDueEntries([subscription]).entries()) {
      for (const key of Object.keys(entries)) expect(dueBucketOf(key.slice(SHORT.length + 1))).toBe(bucket);
    }
  });

  it('read back in another browser as they were written', () => {
    const answered: StoredSubscription = { ...LIST, keptUntil: { 'a.social': AT, 'b.social': AT + DAY_MS }, dropped: ['c.social', 'd.social'] };
    const arrived = takeAll(LIST, allDueEntries([answered]));
    expect(arrived.keptUntil).toEqual(answered.keptUntil);
    expect([...(arrived.dropped ?? [])].sort()).toEqual(answered.dropped);
    expect(takeAll(arrived, allDueEntries([answered]))).toBe(arrived);
  });

  it('a bucket’s entries replace the answers about that bucket’s domains only', () => {
    const [first, second] = twoBuckets();
    const answered: StoredSubscription = { ...LIST, keptUntil: { [first]: AT }, dropped: [second] };
    const firstGone = withDueAnswers(answered, dueBucketOf(first), {});
    expect(firstGone).not.toHaveProperty('keptUntil');
    expect(firstGone.dropped).toEqual([second]);
    const keptInstead = withDueAnswers(answered, dueBucketOf(second), { [`${SHORT}:${second}`]: AT });
    expect(keptInstead).toMatchObject({ keptUntil: { [first]: AT, [second]: AT } });
    expect(keptInstead).not.toHaveProperty('dropped');
  });

  it.each<[string, string, unknown, number?]>([
    ['another list’s answer', `${shortSubscriptionId('another-list')}:a.social`, AT],
    ['no list at all', 'a.social', AT],
    ['a domain not in the form Hedge stores', `${SHORT}:A.Social`, AT],
    ['not a domain', `${SHORT}:not a domain`, AT],
    ['a domain in another bucket than its own', `${SHORT}:a.social`, AT, 1],
    ['a time before 1970', `${SHORT}:a.social`, -1],
    ['a time as text', `${SHORT}:a.social`, String(AT)],
    ['no time', `${SHORT}:a.social`, null],
    ['true', `${SHORT}:a.social`, true],
    ['a time too large for a number', `${SHORT}:a.social`, JSON.parse('1e400')],
    ['an object', `${SHORT}:a.social`, { until: AT }],
  ])('an entry that does not read is left out: %s', (_what, key, value, bucketShift = 0) => {
    // The bucket of the entry's own domain, so that only what the case names is wrong.
    const bucket = (dueBucketOf(key.slice(key.indexOf(':') + 1)) + bucketShift) % DUE_BUCKETS;
    expect(withDueAnswers(LIST, bucket, { [key]: value })).toBe(LIST);
  });

  it.each<[string, string[], boolean]>([
    ['a list this browser has not agreed on with sync yet (it may arrive next) keeps its answers as they are', [], true],
    ['a list agreed on and gone here (removed) loses its answers', [LIST.id], false],
  ])('%s', (_what, agreedIds, isCarried) => {
    const agreed = { [`${SHORT}:a.social`]: AT };
    expect(dueEntriesToOffer({}, agreed, agreedIds)).toEqual(isCarried ? agreed : {});
    // This browser's own answer always wins over the one it agreed on.
    expect(dueEntriesToOffer({ [`${SHORT}:a.social`]: DROPPED_ANSWER }, agreed, agreedIds)).toEqual({ [`${SHORT}:a.social`]: DROPPED_ANSWER });
  });
});

describe('answers an older version wrote into the subscription’s entry', () => {
  const older = (answers: Pick<StoredSubscription, 'keptUntil' | 'dropped'>): SyncedSubscription =>
    readSyncedSubscription(JSON.parse(JSON.stringify({ ...subscriptionEntries([LIST])[LIST.id] as object, ...answers })))!;

  it.each<[string, Pick<StoredSubscription, 'keptUntil' | 'dropped'>, Pick<StoredSubscription, 'keptUntil' | 'dropped'>, Pick<StoredSubscription, 'keptUntil' | 'dropped'>]>([
    ['are taken in where this browser has none', {}, { keptUntil: { 'a.social': AT }, dropped: ['c.social'] }, { keptUntil: { 'a.social': AT }, dropped: ['c.social'] }],
    ['are added to the answers here', { keptUntil: { 'b.social': AT } }, { keptUntil: { 'a.social': AT } }, { keptUntil: { 'b.social': AT, 'a.social': AT } }],
    ['give way to a kept answer here (from a due/ item)', { keptUntil: { 'a.social': AT + DAY_MS } }, { keptUntil: { 'a.social': AT }, dropped: ['a.social'] }, { keptUntil: { 'a.social': AT + DAY_MS } }],
    ['give way to a removal here', { dropped: ['a.social'] }, { keptUntil: { 'a.social': AT } }, { dropped: ['a.social'] }],
    ['a domain both kept and removed there reads as removed', {}, { keptUntil: { 'a.social': AT }, dropped: ['a.social'] }, { dropped: ['a.social'] }],
    ['values that do not read are left out', {}, { keptUntil: { 'NOT ok': AT, 'b.social': -1 }, dropped: ['Bad..example'] }, {}],
  ])('%s', (_what, here, there, expected) => {
    const current: StoredSubscription = { ...LIST, ...here };
    const taken = withListExpiry(current, older(there));
    expect({ keptUntil: taken.keptUntil ?? {}, dropped: taken.dropped ?? [] }).toEqual({ keptUntil: expected.keptUntil ?? {}, dropped: expected.dropped ?? [] });
    if (canonicalJson(here) === canonicalJson(expected)) expect(taken).toBe(current);
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['answers are left out of the entry', { x: { name: 'A', keptUntil: { 'a.social': AT }, dropped: ['c.social'] } }, { x: { name: 'A' } }],
    ['an entry without answers stays as it is', { x: { name: 'A' }, y: { name: 'B', dropped: [] } }, { x: { name: 'A' }, y: { name: 'B' } }],
    ['an entry that is not an object stays as it is', { x: 'not a subscription', y: null }, { x: 'not a subscription', y: null }],
  ])('are left out when the item is written again: %s', (_what, entries, expected) => {
    expect(withoutOlderAnswers(entries)).toEqual(expected);
    if (canonicalJson(entries) === canonicalJson(expected)) expect(withoutOlderAnswers(entries)).toBe(entries);
  });

  it('are never written into a subscription’s entry again', () => {
    const entry = subscriptionEntries([{ ...LIST, keptUntil: { 'a.social': AT }, dropped: ['c.social'] }])[LIST.id];
    expect(entry).toMatchObject({ applyForDays: 30 });
    expect(entry).not.toHaveProperty('keptUntil');
    expect(entry).not.toHaveProperty('dropped');
  });
});

describe('how many answers sync holds', () => {
  /** The bytes sync storage counts for an item: its key and the JSON of its value (Chrome's `QUOTA_BYTES_PER_ITEM`). */
  const itemBytes = (key: string, value: unknown): number => new TextEncoder().encode(key + JSON.stringify(value)).length;
  const PER_ITEM = 8192;

  it('400 answered domains of one list leave the subscriptions’ item as small as without them', () => {
    expect(REAL_DOMAINS.length).toBeGreaterThan(700);
    const domains = REAL_DOMAINS.slice(0, 400);
    const answered: StoredSubscription = {
      ...LIST,
      keptUntil: Object.fromEntries(domains.slice(0, 300).map((domain) => [domain, AT + 30 * DAY_MS])),
      dropped: domains.slice(300),
    };
    const key = subscriptionsSyncKey(LIST.accountKey);
    expect(itemBytes(key, subscriptionEntries([answered]))).toBe(itemBytes(key, subscriptionEntries([LIST])));
    expect(itemBytes(key, subscriptionEntries([answered]))).toBeLessThan(1024);
    const keys = dueSyncKeys(LIST.accountKey);
    const sizes = allDueEntries([answered]).map((entries, bucket) => itemBytes(keys[bucket]!, entries));
    expect(Math.max(...sizes)).toBeLessThan(PER_ITEM / 2);
    expect(takeAll(LIST, allDueEntries([answered])).keptUntil).toEqual(answered.keptUntil);
  });

  it('about 1,500 domains kept for longer fit before the fullest bucket reaches the per-item quota', () => {
    // Real domains of the fixtures, answered for one list and then, once they run out, for a second.
    const keys = dueSyncKeys(LIST.accountKey);
    const second: StoredSubscription = { ...LIST, id: '9d1f0e3c-2b4a-4c6d-8e7f-1a2b3c4d5e6f' };
    const answers = [...REAL_DOMAINS.map((domain) => [LIST, domain] as const), ...REAL_DOMAINS.map((domain) => [second, domain] as const)];
    const buckets: Record<string, number>[] = Array.from({ length: DUE_BUCKETS }, () => ({}));
    let fitting = 0;
    for (const [subscription, domain] of answers) {
      const bucket = dueBucketOf(domain);
      const next = { ...buckets[bucket], [`${shortSubscriptionId(subscription.id)}:${domain}`]: AT + 30 * DAY_MS };
      if (itemBytes(keys[bucket]!, next) > PER_ITEM) break;
      buckets[bucket] = next;
      fitting += 1;
    }
    // 1,519 with these domains (13 characters on average); removed domains take 12 bytes less each.
    expect(fitting).toBeGreaterThan(1400);
    expect(fitting).toBeLessThan(answers.length);
  });
});
