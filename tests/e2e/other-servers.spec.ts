/**
 * Signing in to Akkoma and GoToSocial from the popup, against the local Mastodon playing them
 * (tests/fake-mastodon/other-servers.ts, docs/other-servers.md): Akkoma signs in through its
 * consent page and Block Threads runs; GoToSocial is refused in words before any consent page opens.
 */
import { askToTurnOn, confirmTurnOn, PLAYWRIGHT_DRIVER } from '../../scripts/extension-steps';
import { expect, test } from './fixtures';
import { THREADS_DOMAINS, expectServerBlocks, openPopup, saveScreenshot, signIn } from './helpers';

test.describe('Akkoma', () => {
  test.use({ mastodonOptions: { software: 'akkoma' } });

  test('signs in through its consent page, and Block Threads sends the blocks', async ({ openExtensionPage, mastodon }) => {
    const before = mastodon.state.domainBlocks();
    const popup = await openPopup(openExtensionPage);
    await signIn(popup, mastodon);
    await expect(popup.locator('.account-bar__handle')).toHaveText('@demo@social.example');
    const paths = mastodon.state.requests.map((request) => `${request.status} ${request.path}`);
    expect(paths).toContain('404 /api/v2/instance');
    expect(paths).toContain('200 /api/v1/instance');

    await askToTurnOn(PLAYWRIGHT_DRIVER, popup, 'Block Threads');
    await confirmTurnOn(PLAYWRIGHT_DRIVER, popup, 'Block Threads');
    await expectServerBlocks(mastodon, [...before, ...THREADS_DOMAINS]);

    // Options › Accounts names the server's software as it describes itself.
    const options = await openExtensionPage('options.html#accounts');
    await expect(options.getByText('Akkoma 3.15.2', { exact: false })).toBeVisible();
    await saveScreenshot(options, 'options-accounts-akkoma-light');
    await options.emulateMedia({ colorScheme: 'dark' });
    await saveScreenshot(options, 'options-accounts-akkoma-dark');
  });
});

test.describe('GoToSocial', () => {
  test.use({ mastodonOptions: { software: 'gotosocial' } });

  test('is refused in words at sign-in: it has no personal domain blocks', async ({ context, openExtensionPage, mastodon }) => {
    const popup = await openPopup(openExtensionPage);
    let consentOpened = false;
    context.on('page', (page) => {
      if (page.url().includes('/oauth/authorize')) consentOpened = true;
    });
    await popup.getByLabel('Your Mastodon server').fill(mastodon.url);
    await popup.getByRole('button', { name: 'Sign in', exact: true }).click();
    const alert = popup.getByRole('alert');
    await expect(alert).toContainText(`${new URL(mastodon.url).host} runs GoToSocial, which has no personal domain blocks`);
    await expect(alert).toContainText('Hedge can still mark the posts on its web pages with the lists of an account you sign in to here');
    expect(consentOpened).toBe(false);
    await saveScreenshot(popup, 'popup-gotosocial-refused-light', { fullPage: true });
    await popup.emulateMedia({ colorScheme: 'dark' });
    await saveScreenshot(popup, 'popup-gotosocial-refused-dark', { fullPage: true });
    await popup.emulateMedia({ colorScheme: 'light' });
    expect(mastodon.state.requests.map((request) => request.path)).not.toContain('/api/v1/apps');
    await expect(popup.getByLabel('Your Mastodon server')).toBeVisible();
  });
});
