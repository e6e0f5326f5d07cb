/**
 * The content script's side of the message protocol (utils/messages.ts): the
 * only two intents it may send, and the broadcasts it reacts to. The content
 * script talks to `runtime` through this small interface instead of the
 * webextension polyfill, which would triple its size; MV3's `chrome.runtime`
 * and Firefox's `browser.runtime` both return promises.
 *
 * Every message it sends is built here and carries a type and, at most, a
 * domain in lowercase punycode: never anything read from the page besides it.
 */
import type { VerdictSnapshot } from '../core/verdict-snapshot';
import type { BlockFromPageResult, HedgeBroadcast, IntentOf, Reply, VerdictSnapshotReply } from '../messages';

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
export function snapshotRequest(): IntentOf<'hedge/get-verdict-snapshot'> {
  return { type: 'hedge/get-verdict-snapshot' };
}

/** `hedge/block-domain-from-page` for one domain; throws on anything that is not a domain. */
export function blockRequest(domain: string): IntentOf<'hedge/block-domain-from-page'> {
  if (!isSendableDomain(domain)) throw new Error(`“${domain}” is not a domain Hedge can block.`);
  return { type: 'hedge/block-domain-from-page', domain };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isReply(value: unknown): value is Reply<unknown> {
  return isRecord(value) && typeof value.ok === 'boolean' && (value.ok ? 'value' in value : isRecord(value.error));
}

/** Whether a value has the shape of a matcher snapshot (version 1), so a lookup over it cannot throw. */
export function isVerdictSnapshot(value: unknown): value is VerdictSnapshot {
  return isRecord(value) && value.version === 1 && isRecord(value.exact) && isRecord(value.server) && isRecord(value.serverDigests);
}

/** The outcome of asking for a snapshot. */
export type SnapshotAnswer = { ok: true; snapshot: VerdictSnapshot | null } | { ok: false; message: string };

/** Asks the background for the verdicts of this page's origin. */
export async function requestSnapshot(runtime: ContentRuntime, origin: string): Promise<SnapshotAnswer> {
  const reply = await send(runtime, snapshotRequest());
  if (!reply.ok) return { ok: false, message: reply.error.message };
  const value = reply.value as Partial<VerdictSnapshotReply> | null;
  if (!isRecord(value) || value.origin !== origin) return { ok: false, message: 'Hedge sent verdicts for another server.' };
  if (value.snapshot === null) return { ok: true, snapshot: null };
  if (!isVerdictSnapshot(value.snapshot)) return { ok: false, message: 'Hedge sent verdicts this page cannot read. Reload the page.' };
  return { ok: true, snapshot: value.snapshot };
}

/** Asks the background to block a domain (through its plan, impact preview and journal); the answer in words. */
export async function requestBlock(runtime: ContentRuntime, domain: string): Promise<{ isDone: boolean; message: string }> {
  const reply = await send(runtime, blockRequest(domain));
  if (!reply.ok) return { isDone: false, message: reply.error.message };
  const result = reply.value as Partial<BlockFromPageResult> | null;
  return { isDone: true, message: typeof result?.message === 'string' ? result.message : `Hedge is blocking ${domain}.` };
}

async function send(runtime: ContentRuntime, message: IntentOf<'hedge/get-verdict-snapshot'> | IntentOf<'hedge/block-domain-from-page'>): Promise<Reply<unknown>> {
  let reply: unknown;
  try {
    reply = await runtime.sendMessage(message);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return { ok: false, error: { kind: 'server', message: `Hedge could not be reached (${reason}). Reload the page.` } };
  }
  if (isReply(reply)) return reply;
  return { ok: false, error: { kind: 'server', message: 'Hedge did not answer. Reload the page.' } };
}

/** A broadcast that concerns the content script on `origin`, or null. */
export function broadcastFor(message: unknown, origin: string): HedgeBroadcast | null {
  if (!isRecord(message)) return null;
  if (message.type === 'hedge/verdicts-changed' || message.type === 'hedge/signed-out') {
    return message.origin === origin ? (message as HedgeBroadcast) : null;
  }
  if (message.type === 'hedge/state-changed' && isRecord(message.state) && Array.isArray(message.state.accounts)) return message as HedgeBroadcast;
  return null;
}
