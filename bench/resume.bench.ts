/**
 * A run whose service worker is stopped five times (issue 7, `resume_after_kill_extra_requests`):
 * the background's real runs module, the IndexedDB journal (fake-indexeddb) and the masto.js
 * adapter against the local Mastodon with compressed windows (300 requests per 2 s).
 *
 * A stopped worker is a copy of the runs modules (utils/background/runs/) abandoned mid-run: its
 * requests in flight never answer and its listeners are gone. The next worker is a fresh copy of
 * those modules (imported again under another URL), which finds the run in IndexedDB and continues
 * it, as Chrome's next worker does.
 * The stops fall before a request leaves and after the server has answered one the worker never
 * read, the two sides of the journal's crash window.
 *
 * Figures: writes that reached the server beyond one per operation (target 0), operations that
 * reached it twice (target 0), and the reads the resumed legs needed to settle what was in flight.
 */
import './fake-extension-context';
import { register } from 'node:module';
import { createRestAPIClient } from 'masto';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { DesiredState, Provenance } from '../utils/core/model';
import { computePlan, planOperations } from '../utils/core/plan';
import type { DomainBlockApi } from '../utils/core/ports';
import { createIdbJournalStore } from '../utils/db/journal-store';
import { createDomainBlockAdapter } from '../utils/mastodon/domain-blocks';
import { startFakeMastodon, type FakeMastodon } from '../tests/fake-mastodon/index';
import { DOMAIN_BLOCKS_PATH, checkRunInvariants, repeatedOperations } from '../tests/integration/run-invariants';

type Runs = typeof import('../utils/background/runs');

const WINDOW_MS = 2000;
const LIMIT = 300;
const N = 600;
const ACCOUNT = 'bench.example/1';
const MANUAL_BLOCKS = ['mine.example.org', 'crypto-scam.example.net'];
/** Where each of the five workers is stopped: its n-th request, before it leaves or after its answer arrived unread. */
const STOPS = [
  { request: 40, moment: 'after-answer' },
  { request: 1, moment: 'after-answer' },
  { request: 150, moment: 'before-send' },
  { request: 90, moment: 'after-answer' },
  { request: 60, moment: 'before-send' },
] as const;

const provenance: Provenance[] = [{ source: { kind: 'subscription', id: 'bench', name: 'Bench list' }, severity: 'suspend', labels: [] }];
const never = new Promise<never>(() => undefined);

// Each worker's copy of the runs modules is its own (fresh-worker-hooks.mjs).
register('./fresh-worker-hooks.mjs', import.meta.url);

/** The runs modules as a new service worker loads them: a fresh copy with nothing in memory. */
async function loadWorker(generation: number): Promise<Runs> {
  const url = new URL('../utils/background/runs/index.ts', import.meta.url);
  url.search = `?worker=${generation}`;
  return (await import(url.href)) as Runs;
}

/** Wraps an adapter so that the worker stops at its `stop.request`-th request; afterwards nothing it sends is answered. */
function stoppable(api: DomainBlockApi, stop?: (typeof STOPS)[number]) {
  let calls = 0;
  let isStopped = false;
  let onStopped: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => {
    onStopped = resolve;
  });
  const halt = () => {
    isStopped = true;
    fakeBrowser.alarms.onAlarm.removeAllListeners();
    fakeBrowser.runtime.onStartup.removeAllListeners();
    onStopped();
  };
  const wrap =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (isStopped) return never;
      calls += 1;
      const isLast = stop?.request === calls;
      if (isLast && stop?.moment === 'before-send') {
        halt();
        return never;
      }
      const answer = await call(...args);
      if (isLast) halt();
      return isStopped ? never : answer;
    };
  return { api: { create: wrap(api.create), remove: wrap(api.remove), listPage: wrap(api.listPage) } satisfies DomainBlockApi, stopped };
}

async function until<T>(read: () => Promise<T>, isDone: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await read();
    if (isDone(value)) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`The run did not finish; last state ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function run(): Promise<Array<{ name: string; value: number; unit: string; note?: string }>> {
  const server: FakeMastodon = await startFakeMastodon({ seed: 'empty', windowMs: WINDOW_MS, limitPerWindow: LIMIT });
  try {
    for (const domain of MANUAL_BLOCKS) server.state.addDomainBlock(domain);
    const client = createRestAPIClient({ url: server.url, accessToken: server.demoToken });
    const adapter = createDomainBlockAdapter(client, { host: new URL(server.url).host, apiVersion: 2 });
    const domains = Array.from({ length: N }, (_, i) => `resume-${String(i).padStart(4, '0')}.blocklist-fixture.net`);
    const desired: DesiredState = new Map(domains.map((domain) => [domain, { domain, action: 'block' as const, provenance }]));
    const before = server.state.domainBlocks();
    const plan = computePlan({ desired, serverBlocks: before, owned: [] });
    const operations = planOperations(plan).length;

    const started = Date.now();
    let runId: string | undefined;
    for (const [generation, stop] of STOPS.entries()) {
      const runs = await loadWorker(generation);
      const worker = stoppable(adapter, stop);
      runs.registerRunListeners({ domainBlocksFor: async () => worker.api });
      runId ??= await runs.startRun(ACCOUNT, plan);
      await worker.stopped;
      // The abandoned worker's last journal writes land, as they would before Chrome stops it.
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const last = await loadWorker(STOPS.length);
    last.registerRunListeners({ domainBlocksFor: async () => adapter });
    const [summary] = await until(() => last.listRuns(ACCOUNT), (list) => list[0]?.status !== 'running');
    const ms = Date.now() - started;
    if (summary?.status !== 'done' || summary.added !== N) throw new Error(`The run ended ${summary?.status} with ${summary?.added} blocks.`);

    const requests = server.state.requests.filter((request) => request.path === DOMAIN_BLOCKS_PATH);
    const writes = requests.filter((request) => request.method === 'POST' || request.method === 'DELETE').length;
    const reads = requests.filter((request) => request.method === 'GET').length;
    const entries = await createIdbJournalStore().listEntries(runId ?? '');
    const violations = checkRunInvariants({
      before,
      after: server.state.domainBlocks(),
      plan: { add: domains, remove: [] },
      manualBlocks: MANUAL_BLOCKS,
      entries,
      snapshots: [],
      requests: server.state.requests,
    });
    if (violations.length > 0) throw new Error(`The run broke its promises: ${violations.slice(0, 5).join('; ')}`);
    const reconciled = entries.filter((entry) => entry.isReconciled).length;
    return [
      {
        name: 'resume_after_kill_extra_requests',
        value: writes - operations,
        unit: 'requests',
        note: `${N} blocks, worker stopped ${STOPS.length} times: ${writes} writes reached the server for ${operations} operations (${reads} reads to settle what was in flight, ${reconciled} operations proved done by those reads); ${ms} ms in all`,
      },
      {
        name: 'resume_after_kill_repeated_ops',
        value: repeatedOperations(server.state.requests).length,
        unit: 'operations',
        note: 'operations that reached the server more than once',
      },
      { name: 'resume_after_kill_reads', value: reads, unit: 'requests', note: 'GET /api/v1/domain_blocks pages read by the resumed workers' },
    ];
  } finally {
    await server.close();
  }
}
