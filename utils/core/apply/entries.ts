/**
 * What happens to a run's journal entries besides sending them: counted for
 * the pages, settled by a read of the server's blocks, cancelled.
 */
import type { ApplyRun, JournalEntry, RunProgress } from './types.ts';

/**
 * Summarises a run's entries for the UI.
 * @param run - the run.
 * @param entries - its journal entries.
 * @param etaMs - time left, if known.
 */
export function summarizeRun(run: ApplyRun, entries: readonly JournalEntry[], etaMs = 0): RunProgress {
  let done = 0;
  let failed = 0;
  for (const entry of entries) {
    if (entry.state === 'done' || entry.state === 'skipped') done += 1;
    else if (entry.state === 'failed') failed += 1;
  }
  return { runId: run.id, state: run.state, done, failed, total: run.total, etaMs };
}

/**
 * Settles a run's entries by the server's personal blocks, read before a leg
 * sends anything: a `sent` entry whose effect the server shows is `done`
 * (reconciled), else `pending` again; a `pending` entry whose effect is
 * already there is `skipped`. Returns every entry and the ones that changed.
 * @param entries - the run's entries.
 * @param blocked - the server's personal blocks, lowercase.
 * @param now - epoch ms.
 */
export function settleByServer(
  entries: readonly JournalEntry[],
  blocked: ReadonlySet<string>,
  now: number,
): { entries: JournalEntry[]; changed: JournalEntry[] } {
  const changed: JournalEntry[] = [];
  const settled = entries.map((entry) => {
    if (entry.state !== 'sent' && entry.state !== 'pending') return entry;
    const hasEffect = entry.kind === 'add' ? blocked.has(entry.domain) : !blocked.has(entry.domain);
    let next: JournalEntry;
    if (entry.state === 'sent') {
      next = hasEffect ? { ...entry, state: 'done', finishedAt: now, isReconciled: true } : { ...entry, state: 'pending' };
    } else if (hasEffect) {
      next = { ...entry, state: 'skipped', finishedAt: now };
    } else {
      return entry;
    }
    changed.push(next);
    return next;
  });
  return { entries: settled, changed };
}

/**
 * Cancels a run's unsent entries. A `sent` one is left only when the server
 * could not be read to settle it: it is recorded as failed with that doubt in
 * words, so that no entry of a cancelled run is left in between. Returns every
 * entry and the ones that changed.
 * @param entries - the run's entries.
 * @param now - epoch ms.
 */
export function cancelUnsent(entries: readonly JournalEntry[], now: number): { entries: JournalEntry[]; changed: JournalEntry[] } {
  const changed: JournalEntry[] = [];
  const cancelled = entries.map((entry) => {
    let next: JournalEntry;
    if (entry.state === 'pending') {
      next = { ...entry, state: 'cancelled', finishedAt: now };
    } else if (entry.state === 'sent') {
      next = {
        ...entry,
        state: 'failed',
        finishedAt: now,
        error: {
          kind: 'network',
          status: 0,
          message: 'Cancelled while the server could not be reached: it may or may not have been applied. The next plan shows what your server has.',
          code: 'cancelled-unreachable',
        },
      };
    } else {
      return entry;
    }
    changed.push(next);
    return next;
  });
  return { entries: cancelled, changed };
}
