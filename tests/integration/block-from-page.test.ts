/**
 * "Block domain with Hedge" from a Mastodon page, against the local Mastodon: a block that cuts
 * nobody runs at the click; one that cuts follows is answered with its impact first, changes nothing,
 * and runs on the same request again within two minutes.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startFakeMastodon, type FakeMastodon } from '../fake-mastodon/index';
import { getAccount } from '../../utils/db/accounts';
import { handleIntent, type HandlerContext, type IntentSender } from '../../utils/background/handlers';
import { blockFromPage } from '../../utils/background/page-block';
import { accountRunEnvironment } from '../../utils/background/run-environment';
import { configureRuns } from '../../utils/background/runs/environment';
import type { AccountView, BlockFromPageResult, Intent, Reply, RunSummary } from '../../utils/protocol';
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
  return { mastodon, account, send, fromPage, runsDone, broadcasts: () => broadcasts };
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

  it('names the follows a block cuts, changes nothing, and blocks on the second request', async () => {
    const { mastodon, send, fromPage, runsDone, broadcasts } = await signedIn();
    const broadcastsBefore = broadcasts();
    expect(await fromPage('threads.net')).toEqual({
      domain: 'threads.net',
      outcome: 'needs-confirmation',
      message:
        'Blocking threads.net removes 3 accounts you follow and 2 followers; Hedge saves them first. Confirm to block. ' +
        'You follow Bob (@bob@threads.net), Adam (@mosseri@threads.net), and Mark (@zuck@threads.net). ' +
        'Following you: Bob (@bob@threads.net) and Jo Writes (@jo_writes@threads.net).',
    });
    expect(mastodon.state.domainBlocks()).not.toContain('threads.net');
    expect(await send<RunSummary[]>({ type: 'hedge/list-runs' })).toEqual([]);
    expect(broadcasts()).toBe(broadcastsBefore);

    expect(await fromPage('threads.net')).toMatchObject({ outcome: 'queued', message: 'Hedge is blocking threads.net.' });
    await runsDone(1);
    expect(mastodon.state.domainBlocks()).toContain('threads.net');
  });

  it('asks again when the confirmation comes more than two minutes later', async () => {
    const { account, mastodon } = await signedIn();
    const stored = await getAccount(account.key);
    if (!stored) throw new Error('no stored account');
    const start = Date.now();
    expect((await blockFromPage(stored, 'mastodon.social', start)).outcome).toBe('needs-confirmation');
    expect((await blockFromPage(stored, 'mastodon.social', start + 2 * 60_000 + 1)).outcome).toBe('needs-confirmation');
    expect(mastodon.state.domainBlocks()).not.toContain('mastodon.social');
    expect((await blockFromPage(stored, 'mastodon.social', start + 2 * 60_000 + 2)).outcome).toBe('queued');
  });
});
