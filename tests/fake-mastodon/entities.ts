import { isAtLeast, type RequestContext } from './context.ts';
import { prettyAcct, type AccountRecord, type FakeStore, type ServerDomainBlock, type StatusRecord } from './store.ts';

/**
 * The REST entities as Mastodon's serializers write them (app/serializers/rest/*.rb), for the
 * version the fake plays. Fields a version does not have are left out, so a client built for it
 * sees what it would see.
 */

/**
 * Where an account's profile picture is, as Mastodon serves uploads under `/system/accounts/avatars/`
 * (app/models/concerns/account/avatar.rb; the real path splits the id in groups of three digits).
 * web-pages.ts `showAvatar` draws it.
 */
export function avatarUrl(baseUrl: string, accountId: string): string {
  return `${baseUrl}/system/accounts/avatars/${encodeURIComponent(accountId)}/original/avatar.svg`;
}

/**
 * The admin's block that covers a domain: `DomainBlock.rule_for` matches the domain and every
 * parent of it (app/models/domain_block.rb), unlike personal blocks.
 */
export function serverBlockFor(store: FakeStore, domain: string | null): ServerDomainBlock | undefined {
  if (domain === null) return undefined;
  const labels = domain.split('.');
  const variants = labels.map((_, i) => labels.slice(i).join('.'));
  return store.serverBlocks.find((block) => variants.includes(block.domain));
}

/** `Account#unavailable?`: suspended, here because the server suspends the account's domain. */
export function isSuspended(store: FakeStore, account: AccountRecord): boolean {
  return serverBlockFor(store, account.domain)?.severity === 'suspend';
}

/** `Account#silenced?`: limited, here because the server silences the account's domain. */
export function isSilenced(store: FakeStore, account: AccountRecord): boolean {
  return serverBlockFor(store, account.domain)?.severity === 'silence';
}

/** `REST::AccountSerializer`. Every account has a generated picture; headers are Mastodon's missing.png. */
export function serializeAccount(ctx: RequestContext, account: AccountRecord): Record<string, unknown> {
  const isLocal = account.domain === null;
  const base = ctx.baseUrl;
  const isGone = isSuspended(ctx.store, account);
  const followers = isLocal ? ctx.store.followersOf(account.id).length : (account.remoteFollowersCount ?? 0);
  const following = isLocal ? ctx.store.followingOf(account.id).length : (account.remoteFollowingCount ?? 0);
  // An unavailable account shows Mastodon's default picture and no profile text.
  const avatar = isGone ? `${base}/avatars/original/missing.png` : avatarUrl(base, account.id);
  const is46 = isAtLeast(ctx.config, '4.6');
  return {
    id: account.id,
    username: account.username,
    acct: prettyAcct(account),
    display_name: isGone ? '' : account.displayName,
    locked: isGone ? false : account.locked,
    bot: isGone ? false : account.bot,
    discoverable: !isGone,
    indexable: !isGone && isLocal,
    group: false,
    created_at: account.createdAt,
    note: isGone ? '' : account.note,
    url: isLocal ? `${base}/@${account.username}` : (account.remoteUrl ?? ''),
    uri: isLocal ? `${base}/users/${account.username}` : (account.remoteUri ?? ''),
    avatar,
    avatar_static: avatar,
    ...(is46 ? { avatar_description: '' } : {}),
    header: `${base}/headers/original/missing.png`,
    header_static: `${base}/headers/original/missing.png`,
    ...(is46 ? { header_description: '' } : {}),
    followers_count: followers,
    following_count: following,
    statuses_count: account.statusesCount,
    last_status_at: '2024-10-16',
    hide_collections: false,
    ...(is46 ? { show_media: true, show_media_replies: true, show_featured: true } : {}),
    ...(isGone ? { suspended: true } : {}),
    ...(isSilenced(ctx.store, account) ? { limited: true } : {}),
    ...(isLocal ? { noindex: false } : {}),
    emojis: [],
    ...(isLocal ? { roles: [] } : {}),
    fields: [],
    ...(is46 ? { feature_approval: { automatic: [], manual: [], current_user: isLocal ? 'automatic' : 'missing' } } : {}),
  };
}

/** `REST::PartialAccountSerializer` (grouped notifications with `expand_accounts=partial_avatars`). */
export function serializePartialAccount(ctx: RequestContext, account: AccountRecord): Record<string, unknown> {
  const full = serializeAccount(ctx, account);
  const keys = ['id', 'acct', 'locked', 'bot', 'url', 'avatar', 'avatar_static', ...(isAtLeast(ctx.config, '4.6') ? ['avatar_description'] : [])];
  return Object.fromEntries(keys.map((key) => [key, full[key]]));
}

/**
 * `StatusFilter#filtered?` (app/lib/status_filter.rb) for a signed-in viewer: the author is
 * suspended (the policy refuses it), the viewer blocks the author's domain, or the author is
 * silenced and the viewer does not follow them. Threads (`Status::ThreadingConcern`) drop such
 * posts; the viewer's own posts always pass.
 */
export function isFilteredFor(store: FakeStore, status: StatusRecord, viewerId: string): boolean {
  if (status.accountId === viewerId) return false;
  const author = store.accounts.get(status.accountId);
  if (!author) return true;
  if (isSuspended(store, author)) return true;
  if (store.isDomainBlockedBy(viewerId, author.domain)) return true;
  return isSilenced(store, author) && !store.isFollowing(viewerId, author.id);
}

/**
 * `REST::BaseQuoteSerializer#state`: `deleted` without the quoted post, else what
 * `StatusFilter#filter_state_for_quote` says (`unauthorized`, `blocked_domain`, …), else
 * `accepted`. The quoted post is left out only when `unauthorized`.
 */
function quoteFor(ctx: RequestContext, status: StatusRecord, viewerId: string | null, isShallow: boolean): Record<string, unknown> | null {
  if (status.quoteOfId === null) return null;
  const quoted = ctx.store.statuses.get(status.quoteOfId);
  const author = quoted ? ctx.store.accounts.get(quoted.accountId) : undefined;
  let state = 'accepted';
  if (!quoted || !author) state = 'deleted';
  else if (viewerId === quoted.accountId) state = 'accepted';
  else if (isSuspended(ctx.store, author)) state = 'unauthorized';
  else if (viewerId !== null && ctx.store.isDomainBlockedBy(viewerId, author.domain)) state = 'blocked_domain';
  const shown = quoted && state !== 'unauthorized' && state !== 'deleted' ? quoted : undefined;
  if (isShallow) return { state, quoted_status_id: shown?.id ?? null };
  return { state, quoted_status: shown ? serializeStatus(ctx, shown, viewerId, { isShallow: true }) : null };
}

/** Mastodon's mention link (`TextFormatter`): `h-card` around a `u-url mention` link to the account's page. */
function mentionHtml(ctx: RequestContext, account: AccountRecord): string {
  const url = account.domain === null ? `${ctx.baseUrl}/@${account.username}` : (account.remoteUrl ?? '');
  return `<span class="h-card" translate="no"><a href="${url}" class="u-url mention">@<span>${account.username}</span></a></span>`;
}

/** The stored text with its `{@id}` mentions and `{base}` links written out. */
function renderContent(ctx: RequestContext, content: string): string {
  return content
    .replace(/\{@(\d+)\}/g, (whole, id: string) => {
      const account = ctx.store.accounts.get(id);
      return account ? mentionHtml(ctx, account) : whole;
    })
    .replaceAll('{base}', ctx.baseUrl);
}

function statusUrls(ctx: RequestContext, status: StatusRecord, author: AccountRecord): { uri: string; url: string | null } {
  const isLocal = author.domain === null;
  const actor = isLocal ? `${ctx.baseUrl}/users/${author.username}` : (author.remoteUri ?? '').replace(/\/$/, '');
  if (status.reblogOfId !== null) {
    // `ActivityPub::TagManager#url_for`: a local boost is its activity; a remote one has no page.
    const uri = `${actor}/statuses/${status.id}/activity`;
    return { uri, url: isLocal ? uri : null };
  }
  const page = isLocal ? `${ctx.baseUrl}/@${author.username}` : (author.remoteUrl ?? '');
  return { uri: `${actor}/statuses/${status.id}`, url: `${page}/${status.id}` };
}

/**
 * `REST::StatusSerializer` for a signed-in viewer (`favourited` and the other viewer fields are
 * present); `isShallow` is `REST::ShallowStatusSerializer`, a quoted post inside another, whose
 * own quote is only an id. `quote`, `quotes_count` and `quote_approval` from 4.5,
 * `tagged_collections` from 4.6 (the 4.6 web client reads it on every post).
 */
export function serializeStatus(
  ctx: RequestContext,
  status: StatusRecord,
  viewerId: string | null,
  options: { isShallow?: boolean } = {},
): Record<string, unknown> {
  const { store } = ctx;
  const author = store.accounts.get(status.accountId);
  if (!author) throw new Error(`status ${status.id} has no author ${status.accountId}`);
  const reblog = status.reblogOfId === null ? undefined : store.statuses.get(status.reblogOfId);
  const parent = status.inReplyToId === null ? undefined : store.statuses.get(status.inReplyToId);
  const isOwn = viewerId === status.accountId;
  const hasQuotes = isAtLeast(ctx.config, '4.5');
  const mentions = status.mentionIds
    .map((id) => store.accounts.get(id))
    .filter((account): account is AccountRecord => account !== undefined)
    .map((account) => ({
      id: account.id,
      username: account.username,
      url: account.domain === null ? `${ctx.baseUrl}/@${account.username}` : (account.remoteUrl ?? ''),
      acct: prettyAcct(account),
    }));
  const isReblog = reblog !== undefined;
  const hasReblogged =
    viewerId !== null && [...store.statuses.values()].some((s) => s.accountId === viewerId && s.reblogOfId === status.id);
  return {
    id: status.id,
    created_at: status.createdAt,
    in_reply_to_id: status.inReplyToId,
    in_reply_to_account_id: parent?.accountId ?? null,
    sensitive: status.spoilerText !== '',
    spoiler_text: status.spoilerText,
    visibility: status.visibility,
    language: isReblog ? null : 'en',
    ...statusUrls(ctx, status, author),
    replies_count: store.repliesTo(status.id).length,
    reblogs_count: status.reblogsCount,
    favourites_count: status.favouritesCount,
    ...(hasQuotes ? { quotes_count: [...store.statuses.values()].filter((s) => s.quoteOfId === status.id).length } : {}),
    edited_at: null,
    ...(viewerId !== null
      ? {
          favourited: false,
          reblogged: hasReblogged,
          muted: false,
          bookmarked: false,
          ...(isOwn && !isReblog && status.visibility !== 'direct' ? { pinned: false } : {}),
          filtered: [],
        }
      : {}),
    content: isReblog ? '' : renderContent(ctx, status.content),
    reblog: reblog ? serializeStatus(ctx, reblog, viewerId) : null,
    ...(isOwn ? { application: { name: 'Web', website: null } } : {}),
    account: serializeAccount(ctx, author),
    media_attachments: [],
    mentions,
    tags: [...status.content.matchAll(/\/tags\/([a-z0-9_]+)"/gi)].map((match) => ({ name: match[1], url: `${ctx.baseUrl}/tags/${match[1]}` })),
    emojis: [],
    ...(isAtLeast(ctx.config, '4.6') ? { tagged_collections: [] } : {}),
    ...(hasQuotes ? { quote: quoteFor(ctx, status, viewerId, options.isShallow ?? false) } : {}),
    card: null,
    poll: null,
    ...(hasQuotes
      ? {
          quote_approval: {
            automatic: isReblog || status.visibility === 'direct' ? [] : ['public'],
            manual: [],
            current_user: isReblog || viewerId === null ? 'denied' : 'automatic',
          },
        }
      : {}),
  };
}

/** `REST::RelationshipSerializer`: what the viewer and `target` are to each other (`muting_expires_at` from 4.6). */
export function serializeRelationship(ctx: RequestContext, viewerId: string, target: AccountRecord): Record<string, unknown> {
  const { store } = ctx;
  const following = store.isFollowing(viewerId, target.id);
  return {
    id: target.id,
    following,
    showing_reblogs: following,
    notifying: false,
    languages: null,
    followed_by: store.isFollowing(target.id, viewerId),
    blocking: false,
    blocked_by: false,
    muting: false,
    muting_notifications: false,
    ...(isAtLeast(ctx.config, '4.6') ? { muting_expires_at: null } : {}),
    requested: false,
    requested_by: false,
    // `Account.domain_blocking_map`: the exact domain, as personal blocks match.
    domain_blocking: store.isDomainBlockedBy(viewerId, target.domain),
    endorsed: false,
    note: '',
  };
}
