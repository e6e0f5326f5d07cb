/**
 * Presets, previews, confirming and controlling a run, conflicts, and the
 * blocks on the server (`PlanIntents`, utils/protocol/plans.ts).
 */
import { findPreset } from '../../core/presets';
import { t } from '../../i18n/translate';
import type { PlanIntents } from '../../protocol';
import { updateBadge } from '../badge';
import { listBlocks, resolveConflict } from '../blocks';
import { previewPreset, previewUnblock } from '../change-previews';
import { listSubdomainOffers, previewSubdomainBlocks } from '../subdomain-offers';
import { confirmPlan } from '../confirm-plan';
import { discardPendingPlan, getPendingPlan, lostGroupsOf, preparePlan } from '../plans';
import { ReplyError } from '../reply-error';
import { cancelRun, getRunProgress, pauseRun, resumeRun } from '../runs';
import { connectAccount } from '../session';
import { getAccountSources } from '../sources';
import { requireActiveAccount, requireDomain, requireString, requireUsableAccount } from './checks';
import type { HandlerSlice } from './context';

export const PLAN_HANDLERS: HandlerSlice<PlanIntents> = {
  'hedge/set-preset': async (intent) => {
    const preset = findPreset(requireString(intent.presetId, 'bg_needsPreset'));
    if (!preset) throw new ReplyError('not-found', t('bg_presetUnknown'));
    if (typeof intent.enabled !== 'boolean') throw new ReplyError('invalid-input', t('bg_presetOnOrOff'));
    return previewPreset(await requireUsableAccount(), preset, intent.enabled);
  },

  'hedge/preview': async () => {
    const account = await requireUsableAccount();
    return preparePlan(await connectAccount(account), await getAccountSources(account.key), {});
  },

  'hedge/confirm-plan': async (intent, context) => {
    const account = await requireUsableAccount();
    const exclude = Array.isArray(intent.excludeDomains) ? intent.excludeDomains.filter((d): d is string => typeof d === 'string') : [];
    const runId = await confirmPlan(account, requireString(intent.planId, 'bg_needsPlan'), exclude);
    await context.onStateChanged();
    return { runId };
  },

  'hedge/plan-lost-accounts': async (intent) => {
    const account = await requireActiveAccount();
    const pending = await getPendingPlan(requireString(intent.planId, 'bg_needsPlan'));
    if (!pending || pending.accountKey !== account.key) throw new ReplyError('not-found', t('bg_planOutdated'));
    return lostGroupsOf(pending.plan.add);
  },

  'hedge/discard-plan': async (intent, context) => {
    const pending = await getPendingPlan(requireString(intent.planId, 'bg_needsPlan'));
    await discardPendingPlan(intent.planId);
    // A scheduled refresh waiting for the user's word shows on the badge and in the pages.
    if (pending?.confirmationReasons) {
      await updateBadge();
      await context.onStateChanged();
    }
    return null;
  },

  'hedge/run-control': async (intent, context) => {
    const account = await requireActiveAccount();
    // Any unfinished run of this account, also one stopped by a 401 or waiting for the network.
    const runId = (await getRunProgress(account.key))?.runId;
    if (intent.action === 'pause') await pauseRun(account.key, runId);
    else if (intent.action === 'resume') await resumeRun(account.key, runId);
    else if (intent.action === 'cancel') await cancelRun(account.key, runId);
    else throw new ReplyError('invalid-input', t('bg_chooseRunControl'));
    await context.onStateChanged();
    return null;
  },

  'hedge/resolve-conflict': async (intent, context) => {
    if (intent.resolution !== 'keep-unblocked' && intent.resolution !== 'block-again') {
      throw new ReplyError('invalid-input', t('bg_chooseConflict'));
    }
    await resolveConflict(await requireActiveAccount(), requireDomain(intent.domain), intent.resolution);
    await context.onStateChanged();
    return null;
  },

  'hedge/list-blocks': async () => listBlocks(await requireActiveAccount()),

  'hedge/unblock': async (intent) => {
    const account = await requireUsableAccount();
    return previewUnblock(account, requireDomain(intent.domain));
  },

  'hedge/subdomain-offers': async () => listSubdomainOffers(await requireUsableAccount()),

  'hedge/block-subdomains': async (intent) => {
    const account = await requireUsableAccount();
    const domains = Array.isArray(intent.domains) ? intent.domains.map(requireDomain) : [];
    return previewSubdomainBlocks(account, [...new Set(domains)]);
  },
};
