import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { createRestAPIClient } from 'masto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { DesiredState, Provenance } from '../../utils/core/model.ts';
import { computePlan } from '../../utils/core/plan.ts';
import type { DomainBlockApi } from '../../utils/core/ports.ts';
import { createDomainBlockAdapter } from '../../utils/mastodon/domain-blocks.ts';
import { startFakeMastodon, type FakeMastodon } from '../fake-mastodon/index.ts';
import { badgeFor } from '../../utils/background/badge.ts';

const ACCOUNT = 'social.example/1';
const provenance: Provenance[] = [{ source: { kind: 'subscription', id: 'gf', name: 'Garden Fence' }, severity: 'suspend', labels: [] }];
const desiredOf = (domains: string[]): DesiredState => new Map(domains.map((domain) => [domain, { domain, action: 'block' as const, provenance }]));
const listDomains = (count: number) => Array.from({ length: count }, (_, i) => `spam-${String(i).padStart(3, '0')}.example.net`);

let mastodon: FakeMastodon | undefined;
type Runs = typeof import('../../utils/background/runs/index.ts');

beforeEach(async () => {
  fakeBrowser.reset();
  globalThis.indexedDB = new IDBFactory();
  vi.resetModules();
});
afterEach(async () => {
  await mastodon?.close();
  mastodon = undefined;
});

/** A fresh copy of the background's modules: what a restarted service worker has. */
async function loadRuns(): Promise<Runs> {
  vi.resetModules();
  return import('../../utils/background/runs/index.ts');
}

function adapterFor(server: FakeMastodon): DomainBlockApi {
  const client = createRestAPIClient({ url: server.url, accessToken: server.demoToken });
  return createDomainBlockAdapter(client, { host: new URL(server.url).host, apiVersion: 2 });
}

/** An adapter that a "stopped worker" abandons: after `kill()`, no call resolves any more. */
function killable(api: DomainBlockApi) {
  let isKilled = false;
  const never = new Promise<never>(() => undefined);
  const wrap =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (isKilled) return never;
      const answer = await call(...args);
      return isKilled ? never : answer;
    };
  return {
    api: { create: wrap(api.create), remove: wrap(api.remove), listPage: wrap(api.listPage) } satisfies DomainBlockApi,
    kill: () => {
      isKilled = true;
    },
  };
}

async function until<T>(read: () => Promise<T>, isDone: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await read();
    if (isDone(value)) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`Timed out; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const postsOf = (server: FakeMastodon) =>
  server.state.requests.filter((request) => request.method === 'POST' && request.path === '/api/v1/domain_blocks' && request.status === 200).length;

describe('runs against the local Mastodon', () => {
  it('applies a plan, records what Hedge added, and shows progress on the badge', async () => {
    mastodon = await startFakeMastodon({ seed: 'empty', windowMs: 1000, limitPerWindow: 40 });
    const server = mastodon;
    server.state.addDomainBlock('mine.example.org');
    const runs = await loadRuns();
    const changes: Array<number | null> = [];
    runs.registerRunListeners({ domainBlocksFor: async () => adapterFor(server), onChange: (p) => void changes.push(p?.done ?? null) });

    const domains = listDomains(90);
    const plan = computePlan({ desired: desiredOf(domains), serverBlocks: server.state.domainBlocks(), owned: [] });
    const runId = await runs.startRun(ACCOUNT, plan);
    expect(await fakeBrowser.alarms.get('hedge/resume-runs/watchdog')).toBeDefined();
    const [summary] = await until(() => runs.listRuns(ACCOUNT), (list) => list[0]?.status === 'done');
    expect(summary).toMatchObject({ runId, added: 90, removed: 0, failures: [], isUndoable: true });
    expect(new Set(server.state.domainBlocks())).toEqual(new Set([...domains, 'mine.example.org']));
    expect(postsOf(server)).toBe(90);
    expect(server.state.requests.filter((request) => request.status === 429)).toEqual([]);
    expect(changes.length).toBeGreaterThan(1);
    expect(await runs.getRunProgress(ACCOUNT)).toBeNull();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');

    // Unsubscribing: the next plan removes what Hedge added, never the user's own block.
    const { listOwnedBlocks } = await import('../../utils/db/owned-blocks.ts');
    const next = computePlan({ desired: new Map(), serverBlocks: server.state.domainBlocks(), owned: await listOwnedBlocks(ACCOUNT) });
    expect(next.remove).toHaveLength(90);
    await runs.startRun(ACCOUNT, next);
    await until(() => runs.listRuns(ACCOUNT), (list) => list[0]?.status === 'done');
    expect(server.state.domainBlocks()).toEqual(['mine.example.org']);
  });

  it('resumes after the service worker stops mid-run: nothing sent twice, the server ends equal to the plan', async () => {
    mastodon = await startFakeMastodon({ seed: 'empty', windowMs: 1000, limitPerWindow: 60 });
    const server = mastodon;
    server.state.addDomainBlock('mine.example.org');
    const domains = listDomains(150);
    const first = await loadRuns();
    const doomed = killable(adapterFor(server));
    first.registerRunListeners({ domainBlocksFor: async () => doomed.api });
    const plan = computePlan({ desired: desiredOf(domains), serverBlocks: server.state.domainBlocks(), owned: [] });
    await first.startRun(ACCOUNT, plan);
    await until(async () => postsOf(server), (posts) => posts >= 70);
    doomed.kill();

    // The browser starts a new worker; the watchdog alarm (or startup) continues the run.
    const second = await loadRuns();
    second.registerRunListeners({ domainBlocksFor: async () => adapterFor(server) });
    const [summary] = await until(() => second.listRuns(ACCOUNT), (list) => list[0]?.status === 'done');
    expect(summary?.added).toBe(150);
    expect(new Set(server.state.domainBlocks())).toEqual(new Set([...domains, 'mine.example.org']));
    expect(postsOf(server)).toBe(150);
    expect(server.state.requests.filter((request) => request.method === 'DELETE')).toEqual([]);
  });

  it('waits for the next window by alarm instead of sleeping, then continues', async () => {
    mastodon = await startFakeMastodon({ seed: 'empty', windowMs: 3000, limitPerWindow: 30 });
    const server = mastodon;
    const runs = await loadRuns();
    runs.registerRunListeners({ domainBlocksFor: async () => adapterFor(server), maxInlineWaitMs: 0 });
    const plan = computePlan({ desired: desiredOf(listDomains(40)), serverBlocks: [], owned: [] });
    const runId = await runs.startRun(ACCOUNT, plan);
    const progress = await until(() => runs.getRunProgress(ACCOUNT), (p) => p?.waitingUntil !== undefined);
    expect(progress?.done).toBeGreaterThan(0);
    // Each wait ends by the alarm. On a slow machine the 40 writes can span more than two windows,
    // so the alarm may be needed again: the run waits by alarm each time, never by sleeping.
    for (let waiting = progress; waiting?.waitingUntil !== undefined; ) {
      const alarm = await until(() => fakeBrowser.alarms.get('hedge/resume-runs'), (a) => a !== undefined);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, (waiting?.waitingUntil ?? 0) - Date.now())));
      await fakeBrowser.alarms.onAlarm.trigger(alarm as Parameters<typeof fakeBrowser.alarms.onAlarm.trigger>[0]);
      const doneBefore = waiting.done;
      waiting = await until(
        () => runs.getRunProgress(ACCOUNT),
        (p) => p === null || (p.waitingUntil !== undefined && p.done > doneBefore),
      );
    }
    const [summary] = await until(() => runs.listRuns(ACCOUNT), (list) => list[0]?.status === 'done');
    expect(summary).toMatchObject({ runId, added: 40 });
    expect(server.state.requests.filter((request) => request.status === 429)).toEqual([]);
  });

  it('pauses, resumes and cancels with a consistent record; undo removes what it added', async () => {
    mastodon = await startFakeMastodon({ seed: 'empty', windowMs: 1000, limitPerWindow: 20 });
    const server = mastodon;
    const runs = await loadRuns();
    runs.registerRunListeners({ domainBlocksFor: async () => adapterFor(server) });
    const plan = computePlan({ desired: desiredOf(listDomains(60)), serverBlocks: [], owned: [] });
    const runId = await runs.startRun(ACCOUNT, plan);
    await until(async () => postsOf(server), (posts) => posts >= 5);
    await runs.pauseRun(ACCOUNT);
    const paused = await runs.getRunProgress(ACCOUNT);
    expect(paused?.isPaused).toBe(true);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('II');
    const sentWhilePaused = postsOf(server);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(postsOf(server)).toBe(sentWhilePaused);
    await expect(runs.startRun(ACCOUNT, plan)).rejects.toThrow(/still applying an earlier change/);

    await runs.resumeRun(ACCOUNT);
    await until(async () => postsOf(server), (posts) => posts >= sentWhilePaused + 10);
    await runs.cancelRun(ACCOUNT, runId);
    const [summary] = await runs.listRuns(ACCOUNT);
    expect(summary?.status).toBe('cancelled');
    expect(summary?.added).toBe(server.state.domainBlocks().length);
    expect(summary?.added).toBe(postsOf(server));

    const undoId = await runs.undoRun(runId);
    const [undo] = await until(() => runs.listRuns(ACCOUNT), (list) => list[0]?.runId === undoId && list[0]?.status === 'done');
    expect(undo?.removed).toBe(summary?.added);
    expect(server.state.domainBlocks()).toEqual([]);
  });

  it('stops on 401 with nothing lost, stays stopped while signed out, and finishes after signing in again', async () => {
    mastodon = await startFakeMastodon({ seed: 'empty', windowMs: 1000, limitPerWindow: 300 });
    const server = mastodon;
    const runs = await loadRuns();
    const real = adapterFor(server);
    let calls = 0;
    // The token stops working after 10 blocks (revoked in Mastodon's settings).
    const revokedAfter10: DomainBlockApi = {
      ...real,
      create: async (domain) => (++calls > 10 ? { status: 401, error: 'The access token was revoked' } : real.create(domain)),
    };
    let api: DomainBlockApi | undefined = revokedAfter10;
    runs.registerRunListeners({ domainBlocksFor: async () => api });
    const domains = listDomains(30);
    await runs.startRun(ACCOUNT, computePlan({ desired: desiredOf(domains), serverBlocks: [], owned: [] }));
    const [stopped] = await until(() => runs.listRuns(ACCOUNT), (list) => list[0]?.status === 'stopped-unauthorized');
    expect(stopped?.added).toBe(10);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('!');

    api = undefined; // signed out by the server
    await runs.resumeRun(ACCOUNT);
    await until(() => runs.listRuns(ACCOUNT), (list) => list[0]?.status === 'stopped-unauthorized');

    api = real; // signed in again
    await runs.resumeRun(ACCOUNT);
    const [done] = await until(() => runs.listRuns(ACCOUNT), (list) => list[0]?.status === 'done');
    expect(done?.added).toBe(30);
    expect(postsOf(server)).toBe(30);
    expect(new Set(server.state.domainBlocks())).toEqual(new Set(domains));
  });

  it('saves the relationships a block cuts before the block is sent', async () => {
    mastodon = await startFakeMastodon({ seed: 'empty', windowMs: 1000, limitPerWindow: 300 });
    const server = mastodon;
    const runs = await loadRuns();
    const { listRelationshipSnapshots } = await import('../../utils/db/relationship-snapshots.ts');
    let snapshotsAtFirstBlock: number | undefined;
    const inner = adapterFor(server);
    runs.registerRunListeners({
      domainBlocksFor: async () => ({
        ...inner,
        create: async (domain: string) => {
          snapshotsAtFirstBlock ??= (await listRelationshipSnapshots(ACCOUNT)).length;
          return inner.create(domain);
        },
      }),
    });
    const alice = { acct: 'alice@cut.example.net', displayName: 'Alice', url: 'https://cut.example.net/@alice' };
    const plan = computePlan({
      desired: desiredOf(['cut.example.net', 'quiet.example.net']),
      serverBlocks: [],
      owned: [],
      relationships: new Map([['cut.example.net', { following: [alice], followers: [] }]]),
    });
    await runs.startRun(ACCOUNT, plan);
    await until(() => runs.listRuns(ACCOUNT), (list) => list[0]?.status === 'done');
    expect(snapshotsAtFirstBlock).toBe(1);
    const [snapshot] = await listRelationshipSnapshots(ACCOUNT);
    expect(snapshot).toMatchObject({ domain: 'cut.example.net', following: [alice], followers: [] });
  });
});

describe('badgeFor', () => {
  it.each([
    [null, undefined, ''],
    [{ runId: 'r', accountKey: 'a', done: 10, total: 1400, failed: 0, etaMs: 0, isPaused: false }, 'running', '1.4k'],
    [{ runId: 'r', accountKey: 'a', done: 10, total: 20, failed: 2, etaMs: 0, isPaused: false }, 'running', '8'],
    [{ runId: 'r', accountKey: 'a', done: 10, total: 20, failed: 0, etaMs: 0, isPaused: true }, 'paused', 'II'],
    [{ runId: 'r', accountKey: 'a', done: 10, total: 20, failed: 0, etaMs: 0, isPaused: false }, 'unauthorized', '!'],
  ] as const)('%j (%s) shows %j', async (progress, state, text) => {
    expect(badgeFor(progress, state).text).toBe(text);
  });
});
