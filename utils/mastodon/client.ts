/**
 * One masto.js client per account, created once and read through one
 * function (the shape of phanpy's src/utils/api.js: `clients[instance][id]`).
 */
import { createRestAPIClient, type mastodon } from 'masto';

/** What a client needs to know about an account: never more than the background holds. */
export interface ClientCredentials {
  origin: string;
  accountId: string;
  token: string;
}

/** Every request gives up after this long; a stalled server must not hold a run forever. */
export const REQUEST_TIMEOUT_MS = 30_000;

const clients = new Map<string, Map<string, mastodon.rest.Client>>();

/** The cached client of an account, created on first use. */
export function getClient(credentials: ClientCredentials): mastodon.rest.Client {
  let byAccount = clients.get(credentials.origin);
  if (!byAccount) {
    byAccount = new Map();
    clients.set(credentials.origin, byAccount);
  }
  let client = byAccount.get(credentials.accountId);
  if (!client) {
    client = createRestAPIClient({ url: credentials.origin, accessToken: credentials.token, timeout: REQUEST_TIMEOUT_MS });
    byAccount.set(credentials.accountId, client);
  }
  return client;
}

/** A client without a token, for the public calls made before sign-in (instance, app registration). */
export function getPublicClient(origin: string): mastodon.rest.Client {
  return createRestAPIClient({ url: origin, timeout: REQUEST_TIMEOUT_MS });
}

/** Drops an account's client (sign-out, or a new token after signing in again). */
export function forgetClient(origin: string, accountId: string): void {
  clients.get(origin)?.delete(accountId);
}
