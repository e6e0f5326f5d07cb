/**
 * What the content script on a Mastodon page may ask: the verdicts it marks
 * accounts with, "Block domain with Hedge" and "Limit domain with Hedge", the subdomains of
 * blocked domains it saw, and "Subscribe with Hedge" on a post's link to a list. These are the only
 * intents the background takes from a web page's tab. Hedge's confirmation window answers a page's
 * block that cuts follows (`PageConfirmIntents`).
 */
import type { LostGroup } from '../core/lost-accounts';

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
  /**
   * `needs-confirmation`: the block would cut follows; `message` says how many, and Hedge's own window
   * (entrypoints/confirm) shows whom and asks. The page cannot confirm it.
   */
  outcome: 'blocked' | 'already-blocked' | 'queued' | 'needs-confirmation';
  message: string;
}

/** What "Limit domain with Hedge" on a Mastodon page led to: the user's own limit is stored; nothing is sent to the server. */
export interface LimitFromPageResult {
  domain: string;
  outcome: 'limited';
  message: string;
}

/** A page's block waiting in Hedge's confirmation window: what it cuts, by name. */
export interface PageBlockConfirmationView {
  domain: string;
  /** The account it blocks for, `user@instance`. */
  account: string;
  followingCount: number;
  followersCount: number;
  /** Whom it cuts, grouped by domain (one group: the domain). */
  groups: LostGroup[];
}

/** Hedge's confirmation window for a page's block (an extension page; never a content script). */
export interface PageConfirmIntents {
  'hedge/page-block-confirmation': { fields: { planId: string }; reply: PageBlockConfirmationView };
  'hedge/confirm-page-block': { fields: { planId: string }; reply: BlockFromPageResult };
  'hedge/cancel-page-block': { fields: { planId: string }; reply: null };
}

/** What "Subscribe with Hedge" on a link in a post led to: the options page opened at Lists, asking the user. */
export interface SubscribeFromPageResult {
  outcome: 'opened';
}

/** The content script's intents, and the confirmation window's. */
export interface PageActionIntents extends PageConfirmIntents {
  'hedge/get-verdict-snapshot': { fields: object; reply: VerdictSnapshotReply };
  'hedge/block-domain-from-page': { fields: { domain: string }; reply: BlockFromPageResult };
  'hedge/limit-domain-from-page': { fields: { domain: string }; reply: LimitFromPageResult };
  /** Subdomains of blocked domains the page showed accounts of (lowercase punycode, at most 500 a message). */
  'hedge/report-seen-subdomains': { fields: { domains: string[] }; reply: null };
  /** A post's link to a list file or FIRES dataset: the background opens Options › Lists to ask, never subscribes itself. */
  'hedge/subscribe-from-page': { fields: { url: string }; reply: SubscribeFromPageResult };
  /** The GoToSocial content script: the verdicts its page is marked with, when the user marks that server's pages. */
  'hedge/get-site-verdicts': { fields: object; reply: VerdictSnapshotReply };
}

/** The only intents a content script may send; the background refuses every other from a tab. */
export const CONTENT_SCRIPT_INTENTS: ReadonlySet<string> = new Set<keyof PageActionIntents>([
  'hedge/get-verdict-snapshot',
  'hedge/block-domain-from-page',
  'hedge/limit-domain-from-page',
  'hedge/report-seen-subdomains',
  'hedge/subscribe-from-page',
  'hedge/get-site-verdicts',
]);
