/**
 * "Block … with Hedge" on Mastodon 4.6.5's own web client, with the built extension in Chromium: a
 * block that cuts follows opens Hedge's own window, which names whom it cuts (picture, display name,
 * handle, linked to the profile, both sides); the page only says so. Cancel closes the window and
 * sends nothing; the same click again opens it again, and Confirm blocks. The window is the README's
 * screenshot of it (`npm run screenshots`).
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { answerClosingWindow, expectServerBlocks, saveScreenshot, signIn, SEED_MANUAL_BLOCKS } from './helpers';

test.use({ mastodonOptions: { version: '4.6' } });

const WAITING = "Blocking threads.net removes 3 accounts you follow and 2 followers. Confirm in Hedge's window, which shows whom.";

/** The domain-block writes the server received. */
function domainBlockWrites(requests: ReadonlyArray<{ path: string; method: string }>): number {
  return requests.filter((request) => request.path === '/api/v1/domain_blocks' && request.method !== 'GET').length;
}

test('a block from a profile that cuts follows is confirmed in Hedge’s window, with names and pictures; Cancel sends nothing', async ({
  context,
  openExtensionPage,
  mastodon,
}) => {
  const popup = await openExtensionPage('popup.html');
  await signIn(popup, mastodon);
  const page = await context.newPage();
  await page.goto(`${mastodon.url}/@bob@threads.net`);
  const header = page.locator('[data-hedge-role="profile"]');
  await expect(header).toHaveAttribute('data-hedge-domain', 'threads.net', { timeout: 15_000 });
  const action = header.getByRole('button', { name: 'Block threads.net with Hedge' });

  const opened = (): Promise<Page> => context.waitForEvent('page', { predicate: (candidate) => candidate.url().includes('/confirm.html?plan=') });
  let windowOpened = opened();
  await action.click();
  await expect(header.getByRole('status')).toHaveText(WAITING);
  await expect(action).toHaveText('Block threads.net with Hedge');
  let confirm = await windowOpened;
  await expect(confirm.getByRole('heading', { name: 'Block threads.net?' })).toBeVisible();
  await expect(confirm.getByText(/signed in as @demo@/)).toBeVisible();

  // Whom: both sides, each with a picture that loaded, the display name and handle, linked to the profile.
  const lost = confirm.getByRole('region', { name: 'Whom you would lose' });
  await expect(lost.getByText('You follow', { exact: true })).toBeVisible();
  await expect(lost.getByText('Follow you', { exact: true })).toBeVisible();
  const people = lost.locator('.lost-account');
  await expect(people).toHaveCount(5);
  await expect(lost.getByRole('link', { name: 'Jo Writes @jo_writes@threads.net' })).toHaveAttribute('href', /^https?:\/\/.*jo_writes/);
  await expect(lost.getByRole('link', { name: 'Jo Writes @jo_writes@threads.net' })).toHaveAttribute('rel', 'noopener noreferrer');
  const pictures = lost.locator('img.lost-account__avatar');
  await expect(pictures).toHaveCount(5);
  await expect.poll(() => pictures.evaluateAll((images) => images.every((image) => (image as HTMLImageElement).naturalWidth > 0))).toBe(true);
  // The size the background opens the window at (utils/background/page-block-window.ts).
  await confirm.setViewportSize({ width: 480, height: 640 });
  await saveScreenshot(confirm, 'web-block-confirm-window-light', { fullPage: true });
  await confirm.emulateMedia({ colorScheme: 'dark' });
  await saveScreenshot(confirm, 'web-block-confirm-window-dark', { fullPage: true });
  await confirm.emulateMedia({ colorScheme: 'light' });

  // Cancel: the window closes and nothing reaches the server.
  await answerClosingWindow(confirm.getByRole('button', { name: 'Cancel' }));
  await page.waitForTimeout(500);
  expect(domainBlockWrites(mastodon.state.requests)).toBe(0);
  expect(mastodon.state.domainBlocks()).not.toContain('threads.net');

  // The same click again asks again; Confirm in the window blocks.
  windowOpened = opened();
  await action.click();
  confirm = await windowOpened;
  await answerClosingWindow(confirm.getByRole('button', { name: 'Block threads.net' }));
  await expectServerBlocks(mastodon, [...SEED_MANUAL_BLOCKS, 'threads.net']);
  await expect(header.locator('.hedge-badge')).toHaveText('Blocked');
});
