/**
 * The groups `LostAccounts` shows, from what the background answered: a plan's
 * new blocks (their impact carries the first names of each side) or the
 * relationships saved before blocks.
 */
import type { LostGroup } from '../core/lost-accounts';
import type { PlannedChangeView, RelationshipSnapshotSummary } from '../protocol';

/** A group with the key Preact tells it by: the same domain can have been blocked twice. */
export type KeyedLostGroup = LostGroup & { key: string; takenAt?: number };

/**
 * The domains among `changes` whose block cuts someone, biggest first, with the names the plan carries.
 * @param changes - a plan's new blocks (`PlanPreview.add`), maybe some left out by the user.
 */
export function lostGroupsOfChanges(changes: readonly PlannedChangeView[]): KeyedLostGroup[] {
  return changes
    .flatMap(({ domain, impact }) =>
      impact && impact.followingCount + impact.followersCount > 0
        ? [{ key: domain, domain, followingCount: impact.followingCount, followersCount: impact.followersCount, following: impact.following ?? [], followers: impact.followers ?? [] }]
        : [],
    )
    .sort((a, b) => b.followingCount + b.followersCount - (a.followingCount + a.followersCount) || a.domain.localeCompare(b.domain));
}

/**
 * The saved relationships, newest first, each with the names it carries.
 * @param snapshots - as `hedge/list-relationship-snapshots` answers.
 */
export function lostGroupsOfSnapshots(snapshots: readonly RelationshipSnapshotSummary[]): KeyedLostGroup[] {
  return snapshots
    .filter((snapshot) => snapshot.followingCount + snapshot.followersCount > 0)
    .map((snapshot) => ({
      key: snapshot.snapshotId,
      domain: snapshot.domain,
      takenAt: snapshot.takenAt,
      followingCount: snapshot.followingCount,
      followersCount: snapshot.followersCount,
      following: snapshot.following,
      followers: snapshot.followers,
    }));
}
