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

/** Who is logged in to the instance's web page, and what the importer would send (utils/background/importer/). */
export interface ImporterCheck {
  /** The signed-in account, as Hedge knows it (no `@domain`). */
  acct: string;
  /** The instance's host, where the web session is. */
  host: string;
  /** New blocks the import would add. */
  domainCount: number;
}

/** How sending a plan's new blocks through Mastodon's importer ended. */
export interface ImporterOutcome extends ImportOutcome {
  /** Why not everything arrived, in words; null when the import finished. */
  problem: string | null;
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
  /** Whether the instance's web page is logged in to this account with Mastodon's import form; what would be sent. */
  'hedge/importer-check': { fields: { planId: string; excludeDomains?: string[] }; reply: ImporterCheck };
  /** After the user's confirmation: the plan's new blocks through Mastodon's importer; the plan is used up. */
  'hedge/importer-send': { fields: { planId: string; excludeDomains?: string[] }; reply: ImporterOutcome };
  'hedge/export': { fields: { format: 'blocked-domains-csv' | 'admin-csv' | 'plain-text' }; reply: DownloadFile };
  /** The account's own entries whose time was up, newest first (utils/background/expiry.ts). */
  'hedge/list-expired': { fields: object; reply: ExpiredEntryView[] };
}

/** An "always block" entry or own limit that Hedge took away when its time was up. */
export interface ExpiredEntryView {
  domain: string;
  list: 'always-block' | 'limit';
  /** When its time was up, epoch ms. */
  expiredAt: number;
}
