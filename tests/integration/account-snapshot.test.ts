/**
 * What Hedge reads of the server before a plan, and how it spends the
 * account's rate limit doing so (config/initializers/rack_attack.rb: 300
 * requests per 5 minutes, 300 paged ones per 15): the personal blocks every
 * time, follows and followers again only when older than ten minutes and the
 * window has room; a 429 is waited out when its window resets soon, and
 * otherwise refused with the time to try again. The snapshot lives in
 * IndexedDB, not in storage.local.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { getAccount } from '../../utils/db/accounts';
import { RELATIONSHIPS_MAX_AGE_MS, refreshAccountSnapshot } from '../../utils/background/account-reads';
import { getAccountSnapshot, putAccountSnapshot } from '../../utils/db/account-snapshots';
import type { AccountSnapshot } from '../../utils/db/schema';
import { accountRunEnvironment } from '../../utils/background/run-environment';
import { configureRuns } from '../../utils/background/runs/environment';
import { connectAccount } from '../../utils/background/session';
import type { AccountView, PlanPreview } from '../../utils/protocol';
import { startFakeMastodon, type FakeMastodon, type FakeMastodonOptions } from '../fake-mastodon/index';
import { installFakeScripting } from './oauth-helpers';
import { backgroundFor } from './subscriptions-helpers';

let mastodon: FakeMastodon | undefined;
beforeEach(() => {
  fakeBrowser.reset();
  installFakeScripting();
  configureRuns(accountRunEnvironment());
});
afterEach(async () => {
  await mastodon?.close();
  mastodon = undefined;
});

async function signedIn(options: FakeMastodonOptions = {}) {
  mastodon = await startFakeMastodon({ version: '4.3', autoApprove: true, ...options });
  const background = backgroundFor();
  const account = await background.value<AccountView>({ type: 'hedge/sign-in', instance: mastodon.url });
  // Sign-in reads the blocks for the marks (utils/background/mark-reads.ts); these tests start from a copy long out of date.
  const atSignIn = await getAccountSnapshot(account.key);
  if (atSignIn) await putAccountSnapshot({ ...atSignIn, fetchedAt: 0, relationshipsFetchedAt: 0 });
  const server = mastodon;
  const reads = (path: RegExp) => server.state.requests.filter((request) => request.method === 'GET' && path.test(request.path));
  return { mastodon: server, background, account, reads };
}

const FOLLOWING = /^\/api\/v1\/accounts\/[^/]+\/following$/;
const FOLLOWERS = /^\/api\/v1\/accounts\/[^/]+\/followers$/;
const BLOCKS = /^\/api\/v1\/domain_blocks$/;

async function connectionOf(key: string) {
  const account = await getAccount(key);
  if (!account) throw new Error('the account is gone');
  return connectAccount(account);
}

describe('the account snapshot', () => {
  it('lives in IndexedDB: storage.local holds no follower list', async () => {
    const { background, account } = await signedIn();
    for (let i = 0; i < 3; i += 1) await background.value<PlanPreview>({ type: 'hedge/set-preset', presetId: 'threads', enabled: true });
    const local = await fakeBrowser.storage.local.get(null);
    expect(Object.keys(local)).not.toContain('accountSnapshots');
    const snapshot = await getAccountSnapshot(account.key);
    expect(snapshot?.following.length).toBeGreaterThan(0);
    expect(snapshot?.followers.length).toBeGreaterThan(0);
  });

  it('is read again for every plan, but follows and followers only once in ten minutes', async () => {
    const { mastodon: server, background, reads } = await signedIn();
    await background.value<PlanPreview>({ type: 'hedge/preview' });
    const first = { following: reads(FOLLOWING).length, followers: reads(FOLLOWERS).length, blocks: reads(BLOCKS).length };
    expect(first.following).toBeGreaterThan(0);

    server.state.addDomainBlock('threads.net');
    const on = await background.value<PlanPreview>({ type: 'hedge/set-preset', presetId: 'threads', enabled: true });

    expect(reads(FOLLOWING)).toHaveLength(first.following);
    expect(reads(FOLLOWERS)).toHaveLength(first.followers);
    expect(reads(BLOCKS).length).toBeGreaterThan(first.blocks);
    // The block made by hand a moment ago is seen: the plan does not add it again.
    expect(on.add.map((change) => change.domain).sort()).toEqual(['threads.com', 'threads.instagram.com']);
    // The impact still comes from the follows read earlier (bob, zuck and mosseri are on threads.net in the seed).
    expect(on.add.every((change) => change.impact !== null)).toBe(true);
  });

  it('reads them again when the server counts other follows on a domain to block (a follow made a moment ago)', async () => {
    const { mastodon: server, background, reads } = await signedIn();
    await background.value<PlanPreview>({ type: 'hedge/preview' });
    const before = reads(FOLLOWING).length;
    server.state.follow('jo_writes@threads.net');

    const on = await background.value<PlanPreview>({ type: 'hedge/set-preset', presetId: 'threads', enabled: true });

    expect(reads(FOLLOWING).length).toBeGreaterThan(before);
    const threadsNet = on.add.find((change) => change.domain === 'threads.net');
    expect(threadsNet?.impact?.following?.map((account) => account.acct)).toContain('jo_writes@threads.net');
    expect(threadsNet?.impact?.followingCount).toBe(threadsNet?.impact?.following?.length);
  });

  it.each([
    ['reads them again when the window has room', 300, true],
    ['keeps the old copy while the window is nearly spent', 40, false],
  ])('after ten minutes %s', async (_what, limitPerWindow, isReadAgain) => {
    const { account, reads } = await signedIn({ limitPerWindow });
    const connection = await connectionOf(account.key);
    // The first copy is dated eleven minutes back; the second read happens now, in the window the first one spent.
    const now = Date.now();
    const reuse = { relationshipsMaxAgeMs: RELATIONSHIPS_MAX_AGE_MS };
    const earlier: AccountSnapshot = await refreshAccountSnapshot(connection, { ...reuse, now: () => now - RELATIONSHIPS_MAX_AGE_MS - 60_000 });
    const before = reads(FOLLOWING).length;

    const later = await refreshAccountSnapshot(connection, { ...reuse, now: () => now });

    expect(reads(FOLLOWING).length > before).toBe(isReadAgain);
    expect(later.fetchedAt).toBe(now);
    expect(later.relationshipsFetchedAt).toBe(isReadAgain ? later.fetchedAt : earlier.relationshipsFetchedAt);
    expect(later.following.map((related) => related.acct).sort()).toEqual(earlier.following.map((related) => related.acct).sort());
  });

  it('waits out a 429 whose window resets within seconds, and the preview succeeds', async () => {
    const { mastodon: server, background, reads } = await signedIn({ windowMs: 2_000 });
    server.faults.set({ kind: '429-storm', count: 1, match: FOLLOWING });
    const startedAt = Date.now();
    const atSignIn = reads(FOLLOWING).length;

    const preview = await background.value<PlanPreview>({ type: 'hedge/preview' });

    expect(preview.planId).toBeTruthy();
    expect(reads(FOLLOWING).slice(atSignIn).map((request) => request.status)).toEqual([429, 200]);
    expect(Date.now() - startedAt).toBeLessThan(5_000);
  });

  it('refuses a preview in words with the time to try again when the window resets later', async () => {
    // The fake's clock starts at the beginning of an hour-long window, so its reset is an hour away.
    const windowMs = 3_600_000;
    const realStart = Date.now();
    const clock = () => Math.floor(realStart / windowMs) * windowMs + (Date.now() - realStart);
    const { mastodon: server, background, reads } = await signedIn({ windowMs, now: clock });
    server.faults.set({ kind: '429-storm', count: 2, match: FOLLOWING });
    const atSignIn = reads(FOLLOWING).length;

    const reply = await background.send<PlanPreview>({ type: 'hedge/preview' });

    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.kind).toBe('rate-limited');
      expect(reply.error.message).toMatch(/asks Hedge to slow down\. Try again after /);
      expect(reply.error.message).not.toMatch(/Hedge will try again/);
      expect(reply.error.retryAt).toBeGreaterThan(Date.now());
    }
    expect(reads(FOLLOWING).slice(atSignIn).map((request) => request.status)).toEqual([429]);
  });

  it('counts from the follows it read when the server refuses its own counts with a 429', async () => {
    const { mastodon: server, background, reads } = await signedIn();
    server.faults.set({ kind: '429-storm', match: /^\/api\/v1\/domain_blocks\/preview$/ });

    const on = await background.value<PlanPreview>({ type: 'hedge/set-preset', presetId: 'threads', enabled: true });

    expect(reads(/^\/api\/v1\/domain_blocks\/preview$/).map((request) => request.status)).toEqual([429]);
    const threadsNet = on.add.find((change) => change.domain === 'threads.net');
    expect(threadsNet?.impact?.followingCount).toBe(server.state.following().filter((acct) => acct.endsWith('@threads.net')).length);
    expect(threadsNet?.impact?.followingCount).toBeGreaterThan(0);
  });

  it('moves a snapshot an earlier version kept in storage.local into IndexedDB', async () => {
    const { account } = await signedIn();
    const legacy: AccountSnapshot = {
      accountKey: account.key,
      fetchedAt: 1_700_000_000_000,
      server: { version: '4.3.0', hasBlockPreview: true } as AccountSnapshot['server'],
      personalBlocks: ['old.example.social'],
      serverBlocks: { visibility: 'hidden', blocks: [] },
      following: [],
      followers: [],
    };
    await fakeBrowser.storage.local.set({ accountSnapshots: { [account.key]: legacy }, accountSnapshots$: { v: 1 } });
    vi.resetModules();
    const fresh = await import('../../utils/db/account-snapshots');

    expect((await fresh.getAccountSnapshot(account.key))?.personalBlocks).toEqual(['old.example.social']);
    expect(Object.keys(await fakeBrowser.storage.local.get(null))).not.toContain('accountSnapshots');
  });

  it('is deleted with the account at sign-out', async () => {
    const { background, account } = await signedIn();
    await background.value<PlanPreview>({ type: 'hedge/preview' });
    expect(await getAccountSnapshot(account.key)).not.toBeNull();
    await background.value({ type: 'hedge/sign-out', accountKey: account.key });
    expect(await getAccountSnapshot(account.key)).toBeNull();
  });
});
