/**
 * What of the settings follows the user between browsers, as entries of the
 * items in `storage.sync` (utils/core/sync-merge.ts merges them):
 *
 * - `settings`: the consensus threshold and how often lists are refreshed;
 * - `src/<account>`: an account's presets and its "always block" / "never
 *   block" entries, one entry each;
 * - `subs/<account>`: an account's subscriptions by address or FIRES dataset,
 *   with their choices (name, `silence` rows, consensus, allowlist, the
 *   choices by label, "apply for" days), one entry each by id;
 * - `due/<account>/<0–7>`: the user's answers about the due domains of those
 *   lists, one entry per answered domain (due-entries.ts).
 *
 * Versions before the answers had items of their own wrote them into the
 * list's `subs/` entry (`keptUntil`, `dropped`): such an entry is still taken
 * in, its answers added to those here where this browser has none for a
 * domain, and in the same merge written again without them
 * (`withoutOlderAnswers`). This version writes answers only to `due/` items.
 * An older version reads no `due/` item and leaves those alone; the answers it
 * gave lose their place in its own browser once a newer one has written the
 * list's entry again, and stay in `due/` for the newer versions.
 *
 * Never in sync: the token, list text and copies, imported files (their text
 * is in this browser only), fetch results, journals and saved relationships.
 * What comes from sync is checked like any input: an entry that does not
 * read is left out.
 */
import { fnv1a } from '../../core/shared-ownership';
import type { SyncEntries } from '../../core/sync-merge';
import { tidyExpiry } from '../../core/expiry';
import type { AccountSources } from '../../core/source-changes';
import { normalizeDomain } from '../../core/domain';
import { PRESETS, type PresetId } from '../../core/presets';
import type { FiresDataset } from '../../core/fires/consumer';
import { readLabelRules, type LabelRules } from '../../core/lists/label-rules';
import type { AccountKey, ConsensusSetting } from '../../protocol';
import type { HedgeSettings } from '../settings';
import { checkListUrl } from '../lists/fetch-list';
import type { StoredSubscription } from '../lists/subscription-store';

/** The sync key of the settings every account shares. */
export const SETTINGS_SYNC_KEY = 'settings';

/** The sync key of an account's own sources. */
export function sourcesSyncKey(accountKey: AccountKey): string {
  return `src/${fnv1a(accountKey).toString(36)}`;
}

/** The sync key of an account's subscriptions. */
export function subscriptionsSyncKey(accountKey: AccountKey): string {
  return `subs/${fnv1a(accountKey).toString(36)}`;
}

/** Whether a sync key is one of these items. */
export function isSettingsSyncKey(key: string): boolean {
  return key === SETTINGS_SYNC_KEY || key.startsWith('src/') || key.startsWith('subs/') || key.startsWith('due/');
}

/** The settings that follow the user, as entries. */
export function settingsEntries(settings: HedgeSettings): SyncEntries {
  return { consensus: settings.consensus, refreshIntervalHours: settings.refreshIntervalHours };
}

/** Settings from entries; a value that does not read keeps the current one. */
export function settingsFromEntries(entries: SyncEntries, current: HedgeSettings): HedgeSettings {
  const hours = entries.refreshIntervalHours;
  return {
    ...current,
    consensus: isConsensus(entries.consensus) ? entries.consensus : current.consensus,
    refreshIntervalHours: typeof hours === 'number' && Number.isFinite(hours) && hours >= 1 && hours <= 24 * 30 ? hours : current.refreshIntervalHours,
  };
}

function isConsensus(value: unknown): value is ConsensusSetting {
  if (value === null) return true;
  if (typeof value !== 'object') return false;
  const { kind, min } = value as { kind?: unknown; min?: unknown };
  return (kind === 'count' || kind === 'percent') && typeof min === 'number' && Number.isFinite(min) && min >= 1;
}

/**
 * An account's sources as entries: `p:<preset>`, `a:<domain>` (always block), `n:<domain>` (never
 * block), `l:<domain>` (the user's own limit). An entry kept until removed is `true`; one that
 * expires is its `expiresAt` (epoch ms), so a renewed time is a change of that entry alone. Versions
 * before expiry read only the keys and keep such an entry until it is removed; a change such a
 * version makes to the account's entries writes them back as `true`, and the times with them are
 * then gone in every browser (the same holds for a subscription's choices by label and "apply for").
 */
export function sourcesEntries(sources: AccountSources): SyncEntries {
  return Object.fromEntries([
    ...sources.presets.map((id) => [`p:${id}`, true]),
    ...sources.alwaysBlock.map((domain) => [`a:${domain}`, sources.alwaysBlockUntil?.[domain] ?? true]),
    ...sources.neverBlock.map((domain) => [`n:${domain}`, true]),
    ...sources.limit.map((domain) => [`l:${domain}`, sources.limitUntil?.[domain] ?? true]),
  ]);
}

const PRESET_IDS = new Set<string>(PRESETS.map((preset) => preset.id));
/**
 * A domain from sync reads only when it is already in the form Hedge stores (normalizeDomain's
 * answer for itself): what another browser wrote is checked like any input, by the same rules.
 */
export const isStoredDomain = (domain: string): boolean => {
  const normal = normalizeDomain(domain);
  return 'domain' in normal && normal.domain === domain;
};

/** Sources from entries, in this browser's order first and new ones after. */
export function sourcesFromEntries(entries: SyncEntries, current: AccountSources): AccountSources {
  const keys = Object.keys(entries);
  const pick = (prefix: string, here: readonly string[], isValid: (value: string) => boolean): string[] => {
    const wanted = keys.filter((key) => key.startsWith(prefix)).map((key) => key.slice(prefix.length)).filter(isValid);
    const kept = here.filter((value) => wanted.includes(value));
    return [...kept, ...wanted.filter((value) => !kept.includes(value))];
  };
  // An expiry time that does not read as one keeps the entry until removed, as before expiry existed.
  const until = (prefix: string, domains: readonly string[]): Record<string, number> =>
    Object.fromEntries(
      domains.flatMap((domain) => {
        const value = entries[`${prefix}${domain}`];
        return typeof value === 'number' && Number.isFinite(value) && value > 0 ? [[domain, value]] : [];
      }),
    );
  const alwaysBlock = pick('a:', current.alwaysBlock, isStoredDomain);
  const limit = pick('l:', current.limit, isStoredDomain);
  return tidyExpiry({
    presets: pick('p:', current.presets, (id) => PRESET_IDS.has(id)) as PresetId[],
    alwaysBlock,
    neverBlock: pick('n:', current.neverBlock, isStoredDomain),
    limit,
    alwaysBlockUntil: until('a:', alwaysBlock),
    limitUntil: until('l:', limit),
  });
}

/** A subscription as it follows the user: what it is and the user's choices, nothing fetched. */
export interface SyncedSubscription {
  name: string;
  origin: 'url' | 'fires';
  url?: string;
  fires?: StoredSubscription['fires'];
  silenceAs: StoredSubscription['silenceAs'];
  inConsensus: boolean;
  isAllowlist: boolean;
  /** The choices by label; absent: as the list says (and in entries written before they existed). */
  labelRules?: LabelRules;
  addedAt: number;
  /** "Apply what this list adds for" (utils/core/list-expiry.ts); absent: always. */
  applyForDays?: number;
  /** The answers so far, as versions before `due/` items wrote them; read, never written. */
  keptUntil?: Record<string, number>;
  dropped?: string[];
}

/** A subscription's "apply for" choice and answers as a `subs/` entry may carry them: only the fields that are set and read. */
export function listExpiryOf(subscription: Pick<StoredSubscription, 'applyForDays' | 'keptUntil' | 'dropped'>): Pick<SyncedSubscription, 'applyForDays' | 'keptUntil' | 'dropped'> {
  const { applyForDays, keptUntil, dropped } = subscription;
  return {
    ...(typeof applyForDays === 'number' && Number.isInteger(applyForDays) && applyForDays >= 1 ? { applyForDays } : {}),
    ...(keptUntil !== undefined && keptUntil !== null && typeof keptUntil === 'object' && Object.keys(keptUntil).length > 0
      ? { keptUntil: Object.fromEntries(Object.entries(keptUntil).filter(([domain, at]) => isStoredDomain(domain) && typeof at === 'number' && Number.isFinite(at) && at > 0)) }
      : {}),
    ...(Array.isArray(dropped) && dropped.length > 0 ? { dropped: dropped.filter((domain) => typeof domain === 'string' && isStoredDomain(domain)) } : {}),
  };
}

/**
 * A local subscription with the "apply for" choice that came from sync, and the answers an older
 * version's entry carries for domains this browser has no answer about (the answers in `due/` items
 * come after, and win where both name a domain); the same record when nothing changes.
 */
export function withListExpiry(current: StoredSubscription, synced: SyncedSubscription): StoredSubscription {
  const { applyForDays, keptUntil: olderKept = {}, dropped: olderDropped = [] } = listExpiryOf(synced);
  const isAnswered = (domain: string): boolean => (current.keptUntil !== undefined && domain in current.keptUntil) || (current.dropped ?? []).includes(domain);
  const addedKept = Object.entries(olderKept).filter(([domain]) => !isAnswered(domain) && !olderDropped.includes(domain));
  const addedDropped = olderDropped.filter((domain) => !isAnswered(domain));
  if (applyForDays === current.applyForDays && addedKept.length === 0 && addedDropped.length === 0) return current;
  const { applyForDays: _days, ...rest } = current;
  return {
    ...rest,
    ...(applyForDays === undefined ? {} : { applyForDays }),
    ...(addedKept.length === 0 ? {} : { keptUntil: { ...current.keptUntil, ...Object.fromEntries(addedKept) } }),
    ...(addedDropped.length === 0 ? {} : { dropped: [...new Set([...(current.dropped ?? []), ...addedDropped])] }),
  };
}

/** A `subs/` item without the answers older versions wrote into its entries (they are in `due/` items); the same entries when none has any. */
export function withoutOlderAnswers(entries: SyncEntries): SyncEntries {
  const hasAnswers = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && ('keptUntil' in value || 'dropped' in value);
  if (!Object.values(entries).some(hasAnswers)) return entries;
  return Object.fromEntries(
    Object.entries(entries).map(([id, value]) => {
      if (!hasAnswers(value)) return [id, value];
      const { keptUntil: _kept, dropped: _dropped, ...rest } = value;
      return [id, rest];
    }),
  );
}

/**
 * An account's subscriptions by address or dataset, as entries by id. Imported files stay in their
 * browser, and so do Fediseer subscriptions for now: another browser would have to ask for access to
 * the Fediseer instance and check its settings before reading it.
 */
export function subscriptionEntries(subscriptions: readonly StoredSubscription[]): SyncEntries {
  return Object.fromEntries(
    subscriptions.flatMap((subscription): Array<[string, SyncedSubscription]> => {
      if (subscription.origin === 'file' || subscription.origin === 'fediseer') return [];
      const { applyForDays } = listExpiryOf(subscription);
      return [[subscription.id, {
        name: subscription.name,
        origin: subscription.origin,
        ...(subscription.url === undefined ? {} : { url: subscription.url }),
        ...(subscription.fires === undefined ? {} : { fires: subscription.fires }),
        silenceAs: subscription.silenceAs,
        inConsensus: subscription.inConsensus,
        isAllowlist: subscription.isAllowlist,
        ...(subscription.labelRules === undefined ? {} : { labelRules: subscription.labelRules }),
        addedAt: subscription.addedAt,
        // The answers go to `due/` items (due-entries.ts), so that a busy list cannot fill this one.
        ...(applyForDays === undefined ? {} : { applyForDays }),
      }]];
    }),
  );
}

/**
 * A synced subscription checked as input: an address must be one Hedge reads
 * (`checkListUrl`), a dataset must name its server and id. Undefined when it
 * does not read.
 */
export function readSyncedSubscription(value: unknown): SyncedSubscription | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const entry = value as Partial<SyncedSubscription>;
  if (typeof entry.name !== 'string' || entry.name.trim() === '') return undefined;
  if (entry.silenceAs !== 'limit' && entry.silenceAs !== 'block') return undefined;
  if (typeof entry.inConsensus !== 'boolean' || typeof entry.isAllowlist !== 'boolean' || typeof entry.addedAt !== 'number') return undefined;
  if (entry.labelRules !== undefined && readLabelRules(entry.labelRules) === undefined) return undefined;
  if (entry.origin === 'url') {
    if (typeof entry.url !== 'string' || 'error' in checkListUrl(entry.url)) return undefined;
    return { ...pickCommon(entry as SyncedSubscription), origin: 'url', url: entry.url };
  }
  if (entry.origin === 'fires' && isFires(entry.fires)) return { ...pickCommon(entry as SyncedSubscription), origin: 'fires', fires: entry.fires };
  return undefined;
}

function pickCommon(entry: SyncedSubscription): Omit<SyncedSubscription, 'origin' | 'url' | 'fires'> {
  const labelRules = entry.labelRules === undefined ? undefined : readLabelRules(entry.labelRules);
  return {
    name: entry.name,
    silenceAs: entry.silenceAs,
    inConsensus: entry.inConsensus,
    isAllowlist: entry.isAllowlist,
    ...(labelRules === undefined ? {} : { labelRules }),
    addedAt: entry.addedAt,
    ...listExpiryOf(entry),
  };
}

function isFires(value: unknown): value is NonNullable<StoredSubscription['fires']> {
  if (value === null || typeof value !== 'object') return false;
  const fires = value as { serverUrl?: unknown; datasetId?: unknown; dataset?: Partial<FiresDataset>; labels?: unknown };
  return (
    typeof fires.serverUrl === 'string' &&
    !('error' in checkListUrl(fires.serverUrl)) &&
    typeof fires.datasetId === 'string' &&
    typeof fires.dataset?.changesUrl === 'string' &&
    typeof fires.dataset.snapshotUrl === 'string' &&
    Array.isArray(fires.labels)
  );
}

/** A new local record for a subscription that came from another browser; its copy is fetched next. */
export function storedFromSynced(accountKey: AccountKey, id: string, synced: SyncedSubscription): StoredSubscription {
  return {
    id,
    accountKey,
    name: synced.name,
    origin: synced.origin,
    ...(synced.url === undefined ? {} : { url: synced.url }),
    ...(synced.fires === undefined ? {} : { fires: synced.fires }),
    cacheKey: `${synced.origin}:${id}`,
    silenceAs: synced.silenceAs,
    inConsensus: synced.inConsensus,
    isAllowlist: synced.isAllowlist,
    ...(synced.labelRules === undefined ? {} : { labelRules: synced.labelRules }),
    entryCount: 0,
    skippedCount: 0,
    lastFetch: null,
    addedAt: synced.addedAt,
    ...listExpiryOf(synced),
  };
}
