/**
 * The apply engine's journal in IndexedDB. Each write is one transaction,
 * durable when its promise resolves. Marking an operation `done` records or
 * drops Hedge's ownership of the block in the same transaction (as does a
 * remove `skipped` because the block was gone already), so that the
 * journal and "what Hedge added" can never disagree after a crash.
 */
import type { ApplyRun, JournalEntry } from '../core/apply/types';
import type { JournalStore } from '../core/ports';
import { openHedgeDb, type HedgeDb } from './schema';
import { shareOwnershipChange } from './shared-ownership';
import { sourceKeysOf, type SharedBlock } from '../core/shared-ownership';

/** Creates the IndexedDB implementation of the `JournalStore` port. */
export function createIdbJournalStore(): JournalStore & {
  /** Writes a new run and all its entries in one transaction. */
  createRun(run: ApplyRun, entries: readonly JournalEntry[]): Promise<void>;
} {
  const accountOfRun = new Map<string, string>();

  const accountKeyOf = async (db: HedgeDb, runId: string): Promise<string> => {
    const cached = accountOfRun.get(runId);
    if (cached !== undefined) return cached;
    const run = await db.get('runs', runId);
    if (!run) throw new Error(`No run ${runId} in the journal.`);
    accountOfRun.set(runId, run.accountKey);
    return run.accountKey;
  };

  const writeEntries = async (entries: readonly JournalEntry[]): Promise<void> => {
    if (entries.length === 0) return;
    const db = await openHedgeDb();
    const accounts = new Map<string, string>();
    for (const entry of entries) accounts.set(entry.runId, await accountKeyOf(db, entry.runId));
    const transaction = db.transaction(['journal', 'ownedBlocks'], 'readwrite', { durability: 'strict' });
    const journal = transaction.objectStore('journal');
    const owned = transaction.objectStore('ownedBlocks');
    const writes: Array<Promise<unknown>> = [];
    const shared = new Map<string, { add: SharedBlock[]; remove: string[] }>();
    const sharedOf = (accountKey: string) => {
      const change = shared.get(accountKey) ?? { add: [], remove: [] };
      shared.set(accountKey, change);
      return change;
    };
    for (const entry of entries) {
      writes.push(journal.put(entry));
      const accountKey = accounts.get(entry.runId) ?? '';
      // A remove skipped because the domain was already unblocked leaves nothing of Hedge's on the server.
      if (entry.state === 'skipped' && entry.kind === 'remove') {
        writes.push(owned.delete([accountKey, entry.domain]));
        sharedOf(accountKey).remove.push(entry.domain);
      }
      if (entry.state !== 'done') continue;
      if (entry.kind === 'add') {
        writes.push(
          owned.put({ accountKey, domain: entry.domain, addedAt: entry.finishedAt ?? Date.now(), runId: entry.runId, provenance: entry.provenance }),
        );
        sharedOf(accountKey).add.push({ domain: entry.domain, sources: sourceKeysOf(entry.provenance) });
      } else {
        writes.push(owned.delete([accountKey, entry.domain]));
        sharedOf(accountKey).remove.push(entry.domain);
      }
    }
    await Promise.all([...writes, transaction.done]);
    // The user's other browsers learn of it once it is durable here; queued before the entry counts as written,
    // so that a plan read right after sees the change (utils/db/owned-blocks.ts reads the queue with the record).
    for (const [accountKey, change] of shared) await shareOwnershipChange(accountKey, change);
  };

  return {
    async getRun(runId) {
      return (await openHedgeDb()).get('runs', runId);
    },
    async putRun(run) {
      accountOfRun.set(run.id, run.accountKey);
      await (await openHedgeDb()).put('runs', run);
    },
    async listEntries(runId) {
      const entries = await (await openHedgeDb()).getAllFromIndex('journal', 'byRun', runId);
      return entries.sort((a, b) => a.seq - b.seq);
    },
    putEntry: (entry) => writeEntries([entry]),
    putEntries: writeEntries,
    async createRun(run, entries) {
      const db = await openHedgeDb();
      accountOfRun.set(run.id, run.accountKey);
      const transaction = db.transaction(['runs', 'journal'], 'readwrite', { durability: 'strict' });
      await Promise.all([
        transaction.objectStore('runs').add(run),
        ...entries.map((entry) => transaction.objectStore('journal').add(entry)),
        transaction.done,
      ]);
    },
  };
}

/**
 * Runs of an account, newest first (all accounts when none is given).
 * @param accountKey - the account, or undefined for all.
 */
export async function listRunRecords(accountKey?: string): Promise<ApplyRun[]> {
  const db = await openHedgeDb();
  const runs = accountKey === undefined ? await db.getAll('runs') : await db.getAllFromIndex('runs', 'byAccount', accountKey);
  return runs.sort((a, b) => b.createdAt - a.createdAt);
}

/**
 * Runs that still have work and may be continued without the user:
 * `running`, `waiting` and `interrupted`.
 */
export async function listResumableRuns(): Promise<ApplyRun[]> {
  const db = await openHedgeDb();
  const states = ['running', 'waiting', 'interrupted'] as const;
  const found = await Promise.all(states.map((state) => db.getAllFromIndex('runs', 'byState', state)));
  return found.flat().sort((a, b) => a.createdAt - b.createdAt);
}
