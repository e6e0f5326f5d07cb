/**
 * The promises every fault test ends by checking (issue 7, point 2): whatever happened during a
 * run, when it is over
 * 1. the server's personal blocks equal the plan: every planned block is there and every planned
 *    unblock is gone, except operations that failed with a recorded reason and domains the user
 *    changed by hand during the run;
 * 2. no block the user made by hand was touched, not even by a request;
 * 3. every journal entry is final (done, skipped, or failed with a reason): nothing pending or sent;
 * 4. the follows and followers a block cut were saved before the block reached the server;
 * 5. no operation reached Mastodon's application twice.
 *
 * Pure: the integration suite feeds it from fake-indexeddb, the browser specs from the extension's
 * IndexedDB read in an extension page. Returns the violations in words, so a failing test says
 * which promise broke and for which domain.
 */
import type { RequestRecord } from '../fake-mastodon/index';

/** The path of Mastodon's personal domain blocks (app/controllers/api/v1/domain_blocks_controller.rb). */
export const DOMAIN_BLOCKS_PATH = '/api/v1/domain_blocks';

/** Statuses of a write refused before Mastodon acted on it: no token, or the rate limit. */
const REFUSED_BEFORE_ACTING = new Set([401, 403, 429]);

/** What the checker needs of a journal entry (utils/core/apply/types.ts `JournalEntry`). */
export interface CheckedEntry {
  kind: 'add' | 'remove';
  domain: string;
  state: string;
  error?: { message: string };
}

/** What the checker needs of a saved relationship snapshot (utils/db/schema.ts). */
export interface CheckedSnapshot {
  domain: string;
  takenAt: number;
}

export interface RunInvariantInput {
  /** The server's personal blocks when the plan was made. */
  before: readonly string[];
  /** The server's personal blocks now. */
  after: readonly string[];
  /** The confirmed plan: domains to block and to unblock. */
  plan: { add: readonly string[]; remove: readonly string[] };
  /** Blocks the user made by hand before the run. */
  manualBlocks: readonly string[];
  /** Every journal entry of the run (and of its resumed legs: one run, one journal). */
  entries: readonly CheckedEntry[];
  /** The relationship snapshots of the run. */
  snapshots: readonly CheckedSnapshot[];
  /** Planned blocks known to cut follows or followers: each needs a snapshot. */
  cutting?: readonly string[];
  /** The fake Mastodon's request log. */
  requests: readonly RequestRecord[];
  /** Domains the user blocked or unblocked on the web during the run: their state is the user's. */
  changedByUser?: readonly string[];
}

/** Writes to the personal domain blocks that Mastodon's application acted on, by method and domain. */
export function actedWrites(requests: readonly RequestRecord[]): Map<string, RequestRecord[]> {
  const writes = new Map<string, RequestRecord[]>();
  for (const request of requests) {
    if (request.path !== DOMAIN_BLOCKS_PATH || (request.method !== 'POST' && request.method !== 'DELETE')) continue;
    if (request.domain === undefined || REFUSED_BEFORE_ACTING.has(request.status)) continue;
    const key = `${request.method} ${request.domain}`;
    writes.set(key, [...(writes.get(key) ?? []), request]);
  }
  return writes;
}

/** Operations that reached Mastodon more than once (each `POST domain` or `DELETE domain` once). */
export function repeatedOperations(requests: readonly RequestRecord[]): string[] {
  return [...actedWrites(requests)].filter(([, sent]) => sent.length > 1).map(([key]) => key);
}

/**
 * Checks the five promises; an empty list means they all hold.
 * @param input - the plan, the server before and after, the journal, the snapshots and the request log.
 */
export function checkRunInvariants(input: RunInvariantInput): string[] {
  const violations: string[] = [];
  const after = new Set(input.after);
  const userChanged = new Set(input.changedByUser ?? []);
  const entries = new Map(input.entries.map((entry) => [entry.domain, entry]));
  const failedWithReason = new Set(
    input.entries.filter((entry) => entry.state === 'failed' && (entry.error?.message ?? '').trim() !== '').map((entry) => entry.domain),
  );

  // 1. The server equals the plan.
  const expected = new Set(input.before);
  for (const domain of input.plan.add) expected.add(domain);
  for (const domain of input.plan.remove) expected.delete(domain);
  for (const domain of new Set([...expected, ...after])) {
    if (expected.has(domain) === after.has(domain) || failedWithReason.has(domain) || userChanged.has(domain)) continue;
    violations.push(expected.has(domain) ? `${domain} should be blocked on the server but is not` : `${domain} is blocked on the server but the plan did not ask for it`);
  }

  // 2. Manual blocks untouched.
  const writes = actedWrites(input.requests);
  for (const domain of input.manualBlocks) {
    if (!after.has(domain) && !userChanged.has(domain)) violations.push(`the manual block ${domain} is gone`);
    const touched = input.requests.filter(
      (request) => request.path === DOMAIN_BLOCKS_PATH && request.domain === domain && (request.method === 'POST' || request.method === 'DELETE'),
    );
    if (touched.length > 0) violations.push(`the manual block ${domain} was written to ${touched.length} time(s)`);
  }

  // 3. Every journal entry final, failures with a reason; one entry per planned operation.
  for (const domain of [...input.plan.add, ...input.plan.remove]) {
    if (!entries.has(domain)) violations.push(`the journal has no entry for ${domain}`);
  }
  for (const entry of input.entries) {
    if (entry.state === 'done' || entry.state === 'skipped') continue;
    if (entry.state === 'failed') {
      if (!failedWithReason.has(entry.domain)) violations.push(`${entry.kind} ${entry.domain} failed without a reason`);
      continue;
    }
    violations.push(`${entry.kind} ${entry.domain} was left ${entry.state}`);
  }

  // 4. Relationships saved before the block that cut them.
  const snapshots = new Map(input.snapshots.map((snapshot) => [snapshot.domain, snapshot]));
  for (const domain of input.cutting ?? []) {
    const snapshot = snapshots.get(domain);
    const firstBlock = writes.get(`POST ${domain}`)?.[0];
    if (!snapshot) violations.push(`no relationships were saved before blocking ${domain}`);
    else if (firstBlock && firstBlock.at < snapshot.takenAt) {
      violations.push(`${domain} was blocked at ${firstBlock.at}, before its relationships were saved at ${snapshot.takenAt}`);
    }
  }

  // 5. No operation sent twice.
  for (const key of repeatedOperations(input.requests)) violations.push(`${key} reached the server ${writes.get(key)?.length} times`);
  return violations;
}
