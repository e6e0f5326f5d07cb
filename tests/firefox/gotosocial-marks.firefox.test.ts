/**
 * Marks on a GoToSocial server's own pages in Firefox ESR: the user names the server in Options ›
 * Accounts, Firefox runs the GoToSocial content script registered for that origin, and the
 * thread's replies are marked with the Mastodon account's entries. The whole flow with stopping is
 * tests/e2e/gotosocial-marks.spec.ts, in Chromium.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PUPPETEER_DRIVER } from '../../scripts/firefox';
import { intentValueWith, signInWith } from '../../scripts/extension-steps';
import { startFakeMastodon, type FakeMastodon } from '../fake-mastodon/index';
import { openPopup, startHedgeInFirefox, type HedgeInFirefox } from './session';

let hedge: HedgeInFirefox | undefined;
let gotosocial: FakeMastodon | undefined;
afterEach(async () => {
  await hedge?.close();
  await gotosocial?.close();
  hedge = undefined;
  gotosocial = undefined;
});

describe('GoToSocial pages, in Firefox', () => {
  it('marks a thread’s replies with the Mastodon account’s block and limit', async () => {
    hedge = await startHedgeInFirefox({ mastodon: { seed: 'empty' } });
    gotosocial = await startFakeMastodon({ software: 'gotosocial' });
    const gtsOrigin = gotosocial.url.replace('127.0.0.1', 'localhost');
    const popup = await openPopup(hedge);
    await signInWith(PUPPETEER_DRIVER, popup, hedge.mastodon.url);
    await intentValueWith(PUPPETEER_DRIVER, popup, { type: 'hedge/manual-entry', domain: 'threads.net', list: 'always-block', action: 'add' });
    await intentValueWith(PUPPETEER_DRIVER, popup, { type: 'hedge/own-limit', domain: 'noisy.social', action: 'add' });

    const options = await hedge.openExtensionPage('options.html#accounts');
    const field = await options.waitForSelector('::-p-aria([name="GoToSocial server"])');
    await field?.type(gtsOrigin);
    await (await options.waitForSelector('::-p-aria([name="Mark its pages"][role="button"])'))?.click();
    await options.waitForSelector('::-p-text(Hedge now marks the pages of localhost.)');

    const page = await hedge.firefox.browser.newPage();
    await page.goto(`${gtsOrigin}/@demo/statuses/01J0`);
    const badge = await page.waitForSelector('article[id="01J1"] .hedge-badge');
    expect(await badge?.evaluate((element) => [element.textContent, element.getAttribute('title')])).toEqual(['Blocked', 'You block threads.net.']);
    const notice = await page.waitForSelector('article[id="01J2"] .hedge-notice');
    expect(await notice?.evaluate((element) => element.textContent)).toContain('Your own limit: a post from noisy.social.');
    expect(await page.$$eval('.hedge-badge', (badges) => badges.map((badge) => badge.textContent))).toEqual(['Blocked', 'Limited']);
    expect(await page.$$eval('.hedge-action', (actions) => actions.length)).toBe(0);
  });
});
