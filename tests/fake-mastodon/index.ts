import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import {
  createDomainBlock, deleteDomainBlock, listDomainBlocks, listFollowers, listFollowing, listInstanceDomainBlocks,
  notFound, previewDomainBlock, showAccount, showInstanceV1, showInstanceV2, verifyCredentials,
} from './api.ts';
import { extractToken, isAtLeast, type Handler, type MastodonVersion, type RequestContext, type ServerConfig } from './context.ts';
import { normalizeDomain } from './domain-names.ts';
import { FaultInjector, type FaultSpec } from './faults.ts';
import { DEFAULT_LISTS_DIR, LIST_PATH, createListHandler } from './lists.ts';
import { BadRequestBody, json, readParams, type Params, type Reply } from './http-kit.ts';
import {
  createApp, createToken, decideAuthorization, revokeToken, showAuthorization, showNativeCode, showOauthMetadata, showUserinfo,
} from './oauth.ts';
import { RateLimiter, type Throttle, type ThrottleResult } from './rate-limits.ts';
import { DEMO_ACCOUNT_ID, DEMO_SCOPES, seedDemo, seedEmpty } from './seed.ts';
import { FakeStore, prettyAcct } from './store.ts';
import { isWebAppPath, showAvatar, showMissingImage, showStylesheet, showWebPage } from './web-pages.ts';

export type { FaultSpec } from './faults.ts';
export type { MastodonVersion } from './context.ts';

export interface FakeMastodonOptions {
  /** Behaviour family; default '4.3'. '4.2': no PKCE, no discovery, string redirect_uris only, no preview, exact-match unblock. */
  version?: MastodonVersion;
  /** Default 0 (any free port); the server binds 127.0.0.1 only. */
  port?: number;
  /** Rate-limit window length; default 300_000 (Mastodon's 5 minutes). Windows are fixed and aligned to the epoch. */
  windowMs?: number;
  /** Requests per token per window; default 300. */
  limitPerWindow?: number;
  seed?: 'demo' | 'empty';
  /** `GET /api/v1/instance/domain_blocks`: 404 / any signed-in user / public. Default 'users'. */
  instanceBlocksVisibility?: 'hidden' | 'users' | 'all';
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
    requests: RequestRecord[];
    revokeToken(token: string): void;
  };
  faults: { set(spec: FaultSpec | FaultSpec[]): void; clear(): void };
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
  { method: 'GET', path: /^\/api\/v1\/accounts\/[^/]+$/, handler: showAccount },
  { method: 'GET', path: /^\/api\/v1\/domain_blocks$/, handler: listDomainBlocks },
  { method: 'POST', path: /^\/api\/v1\/domain_blocks$/, handler: createDomainBlock },
  { method: 'DELETE', path: /^\/api\/v1\/domain_blocks$/, handler: deleteDomainBlock },
  { method: 'GET', path: /^\/api\/v1\/domain_blocks\/preview$/, handler: previewDomainBlock, since: '4.3' },
  { method: 'GET', path: /^\/api\/v1\/instance$/, handler: showInstanceV1 },
  { method: 'GET', path: /^\/api\/v2\/instance$/, handler: showInstanceV2 },
  { method: 'GET', path: /^\/api\/v1\/instance\/domain_blocks$/, handler: listInstanceDomainBlocks },
  { method: 'GET', path: /^\/(avatars|headers)\/original\/missing\.png$/, handler: showMissingImage },
  { method: 'GET', path: /^\/system\/accounts\/avatars\/[^/]+\/original\/avatar\.svg$/, handler: showAvatar },
  { method: 'GET', path: /^\/packs\/web-ui\.css$/, handler: showStylesheet },
];

/** `config/initializers/cors.rb`: these paths allow any origin. */
const CORS_PATHS = /^\/(api\/|oauth\/token$|oauth\/revoke$|\.well-known\/)/;
const CORS_EXPOSED = 'Link, X-RateLimit-Reset, X-RateLimit-Limit, X-RateLimit-Remaining, X-Request-Id';
const PAGING_PARAMS = ['max_id', 'since_id', 'min_id', 'page'];

/** Starts a fake Mastodon on 127.0.0.1. */
export async function startFakeMastodon(options: FakeMastodonOptions = {}): Promise<FakeMastodon> {
  const config: ServerConfig = {
    version: options.version ?? '4.3',
    windowMs: options.windowMs ?? 300_000,
    limitPerWindow: options.limitPerWindow ?? 300,
    instanceBlocksVisibility: options.instanceBlocksVisibility ?? 'users',
    autoApprove: options.autoApprove ?? false,
    appRegistrationLimit: options.appRegistrationLimit ?? 5,
    appRegistrationWindowMs: options.appRegistrationWindowMs ?? 600_000,
  };
  if (!(['4.2', '4.3', '4.4', '4.5'] as const).includes(config.version)) {
    throw new Error(`Unknown Mastodon version "${config.version}"; use 4.2, 4.3, 4.4 or 4.5.`);
  }
  if (!(config.windowMs > 0) || !(config.limitPerWindow > 0)) throw new Error('windowMs and limitPerWindow must be positive.');
  const now = options.now ?? Date.now;
  const listsDir = options.listsDir === undefined ? DEFAULT_LISTS_DIR : folderUrl(options.listsDir);
  const routes: Route[] = [...ROUTES, { method: 'GET', path: LIST_PATH, handler: createListHandler(listsDir) }];
  const store = new FakeStore();
  if (options.seed === 'empty') seedEmpty(store);
  else seedDemo(store);

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

  const limiter = new RateLimiter(now);
  const faults = new FaultInjector();
  const requests: RequestRecord[] = [];
  let baseUrl = '';

  /** The throttles of `rack_attack.rb` that count this request, in their order there. */
  function throttlesFor(ctx: RequestContext, path: string): Throttle[] {
    const throttles: Throttle[] = [];
    const token = ctx.store.activeToken(ctx.rawToken);
    if (path.startsWith('/api/')) {
      if (token?.accountId) throttles.push({ name: 'throttle_authenticated_api', limit: config.limitPerWindow * 5, periodMs: config.windowMs, discriminator: token.accountId });
      if (token) throttles.push({ name: 'throttle_per_token_api', limit: config.limitPerWindow, periodMs: config.windowMs, discriminator: token.token });
      else throttles.push(unauthenticatedThrottle(ctx.ip));
    }
    if (ctx.method === 'POST' && path === '/api/v1/apps' && isAtLeast(config, '4.3')) {
      throttles.push({ name: 'throttle_oauth_application_registrations/ip', limit: config.appRegistrationLimit, periodMs: config.appRegistrationWindowMs, discriminator: ctx.ip });
    }
    if (path.startsWith('/api/') && token?.accountId && PAGING_PARAMS.some((p) => ctx.params[p] !== undefined)) {
      throttles.push({ name: 'throttle_authenticated_paging', limit: config.limitPerWindow, periodMs: config.windowMs * 3, discriminator: token.accountId });
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
      if (action.kind === '5xx') {
        send(res, record, json(action.status, { error: 'Service Unavailable' }), limiter.headers({ data: [limiter.peek(unauthenticatedThrottle(ip))] }));
        return;
      }
      if (action.kind === '429-storm') {
        const storm: ThrottleResult = { data: [], refusedBy: { name: 'storm', limit: config.limitPerWindow, count: config.limitPerWindow + 1, periodMs: config.windowMs } };
        send(res, record, json(429, { error: 'Too many requests' }), { ...limiter.headers(storm), ...corsHeaders(req, path) });
        return;
      }
    }

    if (method === 'OPTIONS' && CORS_PATHS.test(path)) {
      send(res, record, { status: 200, body: '', contentType: 'text/plain' }, {
        ...limiter.headers({ data: [limiter.peek(unauthenticatedThrottle(ip))] }),
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
      method, url, params, headers: req.headers, ip, baseUrl, store, config, now, rawToken: extractToken(req.headers, params),
    };
    if (ctx.rawToken) record.token = ctx.rawToken;

    const throttles = throttlesFor(ctx, path);
    const result = throttles.length > 0 ? limiter.hit(throttles) : { data: [limiter.peek(unauthenticatedThrottle(ip))] };
    const rateHeaders = limiter.headers(result);
    if (result.refusedBy) {
      send(res, record, json(429, { error: 'Too many requests' }), { ...rateHeaders, ...corsHeaders(req, path) });
      return;
    }

    const effectiveMethod = method === 'HEAD' ? 'GET' : method;
    const route = routes.find((r) => r.method === effectiveMethod && r.path.test(path) && (!r.since || isAtLeast(config, r.since)));
    let reply: Reply;
    if (route) reply = await route.handler(ctx);
    else if (effectiveMethod === 'GET' && isWebAppPath(path)) reply = await showWebPage(ctx);
    else reply = notFound(ctx);
    send(res, record, reply, { ...rateHeaders, ...corsHeaders(req, path) });
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
      requests,
      revokeToken: (token) => {
        const record = store.tokens.get(token);
        if (record) record.isRevoked = true;
      },
    },
    faults: { set: (spec) => faults.set(spec), clear: () => faults.clear() },
    close: () =>
      new Promise<void>((resolve, reject) => {
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
