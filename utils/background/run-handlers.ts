/**
 * The intents about applying: confirming a plan, run control, history and
 * undo, saved relationships, unblocking, conflicts, export, and "Block domain
 * with Hedge" from a Mastodon page. They turn the user's word into calls to
 * runs.ts and the stores, and never send anything before a confirmation:
 * the page action's click confirms a block that cuts nobody, and a second
 * click confirms one whose impact it has shown.
 */
import { storage } from 'wxt/utils/storage';
import type { StoredAccount } from '../db/accounts';
import { undoOperations } from '../core/apply/create-run';
import { isReservedDomain, normalizeDomain } from '../core/domain';
import { adminRowsFromDesired, buildAdminBlocksCsv, buildBlockedDomainsCsv, buildPlainText, type ExportFile } from '../core/export';
import { blockImpact, type SyncPlan } from '../core/plan';
import { createIdbJournalStore } from '../db/journal-store';
import { forgetKeptUnblocked, forgetOwnedBlocks, keepUnblocked, listOwnedBlocks } from '../db/owned-blocks';
import { followsCsvOf, getRelationshipSnapshot, listRelationshipSnapshots } from '../db/relationship-snapshots';
import type { BlockFromPageResult, BlockRow, DownloadFile, PlanPreview, RelationshipSnapshotSummary } from '../protocol';
import { refreshAccountSnapshot, refreshPersonalBlocks } from './account-reads';
import { discardPendingPlan, getPendingPlan, preparePlan, storePendingPlan, toPlanPreview } from './plans';
import { startRun, undoRun } from './runs';
import { connectAccount } from './session';
import { domainErrorMessage } from '../i18n/error-messages';
import { groupByDomain } from '../mastodon/relationships';
import { t, tCount } from '../i18n/translate';
import { applySourceChanges, type SourceChange } from '../core/source-changes';
import { getAccountSources, loadDesiredState, updateAccountSources } from './sources';
import { removeSubscriptionRecord } from './lists/subscription-store';

/** A refusal the user can act on; handlers.ts turns it into a reply. */
export class UserActionError extends Error {
  constructor(
    readonly kind: 'invalid-input' | 'not-found' | 'busy',
    message: string,
  ) {
    super(message);
  }
}

const journal = createIdbJournalStore();

/** Applies a confirmed plan, leaving out the domains the user unticked. Returns the run's id. */
export async function confirmPlan(account: StoredAccount, planId: string, excludeDomains: readonly string[]): Promise<string> {
  const pending = await getPendingPlan(planId);
  // A plan stored without its changes (before they were kept) could only write back a stale copy of the settings.
  if (!pending || pending.accountKey !== account.key || !pending.changes) {
    throw new UserActionError('not-found', t('bg_planOutdated'));
  }
  const changes = pending.changes;
  const excluded = new Set(excludeDomains.map((domain) => domain.toLowerCase()));
  const add = pending.plan.add.filter((change) => !excluded.has(change.domain));
  const remove = pending.plan.remove.filter((change) => !excluded.has(change.domain));
  const plan: SyncPlan = { ...pending.plan, add, remove, operations: add.length + remove.length };
  // Taken with the run, so that a plan refused as busy (another window's run) changes nothing and
  // stays to be confirmed later.
  const applyChoices = async (): Promise<void> => {
    // Two windows confirming one plan: the second finds it gone.
    if (!(await getPendingPlan(planId))) throw new UserActionError('not-found', t('bg_planOutdated'));
    await discardPendingPlan(planId);
    if (changes.length > 0) await updateAccountSources(account.key, (current) => applySourceChanges(current, changes));
    await keepWantedUnblocked(account, (pending.keepUnblockedOnConfirm ?? []).filter((domain) => !excluded.has(domain)));
    if (pending.unsubscribeId) await removeSubscriptionRecord(account.key, pending.unsubscribeId);
  };
  if (pending.undoRunId) return undoRun(pending.undoRunId, { onAccepted: applyChoices });
  if (plan.operations === 0) {
    await applyChoices();
    throw new UserActionError('invalid-input', t('bg_planEmpty'));
  }
  return startRun(account.key, plan, { onAccepted: applyChoices });
}

/**
 * A domain the user unblocks (by undo or by hand) that a source still wants is kept unblocked,
 * or the next plan, and a scheduled refresh by itself, would block it again.
 */
async function keepWantedUnblocked(account: StoredAccount, domains: readonly string[]): Promise<void> {
  if (domains.length === 0) return;
  const desired = await loadDesiredState(account);
  for (const domain of domains) if (desired.get(domain)?.action === 'block') await keepUnblocked(account.key, domain);
}

/**
 * The plan of undoing a run: what it blocked and Hedge still owns is unblocked, what it unblocked
 * is blocked again. Either stays so: an unblocked domain a source still wants is kept unblocked,
 * and a domain blocked again that no source wants any more becomes an "always block" entry
 * (which the user can remove), so that the next plan does not take the undo back.
 */
export async function previewUndo(account: StoredAccount, runId: string): Promise<PlanPreview> {
  const run = await journal.getRun(runId);
  if (!run || run.accountKey !== account.key) throw new UserActionError('not-found', t('bg_runGone'));
  const owned = new Set((await listOwnedBlocks(account.key)).map((block) => block.domain));
  const operations = undoOperations(await journal.listEntries(runId)).filter(
    (operation) => operation.kind === 'add' || owned.has(operation.domain),
  );
  if (operations.length === 0) throw new UserActionError('invalid-input', t('bg_nothingToUndo'));
  // Blocking again cuts whoever the user follows there now: shown as for any plan (runs.ts saves them first).
  const snapshot = await refreshAccountSnapshot(await connectAccount(account));
  const relationships = groupByDomain(snapshot.following, snapshot.followers);
  const plan: SyncPlan = {
    add: operations
      .filter((operation) => operation.kind === 'add')
      .map((operation) => ({ domain: operation.domain, provenance: operation.provenance, impact: blockImpact(operation.domain, relationships) })),
    remove: operations.filter((operation) => operation.kind === 'remove').map((operation) => ({ domain: operation.domain, provenance: operation.provenance })),
    unchanged: [],
    conflicts: [],
    forget: [],
    operations: operations.length,
  };
  const desired = await loadDesiredState(account);
  const changes = plan.add.flatMap((change): SourceChange[] =>
    desired.get(change.domain)?.action === 'block' ? [] : [{ kind: 'entry', list: 'always-block', domain: change.domain, action: 'add' }],
  );
  const keepUnblockedOnConfirm = plan.remove.map((change) => change.domain);
  return toPlanPreview(await storePendingPlan({ accountKey: account.key, plan, changes, keepUnblockedOnConfirm, undoRunId: runId }));
}

/** The plan of unblocking one domain, whoever blocked it; a domain a source wants is kept unblocked from then on. */
export async function previewUnblock(account: StoredAccount, domain: string): Promise<PlanPreview> {
  const normalized = requireDomain(domain);
  // Read again: the account may have no snapshot yet, or one from before a block made by hand.
  const personalBlocks = await refreshPersonalBlocks(await connectAccount(account));
  if (!personalBlocks.includes(normalized)) {
    throw new UserActionError('not-found', t('bg_notBlocked', normalized));
  }
  const sources = await getAccountSources(account.key);
  const owned = (await listOwnedBlocks(account.key)).find((block) => block.domain === normalized);
  const plan: SyncPlan = {
    add: [],
    remove: [{ domain: normalized, provenance: owned?.provenance ?? [] }],
    unchanged: [],
    conflicts: [],
    forget: [],
    operations: 1,
  };
  const changes: SourceChange[] = sources.alwaysBlock.includes(normalized)
    ? [{ kind: 'entry', list: 'always-block', domain: normalized, action: 'remove' }]
    : [];
  // Whoever made the block: a source that still names the domain would otherwise block it again.
  return toPlanPreview(await storePendingPlan({ accountKey: account.key, plan, changes, keepUnblockedOnConfirm: [normalized] }));
}

/** The user's decision about a domain they unblocked after Hedge had blocked it. */
export async function resolveConflict(account: StoredAccount, domain: string, resolution: 'keep-unblocked' | 'block-again'): Promise<void> {
  const normalized = requireDomain(domain);
  if (resolution === 'keep-unblocked') {
    await keepUnblocked(account.key, normalized);
    return;
  }
  // Without Hedge's record of the block the user removed, the next plan adds the domain again.
  await forgetKeptUnblocked(account.key, normalized);
  await forgetOwnedBlocks(account.key, [normalized]);
}

/** Every personal block with its origin: Hedge's own (with sources) or the user's. */
export async function listBlocks(account: StoredAccount): Promise<BlockRow[]> {
  const personalBlocks = await refreshPersonalBlocks(await connectAccount(account));
  const owned = new Map((await listOwnedBlocks(account.key)).map((block) => [block.domain, block]));
  return personalBlocks.map((domain) => {
    const record = owned.get(domain);
    return record
      ? { domain, origin: 'hedge' as const, sources: [...new Map(record.provenance.map((p) => [`${p.source.kind}:${p.source.id}`, p.source])).values()] }
      : { domain, origin: 'user' as const, sources: [] };
  });
}

/** The relationships saved before blocks, newest first. */
export async function listSnapshots(account: StoredAccount): Promise<RelationshipSnapshotSummary[]> {
  const snapshots = await listRelationshipSnapshots(account.key);
  return snapshots
    .map((snapshot) => ({
      snapshotId: snapshot.id,
      accountKey: snapshot.accountKey,
      domain: snapshot.domain,
      takenAt: snapshot.takenAt,
      followingCount: snapshot.following.length,
      followersCount: snapshot.followers.length,
    }))
    .sort((a, b) => b.takenAt - a.takenAt);
}

/** Mastodon's following-import CSV of one saved snapshot. */
export async function snapshotCsv(account: StoredAccount, snapshotId: string): Promise<DownloadFile> {
  const snapshot = await getRelationshipSnapshot(snapshotId);
  if (!snapshot || snapshot.accountKey !== account.key) throw new UserActionError('not-found', t('bg_savedFollowsGone'));
  return toDownload(followsCsvOf([snapshot]));
}

/** The account's blocks as a file for Mastodon's import, an admin CSV, or plain text. */
export async function exportBlocks(account: StoredAccount, format: 'blocked-domains-csv' | 'admin-csv' | 'plain-text'): Promise<DownloadFile> {
  const blocks = await refreshPersonalBlocks(await connectAccount(account));
  if (format === 'blocked-domains-csv') {
    const [first, ...moreParts] = buildBlockedDomainsCsv(blocks);
    if (!first) throw new UserActionError('invalid-input', t('bg_nothingToExport'));
    return moreParts.length === 0 ? toDownload(first) : { ...toDownload(first), moreParts: moreParts.map(toDownload) };
  }
  if (format === 'plain-text') return toDownload(buildPlainText(blocks, ['Personal domain blocks exported by Hedge']));
  // The admin CSV shares what the account wants: its sources, with the blocks on the server as its own entries.
  const sources = await getAccountSources(account.key);
  const desired = await loadDesiredState(account, { sources: { ...sources, alwaysBlock: [...sources.alwaysBlock, ...blocks] } });
  return toDownload(buildAdminBlocksCsv(adminRowsFromDesired(desired)));
}

/** How long the impact "Block domain with Hedge" showed waits for the confirming click. */
const PAGE_CONFIRMATION_MS = 2 * 60_000;

/**
 * When a page's block was last shown with its impact, by `<account key> <domain>`. In the session
 * area, which content scripts cannot read, and which outlives the service worker's idle stops.
 */
const pageConfirmationsItem = storage.defineItem<Record<string, number>>('session:pageBlockConfirmations', { fallback: {} });

/**
 * "Block domain with Hedge" on a Mastodon page: an always-block entry, and a
 * run of that one block (its follows saved first, as for any run). A block
 * that cuts follows or followers is first answered with its impact, as every
 * other preview is, and runs on the second click within two minutes; until
 * then nothing is stored or sent.
 */
export async function blockFromPage(account: StoredAccount, domain: string, now: number = Date.now()): Promise<BlockFromPageResult> {
  const normalized = requireDomain(domain);
  const ownDomain = normalizeDomain(account.localDomain);
  if (!('error' in ownDomain) && ownDomain.domain === normalized) {
    throw new UserActionError('invalid-input', t('bg_ownServerNotBlocked', normalized));
  }
  // Plans leave reserved names out (utils/core/domain.ts), so the plan alone would call it "already blocked".
  if (isReservedDomain(normalized)) {
    throw new UserActionError('invalid-input', t('bg_reservedNotBlocked', normalized));
  }
  const changes: SourceChange[] = [{ kind: 'entry', list: 'always-block', domain: normalized, action: 'add' }];
  // The click is the user's word: a choice to keep the domain unblocked, or Hedge's record of a block
  // removed since (a conflict), no longer holds it back.
  const alwaysBlock = async () => {
    await updateAccountSources(account.key, (current) => applySourceChanges(current, changes));
    await forgetKeptUnblocked(account.key, normalized);
  };
  const sourcesAfter = applySourceChanges(await getAccountSources(account.key), changes);
  const preview = await preparePlan(await connectAccount(account), sourcesAfter, { kind: 'page-block', reblock: [normalized] });
  const pending = await getPendingPlan(preview.planId);
  await discardPendingPlan(preview.planId);
  const change = pending?.plan.add.find((add) => add.domain === normalized);
  if (!pending || !change) {
    await alwaysBlock();
    return { domain: normalized, outcome: 'already-blocked', message: t('bg_alreadyBlocked', normalized) };
  }

  const { followingCount, followersCount } = change.impact;
  const asked = await pageConfirmationsItem.getValue();
  const key = `${account.key} ${normalized}`;
  const { [key]: askedAt, ...others } = asked;
  const fresh = Object.fromEntries(Object.entries(others).filter(([, at]) => now - at < PAGE_CONFIRMATION_MS));
  if (followingCount + followersCount > 0 && (askedAt === undefined || now - askedAt >= PAGE_CONFIRMATION_MS)) {
    await pageConfirmationsItem.setValue({ ...fresh, [key]: now });
    const cut = t('bg_cutBoth', tCount('bg_cutFollowing', followingCount), tCount('bg_cutFollowers', followersCount));
    return {
      domain: normalized,
      outcome: 'needs-confirmation',
      message: t('bg_pageBlockConfirm', normalized, cut),
    };
  }
  await pageConfirmationsItem.setValue(fresh);
  // The entry is stored with the run, so that a block refused as busy leaves nothing for the next plan to apply.
  await startRun(account.key, { ...pending.plan, add: [change], remove: [], conflicts: [], forget: [], operations: 1 }, { onAccepted: alwaysBlock });
  return { domain: normalized, outcome: 'queued', message: t('bg_pageBlocking', normalized) };
}

function requireDomain(domain: unknown): string {
  if (typeof domain !== 'string') throw new UserActionError('invalid-input', t('bg_needsDomain'));
  const normalized = normalizeDomain(domain);
  if ('error' in normalized) throw new UserActionError('invalid-input', domainErrorMessage(normalized.error));
  return normalized.domain;
}

function toDownload(file: ExportFile): DownloadFile {
  return { fileName: file.filename, mimeType: file.type, text: file.text };
}
