/**
 * "Nothing lost": the follows and followers a block is about to cut, saved
 * before the block runs, so that the user can restore follows with Mastodon's
 * following import after an unblock, and see whom they lost.
 */
import { buildFollowersCsv, buildFollowingCsv, type ExportFile } from '../core/export';
import type { AffectedAccount } from '../core/plan';
import { openHedgeDb, type RelationshipSnapshot } from './schema';

/**
 * Saves snapshots in one transaction; durable when the promise resolves.
 * @param snapshots - one per domain about to be blocked.
 */
export async function saveRelationshipSnapshots(snapshots: readonly RelationshipSnapshot[]): Promise<void> {
  if (snapshots.length === 0) return;
  const db = await openHedgeDb();
  const transaction = db.transaction('relationshipSnapshots', 'readwrite', { durability: 'strict' });
  await Promise.all([...snapshots.map((snapshot) => transaction.store.put(snapshot)), transaction.done]);
}

/**
 * An account's snapshots, newest first.
 * @param accountKey - the account.
 */
export async function listRelationshipSnapshots(accountKey: string): Promise<RelationshipSnapshot[]> {
  const snapshots = await (await openHedgeDb()).getAllFromIndex('relationshipSnapshots', 'byAccount', accountKey);
  return snapshots.sort((a, b) => b.takenAt - a.takenAt || (a.domain < b.domain ? -1 : 1));
}

/**
 * The snapshots a run took.
 * @param runId - the run.
 * @internal Tests check what a run saved.
 */
export async function listRunSnapshots(runId: string): Promise<RelationshipSnapshot[]> {
  return (await openHedgeDb()).getAllFromIndex('relationshipSnapshots', 'byRun', runId);
}

/**
 * One snapshot by id.
 * @param id - the snapshot's id.
 */
export async function getRelationshipSnapshot(id: string): Promise<RelationshipSnapshot | undefined> {
  return (await openHedgeDb()).get('relationshipSnapshots', id);
}

/**
 * The follows of some snapshots as Mastodon's following-import CSV, each account once.
 * @param snapshots - the snapshots.
 */
export function followsCsvOf(snapshots: readonly RelationshipSnapshot[]): ExportFile {
  const seen = new Map<string, AffectedAccount>();
  for (const snapshot of snapshots) for (const account of snapshot.following) seen.set(account.acct.toLowerCase(), account);
  return buildFollowingCsv([...seen.values()].map((account) => ({ acct: account.acct })));
}

/**
 * The followers of some snapshots as a CSV of handles and profile addresses, each account once.
 * @param snapshots - the snapshots.
 * @param filename - the file's name.
 */
export function followersCsvOf(snapshots: readonly RelationshipSnapshot[], filename?: string): ExportFile {
  const seen = new Map<string, AffectedAccount>();
  for (const snapshot of snapshots) for (const account of snapshot.followers) seen.set(account.acct.toLowerCase(), account);
  return buildFollowersCsv([...seen.values()], filename);
}
