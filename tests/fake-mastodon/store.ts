import { domainToUnicode } from 'node:url';

/** A local or remote account as the fake server knows it. */
export interface AccountRecord {
  id: string;
  username: string;
  /** null for local accounts; otherwise lower-case punycode, as Mastodon stores it. */
  domain: string | null;
  displayName: string;
  note: string;
  createdAt: string;
  locked: boolean;
  bot: boolean;
  /** Profile URL on the account's own server (remote accounts only). */
  remoteUrl?: string;
  /** ActivityPub actor id (remote accounts only). */
  remoteUri?: string;
  /** Counts the remote server reports; local accounts' counts are computed. */
  remoteFollowersCount?: number;
  remoteFollowingCount?: number;
  statusesCount: number;
  /** Pinned to the top of the profile ("featured"), newest first. */
  pinnedStatusIds?: string[];
}

/** A post, a reply or a boost (`Status`). Ids are Mastodon snowflakes: newer posts have larger ids. */
export interface StatusRecord {
  id: string;
  accountId: string;
  /** ISO time; the snowflake id encodes the same time. */
  createdAt: string;
  /** HTML as Mastodon stores it after formatting (`<p>`, mention links with `u-url mention`). */
  content: string;
  visibility: 'public' | 'unlisted' | 'private' | 'direct';
  /** A content warning, or ''. */
  spoilerText: string;
  inReplyToId: string | null;
  /** Set on a boost: the boosted post (whose author may be on another domain). */
  reblogOfId: string | null;
  /** A quote post (4.5+): the quoted post. */
  quoteOfId: string | null;
  /** Accounts the post mentions (`active_mentions`); only these links are rewritten by the web client. */
  mentionIds: string[];
  favouritesCount: number;
  reblogsCount: number;
}

export type NotificationType = 'mention' | 'reblog' | 'follow' | 'favourite' | 'quote' | 'severed_relationships';

/** `AccountRelationshipSeveranceEvent` (4.3+): what one domain block cut. */
export interface SeveranceEvent {
  id: string;
  targetName: string;
  followingCount: number;
  followersCount: number;
  createdAt: string;
}

/** A notification for `accountId`, as `Notification` rows are (ids increase with time). */
export interface NotificationRecord {
  id: number;
  accountId: string;
  type: NotificationType;
  fromAccountId: string;
  statusId: string | null;
  createdAt: string;
  /** `Notification::Groups#set_group_key!`: favourites and boosts per post, follows, per hour bucket; null for the rest. */
  groupKey: string | null;
  event?: SeveranceEvent;
}

export interface FollowRecord {
  id: number;
  followerId: string;
  targetId: string;
}

export interface PersonalDomainBlock {
  id: number;
  accountId: string;
  domain: string;
}

/** A block the server's admin made (`DomainBlock` in Mastodon). */
export interface ServerDomainBlock {
  domain: string;
  severity: 'silence' | 'suspend';
  publicComment: string | null;
  obfuscate: boolean;
}

export interface AppRecord {
  id: string;
  name: string;
  website: string | null;
  redirectUris: string[];
  scopes: string[];
  clientId: string;
  clientSecret: string;
  createdAt: number;
}

export interface GrantRecord {
  code: string;
  appId: string;
  accountId: string;
  redirectUri: string;
  scopes: string[];
  codeChallenge: string | null;
  codeChallengeMethod: string | null;
  expiresAt: number;
  isUsed: boolean;
}

export interface TokenRecord {
  token: string;
  appId: string;
  /** null for client_credentials tokens, which act for no user. */
  accountId: string | null;
  scopes: string[];
  /** Seconds since the epoch, as Doorkeeper reports it. */
  createdAt: number;
  isRevoked: boolean;
}

/** The acct a Mastodon API shows: no domain for local accounts, IDN domains in Unicode (`Account#pretty_acct`). */
export function prettyAcct(account: AccountRecord): string {
  if (account.domain === null) return account.username;
  return `${account.username}@${domainToUnicode(account.domain) || account.domain}`;
}

/** All mutable state of one fake server. */
export class FakeStore {
  readonly accounts = new Map<string, AccountRecord>();
  follows: FollowRecord[] = [];
  personalBlocks: PersonalDomainBlock[] = [];
  serverBlocks: ServerDomainBlock[] = [];
  readonly apps = new Map<string, AppRecord>();
  readonly grants = new Map<string, GrantRecord>();
  readonly tokens = new Map<string, TokenRecord>();
  readonly statuses = new Map<string, StatusRecord>();
  notifications: NotificationRecord[] = [];
  /** Status ids in each account's home feed (Mastodon's Redis `feed:home:<id>`). */
  readonly homeFeeds = new Map<string, Set<string>>();
  /** Reading positions the web client saved (`Marker`), per account and timeline. */
  /** The access token the web client's page carries (`meta.access_token`): the demo user's. */
  webSessionToken?: string;
  readonly markers = new Map<string, Record<string, { last_read_id: string; version: number; updated_at: string }>>();
  private nextRowId = 1;
  private nextAppId = 1;
  private nextNotificationId = 1;
  private nextEventId = 1;

  /** Monotonic row ids: newer rows have larger ids, which is what `max_id` pagination walks. */
  newRowId(): number {
    return this.nextRowId++;
  }

  newAppId(): string {
    return String(this.nextAppId++);
  }

  addAccount(account: AccountRecord): AccountRecord {
    this.accounts.set(account.id, account);
    return account;
  }

  /** Finds an account by acct (`user` for local, `user@domain` with Unicode or punycode domain). */
  findByAcct(acct: string): AccountRecord | undefined {
    const [username, domain] = acct.replace(/^@/, '').split('@');
    const wanted = domain ? toAsciiHost(domain) : null;
    for (const account of this.accounts.values()) {
      if (account.username.toLowerCase() === username?.toLowerCase() && account.domain === wanted) return account;
    }
    return undefined;
  }

  follow(followerId: string, targetId: string): void {
    if (this.follows.some((f) => f.followerId === followerId && f.targetId === targetId)) return;
    this.follows.push({ id: this.newRowId(), followerId, targetId });
  }

  unfollow(followerId: string, targetId: string): void {
    this.follows = this.follows.filter((f) => !(f.followerId === followerId && f.targetId === targetId));
  }

  /** Follows made by `accountId`, newest first. */
  followingOf(accountId: string): FollowRecord[] {
    return this.follows.filter((f) => f.followerId === accountId).sort((a, b) => b.id - a.id);
  }

  /** Follows of `accountId` by others, newest first. */
  followersOf(accountId: string): FollowRecord[] {
    return this.follows.filter((f) => f.targetId === accountId).sort((a, b) => b.id - a.id);
  }

  /** The account's personal domain blocks, newest first. */
  blocksOf(accountId: string): PersonalDomainBlock[] {
    return this.personalBlocks.filter((b) => b.accountId === accountId).sort((a, b) => b.id - a.id);
  }

  /**
   * Writes the block row only. The follows, followers and notifications it cuts go later, in
   * {@link afterDomainBlock}, as Mastodon's controller queues them (see index.ts).
   * Returns whether a row was written.
   */
  addPersonalBlock(accountId: string, domain: string): boolean {
    if (this.personalBlocks.some((b) => b.accountId === accountId && b.domain === domain)) return false;
    this.personalBlocks.push({ id: this.newRowId(), accountId, domain });
    return true;
  }

  removePersonalBlock(accountId: string, domain: string): void {
    this.personalBlocks = this.personalBlocks.filter((b) => !(b.accountId === accountId && b.domain === domain));
  }

  /** Whether `accountId` has a personal block of exactly `domain` (personal blocks cover no subdomain). */
  isDomainBlockedBy(accountId: string, domain: string | null): boolean {
    return domain !== null && this.personalBlocks.some((b) => b.accountId === accountId && b.domain === domain);
  }

  /**
   * `AfterBlockDomainFromAccountService#call` (app/services/after_block_domain_from_account_service.rb),
   * run by `AfterAccountDomainBlockWorker` with the domain exactly as the client sent it: it
   * matches `Account.where(domain:)`, so a domain sent in another case or in Unicode cuts nothing.
   * It deletes the user's notifications from the domain, unfollows everyone there (and, through
   * `UnfollowService`'s `UnmergeWorker`, takes their posts out of the home feed), removes their
   * follows of the user, and from 4.3 records what it cut as a severed-relationships notification.
   * An unblock restores none of it.
   */
  afterDomainBlock(accountId: string, domain: string, options: { now: string; recordsSeverance: boolean }): void {
    const onDomain = (id: string) => this.accounts.get(id)?.domain === domain;
    this.notifications = this.notifications.filter((n) => !(n.accountId === accountId && onDomain(n.fromAccountId)));
    const cutFollowing = this.follows.filter((f) => f.followerId === accountId && onDomain(f.targetId));
    const cutFollowers = this.follows.filter((f) => f.targetId === accountId && onDomain(f.followerId));
    if (cutFollowing.length + cutFollowers.length === 0) return;
    this.follows = this.follows.filter((f) => !cutFollowing.includes(f) && !cutFollowers.includes(f));
    const feed = this.homeFeeds.get(accountId);
    for (const follow of cutFollowing) {
      for (const id of feed ?? []) if (this.statuses.get(id)?.accountId === follow.targetId) feed?.delete(id);
    }
    if (!options.recordsSeverance) return;
    const event: SeveranceEvent = {
      id: String(this.nextEventId++),
      targetName: domain,
      followingCount: cutFollowing.length,
      followersCount: cutFollowers.length,
      createdAt: options.now,
    };
    this.addNotification({ accountId, type: 'severed_relationships', fromAccountId: accountId, statusId: null, createdAt: options.now, groupKey: null, event });
  }

  addNotification(notification: Omit<NotificationRecord, 'id'>): NotificationRecord {
    const record = { id: this.nextNotificationId++, ...notification };
    this.notifications.push(record);
    return record;
  }

  addStatus(status: StatusRecord, homeOf: string[] = []): StatusRecord {
    this.statuses.set(status.id, status);
    for (const accountId of homeOf) {
      const feed = this.homeFeeds.get(accountId) ?? new Set<string>();
      feed.add(status.id);
      this.homeFeeds.set(accountId, feed);
    }
    return status;
  }

  /** Replies to a status, oldest first. */
  repliesTo(statusId: string): StatusRecord[] {
    return [...this.statuses.values()].filter((s) => s.inReplyToId === statusId).sort((a, b) => compareIds(a.id, b.id));
  }

  /** Whether `followerId` follows `targetId`. */
  isFollowing(followerId: string, targetId: string): boolean {
    return this.follows.some((f) => f.followerId === followerId && f.targetId === targetId);
  }

  /** The token if it exists and has not been revoked. */
  activeToken(token: string | undefined): TokenRecord | undefined {
    if (!token) return undefined;
    const record = this.tokens.get(token);
    return record && !record.isRevoked ? record : undefined;
  }
}

function toAsciiHost(domain: string): string {
  try {
    return new URL(`https://${domain}`).hostname;
  } catch {
    return domain.toLowerCase();
  }
}

/** Orders snowflake ids (decimal strings of up to 19 digits) as numbers. */
export function compareIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
