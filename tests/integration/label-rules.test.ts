/**
 * Choosing by labels through the background's intents: a Garden Fence subscription, rules set on
 * its labels, the preview that follows, what the content script's verdicts say, and what follows
 * the user to other browsers.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { handleIntent } from '../../utils/background/handlers';
import { configureSubscriptions } from '../../utils/background/lists/environment';
import { subscriptionsItem, type StoredSubscription } from '../../utils/background/lists/subscription-store';
import { readSyncedSubscription, storedFromSynced, subscriptionEntries, subscriptionsSyncKey } from '../../utils/background/sync/entries';
import { reconcileSync } from '../../utils/background/sync/settings-sync';
import type { LabelRules } from '../../utils/core/lists/label-rules';
import { mergeSyncEntries } from '../../utils/core/sync-merge';
import { createContentLookup } from '../../utils/dom/content-lookup';
import type { HedgeState, PlanPreview, SubscriptionView } from '../../utils/protocol';
import { testEnvironment } from './oauth-helpers';
import { domainsOfCsv, expectFailure, fixture, startWorld, type World } from './subscriptions-helpers';

let world: World | undefined;
afterEach(async () => {
  configureSubscriptions({});
  await world?.close();
  world = undefined;
});

const GARDEN_FENCE = 'gardenfence-mastodon.csv';

/** Garden Fence's rows by their comment's tags, read with a plain split, not the parser under test. */
function rowsWithTag(tag: string): string[] {
  const tagged = new Set(
    fixture(GARDEN_FENCE)
      .split('\n')
      // #domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate: the comment is between the fourth and the last comma.
      .filter((line) => line.split(',').slice(4, -1).join(',').replace(/"/g, '').split(',').map((part) => part.trim()).includes(tag))
      .map((line) => line.split(',')[0]!),
  );
  return [...domainsOfCsv(fixture(GARDEN_FENCE)).keys()].filter((domain) => tagged.has(domain)).sort();
}

describe('choosing by labels', () => {
  it('ignores the entries of one label, limits another, and the preview names the label that decided', async () => {
    world = await startWorld();
    const { background } = world;
    const view = await background.value<SubscriptionView>({ type: 'hedge/subscription-add', source: { kind: 'url', url: world.publishFixture(GARDEN_FENCE) } });
    const spam = rowsWithTag('spam');
    const bots = rowsWithTag('bots');
    expect(spam.length).toBeGreaterThan(0);
    expect(view.labelRules).toBeNull();
    expect(new Map(view.labelCounts).get('spam')).toBe(spam.length);

    const before = await background.value<PlanPreview>({ type: 'hedge/preview' });
    expect(before.add.map((change) => change.domain)).toEqual(expect.arrayContaining(spam));

    // Every other row of Garden Fence is ignored, bots only limited, hate speech still blocked.
    const changed = await background.value<SubscriptionView>({
      type: 'hedge/subscription-update',
      subscriptionId: view.id,
      labelRules: { byLabel: [['Bots', 'limit'], ['hate-speech', 'block']], otherwise: 'ignore' },
    });
    expect(changed.labelRules).toEqual({ byLabel: [['bots', 'limit'], ['hate-speech', 'block']], otherwise: 'ignore' });
    const after = await background.value<PlanPreview>({ type: 'hedge/preview' });
    const added = new Map(after.add.map((change) => [change.domain, change]));
    const hateSpeech = rowsWithTag('hate-speech');
    expect([...added.keys()].sort()).toEqual(hateSpeech);
    expect(added.get(hateSpeech[0]!)?.ruleLabels).toEqual(['hate-speech']);
    const onlyBots = bots.filter((domain) => !hateSpeech.includes(domain));
    expect(onlyBots.length).toBeGreaterThan(0);

    // The web UI's marks: limited, and the tooltip's reason names the label that decided first.
    const reply = await handleIntent(
      { type: 'hedge/get-verdict-snapshot' },
      { env: testEnvironment(), sender: { isContentScript: true, origin: world.mastodon.url }, onStateChanged: async () => undefined },
    );
    if (!reply.ok) throw new Error(reply.error.message);
    const lookup = createContentLookup((reply.value as { snapshot: Parameters<typeof createContentLookup>[0] }).snapshot);
    await lookup.prepare([onlyBots[0]!, spam[0]!]);
    expect(lookup.lookup(onlyBots[0]!)).toMatchObject({ kind: 'limited', why: expect.stringContaining('· bots') });
    const spamOnly = spam.find((domain) => !hateSpeech.includes(domain) && !bots.includes(domain));
    expect(spamOnly).toBeDefined();
    await lookup.prepare([spamOnly!]);
    expect(lookup.lookup(spamOnly!).kind).toBe('none');

    // Back to what the list says.
    const cleared = await background.value<SubscriptionView>({ type: 'hedge/subscription-update', subscriptionId: view.id, labelRules: null });
    expect(cleared.labelRules).toBeNull();
    expect((await subscriptionsItem.getValue())[0]).not.toHaveProperty('labelRules');
    expect((await background.value<PlanPreview>({ type: 'hedge/preview' })).add.length).toBe(before.add.length);
  });

  it('a subscription stored before choices by label existed reads as before, its labels offered without counts until the next refresh', async () => {
    world = await startWorld();
    const { background } = world;
    await background.value<SubscriptionView>({ type: 'hedge/subscription-add', source: { kind: 'url', url: world.publishFixture(GARDEN_FENCE) } });
    const before = await background.value<PlanPreview>({ type: 'hedge/preview' });
    const [stored] = await subscriptionsItem.getValue();
    const { labelCounts: _counts, ...older } = stored!;
    await subscriptionsItem.setValue([older]);
    const [view] = (await background.value<HedgeState>({ type: 'hedge/get-state' })).subscriptions;
    expect(view?.labelRules).toBeNull();
    expect(view?.labelCounts).toEqual(stored!.labels!.map((label) => [label, null]));
    expect((await background.value<PlanPreview>({ type: 'hedge/preview' })).add.length).toBe(before.add.length);
    await background.value({ type: 'hedge/subscription-refresh', subscriptionId: view!.id });
    const [refreshed] = (await background.value<HedgeState>({ type: 'hedge/get-state' })).subscriptions;
    expect(refreshed?.labelCounts).toEqual(stored!.labelCounts);
  });

  it.each([
    ['an unknown action', { byLabel: [['spam', 'suspend']] }],
    ['an empty label', { byLabel: [['', 'block']] }],
    ['not a table', 'spam=ignore'],
  ])('refuses %s in words and changes nothing', async (_what, labelRules) => {
    world = await startWorld();
    const { background } = world;
    const view = await background.value<SubscriptionView>({ type: 'hedge/subscription-add', source: { kind: 'url', url: world.publishFixture(GARDEN_FENCE) } });
    // @ts-expect-error -- a page that sends what the protocol does not allow
    const reply = await background.send({ type: 'hedge/subscription-update', subscriptionId: view.id, labelRules });
    expect(expectFailure(reply, 'invalid-input')).toContain('block, limit, only mark or ignore');
    expect((await subscriptionsItem.getValue())[0]).not.toHaveProperty('labelRules');
  });
});

describe('choices by label between browsers', () => {
  it('set in another browser, they arrive here through sync storage; set here, they go there', async () => {
    world = await startWorld();
    const { background, account } = world;
    const view = await background.value<SubscriptionView>({ type: 'hedge/subscription-add', source: { kind: 'url', url: world.publishFixture(GARDEN_FENCE) } });
    await reconcileSync();
    const key = subscriptionsSyncKey(account.key);
    const syncedItem = async () => (await fakeBrowser.storage.sync.get(key))[key] as Record<string, Record<string, unknown>>;
    expect((await syncedItem())[view.id]).not.toHaveProperty('labelRules');

    const there = { byLabel: [['spam', 'ignore']], otherwise: 'mark' };
    const item = await syncedItem();
    await fakeBrowser.storage.sync.set({ [key]: { ...item, [view.id]: { ...item[view.id], labelRules: there } } });
    await reconcileSync();
    expect((await subscriptionsItem.getValue())[0]?.labelRules).toEqual(there);

    const here: LabelRules = { byLabel: [['bots', 'limit']] };
    await background.value({ type: 'hedge/subscription-update', subscriptionId: view.id, labelRules: here });
    await reconcileSync();
    expect((await syncedItem())[view.id]?.labelRules).toEqual(here);
  });

  const record: StoredSubscription = {
    id: 'gf',
    accountKey: 'https://home.example|1',
    name: 'Garden Fence',
    origin: 'url',
    url: 'https://lists.example/gardenfence-mastodon.csv',
    cacheKey: 'url:gf',
    silenceAs: 'limit',
    inConsensus: false,
    isAllowlist: false,
    entryCount: 10,
    skippedCount: 0,
    lastFetch: null,
    addedAt: 1,
  };
  const withRules = { ...record, labelRules: { byLabel: [['spam', 'ignore']], otherwise: 'mark' } } satisfies StoredSubscription;

  it('follow the subscription, and a record without them reads as before', () => {
    const synced = subscriptionEntries([withRules]).gf;
    expect(synced).toMatchObject({ labelRules: { byLabel: [['spam', 'ignore']], otherwise: 'mark' } });
    const read = readSyncedSubscription(synced);
    expect(storedFromSynced(record.accountKey, 'gf', read!).labelRules).toEqual(withRules.labelRules);
    const old = readSyncedSubscription(subscriptionEntries([record]).gf);
    expect(old).toBeDefined();
    expect(old).not.toHaveProperty('labelRules');
  });

  it('a rule changed in one browser while the other changed nothing is taken; rules that do not read leave the entry out', () => {
    const base = subscriptionEntries([record]);
    const merged = mergeSyncEntries(base, base, subscriptionEntries([withRules]));
    expect(readSyncedSubscription(merged.gf)?.labelRules).toEqual(withRules.labelRules);
    const mergedHere = mergeSyncEntries(base, subscriptionEntries([withRules]), base);
    expect(readSyncedSubscription(mergedHere.gf)?.labelRules).toEqual(withRules.labelRules);
    expect(readSyncedSubscription({ ...(base.gf as object), labelRules: { byLabel: [['spam', 'explode']] } })).toBeUndefined();
  });
});
