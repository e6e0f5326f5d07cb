/**
 * The state the popup and the options page render, built by the background
 * from storage on every request and broadcast after every change.
 */
import type { AccountKey, AccountView, PendingSignIn, SignInOutcome } from './accounts';
import type { HedgeError } from './errors';
import type { ConsensusSetting, DueListView, SubscriptionView } from './lists';
import type { MarkedSiteView } from './marked-sites';
import type { PendingConfirmation, RunProgress } from './plans';

/** A preset ("Block Threads") and whether it is on for the active account. */
export interface PresetView {
  id: string;
  name: string;
  explanation: string;
  domains: string[];
  isEnabled: boolean;
}

/** The state the popup and the options page render. */
export interface HedgeState {
  accounts: AccountView[];
  activeAccountKey: AccountKey | null;
  presets: PresetView[];
  subscriptions: SubscriptionView[];
  consensus: ConsensusSetting;
  counts: {
    /** Personal blocks on the server that Hedge added. */
    blockedByHedge: number;
    /** Domains collapsed in the web UI but not blocked. */
    limited: number;
    /** Domains named by a list but only marked. */
    listed: number;
    /** Every personal block on the server, whoever added it. */
    personalBlocks: number;
  };
  refresh: { lastAt: number | null; nextAt: number | null; intervalHours: number };
  run: RunProgress | null;
  pendingConfirmations: PendingConfirmation[];
  lastError: (HedgeError & { at: number }) | null;
  /** A sign-in under way and the last one's outcome not yet shown; absent until the background fills it. */
  signIn?: { pending: PendingSignIn | null; outcome: SignInOutcome | null };
  /** When the background built this state. */
  builtAt: number;
  /** The user's own "always block" and "never block" domains (Options › Blocks); absent until the background fills it. */
  manualEntries?: { alwaysBlock: string[]; neverBlock: string[] };
  /**
   * Whether the active account's server publishes which servers it limits or
   * suspends (`GET /api/v1/instance/domain_blocks`; Mastodon's default hides
   * it, 404); absent until Hedge has read it.
   */
  serverBlocksVisibility?: 'shown' | 'hidden';
  /** The domains the user limits itself (collapsed in the web UI, nothing sent); absent until the background fills it. */
  ownLimits?: string[];
  /** When the "always block" entries and own limits kept for a chosen time stop counting, epoch ms by domain; absent: none expires. */
  entryExpiry?: { alwaysBlock: Record<string, number>; limit: Record<string, number> };
  /** Domains lists added that are due to be asked about again, oldest first; absent: none. */
  dueFromLists?: DueListView[];
  /** GoToSocial servers whose pages Hedge marks with an account's lists; absent: none. */
  markedSites?: MarkedSiteView[];
}

/** Reading the state, and dismissing the error it keeps. */
export interface StateIntents {
  'hedge/get-state': { fields: object; reply: HedgeState };
  'hedge/dismiss-error': { fields: object; reply: null };
}
