/**
 * Whom a block cuts, by name: the follows and followers on each blocked
 * domain, as pages show them before a block and after it (issue 14).
 *
 * Mastodon removes both sides when the user blocks a domain
 * (app/services/after_block_domain_from_account_service.rb), and a big
 * domain can hold hundreds of them, so what goes to a page is capped: the
 * first {@link LOST_NAMES_PER_SIDE} of each side of each domain, and at most
 * {@link LOST_NAMES_TOTAL} in one answer; the counts still say how many there
 * are, and a page says "and N more".
 */

/** Names of one side (follows or followers) of one domain that a page is sent. */
export const LOST_NAMES_PER_SIDE = 20;

/** Names one answer carries over all its domains: a plan of many domains stays small. */
export const LOST_NAMES_TOTAL = 400;

/** An account as pages show it: avatar, display name, handle and a link to the profile. */
export interface LostAccount {
  /** Full `user@domain`. */
  acct: string;
  /** As the server gives it: text, custom emoji as `:shortcode:`; never markup. */
  displayName: string;
  /** The profile's address; an `http(s)` URL or empty. */
  url: string;
  /** The picture the user's own server serves (`avatar_static`); an `http(s)` URL, absent when unknown. */
  avatar?: string;
}

/** One domain's follows and followers, as many as known, and their counts. */
export interface LostGroupInput {
  /** Lowercase punycode. */
  domain: string;
  followingCount: number;
  followersCount: number;
  following: readonly LostAccount[];
  followers: readonly LostAccount[];
}

/** One domain's follows and followers as a page gets them: the first few of each side, and the counts. */
export interface LostGroup {
  domain: string;
  /** How many the user follows there: at least as many as `following` holds. */
  followingCount: number;
  followersCount: number;
  following: LostAccount[];
  followers: LostAccount[];
}

/**
 * The groups a page shows: only domains where the block cuts someone, biggest
 * first (then by domain), each side capped at `perSide` and all of them at
 * `total` names, taken in that order. A count is never below the names known.
 * @param groups - one per domain.
 * @param limits - the caps; {@link LOST_NAMES_PER_SIDE} and {@link LOST_NAMES_TOTAL} by default.
 */
export function capLostGroups(
  groups: Iterable<LostGroupInput>,
  limits: { perSide?: number; total?: number } = {},
): LostGroup[] {
  const perSide = limits.perSide ?? LOST_NAMES_PER_SIDE;
  let left = limits.total ?? LOST_NAMES_TOTAL;
  const take = (accounts: readonly LostAccount[]): LostAccount[] => {
    const taken = accounts.slice(0, Math.max(0, Math.min(perSide, left))).map(toLostAccount);
    left -= taken.length;
    return taken;
  };
  const sized = [...groups]
    .map((group) => ({
      group,
      followingCount: Math.max(group.followingCount, group.following.length),
      followersCount: Math.max(group.followersCount, group.followers.length),
    }))
    .filter(({ followingCount, followersCount }) => followingCount + followersCount > 0)
    .sort(
      (a, b) =>
        b.followingCount + b.followersCount - (a.followingCount + a.followersCount) ||
        (a.group.domain < b.group.domain ? -1 : a.group.domain > b.group.domain ? 1 : 0),
    );
  return sized.map(({ group, followingCount, followersCount }) => ({
    domain: group.domain,
    followingCount,
    followersCount,
    following: take(sortByName(group.following)),
    followers: take(sortByName(group.followers)),
  }));
}

/**
 * Only what a page needs of an account, with addresses that are not `http(s)`
 * dropped: a profile link or a picture must never run script (`javascript:`)
 * or read local files.
 * @param account - an account as read from the server or saved before a block.
 */
export function toLostAccount(account: LostAccount): LostAccount {
  const avatar = account.avatar !== undefined && isWebUrl(account.avatar) ? { avatar: account.avatar } : {};
  return { acct: account.acct, displayName: account.displayName, url: isWebUrl(account.url) ? account.url : '', ...avatar };
}

/**
 * Whether `url` is an absolute `http:` or `https:` address.
 * @param url - any text.
 */
export function isWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    // Not a URL at all (empty, relative, garbage): not a web address either.
    return false;
  }
}

/** By handle, so the same people come first in every answer and a capped list is stable. */
function sortByName(accounts: readonly LostAccount[]): LostAccount[] {
  return [...accounts].sort((a, b) => (a.acct.toLowerCase() < b.acct.toLowerCase() ? -1 : a.acct.toLowerCase() > b.acct.toLowerCase() ? 1 : 0));
}
