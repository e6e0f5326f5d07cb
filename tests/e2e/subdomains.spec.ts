/**
 * Subdomains, with the built extension in Chromium and Mastodon 4.6.5's own web client served by
 * the local Mastodon. Two accounts outside the demo story live on subdomains of `bigcorp.social`:
 * lou on `eu.bigcorp.social` (the user follows lou, and lou follows the user) and max on
 * `m.bigcorp.social` (max follows the user).
 * - A list limits `bigcorp.social`: lou's profile is marked limited, and its tooltip says it is
 *   through `bigcorp.social`.
 * - The user blocked `bigcorp.social` in Mastodon, which covers neither subdomain (a personal block
 *   is exact): Options › Blocks offers both, "Block these too" shows one plan with what it cuts,
 *   and confirming it ends with both blocked on the server and the offer gone.
 * - nina on `news.bigcorp.social`, whom the user neither follows nor is followed by, shows in the web
 *   UI: her profile is marked through the blocked parent, the page reports the subdomain, and
 *   Options › Blocks offers it too, "seen in the web UI", in the same one plan.
 */
import type { FakeMastodon } from '../fake-mastodon/index';
import { intentValue } from '../../scripts/extension-steps';
import { expect, test } from './fixtures';
import { expectServerBlocks, signIn, SEED_MANUAL_BLOCKS } from './helpers';

test.use({ mastodonOptions: { version: '4.6' } });

/** Lou and max, on subdomains of bigcorp.social. */
function addBigcorpAccounts(mastodon: FakeMastodon): void {
  mastodon.state.addRemoteAccount({ username: 'lou', domain: 'eu.bigcorp.social', displayName: 'Lou', isFollowed: true, followsUser: true });
  mastodon.state.addRemoteAccount({ username: 'max', domain: 'm.bigcorp.social', displayName: 'Max', followsUser: true });
}

test('a subdomain of a limited domain is marked limited, through its parent', async ({ context, openExtensionPage, mastodon }) => {
  addBigcorpAccounts(mastodon);
  const popup = await openExtensionPage('popup.html');
  await signIn(popup, mastodon);
  const list = ['#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate', 'bigcorp.social,silence,false,false,ads,false', ''].join('\n');
  await intentValue(popup, { type: 'hedge/subscription-add', source: { kind: 'file', fileName: 'Corporate.csv', text: list } });

  const page = await context.newPage();
  await page.goto(`${mastodon.url}/@lou@eu.bigcorp.social`);
  const header = page.locator('[data-hedge-role="profile"]');
  await expect(header).toHaveAttribute('data-hedge-domain', 'eu.bigcorp.social', { timeout: 15_000 });
  await expect(header).toHaveAttribute('data-hedge-verdict', 'limited');
  await expect(header.locator('.hedge-badge')).toHaveText('Limited');
  await expect(header.locator('.hedge-badge')).toHaveAttribute(
    'title',
    'You limit bigcorp.social, and Hedge treats its subdomain eu.bigcorp.social the same: it collapses its posts. Lists: Corporate · ads.',
  );
});

test('Options › Blocks offers the subdomains a block leaves open, and blocks them in one plan', async ({ openExtensionPage, mastodon }) => {
  addBigcorpAccounts(mastodon);
  mastodon.state.addDomainBlock('bigcorp.social');
  await mastodon.state.jobsDone();
  const popup = await openExtensionPage('popup.html');
  await signIn(popup, mastodon);

  const options = await openExtensionPage('options.html#blocks');
  const offers = options.getByRole('table', { name: 'Subdomains of domains you block' });
  await expect(offers.getByRole('row')).toHaveCount(3);
  await expect(offers).toContainText('eu.bigcorp.social');
  await expect(offers).toContainText('m.bigcorp.social');
  await options.getByRole('button', { name: 'Block these too' }).click();

  const plan = options.getByRole('region', { name: 'Block these subdomains too?' });
  await expect(plan).toContainText('You follow 1 account on eu.bigcorp.social.');
  await expect(plan).toContainText('eu.bigcorp.social');
  await expect(plan).toContainText('m.bigcorp.social');
  expect(mastodon.state.domainBlocks()).not.toContain('eu.bigcorp.social');
  await plan.getByRole('button', { name: 'Confirm' }).click();

  await expectServerBlocks(mastodon, ['bigcorp.social', 'eu.bigcorp.social', 'm.bigcorp.social', ...SEED_MANUAL_BLOCKS]);
  await expect(options.getByRole('button', { name: 'Block these too' })).toHaveCount(0);
});

test('a subdomain of a block seen in the web UI is offered in Options › Blocks, said to be seen there', async ({ context, openExtensionPage, mastodon }) => {
  addBigcorpAccounts(mastodon);
  // Nina, on a third subdomain, neither follows the user nor is followed: only the web UI shows her.
  mastodon.state.addRemoteAccount({ username: 'nina', domain: 'news.bigcorp.social', displayName: 'Nina' });
  mastodon.state.addDomainBlock('bigcorp.social');
  await mastodon.state.jobsDone();
  const popup = await openExtensionPage('popup.html');
  await signIn(popup, mastodon);

  const page = await context.newPage();
  await page.goto(`${mastodon.url}/@nina@news.bigcorp.social`);
  const header = page.locator('[data-hedge-role="profile"]');
  await expect(header).toHaveAttribute('data-hedge-domain', 'news.bigcorp.social', { timeout: 15_000 });
  await expect(header).toHaveAttribute('data-hedge-verdict', 'parent-blocked');

  const options = await openExtensionPage('options.html#blocks');
  const offers = options.getByRole('table', { name: 'Subdomains of domains you block' });
  // The page reports a few seconds after it marked the profile; the section reads the offers as it opens.
  await expect(async () => {
    await options.reload();
    await expect(offers.getByRole('row').filter({ hasText: 'news.bigcorp.social' })).toContainText('seen in the web UI', { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect(offers.getByRole('row').filter({ hasText: 'eu.bigcorp.social' })).toContainText('your follows and followers');
  await expect(options.getByText(/seen in the web UI” are ones whose accounts Mastodon's pages showed you/)).toBeVisible();

  await options.getByRole('button', { name: 'Block these too' }).click();
  const plan = options.getByRole('region', { name: 'Block these subdomains too?' });
  await expect(plan).toContainText('news.bigcorp.social');
  await plan.getByRole('button', { name: 'Confirm' }).click();
  await expectServerBlocks(mastodon, ['bigcorp.social', 'eu.bigcorp.social', 'm.bigcorp.social', 'news.bigcorp.social', ...SEED_MANUAL_BLOCKS]);
});
