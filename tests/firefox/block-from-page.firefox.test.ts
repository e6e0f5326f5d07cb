/**
 * "Block … with Hedge" on Mastodon 4.6.5's own web client, in Firefox ESR: a block that cuts
 * follows opens Hedge's own window (`windows.create`, which Firefox grants without a permission),
 * which names whom it cuts with pictures and profile links; nothing is sent until its Confirm, which
 * blocks the domain on the server and closes the window.
 */
import type { Browser, Page } from 'puppeteer-core';
import { afterEach, describe, expect, it } from 'vitest';
import { PUPPETEER_DRIVER } from '../../scripts/firefox';
import { signInWith } from '../../scripts/extension-steps';
import { domainBlockWrites } from '../e2e/run-records';
import { openPopup, startHedgeInFirefox, type HedgeInFirefox } from './session';

/**
 * Hedge's confirmation window, once open. Over WebDriver BiDi an extension page's `url()` stays
 * `about:blank` (scripts/firefox.ts), so each page's own address is read.
 */
async function hedgeWindow(browser: Browser): Promise<Page> {
  for (let attempt = 0; attempt < 40; attempt += 1) {
    for (const candidate of await browser.pages()) {
      // A page closing or navigating meanwhile answers nothing: it is not the window.
      const address = await Promise.race([
        candidate.evaluate(() => location.href).catch(() => ''),
        new Promise<string>((resolve) => setTimeout(() => resolve(''), 1000)),
      ]);
      if (address.includes('/confirm.html?plan=')) return candidate;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("Hedge's confirmation window did not open");
}

let hedge: HedgeInFirefox | undefined;
afterEach(async () => {
  await hedge?.close();
  hedge = undefined;
});

describe('Block … with Hedge from a Mastodon page, in Firefox', () => {
  it('asks in Hedge’s window, with names, pictures and links, and blocks on its Confirm', async () => {
    hedge = await startHedgeInFirefox({ mastodon: { version: '4.6' } });
    const { mastodon, firefox } = hedge;
    await signInWith(PUPPETEER_DRIVER, await openPopup(hedge), mastodon.url);

    const page = await firefox.browser.newPage();
    await page.goto(`${mastodon.url}/@bob@threads.net`);
    await page.waitForSelector('[data-hedge-role="profile"][data-hedge-domain="threads.net"] button.hedge-action');
    await page.click('[data-hedge-role="profile"] button.hedge-action');
    const confirm = await hedgeWindow(firefox.browser);
    await confirm.waitForSelector('.lost-account');
    expect(await page.$eval('[data-hedge-role="profile"] .hedge-action-row__status', (status) => status.textContent)).toBe(
      "Blocking threads.net removes 3 accounts you follow and 2 followers. Confirm in Hedge's window, which shows whom.",
    );

    const shown = async () =>
      confirm.evaluate(() => ({
        heading: document.querySelector('h1')?.textContent,
        links: [...document.querySelectorAll('.lost-account a')].map((link) => `${link.textContent} ${(link as HTMLAnchorElement).href}`),
        pictures: [...document.querySelectorAll('img.lost-account__avatar')].every((image) => (image as HTMLImageElement).complete && (image as HTMLImageElement).naturalWidth > 1),
      }));
    await expect.poll(shown, { timeout: 10_000 }).toEqual({
      heading: 'Block threads.net?',
      links: [
        'Bob @bob@threads.net https://www.threads.net/@bob',
        'Adam @mosseri@threads.net https://www.threads.net/@mosseri',
        'Mark @zuck@threads.net https://www.threads.net/@zuck',
        'Bob @bob@threads.net https://www.threads.net/@bob',
        'Jo Writes @jo_writes@threads.net https://www.threads.net/@jo_writes',
      ],
      pictures: true,
    });
    expect(domainBlockWrites(mastodon)).toBe(0);

    await confirm.click('button.button:not(.button--quiet)');
    await expect.poll(() => mastodon.state.domainBlocks().includes('threads.net'), { timeout: 20_000 }).toBe(true);
    // The window is closed once the run has started: its browsing context is gone (Puppeteer's page
    // list does not notice a window closed by the extension, so the page is asked).
    const isGone = async (): Promise<boolean> => confirm.evaluate(() => false).catch(() => true);
    await expect.poll(isGone, { timeout: 10_000 }).toBe(true);
  });
});
