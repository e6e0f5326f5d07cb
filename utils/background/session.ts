/**
 * Everything the background says to Mastodon on behalf of an account goes
 * through these adapters. They watch every answer: the last rate-limit
 * headers are kept per account, and a 401 at any time marks the account
 * "signed out by the server" (its queued work stays where it is).
 */
import { markSignedOutByServer, type StoredAccount } from '../db/accounts';
import { getAccessToken } from '../db/secrets';
import type { AccountKey } from '../protocol';
import type { AnswerObserver } from '../mastodon/answers';
import { getClient, type ClientCredentials } from '../mastodon/client';
import { createDomainBlockAdapter, type DomainBlockAdapter } from '../mastodon/domain-blocks';
import { MastodonError } from '../mastodon/errors';
import { t } from '../i18n/translate';
import type { RateLimitInfo } from '../mastodon/rate-limit-headers';
import type { mastodon } from 'masto';
import { softwareOf } from './server-capabilities';

/** One account's client and adapters. */
export interface AccountConnection {
  account: StoredAccount;
  host: string;
  /** The origin, account id and token, for the calls made without masto.js (utils/mastodon/server.ts). */
  credentials: ClientCredentials;
  client: mastodon.rest.Client;
  domainBlocks: DomainBlockAdapter;
  /** Watches every answer: rate limit, 401. Pass it to the other adapters. */
  onAnswer: AnswerObserver;
}

const lastRateLimits = new Map<AccountKey, RateLimitInfo>();
const unauthorizedListeners = new Set<(key: AccountKey) => void | Promise<void>>();

/** Calls `listener` after an account has been marked signed out by its server. Returns the unsubscribe. */
export function onAccountUnauthorized(listener: (key: AccountKey) => void | Promise<void>): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

/** The rate-limit window the account's server last announced. */
export function lastRateLimit(key: AccountKey): RateLimitInfo | null {
  return lastRateLimits.get(key) ?? null;
}

/**
 * The adapters of one stored account, with its token read from IndexedDB
 * (utils/db/secrets.ts). An account whose token is gone is marked signed out
 * and refused with an `unauthorized` `MastodonError`: signing in again stores
 * a new one.
 */
export async function connectAccount(account: StoredAccount): Promise<AccountConnection> {
  const host = new URL(account.origin).host;
  const token = await getAccessToken(account.key);
  if (token === null) {
    await handleUnauthorized(account.key);
    throw new MastodonError('unauthorized', t('bg_noAccessAnyMore', host));
  }
  // GoToSocial has no personal domain blocks (docs/other-servers.md): an account signed in there
  // before Hedge refused it at sign-in gets the same words instead of a bare 404.
  if (softwareOf(account) === 'gotosocial') throw new MastodonError('not-mastodon', t('bg_gotosocialNoDomainBlocks', host));
  const credentials: ClientCredentials = { origin: account.origin, accountId: account.accountId, token };
  const client = getClient(credentials);
  const onAnswer: AnswerObserver = (answer) => {
    if (answer.rateLimit) lastRateLimits.set(account.key, answer.rateLimit);
    if (answer.status === 401) void handleUnauthorized(account.key);
  };
  return {
    account,
    host,
    credentials,
    client,
    onAnswer,
    domainBlocks: createDomainBlockAdapter(client, { host, apiVersion: account.apiVersion, onAnswer }),
  };
}

async function handleUnauthorized(key: AccountKey): Promise<void> {
  await markSignedOutByServer(key);
  for (const listener of unauthorizedListeners) {
    try {
      await listener(key);
    } catch (error) {
      console.error('Hedge: a sign-out listener failed', error);
    }
  }
}
