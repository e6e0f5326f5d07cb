/**
 * The marks in the Mastodon web UI (issue 6), with the built extension on the local Mastodon's
 * page (tests/fixtures/mastodon-dom markup): one domain for each verdict, marks of the right kind
 * on the right accounts and nowhere else, tooltips and accessible descriptions that name the lists
 * and their reason labels, limited posts collapsed behind a notice with Show and Hide, "Block
 * domain with Hedge" on a profile naming the follows it cuts, then, confirmed, ending with the block
 * on the server, a run in History and the
 * follows it cut saved, marks that follow the change without a reload, and nothing left once
 * Hedge signs out. The core of it again on Mastodon 4.2's markup.
 *
 * Who is what: tests/e2e/marks.ts. The home page shows Gus_Writer@blog.example.net and (4.3 markup
 * only) hana@misskey.example; the test serves them as Gus_Writer@poa.st and hana@loud.example.org,
 * since no account of the server's blocked domains is in the fixtures.
 */
import type { Page } from '@playwright/test';
import type { FakeMastodon } from '../fake-mastodon/index';
import type { HedgeState, RelationshipSnapshotSummary, RunSummary } from '../../utils/protocol';
import { expect, test } from './fixtures';
import { expectServerBlocks, SEED_MANUAL_BLOCKS } from './helpers';
import { TOOLTIPS, arrangeVerdicts, readMarksInPage, type MarkKind, type MarkedElement } from './marks';
import { PLAYWRIGHT_DRIVER, intentValue } from '../../scripts/extension-steps';

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

/** Every element Hedge handled, with its badges and the text its `aria-describedby` points at. */
function readMarks(page: Page): Promise<MarkedElement[]> {
  return page.evaluate(readMarksInPage);
}

/** Opens the popup and arranges one domain of each verdict (tests/e2e/marks.ts); returns the popup. */
async function arrangeVerdictsInPopup(openExtensionPage: (file: string) => Promise<Page>, mastodon: FakeMastodon): Promise<Page> {
  const popup = await openExtensionPage('popup.html');
  await arrangeVerdicts(PLAYWRIGHT_DRIVER, popup, mastodon);
  return popup;
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
    const tooltip = TOOLTIPS[mark.verdict as keyof typeof TOOLTIPS];
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

test('marks each verdict on the home columns, collapses limited posts, blocks from a profile, follows changes and leaves with the sign-out', async ({
  context,
  openExtensionPage,
  mastodon,
}) => {
  const popup = await arrangeVerdictsInPopup(openExtensionPage, mastodon);
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
  await expect(action).toHaveText('Block domain with Hedge');
  const before = await intentValue<RunSummary[]>(popup, { type: 'hedge/list-runs' });
  // The answer shows in the action's status until the new verdicts replace the action by the badge: recorded as it comes.
  await profile.evaluate(() => {
    const said: string[] = [];
    (window as unknown as { hedgeSaid: string[] }).hedgeSaid = said;
    new MutationObserver(() => {
      for (const status of document.querySelectorAll('.hedge-action-row__status')) if (status.textContent) said.push(status.textContent);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  // The page's own script clicking twice (untrusted events) asks for nothing.
  await profile.evaluate(() => {
    const button = document.querySelector<HTMLButtonElement>('button.hedge-action');
    button?.click();
    button?.click();
  });
  await profile.waitForTimeout(300);
  await expect(header.getByRole('status')).toHaveText('');
  await expect(action).toHaveText('Block domain with Hedge');
  // threads.net holds 3 of the user's follows and 2 followers: the first click names that impact and nothing is sent yet.
  await action.click();
  await expect(header.getByRole('status')).toHaveText('Blocking threads.net removes 3 accounts you follow and 2 followers; Hedge saves them first. Confirm to block.');
  const confirm = profile.getByRole('button', { name: 'Confirm blocking threads.net with Hedge' });
  await expect(confirm).toHaveText('Confirm block');
  expect(mastodon.state.domainBlocks()).not.toContain('threads.net');
  expect(await intentValue<RunSummary[]>(popup, { type: 'hedge/list-runs' })).toEqual(before);
  await confirm.click();
  await expect.poll(() => profile.evaluate(() => (window as unknown as { hedgeSaid: string[] }).hedgeSaid)).toContain('Hedge is blocking threads.net.');
  await expect(confirm).toHaveCount(0);
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

test.describe('on Mastodon 4.2 markup', () => {
  test.use({ mastodonOptions: { version: '4.2' } });

  test('marks each verdict, collapses limited posts and leaves with the sign-out', async ({ context, openExtensionPage, mastodon }) => {
    const popup = await arrangeVerdictsInPopup(openExtensionPage, mastodon);
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
