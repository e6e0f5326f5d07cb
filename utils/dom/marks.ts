/**
 * Marks found accounts with their verdict: a small badge with a tooltip and an
 * accessible description, a collapsed post behind a one-line notice for
 * domains the user limits, and "Block domain with Hedge" and "Limit domain
 * with Hedge" on profiles and hover cards.
 *
 * Everything is built with createElement, textContent and setAttribute; no
 * string ever becomes HTML. Every inserted node carries `data-hedge-own` and
 * every touched Mastodon element a `data-hedge-*` attribute, so
 * {@link clearMarks} can undo all of it. Nodes are only added next to React's
 * own children, never in their place, so React keeps reconciling its tree.
 */
import { LIST_LINK_RE } from '../core/shared-list-link';
import type { SnapshotVerdict } from '../core/verdict-snapshot';
import type { Reply } from '../protocol';
import { findAccounts, type FoundAccount } from './find-accounts';
import { ACTION_MESSAGE, badgeLabel, collapsedNotice, describeVerdict, isMarked, message, type MarkedKind } from './labels';
import { HOVER_CARD, POST, POST_TEXT_LINK, STATUS_INFO } from './selectors';
import { OWN_ATTRIBUTE } from './styles';

/** Answers the verdict for a lowercase punycode domain. */
export interface VerdictLookup {
  lookup(domain: string): SnapshotVerdict;
  /** When present: resolves once `domains` can be looked up (null: at once). */
  prepare?(domains: Iterable<string>): Promise<void> | null;
}

/** What "Block domain with Hedge" led to, in words for the page. */
export interface BlockDomainOutcome {
  /** False when the action may be asked again: it failed, or a block waits in Hedge's confirmation window. */
  isDone: boolean;
  message: string;
}

/** What marking needs besides the accounts. */
export interface MarkContext {
  lookup: VerdictLookup;
  /** The server's own domain (lowercase punycode): its accounts get no block action. */
  localDomain: string;
  /** Posts the user chose to show (`.status[data-id]`), kept across re-renders. */
  revealed: Set<string>;
  /** Asks the background to block a domain; absent where the page cannot (tests of marks alone). */
  blockDomain?: (domain: string) => Promise<BlockDomainOutcome>;
  /** Asks the background to limit a domain for the user; absent where the page cannot. */
  limitDomain?: (domain: string) => Promise<BlockDomainOutcome>;
  /** Asks the background to open Options › Lists about a post's list link; absent where the page cannot. */
  subscribeList?: (url: string) => Promise<Reply<unknown>>;
  /** Listeners of inserted buttons end with it. */
  signal: AbortSignal;
}

/** On each found element: the verdict kind, so it is handled once. */
export const VERDICT_ATTRIBUTE = 'data-hedge-verdict';
/** On each found element: its role (for styles and tests). */
const ROLE_ATTRIBUTE = 'data-hedge-role';
/** On each found element: the domain it was marked for; a different one means React reused the element. */
const DOMAIN_ATTRIBUTE = 'data-hedge-domain';
/** On a post Hedge collapses: `true` while collapsed, `false` once shown. */
export const COLLAPSED_ATTRIBUTE = 'data-hedge-collapsed';

const DESCRIPTION_ID_PREFIX = 'hedge-desc-';
let nextDescriptionId = 0;

function own<K extends keyof HTMLElementTagNameMap>(document: Document, tag: K, className: string): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  element.className = className;
  element.setAttribute(OWN_ATTRIBUTE, '');
  return element;
}

/**
 * A button that acts for the user. Its click stays with Hedge: Mastodon opens the post on a click
 * anywhere in it (components/status.jsx handleClick). The page's own scripts share this DOM: their
 * `click()` or `dispatchEvent` arrives untrusted (DOM Standard, Event.isTrusted), and must neither
 * block, limit nor subscribe, so `act` hears only a person's click.
 */
function actionButton(document: Document, label: string, act: (button: HTMLButtonElement) => void, signal: AbortSignal): HTMLButtonElement {
  const button = own(document, 'button', 'hedge-action');
  button.type = 'button';
  button.textContent = label;
  button.addEventListener(
    'click',
    (event) => {
      event.preventDefault();
      event.stopPropagation();
      if (event.isTrusted) act(button);
    },
    { signal },
  );
  return button;
}

/** Marks each account; an element already marked for the same domain is left alone. */
export function markAccounts(accounts: readonly FoundAccount[], context: MarkContext): void {
  for (const account of accounts) markAccount(account, context);
}

/** Marks one account. */
export function markAccount(account: FoundAccount, context: MarkContext): void {
  const { element, domain, role } = account;
  const marked = element.getAttribute(DOMAIN_ATTRIBUTE);
  if (marked === domain) return;
  // React reused the element for another account: mark its whole place again.
  if (marked !== null) return markAgain(element, context);
  const verdict = context.lookup.lookup(domain);
  element.setAttribute(VERDICT_ATTRIBUTE, verdict.kind);
  element.setAttribute(ROLE_ATTRIBUTE, role);
  element.setAttribute(DOMAIN_ATTRIBUTE, domain);
  if (isMarked(verdict.kind)) addBadge(account, verdict, verdict.kind);
  if (verdict.kind === 'limited' && (role === 'author' || role === 'quoted')) collapsePost(account, verdict, context);
  if (role === 'author' && context.subscribeList) offerSubscriptions(element.closest(POST), context.subscribeList, context.signal);
  const offersBlock = context.blockDomain !== undefined && domain !== context.localDomain && verdict.kind !== 'blocked';
  if (offersBlock && (role === 'profile' || role === 'hover-card')) addActions(account, verdict, context);
}

function addBadge(account: FoundAccount, verdict: SnapshotVerdict, kind: MarkedKind): void {
  const { element, domain } = account;
  const document = element.ownerDocument;
  const description = describeVerdict(domain, verdict, kind);
  const badge = own(document, 'span', 'hedge-badge');
  badge.setAttribute('data-hedge-kind', kind);
  badge.title = description;
  badge.textContent = badgeLabel(kind);
  // A hidden node can still describe: aria-describedby reads referenced hidden text (accname 1.2, 4.3.1).
  const text = own(document, 'span', 'hedge-description');
  text.id = `${DESCRIPTION_ID_PREFIX}${++nextDescriptionId}`;
  text.hidden = true;
  text.textContent = description;
  // Mastodon sets no description on these elements; one it may set later is left alone.
  if (!element.hasAttribute('aria-describedby')) element.setAttribute('aria-describedby', text.id);

  // Beside the name, before the acct ("Carol [Listed] @carol@…"), where an ellipsis cannot hide it.
  const acct = element.querySelector('.display-name__account');
  if (acct !== null) acct.before(badge, text);
  else element.append(badge, text);
}

/** The direct child of `post` that holds `descendant`. */
function childHolding(post: Element, descendant: Element): Element | null {
  let node: Element | null = descendant;
  while (node !== null && node.parentElement !== post) node = node.parentElement;
  return node;
}

function collapsePost(account: FoundAccount, verdict: SnapshotVerdict, context: MarkContext): void {
  const post = account.element.closest(POST);
  if (post === null || post.querySelector(`:scope > .hedge-notice`) !== null) return;
  const document = post.ownerDocument;
  // Mastodon's posts carry their id as `data-id`; GoToSocial's pages as `id` (web/template/status_attributes.tmpl).
  const postId = post.getAttribute('data-id') || post.id;
  const isRevealed = postId !== '' && context.revealed.has(postId);

  const notice = own(document, 'div', 'hedge-notice');
  notice.setAttribute('role', 'note');
  const text = own(document, 'span', 'hedge-notice__text');
  text.textContent = collapsedNotice(account.domain, verdict);
  const toggle = own(document, 'button', 'hedge-notice__toggle');
  toggle.type = 'button';
  notice.append(text, toggle);

  const show = (isShown: boolean): void => {
    post.setAttribute(COLLAPSED_ATTRIBUTE, isShown ? 'false' : 'true');
    toggle.textContent = message(isShown ? 'markHide' : 'markShow');
    toggle.setAttribute('aria-expanded', String(isShown));
    if (postId === '') return;
    if (isShown) context.revealed.add(postId);
    else context.revealed.delete(postId);
  };
  toggle.addEventListener(
    'click',
    (event) => {
      // Mastodon opens the post on a click anywhere in it (components/status.jsx handleClick).
      event.preventDefault();
      event.stopPropagation();
      show(post.getAttribute(COLLAPSED_ATTRIBUTE) === 'true');
    },
    { signal: context.signal },
  );
  show(isRevealed);

  const info = account.element.closest(STATUS_INFO);
  const anchor = info === null ? null : childHolding(post, info);
  if (anchor !== null) anchor.after(notice);
  else post.prepend(notice);
}

/**
 * "Subscribe with Hedge" after each link in the post's text (a quoted post's too) to a list file or
 * FIRES dataset. A click sends the link's `href` only: the background opens the options page, where
 * the user decides; a click the page's own scripts made (untrusted) sends nothing. A refusal takes
 * the button's place in words. The button is in no form, so it submits nothing, and the client's own
 * click handling of the post's text leaves buttons alone (components/status_content.jsx `handleMouseUp`).
 */
function offerSubscriptions(post: Element | null, subscribeList: (url: string) => Promise<Reply<unknown>>, signal: AbortSignal): void {
  for (const link of post?.querySelectorAll<HTMLAnchorElement>(POST_TEXT_LINK) ?? []) {
    if (!LIST_LINK_RE.test(link.href) || link.nextElementSibling?.hasAttribute(OWN_ATTRIBUTE)) continue;
    const act = (button: HTMLButtonElement): void =>
      void subscribeList(link.href).then((reply) => reply.ok || (button.textContent = reply.error.message));
    link.after(actionButton(link.ownerDocument, message('markSubscribe'), act, signal));
  }
}

/** Marks the place of `element` (its post, its hover card, or itself) from scratch. */
function markAgain(element: Element, context: MarkContext): void {
  const place = element.closest(`${POST}, ${HOVER_CARD}`) ?? element;
  clearMarks(place);
  markAccounts(findAccounts(place, context), context);
}

/**
 * "Block example.com with Hedge", and "Limit example.com with Hedge" unless the user limits it
 * already, naming its domain. A click sends that domain only if the element
 * still names an account of it: the client may have written another account into the element
 * since (a profile header when the user moves to the next profile, a reused hover card), and then
 * the actions are drawn again for what the element names now, and nothing is sent.
 */
function addActions(account: FoundAccount, verdict: SnapshotVerdict, context: MarkContext): void {
  const { element } = account;
  const row = own(element.ownerDocument, 'div', 'hedge-action-row');
  const status = own(element.ownerDocument, 'span', 'hedge-action-row__status');
  status.setAttribute('role', 'status');
  row.append(domainButton(account, 'block', status, context));
  if (context.limitDomain && !verdict.isOwnLimit) row.append(domainButton(account, 'limit', status, context));
  row.append(status);
  const place = account.role === 'hover-card' ? (element.closest(HOVER_CARD) ?? element) : element;
  place.append(row);
}

/** One action's button; its answer goes to the row's `status`. */
function domainButton(account: FoundAccount, act: 'block' | 'limit', status: Element, context: MarkContext): HTMLButtonElement {
  const { element, domain } = account;
  const send = (button: HTMLButtonElement): void => {
    const request = context[`${act}Domain`];
    if (request === undefined || button.disabled) return;
    if (findAccounts(element, context).find((found) => found.element === element)?.domain !== domain) return markAgain(element, context);
    button.disabled = true;
    if (act === 'block') button.textContent = message('markBlocking');
    status.textContent = '';
    void request(domain).then(
      (outcome) => {
        status.textContent = outcome.message;
        if (outcome.isDone) button.remove();
        else resetButton(button, act, domain);
      },
      (cause: Error) => {
        status.textContent = cause.message;
        resetButton(button, act, domain);
      },
    );
  };
  return actionButton(element.ownerDocument, message(ACTION_MESSAGE[act], domain), send, context.signal);
}

/** Enables the button again, to act once more (a block that waits in Hedge's window opens it again). */
function resetButton(button: HTMLButtonElement, act: 'block' | 'limit', domain: string): void {
  button.disabled = false;
  button.textContent = message(ACTION_MESSAGE[act], domain);
}

/** Removes every mark, notice, action and the stylesheet under `root`, and shows collapsed posts again. */
export function clearMarks(root: ParentNode): void {
  for (const node of root.querySelectorAll(`[${OWN_ATTRIBUTE}]`)) node.remove();
  const touched = [...root.querySelectorAll(`[${DOMAIN_ATTRIBUTE}], [${COLLAPSED_ATTRIBUTE}]`)];
  if ((root as Node).nodeType === 1) touched.push(root as Element);
  for (const element of touched) {
    for (const attribute of [VERDICT_ATTRIBUTE, ROLE_ATTRIBUTE, DOMAIN_ATTRIBUTE, COLLAPSED_ATTRIBUTE]) element.removeAttribute(attribute);
    if (element.getAttribute('aria-describedby')?.startsWith(DESCRIPTION_ID_PREFIX)) element.removeAttribute('aria-describedby');
  }
}
