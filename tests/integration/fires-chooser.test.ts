/**
 * Options › Lists, the FIRES card: the datasets a FIRES server publishes, read
 * through the background (`hedge/fires-datasets`) from the local FIRES server
 * of tests/fires-server, then one of them subscribed by its id.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { configureSubscriptions } from '../../utils/background/lists/environment';
import type { FiresServerView, SubscriptionView } from '../../utils/protocol';
import { startFakeFires, type FakeFires, type FakeFiresOptions } from '../fires-server/index';
import { expectFailure, startWorld, type World } from './subscriptions-helpers';

let world: World | undefined;
let fires: FakeFires | undefined;
afterEach(async () => {
  configureSubscriptions({});
  await world?.close();
  await fires?.close();
  world = undefined;
  fires = undefined;
});

async function start(options: FakeFiresOptions = {}): Promise<{ world: World; fires: FakeFires }> {
  world = await startWorld({ seed: 'empty' });
  fires = await startFakeFires(options);
  return { world, fires };
}

describe('choosing a FIRES dataset', () => {
  it('lists every dataset with its size and the labels it uses, then subscribes to one by its id', async () => {
    const { world, fires } = await start();
    const server = await world.background.value<FiresServerView>({ type: 'hedge/fires-datasets', serverUrl: `${fires.url}/some/page` });
    expect(server.origin).toBe(fires.url);
    expect(server.datasets.map(({ name, entryCount }) => [name, entryCount])).toEqual([
      ['Example DNI', 4],
      ['Example spam', 3],
    ]);
    expect(server.datasets[0]).toMatchObject({ summary: 'Synthetic example dataset' });
    expect(server.datasets[0]?.labels).toContain('Hate Speech');
    expect(server.datasets[1]?.labels).toEqual(['Hate Speech']);

    const spam = server.datasets[1];
    if (!spam) throw new Error('no second dataset');
    const view = await world.background.value<SubscriptionView>({ type: 'hedge/subscription-add', source: { kind: 'fires', serverUrl: server.origin, datasetId: spam.id } });
    expect(view).toMatchObject({ name: 'Example spam', origin: 'fires', url: spam.id, entryCount: 3, labels: ['Hate Speech'] });
  });

  it.each<[string, FakeFiresOptions['mode'], string, RegExp]>([
    ['a fediverse server that does not speak FIRES', 'not-fires', 'list-error', /does not speak FIRES/],
    ['a FIRES server without datasets', 'no-datasets', 'not-found', /offers no dataset/],
  ])('explains %s in words', async (_what, mode, kind, words) => {
    const { world, fires } = await start({ mode });
    expect(expectFailure(await world.background.send({ type: 'hedge/fires-datasets', serverUrl: fires.url }), kind)).toMatch(words);
  });

  it.each([
    ['no address', '', 'invalid-input'],
    ['not an address', 'fires server', 'invalid-input'],
    ['a server without nodeinfo', 'MASTODON/lists', 'list-error'],
  ])('refuses %s', async (_what, address, kind) => {
    const { world } = await start();
    const serverUrl = address.replace('MASTODON', world.mastodon.url);
    expect(expectFailure(await world.background.send({ type: 'hedge/fires-datasets', serverUrl }), kind)).not.toBe('');
  });

  it('says the server cannot be reached when nothing answers', async () => {
    const { world, fires: stopped } = await start();
    const gone = stopped.url;
    await stopped.close();
    fires = undefined;
    const reply = await world.background.send({ type: 'hedge/fires-datasets', serverUrl: gone });
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.message).toMatch(/reach|answer|connect/i);
  });
});
