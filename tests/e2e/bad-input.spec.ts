/**
 * Markup in a list stays text: a list whose name, comments, labels and rows carry `<script>` and
 * `<img onerror>` payloads is imported in the options page, read in its parse report and its preview,
 * and shown in the Mastodon web UI's marks. Every payload would set `window.__pwned`; it must stay
 * undefined in every page, and the payloads must be visible literally. IDN domains show their
 * punycode beside the Unicode. A list saved as UTF-16 is read through the file picker like any other.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { signIn } from './helpers';

const SCRIPT = '<script>window.__pwned=1</script>';
const IMG = '<img src=x onerror="window.__pwned=2">';
const LIST_NAME = '<img src=x onerror=window.__pwned=3>';
const BAD_ROW = '<svg onload=window.__pwned=4>.social';

/** A Mastodon admin CSV: markup in comments (tags in Garden Fence style), a homograph IDN, a row that is markup. */
const LIST = [
  '#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate',
  `mastodon.social,silence,false,false,"${SCRIPT}",false`,
  `threads.net,suspend,false,false,"${IMG.replaceAll('"', '""')}, bots",false`,
  'аpple.social,suspend,false,false,homograph,false',
  `"${BAD_ROW}",suspend,false,false,,false`,
  '',
].join('\n');

async function isPwned(page: Page): Promise<unknown> {
  return page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);
}

test('markup in a list is shown as text in the options page and the web UI, and never runs', async ({
  context,
  openExtensionPage,
  mastodon,
}) => {
  await signIn(await openExtensionPage('popup.html'), mastodon);

  const options = await openExtensionPage('options.html#lists');
  await options.getByLabel('Import a file').setInputFiles({ name: `${LIST_NAME}.csv`, mimeType: 'text/csv', buffer: Buffer.from(LIST) });
  // The list's name, taken from the file's name, is text.
  await expect(options.getByText(LIST_NAME, { exact: true }).first()).toBeVisible();

  // The parse report shows the refused row literally.
  await options.getByRole('button', { name: 'Parse report' }).first().click();
  await expect(options.getByText(BAD_ROW, { exact: false }).first()).toBeVisible();
  expect(await isPwned(options)).toBeUndefined();

  // The preview table: comments and labels as text, the homograph in punycode beside its Unicode.
  await options.goto(options.url().replace(/#.*$/, '#preview'));
  const build = options.getByRole('button', { name: /Build preview|Build again/ });
  if (await build.isVisible()) await build.click();
  const table = options.getByRole('table');
  await expect(table.getByText('threads.net').first()).toBeVisible();
  await expect(table.getByText(IMG, { exact: false }).first()).toBeVisible();
  await expect(table.getByText('xn--pple-43d.social').first()).toBeVisible();
  await expect(table.getByText('аpple.social').first()).toBeVisible();
  expect(await options.locator('img[onerror], svg[onload], script:not([src])').count()).toBe(0);
  expect(await isPwned(options)).toBeUndefined();

  // The web UI: mastodon.social is limited by the list; its marks' tooltips name the list and its words.
  const page = await context.newPage();
  await page.goto(`${mastodon.url}/home`);
  const badge = page.locator('[data-hedge-kind]').first();
  await expect(badge).toBeAttached();
  const titles = await page.locator('[data-hedge-kind][title]').evaluateAll((badges) => badges.map((b) => b.getAttribute('title') ?? ''));
  expect(titles.join('\n')).toContain(LIST_NAME);
  expect(await page.locator('img[onerror], svg[onload]').count()).toBe(0);
  expect(await page.locator('script').evaluateAll((scripts) => scripts.filter((s) => s.textContent?.includes('__pwned')).length)).toBe(0);
  expect(await isPwned(page)).toBeUndefined();
  expect(await isPwned(options)).toBeUndefined();
});

test('a list saved as UTF-16 (Notepad’s “Unicode”) is imported with every domain and previewed', async ({ openExtensionPage, mastodon }) => {
  await signIn(await openExtensionPage('popup.html'), mastodon);

  const options = await openExtensionPage('options.html#lists');
  const text = 'threads.net\r\nthreads.instagram.com\r\n';
  const buffer = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  await options.getByLabel('Import a file').setInputFiles({ name: 'threads-unicode.txt', mimeType: 'text/plain', buffer });
  await expect(options.getByText('Subscribed to threads-unicode (2 entries). Open Preview to see what it would change.')).toBeVisible();

  await options.goto(options.url().replace(/#.*$/, '#preview'));
  const build = options.getByRole('button', { name: /Build preview|Build again/ });
  if (await build.isVisible()) await build.click();
  const table = options.getByRole('table');
  await expect(table.getByText('threads.instagram.com').first()).toBeVisible();
});
