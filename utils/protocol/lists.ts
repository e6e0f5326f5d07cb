/**
 * Subscribed lists, the consensus over them and the user's own entries, and
 * the intents that change them (Options › Lists and Blocks).
 */
import type { ListOverlap } from '../core/list-overlap';
import type { LabelRules } from '../core/lists/label-rules';
import type { EntryDuration } from '../core/expiry';
import type { PlanPreview } from './plans';

/** How a subscribed list's `silence` rows are treated. */
export type SilenceTreatment = 'limit' | 'block';

/** A subscribed list, summarised. */
export interface SubscriptionView {
  id: string;
  name: string;
  /** `url`: fetched over HTTPS; `file`: imported once from a file; `fires`: a FIRES dataset; `fediseer`: censures and hesitations from Fediseer. */
  origin: 'url' | 'file' | 'fires' | 'fediseer';
  url?: string;
  silenceAs: SilenceTreatment;
  inConsensus: boolean;
  /** Every entry of the list is an allowance (Options › Lists, "This list is an allowlist"). */
  isAllowlist: boolean;
  entryCount: number;
  skippedCount: number;
  /** The labels its entries carry, the most used first (FIRES label names, list tags); empty when none. */
  labels: string[];
  /**
   * The labels and Fediseer groups the user can choose by, with how many entries carry each (null:
   * not counted yet, for a list stored before counts were kept, until its next refresh).
   */
  labelCounts: Array<[label: string, count: number | null]>;
  /** What the entries carrying each label do ("Choose by labels"); null: as the list says. */
  labelRules: LabelRules | null;
  lastFetch: { at: number; result: 'ok' | 'not-modified' | 'held' | 'failed'; message?: string } | null;
  /** "Apply what this list adds for" so many days, then ask again (utils/core/list-expiry.ts); absent: always. */
  applyForDays?: number;
}

/** Domains a list added that are due: keep them for another `days`, or remove them (HedgeState.dueFromLists). */
export interface DueListView {
  subscriptionId: string;
  name: string;
  /** When Hedge blocked the first of them, epoch ms. */
  addedAt: number;
  domains: string[];
  days: number;
}

/** The consensus threshold over every list that takes part: at least `min` lists, or `min` percent of them. */
export type ConsensusSetting = { kind: 'count'; min: number } | { kind: 'percent'; min: number } | null;

/** How a subscription is added. */
export type SubscriptionSource =
  | { kind: 'url'; url: string }
  /**
   * An imported file: its bytes in base64 (`base64`), which the background's
   * list parser decodes as it decodes a fetched list (UTF-8 or UTF-16), or its
   * text as already read (`text`).
   */
  | { kind: 'file'; fileName: string; text?: string; base64?: string }
  | { kind: 'fires'; serverUrl: string; datasetId: string }
  /**
   * Fediseer's censures (blocks) and hesitations (limits) given by `servers`, kept when at least
   * `threshold` of them agree; with `reasons`, only those whose reason holds one of these texts.
   */
  | { kind: 'fediseer'; baseUrl: string; servers: string[]; threshold: number; reasons?: string[] };

/** One dataset a FIRES server publishes, as the chooser shows it. */
export interface FiresDatasetView {
  /** The dataset's id (its address): what `{ kind: 'fires', datasetId }` names. */
  id: string;
  name: string;
  summary?: string;
  /** Domains in its snapshot; null when the snapshot could not be read. */
  entryCount: number | null;
  /** The labels its entries carry, by name, the most used first. */
  labels: string[];
}

/** What a FIRES server offers (Options › Lists, the FIRES card). */
export interface FiresServerView {
  origin: string;
  datasets: FiresDatasetView[];
}

/** A list's parse report (Options › Lists). */
export interface ParseReportView {
  subscriptionId: string;
  entryCount: number;
  skipped: Array<{ line: number; reason: string; text: string }>;
}

/** Subscribing, unsubscribing, refreshing, and the settings of the lists and of the user's own entries. */
export interface ListIntents {
  'hedge/subscription-add': { fields: { source: SubscriptionSource }; reply: SubscriptionView };
  /** The datasets a FIRES server publishes, to choose one from. */
  'hedge/fires-datasets': { fields: { serverUrl: string }; reply: FiresServerView };
  /** Returns the plan of what unsubscribing would remove (only domains no other source still wants). */
  'hedge/subscription-remove': { fields: { subscriptionId: string }; reply: PlanPreview };
  'hedge/subscription-update': {
    /** `labelRules`: the whole table, replacing the last; null goes back to what the list says. `applyForDays`: days, or null for always. */
    fields: {
      subscriptionId: string;
      silenceAs?: SilenceTreatment;
      inConsensus?: boolean;
      isAllowlist?: boolean;
      labelRules?: LabelRules | null;
      applyForDays?: number | null;
    };
    reply: SubscriptionView;
  };
  'hedge/subscription-refresh': { fields: { subscriptionId?: string }; reply: null };
  /** The servers to suggest trusting on Fediseer: the account's own server and those it endorses there. */
  'hedge/fediseer-suggest': { fields: { baseUrl: string }; reply: { servers: string[] } };
  'hedge/parse-report': { fields: { subscriptionId: string }; reply: ParseReportView };
  'hedge/set-consensus': { fields: { consensus: ConsensusSetting }; reply: null };
  'hedge/set-refresh-interval': { fields: { hours: number }; reply: null };
  /** Due domains of a list: kept for another period, or removed through a plan with the refresh's safety catch. */
  'hedge/list-due': { fields: { subscriptionId: string; domains: string[]; action: 'keep' | 'remove' }; reply: null };
  'hedge/manual-entry': {
    /** `duration`: how long an "always block" entry added is kept (utils/core/expiry.ts); absent: until removed. */
    fields: { domain: string; list: 'always-block' | 'never-block'; action: 'add' | 'remove'; duration?: EntryDuration };
    reply: null;
  };
  /** How the subscribed lists overlap and what every consensus threshold makes of them, from the kept copies. */
  'hedge/list-overlap': { fields: object; reply: ListOverlapView };
}

/**
 * The lists' overlap (Options › Lists): numbers only, no domain names, so a
 * 20,000-domain list costs a few hundred bytes (utils/core/list-overlap.ts).
 */
export type ListOverlapView = ListOverlap;
