/**
 * The background's own small settings and status, in `storage.local`.
 */
import { storage } from 'wxt/utils/storage';
import type { ConsensusSetting, HedgeError } from '../protocol';

/** Settings for every account. */
export interface HedgeSettings {
  consensus: ConsensusSetting;
  /** Scheduled refresh of subscriptions, daily by default. */
  refreshIntervalHours: number;
  lastRefreshAt: number | null;
}

/** Daily refresh of subscribed lists. */
const DEFAULT_REFRESH_INTERVAL_HOURS = 24;

/** Settings as stored, with defaults. */
export const settingsItem = storage.defineItem<HedgeSettings>('local:settings', {
  version: 1,
  fallback: { consensus: null, refreshIntervalHours: DEFAULT_REFRESH_INTERVAL_HOURS, lastRefreshAt: null },
});

/** The last failure the user has not dismissed; it stays on screen until read. */
export const lastErrorItem = storage.defineItem<(HedgeError & { at: number }) | null>('local:lastError', {
  version: 1,
  fallback: null,
});

/** Changes some settings. */
export async function updateSettings(change: Partial<HedgeSettings>): Promise<void> {
  await settingsItem.setValue({ ...(await settingsItem.getValue()), ...change });
}
