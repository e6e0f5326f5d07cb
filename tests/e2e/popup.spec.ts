import { mkdtempSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  extensionPage,
  FOLLOWING_CSV_HEADER, SCREENSHOT_DIR, SEED_MANUAL_BLOCKS, THREADS_DOMAINS, csvLines, domainBlockWrites, downloadText, expectServerBlocks, openPopup,
  saveScreenshot, signIn,
} from './helpers';
import { startFakeMastodon } from '../fake-mastodon/index';

/** The extension API as the service worker sees it: the `serviceWorker.evaluate` callback below runs there. */
declare const chrome: { alarms: { create(name: string, info: { when: number; periodInMinutes?: number }): Promise<void> } };

/** The seed's follows and followers on threads.net (tests/fake-mastodon/README.md). */
const THREADS_FOLLOWING = ['bob@threads.net', 'zuck@threads.net', 'mosseri@threads.net'];
const THREADS_FOLLOWERS = ['bob@threads.net', 'jo_writes@threads.net'];
/** The same accounts as their links read (display name and handle), by handle. */
const THREADS_FOLLOWING_NAMES = ['Bob @bob@threads.net', 'Adam @mosseri@threads.net', 'Mark @zuck@threads.net'];
const THREADS_FOLLOWERS_NAMES = ['Bob @bob@threads.net', 'Jo Writes @jo_writes@threads.net'];

/**
 * Checks the names `LostAccounts` shows for threads.net in `region`: both sides, linked to the
 * profiles, with the pictures the local Mastodon serves.
 */
async function expectThreadsNames(region: ReturnType<Page['getByRole']>, mastodonUrl: string): Promise<void> {
  const group = region.locator('details').filter({ hasText: 'threads.net' });
  await expect(group).toHaveCount(1);
  await expect(group.locator('summary')).toHaveText(/^threads\.net.* · you follow 3 accounts · 2 accounts follow you$/);
  const [following, followers] = [group.locator('.lost-accounts__side').nth(0), group.locator('.lost-accounts__side').nth(1)];
  await expect(following.locator('.lost-accounts__label')).toHaveText('You follow');
  await expect(following.getByRole('link')).toHaveText(THREADS_FOLLOWING_NAMES);
  await expect(followers.locator('.lost-accounts__label')).toHaveText('Follow you');
  await expect(followers.getByRole('link')).toHaveText(THREADS_FOLLOWERS_NAMES);
  const bob = following.getByRole('link', { name: 'Bob @bob@threads.net' });
  await expect(bob).toHaveAttribute('href', 'https://www.threads.net/@bob');
  await expect(bob).toHaveAttribute('target', '_blank');
  await expect(bob).toHaveAttribute('rel', 'noopener noreferrer');
  // The picture comes from the user's own server, and loads in the extension's page.
  const picture = following.locator('img').first();
  await expect(picture).toHaveAttribute('src', new RegExp(`^${mastodonUrl}/system/accounts/avatars/.+\\.svg$`));
  await expect(picture).toHaveAttribute('referrerpolicy', 'no-referrer');
  await picture.scrollIntoViewIfNeeded();
  await expect.poll(() => picture.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)).toBeGreaterThan(1);
}

/** A web server that is not Mastodon: every path is an HTML 404, as a plain website answers. */
async function startPlainWebsite(): Promise<{ url: string; server: Server }> {
  const server = createServer((_request, response) => {
    response.writeHead(404, { 'content-type': 'text/html' });
    response.end('<!doctype html><title>Not found</title><h1>Not found</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

function threadsSwitch(popup: Page) {
  return popup.getByRole('switch', { name: 'Block Threads' });
}

test('signed out: the instance field, and a failed sign-in in words', async ({ openExtensionPage, mastodon }) => {
  const popup = await openPopup(openExtensionPage);
  await expect(popup.getByLabel('Your Mastodon server')).toBeVisible();
  await expect(popup.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  await saveScreenshot(popup, 'popup-signed-out-light', { fullPage: true });
  await popup.emulateMedia({ colorScheme: 'dark' });
  await saveScreenshot(popup, 'popup-signed-out-dark', { fullPage: true });
  await popup.emulateMedia({ colorScheme: 'light' });

  await popup.getByLabel('Your Mastodon server').fill('not a server');
  await popup.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(popup.getByRole('alert')).toHaveText('That is not a server address. Type it like mastodon.social.');
  await expect(popup.getByLabel('Your Mastodon server')).toHaveAttribute('aria-invalid', 'true');

  const website = await startPlainWebsite();
  try {
    await popup.getByLabel('Your Mastodon server').fill(website.url);
    await popup.getByRole('button', { name: 'Sign in', exact: true }).click();
    const alert = popup.getByRole('alert');
    await expect(alert).toContainText('This does not look like a Mastodon server.');
    await expect(alert).toContainText(new URL(website.url).host);
    // The error stays until it is read and dismissed.
    await popup.waitForTimeout(500);
    await expect(alert).toBeVisible();
    await alert.getByRole('button', { name: 'Dismiss' }).click();
    await expect(alert).toHaveCount(0);
  } finally {
    website.server.close();
  }
  // Nothing reached the real Mastodon, and no account was stored.
  expect(mastodon.state.requests).toEqual([]);
  await expect(popup.getByLabel('Your Mastodon server')).toBeVisible();
});

test('Block Threads: the impact before anything runs, Cancel, Confirm with progress, saved follows, and off again', async ({
  openExtensionPage,
  mastodon,
}) => {
  const popup = await openPopup(openExtensionPage);
  await signIn(popup, mastodon);
  await expect(popup.getByText('Demo User')).toBeVisible();
  // The account's picture loads and is a picture, not a 1×1 placeholder.
  const avatar = popup.locator('img.account-bar__avatar');
  await expect(avatar).toHaveAttribute('src', /\/system\/accounts\/avatars\/.+\.svg$/);
  await expect.poll(() => avatar.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)).toBeGreaterThan(1);
  await expect(threadsSwitch(popup)).toHaveAttribute('aria-checked', 'false');
  await expect(popup.getByRole('switch', { name: 'Block the Bluesky bridge' })).toBeVisible();
  await expect(popup.getByText("Hides Meta's Threads")).toBeVisible();
  await saveScreenshot(popup, 'popup-signed-in-light', { fullPage: true });
  await popup.emulateMedia({ colorScheme: 'dark' });
  await saveScreenshot(popup, 'popup-signed-in-dark', { fullPage: true });
  await popup.emulateMedia({ colorScheme: 'light' });

  // On: the sentence and the impact, and nothing sent to the server yet.
  await threadsSwitch(popup).click();
  const confirmPanel = popup.getByRole('region', { name: 'Turn on “Block Threads”?' });
  await expect(confirmPanel).toContainText('Hedge will block 3 domains: threads.com, threads.instagram.com, and threads.net.');
  await expect(confirmPanel).toContainText(
    'You follow 3 accounts on threads.net. Blocking removes those follows; Hedge saves them so you can restore them later.',
  );
  await expect(confirmPanel).toContainText('2 accounts on threads.net follow you; blocking removes them from your followers.');
  // Whom, by name, grouped by domain: threads.com and threads.instagram.com cut nobody.
  await expectThreadsNames(confirmPanel.getByRole('region', { name: 'Whom you would lose' }), mastodon.url);
  await expect(confirmPanel.getByRole('region', { name: 'Whom you would lose' }).locator('details')).toHaveCount(1);
  expect(domainBlockWrites(mastodon)).toEqual([]);
  await saveScreenshot(popup, 'popup-block-threads-confirm-light', { fullPage: true });
  await popup.emulateMedia({ colorScheme: 'dark' });
  await saveScreenshot(popup, 'popup-block-threads-confirm-dark', { fullPage: true });
  await popup.emulateMedia({ colorScheme: 'light' });

  // Cancel leaves the server as it was.
  await confirmPanel.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirmPanel).toHaveCount(0);
  await expect(threadsSwitch(popup)).toHaveAttribute('aria-checked', 'false');
  expect(domainBlockWrites(mastodon)).toEqual([]);
  expect(mastodon.state.domainBlocks()).toEqual(SEED_MANUAL_BLOCKS);
  expect(mastodon.state.following()).toEqual(expect.arrayContaining(THREADS_FOLLOWING));
  expect(mastodon.state.followers()).toEqual(expect.arrayContaining(THREADS_FOLLOWERS));

  // Confirm, with the server slowed down so the run is long enough to watch.
  await threadsSwitch(popup).click();
  await expect(confirmPanel).toBeVisible();
  mastodon.faults.set({ kind: 'slow', delayMs: 1_500, match: /^\/api\/v1\/domain_blocks$/, count: 3 });
  await confirmPanel.getByRole('button', { name: 'Confirm' }).click();
  const progress = popup.getByRole('region', { name: 'Applying changes' });
  await expect(progress).toBeVisible();
  await expect(progress.getByRole('progressbar')).toBeVisible();
  await expect(progress).toContainText(/\d of 3 done\./);
  await expect(progress.getByRole('button', { name: 'Pause' })).toBeVisible();
  await expect(progress.getByRole('button', { name: 'Cancel run' })).toBeVisible();
  await saveScreenshot(popup, 'popup-run-progress-light', { fullPage: true });

  await expectServerBlocks(mastodon, [...SEED_MANUAL_BLOCKS, ...THREADS_DOMAINS]);
  await expect(progress).toHaveCount(0, { timeout: 15_000 });
  await expect(threadsSwitch(popup)).toHaveAttribute('aria-checked', 'true');
  await expect(popup.getByText('Domains blocked by Hedge').locator('..')).toContainText('3');
  // Mastodon cuts the follows both ways, in a job moments after each block
  // (AfterAccountDomainBlockWorker, app/services/after_block_domain_from_account_service.rb).
  await expect.poll(() => mastodon.state.following().filter((acct) => acct.endsWith('@threads.net'))).toEqual([]);
  await expect.poll(() => mastodon.state.followers().filter((acct) => acct.endsWith('@threads.net'))).toEqual([]);

  // Hedge's saved copy of those follows, in History, as the CSV Mastodon imports.
  const options = await openExtensionPage('options.html#history');
  const snapshots = options.getByRole('table', { name: 'Saved follows and followers' });
  const row = snapshots.getByRole('row').filter({ hasText: 'threads.net' });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole('cell').nth(2)).toHaveText('3');
  await expect(row.getByRole('cell').nth(3)).toHaveText('2');
  const download = row.getByRole('button', { name: 'Download follows' });
  await expect(download).toHaveAccessibleDescription('Download the follows saved for threads.net');
  const saved = await downloadText(options, () => download.click());
  expect(saved.fileName).toMatch(/\.csv$/);
  const [header, ...follows] = csvLines(saved.text);
  expect(header).toBe(FOLLOWING_CSV_HEADER);
  expect(follows.map((line) => line.split(',')[0]).sort()).toEqual([...THREADS_FOLLOWING].sort());
  // Both sides stay by name after the block, and the followers come as a file to find them again.
  await expectThreadsNames(options.getByRole('region', { name: 'Whom your blocks cut' }), mastodon.url);
  const followersButton = row.getByRole('button', { name: 'Download followers' });
  await expect(followersButton).toHaveAccessibleDescription('Download the followers saved for threads.net');
  const followersFile = await downloadText(options, () => followersButton.click());
  expect(followersFile.fileName).toBe('followers_threads.net.csv');
  const [followersHeader, ...followers] = csvLines(followersFile.text);
  expect(followersHeader).toBe('Account address,Display name,Profile URL');
  expect(followers.sort()).toEqual(['bob@threads.net,Bob,https://www.threads.net/@bob', 'jo_writes@threads.net,Jo Writes,https://www.threads.net/@jo_writes']);
  const savedSection = options.getByRole('region', { name: 'Saved follows and followers' });
  await options.setViewportSize({ width: 1000, height: 900 });
  await savedSection.screenshot({ path: path.join(SCREENSHOT_DIR, 'options-history-names-light.png'), animations: 'disabled', caret: 'hide' });
  await options.emulateMedia({ colorScheme: 'dark' });
  await savedSection.screenshot({ path: path.join(SCREENSHOT_DIR, 'options-history-names-dark.png'), animations: 'disabled', caret: 'hide' });
  await options.close();

  // Off: only Hedge's Threads blocks go; the blocks made by hand stay.
  await threadsSwitch(popup).click();
  const offPanel = popup.getByRole('region', { name: 'Turn off “Block Threads”?' });
  await expect(offPanel).toContainText('Hedge will remove 3 blocks it added');
  await expect(offPanel).toContainText('Blocks you made yourself stay.');
  await offPanel.getByRole('button', { name: 'Confirm' }).click();
  await expectServerBlocks(mastodon, SEED_MANUAL_BLOCKS);
  await expect(threadsSwitch(popup)).toHaveAttribute('aria-checked', 'false');
  const deletes = domainBlockWrites(mastodon).filter((write) => write.startsWith('DELETE'));
  expect(deletes).toHaveLength(3);
  for (const manual of SEED_MANUAL_BLOCKS) expect(deletes.join(' ')).not.toContain(manual);
});

test('two accounts: the switcher picks which account Block Threads acts on', async ({ openExtensionPage, mastodon }) => {
  const second = await startFakeMastodon({});
  try {
    const popup = await openPopup(openExtensionPage);
    await signIn(popup, mastodon);
    await popup.getByRole('button', { name: 'Add account' }).click();
    await signIn(popup, second);

    const switcher = popup.getByLabel('Switch account');
    await expect(switcher.locator('option')).toHaveCount(2);
    await saveScreenshot(popup, 'popup-two-accounts-light', { fullPage: true });

    // The account added last is the active one: Block Threads acts on its server only.
    await threadsSwitch(popup).click();
    await popup.getByRole('button', { name: 'Confirm' }).click();
    await expectServerBlocks(second, [...SEED_MANUAL_BLOCKS, ...THREADS_DOMAINS]);
    expect(mastodon.state.domainBlocks()).toEqual(SEED_MANUAL_BLOCKS);
    await expect(threadsSwitch(popup)).toHaveAttribute('aria-checked', 'true');

    // Switching back shows the first account's own state.
    const firstKey = await switcher.locator('option').first().getAttribute('value');
    await switcher.selectOption(firstKey!);
    await expect(threadsSwitch(popup)).toHaveAttribute('aria-checked', 'false');
    expect(domainBlockWrites(mastodon)).toEqual([]);
  } finally {
    await second.close();
  }
});

test('the popup opens the options page at Lists', async ({ context, openExtensionPage, mastodon }) => {
  const popup = await openPopup(openExtensionPage);
  await signIn(popup, mastodon);
  const opened = extensionPage(context, 'options.html#lists');
  await popup.getByRole('button', { name: 'Manage lists' }).click();
  const options = await opened;
  await expect(options.getByRole('tab', { name: 'Lists' })).toHaveAttribute('aria-selected', 'true');
  await expect(options.getByRole('region', { name: 'Known lists' })).toBeVisible();
});

/** A folder the local Mastodon serves lists from, so the spec can publish a new version of one. */
const listsDir = mkdtempSync(path.join(os.tmpdir(), 'hedge-lists-'));

test.describe(() => {
  test.use({ mastodonOptions: { listsDir } });

  test('a scheduled refresh that would cut follows waits in the popup until Apply', async ({ openExtensionPage, serviceWorker, mastodon }) => {
    const listFile = path.join(listsDir, 'my-list.txt');
    await writeFile(listFile, 'poa.st\n');
    const popup = await openPopup(openExtensionPage);
    await signIn(popup, mastodon);
    const options = await openExtensionPage('options.html#lists');
    await options.getByLabel('Subscribe by URL').fill(`${mastodon.url}/lists/my-list.txt`);
    await options.getByLabel('Subscribe by URL').press('Enter');
    await expect(options.getByRole('region', { name: 'Your lists' }).getByRole('article')).toContainText('1 entry, 0 rows skipped.');
    await options.close();

    // The list's maintainer adds threads.net, where @demo follows three accounts.
    await writeFile(listFile, 'poa.st\nthreads.net\n');
    // The daily refresh alarm (utils/background/state.ts REFRESH_ALARM), due now as if a day had passed.
    await serviceWorker.evaluate(() => chrome.alarms.create('hedge-refresh', { when: Date.now() + 100, periodInMinutes: 24 * 60 }));

    const pending = popup.getByRole('region', { name: '1 refresh waits for you' });
    await expect(pending).toBeVisible({ timeout: 20_000 });
    await expect(pending).toContainText('threads.net');
    await expectThreadsNames(pending.getByRole('region', { name: 'Whom you would lose' }), mastodon.url);
    expect(mastodon.state.domainBlocks()).toEqual(SEED_MANUAL_BLOCKS);
    expect(mastodon.state.following()).toEqual(expect.arrayContaining(THREADS_FOLLOWING));
    await saveScreenshot(popup, 'popup-refresh-waiting-light', { fullPage: true });

    await pending.getByRole('button', { name: 'Apply' }).click();
    await expectServerBlocks(mastodon, [...SEED_MANUAL_BLOCKS, 'poa.st', 'threads.net']);
    await expect(pending).toHaveCount(0);
  });
});
