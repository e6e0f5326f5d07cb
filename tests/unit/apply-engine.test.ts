import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyRun } from '../../utils/core/apply/engine.ts';
import { ApplyController, type ApplyDeps } from '../../utils/core/apply/options.ts';
import { createRun, type Operation } from '../../utils/core/apply/create-run.ts';
import type { RunProgress } from '../../utils/core/apply/types.ts';
import { estimateDurationMs } from '../../utils/core/rate-limit.ts';
import { FakeClock, FakeMastodonBlocks, MemoryJournal } from './helpers/apply-fakes.ts';

// A real Mastodon user export (tests/fixtures/lists/SOURCES.md): 175 domains.
const EXPORT = readFileSync(new URL('../fixtures/lists/oliphant-2022-12-user-export-blocked_domains.csv', import.meta.url), 'utf8')
  .split(/\r?\n/)
  .map((line) => line.trim())
  .filter(Boolean);
const SOURCE = { source: { kind: 'subscription' as const, id: 'oliphant', name: 'Oliphant' }, severity: 'suspend' as const, labels: [] };
const adds = (domains: string[]): Operation[] => domains.map((domain) => ({ kind: 'add', domain, provenance: [SOURCE] }));
/** N distinct valid domains: the export, then numbered ones. */
const manyDomains = (count: number): string[] =>
  Array.from({ length: count }, (_, i) => EXPORT[i] ?? `spam-${i}.example-list.net`);

const WINDOW = 2000;
const LIMIT = 300;

function setup(operations: Operation[], serverOptions: ConstructorParameters<typeof FakeMastodonBlocks>[1] = {}) {
  const clock = new FakeClock();
  const server = new FakeMastodonBlocks(clock, { windowMs: WINDOW, limit: LIMIT, latencyMs: 1, ...serverOptions });
  const journal = new MemoryJournal();
  const { run, entries } = createRun('run-1', 'example.social/1', operations, clock.now());
  journal.runs.set(run.id, run);
  for (const entry of entries) journal.entries.set(`${entry.runId}:${entry.seq}`, entry);
  const progress: RunProgress[] = [];
  // One request at a time unless a test says otherwise, so that counts at a given moment are exact.
  const deps: ApplyDeps = {
    api: server,
    journal,
    clock,
    concurrency: 1,
    onProgress: (p: RunProgress) => {
      progress.push(p);
    },
  };
  return { clock, server, journal, deps, progress };
}

function expectEachSentOnce(server: FakeMastodonBlocks, domains: string[]): void {
  for (const domain of domains) expect(server.sent('POST', domain), domain).toBe(1);
}

describe('apply engine: pacing', () => {
  it.each([100, 300, 301, 1000])('applies %i blocks with one request each and one read first, no 429, within 5%% of the limit', async (count) => {
    const domains = manyDomains(count);
    const { clock, server, journal, deps } = setup(adds(domains));
    const start = clock.now();
    const result = await applyRun('run-1', { ...deps, concurrency: undefined });
    expect(result.run.state).toBe('done');
    // The read of the server's blocks (one page: the server has none) and one request per block.
    expect(result.requests).toBe(count + 1);
    expect(server.log.filter((entry) => entry.method === 'GET')).toHaveLength(1);
    expect(server.count429).toBe(0);
    expect(new Set(server.blocks)).toEqual(new Set(domains));
    expectEachSentOnce(server, domains);
    expect(journal.states('run-1')).toEqual({ done: count });
    // The server allows a full window at once, then one window per further 300.
    const bound = estimateDurationMs(count + 1, LIMIT, WINDOW) + (count + 1) * 1;
    expect(clock.now() - start).toBeLessThanOrEqual(bound * 1.05 + 50);
  });

  it('waits for the reset when another app spent the budget, and recovers from its 429', async () => {
    const domains = manyDomains(50);
    const { server, deps } = setup(adds(domains));
    server.foreignSpend = LIMIT - 10;
    const result = await applyRun('run-1', deps);
    expect(result.run.state).toBe('done');
    expect(server.count429).toBeLessThanOrEqual(1);
    expectEachSentOnce(server, domains);
  });

  it('reports progress with an ETA from the rate limit that falls to zero', async () => {
    const { progress, deps } = setup(adds(manyDomains(700)));
    await applyRun('run-1', deps);
    const counted = progress.filter((p) => p.state === 'running');
    expect(counted.at(-1)).toMatchObject({ done: 700, total: 700, failed: 0, etaMs: 0 });
    const dones = counted.map((p) => p.done);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    const early = counted.find((p) => p.done === 10);
    expect(early?.etaMs).toBeGreaterThanOrEqual(2 * WINDOW - 100);
    expect(progress.at(-1)?.state).toBe('done');
  });

  it('stops to wait for the next window when told not to wait long in place, and continues later', async () => {
    const domains = manyDomains(450);
    const { clock, server, journal, deps } = setup(adds(domains));
    const first = await applyRun('run-1', { ...deps, maxInlineWaitMs: 100 });
    expect(first.run.state).toBe('waiting');
    // The window's first request was the read of the server's blocks.
    expect(first.progress.done).toBe(LIMIT - 1);
    expect(first.run.resumeAt).toBeGreaterThan(clock.now());
    clock.time = first.run.resumeAt ?? 0;
    const second = await applyRun('run-1', { ...deps, maxInlineWaitMs: 100 });
    expect(second.run.state).toBe('done');
    expect(server.count429).toBe(0);
    expectEachSentOnce(server, domains);
    expect(journal.states('run-1')).toEqual({ done: 450 });
  });
});

describe('apply engine: answers', () => {
  it('records a 422 with the server message and does not retry it', async () => {
    const { server, journal, deps } = setup(adds(['good.example.net', 'bad_domain.example', 'also-good.example.org']));
    const result = await applyRun('run-1', deps);
    expect(result.run.state).toBe('done');
    expect(result.progress).toMatchObject({ done: 2, failed: 1 });
    expect(server.log.filter((entry) => entry.domain === 'bad_domain.example')).toHaveLength(1);
    const failed = [...journal.entries.values()].find((entry) => entry.state === 'failed');
    expect(failed?.error).toMatchObject({ kind: 'invalid-domain', status: 422 });
    expect(failed?.error?.message).toContain('Domain is not a valid domain name');
  });

  it.each([
    ['a 503 then success', [{ status: 503 }], 'done', 3],
    ['a network error then success', ['throw' as const], 'done', 3],
    ['a 500 applied server-side then success', [{ status: 500, isApplied: true }], 'done', 3],
  ])('retries %s with backoff', async (_name, faults, state, requests) => {
    const { server, journal, deps } = setup(adds(['flaky.example.net']));
    server.faults.set('flaky.example.net', [...faults]);
    const result = await applyRun('run-1', deps);
    expect(result.run.state).toBe('done');
    expect(journal.states('run-1')).toEqual({ [state]: 1 });
    expect(server.log).toHaveLength(requests);
    expect(server.blocks).toEqual(['flaky.example.net']);
  });

  it('fails an operation after repeated 5xx and interrupts the run when the server keeps failing', async () => {
    const domains = manyDomains(6);
    const { server, journal, deps } = setup(adds(domains));
    // The server fails once the run has read its blocks.
    const result = await applyRun('run-1', { ...deps, onProgress: () => void (server.outage = 502) });
    expect(result.run.state).toBe('interrupted');
    expect(result.run.reason).toMatch(/failed 3 times in a row/);
    expect(journal.states('run-1')).toEqual({ failed: 3, pending: 3 });
    expect(server.log).toHaveLength(1 + 3 * 4);
  });

  it('stops on 401 without losing the operation, and finishes after signing in again', async () => {
    const domains = manyDomains(20);
    const { server, journal, deps, progress } = setup(adds(domains));
    deps.onProgress = (p) => {
      progress.push(p);
      if (p.done === 5) server.outage = 401;
    };
    const first = await applyRun('run-1', deps);
    expect(first.run.state).toBe('unauthorized');
    expect(first.run.reason).toMatch(/Sign in again/);
    expect(journal.states('run-1')).toEqual({ done: 5, pending: 15 });
    server.outage = undefined;
    deps.onProgress = () => undefined;
    const second = await applyRun('run-1', deps);
    expect(second.run.state).toBe('done');
    expectEachSentOnce(server, domains);
  });

  it('interrupts when the network stays down and settles the unclear operation by reading on resume', async () => {
    const domains = manyDomains(10);
    const { server, journal, deps } = setup(adds(domains));
    server.faults.set(domains[3] ?? '', ['throw', 'throw', 'throw', 'throw']);
    const first = await applyRun('run-1', deps);
    expect(first.run.state).toBe('interrupted');
    expect(first.run.reason).toMatch(/could not be reached/);
    expect(journal.states('run-1')).toEqual({ done: 3, sent: 1, pending: 6 });
    const second = await applyRun('run-1', deps);
    expect(second.run.state).toBe('done');
    // One read at the start of each leg.
    expect(server.log.filter((entry) => entry.method === 'GET')).toHaveLength(2);
    expectEachSentOnce(server, domains);
  });
});

describe('apply engine: resume after the service worker stops', () => {
  it.each([
    ['between "sent" and "done" (the server applied it)', 0],
    ['in the middle of a 1000-block run', 1],
  ])('never sends a finished operation twice: stopped %s', async (_name, variant) => {
    const count = variant === 0 ? 10 : 1000;
    const stopAt = variant === 0 ? 4 : 617;
    const domains = manyDomains(count);
    const { server, journal, deps } = setup(adds(domains));
    journal.failOn = (entry) => entry.seq === stopAt && entry.state === 'done';
    const concurrency = variant === 0 ? 1 : 4;
    await expect(applyRun('run-1', { ...deps, concurrency })).rejects.toThrow('service worker stopped');
    const states = journal.states('run-1');
    expect(states.sent).toBe(1);
    if (concurrency === 1) expect(states.done).toBe(stopAt);
    journal.failOn = undefined;
    const readsBefore = server.log.filter((entry) => entry.method === 'GET').length;
    const reads = Math.ceil(server.blocks.length / 200);

    const resumed = await applyRun('run-1', { ...deps, concurrency });
    expect(resumed.run.state).toBe('done');
    expectEachSentOnce(server, domains);
    // Reads: the blocks, 200 a page, once; then one request per operation left.
    expect(server.log.filter((entry) => entry.method === 'GET')).toHaveLength(readsBefore + reads);
    expect(resumed.requests).toBe(reads + (states.pending ?? 0));
    const reconciled = [...journal.entries.values()].filter((entry) => entry.isReconciled);
    expect(reconciled.map((entry) => entry.domain)).toEqual([domains[stopAt]]);
  });

  it('sends an operation left "sent" that never reached the server, once', async () => {
    const domains = manyDomains(5);
    const { server, journal, deps } = setup(adds(domains));
    const entry = journal.entries.get('run-1:2');
    if (!entry) throw new Error('fixture');
    journal.entries.set('run-1:2', { ...entry, state: 'sent', attempts: 1 });
    const result = await applyRun('run-1', deps);
    expect(result.run.state).toBe('done');
    expectEachSentOnce(server, domains);
  });

  it('a fresh run reads first: a block the user made since the plan and an unblock already done are skipped, not sent', async () => {
    const made = ['made-by-hand.example.net'];
    const operations: Operation[] = [
      ...adds(['new.example.net', ...made]),
      { kind: 'remove', domain: 'gone-already.example.org', provenance: [SOURCE] },
    ];
    const { server, journal, deps } = setup(operations, { blocks: made });
    const result = await applyRun('run-1', deps);
    expect(result.run.state).toBe('done');
    expect(journal.states('run-1')).toEqual({ done: 1, skipped: 2 });
    expect(server.log.map((entry) => `${entry.method} ${entry.domain ?? ''}`.trim())).toEqual(['GET', 'POST new.example.net']);
  });

  it('skips operations the server already reflects when it had to read anyway', async () => {
    const domains = manyDomains(5);
    const { server, journal, deps } = setup(adds(domains), { blocks: [domains[4] ?? ''] });
    const entry = journal.entries.get('run-1:0');
    if (!entry) throw new Error('fixture');
    journal.entries.set('run-1:0', { ...entry, state: 'sent', attempts: 1 });
    await applyRun('run-1', deps);
    expect(journal.states('run-1')).toEqual({ done: 4, skipped: 1 });
    expect(server.sent('POST', domains[4] ?? '')).toBe(0);
  });
});

describe('apply engine: pause and cancel', () => {
  it('pauses between requests and resumes without repeating anything', async () => {
    const domains = manyDomains(40);
    const { server, journal, deps } = setup(adds(domains));
    const controller = new ApplyController();
    const first = await applyRun('run-1', { ...deps, onProgress: (p) => p.done === 12 && controller.pause() }, controller);
    expect(first.run.state).toBe('paused');
    expect(journal.states('run-1')).toEqual({ done: 12, pending: 28 });
    const second = await applyRun('run-1', deps);
    expect(second.run.state).toBe('done');
    expectEachSentOnce(server, domains);
  });

  it('pauses during a wait for the next window', async () => {
    const { journal, deps } = setup(adds(manyDomains(320)));
    const controller = new ApplyController();
    const run = applyRun('run-1', { ...deps, onProgress: (p) => p.done === 300 && queueMicrotask(() => controller.pause()) }, controller);
    const result = await run;
    expect(result.run.state).toBe('paused');
    expect(journal.states('run-1')).toEqual({ done: 300, pending: 20 });
  });

  it('cancel leaves a consistent record: what ran is done, the rest cancelled', async () => {
    const domains = manyDomains(30);
    const { server, journal, deps } = setup(adds(domains));
    const controller = new ApplyController();
    const result = await applyRun('run-1', { ...deps, onProgress: (p) => p.done === 7 && controller.cancel() }, controller);
    expect(result.run.state).toBe('cancelled');
    expect(journal.states('run-1')).toEqual({ done: 7, cancelled: 23 });
    const done = [...journal.entries.values()].filter((entry) => entry.state === 'done').map((entry) => entry.domain);
    expect(new Set(server.blocks)).toEqual(new Set(done));
    // A cancelled run stays cancelled.
    const again = await applyRun('run-1', deps);
    expect(again.run.state).toBe('cancelled');
    expect(again.requests).toBe(0);
  });

  it('cancelling a run stopped with an unclear operation settles it by reading first', async () => {
    const domains = manyDomains(6);
    const { server, journal, deps } = setup(adds(domains));
    server.faults.set(domains[2] ?? '', [{ status: 0, isApplied: true }, 'throw', 'throw', 'throw']);
    await applyRun('run-1', deps);
    const controller = new ApplyController();
    controller.cancel();
    const result = await applyRun('run-1', deps, controller);
    expect(result.run.state).toBe('cancelled');
    expect(journal.states('run-1')).toEqual({ done: 3, cancelled: 3 });
  });
});

describe('apply engine: several requests in flight', () => {
  it.each([2, 4, 8])('with %i lanes, cancel and pause leave a record that matches the server', async (concurrency) => {
    const domains = manyDomains(200);
    const { server, journal, deps } = setup(adds(domains));
    const pauser = new ApplyController();
    const paused = await applyRun('run-1', { ...deps, concurrency, onProgress: (p) => p.done === 40 && pauser.pause() }, pauser);
    expect(paused.run.state).toBe('paused');
    const afterPause = journal.states('run-1');
    expect((afterPause.done ?? 0) + (afterPause.pending ?? 0)).toBe(200);
    const canceller = new ApplyController();
    const cancelled = await applyRun('run-1', { ...deps, concurrency, onProgress: (p) => p.done === 120 && canceller.cancel() }, canceller);
    expect(cancelled.run.state).toBe('cancelled');
    const entries = [...journal.entries.values()];
    expect(entries.every((entry) => entry.state === 'done' || entry.state === 'cancelled')).toBe(true);
    expect(new Set(server.blocks)).toEqual(new Set(entries.filter((entry) => entry.state === 'done').map((entry) => entry.domain)));
    expectEachSentOnce(server, server.blocks);
    expect(server.count429).toBe(0);
  });
});

describe('apply engine: removals', () => {
  it('removes blocks with DELETE and leaves other blocks alone', async () => {
    const { server, deps } = setup(
      [
        { kind: 'remove', domain: 'old.example.net', provenance: [SOURCE] },
        { kind: 'add', domain: 'new.example.net', provenance: [SOURCE] },
      ],
      { blocks: ['mine.example.org', 'old.example.net'] },
    );
    await applyRun('run-1', deps);
    expect(server.blocks.sort()).toEqual(['mine.example.org', 'new.example.net']);
  });
});
