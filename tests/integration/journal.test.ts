import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { applyRun } from '../../utils/core/apply/engine.ts';
import { ApplyController } from '../../utils/core/apply/options.ts';
import { createRun, type Operation } from '../../utils/core/apply/create-run.ts';
import type { JournalEntry } from '../../utils/core/apply/types.ts';
import { computePlan } from '../../utils/core/plan.ts';
import { deleteAccountData } from '../../utils/db/account-data.ts';
import { createIdbJournalStore, listResumableRuns, listRunRecords } from '../../utils/db/journal-store.ts';
import { keepUnblocked, listKeptUnblocked, listLocalOwnedBlocks, listOwnedBlocks, recordOwnedBlocks } from '../../utils/db/owned-blocks.ts';
import { followsCsvOf, listRelationshipSnapshots, saveRelationshipSnapshots } from '../../utils/db/relationship-snapshots.ts';
import { closeHedgeDb, openHedgeDb } from '../../utils/db/schema.ts';
import { FakeClock, FakeMastodonBlocks } from '../unit/helpers/apply-fakes.ts';

const ACCOUNT = 'example.social/1';
const OTHER = 'other.example/7';
const provenance = [{ source: { kind: 'preset' as const, id: 'threads', name: 'Threads' }, severity: 'suspend' as const, labels: [] }];
const adds = (domains: string[]): Operation[] => domains.map((domain) => ({ kind: 'add', domain, provenance }));
const domains = (count: number) => Array.from({ length: count }, (_, i) => `host-${i}.example.net`);

beforeEach(async () => {
  // Each case starts without the shared record of the one before (sync storage lives in the fake browser).
  fakeBrowser.reset();
  await closeHedgeDb();
  globalThis.indexedDB = new IDBFactory();
});

async function newRun(id: string, accountKey: string, operations: Operation[], clock: FakeClock) {
  const store = createIdbJournalStore();
  const { run, entries } = createRun(id, accountKey, operations, clock.now());
  await store.createRun(run, entries);
  return store;
}

describe('IndexedDB journal', () => {
  it('records what Hedge added and removed, per account, with provenance', async () => {
    const clock = new FakeClock();
    const server = new FakeMastodonBlocks(clock, { blocks: ['mine.example.org', 'old.example.net'] });
    await recordOwnedBlocks(ACCOUNT, [{ domain: 'old.example.net', addedAt: 1, provenance }]);
    const store = await newRun('r1', ACCOUNT, [...adds(['threads.net', 'threads.com']), { kind: 'remove', domain: 'old.example.net', provenance }], clock);
    const result = await applyRun('r1', { api: server, journal: store, clock });
    expect(result.run.state).toBe('done');
    const owned = await listOwnedBlocks(ACCOUNT);
    expect(owned.map((o) => o.domain).sort()).toEqual(['threads.com', 'threads.net']);
    expect(owned[0]).toMatchObject({ runId: 'r1', provenance });
    expect(await listOwnedBlocks(OTHER)).toEqual([]);
  });

  it('resumes after the service worker stopped between "sent" and "done", in a fresh connection, without sending anything twice', async () => {
    const clock = new FakeClock();
    const server = new FakeMastodonBlocks(clock, { windowMs: 2000, limit: 300, latencyMs: 1 });
    const list = domains(500);
    const store = await newRun('r1', ACCOUNT, adds(list), clock);
    // The worker dies right after the server applied operation 321, before the journal says so.
    const dying = {
      ...store,
      putEntry: async (entry: JournalEntry) => {
        if (entry.seq === 321 && entry.state === 'done') throw new Error('service worker stopped');
        return store.putEntry(entry);
      },
    };
    await expect(applyRun('r1', { api: server, journal: dying, clock })).rejects.toThrow('service worker stopped');
    await closeHedgeDb();

    // A new service worker finds the run and continues it.
    const resumable = await listResumableRuns();
    expect(resumable.map((run) => run.id)).toEqual(['r1']);
    const result = await applyRun('r1', { api: server, journal: createIdbJournalStore(), clock });
    expect(result.run.state).toBe('done');
    for (const domain of list) expect(server.sent('POST', domain)).toBe(1);
    expect((await listOwnedBlocks(ACCOUNT)).length).toBe(500);
    expect(await listResumableRuns()).toEqual([]);
  });

  it('a cancelled run leaves a consistent record in the database', async () => {
    const clock = new FakeClock();
    const server = new FakeMastodonBlocks(clock);
    const store = await newRun('r1', ACCOUNT, adds(domains(20)), clock);
    const controller = new ApplyController();
    await applyRun('r1', { api: server, journal: store, clock, onProgress: (p) => p.done === 5 && controller.cancel() }, controller);
    const entries = await createIdbJournalStore().listEntries('r1');
    expect(entries.filter((e) => e.state === 'done').map((e) => e.domain).sort()).toEqual([...server.blocks].sort());
    expect(entries.every((e) => e.state === 'done' || e.state === 'cancelled')).toBe(true);
    expect((await listOwnedBlocks(ACCOUNT)).map((o) => o.domain).sort()).toEqual([...server.blocks].sort());
    expect((await listRunRecords(ACCOUNT))[0]?.state).toBe('cancelled');
  });

  it('keeps a domain unblocked when the user says so, and the next plan respects it', async () => {
    await recordOwnedBlocks(ACCOUNT, [{ domain: 'threads.net', addedAt: 1, provenance }]);
    const desired = new Map([['threads.net', { domain: 'threads.net', action: 'block' as const, provenance }]]);
    const before = computePlan({ desired, serverBlocks: [], owned: await listOwnedBlocks(ACCOUNT) });
    expect(before.conflicts.map((c) => c.kind)).toEqual(['unblocked-by-you']);
    await keepUnblocked(ACCOUNT, 'threads.net');
    const after = computePlan({ desired, serverBlocks: [], owned: await listOwnedBlocks(ACCOUNT), keptUnblocked: await listKeptUnblocked(ACCOUNT) });
    expect(after.conflicts).toEqual([]);
    expect(after.add).toEqual([]);
    expect(after.unchanged.map((u) => u.reason)).toEqual(['kept-unblocked-by-you']);
  });

  it('saves relationships and offers the follows as Mastodon’s following CSV', async () => {
    const alice = { acct: 'alice@threads.net', displayName: 'Alice', url: 'https://threads.net/@alice' };
    const bob = { acct: 'bob@threads.net', displayName: 'Bob "B", Esq.', url: 'https://threads.net/@bob' };
    await saveRelationshipSnapshots([
      { id: 's1', accountKey: ACCOUNT, domain: 'threads.net', runId: 'r1', takenAt: 10, following: [alice, bob], followers: [bob] },
    ]);
    const snapshots = await listRelationshipSnapshots(ACCOUNT);
    expect(snapshots[0]?.followers[0]?.displayName).toBe('Bob "B", Esq.');
    expect(followsCsvOf(snapshots).text).toBe(
      'Account address,Show boosts,Notify on new posts,Languages\nalice@threads.net,true,false,\nbob@threads.net,true,false,\n',
    );
  });

  it('deleteAccountData removes one account’s data and nothing else', async () => {
    const clock = new FakeClock();
    const server = new FakeMastodonBlocks(clock);
    const mine = await newRun('r1', ACCOUNT, adds(['a.example.net']), clock);
    await applyRun('r1', { api: server, journal: mine, clock });
    const theirs = await newRun('r2', OTHER, adds(['b.example.net']), clock);
    await applyRun('r2', { api: server, journal: theirs, clock });
    await keepUnblocked(ACCOUNT, 'c.example.net');
    await saveRelationshipSnapshots([{ id: 's1', accountKey: ACCOUNT, domain: 'a.example.net', runId: 'r1', takenAt: 1, following: [], followers: [] }]);

    await deleteAccountData(ACCOUNT);
    const db = await openHedgeDb();
    expect(await listRunRecords(ACCOUNT)).toEqual([]);
    expect(await db.getAllFromIndex('journal', 'byRun', 'r1')).toEqual([]);
    // This browser's records; the record shared with the user's other browsers stays theirs (utils/db/shared-ownership.ts).
    expect(await listLocalOwnedBlocks(ACCOUNT)).toEqual([]);
    expect(await listKeptUnblocked(ACCOUNT)).toEqual(new Set());
    expect(await listRelationshipSnapshots(ACCOUNT)).toEqual([]);
    expect((await listRunRecords(OTHER)).length).toBe(1);
    expect((await listOwnedBlocks(OTHER)).map((o) => o.domain)).toEqual(['b.example.net']);
    expect(await db.getAllFromIndex('journal', 'byRun', 'r2')).toHaveLength(1);
  });
});
