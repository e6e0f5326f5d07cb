/**
 * Signed-in accounts, kept in the extension's local storage without their
 * access tokens: those are in the extension's IndexedDB (utils/db/secrets.ts),
 * which content scripts cannot open in any browser. Only the background reads
 * this module (pages get `AccountView`s, built by `toAccountView`).
 */
import { storage } from 'wxt/utils/storage';
import { setAccessTokens } from './secrets';
import type { AccountKey, AccountView } from '../protocol';
import type { ServerSoftware } from '../core/server-software';

/** An account as stored: the view plus what the background needs, never its token. */
export interface StoredAccount {
  key: AccountKey;
  origin: string;
  accountId: string;
  acct: string;
  displayName: string;
  avatarUrl: string;
  /** The server's local domain (`GET /api/v2/instance` `domain`); may differ from the origin's host. */
  localDomain: string;
  serverVersion: string;
  /** `api_versions.mastodon` (4.3 = 2); 0 before 4.3. */
  apiVersion: number;
  /** What the server runs (utils/core/server-software.ts); absent on accounts signed in before Hedge told servers apart, which were Mastodon's. */
  software?: ServerSoftware;
  status: 'active' | 'signed-out-by-server';
  signedInAt: number;
}

/** Every account and which one the pages show. */
export interface AccountsState {
  accounts: StoredAccount[];
  activeKey: AccountKey | null;
}

/** Version 1 kept each account's token beside it in `storage.local`. */
type AccountsStateV1 = { accounts: Array<StoredAccount & { token?: string }>; activeKey: AccountKey | null };

/**
 * Moves the tokens of version 1 into IndexedDB, then drops them here. WXT runs
 * this once, before any read of the item, and writes the result only after
 * the tokens are stored; when storing them fails, nothing changes and the
 * next start tries again.
 */
async function moveTokensOutOfLocalStorage(state: AccountsStateV1): Promise<AccountsState> {
  const tokens = new Map<AccountKey, string>();
  for (const account of state.accounts) if (account.token) tokens.set(account.key, account.token);
  await setAccessTokens(tokens);
  return { ...state, accounts: state.accounts.map(({ token: _token, ...account }) => account) };
}

const accountsItem = storage.defineItem<AccountsState>('local:accounts', {
  version: 2,
  fallback: { accounts: [], activeKey: null },
  migrations: { 2: moveTokensOutOfLocalStorage },
});

/** `https://mastodon.social#109302`: unique across instances, stable across sign-ins. */
export function accountKeyOf(origin: string, accountId: string): AccountKey {
  return `${origin}#${accountId}`;
}

/** The account without its token, for pages. */
export function toAccountView(account: StoredAccount): AccountView {
  return {
    key: account.key,
    origin: account.origin,
    accountId: account.accountId,
    acct: account.acct,
    handle: `@${account.acct.includes('@') ? account.acct : `${account.acct}@${account.localDomain}`}`,
    displayName: account.displayName,
    avatarUrl: account.avatarUrl,
    serverVersion: account.serverVersion,
    ...(account.software === undefined || account.software === 'mastodon' ? {} : { software: account.software }),
    status: account.status,
    signedInAt: account.signedInAt,
  };
}

// Storage writes are read-modify-write: chain them so two handlers never lose each other's change.
let pending: Promise<unknown> = Promise.resolve();
function update<T>(change: (state: AccountsState) => { state: AccountsState; result: T }): Promise<T> {
  const next = pending.then(async () => {
    const { state, result } = change(await accountsItem.getValue());
    await accountsItem.setValue(state);
    return result;
  });
  pending = next.catch(() => undefined);
  return next;
}

/** Every stored account and the active key. */
export function getAccountsState(): Promise<AccountsState> {
  return accountsItem.getValue();
}

/** One account by key, or null. */
export async function getAccount(key: AccountKey): Promise<StoredAccount | null> {
  const { accounts } = await accountsItem.getValue();
  return accounts.find((account) => account.key === key) ?? null;
}

/** The account the pages show, or null when nobody is signed in. */
export async function getActiveAccount(): Promise<StoredAccount | null> {
  const { accounts, activeKey } = await accountsItem.getValue();
  return accounts.find((account) => account.key === activeKey) ?? null;
}

/** Adds an account or replaces it (signing in again), and makes it the active one. */
export function saveAccount(account: StoredAccount): Promise<void> {
  return update((state) => ({
    state: { accounts: [...state.accounts.filter((a) => a.key !== account.key), account], activeKey: account.key },
    result: undefined,
  }));
}

/** Removes an account; when it was active, the first remaining one becomes active. Returns the removed account. */
export function removeAccount(key: AccountKey): Promise<StoredAccount | null> {
  return update((state) => {
    const removed = state.accounts.find((a) => a.key === key) ?? null;
    const accounts = state.accounts.filter((a) => a.key !== key);
    const activeKey = state.activeKey === key ? (accounts[0]?.key ?? null) : state.activeKey;
    return { state: { accounts, activeKey }, result: removed };
  });
}

/** Makes another stored account the active one; false when there is no such account. */
export function switchAccount(key: AccountKey): Promise<boolean> {
  return update((state) => {
    const exists = state.accounts.some((a) => a.key === key);
    return { state: exists ? { ...state, activeKey: key } : state, result: exists };
  });
}

/**
 * Marks an account whose token the server refused (401). It stays stored with
 * everything queued for it; signing in again makes it active again.
 */
export function markSignedOutByServer(key: AccountKey): Promise<void> {
  return update((state) => ({
    state: {
      ...state,
      accounts: state.accounts.map((a) => (a.key === key ? { ...a, status: 'signed-out-by-server' as const } : a)),
    },
    result: undefined,
  }));
}
