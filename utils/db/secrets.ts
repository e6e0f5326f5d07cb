/**
 * The background's secrets: access tokens per account, OAuth client secrets
 * per registered app. Every reader of a token goes through
 * {@link getAccessToken}.
 *
 * They are kept in the `secrets` store of the extension's own IndexedDB, not
 * in `storage.local`: Firefox lets content scripts read `storage.local` and
 * offers `setAccessLevel` for `storage.session` only
 * (developer.mozilla.org, `StorageArea.setAccessLevel`), while a content
 * script's `indexedDB` is the page's origin's, never the extension's, in
 * Chrome and Firefox alike (docs/SECURITY.md).
 */
import { openHedgeDb } from './schema';

/**
 * The access token of an account, or null when Hedge holds none (never signed
 * in, signed out).
 * @param accountKey - the account key (`https://mastodon.social#109302`).
 */
export async function getAccessToken(accountKey: string): Promise<string | null> {
  const record = await (await openHedgeDb()).get('secrets', ['access-token', accountKey]);
  return record?.kind === 'access-token' ? record.accessToken : null;
}

/**
 * Stores the tokens of several accounts in one transaction: all or none.
 * Replaces a token stored before (signing in again).
 * @param tokens - account key to access token.
 */
export async function setAccessTokens(tokens: ReadonlyMap<string, string>): Promise<void> {
  if (tokens.size === 0) return;
  const transaction = (await openHedgeDb()).transaction('secrets', 'readwrite');
  const writes = [...tokens].map(([key, accessToken]) => transaction.store.put({ kind: 'access-token', key, accessToken }));
  await Promise.all([...writes, transaction.done]);
}

/**
 * Stores an account's token, replacing the one stored before.
 * @param accountKey - the account key.
 * @param accessToken - the token the server issued at sign-in.
 */
export function setAccessToken(accountKey: string, accessToken: string): Promise<void> {
  return setAccessTokens(new Map([[accountKey, accessToken]]));
}

/**
 * The client secret of a registered app, or null.
 * @param appKey - the instance's origin and the redirect URI, separated by a space.
 */
export async function getClientSecret(appKey: string): Promise<string | null> {
  const record = await (await openHedgeDb()).get('secrets', ['client-secret', appKey]);
  return record?.kind === 'client-secret' ? record.clientSecret : null;
}

/**
 * Stores the client secrets of several apps in one transaction: all or none.
 * @param secrets - app key to client secret.
 */
export async function setClientSecrets(secrets: ReadonlyMap<string, string>): Promise<void> {
  if (secrets.size === 0) return;
  const transaction = (await openHedgeDb()).transaction('secrets', 'readwrite');
  const writes = [...secrets].map(([key, clientSecret]) => transaction.store.put({ kind: 'client-secret', key, clientSecret }));
  await Promise.all([...writes, transaction.done]);
}

/**
 * Forgets an app's client secret.
 * @param appKey - the app key.
 */
export async function deleteClientSecret(appKey: string): Promise<void> {
  await (await openHedgeDb()).delete('secrets', ['client-secret', appKey]);
}
