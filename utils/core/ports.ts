/**
 * Ports: the small interfaces through which side effects reach the pure core.
 * Adapters in utils/mastodon, utils/db and the background implement them.
 */
import type { ApplyRun, JournalEntry } from './apply/types.ts';
import type { RateLimitHeaders } from './rate-limit.ts';

// ---------------------------------------------------------------------------
// Apply engine: personal domain blocks, the journal, the clock.
// ---------------------------------------------------------------------------

/**
 * The answer to one request about personal domain blocks.
 * Adapters do not throw for HTTP failures: they report the status.
 * A request that got no answer at all (offline, DNS, reset) has `status: 0`.
 * An adapter that throws anyway is treated as a network failure.
 */
export interface DomainBlockResponse {
  status: number;
  /** The server's `error` text (`{"error":"Validation failed: ..."}`) or the network error's message. */
  error?: string;
  /**
   * With `status: 0`: something answered, but with an HTML error page (a proxy in front of Mastodon
   * while it is down or busy) whose status the client lost. Whether the request took effect is as
   * unknown as with no answer at all.
   */
  isErrorPage?: boolean;
  rateLimit?: RateLimitHeaders;
}

/** One page of `GET /api/v1/domain_blocks?limit=200`. */
export interface DomainBlockPage extends DomainBlockResponse {
  domains: string[];
  /** Opaque cursor for the next page (from the `Link` header), absent on the last page. */
  next?: string;
}

/**
 * The user's personal domain blocks on their server
 * (app/controllers/api/v1/domain_blocks_controller.rb). Domains are sent as given:
 * callers pass lowercase punycode.
 */
export interface DomainBlockApi {
  /** `POST /api/v1/domain_blocks` with `domain`. 200 `{}` on success, 422 when invalid. */
  create(domain: string): Promise<DomainBlockResponse>;
  /** `DELETE /api/v1/domain_blocks` with `domain`. Always 200 `{}` when authorised. */
  remove(domain: string): Promise<DomainBlockResponse>;
  /** One page of the current blocks; pass the previous page's `next` to continue. */
  listPage(cursor?: string): Promise<DomainBlockPage>;
}

/** Where runs and their operations are kept, written before anything is sent. */
export interface JournalStore {
  getRun(runId: string): Promise<ApplyRun | undefined>;
  putRun(run: ApplyRun): Promise<void>;
  /** Every operation of the run, in `seq` order. */
  listEntries(runId: string): Promise<JournalEntry[]>;
  /** Writes one operation; it must be durable when the promise resolves. */
  putEntry(entry: JournalEntry): Promise<void>;
  /** Writes several operations in one durable step. */
  putEntries(entries: readonly JournalEntry[]): Promise<void>;
}

/** Time, injectable so tests and benches control it. */
export interface Clock {
  /** Epoch ms. */
  now(): number;
  /** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

// ---------------------------------------------------------------------------
// List engine: FIRES.
// ---------------------------------------------------------------------------

/**
 * HTTP for the FIRES consumer (utils/core/fires/consumer.ts): one GET with
 * `Accept: application/ld+json, application/json`, the parsed JSON body back.
 * Rejects with an `Error` whose message a user can read for a network failure
 * or a status other than 2xx.
 */
export interface FiresHttp {
  getJson(url: string): Promise<unknown>;
}
