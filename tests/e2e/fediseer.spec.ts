import type { Page } from '@playwright/test';
import { startFakeFediseer, type FakeFediseer } from '../fake-fediseer/index';
import { expect, test } from './fixtures';
import { openPopup, saveScreenshot, signIn } from './helpers';

/** The servers the fake Fediseer knows: the local Mastodon's own domain endorses two others. */
const OWN = 'social.example';
const TRUSTED = ['trusted-one.hedge-test.social', 'trusted-two.hedge-test.social'];

let fediseer: FakeFediseer;

test.beforeEach(async () => {
  fediseer = await startFakeFediseer({
    instances: [{ domain: OWN }, ...TRUSTED.map((domain) => ({ domain }))],
    censures: [
      { by: TRUSTED[0]!, of: 'spam.hedge-test.social', reason: 'spam' },
      { by: TRUSTED[1]!, of: 'spam.hedge-test.social', reason: 'CSAM, spam', evidence: 'https://evidence.hedge-test.social/1' },
      { by: OWN, of: 'hate.hedge-test.social', reason: 'racism' },
      { by: TRUSTED[0]!, of: 'hate.hedge-test.social', reason: 'hate speech' },
      { by: TRUSTED[1]!, of: 'one-only.hedge-test.social', reason: 'harassment' },
    ],
    hesitations: [
      { by: OWN, of: 'loud.hedge-test.social', reason: 'bots' },
      { by: TRUSTED[0]!, of: 'loud.hedge-test.social' },
    ],
    endorsements: TRUSTED.map((domain) => [OWN, domain] as [string, string]),
  });
});

test.afterEach(async () => {
  await fediseer.close();
});

/** Saves the page as it looks now, light and dark. */
async function screenshotBothSchemes(page: Page, name: string): Promise<void> {
  await saveScreenshot(page, `${name}-light`);
  await page.emulateMedia({ colorScheme: 'dark' });
  await saveScreenshot(page, `${name}-dark`);
  await page.emulateMedia({ colorScheme: 'light' });
}

test('Fediseer in Options: suggest the own server and its endorsements, subscribe with a threshold, preview names Fediseer and the reasons', async ({
  openExtensionPage,
  mastodon,
}) => {
  const popup = await openPopup(openExtensionPage);
  await signIn(popup, mastodon);
  await popup.close();

  const options = await openExtensionPage('options.html#lists');
  await options.setViewportSize({ width: 1280, height: 900 });
  const form = options.getByRole('form', { name: 'Fediseer' });
  await form.getByLabel('Fediseer address').fill(fediseer.url);

  // A server Fediseer does not know: the error in words, nothing subscribed.
  await form.getByLabel('Servers you trust').fill('unknown.hedge-test.social');
  await form.getByRole('button', { name: 'Add Fediseer' }).click();
  const failure = options.getByRole('alert').filter({ hasText: 'Fediseer knows none of the servers you named (unknown.hedge-test.social)' });
  await expect(failure).toBeVisible();
  await failure.getByRole('button', { name: 'Dismiss' }).click();
  await expect(options.getByText('You have not subscribed to any list yet.')).toBeVisible();

  // Suggest: the own server and the two it endorses; two of the three must agree.
  await form.getByRole('button', { name: 'Suggest my server and the servers it endorses' }).click();
  await expect(form.getByLabel('Servers you trust')).toHaveValue([OWN, ...TRUSTED].join(', '));
  await form.getByLabel('How many of them must agree').fill('2');
  await form.getByRole('button', { name: 'Add Fediseer' }).click();
  const name = `Fediseer: ${[OWN, ...TRUSTED].join(', ')}`;
  await expect(options.getByRole('status').filter({ hasText: `Subscribed to ${name} (3 entries)` })).toBeVisible();
  const subscription = options.getByRole('region', { name: 'Your lists' }).getByRole('article');
  await expect(subscription).toContainText(name);
  const asked = fediseer.requests.map((request) => request.path.split('?')[0]);
  // One request per endpoint; the unknown server's 404 stopped before its hesitations were asked for.
  expect(asked.filter((path) => path?.includes('_given/'))).toEqual([
    '/api/v1/censures_given/unknown.hedge-test.social',
    `/api/v1/censures_given/${[OWN, ...TRUSTED].join(',')}`,
    `/api/v1/hesitations_given/${[OWN, ...TRUSTED].join(',')}`,
  ]);

  // Preview: the two censured domains to block, Fediseer as their source, the reasons as labels.
  await options.getByRole('tab', { name: 'Preview' }).click();
  await options.getByRole('button', { name: 'Build preview' }).click();
  const table = options.getByRole('table', { name: 'Planned changes' });
  const rows = table.locator('tbody tr');
  await expect(rows).toHaveCount(2);
  const spam = rows.filter({ hasText: 'spam.hedge-test.social' });
  await expect(spam).toContainText(name);
  await expect(spam).toContainText('spam, csam');
  const hate = rows.filter({ hasText: 'hate.hedge-test.social' });
  await expect(hate).toContainText('racism, hate speech');
  await expect(rows.filter({ hasText: 'one-only.hedge-test.social' })).toHaveCount(0);
  await screenshotBothSchemes(options, 'options-fediseer-preview');
});
