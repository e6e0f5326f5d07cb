/**
 * The plans of one change, each stored until the user confirms or discards
 * it: switching a preset, unsubscribing from a list, undoing a run,
 * unblocking a domain. Nothing reaches the server before the confirmation
 * (utils/background/confirm-plan.ts).
 */
import { undoOperations } from '../core/apply/create-run';
import type { Preset } from '../core/presets';
import { blockImpact, type SyncPlan } from '../core/plan';
import type { SourceChange } from '../core/source-changes';
import type { StoredAccount } from '../db/accounts';
import { createIdbJournalStore } from '../db/journal-store';
import { listOwnedBlocks } from '../db/owned-blocks';
import { t } from '../i18n/translate';
import { groupByDomain } from '../mastodon/relationships';
import type { PlanPreview } from '../protocol';
import { refreshAccountSnapshot, refreshPersonalBlocks } from './account-reads';
import { removeSubscriptionRecord } from './lists/remove-subscription';
import { requireSubscription } from './lists/subscription-store';
import { discardPendingPlan, preparePlan, storePendingPlan, toPlanPreview } from './plans';
import { blockCutsRelationships, hasMastodonImporter } from './server-capabilities';
import { ReplyError } from './reply-error';
import { connectAccount } from './session';
import { getAccountSources, loadDesiredState } from './sources';

const journal = createIdbJournalStore();

/**
 * The plan of switching a preset on or off: it adds only the preset's blocks, or removes only
 * Hedge's blocks made for it (issue 5 §1). The preset is switched when the plan is confirmed.
 */
export async function previewPreset(account: StoredAccount, preset: Pick<Preset, 'id'>, isEnabled: boolean): Promise<PlanPreview> {
  const sources = await getAccountSources(account.key);
  const presets = sources.presets.filter((id) => id !== preset.id);
  return preparePlan(await connectAccount(account), { ...sources, presets: isEnabled ? [...presets, preset.id] : presets }, {
    onlySource: { source: { kind: 'preset', id: preset.id }, add: isEnabled, remove: !isEnabled },
    changes: [{ kind: 'preset', presetId: preset.id, isEnabled }],
  });
}

/**
 * The plan of unsubscribing: only Hedge's blocks that no other source still
 * wants are removed (utils/core/plan.ts), and only what this list had Hedge
 * block: other sources' pending changes wait for their own preview. The
 * subscription is forgotten when that plan is confirmed, or at once when
 * there is nothing to remove (`isRemoved`); until then it stays in effect.
 */
export async function previewUnsubscribe(account: StoredAccount, subscriptionId: string): Promise<{ preview: PlanPreview; isRemoved: boolean }> {
  const subscription = await requireSubscription(account.key, subscriptionId);
  const preview = await preparePlan(await connectAccount(account), await getAccountSources(account.key), {
    withoutSubscriptionId: subscription.id,
    onlySource: { source: { kind: 'subscription', id: subscription.id }, add: false, remove: true },
  });
  if (preview.remove.length > 0) return { preview, isRemoved: false };
  await discardPendingPlan(preview.planId);
  await removeSubscriptionRecord(account.key, subscription.id);
  return { preview, isRemoved: true };
}

/**
 * The plan of undoing a run: what it blocked and Hedge still owns is unblocked, what it unblocked
 * is blocked again. Either stays so: an unblocked domain a source still wants is kept unblocked,
 * and a domain blocked again that no source wants any more becomes an "always block" entry
 * (which the user can remove), so that the next plan does not take the undo back.
 */
export async function previewUndo(account: StoredAccount, runId: string): Promise<PlanPreview> {
  const run = await journal.getRun(runId);
  if (!run || run.accountKey !== account.key) throw new ReplyError('not-found', t('bg_runGone'));
  const owned = new Set((await listOwnedBlocks(account.key)).map((block) => block.domain));
  const operations = undoOperations(await journal.listEntries(runId)).filter(
    (operation) => operation.kind === 'add' || owned.has(operation.domain),
  );
  if (operations.length === 0) throw new ReplyError('invalid-input', t('bg_nothingToUndo'));
  // Blocking again cuts whoever the user follows there now: shown as for any plan (the run saves them first, runs/start.ts).
  const snapshot = await refreshAccountSnapshot(await connectAccount(account));
  // Pleroma and Akkoma keep follows and followers across a personal domain block: nobody is lost there.
  const relationships = blockCutsRelationships(account) ? groupByDomain(snapshot.following, snapshot.followers) : new Map();
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
  const stored = await storePendingPlan({ accountKey: account.key, plan, changes, keepUnblockedOnConfirm, undoRunId: runId });
  return toPlanPreview(stored, { hasImporter: hasMastodonImporter(account) });
}

/**
 * The plan of unblocking one domain (lowercase punycode), whoever blocked it; a domain a source
 * wants is kept unblocked from then on.
 */
export async function previewUnblock(account: StoredAccount, domain: string): Promise<PlanPreview> {
  // Read again: the account may have no snapshot yet, or one from before a block made by hand.
  const personalBlocks = await refreshPersonalBlocks(await connectAccount(account));
  if (!personalBlocks.includes(domain)) {
    throw new ReplyError('not-found', t('bg_notBlocked', domain));
  }
  const sources = await getAccountSources(account.key);
  const owned = (await listOwnedBlocks(account.key)).find((block) => block.domain === domain);
  const plan: SyncPlan = {
    add: [],
    remove: [{ domain, provenance: owned?.provenance ?? [] }],
    unchanged: [],
    conflicts: [],
    forget: [],
    operations: 1,
  };
  const changes: SourceChange[] = sources.alwaysBlock.includes(domain)
    ? [{ kind: 'entry', list: 'always-block', domain: domain, action: 'remove' }]
    : [];
  // Whoever made the block: a source that still names the domain would otherwise block it again.
  const stored = await storePendingPlan({ accountKey: account.key, plan, changes, keepUnblockedOnConfirm: [domain] });
  return toPlanPreview(stored, { hasImporter: hasMastodonImporter(account) });
}
