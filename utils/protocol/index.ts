/**
 * The protocol between the extension's pages (popup, options), the content
 * script and the background service worker.
 *
 * Pages and the content script only send intents and render what comes back;
 * every decision and every call to Mastodon happens in the background. Nothing
 * in a reply or a broadcast ever carries an access token: views are built from
 * stored accounts by leaving the token out (see `toAccountView` in
 * utils/db/accounts.ts).
 *
 * Every intent has the shape `{ type: 'hedge/…', …fields }` and is answered by
 * a `Reply<T>`: `{ ok: true, value }` or `{ ok: false, error }`.
 */
import { browser } from 'wxt/browser';
import type { Severity, SourceRef } from '../core/model';
import { t } from '../i18n/translate';

// ---------------------------------------------------------------------------
// Errors

/**
 * Why something failed, as a closed set the UI can explain.
 * The first seven come from Mastodon (see utils/mastodon/errors.ts); the rest
 * are Hedge's own.
 */
export type HedgeErrorKind =
  | 'unauthorized'
  | 'rate-limited'
  | 'invalid-domain'
  | 'network'
  | 'server'
  | 'not-mastodon'
  | 'denied'
  | 'invalid-input'
  | 'not-signed-in'
  | 'permission-missing'
  | 'not-found'
  | 'busy'
  | 'list-error'
  | 'not-implemented';

/** A failure in words a user understands. */
export interface HedgeError {
  kind: HedgeErrorKind;
  /** One or two sentences for the user, e.g. "mastodon.example did not answer. Check the address and your connection." */
  message: string;
  /** The server's own message when there is one (a 422's `error` field). */
  serverMessage?: string;
  /** For `rate-limited`: when the server's window resets (ms since epoch). */
  retryAt?: number;
}

/** The answer to every intent. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: HedgeError };

// ---------------------------------------------------------------------------
// View models (what pages render). All plain JSON: they cross the message channel.

/** `https://mastodon.social#109302` — an instance origin and the account's id there. */
export type AccountKey = string;

/** A signed-in account as pages see it: never the token. */
export interface AccountView {
  key: AccountKey;
  /** `https://mastodon.social` */
  origin: string;
  accountId: string;
  /** `alice` (local acct as Mastodon gives it) */
  acct: string;
  /** `@alice@mastodon.social`, ready to show. */
  handle: string;
  displayName: string;
  avatarUrl: string;
  /** `4.3.2`, free text from `GET /api/v2/instance`. */
  serverVersion: string;
  /** `signed-out-by-server`: a 401 was met; the user must sign in again. Queued work is kept. */
  status: 'active' | 'signed-out-by-server';
  signedInAt: number;
}

/** A preset ("Block Threads") and whether it is on for the active account. */
export interface PresetView {
  id: string;
  name: string;
  explanation: string;
  domains: string[];
  isEnabled: boolean;
}

/** How a subscribed list's `silence` rows are treated. */
export type SilenceTreatment = 'limit' | 'block';

/** A subscribed list, summarised. */
export interface SubscriptionView {
  id: string;
  name: string;
  /** `url`: fetched over HTTPS; `file`: imported once from a file; `fires`: a FIRES dataset. */
  origin: 'url' | 'file' | 'fires';
  url?: string;
  silenceAs: SilenceTreatment;
  inConsensus: boolean;
  entryCount: number;
  skippedCount: number;
  lastFetch: { at: number; result: 'ok' | 'not-modified' | 'held' | 'failed'; message?: string } | null;
}

/** The consensus threshold over every list that takes part: at least `min` lists, or `min` percent of them. */
export type ConsensusSetting = { kind: 'count'; min: number } | { kind: 'percent'; min: number } | null;

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
  /** When the background built this state. */
  builtAt: number;
  /** The user's own "always block" and "never block" domains (Options › Blocks); absent until the background fills it. */
  manualEntries?: { alwaysBlock: string[]; neverBlock: string[] };
}

/** What a block would cut: the user's follows and followers on that domain. */
export interface ImpactView {
  followingCount: number;
  followersCount: number;
  /** Accts when known (from the cached relationships); absent when only counts are known. */
  following?: string[];
  followers?: string[];
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

/** A finished, cancelled or running apply run. */
export interface RunSummary {
  runId: string;
  accountKey: AccountKey;
  startedAt: number;
  endedAt: number | null;
  status: 'running' | 'paused' | 'done' | 'cancelled' | 'failed' | 'stopped-unauthorized';
  added: number;
  removed: number;
  failures: Array<{ domain: string; change: 'add' | 'remove'; message: string; serverMessage?: string }>;
  isUndoable: boolean;
}

/** Relationships saved before a block cut them. */
export interface RelationshipSnapshotSummary {
  snapshotId: string;
  accountKey: AccountKey;
  domain: string;
  takenAt: number;
  followingCount: number;
  followersCount: number;
}

/** A personal block on the server with where it came from. */
export interface BlockRow {
  domain: string;
  unicode?: string;
  /** `user`: blocked by hand (Hedge never removes it); `hedge`: added by Hedge for these sources. */
  origin: 'user' | 'hedge';
  sources: SourceRef[];
}

/** A file for the page to offer as a download. */
export interface DownloadFile {
  fileName: string;
  mimeType: string;
  text: string;
  /**
   * The other files of the same export, downloaded with this one: a `blocked_domains.csv` of more
   * than 20,000 domains comes in parts, each within Mastodon's import limit (`blocked_domains-1-of-2.csv`, ...).
   */
  moreParts?: DownloadFile[];
}

/** What Hedge found on the server after the user imported the plan's `blocked_domains.csv`. */
export interface ImportOutcome {
  /** Offered domains now blocked on the server, which Hedge counts as its blocks. */
  found: number;
  /** Offered domains not blocked on the server (yet): the file was not imported, or only in part. */
  missing: number;
}

/** How a subscription is added. */
export type SubscriptionSource =
  | { kind: 'url'; url: string }
  /**
   * An imported file: its bytes in base64 (`base64`), which the background's
   * list parser decodes as it decodes a fetched list (UTF-8 or UTF-16), or its
   * text as already read (`text`).
   */
  | { kind: 'file'; fileName: string; text?: string; base64?: string }
  | { kind: 'fires'; serverUrl: string; datasetId: string };

/** A list's parse report (Options › Lists). */
export interface ParseReportView {
  subscriptionId: string;
  entryCount: number;
  skipped: Array<{ line: number; reason: string; text: string }>;
}

/**
 * The compact, serialisable verdict data the content script matches against.
 * Built in utils/background/verdicts.ts from utils/core/matcher.ts's snapshot.
 */
export interface VerdictSnapshotReply {
  /** The instance origin the snapshot is for: the content script ignores it on other origins. */
  origin: string;
  /** The matcher's snapshot (`VerdictSnapshot` of utils/core/matcher.ts), or null when nothing is known yet. */
  snapshot: unknown;
}

/** What "Block domain with Hedge" on a Mastodon page led to. */
export interface BlockFromPageResult {
  domain: string;
  /** `needs-confirmation`: the block would cut follows; `message` says how many, and the same request again confirms it. */
  outcome: 'blocked' | 'already-blocked' | 'queued' | 'needs-confirmation';
  message: string;
}

// ---------------------------------------------------------------------------
// Intents

/** Every intent's fields (besides `type`) and the value its reply carries. */
export interface IntentMap {
  'hedge/get-state': { fields: object; reply: HedgeState };

  // Accounts
  /** The popup has already been granted host permission for the instance's origin (requestInstancePermission). */
  'hedge/sign-in': { fields: { instance: string }; reply: AccountView };
  'hedge/sign-out': { fields: { accountKey: AccountKey }; reply: null };
  'hedge/switch-account': { fields: { accountKey: AccountKey }; reply: null };

  // Presets, plans and runs
  /** Builds the plan of turning a preset on or off; nothing runs before `hedge/confirm-plan`. */
  'hedge/set-preset': { fields: { presetId: string; enabled: boolean }; reply: PlanPreview };
  /** The full plan for the active account (refreshes the server's blocks first). */
  'hedge/preview': { fields: object; reply: PlanPreview };
  'hedge/confirm-plan': { fields: { planId: string; excludeDomains: string[] }; reply: { runId: string } };
  'hedge/discard-plan': { fields: { planId: string }; reply: null };
  'hedge/run-control': { fields: { action: 'pause' | 'resume' | 'cancel' }; reply: null };
  'hedge/resolve-conflict': { fields: { domain: string; resolution: 'keep-unblocked' | 'block-again' }; reply: null };

  // Subscriptions
  'hedge/subscription-add': { fields: { source: SubscriptionSource }; reply: SubscriptionView };
  /** Returns the plan of what unsubscribing would remove (only domains no other source still wants). */
  'hedge/subscription-remove': { fields: { subscriptionId: string }; reply: PlanPreview };
  'hedge/subscription-update': {
    fields: { subscriptionId: string; silenceAs?: SilenceTreatment; inConsensus?: boolean };
    reply: SubscriptionView;
  };
  'hedge/subscription-refresh': { fields: { subscriptionId?: string }; reply: null };
  'hedge/parse-report': { fields: { subscriptionId: string }; reply: ParseReportView };
  'hedge/set-consensus': { fields: { consensus: ConsensusSetting }; reply: null };
  'hedge/set-refresh-interval': { fields: { hours: number }; reply: null };

  // Manual entries and blocks
  'hedge/manual-entry': {
    fields: { domain: string; list: 'always-block' | 'never-block'; action: 'add' | 'remove' };
    reply: null;
  };
  'hedge/list-blocks': { fields: object; reply: BlockRow[] };
  'hedge/unblock': { fields: { domain: string }; reply: PlanPreview };

  // History and "nothing lost"
  'hedge/list-runs': { fields: object; reply: RunSummary[] };
  /** The plan of undoing a run (stop blocking what it added). */
  'hedge/undo-run': { fields: { runId: string }; reply: PlanPreview };
  'hedge/list-relationship-snapshots': { fields: object; reply: RelationshipSnapshotSummary[] };
  /** Mastodon's following-import CSV of a snapshot's follows. */
  'hedge/relationship-snapshot-csv': { fields: { snapshotId: string }; reply: DownloadFile };

  // Mastodon's own import instead of a long run (PlanPreview.importAlternative)
  /**
   * The plan's new blocks as `blocked_domains.csv` (in parts of 20,000 rows: `moreParts`), for
   * Mastodon's import with "Merge"; Hedge remembers the offer to own those blocks once imported.
   */
  'hedge/import-alternative': { fields: { planId: string; excludeDomains?: string[] }; reply: DownloadFile };
  /** The user says they imported the file: Hedge reads the server's blocks and owns the offered ones it finds. */
  'hedge/import-alternative-done': { fields: { planId: string }; reply: ImportOutcome };

  // Export
  'hedge/export': { fields: { format: 'blocked-domains-csv' | 'admin-csv' | 'plain-text' }; reply: DownloadFile };
  'hedge/dismiss-error': { fields: object; reply: null };

  // Content script
  'hedge/get-verdict-snapshot': { fields: object; reply: VerdictSnapshotReply };
  'hedge/block-domain-from-page': { fields: { domain: string }; reply: BlockFromPageResult };
}

/** The name of an intent. */
export type IntentType = keyof IntentMap;

/** An intent of one type: `{ type, ...fields }`. */
export type IntentOf<K extends IntentType> = { type: K } & IntentMap[K]['fields'];

/** Any intent. */
export type Intent = { [K in IntentType]: IntentOf<K> }[IntentType];

/** What the reply to an intent of type K carries. */
export type ReplyValue<K extends IntentType> = IntentMap[K]['reply'];

/** The only intents a content script may send; the background refuses every other from a tab. */
export const CONTENT_SCRIPT_INTENTS: ReadonlySet<IntentType> = new Set<IntentType>([
  'hedge/get-verdict-snapshot',
  'hedge/block-domain-from-page',
]);

const INTENT_TYPES: ReadonlySet<string> = new Set<IntentType>([
  'hedge/get-state',
  'hedge/sign-in',
  'hedge/sign-out',
  'hedge/switch-account',
  'hedge/set-preset',
  'hedge/preview',
  'hedge/confirm-plan',
  'hedge/discard-plan',
  'hedge/run-control',
  'hedge/resolve-conflict',
  'hedge/subscription-add',
  'hedge/subscription-remove',
  'hedge/subscription-update',
  'hedge/subscription-refresh',
  'hedge/parse-report',
  'hedge/set-consensus',
  'hedge/set-refresh-interval',
  'hedge/manual-entry',
  'hedge/list-blocks',
  'hedge/unblock',
  'hedge/list-runs',
  'hedge/undo-run',
  'hedge/list-relationship-snapshots',
  'hedge/relationship-snapshot-csv',
  'hedge/import-alternative',
  'hedge/import-alternative-done',
  'hedge/export',
  'hedge/dismiss-error',
  'hedge/get-verdict-snapshot',
  'hedge/block-domain-from-page',
]);

/** Whether a message is one of Hedge's intents (its fields are checked by its handler). */
export function isIntent(message: unknown): message is Intent {
  return (
    typeof message === 'object' &&
    message !== null &&
    typeof (message as { type?: unknown }).type === 'string' &&
    INTENT_TYPES.has((message as { type: string }).type)
  );
}

// ---------------------------------------------------------------------------
// Broadcasts (background → pages and content scripts)

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

// ---------------------------------------------------------------------------
// Helpers for pages

/**
 * Sends an intent to the background and returns its reply. A broken channel
 * (the background could not be reached) becomes a `server` error in words,
 * never a thrown exception.
 */
export async function sendIntent<K extends IntentType>(intent: IntentOf<K>): Promise<Reply<ReplyValue<K>>> {
  try {
    const reply: unknown = await browser.runtime.sendMessage(intent);
    if (isReply(reply)) return reply as Reply<ReplyValue<K>>;
    return {
      ok: false,
      error: { kind: 'server', message: t('bg_backgroundSilent') },
    };
  } catch (cause) {
    return {
      ok: false,
      error: {
        kind: 'server',
        message: t('bg_backgroundUnreachable', cause instanceof Error ? cause.message : String(cause)),
      },
    };
  }
}

/** Calls `listener` with every state the background broadcasts; returns a function that stops listening. */
export function onStateChanged(listener: (state: HedgeState) => void): () => void {
  const onMessage = (message: unknown): undefined => {
    if (isBroadcast(message) && message.type === 'hedge/state-changed') listener(message.state);
    return undefined;
  };
  browser.runtime.onMessage.addListener(onMessage);
  return () => browser.runtime.onMessage.removeListener(onMessage);
}

function isReply(value: unknown): value is Reply<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}
