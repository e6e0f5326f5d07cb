/**
 * The marks on Mastodon 4.6.5's own web client, in Firefox ESR: the content script Hedge registers
 * at sign-in runs on the instance's page and marks each account by its domain's verdict, with a
 * badge whose tooltip and accessible description name the lists; limited authors' posts are
 * collapsed behind a notice with Show and Hide; a suspended server's profile is marked and offers
 * "Block … with Hedge". The verdicts are those of the Chromium specs (tests/e2e/marks.ts); the
 * local Mastodon shows its own blocks to signed-in users here (`instanceBlocksVisibility: 'users'`),
 * where Mastodon hides them by default.
 */
import type { Page } from 'puppeteer-core';
import { afterEach, describe, expect, it } from 'vitest';
import { PUPPETEER_DRIVER } from '../../scripts/firefox';
import { ARRANGED_VERDICTS, BADGES, TOOLTIPS, arrangeVerdicts, readMarksInPage, type MarkedElement } from '../e2e/marks';
import { openPopup, startHedgeInFirefox, type HedgeInFirefox } from './session';

/** A window where the client shows home and notifications side by side (as tests/e2e/real-client.spec.ts). */
const VIEWPORT = { width: 1400, height: 900 };

/** Domains with accounts in the home and notification columns whose verdicts must all show. */
const SHOWN_DOMAINS = ['xn--80ak6aa92e.com', 'sub.example.org', 'mastodon.social', 'threads.net', 'loud.example.org', 'social.example'];

const LIMITED_NOTICE = 'Limited by you: a post from mastodon.social (Marks limits · harassment, spam).';

let hedge: HedgeInFirefox | undefined;
afterEach(async () => {
  await hedge?.close();
  hedge = undefined;
});

/** Waits until the page's marks stop growing (every account the client shows is handled), and returns them. */
async function settledMarks(page: Page): Promise<MarkedElement[]> {
  let marks: MarkedElement[] = [];
  await expect
    .poll(async () => {
      const before = marks.length;
      marks = await page.evaluate(readMarksInPage);
      return marks.length > 0 && marks.length === before;
    }, { timeout: 20_000, interval: 500 })
    .toBe(true);
  return marks;
}

/** Each mark has its domain's verdict, one badge of that kind whose tooltip and description say the same, and no badge is elsewhere. */
async function expectMarksRight(page: Page, marks: MarkedElement[]): Promise<void> {
  for (const mark of marks) {
    const where = `${mark.role} of ${mark.domain}`;
    const expected = ARRANGED_VERDICTS[mark.domain] ?? 'none';
    expect(mark.verdict, where).toBe(expected);
    if (expected === 'none' || expected === 'allowed') {
      expect(mark.badges, where).toEqual([]);
      expect(mark.description, where).toBe('');
      continue;
    }
    const tooltip = TOOLTIPS[expected](mark.domain);
    expect(mark.badges.map((badge) => [badge.kind, badge.text]), where).toEqual([[expected, BADGES[expected]]]);
    expect(mark.badges[0]?.title, where).toBe(tooltip);
    expect(mark.description, where).toBe(tooltip);
  }
  expect(await page.$$eval('.hedge-badge', (badges) => badges.length)).toBe(marks.filter((mark) => mark.verdict in TOOLTIPS).length);
}

describe('marks on Mastodon 4.6.5\'s own web client, in Firefox', () => {
  it('marks each account by its domain\'s verdict, collapses limited posts with Show and Hide, and marks a suspended server\'s profile', async () => {
    hedge = await startHedgeInFirefox({ mastodon: { instanceBlocksVisibility: 'users' } });
    const { mastodon, firefox } = hedge;
    await arrangeVerdicts(PUPPETEER_DRIVER, await openPopup(hedge), mastodon);

    const page = await firefox.browser.newPage();
    await page.setViewport(VIEWPORT);
    await page.goto(`${mastodon.url}/home`);
    const home = await settledMarks(page);
    expect(await page.$$eval('#hedge-marks', (sheets) => sheets.length)).toBe(1);
    expect([...new Set(home.map((mark) => mark.domain))]).toEqual(expect.arrayContaining(SHOWN_DOMAINS));
    expect([...new Set(home.map((mark) => mark.role))]).toEqual(expect.arrayContaining(['author', 'booster', 'quoted', 'notification']));
    await expectMarksRight(page, home);

    // Each limited author's post is collapsed behind a notice that names the list and its reasons.
    const limitedAuthors = home.filter((mark) => mark.verdict === 'limited' && mark.role === 'author').length;
    expect(limitedAuthors).toBeGreaterThan(0);
    const notices = await page.$$eval('[data-hedge-collapsed="true"] > .hedge-notice', (found) => found.map((notice) => notice.textContent ?? ''));
    expect(notices.length).toBeGreaterThanOrEqual(limitedAuthors);
    for (const notice of notices) expect(notice).toContain(LIMITED_NOTICE);

    // Show reveals the post and Hide collapses it again, without opening the post.
    const url = page.url();
    const shown = await page.$eval('[data-hedge-collapsed="true"]:has(.status__content)', (post) => post.getAttribute('data-id'));
    const post = `[data-hedge-collapsed][data-id="${shown}"]`;
    await page.click(`${post} > .hedge-notice button`);
    await page.waitForSelector(`${post}[data-hedge-collapsed="false"] .status__content`, { visible: true });
    await page.click(`${post} > .hedge-notice button`);
    await page.waitForSelector(`${post}[data-hedge-collapsed="true"] .status__content`, { hidden: true });
    expect(page.url()).toBe(url);

    // A profile on a server the user's server suspends: the header is marked and offers the block.
    await page.goto(`${mastodon.url}/@troll@poa.st`);
    await page.waitForSelector('[data-hedge-role="profile"][data-hedge-domain="poa.st"]');
    expect(await page.$eval('[data-hedge-role="profile"] .hedge-badge', (badge) => badge.textContent)).toBe(BADGES['server-suspended']);
    expect(await page.$$eval('button', (buttons) => buttons.map((button) => button.textContent))).toContain('Block poa.st with Hedge');
    await expectMarksRight(page, await settledMarks(page));
  });
});
