/**
 * Hedge's IndexedDB: one database named `hedge`, one typed schema, versioned
 * by an append-only list of migrations. To add a store, append a migration:
 * never edit one that has shipped.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { ApplyRun, JournalEntry } from '../core/apply/types';
import type { RelatedAccount, ServerDomainBlocks, ServerVersion } from '../core/model';
import type { AffectedAccount, OwnedBlock, SyncPlan } from '../core/plan';
import type { SourceChange } from '../core/source-changes';
import type { AccountKey } from '../protocol';

const DB_NAME = 'hedge';

/** A block Hedge made for one account. */
export interface OwnedBlockRecord extends OwnedBlock {
  accountKey: string;
}

/** A domain the user chose to keep unblocked although a source wants it blocked. */
interface KeptUnblockedRecord {
  accountKey: string;
  domain: string;
  decidedAt: number;
}

/**
 * The follows and followers a block was about to cut, saved before it ran
 * (app/services/after_block_domain_from_account_service.rb removes them and an
 * unblock restores none).
 */
export interface RelationshipSnapshot {
  id: string;
  accountKey: string;
  /** The blocked domain, lowercase punycode. */
  domain: string;
  /** The run whose block cut them. */
  runId: string;
  takenAt: number;
  following: AffectedAccount[];
  followers: AffectedAccount[];
}

/**
 * A secret the background keeps: an account's access token, or a registered
 * OAuth app's client secret. They live here, in the extension origin's
 * IndexedDB, because content scripts run in the page's origin and cannot open
 * this database, whereas Firefox lets them read `storage.local`
 * (docs/SECURITY.md).
 */
type SecretRecord =
  | {
      kind: 'access-token';
      /** The account key (`https://mastodon.social#109302`). */
      key: string;
      accessToken: string;
    }
  | {
      kind: 'client-secret';
      /** The app key: the instance's origin and the redirect URI, separated by a space. */
      key: string;
      clientSecret: string;
    };

/**
 * What a plan is for: `preview` (Preview, Build again), `preset` (a preset's
 * switch), `unsubscribe`, `undo`, `unblock`, `page-block` (Block domain with
 * Hedge, discarded at once), `refresh` (a scheduled refresh), `subdomains` (Options › Blocks' "Block
 * these too").
 */
export type PlanKind = 'preview' | 'preset' | 'unsubscribe' | 'undo' | 'unblock' | 'page-block' | 'refresh' | 'subdomains' | 'expiry';

/** A computed plan and the source changes it carries, until confirmed or discarded (utils/db/pending-plans.ts). */
export interface PendingPlan {
  planId: string;
  accountKey: AccountKey;
  createdAt: number;
  /** What the plan is for; a newer plan of the same kind and subject replaces it. Older records: see `planSlot`. */
  kind?: PlanKind;
  /** The preset, list, run or domain the plan is about, for the kinds that have one. */
  subject?: string;
  plan: SyncPlan;
  /**
   * What confirming changes in the account's own sources, applied to them as they are then
   * (utils/core/source-changes.ts), so that what changed since the preview stays. Plans stored without it
   * are refused as outdated.
   */
  changes?: SourceChange[];
  /** Set when the plan undoes a run: confirming it starts the undo of that run. */
  undoRunId?: string;
  /** Domains a source wants that the user unblocks by hand: kept unblocked once confirmed. */
  keepUnblockedOnConfirm?: string[];
  /** Set when the plan is the removal of a subscription: confirming it forgets that subscription. */
  unsubscribeId?: string;
  /** Set when a scheduled refresh waits for the user's word: why, in words (`PendingConfirmation.reasons`). */
  confirmationReasons?: string[];
}

/** What Hedge last read of one account's server (utils/db/account-snapshots.ts). */
export interface AccountSnapshot {
  accountKey: AccountKey;
  /** When the personal blocks were read. */
  fetchedAt: number;
  /** When the follows, followers, the server's version and its blocks were read; `fetchedAt` in older snapshots. */
  relationshipsFetchedAt?: number;
  server: ServerVersion;
  /** Personal blocks, newest first, as the server stores them (lowercase punycode). */
  personalBlocks: string[];
  serverBlocks: ServerDomainBlocks;
  following: RelatedAccount[];
  followers: RelatedAccount[];
}

interface HedgeDbSchema extends DBSchema {
  runs: { key: string; value: ApplyRun; indexes: { byAccount: string; byState: string } };
  journal: { key: [string, number]; value: JournalEntry; indexes: { byRun: string } };
  ownedBlocks: { key: [string, string]; value: OwnedBlockRecord; indexes: { byAccount: string } };
  keptUnblocked: { key: [string, string]; value: KeptUnblockedRecord; indexes: { byAccount: string } };
  relationshipSnapshots: { key: string; value: RelationshipSnapshot; indexes: { byAccount: string; byRun: string; byAccountDomain: [string, string] } };
  secrets: { key: [SecretRecord['kind'], string]; value: SecretRecord };
  /** Plans waiting for the user's word (utils/db/pending-plans.ts). */
  pendingPlans: { key: string; value: PendingPlan; indexes: { byAccount: string } };
  /** What Hedge last read of each account's server (utils/db/account-snapshots.ts). */
  accountSnapshots: { key: string; value: AccountSnapshot };
}

export type HedgeDb = IDBPDatabase<HedgeDbSchema>;
type UpgradeTransaction = IDBPTransaction<HedgeDbSchema, StoreNames<HedgeDbSchema>[], 'versionchange'>;

/** Migration `i` takes the database from version `i` to `i + 1`. Append only. */
const MIGRATIONS: ReadonlyArray<(db: HedgeDb, transaction: UpgradeTransaction) => void> = [
  (db) => {
    const runs = db.createObjectStore('runs', { keyPath: 'id' });
    runs.createIndex('byAccount', 'accountKey');
    runs.createIndex('byState', 'state');
    const journal = db.createObjectStore('journal', { keyPath: ['runId', 'seq'] });
    journal.createIndex('byRun', 'runId');
    const owned = db.createObjectStore('ownedBlocks', { keyPath: ['accountKey', 'domain'] });
    owned.createIndex('byAccount', 'accountKey');
    const kept = db.createObjectStore('keptUnblocked', { keyPath: ['accountKey', 'domain'] });
    kept.createIndex('byAccount', 'accountKey');
    const snapshots = db.createObjectStore('relationshipSnapshots', { keyPath: 'id' });
    snapshots.createIndex('byAccount', 'accountKey');
    snapshots.createIndex('byRun', 'runId');
    snapshots.createIndex('byAccountDomain', ['accountKey', 'domain']);
  },
  (db) => {
    db.createObjectStore('secrets', { keyPath: ['kind', 'key'] });
  },
  // Plans and account snapshots (follower lists among them) outgrew storage.local's 10 MB.
  (db) => {
    const plans = db.createObjectStore('pendingPlans', { keyPath: 'planId' });
    plans.createIndex('byAccount', 'accountKey');
    db.createObjectStore('accountSnapshots', { keyPath: 'accountKey' });
  },
];

const DB_VERSION = MIGRATIONS.length;

let connection: Promise<HedgeDb> | undefined;

/** The database, opened once per service worker or page and upgraded as needed. */
export function openHedgeDb(): Promise<HedgeDb> {
  connection ??= openDB<HedgeDbSchema>(DB_NAME, DB_VERSION, {
    upgrade(db, oldVersion, _newVersion, transaction) {
      for (let version = oldVersion; version < MIGRATIONS.length; version += 1) MIGRATIONS[version]?.(db, transaction);
    },
    blocking() {
      // A newer version is waiting in another context (an extension update): let it proceed.
      void connection?.then((db) => db.close());
      connection = undefined;
    },
  }).catch((error: unknown) => {
    connection = undefined;
    throw error;
  });
  return connection;
}

/**
 * Closes the connection; the next call to {@link openHedgeDb} opens a new one.
 * @internal Tests start each case from a fresh database.
 */
export async function closeHedgeDb(): Promise<void> {
  const current = connection;
  connection = undefined;
  if (current) (await current).close();
}
