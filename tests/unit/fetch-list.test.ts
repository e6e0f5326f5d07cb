/**
 * The subscription fetcher against a real HTTP server on 127.0.0.1 (Node's
 * fetch, real streaming), with the IndexedDB cache on fake-indexeddb.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createIdbListCache } from '../../utils/db/list-cache.ts';
import { checkListUrl, createFiresHttp, fetchList } from '../../utils/background/lists/fetch-list.ts';
import { FetchListError } from '../../utils/core/fetch-errors.ts';
import { discoverFires } from '../../utils/core/fires/consumer.ts';

const GARDEN = readFileSync(join(import.meta.dirname, '../fixtures/lists/gardenfence-mastodon.csv'));
const GARDEN_ROWS = GARDEN.toString('utf8').trim().split('\n').length - 1;

type Handler = (request: IncomingMessage, response: ServerResponse) => void;
const routes = new Map<string, Handler>();
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const handler = routes.get(request.url ?? '');
    if (handler === undefined) {
      response.writeHead(404).end('not found');
      return;
    }
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

let cacheName = 0;
let cache = createIdbListCache('test-0');
beforeEach(() => {
  routes.clear();
  cacheName += 1;
  cache = createIdbListCache(`test-${cacheName}`);
});

function serveList(path: string, state: { requests: Array<Record<string, string | undefined>>; fail?: number }): void {
  routes.set(path, (request, response) => {
    state.requests.push({ ifNoneMatch: request.headers['if-none-match'], ifModifiedSince: request.headers['if-modified-since'] });
    if (state.fail !== undefined) {
      response.writeHead(state.fail, { 'content-type': 'text/html' }).end('<html><body>Oops</body></html>');
      return;
    }
    if (request.headers['if-none-match'] === '"v1"') {
      response.writeHead(304).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/csv', etag: '"v1"', 'last-modified': 'Sat, 05 Jul 2026 00:00:00 GMT' }).end(GARDEN);
  });
}

describe('checkListUrl', () => {
  it.each([
    ['https://example.org/list.csv', true],
    ['http://localhost:3000/list.csv', true],
    ['http://127.0.0.1/list.csv', true],
    ['http://example.org/list.csv', false],
    ['http://localhost.evil.org/list.csv', false],
    ['ftp://example.org/list.csv', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['https://user:secret@example.org/list.csv', false],
    ['not a url', false],
  ])('%s → %s', (url, isAccepted) => {
    const result = checkListUrl(url);
    expect('url' in result).toBe(isAccepted);
    if ('error' in result) expect(result.error.message).toMatch(/^[“A-Z]/);
  });

  it('suggests the HTTPS address for plain HTTP', () => {
    const result = checkListUrl('http://example.org/a.csv');
    expect('error' in result && result.error.kind).toBe('insecure');
    expect('error' in result && result.error.message).toContain('https://example.org/a.csv');
  });
});

describe('fetchList', () => {
  it('fetches, parses and caches; then asks with If-None-Match / If-Modified-Since and reuses the copy on 304', async () => {
    const state = { requests: [] as Array<Record<string, string | undefined>> };
    serveList('/gardenfence-mastodon.csv', state);
    const url = `${base}/gardenfence-mastodon.csv`;

    const first = await fetchList(url, { cache, now: () => 1000 });
    expect(first).toMatchObject({ source: 'network', etag: '"v1"', fetchedAt: 1000 });
    expect(first.list.format).toBe('mastodon-csv');
    expect(first.list.entries).toHaveLength(GARDEN_ROWS);

    const second = await fetchList(url, { cache, now: () => 2000 });
    expect(second).toMatchObject({ source: 'not-modified', fetchedAt: 1000 });
    expect(second.list.entries).toHaveLength(GARDEN_ROWS);
    expect(state.requests[1]).toEqual({ ifNoneMatch: '"v1"', ifModifiedSince: 'Sat, 05 Jul 2026 00:00:00 GMT' });
    expect((await cache.get(url))?.checkedAt).toBe(2000);
  });

  it('keeps the last good copy when an update fails, and says why', async () => {
    const state: { requests: Array<Record<string, string | undefined>>; fail?: number } = { requests: [] };
    serveList('/list.csv', state);
    const url = `${base}/list.csv`;
    await fetchList(url, { cache });
    state.fail = 503;
    const kept = await fetchList(url, { cache });
    expect(kept.source).toBe('cache');
    expect(kept.list.entries).toHaveLength(GARDEN_ROWS);
    expect(kept.error).toMatchObject({ kind: 'http', status: 503 });
    expect(kept.error?.message).toMatch(/had a problem/);
  });

  it('treats a 200 answer holding an HTML page as an error, not an empty list', async () => {
    routes.set('/page', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><html><body>Log in</body></html>');
    });
    const error = await fetchList(`${base}/page`, { cache }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FetchListError);
    expect(error).toMatchObject({ kind: 'not-a-list' });
    expect((error as Error).message).toMatch(/web page/);
    expect(await cache.get(`${base}/page`)).toBeUndefined();
  });

  it('stops streaming past the size cap, even without a Content-Length', async () => {
    let sent = 0;
    routes.set('/huge', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      const line = 'a-very-long-domain-name-for-padding.example.social\n'.repeat(1000);
      const push = (): void => {
        while (sent < 50 * 1024 * 1024) {
          sent += line.length;
          if (!response.write(line)) {
            response.once('drain', push);
            return;
          }
        }
        response.end();
      };
      response.on('close', () => response.removeAllListeners('drain'));
      push();
    });
    const error = await fetchList(`${base}/huge`, { maxBytes: 1024 * 1024 }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'too-large' });
    expect(sent).toBeLessThan(50 * 1024 * 1024);
  });

  it('refuses early when Content-Length announces too much', async () => {
    routes.set('/big', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(30 * 1024 * 1024) });
      response.write('a.social\n');
    });
    await expect(fetchList(`${base}/big`)).rejects.toMatchObject({ kind: 'too-large' });
  });

  it('gives up after the timeout', async () => {
    routes.set('/slow', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('a.social\n');
      // Never ends.
    });
    const started = Date.now();
    await expect(fetchList(`${base}/slow`, { timeoutMs: 300 })).rejects.toMatchObject({ kind: 'timeout' });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('reports an unreachable server, and a missing list, in words', async () => {
    await expect(fetchList('http://127.0.0.1:1/list.csv')).rejects.toMatchObject({ kind: 'network' });
    const missing = await fetchList(`${base}/nothing-here.csv`).catch((caught: unknown) => caught);
    expect(missing).toMatchObject({ kind: 'http', status: 404 });
    expect((missing as Error).message).toMatch(/no list at this address/);
  });

  it('refuses an insecure address before any request', async () => {
    let called = false;
    const fakeFetch = (async () => {
      called = true;
      return new Response('x');
    }) as typeof fetch;
    await expect(fetchList('http://example.org/list.csv', { fetch: fakeFetch })).rejects.toMatchObject({ kind: 'insecure' });
    expect(called).toBe(false);
  });

  it('refuses a redirect to plain HTTP', async () => {
    const fakeFetch = (async () => {
      const response = new Response('a.social\n', { status: 200 });
      Object.defineProperty(response, 'url', { value: 'http://example.org/list.csv' });
      return response;
    }) as typeof fetch;
    await expect(fetchList('https://example.org/list.csv', { fetch: fakeFetch })).rejects.toMatchObject({ kind: 'insecure' });
  });

  it('stops when the caller aborts, without falling back', async () => {
    routes.set('/slow2', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('a.social\n');
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await expect(fetchList(`${base}/slow2`, { signal: controller.signal, timeoutMs: 10_000 })).rejects.toMatchObject({ kind: 'aborted' });
  });
});

describe('createFiresHttp', () => {
  it('serves the FIRES consumer over real HTTP', async () => {
    routes.set('/.well-known/nodeinfo', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ links: [{ rel: 'http://nodeinfo.diaspora.software/ns/schema/2.1', href: `${base}/nodeinfo/2.1` }] }));
    });
    routes.set('/nodeinfo/2.1', (request, response) => {
      expect(request.headers.accept).toContain('application/ld+json');
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ protocols: ['fires'], metadata: { fires: { datasets: `${base}/datasets` } } }));
    });
    const server = await discoverFires(createFiresHttp(base), base);
    expect(server.datasetsUrl).toBe(`${base}/datasets`);
  });

  it('turns an HTML answer and an error status into clear errors', async () => {
    routes.set('/html', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<html></html>');
    });
    await expect(createFiresHttp(base).getJson(`${base}/html`)).rejects.toMatchObject({ kind: 'not-a-list' });
    await expect(createFiresHttp(base).getJson(`${base}/missing`)).rejects.toMatchObject({ kind: 'http', status: 404 });
    await expect(createFiresHttp('http://fires.example.org').getJson('http://fires.example.org/datasets')).rejects.toMatchObject({ kind: 'insecure' });
  });
});

describe('plain HTTP to the local computer is decided by the build', () => {
  afterEach(() => {
    // Back to the end-to-end build's rule, as tests/setup/local-servers.ts sets it.
    vi.stubEnv('HEDGE_LOCAL_HTTP', 'allowed');
  });

  it.each([
    ['refused', 'http://127.0.0.1:3000/list.csv', false],
    ['refused', 'http://localhost/list.csv', false],
    ['refused', 'https://127.0.0.1/list.csv', true],
    ['allowed', 'http://127.0.0.1:3000/list.csv', true],
    ['allowed', 'http://localhost/list.csv', true],
  ] as const)('store build %s: %s → %s', (rule, url, isAccepted) => {
    vi.stubEnv('HEDGE_LOCAL_HTTP', rule);
    const result = checkListUrl(url);
    expect('url' in result).toBe(isAccepted);
    if ('error' in result) expect(result.error.kind).toBe('insecure');
  });

  it('the store build fetches nothing from http://127.0.0.1', async () => {
    vi.stubEnv('HEDGE_LOCAL_HTTP', 'refused');
    let requests = 0;
    routes.set('/list.csv', (_request, response) => {
      requests += 1;
      response.writeHead(200, { 'content-type': 'text/plain' }).end('a.social\n');
    });
    await expect(fetchList(`${base}/list.csv`)).rejects.toMatchObject({ kind: 'insecure' });
    await expect(createFiresHttp(base).getJson(`${base}/list.csv`)).rejects.toMatchObject({ kind: 'insecure' });
    expect(requests).toBe(0);
  });
});

describe('redirects stay within the origins the user granted', () => {
  /** A second server on another origin (localhost, not 127.0.0.1), counting what it is asked. */
  let other: Server;
  let otherBase: string;
  let otherRequests: string[];

  beforeAll(async () => {
    other = createServer((request, response) => {
      otherRequests.push(request.url ?? '');
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ protocols: ['fires'] }));
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    otherBase = `http://localhost:${(other.address() as AddressInfo).port}`;
  });
  beforeEach(() => {
    otherRequests = [];
  });
  afterAll(async () => {
    other.closeAllConnections();
    await new Promise<void>((resolve) => other.close(() => resolve()));
  });

  function redirect(from: string, to: () => string): void {
    routes.set(from, (_request, response) => void response.writeHead(302, { location: to() }).end());
  }

  it('follows a redirect on the list’s own origin', async () => {
    redirect('/moved.csv', () => '/garden.csv');
    routes.set('/garden.csv', (_request, response) => void response.writeHead(200, { 'content-type': 'text/csv' }).end(GARDEN));
    const fetched = await fetchList(`${base}/moved.csv`, { hasHostPermission: async () => false });
    expect(fetched.list.entries.length).toBe(GARDEN_ROWS);
  });

  it('refuses a redirect to another origin without its permission, naming both, and never asks it', async () => {
    redirect('/away.csv', () => `${otherBase}/list.csv`);
    const failure = fetchList(`${base}/away.csv`, { hasHostPermission: async () => false });
    await expect(failure).rejects.toMatchObject({ kind: 'insecure', detail: 'redirect-other-origin' });
    await expect(failure).rejects.toThrow(new RegExp(`${base}.*${otherBase}`));
    expect(otherRequests).toEqual([]);
  });

  it('follows a redirect to another origin whose permission is held', async () => {
    redirect('/granted.csv', () => `${otherBase}/list.csv`);
    const asked: string[] = [];
    const hasHostPermission = async (url: string): Promise<boolean> => {
      asked.push(url);
      return true;
    };
    // The other server answers JSON that is not a list: reaching it is what counts here.
    await expect(fetchList(`${base}/granted.csv`, { hasHostPermission })).rejects.toMatchObject({ kind: 'not-a-list' });
    expect(asked).toEqual([`${otherBase}/list.csv`]);
    expect(otherRequests).toEqual(['/list.csv']);
  });

  it('refuses a redirect whose address the browser hides (an opaque redirect)', async () => {
    const fakeFetch = (async (_url: string, init?: RequestInit) => {
      expect(init?.redirect).toBe('manual');
      const response = new Response(null, { status: 200 });
      Object.defineProperty(response, 'type', { value: 'opaqueredirect' });
      return response;
    }) as typeof fetch;
    await expect(fetchList('https://lists.example.org/a.csv', { fetch: fakeFetch })).rejects.toMatchObject({ detail: 'redirect-hidden' });
  });

  it('stops a redirect loop', async () => {
    redirect('/loop.csv', () => '/loop.csv');
    await expect(fetchList(`${base}/loop.csv`)).rejects.toMatchObject({ detail: 'too-many-redirects' });
  });

  it('FIRES: a redirect to another origin is refused, whatever is granted', async () => {
    redirect('/.well-known/nodeinfo', () => `${otherBase}/.well-known/nodeinfo`);
    await expect(discoverFires(createFiresHttp(base), base)).rejects.toMatchObject({ detail: 'redirect-other-origin' });
    expect(otherRequests).toEqual([]);
  });

  it.each([
    ['the nodeinfo link', () => ({ links: [{ rel: 'http://nodeinfo.diaspora.software/ns/schema/2.1', href: `${otherBase}/nodeinfo/2.1` }] })],
  ])('FIRES: %s to another origin is refused in words', async (_what, answer) => {
    routes.set('/.well-known/nodeinfo', (_request, response) => void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer())));
    const failure = discoverFires(createFiresHttp(base), base);
    await expect(failure).rejects.toMatchObject({ detail: 'fires-other-origin' });
    await expect(failure).rejects.toThrow(/another server/);
    expect(otherRequests).toEqual([]);
  });

  it('FIRES: datasets, labels, snapshot and changes links to another origin are refused', async () => {
    const http = createFiresHttp(base);
    for (const path of ['/datasets', '/labels', '/snapshot', '/changes', '/changes?since=x']) {
      await expect(http.getJson(`${otherBase}${path}`)).rejects.toMatchObject({ detail: 'fires-other-origin' });
    }
    expect(otherRequests).toEqual([]);
  });
});
