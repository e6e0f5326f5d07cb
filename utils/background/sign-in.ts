/**
 * Signing in and out, in the background: the popup has asked for host
 * permission in its click handler and then sent `hedge/sign-in`.
 */
import { browser } from 'wxt/browser';
import {
  accountKeyOf,
  getAccount,
  getAccountsState,
  removeAccount,
  saveAccount,
  type StoredAccount,
} from '../db/accounts';
import { getAccessToken, setAccessToken } from '../db/secrets';
import type { AccountKey } from '../protocol';
import { forgetClient } from '../mastodon/client';
import { MastodonError } from '../mastodon/errors';
import { t } from '../i18n/translate';
import { normalizeInstance } from '../mastodon/instance';
import { discoverEndpoints, revokeToken, signIn, type AuthFlowPort, type OAuthAppStore } from '../mastodon/oauth';
import { deleteAllAccountData } from './account-data';
import { giveBackAccessOnFailure, releaseUnusedHostAccess } from './host-access';
import { forgetImportOffer } from './import-offers';
import { sendToInstanceTabs } from './broadcast';
import { syncContentScripts } from './content-scripts';
import { forgetMarkedSitesOf } from './marked-sites';
import { ReplyError } from './reply-error';
import { resumeRunsOfAccount } from './runs';
import { listAllSubscriptions } from './lists/subscription-store';
import { refreshMarkSourcesQuietly } from './mark-reads';

/** What sign-in and sign-out need from the browser; tests replace it. */
export interface SignInEnvironment {
  authFlow(): AuthFlowPort;
  hasPermission(origin: string): Promise<boolean>;
  apps: OAuthAppStore;
  now(): number;
}

/** The browser's identity API as the auth flow. */
export function browserAuthFlow(): AuthFlowPort {
  return {
    redirectUri: browser.identity.getRedirectURL(),
    launch: async (url) => {
      const redirected = await browser.identity.launchWebAuthFlow({ url, interactive: true });
      if (!redirected) throw new Error('The user did not approve access.');
      return redirected;
    },
  };
}

/** Signs in to the typed instance and stores the account as the active one. Throws a `ReplyError` or a `MastodonError`. */
export async function signInToInstance(instance: string, env: SignInEnvironment): Promise<StoredAccount> {
  const address = normalizeInstance(instance);
  if ('error' in address) throw new ReplyError('invalid-input', address.error.message);
  if (!(await env.hasPermission(address.origin))) {
    throw new ReplyError('permission-missing', t('bg_signInNeedsPermission', address.host));
  }
  // The popup asked for access to this origin for this sign-in: a failed or cancelled one gives it back.
  return giveBackAccessOnFailure(address.origin, listAllSubscriptions, () => completeSignIn(address.origin, env));
}

/** The sign-in itself, once access to `origin` is granted. */
async function completeSignIn(origin: string, env: SignInEnvironment): Promise<StoredAccount> {
  // Another account on the same server: without force_login Mastodon would sign the web UI's account in again.
  const { accounts } = await getAccountsState();
  const forceLogin = accounts.some((stored) => stored.origin === origin);
  const result = await signIn(origin, env.authFlow(), env.apps, { forceLogin });
  const key = accountKeyOf(origin, result.account.id);
  forgetClient(origin, result.account.id);
  const account: StoredAccount = {
    key,
    origin: origin,
    accountId: result.account.id,
    acct: result.account.acct,
    displayName: result.account.displayName || result.account.username,
    avatarUrl: result.account.avatarStatic || result.account.avatar,
    localDomain: result.instance.domain,
    serverVersion: result.instance.version,
    apiVersion: result.instance.apiVersion,
    software: result.instance.software,
    status: 'active',
    signedInAt: env.now(),
  };
  // The token first: a stored account always has one (utils/db/secrets.ts, never storage.local).
  await setAccessToken(key, result.token);
  // The web UI marks the user's own blocks and the server's limits at once, not after a first preview:
  // read before the account shows as signed in, so the pages never see it signed in with nothing read.
  await refreshMarkSourcesQuietly(account, 0);
  try {
    await saveAccount(account);
  } catch (error) {
    // A failed first sign-in leaves no token and nothing read behind; an account signed in before keeps the new, valid token.
    if (!(await getAccount(key))) await deleteAllAccountData(key);
    throw error;
  }
  await syncContentScripts(await signedInOrigins());
  // A run the server's 401 stopped continues now: nothing queued waits for another click.
  await resumeRunsOfAccount(key).catch((error: unknown) => console.error('Hedge: could not continue the stopped runs after sign-in', error));
  return account;
}

/** What signing out left undone on the server, for the user to finish by hand. */
export interface SignOutOutcome {
  /** `mastodon.social` */
  host: string;
  revokeFailed: MastodonError | null;
}

/**
 * Revokes the token on the server, then deletes the account and its data
 * here, and gives back the host access no other account or list uses
 * (utils/background/host-access.ts). The local part happens even when the server cannot be reached; the
 * outcome says so, and the user can revoke the app in Mastodon's settings.
 */
export async function signOutAccount(key: AccountKey, env: SignInEnvironment): Promise<SignOutOutcome> {
  const account = await getAccount(key);
  if (!account) throw new ReplyError('not-found', t('bg_accountGone'));
  let revokeFailed: MastodonError | null = null;
  try {
    const redirectUri = env.authFlow().redirectUri;
    const app = await env.apps.get(account.origin, redirectUri);
    const token = await getAccessToken(key);
    if (app && token !== null) await revokeToken(await discoverEndpoints(account.origin), app, token);
  } catch (error) {
    revokeFailed =
      error instanceof MastodonError
        ? error
        : new MastodonError('server', t('bg_revokeFailed', new URL(account.origin).host), { cause: error });
  }
  await removeAccount(key);
  forgetClient(account.origin, account.accountId);
  // Deletes the token too (utils/db/account-data.ts), whatever the server said.
  await deleteAllAccountData(key);
  await forgetImportOffer(key);
  await forgetMarkedSitesOf(key);
  const origins = await signedInOrigins();
  await syncContentScripts(origins);
  if (!origins.includes(account.origin)) {
    // Unregistering stops future pages; the open ones remove their marks on this message. It goes before
    // the access does: without access the browser no longer tells Hedge which tabs show the server's pages.
    await sendToInstanceTabs(account.origin, { type: 'hedge/signed-out', origin: account.origin }).catch((error: unknown) =>
      console.warn('Hedge: could not tell the Mastodon tabs about the sign-out', error),
    );
  }
  // Its lists gave back their hosts as they were removed; the instance's own origin goes last.
  await releaseUnusedHostAccess([account.origin], await listAllSubscriptions());
  return { host: new URL(account.origin).host, revokeFailed };
}

/** The distinct origins of every stored account. */
export async function signedInOrigins(): Promise<string[]> {
  const { accounts } = await getAccountsState();
  return [...new Set(accounts.map((account) => account.origin))];
}
