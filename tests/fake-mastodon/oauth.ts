import { createECDH, createHash, randomBytes } from 'node:crypto';
import {
  authorize, isAtLeast, isReply, type Handler, type RequestContext,
} from './context.ts';
import { escapeHtml, html, json, param, redirect, type Params, type Reply } from './http-kit.ts';
import type { AppRecord, TokenRecord } from './store.ts';
import { DEMO_ACCOUNT_ID, LOCAL_DOMAIN } from './seed.ts';
import { avatarUrl } from './entities.ts';

/**
 * OAuth as Mastodon runs it through Doorkeeper (`config/initializers/doorkeeper.rb`,
 * `app/controllers/api/v1/apps_controller.rb`, `app/controllers/oauth/*`). Confidential clients
 * only, tokens that never expire, `reuse_access_token`, PKCE from 4.3 (S256 only from 4.4).
 * The signed-in browser user is always `demo`.
 */

/** Mastodon's scopes (`Doorkeeper.configuration.scopes`); `profile` arrived in 4.3. */
const SCOPES = [
  'read', 'write', 'write:accounts', 'write:blocks', 'write:bookmarks', 'write:conversations', 'write:favourites',
  'write:filters', 'write:follows', 'write:lists', 'write:media', 'write:mutes', 'write:notifications', 'write:reports',
  'write:statuses', 'read:accounts', 'read:blocks', 'read:bookmarks', 'read:favourites', 'read:filters', 'read:follows',
  'read:lists', 'read:mutes', 'read:notifications', 'read:search', 'read:statuses', 'follow', 'push', 'profile',
  'admin:read', 'admin:read:accounts', 'admin:read:reports', 'admin:read:domain_allows', 'admin:read:domain_blocks',
  'admin:read:ip_blocks', 'admin:read:email_domain_blocks', 'admin:read:canonical_email_blocks', 'admin:write',
  'admin:write:accounts', 'admin:write:reports', 'admin:write:domain_allows', 'admin:write:domain_blocks',
  'admin:write:ip_blocks', 'admin:write:email_domain_blocks', 'admin:write:canonical_email_blocks',
];

const OOB_URI = 'urn:ietf:wg:oauth:2.0:oob';
const GRANT_LIFETIME_MS = 10 * 60 * 1000;

/** Doorkeeper's error texts (`config/locales/doorkeeper.en.yml`). */
const OAUTH_ERRORS = {
  invalid_client: 'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.',
  invalid_grant: 'The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.',
  invalid_scope: 'The requested scope is invalid, unknown, or malformed.',
  invalid_redirect_uri: "The requested redirect uri is malformed or doesn't match client redirect URI.",
  unsupported_grant_type: 'The authorization grant type is not supported by the authorization server.',
  unsupported_response_type: 'The authorization server does not support this response type.',
  access_denied: 'The resource owner or authorization server denied the request.',
  unauthorized_client: 'You are not authorized to revoke this token',
} as const;

function supportedScopes(ctx: RequestContext): string[] {
  return isAtLeast(ctx.config, '4.3') ? SCOPES : SCOPES.filter((s) => s !== 'profile');
}

function secret(): string {
  return randomBytes(32).toString('base64url');
}

/** A real P-256 public key, as Mastodon's VAPID key is. */
const VAPID_KEY = createECDH('prime256v1').generateKeys().toString('base64url');

function splitScopes(text: string | undefined): string[] {
  return (text ?? '').split(/[\s+]+/).filter((s) => s !== '');
}

/** Doorkeeper's redirect URI validation (`RedirectUriValidator`). */
function redirectUriError(uri: string): string | undefined {
  if (uri === OOB_URI) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(uri);
  } catch {
    return 'must be an absolute URI.';
  }
  if (parsed.hash !== '' || uri.includes('#')) return 'cannot contain a fragment.';
  return undefined;
}

/** `POST /api/v1/apps`. */
export const createApp: Handler = (ctx) => {
  const { params } = ctx;
  const name = param(params, 'client_name')?.trim() ?? '';
  const rawUris = params.redirect_uris;
  // Before 4.3 the controller permits `redirect_uris` only as a scalar; an array is dropped.
  const uriText = Array.isArray(rawUris) ? (isAtLeast(ctx.config, '4.3') ? rawUris.join('\n') : '') : (rawUris ?? '');
  const redirectUris = uriText.split(/\s+/).filter((u) => u !== '');
  const scopes = splitScopes(param(params, 'scopes') ?? 'read');
  const website = param(params, 'website')?.trim() || null;

  const errors: string[] = [];
  if (name === '') errors.push("Application name can't be blank");
  if (redirectUris.length === 0) errors.push("Redirect URI can't be blank");
  for (const uri of redirectUris) {
    const problem = redirectUriError(uri);
    if (problem) errors.push(`Redirect URI ${problem}`);
  }
  const known = supportedScopes(ctx);
  if (scopes.length === 0 || scopes.some((s) => !known.includes(s))) errors.push("Scopes doesn't match configured on the server.");
  if (errors.length > 0) return json(422, { error: `Validation failed: ${errors.join(', ')}` });

  const app: AppRecord = {
    id: ctx.store.newAppId(),
    name,
    website,
    redirectUris,
    scopes,
    clientId: secret(),
    clientSecret: secret(),
    createdAt: ctx.now(),
  };
  ctx.store.apps.set(app.clientId, app);
  return json(200, credentialApplication(ctx, app));
};

/** `REST::CredentialApplicationSerializer` (4.3 added `scopes`, `redirect_uris` and `client_secret_expires_at`). */
function credentialApplication(ctx: RequestContext, app: AppRecord): Record<string, unknown> {
  const base = { id: app.id, name: app.name, website: app.website };
  const credentials = { client_id: app.clientId, client_secret: app.clientSecret };
  if (!isAtLeast(ctx.config, '4.3')) {
    return { ...base, redirect_uri: app.redirectUris.join('\n'), ...credentials, vapid_key: VAPID_KEY };
  }
  return {
    ...base,
    scopes: app.scopes,
    redirect_uri: app.redirectUris.join('\n'),
    redirect_uris: app.redirectUris,
    vapid_key: VAPID_KEY,
    ...credentials,
    client_secret_expires_at: 0,
  };
}

interface PreAuthorization {
  app: AppRecord;
  redirectUri: string;
  scopes: string[];
  state?: string;
  codeChallenge: string | null;
  codeChallengeMethod: string | null;
}

/** Adds OAuth parameters to a redirect URI, keeping any query it has. */
function withQuery(uri: string, values: Record<string, string | undefined>): string {
  const url = new URL(uri);
  for (const [key, value] of Object.entries(values)) if (value !== undefined) url.searchParams.set(key, value);
  return url.toString();
}

function errorPage(status: number, error: keyof typeof OAUTH_ERRORS | string, description: string): Reply {
  return html(status, page('An error has occurred', `<div class="form-container"><h3>An error has occurred</h3><p class="error">${escapeHtml(description)}</p><p><code>${escapeHtml(error)}</code></p></div>`));
}

/**
 * Doorkeeper's `PreAuthorization`: client and redirect URI errors show an error page (the
 * redirect URI cannot be trusted); the others go back to the client with `error`.
 */
function preAuthorize(ctx: RequestContext, params: Params): PreAuthorization | Reply {
  const app = ctx.store.apps.get(param(params, 'client_id') ?? '');
  if (!app) return errorPage(401, 'invalid_client', OAUTH_ERRORS.invalid_client);
  const redirectUri = param(params, 'redirect_uri') ?? '';
  if (redirectUri === '') return errorPage(400, 'invalid_request', 'Missing required parameter: redirect_uri.');
  // Matching is exact: no normalisation, no prefix match (Doorkeeper::OAuth::Helpers::URIChecker).
  if (!app.redirectUris.includes(redirectUri)) return errorPage(400, 'invalid_redirect_uri', OAUTH_ERRORS.invalid_redirect_uri);
  const state = param(params, 'state');
  const back = (error: string, description: string): Reply =>
    redirectUri === OOB_URI
      ? errorPage(400, error, description)
      : redirect(withQuery(redirectUri, { error, error_description: description, state }));

  if (param(params, 'response_type') !== 'code') return back('unsupported_response_type', OAUTH_ERRORS.unsupported_response_type);
  const requested = splitScopes(param(params, 'scope'));
  const scopes = requested.length > 0 ? requested : ['read'];
  if (scopes.some((s) => !app.scopes.includes(s) || !supportedScopes(ctx).includes(s))) {
    return back('invalid_scope', OAUTH_ERRORS.invalid_scope);
  }

  let codeChallenge: string | null = null;
  let codeChallengeMethod: string | null = null;
  // Before 4.3 Mastodon's grants table had no PKCE columns: the parameters are ignored.
  if (isAtLeast(ctx.config, '4.3')) {
    const challenge = param(params, 'code_challenge');
    if (challenge) {
      const method = param(params, 'code_challenge_method') || 'plain';
      const allowed = isAtLeast(ctx.config, '4.4') ? ['S256'] : ['plain', 'S256'];
      if (!allowed.includes(method)) {
        return back('invalid_request', `The code_challenge_method must be one of ${allowed.join(', ')}.`);
      }
      codeChallenge = challenge;
      codeChallengeMethod = method;
    }
  }
  return { app, redirectUri, scopes, state, codeChallenge, codeChallengeMethod };
}

function sameScopes(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((s) => b.includes(s));
}

function approve(ctx: RequestContext, pre: PreAuthorization): Reply {
  const code = secret();
  ctx.store.grants.set(code, {
    code,
    appId: pre.app.id,
    accountId: DEMO_ACCOUNT_ID,
    redirectUri: pre.redirectUri,
    scopes: pre.scopes,
    codeChallenge: pre.codeChallenge,
    codeChallengeMethod: pre.codeChallengeMethod,
    expiresAt: ctx.now() + GRANT_LIFETIME_MS,
    isUsed: false,
  });
  if (pre.redirectUri === OOB_URI) return redirect(`${ctx.baseUrl}/oauth/authorize/native?code=${encodeURIComponent(code)}`);
  return redirect(withQuery(pre.redirectUri, { code, state: pre.state }));
}

/** `GET /oauth/authorize`: the consent page, or straight back when the app already holds a matching token. */
export const showAuthorization: Handler = (ctx) => {
  const pre = preAuthorize(ctx, ctx.params);
  if (isReply(pre)) return pre;
  const hasMatchingToken = [...ctx.store.tokens.values()].some(
    (t) => !t.isRevoked && t.appId === pre.app.id && t.accountId === DEMO_ACCOUNT_ID && sameScopes(t.scopes, pre.scopes),
  );
  if (ctx.config.autoApprove || (hasMatchingToken && param(ctx.params, 'force_login') !== 'true')) return approve(ctx, pre);
  return html(200, consentPage(pre));
};

/** `POST /oauth/authorize` (Authorize) and `DELETE /oauth/authorize` (Deny, sent as `_method=delete`). */
export const decideAuthorization: Handler = (ctx) => {
  const pre = preAuthorize(ctx, ctx.params);
  if (isReply(pre)) return pre;
  const isDenied = ctx.method === 'DELETE' || param(ctx.params, '_method')?.toLowerCase() === 'delete';
  if (!isDenied) return approve(ctx, pre);
  if (pre.redirectUri === OOB_URI) return errorPage(400, 'access_denied', OAUTH_ERRORS.access_denied);
  return redirect(withQuery(pre.redirectUri, { error: 'access_denied', error_description: OAUTH_ERRORS.access_denied, state: pre.state }));
};

/** `GET /oauth/authorize/native`: the code shown to the user for out-of-band apps. */
export const showNativeCode: Handler = (ctx) => {
  const code = param(ctx.params, 'code') ?? '';
  return html(200, page('Authorization code', `<div class="form-container"><h3>Authorization code</h3><p>Copy this authorization code and paste it to the application.</p><input class="oauth-code" readonly type="text" value="${escapeHtml(code)}"></div>`));
};

const SCOPE_LABELS: Record<string, string> = {
  read: 'Read all your account\'s data',
  write: 'Modify all your account\'s data',
  follow: 'Modify account relationships',
  profile: 'Read only your account\'s profile information',
  'read:blocks': 'See your blocks',
  'write:blocks': 'Block accounts and domains',
  'read:accounts': 'See accounts information',
  'read:follows': 'See your follows',
  'write:follows': 'Follow people',
};

function consentPage(pre: PreAuthorization): string {
  const hidden = [
    ['client_id', pre.app.clientId],
    ['redirect_uri', pre.redirectUri],
    ['state', pre.state ?? ''],
    ['response_type', 'code'],
    ['scope', pre.scopes.join(' ')],
    ['code_challenge', pre.codeChallenge ?? ''],
    ['code_challenge_method', pre.codeChallengeMethod ?? ''],
  ].map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value ?? '')}" autocomplete="off">`).join('');
  const permissions = pre.scopes
    .map((s) => `<li class="permission"><strong>${escapeHtml(SCOPE_LABELS[s] ?? s)}</strong> <code>${escapeHtml(s)}</code></li>`)
    .join('');
  // The markup follows app/views/oauth/authorizations/new.html.haml: two forms, Authorize and Deny.
  return page('Authorization required', `<div class="form-container simple_form">
<div class="oauth-prompt">
<h3>Authorization required</h3>
<p><strong class="oauth-prompt__app-name">${escapeHtml(pre.app.name)}</strong> would like permission to access your account <strong>@demo@${LOCAL_DOMAIN}</strong>. It is a third-party application. Only approve this request if you recognize and trust this source.</p>
<h3>Review permissions</h3>
<ul class="permissions-list">${permissions}</ul>
</div>
<div class="actions">
<form action="/oauth/authorize" method="post" accept-charset="UTF-8">${hidden}<button type="submit" class="btn">Authorize</button></form>
<form action="/oauth/authorize" method="post" accept-charset="UTF-8"><input type="hidden" name="_method" value="delete">${hidden}<button type="submit" class="btn negative">Deny</button></form>
</div>
</div>`);
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} - ${LOCAL_DOMAIN}</title>
<style>body{font-family:system-ui,sans-serif;background:#191b22;color:#d9e1e8;display:flex;justify-content:center;padding:40px}
.form-container{max-width:420px}.actions{display:flex;gap:12px;margin-top:24px}
.btn{background:#6364ff;color:#fff;border:0;border-radius:4px;padding:10px 24px;font-size:16px;cursor:pointer}
.btn.negative{background:#df405a}code{color:#8c8dff}</style></head>
<body class="modal-layout"><main>${body}</main></body></html>`;
}

interface ClientCredentials {
  clientId?: string;
  clientSecret?: string;
}

/** Client authentication: HTTP Basic, else `client_id`/`client_secret` in the body. */
function clientCredentials(ctx: RequestContext): ClientCredentials {
  const header = ctx.headers.authorization;
  if (header && /^Basic\s+/i.test(header)) {
    const decoded = Buffer.from(header.replace(/^Basic\s+/i, ''), 'base64').toString('utf8');
    const split = decoded.indexOf(':');
    if (split >= 0) {
      return { clientId: decodeURIComponent(decoded.slice(0, split)), clientSecret: decodeURIComponent(decoded.slice(split + 1)) };
    }
  }
  return { clientId: param(ctx.params, 'client_id'), clientSecret: param(ctx.params, 'client_secret') };
}

function authenticatedClient(ctx: RequestContext): AppRecord | undefined {
  const { clientId, clientSecret } = clientCredentials(ctx);
  const app = ctx.store.apps.get(clientId ?? '');
  return app && clientSecret !== undefined && app.clientSecret === clientSecret ? app : undefined;
}

function oauthError(status: number, error: string, description: string): Reply {
  return json(status, { error, error_description: description }, { 'Cache-Control': 'no-store', Pragma: 'no-cache' });
}

function tokenBody(token: TokenRecord): Reply {
  return json(
    200,
    { access_token: token.token, token_type: 'Bearer', scope: token.scopes.join(' '), created_at: token.createdAt },
    { 'Cache-Control': 'no-store', Pragma: 'no-cache' },
  );
}

function issueToken(ctx: RequestContext, appId: string, accountId: string | null, scopes: string[]): TokenRecord {
  const token: TokenRecord = { token: secret(), appId, accountId, scopes, createdAt: Math.floor(ctx.now() / 1000), isRevoked: false };
  ctx.store.tokens.set(token.token, token);
  return token;
}

function pkceChallenge(verifier: string, method: string | null): string {
  return method === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
}

/** `POST /oauth/token`: `authorization_code` and `client_credentials`. */
export const createToken: Handler = (ctx) => {
  const grantType = param(ctx.params, 'grant_type');
  if (grantType !== 'authorization_code' && grantType !== 'client_credentials') {
    return oauthError(400, 'unsupported_grant_type', OAUTH_ERRORS.unsupported_grant_type);
  }
  const app = authenticatedClient(ctx);
  if (!app) return oauthError(401, 'invalid_client', OAUTH_ERRORS.invalid_client);

  if (grantType === 'client_credentials') {
    const requested = splitScopes(param(ctx.params, 'scope'));
    const scopes = requested.length > 0 ? requested : ['read'];
    if (scopes.some((s) => !app.scopes.includes(s))) return oauthError(400, 'invalid_scope', OAUTH_ERRORS.invalid_scope);
    return tokenBody(issueToken(ctx, app.id, null, scopes));
  }

  const code = param(ctx.params, 'code');
  if (!code) return oauthError(400, 'invalid_request', 'Missing required parameter: code.');
  const grant = ctx.store.grants.get(code);
  if (!grant || grant.isUsed || grant.expiresAt < ctx.now() || grant.appId !== app.id) {
    return oauthError(400, 'invalid_grant', OAUTH_ERRORS.invalid_grant);
  }
  const verifier = param(ctx.params, 'code_verifier');
  const redirectUri = param(ctx.params, 'redirect_uri');
  if (grant.codeChallenge && !verifier) return oauthError(400, 'invalid_request', 'Missing required parameter: code_verifier.');
  if (!redirectUri) return oauthError(400, 'invalid_request', 'Missing required parameter: redirect_uri.');
  if (redirectUri !== grant.redirectUri) return oauthError(400, 'invalid_grant', OAUTH_ERRORS.invalid_grant);
  // Doorkeeper's `validate_code_verifier`: skipped where PKCE is unsupported (4.2); from 4.3 a
  // verifier must match the challenge, and a verifier without a challenge fails.
  if (isAtLeast(ctx.config, '4.3') && (grant.codeChallenge || verifier)) {
    if (!grant.codeChallenge || !verifier || pkceChallenge(verifier, grant.codeChallengeMethod) !== grant.codeChallenge) {
      return oauthError(400, 'invalid_grant', OAUTH_ERRORS.invalid_grant);
    }
  }
  grant.isUsed = true;
  // `reuse_access_token`: authorising again hands back the token the app already holds.
  const existing = [...ctx.store.tokens.values()].find(
    (t) => !t.isRevoked && t.appId === app.id && t.accountId === grant.accountId && sameScopes(t.scopes, grant.scopes),
  );
  return tokenBody(existing ?? issueToken(ctx, app.id, grant.accountId, grant.scopes));
};

/** `POST /oauth/revoke` (RFC 7009 as Doorkeeper implements it): `{}` unless another client's token. */
export const revokeToken: Handler = (ctx) => {
  const token = ctx.store.tokens.get(param(ctx.params, 'token') ?? '');
  if (!token) return json(200, {});
  const app = authenticatedClient(ctx);
  if (!app || app.id !== token.appId) return oauthError(403, 'unauthorized_client', OAUTH_ERRORS.unauthorized_client);
  token.isRevoked = true;
  return json(200, {});
};

/** `GET /.well-known/oauth-authorization-server` (4.3+; `userinfo_endpoint` from 4.4). */
export const showOauthMetadata: Handler = (ctx) => {
  const base = ctx.baseUrl;
  return json(200, {
    issuer: `${base}/`,
    service_documentation: 'https://docs.joinmastodon.org/',
    authorization_endpoint: `${base}/oauth/authorize`,
    token_endpoint: `${base}/oauth/token`,
    app_registration_endpoint: `${base}/api/v1/apps`,
    revocation_endpoint: `${base}/oauth/revoke`,
    ...(isAtLeast(ctx.config, '4.4') ? { userinfo_endpoint: `${base}/oauth/userinfo` } : {}),
    scopes_supported: supportedScopes(ctx),
    response_types_supported: ['code'],
    response_modes_supported: ['query', 'fragment', 'form_post'],
    code_challenge_methods_supported: ['S256'],
    grant_types_supported: ['authorization_code', 'client_credentials'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
  });
};

/** `GET /oauth/userinfo` (4.4+), OpenID-style claims for a `profile` token. */
export const showUserinfo: Handler = (ctx) => {
  const token = authorize(ctx, ['profile']);
  if (isReply(token)) return token;
  const account = ctx.store.accounts.get(token.accountId ?? '');
  if (!account) return json(404, { error: 'Record not found' });
  return json(200, {
    iss: `${ctx.baseUrl}/`,
    sub: `${ctx.baseUrl}/users/${account.username}`,
    name: account.displayName,
    preferred_username: account.username,
    profile: `${ctx.baseUrl}/@${account.username}`,
    picture: avatarUrl(ctx.baseUrl, account.id),
  });
};
