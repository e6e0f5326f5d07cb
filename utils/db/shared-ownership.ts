/**
 * The shared record of Hedge's blocks in `storage.sync` (format and reasons in
 * utils/core/shared-ownership.ts). Every change of Hedge's local records
 * (utils/db/owned-blocks.ts, the journal) is queued in `storage.local` first,
 * so that it survives the service worker being stopped, and written to sync a
 * moment later in one call: sync allows about two writes a second, a run makes
 * many more changes than that.
 *
 * A browser without sync storage (none, or one that refuses it) keeps its
 * local records alone, as Hedge did before there was a shared record.
 */
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import {
  OWNERSHIP_BUCKETS,
  mergeOwnershipChanges,
  ownershipItemKey,
  ownershipWrites,
  readOwnershipItem,
  type OwnershipChange,
  type SharedBlock,
} from '../core/shared-ownership';

/** Changes not yet written to sync, per account, oldest first. */
const pendingItem = storage.defineItem<Record<string, OwnershipChange[]>>('local:sharedOwnershipPending', { version: 1, fallback: {} });

/**
 * How the last write to sync went: `over-quota` when the browser refused it
 * for its size (the user is told; the blocks it could not share count as the
 * user's own in the other browsers, so none is removed there).
 */
export const sharedOwnershipStatusItem = storage.defineItem<'ok' | 'over-quota'>('local:sharedOwnershipStatus', { version: 1, fallback: 'ok' });

/** How long changes gather before one write. */
const FLUSH_DELAY_MS = 400;

type SyncArea = typeof browser.storage.sync;

/** The sync area, or undefined where the browser has none. */
function syncArea(): SyncArea | undefined {
  return (browser.storage as { sync?: SyncArea } | undefined)?.sync;
}

/** What the shared record says of one account. */
export interface SharedOwnership {
  /** Domains some browser recorded as Hedge's, with the sources behind each. */
  blocks: Map<string, string[]>;
  /** False when sync storage could not be read: only the local records count. */
  isAvailable: boolean;
  /** Buckets that could not be read (cut short, corrupted) or were never written: this browser writes its own blocks of them again. */
  unreadableBuckets: number[];
  /** Buckets that were read, and when they were written: a block recorded before that and missing there was removed since. */
  readBuckets: Map<number, number>;
}

/**
 * Reads an account's shared record. Items that cannot be read add nothing.
 * @param accountKey - the account.
 */
export async function readSharedOwnership(accountKey: string): Promise<SharedOwnership> {
  const area = syncArea();
  if (!area) return { blocks: new Map(), isAvailable: false, unreadableBuckets: [], readBuckets: new Map() };
  let stored: Record<string, unknown>;
  try {
    stored = await area.get(bucketKeys(accountKey));
  } catch (error) {
    console.warn('Hedge: could not read the shared record of its blocks; this browser uses its own', error);
    return { blocks: new Map(), isAvailable: false, unreadableBuckets: [], readBuckets: new Map() };
  }
  const blocks = new Map<string, string[]>();
  const unreadableBuckets: number[] = [];
  const readBuckets = new Map<number, number>();
  bucketKeys(accountKey).forEach((key, bucket) => {
    const read = readOwnershipItem(stored[key]);
    if (read.kind === 'ok') {
      readBuckets.set(bucket, read.writtenAt);
      for (const block of read.blocks) blocks.set(block.domain, block.sources);
    }
    if (read.kind === 'corrupt') console.warn(`Hedge: the shared record item ${key} cannot be read; its blocks count as yours until it is written again`);
    if (read.kind === 'corrupt' || read.kind === 'missing') unreadableBuckets.push(bucket);
  });
  return { blocks, isAvailable: true, unreadableBuckets, readBuckets };
}

function bucketKeys(accountKey: string): string[] {
  return Array.from({ length: OWNERSHIP_BUCKETS }, (_, bucket) => ownershipItemKey(accountKey, bucket));
}

/**
 * The changes of an account's shared record queued and not yet written: a
 * reader takes them over what sync holds.
 * @param accountKey - the account.
 */
export async function pendingOwnershipChange(accountKey: string): Promise<{ added: Set<string>; removed: Set<string> }> {
  await queueing;
  const change = mergeOwnershipChanges((await pendingItem.getValue())[accountKey] ?? []);
  return { added: new Set(change.add.map((block) => block.domain)), removed: new Set(change.remove) };
}

// Queue writes read, change and write the whole item: chained, so none loses another's change.
let queueing: Promise<unknown> = Promise.resolve();
let flushTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * Queues a change of an account's shared record and writes it shortly.
 * @param accountKey - the account.
 * @param change - domains Hedge now owns, and domains it no longer owns.
 */
export function shareOwnershipChange(accountKey: string, change: OwnershipChange): Promise<void> {
  if (change.add.length === 0 && change.remove.length === 0) return Promise.resolve();
  if (!syncArea()) return Promise.resolve();
  const next = queueing.then(async () => {
    const pending = await pendingItem.getValue();
    await pendingItem.setValue({ ...pending, [accountKey]: [...(pending[accountKey] ?? []), { add: [...change.add], remove: [...change.remove] }] });
  });
  queueing = next.catch(() => undefined);
  flushTimer ??= setTimeout(() => {
    flushTimer = undefined;
    void flushSharedOwnership().catch((error: unknown) => console.warn('Hedge: could not write the shared record of its blocks; it tries again', error));
  }, FLUSH_DELAY_MS);
  return next;
}

/** How writing the queued changes went. */
export type FlushOutcome = 'written' | 'nothing' | 'unavailable' | 'over-quota' | 'deferred';

let flushing: Promise<FlushOutcome> = Promise.resolve('nothing');

/**
 * Writes every queued change to sync storage: per account, the buckets that
 * shrink in one call, then those that grow in another, so that a refused
 * growth (over the quota) still lets removals through. A change the browser
 * refused stays queued for the next write.
 */
export function flushSharedOwnership(): Promise<FlushOutcome> {
  const next = flushing.then(flushOnce, flushOnce);
  flushing = next;
  return next;
}

async function flushOnce(): Promise<FlushOutcome> {
  await queueing;
  const area = syncArea();
  if (!area) return 'unavailable';
  const pending = await pendingItem.getValue();
  const accounts = Object.keys(pending);
  if (accounts.length === 0) return 'nothing';
  let outcome: FlushOutcome = 'written';
  const left: Record<string, OwnershipChange[]> = {};
  for (const accountKey of accounts) {
    const change = mergeOwnershipChanges(pending[accountKey] ?? []);
    try {
      const stored = await area.get(bucketKeys(accountKey));
      const { shrinking, growing, isTooLarge } = ownershipWrites(accountKey, stored, change);
      if (Object.keys(shrinking).length > 0) await area.set(shrinking);
      if (Object.keys(growing).length > 0) await area.set(growing);
      if (isTooLarge) throw new Error('QUOTA_BYTES_PER_ITEM quota exceeded (checked before writing)');
    } catch (error) {
      const refusal = quotaRefusal(error);
      if (refusal === null) throw error;
      left[accountKey] = [change];
      if (refusal === 'rate') {
        // Too many writes this minute: the change waits for the next write, at the next change or run's end.
        console.warn('Hedge: sync storage asked to write less often; the shared record is written later', error);
        if (outcome === 'written') outcome = 'deferred';
        continue;
      }
      console.warn("Hedge: the shared record of its blocks is over the browser's sync quota", error);
      outcome = 'over-quota';
    }
  }
  // Changes queued while this write ran stay queued after those it could not write.
  await (queueing = queueing.then(async () => {
    const now = await pendingItem.getValue();
    const rest: Record<string, OwnershipChange[]> = { ...left };
    for (const [accountKey, changes] of Object.entries(now)) {
      const added = changes.slice((pending[accountKey] ?? []).length);
      if (added.length > 0) rest[accountKey] = [...(rest[accountKey] ?? []), ...added];
    }
    await pendingItem.setValue(rest);
  }));
  if (outcome !== 'deferred') await sharedOwnershipStatusItem.setValue(outcome === 'over-quota' ? 'over-quota' : 'ok');
  return outcome;
}

/**
 * Why the browser refused a write, when it was sync's limits: `size` (Chrome's
 * "QUOTA_BYTES quota exceeded", "QUOTA_BYTES_PER_ITEM quota exceeded", "MAX_ITEMS …",
 * Firefox's QuotaExceededError) or `rate` (Chrome's "MAX_WRITE_OPERATIONS_PER_MINUTE …");
 * null for any other failure.
 */
function quotaRefusal(error: unknown): 'size' | 'rate' | null {
  const text = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  if (/MAX_WRITE_OPERATIONS|MAX_SUSTAINED/i.test(text)) return 'rate';
  return /quota|MAX_ITEMS/i.test(text) ? 'size' : null;
}

/** Accounts whose local records were copied into the shared record once (records kept before there was one). */
const seededItem = storage.defineItem<string[]>('local:sharedOwnershipSeeded', { version: 1, fallback: [] });

/**
 * Copies an account's local records into the shared record once: blocks this
 * browser made before the record existed become Hedge's everywhere.
 * @param accountKey - the account.
 * @param owned - its local records' domains and sources.
 */
export async function seedSharedOwnership(accountKey: string, owned: () => Promise<SharedBlock[]>): Promise<void> {
  if (!syncArea()) return;
  const seeded = await seededItem.getValue();
  if (seeded.includes(accountKey)) return;
  await shareOwnershipChange(accountKey, { add: await owned(), remove: [] });
  await seededItem.setValue([...(await seededItem.getValue()), accountKey]);
}
