/**
 * Hedge's records of the blocks it made, per account, and the user's choices
 * to keep some domains unblocked. The sync plan reads both: a block without a
 * record is the user's and is never removed.
 *
 * The records of this browser (with where each block came from) are in
 * IndexedDB; every change is also shared with the user's other browsers
 * through sync storage (utils/db/shared-ownership.ts), and a block another
 * browser made for the same account counts as Hedge's here too.
 */
import type { OwnedBlock } from '../core/plan';
import { ownershipBucket, provenanceOfSourceKeys, sourceKeysOf, type SharedBlock } from '../core/shared-ownership';
import { openHedgeDb, type OwnedBlockRecord } from './schema';
import { pendingOwnershipChange, readSharedOwnership, seedSharedOwnership, shareOwnershipChange } from './shared-ownership';

/**
 * The blocks Hedge made for an account, in this browser or another one signed
 * in to it. A block another browser made names its sources by kind and id
 * only (no names, labels or dates).
 * @param accountKey - the account.
 */
export async function listOwnedBlocks(accountKey: string): Promise<OwnedBlock[]> {
  const local = await listLocalOwnedBlocks(accountKey);
  await seedSharedOwnership(accountKey, async () => local.map(toSharedBlock));
  const shared = await readSharedOwnership(accountKey);
  if (!shared.isAvailable) return local;
  if (shared.unreadableBuckets.length > 0) {
    // A damaged item loses what other browsers wrote there; what this browser made, it writes again.
    const lost = new Set(shared.unreadableBuckets);
    await shareOwnershipChange(accountKey, { add: local.filter((block) => lost.has(ownershipBucket(block.domain))).map(toSharedBlock), remove: [] });
  }
  // The shared record is the one truth: a block this browser made that another browser has removed
  // since (its list dropped it, or the user kept it unblocked) is nobody's here either, or this
  // browser would show a conflict, or add it back, where the other browser agreed to remove it.
  // A record not yet written to sync (queued, or made after its item was written) is still this browser's word.
  const pending = await pendingOwnershipChange(accountKey);
  const isStale = (block: OwnedBlock) => {
    const writtenAt = shared.readBuckets.get(ownershipBucket(block.domain));
    return writtenAt !== undefined && block.addedAt < writtenAt && !shared.blocks.has(block.domain) && !pending.added.has(block.domain);
  };
  const stale = local.filter(isStale);
  if (stale.length > 0) await forgetLocalRecords(accountKey, stale.map((block) => block.domain));
  const kept = local.filter((block) => !isStale(block));
  const known = new Set(kept.map((block) => block.domain));
  const elsewhere = [...shared.blocks]
    .filter(([domain]) => !known.has(domain) && !pending.removed.has(domain))
    .map(([domain, sources]): OwnedBlock => ({ domain, addedAt: 0, provenance: provenanceOfSourceKeys(sources) }));
  return [...kept, ...elsewhere];
}

async function forgetLocalRecords(accountKey: string, domains: readonly string[]): Promise<void> {
  const db = await openHedgeDb();
  const transaction = db.transaction('ownedBlocks', 'readwrite');
  await Promise.all([...domains.map((domain) => transaction.store.delete([accountKey, domain])), transaction.done]);
}

/** A local record as the shared record keeps it. */
function toSharedBlock(block: Pick<OwnedBlock, 'domain' | 'provenance'>): SharedBlock {
  return { domain: block.domain, sources: sourceKeysOf(block.provenance) };
}

/**
 * The blocks Hedge made for an account in this browser.
 * @param accountKey - the account.
 */
export async function listLocalOwnedBlocks(accountKey: string): Promise<OwnedBlock[]> {
  const records = await (await openHedgeDb()).getAllFromIndex('ownedBlocks', 'byAccount', accountKey);
  return records.map(({ accountKey: _accountKey, ...block }) => block);
}

/**
 * Adds records, e.g. after the user imported Hedge's `blocked_domains.csv` in Mastodon.
 * @param accountKey - the account.
 * @param blocks - the blocks Hedge is to own.
 */
export async function recordOwnedBlocks(accountKey: string, blocks: readonly OwnedBlock[]): Promise<void> {
  const db = await openHedgeDb();
  const transaction = db.transaction('ownedBlocks', 'readwrite');
  await Promise.all([...blocks.map((block) => transaction.store.put({ ...block, accountKey } satisfies OwnedBlockRecord)), transaction.done]);
  await shareOwnershipChange(accountKey, { add: blocks.map(toSharedBlock), remove: [] });
}

/**
 * Drops records of blocks that are gone from the server and no longer wanted (`SyncPlan.forget`).
 * @param accountKey - the account.
 * @param domains - the domains.
 */
export async function forgetOwnedBlocks(accountKey: string, domains: readonly string[]): Promise<void> {
  const db = await openHedgeDb();
  const transaction = db.transaction('ownedBlocks', 'readwrite');
  await Promise.all([...domains.map((domain) => transaction.store.delete([accountKey, domain])), transaction.done]);
  await shareOwnershipChange(accountKey, { add: [], remove: domains });
}

/**
 * The user's answer to an "unblocked by you" conflict: keep it unblocked. Hedge
 * forgets it made the block and will not propose it again.
 * @param accountKey - the account.
 * @param domain - the domain.
 * @param now - epoch ms.
 */
export async function keepUnblocked(accountKey: string, domain: string, now = Date.now()): Promise<void> {
  const db = await openHedgeDb();
  const transaction = db.transaction(['ownedBlocks', 'keptUnblocked'], 'readwrite');
  await Promise.all([
    transaction.objectStore('ownedBlocks').delete([accountKey, domain]),
    transaction.objectStore('keptUnblocked').put({ accountKey, domain, decidedAt: now }),
    transaction.done,
  ]);
  await shareOwnershipChange(accountKey, { add: [], remove: [domain] });
}

/**
 * Lets Hedge propose a domain again that the user had kept unblocked.
 * @param accountKey - the account.
 * @param domain - the domain.
 */
export async function forgetKeptUnblocked(accountKey: string, domain: string): Promise<void> {
  await (await openHedgeDb()).delete('keptUnblocked', [accountKey, domain]);
}

/**
 * The domains the user keeps unblocked, for `PlanInput.keptUnblocked`.
 * @param accountKey - the account.
 */
export async function listKeptUnblocked(accountKey: string): Promise<Set<string>> {
  const records = await (await openHedgeDb()).getAllFromIndex('keptUnblocked', 'byAccount', accountKey);
  return new Set(records.map((record) => record.domain));
}
