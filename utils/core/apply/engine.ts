/**
 * The apply engine: sends a run's operations to the server, one at a time,
 * within the rate limit, writing each step to the journal first.
 *
 * Journal protocol, per operation:
 *   pending --(written before the request)--> sent --(answer)--> done | failed
 * A run interrupted anywhere (service worker stopped, browser closed, network
 * gone) resumes from the journal:
 * - `done`, `skipped`, `failed`, `cancelled` entries are final and never sent again;
 * - `sent` entries are the crash window: the request may or may not have reached
 *   the server. They are not re-sent blindly; the server's blocks are read
 *   (`GET /api/v1/domain_blocks`, 200 a page) and each one is marked `done` when
 *   the server shows its effect, else set back to `pending`.
 * - `pending` entries whose effect is already there are marked `skipped`: the
 *   same read starts every leg, the first included, because the user may have
 *   blocked or unblocked a domain since the plan was shown. A skipped add is
 *   not Hedge's block; a skipped remove drops Hedge's record of it.
 * - `pending` entries are sent in `seq` order.
 *
 * Answers: 2xx done; 422 (and other 4xx) failed with the server's message, not
 * retried; 401/403 stop the run as `unauthorized`; 429 waits for the reset and
 * sends again; 5xx and network failures are retried with exponential backoff,
 * then a 5xx fails the operation (several in a row interrupt the run) and a
 * network failure interrupts the run, to be resumed by an alarm.
 * Creating and removing a personal block are idempotent on Mastodon
 * (AccountDomainBlock find-or-create; DELETE always answers 200), so a retry
 * after an unclear answer does no harm.
 *
 * Pacing: a few requests in flight at once (lanes), each reserved against the
 * rate limiter before it leaves, so the window is spent as fast as the answers
 * come and never overspent; then every lane waits for the reset. A lane that
 * must stop (pause, cancel, 401, network, a long wait) stops the others after
 * their request in flight is recorded.
 *
 * Requests: one per operation, plus one read of the server's blocks at the
 * start of each leg (200 a page), plus retries of failed answers.
 */
import type { Clock, DomainBlockApi, DomainBlockResponse, JournalStore } from '../ports.ts';
import { RateLimiter } from '../rate-limit.ts';
import { cancelUnsent, settleByServer, summarizeRun } from './entries.ts';
import { describeFailure, toOperationError } from './failures.ts';
import { ApplyController, DEFAULT_CONCURRENCY, DEFAULT_RETRY_POLICY, type ApplyDeps, type ApplyResult, type RetryPolicy } from './options.ts';
import type { ApplyRun, JournalEntry } from './types.ts';

/** A request's final answer, or the reason this leg has to stop before it got one. */
type SendOutcome<T extends DomainBlockResponse> =
  | { kind: 'answer'; response: T }
  | { kind: 'stop'; state: 'waiting' | 'interrupted' | 'paused' | 'cancelled'; resumeAt?: number; reason?: string };

const FINAL_STATES = new Set(['done', 'skipped', 'failed', 'cancelled']);

/** Why a leg stops early. */
interface LegStop {
  state: 'waiting' | 'interrupted' | 'paused' | 'cancelled' | 'unauthorized';
  resumeAt?: number;
  reason?: string;
}

const STOP_RANK: Record<LegStop['state'], number> = { waiting: 0, paused: 1, interrupted: 2, unauthorized: 3, cancelled: 4 };

/**
 * Applies (or continues) a run until it is done, paused, cancelled, waiting
 * for the next window, interrupted or unauthorised. Safe to call on a run in
 * any state: finished runs are returned as they are.
 * @param runId - the run, already written to the journal with its entries.
 * @param deps - server, journal, clock and options.
 * @param controller - pause and cancel; a controller already cancelled cancels the run (after reconciling sent operations).
 */
export async function applyRun(runId: string, deps: ApplyDeps, controller = new ApplyController()): Promise<ApplyResult> {
  const leg = new ApplyLeg(deps, controller);
  return leg.run(runId);
}

class ApplyLeg {
  private readonly api: DomainBlockApi;
  private readonly journal: JournalStore;
  private readonly clock: Clock;
  private readonly retry: RetryPolicy;
  private limiter: RateLimiter | undefined;
  private requests = 0;
  private entries: JournalEntry[] = [];
  private meanLatencyMs = 0;
  private serverFailuresInARow = 0;
  /** Set by the first lane that must stop; the others finish their request and stop too. */
  private halt: LegStop | undefined;

  constructor(
    private readonly deps: ApplyDeps,
    private readonly controller: ApplyController,
  ) {
    this.api = deps.api;
    this.journal = deps.journal;
    this.clock = deps.clock;
    this.retry = { ...DEFAULT_RETRY_POLICY, ...deps.retry };
    this.limiter = deps.limiter;
  }

  async run(runId: string): Promise<ApplyResult> {
    const stored = await this.journal.getRun(runId);
    if (!stored) throw new Error(`No run ${runId} in the journal.`);
    let run: ApplyRun = stored;
    this.entries = await this.journal.listEntries(runId);
    this.limiter ??= run.rateLimit ? RateLimiter.fromSnapshot(run.rateLimit) : new RateLimiter();
    if (run.state === 'done' || run.state === 'cancelled') return this.result(run);

    // Every leg reads the server first: a `sent` entry is settled by what the server shows, and a
    // change the user made since the preview (a block by hand, an unblock elsewhere) is skipped
    // instead of sent, so that Hedge never records a block the user made as its own.
    const hasSent = this.entries.some((entry) => entry.state === 'sent');
    const hasPending = this.entries.some((entry) => entry.state === 'pending');
    if (hasSent || (hasPending && this.controller.request !== 'cancel')) {
      const stop = await this.reconcile();
      if (stop) return this.controller.request === 'cancel' ? this.cancel(run) : this.stop(run, stop);
    }
    if (this.controller.request === 'cancel') return this.cancel(run);

    run = await this.saveRun({ ...run, state: 'running', resumeAt: undefined, reason: undefined, rateLimit: undefined });
    // Lanes: up to `concurrency` requests in flight, each reserved against the
    // limiter before it leaves, so the window is never overspent; operations
    // are independent (a run names each domain once), so their order is free.
    const queue = this.entries.flatMap((entry, index) => (entry.state === 'pending' ? [index] : []));
    let next = 0;
    let fatal: { error: unknown } | undefined;
    const lane = async (): Promise<void> => {
      try {
        await work();
      } catch (error) {
        // The journal could not be written: stop the other lanes, let their requests land, then fail the leg.
        fatal ??= { error };
        this.haltWith({ state: 'interrupted' });
      }
    };
    const work = async (): Promise<void> => {
      while (!this.halt) {
        const request = this.requested();
        if (request) {
          this.haltWith({ state: request === 'cancel' ? 'cancelled' : 'paused' });
          return;
        }
        const index = queue[next];
        next += 1;
        if (index === undefined) return;
        const stop = await this.process(index);
        if (stop) this.haltWith(stop);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.deps.concurrency ?? DEFAULT_CONCURRENCY) }, lane));
    if (fatal) throw fatal.error;

    const halt = this.halt as LegStop | undefined;
    if (halt?.state === 'cancelled') return this.cancel(run);
    if (halt?.state === 'unauthorized') return this.stop(run, 'unauthorized', halt.reason);
    if (halt) return this.stop(run, { kind: 'stop', state: halt.state, resumeAt: halt.resumeAt, reason: halt.reason });
    run = await this.saveRun({ ...run, state: 'done' });
    return this.result(run);
  }

  /** Sends one operation and records its outcome; returns why the leg must stop, if it must. */
  private async process(index: number): Promise<LegStop | undefined> {
    const entry = this.entries[index];
    if (!entry) return undefined;
    const outcome = await this.send(
      () => (entry.kind === 'add' ? this.api.create(entry.domain) : this.api.remove(entry.domain)),
      (attempt) => this.updateEntry(index, { state: 'sent', attempts: attempt, sentAt: this.clock.now() }),
      (response) => (response.status === 0 ? Promise.resolve() : this.updateEntry(index, { state: 'pending' })),
    );
    if (outcome.kind === 'stop') return { state: outcome.state, resumeAt: outcome.resumeAt, reason: outcome.reason };
    const { response } = outcome;
    const status = response.status;
    if (status >= 200 && status < 300) {
      this.serverFailuresInARow = 0;
      await this.updateEntry(index, { state: 'done', finishedAt: this.clock.now(), error: undefined });
      return undefined;
    }
    if (status === 401 || status === 403) {
      // The request was refused, so nothing happened: the operation stays to do.
      await this.updateEntry(index, { state: 'pending' });
      return { state: 'unauthorized', reason: describeFailure(status, response.error) };
    }
    if (status === 0) {
      // No answer after every retry: whether it happened is unknown, so the entry stays
      // `sent` and the next leg reads the server's blocks before going on.
      return { state: 'interrupted', reason: describeFailure(0, response.error, response.isErrorPage), resumeAt: this.clock.now() + this.retry.maxDelayMs };
    }
    const error = toOperationError(status, response.error);
    await this.updateEntry(index, { state: 'failed', finishedAt: this.clock.now(), error });
    if (error.kind !== 'server') {
      this.serverFailuresInARow = 0;
      return undefined;
    }
    this.serverFailuresInARow += 1;
    if (this.serverFailuresInARow < this.retry.maxServerFailuresInARow) return undefined;
    return {
      state: 'interrupted',
      reason: `The server failed ${this.serverFailuresInARow} times in a row (${error.message}).`,
      resumeAt: this.clock.now() + this.retry.maxDelayMs,
    };
  }

  /** Keeps the strongest reason to stop: cancel, then sign-in, then network, then pause, then the rate-limit wait. */
  private haltWith(stop: LegStop): void {
    if (!this.halt || STOP_RANK[stop.state] > STOP_RANK[this.halt.state]) this.halt = stop;
  }

  /**
   * Reads the server's blocks and settles every `sent` entry by what it shows;
   * `pending` entries whose effect is already there become `skipped`.
   * Returns a stop when the read could not finish.
   */
  private async reconcile(): Promise<Extract<SendOutcome<DomainBlockResponse>, { kind: 'stop' }> | 'unauthorized' | undefined> {
    const blocked = new Set<string>();
    let cursor: string | undefined;
    do {
      const outcome = await this.send(() => this.api.listPage(cursor));
      if (outcome.kind === 'stop') return outcome;
      const page = outcome.response;
      if (page.status === 401 || page.status === 403) return 'unauthorized';
      if (page.status < 200 || page.status >= 300) {
        return {
          kind: 'stop',
          state: 'interrupted',
          reason: `Could not read your blocks before applying the changes: ${describeFailure(page.status, page.error, page.isErrorPage)}`,
          resumeAt: this.clock.now() + this.retry.maxDelayMs,
        };
      }
      for (const domain of page.domains) blocked.add(domain.toLowerCase());
      cursor = page.next;
    } while (cursor !== undefined);

    const settled = settleByServer(this.entries, blocked, this.clock.now());
    this.entries = settled.entries;
    if (settled.changed.length > 0) await this.journal.putEntries(settled.changed);
    return undefined;
  }

  /**
   * Sends one request within the rate limit; waits out 429s; retries 5xx and
   * network failures with backoff. Returns the final answer, or a stop.
   */
  private async send<T extends DomainBlockResponse>(
    call: () => Promise<T>,
    beforeSend?: (attempt: number) => Promise<void>,
    beforeRetry?: (response: T) => Promise<void>,
  ): Promise<SendOutcome<T>> {
    const limiter = this.requireLimiter();
    let attempt = 0;
    for (;;) {
      const wait = limiter.delayBeforeNext(this.clock.now());
      if (wait > 0) {
        if (this.deps.maxInlineWaitMs !== undefined && wait > this.deps.maxInlineWaitMs) {
          return { kind: 'stop', state: 'waiting', resumeAt: this.clock.now() + wait };
        }
        const stop = await this.sleep(wait);
        if (stop) return stop;
        continue;
      }
      if (this.halt) return { kind: 'stop', state: 'paused' };
      // Reserve the request in the window before anything awaits, so that other lanes see it.
      const sentAt = this.clock.now();
      limiter.noteSent(sentAt);
      attempt += 1;
      await beforeSend?.(attempt);
      const response = await callSafely(call);
      this.requests += 1;
      const answeredAt = this.clock.now();
      this.meanLatencyMs = this.requests === 1 ? answeredAt - sentAt : 0.9 * this.meanLatencyMs + 0.1 * (answeredAt - sentAt);
      limiter.noteAnswer(response.rateLimit, response.status, answeredAt, sentAt);

      if (response.status === 429) {
        // Another app spent the budget, or the clocks disagree: the limiter now waits for the reset.
        attempt -= 1;
        if (limiter.rateLimitedInARow >= this.retry.max429InARow) {
          return {
            kind: 'stop',
            state: 'interrupted',
            reason: 'The server keeps answering "Too many requests"; another app may be using the same account.',
            resumeAt: this.clock.now() + limiter.delayBeforeNext(this.clock.now()),
          };
        }
        await beforeRetry?.(response);
        continue;
      }
      const isRetryable = response.status === 0 || response.status >= 500;
      if (!isRetryable || attempt >= this.retry.maxAttempts) return { kind: 'answer', response };
      await beforeRetry?.(response);
      const backoff = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
      const stop = await this.sleep(backoff);
      if (stop) return stop;
    }
  }

  /** Sleeps unless the user pauses or cancels first. */
  private async sleep(ms: number): Promise<Extract<SendOutcome<DomainBlockResponse>, { kind: 'stop' }> | undefined> {
    if (this.controller.request) return { kind: 'stop', state: this.controller.request === 'cancel' ? 'cancelled' : 'paused' };
    try {
      await this.clock.sleep(ms, this.controller.signal);
      return undefined;
    } catch (error) {
      if (!this.controller.request) throw error;
      return { kind: 'stop', state: this.controller.request === 'cancel' ? 'cancelled' : 'paused' };
    }
  }

  private async stop(
    run: ApplyRun,
    stop: Extract<SendOutcome<DomainBlockResponse>, { kind: 'stop' }> | 'unauthorized',
    reason?: string,
  ): Promise<ApplyResult> {
    if (stop === 'unauthorized') {
      const saved = await this.saveRun({ ...run, state: 'unauthorized', reason: reason ?? describeFailure(401), resumeAt: undefined });
      return this.result(saved);
    }
    if (stop.state === 'cancelled') return this.cancel(run);
    const limiter = this.requireLimiter();
    const saved = await this.saveRun({
      ...run,
      state: stop.state,
      resumeAt: stop.resumeAt,
      reason: stop.reason,
      rateLimit: limiter.snapshot(this.clock.now()),
    });
    return this.result(saved);
  }

  /** Cancels every unsent operation (`cancelUnsent`) and the run. */
  private async cancel(run: ApplyRun): Promise<ApplyResult> {
    const cancelled = cancelUnsent(this.entries, this.clock.now());
    this.entries = cancelled.entries;
    if (cancelled.changed.length > 0) await this.journal.putEntries(cancelled.changed);
    const saved = await this.saveRun({ ...run, state: 'cancelled', resumeAt: undefined, reason: undefined });
    return this.result(saved);
  }

  private requested(): 'pause' | 'cancel' | undefined {
    return this.controller.request;
  }

  private async updateEntry(index: number, patch: Partial<JournalEntry>): Promise<void> {
    const current = this.entries[index];
    if (!current) throw new Error(`No journal entry at ${index}.`);
    const next: JournalEntry = { ...current, ...patch };
    await this.journal.putEntry(next);
    this.entries[index] = next;
    if (FINAL_STATES.has(next.state)) this.emit(undefined);
  }

  private async saveRun(run: ApplyRun): Promise<ApplyRun> {
    const saved: ApplyRun = { ...run, updatedAt: this.clock.now() };
    await this.journal.putRun(saved);
    this.emit(saved);
    return saved;
  }

  private currentRun: ApplyRun | undefined;

  private emit(run: ApplyRun | undefined): void {
    if (run) this.currentRun = run;
    if (!this.currentRun || !this.deps.onProgress) return;
    this.deps.onProgress(summarizeRun(this.currentRun, this.entries, this.etaMs()));
  }

  private etaMs(): number {
    const pending = this.entries.filter((entry) => entry.state === 'pending' || entry.state === 'sent').length;
    const now = this.clock.now();
    return this.requireLimiter().estimateMs(pending, now) + Math.round(pending * this.meanLatencyMs);
  }

  private result(run: ApplyRun): ApplyResult {
    return { run, progress: summarizeRun(run, this.entries, this.etaMs()), requests: this.requests };
  }

  private requireLimiter(): RateLimiter {
    this.limiter ??= new RateLimiter();
    return this.limiter;
  }
}

async function callSafely<T extends DomainBlockResponse>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    // An adapter that throws got no usable answer: treat it as the network failing.
    const message = error instanceof Error ? error.message : String(error);
    return { status: 0, error: message } as T;
  }
}
