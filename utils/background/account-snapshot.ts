/**
 * What Hedge last read of an account's server: its personal blocks, its
 * follows and followers, the server's own blocks and version, with the time
 * they were read. Refreshed before each plan; the content script's verdicts
 * and the state's counts are built from it.
 */
import { storage } from 'wxt/utils/storage';
import type { AccountKey } from '../messages';
import { fetchRelationships, type RelatedAccount } from '../mastodon/relationships';
import { fetchServerDomainBlocks, fetchServerVersion, type ServerDomainBlocks, type ServerVersion } from '../mastodon/server';
import type { AccountConnection } from './session';

/** One account's server state at `fetchedAt`. */
export interface AccountSnapshot {
  accountKey: AccountKey;
  fetchedAt: number;
  server: ServerVersion;
  /** Personal blocks, newest first, as the server stores them (lowercase punycode). */
  personalBlocks: string[];
  serverBlocks: ServerDomainBlocks;
  following: RelatedAccount[];
  followers: RelatedAccount[];
}

const snapshotsItem = storage.defineItem<Record<AccountKey, AccountSnapshot>>('local:accountSnapshots', {
  version: 1,
  fallback: {},
});

/** Reads everything again from the server and stores it. Throws a `MastodonError`. */
export async function refreshAccountSnapshot(connection: AccountConnection, now: () => number = Date.now): Promise<AccountSnapshot> {
  const { account, client, host, onAnswer } = connection;
  const server = await fetchServerVersion(client, { host, onAnswer });
  const personalBlocks = await connection.domainBlocks.listAll();
  const relationships = await fetchRelationships(client, {
    accountId: account.accountId,
    localDomain: account.localDomain,
    host,
    onAnswer,
    now,
  });
  const serverBlocks = await fetchServerDomainBlocks(connection.credentials, { host, onAnswer });
  const snapshot: AccountSnapshot = {
    accountKey: account.key,
    fetchedAt: now(),
    server,
    personalBlocks,
    serverBlocks,
    following: relationships.following,
    followers: relationships.followers,
  };
  const all = await snapshotsItem.getValue();
  await snapshotsItem.setValue({ ...all, [account.key]: snapshot });
  return snapshot;
}

/** The stored snapshot of an account, or null before the first read. */
export async function getAccountSnapshot(key: AccountKey): Promise<AccountSnapshot | null> {
  return (await snapshotsItem.getValue())[key] ?? null;
}

/** Forgets an account's snapshot (sign-out). */
export async function deleteAccountSnapshot(key: AccountKey): Promise<void> {
  const { [key]: _removed, ...rest } = await snapshotsItem.getValue();
  await snapshotsItem.setValue(rest);
}

/** Reads the personal blocks again (a few requests) and stores them into the snapshot. Throws a `MastodonError`. */
export async function refreshPersonalBlocks(connection: AccountConnection, now: () => number = Date.now): Promise<string[]> {
  const personalBlocks = await connection.domainBlocks.listAll();
  const all = await snapshotsItem.getValue();
  const current = all[connection.account.key];
  if (current) await snapshotsItem.setValue({ ...all, [connection.account.key]: { ...current, personalBlocks, fetchedAt: now() } });
  return personalBlocks;
}
