/**
 * What the background tells pages and content scripts without being asked.
 */
import type { HedgeState } from './state';

/**
 * Sent by the background with `runtime.sendMessage` (pages) and
 * `tabs.sendMessage` (content scripts on signed-in instances):
 * - `state-changed`: re-render from `state`;
 * - `verdicts-changed`: the content script asks for a new snapshot;
 * - `signed-out`: the content script on `origin` removes every mark and its stylesheet.
 */
export type HedgeBroadcast =
  | { type: 'hedge/state-changed'; state: HedgeState }
  | { type: 'hedge/verdicts-changed'; origin: string }
  | { type: 'hedge/signed-out'; origin: string };

/** Whether a message is a broadcast from the background. */
export function isBroadcast(message: unknown): message is HedgeBroadcast {
  const type = typeof message === 'object' && message !== null ? (message as { type?: unknown }).type : undefined;
  return type === 'hedge/state-changed' || type === 'hedge/verdicts-changed' || type === 'hedge/signed-out';
}
