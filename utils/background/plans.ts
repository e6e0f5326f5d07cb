/**
 * Plans waiting for the user's word. A plan is computed from fresh server
 * state (the account snapshot is read again first), kept in IndexedDB with the
 * source changes it carries, and applied only on `hedge/confirm-plan`; a
 * preset is switched on when its plan is confirmed, never before.
 *
 * Plans are large (every domain the sources name, with provenance), so few are
 * kept: an account has at most one waiting plan per kind and subject (one
 * preview, one per preset, per list being removed, per run being undone, per
 * domain being unblocked), and a plan nobody confirmed expires after
 * {@link PLAN_MAX_AGE_MS}. A scheduled refresh waiting for the user's word
 * stays until a newer refresh replaces it.
 */
import { storage } from 'wxt/utils/storage';
import type { Provenance, Severity, SourceRef } from '../core/model';
import { capLostGroups, type LostGroup } from '../core/lost-accounts';
import { computePlan, planOfRemovals, planOfSource, type DomainRelationships, type PlannedAdd, type SyncPlan } from '../core/plan';
import { listKeptUnblocked, listOwnedBlocks } from '../db/owned-blocks';
import { deletePendingPlans, putPendingPlan, putPendingPlanSoon, putPendingPlans, readPendingPlan, readPendingPlans } from '../db/pending-plans';
import type { PendingPlan, PlanKind } from '../db/schema';
import type { AccountKey, ConflictView, ConsensusSetting, PendingConfirmation, PlanPreview, PlannedChangeView } from '../protocol';
import type { DomainBlockPreview } from '../mastodon/domain-blocks';
import { MastodonError } from '../mastodon/errors';
import { groupByDomain } from '../mastodon/relationships';
import { conflictMessage } from '../i18n/error-messages';
import { provenanceComment } from '../i18n/source-name';
import { RELATIONSHIPS_MAX_AGE_MS, hasRoomForReads, refreshAccountSnapshot } from './account-reads';
import { adoptImportedBlocks } from './import-offers';
import { blockCutsRelationships, hasMastodonImporter } from './server-capabilities';
import { sharedDescriptions } from './shared-descriptions';
import type { AccountSources } from '../core/source-changes';
import { loadDesiredState } from './sources';
import type { AccountConnection } from './session';
import type { SourceChange } from '../core/source-changes';

/** Ask the server's preview endpoint (4.3+) for at most this many new blocks; beyond, count from the cache. */
const MAX_PREVIEW_REQUESTS = 10;

/** Rough time of one request when the window has room. */
const REQUEST_MS = 150;

/** A plan nobody confirmed is refused as outdated after a day: the server and the lists have moved on. */
export const PLAN_MAX_AGE_MS = 24 * 60 * 60_000;

/** Computes the plan of an account reaching `sourcesAfter`, stores it, and returns its preview. Throws a `MastodonError`. */
export async function preparePlan(
  connection: AccountConnection,
  sourcesAfter: AccountSources,
  options: {
    /** The consensus rule; the stored setting when omitted. */
    consensus?: ConsensusSetting;
    now?: () => number;
    withoutSubscriptionId?: string;
    /** Keep only the removals of these domains (`planOfRemovals`): entries whose time is up. */
    onlyRemovalsOf?: readonly string[];
    /** Keep only the changes this source is behind (`planOfSource`): a preset's switch, an unsubscription. */
    onlySource?: { source: Pick<SourceRef, 'kind' | 'id'>; add: boolean; remove: boolean };
    /** What confirming the plan changes in the account's sources (`PendingPlan.changes`); nothing when omitted. */
    changes?: readonly SourceChange[];
    /** Domains the user asked to block now, whatever Hedge's records say (`PlanInput.reblock`). */
    reblock?: readonly string[];
    /** What the plan is for: by default `preset` with `onlySource` a preset, `unsubscribe` without a list, else `preview`. */
    kind?: PlanKind;
  },
): Promise<PlanPreview> {
  const now = options.now ?? Date.now;
  const { account } = connection;
  const startedAt = now();
  // The lists are read and combined while the server answers: neither needs the other.
  const [first, desired] = await Promise.all([
    (async () => {
      const read = await refreshAccountSnapshot(connection, { now, relationshipsMaxAgeMs: RELATIONSHIPS_MAX_AGE_MS });
      // Blocks imported from Hedge's file become Hedge's before the plan asks whose each block is (import-offers.ts).
      await adoptImportedBlocks(account, read.personalBlocks, now());
      return read;
    })(),
    loadDesiredState(account, {
      sources: sourcesAfter,
      ...(options.withoutSubscriptionId === undefined ? {} : { withoutSubscriptionId: options.withoutSubscriptionId }),
      ...(options.consensus === undefined ? {} : { consensus: options.consensus }),
    }),
  ]);
  let snapshot = first;
  const [owned, keptUnblocked] = await Promise.all([listOwnedBlocks(account.key), listKeptUnblocked(account.key)]);
  // Pleroma and Akkoma keep follows and followers across a personal domain block: nobody is lost there.
  const relationships: ReadonlyMap<string, DomainRelationships> = blockCutsRelationships(account)
    ? groupByDomain(snapshot.following, snapshot.followers)
    : new Map();
  let input = {
    desired,
    serverBlocks: snapshot.personalBlocks,
    owned,
    keptUnblocked,
    reblock: new Set(options.reblock ?? []),
    relationships,
    ownDomain: account.localDomain,
  };
  const { onlySource, onlyRemovalsOf } = options;
  const scoped = (computed: SyncPlan): SyncPlan =>
    onlySource ? planOfSource(computed, onlySource.source, onlySource) : onlyRemovalsOf ? planOfRemovals(computed, onlyRemovalsOf) : computed;
  let plan = scoped(computePlan(input));
  // The server's own counts cost one request each: asked for only while the rate-limit window has room.
  const canAskServer = plan.add.length <= MAX_PREVIEW_REQUESTS && hasRoomForReads(account.key, plan.add.length, now());
  if (snapshot.server.hasBlockPreview && plan.add.length > 0 && canAskServer) {
    const previews = new Map<string, { followingCount: number; followersCount: number }>();
    for (const add of plan.add) {
      const preview = await askServerImpact(connection, add.domain);
      if (preview === 'rate-limited') break;
      if (preview) previews.set(add.domain, preview);
    }
    // Follows reused from an earlier read that the server counts otherwise changed since: the names
    // the run saves before blocking must be today's (app/services/after_block_domain_from_account_service.rb).
    const isReused = (snapshot.relationshipsFetchedAt ?? snapshot.fetchedAt) < startedAt;
    if (isReused && [...previews].some(([domain, counts]) => !countsAgree(counts, relationships.get(domain)))) {
      snapshot = await refreshAccountSnapshot(connection, { now });
      input = { ...input, relationships: groupByDomain(snapshot.following, snapshot.followers) };
    }
    plan = scoped(computePlan({ ...input, previews }));
  }
  const unsubscribe = options.withoutSubscriptionId === undefined ? {} : { unsubscribeId: options.withoutSubscriptionId };
  const changes = [...(options.changes ?? [])];
  const slot = options.kind ? { kind: options.kind } : onlySource?.source.kind === 'preset' ? { kind: 'preset' as const, subject: onlySource.source.id } : {};
  // Stored once the preview is on its way (utils/db/pending-plans.ts): confirming waits for the write.
  const stored = await storePendingPlan({ accountKey: account.key, plan, changes, ...unsubscribe, ...slot }, now, { isAfterReply: true });
  return toPlanPreview(stored, { hasImporter: hasMastodonImporter(account) });
}

/**
 * Keeps a plan until the user confirms or discards it, replacing the
 * account's plan of the same kind and subject and dropping expired ones.
 * @param options.isAfterReply - write it after the current task, once the caller's reply is sent
 *   (`putPendingPlanSoon`); reading it back waits for the write.
 */
export async function storePendingPlan(
  plan: Omit<PendingPlan, 'planId' | 'createdAt'>,
  now: () => number = Date.now,
  options: { isAfterReply?: boolean } = {},
): Promise<PendingPlan> {
  await moveFromStorageLocal();
  const pending: PendingPlan = { ...plan, planId: crypto.randomUUID(), createdAt: now() };
  const slot = planSlot(pending);
  const isReplaced = (stored: PendingPlan): boolean => planSlot(stored) === slot || isExpired(stored, pending.createdAt);
  if (options.isAfterReply) putPendingPlanSoon(pending, isReplaced);
  else await putPendingPlan(pending, isReplaced);
  return pending;
}

/** A stored plan, or null when it was confirmed, discarded, replaced, expired or never existed. */
export async function getPendingPlan(planId: string, now: () => number = Date.now): Promise<PendingPlan | null> {
  await moveFromStorageLocal();
  const pending = await readPendingPlan(planId);
  if (!pending) return null;
  if (!isExpired(pending, now())) return pending;
  await deletePendingPlans([planId]);
  return null;
}

/** An account's stored plans that have not expired, oldest first. */
export async function listPendingPlans(accountKey: AccountKey, now: () => number = Date.now): Promise<PendingPlan[]> {
  await moveFromStorageLocal();
  const at = now();
  const stored = await readPendingPlans(accountKey);
  await deletePendingPlans(stored.filter((pending) => isExpired(pending, at)).map((pending) => pending.planId));
  return stored.filter((pending) => !isExpired(pending, at)).sort((a, b) => a.createdAt - b.createdAt);
}

/** The scheduled refreshes of an account waiting for the user's word, oldest first. */
export async function listPendingConfirmations(accountKey: AccountKey): Promise<PendingConfirmation[]> {
  return (await listPendingPlans(accountKey)).flatMap((pending) =>
    pending.confirmationReasons === undefined
      ? []
      : [{ planId: pending.planId, accountKey, reasons: pending.confirmationReasons, createdAt: pending.createdAt }],
  );
}

/**
 * Marks a stored plan as waiting for the user's word after a scheduled refresh, or after entries
 * expired (`kind: 'expiry'`); it replaces an older waiting plan of the same kind.
 */
export async function markPendingConfirmation(planId: string, reasons: string[], kind: 'refresh' | 'expiry' = 'refresh'): Promise<void> {
  const pending = await getPendingPlan(planId);
  if (!pending) return;
  const marked: PendingPlan = { ...pending, kind, confirmationReasons: reasons };
  delete marked.subject;
  await putPendingPlan(marked, (stored) => planSlot(stored) === planSlot(marked));
}

/** Forgets a stored plan. */
export async function discardPendingPlan(planId: string): Promise<void> {
  await moveFromStorageLocal();
  await deletePendingPlans([planId]);
}

/**
 * The kind and subject a plan is kept under. Records stored without a kind
 * (by an earlier version, or a caller that gives none) are read from the
 * fields they carry.
 */
function planSlot(
  pending: Pick<PendingPlan, 'kind' | 'subject' | 'confirmationReasons' | 'undoRunId' | 'unsubscribeId' | 'keepUnblockedOnConfirm'>,
): string {
  const { confirmationReasons, undoRunId, unsubscribeId, keepUnblockedOnConfirm } = pending;
  const [kind, inferred]: [PlanKind, string | undefined] = pending.kind
    ? [pending.kind, undefined]
    : confirmationReasons
      ? ['refresh', undefined]
      : undoRunId
        ? ['undo', undoRunId]
        : unsubscribeId
          ? ['unsubscribe', unsubscribeId]
          : keepUnblockedOnConfirm
            ? ['unblock', keepUnblockedOnConfirm.join(' ')]
            : ['preview', undefined];
  const subject = pending.subject ?? inferred;
  return subject === undefined ? kind : `${kind} ${subject}`;
}

function isExpired(pending: PendingPlan, now: number): boolean {
  return pending.confirmationReasons === undefined && now - pending.createdAt > PLAN_MAX_AGE_MS;
}

const legacyPlansItem = storage.defineItem<Record<string, PendingPlan>>('local:pendingPlans', { version: 1, fallback: {} });
let moved: Promise<void> | undefined;

/** Plans stored by earlier versions in `storage.local` move to IndexedDB, once per start of the background. */
function moveFromStorageLocal(): Promise<void> {
  moved ??= (async () => {
    await putPendingPlans(Object.values(await legacyPlansItem.getValue()));
    await legacyPlansItem.removeValue({ removeMeta: true });
  })().catch((error: unknown) => {
    moved = undefined;
    throw error;
  });
  return moved;
}

/**
 * The server's own count of what blocking `domain` cuts. A 429 ends the asking: the plan counts
 * from the follows Hedge read instead of failing over an extra.
 */
async function askServerImpact(connection: AccountConnection, domain: string): Promise<DomainBlockPreview | null | 'rate-limited'> {
  try {
    return await connection.domainBlocks.preview(domain);
  } catch (error) {
    if (error instanceof MastodonError && error.kind === 'rate-limited') return 'rate-limited';
    throw error;
  }
}

function countsAgree(counts: { followingCount: number; followersCount: number }, known: DomainRelationships | undefined): boolean {
  return counts.followingCount === (known?.following.length ?? 0) && counts.followersCount === (known?.followers.length ?? 0);
}

/** The preview pages render: plain JSON, no token, accts of whom a block would cut. */
export function toPlanPreview(pending: PendingPlan, server: { hasImporter: boolean } = { hasImporter: true }): PlanPreview {
  const { plan } = pending;
  const named = new Map(lostGroupsOf(plan.add).map((group) => [group.domain, group]));
  const describeShared = sharedDescriptions(describe);
  const cutsNobody = { followingCount: 0, followersCount: 0, following: [], followers: [] };
  const add = plan.add.map((change): PlannedChangeView => ({
    domain: change.domain,
    ...describeShared(change.domain, change.provenance),
    change: 'add',
    impact: impactView(change, named.get(change.domain), cutsNobody),
  }));
  const remove = plan.remove.map(
    (change): PlannedChangeView => ({ domain: change.domain, ...describeShared(change.domain, change.provenance), change: 'remove', impact: null }),
  );
  const conflicts = plan.conflicts.map((conflict): ConflictView => ({
    domain: conflict.domain,
    reason: conflict.kind === 'unblocked-by-you' ? 'user-unblocked' : 'other',
    message: conflictMessage(conflict),
    sources: uniqueSources(conflict.provenance),
  }));
  return {
    planId: pending.planId,
    accountKey: pending.accountKey,
    createdAt: pending.createdAt,
    summary: summarize(plan),
    add,
    remove,
    unchangedCount: plan.unchanged.length,
    conflicts,
    operationCount: plan.operations,
    estimatedMs: plan.slow?.durationMs ?? plan.operations * REQUEST_MS,
    importAlternative: plan.slow && server.hasImporter ? { fileName: 'blocked_domains.csv', domainCount: plan.slow.importDomains.length } : null,
  };
}

const SEVERITY_ORDER: Record<Severity, number> = { noop: 0, silence: 1, suspend: 2 };

function describe(domain: string, provenance: readonly Provenance[]): Omit<PlannedChangeView, 'change' | 'impact'> {
  const severity = provenance.reduce<Severity>(
    (highest, item) => (SEVERITY_ORDER[item.severity] > SEVERITY_ORDER[highest] ? item.severity : highest),
    'noop',
  );
  return {
    domain,
    sources: uniqueSources(provenance),
    severity,
    labels: [...new Set(provenance.flatMap((item) => item.labels))],
    ...ruleLabelsOf(provenance),
    comments: [
      ...new Set(
        provenance.flatMap((item) => {
          const comment = provenanceComment(item);
          return comment ? [comment] : [];
        }),
      ),
    ],
  };
}

/** The labels whose rules decided, named before the row's other labels. */
function ruleLabelsOf(provenance: readonly Provenance[]): { ruleLabels?: string[] } {
  const ruleLabels = [...new Set(provenance.flatMap((item) => item.ruleLabels ?? []))];
  return ruleLabels.length === 0 ? {} : { ruleLabels };
}

function uniqueSources(provenance: readonly Provenance[]): SourceRef[] {
  const byKey = new Map(provenance.map((item) => [`${item.source.kind}:${item.source.id}`, item.source]));
  return [...byKey.values()];
}

/**
 * Whom the plan's new blocks cut, by domain, the first few of each (`capLostGroups`): names come
 * from the follows Hedge read, counts from the server's preview when it gave one.
 * @param adds - the plan's new blocks.
 */
export function lostGroupsOf(adds: readonly PlannedAdd[]): LostGroup[] {
  // Only blocks that cut someone make a group (`capLostGroups` drops the others): most of a long plan is left out at once.
  const cutsSomeone = ({ impact }: PlannedAdd): boolean =>
    impact.followingCount + impact.followersCount + (impact.accounts?.following.length ?? 0) + (impact.accounts?.followers.length ?? 0) > 0;
  return capLostGroups(
    adds.flatMap((add) => {
      const { domain, impact } = add;
      return impact.accounts && cutsSomeone(add) ? [{ domain, followingCount: impact.followingCount, followersCount: impact.followersCount, ...impact.accounts }] : [];
    }),
  );
}

/** @param cutsNobody - one object for every block that cuts nobody known, shared by their rows. */
function impactView({ impact }: PlannedAdd, named: LostGroup | undefined, cutsNobody: NonNullable<PlannedChangeView['impact']>): PlannedChangeView['impact'] {
  const isNobody = impact.followingCount === 0 && impact.followersCount === 0 && impact.accounts && named === undefined;
  if (isNobody) return cutsNobody;
  return {
    followingCount: impact.followingCount,
    followersCount: impact.followersCount,
    ...(impact.accounts ? { following: named?.following ?? [], followers: named?.followers ?? [] } : {}),
  };
}

/** One or two sentences: what the plan does and whom it cuts. */
function summarize(plan: SyncPlan): string {
  if (plan.add.length === 0 && plan.remove.length === 0) {
    return plan.conflicts.length > 0 ? 'Nothing changes until you decide about the domains below.' : 'Nothing to change.';
  }
  const sentences: string[] = [];
  if (plan.add.length > 0) {
    const names = plan.add.slice(0, 3).map((change) => change.domain).join(', ');
    const more = plan.add.length > 3 ? ` and ${plan.add.length - 3} more` : '';
    sentences.push(`Blocks ${plural(plan.add.length, 'domain')}: ${names}${more}.`);
    const following = plan.add.reduce((sum, change) => sum + change.impact.followingCount, 0);
    const followers = plan.add.reduce((sum, change) => sum + change.impact.followersCount, 0);
    if (following > 0 || followers > 0) {
      const where = plan.add.filter((change) => change.impact.followingCount + change.impact.followersCount > 0).map((c) => c.domain);
      sentences.push(
        `You follow ${plural(following, 'account')} and are followed by ${plural(followers, 'account')} on ${where.join(', ')}. ` +
          'Blocking removes those follows; Hedge saves them so you can restore them later.',
      );
    }
  }
  if (plan.remove.length > 0) sentences.push(`Unblocks ${plural(plan.remove.length, 'domain')} Hedge had blocked.`);
  return sentences.join(' ');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
