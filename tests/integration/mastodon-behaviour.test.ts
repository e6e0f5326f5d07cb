/**
 * Hedge's background through what Mastodon 4.6.5 does where Hedge depends on it, as the local
 * Mastodon now plays it (tests/fake-mastodon/README.md, "Where it behaves as Mastodon"):
 * - a personal block's follows, followers and notifications are cut by a Sidekiq job after the
 *   answer (app/controllers/api/v1/domain_blocks_controller.rb, AfterAccountDomainBlockWorker);
 * - the server's own block list is hidden unless the admin shows it (config/settings.yml
 *   `show_domain_blocks: 'disabled'`);
 * - a revoked token's 401 says "The access token was revoked" (Doorkeeper's InvalidTokenResponse);
 * - a domain is stripped of a trailing `/` and percent-decoded before it is validated and stored
 *   (app/lib/tag_manager.rb `normalize_domain`), while the job looks for accounts on the domain as sent.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../fake-mastodon/test-http';
import type { FakeMastodon } from '../fake-mastodon/index';
import type { VerdictSnapshot } from '../../utils/core/verdict-snapshot';
import { createContentLookup } from '../../utils/dom/content-lookup';
import { getAccessToken } from '../../utils/db/secrets';
import type { HedgeState, PlanPreview, RelationshipSnapshotSummary } from '../../utils/protocol';
import { resetBackground, runsSettled, signedIn } from './confirm-harness';

let running: FakeMastodon | undefined;
beforeEach(() => resetBackground());
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function start(options: Parameters<typeof signedIn>[1] = {}) {
  const signed = await signedIn('4.6', options);
  running = signed.mastodon;
  return signed;
}

const onThreads = (accts: string[]) => accts.filter((acct) => acct.endsWith('@threads.net'));

describe('a block cuts follows in a job after it answers', () => {
  it('Block Threads ends before Mastodon cuts the follows; Hedge saved them all first, and they then go', async () => {
    const { mastodon, background } = await start({ blockSideEffectsDelayMs: 1_500 });
    const following = onThreads(mastodon.state.following());
    const plan = await background.value<PlanPreview>({ type: 'hedge/set-preset', presetId: 'threads', enabled: true });
    await background.value({ type: 'hedge/confirm-plan', planId: plan.planId, excludeDomains: [] });
    const [run] = await runsSettled(background);
    expect(run).toMatchObject({ status: 'done', added: 3, failures: [] });
    // Done, and the follows are still there: Hedge's run does not wait for Mastodon's job, nor count on it.
    expect(onThreads(mastodon.state.following())).toEqual(following);
    const saved = await background.value<RelationshipSnapshotSummary[]>({ type: 'hedge/list-relationship-snapshots' });
    expect(saved.find((snapshot) => snapshot.domain === 'threads.net')?.followingCount).toBe(following.length);
    await expect.poll(() => onThreads(mastodon.state.following()), { timeout: 5_000 }).toEqual([]);
    expect(onThreads(mastodon.state.followers())).toEqual([]);
  });
});

describe("the server's own block list", () => {
  const verdictsOf = async (mastodon: FakeMastodon, background: Awaited<ReturnType<typeof start>>['background']) => {
    await background.value({ type: 'hedge/preview' });
    const reply = await background.value<{ snapshot: VerdictSnapshot }>({ type: 'hedge/get-verdict-snapshot' }, { isContentScript: true, origin: mastodon.url });
    const lookup = createContentLookup(reply.snapshot);
    const domains = ['loud.example.org', 'poa.st'];
    await lookup.prepare(domains);
    return domains.map((domain) => lookup.lookup(domain).kind);
  };

  it('is hidden by default, as Mastodon ships: Hedge marks nothing for it and shows no error', async () => {
    const { mastodon, background } = await start();
    expect(await verdictsOf(mastodon, background)).toEqual(['none', 'none']);
    expect((await background.value<HedgeState>({ type: 'hedge/get-state' })).lastError).toBeNull();
  });

  it('shown to signed-in users, it gives the limited and suspended verdicts (the suspended one by its digest)', async () => {
    const { mastodon, background } = await start({ instanceBlocksVisibility: 'users' });
    expect(await verdictsOf(mastodon, background)).toEqual(['server-limited', 'server-suspended']);
  });
});

describe('a revoked token', () => {
  it("gets Doorkeeper's own words, and Hedge asks the user to sign in again in its words", async () => {
    const { mastodon, background, account } = await start();
    mastodon.state.revokeToken((await getAccessToken(account.key)) ?? '');
    const reply = await background.send({ type: 'hedge/preview' });
    expect(reply).toMatchObject({ ok: false, error: { kind: 'unauthorized', message: expect.stringContaining('Sign in again') } });
    const refused = mastodon.state.requests.filter((request) => request.status === 401);
    expect(refused.length).toBeGreaterThan(0);
    const answer = await call(mastodon.url, 'GET', '/api/v1/domain_blocks', { token: (await getAccessToken(account.key)) ?? undefined });
    expect(answer.body).toEqual({ error: 'The access token was revoked' });
  });
});

describe('a proxy in front of Mastodon answering with its HTML error page', () => {
  it('a preview is refused in words, not with what masto.js says about the page', async () => {
    const { mastodon, background } = await start();
    mastodon.faults.set({ kind: 'html-5xx', status: 502 });
    const reply = await background.send({ type: 'hedge/preview' });
    mastodon.faults.clear();
    expect(reply).toMatchObject({ ok: false, error: { kind: 'server', message: `${new URL(mastodon.url).host} answered with an error page instead of Mastodon’s API. Try again later.` } });
    expect(JSON.stringify(reply)).not.toMatch(/destructure|undefined/);
  });
});

describe('domains as Mastodon normalises them', () => {
  it("a block another app sent as 'Threads.NET/' is stored as threads.net: Hedge's plan finds it blocked, sends nothing for it, and still sees the follows Mastodon's job did not cut", async () => {
    const { mastodon, background, account } = await start({ blockSideEffectsDelayMs: 0 });
    const token = (await getAccessToken(account.key)) ?? '';
    const posted = await call(mastodon.url, 'POST', '/api/v1/domain_blocks', { token, form: { domain: 'Threads.NET/' } });
    expect([posted.status, posted.body]).toEqual([200, {}]);
    expect(mastodon.state.domainBlocks()[0]).toBe('threads.net');
    // AfterAccountDomainBlockWorker looked for accounts on "Threads.NET/" and found none.
    expect(onThreads(mastodon.state.following())).toHaveLength(3);

    const plan = await background.value<PlanPreview>({ type: 'hedge/set-preset', presetId: 'threads', enabled: true });
    expect(plan.add.map((change) => change.domain).sort()).toEqual(['threads.com', 'threads.instagram.com']);
    await background.value({ type: 'hedge/confirm-plan', planId: plan.planId, excludeDomains: [] });
    const [run] = await runsSettled(background);
    expect(run).toMatchObject({ status: 'done', added: 2, failures: [] });
    const writes = mastodon.state.requests.filter((request) => request.path === '/api/v1/domain_blocks' && request.method === 'POST');
    expect(writes.map((request) => request.domain).sort()).toEqual(['Threads.NET/', 'threads.com', 'threads.instagram.com'].sort());
  });

  it("a block sent percent-encoded ('threads%2Enet') is the same domain to Mastodon and to Hedge", async () => {
    const { mastodon, background } = await start();
    mastodon.state.addDomainBlock('threads%2Enet');
    expect(mastodon.state.domainBlocks()[0]).toBe('threads.net');
    const plan = await background.value<PlanPreview>({ type: 'hedge/set-preset', presetId: 'threads', enabled: true });
    expect(plan.add.map((change) => change.domain)).not.toContain('threads.net');
  });
});
