/**
 * What the content script on a Mastodon page may ask: the verdicts it marks
 * accounts with, "Block domain with Hedge", "Limit domain with Hedge" and "Subscribe with Hedge" on
 * a post's link to a list. These are the only intents
 * the background takes from a web page's tab.
 */

/**
 * The compact, serialisable verdict data the content script matches against.
 * Built in utils/background/verdicts.ts by utils/core/matcher.ts (`toVerdictSnapshot`).
 */
export interface VerdictSnapshotReply {
  /** The instance origin the snapshot is for: the content script ignores it on other origins. */
  origin: string;
  /** The verdict snapshot (`VerdictSnapshot` of utils/core/verdict-snapshot.ts), or null when nothing is known yet. */
  snapshot: unknown;
}

/** What "Block domain with Hedge" on a Mastodon page led to. */
export interface BlockFromPageResult {
  domain: string;
  /** `needs-confirmation`: the block would cut follows; `message` says how many, and the same request again confirms it. */
  outcome: 'blocked' | 'already-blocked' | 'queued' | 'needs-confirmation';
  message: string;
}

/** What "Limit domain with Hedge" on a Mastodon page led to: the user's own limit is stored; nothing is sent to the server. */
export interface LimitFromPageResult {
  domain: string;
  outcome: 'limited';
  message: string;
}

/** What "Subscribe with Hedge" on a link in a post led to: the options page opened at Lists, asking the user. */
export interface SubscribeFromPageResult {
  outcome: 'opened';
}

/** The content script's intents. */
export interface PageActionIntents {
  'hedge/get-verdict-snapshot': { fields: object; reply: VerdictSnapshotReply };
  'hedge/block-domain-from-page': { fields: { domain: string }; reply: BlockFromPageResult };
  'hedge/limit-domain-from-page': { fields: { domain: string }; reply: LimitFromPageResult };
  /** A post's link to a list file or FIRES dataset: the background opens Options › Lists to ask, never subscribes itself. */
  'hedge/subscribe-from-page': { fields: { url: string }; reply: SubscribeFromPageResult };
}

/** The only intents a content script may send; the background refuses every other from a tab. */
export const CONTENT_SCRIPT_INTENTS: ReadonlySet<string> = new Set<keyof PageActionIntents>([
  'hedge/get-verdict-snapshot',
  'hedge/block-domain-from-page',
  'hedge/limit-domain-from-page',
  'hedge/subscribe-from-page',
]);
