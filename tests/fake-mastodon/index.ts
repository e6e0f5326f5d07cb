import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { pathToFileURL } from 'node:url';
import {
  createDomainBlock, deleteDomainBlock, listDomainBlocks, listFollowers, listFollowing, listInstanceDomainBlocks,
  notFound, previewDomainBlock, queueAfterDomainBlock, showAccount, showInstanceV1, showInstanceV2, verifyCredentials,
} from './api.ts';
import {
  MASTODON_VERSIONS, extractToken, isAtLeast, type Handler, type MastodonVersion, type RequestContext, type ServerConfig, type WebFlavour,
} from './context.ts';
import { normalizeDomain } from './domain-names.ts';
import { FaultInjector, htmlErrorPage, type FaultSpec } from './faults.ts';
import { JobQueue } from './jobs.ts';
import { DEFAULT_LISTS_DIR, LIST_PATH, createListHandler } from './lists.ts';
import { BadRequestBody, json, readParams, type Params, type Reply } from './http-kit.ts';
import {
  createApp, createToken, decideAuthorization, revokeToken, showAuthorization, showNativeCode, showOauthMetadata, showUserinfo,
} from './oauth.ts';
import { RateLimiter, type Throttle, type ThrottleResult } from './rate-limits.ts';
import { DEMO_ACCOUNT_ID, DEMO_SCOPES, publicPost, remoteAccountRecord, seedDemo, seedEmpty, snowflakeAt } from './seed.ts';
import { FakeStore, prettyAcct } from './store.ts';
import {
  accountFeaturedTags, accountStatuses, emptyAnswer, familiarFollowers, homeTimeline, lookupAccount, notificationPolicy, notificationsV1,
  notificationsV2, relationships, saveMarkers, showMarkers, showStatus, statusContext,
} from './web-api.ts';
import {
  acceptStreaming, isClientPath, servesRealClient, showClientPage, showPack, showPublicFile, showServiceWorker, showWebManifest,
} from './web-client.ts';
import { isWebAppPath, showAvatar, showMissingImage, showStylesheet, showWebPage } from './web-pages.ts';
import { WebImports, importRoutes, type BulkImportRecord, type ImporterFaults } from './web-imports.ts';
import { otherServerReply, type ServerSoftware } from './other-servers.ts';

export type { FaultSpec } from './faults.ts';
export type { MastodonVersion, WebFlavour } from './context.ts';
export type { BulkImportRecord, ImporterFaults } from './web-imports.ts';
export type { ServerSoftware } from './other-servers.ts';
export { DEMO_EMAIL, DEMO_PASSWORD, SESSION_COOKIE } from './web-imports.ts';

export interface FakeMastodonOptions {
  /**
   * Behaviour family; default '4.6' (4.6.5). '4.5' and '4.6' serve Mastodon's own web client;
   * '4.2' to '4.4' the hand-drawn pages. '4.2': no PKCE, no discovery, string redirect_uris only,
   * no preview, exact-match unblock.
   */
  version?: MastodonVersion;
  /**
   * The web client: `'vanilla'` (default) Mastodon's own; `'glitch'` glitch-soc 4.6.5's default
   * "glitch" flavour (tests/fixtures/mastodon-web/glitch-4.6.5), with version '4.6' only.
   */
  flavour?: WebFlavour;
  /**
   * `'akkoma'`, `'pleroma'` or `'gotosocial'`: answers as those servers' sources do where they differ from
   * Mastodon (other-servers.ts; docs/other-servers.md), and as Mastodon 4.2 elsewhere; `version`
   * is then ignored. Default `'mastodon'`.
   */
  software?: ServerSoftware;
  /** Default 0 (any free port); the server binds 127.0.0.1 only. */
  port?: number;
  /** Rate-limit window length; default 300_000 (Mastodon's 5 minutes). Windows are fixed and aligned to the epoch. */
  windowMs?: number;
  /** Requests per token per window; default 300. */
  limitPerWindow?: number;
  seed?: 'demo' | 'empty';
  /**
   * `GET /api/v1/instance/domain_blocks`: 404 / any signed-in user / public. Default 'hidden',
   * Mastodon's own default (`show_domain_blocks: 'disabled'` in config/settings.yml).
   */
  instanceBlocksVisibility?: 'hidden' | 'users' | 'all';
  /**
   * How long after a personal domain block its follows, followers and notifications are cut
   * (`AfterAccountDomainBlockWorker`, a Sidekiq job); default 300 ms. 0 cuts them before the
   * answer leaves.
   */
  blockSideEffectsDelayMs?: number;
  /** Skip the consent page at /oauth/authorize; default false. */
  autoApprove?: boolean;
  /** App registrations per IP per `appRegistrationWindowMs` from 4.3; default 5 (Mastodon's). */
  appRegistrationLimit?: number;
  /** Default 600_000 (10 minutes). */
  appRegistrationWindowMs?: number;
  /** Clock for rate-limit windows, grants and tokens; default Date.now. */
  now?: () => number;
  /** The folder `GET /lists/<name>` serves files from; default tests/fixtures/lists. Read on every request. */
  listsDir?: string | URL;
}

export interface RequestRecord {
  method: string;
  /** Path without the query string. */
  path: string;
  /** The query string with its `?`, or ''. */
  query: string;
  /** 0 when the connection was dropped. */
  status: number;
  at: number;
  token?: string;
  /**
   * The `domain` parameter (query or body) of a request the application read, e.g. a domain-block
   * POST or DELETE; absent when a fault answered before the application saw the request.
   */
  domain?: string;
}

export interface FakeMastodon {
  /** 'http://127.0.0.1:PORT' */
  url: string;
  /** An access token of the demo user with scopes read write follow. */
  demoToken: string;
  demoAccountId: string;
  /** Inspect and prepare state in tests. */
  state: {
    /** Personal domain blocks, newest first. */
    domainBlocks(accountId?: string): string[];
    /** As if the user blocked by hand in Mastodon (with the side effects). Throws on an invalid domain. */
    addDomainBlock(domain: string, accountId?: string): void;
    removeDomainBlock(domain: string, accountId?: string): void;
    /** Accts as the API shows them (local accounts without domain, IDN domains in Unicode). */
    following(accountId?: string): string[];
    followers(accountId?: string): string[];
    /** As if the user followed an account the server knows (by acct) in Mastodon. Throws on an unknown acct. */
    follow(acct: string, accountId?: string): void;
    /** As if the user unfollowed an account (by acct) in Mastodon; its follow of the user stays. */
    unfollow(acct: string, accountId?: string): void;
    /**
     * A remote account outside the demo story that the user follows (`isFollowed`) or that follows
     * the user (`followsUser`). Returns its acct.
     */
    addRemoteAccount(account: { username: string; domain: string; displayName: string; isFollowed?: boolean; followsUser?: boolean }, accountId?: string): string;
    /**
     * A public post by `acct` (an account the server knows) at the top of the user's home feed, as if
     * it had just arrived; `content` is HTML as Mastodon stores it (`<p>`, links). Returns its id.
     */
    addPost(post: { acct: string; content: string }, accountId?: string): string;
    requests: RequestRecord[];
    revokeToken(token: string): void;
    /** Resolves once the background jobs queued so far (a block's side effects) have run. */
    jobsDone(): Promise<void>;
  };
  faults: { set(spec: FaultSpec | FaultSpec[]): void; clear(): void };
  /** The web login session and Mastodon's own importer (web-imports.ts). */
  importer: {
    /** Opens a signed-in web session of demo, as `/auth/sign_in` does; the `_mastodon_session` cookie's value. */
    signIn(): string;
    /** Ends every web session (as an expired or signed-out cookie). */
    signOut(): void;
    /** The imports made, oldest first. */
    imports(): BulkImportRecord[];
    /** Replaces the import pages' faults. */
    setFaults(faults: ImporterFaults): void;
  };
  close(): Promise<void>;
}

interface Route {
  method: string;
  path: RegExp;
  handler: Handler;
  since?: MastodonVersion;
}

const ROUTES: Route[] = [
  { method: 'POST', path: /^\/api\/v1\/apps$/, handler: createApp },
  { method: 'GET', path: /^\/oauth\/authorize$/, handler: showAuthorization },
  { method: 'POST', path: /^\/oauth\/authorize$/, handler: decideAuthorization },
  { method: 'DELETE', path: /^\/oauth\/authorize$/, handler: decideAuthorization },
  { method: 'GET', path: /^\/oauth\/authorize\/native$/, handler: showNativeCode },
  { method: 'POST', path: /^\/oauth\/token$/, handler: createToken },
  { method: 'POST', path: /^\/oauth\/revoke$/, handler: revokeToken },
  { method: 'GET', path: /^\/oauth\/userinfo$/, handler: showUserinfo, since: '4.4' },
  { method: 'GET', path: /^\/\.well-known\/oauth-authorization-server$/, handler: showOauthMetadata, since: '4.3' },
  { method: 'GET', path: /^\/api\/v1\/accounts\/verify_credentials$/, handler: verifyCredentials },
  { method: 'GET', path: /^\/api\/v1\/accounts\/[^/]+\/following$/, handler: listFollowing },
  { method: 'GET', path: /^\/api\/v1\/accounts\/[^/]+\/followers$/, handler: listFollowers },
  { method: 'GET', path: /^\/api\/v1\/domain_blocks$/, handler: listDomainBlocks },
  { method: 'POST', path: /^\/api\/v1\/domain_blocks$/, handler: createDomainBlock },
  { method: 'DELETE', path: /^\/api\/v1\/domain_blocks$/, handler: deleteDomainBlock },
  { method: 'GET', path: /^\/api\/v1\/domain_blocks\/preview$/, handler: previewDomainBlock, since: '4.3' },
  { method: 'GET', path: /^\/api\/v1\/instance$/, handler: showInstanceV1 },
  { method: 'GET', path: /^\/api\/v2\/instance$/, handler: showInstanceV2 },
  { method: 'GET', path: /^\/api\/v1\/instance\/domain_blocks$/, handler: listInstanceDomainBlocks },
  // What Mastodon's web client calls (web-api.ts).
  { method: 'GET', path: /^\/api\/v1\/timelines\/home$/, handler: homeTimeline },
  { method: 'GET', path: /^\/api\/v1\/statuses\/\d+$/, handler: showStatus },
  { method: 'GET', path: /^\/api\/v1\/statuses\/\d+\/context$/, handler: statusContext },
  { method: 'GET', path: /^\/api\/v1\/accounts\/lookup$/, handler: lookupAccount },
  { method: 'GET', path: /^\/api\/v1\/accounts\/relationships$/, handler: relationships },
  { method: 'GET', path: /^\/api\/v1\/accounts\/familiar_followers$/, handler: familiarFollowers },
  { method: 'GET', path: /^\/api\/v1\/accounts\/[^/]+\/statuses$/, handler: accountStatuses },
  { method: 'GET', path: /^\/api\/v1\/accounts\/[^/]+\/featured_tags$/, handler: accountFeaturedTags },
  // After lookup, relationships and familiar_followers, which the next pattern would take for ids.
  { method: 'GET', path: /^\/api\/v1\/accounts\/[^/]+$/, handler: showAccount },
  { method: 'GET', path: /^\/api\/v1\/notifications$/, handler: notificationsV1 },
  { method: 'GET', path: /^\/api\/v2\/notifications$/, handler: notificationsV2, since: '4.3' },
  { method: 'GET', path: /^\/api\/v2\/notifications\/policy$/, handler: notificationPolicy, since: '4.3' },
  { method: 'GET', path: /^\/api\/v1\/markers$/, handler: showMarkers },
  { method: 'POST', path: /^\/api\/v1\/markers$/, handler: saveMarkers },
  { method: 'GET', path: /^\/api\/v1\/custom_emojis$/, handler: emptyAnswer([], null) },
  { method: 'GET', path: /^\/api\/v1\/instance\/translation_languages$/, handler: emptyAnswer({}, null) },
  { method: 'GET', path: /^\/api\/v1\/follow_requests$/, handler: emptyAnswer([], ['follow', 'read', 'read:follows'], true) },
  { method: 'GET', path: /^\/api\/v1\/lists$/, handler: emptyAnswer([], ['read', 'read:lists'], true) },
  { method: 'GET', path: /^\/api\/v1\/followed_tags$/, handler: emptyAnswer([], ['read', 'read:follows'], true) },
  { method: 'GET', path: /^\/api\/v1\/trends\/tags$/, handler: emptyAnswer([], null) },
  { method: 'GET', path: /^\/api\/v1\/announcements$/, handler: emptyAnswer([], ['read']) },
  { method: 'GET', path: /^\/api\/v2\/suggestions$/, handler: emptyAnswer([], ['read', 'read:accounts'], true) },
  { method: 'GET', path: /^\/system\/accounts\/avatars\/[^/]+\/original\/avatar\.svg$/, handler: showAvatar },
];

/** Files of the web UI: the hand-drawn pages' stylesheet (4.2 to 4.4), or Mastodon's own client's (4.5, 4.6). */
const HAND_DRAWN_FILES: Route[] = [
  { method: 'GET', path: /^\/(avatars|headers)\/original\/missing\.png$/, handler: showMissingImage },
  { method: 'GET', path: /^\/packs\/web-ui\.css$/, handler: showStylesheet },
];
const CLIENT_FILES: Route[] = [
  { method: 'GET', path: /^\/packs\//, handler: showPack },
  { method: 'GET', path: /^\/((avatars|headers)\/original\/missing\.png|sounds\/boop\.(ogg|mp3)|oops\.png)$/, handler: showPublicFile },
  { method: 'GET', path: /^\/sw\.js$/, handler: showServiceWorker },
  { method: 'GET', path: /^\/manifest\.json$/, handler: showWebManifest },
];

/** `config/initializers/cors.rb`: these paths allow any origin. */
const CORS_PATHS = /^\/(api\/|oauth\/token$|oauth\/revoke$|oauth\/userinfo$|\.well-known\/)/;
const CORS_EXPOSED = 'Link, Mastodon-Async-Refresh, X-RateLimit-Reset, X-RateLimit-Limit, X-RateLimit-Remaining, X-Request-Id';
const PAGING_PARAMS = ['max_id', 'since_id', 'min_id', 'page'];

/** Starts a fake Mastodon on 127.0.0.1. */
export async function startFakeMastodon(options: FakeMastodonOptions = {}): Promise<FakeMastodon> {
  const software = options.software ?? 'mastodon';
  const config: ServerConfig = {
    // Akkoma and GoToSocial: no discovery document, no block preview, no Mastodon web client.
    version: software === 'mastodon' ? (options.version ?? '4.6') : '4.2',
    software,
    flavour: options.flavour ?? 'vanilla',
    windowMs: options.windowMs ?? 300_000,
    limitPerWindow: options.limitPerWindow ?? 300,
    instanceBlocksVisibility: options.instanceBlocksVisibility ?? 'hidden',
    blockSideEffectsDelayMs: options.blockSideEffectsDelayMs ?? 300,
    autoApprove: options.autoApprove ?? false,
    appRegistrationLimit: options.appRegistrationLimit ?? 5,
    appRegistrationWindowMs: options.appRegistrationWindowMs ?? 600_000,
  };
  if (!MASTODON_VERSIONS.includes(config.version)) {
    throw new Error(`Unknown Mastodon version "${config.version}"; use ${MASTODON_VERSIONS.join(', ')}.`);
  }
  if (config.flavour === 'glitch' && config.version !== '4.6') throw new Error('The glitch flavour is served with version 4.6 only (glitch-soc 4.6.5).');
  if (!(config.windowMs > 0) || !(config.limitPerWindow > 0)) throw new Error('windowMs and limitPerWindow must be positive.');
  const now = options.now ?? Date.now;
  const listsDir = options.listsDir === undefined ? DEFAULT_LISTS_DIR : folderUrl(options.listsDir);
  const webImports = new WebImports();
  const routes: Route[] = [
    ...ROUTES,
    ...importRoutes(webImports),
    ...(servesRealClient(config.version) ? CLIENT_FILES : HAND_DRAWN_FILES),
    { method: 'GET', path: LIST_PATH, handler: createListHandler(listsDir) },
  ];
  const store = new FakeStore();
  if (options.seed === 'empty') seedEmpty(store);
  else seedDemo(store, { hasQuotes: isAtLeast(config, '4.5') });
  const jobs = new JobQueue(config.blockSideEffectsDelayMs);
  /** Open streaming sockets, closed with the server. */
  const sockets = new Set<Duplex>();

  const demoApp = {
    id: store.newAppId(),
    name: 'Demo session',
    website: null,
    redirectUris: ['urn:ietf:wg:oauth:2.0:oob'],
    scopes: DEMO_SCOPES,
    clientId: randomBytes(32).toString('base64url'),
    clientSecret: randomBytes(32).toString('base64url'),
    createdAt: now(),
  };
  store.apps.set(demoApp.clientId, demoApp);
  const demoToken = randomBytes(32).toString('base64url');
  store.tokens.set(demoToken, {
    token: demoToken, appId: demoApp.id, accountId: DEMO_ACCOUNT_ID, scopes: DEMO_SCOPES, createdAt: Math.floor(now() / 1000), isRevoked: false,
  });
  store.webSessionToken = demoToken;

  const limiter = new RateLimiter(now);
  const faults = new FaultInjector();
  const requests: RequestRecord[] = [];
  let baseUrl = '';

  /**
   * The throttles of config/initializers/rack_attack.rb that count this request, in their order
   * there. Rack::Attack finds the token as Doorkeeper does (`Doorkeeper::OAuth::Token.authenticate`),
   * revoked or not: a revoked token's requests still count for its user. Paging throttles count
   * any path with `max_id`, `since_id`, `min_id` or `page`, signed in or not.
   */
  function throttlesFor(ctx: RequestContext, path: string): Throttle[] {
    const throttles: Throttle[] = [];
    const token = ctx.rawToken ? ctx.store.tokens.get(ctx.rawToken) : undefined;
    const userId = token?.accountId ?? undefined;
    const isApi = path.startsWith('/api');
    if (isApi && userId) throttles.push({ name: 'throttle_authenticated_api', limit: config.limitPerWindow * 5, periodMs: config.windowMs, discriminator: userId });
    if (isApi && token) throttles.push({ name: 'throttle_per_token_api', limit: config.limitPerWindow, periodMs: config.windowMs, discriminator: token.token });
    if (isApi && !userId) throttles.push(unauthenticatedThrottle(ctx.ip));
    const isPaging = PAGING_PARAMS.some((p) => ctx.params[p] !== undefined && ctx.params[p] !== '');
    if (isPaging && userId) throttles.push({ name: 'throttle_authenticated_paging', limit: config.limitPerWindow, periodMs: config.windowMs * 3, discriminator: userId });
    if (isPaging && !userId) throttles.push({ name: 'throttle_unauthenticated_paging', limit: config.limitPerWindow, periodMs: config.windowMs * 3, discriminator: ctx.ip });
    if (ctx.method === 'POST' && path === '/api/v1/apps' && isAtLeast(config, '4.3')) {
      throttles.push({ name: 'throttle_oauth_application_registrations/ip', limit: config.appRegistrationLimit, periodMs: config.appRegistrationWindowMs, discriminator: ctx.ip });
    }
    return throttles;
  }

  function unauthenticatedThrottle(ip: string): Throttle {
    return { name: 'throttle_unauthenticated_api', limit: config.limitPerWindow, periodMs: config.windowMs, discriminator: ip };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', baseUrl);
    const path = url.pathname;
    const method = (req.method ?? 'GET').toUpperCase();
    const ip = req.socket.remoteAddress ?? '127.0.0.1';
    const record: RequestRecord = { method, path, query: url.search, status: 0, at: now() };
    requests.push(record);

    let params: Params = {};
    const early = extractToken(req.headers, Object.fromEntries(url.searchParams));
    if (early) record.token = early;

    for (const action of faults.decide(path)) {
      if (action.kind === 'drop') {
        req.socket.destroy();
        return;
      }
      if (action.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, action.delayMs));
      if (action.kind === 'revoke-token' && early) {
        const token = store.tokens.get(early);
        if (token) token.isRevoked = true;
      }
      // A proxy or load balancer in front of Mastodon answers: no rate-limit or CORS headers.
      if (action.kind === '5xx') {
        send(res, record, json(action.status, { error: 'Service Unavailable' }), {});
        return;
      }
      if (action.kind === 'html-5xx') {
        send(res, record, { status: action.status, body: htmlErrorPage(), contentType: 'text/html' }, {});
        return;
      }
      if (action.kind === '429-storm') {
        const storm: ThrottleResult = { data: [], refusedBy: { name: 'storm', limit: config.limitPerWindow, count: config.limitPerWindow + 1, periodMs: config.windowMs } };
        send(res, record, json(429, { error: 'Too many requests' }), { ...limiter.headers(storm), ...corsHeaders(req, path) });
        return;
      }
    }

    // Rack::Cors is the first middleware (config/initializers/cors.rb): preflights never reach Rack::Attack.
    if (method === 'OPTIONS' && CORS_PATHS.test(path)) {
      send(res, record, { status: 200, body: '', contentType: 'text/plain' }, {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE, PATCH, OPTIONS',
        'Access-Control-Allow-Headers': String(req.headers['access-control-request-headers'] ?? ''),
        'Access-Control-Expose-Headers': CORS_EXPOSED,
        'Access-Control-Max-Age': '7200',
      });
      return;
    }

    try {
      params = await readParams(req, url);
    } catch (error) {
      if (!(error instanceof BadRequestBody)) throw error;
      send(res, record, json(400, { error: error.message }), corsHeaders(req, path));
      return;
    }
    if (typeof params.domain === 'string') record.domain = params.domain;

    const ctx: RequestContext = {
      method, url, params, headers: req.headers, ip, baseUrl, store, jobs, config, now, rawToken: extractToken(req.headers, params),
    };
    if (ctx.rawToken) record.token = ctx.rawToken;

    const throttles = throttlesFor(ctx, path);
    const result = limiter.hit(throttles);
    if (result.refusedBy) {
      // Rack::Attack's `throttled_responder`, on any path.
      send(res, record, json(429, { error: 'Too many requests' }), { ...limiter.headers(result), ...corsHeaders(req, path) });
      return;
    }

    const effectiveMethod = method === 'HEAD' ? 'GET' : method;
    const otherReply = otherServerReply(ctx, effectiveMethod, path);
    if (otherReply) {
      // Neither Akkoma nor GoToSocial sends Mastodon's X-RateLimit headers on these answers.
      send(res, record, otherReply, corsHeaders(req, path));
      return;
    }
    const route = routes.find((r) => r.method === effectiveMethod && r.path.test(path) && (!r.since || isAtLeast(config, r.since)));
    let reply: Reply;
    if (route) reply = await route.handler(ctx);
    else if (effectiveMethod === 'GET' && servesRealClient(config.version) && isClientPath(path)) reply = await showClientPage(ctx);
    else if (effectiveMethod === 'GET' && !servesRealClient(config.version) && isWebAppPath(path)) reply = await showWebPage(ctx);
    else reply = notFound(ctx);
    // `Api::RateLimitHeaders` belongs to `Api::BaseController`: API answers carry the headers,
    // pages, OAuth and unknown paths (Rails' `raise_not_found`) do not.
    // Pleroma's and Akkoma's RateLimiter plug sends no such headers (lib/pleroma/web/plugs/rate_limiter.ex).
    const isApiAnswer = route !== undefined && path.startsWith('/api/') && config.software !== 'akkoma' && config.software !== 'pleroma';
    send(res, record, reply, { ...(isApiAnswer ? limiter.headers(result) : {}), ...corsHeaders(req, path) });
  }

  function corsHeaders(req: IncomingMessage, path: string): Record<string, string> {
    if (!req.headers.origin || !CORS_PATHS.test(path)) return {};
    return { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': CORS_EXPOSED };
  }

  function send(res: ServerResponse, record: RequestRecord, reply: Reply, extra: Record<string, string>): void {
    record.status = reply.status;
    const body = typeof reply.body === 'string' || Buffer.isBuffer(reply.body)
      ? reply.body
      : reply.body === undefined ? '' : JSON.stringify(reply.body);
    res.writeHead(reply.status, {
      ...(reply.contentType ? { 'Content-Type': reply.contentType } : {}),
      ...extra,
      ...reply.headers,
    });
    res.end(body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('fake-mastodon: request failed', error);
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ error: 'We are sorry, but something went wrong on our end.' }));
      } else {
        res.destroy();
      }
    });
  });

  // Mastodon is served behind a proxy such as nginx, which keeps an idle connection open for 75 s
  // by default (`keepalive_timeout`). Node's own default of 5 s closes connections that a client
  // on a busy machine is about to reuse, a failure no real server causes.
  server.keepAliveTimeout = 75_000;
  server.on('upgrade', (req, socket) => acceptStreaming(req, socket, store, sockets));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  const accountOf = (accountId?: string) => accountId ?? DEMO_ACCOUNT_ID;
  const acctOf = (id: string) => {
    const account = store.accounts.get(id);
    return account ? prettyAcct(account) : id;
  };

  return {
    url: baseUrl,
    demoToken,
    demoAccountId: DEMO_ACCOUNT_ID,
    state: {
      domainBlocks: (accountId) => store.blocksOf(accountOf(accountId)).map((b) => b.domain),
      addDomainBlock: (domain, accountId) => {
        const checked = normalizeDomain(domain);
        if (!checked.ok) throw new Error(`Cannot block "${domain}": ${checked.error}`);
        store.addPersonalBlock(accountOf(accountId), checked.domain);
        // Akkoma keeps follows and followers on a blocked domain (other-servers.ts).
        if (config.software === 'mastodon' || config.software === 'gotosocial') queueAfterDomainBlock({ jobs, store, config, now }, accountOf(accountId), checked.domain);
      },
      removeDomainBlock: (domain, accountId) => {
        const checked = normalizeDomain(domain);
        store.removePersonalBlock(accountOf(accountId), checked.ok ? checked.domain : domain);
      },
      following: (accountId) => store.followingOf(accountOf(accountId)).map((f) => acctOf(f.targetId)),
      followers: (accountId) => store.followersOf(accountOf(accountId)).map((f) => acctOf(f.followerId)),
      follow: (acct, accountId) => {
        const target = store.findByAcct(acct);
        if (!target) throw new Error(`No account ${acct} on the local Mastodon.`);
        store.follow(accountOf(accountId), target.id);
      },
      unfollow: (acct, accountId) => {
        const target = store.findByAcct(acct);
        if (!target) throw new Error(`No account ${acct} on the local Mastodon.`);
        store.unfollow(accountOf(accountId), target.id);
      },
      addRemoteAccount: ({ username, domain, displayName, isFollowed = false, followsUser = false }, accountId) => {
        const record = store.addAccount(remoteAccountRecord(String(900_000_000 + store.newRowId()), username, domain, displayName));
        if (isFollowed) store.follow(accountOf(accountId), record.id);
        if (followsUser) store.follow(record.id, accountOf(accountId));
        return `${username}@${domain}`;
      },
      addPost: ({ acct, content }, accountId) => {
        const author = store.findByAcct(acct);
        if (!author) throw new Error(`No account ${acct} on the local Mastodon.`);
        const createdAt = new Date(now()).toISOString();
        const status = store.addStatus(
          publicPost(snowflakeAt(createdAt, store.newRowId() % 65_536), author.id, createdAt, content),
          [accountOf(accountId)],
        );
        return status.id;
      },
      requests,
      revokeToken: (token) => {
        const record = store.tokens.get(token);
        if (record) record.isRevoked = true;
      },
      jobsDone: () => jobs.idle(),
    },
    faults: { set: (spec) => faults.set(spec), clear: () => faults.clear() },
    importer: {
      signIn: () => webImports.signInDemo(),
      signOut: () => webImports.signOutEverywhere(),
      imports: () => [...webImports.imports],
      setFaults: (spec) => {
        webImports.faults = { ...spec };
      },
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        jobs.close();
        for (const socket of sockets) socket.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** A folder as a `file:` URL ending in `/`, so file names resolve inside it. */
function folderUrl(dir: string | URL): URL {
  const url = dir instanceof URL ? new URL(dir.href) : pathToFileURL(dir);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}
