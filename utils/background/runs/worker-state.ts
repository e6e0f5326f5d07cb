/**
 * What a worker holds in memory about runs: the running legs, one rate
 * limiter per account, the last progress of each run. It only avoids
 * re-reading: every run and operation is in the journal (IndexedDB) before a
 * request leaves, and a new worker starts from there.
 */
import type { ApplyController, ApplyResult } from '../../core/apply/options';
import type { RunProgress } from '../../core/apply/types';
import type { RateLimiter } from '../../core/rate-limit';
import { createIdbJournalStore } from '../../db/journal-store';

/** A run being driven by this worker. */
export interface ActiveLeg {
  controller: ApplyController;
  /** Settles when the leg has ended and its state is published; undefined when it could not start. */
  done: Promise<ApplyResult | undefined>;
  /** Known once the run is read. */
  accountKey?: string;
}

/** The journal every run module reads and writes (it remembers which account each run is of). */
export const journal = createIdbJournalStore();

/** The legs running in this worker, by run id. */
export const activeLegs = new Map<string, ActiveLeg>();

/** One limiter per account: runs of one account share its server's budget. */
export const limiters = new Map<string, RateLimiter>();

/** The last progress each run reported, by run id. */
export const latestProgress = new Map<string, RunProgress & { accountKey: string }>();
