import { expect, test } from './fixtures';

test('the service worker starts and reports the extension id', async ({ serviceWorker, extensionId }) => {
  expect(serviceWorker.url()).toBe(`chrome-extension://${extensionId}/background.js`);
});

test('the popup renders', async ({ openExtensionPage }) => {
  const popup = await openExtensionPage('popup.html');
  await expect(popup.locator('main')).toBeVisible();
  await expect(popup).toHaveTitle(/Hedge/);
});

test('the options page renders', async ({ openExtensionPage }) => {
  const options = await openExtensionPage('options.html');
  await expect(options.locator('main')).toBeVisible();
});

test('the extension reaches the local Mastodon', async ({ serviceWorker, mastodon }) => {
  const instance = await serviceWorker.evaluate(async (url) => {
    const response = await fetch(`${url}/api/v2/instance`);
    return { status: response.status, body: await response.json() };
  }, mastodon.url);
  expect(instance.status).toBe(200);
  expect(instance.body.version).toMatch(/^4\./);
});
