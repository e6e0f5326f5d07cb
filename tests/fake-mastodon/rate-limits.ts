/**
 * Throttles as `config/initializers/rack_attack.rb` defines them: fixed windows aligned to the
 * epoch (Rack::Attack keys its counters by `now / period`), counted before the request runs,
 * checked in definition order, the first one over its limit answers 429.
 */

export interface Throttle {
  name: string;
  limit: number;
  periodMs: number;
  /** Who is counted: a token, a user id, an IP. */
  discriminator: string;
}

export interface ThrottleData {
  name: string;
  limit: number;
  count: number;
  periodMs: number;
}

export interface ThrottleResult {
  /** Every throttle that counted this request (Rack::Attack's `rack.attack.throttle_data`). */
  data: ThrottleData[];
  /** The throttle that refused it, if any. */
  refusedBy?: ThrottleData;
}

export class RateLimiter {
  private readonly counters = new Map<string, { window: number; count: number }>();

  constructor(private readonly now: () => number) {}

  /** Counts one request against each throttle, stopping at the first that refuses it. */
  hit(throttles: Throttle[]): ThrottleResult {
    const data: ThrottleData[] = [];
    const now = this.now();
    for (const throttle of throttles) {
      const window = Math.floor(now / throttle.periodMs);
      const key = `${throttle.name}:${throttle.discriminator}`;
      const counter = this.counters.get(key);
      const count = counter && counter.window === window ? counter.count + 1 : 1;
      this.counters.set(key, { window, count });
      const entry = { name: throttle.name, limit: throttle.limit, count, periodMs: throttle.periodMs };
      data.push(entry);
      if (count > throttle.limit) return { data, refusedBy: entry };
    }
    return { data };
  }

  /** Reads a throttle's state without counting (for responses outside Rack::Attack's scope). */
  peek(throttle: Throttle): ThrottleData {
    const window = Math.floor(this.now() / throttle.periodMs);
    const counter = this.counters.get(`${throttle.name}:${throttle.discriminator}`);
    const count = counter && counter.window === window ? counter.count : 0;
    return { name: throttle.name, limit: throttle.limit, count, periodMs: throttle.periodMs };
  }

  /**
   * `X-RateLimit-*` for the throttle nearest to running out (`Api::RateLimitHeaders`), or for
   * the refusing one with Remaining 0 (Rack::Attack's `throttled_responder`).
   */
  headers(result: ThrottleResult): Record<string, string> {
    const chosen = result.refusedBy ?? minBy(result.data, (d) => d.limit - d.count);
    if (!chosen) return {};
    const now = this.now();
    const reset = (Math.floor(now / chosen.periodMs) + 1) * chosen.periodMs;
    return {
      'X-RateLimit-Limit': String(chosen.limit),
      'X-RateLimit-Remaining': String(result.refusedBy ? 0 : Math.max(0, chosen.limit - chosen.count)),
      'X-RateLimit-Reset': isoMicro(reset),
    };
  }
}

/** Ruby's `Time#iso8601(6)`: six fractional digits. */
export function isoMicro(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

function minBy<T>(items: T[], score: (item: T) => number): T | undefined {
  let best: T | undefined;
  for (const item of items) if (best === undefined || score(item) < score(best)) best = item;
  return best;
}
