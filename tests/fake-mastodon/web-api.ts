import { authorize, authorizeIfGotToken, isAtLeast, isReply, type Handler, type RequestContext } from './context.ts';
import {
  isFilteredFor, isSuspended, serializeAccount, serializePartialAccount, serializeRelationship, serializeStatus,
} from './entities.ts';
import { json, linkHeader, param, type Params, type Reply } from './http-kit.ts';
import { compareIds, type AccountRecord, type NotificationRecord, type StatusRecord } from './store.ts';
import type { TokenRecord } from './store.ts';

/**
 * The API calls Mastodon's own web client makes on its pages (home, notifications, a profile, a
 * post with its thread, a follower list, hover cards), answered from the same store as the rest
 * of the API. Controllers are named beside each handler (app/controllers/api/…).
 */

const NOT_FOUND = json(404, { error: 'Record not found' });
/** `Api::BaseController::DEFAULT_STATUSES_LIMIT`. */
const STATUSES_LIMIT = 20;
/** `Api::V2::NotificationsController::DEFAULT_NOTIFICATIONS_LIMIT`. */
const NOTIFICATIONS_LIMIT = 40;
/** `NotificationGroup::SAMPLE_ACCOUNTS_SIZE`. */
const SAMPLE_ACCOUNTS = 8;

/** `limit_param`: the default when absent, else |limit| capped at twice the default. */
function limitParam(params: Params, defaultLimit: number): number {
  const raw = param(params, 'limit');
  if (raw === undefined) return defaultLimit;
  return Math.min(Math.abs(Number.parseInt(raw, 10) || 0), defaultLimit * 2);
}

/** The values of a `key[]=` parameter, or of `key` given once. */
function list(params: Params, key: string): string[] {
  const value = params[key];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * `paginate_by_id` / `Feed#get`: newest first below `max_id` and above `since_id`; with
 * `min_id`, the oldest ones above it (then newest first again).
 */
function paginateIds<T extends { id: string }>(rowsNewestFirst: T[], params: Params, limit: number): T[] {
  const maxId = param(params, 'max_id');
  const sinceId = param(params, 'since_id');
  const minId = param(params, 'min_id');
  const below = (row: T) => maxId === undefined || !/^\d+$/.test(maxId) || compareIds(row.id, maxId) < 0;
  if (minId !== undefined && /^\d+$/.test(minId)) {
    return rowsNewestFirst.filter((row) => below(row) && compareIds(row.id, minId) > 0).reverse().slice(0, limit).reverse();
  }
  return rowsNewestFirst.filter((row) => below(row) && (sinceId === undefined || !/^\d+$/.test(sinceId) || compareIds(row.id, sinceId) > 0)).slice(0, limit);
}

/** `Link` with `next` (`max_id`) and `prev` (`min_id`), the permitted parameters kept; none for an empty page. */
function pageLinks(ctx: RequestContext, page: Array<{ id: string }>, kept: string[], hasNext = page.length > 0): Record<string, string> {
  const first = page[0];
  const last = page[page.length - 1];
  if (!first || !last) return {};
  const link = (core: Record<string, string>): string => {
    const query = new URLSearchParams();
    for (const key of kept) for (const value of list(ctx.params, key)) query.append(Array.isArray(ctx.params[key]) ? `${key}[]` : key, value);
    for (const [key, value] of Object.entries(core)) query.set(key, value);
    return `${ctx.baseUrl}${ctx.url.pathname}?${query.toString()}`;
  };
  return linkHeader({ next: hasNext ? link({ max_id: last.id }) : undefined, prev: link({ min_id: first.id }) });
}

function userOf(ctx: RequestContext, scopes: string[]): TokenRecord | Reply {
  return authorize(ctx, scopes);
}

function viewerOf(token: TokenRecord | undefined): string | null {
  return token?.accountId ?? null;
}

function byIdNewestFirst<T extends { id: string }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => compareIds(b.id, a.id));
}

/** `GET /api/v1/timelines/home` (timelines/home_controller.rb): the home feed as it is stored, paged like `Feed#get`. */
export const homeTimeline: Handler = (ctx) => {
  const token = userOf(ctx, ['read', 'read:statuses']);
  if (isReply(token)) return token;
  const viewer = token.accountId ?? '';
  const feed = [...(ctx.store.homeFeeds.get(viewer) ?? [])]
    .map((id) => ctx.store.statuses.get(id))
    .filter((status): status is StatusRecord => status !== undefined);
  const limit = limitParam(ctx.params, STATUSES_LIMIT);
  const page = paginateIds(byIdNewestFirst(feed), ctx.params, limit);
  return json(200, page.map((status) => serializeStatus(ctx, status, viewer)), pageLinks(ctx, page, ['local', 'limit']));
};

/** The status if the viewer may see it (`StatusPolicy#show?`: not from a suspended account). */
function visibleStatus(ctx: RequestContext, id: string): StatusRecord | undefined {
  const status = ctx.store.statuses.get(id);
  const author = status ? ctx.store.accounts.get(status.accountId) : undefined;
  if (!status || !author || isSuspended(ctx.store, author)) return undefined;
  return status;
}

/** `GET /api/v1/statuses/:id` (statuses_controller.rb). */
export const showStatus: Handler = (ctx) => {
  const auth = authorizeIfGotToken(ctx, ['read', 'read:statuses']);
  if (auth && isReply(auth)) return auth;
  const status = visibleStatus(ctx, decodeURIComponent(ctx.url.pathname.split('/')[4] ?? ''));
  return status ? json(200, serializeStatus(ctx, status, viewerOf(auth))) : NOT_FOUND;
};

/**
 * `GET /api/v1/statuses/:id/context`: ancestors oldest first, descendants depth first, each
 * filtered for the viewer as `Status::ThreadingConcern` does (`StatusFilter#filtered?`: posts of
 * suspended accounts, of domains the viewer blocks, of silenced accounts the viewer does not
 * follow are left out, and so are replies below them).
 */
export const statusContext: Handler = (ctx) => {
  const auth = authorizeIfGotToken(ctx, ['read', 'read:statuses']);
  if (auth && isReply(auth)) return auth;
  const viewer = viewerOf(auth);
  const status = visibleStatus(ctx, decodeURIComponent(ctx.url.pathname.split('/')[4] ?? ''));
  if (!status) return NOT_FOUND;
  const isShown = (s: StatusRecord) => (viewer === null ? !isSuspended(ctx.store, ctx.store.accounts.get(s.accountId) as AccountRecord) : !isFilteredFor(ctx.store, s, viewer));
  const ancestors: StatusRecord[] = [];
  for (let parent = status.inReplyToId; parent !== null; ) {
    const found = ctx.store.statuses.get(parent);
    if (!found) break;
    if (isShown(found)) ancestors.unshift(found);
    parent = found.inReplyToId;
  }
  const descendants: StatusRecord[] = [];
  const walk = (id: string) => {
    for (const reply of ctx.store.repliesTo(id)) {
      if (!isShown(reply)) continue;
      descendants.push(reply);
      walk(reply.id);
    }
  };
  walk(status.id);
  return json(200, {
    ancestors: ancestors.map((s) => serializeStatus(ctx, s, viewer)),
    descendants: descendants.map((s) => serializeStatus(ctx, s, viewer)),
  });
};

function accountFromPath(ctx: RequestContext): AccountRecord | undefined {
  return ctx.store.accounts.get(decodeURIComponent(ctx.url.pathname.split('/')[4] ?? ''));
}

/**
 * `GET /api/v1/accounts/:id/statuses` (accounts/statuses_controller.rb, `AccountStatusesFilter`):
 * nothing for an unavailable account; `pinned`, `exclude_replies`, `exclude_reblogs`, `only_media`.
 */
export const accountStatuses: Handler = (ctx) => {
  const auth = authorizeIfGotToken(ctx, ['read', 'read:statuses']);
  if (auth && isReply(auth)) return auth;
  const account = accountFromPath(ctx);
  if (!account) return NOT_FOUND;
  const truthy = (key: string) => ['1', 'true'].includes(param(ctx.params, key) ?? '');
  let rows: StatusRecord[] = [];
  if (!isSuspended(ctx.store, account) && !truthy('only_media')) {
    if (truthy('pinned')) {
      rows = (account.pinnedStatusIds ?? []).map((id) => ctx.store.statuses.get(id)).filter((s): s is StatusRecord => s !== undefined);
    } else {
      rows = byIdNewestFirst([...ctx.store.statuses.values()].filter((s) => s.accountId === account.id))
        .filter((s) => !(truthy('exclude_replies') && s.inReplyToId !== null && ctx.store.statuses.get(s.inReplyToId)?.accountId !== account.id))
        .filter((s) => !(truthy('exclude_reblogs') && s.reblogOfId !== null));
    }
  }
  const limit = limitParam(ctx.params, STATUSES_LIMIT);
  const page = paginateIds(rows, ctx.params, limit);
  const kept = ['limit', 'pinned', 'exclude_replies', 'exclude_reblogs', 'only_media', 'tagged'];
  return json(200, page.map((s) => serializeStatus(ctx, s, viewerOf(auth))), pageLinks(ctx, page, kept, page.length === limit));
};

/** `GET /api/v1/accounts/lookup?acct=` (accounts/lookup_controller.rb): by acct, local without domain. */
export const lookupAccount: Handler = (ctx) => {
  const auth = authorizeIfGotToken(ctx, ['read', 'read:accounts']);
  if (auth && isReply(auth)) return auth;
  const acct = param(ctx.params, 'acct') ?? '';
  const [username, domain] = acct.replace(/^@/, '').split('@');
  const isLocal = domain === undefined || domain.toLowerCase() === 'social.example';
  const account = isLocal ? ctx.store.findByAcct(username ?? '') : ctx.store.findByAcct(acct);
  return account ? json(200, serializeAccount(ctx, account)) : NOT_FOUND;
};

/**
 * `GET /api/v1/accounts/relationships?id[]=` (accounts/relationships_controller.rb): unknown ids
 * are skipped, suspended accounts too unless `with_suspended`.
 */
export const relationships: Handler = (ctx) => {
  const token = userOf(ctx, ['read', 'read:follows']);
  if (isReply(token)) return token;
  const withSuspended = ['1', 'true'].includes(param(ctx.params, 'with_suspended') ?? '');
  const accounts = [...new Set(list(ctx.params, 'id'))]
    .map((id) => ctx.store.accounts.get(id))
    .filter((a): a is AccountRecord => a !== undefined && (withSuspended || !isSuspended(ctx.store, a)));
  return json(200, accounts.map((a) => serializeRelationship(ctx, token.accountId ?? '', a)));
};

/** `GET /api/v1/accounts/familiar_followers?id[]=`: accounts the viewer follows that follow each one. */
export const familiarFollowers: Handler = (ctx) => {
  const token = userOf(ctx, ['read', 'read:follows']);
  if (isReply(token)) return token;
  const viewer = token.accountId ?? '';
  const answers = [...new Set(list(ctx.params, 'id'))]
    .filter((id) => ctx.store.accounts.has(id))
    .map((id) => ({
      id,
      accounts: ctx.store
        .followersOf(id)
        .map((f) => ctx.store.accounts.get(f.followerId))
        .filter((a): a is AccountRecord => a !== undefined && a.id !== viewer && ctx.store.isFollowing(viewer, a.id))
        .map((a) => serializeAccount(ctx, a)),
    }));
  return json(200, answers);
};

/** `GET /api/v1/accounts/:id/featured_tags`: none in the demo. */
export const accountFeaturedTags: Handler = (ctx) => {
  const auth = authorizeIfGotToken(ctx, ['read', 'read:accounts']);
  if (auth && isReply(auth)) return auth;
  return accountFromPath(ctx) ? json(200, []) : NOT_FOUND;
};

/** Notification types a version knows (`Notification::TYPES`). */
function knowsType(ctx: RequestContext, type: NotificationRecord['type']): boolean {
  if (type === 'quote') return isAtLeast(ctx.config, '4.5');
  if (type === 'severed_relationships') return isAtLeast(ctx.config, '4.3');
  return true;
}

/**
 * The notifications a list may show (`browserable`, `without_suspended`): of the types asked
 * for, not of the excluded ones, none from a suspended account, newest first.
 */
function browserable(ctx: RequestContext, viewer: string): NotificationRecord[] {
  const types = list(ctx.params, 'types');
  const excluded = list(ctx.params, 'exclude_types');
  return ctx.store.notifications
    .filter((n) => n.accountId === viewer && knowsType(ctx, n.type))
    .filter((n) => (types.length === 0 || types.includes(n.type)) && !excluded.includes(n.type))
    .filter((n) => {
      const from = ctx.store.accounts.get(n.fromAccountId);
      return from !== undefined && !isSuspended(ctx.store, from);
    })
    .sort((a, b) => b.id - a.id);
}

function notificationStatus(ctx: RequestContext, n: NotificationRecord): StatusRecord | undefined {
  return n.statusId === null ? undefined : ctx.store.statuses.get(n.statusId);
}

/** The parts of `REST::NotificationGroupSerializer` that follow the notification's type. */
function typeFields(ctx: RequestContext, n: NotificationRecord): Record<string, unknown> {
  if (n.type === 'severed_relationships' && n.event) {
    return {
      event: {
        id: n.event.id,
        type: 'user_domain_block',
        purged: false,
        target_name: n.event.targetName,
        followers_count: n.event.followersCount,
        following_count: n.event.followingCount,
        created_at: n.event.createdAt,
      },
    };
  }
  return ['favourite', 'reblog', 'mention', 'quote'].includes(n.type) ? { status_id: n.statusId } : {};
}

/**
 * `GET /api/v2/notifications` (api/v2/notifications_controller.rb, `NotificationGroup`):
 * notifications of `grouped_types` (default favourite, reblog, follow) share a group per group
 * key, the rest are `ungrouped-<id>`; a page is `limit` groups, newest first, with the accounts
 * and posts they name once each (`REST::DedupNotificationGroupSerializer`).
 */
export const notificationsV2: Handler = (ctx) => {
  const token = userOf(ctx, ['read', 'read:notifications']);
  if (isReply(token)) return token;
  const viewer = token.accountId ?? '';
  const groupedTypes = list(ctx.params, 'grouped_types');
  const grouping = groupedTypes.length > 0 ? groupedTypes : ['favourite', 'reblog', 'follow'];
  const keyOf = (n: NotificationRecord) => (n.groupKey !== null && grouping.includes(n.type) ? n.groupKey : `ungrouped-${n.id}`);
  const all = browserable(ctx, viewer).map((n) => ({ ...n, id: String(n.id), record: n }));
  const limit = limitParam(ctx.params, NOTIFICATIONS_LIMIT);
  // Pages count groups: take notifications until `limit` distinct groups are in.
  const window = paginateIds(all, ctx.params, Number.MAX_SAFE_INTEGER);
  const page: typeof window = [];
  const keys = new Set<string>();
  for (const row of window) {
    const key = keyOf(row.record);
    if (!keys.has(key) && keys.size === limit) break;
    keys.add(key);
    page.push(row);
  }
  const groups: Array<Record<string, unknown>> = [];
  const accountIds: string[] = [];
  const statusIds: string[] = [];
  for (const key of keys) {
    const members = all.filter((row) => keyOf(row.record) === key).map((row) => row.record);
    const inPage = page.filter((row) => keyOf(row.record) === key).map((row) => row.record);
    const latest = members[0];
    const oldestInPage = inPage[inPage.length - 1];
    if (!latest || !oldestInPage) continue;
    const samples = [...new Set(members.map((n) => n.fromAccountId))].slice(0, SAMPLE_ACCOUNTS);
    accountIds.push(...samples);
    if (latest.statusId !== null && notificationStatus(ctx, latest)) statusIds.push(latest.statusId);
    groups.push({
      group_key: key,
      notifications_count: members.length,
      type: latest.type,
      most_recent_notification_id: latest.id,
      page_min_id: String(oldestInPage.id),
      page_max_id: String(latest.id),
      latest_page_notification_at: inPage[0]?.createdAt ?? latest.createdAt,
      sample_account_ids: samples,
      ...typeFields(ctx, latest),
    });
  }
  const accounts = [...new Set(accountIds)].map((id) => ctx.store.accounts.get(id)).filter((a): a is AccountRecord => a !== undefined);
  const isPartial = param(ctx.params, 'expand_accounts') === 'partial_avatars';
  const firstSamples = new Set(groups.map((g) => (g.sample_account_ids as string[])[0]));
  const body: Record<string, unknown> = {
    accounts: accounts.filter((a) => !isPartial || firstSamples.has(a.id)).map((a) => serializeAccount(ctx, a)),
    ...(isPartial ? { partial_accounts: accounts.filter((a) => !firstSamples.has(a.id)).map((a) => serializePartialAccount(ctx, a)) } : {}),
    statuses: [...new Set(statusIds)]
      .map((id) => ctx.store.statuses.get(id))
      .filter((s): s is StatusRecord => s !== undefined)
      .map((s) => serializeStatus(ctx, s, viewer)),
    notification_groups: groups,
  };
  const kept = ['limit', 'types', 'exclude_types', 'grouped_types', 'expand_accounts'];
  return json(200, body, pageLinks(ctx, page, kept));
};

/** `GET /api/v1/notifications` (api/v1/notifications_controller.rb): one entry per notification. */
export const notificationsV1: Handler = (ctx) => {
  const token = userOf(ctx, ['read', 'read:notifications']);
  if (isReply(token)) return token;
  const viewer = token.accountId ?? '';
  const rows = browserable(ctx, viewer).map((n) => ({ ...n, id: String(n.id), record: n }));
  const page = paginateIds(rows, ctx.params, limitParam(ctx.params, NOTIFICATIONS_LIMIT));
  const entries = page.flatMap(({ record: n }) => {
    const from = ctx.store.accounts.get(n.fromAccountId);
    if (!from) return [];
    const status = notificationStatus(ctx, n);
    return [{
      id: String(n.id),
      type: n.type,
      created_at: n.createdAt,
      ...(isAtLeast(ctx.config, '4.3') ? { group_key: n.groupKey ?? `ungrouped-${n.id}` } : {}),
      account: serializeAccount(ctx, from),
      ...(status ? { status: serializeStatus(ctx, status, viewer) } : {}),
      ...(n.type === 'severed_relationships' ? typeFields(ctx, n) : {}),
    }];
  });
  return json(200, entries, pageLinks(ctx, page, ['limit', 'types', 'exclude_types']));
};

/** `GET /api/v2/notifications/policy`: Mastodon's defaults (`for_bots` from 4.6), nothing pending. */
export const notificationPolicy: Handler = (ctx) => {
  const token = userOf(ctx, ['read', 'read:notifications']);
  if (isReply(token)) return token;
  return json(200, {
    for_not_following: 'accept',
    for_not_followers: 'accept',
    for_new_accounts: 'accept',
    for_private_mentions: 'filter',
    for_limited_accounts: 'filter',
    ...(isAtLeast(ctx.config, '4.6') ? { for_bots: 'accept' } : {}),
    summary: { pending_requests_count: 0, pending_notifications_count: 0 },
  });
};

/** `GET /api/v1/markers`: where the user stopped reading; the demo has none until the client saves one. */
export const showMarkers: Handler = (ctx) => {
  const token = userOf(ctx, ['read', 'read:statuses']);
  if (isReply(token)) return token;
  const wanted = list(ctx.params, 'timeline');
  const saved = ctx.store.markers.get(token.accountId ?? '') ?? {};
  return json(200, Object.fromEntries(Object.entries(saved).filter(([timeline]) => wanted.includes(timeline))));
};

/** `POST /api/v1/markers` (`home[last_read_id]`, `notifications[last_read_id]`). */
export const saveMarkers: Handler = (ctx) => {
  const token = userOf(ctx, ['write', 'write:statuses']);
  if (isReply(token)) return token;
  const saved = ctx.store.markers.get(token.accountId ?? '') ?? {};
  for (const timeline of ['home', 'notifications']) {
    // A form sends `notifications[last_read_id]`; JSON (what the web client sends) a nested object.
    const nested = param(ctx.params, timeline);
    const fromJson = nested?.startsWith('{') ? (JSON.parse(nested) as { last_read_id?: unknown }).last_read_id : undefined;
    const lastRead = param(ctx.params, `${timeline}[last_read_id]`) ?? (fromJson === undefined ? undefined : String(fromJson));
    if (lastRead === undefined) continue;
    saved[timeline] = { last_read_id: lastRead, version: (saved[timeline]?.version ?? 0) + 1, updated_at: new Date(ctx.now()).toISOString() };
  }
  ctx.store.markers.set(token.accountId ?? '', saved);
  return json(200, saved);
};

/**
 * Calls whose demo answer is empty: an array, or an object for translation languages. `scopes`
 * null: no token needed (`authorize_if_got_token!` or none); `user`: `doorkeeper_authorize!`.
 */
export function emptyAnswer(body: unknown, scopes: string[] | null, needsUser = false): Handler {
  return (ctx) => {
    if (scopes !== null) {
      const auth = needsUser ? userOf(ctx, scopes) : authorizeIfGotToken(ctx, scopes);
      if (auth && isReply(auth)) return auth;
    }
    return json(200, body);
  };
}
