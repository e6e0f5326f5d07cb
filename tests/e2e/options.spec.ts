import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  SEED_MANUAL_BLOCKS, THREADS_DOMAINS, csvLines, domainBlockWrites, downloadText, expectServerBlocks, openPopup, saveScreenshot, signIn,
} from './helpers';
import { intentValue } from '../../scripts/extension-steps';

const LIST_FILE = 'gardenfence-mastodon.csv';

/** The domains of a Mastodon admin CSV fixture, in file order. */
async function listDomains(file: string): Promise<string[]> {
  const text = await readFile(new URL(`../fixtures/lists/${file}`, import.meta.url), 'utf8');
  return csvLines(text)
    .slice(1)
    .map((line) => line.split(',')[0]!);
}

/** Saves the options page as it looks now, light and dark. */
async function screenshotBothSchemes(page: Page, name: string): Promise<void> {
  await saveScreenshot(page, `${name}-light`);
  await page.emulateMedia({ colorScheme: 'dark' });
  await saveScreenshot(page, `${name}-dark`);
  await page.emulateMedia({ colorScheme: 'light' });
}

async function openSection(options: Page, name: string): Promise<void> {
  await options.getByRole('tab', { name }).click();
  await expect(options.getByRole('tab', { name })).toHaveAttribute('aria-selected', 'true');
}

// Applying the list and undoing it sends about 300 writes, Mastodon's budget for 5 minutes: a larger
// budget keeps the spec from waiting for the next window (the wait itself is tested in the apply engine).
test.describe(() => {
test.use({ mastodonOptions: { limitPerWindow: 1_000 } });

test('a list from the catalog to the server and back: subscribe, preview, leave a row out, apply, blocks by origin, export, undo', async ({
  openExtensionPage,
  mastodon,
}) => {
  test.setTimeout(180_000);
  const listed = await listDomains(LIST_FILE);
  const popup = await openPopup(openExtensionPage);
  await signIn(popup, mastodon);
  // The Threads preset first, so that Blocks shows all three origins.
  await popup.getByRole('switch', { name: 'Block Threads' }).click();
  await popup.getByRole('button', { name: 'Confirm' }).click();
  await expectServerBlocks(mastodon, [...SEED_MANUAL_BLOCKS, ...THREADS_DOMAINS]);
  await expect(popup.getByRole('switch', { name: 'Block Threads' })).toHaveAttribute('aria-checked', 'true');
  await popup.close();

  // Lists: the catalog, with Oliphant's tiers archived and no way to subscribe to them.
  const options = await openExtensionPage('options.html#lists');
  await options.setViewportSize({ width: 1280, height: 900 });
  const catalog = options.getByRole('region', { name: 'Known lists' });
  const gardenFence = catalog.getByRole('listitem').filter({ has: options.getByRole('heading', { name: 'Garden Fence' }) });
  await expect(gardenFence.getByRole('button', { name: 'Subscribe' })).toBeEnabled();
  for (const tier of ['Oliphant unified tier0', 'Oliphant unified tier1']) {
    const card = catalog.getByRole('listitem').filter({ has: options.getByRole('heading', { name: tier }) });
    await expect(card).toContainText('archived');
    await expect(card).toContainText('No longer maintained since');
    await expect(card.getByRole('button', { name: 'Subscribe' })).toHaveCount(0);
  }

  // A list that is not there: the error in words, nothing subscribed.
  const urlField = options.getByLabel('Subscribe by URL');
  await urlField.fill(`${mastodon.url}/lists/no-such-list.csv`);
  await urlField.press('Enter');
  const failure = options.getByRole('alert').filter({ hasText: 'The list could not be read.' });
  await expect(failure).toBeVisible();
  await expect(options.getByText('You have not subscribed to any list yet.')).toBeVisible();
  await failure.getByRole('button', { name: 'Dismiss' }).click();

  // Subscribe to the list the local Mastodon serves, as a list host would.
  await urlField.fill(`${mastodon.url}/lists/${LIST_FILE}`);
  await urlField.press('Enter');
  await expect(options.getByRole('status').filter({ hasText: `(${listed.length} entries)` })).toBeVisible();
  const subscription = options.getByRole('region', { name: 'Your lists' }).getByRole('article');
  await expect(subscription).toHaveCount(1);
  await expect(subscription).toContainText(`${listed.length} entries, 0 rows skipped.`);
  await expect(subscription).toContainText(`${mastodon.url}/lists/${LIST_FILE}`);
  await expect(subscription.getByRole('button', { name: 'Refresh now' })).toBeVisible();
  await subscription.getByRole('button', { name: 'Parse report' }).click();
  await expect(subscription).toContainText(`${listed.length} entries read, 0 rows skipped.`);
  // Subscribing fetches the list and nothing more: no block until the preview is applied.
  expect(domainBlockWrites(mastodon)).toHaveLength(THREADS_DOMAINS.length);
  expect(mastodon.state.requests.some((request) => request.path === `/lists/${LIST_FILE}`)).toBe(true);
  await options.evaluate(() => window.scrollTo(0, 0));
  await screenshotBothSchemes(options, 'options-lists');

  // Preview: every listed domain to block, searchable and sortable.
  await openSection(options, 'Preview');
  await options.getByRole('button', { name: 'Build preview' }).click();
  await expect(options.getByText(`${listed.length} to block, 0 to unblock, ${THREADS_DOMAINS.length} unchanged.`)).toBeVisible();
  const table = options.getByRole('table', { name: 'Planned changes' });
  const rows = table.locator('tbody tr');
  await expect(rows).toHaveCount(listed.length);
  const sorted = [...listed].sort((a, b) => a.localeCompare(b));
  await expect(rows.first().getByRole('cell').nth(1)).toHaveText(sorted[0]!);
  await table.getByRole('button', { name: 'Domain' }).click();
  await expect(table.getByRole('columnheader', { name: 'Domain' })).toHaveAttribute('aria-sort', 'descending');
  await expect(rows.first().getByRole('cell').nth(1)).toHaveText(sorted.at(-1)!);
  await screenshotBothSchemes(options, 'options-preview');

  await options.getByLabel('Search').fill('poa.st');
  await expect(rows).toHaveCount(listed.filter((domain) => domain.includes('poa.st')).length);
  // Leave poa.st out; outpoa.st stays in.
  await table.getByRole('checkbox', { name: 'Include poa.st' }).uncheck();
  await options.getByLabel('Search').fill('');
  await expect(rows).toHaveCount(listed.length);
  await expect(options.getByText(`${listed.length - 1} requests to your server`)).toBeVisible();
  expect(domainBlockWrites(mastodon).filter((write) => write.startsWith('POST')).length).toBe(THREADS_DOMAINS.length);

  // Apply: everything but the row left out reaches the server.
  await options.getByRole('button', { name: 'Apply' }).click();
  await expect(options.getByText('Started.')).toBeVisible();
  const applied = listed.filter((domain) => domain !== 'poa.st');
  await expectServerBlocks(mastodon, [...SEED_MANUAL_BLOCKS, ...THREADS_DOMAINS, ...applied]);
  expect(mastodon.state.domainBlocks()).not.toContain('poa.st');
  await expect(options.getByRole('region', { name: 'Applying changes' })).toHaveCount(0, { timeout: 20_000 });

  // Blocks: each block's origin, and a block made by hand is not removed without asking.
  await openSection(options, 'Blocks');
  const total = SEED_MANUAL_BLOCKS.length + THREADS_DOMAINS.length + applied.length;
  await expect(options.getByText(`Showing ${total} blocks of ${total}.`)).toBeVisible();
  const blocks = options.getByRole('table', { name: 'Personal domain blocks' });
  const originOf = (domain: string) => blocks.getByRole('row').filter({ has: options.getByRole('cell', { name: domain, exact: true }) }).getByRole('cell').nth(1);
  await expect(originOf('spam.example')).toHaveText('You');
  await expect(originOf('threads.net')).toHaveText('Preset: Threads');
  await expect(originOf(applied[0]!)).toHaveText('List: gardenfence-mastodon');
  await options.getByLabel('Show').selectOption({ label: 'blocked by you' });
  await expect(options.getByText(`Showing ${SEED_MANUAL_BLOCKS.length} blocks of ${total}.`)).toBeVisible();
  await options.getByLabel('Show').selectOption({ label: 'from a preset' });
  await expect(options.getByText(`Showing ${THREADS_DOMAINS.length} blocks of ${total}.`)).toBeVisible();
  await options.getByLabel('Show').selectOption({ label: 'all blocks' });
  await options.getByLabel('Search', { exact: true }).fill('threads');
  await expect(blocks.locator('tbody tr')).toHaveCount(THREADS_DOMAINS.length);
  await options.getByLabel('Search', { exact: true }).fill('');
  await screenshotBothSchemes(options, 'options-blocks');

  const writesBefore = domainBlockWrites(mastodon).length;
  await blocks.getByRole('button', { name: 'Unblock spam.example' }).click();
  const unblockPanel = options.getByRole('region', { name: 'Unblock?' });
  await expect(unblockPanel).toContainText('Hedge will remove 1 block you made yourself, because you asked: spam.example.');
  await expect(unblockPanel).toContainText('Mastodon does not restore them.');
  await expect(unblockPanel).not.toContainText('it added');
  expect(domainBlockWrites(mastodon)).toHaveLength(writesBefore);
  await unblockPanel.getByRole('button', { name: 'Cancel' }).click();
  await expect(unblockPanel).toHaveCount(0);
  expect(mastodon.state.domainBlocks()).toContain('spam.example');
  expect(domainBlockWrites(mastodon)).toHaveLength(writesBefore);

  // Export: Mastodon's own import file, and the admin CSV others subscribe to.
  await openSection(options, 'Export and share');
  const exported = await downloadText(options, () => options.getByRole('button', { name: 'Download', exact: true }).first().click());
  expect(exported.fileName).toBe('blocked_domains.csv');
  // Mastodon's export is one domain per line without a header (mastodon-facts.md).
  expect(csvLines(exported.text).sort()).toEqual([...SEED_MANUAL_BLOCKS, ...THREADS_DOMAINS, ...applied].sort());
  const admin = await downloadText(options, () => options.getByRole('button', { name: 'Download admin CSV' }).click());
  const [adminHeader, ...adminRows] = csvLines(admin.text);
  expect(adminHeader).toBe('#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate');
  expect(adminRows.map((line) => line.split(',')[0])).toEqual(expect.arrayContaining(['threads.net', applied[0]]));
  expect(adminRows.every((line) => /^[^,]+,(noop|silence|suspend),/.test(line))).toBe(true);
  await screenshotBothSchemes(options, 'options-export');

  // History: the list's run, and its undo removes only what that run added.
  await openSection(options, 'History');
  const runs = options.getByRole('region', { name: 'Runs' }).getByRole('article');
  await expect(runs).toHaveCount(2);
  const listRun = runs.filter({ hasText: `${applied.length} blocked, 0 unblocked, 0 failed.` });
  await expect(listRun).toHaveCount(1);
  await expect(listRun).toContainText('done');
  await screenshotBothSchemes(options, 'options-history');
  await listRun.getByRole('button', { name: 'Undo this run' }).click();
  const undoPanel = options.getByRole('region', { name: 'Undo this run?' });
  await expect(undoPanel).toContainText(`Hedge will remove ${applied.length} blocks it added`);
  await undoPanel.getByRole('button', { name: 'Confirm' }).click();
  await expectServerBlocks(mastodon, [...SEED_MANUAL_BLOCKS, ...THREADS_DOMAINS]);
});
});

test('Accounts: signing out revokes the token on the server', async ({ openExtensionPage, mastodon }) => {
  const options = await openExtensionPage('options.html#accounts');
  await options.setViewportSize({ width: 1280, height: 800 });
  await signIn(options, mastodon);
  const account = options.getByRole('listitem').filter({ hasText: '@demo@social.example' });
  await expect(account).toContainText('active');
  await expect(account).toContainText('Mastodon 4.6.5');
  await screenshotBothSchemes(options, 'options-accounts');

  const token = mastodon.state.requests.find((request) => request.path === '/api/v1/accounts/verify_credentials')?.token;
  expect(token).toBeTruthy();
  const before = await fetch(`${mastodon.url}/api/v1/accounts/verify_credentials`, { headers: { authorization: `Bearer ${token}` } });
  expect(before.status).toBe(200);

  await account.getByRole('button', { name: 'Sign out @demo@social.example' }).click();
  await expect(account).toHaveCount(0);
  // No account left: the sign-in form itself, not a button to reach it.
  await expect(options.getByLabel('Your Mastodon server')).toBeVisible();
  await expect(options.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  await expect(options.getByRole('button', { name: 'Add account' })).toHaveCount(0);
  await expect.poll(() => mastodon.state.requests.some((request) => request.method === 'POST' && request.path === '/oauth/revoke')).toBe(true);
  const after = await fetch(`${mastodon.url}/api/v1/accounts/verify_credentials`, { headers: { authorization: `Bearer ${token}` } });
  expect(after.status).toBe(401);

  // The sections that need an account say so.
  await openSection(options, 'Blocks');
  await expect(options.getByText('Sign in to a Mastodon account first.')).toBeVisible();
});

test('an imported file: skipped rows with reasons, silence rows limited or blocked, always and never entries in the preview', async ({
  openExtensionPage,
  mastodon,
}) => {
  const options = await openExtensionPage('options.html#accounts');
  await signIn(options, mastodon);
  await openSection(options, 'Lists');
  const csv = [
    '#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate',
    'poa.st,suspend,false,false,hate speech,false',
    'noisy-server.net,silence,false,false,reply guys,false',
    'not a domain!,suspend,false,false,,false',
  ].join('\n');
  await options.getByLabel('Import a file').setInputFiles({ name: 'my-blocks.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const subscription = options.getByRole('region', { name: 'Your lists' }).getByRole('article');
  await expect(subscription).toContainText('2 entries, 1 row skipped.');
  // A file is read once: nothing to refresh.
  await expect(subscription.getByRole('button', { name: 'Parse report' })).toBeVisible();
  await expect(subscription.getByRole('button', { name: 'Refresh now' })).toHaveCount(0);
  await subscription.getByRole('button', { name: 'Parse report' }).click();
  const skipped = subscription.getByRole('table', { name: 'Skipped rows' });
  await expect(skipped.locator('tbody tr')).toHaveCount(1);
  await expect(skipped).toContainText('not a domain!');
  // The reason in words, its code beside it.
  await expect(skipped.locator('tbody tr td').nth(1)).toHaveText('Not a valid domain name');
  await expect(skipped.locator('tbody tr td').nth(2)).toHaveText('invalid-domain');
  const report = await downloadText(options, () => subscription.getByRole('button', { name: 'Download skipped rows (CSV)' }).click());
  const [reportHeader, reportRow] = csvLines(report.text);
  expect(reportHeader).toBe('line,reason,code,text');
  expect(reportRow).toMatch(/^4,Not a valid domain name,invalid-domain,.*not a domain!/);

  // "silence" rows limit by default: only the suspended domain is to be blocked.
  const previewAdds = async (): Promise<string[]> => {
    await openSection(options, 'Preview');
    await options.getByRole('button', { name: /^(Build preview|Build again)$/ }).click();
    await expect(options.getByText(/to block, \d+ to unblock/)).toBeVisible();
    const table = options.getByRole('table', { name: 'Planned changes' });
    if ((await table.count()) === 0) return [];
    return (await table.locator('tbody tr td:nth-child(2)').allTextContents()).map((text) => text.trim()).sort();
  };
  expect(await previewAdds()).toEqual(['poa.st']);
  await openSection(options, 'Lists');
  await subscription.getByLabel('Rows marked “silence”:').selectOption({ label: 'Block' });
  expect(await previewAdds()).toEqual(['noisy-server.net', 'poa.st']);

  // Never block wins over every list; always block adds a domain no list names.
  await openSection(options, 'Blocks');
  const entries = options.getByRole('region', { name: 'Always and never' });
  await entries.getByLabel('Domain').fill('poa.st');
  await entries.getByLabel('List').selectOption({ label: 'Never block' });
  await entries.getByRole('button', { name: 'Add' }).click();
  await expect(entries.getByRole('button', { name: 'Remove poa.st' })).toBeVisible();
  await entries.getByLabel('Domain').fill('cawfee.club');
  await entries.getByLabel('List').selectOption({ label: 'Always block' });
  await entries.getByRole('button', { name: 'Add' }).click();
  await expect(entries.getByRole('button', { name: 'Remove cawfee.club' })).toBeVisible();
  expect(await previewAdds()).toEqual(['cawfee.club', 'noisy-server.net']);
  // None of this reached the server: only the preview's Apply does.
  expect(domainBlockWrites(mastodon)).toEqual([]);
});

test('Preview names whom the blocks would cut, grouped by domain, biggest first, and drops a row left out', async ({ openExtensionPage, mastodon }) => {
  const popup = await openPopup(openExtensionPage);
  await signIn(popup, mastodon);
  // Two of the user's own entries, where the demo account follows people and is followed.
  for (const domain of ['threads.net', 'mastodon.social']) {
    await intentValue(popup, { type: 'hedge/manual-entry', domain, list: 'always-block', action: 'add' });
  }
  const options = await openExtensionPage('options.html#preview');
  await options.getByRole('button', { name: 'Build preview' }).click();
  const lost = options.getByRole('region', { name: 'Whom you would lose' });
  const groups = lost.locator('details');
  await expect(groups.locator('summary')).toHaveText([
    'threads.net · you follow 3 accounts · 2 accounts follow you',
    /^mastodon\.social · you follow \d+ accounts?/,
  ]);
  const threads = groups.first();
  await expect(threads.locator('.lost-accounts__side').first().getByRole('link')).toHaveText([
    'Bob @bob@threads.net',
    'Adam @mosseri@threads.net',
    'Mark @zuck@threads.net',
  ]);
  await expect(threads.getByRole('link', { name: 'Jo Writes @jo_writes@threads.net' })).toHaveAttribute('href', 'https://www.threads.net/@jo_writes');
  await expect(groups.nth(1).getByRole('link', { name: /@carol@mastodon\.social$/ }).first()).toHaveAttribute('href', 'https://mastodon.social/@carol');

  // A row left out cuts nobody: its names go.
  await options.getByRole('checkbox', { name: 'Include threads.net' }).uncheck();
  await expect(groups.locator('summary')).toHaveText([/^mastodon\.social/]);
  expect(domainBlockWrites(mastodon)).toEqual([]);
});
