import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  accountKeyOf,
  getAccountsState,
  getActiveAccount,
  markSignedOutByServer,
  removeAccount,
  saveAccount,
  switchAccount,
  toAccountView,
  type StoredAccount,
} from '../../utils/db/accounts';

function account(origin: string, accountId: string, acct: string): StoredAccount {
  return {
    key: accountKeyOf(origin, accountId),
    origin,
    accountId,
    acct,
    displayName: acct,
    avatarUrl: `${origin}/avatars/${accountId}.png`,
    localDomain: new URL(origin).hostname,
    serverVersion: '4.3.2',
    apiVersion: 2,
    status: 'active',
    signedInAt: 1_700_000_000_000,
  };
}

const alice = account('https://mastodon.social', '109302', 'alice');
const bob = account('https://hachyderm.io', '42', 'bob');

beforeEach(() => fakeBrowser.reset());

describe('accounts in extension storage', () => {
  it('starts signed out', async () => {
    expect(await getAccountsState()).toEqual({ accounts: [], activeKey: null });
    expect(await getActiveAccount()).toBeNull();
  });

  it('keeps several accounts, the last signed in active, switchable', async () => {
    await saveAccount(alice);
    await saveAccount(bob);
    expect((await getActiveAccount())?.key).toBe(bob.key);
    expect(await switchAccount(alice.key)).toBe(true);
    expect((await getActiveAccount())?.acct).toBe('alice');
    expect(await switchAccount('https://nowhere.example#1')).toBe(false);
    expect((await getActiveAccount())?.acct).toBe('alice');
  });

  it('replaces an account signed in again instead of adding it twice', async () => {
    await saveAccount(alice);
    await saveAccount({ ...alice, displayName: 'Alice again', status: 'active' });
    const { accounts } = await getAccountsState();
    expect(accounts).toHaveLength(1);
    expect(accounts[0]?.displayName).toBe('Alice again');
  });

  it('removing the active account makes another one active', async () => {
    await saveAccount(alice);
    await saveAccount(bob);
    expect((await removeAccount(bob.key))?.acct).toBe('bob');
    expect((await getAccountsState()).activeKey).toBe(alice.key);
    await removeAccount(alice.key);
    expect(await getAccountsState()).toEqual({ accounts: [], activeKey: null });
  });

  it('a 401 marks the account signed out by the server and keeps it', async () => {
    await saveAccount(alice);
    await markSignedOutByServer(alice.key);
    expect((await getActiveAccount())?.status).toBe('signed-out-by-server');
  });

  it('concurrent changes are not lost', async () => {
    await Promise.all([saveAccount(alice), saveAccount(bob), markSignedOutByServer(alice.key)]);
    const { accounts } = await getAccountsState();
    expect(accounts.map((a) => a.acct).sort()).toEqual(['alice', 'bob']);
    expect(accounts.find((a) => a.acct === 'alice')?.status).toBe('signed-out-by-server');
  });

  it('the view pages see has a full handle', () => {
    const view = toAccountView(alice);
    expect(view.handle).toBe('@alice@mastodon.social');
    expect(toAccountView({ ...bob, localDomain: 'hachyderm.io' }).handle).toBe('@bob@hachyderm.io');
  });
});
