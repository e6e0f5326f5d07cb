/**
 * Sharing a list, end to end on Mastodon 4.6.5's own web client: account A exports its blocks
 * (Options › Export and share), the file is published where a list host would serve it (the local
 * Mastodon's `/lists/`), a post on account B's home timeline links it, B clicks "Subscribe with
 * Hedge" after the link, confirms in the options page that opens, applies from Preview, and B's
 * server blocks what A's does. Then the same from a post that links a FIRES dataset.
 *
 * B's server starts with no blocks (`seed: 'empty'`), so its blocks afterwards are exactly the
 * shared list's.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { startFakeMastodon, type FakeMastodon } from '../fake-mastodon/index';
import { startFakeFires } from '../fires-server/index';
import { expect, test } from './fixtures';
import { csvLines, downloadText, expectServerBlocks, openPopup, saveScreenshot, signIn } from './helpers';

const listsDir = mkdtempSync(path.join(os.tmpdir(), 'hedge-shared-lists-'));
test.use({ mastodonOptions: { seed: 'empty', listsDir } });

/** What account A blocked on its server by hand. */
const A_BLOCKS = ['harassment-hub.zone', 'spam-farm.network', 'bad-actors.social'];

/** The synthetic FIRES server's "Example spam" dataset (tests/fires-server), all `drop`. */
const SPAM_DATASET = '0193a1b2-0000-7000-8000-00000000d502';
const SPAM_DOMAINS = ['example-spam-one.social', 'example-spam-two.social', 'example-spam-three.social'];

/** A post's text as Mastodon's formatter stores it: the link's text shortened with `.invisible` and `.ellipsis` spans. */
function postLinking(words: string, url: string): string {
  const [scheme, rest] = url.split('://') as [string, string];
  return `<p>${words} <a href="${url}" rel="nofollow noopener" translate="no" target="_blank"><span class="invisible">${scheme}://</span><span class="ellipsis">${rest.slice(0, 22)}</span><span class="invisible">${rest.slice(22)}</span></a></p>`;
}

/** A post by a moderator B follows, at the top of B's home feed, linking `url`. */
function postOnHome(mastodon: FakeMastodon, words: string, url: string): void {
  const author = mastodon.state.addRemoteAccount({ username: 'mods', domain: 'moderation.zone', displayName: 'Moderation team', isFollowed: true });
  mastodon.state.addPost({ acct: author, content: postLinking(words, url) });
}

/** Opens B's home timeline, clicks "Subscribe with Hedge" after the post's link, and returns the options page that opens. */
async function subscribeFromPost(context: BrowserContext, mastodon: FakeMastodon, words: string): Promise<{ home: Page; options: Page }> {
  const home = await context.newPage();
  await home.setViewportSize({ width: 1400, height: 900 });
  await home.goto(`${mastodon.url}/home`);
  const post = home.locator('.status').filter({ hasText: words });
  const button = post.getByRole('button', { name: 'Subscribe with Hedge' });
  await expect(button).toHaveCount(1);
  const shown = home.url();
  const opened = context.waitForEvent('page', { predicate: (page) => page.url().includes('options.html?subscribe=') });
  await button.click();
  const options = await opened;
  await options.setViewportSize({ width: 1280, height: 900 });
  // The click opened the options page only: the web client did not open the post.
  expect(home.url()).toBe(shown);
  return { home, options };
}

/** Builds the preview, checks that it blocks `domains`, applies it and waits for the run to end. */
async function previewAndApply(options: Page, domains: string[]): Promise<void> {
  await options.getByRole('tab', { name: 'Preview' }).click();
  await options.getByRole('button', { name: 'Build preview' }).click();
  await expect(options.getByText(`${domains.length} to block, 0 to unblock, 0 unchanged.`)).toBeVisible();
  await options.getByRole('button', { name: 'Apply' }).click();
  await expect(options.getByText('Started.')).toBeVisible();
  await expect(options.getByRole('region', { name: 'Applying changes' })).toHaveCount(0, { timeout: 20_000 });
}

test('a list one account exports, linked in a post, subscribed from the post by another account, gives it the same blocks', async ({
  context,
  openExtensionPage,
  mastodon,
}) => {
  test.setTimeout(120_000);
  const serverA = await startFakeMastodon({ seed: 'empty' });
  try {
    for (const domain of A_BLOCKS) serverA.state.addDomainBlock(domain);

    // Account A exports its blocks as Mastodon's own import file.
    const popup = await openPopup(openExtensionPage);
    await signIn(popup, serverA);
    const exportPage = await openExtensionPage('options.html#export');
    const exported = await downloadText(exportPage, () => exportPage.getByRole('button', { name: 'Download', exact: true }).first().click());
    expect(csvLines(exported.text).sort()).toEqual([...A_BLOCKS].sort());
    await exportPage.close();

    // The file is published; a post on B's home timeline links it.
    writeFileSync(path.join(listsDir, exported.fileName), exported.text);
    const url = `${mastodon.url}/lists/${exported.fileName}`;
    await popup.getByRole('button', { name: 'Add account' }).click();
    await signIn(popup, mastodon);
    const words = 'Our moderation team’s block list, use it if you like:';
    postOnHome(mastodon, words, url);

    const { home, options } = await subscribeFromPost(context, mastodon, words);
    await saveScreenshot(home, 'web-subscribe-from-post');
    const offer = options.getByRole('region', { name: 'A list shared in a post' });
    await expect(offer).toContainText('A post on Mastodon links this list.');
    await expect(offer).toContainText(url);
    await saveScreenshot(options, 'options-subscribe-from-post');
    // Nothing is read or subscribed before the user says so.
    expect(mastodon.state.requests.filter((request) => request.path.startsWith('/lists/'))).toEqual([]);
    await expect(options.getByText('You have not subscribed to any list yet.')).toBeVisible();

    await offer.getByRole('button', { name: 'Subscribe' }).click();
    await expect(options.getByRole('status').filter({ hasText: `Subscribed to blocked_domains (${A_BLOCKS.length} entries)` })).toBeVisible();
    await expect(offer).toHaveCount(0);
    await expect(options.getByRole('region', { name: 'Your lists' }).getByRole('article')).toContainText(url);
    // Subscribing changed nothing on the server: the preview's Apply does.
    expect(mastodon.state.domainBlocks()).toEqual([]);

    await previewAndApply(options, A_BLOCKS);
    await expectServerBlocks(mastodon, A_BLOCKS);
    expect([...serverA.state.domainBlocks()].sort()).toEqual([...A_BLOCKS].sort());
  } finally {
    await serverA.close();
  }
});

test('a FIRES dataset linked in a post is subscribed from the post and applied', async ({ context, openExtensionPage, mastodon }) => {
  test.setTimeout(120_000);
  const fires = await startFakeFires();
  try {
    const popup = await openPopup(openExtensionPage);
    await signIn(popup, mastodon);
    const words = 'The spam servers we drop, as a FIRES dataset:';
    const dataset = `${fires.url}/datasets/${SPAM_DATASET}`;
    postOnHome(mastodon, words, dataset);

    const { options } = await subscribeFromPost(context, mastodon, words);
    const offer = options.getByRole('region', { name: 'A list shared in a post' });
    await expect(offer).toContainText(`A post on Mastodon links this FIRES dataset on ${fires.url}.`);
    await expect(offer).toContainText(dataset);
    expect(fires.requests).toEqual([]);

    await offer.getByRole('button', { name: 'Subscribe' }).click();
    await expect(options.getByRole('status').filter({ hasText: `Subscribed to Example spam (${SPAM_DOMAINS.length} entries)` })).toBeVisible();
    expect(fires.requests).toContain(`GET /datasets/${SPAM_DATASET}/snapshot`);

    await previewAndApply(options, SPAM_DOMAINS);
    await expectServerBlocks(mastodon, SPAM_DOMAINS);
  } finally {
    await fires.close();
  }
});
