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

/** How long one step may take in Firefox. */
const STEP_MS = 20_000;
/** How long the rest of a sign-in may take once the user has approved it. */
const SIGN_IN_MS = 45_000;

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

  it('carries on when the popup closes while the consent window is open, and a new popup shows the account', async () => {
    hedge = await startHedgeInFirefox();
    const { mastodon } = hedge;
    const popup = await openPopup(hedge);
    // The e2e build holds the origin from install, so no prompt shows: the popup sends the same
    // intents as in the store build (sign-in wanted, then sign-in) and the consent window opens.
    await PUPPETEER_DRIVER.fill(popup, 'Your Mastodon server', mastodon.url);
    const consentOpened = PUPPETEER_DRIVER.waitForPage(popup, `${mastodon.url}/oauth/authorize`);
    await PUPPETEER_DRIVER.click(popup, 'button', 'Sign in');
    const consent = await consentOpened;
    await PUPPETEER_DRIVER.waitForText(consent, 'Authorize', STEP_MS);
    // Firefox closes the toolbar popup on a click into another window: the page is gone.
    await popup.close();

    const reopened = await openPopup(hedge);
    await PUPPETEER_DRIVER.waitForText(reopened, 'Approve Hedge in the window your server opened.', STEP_MS);
    await reopened.close();

    await PUPPETEER_DRIVER.click(consent, 'button', 'Authorize');
    const after = await openPopup(hedge);
    // The token exchange and the first reads happen after Authorize, in a background that may be slow
    // while other Firefox specs run: the whole sign-in gets a longer time than one step.
    expect(await PUPPETEER_DRIVER.waitForText(after, 'Signed in as @demo@social.example.', SIGN_IN_MS)).toContain('@demo@social.example');
  });
});
