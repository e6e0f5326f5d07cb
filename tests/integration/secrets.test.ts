/**
 * Access tokens and OAuth client secrets live in the extension's IndexedDB
 * (utils/db/secrets.ts), never in `storage.local`, which Firefox lets content
 * scripts read. Sign-in against the local fake Mastodon, sign-out, a lost
 * token, and the move of tokens that an earlier version kept in
 * `storage.local`.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startFakeMastodon, type FakeMastodon, type MastodonVersion } from '../fake-mastodon/index';
import { accountKeyOf, getAccount, saveAccount, type StoredAccount } from '../../utils/db/accounts';
import { storedOAuthApps } from '../../utils/background/oauth-app-store';
import { connectAccount } from '../../utils/background/session';
import { signInToInstance, signOutAccount } from '../../utils/background/sign-in';
import { deleteAccountData } from '../../utils/db/account-data';
import { closeHedgeDb } from '../../utils/db/schema';
import { getAccessToken, getClientSecret, setAccessToken } from '../../utils/db/secrets';
import { MastodonError } from '../../utils/mastodon/errors';
import { REDIRECT_URI, installFakeScripting, testEnvironment } from './oauth-helpers';

const VERSIONS: MastodonVersion[] = ['4.2', '4.3', '4.4'];

/** Anything in storage that names or holds a secret. */
const SECRET_KEY_NAMES = /"token"|"accessToken"|"access_token"|"clientSecret"|"client_secret"/;

let server: FakeMastodon | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
beforeEach(async () => {
  fakeBrowser.reset();
  installFakeScripting();
  await closeHedgeDb();
  globalThis.indexedDB = new IDBFactory();
});

/** Everything `storage.local` holds, as one text. */
async function localStorageText(browser: typeof fakeBrowser = fakeBrowser): Promise<string> {
  return JSON.stringify(await browser.storage.local.get(null));
}

function storedAccount(origin: string, accountId: string): StoredAccount {
  return {
    key: accountKeyOf(origin, accountId),
    origin,
    accountId,
    acct: `user${accountId}`,
    displayName: `User ${accountId}`,
    avatarUrl: `${origin}/avatars/${accountId}.png`,
    localDomain: new URL(origin).hostname,
    serverVersion: '4.3.2',
    apiVersion: 2,
    status: 'active',
    signedInAt: 1_700_000_000_000,
  };
}

describe.each(VERSIONS)('secrets after signing in to Mastodon %s', (version) => {
  it('storage.local holds the account but no token and no client secret; IndexedDB holds both, and they work', async () => {
    server = await startFakeMastodon({ version, autoApprove: true });
    const env = testEnvironment({ apps: storedOAuthApps });
    const account = await signInToInstance(server.url, env);

    const token = await getAccessToken(account.key);
    const clientSecret = await getClientSecret(`${server.url} ${REDIRECT_URI}`);
    expect(token).toMatch(/^\S{16,}$/);
    expect(clientSecret).toMatch(/^\S{16,}$/);

    const text = await localStorageText();
    expect(text).toContain('"acct":"demo"');
    expect(text).not.toContain(token);
    expect(text).not.toContain(clientSecret);
    expect(text).not.toMatch(SECRET_KEY_NAMES);

    const check = await fetch(`${server.url}/api/v1/accounts/verify_credentials`, { headers: { Authorization: `Bearer ${token}` } });
    expect(check.status).toBe(200);

    // The cached app, put together from both stores, is used again: no second registration.
    await signInToInstance(server.url, env);
    expect(server.state.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/apps')).toHaveLength(1);
    expect(await localStorageText()).not.toMatch(SECRET_KEY_NAMES);
  });

  it('signing out revokes the token and deletes it here; the app stays cached for the next sign-in', async () => {
    server = await startFakeMastodon({ version, autoApprove: true });
    const env = testEnvironment({ apps: storedOAuthApps });
    const account = await signInToInstance(server.url, env);
    const token = await getAccessToken(account.key);

    const outcome = await signOutAccount(account.key, env);
    expect(outcome.revokeFailed).toBeNull();
    expect(await getAccessToken(account.key)).toBeNull();
    const check = await fetch(`${server.url}/api/v1/accounts/verify_credentials`, { headers: { Authorization: `Bearer ${token}` } });
    expect(check.status).toBe(401);
    expect(await getClientSecret(`${server.url} ${REDIRECT_URI}`)).not.toBeNull();
    expect(await localStorageText()).not.toMatch(SECRET_KEY_NAMES);
  });
});

describe('a token that is gone', () => {
  it('an account without a token is marked signed out and asked to sign in again, in words', async () => {
    const account = storedAccount('https://mastodon.social', '109302');
    await saveAccount(account);
    const error = await connectAccount(account).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MastodonError);
    expect(error).toMatchObject({ kind: 'unauthorized', message: expect.stringMatching(/mastodon\.social.*Sign in again/) });
    expect((await getAccount(account.key))?.status).toBe('signed-out-by-server');
  });

  it('deleting an account’s data deletes its token and no one else’s', async () => {
    const alice = storedAccount('https://mastodon.social', '1');
    const bob = storedAccount('https://hachyderm.io', '2');
    await setAccessToken(alice.key, 'alice-token-0123456789');
    await setAccessToken(bob.key, 'bob-token-0123456789');
    await deleteAccountData(alice.key);
    expect(await getAccessToken(alice.key)).toBeNull();
    expect(await getAccessToken(bob.key)).toBe('bob-token-0123456789');
  });

  it('a sign-in that cannot store its account leaves no token behind', async () => {
    server = await startFakeMastodon({ version: '4.3', autoApprove: true });
    const set = vi.spyOn(fakeBrowser.storage.local, 'set').mockRejectedValueOnce(new Error('QUOTA_BYTES quota exceeded'));
    try {
      await expect(signInToInstance(server.url, testEnvironment())).rejects.toThrow(/quota/);
    } finally {
      set.mockRestore();
    }
    const key = accountKeyOf(server.url, server.demoAccountId);
    expect(await getAccount(key)).toBeNull();
    expect(await getAccessToken(key)).toBeNull();
  });
});

/** What an earlier version of Hedge left in `storage.local`: accounts with tokens, apps with client secrets. */
interface LegacyStorage {
  accounts: { accounts: Array<StoredAccount & { token: string }>; activeKey: string | null };
  oauthApps: Record<string, { clientId: string; clientSecret: string; registeredAt: number }>;
}

/** Loads the background's modules again, as a new start of the service worker does. */
async function startAgain() {
  vi.resetModules();
  const browserModule = await import('wxt/testing/fake-browser');
  const accounts = await import('../../utils/db/accounts');
  const apps = await import('../../utils/background/oauth-app-store');
  const secrets = await import('../../utils/db/secrets');
  const session = await import('../../utils/background/session');
  return { fakeBrowser: browserModule.fakeBrowser, accounts, apps: apps.storedOAuthApps, secrets, session };
}

describe('tokens an earlier version kept in storage.local', () => {
  const cases: Array<{ name: string; legacy: (mastodon: FakeMastodon) => LegacyStorage }> = [
    {
      name: 'two accounts on two servers and their apps',
      legacy: (mastodon) => {
        const demo = { ...storedAccount(mastodon.url, mastodon.demoAccountId), token: mastodon.demoToken };
        const other = { ...storedAccount('https://hachyderm.io', '42'), token: 'hachyderm-token-0123456789abcdef' };
        return {
          accounts: { accounts: [demo, other], activeKey: demo.key },
          oauthApps: {
            [`${mastodon.url} ${REDIRECT_URI}`]: { clientId: 'demo-client', clientSecret: 'demo-client-secret-0123456789', registeredAt: 1 },
            [`https://hachyderm.io ${REDIRECT_URI}`]: { clientId: 'h-client', clientSecret: 'hachyderm-secret-0123456789', registeredAt: 2 },
          },
        };
      },
    },
    {
      name: 'one account signed out by its server, no app',
      legacy: (mastodon) => ({
        accounts: {
          accounts: [{ ...storedAccount(mastodon.url, mastodon.demoAccountId), status: 'signed-out-by-server', token: mastodon.demoToken }],
          activeKey: accountKeyOf(mastodon.url, mastodon.demoAccountId),
        },
        oauthApps: {},
      }),
    },
  ];

  it.each(cases)('moves them to IndexedDB at the first start and leaves none in storage.local: $name', async ({ legacy }) => {
    server = await startFakeMastodon({ version: '4.3' });
    const before = legacy(server);
    const background = await (async () => {
      const first = await startAgain();
      await first.fakeBrowser.storage.local.set(before);
      return startAgain();
    })();

    const state = await background.accounts.getAccountsState();
    expect(state).toEqual({
      activeKey: before.accounts.activeKey,
      accounts: before.accounts.accounts.map(({ token: _token, ...account }) => account),
    });
    for (const { key, token } of before.accounts.accounts) expect(await background.secrets.getAccessToken(key)).toBe(token);
    for (const [appKey, app] of Object.entries(before.oauthApps)) {
      const [origin = '', redirectUri = ''] = appKey.split(' ');
      expect(await background.apps.get(origin, redirectUri)).toEqual(app);
    }

    const text = await localStorageText(background.fakeBrowser);
    for (const account of before.accounts.accounts) expect(text).not.toContain(account.token);
    for (const app of Object.values(before.oauthApps)) expect(text).not.toContain(app.clientSecret);
    expect(text).not.toMatch(SECRET_KEY_NAMES);

    // The moved token is the one the background now uses.
    const demo = state.accounts.find((account) => account.origin === server?.url);
    if (!demo) throw new Error('the demo account was not kept');
    const connection = await background.session.connectAccount({ ...demo, status: 'active' });
    expect((await connection.client.v1.accounts.verifyCredentials()).id).toBe(server.demoAccountId);
  });

  it('when IndexedDB cannot be written, storage.local keeps everything and the next start moves it', async () => {
    server = await startFakeMastodon({ version: '4.3' });
    const before = cases[0]?.legacy(server);
    if (!before) throw new Error('no case');
    const first = await startAgain();
    await first.fakeBrowser.storage.local.set(before);

    const working = globalThis.indexedDB;
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    globalThis.indexedDB = {
      open: () => {
        throw new DOMException('The disk is full.', 'QuotaExceededError');
      },
    } as unknown as IDBFactory;
    try {
      const failed = await startAgain();
      await failed.accounts.getAccountsState();
      await failed.apps.get('https://hachyderm.io', REDIRECT_URI).catch(() => null);
      expect(errors).toHaveBeenCalled();
      expect(await failed.fakeBrowser.storage.local.get(['accounts', 'oauthApps'])).toEqual(before);
    } finally {
      globalThis.indexedDB = working;
      errors.mockRestore();
    }

    const next = await startAgain();
    expect((await next.accounts.getAccountsState()).accounts).toHaveLength(2);
    for (const { key, token } of before.accounts.accounts) expect(await next.secrets.getAccessToken(key)).toBe(token);
    expect(await localStorageText(next.fakeBrowser)).not.toMatch(SECRET_KEY_NAMES);
  });
});
