import { openHedgeDb } from './schema';

/**
 * Deletes everything the database holds about one account: its runs and their
 * journals, Hedge's records of its blocks, its kept-unblocked choices, its
 * relationship snapshots, its waiting plans, what Hedge last read of its
 * server and its access token. One transaction: all or nothing.
 * @param accountKey - the account.
 */
export async function deleteAccountData(accountKey: string): Promise<void> {
  const db = await openHedgeDb();
  const transaction = db.transaction(
    ['runs', 'journal', 'ownedBlocks', 'keptUnblocked', 'relationshipSnapshots', 'secrets', 'pendingPlans', 'accountSnapshots'],
    'readwrite',
  );
  const runIds = await transaction.objectStore('runs').index('byAccount').getAllKeys(accountKey);
  const deletions: Array<Promise<unknown>> = [
    transaction.objectStore('secrets').delete(['access-token', accountKey]),
    transaction.objectStore('accountSnapshots').delete(accountKey),
  ];
  for (const runId of runIds) {
    deletions.push(transaction.objectStore('runs').delete(runId));
    deletions.push(transaction.objectStore('journal').delete(IDBKeyRange.bound([runId, -Infinity], [runId, Infinity])));
  }
  for (const store of ['ownedBlocks', 'keptUnblocked', 'relationshipSnapshots', 'pendingPlans'] as const) {
    const keys = await transaction.objectStore(store).index('byAccount').getAllKeys(accountKey);
    for (const key of keys) deletions.push(transaction.objectStore(store).delete(key));
  }
  await Promise.all([...deletions, transaction.done]);
}
