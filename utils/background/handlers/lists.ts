/**
 * Subscribed lists, the consensus, the refresh interval and the user's own
 * entries (`ListIntents`, utils/protocol/lists.ts).
 */
import { summarizeOverlap } from '../../core/list-overlap';
import { t } from '../../i18n/translate';
import type { ConsensusSetting, ListIntents } from '../../protocol';
import { previewUnsubscribe } from '../change-previews';
import { updateBadge } from '../badge';
import { addSubscription } from '../lists/add-subscription';
import { suggestFediseerServers } from '../lists/fediseer';
import { browseFiresServer } from '../lists/fires-server';
import { parseReportOf } from '../lists/list-copies';
import { requireSubscription, toSubscriptionView, updateSubscription } from '../lists/subscription-store';
import { refreshSubscriptionsNow, scheduleRefreshAlarm } from '../refresh';
import { ReplyError } from '../reply-error';
import { updateSettings } from '../settings';
import { changeOwnEntry, loadCombineInput } from '../sources';
import { requireActiveAccount, requireDomain, requireExpiry, requireString, requireUsableAccount } from './checks';
import { answerDueDomains } from '../lists/list-due-answer';
import type { HandlerSlice } from './context';

export const LIST_HANDLERS: HandlerSlice<ListIntents> = {
  'hedge/subscription-add': async (intent, context) => {
    const account = await requireActiveAccount();
    const subscription = await addSubscription(account.key, intent.source);
    await context.onStateChanged();
    return toSubscriptionView(subscription);
  },

  'hedge/fires-datasets': async (intent) => {
    await requireActiveAccount();
    return browseFiresServer(intent.serverUrl);
  },

  'hedge/fediseer-suggest': async (intent) => {
    const account = await requireActiveAccount();
    return { servers: await suggestFediseerServers(intent.baseUrl, account.localDomain || new URL(account.origin).host) };
  },

  'hedge/subscription-remove': async (intent, context) => {
    const account = await requireUsableAccount();
    const { preview, isRemoved } = await previewUnsubscribe(account, requireString(intent.subscriptionId, 'bg_needsList'));
    if (isRemoved) await context.onStateChanged();
    return preview;
  },

  'hedge/subscription-update': async (intent, context) => {
    const account = await requireActiveAccount();
    const subscription = await updateSubscription(account.key, requireString(intent.subscriptionId, 'bg_needsList'), {
      silenceAs: intent.silenceAs,
      inConsensus: intent.inConsensus,
      isAllowlist: intent.isAllowlist,
      labelRules: intent.labelRules,
      applyForDays: intent.applyForDays,
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
      throw new ReplyError('list-error', failed.subscription.lastFetch?.message ?? t('bg_listNotRefreshed', failed.subscription.name));
    }
    return null;
  },

  'hedge/parse-report': async (intent) =>
    parseReportOf((await requireActiveAccount()).key, requireString(intent.subscriptionId, 'bg_needsList')),

  'hedge/set-consensus': async (intent, context) => {
    await updateSettings({ consensus: requireConsensus(intent.consensus) });
    await context.onStateChanged();
    return null;
  },

  'hedge/set-refresh-interval': async (intent, context) => {
    const hours = intent.hours;
    if (typeof hours !== 'number' || !Number.isFinite(hours) || hours < 1 || hours > 24 * 30) {
      throw new ReplyError('invalid-input', t('bg_chooseRefreshInterval'));
    }
    await updateSettings({ refreshIntervalHours: hours });
    await scheduleRefreshAlarm(hours);
    await context.onStateChanged();
    return null;
  },

  'hedge/list-due': async (intent, context) => {
    const account = await requireUsableAccount();
    if (intent.action !== 'keep' && intent.action !== 'remove') throw new ReplyError('invalid-input', t('bg_chooseKeepOrRemove'));
    if (!Array.isArray(intent.domains) || intent.domains.length === 0) throw new ReplyError('invalid-input', t('bg_needsDomain'));
    const domains = intent.domains.map(requireDomain);
    await answerDueDomains(account.key, requireString(intent.subscriptionId, 'bg_needsList'), domains, intent.action);
    // The badge's "?" counted these domains as due.
    await updateBadge();
    await context.onStateChanged();
    return null;
  },

  'hedge/manual-entry': async (intent, context) => {
    const account = await requireActiveAccount();
    if (intent.list !== 'always-block' && intent.list !== 'never-block') {
      throw new ReplyError('invalid-input', t('bg_chooseAlwaysOrNever'));
    }
    if (intent.action !== 'add' && intent.action !== 'remove') throw new ReplyError('invalid-input', t('bg_chooseAddOrRemove'));
    const expiresAt = intent.list === 'always-block' && intent.action === 'add' ? requireExpiry(intent.duration, Date.now()) : undefined;
    await changeOwnEntry(account.key, {
      list: intent.list,
      domain: requireString(intent.domain, 'bg_needsDomain'),
      action: intent.action,
      ...(expiresAt === undefined ? {} : { expiresAt }),
    });
    await context.onStateChanged();
    return null;
  },

  // Read from the kept copies only: moving the threshold on the page never fetches a list.
  'hedge/list-overlap': async () => summarizeOverlap(await loadCombineInput(await requireActiveAccount())),
};

function requireConsensus(value: unknown): ConsensusSetting {
  if (value === null) return null;
  const setting = value as { kind?: unknown; min?: unknown };
  if (setting.kind === 'count' && Number.isInteger(setting.min) && (setting.min as number) >= 1) {
    return { kind: 'count', min: setting.min as number };
  }
  if (setting.kind === 'percent' && typeof setting.min === 'number' && setting.min > 0 && setting.min <= 100) {
    return { kind: 'percent', min: setting.min };
  }
  throw new ReplyError('invalid-input', t('bg_consensusRange'));
}
