/**
 * A block that expires, with the built extension in Chromium and the local Mastodon:
 * - Options › Blocks: "Always block" cryptodon.lol and poa.st for 1 day; both are listed "until <date>";
 * - Preview › Apply blocks cryptodon.lol; poa.st was already blocked by hand in Mastodon, so Hedge
 *   leaves that block as the user's;
 * - a day passes: the spec moves the stored times into the past (the clock of the extension is the
 *   browser's; no test hook is built into it) and rings the expiry alarm, as the browser would;
 * - Hedge removes its own block of cryptodon.lol through a run, keeps the hand-made block of poa.st,
 *   and Options › History lists both entries as expired.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { SEED_MANUAL_BLOCKS, expectServerBlocks, saveScreenshot, signIn } from './helpers';

/** The extension API as the service worker sees it: the `serviceWorker.evaluate` callbacks below run there. */
declare const chrome: {
  alarms: { create(name: string, info: { when: number }): Promise<void> };
  storage: { local: { get(key: string): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> } };
};

async function openSection(options: Page, name: string): Promise<void> {
  await options.getByRole('tab', { name }).click();
  await expect(options.getByRole('tab', { name })).toHaveAttribute('aria-selected', 'true');
}

test('block a domain for a day in Options; a day later Hedge removes only its own block, and History says so', async ({ openExtensionPage, serviceWorker, mastodon }) => {
  test.setTimeout(120_000);
  // Blocked by hand in Mastodon before Hedge: never Hedge's to remove.
  mastodon.state.addDomainBlock('poa.st');
  const popup = await openExtensionPage('popup.html');
  await signIn(popup, mastodon);
  const options = await openExtensionPage('options.html');
  await openSection(options, 'Blocks');

  const entries = options.getByRole('region', { name: 'Always and never' });
  for (const domain of ['cryptodon.lol', 'poa.st']) {
    await entries.getByLabel('Domain', { exact: true }).fill(domain);
    await entries.getByLabel('For how long').selectOption({ label: '1 day' });
    if (domain === 'poa.st') {
      await entries.scrollIntoViewIfNeeded();
      await saveScreenshot(options, 'options-entry-duration-light');
      await options.emulateMedia({ colorScheme: 'dark' });
      await saveScreenshot(options, 'options-entry-duration-dark');
      await options.emulateMedia({ colorScheme: 'light' });
    }
    await entries.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(entries.getByRole('listitem').filter({ hasText: domain })).toContainText(/until /);
  }
  // The picker is back at its default for the next entry.
  await expect(entries.getByLabel('For how long')).toHaveValue('forever');

  // A date already past is refused in words.
  await entries.getByLabel('Domain', { exact: true }).fill('pawoo.net');
  await entries.getByLabel('For how long').selectOption({ label: 'Until a date' });
  await entries.getByLabel('Last day').fill('2001-01-01');
  await entries.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(options.getByText('That date has already passed. Choose today or a later day.')).toBeVisible();
  await expect(entries.getByRole('listitem')).toHaveCount(2);

  await openSection(options, 'Preview');
  await options.getByRole('button', { name: 'Build preview' }).click();
  await options.getByRole('button', { name: 'Apply' }).click();
  await expectServerBlocks(mastodon, [...SEED_MANUAL_BLOCKS, 'poa.st', 'cryptodon.lol']);
  await expect(options.getByRole('region', { name: 'Applying changes' })).toHaveCount(0, { timeout: 20_000 });

  // A day passes: the entries' times (utils/background/sources.ts, storage.local `accountSources`) are now behind us.
  await serviceWorker.evaluate(async () => {
    const { accountSources } = (await chrome.storage.local.get('accountSources')) as { accountSources: Record<string, { alwaysBlockUntil?: Record<string, number> }> };
    for (const sources of Object.values(accountSources)) {
      for (const domain of Object.keys(sources.alwaysBlockUntil ?? {})) (sources.alwaysBlockUntil ?? {})[domain] = Date.now() - 1000;
    }
    await chrome.storage.local.set({ accountSources });
    await chrome.alarms.create('hedge-expiry', { when: Date.now() + 100 });
  });

  await expectServerBlocks(mastodon, [...SEED_MANUAL_BLOCKS, 'poa.st']);
  await openSection(options, 'Blocks');
  await expect(entries.getByRole('heading', { name: 'Always block' }).locator('xpath=following-sibling::*[1]')).toHaveText('None.');

  await openSection(options, 'History');
  const expired = options.getByRole('table', { name: 'Expired entries' });
  await expect(expired.locator('tbody tr')).toHaveCount(2);
  await expect(expired.locator('tbody tr').filter({ hasText: 'cryptodon.lol' })).toContainText('Always block');
  await expect(expired.locator('tbody tr').filter({ hasText: 'poa.st' })).toContainText('Always block');
});
