/**
 * Marks on a GoToSocial server's own pages (utils/background/marked-sites.ts): signed in to a
 * Mastodon account, the user names a GoToSocial server in Options › Accounts, and the posts on
 * its thread page (tests/fake-mastodon/other-servers.ts, after GoToSocial's templates) are marked
 * with that account's blocks and limits, with no action offered. Stopping takes the marks away.
 */
import { PLAYWRIGHT_DRIVER, askToTurnOn, confirmTurnOn, intentValue } from '../../scripts/extension-steps';
import { startFakeMastodon, type FakeMastodon } from '../fake-mastodon/index';
import { expect, test } from './fixtures';
import { openPopup, saveScreenshot, signIn } from './helpers';

let gotosocial: FakeMastodon | undefined;
test.afterEach(async () => {
  await gotosocial?.close();
  gotosocial = undefined;
});

test('a GoToSocial thread is marked with the Mastodon account’s blocks and limits, and stops being marked', async ({ openExtensionPage, mastodon }) => {
  gotosocial = await startFakeMastodon({ software: 'gotosocial' });
  // Its own host, so that its access and its content script are its own (the Mastodon is at 127.0.0.1).
  const gtsOrigin = gotosocial.url.replace('127.0.0.1', 'localhost');

  const popup = await openPopup(openExtensionPage);
  await signIn(popup, mastodon);
  await askToTurnOn(PLAYWRIGHT_DRIVER, popup, 'Block Threads');
  await confirmTurnOn(PLAYWRIGHT_DRIVER, popup, 'Block Threads');
  await intentValue(popup, { type: 'hedge/own-limit', domain: 'noisy.social', action: 'add' });

  const options = await openExtensionPage('options.html#accounts');
  const section = options.getByRole('region', { name: 'GoToSocial pages' });
  await section.getByLabel('GoToSocial server').fill(gtsOrigin);
  await section.getByRole('button', { name: 'Mark its pages' }).click();
  await expect(section.getByRole('status')).toHaveText(`Hedge now marks the pages of localhost. Reload its open tabs to see the marks.`);
  await expect(section.getByText('localhost, marked with the lists of @demo@social.example')).toBeVisible();

  const page = await options.context().newPage();
  await page.goto(`${gtsOrigin}/@demo/statuses/01J0`);
  const zuck = page.locator('article[id="01J1"]');
  await expect(zuck.locator('.hedge-badge')).toHaveText('Blocked');
  await expect(zuck.locator('.hedge-badge')).toHaveAttribute('title', 'You block threads.net.');
  const carol = page.locator('article[id="01J2"]');
  await expect(carol).toHaveAttribute('data-hedge-collapsed', 'true');
  await expect(carol.getByRole('note')).toContainText('Your own limit: a post from noisy.social.');
  await expect(carol.getByText('A reply from a server the user limits.')).toBeHidden();
  await expect(page.locator('article[id="01J3"] .hedge-badge')).toHaveCount(0);
  // The server's own author is not marked, and nothing on the page can act.
  await expect(page.locator('article[id="01J0"] .hedge-badge')).toHaveCount(0);
  await expect(page.locator('.hedge-action')).toHaveCount(0);
  await saveScreenshot(page, 'web-gotosocial-marks-light', { fullPage: true });
  // GoToSocial's pages are dark unless the browser prefers light.
  await page.emulateMedia({ colorScheme: 'dark' });
  await saveScreenshot(page, 'web-gotosocial-marks-dark', { fullPage: true });

  await carol.getByRole('button', { name: 'Show' }).click();
  await expect(carol.getByText('A reply from a server the user limits.')).toBeVisible();

  await section.getByRole('button', { name: 'Stop marking localhost' }).click();
  await expect(page.locator('.hedge-badge')).toHaveCount(0);
  await expect(page.locator('[data-hedge-collapsed]')).toHaveCount(0);
  await expect(section.getByText('localhost, marked with the lists of @demo@social.example')).toHaveCount(0);
});
