import { expect, test } from './fixtures';

test('signing in goes through the instance\'s consent page and shows the account', async ({ context, openExtensionPage, mastodon }) => {
  const popup = await openExtensionPage('popup.html');
  await popup.getByLabel('Your Mastodon server').fill(mastodon.url);
  const consentPage = context.waitForEvent('page', { predicate: (page) => page.url().includes('/oauth/authorize') });
  await popup.getByRole('button', { name: /sign in/i }).click();
  const consent = await consentPage;
  await expect(consent.getByRole('button', { name: 'Authorize' })).toBeVisible();
  await consent.getByRole('button', { name: 'Authorize' }).click();
  await expect(popup.locator('.account-bar__handle')).toHaveText('@demo@social.example');
  // The popup that signed in shows the account; "Signed in as …" is kept for a popup opened later.
  await expect(popup.getByText('Signed in as @demo@social.example.')).toHaveCount(0);
});
