import { describe, expect, it } from 'vitest';
import { RateLimiter, estimateDurationMs, parseRateLimitHeaders } from '../../utils/core/rate-limit.ts';
import type { RateLimitHeaders } from '../../utils/core/rate-limit.ts';

const T0 = Date.UTC(2024, 4, 1, 12, 0, 0); // a window boundary for 5-minute and 2-second windows
const headers = (remaining: number, resetAt: number, limit = 300): RateLimitHeaders => ({
  limit: String(limit),
  remaining: String(remaining),
  // Mastodon writes the reset with microseconds: (now + period - now % period).iso8601(6)
  reset: new Date(resetAt).toISOString().replace('Z', '000Z'),
});

describe('parseRateLimitHeaders', () => {
  it.each([
    ['Mastodon headers', headers(299, T0 + 300_000), { limit: 300, remaining: 299, resetAt: T0 + 300_000 }],
    ['seconds only', { limit: '300', remaining: '0', reset: '2024-05-01T12:05:00Z' }, { limit: 300, remaining: 0, resetAt: T0 + 300_000 }],
    ['missing reset', { limit: '300', remaining: '5', reset: null }, undefined],
    ['garbage remaining', { limit: '300', remaining: 'lots', reset: '2024-05-01T12:05:00Z' }, undefined],
    ['garbage reset', { limit: '300', remaining: '5', reset: 'soon' }, undefined],
    ['no headers', undefined, undefined],
  ])('%s', (_name, input, expected) => {
    expect(parseRateLimitHeaders(input)).toEqual(expected);
  });
});

describe('RateLimiter', () => {
  it('sends while the window has requests left, then waits for the reset', () => {
    const limiter = new RateLimiter();
    const reset = T0 + 300_000;
    let now = T0 + 1000;
    for (let remaining = 299; remaining >= 0; remaining -= 1) {
      expect(limiter.delayBeforeNext(now)).toBe(0);
      limiter.noteSent(now);
      limiter.noteAnswer(headers(remaining, reset), 200, now);
      now += 10;
    }
    const wait = limiter.delayBeforeNext(now);
    expect(now + wait).toBeGreaterThanOrEqual(reset);
    expect(now + wait).toBeLessThanOrEqual(reset + 1000);
    expect(limiter.delayBeforeNext(reset + 1000)).toBe(0);
  });

  it('never overspends even when answers carry no headers', () => {
    const limiter = new RateLimiter({ limit: 3, windowMs: 2000 });
    const now = T0 + 100;
    for (let i = 0; i < 3; i += 1) {
      expect(limiter.delayBeforeNext(now)).toBe(0);
      limiter.noteSent(now);
      limiter.noteAnswer(undefined, 200, now);
    }
    // Epoch-aligned: the window ends at T0 + 2000.
    expect(now + limiter.delayBeforeNext(now)).toBe(T0 + 2000 + 10);
  });

  it('learns the window length from consecutive resets', () => {
    const limiter = new RateLimiter();
    limiter.noteSent(T0 + 10);
    limiter.noteAnswer(headers(299, T0 + 2000), 200, T0 + 10);
    limiter.noteSent(T0 + 2010);
    limiter.noteAnswer(headers(299, T0 + 4000), 200, T0 + 2010);
    expect(limiter.window).toBe(2000);
    expect(limiter.estimateMs(900, T0 + 2010)).toBe(1990 + 10 + 2 * 2000);
  });

  it('waits for the announced reset after a 429 from another app spending the budget', () => {
    const limiter = new RateLimiter();
    const now = T0 + 60_000;
    limiter.noteSent(now);
    limiter.noteAnswer(headers(0, T0 + 300_000), 429, now);
    expect(now + limiter.delayBeforeNext(now)).toBe(T0 + 300_000 + 1000);
    expect(limiter.rateLimitedInARow).toBe(1);
    limiter.noteAnswer(headers(299, T0 + 600_000), 200, T0 + 301_000);
    expect(limiter.rateLimitedInARow).toBe(0);
  });

  it('corrects for a local clock ahead of the server', () => {
    const limiter = new RateLimiter({ windowMs: 2000 });
    // The server says its window ends at T0+2000, but our clock already reads T0+2500.
    const now = T0 + 2500;
    limiter.noteSent(now);
    limiter.noteAnswer(headers(0, T0 + 2000), 200, now);
    const wait = limiter.delayBeforeNext(now);
    expect(wait).toBeGreaterThan(0);
    // After the corrected reset it sends again.
    expect(limiter.delayBeforeNext(now + wait)).toBe(0);
  });

  it('backs off exponentially on a 429 whose reset is already past', () => {
    const limiter = new RateLimiter({ windowMs: 2000 });
    const now = T0 + 5000;
    limiter.noteSent(now);
    limiter.noteAnswer({ limit: '300', remaining: '0', reset: null }, 429, now);
    const first = limiter.delayBeforeNext(now);
    limiter.noteAnswer({ limit: '300', remaining: '0', reset: null }, 429, now);
    expect(limiter.delayBeforeNext(now)).toBeGreaterThanOrEqual(first);
  });

  it('counts requests in flight and ignores a late answer about the previous window', () => {
    const limiter = new RateLimiter({ limit: 3, windowMs: 2000 });
    limiter.noteSent(T0 + 10);
    limiter.noteAnswer(headers(2, T0 + 2000, 3), 200, T0 + 11);
    // Two requests leave together: the window's budget is spent before either answers.
    limiter.noteSent(T0 + 20);
    limiter.noteSent(T0 + 20);
    expect(limiter.delayBeforeNext(T0 + 20)).toBeGreaterThan(0);
    // A new window opens; one request leaves in it, then the old window's answers arrive late.
    const next = T0 + 2010;
    expect(limiter.delayBeforeNext(next)).toBe(0);
    limiter.noteSent(next);
    limiter.noteAnswer(headers(1, T0 + 2000, 3), 200, next + 1, T0 + 20);
    limiter.noteAnswer(headers(0, T0 + 2000, 3), 200, next + 1, T0 + 20);
    limiter.noteSent(next + 2);
    // The server counts one request of the new window so far; the client has sent two in it.
    limiter.noteAnswer(headers(2, T0 + 4000, 3), 200, next + 3, next);
    expect(limiter.delayBeforeNext(next + 3)).toBe(0);
    limiter.noteSent(next + 3);
    expect(limiter.delayBeforeNext(next + 3)).toBeGreaterThan(0);
  });

  it('survives a snapshot and restore', () => {
    const limiter = new RateLimiter();
    limiter.noteSent(T0 + 10);
    limiter.noteAnswer(headers(0, T0 + 300_000), 200, T0 + 10);
    const restored = RateLimiter.fromSnapshot(limiter.snapshot(T0 + 20));
    expect(restored.delayBeforeNext(T0 + 20)).toBe(limiter.delayBeforeNext(T0 + 20));
  });
});

describe('estimateDurationMs', () => {
  it.each([
    [0, 0],
    [300, 0],
    [301, 300_000],
    [1000, 900_000], // 4 windows: about 15 minutes, as Mastodon's limits allow
    [1200, 900_000],
  ])('%i requests take at least %i ms', (count, expected) => {
    expect(estimateDurationMs(count)).toBe(expected);
  });
});
