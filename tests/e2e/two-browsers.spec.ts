/**
 * Two browsers, one account: two Chromium profiles with Hedge signed in to the
 * local Mastodon's demo account, their sync storage joined by a relay that
 * plays browser sync's part (tests/e2e/sync-relay.ts).
 */
import type { PlanPreview, BlockRow } from '../../utils/protocol';
import { intentValue } from '../../scripts/extension-steps';
import { test, expect } from './fixtures';
import { SEED_MANUAL_BLOCKS, domainBlockWrites, expectServerBlocks } from './helpers';
import { SyncRelay, expectNoRun, expectSubscriptions, launchProfile, listFolder, stateOf, triggerRefresh, type Profile } from './sync-relay';

declare const chrome: {
  storage: { sync: { get(keys: null): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> } };
};

const lists = listFolder();
test.use({ mastodonOptions: { listsDir: lists.dir } });
test.describe.configure({ mode: 'serial' });

/** The list's name as Hedge shows it: the file's name without its extension (list-names.ts). */
const LIST_FILE = 'shared.txt';
const LIST_NAME = 'shared';

/** A comment in the list's text, which stays in the browsers that read it. */
const LIST_COMMENT = 'Blocked for harassment, see the moderators’ notes';

/** A manual block the user makes on the web while both browsers are signed in. */
const WEB_BLOCK = 'made-on-the-web.zone';

/** A block the user made by hand before subscribing to a list that has it too. */
const HAND_BLOCK = 'hand-made.zone';

async function subscribeAndApply(profile: Profile, url: string): Promise<void> {
  await intentValue(profile.page, { type: 'hedge/subscription-add', source: { kind: 'url', url } });
  const preview = await intentValue<PlanPreview>(profile.page, { type: 'hedge/preview' });
  await intentValue(profile.page, { type: 'hedge/confirm-plan', planId: preview.planId, excludeDomains: [] });
  await expectNoRun(profile);
}

async function blocksOf(profile: Profile): Promise<Map<string, BlockRow['origin']>> {
  const rows = await intentValue<BlockRow[]>(profile.page, { type: 'hedge/list-blocks' });
  return new Map(rows.map((row) => [row.domain, row.origin]));
}

let a: Profile;
let b: Profile;
let relay: SyncRelay;

test.beforeEach(async ({ mastodon }) => {
  a = await launchProfile('A', mastodon);
  b = await launchProfile('B', mastodon);
  relay = new SyncRelay(a, b);
  relay.start();
});

test.afterEach(async () => {
  await relay.stop();
  await Promise.all([a.context.close(), b.context.close()]);
});

test('a list subscribed in one browser follows to the other; unsubscribed in one, its blocks go in both and stay gone; blocks made by hand stay', async ({ mastodon }) => {
  test.setTimeout(120_000);
  const listed = ['one.zone', 'two.zone', 'three.zone', HAND_BLOCK];
  mastodon.state.addDomainBlock(HAND_BLOCK);
  lists.publish(LIST_FILE, [`# ${LIST_COMMENT}`, ...listed]);
  await subscribeAndApply(a, `${mastodon.url}/lists/${LIST_FILE}`);
  await expectServerBlocks(mastodon, [...SEED_MANUAL_BLOCKS, HAND_BLOCK, 'one.zone', 'two.zone', 'three.zone']);

  // The other browser shows the subscription, and knows the blocks as Hedge's and the seed's as the user's.
  await expectSubscriptions(b, [LIST_NAME]);
  await expect.poll(async () => Object.fromEntries(await blocksOf(b)), { timeout: 20_000 }).toEqual({
    'one.zone': 'hedge',
    'two.zone': 'hedge',
    'three.zone': 'hedge',
    ...Object.fromEntries([...SEED_MANUAL_BLOCKS, HAND_BLOCK].map((domain) => [domain, 'user'])),
  });
  await expect.poll(async () => (await stateOf(b)).subscriptions[0]?.entryCount, { timeout: 20_000 }).toBe(listed.length);
  const inB = await intentValue<PlanPreview>(b.page, { type: 'hedge/preview' });
  expect(inB.operationCount).toBe(0);

  // Sync storage holds no token or secret and none of the list's text (docs/SECURITY.md, "What goes into sync storage").
  for (const profile of [a, b]) {
    const synced = JSON.stringify(await profile.page.evaluate(() => chrome.storage.sync.get(null)));
    expect(synced).not.toMatch(/token|secret/i);
    expect(synced).not.toContain(LIST_COMMENT);
  }

  // A block made by hand on the web.
  mastodon.state.addDomainBlock(WEB_BLOCK);

  // Unsubscribing in B removes the list's blocks (made in A) and leaves every block made by hand.
  const subscriptionId = (await stateOf(b)).subscriptions[0]?.id ?? '';
  const removal = await intentValue<PlanPreview>(b.page, { type: 'hedge/subscription-remove', subscriptionId });
  expect(removal.remove.map((change) => change.domain).sort()).toEqual(['one.zone', 'three.zone', 'two.zone']);
  await intentValue(b.page, { type: 'hedge/confirm-plan', planId: removal.planId, excludeDomains: [] });
  await expectNoRun(b);
  await expectServerBlocks(mastodon, [...SEED_MANUAL_BLOCKS, HAND_BLOCK, WEB_BLOCK]);
  await expectSubscriptions(a, []);

  // Both refresh and preview again: nothing comes back, the manual blocks stay.
  const writes = domainBlockWrites(mastodon).length;
  await Promise.all([triggerRefresh(a), triggerRefresh(b)]);
  for (const profile of [a, b]) {
    const preview = await intentValue<PlanPreview>(profile.page, { type: 'hedge/preview' });
    expect(preview.operationCount).toBe(0);
  }
  await expectServerBlocks(mastodon, [...SEED_MANUAL_BLOCKS, HAND_BLOCK, WEB_BLOCK]);
  expect(domainBlockWrites(mastodon)).toHaveLength(writes);
  expect(Object.fromEntries(await blocksOf(a))).toEqual(Object.fromEntries([...SEED_MANUAL_BLOCKS, HAND_BLOCK, WEB_BLOCK].map((domain) => [domain, 'user'])));
});

/** Version `cycle` of a changing list: 36 steady domains, a window of 4 that moves by 2, and one that comes and goes. */
function listVersion(cycle: number): string[] {
  const steady = Array.from({ length: 36 }, (_, index) => `steady-${index}.zone`);
  const moving = Array.from({ length: 4 }, (_, index) => `moving-${cycle * 2 + index}.zone`);
  return [...steady, ...moving, ...(cycle % 2 === 0 ? ['flip.zone'] : [])];
}

test('ten refreshes in both browsers of a list that changes: the server ends equal to the list, and no block is sent twice', async ({ mastodon }) => {
  test.setTimeout(300_000);
  lists.publish(LIST_FILE, listVersion(0));
  await subscribeAndApply(a, `${mastodon.url}/lists/${LIST_FILE}`);
  await expectSubscriptions(b, [LIST_NAME]);
  const versions = [listVersion(0)];
  for (let cycle = 1; cycle <= 10; cycle += 1) {
    const version = listVersion(cycle);
    versions.push(version);
    lists.publish(LIST_FILE, version);
    const started = Date.now();
    // Both at once: the same list, the same account.
    await Promise.all([triggerRefresh(a), triggerRefresh(b)]);
    for (const profile of [a, b]) {
      await expect.poll(async () => ((await stateOf(profile)).refresh.lastAt ?? 0) >= started, { timeout: 30_000 }).toBe(true);
    }
    await expectServerBlocks(mastodon, [...SEED_MANUAL_BLOCKS, ...version]);
    await Promise.all([expectNoRun(a), expectNoRun(b)]);
  }

  // Each domain was blocked once for every time it came into the list and unblocked once for every time it left.
  const expected = new Map<string, number>();
  const count = (write: string) => expected.set(write, (expected.get(write) ?? 0) + 1);
  let before = new Set<string>();
  for (const version of versions) {
    const now = new Set(version);
    for (const domain of now) if (!before.has(domain)) count(`POST domain=${domain}`);
    for (const domain of before) if (!now.has(domain)) count(`DELETE domain=${domain}`);
    before = now;
  }
  const sent = new Map<string, number>();
  for (const request of mastodon.state.requests) {
    if (request.path !== '/api/v1/domain_blocks' || (request.method !== 'POST' && request.method !== 'DELETE')) continue;
    const write = `${request.method} domain=${request.domain ?? '?'}`;
    sent.set(write, (sent.get(write) ?? 0) + 1);
  }
  expect(Object.fromEntries([...sent].sort())).toEqual(Object.fromEntries([...expected].sort()));
});

test('a shared record cut short or corrupted: blocks of unknown ownership are treated as the user’s, and the record heals', async ({ mastodon }) => {
  test.setTimeout(120_000);
  lists.publish(LIST_FILE, ['one.zone', 'two.zone', 'three.zone']);
  await subscribeAndApply(a, `${mastodon.url}/lists/${LIST_FILE}`);
  await expectSubscriptions(b, [LIST_NAME]);
  await expect.poll(async () => (await blocksOf(b)).get('two.zone'), { timeout: 20_000 }).toBe('hedge');

  // Every item of the shared record damaged in sync: one cut short mid-line, the others not a record at all.
  await relay.stop();
  const damaged = await b.page.evaluate(async () => {
    const items = await chrome.storage.sync.get(null);
    const keys = Object.keys(items).filter((key) => key.startsWith('own/'));
    const broken = Object.fromEntries(
      keys.map((key, index) => {
        const item = items[key] as { d: string };
        return [key, index === 0 ? { ...item, d: item.d.slice(0, 5) } : '{"v":1,"d":"0:ex'];
      }),
    );
    await chrome.storage.sync.set(broken);
    return keys.length;
  });
  expect(damaged).toBeGreaterThan(0);
  relay.start();

  // B, which made none of the blocks, now counts them as the user's: its preview of a shorter list removes nothing.
  await expect.poll(async () => (await blocksOf(b)).get('two.zone'), { timeout: 20_000 }).toBe('user');
  lists.publish(LIST_FILE, ['one.zone', 'three.zone']);
  await intentValue(b.page, { type: 'hedge/subscription-refresh' });
  const inB = await intentValue<PlanPreview>(b.page, { type: 'hedge/preview' });
  expect(inB.remove).toEqual([]);
  await intentValue(b.page, { type: 'hedge/discard-plan', planId: inB.planId });

  // A made them and still knows it: it removes the dropped one, and the record is written again.
  await intentValue(a.page, { type: 'hedge/subscription-refresh' });
  const inA = await intentValue<PlanPreview>(a.page, { type: 'hedge/preview' });
  expect(inA.remove.map((change) => change.domain)).toEqual(['two.zone']);
  await intentValue(a.page, { type: 'hedge/confirm-plan', planId: inA.planId, excludeDomains: [] });
  await expectNoRun(a);
  await expectServerBlocks(mastodon, [...SEED_MANUAL_BLOCKS, 'one.zone', 'three.zone']);
  // A wrote the blocks it made into the damaged items again: B knows them as Hedge's once more.
  await expect.poll(async () => Object.fromEntries(await blocksOf(b)), { timeout: 20_000 }).toEqual({
    'one.zone': 'hedge',
    'three.zone': 'hedge',
    ...Object.fromEntries(SEED_MANUAL_BLOCKS.map((domain) => [domain, 'user'])),
  });
  // The popups still work in both, with no error shown.
  for (const profile of [a, b]) expect((await stateOf(profile)).lastError).toBeNull();
});
