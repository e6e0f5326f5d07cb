/**
 * Subdomains a personal block leaves open. Mastodon's personal domain block
 * covers the exact domain only: `Account#domain_blocking?` is
 * `domain_blocks.exists?(domain: other_domain)` and
 * `Account#excluded_from_timeline_domains` plucks the exact domains
 * (app/models/concerns/account/interactions.rb, app/models/account.rb), unlike
 * the server's own `DomainBlock.rule_for`, which tries every suffix
 * (app/models/domain_block.rb). So someone who blocks `example.org` still meets
 * `@someone@eu.example.org`; Hedge finds such subdomains among the accounts it
 * knows of (follows, followers, and the ones Mastodon's web UI showed the user)
 * and offers to block them too.
 *
 * Algorithm: for each known domain, walk its parents nearest first (keeping a
 * dot: a bare top-level label is never blocked) and stop at the first one that
 * is blocked; a domain that is itself blocked, the user's own server, the
 * user's "never block" entries and reserved names (which Hedge never blocks,
 * `isReservedDomain`) are left out.
 */
import { isReservedDomain, normalizeDomain } from './domain.ts';

/** Subdomains seen in the web UI kept per account; the newest stay. */
export const MAX_SEEN_SUBDOMAINS = 500;

/** A subdomain of a blocked domain that is not blocked itself. */
export interface SubdomainOffer {
  /** Lowercase punycode. */
  domain: string;
  /** The nearest blocked parent. */
  parent: string;
  /** How many of the user's follows and followers are on it. */
  followingCount: number;
  followersCount: number;
  /** Mastodon's web UI showed the user an account on it. */
  isSeen?: true;
}

/** What {@link findUnblockedSubdomains} looks through. */
export interface SubdomainSearch {
  /** The personal blocks on the server, lowercase punycode. */
  blocked: Iterable<string>;
  /** The domains of the accounts the user follows and of those who follow the user. */
  following: Iterable<{ domain: string }>;
  followers: Iterable<{ domain: string }>;
  /** Domains Mastodon's web UI showed accounts of (reported by the content script, checked by {@link keepSeenSubdomains}). */
  seen?: Iterable<string>;
  /** Domains never offered: the user's own server and their "never block" entries. */
  leftOut: Iterable<string>;
}

/** The nearest parent of `domain` in `blocked` (never a bare top-level label), or undefined. */
export function blockedParentOf(domain: string, blocked: ReadonlySet<string>): string | undefined {
  for (let dot = domain.indexOf('.'), suffix = domain; dot !== -1; dot = suffix.indexOf('.')) {
    suffix = suffix.slice(dot + 1);
    if (suffix.includes('.') && blocked.has(suffix)) return suffix;
  }
  return undefined;
}

/**
 * The subdomains of blocked domains among the user's follows and followers
 * that are not blocked themselves, with how many follows and followers each
 * block would cut; the ones cutting most first, then by name.
 */
export function findUnblockedSubdomains(search: SubdomainSearch): SubdomainOffer[] {
  const blocked = new Set(search.blocked);
  const leftOut = new Set(search.leftOut);
  // Each domain is walked once; null: not offered.
  const offers = new Map<string, SubdomainOffer | null>();
  const offerOf = (domain: string): SubdomainOffer | null => {
    let offer = offers.get(domain);
    if (offer === undefined) {
      const isLeftOut = blocked.has(domain) || leftOut.has(domain) || isReservedDomain(domain);
      const parent = isLeftOut ? undefined : blockedParentOf(domain, blocked);
      offer = parent === undefined ? null : { domain, parent, followingCount: 0, followersCount: 0 };
      offers.set(domain, offer);
    }
    return offer;
  };
  const count = (accounts: Iterable<{ domain: string }>, field: 'followingCount' | 'followersCount') => {
    for (const { domain } of accounts) {
      const offer = offerOf(domain);
      if (offer !== null) offer[field] += 1;
    }
  };
  count(search.following, 'followingCount');
  count(search.followers, 'followersCount');
  for (const domain of search.seen ?? []) {
    const offer = offerOf(domain);
    if (offer !== null) offer.isSeen = true;
  }
  const weight = (offer: SubdomainOffer) => offer.followingCount + offer.followersCount;
  return [...offers.values()].filter((offer): offer is SubdomainOffer => offer !== null).sort((a, b) => weight(b) - weight(a) || a.domain.localeCompare(b.domain));
}

/**
 * Of the domains a Mastodon page reported, the ones worth keeping: each a string already in
 * lowercase punycode (`normalizeDomain` gives it back unchanged), a subdomain of one of `blocked`,
 * not blocked itself, not reserved and not in `leftOut`. The page is never trusted: anything else
 * is dropped.
 */
export function keepSeenSubdomains(reported: readonly unknown[], blocked: Iterable<string>, leftOut: Iterable<string>): string[] {
  const blockedSet = new Set(blocked);
  const leftOutSet = new Set(leftOut);
  const kept = new Set<string>();
  for (const value of reported) {
    if (typeof value !== 'string') continue;
    const normalized = normalizeDomain(value);
    if ('error' in normalized || normalized.domain !== value) continue;
    if (blockedSet.has(value) || leftOutSet.has(value) || isReservedDomain(value)) continue;
    if (blockedParentOf(value, blockedSet) !== undefined) kept.add(value);
  }
  return [...kept];
}

/**
 * The stored seen subdomains with `fresh` added as the newest (oldest first, each once), keeping
 * the newest `cap`.
 */
export function rememberSeenSubdomains(stored: readonly string[], fresh: readonly string[], cap: number = MAX_SEEN_SUBDOMAINS): string[] {
  const freshSet = new Set(fresh);
  const merged = [...stored.filter((domain) => !freshSet.has(domain)), ...freshSet];
  return merged.slice(Math.max(0, merged.length - cap));
}
