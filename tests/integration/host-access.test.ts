/**
 * Host access is given back once nothing uses it: unsubscribing from the last
 * list on a host, signing out of the last account on an instance. A host still
 * used by another account or list keeps its access (match patterns leave the
 * port out, so two local servers share one grant), and origins the manifest
 * requires (the end-to-end build's) are left alone without an error.
 *
 * The browser's permissions API is modelled on Chrome's: `remove` of a
 * required origin rejects ("You cannot remove required permissions").
 */
import 'fake-indexeddb/auto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { registerAccountDataCleaner } from '../../utils/background/account-data';
import { handleIntent, type HandlerContext } from '../../utils/background/handlers';
import { accountRunEnvironment } from '../../utils/background/run-environment';
import { configureRuns } from '../../utils/background/runs/environment';
import { deleteAccountSubscriptions } from '../../utils/background/lists/remove-subscription';
import type { AccountView, Intent, PlanPreview, Reply, SubscriptionView } from '../../utils/protocol';
import { startFakeMastodon, type FakeMastodon } from '../fake-mastodon/index';
import { installFakeScripting, testEnvironment, type ConsentChoice } from './oauth-helpers';
import { fixture } from './subscriptions-helpers';

const INSTANCE = 'http://127.0.0.1/*';
const LIST_HOST = 'http://localhost/*';

/** Chrome's permissions API over a set of granted patterns; `required` are the manifest's host_permissions. */
function installPermissions(granted: string[], required: string[] = []) {
  const held = new Set(granted);
  const removeCalls: string[][] = [];
  vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation((async ({ origins = [] }: { origins?: string[] }) =>
    origins.every((origin) => held.has(origin))) as typeof fakeBrowser.permissions.contains);
  vi.spyOn(fakeBrowser.permissions, 'remove').mockImplementation((async ({ origins = [] }: { origins?: string[] }) => {
    removeCalls.push(origins);
    if (origins.some((origin) => required.includes(origin))) throw new Error('You cannot remove required permissions.');
    for (const origin of origins) held.delete(origin);
    return true;
  }) as typeof fakeBrowser.permissions.remove);
  vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({ manifest_version: 3, name: 'Hedge', version: '1.0.0', host_permissions: required });
  return { held, removeCalls };
}

let servers: FakeMastodon[] = [];
let listHost: Server | undefined;
let listHostUrl = '';

beforeEach(async () => {
  fakeBrowser.reset();
  installFakeScripting();
  // As the background's main() does (utils/background/refresh.ts registerRefreshListeners).
  registerAccountDataCleaner(deleteAccountSubscriptions);
  configureRuns(accountRunEnvironment());
  // A list host apart from the instance: `localhost` is another match pattern than `127.0.0.1`.
  listHost = createServer((_request, response) => void response.writeHead(200, { 'Content-Type': 'text/plain' }).end(fixture('gardenfence.txt')));
  await new Promise<void>((resolve) => listHost?.listen(0, resolve));
  listHostUrl = `http://localhost:${(listHost.address() as AddressInfo).port}`;
});

afterEach(async () => {
  vi.restoreAllMocks();
  for (const server of servers) await server.close();
  servers = [];
  listHost?.closeAllConnections();
  await new Promise<void>((resolve) => (listHost ? listHost.close(() => resolve()) : resolve()));
});

function background(choice: ConsentChoice = 'authorize') {
  const env = testEnvironment({ choice });
  return async <T>(intent: Intent): Promise<T> => {
    const context: HandlerContext = { env, sender: { isContentScript: false }, onStateChanged: async () => undefined };
    const reply = JSON.parse(JSON.stringify(await handleIntent(intent, context))) as Reply<T>;
    if (!reply.ok) throw new Error(`${intent.type} failed: ${reply.error.message}`);
    return reply.value;
  };
}

async function signedIn(send: ReturnType<typeof background>): Promise<{ mastodon: FakeMastodon; account: AccountView }> {
  const mastodon = await startFakeMastodon({ version: '4.3', autoApprove: true, seed: 'empty' });
  servers.push(mastodon);
  return { mastodon, account: await send<AccountView>({ type: 'hedge/sign-in', instance: mastodon.url }) };
}

async function subscribe(send: ReturnType<typeof background>, url: string): Promise<SubscriptionView> {
  return send<SubscriptionView>({ type: 'hedge/subscription-add', source: { kind: 'url', url } });
}

describe('giving host access back', () => {
  it('unsubscribing from the last list on a host gives that host back and keeps the instance', async () => {
    const { held } = installPermissions([INSTANCE, LIST_HOST]);
    const send = background();
    await signedIn(send);
    const list = await subscribe(send, `${listHostUrl}/gardenfence.txt`);
    const plan = await send<PlanPreview>({ type: 'hedge/subscription-remove', subscriptionId: list.id });
    expect(plan.remove).toEqual([]);
    expect([...held]).toEqual([INSTANCE]);
  });

  it('a list on the instance’s own host keeps its access while the account is signed in', async () => {
    const { held, removeCalls } = installPermissions([INSTANCE]);
    const send = background();
    const { mastodon } = await signedIn(send);
    const list = await subscribe(send, `${mastodon.url}/lists/gardenfence.txt`);
    await send({ type: 'hedge/subscription-remove', subscriptionId: list.id });
    expect([...held]).toEqual([INSTANCE]);
    expect(removeCalls).toEqual([]);
  });

  it('another account’s list on the same host keeps its access', async () => {
    const { held } = installPermissions([INSTANCE, LIST_HOST]);
    const send = background();
    const first = await signedIn(send);
    const mine = await subscribe(send, `${listHostUrl}/gardenfence.txt`);
    const second = await signedIn(send);
    await subscribe(send, `${listHostUrl}/gardenfence.txt?copy=2`);
    await send({ type: 'hedge/switch-account', accountKey: first.account.key });
    await send({ type: 'hedge/subscription-remove', subscriptionId: mine.id });
    expect([...held].sort()).toEqual([INSTANCE, LIST_HOST].sort());
    await send({ type: 'hedge/sign-out', accountKey: second.account.key });
    expect([...held]).toEqual([INSTANCE]);
  });

  it('signing out of the last account on an instance gives back the instance and its lists’ hosts', async () => {
    const { held } = installPermissions([INSTANCE, LIST_HOST]);
    const send = background();
    const { account } = await signedIn(send);
    await subscribe(send, `${listHostUrl}/gardenfence.txt`);
    await send({ type: 'hedge/sign-out', accountKey: account.key });
    expect([...held]).toEqual([]);
  });

  it('two instances on one host (ports differ) share the grant: it stays until both are signed out', async () => {
    const { held } = installPermissions([INSTANCE]);
    const send = background();
    const first = await signedIn(send);
    const second = await signedIn(send);
    await send({ type: 'hedge/sign-out', accountKey: first.account.key });
    expect([...held]).toEqual([INSTANCE]);
    await send({ type: 'hedge/sign-out', accountKey: second.account.key });
    expect([...held]).toEqual([]);
  });

  it('origins the manifest requires (the end-to-end build) are left alone, with the reason logged', async () => {
    const { held, removeCalls } = installPermissions([INSTANCE, LIST_HOST], [INSTANCE, LIST_HOST]);
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    const send = background();
    const { account } = await signedIn(send);
    await subscribe(send, `${listHostUrl}/gardenfence.txt`);
    await send({ type: 'hedge/sign-out', accountKey: account.key });
    expect(removeCalls).toEqual([]);
    expect([...held].sort()).toEqual([INSTANCE, LIST_HOST].sort());
    expect(info.mock.calls.map(([message]) => String(message))).toEqual(
      expect.arrayContaining([expect.stringMatching(/keeps access to http:\/\/127\.0\.0\.1\/\*.*requires it/)]),
    );
  });
});

describe('a failed attempt gives back the access it asked for', () => {
  /** A Mastodon whose consent page waits for the user's choice (here: Deny). */
  async function mastodon(): Promise<FakeMastodon> {
    const server = await startFakeMastodon({ version: '4.3', autoApprove: false, seed: 'empty' });
    servers.push(server);
    return server;
  }

  it('a sign-in the user cancels on the consent page gives back the instance’s origin', async () => {
    const { held } = installPermissions([INSTANCE]);
    const server = await mastodon();
    await expect(background('deny')({ type: 'hedge/sign-in', instance: server.url })).rejects.toThrow(/sign-in failed/);
    expect([...held]).toEqual([]);
  });

  it('a failed sign-in keeps the origin while another account is signed in there', async () => {
    const { held, removeCalls } = installPermissions([INSTANCE]);
    await signedIn(background());
    const server = await mastodon();
    await expect(background('deny')({ type: 'hedge/sign-in', instance: server.url })).rejects.toThrow(/sign-in failed/);
    expect([...held]).toEqual([INSTANCE]);
    expect(removeCalls).toEqual([]);
  });

  it('a list that could not be subscribed gives back its host', async () => {
    const { held } = installPermissions([INSTANCE, LIST_HOST]);
    const send = background();
    await signedIn(send);
    listHost?.removeAllListeners('request');
    listHost?.on('request', (_request, response) => void response.writeHead(404).end());
    await expect(subscribe(send, `${listHostUrl}/missing.txt`)).rejects.toThrow(/subscription-add failed/);
    expect([...held]).toEqual([INSTANCE]);
  });

  it('a FIRES dataset that could not be subscribed gives back its server', async () => {
    const { held } = installPermissions([INSTANCE, LIST_HOST]);
    const send = background();
    await signedIn(send);
    listHost?.removeAllListeners('request');
    listHost?.on('request', (_request, response) => void response.writeHead(404).end());
    await expect(
      send({ type: 'hedge/subscription-add', source: { kind: 'fires', serverUrl: listHostUrl, datasetId: 'none' } }),
    ).rejects.toThrow(/subscription-add failed/);
    expect([...held]).toEqual([INSTANCE]);
  });

  it('a failed list keeps its host while another subscription, or the instance, uses it', async () => {
    const { held, removeCalls } = installPermissions([INSTANCE, LIST_HOST]);
    const send = background();
    const { mastodon: server } = await signedIn(send);
    await subscribe(send, `${listHostUrl}/gardenfence.txt`);
    listHost?.removeAllListeners('request');
    listHost?.on('request', (_request, response) => void response.writeHead(404).end());
    await expect(subscribe(send, `${listHostUrl}/missing.txt`)).rejects.toThrow(/subscription-add failed/);
    await expect(subscribe(send, `${server.url}/lists/missing.txt`)).rejects.toThrow(/subscription-add failed/);
    expect([...held].sort()).toEqual([INSTANCE, LIST_HOST].sort());
    expect(removeCalls).toEqual([]);
  });
});
