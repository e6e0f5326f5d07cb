/**
 * The marks on Mastodon's real web clients: 4.5.15, 4.6.5 and glitch-soc 4.6.5's glitch flavour,
 * served by the local Mastodon (tests/fixtures/mastodon-web) with its demo story, with the built
 * extension in Chromium. For each client:
 * - every verdict is marked where the client shows accounts: post authors, boosters and the
 *   boosted author, quoted authors, notification actors, a profile header, a followers list and a
 *   hover card; limited posts are collapsed behind a notice naming the reason, with Show and Hide;
 * - the marks stay right when the client draws its views again (to Notifications and back to
 *   Home, into a thread and back) and after scrolling loads 200 more posts;
 * - "Block … with Hedge" from a hover card and from a profile ends with the block on the server,
 *   and after moving from one profile to another inside the app the button and the block are for
 *   the profile shown, never the one before (4.5 writes the next profile into the same header);
 * - Hedge logs no error: the console holds none but the client's own, none here.
 *
 * Who is what (tests/fake-mastodon/README.md, "The demo story", and the arrangement of tests/e2e/marks.ts):
 * `xn--80ak6aa92e.com` (frank) blocked by the user; `example.org` blocked, so `sub.example.org` (dana)
 * and `eu.social.example.org` (kim) are parent-blocked; `mastodon.social` (carol, mia) limited by a
 * list outside the consensus; `threads.net` (bob, jo_writes) listed by one list of a consensus of
 * two; `loud.example.org` (shouty) limited and `poa.st` (troll) suspended by the server, which
 * shows its blocks to signed-in users (`instanceBlocksVisibility: 'users'`); `social.example`, the
 * server's own domain, always allowed.
 */
import type { Locator, Page } from '@playwright/test';
import type { FakeMastodon, FakeMastodonOptions } from '../fake-mastodon/index';
import { demoStatusId } from '../fake-mastodon/seed';
import { expect, test } from './fixtures';
import { answerClosingWindow, expectServerBlocks, saveScreenshot, signIn, SEED_MANUAL_BLOCKS } from './helpers';
import { PLAYWRIGHT_DRIVER } from '../../scripts/extension-steps';
import { ARRANGED_VERDICTS, arrangeVerdicts as arrangeMarks, BADGES } from './marks';
import { clickInCard, openHoverCard } from './hover-card';

const CLIENTS: Array<{ name: string; options: FakeMastodonOptions }> = [
  { name: '4.5', options: { version: '4.5' } },
  { name: '4.6', options: { version: '4.6' } },
  { name: 'glitch', options: { version: '4.6', flavour: 'glitch' } },
];

/** A window where each client shows home and notifications side by side, with a few posts of each. */
const VIEWPORT = { width: 1400, height: 900 };

/** Opens the popup, signs in and arranges the verdicts of tests/e2e/marks.ts. Returns the popup. */
async function arrangeVerdicts(openExtensionPage: (file: string) => Promise<Page>, mastodon: FakeMastodon): Promise<Page> {
  const popup = await openExtensionPage('popup.html');
  await arrangeMarks(PLAYWRIGHT_DRIVER, popup, mastodon);
  return popup;
}

/**
 * Errors in the page's console and uncaught exceptions. Hedge logs none; the client's own streaming
 * socket, refused where a server has no streaming, would be the only expected one, and the local
 * Mastodon accepts it.
 */
function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !/WebSocket connection to .*\/api\/v1\/streaming/.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  return problems;
}

async function openPage(page: Page, mastodon: FakeMastodon, path: string): Promise<void> {
  await page.setViewportSize(VIEWPORT);
  await page.goto(`${mastodon.url}${path}`);
  await expect(page.locator('#hedge-marks')).toHaveCount(1);
}

/** What each element Hedge handled says. */
interface Mark {
  domain: string;
  verdict: string;
  role: string;
  badges: string[];
}

interface PageMarks {
  marks: Mark[];
  /** Badges outside the elements Hedge handled, each by its text. */
  strayBadges: string[];
  /** Author links of rendered posts Hedge left alone. */
  unhandledAuthors: string[];
  /** Posts of limited authors that are not collapsed. */
  openLimitedPosts: number;
}

function readMarks(page: Page): Promise<PageMarks> {
  return page.evaluate(() => {
    const handled = [...document.querySelectorAll('[data-hedge-verdict]')];
    const ownBadges = (element: Element) => [...element.querySelectorAll('.hedge-badge')].filter((badge) => badge.parentElement?.closest('[data-hedge-verdict]') === element);
    const inHandled = new Set(handled.flatMap(ownBadges));
    const authors = [...document.querySelectorAll('.status a.status__display-name, .detailed-status a.detailed-status__display-name')];
    return {
      marks: handled.map((element) => ({
        domain: element.getAttribute('data-hedge-domain') ?? '',
        verdict: element.getAttribute('data-hedge-verdict') ?? '',
        role: element.getAttribute('data-hedge-role') ?? '',
        badges: ownBadges(element).map((badge) => badge.getAttribute('data-hedge-kind') ?? ''),
      })),
      strayBadges: [...document.querySelectorAll('.hedge-badge')].filter((badge) => !inHandled.has(badge)).map((badge) => badge.textContent ?? ''),
      unhandledAuthors: authors.filter((link) => !link.hasAttribute('data-hedge-verdict')).map((link) => link.getAttribute('href') ?? ''),
      openLimitedPosts: authors.filter((link) => link.getAttribute('data-hedge-verdict') === 'limited' && link.closest('[data-hedge-collapsed]') === null).length,
    };
  });
}

/**
 * Waits until every post author on the page is handled, then checks every mark: the verdict of its
 * domain, one badge of that kind (none for `none` and `allowed`), no badge elsewhere, every
 * limited author's post collapsed. Returns the marks.
 */
async function expectMarksRight(page: Page): Promise<Mark[]> {
  await expect.poll(async () => (await readMarks(page)).unhandledAuthors, { timeout: 15_000 }).toEqual([]);
  const { marks, strayBadges, openLimitedPosts } = await readMarks(page);
  for (const mark of marks) {
    const where = `${mark.role} of ${mark.domain}`;
    const kind = ARRANGED_VERDICTS[mark.domain] ?? 'none';
    expect(mark.verdict, where).toBe(kind);
    expect(mark.badges, where).toEqual(kind === 'none' || kind === 'allowed' ? [] : [kind]);
  }
  expect(strayBadges).toEqual([]);
  expect(openLimitedPosts).toBe(0);
  return marks;
}

/** `role verdict` of every mark, once each, sorted. */
function placesOf(marks: Mark[]): string[] {
  return [...new Set(marks.map((mark) => `${mark.role} ${mark.verdict}`))].sort();
}

/** The author link of a post by `acct` (`/@acct` on 4.5 and 4.6, `title="@acct"` on glitch). */
function authorLink(page: Page, acct: string): Locator {
  return page.locator(`.status__display-name[href="/@${acct}"], .status__display-name[title="@${acct}"]`).first();
}

/** Follows a link inside the app, as a person's click does (the client's router, no page load). */
async function navigateInApp(page: Page, path: string): Promise<void> {
  const loads: string[] = [];
  page.on('load', () => loads.push(page.url()));
  await page.evaluate((target) => {
    window.history.pushState({}, '', target);
    window.dispatchEvent(new PopStateEvent('popstate', { state: {} }));
  }, path);
  await expect(page).toHaveURL(new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  expect(loads).toEqual([]);
}

for (const client of CLIENTS) {
  test.describe(`on ${client.name === 'glitch' ? "glitch-soc 4.6.5's glitch flavour" : `Mastodon ${client.name}'s own client`}`, () => {
    test.use({ mastodonOptions: { ...client.options, instanceBlocksVisibility: 'users' } });

    test('marks every verdict on posts, boosts, quotes, notifications, a profile, followers and a hover card, and collapses limited posts', async ({
      context,
      openExtensionPage,
      mastodon,
    }) => {
      await arrangeVerdicts(openExtensionPage, mastodon);
      const page = await context.newPage();
      const problems = watchConsole(page);

      // Home and notifications, side by side.
      await openPage(page, mastodon, '/home');
      const home = await expectMarksRight(page);
      expect(placesOf(home)).toEqual(
        expect.arrayContaining([
          'author blocked',
          'author limited',
          'author listed',
          'author parent-blocked',
          'author server-limited',
          'author allowed',
          'booster limited',
          'booster allowed',
          'quoted listed',
          'notification limited',
          'notification listed',
          'notification parent-blocked',
          'notification allowed',
        ]),
      );
      await saveScreenshot(page, `real-client-${client.name}-home`);

      // A limited post: collapsed behind a notice naming the list and its reasons, shown and hidden on demand.
      const post = page.locator('[data-hedge-collapsed="true"]').filter({ has: page.locator('.status__content') }).first();
      const id = await post.getAttribute('data-id');
      const samePost = page.locator(`[data-hedge-collapsed][data-id="${id}"]`).first();
      const notice = samePost.locator('.hedge-notice');
      await expect(notice).toHaveAttribute('role', 'note');
      await expect(notice).toContainText('Limited by you: a post from mastodon.social (Marks limits · harassment, spam).');
      const content = samePost.locator('.status__content').first();
      await expect(content).toBeHidden();
      const url = page.url();
      await notice.getByRole('button', { name: 'Show' }).click();
      await expect(content).toBeVisible();
      await expect(samePost).toHaveAttribute('data-hedge-collapsed', 'false');
      await notice.getByRole('button', { name: 'Hide' }).click();
      await expect(content).toBeHidden();
      // The click stayed on the button: the client opens a post on a click inside it.
      expect(page.url()).toBe(url);

      // A hover card: the card's name is marked and offers the block, naming the domain.
      const card = await openHoverCard(page, authorLink(page, 'dana@sub.example.org'));
      await expect(card.locator('[data-hedge-role="hover-card"]')).toHaveAttribute('data-hedge-verdict', 'parent-blocked');
      await expect(card.locator('.hedge-badge')).toHaveText(BADGES['parent-blocked']);
      await expect(card.getByRole('button', { name: 'Block sub.example.org with Hedge' })).toBeVisible();
      await saveScreenshot(page, `real-client-${client.name}-hover-card`);
      await page.mouse.move(VIEWPORT.width - 5, VIEWPORT.height - 5);

      // Profiles: a listed one with the action, a suspended one.
      for (const [path, domain] of [['/@bob@threads.net', 'threads.net'], ['/@troll@poa.st', 'poa.st']] as const) {
        await openPage(page, mastodon, path);
        const header = page.locator('[data-hedge-role="profile"]');
        await expect(header).toHaveAttribute('data-hedge-domain', domain);
        const kind = ARRANGED_VERDICTS[domain] as keyof typeof BADGES;
        await expect(header.locator('.hedge-badge')).toHaveText(BADGES[kind]);
        await expect(page.getByRole('button', { name: `Block ${domain} with Hedge` })).toBeVisible();
        if (domain === 'threads.net') await saveScreenshot(page, `real-client-${client.name}-profile`);
        await expectMarksRight(page);
      }

      // The followers list.
      await openPage(page, mastodon, '/@demo/followers');
      const followers = page.locator('article [data-hedge-role="account"]');
      await expect
        .poll(() => followers.evaluateAll((elements) => elements.map((element) => `${element.getAttribute('data-hedge-domain')} ${element.getAttribute('data-hedge-verdict')}`).sort()))
        .toEqual(expect.arrayContaining(['mastodon.social limited', 'sub.example.org parent-blocked', 'threads.net listed', 'eu.social.example.org parent-blocked']));
      await expectMarksRight(page);
      await saveScreenshot(page, `real-client-${client.name}-followers`);
      expect(problems).toEqual([]);
    });

    test('keeps the marks right when the client draws its views again and loads 200 more posts', async ({ context, openExtensionPage, mastodon }) => {
      await arrangeVerdicts(openExtensionPage, mastodon);
      const page = await context.newPage();
      const problems = watchConsole(page);
      // A profile's address opens the one-column layout, where Home, Notifications and a thread take the same column in turn.
      await openPage(page, mastodon, '/@bob@threads.net');
      await expectMarksRight(page);
      const main = page.locator('.columns-area__panels__main');
      for (const view of ['Home', 'Notifications', 'Home']) {
        await page.locator('.navigation-panel').getByRole('link', { name: view }).first().click();
        await expect(main.locator(view === 'Home' ? '.status' : '.notification-group').first()).toBeVisible();
        const marks = await expectMarksRight(page);
        expect(placesOf(marks)).toEqual(expect.arrayContaining(view === 'Home' ? ['author limited', 'author parent-blocked', 'quoted listed'] : ['notification listed', 'notification parent-blocked']));
      }

      // Into a thread and back.
      await navigateInApp(page, `/@carol@mastodon.social/${demoStatusId('thread-carol')}`);
      await expect(page.locator('.detailed-status')).toBeVisible();
      const thread = await expectMarksRight(page);
      expect(placesOf(thread)).toEqual(expect.arrayContaining(['author limited', 'author listed', 'author parent-blocked']));
      await page.goBack();
      await expect(main.locator('.status').first()).toBeVisible();
      await expectMarksRight(page);

      // 200 more posts, page by page as the column is scrolled to its end.
      const posts = main.locator('article[data-id]');
      const loaded = () => posts.count();
      const first = await loaded();
      for (let round = 0; round < 40 && (await loaded()) < first + 200; round += 1) {
        const before = await loaded();
        await posts.last().scrollIntoViewIfNeeded();
        await expect.poll(loaded, { timeout: 15_000 }).toBeGreaterThan(before);
      }
      expect(await loaded()).toBeGreaterThanOrEqual(first + 200);
      await expectMarksRight(page);
      expect((await readMarks(page)).marks.filter((mark) => mark.role === 'author').length).toBeGreaterThan(5);
      expect(problems).toEqual([]);
    });

    test('Block … with Hedge from a hover card ends with the block on the server', async ({ context, openExtensionPage, mastodon }) => {
      const popup = await openExtensionPage('popup.html');
      await signIn(popup, mastodon);
      const page = await context.newPage();
      const problems = watchConsole(page);
      await openPage(page, mastodon, '/home');
      const bob = authorLink(page, 'bob@threads.net');
      const card = await openHoverCard(page, bob);
      const confirmWindow = context.waitForEvent('page', { predicate: (opened) => opened.url().includes('/confirm.html') });
      await clickInCard(page, bob, card.getByRole('button', { name: 'Block threads.net with Hedge' }));
      // threads.net holds 3 of the user's follows and 2 followers: the click names that impact, and Hedge's window asks.
      await expect(card.getByRole('status')).toHaveText("Blocking threads.net removes 3 accounts you follow and 2 followers. Confirm in Hedge's window, which shows whom.");
      expect(mastodon.state.domainBlocks()).not.toContain('threads.net');
      const confirm = await confirmWindow;
      await answerClosingWindow(confirm.getByRole('button', { name: 'Block threads.net' }));
      await expectServerBlocks(mastodon, [...SEED_MANUAL_BLOCKS, 'threads.net']);
      // The page follows the block without a reload.
      await expect.poll(() => page.locator('[data-hedge-domain="threads.net"]').evaluateAll((elements) => [...new Set(elements.map((element) => element.getAttribute('data-hedge-verdict')))])).toEqual(['blocked']);
      expect(problems).toEqual([]);
    });

    test('after moving from one profile to another inside the app, Block … with Hedge names and blocks the profile shown', async ({ context, openExtensionPage, mastodon }) => {
      const popup = await openExtensionPage('popup.html');
      await signIn(popup, mastodon);
      const page = await context.newPage();
      const problems = watchConsole(page);
      const loads: string[] = [];
      await openPage(page, mastodon, '/@carol@mastodon.social');
      page.on('load', () => loads.push(page.url()));
      const header = page.locator('[data-hedge-role="profile"]');
      const actions = page.getByRole('button', { name: /^Block .* with Hedge$/ });
      await expect(header).toHaveAttribute('data-hedge-domain', 'mastodon.social');
      await expect(actions).toHaveText(['Block mastodon.social with Hedge']);

      // From Carol's post to Dana's profile through the link in it, and back: both inside the app.
      // Coming back, 4.5 writes Carol's profile, which it still has, into the header it shows for Dana.
      await page.locator('.status__content a[href="/@dana@sub.example.org"]').first().click();
      await expect(page).toHaveURL(/\/@dana@sub\.example\.org$/);
      await expect(header).toHaveAttribute('data-hedge-domain', 'sub.example.org');
      await expect(actions).toHaveText(['Block sub.example.org with Hedge']);
      await page.goBack();
      await expect(page).toHaveURL(/\/@carol@mastodon\.social$/);
      expect(loads).toEqual([]);
      await expect(header).toHaveAttribute('data-hedge-domain', 'mastodon.social');
      await expect(actions).toHaveText(['Block mastodon.social with Hedge']);

      // The block cuts follows: Hedge's own window names whom, and its button confirms.
      const opened = context.waitForEvent('page', { predicate: (candidate) => candidate.url().includes('/confirm.html?plan=') });
      await actions.click();
      await expect(page.getByRole('status').filter({ hasText: 'Blocking mastodon.social removes' })).toBeVisible();
      const confirm = await opened;
      await expect(confirm.getByRole('heading', { name: 'Block mastodon.social?' })).toBeVisible();
      await answerClosingWindow(confirm.getByRole('button', { name: 'Block mastodon.social' }));
      await expectServerBlocks(mastodon, [...SEED_MANUAL_BLOCKS, 'mastodon.social']);
      // The one block Hedge asked for is the profile's shown.
      const asked = mastodon.state.requests.filter((request) => request.path === '/api/v1/domain_blocks' && request.method === 'POST').map((request) => request.domain);
      expect(asked).toEqual(['mastodon.social']);
      expect(problems).toEqual([]);
    });
  });
}
