/**
 * "Subscribe with Hedge" after a post's link to a list, on Mastodon 4.6.5's own web client in
 * Firefox ESR: the button follows the link (read by its `href`, not its shortened text), and a click
 * opens Hedge's options page at Lists asking about that list, without opening the post; nothing is
 * read or subscribed before the user says so there. The whole way to the server's blocks is
 * tests/e2e/shared-list.spec.ts, in Chromium.
 */
import type { Browser, Page } from 'puppeteer-core';
import { afterEach, describe, expect, it } from 'vitest';
import { PUPPETEER_DRIVER } from '../../scripts/firefox';
import { signInWith } from '../../scripts/extension-steps';
import { openPopup, startHedgeInFirefox, type HedgeInFirefox } from './session';

/** A window where the client shows home and notifications side by side (as tests/e2e/real-client.spec.ts). */
const VIEWPORT = { width: 1400, height: 900 };

/**
 * The tab whose document's address holds `part`. Read from each document: Puppeteer names an
 * extension page Firefox opened as `about:blank`, and an evaluation may fail while a tab changes
 * documents (see scripts/firefox.ts `pollInPage`), which here only means "not yet".
 */
async function pageShowing(browser: Browser, part: string, timeoutMs = 20_000): Promise<Page> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const page of await browser.pages()) {
      const href = await page.evaluate(() => location.href).catch(() => '');
      if (href.includes(part)) return page;
    }
    if (Date.now() > deadline) throw new Error(`No tab showing ${part} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

let hedge: HedgeInFirefox | undefined;
afterEach(async () => {
  await hedge?.close();
  hedge = undefined;
});

describe('Subscribe with Hedge on a post, in Firefox', () => {
  it('follows a post’s link to a list and opens Options › Lists asking about it', async () => {
    hedge = await startHedgeInFirefox({ mastodon: { seed: 'empty' } });
    const { mastodon, firefox } = hedge;
    await signInWith(PUPPETEER_DRIVER, await openPopup(hedge), mastodon.url);

    // A list the local Mastodon serves from tests/fixtures/lists, linked as Mastodon's formatter writes links.
    const url = `${mastodon.url}/lists/gardenfence.txt`;
    const author = mastodon.state.addRemoteAccount({ username: 'mods', domain: 'moderation.zone', displayName: 'Moderation team', isFollowed: true });
    const shown = url.replace('http://', '');
    mastodon.state.addPost({
      acct: author,
      content: `<p>Our list: <a href="${url}" rel="nofollow noopener" target="_blank"><span class="invisible">http://</span><span class="ellipsis">${shown.slice(0, 20)}</span><span class="invisible">${shown.slice(20)}</span></a></p>`,
    });

    const page = await firefox.browser.newPage();
    await page.setViewport(VIEWPORT);
    await page.goto(`${mastodon.url}/home`);
    const button = await page.waitForSelector('.status__content a + button.hedge-action');
    expect(await button?.evaluate((element) => element.textContent)).toBe('Subscribe with Hedge');
    const before = page.url();
    await button?.click();
    const options = await pageShowing(firefox.browser, '/options.html?subscribe=');
    const offer = await options.waitForSelector('::-p-aria([name="A list shared in a post"][role="region"])');
    expect(await offer?.evaluate((element) => element.textContent)).toContain(url);
    expect(page.url()).toBe(before);
    expect(mastodon.state.requests.filter((request) => request.path.startsWith('/lists/'))).toEqual([]);
  });
});
