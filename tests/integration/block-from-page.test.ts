/**
 * "Block domain with Hedge" from a Mastodon page, against the local Mastodon: a block that cuts
 * nobody runs at the click; one that cuts follows is answered with its impact, changes nothing, and
 * opens Hedge's own window (confirm.html), whose Confirm runs it and whose Cancel, or closing it,
 * discards it. The page cannot confirm: the same request again only asks again, and the window's
 * intents are refused from a tab.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startFakeMastodon, type FakeMastodon } from '../fake-mastodon/index';
import { fnv1a } from '../../utils/core/shared-ownership';
import { handleIntent, type HandlerContext, type IntentSender } from '../../utils/background/handlers';
import { registerPageBlockWindowListener } from '../../utils/background/page-block-window';
import { accountRunEnvironment } from '../../utils/background/run-environment';
import { configureRuns } from '../../utils/background/runs/environment';
import type { AccountView, BlockFromPageResult, Intent, PageBlockConfirmationView, Reply, RunSummary } from '../../utils/protocol';
import { installFakeScripting, testEnvironment } from './oauth-helpers';

let server: FakeMastodon | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await server?.close();
  server = undefined;
});
beforeEach(() => {
  fakeBrowser.reset();
  installFakeScripting();
  configureRuns(accountRunEnvironment());
  registerPageBlockWindowListener();
});

async function signedIn() {
  server = await startFakeMastodon({ autoApprove: true });
  const mastodon = server;
  let broadcasts = 0;
  const env = testEnvironment();
  const send = async <T>(intent: Intent, sender: IntentSender = { isContentScript: false }): Promise<T> => {
    const context: HandlerContext = { env, sender, onStateChanged: async () => void (broadcasts += 1) };
    const reply = JSON.parse(JSON.stringify(await handleIntent(intent, context))) as Reply<T>;
    if (!reply.ok) throw new Error(`${intent.type} failed: ${reply.error.message}`);
    return reply.value;
  };
  const answer = async (intent: Intent, sender: IntentSender = { isContentScript: false }): Promise<Reply<unknown>> =>
    JSON.parse(JSON.stringify(await handleIntent(intent, { env, sender, onStateChanged: async () => undefined }))) as Reply<unknown>;
  const account = await send<AccountView>({ type: 'hedge/sign-in', instance: mastodon.url });
  const fromPage = (domain: string) =>
    send<BlockFromPageResult>({ type: 'hedge/block-domain-from-page', domain }, { isContentScript: true, origin: mastodon.url });
  const runsDone = async (count: number): Promise<RunSummary[]> => {
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const runs = await send<RunSummary[]>({ type: 'hedge/list-runs' });
      if (runs.length === count && runs.every((run) => run.status === 'done')) return runs;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`expected ${count} finished runs`);
  };
  return { mastodon, account, send, answer, fromPage, runsDone, broadcasts: () => broadcasts };
}

describe('Block domain with Hedge from a page', () => {
  it('blocks a domain that cuts nobody at the click', async () => {
    const { mastodon, fromPage, runsDone } = await signedIn();
    expect(await fromPage('pawoo.net')).toEqual({ domain: 'pawoo.net', outcome: 'queued', message: 'Hedge is blocking pawoo.net.' });
    await runsDone(1);
    expect(mastodon.state.domainBlocks()).toContain('pawoo.net');
  });

  it('refuses a reserved name in words instead of calling it blocked, and stores nothing', async () => {
    const { mastodon, send } = await signedIn();
    const reply = JSON.parse(
      JSON.stringify(
        await handleIntent(
          { type: 'hedge/block-domain-from-page', domain: 'example.org' },
          { env: testEnvironment(), sender: { isContentScript: true, origin: mastodon.url }, onStateChanged: async () => undefined },
        ),
      ),
    ) as Reply<unknown>;
    expect(reply).toMatchObject({ ok: false, error: { kind: 'invalid-input', message: expect.stringContaining('example.org is a name reserved for examples') } });
    expect(await send<RunSummary[]>({ type: 'hedge/list-runs' })).toEqual([]);
    expect(mastodon.state.domainBlocks()).not.toContain('example.org');
  });

  it('names the impact, changes nothing, and opens Hedge’s window, whose Confirm blocks', async () => {
    const { mastodon, send, answer, fromPage, runsDone, broadcasts } = await signedIn();
    const create = vi.spyOn(fakeBrowser.windows, 'create');
    const broadcastsBefore = broadcasts();
    expect(await fromPage('threads.net')).toEqual({
      domain: 'threads.net',
      outcome: 'needs-confirmation',
      message: "Blocking threads.net removes 3 accounts you follow and 2 followers. Confirm in Hedge's window, which shows whom.",
    });
    expect(mastodon.state.domainBlocks()).not.toContain('threads.net');
    expect(await send<RunSummary[]>({ type: 'hedge/list-runs' })).toEqual([]);
    expect(broadcasts()).toBe(broadcastsBefore);
    expect(create).toHaveBeenCalledTimes(1);
    const options = create.mock.calls[0]?.[0];
    expect(options).toMatchObject({ type: 'popup', url: expect.stringMatching(/\/confirm\.html\?plan=[0-9a-f-]{36}$/) });
    const planId = new URL(options?.url as string).searchParams.get('plan') ?? '';

    // The window shows whom, by name, both sides; the page's tab may not ask it, nor confirm.
    const view = await send<PageBlockConfirmationView>({ type: 'hedge/page-block-confirmation', planId });
    expect(view).toMatchObject({ domain: 'threads.net', account: 'demo@social.example', followingCount: 3, followersCount: 2 });
    expect(view.groups[0]?.following.map((person) => person.displayName)).toEqual(['Bob', 'Adam', 'Mark']);
    expect(view.groups[0]?.followers.map((person) => person.acct)).toEqual(['bob@threads.net', 'jo_writes@threads.net']);
    for (const type of ['hedge/page-block-confirmation', 'hedge/confirm-page-block', 'hedge/cancel-page-block'] as const) {
      expect(await answer({ type, planId }, { isContentScript: true, origin: mastodon.url })).toMatchObject({ ok: false, error: { kind: 'denied' } });
    }
    expect(await send<RunSummary[]>({ type: 'hedge/list-runs' })).toEqual([]);

    expect(await send<BlockFromPageResult>({ type: 'hedge/confirm-page-block', planId })).toMatchObject({ outcome: 'queued', message: 'Hedge is blocking threads.net.' });
    await runsDone(1);
    expect(mastodon.state.domainBlocks()).toContain('threads.net');
    // Answered: a second Confirm finds nothing to run.
    expect(await answer({ type: 'hedge/confirm-page-block', planId })).toMatchObject({ ok: false, error: { kind: 'not-found' } });
  });

  it('asks again, never confirms, when the page sends the same request again: the earlier window closes', async () => {
    const { mastodon, send, answer, fromPage } = await signedIn();
    const create = vi.spyOn(fakeBrowser.windows, 'create');
    const remove = vi.spyOn(fakeBrowser.windows, 'remove');
    expect((await fromPage('threads.net')).outcome).toBe('needs-confirmation');
    expect((await fromPage('threads.net')).outcome).toBe('needs-confirmation');
    expect(create).toHaveBeenCalledTimes(2);
    const [first, second] = await Promise.all(create.mock.results.map((result) => result.value as Promise<{ id: number }>));
    expect(remove).toHaveBeenCalledWith(first?.id);
    const planOf = (index: number) => new URL(create.mock.calls[index]?.[0]?.url as string).searchParams.get('plan') ?? '';
    expect(await answer({ type: 'hedge/confirm-page-block', planId: planOf(0) })).toMatchObject({ ok: false, error: { kind: 'not-found' } });
    expect(await send<RunSummary[]>({ type: 'hedge/list-runs' })).toEqual([]);
    expect(mastodon.state.domainBlocks()).not.toContain('threads.net');
    expect(second?.id).not.toBe(first?.id);
  });

  it.each([
    ['Cancel', async (planId: string, send: <T>(intent: Intent) => Promise<T>) => void (await send({ type: 'hedge/cancel-page-block', planId }))],
    ['closing the window', async () => void (await fakeBrowser.windows.remove((await fakeBrowser.windows.getAll()).at(-1)?.id ?? -1))],
  ])('%s discards the block: nothing is sent', async (_name, close) => {
    const { mastodon, send, answer, fromPage } = await signedIn();
    const create = vi.spyOn(fakeBrowser.windows, 'create');
    expect((await fromPage('mastodon.social')).outcome).toBe('needs-confirmation');
    const planId = new URL(create.mock.calls[0]?.[0]?.url as string).searchParams.get('plan') ?? '';
    await close(planId, send);
    await vi.waitFor(async () =>
      expect(await answer({ type: 'hedge/page-block-confirmation', planId })).toMatchObject({ ok: false, error: { kind: 'not-found' } }),
    );
    expect(await answer({ type: 'hedge/confirm-page-block', planId })).toMatchObject({ ok: false, error: { kind: 'not-found' } });
    expect(await send<RunSummary[]>({ type: 'hedge/list-runs' })).toEqual([]);
    expect(mastodon.state.requests.filter((request) => request.path === '/api/v1/domain_blocks' && request.method !== 'GET')).toEqual([]);
  });

  it('refuses Confirm in words while another browser applies a run to the account, and confirms once it has ended', async () => {
    const { mastodon, account, send, answer, fromPage, runsDone } = await signedIn();
    const create = vi.spyOn(fakeBrowser.windows, 'create');
    expect((await fromPage('threads.net')).outcome).toBe('needs-confirmation');
    const planId = new URL(create.mock.calls[0]?.[0]?.url as string).searchParams.get('plan') ?? '';
    const claim = `run/${fnv1a(account.key).toString(36)}`;
    await fakeBrowser.storage.sync.set({ [claim]: { by: 'the other browser', at: Date.now() } });
    expect(await answer({ type: 'hedge/confirm-page-block', planId })).toMatchObject({
      ok: false,
      error: { kind: 'busy', message: expect.stringContaining('Another browser signed in to this account is applying changes') },
    });
    expect(mastodon.state.domainBlocks()).not.toContain('threads.net');
    await fakeBrowser.storage.sync.remove(claim);
    expect(await send<BlockFromPageResult>({ type: 'hedge/confirm-page-block', planId })).toMatchObject({ outcome: 'queued' });
    await runsDone(1);
    expect(mastodon.state.domainBlocks()).toContain('threads.net');
  });
});
