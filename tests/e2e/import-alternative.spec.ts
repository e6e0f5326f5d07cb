/**
 * A plan of more than 300 requests in the options page: Preview offers
 * Mastodon's own import, with "Merge" and never "Overwrite"; the download is
 * the plan's new blocks without the row left out; after the import (done here
 * on the local Mastodon as its import would) and "I have imported it", the
 * Blocks tab shows those blocks as Hedge's, and nothing was sent one by one.
 */
import { expect, test } from './fixtures';
import { csvLines, domainBlockWrites, downloadText, signIn } from './helpers';

const DOMAINS = Array.from({ length: 320 }, (_, i) => `spam-${String(i).padStart(4, '0')}.hedge-test.social`);

test('a long plan: download the import file, import it with Merge, and Hedge owns the imported blocks', async ({ openExtensionPage, mastodon }) => {
  const popup = await openExtensionPage('popup.html');
  await signIn(popup, mastodon);
  const before = [...mastodon.state.domainBlocks()];

  const options = await openExtensionPage('options.html#lists');
  await options.getByLabel('Import a file').setInputFiles({ name: 'long.txt', mimeType: 'text/plain', buffer: Buffer.from(`${DOMAINS.join('\n')}\n`) });
  await expect(options.getByText(/Subscribed to long \(320 entries\)/)).toBeVisible();

  await options.goto(options.url().replace(/#.*$/, '#preview'));
  const build = options.getByRole('button', { name: /Build preview|Build again/ });
  if (await build.isVisible()) await build.click();
  await expect(options.getByText(/import its 320 new blocks in Mastodon at once/)).toBeVisible();
  await expect(options.getByText(/the mode “Merge”.*Do not choose “Overwrite”: it removes every block you have\./)).toBeVisible();

  // Leave one row out: it stays out of the file too.
  await options.getByRole('checkbox', { name: `Include ${DOMAINS[0] ?? ''}` }).uncheck();
  const file = await downloadText(options, () => options.getByRole('button', { name: 'Download blocked_domains.csv' }).click());
  expect(file.fileName).toBe('blocked_domains.csv');
  expect(csvLines(file.text).sort()).toEqual(DOMAINS.slice(1).sort());

  // What Mastodon's import with "Merge" does: every row becomes a personal block, the others stay.
  for (const domain of csvLines(file.text)) mastodon.state.addDomainBlock(domain);
  await options.getByRole('button', { name: 'I have imported it' }).click();
  await expect(options.getByText('Hedge found 319 of these blocks on your server and counts them as its own.')).toBeVisible();
  expect(domainBlockWrites(mastodon)).toEqual([]);

  await options.goto(options.url().replace(/#.*$/, '#blocks'));
  const rows = options.getByRole('row').filter({ hasText: 'hedge-test.social' });
  await expect(rows).toHaveCount(319);
  // Hedge's, for the list "long"; the blocks made before stay the user's.
  await expect(rows.filter({ hasText: 'long' })).toHaveCount(319);
  for (const domain of before) await expect(options.getByRole('row').filter({ hasText: domain }).first()).toContainText('You');
});
