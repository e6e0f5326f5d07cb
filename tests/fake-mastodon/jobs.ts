/**
 * Mastodon's background jobs as the fake plays them: Sidekiq runs a job moments after the
 * request that queued it has been answered (`perform_async`), so a client that reads right after
 * its write can still see the state from before the job. Jobs run in the order they were queued,
 * `delayMs` after it; with 0 they run at once, before the answer leaves. One timer serves the
 * whole queue, so a test that queues 20,000 blocks does not set 20,000 timers.
 */
export class JobQueue {
  private queue: Array<{ name: string; dueAt: number; job: () => void }> = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private waiters: Array<() => void> = [];

  constructor(private readonly delayMs: number) {
    if (!(delayMs >= 0)) throw new Error('The delay of background jobs must be 0 or more milliseconds.');
  }

  /** Queues `job`; its failure is logged as Sidekiq would, and does not reach the request. */
  enqueue(name: string, job: () => void): void {
    if (this.delayMs === 0) {
      perform(name, job);
      return;
    }
    this.queue.push({ name, dueAt: Date.now() + this.delayMs, job });
    this.arm();
  }

  /** Resolves once every queued job has run. */
  idle(): Promise<void> {
    if (this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Drops the jobs not run yet (the server is stopping). */
  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.queue = [];
    this.release();
  }

  private arm(): void {
    const next = this.queue[0];
    if (this.timer !== undefined || !next) return;
    this.timer = setTimeout(() => this.runDue(), Math.max(0, next.dueAt - Date.now()));
  }

  private runDue(): void {
    this.timer = undefined;
    const now = Date.now();
    while (this.queue[0] && this.queue[0].dueAt <= now) {
      const { name, job } = this.queue.shift() as { name: string; job: () => void };
      perform(name, job);
    }
    if (this.queue.length === 0) this.release();
    else this.arm();
  }

  private release(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}

function perform(name: string, job: () => void): void {
  try {
    job();
  } catch (error) {
    console.error(`fake-mastodon: job ${name} failed`, error);
  }
}
