/**
 * The FIRES consumer against the recorded answers of the SYNTHETIC walkthrough
 * (tests/fixtures/lists/fires-SYNTHETIC-consumer-walkthrough.json), plus
 * servers built here to misbehave: a `next` that loops, a server that ignores
 * `since`, pages that never end, and full pages whose `next` skips a record.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyFiresState, type FiresState } from '../../utils/core/lists/fires-changes.ts';
import {
  cursorOf,
  discoverFires,
  firesList,
  FiresError,
  listFiresDatasets,
  loadFiresLabels,
  loadFiresSnapshot,
  syncFiresChanges,
  type FiresDataset,
} from '../../utils/core/fires/consumer.ts';
import type { FiresHttp } from '../../utils/core/ports.ts';

const WALKTHROUGH = JSON.parse(
  readFileSync(join(import.meta.dirname, '../fixtures/lists/fires-SYNTHETIC-consumer-walkthrough.json'), 'utf8'),
) as { responses: Record<string, unknown> };

const DS = 'https://fires.example/datasets/0193a1b2-0000-7000-8000-00000000d501';
const changeId = (n: number): string => `${DS}/changes/0193a1b3-000${n}-7000-8000-00000000000${n}`;

/** Answers from a table keyed like the walkthrough: `GET /path?query`, optionally with ` (Accept: application/ld+json)`. */
function recordedHttp(responses: Record<string, unknown>, log: string[] = []): FiresHttp {
  return {
    async getJson(url: string): Promise<unknown> {
      const { pathname, search } = new URL(url);
      const key = `GET ${pathname}${decodeURIComponent(search)}`;
      log.push(key);
      const body = responses[key] ?? responses[`${key} (Accept: application/ld+json)`];
      if (body === undefined) throw new Error(`404 Not Found: ${key}`);
      return structuredClone(body);
    },
  };
}

/** The walkthrough's dataset, found as the background finds one: through the server's nodeinfo and its list of datasets. */
async function walkthroughDataset(http: FiresHttp): Promise<FiresDataset> {
  const dataset = (await listFiresDatasets(http, await discoverFires(http, 'https://fires.example'))).find((candidate) => candidate.id === DS);
  if (!dataset) throw new Error(`The walkthrough lists no dataset ${DS}.`);
  return dataset;
}

function summary(state: FiresState): Array<[string, string, boolean]> {
  return firesList(state)
    .entries.map((entry): [string, string, boolean] => [entry.domain, entry.severity, entry.isAdvisory === true])
    .sort((a, b) => a[0].localeCompare(b[0]));
}

// Read off the walkthrough by hand.
const EXPECTED: Array<[string, string, boolean]> = [
  ['baraag.net', 'suspend', false],
  ['example-friend.social', 'noop', false],
  ['example-limited.social', 'silence', true],
  ['poa.st', 'suspend', false],
];

describe('the walkthrough, step by step', () => {
  const http = recordedHttp(WALKTHROUGH.responses);

  it('discovers the server through nodeinfo and lists its dataset and labels', async () => {
    const server = await discoverFires(http, 'https://fires.example/some/page');
    expect(server).toEqual({ origin: 'https://fires.example', datasetsUrl: 'https://fires.example/datasets', labelsUrl: 'https://fires.example/labels' });
    const datasets = await listFiresDatasets(http, server);
    expect(datasets).toEqual([
      {
        id: DS,
        name: 'Example DNI',
        summary: 'Synthetic example dataset',
        url: 'https://fires.example/datasets/example-dni',
        changesUrl: `${DS}/changes`,
        snapshotUrl: `${DS}/snapshot`,
      },
    ]);
    const labels = await loadFiresLabels(http, server);
    expect(labels.get('https://fires.example/labels/0193a1b2-0000-7000-8000-0000000001a2')).toBe('Hate Speech');
    expect(labels.get('https://fires.example/labels/csam')).toBe('CSAM');
  });

  it('loads the snapshot, maps policies, keeps the actor aside, and labels by name', async () => {
    const [dataset] = await listFiresDatasets(http, await discoverFires(http, 'https://fires.example'));
    const { state } = await loadFiresSnapshot(http, dataset as FiresDataset);
    expect(summary(state)).toEqual(EXPECTED);
    expect(cursorOf(state.lastChangeId ?? '')).toBe('0193a1b3-0007-7000-8000-000000000007');
    const labels = await loadFiresLabels(http, { origin: 'https://fires.example', datasetsUrl: '', labelsUrl: 'https://fires.example/labels' });
    const list = firesList(state, labels);
    expect(list.entries.find((entry) => entry.domain === 'poa.st')?.labels).toEqual(['Hate Speech']);
    expect(list.actors).toEqual([
      expect.objectContaining({ actor: 'https://example.social/users/spammer', severity: 'suspend' }),
    ]);
    expect(list.entries.some((entry) => entry.domain === 'example-advisory.social')).toBe(false);
  });

  it('after the snapshot, one request finds it caught up', async () => {
    const log: string[] = [];
    const logged = recordedHttp(WALKTHROUGH.responses, log);
    const dataset = await walkthroughDataset(logged);
    const { state } = await loadFiresSnapshot(logged, dataset);
    log.length = 0;
    const result = await syncFiresChanges(logged, dataset, state);
    expect(result).toMatchObject({ pages: 1, applied: 0 });
    expect(log).toEqual([`GET /datasets/0193a1b2-0000-7000-8000-00000000d501/changes?since=0193a1b3-0007-7000-8000-000000000007`]);
  });

  it('from the beginning, pages through the changes to the same result as the snapshot', async () => {
    const log: string[] = [];
    const logged = recordedHttp(WALKTHROUGH.responses, log);
    const dataset = await walkthroughDataset(logged);
    log.length = 0;
    const before = emptyFiresState();
    const result = await syncFiresChanges(logged, dataset, before);
    expect(summary(result.state)).toEqual(EXPECTED);
    expect(result).toMatchObject({ pages: 2, applied: 7, problems: [] });
    expect(log).toEqual([
      'GET /datasets/0193a1b2-0000-7000-8000-00000000d501/changes',
      'GET /datasets/0193a1b2-0000-7000-8000-00000000d501/changes?since=00000000-0000-7000-A000-000000000000',
      'GET /datasets/0193a1b2-0000-7000-8000-00000000d501/changes?since=0193a1b3-0007-7000-8000-000000000007',
    ]);
    expect(before).toEqual(emptyFiresState());
  });
});

describe('Tombstones and Retractions', () => {
  it('a Tombstone deletes the advice of the change it names; a Retraction withdraws an entity', async () => {
    const responses = { ...WALKTHROUGH.responses };
    const base = `GET /datasets/0193a1b2-0000-7000-8000-00000000d501/changes?since=`;
    responses[`${base}0193a1b3-0007-7000-8000-000000000007`] = {
      type: 'OrderedCollectionPage',
      orderedItems: [
        { id: changeId(2), type: 'Tombstone' },
        { id: changeId(8), type: 'Retraction', entityKind: 'domain', entityKey: 'poa.st' },
        { id: changeId(9), type: 'Advisory', entityKind: 'domain', entityKey: 'new-advisory.social', labels: [] },
      ],
    };
    responses[`${base}0193a1b3-0009-7000-8000-000000000009`] = { type: 'OrderedCollectionPage', orderedItems: [] };
    const http = recordedHttp(responses);
    const dataset = await walkthroughDataset(http);
    const { state } = await loadFiresSnapshot(http, dataset);
    const result = await syncFiresChanges(http, dataset, state);
    expect(summary(result.state)).toEqual([
      ['example-friend.social', 'noop', false],
      ['example-limited.social', 'silence', true],
      ['new-advisory.social', 'silence', true],
    ]);
    expect(result.state.changeEntity[changeId(2)]).toBeUndefined();
  });
});

/** A server generated here: `total` changes about d<i>.social, pages of `pageSize`, and a chosen `next`. */
function generatedServer(options: {
  total: number;
  pageSize: number;
  next: (lastIndexOnPage: number, since: string) => string | undefined;
  ignoreSince?: boolean;
}): FiresHttp {
  const id = (i: number): string => `https://gen.example/datasets/g/changes/c-${String(i).padStart(8, '0')}`;
  return {
    async getJson(url: string): Promise<unknown> {
      const parsed = new URL(url);
      const since = parsed.searchParams.get('since');
      if (since === null) return { type: 'OrderedCollection', first: 'https://gen.example/datasets/g/changes?since=start' };
      const after = options.ignoreSince === true || since === 'start' ? 0 : Number(since.slice(2)) + 1;
      const items = [];
      for (let i = after; i < Math.min(options.total, after + options.pageSize); i += 1) {
        items.push({ id: id(i), type: 'Recommendation', entityKind: 'domain', entityKey: `d${i}.social`, labels: [], recommendedPolicy: 'drop' });
      }
      return { type: 'OrderedCollectionPage', orderedItems: items, next: options.next(after + items.length - 1, since) };
    },
  };
}

const GEN: FiresDataset = {
  id: 'https://gen.example/datasets/g',
  name: 'Generated',
  changesUrl: 'https://gen.example/datasets/g/changes',
  snapshotUrl: 'https://gen.example/datasets/g/snapshot',
};

describe('misbehaving servers stop with a clear error, and the old state stays', () => {
  it('ignores a `next` that points back at the same page', async () => {
    const http = generatedServer({ total: 250, pageSize: 100, next: (_last, since) => `https://gen.example/datasets/g/changes?since=${since}` });
    const result = await syncFiresChanges(http, GEN, emptyFiresState());
    expect(firesList(result.state).entries).toHaveLength(250);
    expect(result.pages).toBe(4);
  });

  it('builds the cursor from the last item, so a `next` that skips a record on full pages loses nothing', async () => {
    // The reference server's `next` points one record too far on a full page.
    const http = generatedServer({
      total: 300,
      pageSize: 100,
      next: (last) => `https://gen.example/datasets/g/changes?since=c-${String(last + 1).padStart(8, '0')}`,
    });
    const result = await syncFiresChanges(http, GEN, emptyFiresState());
    const domains = new Set(firesList(result.state).entries.map((entry) => entry.domain));
    expect(domains.size).toBe(300);
    expect(domains.has('d100.social')).toBe(true);
    expect(domains.has('d200.social')).toBe(true);
  });

  it('stops when the server ignores `since` and sends the same page again', async () => {
    const http = generatedServer({ total: 250, pageSize: 100, ignoreSince: true, next: () => undefined });
    const before = emptyFiresState();
    await expect(syncFiresChanges(http, GEN, before)).rejects.toThrow(
      expect.objectContaining({ code: 'cursor-loop', message: expect.stringMatching(/kept the list as it was/) }),
    );
    expect(before).toEqual(emptyFiresState());
  });

  it('stops pages that never end after maxPages', async () => {
    const http = generatedServer({ total: Number.MAX_SAFE_INTEGER, pageSize: 100, next: () => undefined });
    const error = await syncFiresChanges(http, GEN, emptyFiresState(), { maxPages: 5 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FiresError);
    expect(error).toHaveProperty('code', 'too-many-pages');
  });

  it('refuses a server that does not speak FIRES', async () => {
    const http = recordedHttp({
      'GET /.well-known/nodeinfo': { links: [{ rel: 'http://nodeinfo.diaspora.software/ns/schema/2.0', href: 'https://m.example/nodeinfo/2.0' }] },
      'GET /nodeinfo/2.0': { version: '2.0', protocols: ['activitypub'] },
    });
    await expect(discoverFires(http, 'https://m.example')).rejects.toThrow(expect.objectContaining({ code: 'not-fires' }));
    await expect(discoverFires(recordedHttp({}), 'https://nothing.example')).rejects.toThrow(/404/);
  });
});
