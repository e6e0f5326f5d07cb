/**
 * The user's own limits (Options › Blocks › Limited by you, and the popup on a
 * Mastodon page): domains whose posts Hedge collapses in the web UI, with
 * nothing sent to the server. The content script has its own intent for the
 * same (`hedge/limit-domain-from-page`, page-actions.ts).
 */

/** Adding and removing the active account's own limits. */
export interface LimitIntents {
  'hedge/own-limit': { fields: { domain: string; action: 'add' | 'remove' }; reply: { domain: string } };
}
