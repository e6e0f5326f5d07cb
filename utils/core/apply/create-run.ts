import type { Provenance } from '../model.ts';
import type { ApplyRun, JournalEntry, OperationKind } from './types.ts';

/** One change to send: block or unblock a domain, and why. */
export interface Operation {
  kind: OperationKind;
  /** Lowercase punycode. */
  domain: string;
  provenance: Provenance[];
}

/** A new run and its journal, to be written in one step before anything is sent. */
export interface NewRun {
  run: ApplyRun;
  entries: JournalEntry[];
}

/**
 * Builds a run in the `running` state with every operation `pending`, in the
 * order given. Refuses a run that names a domain twice: two operations on one
 * domain in one run would make its outcome depend on timing.
 * @param id - a unique run id.
 * @param accountKey - the account it applies to.
 * @param operations - the changes, in the order to send them.
 * @param now - epoch ms.
 * @param undoOf - the run this one undoes, if any.
 */
export function createRun(id: string, accountKey: string, operations: readonly Operation[], now: number, undoOf?: string): NewRun {
  const seen = new Set<string>();
  for (const operation of operations) {
    if (seen.has(operation.domain)) throw new Error(`The run names ${operation.domain} twice.`);
    seen.add(operation.domain);
  }
  const run: ApplyRun = { id, accountKey, state: 'running', createdAt: now, updatedAt: now, total: operations.length };
  if (undoOf !== undefined) run.undoOf = undoOf;
  const entries = operations.map((operation, seq): JournalEntry => ({
    runId: id,
    seq,
    kind: operation.kind,
    domain: operation.domain,
    state: 'pending',
    attempts: 0,
    provenance: operation.provenance,
  }));
  return { run, entries };
}

/**
 * The operations that undo a run: every block it made is removed and every
 * block it removed is made again. Operations that did not happen are left out.
 * @param entries - the journal of the run to undo.
 */
export function undoOperations(entries: readonly JournalEntry[]): Operation[] {
  return entries
    .filter((entry) => entry.state === 'done')
    .map((entry) => ({ kind: entry.kind === 'add' ? 'remove' : 'add', domain: entry.domain, provenance: entry.provenance }));
}
