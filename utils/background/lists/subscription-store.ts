/**
 * Subscribed lists as stored: settings and summaries in `storage.local`
 * (`local:subscriptions`, one record per account and list). Each record
 * points at its list's last good copy in the list cache (list-copies.ts). A
 * record is written only after its list was read successfully
 * (add-subscription.ts): input that is not a list leaves nothing behind.
 */
import { storage } from 'wxt/utils/storage';
import type { FiresDataset } from '../../core/fires/consumer';
import { hasNoRules, readLabelRules, type LabelCount, type LabelRules } from '../../core/lists/label-rules';
import { t } from '../../i18n/translate';
import type { AccountKey, SilenceTreatment, SubscriptionView } from '../../protocol';
import { ReplyError } from '../reply-error';
import type { FediseerSettings } from './fediseer';
import { fileNameOf, isAllowlistName } from './list-names';

/** One subscription of one account, as stored. */
export interface StoredSubscription {
  id: string;
  accountKey: AccountKey;
  name: string;
  origin: SubscriptionView['origin'];
  /** The list's address (`url`), or the FIRES dataset's address (`fires`). */
  url?: string;
  /** The imported file's name (`file`): it breaks ties between formats when the copy is read again. */
  fileName?: string;
  fires?: { serverUrl: string; datasetId: string; dataset: FiresDataset; labels: Array<[string, string]> };
  /** What a Fediseer subscription asks for (`fediseer`); `url` is then its censures address. */
  fediseer?: FediseerSettings;
  /** Where the last good copy is in the list cache. */
  cacheKey: string;
  silenceAs: SilenceTreatment;
  inConsensus: boolean;
  /**
   * "This list is an allowlist": every entry vouches for its domain against
   * other lists' blocks. Set at subscribing for files named as allowlists
   * (FediBlockHole), switchable in Options › Lists.
   */
  isAllowlist: boolean;
  /** Domains in the last good copy (the refresh's safety catch compares against it). */
  entryCount: number;
  skippedCount: number;
  /** The labels of the last good copy, the most used first (`labelsInUse`); absent in records stored before it was kept. */
  labels?: string[];
  /** The labels and Fediseer groups of the last good copy with their entry counts (`labelCountsOf`); absent in records stored before they were kept. */
  labelCounts?: LabelCount[];
  /** The user's choices by label (Options › Lists, "Choose by labels"); absent: as the list says. */
  labelRules?: LabelRules;
  lastFetch: SubscriptionView['lastFetch'];
  addedAt: number;
  /** Apply what the list adds for so many days, then ask again (utils/core/list-expiry.ts); absent: always. */
  applyForDays?: number;
  /** Domains the user kept for longer when asked: due again at this time, epoch ms. */
  keptUntil?: Record<string, number>;
  /** Domains the user removed when asked: this list no longer asks for them. */
  dropped?: string[];
}

/**
 * Every account's subscriptions. Version 2 added `isAllowlist`: before it, a
 * `noop` row of any list allowed its domain; now only allowlists do, so a
 * stored list whose file name says it is one stays one.
 */
export const subscriptionsItem = storage.defineItem<StoredSubscription[]>('local:subscriptions', {
  version: 2,
  fallback: [],
  migrations: {
    2: (stored: Array<Omit<StoredSubscription, 'isAllowlist'>>): StoredSubscription[] =>
      stored.map((subscription) => ({ ...subscription, isAllowlist: isAllowlistName(listFileNameOf(subscription)) })),
  },
});

/** The file name a subscription's list was read from (imported file, or the last part of its address). */
export function listFileNameOf(subscription: Pick<StoredSubscription, 'fileName' | 'url' | 'origin'>): string | undefined {
  if (subscription.fileName !== undefined) return subscription.fileName;
  return subscription.url !== undefined && subscription.origin === 'url' ? fileNameOf(subscription.url) : undefined;
}

/** The subscriptions of an account, oldest first. */
export async function listSubscriptions(accountKey: AccountKey): Promise<StoredSubscription[]> {
  return (await subscriptionsItem.getValue()).filter((subscription) => subscription.accountKey === accountKey);
}

/** Every account's subscriptions. */
export async function listAllSubscriptions(): Promise<StoredSubscription[]> {
  return subscriptionsItem.getValue();
}

/** One subscription of an account; throws `not-found`. */
export async function requireSubscription(accountKey: AccountKey, id: string): Promise<StoredSubscription> {
  const found = (await listSubscriptions(accountKey)).find((subscription) => subscription.id === id);
  if (!found) throw new ReplyError('not-found', t('bg_listNotSubscribed'));
  return found;
}

/** What pages show of a subscription. */
export function toSubscriptionView(subscription: StoredSubscription): SubscriptionView {
  return {
    id: subscription.id,
    name: subscription.name,
    origin: subscription.origin,
    ...(subscription.url === undefined ? {} : { url: subscription.url }),
    silenceAs: subscription.silenceAs,
    inConsensus: subscription.inConsensus,
    isAllowlist: subscription.isAllowlist,
    entryCount: subscription.entryCount,
    skippedCount: subscription.skippedCount,
    labels: subscription.labels ?? [],
    labelCounts: subscription.labelCounts ?? (subscription.labels ?? []).map((label): [string, null] => [label, null]),
    labelRules: subscription.labelRules ?? null,
    lastFetch: subscription.lastFetch,
    ...(subscription.applyForDays === undefined ? {} : { applyForDays: subscription.applyForDays }),
  };
}

/** The longest "apply for" a list can have: ten years. */
const MAX_APPLY_DAYS = 3650;

/**
 * Changes how a list's `silence` rows are treated, whether it takes part in the consensus, whether it
 * is an allowlist, what the entries carrying each label do (null or empty rules: as the list says), or
 * how long what it adds applies.
 */
export async function updateSubscription(
  accountKey: AccountKey,
  id: string,
  change: { silenceAs?: unknown; inConsensus?: unknown; isAllowlist?: unknown; labelRules?: unknown; applyForDays?: unknown },
): Promise<StoredSubscription> {
  const current = await requireSubscription(accountKey, id);
  if (change.silenceAs !== undefined && change.silenceAs !== 'limit' && change.silenceAs !== 'block') {
    throw new ReplyError('invalid-input', t('bg_silenceChoice'));
  }
  if (change.inConsensus !== undefined && typeof change.inConsensus !== 'boolean') {
    throw new ReplyError('invalid-input', t('bg_consensusChoice'));
  }
  if (change.isAllowlist !== undefined && typeof change.isAllowlist !== 'boolean') {
    throw new ReplyError('invalid-input', t('bg_allowlistChoice'));
  }
  const labelRules = change.labelRules === undefined || change.labelRules === null ? undefined : readLabelRules(change.labelRules);
  if (change.labelRules !== undefined && change.labelRules !== null && labelRules === undefined) {
    throw new ReplyError('invalid-input', t('bg_labelRulesChoice'));
  }
  const { applyForDays } = change;
  if (applyForDays !== undefined && applyForDays !== null && !(Number.isInteger(applyForDays) && (applyForDays as number) >= 1 && (applyForDays as number) <= MAX_APPLY_DAYS)) {
    throw new ReplyError('invalid-input', t('bg_applyForDaysRange', MAX_APPLY_DAYS));
  }
  const next: StoredSubscription = {
    ...current,
    ...(change.silenceAs === undefined ? {} : { silenceAs: change.silenceAs }),
    ...(change.inConsensus === undefined ? {} : { inConsensus: change.inConsensus }),
    ...(change.isAllowlist === undefined ? {} : { isAllowlist: change.isAllowlist }),
    ...(typeof applyForDays === 'number' ? { applyForDays } : {}),
  };
  if (change.labelRules !== undefined) {
    // Rules that change nothing are not kept: the record reads as one stored before rules existed.
    delete next.labelRules;
    if (labelRules !== undefined && !hasNoRules(labelRules)) next.labelRules = labelRules;
  }
  if (applyForDays === null) delete next.applyForDays;
  await saveSubscription(next);
  return next;
}

/** Replaces a stored subscription (matched by id). */
export async function saveSubscription(subscription: StoredSubscription): Promise<void> {
  const all = await subscriptionsItem.getValue();
  await subscriptionsItem.setValue(all.map((item) => (item.id === subscription.id ? subscription : item)));
}
