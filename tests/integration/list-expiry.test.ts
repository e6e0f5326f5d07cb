/**
 * "Apply what this list adds for 30 days, then ask me again" against the local fake Mastodon: the
 * domains a list made Hedge block are asked about once due; keeping renews them, removing takes away
 * only Hedge's blocks of them. The clock is passed in; nothing waits for real time.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { PENDING_BADGE, updateBadge } from '../../utils/background/badge';
import { answerDueDomains } from '../../utils/background/lists/list-due-answer';
import { buildHedgeState } from '../../utils/background/state';
import type { PlanPreview, SubscriptionView } from '../../utils/protocol';
import { expectFailure, runsSettled, startWorld, type World } from './subscriptions-helpers';

const DAY = 24 * 60 * 60_000;
const LIST = 'apply-for-list.txt';
const LISTED = ['one.hedge-test.social', 'two.hedge-test.social', 'by-hand.hedge-test.social'];

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function subscribedFor30Days(): Promise<{ w: World; view: SubscriptionView }> {
  const w = await startWorld({ seed: 'demo' });
  world = w;
  // Blocked by hand in Mastodon before the list: the user's, never Hedge's to remove.
  w.mastodon.state.addDomainBlock('by-hand.hedge-test.social');
  const url = w.publish(LIST, `${LISTED.join('\n')}\n`, 60);
  const view = await w.background.value<SubscriptionView>({ type: 'hedge/subscription-add', source: { kind: 'url', url } });
  const updated = await w.background.value<SubscriptionView>({ type: 'hedge/subscription-update', subscriptionId: view.id, applyForDays: 30 });
  expect(updated.applyForDays).toBe(30);
  const plan = await w.background.value<PlanPreview>({ type: 'hedge/preview' });
  await w.background.value({ type: 'hedge/confirm-plan', planId: plan.planId, excludeDomains: [] });
  await runsSettled(w.background);
  return { w, view };
}

describe('a list applied for 30 days', () => {
  it('asks about what it added once due; removing takes away only Hedge’s blocks, and the list does not add them again', async () => {
    const { w, view } = await subscribedFor30Days();
    expect((await buildHedgeState()).dueFromLists).toBeUndefined();
    expect((await buildHedgeState(() => Date.now() + 29 * DAY)).dueFromLists).toBeUndefined();

    const later = () => Date.now() + 31 * DAY;
    const due = (await buildHedgeState(later)).dueFromLists;
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
    const realNow = Date.now;
    try {
      const at = later();
      Date.now = () => at;
      await updateBadge();
      expect(await fakeBrowser.action.getBadgeText({})).toBe(PENDING_BADGE.text);
    } finally {
      Date.now = realNow;
    }
    // The hand-made block is the user's: Hedge did not add it, so it is not asked about.
    expect(due).toMatchObject([{ subscriptionId: view.id, name: view.name, days: 30, domains: ['one.hedge-test.social', 'two.hedge-test.social'] }]);

    await answerDueDomains(w.account.key, view.id, ['one.hedge-test.social', 'two.hedge-test.social'], 'remove', later);
    await runsSettled(w.background);
    const blocks = w.mastodon.state.domainBlocks();
    expect(blocks).not.toContain('one.hedge-test.social');
    expect(blocks).not.toContain('two.hedge-test.social');
    expect(blocks).toContain('by-hand.hedge-test.social');
    expect((await buildHedgeState(later)).dueFromLists).toBeUndefined();
    // The list still names them, but a new preview no longer blocks them.
    const next = await w.background.value<PlanPreview>({ type: 'hedge/preview' });
    expect(next.add.map((change) => change.domain)).toEqual([]);
  });

  it('keeping renews them for another 30 days', async () => {
    const { w, view } = await subscribedFor30Days();
    const at = Date.now() + 31 * DAY;
    await answerDueDomains(w.account.key, view.id, ['one.hedge-test.social'], 'keep', () => at);
    expect((await buildHedgeState(() => at)).dueFromLists?.flatMap((group) => group.domains)).toEqual(['two.hedge-test.social']);
    expect((await buildHedgeState(() => at + 31 * DAY)).dueFromLists?.flatMap((group) => group.domains)).toEqual(['one.hedge-test.social', 'two.hedge-test.social']);
    expect(w.mastodon.state.domainBlocks()).toEqual(expect.arrayContaining(['one.hedge-test.social', 'two.hedge-test.social']));
  });

  it.each([
    ['zero days', 0],
    ['a fraction of a day', 1.5],
    ['more than ten years', 4000],
  ])('refuses %s in words', async (_what, days) => {
    const { w, view } = await subscribedFor30Days();
    const reply = await w.background.send({ type: 'hedge/subscription-update', subscriptionId: view.id, applyForDays: days });
    expect(expectFailure(reply, 'invalid-input')).toBe('Choose a number of days from 1 to 3,650.');
  });
});
