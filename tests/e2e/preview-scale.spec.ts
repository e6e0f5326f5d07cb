/**
 * Options › Preview with 20,000 domains to block: the table draws only the rows in view, Apply and
 * Discard stay in the window after scrolling to the end, and a search filters at once.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { intentValue } from '../../scripts/extension-steps';
import { signIn } from './helpers';

const ROWS = 20_000;
const LIST_FILE = 'preview-20000.txt';
const listsDir = mkdtempSync(join(tmpdir(), 'hedge-preview-scale-'));
writeFileSync(join(listsDir, LIST_FILE), `${Array.from({ length: ROWS }, (_, i) => `big-${String(i).padStart(5, '0')}.hedge-test.social`).join('\n')}\n`);

test.use({ mastodonOptions: { listsDir } });

test('a preview of 20,000 domains keeps Apply and Discard in view and filters', async ({ mastodon, openExtensionPage }) => {
  const popup = await openExtensionPage('popup.html');
  await signIn(popup, mastodon);
  await intentValue(popup, { type: 'hedge/subscription-add', source: { kind: 'url', url: `${mastodon.url}/lists/${LIST_FILE}` } });

  const options = await openExtensionPage('options.html');
  await options.setViewportSize({ width: 1280, height: 800 });
  await options.getByRole('tab', { name: 'Preview' }).click();
  await options.getByRole('button', { name: 'Build preview' }).click();
  const table = options.getByRole('table', { name: 'Planned changes' });
  await expect(table).toHaveAttribute('aria-rowcount', String(ROWS + 1));
  const rows = table.locator('tbody tr:not([aria-hidden])');
  // Only the rows in view and a few around them are drawn.
  expect(await rows.count()).toBeLessThan(200);

  // To the very end of the table and of the page: the last domain shows, Apply and Discard are still in the window.
  const box = options.locator('.table-scroll--windowed');
  await box.evaluate((element) => element.scrollTo(0, element.scrollHeight));
  await options.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await expect(rows.filter({ hasText: `big-${String(ROWS - 1).padStart(5, '0')}.hedge-test.social` })).toBeVisible();
  for (const name of ['Apply', 'Discard']) await expect(options.getByRole('button', { name, exact: true })).toBeInViewport();
  await options.evaluate(() => window.scrollTo(0, 0));
  for (const name of ['Apply', 'Discard']) await expect(options.getByRole('button', { name, exact: true })).toBeInViewport();

  await options.getByLabel('Search').fill('big-0019');
  await expect(rows).toHaveCount(10);
  await expect(rows.first().getByRole('cell').nth(1)).toHaveText('big-00190.hedge-test.social');
  await expect(table).not.toHaveAttribute('aria-rowcount');
});
