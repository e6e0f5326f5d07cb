/**
 * A small local FIRES server for tests and `npm start`-like runs: it answers
 * with the SYNTHETIC walkthrough's recorded documents
 * (tests/fixtures/lists/fires-SYNTHETIC-consumer-walkthrough.json, built on the
 * serializers of fedimod/fires fires-server v0.8.0), rewritten to its own
 * address, plus a second dataset of its own so a chooser has more than one to
 * show. It follows the protocol as Hedge's consumer reads it
 * (utils/core/fires/consumer.ts): nodeinfo discovery, the datasets and
 * labels collections, a snapshot, and pages of changes by `since` cursor.
 *
 * `mode` makes it misbehave the ways a user can meet: a fediverse server that
 * does not speak FIRES, or a FIRES server without any dataset.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeFiresOptions {
  /** `fires` (default); `not-fires`: nodeinfo without the FIRES protocol; `no-datasets`: an empty datasets collection. */
  mode?: 'fires' | 'not-fires' | 'no-datasets';
}

export interface FakeFires {
  /** `http://127.0.0.1:<port>`, the address to type into Hedge. */
  url: string;
  /** The paths asked for, in order. */
  requests: string[];
  close: () => Promise<void>;
}

const WALKTHROUGH_FILE = new URL('../fixtures/lists/fires-SYNTHETIC-consumer-walkthrough.json', import.meta.url);
const RECORDED_HOST = 'https://fires.example';
const CONTEXT = ['https://www.w3.org/ns/activitystreams', 'https://fires.fedimod.org/context/fires.jsonld'];

/** The second dataset: three spam servers, labelled with the walkthrough's own labels. */
const SPAM_ID = '0193a1b2-0000-7000-8000-00000000d502';
const SPAM_DOMAINS = ['example-spam-one.social', 'example-spam-two.social', 'example-spam-three.social'];
const SPAM_LABEL = '/labels/0193a1b2-0000-7000-8000-0000000001a2';

/** Answers keyed `GET <path>[?query]`, as the walkthrough records them. */
function answers(origin: string, mode: NonNullable<FakeFiresOptions['mode']>): Map<string, unknown> {
  const recorded = JSON.parse(readFileSync(WALKTHROUGH_FILE, 'utf8').replaceAll(RECORDED_HOST, origin)) as { responses: Record<string, unknown> };
  const table = new Map<string, unknown>();
  for (const [key, body] of Object.entries(recorded.responses)) table.set(key.replace(/ \(Accept: [^)]*\)$/, ''), body);
  const dataset = `${origin}/datasets/${SPAM_ID}`;
  const changeOf = (index: number): string => `${dataset}/changes/0193a1b4-000${index}-7000-8000-00000000000${index}`;
  const spam = {
    type: 'Dataset',
    id: dataset,
    url: `${origin}/datasets/example-spam`,
    name: 'Example spam',
    summary: 'Synthetic spam servers',
    endpoints: { changes: `${dataset}/changes`, snapshot: `${dataset}/snapshot` },
  };
  const items = SPAM_DOMAINS.map((domain, index) => ({
    id: changeOf(index + 1),
    type: 'Recommendation',
    published: `2025-03-0${index + 1}T12:00:00Z`,
    entityKind: 'domain',
    entityKey: domain,
    labels: [`${origin}${SPAM_LABEL}`],
    recommendedPolicy: 'drop',
    recommendedFilters: [],
  }));
  const last = items.at(-1)?.id ?? '';
  const cursor = last.slice(last.lastIndexOf('/') + 1);
  table.set(`GET /datasets/${SPAM_ID}`, { '@context': CONTEXT, ...spam });
  table.set(`GET /datasets/${SPAM_ID}/snapshot`, {
    '@context': CONTEXT,
    id: `${dataset}/snapshot`,
    type: 'Collection',
    dataset,
    totalItems: items.length,
    changes: `${dataset}/changes?since=${cursor}`,
    orderedItems: [...items].reverse(),
  });
  table.set(`GET /datasets/${SPAM_ID}/changes?since=${cursor}`, { '@context': CONTEXT, type: 'OrderedCollectionPage', partOf: `${dataset}/changes`, orderedItems: [] });

  const datasets = table.get('GET /datasets') as { items: unknown[]; totalItems: number };
  if (mode === 'no-datasets') table.set('GET /datasets', { ...datasets, totalItems: 0, items: [] });
  else table.set('GET /datasets', { ...datasets, totalItems: datasets.items.length + 1, items: [...datasets.items, spam] });
  if (mode === 'not-fires') {
    const nodeinfo = table.get('GET /nodeinfo/2.1') as Record<string, unknown>;
    table.set('GET /nodeinfo/2.1', { ...nodeinfo, software: { name: 'mastodon', version: '4.6.5' }, protocols: ['activitypub'], metadata: {} });
  }
  return table;
}

/** Starts the server on a free loopback port. */
export async function startFakeFires(options: FakeFiresOptions = {}): Promise<FakeFires> {
  const requests: string[] = [];
  let table = new Map<string, unknown>();
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const key = `${request.method ?? 'GET'} ${url.pathname}${decodeURIComponent(url.search)}`;
    requests.push(key);
    const body = table.get(key);
    // FIRES data is public: any page may read it.
    const headers = { 'Access-Control-Allow-Origin': '*' };
    if (body === undefined) {
      response.writeHead(404, { ...headers, 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'Not found' }));
      return;
    }
    response.writeHead(200, { ...headers, 'Content-Type': 'application/ld+json; charset=utf-8' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  table = answers(url, options.mode ?? 'fires');
  return {
    url,
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
