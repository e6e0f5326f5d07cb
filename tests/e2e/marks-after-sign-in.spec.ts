/**
 * Marks right after sign-in, on Mastodon 4.6.5's own web client served by the local Mastodon: the
 * user signs in and opens Mastodon, with no preview, no preset and no list, and sees the domain
 * they blocked in Mastodon before ever using Hedge marked, and their server's limits marked too.
 * When the server keeps its block list to itself (Mastodon's default), the popup's status and
 * Options › Blocks say so once, in words, and the personal blocks are still marked.
 *
 * Who is what (tests/fake-mastodon/README.md, "The demo story"): the user blocks `xn--80ak6aa92e.com`
 * (frank@аррӏе.com) in Mastodon before signing in to Hedge; frank's own posts leave the home feed
 * with the block, alice's boost of one stays. The server silences `loud.example.org` (shouty, in a
 * boost on the home feed).
 */
import type { Page } from '@playwright/test';
import type { FakeMastodon } from '../fake-mastodon/index';
import { expect, test } from './fixtures';
import { signIn } from './helpers';

const HIDDEN_SENTENCE = 'Your server does not publish which servers it limits or suspends, so Hedge cannot mark them.';

/** Blocks frank's domain in Mastodon, as the user did before Hedge, then signs in from the popup. */
async function blockInMastodonThenSignIn(openExtensionPage: (file: string) => Promise<Page>, mastodon: FakeMastodon): Promise<Page> {
  mastodon.state.addDomainBlock('xn--80ak6aa92e.com');
  await mastodon.state.jobsDone();
  const popup = await openExtensionPage('popup.html');
  await signIn(popup, mastodon);
  return popup;
}

/** The first element Hedge handled for `domain` on the page: its verdict and its badge's text and tooltip. */
async function markOf(page: Page, domain: string): Promise<{ verdict: string; badge: string; title: string } | null> {
  return page.evaluate((wanted) => {
    const element = document.querySelector(`[data-hedge-domain="${wanted}"]`);
    if (element === null) return null;
    const badge = [...element.querySelectorAll('.hedge-badge')].find((found) => found.parentElement?.closest('[data-hedge-verdict]') === element);
    return { verdict: element.getAttribute('data-hedge-verdict') ?? '', badge: badge?.textContent ?? '', title: badge?.getAttribute('title') ?? '' };
  }, domain);
}

test.describe('on a server that shows its blocks to its users', () => {
  test.use({ mastodonOptions: { version: '4.6', instanceBlocksVisibility: 'users' } });

  test('marks the blocks made in Mastodon and the server’s limits as soon as the user has signed in', async ({ context, openExtensionPage, mastodon }) => {
    const popup = await blockInMastodonThenSignIn(openExtensionPage, mastodon);
    const page = await context.newPage();
    await page.goto(`${mastodon.url}/home`);
    await expect(page.locator('#hedge-marks')).toHaveCount(1);

    await expect.poll(() => markOf(page, 'xn--80ak6aa92e.com'), { timeout: 15_000 }).toEqual({ verdict: 'blocked', badge: 'Blocked', title: 'You block xn--80ak6aa92e.com.' });
    await expect
      .poll(() => markOf(page, 'loud.example.org'), { timeout: 15_000 })
      .toEqual({ verdict: 'server-limited', badge: 'Limited by server', title: 'Your server limits loud.example.org.' });
    // The server shows its blocks: nothing to say about them.
    await expect(popup.getByRole('region', { name: 'Status' })).toBeVisible();
    await expect(popup.getByText(HIDDEN_SENTENCE)).toHaveCount(0);
  });
});

test.describe('on a server that keeps its blocks to itself (Mastodon’s default)', () => {
  test.use({ mastodonOptions: { version: '4.6', instanceBlocksVisibility: 'hidden' } });

  test('marks the blocks made in Mastodon, and the popup and Options › Blocks say once why the server’s limits are not marked', async ({
    context,
    openExtensionPage,
    mastodon,
  }) => {
    const popup = await blockInMastodonThenSignIn(openExtensionPage, mastodon);
    await expect(popup.getByRole('region', { name: 'Status' }).getByText(HIDDEN_SENTENCE)).toHaveCount(1);

    const page = await context.newPage();
    await page.goto(`${mastodon.url}/home`);
    await expect(page.locator('#hedge-marks')).toHaveCount(1);
    await expect.poll(() => markOf(page, 'xn--80ak6aa92e.com'), { timeout: 15_000 }).toEqual({ verdict: 'blocked', badge: 'Blocked', title: 'You block xn--80ak6aa92e.com.' });
    await expect.poll(async () => (await markOf(page, 'loud.example.org'))?.verdict, { timeout: 15_000 }).toBe('none');

    const options = await openExtensionPage('options.html#blocks');
    await expect(options.getByText(HIDDEN_SENTENCE)).toHaveCount(1);
  });
});
