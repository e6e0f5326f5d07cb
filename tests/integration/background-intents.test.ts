import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startFakeMastodon, type FakeMastodon, type MastodonVersion } from '../fake-mastodon/index';
import { accountRunEnvironment } from '../../utils/background/run-environment';
import { configureRuns } from '../../utils/background/runs/environment';
import { getAccessToken } from '../../utils/db/secrets';
import { handleIntent, isIntent, type HandlerContext, type IntentSender } from '../../utils/background/handlers';
import type { SignInEnvironment } from '../../utils/background/sign-in';
import type { VerdictSnapshot } from '../../utils/core/verdict-snapshot';
import { createContentLookup } from '../../utils/dom/content-lookup';
import type { AccountView, DownloadFile, HedgeState, Intent, PlanPreview, RelationshipSnapshotSummary, Reply, RunSummary } from '../../utils/protocol';
import { installFakeScripting, testEnvironment } from './oauth-helpers';

let server: FakeMastodon | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
beforeEach(() => {
  fakeBrowser.reset();
  installFakeScripting();
  configureRuns(accountRunEnvironment());
});

/** Waits until the account's runs are all finished (done or cancelled). */
async function runsSettled(background: ReturnType<typeof backgroundFor>): Promise<RunSummary[]> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const runs = await background.value<RunSummary[]>({ type: 'hedge/list-runs' });
    if (runs.length > 0 && runs.every((run) => run.status !== 'running' && run.status !== 'paused')) return runs;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the run did not finish');
}

const PAGE: IntentSender = { isContentScript: false };

/** Sends intents like a page would, and keeps every reply to check for tokens. */
function backgroundFor(env: SignInEnvironment) {
  const replies: Array<Reply<unknown>> = [];
  let broadcasts = 0;
  const send = async <T>(intent: Intent, sender: IntentSender = PAGE): Promise<Reply<T>> => {
    expect(isIntent(intent)).toBe(true);
    const context: HandlerContext = { env, sender, onStateChanged: async () => void (broadcasts += 1) };
    // Through JSON, as across the message channel.
    const reply = JSON.parse(JSON.stringify(await handleIntent(intent, context))) as Reply<T>;
    replies.push(reply);
    return reply;
  };
  const value = async <T>(intent: Intent, sender?: IntentSender): Promise<T> => {
    const reply = await send<T>(intent, sender);
    if (!reply.ok) throw new Error(`${intent.type} failed: ${reply.error.kind}: ${reply.error.message}`);
    return reply.value;
  };
  return { send, value, replies, broadcasts: () => broadcasts };
}

async function signedIn(version: MastodonVersion) {
  server = await startFakeMastodon({ version, autoApprove: true });
  const background = backgroundFor(testEnvironment());
  const account = await background.value<AccountView>({ type: 'hedge/sign-in', instance: server.url });
  return { mastodon: server, background, account };
}

describe.each(['4.2', '4.3'] as MastodonVersion[])('the background’s answers on Mastodon %s', (version) => {
  it('signs in and shows the account, presets off', async () => {
    const { background, account } = await signedIn(version);
    expect(account.handle).toBe('@demo@social.example');
    expect(background.broadcasts()).toBeGreaterThan(0);
    const state = await background.value<HedgeState>({ type: 'hedge/get-state' });
    expect(state.activeAccountKey).toBe(account.key);
    expect(state.accounts.map((a) => a.handle)).toEqual(['@demo@social.example']);
    expect(state.presets.find((p) => p.id === 'threads')?.isEnabled).toBe(false);
    expect(state.lastError).toBeNull();
  });

  it('turning Threads on shows the plan and its impact first; the preset stays off until confirmed', async () => {
    const { mastodon, background } = await signedIn(version);
    const plan = await background.value<PlanPreview>({ type: 'hedge/set-preset', presetId: 'threads', enabled: true });
    expect(plan.add.map((change) => change.domain).sort()).toEqual(['threads.com', 'threads.instagram.com', 'threads.net']);
    const threads = plan.add.find((change) => change.domain === 'threads.net');
    const followingOnThreads = mastodon.state.following().filter((acct) => acct.endsWith('@threads.net'));
    const followersOnThreads = mastodon.state.followers().filter((acct) => acct.endsWith('@threads.net'));
    expect(threads?.impact).toMatchObject({ followingCount: followingOnThreads.length, followersCount: followersOnThreads.length });
    // Whom, by name: handle, display name, profile and the picture the user's own server serves.
    expect(threads?.impact?.following?.map((account) => account.acct).sort()).toEqual([...followingOnThreads].sort());
    expect(threads?.impact?.followers?.map((account) => account.acct).sort()).toEqual([...followersOnThreads].sort());
    expect(threads?.impact?.following?.find((account) => account.acct === 'bob@threads.net')).toEqual({
      acct: 'bob@threads.net',
      displayName: 'Bob',
      url: 'https://www.threads.net/@bob',
      avatar: expect.stringMatching(new RegExp(`^${mastodon.url}/system/accounts/avatars/[^/]+/original/avatar\\.svg$`)),
    });
    expect(plan.summary).toContain(`You follow ${followingOnThreads.length} accounts`);
    expect(plan.summary).toContain('Hedge saves them');
    expect(plan.operationCount).toBe(3);
    expect(plan.importAlternative).toBeNull();
    expect(mastodon.state.domainBlocks()).not.toContain('threads.net');

    const state = await background.value<HedgeState>({ type: 'hedge/get-state' });
    expect(state.presets.find((p) => p.id === 'threads')?.isEnabled).toBe(false);
    expect(state.counts.personalBlocks).toBe(mastodon.state.domainBlocks().length);
  });

  it('gives the content script a verdict snapshot for its own instance only', async () => {
    const { mastodon, background } = await signedIn(version);
    await background.value({ type: 'hedge/preview' });
    await background.value({ type: 'hedge/manual-entry', domain: 'Bad-Actors.SOCIAL', list: 'always-block', action: 'add' });
    const contentScript: IntentSender = { isContentScript: true, origin: mastodon.url };
    const reply = await background.value<{ origin: string; snapshot: VerdictSnapshot }>(
      { type: 'hedge/get-verdict-snapshot' },
      contentScript,
    );
    expect(reply.origin).toBe(mastodon.url);
    const matcher = createContentLookup(reply.snapshot);
    const handBlocked = mastodon.state.domainBlocks()[0] ?? '';
    await matcher.prepare([handBlocked, 'bad-actors.social', 'mastodon.social']);
    expect(matcher.lookup(handBlocked).kind, handBlocked).toBe('blocked');
    expect(matcher.lookup('bad-actors.social').kind, JSON.stringify(reply.snapshot)).toBe('blocked');
    expect(matcher.lookup('mastodon.social').kind).toBe('none');

    const elsewhere = await background.send({ type: 'hedge/get-verdict-snapshot' }, { isContentScript: true, origin: 'https://evil.example' });
    expect(elsewhere).toMatchObject({ ok: false, error: { kind: 'not-signed-in' } });
  });
});

describe('confirming, history and undo', () => {
  it('Block Threads: confirm applies it, saves the follows first, leaves hand-made blocks, and can be undone', async () => {
    const { mastodon, background } = await signedIn('4.3');
    const handMade = mastodon.state.domainBlocks();
    const followingOnThreads = mastodon.state.following().filter((acct) => acct.endsWith('@threads.net'));
    const plan = await background.value<PlanPreview>({ type: 'hedge/set-preset', presetId: 'threads', enabled: true });
    await background.value({ type: 'hedge/confirm-plan', planId: plan.planId, excludeDomains: ['threads.instagram.com'] });
    const [run] = await runsSettled(background);
    expect(run).toMatchObject({ status: 'done', added: 2, failures: [] });
    expect(mastodon.state.domainBlocks().sort()).toEqual([...handMade, 'threads.com', 'threads.net'].sort());
    // Mastodon cuts the follows in a job after the block (AfterAccountDomainBlockWorker).
    await expect.poll(() => mastodon.state.following().some((acct) => acct.endsWith('@threads.net')), { timeout: 5_000 }).toBe(false);

    const state = await background.value<HedgeState>({ type: 'hedge/get-state' });
    expect(state.presets.find((p) => p.id === 'threads')?.isEnabled).toBe(true);

    const snapshots = await background.value<RelationshipSnapshotSummary[]>({ type: 'hedge/list-relationship-snapshots' });
    const saved = snapshots.find((snapshot) => snapshot.domain === 'threads.net');
    expect(saved?.followingCount).toBe(followingOnThreads.length);
    const csv = await background.value<DownloadFile>({ type: 'hedge/relationship-snapshot-csv', snapshotId: saved?.snapshotId ?? '' });
    expect(csv.text.split('\n')[0]).toBe('Account address,Show boosts,Notify on new posts,Languages');
    for (const acct of followingOnThreads) expect(csv.text).toContain(acct);
    // Both sides are kept by name, and the followers come as a file of handles and profile addresses.
    const followersOnThreads = plan.add.find((change) => change.domain === 'threads.net')?.impact?.followers ?? [];
    expect(followersOnThreads.length).toBeGreaterThan(0);
    expect(saved?.followers.map((account) => account.acct).sort()).toEqual(followersOnThreads.map((account) => account.acct).sort());
    expect(saved?.following.map((account) => account.acct).sort()).toEqual([...followingOnThreads].sort());
    const followersCsv = await background.value<DownloadFile>({ type: 'hedge/relationship-snapshot-csv', snapshotId: saved?.snapshotId ?? '', side: 'followers' });
    expect(followersCsv.fileName).toBe('followers_threads.net.csv');
    expect(followersCsv.text.split('\n')[0]).toBe('Account address,Display name,Profile URL');
    for (const account of followersOnThreads) expect(followersCsv.text).toContain(`${account.acct},${account.displayName},${account.url}`);
    expect(await background.send({ type: 'hedge/relationship-snapshot-csv', snapshotId: saved?.snapshotId ?? '', side: 'both' } as unknown as Intent)).toMatchObject({
      ok: false,
      error: { kind: 'invalid-input', message: 'Choose the follows or the followers to download.' },
    });

    const blocks = await background.value<Array<{ domain: string; origin: string }>>({ type: 'hedge/list-blocks' });
    expect(blocks.filter((b) => b.origin === 'hedge').map((b) => b.domain).sort()).toEqual(['threads.com', 'threads.net']);
    expect(blocks.filter((b) => b.origin === 'user').map((b) => b.domain).sort()).toEqual([...handMade].sort());

    const undo = await background.value<PlanPreview>({ type: 'hedge/undo-run', runId: run?.runId ?? '' });
    expect(undo.remove.map((c) => c.domain).sort()).toEqual(['threads.com', 'threads.net']);
    await background.value({ type: 'hedge/confirm-plan', planId: undo.planId, excludeDomains: [] });
    await runsSettled(background);
    expect(mastodon.state.domainBlocks().sort()).toEqual([...handMade].sort());
  });

  it('a plan cannot be confirmed twice', async () => {
    const { background } = await signedIn('4.3');
    const plan = await background.value<PlanPreview>({ type: 'hedge/set-preset', presetId: 'bluesky-bridge', enabled: true });
    await background.value({ type: 'hedge/confirm-plan', planId: plan.planId, excludeDomains: [] });
    const again = await background.send({ type: 'hedge/confirm-plan', planId: plan.planId, excludeDomains: [] });
    expect(again).toMatchObject({ ok: false, error: { kind: 'not-found' } });
    await runsSettled(background);
  });
});

describe('what the background refuses', () => {
  it('a content script may only ask for verdicts and page blocks', async () => {
    const { mastodon, background } = await signedIn('4.3');
    const contentScript: IntentSender = { isContentScript: true, origin: mastodon.url };
    for (const intent of [
      { type: 'hedge/get-state' },
      { type: 'hedge/sign-out', accountKey: 'x' },
      { type: 'hedge/export', format: 'plain-text' },
    ] as Intent[]) {
      expect(await background.send(intent, contentScript)).toMatchObject({ ok: false, error: { kind: 'denied' } });
    }
  });

  it('bad input gets a clear message and changes nothing', async () => {
    const { background } = await signedIn('4.3');
    const cases: Array<[Intent, string]> = [
      [{ type: 'hedge/manual-entry', domain: 'not a domain!', list: 'always-block', action: 'add' }, 'invalid-input'],
      [{ type: 'hedge/set-consensus', consensus: { kind: 'percent', min: 250 } }, 'invalid-input'],
      [{ type: 'hedge/set-refresh-interval', hours: 0 }, 'invalid-input'],
      [{ type: 'hedge/set-preset', presetId: 'myspace', enabled: true }, 'not-found'],
      [{ type: 'hedge/switch-account', accountKey: 'https://nowhere.example#1' }, 'not-found'],
      [{ type: 'hedge/sign-in', instance: 'ftp://mastodon.social' }, 'invalid-input'],
    ];
    for (const [intent, kind] of cases) {
      const reply = await background.send(intent);
      expect(reply.ok, intent.type).toBe(false);
      if (!reply.ok) {
        expect(reply.error.kind, intent.type).toBe(kind);
        expect(reply.error.message.length, intent.type).toBeGreaterThan(15);
      }
    }
    const state = await background.value<HedgeState>({ type: 'hedge/get-state' });
    expect(state.manualEntries).toEqual({ alwaysBlock: [], neverBlock: [] });
    expect(state.consensus).toBeNull();
  });

  it('a denied sign-in stays on screen as the last error until dismissed', async () => {
    server = await startFakeMastodon({ version: '4.3' });
    const background = backgroundFor(testEnvironment({ choice: 'deny' }));
    const reply = await background.send({ type: 'hedge/sign-in', instance: server.url });
    expect(reply).toMatchObject({ ok: false, error: { kind: 'denied' } });
    const state = await background.value<HedgeState>({ type: 'hedge/get-state' });
    expect(state.lastError?.kind).toBe('denied');
    await background.value({ type: 'hedge/dismiss-error' });
    expect((await background.value<HedgeState>({ type: 'hedge/get-state' })).lastError).toBeNull();
  });

  it('a 401 marks the account signed out by the server and asks to sign in again', async () => {
    const { mastodon, background, account } = await signedIn('4.3');
    mastodon.state.revokeToken((await getAccessToken(account.key)) ?? '');
    const reply = await background.send({ type: 'hedge/preview' });
    expect(reply).toMatchObject({ ok: false, error: { kind: 'unauthorized' } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const state = await background.value<HedgeState>({ type: 'hedge/get-state' });
    expect(state.accounts.find((a) => a.key === account.key)?.status).toBe('signed-out-by-server');
    const again = await background.send({ type: 'hedge/set-preset', presetId: 'threads', enabled: true });
    expect(again).toMatchObject({ ok: false, error: { kind: 'unauthorized' } });
  });
});

describe('tokens never leave the background', () => {
  it('no reply to any intent carries the access token', async () => {
    const { mastodon, background, account } = await signedIn('4.3');
    const token = (await getAccessToken(account.key)) ?? '';
    expect(token.length).toBeGreaterThan(10);
    const contentScript: IntentSender = { isContentScript: true, origin: mastodon.url };
    const intents: Intent[] = [
      { type: 'hedge/get-state' },
      { type: 'hedge/set-preset', presetId: 'threads', enabled: true },
      { type: 'hedge/preview' },
      { type: 'hedge/confirm-plan', planId: 'unknown', excludeDomains: [] },
      { type: 'hedge/discard-plan', planId: 'unknown' },
      { type: 'hedge/run-control', action: 'pause' },
      { type: 'hedge/resolve-conflict', domain: 'threads.net', resolution: 'keep-unblocked' },
      { type: 'hedge/subscription-add', source: { kind: 'url', url: 'https://example.org/list.csv' } },
      { type: 'hedge/fires-datasets', serverUrl: 'https://example.org' },
      { type: 'hedge/subscription-remove', subscriptionId: 'x' },
      { type: 'hedge/subscription-update', subscriptionId: 'x', silenceAs: 'block' },
      { type: 'hedge/subscription-refresh' },
      { type: 'hedge/parse-report', subscriptionId: 'x' },
      { type: 'hedge/list-overlap' },
      { type: 'hedge/set-consensus', consensus: { kind: 'count', min: 2 } },
      { type: 'hedge/set-refresh-interval', hours: 12 },
      { type: 'hedge/manual-entry', domain: 'threads.net', list: 'never-block', action: 'add' },
      { type: 'hedge/list-blocks' },
      { type: 'hedge/unblock', domain: 'spam.example' },
      { type: 'hedge/subdomain-offers' },
      { type: 'hedge/block-subdomains', domains: ['eu.spam.social'] },
      { type: 'hedge/list-runs' },
      { type: 'hedge/undo-run', runId: 'x' },
      { type: 'hedge/list-relationship-snapshots' },
      { type: 'hedge/relationship-snapshot-csv', snapshotId: 'x' },
      { type: 'hedge/export', format: 'blocked-domains-csv' },
      { type: 'hedge/switch-account', accountKey: account.key },
      { type: 'hedge/dismiss-error' },
    ];
    for (const intent of intents) await background.send(intent);
    await background.send({ type: 'hedge/get-verdict-snapshot' }, contentScript);
    await background.send({ type: 'hedge/block-domain-from-page', domain: 'threads.net' }, contentScript);
    await background.send({ type: 'hedge/sign-out', accountKey: account.key });
    expect(background.replies.length).toBe(intents.length + 4);
    for (const reply of background.replies) {
      const text = JSON.stringify(reply);
      expect(text).not.toContain(token);
      expect(text).not.toContain(mastodon.demoToken);
      expect(text).not.toMatch(/"token"|access_token|client_secret/);
    }
  });
});
