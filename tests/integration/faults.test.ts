/**
 * The fault suite (issue 7, point 2): the background's real runs and apply engine, the IndexedDB
 * journal (fake-indexeddb) and the real masto.js adapter against the local fake Mastodon, under
 * every fault a user's day can bring. Each test ends with the same promises checked
 * (./run-invariants.ts).
 *
 * A stopped service worker is played by abandoning a copy of the background's modules: its
 * requests in flight never answer (Chrome kills the worker's fetches with it), its listeners are
 * gone, and a fresh copy of the modules (vi.resetModules) starts as Chrome's next worker does,
 * with nothing but storage and IndexedDB.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { createRestAPIClient } from 'masto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { JournalEntry } from '../../utils/core/apply/types';
import type { DesiredState, Provenance } from '../../utils/core/model';
import { computePlan, type DomainRelationships, type SyncPlan } from '../../utils/core/plan';
import type { DomainBlockApi } from '../../utils/core/ports';
import type { AccountView, HedgeState, Intent, PlanPreview, Reply, RunSummary } from '../../utils/protocol';
import { createDomainBlockAdapter } from '../../utils/mastodon/domain-blocks';
import { startFakeMastodon, type FakeMastodon, type FakeMastodonOptions } from '../fake-mastodon/index';
import { installFakeScripting, testEnvironment } from './oauth-helpers';
import { DOMAIN_BLOCKS_PATH, actedWrites, checkRunInvariants } from './run-invariants';

const ACCOUNT = 'social.example/1';
const MANUAL_BLOCKS = ['mine.example.org', 'crypto-scam.example.net'];
const provenance: Provenance[] = [{ source: { kind: 'subscription', id: 'faults', name: 'Fault list' }, severity: 'suspend', labels: [] }];
const alice = { acct: 'alice@fault-000.blocklist-fixture.net', displayName: 'Alice', url: 'https://fault-000.blocklist-fixture.net/@alice' };

type Runs = typeof import('../../utils/background/runs');
type Handlers = typeof import('../../utils/background/handlers');

let mastodon: FakeMastodon | undefined;

beforeEach(() => {
  fakeBrowser.reset();
  installFakeScripting();
  globalThis.indexedDB = new IDBFactory();
  vi.resetModules();
});
afterEach(async () => {
  await mastodon?.close();
  mastodon = undefined;
});

/** Names a list could carry (Hedge refuses example.net and other reserved names in lists). */
const domainsOf = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(3, '0')}.blocklist-fixture.net`);
const desiredOf = (domains: readonly string[]): DesiredState => new Map(domains.map((domain) => [domain, { domain, action: 'block' as const, provenance }]));
const never = new Promise<never>(() => undefined);

async function startServer(options: FakeMastodonOptions): Promise<FakeMastodon> {
  mastodon = await startFakeMastodon({ seed: 'empty', ...options });
  for (const domain of MANUAL_BLOCKS) mastodon.state.addDomainBlock(domain);
  return mastodon;
}

function adapterFor(server: FakeMastodon): DomainBlockApi {
  const client = createRestAPIClient({ url: server.url, accessToken: server.demoToken });
  return createDomainBlockAdapter(client, { host: new URL(server.url).host, apiVersion: 2 });
}

/** Where a worker is stopped: at its n-th request, before it leaves or once the server has answered it. */
interface StopPoint {
  request: number;
  moment: 'before-sending' | 'after-the-server-answered';
}

/**
 * One service worker's life. `api()` wraps an adapter so that, once the worker is stopped, nothing
 * it sends is answered any more; a stop point stops it by itself at that request.
 */
class WorkerLife {
  private isStopped = false;
  private calls = 0;
  private onStop: () => void = () => undefined;
  /** Settles when the worker has been stopped. */
  readonly stopped = new Promise<void>((resolve) => {
    this.onStop = resolve;
  });

  constructor(private readonly stopAt?: StopPoint) {}

  stop(): void {
    if (this.isStopped) return;
    this.isStopped = true;
    // Chrome drops a stopped worker's listeners with it.
    fakeBrowser.alarms.onAlarm.removeAllListeners();
    fakeBrowser.runtime.onStartup.removeAllListeners();
    this.onStop();
  }

  api(inner: DomainBlockApi): DomainBlockApi {
    const wrap =
      <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        if (this.isStopped) return never;
        this.calls += 1;
        const isLast = this.stopAt?.request === this.calls;
        if (isLast && this.stopAt?.moment === 'before-sending') {
          this.stop();
          return never;
        }
        const answer = await call(...args);
        if (isLast) this.stop();
        return this.isStopped ? never : answer;
      };
    return { create: wrap(inner.create), remove: wrap(inner.remove), listPage: wrap(inner.listPage) };
  }
}

/** Starts a worker on the demo token (the account key is the test's own). */
async function startWorker(server: FakeMastodon, stopAt?: StopPoint, options: { maxInlineWaitMs?: number } = {}): Promise<{ runs: Runs; life: WorkerLife }> {
  vi.resetModules();
  const runs = await import('../../utils/background/runs');
  const life = new WorkerLife(stopAt);
  const api = life.api(adapterFor(server));
  runs.registerRunListeners({ domainBlocksFor: async () => api, ...options });
  return { runs, life };
}

/** Lets an abandoned worker's last journal writes land, as they would before Chrome stops it. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

async function until<T>(read: () => Promise<T>, isDone: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await read();
    if (isDone(value)) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`Timed out; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const finished = (runs: Runs, accountKey = ACCOUNT) =>
  until(() => runs.listRuns(accountKey), (list) => list.length > 0 && list.every((run) => run.status !== 'running' && run.status !== 'paused'));

/** The journal and snapshots as the next worker would find them. */
async function records(runId: string): Promise<{ entries: JournalEntry[]; snapshots: Array<{ domain: string; takenAt: number }> }> {
  const { createIdbJournalStore } = await import('../../utils/db/journal-store');
  const { listRunSnapshots } = await import('../../utils/db/relationship-snapshots');
  return { entries: await createIdbJournalStore().listEntries(runId), snapshots: await listRunSnapshots(runId) };
}

/**
 * A plan of `adds` new blocks and `removes` unblocks of Hedge's own earlier blocks (already on the
 * server and recorded as Hedge's), some of whose blocks cut follows. Returns the plan and the
 * server's blocks it was made from.
 */
async function preparePlan(server: FakeMastodon, adds: number, removes = 0, accountKey = ACCOUNT) {
  const old = domainsOf('old', removes);
  for (const domain of old) server.state.addDomainBlock(domain);
  const { recordOwnedBlocks, listOwnedBlocks, listKeptUnblocked } = await import('../../utils/db/owned-blocks');
  await recordOwnedBlocks(accountKey, old.map((domain) => ({ domain, addedAt: Date.now(), runId: 'earlier', provenance })));
  const wanted = domainsOf('fault', adds);
  const cutting = wanted.slice(0, Math.min(3, adds));
  const relationships = new Map<string, DomainRelationships>(cutting.map((domain) => [domain, { following: [{ ...alice, acct: `alice@${domain}` }], followers: [] }]));
  const before = server.state.domainBlocks();
  const plan = computePlan({
    desired: desiredOf(wanted),
    serverBlocks: before,
    owned: await listOwnedBlocks(accountKey),
    keptUnblocked: await listKeptUnblocked(accountKey),
    relationships,
  });
  return { plan, before, cutting };
}

async function expectInvariants(
  server: FakeMastodon,
  runId: string,
  context: { plan: SyncPlan; before: string[]; cutting: string[]; changedByUser?: string[] },
): Promise<JournalEntry[]> {
  const { entries, snapshots } = await records(runId);
  const violations = checkRunInvariants({
    before: context.before,
    after: server.state.domainBlocks(),
    plan: { add: context.plan.add.map((change) => change.domain), remove: context.plan.remove.map((change) => change.domain) },
    manualBlocks: MANUAL_BLOCKS,
    entries,
    snapshots,
    cutting: context.cutting,
    requests: server.state.requests,
    changedByUser: context.changedByUser,
  });
  expect(violations).toEqual([]);
  return entries;
}

describe('the invariant checker', () => {
  it('reports each broken promise in words', () => {
    const post = (domain: string, at: number, status = 200) => ({ method: 'POST', path: DOMAIN_BLOCKS_PATH, query: '', status, at, domain });
    const violations = checkRunInvariants({
      before: ['mine.example'],
      after: ['a.example', 'extra.example'],
      plan: { add: ['a.example', 'b.example', 'c.example'], remove: [] },
      manualBlocks: ['mine.example'],
      entries: [
        { kind: 'add', domain: 'a.example', state: 'done' },
        { kind: 'add', domain: 'b.example', state: 'sent' },
        { kind: 'add', domain: 'c.example', state: 'failed' },
      ],
      snapshots: [{ domain: 'a.example', takenAt: 50 }],
      cutting: ['a.example', 'b.example'],
      requests: [post('a.example', 40), post('a.example', 60), post('b.example', 70, 429), { ...post('mine.example', 80), method: 'DELETE' }],
    });
    expect(violations).toEqual([
      'mine.example should be blocked on the server but is not',
      'b.example should be blocked on the server but is not',
      'c.example should be blocked on the server but is not',
      'extra.example is blocked on the server but the plan did not ask for it',
      'the manual block mine.example is gone',
      'the manual block mine.example was written to 1 time(s)',
      'add b.example was left sent',
      'add c.example failed without a reason',
      'a.example was blocked at 40, before its relationships were saved at 50',
      'no relationships were saved before blocking b.example',
      'POST a.example reached the server 2 times',
    ]);
  });
});

describe('faults from the network and the server', () => {
  it.each([
    ['a 429 storm (another app spends the budget)', { kind: '429-storm', count: 6, afterRequests: 15 }],
    ['a burst of 503s', { kind: '5xx', count: 6, afterRequests: 10 }],
    ['a burst of 502s from a proxy', { kind: '5xx', status: 502, rate: 0.3, count: 8 }],
    // The proxy's own HTML error page: masto.js cannot read it as Mastodon's JSON (tests/fake-mastodon/faults.ts).
    ['HTML 502 pages from the proxy in front of Mastodon', { kind: 'html-5xx', count: 6, afterRequests: 10 }],
    ['HTML 503 and 504 pages now and then', { kind: 'html-5xx', status: 503, rate: 0.25, count: 10 }],
    ['dropped connections', { kind: 'drop', count: 5, afterRequests: 12 }],
    ['slow answers', { kind: 'slow', delayMs: 1200, count: 8, afterRequests: 5 }],
  ] as const)('%s: the run finishes with nothing lost or doubled', async (_name, fault) => {
    const server = await startServer({ windowMs: 1000, limitPerWindow: 60 });
    const { plan, before, cutting } = await preparePlan(server, 50, 3);
    const { runs } = await startWorker(server);
    server.faults.set({ ...fault, match: DOMAIN_BLOCKS_PATH });
    const runId = await runs.startRun(ACCOUNT, plan);
    const [summary] = await finished(runs);
    server.faults.clear();
    expect(summary).toMatchObject({ runId, status: 'done', added: 50, removed: 3, failures: [] });
    await expectInvariants(server, runId, { plan, before, cutting });
  });

  it('a 5xx that never ends for some operations: they fail with the server’s words, the rest is applied', async () => {
    const server = await startServer({ windowMs: 1000, limitPerWindow: 300 });
    const { plan, before, cutting } = await preparePlan(server, 12);
    const { runs } = await startWorker(server);
    // After the run's read of the server's blocks, every attempt of the first two operations fails
    // (4 attempts each); lanes 3 to 6 are untouched.
    server.faults.set({ kind: '5xx', status: 500, count: 8, afterRequests: 1, match: DOMAIN_BLOCKS_PATH });
    const runId = await runs.startRun(ACCOUNT, plan);
    const [summary] = await finished(runs);
    expect(summary?.status).toBe('done');
    expect(summary?.added).toBe(12 - (summary?.failures.length ?? 0));
    for (const failure of summary?.failures ?? []) expect(failure.message).toMatch(/Your server answered with an error 500/);
    await expectInvariants(server, runId, { plan, before, cutting });
  });

  it('HTML error pages on ten requests in a row: retried, the unclear ones settled by reading the server, the run ends as planned', async () => {
    const server = await startServer({ windowMs: 1000, limitPerWindow: 300 });
    const { plan, before, cutting } = await preparePlan(server, 12);
    const { runs } = await startWorker(server);
    // Every attempt of the first operations meets the proxy's page: masto.js cannot read it, so
    // Hedge does not know whether the block happened and reads the server before going on.
    server.faults.set({ kind: 'html-5xx', status: 502, count: 10, afterRequests: 1, match: DOMAIN_BLOCKS_PATH });
    const runId = await runs.startRun(ACCOUNT, plan);
    const [summary] = await finished(runs, ACCOUNT);
    expect(summary).toMatchObject({ runId, status: 'done', added: 12, failures: [] });
    const pages = server.state.requests.filter((request) => request.status === 502);
    expect(pages).toHaveLength(10);
    const entries = await expectInvariants(server, runId, { plan, before, cutting });
    expect(entries.some((entry) => entry.attempts > 1)).toBe(true);
  }, 60_000);
});

describe('the service worker stopped mid-run', () => {
  const points: StopPoint[] = [1, 2, 3, 5, 8, 13, 21, 34, 60, 61].flatMap((request) => [
    { request, moment: 'before-sending' as const },
    { request, moment: 'after-the-server-answered' as const },
  ]);

  it.each(points)('at request $request, $moment: the next worker finishes the run', async (stopAt) => {
    const server = await startServer({ windowMs: 1000, limitPerWindow: 60 });
    const { plan, before, cutting } = await preparePlan(server, 80, 4);
    const first = await startWorker(server, stopAt);
    const runId = await first.runs.startRun(ACCOUNT, plan);
    await first.life.stopped;
    await settle();
    const { entries: left } = await records(runId);
    expect(left.some((entry) => entry.state === 'pending' || entry.state === 'sent')).toBe(true);

    const second = await startWorker(server);
    const [summary] = await finished(second.runs);
    expect(summary).toMatchObject({ runId, status: 'done', added: 80, removed: 4, failures: [] });
    const entries = await expectInvariants(server, runId, { plan, before, cutting });
    // An operation whose answer the stopped worker never read was proved by reading the server, not sent again.
    // (The first request of a run is its read of the server's blocks, which leaves nothing unclear.)
    if (stopAt.moment === 'after-the-server-answered' && stopAt.request > 1) expect(entries.some((entry) => entry.isReconciled)).toBe(true);
    expect(await second.runs.getRunProgress(ACCOUNT)).toBeNull();
  });

  it('woken by the watchdog alarm: the worker’s start and the alarm continue the run once, not twice', async () => {
    const server = await startServer({ windowMs: 1000, limitPerWindow: 60 });
    const { plan, before, cutting } = await preparePlan(server, 80, 4);
    const first = await startWorker(server, { request: 10, moment: 'before-sending' });
    const runId = await first.runs.startRun(ACCOUNT, plan);
    await first.life.stopped;
    await settle();
    const alarm = await fakeBrowser.alarms.get('hedge/resume-runs/watchdog');
    expect(alarm).toBeDefined();
    // Chrome starts the worker for the alarm: its top-level code runs, then the alarm is delivered.
    const second = await startWorker(server);
    await fakeBrowser.alarms.onAlarm.trigger(alarm as Parameters<typeof fakeBrowser.alarms.onAlarm.trigger>[0]);
    await fakeBrowser.runtime.onStartup.trigger();
    const [summary] = await finished(second.runs);
    expect(summary).toMatchObject({ runId, status: 'done', added: 80, removed: 4 });
    await expectInvariants(server, runId, { plan, before, cutting });
  });

  it('stopped while waiting for the next window (the common case: Chrome stops idle workers): the reset alarm continues it', async () => {
    const server = await startServer({ windowMs: 2000, limitPerWindow: 30 });
    const { plan, before, cutting } = await preparePlan(server, 45);
    // Every wait for the window ends the leg and sets an alarm, as waits longer than 20 s do on Mastodon.
    const first = await startWorker(server, undefined, { maxInlineWaitMs: 0 });
    const runId = await first.runs.startRun(ACCOUNT, plan);
    const waiting = await until(() => first.runs.getRunProgress(ACCOUNT), (progress) => progress?.waitingUntil !== undefined);
    first.life.stop();
    await settle();

    const second = await startWorker(server, undefined, { maxInlineWaitMs: 0 });
    // The new worker's start finds the run waiting for its window: it does not send before the reset.
    const sentBefore = server.state.requests.length;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, (waiting?.waitingUntil ?? 0) - Date.now())));
    const windowOpened = server.state.requests.filter((request, index) => index >= sentBefore && request.at < (waiting?.waitingUntil ?? 0));
    expect(windowOpened).toEqual([]);
    const alarm = await fakeBrowser.alarms.get('hedge/resume-runs');
    expect(alarm?.scheduledTime).toBeGreaterThanOrEqual(waiting?.waitingUntil ?? 0);
    await fakeBrowser.alarms.onAlarm.trigger(alarm as Parameters<typeof fakeBrowser.alarms.onAlarm.trigger>[0]);
    // On a slow machine the writes can span one more window: that wait, too, ends by the alarm.
    for (let lastWait = waiting?.waitingUntil ?? 0; ; ) {
      const next = await until(
        () => second.runs.getRunProgress(ACCOUNT),
        (progress) => progress === null || (progress.waitingUntil !== undefined && progress.waitingUntil > lastWait),
      );
      if (next?.waitingUntil === undefined) break;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, (next.waitingUntil ?? 0) - Date.now())));
      const again = await fakeBrowser.alarms.get('hedge/resume-runs');
      await fakeBrowser.alarms.onAlarm.trigger(again as Parameters<typeof fakeBrowser.alarms.onAlarm.trigger>[0]);
      lastWait = next.waitingUntil;
    }
    const [summary] = await finished(second.runs);
    expect(summary).toMatchObject({ runId, status: 'done', added: 45 });
    await expectInvariants(server, runId, { plan, before, cutting });
    expect(server.state.requests.filter((request) => request.status === 429)).toEqual([]);
  });

  it('stopped again and again, also during the read that settles the last stop', async () => {
    const server = await startServer({ windowMs: 1000, limitPerWindow: 60 });
    const { plan, before, cutting } = await preparePlan(server, 80, 4);
    const stops: StopPoint[] = [
      { request: 9, moment: 'after-the-server-answered' },
      { request: 1, moment: 'after-the-server-answered' }, // the reconciling read
      { request: 1, moment: 'before-sending' },
      { request: 20, moment: 'before-sending' },
      { request: 7, moment: 'after-the-server-answered' },
    ];
    let runId: string | undefined;
    for (const stopAt of stops) {
      const worker = await startWorker(server, stopAt);
      runId ??= await worker.runs.startRun(ACCOUNT, plan);
      await worker.life.stopped;
      await settle();
    }
    const last = await startWorker(server);
    const [summary] = await finished(last.runs);
    expect(summary).toMatchObject({ runId, status: 'done', added: 80, removed: 4 });
    await expectInvariants(server, runId ?? '', { plan, before, cutting });
    const reads = server.state.requests.filter((request) => request.method === 'GET' && request.path === DOMAIN_BLOCKS_PATH);
    expect(reads.length).toBeLessThanOrEqual(stops.length);
  });
});

describe('the user during a run', () => {
  it('unblocking a Hedge domain on the web mid-run: not re-added, and a conflict in the next plan', async () => {
    const server = await startServer({ windowMs: 1000, limitPerWindow: 40 });
    const { plan, before, cutting } = await preparePlan(server, 70);
    const first = await startWorker(server, { request: 45, moment: 'after-the-server-answered' });
    const runId = await first.runs.startRun(ACCOUNT, plan);
    const posted = () => [...actedWrites(server.state.requests).keys()].filter((key) => key.startsWith('POST ')).map((key) => key.slice(5));
    const early = await until(async () => posted(), (domains) => domains.length >= 10);
    const unblocked = early.slice(0, 3);
    // In Mastodon's web UI: Preferences › Blocked domains › Unblock.
    for (const domain of unblocked) server.state.removeDomainBlock(domain);
    // And the worker stops before the run ends: the resumed run must not put them back either.
    await first.life.stopped;
    await settle();
    const second = await startWorker(server);
    const [summary] = await finished(second.runs);
    expect(summary?.status).toBe('done');
    for (const domain of unblocked) expect(server.state.domainBlocks()).not.toContain(domain);
    await expectInvariants(server, runId, { plan, before, cutting, changedByUser: unblocked });

    const { listOwnedBlocks, listKeptUnblocked } = await import('../../utils/db/owned-blocks');
    const next = computePlan({
      desired: desiredOf(domainsOf('fault', 70)),
      serverBlocks: server.state.domainBlocks(),
      owned: await listOwnedBlocks(ACCOUNT),
      keptUnblocked: await listKeptUnblocked(ACCOUNT),
    });
    expect(next.add).toEqual([]);
    expect(next.conflicts.map((conflict) => [conflict.domain, conflict.kind])).toEqual(unblocked.sort().map((domain) => [domain, 'unblocked-by-you']));
  });
});

/** A background with a signed-in account, answering intents as the pages send them. */
async function signedInBackground(server: FakeMastodon) {
  vi.resetModules();
  const handlers: Handlers = await import('../../utils/background/handlers');
  const runs: Runs = await import('../../utils/background/runs');
  const { getAccount } = await import('../../utils/db/accounts');
  const { accountRunEnvironment } = await import('../../utils/background/run-environment');
  // As utils/background/setup.ts wires the account's blocks; these runs read no relationships.
  runs.registerRunListeners({ domainBlocksFor: accountRunEnvironment().domainBlocksFor });
  const env = testEnvironment();
  const send = async <T>(intent: Intent): Promise<Reply<T>> =>
    JSON.parse(
      JSON.stringify(await handlers.handleIntent(intent, { env, sender: { isContentScript: false }, onStateChanged: async () => undefined })),
    ) as Reply<T>;
  const value = async <T>(intent: Intent): Promise<T> => {
    const reply = await send<T>(intent);
    if (!reply.ok) throw new Error(`${intent.type} failed: ${reply.error.kind}: ${reply.error.message}`);
    return reply.value;
  };
  const account = await value<AccountView>({ type: 'hedge/sign-in', instance: server.url });
  return { send, value, account, runs, getAccount };
}

async function alwaysBlock(background: Awaited<ReturnType<typeof signedInBackground>>, domains: readonly string[]): Promise<void> {
  for (const domain of domains) await background.value({ type: 'hedge/manual-entry', domain, list: 'always-block', action: 'add' });
}

describe('sign-in and windows', () => {
  it('a token revoked mid-run: the run stops, the account is signed out by the server, nothing is lost; signing in again finishes it', async () => {
    const server = await startServer({ windowMs: 1000, limitPerWindow: 300, autoApprove: true });
    const background = await signedInBackground(server);
    const wanted = domainsOf('fault', 60);
    await alwaysBlock(background, wanted);
    const before = server.state.domainBlocks();
    const preview = await background.value<PlanPreview>({ type: 'hedge/preview' });
    expect(preview.operationCount).toBe(60);
    // The user revokes Hedge under Preferences › Account › Authorized apps after 20 blocks.
    server.faults.set({ kind: 'revoke-token', match: DOMAIN_BLOCKS_PATH, afterRequests: 20 });
    const { runId } = await background.value<{ runId: string }>({ type: 'hedge/confirm-plan', planId: preview.planId, excludeDomains: [] });
    const [stopped] = await finished(background.runs, background.account.key);
    expect(stopped).toMatchObject({ runId, status: 'stopped-unauthorized' });
    expect((await background.getAccount(background.account.key))?.status).toBe('signed-out-by-server');
    const { entries } = await records(runId);
    const done = entries.filter((entry) => entry.state === 'done').map((entry) => entry.domain);
    expect(new Set(done)).toEqual(new Set(server.state.domainBlocks().filter((domain) => !before.includes(domain))));
    expect(entries.filter((entry) => entry.state !== 'done').every((entry) => entry.state === 'pending')).toBe(true);
    const refused = await background.send({ type: 'hedge/preview' });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'unauthorized', message: expect.stringMatching(/Sign in again; nothing queued is lost/) } });

    server.faults.clear();
    await background.value({ type: 'hedge/sign-in', instance: server.url });
    const [summary] = await finished(background.runs, background.account.key);
    expect(summary).toMatchObject({ runId, status: 'done', added: 60, failures: [] });
    const plan = { add: wanted.map((domain) => ({ domain })), remove: [] } as unknown as SyncPlan;
    await expectInvariants(server, runId, { plan, before, cutting: [] });
  });

  it('two windows confirm at once: one run, the other is told Hedge is busy and changes nothing', async () => {
    const server = await startServer({ windowMs: 1000, limitPerWindow: 300, autoApprove: true });
    const background = await signedInBackground(server);
    const wanted = domainsOf('fault', 30);
    await alwaysBlock(background, wanted);
    const before = server.state.domainBlocks();
    // The options page shows the preview; the popup switches Threads on. Both are confirmed at once.
    const [preview, threads] = await Promise.all([
      background.value<PlanPreview>({ type: 'hedge/preview' }),
      background.value<PlanPreview>({ type: 'hedge/set-preset', presetId: 'threads', enabled: true }),
    ]);
    const replies = await Promise.all(
      [preview, threads].map((plan) => background.send<{ runId: string }>({ type: 'hedge/confirm-plan', planId: plan.planId, excludeDomains: [] })),
    );
    const accepted = replies.flatMap((reply, index) => (reply.ok ? [{ runId: reply.value.runId, plan: [preview, threads][index] }] : []));
    expect(accepted).toHaveLength(1);
    expect(replies.filter((reply) => !reply.ok)).toEqual([
      { ok: false, error: { kind: 'busy', message: expect.stringMatching(/still applying an earlier change/) } },
    ]);
    const summaries = await finished(background.runs, background.account.key);
    expect(summaries.map((run: RunSummary) => [run.runId, run.status])).toEqual([[accepted[0]?.runId, 'done']]);

    const winner = accepted[0]?.plan;
    const plan = { add: winner?.add.map((change) => ({ domain: change.domain })) ?? [], remove: [] } as unknown as SyncPlan;
    await expectInvariants(server, accepted[0]?.runId ?? '', { plan, before, cutting: [] });
    // Threads is switched on only if its plan is the one that runs.
    const state = await background.value<HedgeState>({ type: 'hedge/get-state' });
    expect(state.presets.find((preset) => preset.id === 'threads')?.isEnabled).toBe(winner === threads);
  });
});
