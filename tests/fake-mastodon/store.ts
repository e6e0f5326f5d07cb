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
  private nextRowId = 1;
  private nextAppId = 1;

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

  addPersonalBlock(accountId: string, domain: string): void {
    if (this.personalBlocks.some((b) => b.accountId === accountId && b.domain === domain)) return;
    this.personalBlocks.push({ id: this.newRowId(), accountId, domain });
    this.severRelationships(accountId, domain);
  }

  removePersonalBlock(accountId: string, domain: string): void {
    this.personalBlocks = this.personalBlocks.filter((b) => !(b.accountId === accountId && b.domain === domain));
  }

  /**
   * What `AfterBlockDomainFromAccountService` does after a personal block: the user stops
   * following everyone on the domain and everyone there stops following the user. An unblock
   * restores none of it.
   */
  severRelationships(accountId: string, domain: string): void {
    const onDomain = (id: string) => this.accounts.get(id)?.domain === domain;
    this.follows = this.follows.filter(
      (f) => !((f.followerId === accountId && onDomain(f.targetId)) || (f.targetId === accountId && onDomain(f.followerId))),
    );
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
