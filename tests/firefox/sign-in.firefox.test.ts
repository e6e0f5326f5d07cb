/**
 * Signing in, in Firefox ESR: the popup asks for the instance, Firefox opens the instance's consent
 * page in its own window (`identity.launchWebAuthFlow`), and after Authorize the popup shows the
 * account. The token stays in the background: nothing in `storage.local` holds it, and the content
 * script is registered for the instance's origin only.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PUPPETEER_DRIVER } from '../../scripts/firefox';
import { signInWith } from '../../scripts/extension-steps';
import { openPopup, startHedgeInFirefox, type HedgeInFirefox } from './session';

/** What an extension page's script sees of the extension API here (in the page, not in Node). */
declare const browser: {
  storage: { local: { get(keys: null): Promise<Record<string, unknown>> } };
  scripting: { getRegisteredContentScripts(): Promise<Array<{ id: string; matches?: string[]; js?: string[] }>> };
};

let hedge: HedgeInFirefox | undefined;
afterEach(async () => {
  await hedge?.close();
  hedge = undefined;
});

describe('signing in, in Firefox', () => {
  it('goes through the instance\'s consent page, shows the account and keeps the token in the background', async () => {
    hedge = await startHedgeInFirefox();
    const { mastodon } = hedge;
    const popup = await openPopup(hedge);

    const handle = await signInWith(PUPPETEER_DRIVER, popup, mastodon.url);
    expect(handle).toContain('@demo@social.example');
    const authorized = mastodon.state.requests.filter((request) => request.path === '/oauth/authorize');
    // Firefox asks for the consent page twice: once in the background, to see whether it redirects at
    // once (already approved), then in the window it shows (toolkit/components/extensions/parent/ext-identity.js).
    expect(authorized.map(({ method, status }) => `${method} ${status}`)).toEqual(['GET 200', 'GET 200', 'POST 302']);
    const token = mastodon.state.requests.find((request) => request.path === '/api/v1/accounts/verify_credentials' && request.status === 200)?.token;
    expect(token).toBeTruthy();

    const stored = await popup.evaluate(async () => JSON.stringify(await browser.storage.local.get(null)));
    expect(stored).not.toContain(token);
    const scripts = await popup.evaluate(() => browser.scripting.getRegisteredContentScripts());
    expect(scripts.map(({ id, matches, js }) => ({ id, matches, js }))).toEqual([
      { id: `hedge-mastodon:${mastodon.url}`, matches: ['http://127.0.0.1/*'], js: ['content-scripts/mastodon.js'] },
    ]);
  });
});
