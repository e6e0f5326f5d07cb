/**
 * Signing in to a Mastodon account with OAuth 2 (authorization code + PKCE S256).
 *
 * Facts (docs.joinmastodon.org/methods/oauth, app/controllers/api/v1/apps_controller.rb):
 * - Apps are registered per instance and redirect URI and cached; servers
 *   before 4.3 may delete unused apps, so a cached one is checked and
 *   registered again on `invalid_client`. From 4.3 registration is limited to
 *   5 per 10 minutes per IP, so it is never repeated needlessly.
 * - Before 4.3 `redirect_uris` must be a single string.
 * - Endpoints come from `/.well-known/oauth-authorization-server` (4.3+) and
 *   are Mastodon's fixed paths on 404 (4.2) or a page that is not JSON; Pleroma, Akkoma and
 *   GoToSocial use the same fixed paths (docs/other-servers.md).
 * - Mastodon has confidential clients only: `client_secret` is sent with the
 *   code and the PKCE verifier.
 */
import { createRestAPIClient, type mastodon } from 'masto';
import { REQUEST_TIMEOUT_MS, getPublicClient } from './client';
import { readCappedText } from './answer-size';
import { MastodonError, fromStatus, toMastodonError } from './errors';
import { t } from '../i18n/translate';
import { readRateLimit } from './rate-limit-headers';
import { readInstanceInfo, type InstanceInfo } from './instance-info';
import { hasPersonalDomainBlocks } from '../core/server-software';

/** Exactly what Hedge needs: domain blocks, the account, its follows and followers. */
export const SCOPES = 'read:blocks write:blocks read:accounts read:follows';

/** The name the user sees on the consent page and under Settings › Authorized apps. */
const CLIENT_NAME = 'Hedge';
const CLIENT_WEBSITE = 'https://github.com/hedge-extension/hedge';

/** Where the OAuth steps live on one server. */
export interface OAuthEndpoints {
  authorization: string;
  token: string;
  revocation: string;
}

/** A registered app (client) on one server for one redirect URI. */
export interface OAuthApp {
  clientId: string;
  clientSecret: string;
  registeredAt: number;
}

/** Where registered apps are cached (extension storage in the background, a Map in tests). */
export interface OAuthAppStore {
  get(origin: string, redirectUri: string): Promise<OAuthApp | null>;
  set(origin: string, redirectUri: string, app: OAuthApp): Promise<void>;
  delete(origin: string, redirectUri: string): Promise<void>;
}

/** The browser's part: `identity.launchWebAuthFlow` and `identity.getRedirectURL`. */
export interface AuthFlowPort {
  redirectUri: string;
  /** Opens the consent page and resolves with the URL the server redirected to. */
  launch(authorizeUrl: string): Promise<string>;
}

/** What signing in yields: the token and what the account and server said about themselves. */
export interface SignInResult {
  token: string;
  account: mastodon.v1.Account;
  instance: InstanceInfo;
}

/**
 * Reads the discovery document, or falls back to Mastodon's fixed paths when it is missing (4.2).
 * The server has `REQUEST_TIMEOUT_MS` to answer, and its answer is read up to `MAX_ANSWER_BYTES`.
 */
export async function discoverEndpoints(origin: string): Promise<OAuthEndpoints> {
  const host = new URL(origin).host;
  const fixed: OAuthEndpoints = {
    authorization: `${origin}/oauth/authorize`,
    token: `${origin}/oauth/token`,
    revocation: `${origin}/oauth/revoke`,
  };
  let response: Response;
  let text: string;
  try {
    response = await fetch(`${origin}/.well-known/oauth-authorization-server`, {
      headers: { Accept: 'application/json' },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    // 404 before 4.3; Pleroma and Akkoma answer their front end's HTML page with 200 for any
    // unknown path (docs/other-servers.md). Anything else is left to the next step to explain.
    if (!response.ok || !/json/i.test(response.headers.get('content-type') ?? '')) {
      await response.body?.cancel();
      return fixed;
    }
    text = await readCappedText(response);
  } catch (cause) {
    throw toMastodonError(cause, { host });
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (cause) {
    throw new MastodonError('not-mastodon', t('bg_hostNotLikeMastodon', host), { cause });
  }
  const read = (field: string, fallback: string): string => {
    const value = typeof document === 'object' && document !== null ? (document as Record<string, unknown>)[field] : undefined;
    // An endpoint on another origin would receive the code and the secret: keep to the server's own.
    return typeof value === 'string' && new URL(value, origin).origin === origin ? new URL(value, origin).href : fallback;
  };
  return {
    authorization: read('authorization_endpoint', fixed.authorization),
    token: read('token_endpoint', fixed.token),
    revocation: read('revocation_endpoint', fixed.revocation),
  };
}

/** Registers Hedge on a server for one redirect URI. */
async function registerApp(origin: string, redirectUri: string, now: () => number = Date.now): Promise<OAuthApp> {
  const host = new URL(origin).host;
  try {
    const app = await getPublicClient(origin).v1.apps.create({
      clientName: CLIENT_NAME,
      // A single string: servers before 4.3 drop an array (facts: OAuth for an extension).
      redirectUris: redirectUri,
      scopes: SCOPES,
      website: CLIENT_WEBSITE,
    });
    if (!app.clientId || !app.clientSecret) {
      throw new MastodonError('not-mastodon', t('bg_hostNoClientCredentials', host));
    }
    return { clientId: app.clientId, clientSecret: app.clientSecret, registeredAt: now() };
  } catch (cause) {
    const error = toMastodonError(cause, { host, isNotFoundNotMastodon: true });
    if (error.kind === 'rate-limited') {
      throw new MastodonError(
        'rate-limited',
        t('bg_hostAppRegistrationLimit', host),
        { status: error.status, rateLimit: error.rateLimit, cause },
      );
    }
    throw error;
  }
}

/** Random URL-safe text: the PKCE verifier (43 characters from 32 bytes) and the `state`. */
export function randomUrlSafe(byteCount: number): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(byteCount)));
}

/** The S256 challenge of a PKCE verifier (RFC 7636 section 4.2). */
export async function pkceChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

/**
 * The consent page's address. `forceLogin`: without `force_login=true`, an app
 * holding a token for the web UI's account is sent straight back with that
 * account (app/controllers/oauth/authorizations_controller.rb `render_success`);
 * with it the page shows "Signed in as" and a sign-out link, so the user can
 * pick another account. Read since Mastodon 2.5.0 (#8655), older than any Hedge supports.
 */
export function buildAuthorizeUrl(
  endpoints: OAuthEndpoints,
  params: { clientId: string; redirectUri: string; state: string; codeChallenge: string; forceLogin?: boolean },
): string {
  const url = new URL(endpoints.authorization);
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: params.clientId,
    redirect_uri: params.redirectUri,
    scope: SCOPES,
    state: params.state,
    code_challenge: params.codeChallenge,
    code_challenge_method: 'S256',
  });
  if (params.forceLogin === true) query.set('force_login', 'true');
  url.search = query.toString();
  return url.href;
}

/**
 * Reads the code from the URL the server redirected to. The `state` must be
 * the one sent: anything else is a redirect Hedge did not ask for.
 */
export function readAuthorizationCode(redirectedTo: string, expectedState: string, host: string): string {
  let url: URL;
  try {
    url = new URL(redirectedTo);
  } catch (cause) {
    throw new MastodonError('server', t('bg_hostUnreadableRedirect', host), { cause });
  }
  const error = url.searchParams.get('error');
  if (error === 'access_denied') {
    throw new MastodonError('denied', t('bg_signInNotAllowed', host));
  }
  if (error !== null) {
    const description = url.searchParams.get('error_description');
    throw new MastodonError('server', t('bg_hostCouldNotSignIn', host, description ?? error), { serverMessage: error });
  }
  if (url.searchParams.get('state') !== expectedState) {
    throw new MastodonError('denied', t('bg_signInStateMismatch', host));
  }
  const code = url.searchParams.get('code');
  if (!code) throw new MastodonError('server', t('bg_hostNoSignInCode', host));
  return code;
}

/**
 * Posts a form to an OAuth endpoint and returns the parsed JSON, or throws a `MastodonError`.
 * The server has `REQUEST_TIMEOUT_MS` to answer, and its answer is read up to `MAX_ANSWER_BYTES`.
 */
async function postOAuthForm(url: string, fields: Record<string, string>): Promise<Record<string, unknown>> {
  const host = new URL(url).host;
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams(fields).toString(),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    text = await readCappedText(response);
  } catch (cause) {
    throw toMastodonError(cause, { host });
  }
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = text === '' ? {} : JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null) body = parsed as Record<string, unknown>;
  } catch (cause) {
    if (response.ok) throw new MastodonError('not-mastodon', t('bg_hostNotLikeMastodon', host), { cause });
  }
  if (!response.ok) {
    const code = typeof body.error === 'string' ? body.error : undefined;
    if (code === 'invalid_client') throw new InvalidClientError(host);
    const description = typeof body.error_description === 'string' ? body.error_description : code;
    throw fromStatus(response.status, description, readRateLimit(response.headers), { host });
  }
  return body;
}

/** The server no longer knows the cached app (deleted as unused before 4.3). */
class InvalidClientError extends MastodonError {
  constructor(host: string) {
    super('server', t('bg_hostForgotRegistration', host), { serverMessage: 'invalid_client' });
  }
}

/** Exchanges the code for an access token (client_secret included: confidential clients only). */
async function exchangeCode(
  endpoints: OAuthEndpoints,
  app: OAuthApp,
  params: { code: string; redirectUri: string; codeVerifier: string },
): Promise<string> {
  const body = await postOAuthForm(endpoints.token, {
    grant_type: 'authorization_code',
    code: params.code,
    client_id: app.clientId,
    client_secret: app.clientSecret,
    redirect_uri: params.redirectUri,
    code_verifier: params.codeVerifier,
    scope: SCOPES,
  });
  if (typeof body.access_token !== 'string' || body.access_token === '') {
    throw new MastodonError('not-mastodon', t('bg_hostNoAccessToken', new URL(endpoints.token).host));
  }
  return body.access_token;
}

/** Revokes a token on the server (`POST /oauth/revoke` answers `{}`). */
export async function revokeToken(endpoints: OAuthEndpoints, app: OAuthApp, token: string): Promise<void> {
  await postOAuthForm(endpoints.revocation, { client_id: app.clientId, client_secret: app.clientSecret, token });
}

/**
 * Whether the server still knows a cached app. Asks for an app-only token
 * (`client_credentials`), which needs a valid client, and revokes it at once.
 */
async function isAppStillRegistered(endpoints: OAuthEndpoints, app: OAuthApp): Promise<boolean> {
  try {
    const body = await postOAuthForm(endpoints.token, {
      grant_type: 'client_credentials',
      client_id: app.clientId,
      client_secret: app.clientSecret,
      scope: 'read:accounts',
    });
    if (typeof body.access_token === 'string') await revokeToken(endpoints, app, body.access_token);
    return true;
  } catch (error) {
    if (error instanceof InvalidClientError) return false;
    // Any other answer says nothing about the app; the sign-in itself will tell.
    return true;
  }
}

/** The cached app for this server and redirect URI, checked, or a newly registered one. */
export async function ensureApp(
  origin: string,
  endpoints: OAuthEndpoints,
  redirectUri: string,
  store: OAuthAppStore,
): Promise<OAuthApp> {
  const cached = await store.get(origin, redirectUri);
  if (cached && (await isAppStillRegistered(endpoints, cached))) return cached;
  if (cached) await store.delete(origin, redirectUri);
  const app = await registerApp(origin, redirectUri);
  await store.set(origin, redirectUri, app);
  return app;
}

/** `forceLogin`: Hedge already has an account on this server, so the user must be able to choose another. */
export interface SignInOptions { forceLogin?: boolean }

/**
 * The whole sign-in: discovery, app, consent page, code, token, then the
 * account (verify_credentials) and the server's version and local domain.
 */
export async function signIn(origin: string, flow: AuthFlowPort, store: OAuthAppStore, options: SignInOptions = {}): Promise<SignInResult> {
  const host = new URL(origin).host;
  const endpoints = await discoverEndpoints(origin);
  const instance = await readInstance(origin);
  let app = await ensureApp(origin, endpoints, flow.redirectUri, store);

  for (let attempt = 0; ; attempt += 1) {
    const codeVerifier = randomUrlSafe(32);
    const state = randomUrlSafe(16);
    const authorizeUrl = buildAuthorizeUrl(endpoints, {
      clientId: app.clientId,
      redirectUri: flow.redirectUri,
      state,
      codeChallenge: await pkceChallenge(codeVerifier),
      forceLogin: options.forceLogin,
    });
    let redirectedTo: string;
    try {
      redirectedTo = await flow.launch(authorizeUrl);
    } catch (cause) {
      throw authFlowError(cause, host);
    }
    const code = readAuthorizationCode(redirectedTo, state, host);
    try {
      const token = await exchangeCode(endpoints, app, { code, redirectUri: flow.redirectUri, codeVerifier });
      const account = await verifyCredentials(origin, token);
      return { token, account, instance };
    } catch (error) {
      // The app vanished between the check and the exchange: register again once and ask again.
      if (!(error instanceof InvalidClientError) || attempt > 0) throw error;
      await store.delete(origin, flow.redirectUri);
      app = await registerApp(origin, flow.redirectUri);
      await store.set(origin, flow.redirectUri, app);
    }
  }
}

/**
 * The server's self-description (utils/mastodon/instance-info.ts). GoToSocial keeps no personal
 * domain blocks (docs/other-servers.md), so Hedge stops there, before any app is registered.
 */
async function readInstance(origin: string): Promise<InstanceInfo> {
  const host = new URL(origin).host;
  const instance = await readInstanceInfo(getPublicClient(origin), { host });
  if (!hasPersonalDomainBlocks(instance.software)) {
    throw new MastodonError('not-mastodon', t('bg_gotosocialNoDomainBlocks', host));
  }
  return instance;
}

async function verifyCredentials(origin: string, token: string): Promise<mastodon.v1.Account> {
  const host = new URL(origin).host;
  try {
    // A throwaway client: the account id, and so the cache key, is not known yet.
    return await createRestAPIClient({ url: origin, accessToken: token, timeout: REQUEST_TIMEOUT_MS }).v1.accounts.verifyCredentials();
  } catch (cause) {
    throw toMastodonError(cause, { host, isNotFoundNotMastodon: true });
  }
}

/**
 * `identity.launchWebAuthFlow` rejects with a bare message: Chrome says "The
 * user did not approve access." when the window is closed and "Authorization
 * page could not be loaded." when the server is unreachable.
 */
function authFlowError(cause: unknown, host: string): MastodonError {
  const text = cause instanceof Error ? cause.message : String(cause);
  if (/could not be loaded|network|unreachable/i.test(text)) {
    return new MastodonError('network', t('bg_signInPageUnreachable', host), { cause });
  }
  return new MastodonError('denied', t('bg_signInCancelled', host), { cause });
}

function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}
