/**
 * The records the apply engine keeps: one run per confirmed plan, one journal
 * entry per operation. They live in IndexedDB (utils/db) so that a stopped
 * service worker or a browser restart loses nothing.
 */
import type { Provenance } from '../model.ts';
import type { RateLimiterSnapshot } from '../rate-limit.ts';

/** What one operation does to the user's personal domain blocks. */
export type OperationKind = 'add' | 'remove';

/**
 * Where an operation stands.
 * - `pending`: written, not yet sent;
 * - `sent`: the request left (or was about to leave); the answer was not recorded yet;
 * - `done`: the server confirmed it, or a read of the server's blocks proved it happened;
 * - `skipped`: not needed any more (the server already had the state it asked for);
 * - `failed`: the server refused it or kept failing; `error` says why;
 * - `cancelled`: the user cancelled the run before it was sent.
 */
type OperationState = 'pending' | 'sent' | 'done' | 'skipped' | 'failed' | 'cancelled';

/** The small closed set of failure kinds the core reasons about and the UI explains. */
export type FailureKind = 'unauthorized' | 'rate-limited' | 'invalid-domain' | 'network' | 'server';

/**
 * Every sentence an operation's failure can give, by code: one per failure
 * kind, and a network failure that a cancel left undecided. Pages word them in
 * the user's language (utils/i18n/error-messages.ts).
 */
export const FAILURE_CODES = ['unauthorized', 'rate-limited', 'invalid-domain', 'network', 'server', 'cancelled-unreachable'] as const;

/** One of {@link FAILURE_CODES}. */
export type FailureCode = (typeof FAILURE_CODES)[number];

/** Why an operation failed, in the server's words when it gave any. */
export interface OperationError {
  kind: FailureKind;
  /** HTTP status, 0 when no answer arrived. */
  status: number;
  /** The failure in English, for logs and entries journaled without `code`. */
  message: string;
  /** The sentence of `message` by code; absent in entries journaled before codes existed. */
  code?: FailureCode;
  /** The server's own `error` text, which the sentence quotes. */
  serverMessage?: string;
}

/** One operation of a run, as written to the journal. */
export interface JournalEntry {
  runId: string;
  /** Order within the run, from 0. */
  seq: number;
  kind: OperationKind;
  /** Lowercase punycode, as Mastodon stores personal blocks. */
  domain: string;
  state: OperationState;
  /** Requests sent for this operation so far (retries included). */
  attempts: number;
  /** Why the domain is in the run: the sources that want it blocked (adds) or wanted it (removes). */
  provenance: Provenance[];
  /** Epoch ms of the last request sent for it. */
  sentAt?: number;
  /** Epoch ms when it reached `done`, `skipped`, `failed` or `cancelled`. */
  finishedAt?: number;
  /** True when `done` was proved by reading the server's blocks after an interruption. */
  isReconciled?: boolean;
  error?: OperationError;
}

/**
 * Where a run stands.
 * - `running`: being applied, or due to be resumed by whoever finds it (alarm, startup);
 * - `waiting`: waiting for the server's rate-limit window; `resumeAt` says until when;
 * - `interrupted`: the network or the server went away; resumed later by an alarm;
 * - `paused`: the user paused it; only the user resumes it;
 * - `unauthorized`: the server answered 401; the user must sign in again, then resume;
 * - `cancelled`: the user cancelled it; unsent operations are `cancelled`;
 * - `done`: every operation is `done`, `skipped` or `failed`.
 */
export type RunState = 'running' | 'waiting' | 'interrupted' | 'paused' | 'unauthorized' | 'cancelled' | 'done';

/** One application of a confirmed plan to one account. */
export interface ApplyRun {
  id: string;
  /** The account the run belongs to, e.g. `mastodon.social/109...` (opaque to the engine). */
  accountKey: string;
  state: RunState;
  createdAt: number;
  updatedAt: number;
  /** Number of operations in the journal. */
  total: number;
  /** Epoch ms when a `waiting` or `interrupted` run should continue. */
  resumeAt?: number;
  /** For `interrupted` and `unauthorized` runs: what stopped it, in words. */
  reason?: string;
  /** When this run undoes another one, that run's id. */
  undoOf?: string;
  /** The rate-limit state when the run stopped to wait, so that the next leg does not guess. */
  rateLimit?: RateLimiterSnapshot;
}

/** What the UI and the toolbar badge show while a run goes on. */
export interface RunProgress {
  runId: string;
  state: RunState;
  done: number;
  failed: number;
  total: number;
  /** Time left at the server's rate limit, in ms. */
  etaMs: number;
}
