/**
 * Options › Lists › How your lists overlap, in the built extension: three lists the local Mastodon
 * serves, the threshold moved in the form, and the numbers the chart gives checked against the
 * preview the same threshold builds.
 */
import { readFile } from 'node:fs/promises';
import { parseList } from '../../utils/core/lists/index.ts';
import { summarizeOverlap, type ThresholdOutcome } from '../../utils/core/list-overlap.ts';
import { expect, test } from './fixtures';
import { openPopup, saveScreenshot, signIn } from './helpers';

const FILES = ['gardenfence-mastodon.csv', 'oliphant-mirror-iftas-dni-2026-02.csv', 'oliphant-mirror-seirdy-tier0.csv'];

const number = (value: number): string => value.toLocaleString('en');
const counts = ({ blocked, limited, listed }: ThresholdOutcome): string =>
  `${number(blocked)} blocked, ${number(limited)} limited, ${number(listed)} only marked.`;

test('the lists’ overlap follows the threshold as it is typed, and says what the preview then plans', async ({ openExtensionPage, mastodon }) => {
  test.setTimeout(120_000);
  // What the three lists hold, read here from the fixtures as the background reads its copies.
  const lists = await Promise.all(
    FILES.map(async (file) => {
      const parsed = parseList(await readFile(new URL(`../fixtures/lists/${file}`, import.meta.url), 'utf8'), { fileName: file });
      return { ref: { kind: 'subscription' as const, id: file, name: file.replace(/\.csv$/, '') }, entries: parsed.entries, silenceAs: 'limit' as const, inConsensus: true };
    }),
  );
  const expected = summarizeOverlap({ presets: [], subscriptions: lists, manual: { alwaysBlock: [], neverBlock: [] }, consensus: null, ownInstance: new URL(mastodon.url).host });
  expect(expected.histogram[1]! + expected.histogram[2]!).toBeGreaterThan(0);

  const popup = await openPopup(openExtensionPage);
  await signIn(popup, mastodon);
  await popup.close();
  const options = await openExtensionPage('options.html#lists');
  await options.setViewportSize({ width: 1280, height: 900 });
  const urlField = options.getByLabel('Subscribe by URL');
  for (const [index, file] of FILES.entries()) {
    await urlField.fill(`${mastodon.url}/lists/${file}`);
    await urlField.press('Enter');
    await expect(options.getByRole('region', { name: 'Your lists' }).getByRole('article')).toHaveCount(index + 1);
  }

  const overlap = options.getByRole('region', { name: 'How your lists overlap' });
  const outcome = overlap.getByRole('status');
  await expect(outcome).toHaveText(`Every list on its own: ${counts(expected.withoutConsensus)}`);
  const total = expected.histogram.reduce((sum, count) => sum + count, 0);
  await expect(overlap.getByRole('img', { name: /^Domains by how many lists name them/ })).toHaveAccessibleName(
    `Domains by how many lists name them Domains in all: ${number(total)}; named by more than one list: ${number(total - expected.histogram[0]!)}.`,
  );
  await expect(overlap.getByRole('img', { name: /^The largest overlaps/ })).toContainText('gardenfence-mastodon');

  // Moving the threshold asks the background nothing and fetches no list.
  const requestsBefore = mastodon.state.requests.length;
  await options.getByLabel('Block when').selectOption('count');
  const minimum = options.getByLabel('Minimum number of lists');
  await minimum.fill('2');
  await expect(outcome).toHaveText(`At 2 of 3 lists: ${counts(expected.byVotes[1]!)}`);
  await minimum.fill('3');
  await expect(outcome).toHaveText(`At 3 of 3 lists: ${counts(expected.byVotes[2]!)}`);
  await options.getByLabel('Block when').selectOption('percent');
  await options.getByLabel('Minimum share of lists, in percent').fill('50');
  await expect(outcome).toHaveText(`At 50% of the lists (2 of 3): ${counts(expected.byVotes[1]!)}`);
  expect(mastodon.state.requests.length).toBe(requestsBefore);

  // The same numbers as text, every threshold among them.
  await overlap.getByText('Show the numbers as tables').click();
  const table = overlap.getByRole('table', { name: 'What each consensus would do' });
  await expect(table.getByRole('row')).toHaveCount(1 + 1 + 3);
  await expect(table.getByRole('row', { name: /^At least 2 of 3 lists/ })).toHaveText(
    `At least 2 of 3 lists${number(expected.byVotes[1]!.blocked)}${number(expected.byVotes[1]!.limited)}${number(expected.byVotes[1]!.listed)}`,
  );
  await overlap.getByText('Show the numbers as tables').click();
  // The threshold's form and the chart below it, in one picture.
  await options.evaluate(() => document.querySelector('#consensus-kind')?.closest('form')?.scrollIntoView({ block: 'start' }));
  await saveScreenshot(options, 'options-lists-overlap-light');
  await options.emulateMedia({ colorScheme: 'dark' });
  await saveScreenshot(options, 'options-lists-overlap-dark');
  await options.emulateMedia({ colorScheme: 'light' });

  // Saved at 2 of 3, the preview plans exactly the blocks the chart announced.
  await options.getByLabel('Block when').selectOption('count');
  await minimum.fill('2');
  await options.getByRole('button', { name: 'Save' }).click();
  await expect(options.getByText('Saved')).toBeVisible();
  await options.getByRole('tab', { name: 'Preview' }).click();
  await options.getByRole('button', { name: 'Build preview' }).click();
  await expect(options.getByText(`${number(expected.byVotes[1]!.blocked)} to block, 0 to unblock`)).toBeVisible();
});
