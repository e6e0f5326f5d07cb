/**
 * What the history and export pages download: the follows saved before
 * blocks, and the account's blocks as a file for Mastodon's import, an admin
 * CSV, or plain text.
 */
import { LOST_NAMES_TOTAL, capLostGroups } from '../core/lost-accounts';
import { adminRowsFromDesired, buildAdminBlocksCsv, buildBlockedDomainsCsv, buildPlainText, type ExportFile } from '../core/export';
import type { StoredAccount } from '../db/accounts';
import { followersCsvOf, followsCsvOf, getRelationshipSnapshot, listRelationshipSnapshots } from '../db/relationship-snapshots';
import { t } from '../i18n/translate';
import type { DownloadFile, RelationshipSnapshotSummary } from '../protocol';
import { refreshPersonalBlocks } from './account-reads';
import { ReplyError } from './reply-error';
import { connectAccount } from './session';
import { getAccountSources, loadDesiredState } from './sources';

/** The relationships saved before blocks, newest first, with the first few names of each side. */
export async function listSnapshots(account: StoredAccount): Promise<RelationshipSnapshotSummary[]> {
  const snapshots = (await listRelationshipSnapshots(account.key)).sort((a, b) => b.takenAt - a.takenAt);
  // One cap over all snapshots, newest first, as over the domains of one plan (utils/core/lost-accounts.ts).
  let left = LOST_NAMES_TOTAL;
  return snapshots.map((snapshot) => {
    const [named] = capLostGroups([{ ...snapshot, followingCount: snapshot.following.length, followersCount: snapshot.followers.length }], {
      total: left,
    });
    left -= (named?.following.length ?? 0) + (named?.followers.length ?? 0);
    return {
      snapshotId: snapshot.id,
      accountKey: snapshot.accountKey,
      domain: snapshot.domain,
      takenAt: snapshot.takenAt,
      followingCount: snapshot.following.length,
      followersCount: snapshot.followers.length,
      following: named?.following ?? [],
      followers: named?.followers ?? [],
    };
  });
}

/**
 * One saved snapshot as a file: its follows as Mastodon's following-import CSV, or its followers
 * as a CSV of handles and profile addresses.
 */
export async function snapshotCsv(account: StoredAccount, snapshotId: string, side: 'following' | 'followers' = 'following'): Promise<DownloadFile> {
  const snapshot = await getRelationshipSnapshot(snapshotId);
  if (!snapshot || snapshot.accountKey !== account.key) throw new ReplyError('not-found', t('bg_savedFollowsGone'));
  return toDownload(side === 'followers' ? followersCsvOf([snapshot], `followers_${snapshot.domain}.csv`) : followsCsvOf([snapshot]));
}

/** The account's blocks as a file for Mastodon's import, an admin CSV, or plain text. */
export async function exportBlocks(account: StoredAccount, format: 'blocked-domains-csv' | 'admin-csv' | 'plain-text'): Promise<DownloadFile> {
  const blocks = await refreshPersonalBlocks(await connectAccount(account));
  if (format === 'blocked-domains-csv') {
    const [first, ...moreParts] = buildBlockedDomainsCsv(blocks);
    if (!first) throw new ReplyError('invalid-input', t('bg_nothingToExport'));
    return moreParts.length === 0 ? toDownload(first) : { ...toDownload(first), moreParts: moreParts.map(toDownload) };
  }
  if (format === 'plain-text') return toDownload(buildPlainText(blocks, ['Personal domain blocks exported by Hedge']));
  // The admin CSV shares what the account wants: its sources, with the blocks on the server as its own entries.
  const sources = await getAccountSources(account.key);
  const desired = await loadDesiredState(account, { sources: { ...sources, alwaysBlock: [...sources.alwaysBlock, ...blocks] } });
  return toDownload(buildAdminBlocksCsv(adminRowsFromDesired(desired)));
}

/** An export file as a page downloads it. */
export function toDownload(file: ExportFile): DownloadFile {
  return { fileName: file.filename, mimeType: file.type, text: file.text };
}
