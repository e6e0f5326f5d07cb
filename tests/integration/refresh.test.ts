/**
 * The scheduled refresh against the local fake Mastodon publishing the lists:
 * conditional requests, the list-level hold, applying small changes by itself,
 * waiting for the user on large or risky ones, and the alarm.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { getAccountSnapshot } from '../../utils/db/account-snapshots';
import { PENDING_BADGE } from '../../utils/background/badge';
import { refreshBlocksAfterRun, registerRefreshListeners, runScheduledRefresh } from '../../utils/background/refresh';
import { settingsItem } from '../../utils/background/settings';
import { REFRESH_ALARM } from '../../utils/background/state';
import type { HedgeState, PlanPreview, SubscriptionView } from '../../utils/protocol';
import { generatedDomains, runsSettled, startWorld, statusesOf, type World } from './subscriptions-helpers';

let world: World | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await world?.close();
  world = undefined;
});

const LIST = 'hedge-test-list.txt';
const asText = (domains: readonly string[]) => `# A list published for the test\n${domains.join('\n')}\n`;

/** Subscribes to a published list of `domains` and applies it, as a user would. */
async function subscribedAndApplied(domains: readonly string[]): Promise<{ w: World; view: SubscriptionView }> {
  const w = await startWorld({ seed: 'demo' });
  world = w;
  // Published a minute ago, so a new version has a later Last-Modified.
  const url = w.publish(LIST, asText(domains), 60);
  const view = await w.background.value<SubscriptionView>({ type: 'hedge/subscription-add', source: { kind: 'url', url } });
  const plan = await w.background.value<PlanPreview>({ type: 'hedge/preview' });
  await w.background.value({ type: 'hedge/confirm-plan', planId: plan.planId, excludeDomains: [] });
  await runsSettled(w.background);
  return { w, view };
}

/** Whether the browser says Hedge holds the `notifications` permission (the fake browser has no permissions API). */
function grantNotifications(isGranted: boolean): void {
  vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation((async () => isGranted) as typeof fakeBrowser.permissions.contains);
}

const state = (w: World) => w.background.value<HedgeState>({ type: 'hedge/get-state' });

describe('the scheduled refresh', () => {
  it('asks the list’s server with a conditional request and changes nothing on a 304', async () => {
    const { w } = await subscribedAndApplied(generatedDomains(10));
    const before = w.mastodon.state.requests.length;
    const report = await runScheduledRefresh();
    expect(report.lists.map((item) => item.outcome)).toEqual(['not-modified']);
    expect(report.accounts).toEqual([]);
    expect(statusesOf(w.mastodon, `/lists/${LIST}`)).toEqual([200, 304]);
    // Nothing else was asked of the server: no plan, no run.
    expect(w.mastodon.state.requests.slice(before).map((request) => request.path)).toEqual([`/lists/${LIST}`]);
    expect((await state(w)).subscriptions[0]?.lastFetch?.result).toBe('not-modified');
    expect((await settingsItem.getValue()).lastRefreshAt).not.toBeNull();
  });

  it('applies a small update by itself', async () => {
    const { w } = await subscribedAndApplied(generatedDomains(100));
    w.publish(LIST, asText(generatedDomains(105)));
    const report = await runScheduledRefresh();
    expect(report.accounts).toMatchObject([{ kind: 'applied' }]);
    await runsSettled(w.background);
    expect(w.mastodon.state.domainBlocks().filter((domain) => domain.endsWith('.hedge-test.social'))).toHaveLength(105);
    expect((await state(w)).pendingConfirmations).toEqual([]);
  });

  it.each([
    ['more than 50 new domains', generatedDomains(70), /block 60 domains \(more than 50\)/],
    ['a server where the user follows people', [...generatedDomains(10), 'mastodon.social'], /where you follow people or people follow you: mastodon\.social \(4\)/],
    // Frank follows the demo user, who no longer follows him: only a follower would be lost.
    ['a server where someone follows the user, who follows nobody there', [...generatedDomains(10), 'xn--80ak6aa92e.com'], /people follow you: xn--80ak6aa92e\.com \(1\)/],
  ])('waits for the user on %s: badge, notification, the plan shown; applies once confirmed', async (_what, next, reason) => {
    const { w } = await subscribedAndApplied(generatedDomains(10));
    w.mastodon.state.unfollow('frank@xn--80ak6aa92e.com');
    grantNotifications(true);
    w.publish(LIST, asText(next));
    const report = await runScheduledRefresh();
    expect(report.accounts).toMatchObject([{ kind: 'confirm' }]);
    const pending = (await state(w)).pendingConfirmations;
    expect(pending).toHaveLength(1);
    expect(pending[0]?.reasons.join(' ')).toMatch(reason);
    expect(await fakeBrowser.action.getBadgeText({})).toBe(PENDING_BADGE.text);
    const notifications = await fakeBrowser.notifications.getAll();
    expect(Object.keys(notifications)).toEqual([`hedge-refresh/${pending[0]?.planId}`]);
    // Nothing was applied yet.
    expect(w.mastodon.state.domainBlocks()).not.toContain(next[next.length - 1]);

    await w.background.value({ type: 'hedge/confirm-plan', planId: pending[0]?.planId ?? '', excludeDomains: [] });
    await runsSettled(w.background);
    expect(w.mastodon.state.domainBlocks()).toEqual(expect.arrayContaining(next));
    expect((await state(w)).pendingConfirmations).toEqual([]);
  });

  it('discarding a waiting update clears the badge; without the notifications permission the badge alone tells', async () => {
    const { w } = await subscribedAndApplied(generatedDomains(10));
    grantNotifications(false);
    w.publish(LIST, asText(generatedDomains(80)));
    await runScheduledRefresh();
    const [pending] = (await state(w)).pendingConfirmations;
    expect(await fakeBrowser.action.getBadgeText({})).toBe(PENDING_BADGE.text);
    expect(await fakeBrowser.notifications.getAll()).toEqual({});
    await w.background.value({ type: 'hedge/discard-plan', planId: pending?.planId ?? '' });
    expect((await state(w)).pendingConfirmations).toEqual([]);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
  });

  it.each([
    ['shrinks by more than half', asText(generatedDomains(40)), /shrank from 100 to 40 domains/],
    ['becomes empty', '# nothing left\n', /suddenly empty \(it had 100 domains\)/],
    ['becomes an empty file', '', /could not be read any more \(The list is empty/],
    ['turns into a web page', '<!doctype html><html><body>Moved</body></html>', /could not be read any more \(This is a web page/],
  ])('holds a list that suddenly %s: nothing applied, the last good copy kept, the user told why', async (_what, text, why) => {
    const { w, view } = await subscribedAndApplied(generatedDomains(100));
    const blocksBefore = w.mastodon.state.domainBlocks().sort();
    w.publish(LIST, text);
    const report = await runScheduledRefresh();
    expect(report.lists.map((item) => item.outcome)).toEqual(['held']);
    expect(report.accounts).toEqual([]);
    const held = (await state(w)).subscriptions.find((item) => item.id === view.id);
    expect(held?.lastFetch?.result).toBe('held');
    expect(held?.lastFetch?.message).toMatch(why);
    expect(held?.entryCount).toBe(100);
    expect(w.mastodon.state.domainBlocks().sort()).toEqual(blocksBefore);
    expect(w.mastodon.state.requests.filter((request) => request.method === 'DELETE')).toEqual([]);
    // Every plan still reads the last good copy.
    const plan = await w.background.value<PlanPreview>({ type: 'hedge/preview' });
    expect(plan.remove).toEqual([]);
  });

  it('a held list is taken when the user refreshes it by hand; the preview then shows the removals', async () => {
    const { w, view } = await subscribedAndApplied(generatedDomains(100));
    w.publish(LIST, asText(generatedDomains(40)));
    await runScheduledRefresh();
    await w.background.value({ type: 'hedge/subscription-refresh', subscriptionId: view.id });
    const taken = (await state(w)).subscriptions[0];
    expect(taken).toMatchObject({ entryCount: 40, lastFetch: { result: 'ok' } });
    expect(taken?.lastFetch?.message).toMatch(/shrank from 100 to 40/);
    const plan = await w.background.value<PlanPreview>({ type: 'hedge/preview' });
    expect(plan.remove.map((change) => change.domain).sort()).toEqual(generatedDomains(60, 40));
  });

  it('a failed fetch keeps the last copy and says so', async () => {
    const { w, view } = await subscribedAndApplied(generatedDomains(10));
    const { rmSync } = await import('node:fs');
    rmSync(`${w.listsDir}/${LIST}`);
    const report = await runScheduledRefresh();
    expect(report.lists.map((item) => item.outcome)).toEqual(['failed']);
    const failed = (await state(w)).subscriptions.find((item) => item.id === view.id);
    expect(failed?.lastFetch?.message).toMatch(/no list at this address any more.*keeps using the last copy/);
    expect(failed?.entryCount).toBe(10);
  });
});

describe('the refresh alarm', () => {
  it('is created daily at start, follows the interval setting, and runs the refresh', async () => {
    world = await startWorld();
    registerRefreshListeners(async () => undefined);
    await vi.waitFor(async () => expect((await fakeBrowser.alarms.get(REFRESH_ALARM))?.periodInMinutes).toBe(24 * 60));
    await world.background.value({ type: 'hedge/set-refresh-interval', hours: 6 });
    expect((await fakeBrowser.alarms.get(REFRESH_ALARM))?.periodInMinutes).toBe(6 * 60);
    expect((await state(world)).refresh).toMatchObject({ intervalHours: 6, nextAt: expect.any(Number) });
    const refused = await world.background.send({ type: 'hedge/set-refresh-interval', hours: 0 });
    expect(refused.ok).toBe(false);

    await world.background.value({ type: 'hedge/subscription-add', source: { kind: 'url', url: world.publish(LIST, asText(generatedDomains(3)), 60) } });
    const alarm = await fakeBrowser.alarms.get(REFRESH_ALARM);
    await fakeBrowser.alarms.onAlarm.trigger(alarm as Parameters<typeof fakeBrowser.alarms.onAlarm.trigger>[0]);
    await vi.waitFor(async () => expect((await settingsItem.getValue()).lastRefreshAt).not.toBeNull());
    expect(statusesOf(world.mastodon, `/lists/${LIST}`)).toEqual([200, 304]);
  });
});

describe('after a run', () => {
  it('reads the blocks again so the counts follow what the run changed', async () => {
    const { w } = await subscribedAndApplied(generatedDomains(12));
    // The blocks were read before the run, for its plan: they are stale now.
    expect((await state(w)).counts.blockedByHedge).toBe(0);
    await refreshBlocksAfterRun();
    const snapshot = await getAccountSnapshot(w.account.key);
    expect(snapshot?.personalBlocks.sort()).toEqual(w.mastodon.state.domainBlocks().sort());
    expect((await state(w)).counts).toMatchObject({ blockedByHedge: 12, personalBlocks: w.mastodon.state.domainBlocks().length });
  });
});
