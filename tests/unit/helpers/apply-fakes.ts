/**
 * In-memory stand-ins for the apply engine's ports, faithful to Mastodon where
 * it matters: fixed epoch-aligned windows (config/initializers/rack_attack.rb),
 * rate-limit headers on every answer including 429, 422 for invalid domains
 * (app/models/account_domain_block.rb validates with DomainValidator), DELETE
 * always 200, GET pages of at most 200 newest first.
 */
import type { Clock, DomainBlockApi, DomainBlockPage, DomainBlockResponse, JournalStore } from '../../../utils/core/ports.ts';
import type { RateLimitHeaders } from '../../../utils/core/rate-limit.ts';
import type { ApplyRun, JournalEntry } from '../../../utils/core/apply/types.ts';

/**
 * Virtual time: `sleep` advances the clock at once to when it would end.
 * Sleeps that overlap (several lanes waiting for the same reset) end at their
 * own targets instead of adding up.
 */
export class FakeClock implements Clock {
  constructor(public time = Date.UTC(2024, 4, 1, 12, 0, 0)) {}
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason;
    const target = this.time + Math.max(0, ms);
    await Promise.resolve();
    if (signal?.aborted) throw signal.reason;
    this.time = Math.max(this.time, target);
  }
}

/** A scripted answer for one request about a domain, consumed in order. */
export type Fault = { status: number; error?: string; isApplied?: boolean } | 'throw';

const VALID_DOMAIN = /^(?=.{1,255}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

export interface FakeServerOptions {
  limit?: number;
  windowMs?: number;
  /** Virtual time each request takes. */
  latencyMs?: number;
  blocks?: string[];
  /** Skew of the server's clock relative to the client's, ms. */
  serverAheadMs?: number;
}

export class FakeMastodonBlocks implements DomainBlockApi {
  readonly limit: number;
  readonly windowMs: number;
  readonly latencyMs: number;
  /** Newest last. */
  blocks: string[];
  /** Every request the server saw, in order. */
  readonly log: Array<{ method: 'POST' | 'DELETE' | 'GET'; domain?: string; status: number; at: number }> = [];
  readonly faults = new Map<string, Fault[]>();
  /** Requests spent by someone else in the current window (another app). */
  foreignSpend = 0;
  serverAheadMs: number;
  private windowStart = -1;
  private used = 0;
  /** When set, every request answers this status (the server is down, the token revoked). */
  outage: number | undefined;

  constructor(private readonly clock: FakeClock, options: FakeServerOptions = {}) {
    this.limit = options.limit ?? 300;
    this.windowMs = options.windowMs ?? 300_000;
    this.latencyMs = options.latencyMs ?? 0;
    this.blocks = [...(options.blocks ?? [])];
    this.serverAheadMs = options.serverAheadMs ?? 0;
  }

  get count429(): number {
    return this.log.filter((entry) => entry.status === 429).length;
  }

  sent(method: 'POST' | 'DELETE', domain: string): number {
    return this.log.filter((entry) => entry.method === method && entry.domain === domain && entry.status === 200).length;
  }

  private headers(): RateLimitHeaders {
    const reset = new Date(this.windowStart + this.windowMs).toISOString().replace('Z', '000Z');
    return { limit: String(this.limit), remaining: String(Math.max(0, this.limit - this.used)), reset };
  }

  /** Counts the request in its window; returns a 429 answer when the window is spent. */
  private admit(): DomainBlockResponse | undefined {
    const serverNow = this.clock.now() + this.serverAheadMs;
    const start = Math.floor(serverNow / this.windowMs) * this.windowMs;
    if (start !== this.windowStart) {
      this.windowStart = start;
      this.used = this.foreignSpend;
      this.foreignSpend = 0;
    }
    this.used += 1;
    if (this.used > this.limit) return { status: 429, error: 'Too many requests', rateLimit: this.headers() };
    return undefined;
  }

  private async answer(method: 'POST' | 'DELETE', domain: string, apply: () => DomainBlockResponse): Promise<DomainBlockResponse> {
    this.clock.advance(this.latencyMs);
    const throttled = this.admit();
    if (throttled) {
      this.log.push({ method, domain, status: 429, at: this.clock.now() });
      return throttled;
    }
    const fault = this.faults.get(domain)?.shift();
    if (fault === 'throw') {
      this.log.push({ method, domain, status: 0, at: this.clock.now() });
      throw new TypeError('Failed to fetch');
    }
    if (this.outage !== undefined) {
      this.log.push({ method, domain, status: this.outage, at: this.clock.now() });
      return { status: this.outage, error: this.outage === 401 ? 'The access token is invalid' : 'Internal Server Error', rateLimit: this.headers() };
    }
    if (fault) {
      if (fault.isApplied) apply();
      this.log.push({ method, domain, status: fault.status, at: this.clock.now() });
      return { status: fault.status, error: fault.error, rateLimit: this.headers() };
    }
    const response = apply();
    this.log.push({ method, domain, status: response.status, at: this.clock.now() });
    return response;
  }

  create(domain: string): Promise<DomainBlockResponse> {
    return this.answer('POST', domain, () => {
      if (!VALID_DOMAIN.test(domain)) {
        return { status: 422, error: 'Validation failed: Domain is not a valid domain name', rateLimit: this.headers() };
      }
      if (!this.blocks.includes(domain)) this.blocks.push(domain);
      return { status: 200, rateLimit: this.headers() };
    });
  }

  remove(domain: string): Promise<DomainBlockResponse> {
    return this.answer('DELETE', domain, () => {
      this.blocks = this.blocks.filter((blocked) => blocked !== domain);
      return { status: 200, rateLimit: this.headers() };
    });
  }

  async listPage(cursor?: string): Promise<DomainBlockPage> {
    this.clock.advance(this.latencyMs);
    const throttled = this.admit();
    if (throttled) {
      this.log.push({ method: 'GET', status: 429, at: this.clock.now() });
      return { ...throttled, domains: [] };
    }
    if (this.outage !== undefined) {
      this.log.push({ method: 'GET', status: this.outage, at: this.clock.now() });
      return { status: this.outage, domains: [], rateLimit: this.headers() };
    }
    this.log.push({ method: 'GET', status: 200, at: this.clock.now() });
    const newestFirst = [...this.blocks].reverse();
    const offset = cursor === undefined ? 0 : Number(cursor);
    const domains = newestFirst.slice(offset, offset + 200);
    const next = offset + 200 < newestFirst.length ? String(offset + 200) : undefined;
    return { status: 200, domains, next, rateLimit: this.headers() };
  }
}

/** A journal in memory; `failOn` simulates the service worker dying at a given write. */
export class MemoryJournal implements JournalStore {
  readonly runs = new Map<string, ApplyRun>();
  readonly entries = new Map<string, JournalEntry>();
  writes = 0;
  failOn: ((entry: JournalEntry) => boolean) | undefined;

  async getRun(runId: string): Promise<ApplyRun | undefined> {
    const run = this.runs.get(runId);
    return run && structuredClone(run);
  }
  async putRun(run: ApplyRun): Promise<void> {
    this.runs.set(run.id, structuredClone(run));
  }
  async listEntries(runId: string): Promise<JournalEntry[]> {
    return [...this.entries.values()].filter((entry) => entry.runId === runId).sort((a, b) => a.seq - b.seq).map((entry) => structuredClone(entry));
  }
  async putEntry(entry: JournalEntry): Promise<void> {
    if (this.failOn?.(entry)) throw new Error('service worker stopped');
    this.writes += 1;
    this.entries.set(`${entry.runId}:${entry.seq}`, structuredClone(entry));
  }
  async putEntries(entries: readonly JournalEntry[]): Promise<void> {
    for (const entry of entries) await this.putEntry(entry);
  }
  states(runId: string): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const entry of this.entries.values()) if (entry.runId === runId) counts[entry.state] = (counts[entry.state] ?? 0) + 1;
    return counts;
  }
}
