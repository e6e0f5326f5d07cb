import { createHash } from 'node:crypto';
import {
  API_VERSION, VERSION_TEXT, authorize, authorizeIfGotToken, isAtLeast, isReply, type Handler, type RequestContext,
} from './context.ts';
import { TAKEN_DOMAIN_MESSAGE, normalizeDomain } from './domain-names.ts';
import { json, linkHeader, param, type Params, type Reply } from './http-kit.ts';
import type { AccountRecord, FollowRecord, PersonalDomainBlock, ServerDomainBlock } from './store.ts';
import { LOCAL_DOMAIN } from './seed.ts';
import { serializeAccount } from './entities.ts';

/** `Api::V1::DomainBlocksController::BLOCK_LIMIT`. */
const DOMAIN_BLOCKS_LIMIT = 100;
/** `DEFAULT_ACCOUNTS_LIMIT` of the followers and following controllers. */
const ACCOUNTS_LIMIT = 40;

const NOT_FOUND = json(404, { error: 'Record not found' });

/** `Api::BaseController#limit_param`: default when absent, else |limit| capped at twice the default. */
function limitParam(params: Params, defaultLimit: number): number {
  const raw = param(params, 'limit');
  if (raw === undefined) return defaultLimit;
  const parsed = Math.abs(Number.parseInt(raw, 10) || 0);
  return Math.min(parsed, defaultLimit * 2);
}

/** `Paginable.paginate_by_max_id`: newest first, below `max_id`, above `since_id`. */
function paginateByMaxId<T extends { id: number }>(rowsNewestFirst: T[], params: Params, limit: number): T[] {
  const maxId = Number(param(params, 'max_id') ?? Infinity);
  const sinceId = Number(param(params, 'since_id') ?? -Infinity);
  return rowsNewestFirst.filter((r) => r.id < maxId && r.id > sinceId).slice(0, limit);
}

/**
 * `Link` as these controllers write it: `next` with `max_id` when the page is full, `prev`
 * with `since_id` unless the page is empty; `limit` is carried over as the client sent it.
 */
function paginationLinks(ctx: RequestContext, rows: Array<{ id: number }>, limit: number): Record<string, string> {
  const link = (core: Record<string, string>): string => {
    const query = new URLSearchParams();
    const limitText = param(ctx.params, 'limit');
    if (limitText !== undefined) query.set('limit', limitText);
    for (const [key, value] of Object.entries(core)) query.set(key, value);
    return `${ctx.baseUrl}${ctx.url.pathname}?${query.toString()}`;
  };
  const first = rows[0];
  const last = rows[rows.length - 1];
  return linkHeader({
    next: rows.length === limit && last ? link({ max_id: String(last.id) }) : undefined,
    prev: first ? link({ since_id: String(first.id) }) : undefined,
  });
}

/** `GET /api/v1/domain_blocks`. */
export const listDomainBlocks: Handler = (ctx) => {
  const token = authorize(ctx, ['follow', 'read', 'read:blocks']);
  if (isReply(token)) return token;
  const limit = limitParam(ctx.params, DOMAIN_BLOCKS_LIMIT);
  const page = paginateByMaxId<PersonalDomainBlock>(ctx.store.blocksOf(token.accountId ?? ''), ctx.params, limit);
  return json(200, page.map((b) => b.domain), paginationLinks(ctx, page, limit));
};

/**
 * `POST /api/v1/domain_blocks` (app/controllers/api/v1/domain_blocks_controller.rb):
 * `Account#block_domain!` is `find_or_create_by!(domain:)`. The find compares the raw string, the
 * create normalises before validating, so a different-case copy of an existing block fails the
 * uniqueness check instead of being found. Then `AfterAccountDomainBlockWorker.perform_async`
 * with the raw parameter: the follows, followers and notifications go later (jobs.ts), and only
 * those on a domain spelt exactly as sent.
 */
export const createDomainBlock: Handler = (ctx) => {
  const token = authorize(ctx, ['follow', 'write', 'write:blocks']);
  if (isReply(token)) return token;
  const accountId = token.accountId ?? '';
  const raw = param(ctx.params, 'domain');
  const blocks = ctx.store.blocksOf(accountId);
  if (raw === undefined || !blocks.some((b) => b.domain === raw)) {
    const checked = normalizeDomain(raw);
    if (!checked.ok) return json(422, { error: checked.error });
    if (blocks.some((b) => b.domain === checked.domain)) return json(422, { error: TAKEN_DOMAIN_MESSAGE });
    ctx.store.addPersonalBlock(accountId, checked.domain);
  }
  queueAfterDomainBlock(ctx, accountId, raw ?? '');
  return json(200, {});
};

/** `AfterAccountDomainBlockWorker` → `AfterBlockDomainFromAccountService` (store.ts `afterDomainBlock`). */
export function queueAfterDomainBlock(ctx: Pick<RequestContext, 'jobs' | 'store' | 'config' | 'now'>, accountId: string, domain: string): void {
  ctx.jobs.enqueue('AfterAccountDomainBlockWorker', () =>
    ctx.store.afterDomainBlock(accountId, domain, {
      now: new Date(ctx.now()).toISOString(),
      // Severed-relationships events arrived in 4.3 (app/models/relationship_severance_event.rb).
      recordsSeverance: isAtLeast(ctx.config, '4.3'),
    }),
  );
}

/** `DELETE /api/v1/domain_blocks`: always `{}`; before 4.3 only an exact match is removed. */
export const deleteDomainBlock: Handler = (ctx) => {
  const token = authorize(ctx, ['follow', 'write', 'write:blocks']);
  if (isReply(token)) return token;
  const raw = param(ctx.params, 'domain') ?? '';
  let domain = raw;
  if (isAtLeast(ctx.config, '4.3')) {
    const checked = normalizeDomain(raw);
    if (checked.ok) domain = checked.domain;
  }
  ctx.store.removePersonalBlock(token.accountId ?? '', domain);
  return json(200, {});
};

/** `GET /api/v1/domain_blocks/preview` (4.3+): what a block of `domain` would cut. */
export const previewDomainBlock: Handler = (ctx) => {
  const token = authorize(ctx, ['follow', 'write', 'write:blocks']);
  if (isReply(token)) return token;
  const accountId = token.accountId ?? '';
  const raw = param(ctx.params, 'domain');
  const checked = normalizeDomain(raw);
  // `TagManager#normalize_domain(nil)` is nil, and `where(domain: nil)` counts local accounts.
  const domain = raw === undefined ? null : checked.ok ? checked.domain : raw.trim().toLowerCase();
  const onDomain = (id: string) => ctx.store.accounts.get(id)?.domain === domain;
  return json(200, {
    following_count: ctx.store.followingOf(accountId).filter((f) => onDomain(f.targetId)).length,
    followers_count: ctx.store.followersOf(accountId).filter((f) => onDomain(f.followerId)).length,
  });
};

function followList(kind: 'following' | 'followers'): Handler {
  return (ctx) => {
    const auth = authorizeIfGotToken(ctx, ['read', 'read:accounts']);
    if (auth && isReply(auth)) return auth;
    const id = decodeURIComponent(ctx.url.pathname.split('/')[4] ?? '');
    const account = ctx.store.accounts.get(id);
    if (!account) return NOT_FOUND;
    const rows = kind === 'following' ? ctx.store.followingOf(id) : ctx.store.followersOf(id);
    const limit = limitParam(ctx.params, ACCOUNTS_LIMIT);
    // Pagination walks the follow rows' ids, not the accounts' ids.
    const page = paginateByMaxId<FollowRecord>(rows, ctx.params, limit);
    const accounts = page
      .map((f) => ctx.store.accounts.get(kind === 'following' ? f.targetId : f.followerId))
      .filter((a): a is AccountRecord => a !== undefined)
      .map((a) => serializeAccount(ctx, a));
    return json(200, accounts, paginationLinks(ctx, page, limit));
  };
}

/** `GET /api/v1/accounts/:id/following`. */
export const listFollowing = followList('following');
/** `GET /api/v1/accounts/:id/followers`. */
export const listFollowers = followList('followers');

/** `GET /api/v1/accounts/:id`. */
export const showAccount: Handler = (ctx) => {
  const auth = authorizeIfGotToken(ctx, ['read', 'read:accounts']);
  if (auth && isReply(auth)) return auth;
  const account = ctx.store.accounts.get(decodeURIComponent(ctx.url.pathname.split('/')[4] ?? ''));
  return account ? json(200, serializeAccount(ctx, account)) : NOT_FOUND;
};

/** `GET /api/v1/accounts/verify_credentials` (`profile` accepted from 4.3). */
export const verifyCredentials: Handler = (ctx) => {
  const scopes = isAtLeast(ctx.config, '4.3') ? ['profile', 'read', 'read:accounts'] : ['read', 'read:accounts'];
  const token = authorize(ctx, scopes);
  if (isReply(token)) return token;
  const account = ctx.store.accounts.get(token.accountId ?? '');
  if (!account) return NOT_FOUND;
  return json(200, {
    ...serializeAccount(ctx, account),
    source: {
      privacy: 'public',
      sensitive: false,
      language: 'en',
      note: account.note.replace(/<[^>]*>/g, ''),
      fields: [],
      follow_requests_count: 0,
      hide_collections: false,
      discoverable: true,
      indexable: true,
      attribution_domains: [],
    },
    // The implicit "everyone" role (`UserRole::EVERYONE_ROLE_ID`).
    role: { id: '-99', name: '', permissions: '65536', color: '', highlighted: false },
  });
};

/**
 * `DomainBlock#public_domain`: obfuscated blocks keep the first and last quarter of the name
 * and its dots, stars in between (`app/models/domain_block.rb`).
 */
export function publicDomain(block: ServerDomainBlock): string {
  if (!block.obfuscate) return block.domain;
  const { length } = block.domain;
  const visible = Math.floor(length / 4);
  return [...block.domain].map((c, i) => (i > visible && i < length - visible && c !== '.' ? '*' : c)).join('');
}

/**
 * `GET /api/v1/instance/domain_blocks`: `head 404` unless the admin shows the list to all, or
 * to users and a signed-in user asks. Ordered by severity (silence, then suspend), then domain.
 */
export const listInstanceDomainBlocks: Handler = (ctx) => {
  const visibility = ctx.config.instanceBlocksVisibility;
  const token = ctx.store.activeToken(ctx.rawToken);
  const isSignedIn = token !== undefined && token.accountId !== null;
  if (!(visibility === 'all' || (visibility === 'users' && isSignedIn))) {
    return { status: 404, body: '', contentType: 'text/html; charset=utf-8' };
  }
  const order = { silence: 0, suspend: 1 } as const;
  const blocks = [...ctx.store.serverBlocks].sort(
    (a, b) => order[a.severity] - order[b.severity] || a.domain.localeCompare(b.domain),
  );
  return json(
    200,
    blocks.map((b) => ({
      domain: publicDomain(b),
      digest: createHash('sha256').update(b.domain).digest('hex'),
      severity: b.severity,
      comment: b.publicComment,
    })),
    { 'Cache-Control': 'max-age=180, public' },
  );
};

function configuration(ctx: RequestContext): Record<string, unknown> {
  return {
    accounts: { max_featured_tags: 10, max_pinned_statuses: 5 },
    statuses: { max_characters: 500, max_media_attachments: 4, characters_reserved_per_url: 23 },
    media_attachments: {
      supported_mime_types: ['image/jpeg', 'image/png', 'image/gif', 'image/heic', 'image/heif', 'image/webp', 'image/avif', 'video/webm', 'video/mp4', 'video/quicktime', 'audio/mpeg', 'audio/ogg', 'audio/wav'],
      image_size_limit: 16777216,
      image_matrix_limit: 33177600,
      video_size_limit: 103809024,
      video_frame_rate_limit: 120,
      video_matrix_limit: 8294400,
      ...(isAtLeast(ctx.config, '4.4') ? { description_limit: 1500 } : {}),
    },
    polls: { max_options: 4, max_characters_per_option: 50, min_expiration: 300, max_expiration: 2629746 },
  };
}

/** `GET /api/v2/instance`. */
export const showInstanceV2: Handler = (ctx) => {
  const base = ctx.baseUrl;
  const version = ctx.config.version;
  const apiVersion = API_VERSION[version];
  return json(200, {
    domain: LOCAL_DOMAIN,
    title: 'Social Example',
    version: VERSION_TEXT[version],
    source_url: 'https://github.com/mastodon/mastodon',
    description: 'A local Mastodon for trying Hedge: personal domain blocks, lists and previews.',
    usage: { users: { active_month: ctx.store.accounts.size } },
    thumbnail: { url: `${base}/packs/media/images/preview.png` },
    ...(isAtLeast(ctx.config, '4.3') ? { icon: [{ src: `${base}/packs/media/icons/android-chrome-36x36.png`, size: '36x36' }] } : {}),
    languages: ['en'],
    configuration: {
      urls: { streaming: base.replace(/^http/, 'ws'), status: null },
      vapid: { public_key: 'BCkMmVlS5pq5d3n6mRrDQjNmtJz8Y4a7oQdgb9ZUG3dX1Cj6XyW9s7s0cQm3p3wQdUZ9ZrC5YjH7u8m2Xk1Q0zE' },
      ...configuration(ctx),
      translation: { enabled: false },
    },
    registrations: { enabled: false, approval_required: false, message: null, url: null },
    ...(apiVersion !== undefined ? { api_versions: { mastodon: apiVersion } } : {}),
    contact: { email: `admin@${LOCAL_DOMAIN}`, account: null },
    rules: [{ id: '1', text: 'Be kind.', hint: '' }],
  });
};

/** `GET /api/v1/instance` (deprecated, still served for older clients). */
export const showInstanceV1: Handler = (ctx) =>
  json(200, {
    uri: LOCAL_DOMAIN,
    title: 'Social Example',
    short_description: 'A local Mastodon for trying Hedge.',
    description: 'A local Mastodon for trying Hedge: personal domain blocks, lists and previews.',
    email: `admin@${LOCAL_DOMAIN}`,
    version: VERSION_TEXT[ctx.config.version],
    urls: { streaming_api: ctx.baseUrl.replace(/^http/, 'ws') },
    stats: { user_count: 3, status_count: 126, domain_count: 9 },
    thumbnail: `${ctx.baseUrl}/packs/media/images/preview.png`,
    languages: ['en'],
    registrations: false,
    approval_required: false,
    invites_enabled: false,
    configuration: configuration(ctx),
    contact_account: null,
    rules: [{ id: '1', text: 'Be kind.', hint: '' }],
  });

export function notFound(ctx: RequestContext): Reply {
  return ctx.url.pathname.startsWith('/api/') ? json(404, { error: 'Not Found' }) : { status: 404, body: 'Not Found', contentType: 'text/plain; charset=utf-8' };
}
