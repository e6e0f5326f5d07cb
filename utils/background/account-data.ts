/**
 * Deleting what Hedge keeps about one account when the user signs out.
 * Stores that live elsewhere register a cleaner here, so sign-out reaches
 * them without this module knowing them.
 */
import type { AccountKey } from '../protocol';
import { deleteAccountData } from '../db/account-data';
import { deleteAccountSources } from './sources';
import { deleteSeenSubdomains } from './seen-subdomains';

/** Deletes one store's data of an account. */
export type AccountDataCleaner = (key: AccountKey) => Promise<void>;

// deleteAccountData also deletes the account's snapshot and waiting plans, which live in IndexedDB.
const cleaners: AccountDataCleaner[] = [deleteAccountSources, deleteAccountData, deleteSeenSubdomains];

/** Adds a store's cleaner; sign-out calls every one. */
export function registerAccountDataCleaner(cleaner: AccountDataCleaner): void {
  if (!cleaners.includes(cleaner)) cleaners.push(cleaner);
}

/** Runs every cleaner; a failing one does not stop the others, and the first failure is thrown at the end. */
export async function deleteAllAccountData(key: AccountKey): Promise<void> {
  const results = await Promise.allSettled(cleaners.map((clean) => clean(key)));
  const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure) throw failure.reason;
}
