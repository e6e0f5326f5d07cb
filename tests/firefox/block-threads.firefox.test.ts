/**
 * Block Threads from the popup, in Firefox ESR: turning the switch on says what it blocks and
 * whom the user would lose before anything is sent; Confirm blocks the three domains on the
 * server, which cuts the follows both ways, and Hedge has saved them first.
 */
import type { Page } from 'puppeteer-core';
import { afterEach, describe, expect, it } from 'vitest';
import { PUPPETEER_DRIVER } from '../../scripts/firefox';
import { askToTurnOn, confirmTurnOn, intentValueWith, signInWith } from '../../scripts/extension-steps';
import type { RelationshipSnapshotSummary } from '../../utils/protocol';
import { MANUAL_BLOCKS, domainBlockWrites } from '../e2e/run-records';
import { openPopup, startHedgeInFirefox, type HedgeInFirefox } from './session';

/** The Threads preset's domains (utils/core/presets.ts). */
const THREADS_DOMAINS = ['threads.net', 'threads.com', 'threads.instagram.com'];

/** Whether the popup's Block Threads switch is on; looked up again each time, as the popup redraws it. */
async function isSwitchOn(popup: Page): Promise<boolean> {
  const threadsSwitch = await popup.waitForSelector('::-p-aria([name="Block Threads"][role="switch"])');
  return (await threadsSwitch?.evaluate((element) => element.getAttribute('aria-checked'))) === 'true';
}

let hedge: HedgeInFirefox | undefined;
afterEach(async () => {
  await hedge?.close();
  hedge = undefined;
});

describe('Block Threads, in Firefox', () => {
  it('names its impact before anything runs, and Confirm blocks the domains on the server', async () => {
    hedge = await startHedgeInFirefox();
    const { mastodon } = hedge;
    const popup = await openPopup(hedge);
    await signInWith(PUPPETEER_DRIVER, popup, mastodon.url);
    expect(await isSwitchOn(popup)).toBe(false);

    const sentences = await askToTurnOn(PUPPETEER_DRIVER, popup, 'Block Threads');
    expect(sentences).toEqual(
      expect.arrayContaining([
        'Hedge will block 3 domains: threads.com, threads.instagram.com, and threads.net.',
        'You follow 3 accounts on threads.net. Blocking removes those follows; Hedge saves them so you can restore them later.',
        '2 accounts on threads.net follow you; blocking removes them from your followers.',
      ]),
    );
    // Whom, by name: both sides linked to their profiles, with the pictures the server serves loaded.
    const lost = async () =>
      popup.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('.lost-accounts__side')].map((side) => ({
          links: [...side.querySelectorAll('a')].map((link) => `${link.textContent} ${link.href}`),
          pictures: [...side.querySelectorAll('img')].every((image) => image.complete && image.naturalWidth > 1),
        })),
      );
    await expect.poll(lost).toEqual([
      {
        links: [
          'Bob @bob@threads.net https://www.threads.net/@bob',
          'Adam @mosseri@threads.net https://www.threads.net/@mosseri',
          'Mark @zuck@threads.net https://www.threads.net/@zuck',
        ],
        pictures: true,
      },
      { links: ['Bob @bob@threads.net https://www.threads.net/@bob', 'Jo Writes @jo_writes@threads.net https://www.threads.net/@jo_writes'], pictures: true },
    ]);
    expect(domainBlockWrites(mastodon)).toBe(0);
    expect(mastodon.state.domainBlocks()).toEqual(MANUAL_BLOCKS);

    await confirmTurnOn(PUPPETEER_DRIVER, popup, 'Block Threads');
    await expect.poll(() => [...mastodon.state.domainBlocks()].sort(), { timeout: 20_000 }).toEqual([...MANUAL_BLOCKS, ...THREADS_DOMAINS].sort());
    expect(domainBlockWrites(mastodon)).toBe(3);
    await expect.poll(() => isSwitchOn(popup)).toBe(true);
    // Mastodon cut the follows both ways (app/services/after_block_domain_from_account_service.rb).
    expect(mastodon.state.following().filter((acct) => acct.endsWith('@threads.net'))).toEqual([]);
    expect(mastodon.state.followers().filter((acct) => acct.endsWith('@threads.net'))).toEqual([]);
    const saved = await intentValueWith<typeof popup, RelationshipSnapshotSummary[]>(PUPPETEER_DRIVER, popup, { type: 'hedge/list-relationship-snapshots' });
    expect(saved.map(({ domain, followingCount, followersCount }) => ({ domain, followingCount, followersCount }))).toEqual([
      { domain: 'threads.net', followingCount: 3, followersCount: 2 },
    ]);
  });
});
