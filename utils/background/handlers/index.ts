/**
 * The background's answers to intents (utils/protocol/). Each handler
 * checks its fields, does its work through utils/, and answers a `Reply`.
 * Failures become `HedgeError`s in words; the ones the user may not see
 * at once (the popup closes while the consent window is open) are kept as
 * the state's `lastError` until dismissed.
 */
import { getAccountsState, getActiveAccount, switchAccount, type StoredAccount } from '../../db/accounts';
import { normalizeDomain } from '../../core/domain';
import { findPreset } from '../../core/presets';
import type {
  ConsensusSetting,
  HedgeError,
  Intent,
  IntentOf,
  IntentType,
  Reply,
  ReplyValue,
} from '../../protocol';
import { CONTENT_SCRIPT_INTENTS } from '../../protocol';
import { MastodonError } from '../../mastodon/errors';
import { coreErrorMessage, domainErrorMessage } from '../../i18n/error-messages';
import { t, type MessageKey } from '../../i18n/translate';
import { toAccountView } from '../../db/accounts';
import { getAccountSnapshot } from '../../db/account-snapshots';
import { confirmImported, importAlternativeFile } from '../import-alternative';
import { discardPendingPlan, getPendingPlan, preparePlan } from '../plans';
import { refreshSubscriptionsNow, scheduleRefreshAlarm, updatePendingBadge } from '../refresh';
import {
  UserActionError,
  blockFromPage,
  confirmPlan,
  exportBlocks,
  listBlocks,
  listSnapshots,
  previewUndo,
  previewUnblock,
  resolveConflict,
  snapshotCsv,
} from '../run-handlers';
import { RunError, cancelRun, getRunProgress, listRuns, pauseRun, resumeRun } from '../runs';
import { connectAccount } from '../session';
import { lastErrorItem, updateSettings } from '../settings';
import { applySourceChanges, type SourceChange } from '../../core/source-changes';
import { getAccountSources, loadCombineInput, updateAccountSources } from '../sources';
import { SignInError, signInToInstance, signOutAccount, type SignInEnvironment } from '../sign-in';
import { buildHedgeState } from '../state';
import { buildVerdictSnapshotReply } from '../verdicts';
import {
  SubscriptionError,
  addSubscription,
  parseReportOf,
  removeSubscriptionRecord,
  requireSubscription,
  toSubscriptionView,
  updateSubscription,
} from '../lists/subscription-store';

/** Who sent an intent. */
export interface IntentSender {
  /** A content script in a tab (not one of Hedge's pages). */
  isContentScript: boolean;
  /** The page's origin for a content script: the instance it runs on. */
  origin?: string;
}

/** What handlers need besides storage. */
export interface HandlerContext {
  env: SignInEnvironment;
  sender: IntentSender;
  /** Called after anything the pages show has changed. */
  onStateChanged(): Promise<void>;
}

/** Runs `task` once the answer being returned has been sent: a timer fires after the reply's message has left. */
function afterReply(task: () => Promise<void>): void {
  setTimeout(() => {
    task().catch((error: unknown) => console.warn('Hedge: could not announce a change', error));
  }, 0);
}

type Handler<K extends IntentType> = (intent: IntentOf<K>, context: HandlerContext) => Promise<ReplyValue<K>>;
type HandlerTable = { [K in IntentType]: Handler<K> };

/** A handler's refusal of its input, in words. */
class InputError extends Error {
  constructor(
    readonly kind: HedgeError['kind'],
    message: string,
  ) {
    super(message);
  }
}

const handlers: HandlerTable = {
  'hedge/get-state': async () => buildHedgeState(),

  'hedge/sign-in': async (intent, context) => {
    const instance = requireString(intent.instance, 'bg_needsServerAddress');
    const account = await signInToInstance(instance, context.env);
    await lastErrorItem.setValue(null);
    await context.onStateChanged();
    return toAccountView(account);
  },

  'hedge/sign-out': async (intent, context) => {
    const outcome = await signOutAccount(requireString(intent.accountKey, 'bg_needsAccount'), context.env);
    if (outcome.revokeFailed) {
      const { host } = outcome;
      await lastErrorItem.setValue({
        kind: outcome.revokeFailed.kind,
        message: t('bg_signedOutRevokeFailed', host),
        at: Date.now(),
      });
    }
    await context.onStateChanged();
    return null;
  },

  'hedge/switch-account': async (intent, context) => {
    if (!(await switchAccount(requireString(intent.accountKey, 'bg_needsAccount')))) {
      throw new InputError('not-found', t('bg_accountGone'));
    }
    await context.onStateChanged();
    return null;
  },

  'hedge/dismiss-error': async (_intent, context) => {
    await lastErrorItem.setValue(null);
    await context.onStateChanged();
    return null;
  },

  'hedge/set-consensus': async (intent, context) => {
    await updateSettings({ consensus: requireConsensus(intent.consensus) });
    await context.onStateChanged();
    return null;
  },

  'hedge/set-refresh-interval': async (intent, context) => {
    const hours = intent.hours;
    if (typeof hours !== 'number' || !Number.isFinite(hours) || hours < 1 || hours > 24 * 30) {
      throw new InputError('invalid-input', t('bg_chooseRefreshInterval'));
    }
    await updateSettings({ refreshIntervalHours: hours });
    await scheduleRefreshAlarm(hours);
    await context.onStateChanged();
    return null;
  },

  'hedge/list-blocks': async () => listBlocks(await requireActiveAccount()),

  'hedge/set-preset': async (intent) => {
    const preset = findPreset(requireString(intent.presetId, 'bg_needsPreset'));
    if (!preset) throw new InputError('not-found', t('bg_presetUnknown'));
    if (typeof intent.enabled !== 'boolean') throw new InputError('invalid-input', t('bg_presetOnOrOff'));
    const account = await requireUsableAccount();
    const sources = await getAccountSources(account.key);
    const presets = sources.presets.filter((id) => id !== preset.id);
    // The switch adds only the preset's blocks, or removes only Hedge's blocks made for it (issue 5 §1).
    return preparePlan(await connectAccount(account), { ...sources, presets: intent.enabled ? [...presets, preset.id] : presets }, {
      onlySource: { source: { kind: 'preset', id: preset.id }, add: intent.enabled, remove: !intent.enabled },
      changes: [{ kind: 'preset', presetId: preset.id, isEnabled: intent.enabled }],
    });
  },

  'hedge/preview': async () => {
    const account = await requireUsableAccount();
    return preparePlan(await connectAccount(account), await getAccountSources(account.key), {});
  },

  'hedge/discard-plan': async (intent, context) => {
    const pending = await getPendingPlan(requireString(intent.planId, 'bg_needsPlan'));
    await discardPendingPlan(intent.planId);
    if (pending?.confirmationReasons) {
      await updatePendingBadge();
      await context.onStateChanged();
    }
    return null;
  },

  'hedge/manual-entry': async (intent, context) => {
    const account = await requireActiveAccount();
    if (intent.list !== 'always-block' && intent.list !== 'never-block') {
      throw new InputError('invalid-input', t('bg_chooseAlwaysOrNever'));
    }
    if (intent.action !== 'add' && intent.action !== 'remove') throw new InputError('invalid-input', t('bg_chooseAddOrRemove'));
    // A new "always block" entry is a wish to block: reserved names and canary rows are refused, as
    // combineSources would drop them silently. Removing takes any name an earlier version stored.
    const isWish = intent.list === 'always-block' && intent.action === 'add';
    const normalized = normalizeDomain(requireString(intent.domain, 'bg_needsDomain'), { forList: isWish });
    if ('error' in normalized) throw new InputError('invalid-input', domainErrorMessage(normalized.error));
    // Written after any write in progress (a plan being confirmed), from the sources as they are then.
    const change: SourceChange = { kind: 'entry', list: intent.list, domain: normalized.domain, action: intent.action };
    await updateAccountSources(account.key, (current) => applySourceChanges(current, [change]));
    await context.onStateChanged();
    return null;
  },

  'hedge/get-verdict-snapshot': async (_intent, context) => {
    const { accounts, activeKey } = await getAccountsState();
    const reply = await buildVerdictSnapshotReply(context.sender.origin, {
      accounts,
      activeKey,
      loadSources: (account) => loadCombineInput(account),
      loadServerState: async (account) => {
        const snapshot = await getAccountSnapshot(account.key);
        return snapshot && { personalBlocks: snapshot.personalBlocks, serverBlocks: snapshot.serverBlocks.blocks };
      },
    });
    if (!reply) throw new InputError('not-signed-in', t('bg_notSignedInHere'));
    return reply;
  },

  'hedge/confirm-plan': async (intent, context) => {
    const account = await requireUsableAccount();
    const exclude = Array.isArray(intent.excludeDomains) ? intent.excludeDomains.filter((d): d is string => typeof d === 'string') : [];
    const runId = await confirmPlan(account, requireString(intent.planId, 'bg_needsPlan'), exclude);
    await context.onStateChanged();
    return { runId };
  },

  'hedge/run-control': async (intent, context) => {
    const account = await requireActiveAccount();
    // Any unfinished run of this account, also one stopped by a 401 or waiting for the network.
    const runId = (await getRunProgress(account.key))?.runId;
    if (intent.action === 'pause') await pauseRun(account.key, runId);
    else if (intent.action === 'resume') await resumeRun(account.key, runId);
    else if (intent.action === 'cancel') await cancelRun(account.key, runId);
    else throw new InputError('invalid-input', t('bg_chooseRunControl'));
    await context.onStateChanged();
    return null;
  },

  'hedge/resolve-conflict': async (intent, context) => {
    if (intent.resolution !== 'keep-unblocked' && intent.resolution !== 'block-again') {
      throw new InputError('invalid-input', t('bg_chooseConflict'));
    }
    await resolveConflict(await requireActiveAccount(), intent.domain, intent.resolution);
    await context.onStateChanged();
    return null;
  },

  'hedge/unblock': async (intent) => previewUnblock(await requireUsableAccount(), intent.domain),
  'hedge/list-runs': async () => listRuns((await requireActiveAccount()).key),
  'hedge/undo-run': async (intent) => previewUndo(await requireUsableAccount(), requireString(intent.runId, 'bg_needsRun')),
  'hedge/list-relationship-snapshots': async () => listSnapshots(await requireActiveAccount()),
  'hedge/relationship-snapshot-csv': async (intent) =>
    snapshotCsv(await requireActiveAccount(), requireString(intent.snapshotId, 'bg_needsSavedFollows')),
  'hedge/import-alternative': async (intent) =>
    importAlternativeFile(await requireUsableAccount(), requireString(intent.planId, 'bg_needsPlan'), intent.excludeDomains),
  'hedge/import-alternative-done': async (intent, context) => {
    requireString(intent.planId, 'bg_needsPlan');
    const outcome = await confirmImported(await requireUsableAccount());
    await context.onStateChanged();
    return outcome;
  },
  'hedge/export': async (intent) => {
    const format = intent.format;
    if (format !== 'blocked-domains-csv' && format !== 'admin-csv' && format !== 'plain-text') {
      throw new InputError('invalid-input', t('bg_chooseExportFormat'));
    }
    return exportBlocks(await requireActiveAccount(), format);
  },

  'hedge/block-domain-from-page': async (intent, context) => {
    const { accounts, activeKey } = await getAccountsState();
    const onOrigin = accounts.filter((account) => account.origin === context.sender.origin);
    const account = onOrigin.find((a) => a.key === activeKey) ?? onOrigin[0];
    if (!account) throw new InputError('not-signed-in', t('bg_notSignedInHere'));
    if (account.status === 'signed-out-by-server') {
      throw new InputError('unauthorized', t('bg_signedOutByServerPage', new URL(account.origin).host));
    }
    const result = await blockFromPage(account, intent.domain);
    // A block waiting for its confirmation changed nothing; a broadcast would mark the page again and drop the question.
    // A queued block is announced after this answer has left: new verdicts first would mark the domain blocked
    // and remove the action row before the page could show the answer in it.
    if (result.outcome !== 'needs-confirmation') afterReply(context.onStateChanged);
    return result;
  },

  'hedge/subscription-add': async (intent, context) => {
    const account = await requireActiveAccount();
    const subscription = await addSubscription(account.key, intent.source);
    await context.onStateChanged();
    return toSubscriptionView(subscription);
  },

  /**
   * The plan of unsubscribing: only Hedge's blocks that no other source still
   * wants are removed (utils/core/plan.ts). The subscription is forgotten when
   * that plan is confirmed (run-handlers.ts `confirmPlan`), or at once when
   * there is nothing to remove; until then it stays in effect.
   */
  'hedge/subscription-remove': async (intent, context) => {
    const account = await requireUsableAccount();
    const subscription = await requireSubscription(account.key, requireString(intent.subscriptionId, 'bg_needsList'));
    // Only what this list had Hedge block: other sources' pending changes wait for their own preview.
    const preview = await preparePlan(await connectAccount(account), await getAccountSources(account.key), {
      withoutSubscriptionId: subscription.id,
      onlySource: { source: { kind: 'subscription', id: subscription.id }, add: false, remove: true },
    });
    if (preview.remove.length === 0) {
      await discardPendingPlan(preview.planId);
      await removeSubscriptionRecord(account.key, subscription.id);
      await context.onStateChanged();
    }
    return preview;
  },

  'hedge/subscription-update': async (intent, context) => {
    const account = await requireActiveAccount();
    const subscription = await updateSubscription(account.key, requireString(intent.subscriptionId, 'bg_needsList'), {
      silenceAs: intent.silenceAs,
      inConsensus: intent.inConsensus,
    });
    await context.onStateChanged();
    return toSubscriptionView(subscription);
  },

  'hedge/subscription-refresh': async (intent, context) => {
    const account = await requireActiveAccount();
    const id = intent.subscriptionId === undefined ? undefined : requireString(intent.subscriptionId, 'bg_needsList');
    if (id !== undefined) await requireSubscription(account.key, id);
    const results = await refreshSubscriptionsNow(account.key, id);
    await context.onStateChanged();
    const failed = results.find((result) => result.outcome === 'failed' || result.outcome === 'held');
    if (id !== undefined && failed) {
      throw new SubscriptionError('list-error', failed.subscription.lastFetch?.message ?? t('bg_listNotRefreshed', failed.subscription.name));
    }
    return null;
  },

  'hedge/parse-report': async (intent) =>
    parseReportOf((await requireActiveAccount()).key, requireString(intent.subscriptionId, 'bg_needsList')),
};

/** Answers one intent. Never throws: every failure is a `{ ok: false, error }` reply. */
export async function handleIntent(intent: Intent, context: HandlerContext): Promise<Reply<unknown>> {
  if (context.sender.isContentScript && !CONTENT_SCRIPT_INTENTS.has(intent.type)) {
    return { ok: false, error: { kind: 'denied', message: t('bg_notForWebPages') } };
  }
  const handler = handlers[intent.type] as Handler<IntentType>;
  try {
    return { ok: true, value: await handler(intent as IntentOf<IntentType>, context) };
  } catch (cause) {
    const error = toHedgeError(cause);
    if (isWorthKeeping(intent.type, error)) {
      await lastErrorItem.setValue({ ...error, at: Date.now() });
      await context.onStateChanged();
    }
    return { ok: false, error };
  }
}

/** Any failure as a `HedgeError`. */
export function toHedgeError(cause: unknown): HedgeError {
  if (cause instanceof MastodonError) return cause.toHedgeError();
  if (cause instanceof SignInError || cause instanceof InputError || cause instanceof UserActionError || cause instanceof SubscriptionError) {
    return { kind: cause.kind, message: cause.message };
  }
  const coreMessage = coreErrorMessage(cause);
  if (coreMessage !== null) return { kind: 'list-error', message: coreMessage };
  if (cause instanceof RunError) return { kind: 'busy', message: cause.message };
  const text = cause instanceof Error ? cause.message : String(cause);
  return { kind: 'server', message: t('bg_unexpectedProblem', text) };
}

/** Sign-in failures are kept: the popup is usually closed by the consent window by then. */
function isWorthKeeping(type: IntentType, error: HedgeError): boolean {
  return type === 'hedge/sign-in' && error.kind !== 'invalid-input';
}

/** The active account, whatever its status. */
async function requireActiveAccount(): Promise<StoredAccount> {
  const account = await getActiveAccount();
  if (!account) throw notSignedIn();
  return account;
}

/** The active account, which the server still accepts. */
async function requireUsableAccount(): Promise<StoredAccount> {
  const account = await requireActiveAccount();
  if (account.status === 'signed-out-by-server') {
    throw new InputError('unauthorized', t('bg_signedOutByServer', new URL(account.origin).host));
  }
  return account;
}

function notSignedIn(): InputError {
  return new InputError('not-signed-in', t('bg_signInFirst'));
}

function requireString(value: unknown, missing: MessageKey): string {
  if (typeof value !== 'string' || value.trim() === '') throw new InputError('invalid-input', t(missing));
  return value;
}

function requireConsensus(value: unknown): ConsensusSetting {
  if (value === null) return null;
  const setting = value as { kind?: unknown; min?: unknown };
  if (setting.kind === 'count' && Number.isInteger(setting.min) && (setting.min as number) >= 1) {
    return { kind: 'count', min: setting.min as number };
  }
  if (setting.kind === 'percent' && typeof setting.min === 'number' && setting.min > 0 && setting.min <= 100) {
    return { kind: 'percent', min: setting.min };
  }
  throw new InputError('invalid-input', t('bg_consensusRange'));
}
