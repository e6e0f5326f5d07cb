/**
 * Options › Lists, the catalog's FIRES card against the local FIRES server of
 * tests/fires-server: the datasets it publishes, chosen and subscribed in one
 * click, with the labels they use; a server that is not a FIRES server, in words.
 */
import { expect, test } from './fixtures';
import { signIn } from './helpers';
import { startFakeFires } from '../fires-server/index';

test('the FIRES card lists a server’s datasets, subscribes to one in one click and shows its labels', async ({ mastodon, openExtensionPage }) => {
  const fires = await startFakeFires();
  const notFires = await startFakeFires({ mode: 'not-fires' });
  try {
    const popup = await openExtensionPage('popup.html');
    await signIn(popup, mastodon);
    const options = await openExtensionPage('options.html');
    const card = options.getByRole('region', { name: 'Known lists' }).getByRole('listitem', { name: /^FIRES servers/ });
    const server = card.getByLabel('FIRES server');

    // A fediverse server that does not speak FIRES: said in words, nothing listed.
    await server.fill(notFires.url);
    await card.getByRole('button', { name: 'Show datasets' }).click();
    await expect(card.getByRole('alert')).toHaveText(`${notFires.url} is a fediverse server but does not speak FIRES.`);

    await server.fill(`${fires.url}/`);
    await server.press('Enter');
    const datasets = card.getByRole('region', { name: `Datasets on ${fires.url}` }).getByRole('listitem');
    await expect(datasets).toHaveCount(2);
    const dni = datasets.filter({ hasText: 'Example DNI' });
    await expect(dni).toContainText('Synthetic example dataset');
    await expect(dni).toContainText('4 entries');
    await expect(dni).toContainText('Hate Speech');
    const spam = datasets.filter({ hasText: 'Example spam' });
    await expect(spam).toContainText('3 entries');

    await spam.getByRole('button', { name: 'Subscribe' }).click();
    await expect(options.getByRole('status').filter({ hasText: 'Subscribed to Example spam (3 entries)' })).toBeVisible();
    await expect(spam.getByRole('button', { name: 'Subscribed' })).toBeDisabled();
    const subscription = options.getByRole('region', { name: 'Your lists' }).getByRole('article', { name: 'Example spam' });
    await expect(subscription).toContainText('3 entries, 0 rows skipped.');
    await expect(subscription).toContainText('Labels: Hate Speech');
    expect(fires.requests).toContain('GET /datasets/0193a1b2-0000-7000-8000-00000000d502/snapshot');
  } finally {
    await fires.close();
    await notFires.close();
  }
});
