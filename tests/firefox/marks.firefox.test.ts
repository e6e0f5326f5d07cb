/**
 * The marks in the Mastodon web UI, in Firefox ESR: the content script Hedge registers at sign-in
 * runs on the instance's page and marks each account by its domain's verdict, with a badge whose
 * tooltip and accessible description name the lists; limited authors' posts are collapsed behind a
 * notice. The verdicts are those of the Chromium spec (tests/e2e/marks.ts).
 *
 * The checks go by domain, not by the page's layout, so they hold on whatever markup the local
 * Mastodon serves. The fake is pinned to Mastodon 4.3 for now, whose page is the hand-drawn one of
 * tests/fixtures/mastodon-dom; the domains checked to be present are those its accounts are on.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PUPPETEER_DRIVER } from '../../scripts/firefox';
import { ARRANGED_VERDICTS, TOOLTIPS, arrangeVerdicts, readMarksInPage, type MarkedElement } from '../e2e/marks';
import { openPopup, startHedgeInFirefox, type HedgeInFirefox } from './session';

/** Domains with accounts on the home page whose verdicts must all show. */
const SHOWN_DOMAINS = ['xn--80ak6aa92e.com', 'sub.example.org', 'mastodon.social', 'threads.net', 'social.example'];

let hedge: HedgeInFirefox | undefined;
afterEach(async () => {
  await hedge?.close();
  hedge = undefined;
});

describe('marks on the Mastodon page, in Firefox', () => {
  it('marks each account by its domain\'s verdict, with badges that name the lists, and collapses limited posts', async () => {
    hedge = await startHedgeInFirefox({ mastodon: { version: '4.3' } });
    const { mastodon, firefox } = hedge;
    await arrangeVerdicts(PUPPETEER_DRIVER, await openPopup(hedge), mastodon);

    const home = await firefox.browser.newPage();
    await home.goto(`${mastodon.url}/home`);
    // Marked once every account the page shows is handled: the count stops growing.
    let marks: MarkedElement[] = [];
    await expect
      .poll(async () => {
        const before = marks.length;
        marks = await home.evaluate(readMarksInPage);
        return marks.length > 0 && marks.length === before;
      }, { timeout: 20_000, interval: 500 })
      .toBe(true);
    expect(await home.$$eval('#hedge-marks', (sheets) => sheets.length)).toBe(1);

    const seenDomains = new Set(marks.map((mark) => mark.domain));
    expect([...seenDomains]).toEqual(expect.arrayContaining(SHOWN_DOMAINS));
    for (const mark of marks) {
      const where = `${mark.role} of ${mark.domain}`;
      const expected = ARRANGED_VERDICTS[mark.domain] ?? 'none';
      expect(mark.verdict, where).toBe(expected);
      if (expected === 'none' || expected === 'allowed') {
        expect(mark.badges, where).toEqual([]);
        expect(mark.description, where).toBe('');
        continue;
      }
      const tooltip = TOOLTIPS[expected];
      expect(mark.badges.map((badge) => badge.kind), where).toEqual([expected]);
      expect(mark.badges[0]?.title, where).toBe(tooltip);
      expect(mark.description, where).toBe(tooltip);
    }
    // No badge outside the handled elements.
    expect(await home.$$eval('.hedge-badge', (badges) => badges.length)).toBe(marks.filter((mark) => mark.verdict in TOOLTIPS).length);

    // Each limited author's post is collapsed behind a notice that names the list and its reasons.
    const limitedAuthors = marks.filter((mark) => mark.verdict === 'limited' && mark.role === 'author').length;
    expect(limitedAuthors).toBeGreaterThan(0);
    const notices = await home.$$eval('[data-hedge-collapsed="true"]', (posts) =>
      posts.map((post) => post.querySelector(':scope > .hedge-notice')?.textContent ?? ''),
    );
    expect(notices).toHaveLength(limitedAuthors);
    for (const notice of notices) expect(notice).toContain('Limited by you: a post from mastodon.social (Marks limits · harassment, spam).');
  });
});
