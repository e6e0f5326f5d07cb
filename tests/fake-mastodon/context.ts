import type { IncomingHttpHeaders } from 'node:http';
import { json, type Params, type Reply } from './http-kit.ts';
import type { JobQueue } from './jobs.ts';
import type { FakeStore, TokenRecord } from './store.ts';

export type MastodonVersion = '4.2' | '4.3' | '4.4' | '4.5' | '4.6';

/** `vanilla`: Mastodon's own web client; `glitch`: glitch-soc's default flavour of it. */
export type WebFlavour = 'vanilla' | 'glitch';

/** Every version the fake can play, oldest first. */
export const MASTODON_VERSIONS: readonly MastodonVersion[] = ['4.2', '4.3', '4.4', '4.5', '4.6'];

export interface ServerConfig {
  version: MastodonVersion;
  /** What the server plays (other-servers.ts); the others answer as Mastodon 4.2 elsewhere. */
  software: 'mastodon' | 'akkoma' | 'pleroma' | 'gotosocial';
  /** The web client served: Mastodon's own, or glitch-soc's "glitch" flavour (4.6 only). */
  flavour: WebFlavour;
  windowMs: number;
  limitPerWindow: number;
  instanceBlocksVisibility: 'hidden' | 'users' | 'all';
  /** How long after a personal domain block its follows, followers and notifications are cut. */
  blockSideEffectsDelayMs: number;
  autoApprove: boolean;
  appRegistrationLimit: number;
  appRegistrationWindowMs: number;
}

export interface RequestContext {
  method: string;
  url: URL;
  params: Params;
  headers: IncomingHttpHeaders;
  ip: string;
  /** The fake's own origin, used for every URL it writes (`Link`, account URLs). */
  baseUrl: string;
  store: FakeStore;
  /** Background jobs (Sidekiq), run after the answer. */
  jobs: JobQueue;
  config: ServerConfig;
  now: () => number;
  /** The access token the request carried, valid or not. */
  rawToken?: string;
}

export type Handler = (ctx: RequestContext) => Reply | Promise<Reply>;

/** Whether the configured Mastodon is at least `version`. */
export function isAtLeast(config: ServerConfig, version: MastodonVersion): boolean {
  return MASTODON_VERSIONS.indexOf(config.version) >= MASTODON_VERSIONS.indexOf(version);
}

/** Full version text per family, as `GET /api/v2/instance` reports it. */
export const VERSION_TEXT: Record<MastodonVersion, string> = {
  '4.2': '4.2.13',
  '4.3': '4.3.8',
  '4.4': '4.4.3',
  '4.5': '4.5.15',
  '4.6': '4.6.5',
};

/** `api_versions.mastodon` (absent before 4.3). */
export const API_VERSION: Record<MastodonVersion, number | undefined> = {
  '4.2': undefined,
  '4.3': 2,
  '4.4': 6,
  '4.5': 7,
  // lib/mastodon/version.rb: 10 in 4.6.0, 11 from 4.6.1.
  '4.6': 11,
};

/**
 * Doorkeeper's access token lookup as Mastodon configures it (`config/initializers/doorkeeper.rb`:
 * bearer header, then `access_token` parameter).
 */
export function extractToken(headers: IncomingHttpHeaders, params: Params): string | undefined {
  const header = headers.authorization;
  if (header && /^Bearer\s+/i.test(header)) return header.replace(/^Bearer\s+/i, '').trim();
  const fromParam = params.access_token;
  return typeof fromParam === 'string' && fromParam !== '' ? fromParam : undefined;
}

/**
 * Doorkeeper's 401 (`Doorkeeper::OAuth::InvalidTokenResponse.from_access_token`, texts in
 * config/locales/doorkeeper.en.yml `invalid_token`): "was revoked" for a token the server still
 * holds as revoked, "is invalid" for one it does not know (or none at all). Mastodon renders the
 * description as `error` (`Api::BaseController#doorkeeper_unauthorized_render_options`), and
 * Doorkeeper adds its `WWW-Authenticate` header.
 */
export function invalidToken(reason: 'revoked' | 'unknown'): Reply {
  const description = reason === 'revoked' ? 'The access token was revoked' : 'The access token is invalid';
  return json(401, { error: description }, {
    'WWW-Authenticate': `Bearer realm="Doorkeeper", error="invalid_token", error_description="${description}"`,
  });
}

export const OUTSIDE_SCOPES = json(403, { error: 'This action is outside the authorized scopes' });
export const USER_REQUIRED = json(422, { error: 'This method requires an authenticated user' });

/**
 * `doorkeeper_authorize!(*scopes)`: a valid token holding any one of `scopes`, else 401 or 403.
 * With `requireUser`, also Mastodon's `require_user!` (client_credentials tokens act for no one).
 */
export function authorize(ctx: RequestContext, scopes: string[], requireUser = true): TokenRecord | Reply {
  const token = ctx.store.activeToken(ctx.rawToken);
  if (!token) return invalidToken(ctx.rawToken && ctx.store.tokens.get(ctx.rawToken)?.isRevoked ? 'revoked' : 'unknown');
  if (!scopes.some((scope) => token.scopes.includes(scope))) return OUTSIDE_SCOPES;
  if (requireUser && token.accountId === null) return USER_REQUIRED;
  return token;
}

/** `authorize_if_got_token!`: anonymous requests pass; a token present must be valid and in scope. */
export function authorizeIfGotToken(ctx: RequestContext, scopes: string[]): TokenRecord | Reply | undefined {
  if (!ctx.rawToken) return undefined;
  return authorize(ctx, scopes, false);
}

export function isReply(value: unknown): value is Reply {
  return typeof value === 'object' && value !== null && 'status' in value && !('token' in value);
}
