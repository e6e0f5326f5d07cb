/**
 * GoToSocial servers whose own web pages Hedge marks. GoToSocial keeps no personal domain blocks
 * (docs/other-servers.md), so nobody signs in there with Hedge; instead the user names such a
 * server, and the posts on its pages are marked with the lists and entries of one of the accounts
 * signed in to Hedge.
 */
import type { AccountKey } from './accounts';

/** A marked GoToSocial server as pages see it. */
export interface MarkedSiteView {
  /** `https://gts.example` */
  origin: string;
  /** `gts.example`, ready to show. */
  host: string;
  /** The account whose lists and entries mark its pages. */
  accountKey: AccountKey;
  addedAt: number;
  /** False when the user took Hedge's access to it back in the browser's settings: its pages are not marked then. */
  hasAccess?: boolean;
}

/** Adding and removing marked GoToSocial servers (Options › Accounts). */
export interface MarkedSiteIntents {
  /**
   * The page has already been granted host access to the server's origin. The background checks that
   * it runs GoToSocial and that no account is signed in there, then marks its pages.
   */
  'hedge/add-marked-site': { fields: { address: string; accountKey: AccountKey }; reply: MarkedSiteView };
  'hedge/remove-marked-site': { fields: { origin: string }; reply: null };
}
