/**
 * The user's own limit of a domain on Mastodon 4.6.5's own web client, served by the local Mastodon
 * with its demo story, with the built extension in Chromium:
 * - "Limit threads.net with Hedge" in a hover card collapses every post of threads.net behind a
 *   notice that says it is the user's own limit, with Show and Hide, and sends nothing to the server;
 * - "Limit mastodon.social with Hedge" on a profile does the same for that profile's posts;
 * - Options › Blocks › Limited by you lists both; removing one there takes its marks off the page
 *   without a reload, and the other stays;
 * - the popup, opened while a remote profile is the active tab, offers "Limit this domain" for it,
 *   from the tab's address alone.
 */
import type { Page } from '@playwright/test';
import type { FakeMastodon } from '../fake-mastodon/index';
import { expect, test } from './fixtures';
import { domainBlockWrites, saveScreenshot, signIn } from './helpers';
import { clickInCard, openHoverCard } from './hover-card';

/** The extension API as the service worker sees it: the `serviceWorker.evaluate` callback below runs there. */
declare const chrome: { tabs: { create(properties: { url: string; active: boolean }): Promise<unknown> }; runtime: { getURL(path: string): string } };

const VIEWPORT = { width: 1400, height: 900 };

async function openMastodon(page: Page, mastodon: FakeMastodon, path: string): Promise<void> {
  await page.setViewportSize(VIEWPORT);
  await page.goto(`${mastodon.url}${path}`);
  await expect(page.locator('#hedge-marks')).toHaveCount(1);
}

/** For each post author of `domain` on the page: whether the post is collapsed, and its notice. */
function postsOf(page: Page, domain: string): Promise<Array<{ collapsed: string | null; notice: string }>> {
  return page.locator(`a.status__display-name[data-hedge-domain="${domain}"]`).evaluateAll((links) =>
    links.map((link) => {
      const post = link.closest('.status');
      return { collapsed: post?.getAttribute('data-hedge-collapsed') ?? null, notice: post?.querySelector(':scope > .hedge-notice')?.textContent ?? '' };
    }),
  );
}

test('limit a domain from a hover card and a profile, see its posts collapse, and remove the limit in Options', async ({ context, openExtensionPage, mastodon }) => {
  test.setTimeout(120_000);
  const popup = await openExtensionPage('popup.html');
  await signIn(popup, mastodon);
  const page = await context.newPage();
  await openMastodon(page, mastodon, '/home');

  // From the hover card of Bob's post: nothing is collapsed before, every threads.net post after.
  const bob = page.locator('.status__display-name[href="/@bob@threads.net"]').first();
  await expect.poll(async () => (await postsOf(page, 'threads.net')).length).toBeGreaterThan(0);
  expect((await postsOf(page, 'threads.net')).every((post) => post.collapsed === null)).toBe(true);
  const card = await openHoverCard(page, bob);
  await expect(card.getByRole('button', { name: 'Block threads.net with Hedge' })).toBeVisible();
  await clickInCard(page, bob, card.getByRole('button', { name: 'Limit threads.net with Hedge' }));
  await expect
    .poll(() => postsOf(page, 'threads.net'))
    .toEqual(expect.arrayContaining([{ collapsed: 'true', notice: 'Your own limit: a post from threads.net.Show' }]));
  await expect.poll(async () => (await postsOf(page, 'threads.net')).every((post) => post.collapsed === 'true')).toBe(true);
  const badge = page.locator('a.status__display-name[data-hedge-domain="threads.net"] .hedge-badge').first();
  await expect(badge).toHaveText('Limited');
  await expect(badge).toHaveAttribute('title', 'You limit threads.net yourself: Hedge collapses its posts and sends nothing to your server.');

  // The reveal: Show opens the post, Hide collapses it again.
  await page.mouse.move(0, 0);
  const notice = page.locator('.status:has(> .hedge-notice)').filter({ has: page.locator('[data-hedge-domain="threads.net"]') }).first().locator(':scope > .hedge-notice');
  await notice.getByRole('button', { name: 'Show' }).click();
  await expect(notice.getByRole('button', { name: 'Hide' })).toHaveAttribute('aria-expanded', 'true');
  await notice.getByRole('button', { name: 'Hide' }).click();
  await expect(notice.getByRole('button', { name: 'Show' })).toHaveAttribute('aria-expanded', 'false');
  await saveScreenshot(page, 'web-own-limit');

  // From a profile: the action sits beside the block; the profile's posts collapse.
  await openMastodon(page, mastodon, '/@carol@mastodon.social');
  const header = page.locator('[data-hedge-role="profile"]');
  await expect(header).toHaveAttribute('data-hedge-domain', 'mastodon.social');
  await expect(header.getByRole('button', { name: 'Block mastodon.social with Hedge' })).toBeVisible();
  await header.getByRole('button', { name: 'Limit mastodon.social with Hedge' }).click();
  await expect(header.locator('.hedge-badge')).toHaveText('Limited');
  // Limited already: the profile offers the block alone.
  await expect(header.getByRole('button', { name: 'Limit mastodon.social with Hedge' })).toHaveCount(0);
  // The posts marked before the limit are marked again over the next frames (utils/dom/observer.ts), so the check waits for all.
  await expect
    .poll(async () => {
      const posts = await postsOf(page, 'mastodon.social');
      return posts.length > 0 && posts.every((post) => post.collapsed === 'true');
    })
    .toBe(true);

  // Nothing of this reached the server.
  expect(domainBlockWrites(mastodon)).toEqual([]);
  expect(mastodon.state.domainBlocks()).not.toContain('threads.net');

  // Options › Blocks › Limited by you: both, each removable; removing takes the marks off the open page.
  const options = await openExtensionPage('options.html');
  await options.getByRole('tab', { name: 'Blocks' }).click();
  const limits = options.getByRole('region', { name: 'Limited by you' });
  await expect(limits.getByRole('listitem')).toHaveText([/threads\.net/, /mastodon\.social/]);
  await limits.scrollIntoViewIfNeeded();
  await saveScreenshot(options, 'options-own-limits-light');
  await options.emulateMedia({ colorScheme: 'dark' });
  await saveScreenshot(options, 'options-own-limits-dark');
  await options.emulateMedia({ colorScheme: 'light' });

  // A bad entry is refused in words.
  await limits.getByLabel('Domain to limit').fill('not a domain');
  await limits.getByRole('button', { name: 'Limit', exact: true }).click();
  await expect(options.getByText('“not a domain” contains spaces or characters a domain name cannot have.')).toBeVisible();
  await expect(limits.getByRole('listitem')).toHaveCount(2);

  await limits.getByRole('button', { name: 'Stop limiting mastodon.social' }).click();
  await expect(limits.getByRole('listitem')).toHaveText([/threads\.net/]);
  await page.bringToFront();
  await expect.poll(async () => (await postsOf(page, 'mastodon.social')).map((post) => post.collapsed)).not.toContain('true');
  await expect(page.locator('[data-hedge-domain="mastodon.social"] .hedge-badge')).toHaveCount(0);
  await expect(header.getByRole('button', { name: 'Limit mastodon.social with Hedge' })).toBeVisible();
  expect(domainBlockWrites(mastodon)).toEqual([]);
});

test('the popup on a remote profile offers to limit its domain, and the page follows', async ({ context, openExtensionPage, serviceWorker, mastodon }) => {
  const popup = await openExtensionPage('popup.html');
  await signIn(popup, mastodon);
  await popup.close();
  const page = await context.newPage();
  await openMastodon(page, mastodon, '/@bob@threads.net');
  const header = page.locator('[data-hedge-role="profile"]');
  await expect(header).toHaveAttribute('data-hedge-domain', 'threads.net');

  // The toolbar popup reads the tab active when it opens; a popup page opened in a tab behind the
  // profile does the same, with the profile still the active tab of the window.
  const opened = context.waitForEvent('page', { predicate: (candidate) => candidate.url().endsWith('/popup.html') });
  await serviceWorker.evaluate(() => chrome.tabs.create({ url: chrome.runtime.getURL('/popup.html'), active: false }));
  const behind = await opened;
  const region = behind.getByRole('region', { name: 'On this page' });
  await expect(region).toContainText('threads.net');
  await region.getByRole('button', { name: 'Limit this domain' }).click();
  await expect(region).toContainText('You limit this domain: its posts are collapsed.');
  await expect(header.locator('.hedge-badge')).toHaveText('Limited');
  await expect.poll(async () => (await postsOf(page, 'threads.net')).length).toBeGreaterThan(0);
  expect((await postsOf(page, 'threads.net')).every((post) => post.collapsed === 'true')).toBe(true);

  await region.getByRole('button', { name: 'Stop limiting' }).click();
  await expect(header.locator('.hedge-badge')).toHaveCount(0);
  expect(domainBlockWrites(mastodon)).toEqual([]);
});
