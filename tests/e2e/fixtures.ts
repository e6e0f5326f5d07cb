/**
 * Playwright fixtures: a Chromium with the built extension loaded, its service worker and id,
 * and a fresh local Mastodon for each test.
 */
import { test as base, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { extensionWorker, launchWithExtension } from '../../scripts/chromium';
import { startFakeMastodon, type FakeMastodon, type FakeMastodonOptions } from '../fake-mastodon/index';

interface HedgeFixtures {
  mastodonOptions: FakeMastodonOptions;
  mastodon: FakeMastodon;
  context: BrowserContext;
  serviceWorker: Worker;
  extensionId: string;
  /** Opens one of the extension's pages (`popup.html`, `options.html`) in a tab. */
  openExtensionPage: (file: string) => Promise<Page>;
}

export const test = base.extend<HedgeFixtures>({
  mastodonOptions: [{}, { option: true }],
  mastodon: async ({ mastodonOptions }, use) => {
    const mastodon = await startFakeMastodon(mastodonOptions);
    await use(mastodon);
    await mastodon.close();
  },
  // eslint-disable-next-line no-empty-pattern
  context: async ({}, use) => {
    const { context } = await launchWithExtension();
    await use(context);
    await context.close();
  },
  serviceWorker: async ({ context }, use) => {
    await use(await extensionWorker(context));
  },
  extensionId: async ({ serviceWorker }, use) => {
    await use(new URL(serviceWorker.url()).host);
  },
  openExtensionPage: async ({ context, extensionId }, use) => {
    await use(async (file) => {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${file}`);
      return page;
    });
  },
});

export { expect } from '@playwright/test';
