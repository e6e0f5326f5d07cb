/**
 * Mastodon's importer in one click, in Firefox ESR: the user logs in to the local Mastodon's web
 * page, and Hedge's Firefox build opens the import page in a background tab, runs its steps in the
 * page's own world (`scripting.executeScript`, `world: 'MAIN'`), where the `_mastodon_session`
 * cookie goes with each request, and owns the blocks the import added. Not logged in, it says so
 * and sends nothing.
 */
import type { Page } from 'puppeteer-core';
import { afterEach, describe, expect, it } from 'vitest';
import { PUPPETEER_DRIVER } from '../../scripts/firefox';
import { intentValueWith, sendIntentWith, signInWith } from '../../scripts/extension-steps';
import type { ImporterCheck, ImporterOutcome, PlanPreview } from '../../utils/protocol';
import { DEMO_EMAIL, DEMO_PASSWORD } from '../fake-mastodon/index';
import { openPopup, startHedgeInFirefox, type HedgeInFirefox } from './session';

const DOMAINS = Array.from({ length: 320 }, (_, i) => `spam-${String(i).padStart(4, '0')}.hedge-test.social`);

let hedge: HedgeInFirefox | undefined;
afterEach(async () => {
  await hedge?.close();
  hedge = undefined;
});

async function longPlan(popup: Page): Promise<PlanPreview> {
  await intentValueWith(PUPPETEER_DRIVER, popup, { type: 'hedge/subscription-add', source: { kind: 'file', fileName: 'long.txt', text: `${DOMAINS.join('\n')}\n` } });
  return intentValueWith<Page, PlanPreview>(PUPPETEER_DRIVER, popup, { type: 'hedge/preview' });
}

describe("Mastodon's importer, in Firefox", () => {
  it('with the web page logged in: sends the new blocks through the importer, and Hedge owns them', async () => {
    hedge = await startHedgeInFirefox({ mastodon: { seed: 'empty' } });
    const { mastodon } = hedge;
    const popup = await openPopup(hedge);
    await signInWith(PUPPETEER_DRIVER, popup, mastodon.url);

    const web = await hedge.firefox.browser.newPage();
    await web.goto(`${mastodon.url}/auth/sign_in`);
    await web.type('#user_email', DEMO_EMAIL);
    await web.type('#user_password', DEMO_PASSWORD);
    await Promise.all([web.waitForNavigation(), web.click('button[type="submit"]')]);
    await web.close();

    const plan = await longPlan(popup);
    const check = await intentValueWith<Page, ImporterCheck>(PUPPETEER_DRIVER, popup, { type: 'hedge/importer-check', planId: plan.planId });
    expect(check).toEqual({ acct: 'demo', host: new URL(mastodon.url).host, domainCount: 320 });
    const outcome = await intentValueWith<Page, ImporterOutcome>(PUPPETEER_DRIVER, popup, { type: 'hedge/importer-send', planId: plan.planId });
    expect(outcome).toEqual({ found: 320, missing: 0, problem: null });
    expect(mastodon.importer.imports()).toMatchObject([{ type: 'domain_blocking', overwrite: false, state: 'finished', importedItems: 320 }]);
    expect([...mastodon.state.domainBlocks()].sort()).toEqual([...DOMAINS].sort());
    expect(mastodon.state.requests.filter((request) => request.method === 'POST' && request.path === '/api/v1/domain_blocks')).toEqual([]);
  });

  it('not logged in: says so, and sends nothing', async () => {
    hedge = await startHedgeInFirefox({ mastodon: { seed: 'empty' } });
    const { mastodon } = hedge;
    const popup = await openPopup(hedge);
    await signInWith(PUPPETEER_DRIVER, popup, mastodon.url);
    const plan = await longPlan(popup);
    const reply = await sendIntentWith(PUPPETEER_DRIVER, popup, { type: 'hedge/importer-check', planId: plan.planId });
    expect(reply).toMatchObject({ ok: false, error: { kind: 'denied', message: expect.stringMatching(/You are not logged in to .* in this browser, so Hedge sent nothing/) } });
    expect(mastodon.importer.imports()).toEqual([]);
  });
});
