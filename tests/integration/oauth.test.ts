import 'fake-indexeddb/auto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startFakeMastodon, type FakeMastodon, type MastodonVersion } from '../fake-mastodon/index';
import { getAccountsState } from '../../utils/db/accounts';
import { getAccessToken } from '../../utils/db/secrets';
import { signInToInstance, signOutAccount } from '../../utils/background/sign-in';
import { MastodonError } from '../../utils/mastodon/errors';
import { SCOPES, ensureApp, discoverEndpoints } from '../../utils/mastodon/oauth';
import { REDIRECT_URI, httpAuthFlow, installFakeScripting, memoryAppStore, testEnvironment } from './oauth-helpers';

const VERSIONS: MastodonVersion[] = ['4.2', '4.3', '4.4'];

let server: FakeMastodon | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
beforeEach(() => {
  fakeBrowser.reset();
  installFakeScripting();
});

async function start(version: MastodonVersion, options: Parameters<typeof startFakeMastodon>[0] = {}): Promise<FakeMastodon> {
  server = await startFakeMastodon({ version, ...options });
  return server;
}

async function failureOf(promise: Promise<unknown>): Promise<{ kind: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error && 'kind' in error) return { kind: String(error.kind), message: error.message };
    throw error;
  }
  throw new Error('expected a failure');
}

describe.each(VERSIONS)('sign-in against Mastodon %s', (version) => {
  it('signs in through the consent page and stores the account with a working token', async () => {
    const mastodon = await start(version);
    const seen: string[] = [];
    const account = await signInToInstance(mastodon.url, testEnvironment({ seen }));

    expect(account).toMatchObject({
      origin: mastodon.url,
      accountId: mastodon.demoAccountId,
      acct: 'demo',
      localDomain: 'social.example',
      status: 'active',
    });
    expect(account.serverVersion.startsWith(version)).toBe(true);
    expect(account.apiVersion > 0).toBe(version !== '4.2');

    const authorize = new URL(seen[0] ?? '');
    expect(authorize.searchParams.get('scope')).toBe(SCOPES);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(authorize.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{22}$/);

    const token = await getAccessToken(account.key);
    const check = await fetch(`${mastodon.url}/api/v1/accounts/verify_credentials`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(check.status).toBe(200);

    const state = await getAccountsState();
    expect(state.activeKey).toBe(account.key);
    expect(state.accounts).toHaveLength(1);
  });

  it('registers the app once per instance and redirect URI, then reuses it', async () => {
    const mastodon = await start(version, { autoApprove: true });
    const apps = memoryAppStore();
    await signInToInstance(mastodon.url, testEnvironment({ apps }));
    await signInToInstance(mastodon.url, testEnvironment({ apps }));
    const registrations = mastodon.state.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/apps');
    expect(registrations).toHaveLength(1);
    expect((await getAccountsState()).accounts).toHaveLength(1);
  });

  it('reads the discovery document on 4.3+ and falls back to the fixed paths on 4.2', async () => {
    const mastodon = await start(version);
    const endpoints = await discoverEndpoints(mastodon.url);
    expect(endpoints).toEqual({
      authorization: `${mastodon.url}/oauth/authorize`,
      token: `${mastodon.url}/oauth/token`,
      revocation: `${mastodon.url}/oauth/revoke`,
    });
    const discovery = mastodon.state.requests.find((r) => r.path === '/.well-known/oauth-authorization-server');
    expect(discovery?.status).toBe(version === '4.2' ? 404 : 200);
  });

  it('registers again when the cached app is no longer known to the server', async () => {
    const mastodon = await start(version, { autoApprove: true });
    const apps = memoryAppStore();
    await apps.set(mastodon.url, REDIRECT_URI, { clientId: 'deleted-long-ago', clientSecret: 'gone', registeredAt: 0 });
    const account = await signInToInstance(mastodon.url, testEnvironment({ apps }));
    expect(await getAccessToken(account.key)).toMatch(/\S/);
    const cached = await apps.get(mastodon.url, REDIRECT_URI);
    expect(cached?.clientId).not.toBe('deleted-long-ago');
    expect(mastodon.state.requests.filter((r) => r.path === '/api/v1/apps')).toHaveLength(1);
  });

  it('says the user denied access, and stores nothing', async () => {
    const mastodon = await start(version);
    const failure = await failureOf(signInToInstance(mastodon.url, testEnvironment({ choice: 'deny' })));
    expect(failure.kind).toBe('denied');
    expect(failure.message).toMatch(/did not allow Hedge/);
    expect((await getAccountsState()).accounts).toEqual([]);
  });

  it('ignores a redirect whose state is not the one sent', async () => {
    const mastodon = await start(version, { autoApprove: true });
    const honest = httpAuthFlow();
    const flow = {
      redirectUri: honest.redirectUri,
      launch: async (url: string) => {
        const redirected = new URL(await honest.launch(url));
        redirected.searchParams.set('state', 'forged');
        return redirected.href;
      },
    };
    const failure = await failureOf(signInToInstance(mastodon.url, testEnvironment({ flow })));
    expect(failure.kind).toBe('denied');
    expect(failure.message).toMatch(/did not match/);
    expect((await getAccountsState()).accounts).toEqual([]);
  });

  it('signs out: revokes the token on the server, forgets the account, unregisters the content script', async () => {
    const mastodon = await start(version, { autoApprove: true });
    const registered = installFakeScripting();
    const env = testEnvironment();
    const account = await signInToInstance(mastodon.url, env);
    const token = await getAccessToken(account.key);
    expect([...registered.keys()]).toEqual([`hedge-mastodon:${mastodon.url}`]);
    expect(registered.get(`hedge-mastodon:${mastodon.url}`)).toEqual({
      matches: ['http://127.0.0.1/*'],
      js: ['content-scripts/mastodon.js'],
      persistAcrossSessions: true,
    });

    const outcome = await signOutAccount(account.key, env);
    expect(outcome.revokeFailed).toBeNull();
    const check = await fetch(`${mastodon.url}/api/v1/accounts/verify_credentials`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(check.status).toBe(401);
    expect(await getAccessToken(account.key)).toBeNull();
    expect(await getAccountsState()).toEqual({ accounts: [], activeKey: null });
    expect(registered.size).toBe(0);
  });
});

describe('sign-in failures in words', () => {
  it('refuses plain http to a public host before any request', async () => {
    const failure = await failureOf(signInToInstance('http://mastodon.social', testEnvironment()));
    expect(failure).toMatchObject({ kind: 'invalid-input' });
    expect(failure.message).toMatch(/https/);
  });

  it('asks for the host permission when it was not granted', async () => {
    const failure = await failureOf(signInToInstance('mastodon.social', testEnvironment({ isPermitted: false })));
    expect(failure.kind).toBe('permission-missing');
    expect(failure.message).toMatch(/mastodon\.social/);
  });

  it('says the server cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const failure = await failureOf(signInToInstance(`http://127.0.0.1:${port}`, testEnvironment()));
    expect(failure.kind).toBe('network');
    expect(failure.message).toMatch(/could not be reached/);
  });

  it('says a web server that is not Mastodon is not Mastodon', async () => {
    const website = createServer((_request, response) => {
      response.writeHead(404, { 'Content-Type': 'text/html' }).end('<!doctype html><title>Not found</title>');
    });
    await new Promise<void>((resolve) => website.listen(0, '127.0.0.1', resolve));
    try {
      const port = (website.address() as AddressInfo).port;
      const failure = await failureOf(signInToInstance(`http://127.0.0.1:${port}`, testEnvironment()));
      expect(failure.kind).toBe('not-mastodon');
      expect(failure.message).toMatch(/Mastodon/);
    } finally {
      await new Promise<void>((resolve) => website.close(() => resolve()));
    }
  });

  it('says when app registration is rate-limited (4.3+: 5 per 10 minutes per IP)', async () => {
    const mastodon = await start('4.3', { appRegistrationLimit: 1, autoApprove: true });
    await ensureApp(mastodon.url, await discoverEndpoints(mastodon.url), 'https://other.chromiumapp.org/', memoryAppStore());
    const error = await ensureApp(mastodon.url, await discoverEndpoints(mastodon.url), REDIRECT_URI, memoryAppStore()).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(MastodonError);
    expect((error as MastodonError).kind).toBe('rate-limited');
    expect((error as MastodonError).message).toMatch(/Wait a few minutes/);
  });
});
