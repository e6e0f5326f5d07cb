/**
 * The web UI's marks right after sign-in: the user's own blocks and the
 * server's limits and suspensions are read at sign-in and kept fresh, with no
 * preview built, against the local fake Mastodon.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { getAccountSnapshot, putAccountSnapshot } from '../../utils/db/account-snapshots';
import { handleIntent } from '../../utils/background/handlers';
import { MARKS_MAX_AGE_MS } from '../../utils/background/mark-reads';
import { createContentLookup } from '../../utils/dom/content-lookup';
import type { HedgeState } from '../../utils/protocol';
import { testEnvironment } from './oauth-helpers';
import { startWorld, type World } from './subscriptions-helpers';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** What a Mastodon tab's content script receives, looked up for `domains`. */
async function tabVerdicts(origin: string, domains: string[]) {
  const reply = await handleIntent(
    { type: 'hedge/get-verdict-snapshot' },
    { env: testEnvironment(), sender: { isContentScript: true, origin }, onStateChanged: async () => undefined },
  );
  if (!reply.ok) throw new Error(reply.error.message);
  const lookup = createContentLookup((reply.value as { snapshot: Parameters<typeof createContentLookup>[0] }).snapshot);
  await lookup.prepare(domains);
  return Object.fromEntries(domains.map((domain) => [domain, lookup.lookup(domain).kind]));
}

const readsOfOwnBlocks = (current: World) => current.mastodon.state.requests.filter((request) => request.path === '/api/v1/domain_blocks').length;
const readsOfFollows = (current: World) => current.mastodon.state.requests.filter((request) => /^\/api\/v1\/accounts\/[^/]+\/(following|followers)$/.test(request.path)).length;

describe('marks right after sign-in', () => {
  it('marks the user’s own blocks and the server’s limits and suspensions with no preview built', async () => {
    world = await startWorld({ instanceBlocksVisibility: 'users', beforeSignIn: (mastodon) => mastodon.state.addDomainBlock('blocked-by-me.social') });
    const verdicts = await tabVerdicts(world.mastodon.url, ['blocked-by-me.social', 'loud.example.org', 'spamfarm.example', 'unknown.social']);
    expect(verdicts).toEqual({
      'blocked-by-me.social': 'blocked',
      'loud.example.org': 'server-limited',
      'spamfarm.example': 'server-suspended',
      'unknown.social': 'none',
    });
    const state = await world.background.value<HedgeState>({ type: 'hedge/get-state' });
    expect(state.serverBlocksVisibility).toBe('shown');
  });

  it('says so when the server does not publish its blocks (Mastodon’s default)', async () => {
    world = await startWorld({ beforeSignIn: (mastodon) => mastodon.state.addDomainBlock('blocked-by-me.social') });
    expect(await tabVerdicts(world.mastodon.url, ['blocked-by-me.social'])).toEqual({ 'blocked-by-me.social': 'blocked' });
    const state = await world.background.value<HedgeState>({ type: 'hedge/get-state' });
    expect(state.serverBlocksVisibility).toBe('hidden');
  });

  it('tabs opening after a few minutes read the blocks again, once for all of them', async () => {
    world = await startWorld();
    const current = world;
    const key = current.account.key;
    // Fresh marks: an opening tab does not read again.
    const before = readsOfOwnBlocks(current);
    const followsBefore = readsOfFollows(current);
    expect(followsBefore).toBeGreaterThan(0);
    await tabVerdicts(current.mastodon.url, ['x.social']);
    expect(readsOfOwnBlocks(current)).toBe(before);

    // A block made in Mastodon meanwhile, and marks older than the limit: two tabs open at once.
    current.mastodon.state.addDomainBlock('made-in-mastodon.social');
    const stored = await getAccountSnapshot(key);
    if (!stored) throw new Error('sign-in read nothing');
    await putAccountSnapshot({ ...stored, fetchedAt: Date.now() - MARKS_MAX_AGE_MS - 1000 });
    await Promise.all([tabVerdicts(current.mastodon.url, ['x.social']), tabVerdicts(current.mastodon.url, ['x.social'])]);
    await expect.poll(async () => (await getAccountSnapshot(key))?.personalBlocks ?? []).toContain('made-in-mastodon.social');
    expect(readsOfOwnBlocks(current)).toBe(before + 1);
    // Follows and followers cost a paged request per 80 accounts: the marks leave them to the next plan.
    expect(readsOfFollows(current)).toBe(followsBefore);
    expect(await tabVerdicts(current.mastodon.url, ['made-in-mastodon.social'])).toEqual({ 'made-in-mastodon.social': 'blocked' });
  });
});
