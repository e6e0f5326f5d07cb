/**
 * Mastodon's background jobs as the fake plays them: Sidekiq runs a job moments after the
 * request that queued it has been answered (`perform_async`), so a client that reads right after
 * its write can still see the state from before the job. Jobs run in the order they were queued,
 * `delayMs` after it; with 0 they run at once, before the answer leaves.
 */
export class JobQueue {
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private waiters: Array<() => void> = [];

  constructor(private readonly delayMs: number) {
    if (!(delayMs >= 0)) throw new Error('The delay of background jobs must be 0 or more milliseconds.');
  }

  /** Queues `job`; its failure is logged as Sidekiq would, and does not reach the request. */
  enqueue(name: string, job: () => void): void {
    if (this.delayMs === 0) {
      this.perform(name, job);
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.perform(name, job);
      if (this.timers.size === 0) this.release();
    }, this.delayMs);
    this.timers.add(timer);
  }

  /** Resolves once every queued job has run. */
  idle(): Promise<void> {
    if (this.timers.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Drops the jobs not run yet (the server is stopping). */
  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.release();
  }

  private perform(name: string, job: () => void): void {
    try {
      job();
    } catch (error) {
      console.error(`fake-mastodon: job ${name} failed`, error);
    }
  }

  private release(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
