/**
 * What one leg of the apply engine (engine.ts) is given: the server, the
 * journal and the clock through their ports, how failed answers are retried,
 * how many requests may be in flight, and the user's pause and cancel.
 */
import type { Clock, DomainBlockApi, JournalStore } from '../ports.ts';
import type { RateLimiter } from '../rate-limit.ts';
import type { ApplyRun, RunProgress } from './types.ts';

/** How failed answers are retried. */
export interface RetryPolicy {
  /** Requests per operation for 5xx and network failures, the first included. */
  maxAttempts: number;
  /** First backoff; doubled after each failure. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Operations failing with 5xx in a row before the run is interrupted. */
  maxServerFailuresInARow: number;
  /** 429 answers in a row before the run is interrupted. */
  max429InARow: number;
}

/** Default retries: 4 attempts, 1 s, 2 s, 4 s apart. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  maxServerFailuresInARow: 3,
  max429InARow: 10,
};

/** Requests in flight at once by default: a browser's connections per host (HTTP/1.1), enough to hide the answers' latency. */
export const DEFAULT_CONCURRENCY = 6;

/** What the engine needs from the outside. */
export interface ApplyDeps {
  api: DomainBlockApi;
  journal: JournalStore;
  clock: Clock;
  /** Shared with earlier legs of the run; a new one is made from the run's snapshot otherwise. */
  limiter?: RateLimiter;
  retry?: Partial<RetryPolicy>;
  /**
   * The longest wait done in place. A longer wait (the next rate-limit window)
   * ends this leg with the run `waiting` and `resumeAt` set, so that a service
   * worker can sleep and an alarm continue. Default: no limit.
   */
  maxInlineWaitMs?: number;
  /** Requests in flight at once; see {@link DEFAULT_CONCURRENCY}. 1 sends strictly in order. */
  concurrency?: number;
  /** Called after every change of an operation's or the run's state. */
  onProgress?: (progress: RunProgress) => void;
}

/** The user's requests to a running leg: pause or cancel, honoured between two requests. */
export class ApplyController {
  private readonly abort = new AbortController();
  private requested: 'pause' | 'cancel' | undefined;

  /** Aborts waits at once; an answer in flight is still recorded. */
  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /** What the user asked for, if anything. */
  get request(): 'pause' | 'cancel' | undefined {
    return this.requested;
  }

  /** Stop after the current request; the run stays resumable. */
  pause(): void {
    this.requested ??= 'pause';
    this.abort.abort(new Error('paused'));
  }

  /** Stop after the current request; unsent operations become `cancelled`. */
  cancel(): void {
    this.requested = 'cancel';
    this.abort.abort(new Error('cancelled'));
  }
}

/** How a leg of a run ended. */
export interface ApplyResult {
  run: ApplyRun;
  progress: RunProgress;
  /** Requests sent in this leg, reads included. */
  requests: number;
}
