/**
 * Export and history: finished runs and their undo, the follows saved before
 * a block, Mastodon's own import instead of a long run, and the files Hedge
 * offers for download.
 */
import type { LostAccount } from '../core/lost-accounts';
import type { AccountKey } from './accounts';
import type { PlanPreview } from './plans';

/** A finished, cancelled or running apply run. */
export interface RunSummary {
  runId: string;
  accountKey: AccountKey;
  startedAt: number;
  endedAt: number | null;
  status: 'running' | 'paused' | 'done' | 'cancelled' | 'failed' | 'stopped-unauthorized';
  added: number;
  removed: number;
  failures: Array<{ domain: string; change: 'add' | 'remove'; message: string; serverMessage?: string }>;
  isUndoable: boolean;
}

/** Relationships saved before a block cut them. */
export interface RelationshipSnapshotSummary {
  snapshotId: string;
  accountKey: AccountKey;
  domain: string;
  takenAt: number;
  followingCount: number;
  followersCount: number;
  /** The first few of each side, by handle (`capLostGroups`); the counts say how many in all. */
  following: LostAccount[];
  followers: LostAccount[];
}

/** A file for the page to offer as a download. */
export interface DownloadFile {
  fileName: string;
  mimeType: string;
  text: string;
  /**
   * The other files of the same export, downloaded with this one: a `blocked_domains.csv` of more
   * than 20,000 domains comes in parts, each within Mastodon's import limit (`blocked_domains-1-of-2.csv`, ...).
   */
  moreParts?: DownloadFile[];
}

/** What Hedge found on the server after the user imported the plan's `blocked_domains.csv`. */
export interface ImportOutcome {
  /** Offered domains now blocked on the server, which Hedge counts as its blocks. */
  found: number;
  /** Offered domains not blocked on the server (yet): the file was not imported, or only in part. */
  missing: number;
}

/** The history of runs, undo, saved follows, the import alternative and exports. */
export interface HistoryIntents {
  'hedge/list-runs': { fields: object; reply: RunSummary[] };
  /** The plan of undoing a run (stop blocking what it added). */
  'hedge/undo-run': { fields: { runId: string }; reply: PlanPreview };
  'hedge/list-relationship-snapshots': { fields: object; reply: RelationshipSnapshotSummary[] };
  /**
   * A snapshot's follows as Mastodon's following-import CSV (`side` absent or `following`), or its
   * followers as a CSV of handles and profile addresses to find them again (`followers`).
   */
  'hedge/relationship-snapshot-csv': { fields: { snapshotId: string; side?: 'following' | 'followers' }; reply: DownloadFile };
  // Mastodon's own import instead of a long run (PlanPreview.importAlternative)
  /**
   * The plan's new blocks as `blocked_domains.csv` (in parts of 20,000 rows: `moreParts`), for
   * Mastodon's import with "Merge"; Hedge remembers the offer to own those blocks once imported.
   */
  'hedge/import-alternative': { fields: { planId: string; excludeDomains?: string[] }; reply: DownloadFile };
  /** The user says they imported the file: Hedge reads the server's blocks and owns the offered ones it finds. */
  'hedge/import-alternative-done': { fields: { planId: string }; reply: ImportOutcome };
  'hedge/export': { fields: { format: 'blocked-domains-csv' | 'admin-csv' | 'plain-text' }; reply: DownloadFile };
}
