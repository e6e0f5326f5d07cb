/**
 * Subdomains of blocked domains seen in Mastodon's web UI, against the local Mastodon: the demo user
 * blocks `bigcorp.social` in Mastodon. The content script of a Mastodon tab reports the subdomains it
 * marked through that block (`hedge/report-seen-subdomains`); the background keeps only real
 * subdomains of the blocks of the account signed in on the tab's origin, at most 500 per account,
 * newest kept, in this browser's `storage.local` only, and Options › Blocks offers them with the
 * follows' and followers' ones, in the same one plan.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { handleIntent, type IntentSender } from '../../utils/background/handlers';
import type { PlanPreview, Reply, SubdomainOfferView } from '../../utils/protocol';
import { testEnvironment } from './oauth-helpers';
import { startWorld, type World } from './subscriptions-helpers';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const blockingBigcorp = () =>
  startWorld({
    beforeSignIn: (mastodon) => {
      mastodon.state.addRemoteAccount({ username: 'lou', domain: 'eu.bigcorp.social', displayName: 'Lou', isFollowed: true });
      mastodon.state.addDomainBlock('bigcorp.social');
    },
  });

/** Sends the report as the content script of a tab on `origin` would. */
async function report(origin: string, domains: unknown): Promise<Reply<unknown>> {
  const sender: IntentSender = { isContentScript: true, origin };
  const intent = { type: 'hedge/report-seen-subdomains', domains } as const;
  return JSON.parse(JSON.stringify(await handleIntent(intent as never, { env: testEnvironment(), sender, onStateChanged: async () => undefined }))) as Reply<unknown>;
}

async function storedSeen(): Promise<Record<string, string[]>> {
  return ((await fakeBrowser.storage.local.get('seenSubdomains')) as { seenSubdomains?: Record<string, string[]> }).seenSubdomains ?? {};
}

describe('subdomains seen in the web UI', () => {
  it('are kept only when they are subdomains of the account’s blocks, and offered beside the follows’', async () => {
    world = await blockingBigcorp();
    const { mastodon, background, account } = world;
    const reply = await report(mastodon.url, ['news.bigcorp.social', 'eu.bigcorp.social', 'threads.net', 'bigcorp.social', 'sub.example.org', 'NEWS.bigcorp.social', 42]);
    expect(reply).toEqual({ ok: true, value: null });
    expect(await storedSeen()).toEqual({ [account.key]: ['news.bigcorp.social', 'eu.bigcorp.social'] });

    expect(await background.value<SubdomainOfferView[]>({ type: 'hedge/subdomain-offers' })).toEqual([
      { domain: 'eu.bigcorp.social', parent: 'bigcorp.social', followingCount: 1, followersCount: 0, isSeen: true },
      { domain: 'news.bigcorp.social', parent: 'bigcorp.social', followingCount: 0, followersCount: 0, isSeen: true },
    ]);
    const plan = await background.value<PlanPreview>({ type: 'hedge/block-subdomains', domains: ['eu.bigcorp.social', 'news.bigcorp.social'] });
    expect(plan.add.map((change) => change.domain).sort()).toEqual(['eu.bigcorp.social', 'news.bigcorp.social']);
  });

  it.each<[name: string, origin: (url: string) => string, domains: unknown, kind: string | null]>([
    ['a tab of another origin, where nobody is signed in', () => 'https://elsewhere.social', ['news.bigcorp.social'], 'not-signed-in'],
    ['a report that is not a list', (url) => url, 'news.bigcorp.social', 'invalid-input'],
    ['a report of more than 500 domains, more than could be kept', (url) => url, Array.from({ length: 501 }, (_value, index) => `s${index}.bigcorp.social`), 'invalid-input'],
  ])('stores nothing from %s', async (_name, origin, domains, kind) => {
    world = await blockingBigcorp();
    const reply = await report(origin(world.mastodon.url), domains);
    expect(reply).toMatchObject({ ok: false, error: { kind } });
    if (!reply.ok) expect(reply.error.message.length).toBeGreaterThan(10);
    expect(await storedSeen()).toEqual({});
  });

  it('keeps the newest 500 per account', async () => {
    world = await blockingBigcorp();
    const { mastodon, account } = world;
    for (let batch = 0; batch < 11; batch += 1) {
      expect((await report(mastodon.url, Array.from({ length: 50 }, (_value, index) => `s${batch * 50 + index}.bigcorp.social`))).ok).toBe(true);
    }
    const kept = (await storedSeen())[account.key] ?? [];
    expect(kept).toHaveLength(500);
    expect(kept[0]).toBe('s50.bigcorp.social');
    expect(kept.at(-1)).toBe('s549.bigcorp.social');
  });

  it('are deleted at sign-out', async () => {
    world = await blockingBigcorp();
    const { mastodon, background, account } = world;
    await report(mastodon.url, ['news.bigcorp.social']);
    expect(Object.keys(await storedSeen())).toEqual([account.key]);
    await background.value({ type: 'hedge/sign-out', accountKey: account.key });
    expect(await storedSeen()).toEqual({});
  });
});
