/**
 * The marks in the Mastodon web UI (issue 6), with the built extension on the local Mastodon's
 * pages: the hand-drawn 4.3 and 4.2 markup of tests/fixtures/mastodon-dom, and Mastodon's own
 * 4.6.5 web client (tests/fixtures/mastodon-web). One domain for each verdict, marks of the right kind
 * on the right accounts and nowhere else, tooltips and accessible descriptions that name the lists
 * and their reason labels, limited posts collapsed behind a notice with Show and Hide, "Block
 * domain with Hedge" on a profile naming the follows it cuts, then, confirmed, ending with the block
 * on the server, a run in History and the
 * follows it cut saved, marks that follow the change without a reload, and nothing left once
 * Hedge signs out. The core of it again on Mastodon 4.2's markup.
 *
 * Who is what, for the demo user of tests/fake-mastodon (README.md, "The demo story"):
 * - `xn--80ak6aa92e.com` (frank@аррӏе.com): blocked by the user in Mastodon;
 * - `sub.example.org` (dana): parent blocked, the user blocks `example.org`;
 * - `mastodon.social` (carol, ed, …): limited by a subscribed list's `silence` row;
 * - `threads.net` (bob): listed, one vote of a list taking part in a consensus of two;
 * - `poa.st`: suspended by the user's server, which publishes it obfuscated as `po*.*t` with its
 *   SHA-256, so only the digest can match it. The home page shows Gus_Writer@blog.example.net;
 *   the test serves that account as Gus_Writer@poa.st, since no account of the server's blocked
 *   domains is in the fixtures;
 * - `loud.example.org` (4.3 markup only): silenced by the server; hana@misskey.example served as
 *   hana@loud.example.org for the same reason;
 * - `social.example`, the server's own domain: always allowed, never marked.
 *
 * On the real 4.6.5 client the accounts are where the demo story puts them: frank's own posts leave
 * the home feed with the block (Mastodon unfollows and unmerges), alice's boost of one stays; the
 * server's silenced `loud.example.org` comes in a boost; the suspended `poa.st` appears only as a
 * mention, which Hedge leaves alone, and on its profile (tests/e2e/real-client.spec.ts marks it
 * there, on 4.5, 4.6 and glitch). The server shows its blocks to signed-in users here
 * (`instanceBlocksVisibility: 'users'`); Mastodon hides them by default.
 */
import type { Page, Response } from '@playwright/test';
import type { FakeMastodon } from '../fake-mastodon/index';
import type { HedgeState, PlanPreview, RelationshipSnapshotSummary, RunSummary } from '../../utils/protocol';
import { expect, test } from './fixtures';
import { answerClosingWindow, expectServerBlocks, signIn, SEED_MANUAL_BLOCKS } from './helpers';
import { intentValue, PLAYWRIGHT_DRIVER } from '../../scripts/extension-steps';
import { arrangeVerdicts as arrangeMarks, readMarksInPage, TOOLTIPS, type MarkedElement, type MarkKind } from './marks';

/** The accounts served on another domain than the fixture's, so the server's own blocks appear on the page. */
const SERVED_AS: ReadonlyArray<[from: string, to: string]> = [
  ['blog.example.net', 'poa.st'],
  ['misskey.example', 'loud.example.org'],
];

/** What each domain on the home page is, and how many of its accounts the page shows (found by utils/dom/find-accounts.ts). */
const HOME: Record<'4.3' | '4.2', Record<string, { kind: MarkKind; accounts: number }>> = {
  '4.3': {
    'xn--80ak6aa92e.com': { kind: 'blocked', accounts: 4 },
    'sub.example.org': { kind: 'parent-blocked', accounts: 3 },
    'mastodon.social': { kind: 'limited', accounts: 6 },
    'threads.net': { kind: 'listed', accounts: 2 },
    'poa.st': { kind: 'server-suspended', accounts: 1 },
    'loud.example.org': { kind: 'server-limited', accounts: 1 },
    'social.example': { kind: 'allowed', accounts: 6 },
  },
  '4.2': {
    'xn--80ak6aa92e.com': { kind: 'blocked', accounts: 4 },
    'sub.example.org': { kind: 'parent-blocked', accounts: 3 },
    'mastodon.social': { kind: 'limited', accounts: 6 },
    'threads.net': { kind: 'listed', accounts: 2 },
    'poa.st': { kind: 'server-suspended', accounts: 1 },
    'social.example': { kind: 'allowed', accounts: 6 },
  },
};

/**
 * The home and notification columns of Mastodon 4.6.5's own client in a 1400×900 window after
 * the arrangement below (tests/fake-mastodon/seed.ts): the first 20 posts of the home feed and the notifications, as
 * utils/dom/find-accounts.ts finds them there (authors, boosters, quoted authors, the notification
 * groups' account links, the compose column's own account).
 */
const HOME_46: Record<string, { kind: MarkKind; accounts: number }> = {
  // alice's boost of frank's post; frank's own post and follow notification went with the block.
  'xn--80ak6aa92e.com': { kind: 'blocked', accounts: 1 },
  'sub.example.org': { kind: 'parent-blocked', accounts: 4 },
  'eu.social.example.org': { kind: 'parent-blocked', accounts: 1 },
  'mastodon.social': { kind: 'limited', accounts: 7 },
  'threads.net': { kind: 'listed', accounts: 4 },
  'loud.example.org': { kind: 'server-limited', accounts: 1 },
  'social.example': { kind: 'allowed', accounts: 13 },
  'blog.example.net': { kind: 'none', accounts: 1 },
  'misskey.example': { kind: 'none', accounts: 1 },
  'cryptodon.lol': { kind: 'none', accounts: 1 },
};

/** Opens the popup, signs in and arranges the verdicts of tests/e2e/marks.ts. Returns the popup. */
async function arrangeVerdicts(openExtensionPage: (file: string) => Promise<Page>, mastodon: FakeMastodon): Promise<Page> {
  const popup = await openExtensionPage('popup.html');
  await arrangeMarks(PLAYWRIGHT_DRIVER, popup, mastodon);
  return popup;
}

/** Every element Hedge handled in `page`. */
function readMarks(page: Page): Promise<MarkedElement[]> {
  return page.evaluate(readMarksInPage);
}

/** Opens the home columns, serving the accounts of {@link SERVED_AS} on their other domain. */
async function openHome(page: Page, mastodon: FakeMastodon): Promise<void> {
  await page.route(`${mastodon.url}/home`, async (route) => {
    const response = await route.fetch();
    let body = await response.text();
    for (const [from, to] of SERVED_AS) body = body.replaceAll(from, to);
    await route.fulfill({ response, body });
  });
  await page.goto(`${mastodon.url}/home`);
}

/** Waits until every account of the page is handled, then checks each against `expected`. */
async function expectMarks(page: Page, expected: Record<string, { kind: MarkKind; accounts: number }>): Promise<MarkedElement[]> {
  const total = Object.values(expected).reduce((sum, { accounts }) => sum + accounts, 0);
  await expect.poll(async () => (await readMarks(page)).length).toBe(total);
  const marks = await readMarks(page);
  const byDomain: Record<string, { kinds: string[]; accounts: number }> = {};
  for (const mark of marks) {
    const entry = (byDomain[mark.domain] ??= { kinds: [], accounts: 0 });
    if (!entry.kinds.includes(mark.verdict)) entry.kinds.push(mark.verdict);
    entry.accounts += 1;
  }
  expect(byDomain).toEqual(Object.fromEntries(Object.entries(expected).map(([domain, { kind, accounts }]) => [domain, { kinds: [kind], accounts }])));
  for (const mark of marks) {
    const where = `${mark.role} of ${mark.domain}`;
    if (mark.verdict === 'none' || mark.verdict === 'allowed') {
      expect(mark.badges, where).toEqual([]);
      expect(mark.description, where).toBe('');
      continue;
    }
    const tooltip = TOOLTIPS[mark.verdict as keyof typeof TOOLTIPS](mark.domain);
    expect(mark.badges.map((badge) => badge.kind), where).toEqual([mark.verdict]);
    expect(mark.badges[0]?.title, where).toBe(tooltip);
    expect(mark.description, where).toBe(tooltip);
  }
  // No badge outside the handled elements.
  expect(await page.locator('.hedge-badge').count()).toBe(marks.filter((mark) => mark.verdict in TOOLTIPS).length);
  return marks;
}

/** Each limited author's post is collapsed behind the notice; Show reveals it and Hide collapses it again. */
async function expectCollapsedPosts(page: Page, authors: number): Promise<void> {
  const collapsed = page.locator('[data-hedge-collapsed="true"]');
  await expect(collapsed).toHaveCount(authors);
  const post = collapsed.filter({ has: page.locator('.status__content') }).first();
  const id = await post.getAttribute('data-id');
  const samePost = page.locator(`[data-hedge-collapsed][data-id="${id}"]`);
  const notice = samePost.locator('.hedge-notice');
  await expect(notice).toBeVisible();
  await expect(notice).toHaveAttribute('role', 'note');
  await expect(notice).toContainText('Limited by you: a post from mastodon.social (Marks limits · harassment, spam).');
  const content = samePost.locator('.status__content');
  await expect(content).toBeHidden();
  const toggle = notice.getByRole('button', { name: 'Show' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  const url = page.url();
  await toggle.click();
  await expect(content).toBeVisible();
  await expect(samePost).toHaveAttribute('data-hedge-collapsed', 'false');
  const hide = notice.getByRole('button', { name: 'Hide' });
  await expect(hide).toHaveAttribute('aria-expanded', 'true');
  await hide.click();
  await expect(content).toBeHidden();
  await expect(notice.getByRole('button', { name: 'Show' })).toBeVisible();
  // The click stayed on the button: Mastodon would open the post on a click inside it.
  expect(page.url()).toBe(url);
}

/** Signs Hedge out from an extension page, as Options › Accounts does. */
async function signOut(page: Page): Promise<void> {
  const state = await intentValue<HedgeState>(page, { type: 'hedge/get-state' });
  const key = state.activeAccountKey;
  if (key === null) throw new Error('no account signed in');
  await intentValue(page, { type: 'hedge/sign-out', accountKey: key });
}

/** Not one mark, notice, action, attribute or the stylesheet is left on the page. */
async function expectUnmarked(page: Page): Promise<void> {
  await expect(page.locator('#hedge-marks')).toHaveCount(0);
  await expect(page.locator('[data-hedge-own]')).toHaveCount(0);
  await expect(page.locator('[data-hedge-verdict], [data-hedge-domain], [data-hedge-role], [data-hedge-collapsed]')).toHaveCount(0);
  await expect(page.locator('[aria-describedby^="hedge-desc-"]')).toHaveCount(0);
}

test.describe('on Mastodon 4.3 markup', () => {
  // The hand-drawn 4.3 pages: a profile header Hedge finds, and the accounts of SERVED_AS.
  test.use({ mastodonOptions: { version: '4.3', instanceBlocksVisibility: 'users' } });

  test('marks each verdict on the home columns, collapses limited posts, blocks from a profile, follows changes and leaves with the sign-out', async ({
    context,
    openExtensionPage,
    mastodon,
  }) => {
    const popup = await arrangeVerdicts(openExtensionPage, mastodon);
    const home = await context.newPage();
    await openHome(home, mastodon);
    await expect(home.locator('#hedge-marks')).toHaveCount(1);
    const marks = await expectMarks(home, HOME['4.3']);
    const limitedAuthors = marks.filter((mark) => mark.verdict === 'limited' && mark.role === 'author').length;
    expect(limitedAuthors).toBe(4);
    await expectCollapsedPosts(home, limitedAuthors);
    // The blocked account's hover card offers no block: it is blocked already.
    await expect(home.locator('[data-hedge-role="hover-card"] .hedge-badge')).toHaveText('Blocked');
    await expect(home.getByRole('button', { name: /with Hedge/ })).toHaveCount(0);

    // Bob's profile: listed, with the action.
    const profile = await context.newPage();
    await profile.goto(`${mastodon.url}/@bob@threads.net`);
    const header = profile.locator('[data-hedge-role="profile"]');
    await expect(header.locator('.hedge-badge')).toHaveText('Listed');
    const action = profile.getByRole('button', { name: 'Block threads.net with Hedge' });
    await expect(action).toHaveText('Block threads.net with Hedge');
    const before = await intentValue<RunSummary[]>(popup, { type: 'hedge/list-runs' });
    // The page's own script clicking twice (untrusted events) asks for nothing.
    await profile.evaluate(() => {
      const button = document.querySelector<HTMLButtonElement>('button.hedge-action');
      button?.click();
      button?.click();
    });
    await profile.waitForTimeout(300);
    await expect(header.getByRole('status')).toHaveText('');
    await expect(action).toHaveText('Block threads.net with Hedge');
    // threads.net holds 3 of the user's follows and 2 followers: the click names that impact, Hedge's window asks, and nothing is sent yet.
    const confirmWindow = context.waitForEvent('page', { predicate: (opened) => opened.url().includes('/confirm.html') });
    await action.click();
    await expect(header.getByRole('status')).toHaveText("Blocking threads.net removes 3 accounts you follow and 2 followers. Confirm in Hedge's window, which shows whom.");
    await expect(action).toHaveText('Block threads.net with Hedge');
    const confirm = await confirmWindow;
    expect(mastodon.state.domainBlocks()).not.toContain('threads.net');
    expect(await intentValue<RunSummary[]>(popup, { type: 'hedge/list-runs' })).toEqual(before);
    await answerClosingWindow(confirm.getByRole('button', { name: 'Block threads.net' }));
    await expect(action).toHaveCount(0);
    await expectServerBlocks(mastodon, [...SEED_MANUAL_BLOCKS, 'xn--80ak6aa92e.com', 'example.org', 'threads.net']);

    // History: one more run, which added threads.net, and the follows and followers it cut saved first.
    await expect
      .poll(async () => (await intentValue<RunSummary[]>(popup, { type: 'hedge/list-runs' })).map(({ status, added, failures }) => ({ status, added, failures })))
      .toEqual([{ status: 'done', added: 1, failures: [] }, ...before.map(({ status, added, failures }) => ({ status, added, failures }))]);
    const saved = await intentValue<RelationshipSnapshotSummary[]>(popup, { type: 'hedge/list-relationship-snapshots' });
    expect(saved.map(({ domain, followingCount, followersCount }) => ({ domain, followingCount, followersCount }))).toEqual([
      { domain: 'threads.net', followingCount: 3, followersCount: 2 },
    ]);

    // Both open pages follow the block without a reload: threads.net is now blocked by the user.
    await expect(header.locator('.hedge-badge')).toHaveText('Blocked');
    const threadsOnHome = home.locator('[data-hedge-domain="threads.net"]');
    await expect(threadsOnHome).toHaveCount(HOME['4.3']['threads.net']!.accounts);
    await expect
      .poll(() => threadsOnHome.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-hedge-verdict'))))
      .toEqual(['blocked', 'blocked']);
    await expect(home.locator('[data-hedge-domain="threads.net"] .hedge-badge').first()).toHaveAttribute(
      'title',
      'You block threads.net. Lists: Your own entries, Marks votes · bots.',
    );
    // The new verdicts leave the limited posts collapsed.
    await expect(home.locator('[data-hedge-collapsed="true"]')).toHaveCount(limitedAuthors);

    await signOut(popup);
    await expectUnmarked(home);
    await expectUnmarked(profile);
    await expect(home.locator('.status').first()).toBeVisible();
  });
});

test.describe('on Mastodon 4.2 markup', () => {
  test.use({ mastodonOptions: { version: '4.2', instanceBlocksVisibility: 'users' } });

  test('marks each verdict, collapses limited posts and leaves with the sign-out', async ({ context, openExtensionPage, mastodon }) => {
    const popup = await arrangeVerdicts(openExtensionPage, mastodon);
    const home = await context.newPage();
    await openHome(home, mastodon);
    const marks = await expectMarks(home, HOME['4.2']);
    const limitedAuthors = marks.filter((mark) => mark.verdict === 'limited' && mark.role === 'author').length;
    await expectCollapsedPosts(home, limitedAuthors);

    const profile = await context.newPage();
    await profile.goto(`${mastodon.url}/@bob@threads.net`);
    await expect(profile.locator('[data-hedge-role="profile"] .hedge-badge')).toHaveText('Listed');
    await expect(profile.getByRole('button', { name: 'Block threads.net with Hedge' })).toBeVisible();

    await signOut(popup);
    await expectUnmarked(home);
    await expectUnmarked(profile);
  });
});

/** What went wrong on a page: answers of 400 and above, console errors, uncaught exceptions. */
function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('response', (response: Response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.request().method()} ${response.url()}`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  return problems;
}

/** Moves the mouse onto `target` as a person would, so Mastodon's hover-card controller opens a card. */
async function hoverLikeAPerson(page: Page, target: ReturnType<Page['locator']>): Promise<void> {
  const box = await target.boundingBox();
  if (!box) throw new Error('the link to hover is not on screen');
  await page.mouse.move(box.x - 30, box.y - 30);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 12 });
  await page.mouse.move(box.x + box.width / 2 + 2, box.y + box.height / 2 + 1, { steps: 3 });
}

test.describe("on Mastodon 4.6.5's own web client", () => {
  test.use({ mastodonOptions: { version: '4.6', instanceBlocksVisibility: 'users' } });

  test('marks home, notifications, a hover card and a quoted post, collapses limited posts, and follows a block as Mastodon shows it', async ({
    context,
    openExtensionPage,
    mastodon,
  }) => {
    const popup = await arrangeVerdicts(openExtensionPage, mastodon);
    // Mastodon's job cuts frank's follows, his posts in the home feed and his notifications.
    await mastodon.state.jobsDone();
    const home = await context.newPage();
    // The client renders posts far below the window as empty placeholders, so what is marked
    // depends on the window's size: HOME_46 is for this one.
    await home.setViewportSize({ width: 1400, height: 900 });
    const problems = watchProblems(home);
    await home.goto(`${mastodon.url}/home`);
    await expect(home.locator('#hedge-marks')).toHaveCount(1);
    const marks = await expectMarks(home, HOME_46);
    expect(marks.filter((mark) => mark.role === 'quoted').map((mark) => [mark.domain, mark.verdict])).toEqual([
      ['threads.net', 'listed'],
      ['social.example', 'allowed'],
    ]);
    expect(marks.filter((mark) => mark.role === 'notification' && mark.verdict === 'parent-blocked').map((mark) => mark.domain).sort()).toEqual([
      'eu.social.example.org',
      'sub.example.org',
    ]);
    const limitedAuthors = marks.filter((mark) => mark.verdict === 'limited' && mark.role === 'author').length;
    expect(limitedAuthors).toBe(4);
    await expectCollapsedPosts(home, limitedAuthors);
    // The quote of frank's post: Mastodon hides it and names the domain; there is no account to mark.
    await expect(home.locator('.status__quote--error')).toHaveText(/This post is hidden because you've blocked аррӏе\.com\./);

    // A hover card on dana's name: the card's name link is marked too.
    await hoverLikeAPerson(home, home.locator('.status__display-name[href="/@dana@sub.example.org"]').first());
    const card = home.locator('[data-hedge-role="hover-card"]');
    await expect(card).toHaveAttribute('data-hedge-verdict', 'parent-blocked');
    await expect(card.locator('.hedge-badge')).toHaveText('Parent blocked');

    // Block Threads from the popup: the marks follow at once, the page as Mastodon shows it after a reload.
    const plan = await intentValue<PlanPreview>(popup, { type: 'hedge/set-preset', presetId: 'threads', enabled: true });
    await intentValue(popup, { type: 'hedge/confirm-plan', planId: plan.planId, excludeDomains: [] });
    await expectServerBlocks(mastodon, [...SEED_MANUAL_BLOCKS, 'xn--80ak6aa92e.com', 'example.org', 'threads.net', 'threads.com', 'threads.instagram.com']);
    await expect
      .poll(() => home.locator('[data-hedge-domain="threads.net"]').evaluateAll((elements) => [...new Set(elements.map((element) => element.getAttribute('data-hedge-verdict')))]))
      .toEqual(['blocked']);
    await mastodon.state.jobsDone();
    await home.reload();
    await expect(home.locator('.status').first()).toBeVisible();
    // Bob's own posts and notifications are gone; alice's boost of his post stays, and lee's quote of it is hidden.
    await expect(home.locator('.status__quote--error').filter({ hasText: 'threads.net' })).toHaveCount(1);
    await expect
      .poll(() => home.locator('[data-hedge-domain="threads.net"]').evaluateAll((elements) => elements.map((element) => `${element.getAttribute('data-hedge-role')} ${element.getAttribute('data-hedge-verdict')}`)))
      .toEqual(['author blocked']);
    await expect(home.locator('.notification-group [href="/@bob@threads.net"]')).toHaveCount(0);

    await signOut(popup);
    await expectUnmarked(home);
    await expect(home.locator('.status').first()).toBeVisible();
    expect(problems).toEqual([]);
  });

  test('scrolling the home column loads 200 more posts, and each one that shows is marked', async ({ context, openExtensionPage, mastodon }) => {
    const popup = await openExtensionPage('popup.html');
    await signIn(popup, mastodon);
    const home = await context.newPage();
    const problems = watchProblems(home);
    await home.goto(`${mastodon.url}/home`);
    const column = home.getByRole('region', { name: 'Home' });
    await expect(column.locator('[data-hedge-verdict]').first()).toBeAttached();
    const loaded = () => column.locator('article[data-id]').count();
    const first = await loaded();
    const pages = () => mastodon.state.requests.filter((request) => request.path === '/api/v1/timelines/home' && request.query.includes('max_id')).length;
    // Each scroll to the bottom asks for the next page (max_id), as a person reading on would.
    for (let round = 0; round < 40 && (await loaded()) < first + 200; round += 1) {
      await column.locator('.scrollable').evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
      await expect.poll(loaded, { timeout: 10_000 }).toBeGreaterThan(first + round * 5);
    }
    expect(await loaded()).toBeGreaterThanOrEqual(first + 200);
    expect(pages()).toBeGreaterThanOrEqual(10);
    // Posts far above are placeholders without links (IntersectionObserverArticle); every one on screen is handled.
    await expect
      .poll(() => column.locator('a.status__display-name:not([data-hedge-verdict])').count(), { timeout: 10_000 })
      .toBe(0);
    expect(await column.locator('a.status__display-name[data-hedge-verdict]').count()).toBeGreaterThan(5);
    expect(problems).toEqual([]);
  });
});
