/**
 * The content script's side of the intent protocol (utils/protocol/): the
 * only five intents it may send, and the broadcasts it reacts to. It talks to
 * `runtime` through this small interface instead of the webextension
 * polyfill, which would triple its size; MV3's `chrome.runtime` and Firefox's
 * `browser.runtime` both return promises.
 *
 * Every intent it sends is built here and carries a type and, at most, a
 * domain or a short list of domains in lowercase punycode, or the `href` of a
 * post's link to a list: never anything else read from the page.
 */
import type { VerdictSnapshot } from '../core/verdict-snapshot';
import { message } from './labels';
import type { BlockFromPageResult, HedgeBroadcast, IntentOf, LimitFromPageResult, Reply, VerdictSnapshotReply } from '../protocol';

/** The part of `runtime` the content script uses. */
export interface ContentRuntime {
  sendMessage(message: unknown): Promise<unknown>;
  onMessage: {
    addListener(callback: (message: unknown) => void): void;
    removeListener(callback: (message: unknown) => void): void;
  };
}

/**
 * A domain as Mastodon stores personal blocks: lowercase punycode labels, two or more. Lengths are
 * the background's to check, as for any domain typed (`requireDomain`); this keeps anything else
 * read from the page out of a message.
 */
const DOMAIN_RE = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/;

/** Whether `domain` is safe to send: lowercase punycode, nothing else (the test `pageActionRequest` makes). @internal tests check what the page sends with it. */
export function isSendableDomain(domain: string): boolean {
  return DOMAIN_RE.test(domain);
}

/** The actions a click on a Mastodon page may ask for, each about one domain. */
export type PageActionType = 'hedge/block-domain-from-page' | 'hedge/limit-domain-from-page';

/** A page action for one domain; throws on anything that is not a domain. */
export function pageActionRequest(type: PageActionType, domain: string): IntentOf<PageActionType> {
  if (!DOMAIN_RE.test(domain)) throw new Error(message('contentNotADomain', domain));
  return { type, domain };
}

type Loose<T> = { [K in keyof T]?: unknown } | null | undefined;

/** Whether a value has the shape of a matcher snapshot (version 1), so a lookup over it cannot throw. */
function isVerdictSnapshot(value: unknown): value is VerdictSnapshot {
  const snapshot = value as Loose<VerdictSnapshot>;
  return snapshot?.version === 1 && [snapshot.exact, snapshot.server, snapshot.serverDigests].every((table) => typeof table === 'object' && table !== null);
}

/**
 * Sends an intent; the reply, or a `Reply` failure in words (in the browser's language, as the
 * marks are) when the background cannot be reached or answers nonsense.
 */
async function send(runtime: ContentRuntime, intent: IntentOf<'hedge/get-verdict-snapshot' | 'hedge/get-site-verdicts' | PageActionType | 'hedge/subscribe-from-page' | 'hedge/report-seen-subdomains'>): Promise<Reply<unknown>> {
  let reply: Loose<{ ok: boolean; value: unknown; error: { message: string } }>;
  try {
    reply = (await runtime.sendMessage(intent)) as typeof reply;
  } catch {
    // The background is gone (the extension was updated, reloaded or removed): as good as no answer,
    // and the browser's own words for it ("Receiving end does not exist") would tell the user nothing.
    reply = null;
  }
  if (reply?.ok === true || typeof (reply?.error as Loose<{ message: string }>)?.message === 'string') return reply as Reply<unknown>;
  return { ok: false, error: { kind: 'server', message: message('markUnreachable') } };
}

/**
 * The verdicts of this page's origin, or null when there are none to mark with: none known yet,
 * not signed in here, or an answer that does not fit this page. A marked GoToSocial server's page
 * asks with `hedge/get-site-verdicts`. The page shows no reason (it
 * only leaves the marks off), so none is kept.
 */
export async function requestSnapshot(
  runtime: ContentRuntime,
  origin: string,
  type: 'hedge/get-verdict-snapshot' | 'hedge/get-site-verdicts' = 'hedge/get-verdict-snapshot',
): Promise<VerdictSnapshot | null> {
  const reply = await send(runtime, { type });
  const value = reply.ok ? (reply.value as Loose<VerdictSnapshotReply>) : null;
  return value?.origin === origin && isVerdictSnapshot(value.snapshot) ? value.snapshot : null;
}

/**
 * Asks the background to block a domain (through its plan, impact preview and journal) or to limit
 * it (stored only, nothing sent to the server); the answer in words, and whether it is done. A block
 * that cuts follows is not: Hedge's own window asks, and the page says so.
 */
export async function requestPageAction(runtime: ContentRuntime, type: PageActionType, domain: string): Promise<{ isDone: boolean; message: string }> {
  const reply = await send(runtime, pageActionRequest(type, domain));
  if (!reply.ok) return { isDone: false, message: reply.error.message };
  const value = reply.value as Loose<BlockFromPageResult | LimitFromPageResult>;
  return { isDone: value?.outcome !== 'needs-confirmation', message: typeof value?.message === 'string' ? value.message : '' };
}

/** Tells the background of subdomains of blocked domains the page showed (utils/dom/seen-subdomains.ts); nothing comes back to show. */
export const seenSubdomainsReporter =
  (runtime: ContentRuntime) =>
  (domains: string[]): unknown =>
    send(runtime, { type: 'hedge/report-seen-subdomains', domains });

/** Asks the background to open Options › Lists about the list at `url` (a post's link); the tab opening is the answer. */
export const subscribeOfferRequester =
  (runtime: ContentRuntime) =>
  (url: string): Promise<Reply<unknown>> =>
    send(runtime, { type: 'hedge/subscribe-from-page', url });

/**
 * The broadcast that concerns the content script on `origin`, or null:
 * `verdicts-changed` (ask again) or `signed-out` (remove every mark).
 */
export function broadcastFor(message: unknown, origin: string): HedgeBroadcast | null {
  const broadcast = message as Loose<{ type: string; origin: string }>;
  const isOurs = broadcast?.origin === origin && (broadcast.type === 'hedge/verdicts-changed' || broadcast.type === 'hedge/signed-out');
  return isOurs ? (message as HedgeBroadcast) : null;
}
