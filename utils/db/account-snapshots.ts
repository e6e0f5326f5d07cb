/**
 * What Hedge last read of each account's server, in IndexedDB: follower lists
 * outgrow `storage.local`. Reading the server into it, within the rate limit,
 * is utils/background/account-reads.ts's work; this module only stores it.
 * Sign-out deletes an account's snapshot with the rest of its data
 * (utils/db/account-data.ts).
 */
import { storage } from 'wxt/utils/storage';
import type { AccountKey } from '../protocol';
import { openHedgeDb, type AccountSnapshot } from './schema';

/** The stored snapshot of an account, or null before the first read. */
export async function getAccountSnapshot(key: AccountKey): Promise<AccountSnapshot | null> {
  await moveFromStorageLocal();
  return (await (await openHedgeDb()).get('accountSnapshots', key)) ?? null;
}

/** Stores an account's snapshot, replacing the one before. */
export async function putAccountSnapshot(snapshot: AccountSnapshot): Promise<void> {
  await (await openHedgeDb()).put('accountSnapshots', snapshot);
}

const legacySnapshotsItem = storage.defineItem<Record<AccountKey, AccountSnapshot>>('local:accountSnapshots', { version: 1, fallback: {} });
let moved: Promise<void> | undefined;

/** Snapshots stored by earlier versions in `storage.local` move to IndexedDB, once per start of the background. */
function moveFromStorageLocal(): Promise<void> {
  moved ??= (async () => {
    const legacy = Object.values(await legacySnapshotsItem.getValue());
    if (legacy.length > 0) {
      const db = await openHedgeDb();
      const transaction = db.transaction('accountSnapshots', 'readwrite');
      await Promise.all([...legacy.map((snapshot) => transaction.store.put(snapshot)), transaction.done]);
    }
    await legacySnapshotsItem.removeValue({ removeMeta: true });
  })().catch((error: unknown) => {
    moved = undefined;
    throw error;
  });
  return moved;
}
