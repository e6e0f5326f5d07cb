/**
 * Registered OAuth apps, cached per instance and redirect URI in extension
 * storage: registering again is rate-limited from 4.3 (5 per 10 minutes per IP).
 */
import { storage } from 'wxt/utils/storage';
import type { OAuthApp, OAuthAppStore } from '../mastodon/oauth';

const appsItem = storage.defineItem<Record<string, OAuthApp>>('local:oauthApps', { version: 1, fallback: {} });

const keyOf = (origin: string, redirectUri: string): string => `${origin} ${redirectUri}`;

/** The app cache in `storage.local`. */
export const storedOAuthApps: OAuthAppStore = {
  async get(origin, redirectUri) {
    return (await appsItem.getValue())[keyOf(origin, redirectUri)] ?? null;
  },
  async set(origin, redirectUri, app) {
    const apps = await appsItem.getValue();
    await appsItem.setValue({ ...apps, [keyOf(origin, redirectUri)]: app });
  },
  async delete(origin, redirectUri) {
    const { [keyOf(origin, redirectUri)]: _removed, ...rest } = await appsItem.getValue();
    await appsItem.setValue(rest);
  },
};
