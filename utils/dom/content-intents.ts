/**
 * The content script's side of the intent protocol (utils/protocol/): the
 * only two intents it may send, and the broadcasts it reacts to. It talks to
 * `runtime` through this small interface instead of the webextension
 * polyfill, which would triple its size; MV3's `chrome.runtime` and Firefox's
 * `browser.runtime` both return promises.
 *
 * Every intent it sends is built here and carries a type and, at most, a
 * domain in lowercase punycode: never anything else read from the page.
 */
import type { VerdictSnapshot } from '../core/verdict-snapshot';
import type { BlockFromPageResult, HedgeBroadcast, IntentOf, Reply, VerdictSnapshotReply } from '../protocol';
import { message } from './labels';

/** The part of `runtime` the content script uses. */
export interface ContentRuntime {
  sendMessage(message: unknown): Promise<unknown>;
  onMessage: {
    addListener(callback: (message: unknown) => void): void;
    removeListener(callback: (message: unknown) => void): void;
  };
}

/** A domain as Mastodon stores personal blocks: lowercase punycode labels. */
const DOMAIN_RE = /^(?=.{1,253}$)[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})+$/;

/** Whether `domain` is safe to send: lowercase punycode, nothing else. */
export function isSendableDomain(domain: string): boolean {
  return DOMAIN_RE.test(domain);
}

/** `hedge/get-verdict-snapshot`: no fields. */
function snapshotRequest(): IntentOf<'hedge/get-verdict-snapshot'> {
  return { type: 'hedge/get-verdict-snapshot' };
}

/** `hedge/block-domain-from-page` for one domain; throws on anything that is not a domain. */
export function blockRequest(domain: string): IntentOf<'hedge/block-domain-from-page'> {
  if (!isSendableDomain(domain)) throw new Error(message('contentNotADomain', domain));
  return { type: 'hedge/block-domain-from-page', domain };
}

type Loose<T> = { [K in keyof T]?: unknown } | null | undefined;

/** Whether a value has the shape of a matcher snapshot (version 1), so a lookup over it cannot throw. */
function isVerdictSnapshot(value: unknown): value is VerdictSnapshot {
  const snapshot = value as Loose<VerdictSnapshot>;
  return snapshot?.version === 1 && [snapshot.exact, snapshot.server, snapshot.serverDigests].every((table) => typeof table === 'object' && table !== null);
}

/**
 * Sends an intent; the reply, or a `Reply` failure in words when the
 * background cannot be reached or answers nonsense.
 */
async function send(runtime: ContentRuntime, intent: ReturnType<typeof snapshotRequest | typeof blockRequest>): Promise<Reply<unknown>> {
  let reply: Loose<{ ok: boolean; value: unknown; error: { message: string } }>;
  let problem: string | undefined;
  try {
    reply = (await runtime.sendMessage(intent)) as typeof reply;
    if (reply?.ok === true || typeof (reply?.error as Loose<{ message: string }>)?.message === 'string') return reply as Reply<unknown>;
  } catch (cause) {
    // The browser's own words for the failure ("Extension context invalidated."), in its language if any.
    problem = cause instanceof Error ? cause.message : String(cause);
  }
  const words = problem === undefined ? message('contentNoAnswer') : message('contentUnreachable', problem);
  return { ok: false, error: { kind: 'server', message: words } };
}

/** The verdicts of this page's origin (null: none known yet), or why there are none. */
export async function requestSnapshot(runtime: ContentRuntime, origin: string): Promise<{ ok: true; snapshot: VerdictSnapshot | null } | { ok: false; message: string }> {
  const reply = await send(runtime, snapshotRequest());
  if (!reply.ok) return { ok: false, message: reply.error.message };
  const value = reply.value as Loose<VerdictSnapshotReply>;
  if (value?.origin === origin && (value.snapshot === null || isVerdictSnapshot(value.snapshot))) return { ok: true, snapshot: value.snapshot };
  return { ok: false, message: message('contentVerdictsMismatch') };
}

/**
 * Asks the background to block a domain (through its plan, impact preview and journal); the answer
 * in words, and whether the background waits for the same request again to confirm the impact it named.
 */
export async function requestBlock(runtime: ContentRuntime, domain: string): Promise<{ isDone: boolean; needsConfirmation?: boolean; message: string }> {
  const reply = await send(runtime, blockRequest(domain));
  if (!reply.ok) return { isDone: false, message: reply.error.message };
  const value = reply.value as Loose<BlockFromPageResult>;
  const words = typeof value?.message === 'string' ? value.message : message('bg_pageBlocking', domain);
  return value?.outcome === 'needs-confirmation' ? { isDone: false, needsConfirmation: true, message: words } : { isDone: true, message: words };
}

/**
 * The broadcast that concerns the content script on `origin`, or null:
 * `verdicts-changed` (ask again) or `signed-out` (remove every mark).
 */
export function broadcastFor(message: unknown, origin: string): HedgeBroadcast | null {
  const broadcast = message as Loose<{ type: string; origin: string }>;
  const isOurs = broadcast?.origin === origin && (broadcast.type === 'hedge/verdicts-changed' || broadcast.type === 'hedge/signed-out');
  return isOurs ? (message as HedgeBroadcast) : null;
}
