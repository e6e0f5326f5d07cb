/**
 * Marking a GoToSocial server's own pages with an account's lists (utils/background/marked-sites.ts):
 * the checks before a server is marked, the GoToSocial content script's registration, the verdicts
 * its pages get (and nothing else), and what removing the server or signing out undoes.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startFakeMastodon, type FakeMastodon } from '../fake-mastodon/index';
import type { AccountView, HedgeState, MarkedSiteView, VerdictSnapshotReply } from '../../utils/protocol';
import type { IntentSender } from '../../utils/background/handlers';
import type { VerdictSnapshot } from '../../utils/core/verdict-snapshot';
import { backgroundFor, resetBackground, type TestBackground } from './confirm-harness';
import { installFakeScripting, testEnvironment } from './oauth-helpers';
import { saveAccount, type StoredAccount } from '../../utils/db/accounts';
import { setAccessToken } from '../../utils/db/secrets';

let servers: FakeMastodon[] = [];
let registered: ReturnType<typeof installFakeScripting>;
/** Host patterns granted; Chrome's API over them. */
let held: Set<string>;

beforeEach(() => {
  resetBackground();
  registered = installFakeScripting();
  held = new Set(['http://127.0.0.1/*', 'http://localhost/*']);
  vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation((async ({ origins = [] }: { origins?: string[] }) =>
    origins.every((origin) => held.has(origin))) as typeof fakeBrowser.permissions.contains);
  vi.spyOn(fakeBrowser.permissions, 'remove').mockImplementation((async ({ origins = [] }: { origins?: string[] }) => {
    for (const origin of origins) held.delete(origin);
    return true;
  }) as typeof fakeBrowser.permissions.remove);
  // The store build's manifest: no required host access.
  (fakeBrowser.runtime as unknown as Record<string, unknown>).getManifest = () => ({ manifest_version: 3, host_permissions: [] });
});
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
  vi.restoreAllMocks();
});

async function start(options: Parameters<typeof startFakeMastodon>[0] = {}): Promise<FakeMastodon> {
  const server = await startFakeMastodon({ autoApprove: true, ...options });
  servers.push(server);
  return server;
}

/** The GoToSocial server at `localhost`, so that its host access is its own (the Mastodon's is 127.0.0.1's). */
async function startGotosocial(): Promise<{ server: FakeMastodon; origin: string }> {
  const server = await start({ software: 'gotosocial' });
  return { server, origin: server.url.replace('127.0.0.1', 'localhost') };
}

async function signedInWorld(): Promise<{ background: TestBackground; account: AccountView; mastodon: FakeMastodon }> {
  const mastodon = await start();
  const background = backgroundFor(testEnvironment());
  const account = await background.value<AccountView>({ type: 'hedge/sign-in', instance: mastodon.url });
  return { background, account, mastodon };
}

const tabOn = (origin: string): IntentSender => ({ isContentScript: true, origin });

describe('marking a GoToSocial server’s pages', () => {
  it('checks the server, registers the GoToSocial content script for it alone, and answers its pages with the account’s verdicts', async () => {
    const { background, account, mastodon } = await signedInWorld();
    const { origin } = await startGotosocial();
    await background.value({ type: 'hedge/manual-entry', domain: 'threads.net', list: 'always-block', action: 'add' });
    await background.value({ type: 'hedge/own-limit', domain: 'noisy.social', action: 'add' });

    const site = await background.value<MarkedSiteView>({ type: 'hedge/add-marked-site', address: origin, accountKey: account.key });
    expect(site).toMatchObject({ origin, host: new URL(origin).hostname, accountKey: account.key });
    expect(registered.get(`hedge-gotosocial:${origin}`)).toEqual({ matches: ['http://localhost/*'], js: ['content-scripts/gotosocial.js'], persistAcrossSessions: true });
    expect(registered.has(`hedge-mastodon:${mastodon.url}`)).toBe(true);
    expect((await background.value<HedgeState>({ type: 'hedge/get-state' })).markedSites).toEqual([{ ...site, hasAccess: true }]);

    const reply = await background.value<VerdictSnapshotReply>({ type: 'hedge/get-site-verdicts' }, tabOn(origin));
    expect(reply.origin).toBe(origin);
    const snapshot = reply.snapshot as VerdictSnapshot;
    // By verdict alone: the page is a third party's, and its scripts can read what is drawn on it.
    expect(snapshot.exact['threads.net']).toEqual(['b', '']);
    expect(snapshot.exact['noisy.social']).toEqual(['m', '']);
    expect(Object.values(snapshot.exact).every(([, reason]) => reason === '')).toBe(true);
    // The account's own server's blocks are another server's: none on these pages.
    expect(snapshot.server).toEqual({});
    expect(snapshot.serverDigests).toEqual({});
  });

  it('gives the GoToSocial page nothing else: no Mastodon verdicts, no actions, no settings', async () => {
    const { background, account, mastodon } = await signedInWorld();
    const { origin } = await startGotosocial();
    await background.value({ type: 'hedge/add-marked-site', address: origin, accountKey: account.key });
    const refusals = await Promise.all([
      background.send({ type: 'hedge/get-verdict-snapshot' }, tabOn(origin)),
      background.send({ type: 'hedge/block-domain-from-page', domain: 'threads.net' }, tabOn(origin)),
      background.send({ type: 'hedge/limit-domain-from-page', domain: 'threads.net' }, tabOn(origin)),
      background.send({ type: 'hedge/subscribe-from-page', url: 'https://lists.example/list.csv' }, tabOn(origin)),
      background.send({ type: 'hedge/remove-marked-site', origin }, tabOn(origin)),
      background.send({ type: 'hedge/add-marked-site', address: origin, accountKey: account.key }, tabOn(origin)),
    ]);
    expect(refusals.map((reply) => (reply.ok ? 'ok' : reply.error.kind))).toEqual(['not-signed-in', 'not-signed-in', 'not-signed-in', 'not-signed-in', 'denied', 'denied']);
    // And a Mastodon tab does not get a marked server's verdicts under that intent either.
    const mastodonTab = await background.send({ type: 'hedge/get-site-verdicts' }, tabOn(mastodon.url));
    expect(mastodonTab.ok ? 'ok' : mastodonTab.error).toMatchObject({ kind: 'not-signed-in', message: "Hedge does not mark this server's pages." });
  });

  it.each([
    ['an address that does not read', () => 'not a server!', 'invalid-input', /not a server/],
    ['plain http to a public host', () => 'http://gts.example', 'invalid-input', /https/],
  ])('refuses %s in words, before any request', async (_name, address, kind, message) => {
    const { background, account } = await signedInWorld();
    const reply = await background.send({ type: 'hedge/add-marked-site', address: address(), accountKey: account.key });
    expect(reply.ok ? 'ok' : reply.error).toMatchObject({ kind, message: expect.stringMatching(message) });
    expect([...registered.keys()].filter((id) => id.startsWith('hedge-gotosocial:'))).toEqual([]);
  });

  it('refuses a server that does not run GoToSocial, and gives its access back', async () => {
    const { background, account } = await signedInWorld();
    const akkoma = await start({ software: 'akkoma' });
    const origin = akkoma.url.replace('127.0.0.1', 'localhost');
    const reply = await background.send({ type: 'hedge/add-marked-site', address: origin, accountKey: account.key });
    expect(reply.ok ? 'ok' : reply.error).toMatchObject({
      kind: 'invalid-input',
      message: `${new URL(origin).hostname} does not run GoToSocial. Sign in to it with Hedge instead: its pages are then marked with that account's lists.`,
    });
    expect(held.has('http://localhost/*')).toBe(false);
    expect((await background.value<HedgeState>({ type: 'hedge/get-state' })).markedSites).toBeUndefined();
  });

  it('refuses the server an account is signed in to, an account that is not signed in, and a server it may not read', async () => {
    const { background, account, mastodon } = await signedInWorld();
    const { origin } = await startGotosocial();
    const signedInThere = await background.send({ type: 'hedge/add-marked-site', address: mastodon.url, accountKey: account.key });
    expect(signedInThere.ok ? 'ok' : signedInThere.error.message).toBe(`You are signed in to ${new URL(mastodon.url).hostname} with Hedge: its pages are marked already.`);
    const noAccount = await background.send({ type: 'hedge/add-marked-site', address: origin, accountKey: 'https://elsewhere.example#1' });
    expect(noAccount.ok ? 'ok' : noAccount.error.kind).toBe('not-found');
    const withoutAccess = backgroundFor(testEnvironment({ isPermitted: false }));
    const refused = await withoutAccess.send({ type: 'hedge/add-marked-site', address: origin, accountKey: account.key });
    expect(refused.ok ? 'ok' : refused.error).toMatchObject({ kind: 'permission-missing', message: expect.stringContaining(new URL(origin).hostname) });
  });

  it('stops marking: the registration goes, the open pages are told, and the access no one uses is given back', async () => {
    const { background, account } = await signedInWorld();
    const { origin } = await startGotosocial();
    await background.value({ type: 'hedge/add-marked-site', address: origin, accountKey: account.key });
    const told: unknown[] = [];
    // As in the browser: without host access to a tab's page, a query by its address no longer finds it.
    (fakeBrowser.tabs as unknown as Record<string, unknown>).query = async ({ url }: { url: string }) => (held.has(url) ? [{ id: 7, url: `${origin}/@demo` }] : []);
    (fakeBrowser.tabs as unknown as Record<string, unknown>).sendMessage = async (_tab: number, message: unknown) => void told.push(message);

    await background.value({ type: 'hedge/remove-marked-site', origin });
    expect(registered.has(`hedge-gotosocial:${origin}`)).toBe(false);
    expect(told).toEqual([{ type: 'hedge/signed-out', origin }]);
    expect(held.has('http://localhost/*')).toBe(false);
    expect(held.has('http://127.0.0.1/*')).toBe(true);
    const gone = await background.send({ type: 'hedge/get-site-verdicts' }, tabOn(origin));
    expect(gone.ok).toBe(false);
  });

  it('signing out of the account stops marking the servers marked with its lists', async () => {
    const { background, account } = await signedInWorld();
    const { origin } = await startGotosocial();
    await background.value({ type: 'hedge/add-marked-site', address: origin, accountKey: account.key });
    await background.value({ type: 'hedge/sign-out', accountKey: account.key });
    expect([...registered.keys()]).toEqual([]);
    expect(held.has('http://localhost/*')).toBe(false);
    const state = await background.value<HedgeState>({ type: 'hedge/get-state' });
    expect(state.markedSites).toBeUndefined();
  });

  it('a server an account was signed in to before Hedge refused GoToSocial can be marked', async () => {
    const { background, account } = await signedInWorld();
    const { origin } = await startGotosocial();
    const older: StoredAccount = { key: `${origin}#1`, origin, accountId: '1', acct: 'demo', displayName: 'Demo', avatarUrl: '', localDomain: 'social.example', serverVersion: '0.20.0', apiVersion: 0, status: 'active', signedInAt: 0 };
    await saveAccount(older);
    await setAccessToken(older.key, 'old-token');
    const site = await background.value<MarkedSiteView>({ type: 'hedge/add-marked-site', address: origin, accountKey: account.key });
    expect(site.origin).toBe(origin);
  });

  it('says when the browser took the access back, and keeps the server listed', async () => {
    const { background, account } = await signedInWorld();
    const { origin } = await startGotosocial();
    await background.value({ type: 'hedge/add-marked-site', address: origin, accountKey: account.key });
    held.delete('http://localhost/*');
    const state = await background.value<HedgeState>({ type: 'hedge/get-state' });
    expect(state.markedSites?.map((site) => [site.origin, site.hasAccess])).toEqual([[origin, false]]);
  });

  it('signing out of the Mastodon account on the same host keeps the access the marked server uses', async () => {
    const { background, account } = await signedInWorld();
    const gotosocial = await start({ software: 'gotosocial' });
    const second = await start({ version: '4.3' });
    const other = await background.value<AccountView>({ type: 'hedge/sign-in', instance: second.url.replace('127.0.0.1', 'localhost') });
    const origin = gotosocial.url.replace('127.0.0.1', 'localhost');
    await background.value({ type: 'hedge/add-marked-site', address: origin, accountKey: account.key });
    await background.value({ type: 'hedge/sign-out', accountKey: other.key });
    expect(held.has('http://localhost/*')).toBe(true);
    expect(registered.has(`hedge-gotosocial:${origin}`)).toBe(true);
  });

  it('marking the same server again with another account replaces the first', async () => {
    const { background, account } = await signedInWorld();
    const { origin } = await startGotosocial();
    const second = await start({ version: '4.3' });
    const other = await background.value<AccountView>({ type: 'hedge/sign-in', instance: second.url.replace('127.0.0.1', 'localhost') });
    await background.value({ type: 'hedge/add-marked-site', address: origin, accountKey: account.key });
    await background.value({ type: 'hedge/add-marked-site', address: origin, accountKey: other.key });
    const state = await background.value<HedgeState>({ type: 'hedge/get-state' });
    expect(state.markedSites?.map((site) => site.accountKey)).toEqual([other.key]);
    expect([...registered.keys()].filter((id) => id.startsWith('hedge-gotosocial:'))).toEqual([`hedge-gotosocial:${origin}`]);
  });
});
