/**
 * Test stand-ins for the browser parts of sign-in: `identity.launchWebAuthFlow`
 * driven over HTTP against the local fake Mastodon (following its consent page
 * like a user would), permissions, and an in-memory `scripting` registry.
 */
import { afterEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startFakeMastodon, type FakeMastodon, type FakeMastodonOptions } from '../fake-mastodon/index';
import type { AuthFlowPort, OAuthApp, OAuthAppStore } from '../../utils/mastodon/oauth';
import type { SignInEnvironment } from '../../utils/background/sign-in';

/** What `browser.identity.getRedirectURL()` returns in Chrome. */
export const REDIRECT_URI = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';

/** The user's choice on the consent page. */
export type ConsentChoice = 'authorize' | 'deny';

/**
 * Plays `launchWebAuthFlow`: opens the authorize URL; when the server shows
 * its consent page, submits the Authorize or Deny form; resolves with the
 * redirect to the extension's URL (without loading it, as the browser does).
 */
export function httpAuthFlow(choice: ConsentChoice = 'authorize', seen: string[] = []): AuthFlowPort {
  return {
    redirectUri: REDIRECT_URI,
    async launch(authorizeUrl) {
      seen.push(authorizeUrl);
      const first = await fetch(authorizeUrl, { redirect: 'manual' });
      const direct = first.headers.get('location');
      if (direct) return new URL(direct, authorizeUrl).href;
      if (first.status !== 200) throw new Error('Authorization page could not be loaded.');
      const page = await first.text();
      const forms = [...page.matchAll(/<form[^>]*>([\s\S]*?)<\/form>/g)].map((match) => match[1] ?? '');
      const form = forms.find((body) => body.includes('name="_method"') === (choice === 'deny'));
      if (!form) throw new Error('The consent page has no such button.');
      const fields = new URLSearchParams();
      for (const input of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) {
        fields.append(input[1] ?? '', decodeEntities(input[2] ?? ''));
      }
      const decided = await fetch(new URL('/oauth/authorize', authorizeUrl), {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: fields.toString(),
      });
      const location = decided.headers.get('location');
      if (!location) throw new Error(`The consent page answered ${decided.status} without a redirect.`);
      return new URL(location, authorizeUrl).href;
    },
  };
}

function decodeEntities(text: string): string {
  return text.replaceAll('&amp;', '&').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>');
}

/** An app cache in memory. */
export function memoryAppStore(): OAuthAppStore & { apps: Map<string, OAuthApp> } {
  const apps = new Map<string, OAuthApp>();
  const keyOf = (origin: string, redirectUri: string) => `${origin} ${redirectUri}`;
  return {
    apps,
    get: async (origin, redirectUri) => apps.get(keyOf(origin, redirectUri)) ?? null,
    set: async (origin, redirectUri, app) => void apps.set(keyOf(origin, redirectUri), app),
    delete: async (origin, redirectUri) => void apps.delete(keyOf(origin, redirectUri)),
  };
}

/** A sign-in environment for tests: permission granted unless told otherwise. */
export function testEnvironment(
  options: { choice?: ConsentChoice; isPermitted?: boolean; apps?: OAuthAppStore; seen?: string[]; flow?: AuthFlowPort } = {},
): SignInEnvironment {
  return {
    authFlow: () => options.flow ?? httpAuthFlow(options.choice ?? 'authorize', options.seen),
    hasPermission: async () => options.isPermitted ?? true,
    apps: options.apps ?? memoryAppStore(),
    now: () => Date.now(),
  };
}

/** Registered content scripts, kept in memory behind `fakeBrowser.scripting`. */
export function installFakeScripting(): Map<string, { matches: string[]; js: string[]; persistAcrossSessions: boolean }> {
  const registered = new Map<string, { matches: string[]; js: string[]; persistAcrossSessions: boolean }>();
  const scripting = fakeBrowser.scripting as unknown as Record<string, unknown>;
  scripting.getRegisteredContentScripts = async () => [...registered].map(([id, script]) => ({ id, ...script }));
  scripting.registerContentScripts = async (
    scripts: Array<{ id: string; matches: string[]; js: string[]; persistAcrossSessions: boolean }>,
  ) => {
    for (const script of scripts) {
      if (registered.has(script.id)) throw new Error(`Duplicate script ID '${script.id}'`);
      registered.set(script.id, { matches: script.matches, js: script.js, persistAcrossSessions: script.persistAcrossSessions });
    }
  };
  scripting.unregisterContentScripts = async (filter: { ids: string[] }) => {
    for (const id of filter.ids) registered.delete(id);
  };
  const tabs = fakeBrowser.tabs as unknown as Record<string, unknown>;
  tabs.sendMessage = async () => undefined;
  const runtime = fakeBrowser.runtime as unknown as Record<string, unknown>;
  runtime.sendMessage = async () => undefined;
  return registered;
}

/** Starts fake Mastodons for a test file; what is still running is closed after each test. */
export function fakeMastodonPerTest(): {
  start(options?: FakeMastodonOptions): Promise<FakeMastodon>;
  stop(server: FakeMastodon): Promise<void>;
} {
  const running = new Set<FakeMastodon>();
  afterEach(async () => {
    for (const server of running) await server.close();
    running.clear();
  });
  return {
    start: async (options = {}) => {
      const server = await startFakeMastodon(options);
      running.add(server);
      return server;
    },
    stop: async (server) => {
      running.delete(server);
      await server.close();
    },
  };
}
