/**
 * Plans shown before anything runs, the run that applies one, and the intents
 * that build, confirm, discard and control them.
 */
import type { LostAccount, LostGroup } from '../core/lost-accounts';
import type { Severity, SourceRef } from '../core/model';
import type { AccountKey } from './accounts';

/** Progress of the current apply run (also drives the toolbar badge). */
export interface RunProgress {
  runId: string;
  accountKey: AccountKey;
  done: number;
  total: number;
  failed: number;
  /** Estimated time left at the server's rate limit. */
  etaMs: number;
  isPaused: boolean;
  /** Set when the run waits for the server's rate-limit window to reset. */
  waitingUntil?: number;
}

/** A scheduled refresh that was held for the user's confirmation. */
export interface PendingConfirmation {
  planId: string;
  accountKey: AccountKey;
  /** Why it waits, in words: "It would block 120 domains." */
  reasons: string[];
  createdAt: number;
}

/** What a block would cut: the user's follows and followers on that domain. */
interface ImpactView {
  followingCount: number;
  followersCount: number;
  /**
   * Whom, when known (from the cached relationships); absent when only counts are known. The first
   * few of each side (`capLostGroups`, utils/core/lost-accounts.ts); the counts say how many in all.
   */
  following?: LostAccount[];
  followers?: LostAccount[];
}

/** One planned change, for the preview table and the popup's sentence. */
export interface PlannedChangeView {
  domain: string;
  /** The domain in Unicode when it differs from the punycode form. */
  unicode?: string;
  change: 'add' | 'remove';
  sources: SourceRef[];
  severity: Severity;
  labels: string[];
  /** The labels whose rule, chosen by the user for a list ("Choose by labels"), decided this domain; absent: none did. */
  ruleLabels?: string[];
  comments: string[];
  impact: ImpactView | null;
}

/** A domain where Hedge's records and the server disagree; the user decides. */
export interface ConflictView {
  domain: string;
  /** `user-unblocked`: Hedge added it, the user removed it elsewhere. */
  reason: 'user-unblocked' | 'user-blocked' | 'other';
  message: string;
  sources: SourceRef[];
}

/** A plan to confirm before anything runs. */
export interface PlanPreview {
  planId: string;
  accountKey: AccountKey;
  createdAt: number;
  /** One sentence for the popup: "You follow 12 accounts on threads.net. Blocking removes those follows; …" */
  summary: string;
  add: PlannedChangeView[];
  remove: PlannedChangeView[];
  unchangedCount: number;
  conflicts: ConflictView[];
  operationCount: number;
  /** How long the run takes at the server's rate limit. */
  estimatedMs: number;
  /** Offered when the plan is long (over 300 operations): Mastodon's own import. */
  importAlternative: { fileName: 'blocked_domains.csv'; domainCount: number } | null;
}

/** A personal block on the server with where it came from. */
export interface BlockRow {
  domain: string;
  unicode?: string;
  /** `user`: blocked by hand (Hedge never removes it); `hedge`: added by Hedge for these sources. */
  origin: 'user' | 'hedge';
  sources: SourceRef[];
}

/** Presets, previews, confirming and controlling a run, conflicts, and the blocks on the server. */
export interface PlanIntents {
  /** Builds the plan of turning a preset on or off; nothing runs before `hedge/confirm-plan`. */
  'hedge/set-preset': { fields: { presetId: string; enabled: boolean }; reply: PlanPreview };
  /** The full plan for the active account (refreshes the server's blocks first). */
  'hedge/preview': { fields: object; reply: PlanPreview };
  'hedge/confirm-plan': { fields: { planId: string; excludeDomains: string[] }; reply: { runId: string } };
  'hedge/discard-plan': { fields: { planId: string }; reply: null };
  'hedge/run-control': { fields: { action: 'pause' | 'resume' | 'cancel' }; reply: null };
  'hedge/resolve-conflict': { fields: { domain: string; resolution: 'keep-unblocked' | 'block-again' }; reply: null };
  'hedge/list-blocks': { fields: object; reply: BlockRow[] };
  'hedge/unblock': { fields: { domain: string }; reply: PlanPreview };
  /** Whom a waiting plan's new blocks cut, by domain (a refresh held for confirmation shows them). */
  'hedge/plan-lost-accounts': { fields: { planId: string }; reply: LostGroup[] };
  /** Subdomains of the active account's blocks among its follows and followers and seen in the web UI, not blocked themselves. */
  'hedge/subdomain-offers': { fields: object; reply: SubdomainOfferView[] };
  /** One plan blocking these subdomains of the account's blocks ("Block these too"). */
  'hedge/block-subdomains': { fields: { domains: string[] }; reply: PlanPreview };
}

/** A subdomain a personal block leaves open (a personal block covers the exact domain only). */
export interface SubdomainOfferView {
  /** Lowercase punycode. */
  domain: string;
  /** The nearest blocked parent. */
  parent: string;
  followingCount: number;
  followersCount: number;
  /** Mastodon's web UI showed an account on it. */
  isSeen?: true;
}
