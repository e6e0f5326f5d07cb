/**
 * The account's follows and followers, grouped by domain: what a domain block
 * would cut (app/services/after_block_domain_from_account_service.rb).
 * `GET /api/v1/accounts/:id/following|followers`, limit 80, `Link` pagination.
 */
import type { mastodon } from 'masto';
import type { RelatedAccount } from '../core/model';
import { answerOf, answerOfError, type AnswerObserver } from './answers';
import { toMastodonError } from './errors';

/** Mastodon's maximum page size for following and followers (default 40). */
export const RELATIONSHIPS_PAGE_LIMIT = 80;

/** Follows and followers, and both grouped by domain. */
export interface Relationships {
  following: RelatedAccount[];
  followers: RelatedAccount[];
  /** Per domain: whom a block of that domain would cut. */
  byDomain: Map<string, { following: RelatedAccount[]; followers: RelatedAccount[] }>;
  fetchedAt: number;
}

/**
 * The domain of an acct. Local accounts have no `@domain`: theirs is the
 * server's local domain, which may differ from the web origin's host.
 * Accts carry Unicode domains; blocks are punycode, so go through `URL`.
 */
export function domainOfAcct(acct: string, localDomain: string): string {
  const at = acct.lastIndexOf('@');
  const domain = at === -1 ? localDomain : acct.slice(at + 1);
  try {
    return new URL(`https://${domain}`).hostname;
  } catch {
    // Not a host name at all: keep it as text, lowercased, so it still groups.
    return domain.toLowerCase();
  }
}

/** Reads every follow and follower (all pages) of the account. Throws a `MastodonError`. */
export async function fetchRelationships(
  client: mastodon.rest.Client,
  options: { accountId: string; localDomain: string; host: string; onAnswer?: AnswerObserver; now?: () => number },
): Promise<Relationships> {
  const observe = options.onAnswer ?? (() => undefined);
  const account = client.v1.accounts.$select(options.accountId);

  const readAll = async (
    paginator: AsyncIterable<{ data: mastodon.v1.Account[]; headers: Headers }>,
  ): Promise<RelatedAccount[]> => {
    const accounts: RelatedAccount[] = [];
    try {
      for await (const page of paginator) {
        observe(answerOf(200, page.headers));
        for (const item of page.data) {
          const domain = domainOfAcct(item.acct, options.localDomain);
          accounts.push({
            acct: item.acct.includes('@') ? item.acct : `${item.acct}@${options.localDomain}`,
            displayName: item.displayName,
            url: item.url ?? '',
            domain,
            ...avatarOf(item),
          });
        }
      }
    } catch (error) {
      observe(answerOfError(error));
      throw toMastodonError(error, { host: options.host });
    }
    return accounts;
  };

  const following = await readAll(account.following.list.$raw({ limit: RELATIONSHIPS_PAGE_LIMIT }));
  const followers = await readAll(account.followers.list.$raw({ limit: RELATIONSHIPS_PAGE_LIMIT }));
  return { following, followers, byDomain: groupByDomain(following, followers), fetchedAt: (options.now ?? Date.now)() };
}

/** The still picture (`avatar_static`, not an animated GIF), or the picture when the server gave no still one. */
function avatarOf(item: mastodon.v1.Account): { avatar?: string } {
  const avatar = item.avatarStatic || item.avatar;
  return avatar ? { avatar } : {};
}

/** Groups follows and followers by their domain. */
export function groupByDomain(
  following: readonly RelatedAccount[],
  followers: readonly RelatedAccount[],
): Map<string, { following: RelatedAccount[]; followers: RelatedAccount[] }> {
  const byDomain = new Map<string, { following: RelatedAccount[]; followers: RelatedAccount[] }>();
  const slot = (domain: string) => {
    let entry = byDomain.get(domain);
    if (!entry) {
      entry = { following: [], followers: [] };
      byDomain.set(domain, entry);
    }
    return entry;
  };
  for (const account of following) slot(account.domain).following.push(account);
  for (const account of followers) slot(account.domain).followers.push(account);
  return byDomain;
}
