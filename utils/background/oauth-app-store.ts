/**
 * Registered OAuth apps, cached per instance and redirect URI: registering
 * again is rate-limited from 4.3 (5 per 10 minutes per IP). The client id and
 * registration time are kept in `storage.local`; the client secret is kept in
 * the extension's IndexedDB (utils/db/secrets.ts), out of content scripts'
 * reach in every browser.
 */
import { storage } from 'wxt/utils/storage';
import { deleteClientSecret, getClientSecret, setClientSecrets } from '../db/secrets';
import type { OAuthApp, OAuthAppStore } from '../mastodon/oauth';

/** What `storage.local` keeps of an app. */
type AppWithoutSecret = Omit<OAuthApp, 'clientSecret'>;

/**
 * Moves the client secrets that version 1 kept in `storage.local` into
 * IndexedDB, then drops them here. WXT runs this once before any read of the
 * item and writes the result only after the secrets are stored.
 */
async function moveClientSecretsOutOfLocalStorage(apps: Record<string, OAuthApp>): Promise<Record<string, AppWithoutSecret>> {
  const secrets = new Map<string, string>();
  const kept: Record<string, AppWithoutSecret> = {};
  for (const [key, { clientSecret, ...app }] of Object.entries(apps)) {
    if (clientSecret) secrets.set(key, clientSecret);
    kept[key] = app;
  }
  await setClientSecrets(secrets);
  return kept;
}

const appsItem = storage.defineItem<Record<string, AppWithoutSecret>>('local:oauthApps', {
  version: 2,
  fallback: {},
  migrations: { 2: moveClientSecretsOutOfLocalStorage },
});

const keyOf = (origin: string, redirectUri: string): string => `${origin} ${redirectUri}`;

/** The app cache: `storage.local` for the client id, IndexedDB for the client secret. */
export const storedOAuthApps: OAuthAppStore = {
  async get(origin, redirectUri) {
    const key = keyOf(origin, redirectUri);
    const app = (await appsItem.getValue())[key];
    if (!app) return null;
    // Without its secret the app cannot be used: returning null registers it again.
    const clientSecret = await getClientSecret(key);
    return clientSecret === null ? null : { ...app, clientSecret };
  },
  async set(origin, redirectUri, { clientSecret, ...app }) {
    const key = keyOf(origin, redirectUri);
    await setClientSecrets(new Map([[key, clientSecret]]));
    const apps = await appsItem.getValue();
    await appsItem.setValue({ ...apps, [key]: app });
  },
  async delete(origin, redirectUri) {
    const key = keyOf(origin, redirectUri);
    const { [key]: _removed, ...rest } = await appsItem.getValue();
    await appsItem.setValue(rest);
    await deleteClientSecret(key);
  },
};
