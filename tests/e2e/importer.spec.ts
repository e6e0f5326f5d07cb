/**
 * A long plan through Mastodon's own importer in one click, in Chromium with the built extension:
 * Hedge looks at the instance's import page in a background tab, says who is logged in there,
 * and after "Send" uploads the file with Merge, confirms it and follows the job in that tab,
 * with the browser's own web session (the `_mastodon_session` cookie of a sign-in at
 * /auth/sign_in). Each fallback says why, and the file and Hedge's own run stay.
 */
import type { Page } from '@playwright/test';
import type { FakeMastodon, ImporterFaults } from '../fake-mastodon/index';
import { DEMO_EMAIL, DEMO_PASSWORD } from '../fake-mastodon/index';
import { expect, test } from './fixtures';
import { domainBlockWrites, expectServerBlocks, signIn } from './helpers';

// Short rate-limit windows, so that Hedge's own run of 320 blocks, the fallback, takes seconds.
test.use({ mastodonOptions: { windowMs: 5_000 } });

const DOMAINS = Array.from({ length: 320 }, (_, i) => `spam-${String(i).padStart(4, '0')}.hedge-test.social`);

/** Logs in to the local Mastodon's web page in this browser, as the user would. */
async function logInToWebPage(page: Page, mastodon: FakeMastodon): Promise<void> {
  await page.goto(`${mastodon.url}/auth/sign_in`);
  await page.getByLabel('E-mail address').fill(DEMO_EMAIL);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(`${mastodon.url}/home`);
}

/** Signs Hedge in, subscribes to 320 new domains and builds the preview; the options page. */
async function longPreview(openExtensionPage: (file: string) => Promise<Page>, mastodon: FakeMastodon, isLoggedIn: boolean): Promise<Page> {
  const popup = await openExtensionPage('popup.html');
  await signIn(popup, mastodon);
  if (isLoggedIn) await logInToWebPage(popup, mastodon);
  const options = await openExtensionPage('options.html#lists');
  await options.getByLabel('Import a file').setInputFiles({ name: 'long.txt', mimeType: 'text/plain', buffer: Buffer.from(`${DOMAINS.join('\n')}\n`) });
  await expect(options.getByText(/Subscribed to long \(320 entries\)/)).toBeVisible();
  await options.goto(options.url().replace(/#.*$/, '#preview'));
  const build = options.getByRole('button', { name: /Build preview|Build again/ });
  if (await build.isVisible()) await build.click();
  await expect(options.getByText(/import its 320 new blocks in Mastodon at once/)).toBeVisible();
  return options;
}

test('a long plan: one click sends it through Mastodon’s importer, and Hedge owns the imported blocks', async ({ openExtensionPage, mastodon, context }) => {
  const before = [...mastodon.state.domainBlocks()];
  const options = await longPreview(openExtensionPage, mastodon, true);
  const tabsBefore = context.pages().length;

  await options.getByRole('button', { name: "Use my server's importer" }).click();
  const host = new URL(mastodon.url).host;
  await expect(options.getByText(`Send the 320 new blocks through your server's importer (you are logged in as @demo on ${host})?`)).toBeVisible();
  expect(mastodon.importer.imports()).toEqual([]);
  await options.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(options.getByText("Your server's importer blocked 320 domains; Hedge counts them as its own.")).toBeVisible({ timeout: 30_000 });

  expect(mastodon.importer.imports()).toMatchObject([{ type: 'domain_blocking', overwrite: false, state: 'finished', totalItems: 320, importedItems: 320 }]);
  await expectServerBlocks(mastodon, [...before, ...DOMAINS]);
  expect(domainBlockWrites(mastodon)).toEqual([]);
  // The tab Hedge opened on the instance is closed again.
  expect(context.pages().length).toBe(tabsBefore);
  // The next preview has nothing left to block; the Blocks tab shows the imported blocks as Hedge's.
  await expect(options.getByText(/^0 to block, 0 to unblock/)).toBeVisible();
  await options.goto(options.url().replace(/#.*$/, '#blocks'));
  await expect(options.getByRole('row').filter({ hasText: 'hedge-test.social' }).filter({ hasText: 'long' })).toHaveCount(320);
});

for (const [name, faults, says] of [
  ['not logged in to the web page', null, /You are not logged in to .* in this browser, so Hedge sent nothing/],
  ['an import form other than the source describes', { formDiffers: true }, /is not the one Hedge knows \(it lacks form_import\[type\]=domain_blocking\), so Hedge sent nothing/],
] as Array<[string, ImporterFaults | null, RegExp]>) {
  test(`${name}: Hedge says so, sends nothing, and its own run still applies the plan`, async ({ openExtensionPage, mastodon }) => {
    const before = [...mastodon.state.domainBlocks()];
    const options = await longPreview(openExtensionPage, mastodon, faults !== null);
    if (faults) mastodon.importer.setFaults(faults);
    await options.getByRole('button', { name: "Use my server's importer" }).click();
    await expect(options.getByText(says)).toBeVisible();
    expect(mastodon.importer.imports()).toEqual([]);
    await expect(options.getByRole('button', { name: 'Download blocked_domains.csv' })).toBeVisible();
    await options.getByRole('button', { name: 'Apply' }).click();
    await expectServerBlocks(mastodon, [...before, ...DOMAINS]);
  });
}

for (const [name, faults, says, arrived] of [
  ['the import refused', { refuseUpload: 'Import is not possible right now.' }, 'Your server refused the import: “Import is not possible right now.”', 0],
  ['the session ended at the upload', { signOutAt: 'upload' }, 'You are not logged in to', 0],
  ['the job failing halfway', { failAfterRows: 100 }, "Your server's import stopped before it finished (0 of 320 counted).", 100],
] as Array<[string, ImporterFaults, string, number]>) {
  test(`${name}: Hedge says why, owns what arrived, and its own run applies the rest, nothing twice`, async ({ openExtensionPage, mastodon }) => {
    const before = [...mastodon.state.domainBlocks()];
    const options = await longPreview(openExtensionPage, mastodon, true);
    mastodon.importer.setFaults(faults);
    await options.getByRole('button', { name: "Use my server's importer" }).click();
    await options.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(options.getByText(says, { exact: false })).toBeVisible({ timeout: 30_000 });
    await expect(options.getByText(`${320 - arrived} blocks did not arrive.`, { exact: false })).toBeVisible();
    // The preview was built again with only what is missing.
    await expect(options.getByText(new RegExp(`^${320 - arrived} to block, 0 to unblock`))).toBeVisible();
    await options.getByRole('button', { name: 'Apply' }).click();
    await expectServerBlocks(mastodon, [...before, ...DOMAINS]);
    const imported = new Set(DOMAINS.slice(0, arrived));
    expect(domainBlockWrites(mastodon).filter((write) => [...imported].some((domain) => write.includes(domain)))).toEqual([]);
    expect(domainBlockWrites(mastodon)).toHaveLength(320 - arrived);
  });
}
