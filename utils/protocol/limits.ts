/**
 * The user's own limits (Options › Blocks › Limited by you, and the popup on a
 * Mastodon page): domains whose posts Hedge collapses in the web UI, with
 * nothing sent to the server. The content script has its own intent for the
 * same (`hedge/limit-domain-from-page`, page-actions.ts).
 */
import type { EntryDuration } from '../core/expiry';

/** Adding and removing the active account's own limits. */
export interface LimitIntents {
  /** `duration`: how long a limit added is kept (utils/core/expiry.ts); absent: until removed. */
  'hedge/own-limit': { fields: { domain: string; action: 'add' | 'remove'; duration?: EntryDuration }; reply: { domain: string } };
}
