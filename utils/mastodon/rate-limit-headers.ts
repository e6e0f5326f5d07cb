/**
 * Mastodon's rate-limit headers, read from every answer.
 *
 * Every response carries `X-RateLimit-Limit`, `X-RateLimit-Remaining` and
 * `X-RateLimit-Reset` (an ISO 8601 time) for the throttle nearest to running
 * out (config/initializers/rack_attack.rb, lib/mastodon/rack_middleware).
 */

/** The rate-limit window as the server reported it on one answer. */
export interface RateLimitInfo {
  limit: number;
  remaining: number;
  /** When the window resets, in ms since the epoch. */
  resetAt: number;
}

/** Reads the three headers; null when any is missing or unreadable (a proxy may strip them). */
export function readRateLimit(headers: Headers | null | undefined): RateLimitInfo | null {
  if (!headers) return null;
  const limit = Number(headers.get('x-ratelimit-limit') ?? Number.NaN);
  const remaining = Number(headers.get('x-ratelimit-remaining') ?? Number.NaN);
  const reset = headers.get('x-ratelimit-reset');
  const resetAt = reset === null ? Number.NaN : Date.parse(reset);
  if (!Number.isFinite(limit) || !Number.isFinite(remaining) || !Number.isFinite(resetAt)) return null;
  return { limit, remaining, resetAt };
}
