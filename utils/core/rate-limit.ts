/**
 * Client side of Mastodon's rate limits.
 *
 * Mastodon throttles with Rack::Attack (config/initializers/rack_attack.rb):
 * fixed windows aligned to the epoch, 300 requests per 5 minutes per token for
 * the authenticated API. Every answer, a 429 included, carries
 * `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset` (ISO 8601)
 * for the throttle nearest to running out; a 429 has no `Retry-After`.
 *
 * The algorithm: spend the window, then wait for its reset.
 * - Before each request, `delayBeforeNext` says how long to wait: nothing while
 *   the window has requests left, else until the reset plus a small guard.
 * - `noteSent` counts the request locally, so that even answers without headers
 *   never let the client overspend a window.
 * - `noteAnswer` adopts the server's numbers from every answer, learns the window
 *   length from consecutive resets, and corrects for a local clock that runs
 *   ahead of the server's (a reset already in the past locally).
 * - A 429 (another app spending the same budget, or a clock far off) blocks
 *   until the announced reset, or backs off exponentially when that reset is
 *   already past by the local clock.
 */

/**
 * The rate-limit headers of one answer, copied verbatim (`null` when absent).
 * Mastodon sends them on every answer, 429 included
 * (config/initializers/rack_attack.rb, app/controllers/concerns/rate_limit_headers.rb).
 */
export interface RateLimitHeaders {
  /** `X-RateLimit-Limit`, e.g. `"300"`. */
  limit: string | null;
  /** `X-RateLimit-Remaining`, e.g. `"299"`. */
  remaining: string | null;
  /** `X-RateLimit-Reset`, an ISO 8601 time, e.g. `"2024-05-01T12:05:00.000000Z"`. */
  reset: string | null;
}

/** Mastodon's authenticated API budget per token and window. */
export const MASTODON_RATE_LIMIT = 300;

/** Mastodon's window: 5 minutes. */
export const MASTODON_WINDOW_MS = 300_000;

/** The rate-limit state one answer announces, in epoch ms. */
export interface RateLimitState {
  limit: number;
  remaining: number;
  /** When the window ends, epoch ms by the server's clock. */
  resetAt: number;
}

/** What a limiter remembers, so that a resumed run starts where the last one stopped. */
export interface RateLimiterSnapshot {
  limit: number;
  remaining: number;
  /** Window end by the local clock. */
  resetAt: number;
  windowMs: number;
  isWindowLearned: boolean;
  skewMs: number;
  blockedUntil: number;
}

/** Options of a {@link RateLimiter}. */
export interface RateLimiterOptions {
  /** Requests per window before any header is seen. Default 300. */
  limit?: number;
  /** Window length before two resets have been seen. Default 5 minutes. */
  windowMs?: number;
}

/**
 * Reads the three headers; `undefined` when any is missing or unreadable.
 * @param headers - the headers as the adapter copied them.
 */
export function parseRateLimitHeaders(headers: RateLimitHeaders | undefined): RateLimitState | undefined {
  if (!headers) return undefined;
  const limit = parseCount(headers.limit);
  const remaining = parseCount(headers.remaining);
  const resetAt = headers.reset === null ? Number.NaN : Date.parse(headers.reset);
  if (limit === undefined || remaining === undefined || !Number.isFinite(resetAt)) return undefined;
  return { limit, remaining, resetAt };
}

function parseCount(value: string | null): number | undefined {
  if (value === null || !/^\s*\d+\s*$/.test(value)) return undefined;
  return Number(value);
}

/** Requests beyond the window's budget wait this long after the reset: 0.5% of the window, 5 ms to 1 s. */
function guardFor(windowMs: number): number {
  return Math.min(1000, Math.max(5, Math.round(windowMs / 200)));
}

const MAX_429_BACKOFF_MS = 60_000;

/**
 * Paces requests to a Mastodon server within its rate limit. Not thread-safe:
 * one limiter serves one sequence of requests (one account's run).
 */
export class RateLimiter {
  private limit: number;
  private remaining: number;
  private resetAt: number | undefined;
  private windowMs: number;
  private isWindowLearned = false;
  private skewMs = 0;
  private blockedUntil = 0;
  private consecutive429 = 0;
  /** When the current window began by the local clock (when the budget was last renewed). */
  private rolledAt = Number.NEGATIVE_INFINITY;
  /** Requests counted by `noteSent` whose answer has not arrived yet. */
  private inFlight = 0;
  /** The longest time to a reset seen in any answer: the window is at least this long. */
  private windowAtLeastMs = 0;
  /** The last reset an answer announced (server clock), to learn the window from. */
  private lastAnnouncedReset: number | undefined;

  /** @param options - the budget to assume before the server says otherwise. */
  constructor(options: RateLimiterOptions = {}) {
    this.limit = options.limit ?? MASTODON_RATE_LIMIT;
    this.remaining = this.limit;
    this.windowMs = options.windowMs ?? MASTODON_WINDOW_MS;
  }

  /**
   * Restores a limiter saved with {@link RateLimiter.snapshot}.
   * @param snapshot - the saved state.
   */
  static fromSnapshot(snapshot: RateLimiterSnapshot): RateLimiter {
    const limiter = new RateLimiter({ limit: snapshot.limit, windowMs: snapshot.windowMs });
    limiter.remaining = snapshot.remaining;
    limiter.resetAt = snapshot.resetAt;
    limiter.isWindowLearned = snapshot.isWindowLearned;
    limiter.skewMs = snapshot.skewMs;
    limiter.blockedUntil = snapshot.blockedUntil;
    return limiter;
  }

  /**
   * The state to persist with a run that waits for the next window.
   * @param now - epoch ms.
   */
  snapshot(now: number): RateLimiterSnapshot {
    this.roll(now);
    return {
      limit: this.limit,
      remaining: this.remaining,
      resetAt: this.currentResetAt(now),
      windowMs: this.windowMs,
      isWindowLearned: this.isWindowLearned,
      skewMs: this.skewMs,
      blockedUntil: this.blockedUntil,
    };
  }

  /** The window length in use (learned from the server's resets when it could be). */
  get window(): number {
    return this.windowMs;
  }

  /**
   * How long to wait before the next request may leave, in ms (0: send now).
   * @param now - epoch ms.
   */
  delayBeforeNext(now: number): number {
    if (this.blockedUntil > now) return this.blockedUntil - now;
    this.roll(now);
    if (this.remaining > 0) return 0;
    return Math.max(0, this.currentResetAt(now) + this.guard() - now);
  }

  /**
   * Counts a request that is about to leave.
   * @param now - epoch ms.
   */
  noteSent(now: number): void {
    this.inFlight += 1;
    this.roll(now);
    if (this.resetAt === undefined) this.resetAt = this.currentResetAt(now);
    this.remaining = Math.max(0, this.remaining - 1);
  }

  /**
   * Adopts what an answer says about the budget.
   * @param headers - the answer's rate-limit headers, if any.
   * @param status - the answer's HTTP status (0 when none arrived).
   * @param now - epoch ms when the answer arrived.
   * @param sentAt - epoch ms when its request left; an answer to a request sent before the
   *   current window began speaks of the previous window and is ignored. Default `now`.
   */
  noteAnswer(headers: RateLimitHeaders | undefined, status: number, now: number, sentAt = now): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (sentAt < this.rolledAt) return;
    const state = parseRateLimitHeaders(headers);
    if (state) {
      // Sent after the window ended by our clock, yet counted in it by the server: our clock runs ahead.
      if (state.resetAt + this.skewMs <= sentAt) this.skewMs = sentAt - state.resetAt + 1;
      const localReset = state.resetAt + this.skewMs;
      if (this.lastAnnouncedReset !== undefined && state.resetAt > this.lastAnnouncedReset) {
        this.learnWindow(state.resetAt - this.lastAnnouncedReset);
      }
      this.lastAnnouncedReset = Math.max(this.lastAnnouncedReset ?? 0, state.resetAt);
      this.windowAtLeastMs = Math.max(this.windowAtLeastMs, localReset - now);
      const isSameWindow = this.resetAt !== undefined && Math.abs(localReset - this.resetAt) < this.windowMs / 2;
      // Same window: the local count includes requests still in flight, the server's includes
      // other apps' requests; the lower one is the truth. A window the client had not rolled
      // into yet: the server's count, less the requests still in flight.
      this.remaining = isSameWindow ? Math.min(this.remaining, state.remaining) : Math.max(0, state.remaining - this.inFlight);
      this.limit = state.limit;
      this.resetAt = localReset;
    }
    if (status === 429) {
      this.consecutive429 += 1;
      this.remaining = 0;
      const reset = this.resetAt ?? this.currentResetAt(now);
      const backoff = Math.min(MAX_429_BACKOFF_MS, 1000 * 2 ** (this.consecutive429 - 1));
      // Waiting for the announced reset is enough unless it has already passed.
      this.blockedUntil = reset > now ? reset + this.guard() : now + backoff;
    } else if (status !== 0) {
      this.consecutive429 = 0;
      this.blockedUntil = 0;
    }
  }

  /** 429 answers in a row; the engine gives up on a run after too many. */
  get rateLimitedInARow(): number {
    return this.consecutive429;
  }

  /**
   * The least time in which `count` more requests can be sent, in ms,
   * assuming the answers are instant.
   * @param count - requests still to send.
   * @param now - epoch ms.
   */
  estimateMs(count: number, now: number): number {
    if (count <= 0) return 0;
    this.roll(now);
    const blocked = Math.max(0, this.blockedUntil - now);
    const available = blocked > 0 ? 0 : this.remaining;
    if (count <= available) return 0;
    const windows = Math.ceil((count - available) / this.limit);
    const firstWait = Math.max(blocked, this.currentResetAt(now) + this.guard() - now);
    return firstWait + (windows - 1) * this.windowMs;
  }

  /**
   * The wait added after a reset, so that a local clock slightly ahead of the
   * server's does not send early: 0.5% of the window (5 ms to 1 s). Until two
   * resets have shown the window, the longest time to a reset seen stands in
   * for it, so that a short window does not get a long guard.
   */
  private guard(): number {
    const window = this.isWindowLearned || this.windowAtLeastMs === 0 ? this.windowMs : Math.min(this.windowMs, this.windowAtLeastMs);
    return guardFor(window);
  }

  private learnWindow(difference: number): void {
    // Consecutive resets differ by one window; after a long pause by several.
    if (!this.isWindowLearned || difference < this.windowMs) {
      this.windowMs = difference;
      this.isWindowLearned = true;
    }
  }

  /** The end of the current window by the local clock; epoch-aligned when no answer said otherwise. */
  private currentResetAt(now: number): number {
    if (this.resetAt !== undefined && this.resetAt > now) return this.resetAt;
    return (Math.floor((now - this.skewMs) / this.windowMs) + 1) * this.windowMs + this.skewMs;
  }

  /** Starts a fresh budget when the local clock has passed the window's end. */
  private roll(now: number): void {
    if (this.resetAt !== undefined && now >= this.resetAt) {
      this.rolledAt = now;
      this.remaining = this.limit;
      this.resetAt = this.currentResetAt(now);
    }
  }
}

/**
 * How long `count` requests take at best under a fixed-window limit, starting
 * with a full window: the budget of each window is spent at once, so only the
 * waits for the following windows count.
 * @param count - requests to send.
 * @param limit - requests per window (Mastodon: 300).
 * @param windowMs - window length (Mastodon: 5 minutes).
 */
export function estimateDurationMs(count: number, limit = MASTODON_RATE_LIMIT, windowMs = MASTODON_WINDOW_MS): number {
  if (count <= 0) return 0;
  return (Math.ceil(count / limit) - 1) * windowMs;
}
