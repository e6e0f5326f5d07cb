/**
 * Finds the accounts the Mastodon web UI shows: post authors, boosters,
 * quoted authors, account cards, notification actors, hover cards and the
 * profile header, on Mastodon 4.2 to 4.6 and glitch-soc's glitch flavour, and
 * the post authors, account cards, follow notifications and profile header of
 * masto-fe (Akkoma's and Pleroma's Mastodon front end).
 *
 * Algorithm: start from every account link (a profile link `a[href^="/@"]`
 * whose path is exactly `/@user` or `/@user@domain`, or a glitch permalink or
 * masto-fe author link naming its acct) and every profile header, then let the
 * place a link sits in decide its role. A place names one account once, so each
 * place has one canonical element (the first link of that account in it) and
 * other links to the same account there (avatar and name, label and avatar)
 * are ignored, as are links inside post text (mentions), thread labels and
 * profile tabs. Because the canonical element depends only on the place, the
 * same element is found whether the whole page or a freshly added subtree is
 * searched.
 */
import { acctFromHref, acctFromText, toAsciiDomain, type ParsedAcct } from './acct';
import {
  ACCOUNT_CANDIDATES,
  ACCOUNT_CARD,
  ACCOUNT_CARD_NAME,
  ACCOUNT_LINK,
  AUTHOR_LINK,
  BOOST_ICON,
  DISPLAY_NAME_ACCOUNT,
  HOVER_CARD,
  HOVER_CARD_NAME,
  NOTIFICATION_ACTOR_LINK,
  NOTIFICATION_GROUP,
  NOTIFICATION_GROUP_EXCLUDED,
  NOTIFICATION_UNGROUPED_HEADER,
  POST,
  PROFILE_LINK,
  PROFILE_HEADER_ACCT,
  STATUS,
  STATUS_PREPEND,
  SUGGESTION_CARD,
  SUGGESTION_CARD_AVATAR,
} from './selectors';

/** Where an account shows. */
export type AccountRole = 'author' | 'booster' | 'quoted' | 'account' | 'notification' | 'hover-card' | 'profile';

/** An account the page shows, and the element that names it. */
export interface FoundAccount {
  /**
   * The element naming the account: the profile link for posts, boosts, cards,
   * notifications and hover cards; the name block for the profile header.
   */
  element: Element;
  /** `user@domain`, domain in lowercase punycode (local accounts get the local domain). */
  acct: string;
  /** Lowercase punycode. */
  domain: string;
  role: AccountRole;
}

/** Options of {@link findAccounts}. */
export interface FindAccountsOptions {
  /** The server's own domain, from the page's initial state `meta.domain` (not `location.host`). */
  localDomain: string;
}

/** `root` when it matches `selector`, then every element under it that does, in document order. */
function matchingWithin(root: ParentNode, selector: string): Element[] {
  const matching = [...root.querySelectorAll(selector)];
  if (isElement(root) && root.matches(selector)) matching.unshift(root);
  return matching;
}

/**
 * Every account shown under `root` (and `root` itself), in document order, each
 * element once.
 */
export function findAccounts(root: ParentNode, options: FindAccountsOptions): FoundAccount[] {
  const localDomain = toAsciiDomain(options.localDomain) ?? options.localDomain.toLowerCase();
  const candidates = matchingWithin(root, ACCOUNT_CANDIDATES);

  const found: FoundAccount[] = [];
  const seen = new Set<Element>();
  for (const candidate of candidates) {
    const account = candidate.tagName === 'A' ? classifyLink(candidate, localDomain) : classifyHeader(candidate, localDomain);
    if (account === null || seen.has(account.element)) continue;
    seen.add(account.element);
    found.push(account);
  }
  return found;
}

function isElement(node: ParentNode): node is Element {
  return (node as Node).nodeType === 1;
}

/**
 * The account a link names: its profile path, or else (a glitch permalink or a masto-fe author link,
 * the account links that are not profile links) its `title` or, where that is absent or empty, the
 * display name's acct inside. A masto-fe boost line's link has neither, and names no account.
 */
function hrefAcct(link: Element, localDomain: string): ParsedAcct | null {
  return (
    acctFromHref(link.getAttribute('href'), localDomain) ??
    (link.matches(PROFILE_LINK) ? null : acctFromText((link as HTMLElement).title || link.querySelector(DISPLAY_NAME_ACCOUNT)?.textContent, localDomain))
  );
}

function found(element: Element, parsed: ParsedAcct, role: AccountRole): FoundAccount {
  return { element, acct: parsed.acct, domain: parsed.domain, role };
}

/** The first account link inside `place` that `accepts` allows. */
function firstLink(place: Element, accepts: (element: Element) => boolean): Element | null {
  for (const element of place.querySelectorAll(ACCOUNT_LINK)) if (accepts(element)) return element;
  return null;
}

function classifyLink(link: Element, localDomain: string): FoundAccount | null {
  const parsed = hrefAcct(link, localDomain);
  if (parsed === null) return null;

  // Most links sit in posts, so that is asked first: a post names its author in its header link;
  // every other link in it (mentions in the text, links in a content warning) is not the post's account.
  const post = link.closest(POST);
  if (post !== null) {
    // The header link has the same class from 4.2 to 4.6 and in glitch (components/status.jsx `status__display-name`).
    if (!link.matches(AUTHOR_LINK)) return null;
    const isQuoted = post.parentElement?.closest(STATUS) != null;
    return found(link, parsed, isQuoted ? 'quoted' : 'author');
  }

  // Hover cards: only the name link; the bio may hold mentions.
  if (link.closest(HOVER_CARD) !== null) return link.matches(HOVER_CARD_NAME) ? found(link, parsed, 'hover-card') : null;

  // The line above a post (outside `.status`): only a boost names someone else (4.2 self-reply labels share the classes).
  const prepend = link.closest(STATUS_PREPEND);
  if (prepend !== null) return prepend.querySelector(BOOST_ICON) !== null ? found(link, parsed, 'booster') : null;

  if (link.matches(NOTIFICATION_ACTOR_LINK)) return found(link, parsed, 'notification');

  const header = link.closest(NOTIFICATION_UNGROUPED_HEADER);
  if (header !== null) {
    const canonical = firstLink(header, (element) => hrefAcct(element, localDomain)?.acct === parsed.acct);
    return canonical === link ? found(link, parsed, 'notification') : null;
  }

  const group = link.closest(NOTIFICATION_GROUP);
  if (group !== null) {
    // Links in the embedded post are never canonical, so they name no actor.
    const canonical = firstLink(group, (element) => element.closest(NOTIFICATION_GROUP_EXCLUDED) === null && hrefAcct(element, localDomain)?.acct === parsed.acct);
    return canonical === link ? found(link, parsed, 'notification') : null;
  }

  const card = link.closest(ACCOUNT_CARD);
  if (card !== null) {
    const canonical = card.querySelector(ACCOUNT_CARD_NAME) ?? firstLink(card, (element) => hrefAcct(element, localDomain) !== null);
    return canonical === link ? found(link, parsed, 'account') : null;
  }

  const suggestion = link.closest(SUGGESTION_CARD);
  if (suggestion !== null) {
    const isProfileLink = (element: Element): boolean => hrefAcct(element, localDomain) !== null;
    const canonical =
      firstLink(suggestion, (element) => isProfileLink(element) && element.closest(SUGGESTION_CARD_AVATAR) === null) ??
      firstLink(suggestion, isProfileLink);
    return canonical === link ? found(link, parsed, 'account') : null;
  }

  return null;
}

/**
 * The profile header's acct, from the header's own text as it is now (not the page's address,
 * which the client changes before it renders the next profile).
 */
function classifyHeader(header: Element, localDomain: string): FoundAccount | null {
  const parsed = acctFromText(header.querySelector(PROFILE_HEADER_ACCT)?.textContent ?? null, localDomain);
  return parsed === null ? null : found(header, parsed, 'profile');
}
