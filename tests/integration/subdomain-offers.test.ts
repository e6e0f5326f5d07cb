/**
 * Options › Blocks' offer to block the subdomains a personal block leaves open, against the local
 * Mastodon: the demo user blocks `bigcorp.social` in Mastodon, which does not cover lou on
 * `eu.bigcorp.social` (followed, and following) nor max on `m.bigcorp.social` (following). Hedge
 * offers both, blocks them in one plan that names whom the user would lose, and offers nothing once
 * they are blocked. The demo story's `example.org` family is reserved (RFC 2606): never offered.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { HedgeState, PlanPreview, SubdomainOfferView } from '../../utils/protocol';
import { runsSettled, startWorld, type World } from './subscriptions-helpers';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** Signs in with lou and max known, and `bigcorp.social` and `example.org` blocked in Mastodon. */
const blockingBigcorp = () =>
  startWorld({
    beforeSignIn: (mastodon) => {
      mastodon.state.addRemoteAccount({ username: 'lou', domain: 'eu.bigcorp.social', displayName: 'Lou', isFollowed: true, followsUser: true });
      mastodon.state.addRemoteAccount({ username: 'max', domain: 'm.bigcorp.social', displayName: 'Max', followsUser: true });
      mastodon.state.addDomainBlock('bigcorp.social');
      mastodon.state.addDomainBlock('example.org');
    },
  });

describe('subdomains a personal block leaves open', () => {
  it('are offered from the follows and followers read at sign-in', async () => {
    world = await blockingBigcorp();
    const offers = await world.background.value<SubdomainOfferView[]>({ type: 'hedge/subdomain-offers' });
    expect(offers).toEqual([
      { domain: 'eu.bigcorp.social', parent: 'bigcorp.social', followingCount: 1, followersCount: 1 },
      { domain: 'm.bigcorp.social', parent: 'bigcorp.social', followingCount: 0, followersCount: 1 },
    ]);
  });

  it('are blocked in one plan that names whom the user would lose, and are offered no more', async () => {
    world = await blockingBigcorp();
    const { background, mastodon } = world;
    const plan = await background.value<PlanPreview>({ type: 'hedge/block-subdomains', domains: ['eu.bigcorp.social', 'm.bigcorp.social'] });
    expect(plan.add.map((change) => [change.domain, change.impact?.following?.map((account) => account.acct), change.impact?.followers?.map((account) => account.acct)])).toEqual(
      expect.arrayContaining([
        ['eu.bigcorp.social', ['lou@eu.bigcorp.social'], ['lou@eu.bigcorp.social']],
        ['m.bigcorp.social', [], ['max@m.bigcorp.social']],
      ]),
    );
    expect(plan.add).toHaveLength(2);
    expect(plan.remove).toEqual([]);
    expect(mastodon.state.domainBlocks()).not.toContain('eu.bigcorp.social');

    await background.value({ type: 'hedge/confirm-plan', planId: plan.planId, excludeDomains: [] });
    // Offered no more from the moment the plan is confirmed, before the run has read the blocks again.
    expect(await background.value<SubdomainOfferView[]>({ type: 'hedge/subdomain-offers' })).toEqual([]);
    await runsSettled(background);
    expect(mastodon.state.domainBlocks()).toEqual(expect.arrayContaining(['bigcorp.social', 'eu.bigcorp.social', 'm.bigcorp.social']));
    const state = await background.value<HedgeState>({ type: 'hedge/get-state' });
    expect(state.manualEntries?.alwaysBlock).toEqual(expect.arrayContaining(['eu.bigcorp.social', 'm.bigcorp.social']));
    await background.value({ type: 'hedge/preview' });
    expect(await background.value<SubdomainOfferView[]>({ type: 'hedge/subdomain-offers' })).toEqual([]);
  });

  it.each([
    [[], 'Choose at least one subdomain to block.'],
    [['threads.net'], 'threads.net is not a subdomain of a domain you block.'],
    [['bigcorp.social'], 'bigcorp.social is not a subdomain of a domain you block.'],
    [['sub.example.org'], /reserved/],
    [['not a domain'], /not|domain/i],
  ] as const)('refuses %j in words, with no plan', async (domains, message) => {
    world = await blockingBigcorp();
    const reply = await world.background.send({ type: 'hedge/block-subdomains', domains: [...domains] });
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.message).toMatch(message);
  });
});
