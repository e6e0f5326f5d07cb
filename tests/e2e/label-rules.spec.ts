import { readFile } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';
import { startFakeFediseer, type FakeFediseer } from '../fake-fediseer/index';
import { expect, test } from './fixtures';
import { intentValue } from '../../scripts/extension-steps';
import type { HedgeState } from '../../utils/protocol';
import { domainBlockWrites, openPopup, saveScreenshot, signIn } from './helpers';

const GARDEN_FENCE = 'gardenfence-mastodon.csv';

async function openSection(options: Page, name: string): Promise<void> {
  await options.getByRole('tab', { name }).click();
  await expect(options.getByRole('tab', { name })).toHaveAttribute('aria-selected', 'true');
}

/**
 * Builds the preview and returns the table of planned changes, once its summary says `adds` to
 * block (any number when absent): a preview built again replaces the one shown before.
 */
async function buildPreview(options: Page, adds?: number): Promise<Locator> {
  await openSection(options, 'Preview');
  await options.getByRole('button', { name: /^(Build preview|Build again)$/ }).click();
  await expect(options.getByText(new RegExp(`^${adds ?? '\\d+'} to block, \\d+ to unblock`))).toBeVisible();
  return options.getByRole('table', { name: 'Planned changes' });
}

/** Waits until the background has stored this many choices for the page's one subscription. */
async function choicesStored(page: Page, count: number): Promise<void> {
  const stored = async (): Promise<number> => {
    const rules = (await intentValue<HedgeState>(page, { type: 'hedge/get-state' })).subscriptions[0]?.labelRules;
    return (rules?.byLabel.length ?? 0) + (rules?.otherwise === undefined ? 0 : 1);
  };
  await expect.poll(stored).toBe(count);
}

async function addedDomains(table: Locator): Promise<string[]> {
  return (await table.locator('tbody tr td:nth-child(2)').allTextContents()).map((text) => text.trim()).sort();
}

/** Chooses an action for a label on a subscription card and waits until the card shows it stored. */
async function choose(card: Locator, label: RegExp | string, action: string): Promise<void> {
  const select = card.getByLabel(label);
  await select.selectOption({ label: action });
  await expect(select.locator('option:checked')).toHaveText(action);
}

test('a CSV with reasons in its comments: one label ignored, one limited, one blocked; the preview shows the effect and names the labels', async ({
  openExtensionPage,
  mastodon,
}) => {
  const options = await openExtensionPage('options.html#accounts');
  await signIn(options, mastodon);
  await openSection(options, 'Lists');
  const buffer = await readFile(new URL(`../fixtures/lists/${GARDEN_FENCE}`, import.meta.url));
  await options.getByLabel('Import a file').setInputFiles({ name: GARDEN_FENCE, mimeType: 'text/csv', buffer });
  const card = options.getByRole('region', { name: 'Your lists' }).getByRole('article');
  await expect(card).toContainText('143 entries');

  // As the list says: every row blocks, "bots, spam" and "dos, spam" rows too.
  const before = await addedDomains(await buildPreview(options));
  for (const domain of ['arell.ai', 'hf.space', 'ignorelist.com', 'repl.co']) expect(before).toContain(domain);

  await openSection(options, 'Lists');
  await card.getByText('Choose by labels').click();
  await expect(card).toContainText('the strongest wins: block, then limit, then only mark, then ignore');
  await choose(card, /^spam · 12 entries/, 'Ignore');
  await choose(card, /^dos · 3 entries/, 'Ignore');
  await choose(card, /^bots · 6 entries/, 'Limit');
  await choose(card, /^hate-speech · 89 entries/, 'Block');
  await choicesStored(options, 4);

  const table = await buildPreview(options, before.length - 5);
  const after = await addedDomains(table);
  // "dos, spam": every label ignored, gone; "bots, spam": limited (marked and collapsed, nothing sent), not blocked.
  // "anti-lgbtq, spam", "bots, twitter": a label without a choice keeps what the list says (block), the strongest.
  const gone = ['arell.ai', 'freysa.ai', 'hf.space', 'ignorelist.com', 'repl.co'];
  expect(after).toEqual(before.filter((domain) => !gone.includes(domain)));
  expect(after).toEqual(expect.arrayContaining(['tastingtraffic.net', 'bird.makeup']));
  // The row names the label whose choice decided.
  const hateRow = table.locator('tbody tr').filter({ hasText: 'annihilation.social' });
  await expect(hateRow).toContainText('Your choice for: hate-speech');
  expect(domainBlockWrites(mastodon)).toEqual([]);
});

test.describe('Fediseer reasons', () => {
  let fediseer: FakeFediseer;
  const OWN = 'social.example';
  const TRUSTED = 'trusted-one.hedge-test.social';

  test.beforeEach(async () => {
    fediseer = await startFakeFediseer({
      instances: [{ domain: OWN }, { domain: TRUSTED }],
      censures: [
        { by: TRUSTED, of: 'spam.hedge-test.social', reason: 'CSAM, spam' },
        { by: TRUSTED, of: 'hate.hedge-test.social', reason: 'racism' },
        { by: OWN, of: 'hate.hedge-test.social', reason: 'hate speech' },
        { by: TRUSTED, of: 'rude.hedge-test.social', reason: 'harassment' },
      ],
      hesitations: [],
      endorsements: [[OWN, TRUSTED]],
    });
  });

  test.afterEach(async () => {
    await fediseer.close();
  });

  test('a Fediseer group is one choice over the reasons it stands for', async ({ openExtensionPage, mastodon }) => {
    const popup = await openPopup(openExtensionPage);
    await signIn(popup, mastodon);
    await popup.close();
    const options = await openExtensionPage('options.html#lists');
    await options.setViewportSize({ width: 1280, height: 900 });
    const form = options.getByRole('form', { name: 'Fediseer' });
    await form.getByLabel('Fediseer address').fill(fediseer.url);
    await form.getByLabel('Servers you trust').fill(`${OWN}, ${TRUSTED}`);
    await form.getByLabel('How many of them must agree').fill('1');
    await form.getByRole('button', { name: 'Add Fediseer' }).click();
    const card = options.getByRole('region', { name: 'Your lists' }).getByRole('article');
    await expect(card).toContainText('3 entries');

    await card.getByText('Choose by labels').click();
    await choose(card, /^All bigotry \(Fediseer’s group: racism, .*\) · 1 entry/, 'Only mark');
    await choose(card, /^All child abuse \(Fediseer’s group: csam, .*\) · 1 entry/, 'Block');
    await choose(card, 'Entries whose labels have no choice', 'Ignore');
    await choicesStored(options, 3);
    // For the README (npm run screenshots): the card with its choices, light and dark.
    await card.evaluate((element) => element.scrollIntoView({ block: 'end' }));
    await saveScreenshot(options, 'options-label-rules-light');
    await options.emulateMedia({ colorScheme: 'dark' });
    await saveScreenshot(options, 'options-label-rules-dark');
    await options.emulateMedia({ colorScheme: 'light' });

    const table = await buildPreview(options, 1);
    // Racism and hate speech only marked, harassment ignored, CSAM blocked by the group's choice.
    expect(await addedDomains(table)).toEqual(['spam.hedge-test.social']);
    await expect(table.locator('tbody tr')).toContainText('Your choice for: csam');
    expect(domainBlockWrites(mastodon)).toEqual([]);
  });
});
