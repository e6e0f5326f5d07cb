/**
 * Which server's account a Mastodon web page shows, from the page's address
 * alone: the popup offers to limit that domain. Mastodon's web client routes a
 * remote profile as `/@name@domain` and its posts and tabs under it
 * (`/@name@domain/123`, `/@name@domain/followers`), also below the advanced
 * interface's `/deck` (app/javascript/mastodon/features/ui/index.jsx); a local
 * account is `/@name`, without a domain.
 */
import { normalizeDomain } from '../core/domain';

const REMOTE_PROFILE_PATH = /^(?:\/deck)?\/@[^/@]+@([^/@]+)(?:\/|$)/;

/**
 * The domain (lowercase punycode) of the remote account a page of `origin` shows, or null: another
 * origin, a local account, any other page, or an address that does not name a domain.
 * @param url - the active tab's address, as the browser gives it (only for origins Hedge may read).
 * @param origin - the signed-in account's server, `https://mastodon.social`.
 */
export function pageAccountDomain(url: string | null, origin: string): string | null {
  if (url === null || !URL.canParse(url)) return null;
  const page = new URL(url);
  if (page.origin !== origin) return null;
  let path = page.pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    // A malformed escape: the address names no account Hedge can read.
    return null;
  }
  const domain = REMOTE_PROFILE_PATH.exec(path)?.[1];
  if (domain === undefined) return null;
  const normalized = normalizeDomain(domain);
  return 'domain' in normalized ? normalized.domain : null;
}
