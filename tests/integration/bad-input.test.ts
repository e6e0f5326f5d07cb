/**
 * Bad input, from a user's day: every case ends with a message in words (no stack trace, no
 * "undefined"), no crash, and nothing applied — no write reached the local Mastodon and the
 * extension's storage is as it was.
 *
 * The cases go through the real entry points: `parseList` for list bodies, `fetchList` for lists
 * on the web (served by a small local server that answers as misbehaving hosts do), and the
 * background's `handleIntent` for subscribing and signing in, with WXT's fake browser,
 * fake-indexeddb and the local fake Mastodon. Large inputs are generated here, not committed.
 */
import 'fake-indexeddb/auto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { getAccountsState } from '../../utils/db/accounts';
import { handleIntent, type HandlerContext } from '../../utils/background/handlers';
import { accountRunEnvironment } from '../../utils/background/run-environment';
import { configureRuns } from '../../utils/background/runs/environment';
import { combineSources } from '../../utils/core/desired-state';
import { adminRowsFromDesired, buildAdminBlocksCsv } from '../../utils/core/export';
import { parseList, ListParseError, type ListParseErrorCode, type ParsedList, type SkipReason } from '../../utils/core/lists/index';
import type { CachedList, ListCacheStore } from '../../utils/db/list-cache';
import { FetchListError, type FetchListErrorKind } from '../../utils/core/fetch-errors';
import { fetchList } from '../../utils/background/lists/fetch-list';
import type { AccountView, HedgeErrorKind, Intent, PlanPreview, Reply, SubscriptionSource } from '../../utils/protocol';
import { startFakeMastodon, type FakeMastodon } from '../fake-mastodon/index';
import { installFakeScripting, testEnvironment } from './oauth-helpers';

// ---------------------------------------------------------------------------
// What "a clear message" means

/** A sentence for a person: long enough to say something, and none of a program's leftovers. */
function expectClearMessage(message: string, context: string): void {
  expect(message.length, `${context}: "${message}"`).toBeGreaterThanOrEqual(20);
  expect(message, context).not.toMatch(/\bundefined\b|\bnull\b|\bNaN\b|\[object |^\w*Error:|TypeError|RangeError|SyntaxError|\n\s+at /);
  expect(message.length, `${context}: a sentence, not a dump`).toBeLessThan(600);
}

// ---------------------------------------------------------------------------
// Inputs

const encoder = new TextEncoder();
const bytes = (text: string): Uint8Array => encoder.encode(text);
const concat = (...parts: Array<Uint8Array | number[]>): Uint8Array => {
  const all = parts.flatMap((part) => [...part]);
  return new Uint8Array(all);
};

function utf16(text: string, endian: 'le' | 'be', withBom: boolean): Uint8Array {
  const body = Buffer.from(text, 'utf16le');
  if (endian === 'be') body.swap16();
  const bom = endian === 'le' ? [0xff, 0xfe] : [0xfe, 0xff];
  return concat(withBom ? bom : [], body);
}

function utf32le(text: string, withBom: boolean): Uint8Array {
  const out: number[] = withBom ? [0xff, 0xfe, 0, 0] : [];
  for (const char of text) out.push(char.codePointAt(0) ?? 0, 0, 0, 0);
  return new Uint8Array(out);
}

const LOGIN_PAGE = `

<!DOCTYPE html>
<html lang="en"><head><title>Sign in · GitHub</title></head>
<body><form action="/session" method="post"><input name="login"><input type="password" name="password"></form></body></html>`;

const HTML_PAGE = '<!doctype html><html><head><title>blocklist.csv at main</title></head><body><table><tr><td>threads.net</td></tr></table></body></html>';

/** `count` made-up domains under a real TLD. */
const generated = (count: number): string => Array.from({ length: count }, (_, i) => `spam-${i}.hedge-test.social`).join('\n');

/** RapidBlock's tags are the one place a list names its labels freely. */
const RAPIDBLOCK_WITH_MARKUP = JSON.stringify({
  '@spec': 'https://rapidblock.org/spec/v1/',
  publishedAt: '2023-01-01T00:00:00Z',
  blocks: {
    'threads.net': {
      isBlocked: true,
      reason: '<script>window.__pwned=1</script>',
      tags: ['<img src=x onerror="window.__pwned=1">', 'bots'],
      dateRequested: '2023-01-01T00:00:00Z',
      dateDecided: '2023-01-01T00:00:00Z',
    },
  },
});

const ADMIN_HEADER = '#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate';

// ---------------------------------------------------------------------------
// 1. List bodies through parseList

type ParseExpectation =
  | { refused: ListParseErrorCode; says: RegExp }
  | { domains: string[]; skipped?: Partial<Record<SkipReason, number>>; says?: RegExp; comment?: string };

const PARSE_CASES: Array<[string, () => string | Uint8Array, ParseExpectation, { fileName?: string; contentType?: string }?]> = [
  ['an HTML page where a list should be', () => HTML_PAGE, { refused: 'html', says: /web page, not a list/ }],
  ['a login page (after blank lines)', () => LOGIN_PAGE, { refused: 'html', says: /web page/ }],
  ['a PNG image', () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]), { refused: 'binary', says: /not a text file/ }],
  ['gzip bytes of a list', () => new Uint8Array(gzipSync(Buffer.from('threads.net\n'.repeat(50)))), { refused: 'binary', says: /not a text file/ }],
  ['random binary bytes', () => new Uint8Array(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)), { refused: 'binary', says: /not a text file|not UTF-8/ }],
  ['a PDF', () => bytes('%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n'), { refused: 'not-a-list', says: /None of the \d+ rows is a domain/ }],
  ['a 30 MB file', () => `threads.net,${'x'.repeat(30 * 1024 * 1024)}`, { refused: 'too-large', says: /larger than 20 MB/ }],
  ['300,000 rows', () => generated(300_000), { refused: 'too-many-rows', says: /more than 200,000 rows/ }],
  ['one 5 MB line that is no domain', () => 'x'.repeat(5 * 1024 * 1024), { refused: 'not-a-list', says: /None of the 1 rows is a domain/ }],
  ['one 5 MB comment beside a domain', () => `#domain,#severity,#public_comment\nthreads.net,suspend,${'y'.repeat(5 * 1024 * 1024)}\n`, { domains: ['threads.net'] }],
  ['JSON of another shape', () => JSON.stringify({ name: 'my blocklist', version: 2, items: [{ host: 'threads.net' }] }), { refused: 'wrong-json-shape', says: /not a list Hedge knows/ }],
  ['a JSON array of numbers', () => JSON.stringify([1, 2, 3]), { refused: 'wrong-json-shape', says: /not of domain blocks/ }],
  ['JSON cut off in the middle', () => '[{"domain":"threads.net","severity":"susp', { refused: 'invalid-json', says: /not valid JSON/ }],
  ['a JSON bomb nested ten million deep', () => '['.repeat(10_000_000) + ']'.repeat(10_000_000), { refused: 'wrong-json-shape', says: /nested more than \d+ levels/ }],
  ['a JSON bomb hidden in one comment', () => `[{"domain":"threads.net","comment":${'{"a":'.repeat(500_000)}1${'}'.repeat(500_000)}}]`, { refused: 'wrong-json-shape', says: /nested more than/ }],
  ['a huge JSON array of blocks', () => `[${Array.from({ length: 250_000 }, (_, i) => `{"domain":"d${i}.hedge-test.social"}`).join(',')}]`, { refused: 'too-many-rows', says: /more than 200,000 rows/ }],
  ['Latin-1 text', () => concat(bytes('# Liste de blocage, mise à jour '.replace('à', '')), [0xe9, 0x74, 0xe9], bytes('\nthreads.net\n')), { refused: 'binary', says: /not UTF-8 text.*Save it as UTF-8/ }],
  ['UTF-8 with a byte-order mark', () => concat([0xef, 0xbb, 0xbf], bytes('threads.net\nthreads.com\n')), { domains: ['threads.net', 'threads.com'] }],
  ['UTF-16 LE with a byte-order mark', () => utf16('#domain,#severity\nthreads.net,suspend\nbsky.brid.gy,silence\n', 'le', true), { domains: ['threads.net', 'bsky.brid.gy'] }],
  ['UTF-16 BE with a byte-order mark', () => utf16('threads.net\nthreads.com\n', 'be', true), { domains: ['threads.net', 'threads.com'] }],
  ['UTF-16 LE without a byte-order mark', () => utf16('threads.net\nthreads.com\n', 'le', false), { domains: ['threads.net', 'threads.com'] }],
  ['UTF-32 LE with a byte-order mark', () => utf32le('threads.net\n', true), { refused: 'binary', says: /UTF-32/ }],
  ['a byte-order mark as text (string input)', () => '\ufeffthreads.net\n', { domains: ['threads.net'] }],
  ['an empty file', () => '', { refused: 'not-a-list', says: /empty/ }],
  ['only blank lines and spaces', () => '\n  \n\t\n\r\n', { refused: 'not-a-list', says: /empty/ }],
  ['only comments', () => '# my list\n# nothing here yet\n', { domains: [] }],
  ['only canary rows', () => '000delete.this.line.if.you.have.read.the.documentation.on.mastodon.social\nexample.com\n', { domains: [], skipped: { canary: 2 } }],
  ['only obfuscated rows', () => 'ap.***.st\nb*d.social\n', { domains: [], skipped: { obfuscated: 2 }, says: /hidden with \*/ }],
  ['a domain with a port', () => 'evil.social:8443\nthreads.net\n', { domains: ['threads.net'], skipped: { 'invalid-domain': 1 }, says: /port or a path/ }],
  ['an IP address', () => '203.0.113.9\nthreads.net\n', { domains: ['threads.net'], skipped: { 'invalid-domain': 1 }, says: /IP address/ }],
  ['an IPv6 address', () => 'threads.net\n[2001:db8::1]\n', { domains: ['threads.net'], skipped: { 'invalid-domain': 1 } }],
  ['a URL with a path (kept) and a bare path (refused)', () => 'https://threads.net/@zuck\nevil.social/about\n', { domains: ['threads.net'], skipped: { 'invalid-domain': 1 }, says: /port or a path/ }],
  ['a 254-character domain', () => `${`${'a'.repeat(62)}.`.repeat(4)}ab.social\nthreads.net\n`, { domains: ['threads.net'], skipped: { 'invalid-domain': 1 }, says: /long/ }],
  ['a single-label TLD', () => 'cf\nthreads.net\n', { domains: ['threads.net'], skipped: { 'invalid-domain': 1 }, says: /single name/ }],
  ['mixed line endings', () => 'threads.net\r\nthreads.com\rbsky.brid.gy\nevil.social', { domains: ['threads.net', 'threads.com', 'bsky.brid.gy', 'evil.social'] }],
  ['a NUL byte in the middle', () => 'threads.net\n\u0000\nthreads.com\n', { refused: 'binary', says: /not a text file/ }],
  ['a CSV with 10,000 columns', () => `domain,severity,${Array.from({ length: 9998 }, (_, i) => `c${i}`).join(',')}\nthreads.net,suspend,${'z,'.repeat(9997)}z\n`, { domains: ['threads.net'] }],
  ['a quoted field never closed', () => `${ADMIN_HEADER}\nthreads.net,suspend,false,false,"never closed,false\nthreads.com,suspend,false,false,ok,false\n`, { domains: ['threads.net', 'threads.com'] }],
  ['CSV injection in a comment (kept as text)', () => `${ADMIN_HEADER}\nthreads.net,suspend,false,false,"=cmd|' /C calc'!A0",false\n`, { domains: ['threads.net'], comment: "=cmd|' /C calc'!A0" }],
  ['<script> in a comment (kept as text)', () => `${ADMIN_HEADER}\nthreads.net,suspend,false,false,<script>window.__pwned=1</script>,false\n`, { domains: ['threads.net'], comment: '<script>window.__pwned=1</script>' }],
  ['<img onerror> in a comment', () => 'domain,severity,comment\nthreads.net,suspend,"<img src=x onerror=alert(1)>, bots"\n', { domains: ['threads.net'], comment: '<img src=x onerror=alert(1)>, bots' }],
  ['a right-to-left IDN domain', () => 'مثال.إختبار.شبكة\nthreads.net\n', { domains: ['xn--mgbh0fb.xn--kgbechtv.xn--ngbc5azd', 'threads.net'] }],
  ['a homograph IDN (Cyrillic а)', () => 'аpple.social\n', { domains: ['xn--pple-43d.social'] }],
  ['a bidi override inside a domain', () => 'threads\u202e.net\nthreads.com\n', { domains: ['threads.com'], skipped: { 'invalid-domain': 1 }, says: /characters a domain name cannot have/ }],
  ['an unknown severity', () => `${ADMIN_HEADER}\nthreads.net,obliterate,false,false,,false\nthreads.com,suspend,false,false,,false\n`, { domains: ['threads.com'], skipped: { malformed: 1 } }],
  ['the same domain twice', () => 'threads.net\nTHREADS.NET.\n', { domains: ['threads.net'], skipped: { duplicate: 1 } }],
];

describe('list bodies: parseList', () => {
  it.each(PARSE_CASES)('%s', (name, makeInput, expected, hint) => {
    let list: ParsedList | undefined;
    let refusal: unknown;
    try {
      list = parseList(makeInput(), hint);
    } catch (error) {
      refusal = error;
    }
    if ('refused' in expected) {
      expect(refusal, name).toBeInstanceOf(ListParseError);
      const error = refusal as ListParseError;
      expect(error.code, error.message).toBe(expected.refused);
      expect(error.message).toMatch(expected.says);
      expectClearMessage(error.message, name);
      return;
    }
    expect(refusal, String(refusal)).toBeUndefined();
    if (!list) throw new Error('no list');
    expect(list.entries.map((entry) => entry.domain)).toEqual(expected.domains);
    for (const [reason, count] of Object.entries(expected.skipped ?? {})) {
      expect(list.skipped.filter((row) => row.reason === reason).length, reason).toBe(count);
    }
    for (const row of list.skipped) expectClearMessage(row.message, `${name}, skipped line ${row.line}`);
    if (expected.says) expect(list.skipped.map((row) => row.message).join('\n')).toMatch(expected.says);
    if (expected.comment !== undefined) expect(list.entries[0]?.comment).toBe(expected.comment);
  });

  it('keeps script and image markup in labels and comments as plain text, never interpreted', () => {
    const list = parseList(RAPIDBLOCK_WITH_MARKUP);
    const entry = list.entries[0];
    expect(entry?.labels).toEqual(['<img src=x onerror="window.__pwned=1">', 'bots']);
    expect(entry?.comment).toBe('<script>window.__pwned=1</script>');
  });

  it('exports neutralise CSV injection from a list’s comments', () => {
    const list = parseList(`${ADMIN_HEADER}\nthreads.net,suspend,false,false,"=cmd|' /C calc'!A0",false\nthreads.com,suspend,false,false,"@SUM(1+1)*cmd|' /C calc'!A0",false\nbsky.brid.gy,suspend,false,false,"+1+cmd",false\n`);
    const desired = combineSources({
      presets: [],
      subscriptions: [{ ref: { kind: 'subscription', id: 'evil', name: 'Evil list' }, entries: list.entries, silenceAs: 'block', inConsensus: true }],
      manual: { alwaysBlock: [], neverBlock: [] },
      consensus: null,
      ownInstance: 'social.example',
    });
    const csv = buildAdminBlocksCsv(adminRowsFromDesired(desired)).text;
    const comments = csv.trim().split('\n').slice(1).map((line) => line.split(',').slice(4, -1).join(','));
    expect(comments).toHaveLength(3);
    for (const comment of comments) expect(comment.replace(/^"/, '')).toMatch(/^'/);
    expect(csv).toContain("'=cmd|' /C calc'!A0");
  });
});

// ---------------------------------------------------------------------------
// A small web host that misbehaves the way real ones do

interface Route {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Streams this many bytes of filler without a Content-Length. */
  streamBytes?: number;
  /** Answers with JSON computed from the request (FIRES servers). */
  json?: (url: URL) => unknown;
}

let host: Server;
let hostUrl = '';
const routes = new Map<string, Route>();
const hits: string[] = [];

function serve(request: IncomingMessage, response: ServerResponse): void {
  const url = new URL(request.url ?? '/', hostUrl);
  hits.push(`${request.method} ${url.pathname}${url.search}`);
  const route = routes.get(url.pathname);
  if (!route) {
    response.writeHead(404, { 'Content-Type': 'text/html' }).end('<h1>Not Found</h1>');
    return;
  }
  if (route.json) {
    response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(route.json(url)));
    return;
  }
  if (route.streamBytes !== undefined) {
    response.writeHead(route.status ?? 200, { 'Content-Type': 'text/plain', ...route.headers });
    const chunk = Buffer.from(`${'spam.hedge-test.social\n'.repeat(2800)}`);
    let sent = 0;
    const pump = (): void => {
      while (sent < (route.streamBytes ?? 0)) {
        sent += chunk.length;
        if (!response.write(chunk)) {
          response.once('drain', pump);
          return;
        }
      }
      response.end();
    };
    response.on('error', () => undefined);
    pump();
    return;
  }
  response.writeHead(route.status ?? 200, route.headers ?? { 'Content-Type': 'text/plain' }).end(route.body ?? '');
}

beforeAll(async () => {
  host = createServer(serve);
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;

  routes.set('/blocklist.html', { headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: HTML_PAGE });
  routes.set('/login', { headers: { 'Content-Type': 'text/html' }, body: LOGIN_PAGE });
  routes.set('/private/blocklist.csv', { status: 302, headers: { Location: '/login' } });
  routes.set('/list.csv.gz', { headers: { 'Content-Type': 'application/gzip' }, body: new Uint8Array(gzipSync(Buffer.from('threads.net\n'))) });
  routes.set('/huge.txt', { streamBytes: 30 * 1024 * 1024 });
  routes.set('/declared-huge.txt', { headers: { 'Content-Type': 'text/plain', 'Content-Length': String(30 * 1024 * 1024) }, body: 'threads.net\n' });
  routes.set('/rows.txt', { body: generated(300_000) });
  routes.set('/other.json', { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ok: true, data: [] }) });
  routes.set('/bomb.json', { headers: { 'Content-Type': 'application/json' }, body: '['.repeat(2_000_000) + ']'.repeat(2_000_000) });
  routes.set('/latin1.txt', { body: concat(bytes('# '), [0xe9, 0xe8], bytes('\nthreads.net\n')) });
  routes.set('/utf16.txt', { body: utf16('threads.net\nthreads.com\n', 'le', true) });
  routes.set('/utf32.txt', { body: utf32le('threads.net\n', true) });
  routes.set('/empty.txt', { body: '' });
  routes.set('/comments.txt', { body: '# nothing yet\n' });
  routes.set('/canaries.txt', { body: '000this.is.generated.by.oliphant.social\nexample.org\n' });
  routes.set('/obfuscated.txt', { body: 'ap.***.st\nkiwi*.social\n' });
  routes.set('/server-error.csv', { status: 500, body: 'oops' });
  routes.set('/gone.csv', { status: 410, body: '' });

  // A FIRES server: nodeinfo, one dataset each whose changes misbehave.
  routes.set('/.well-known/nodeinfo', { json: () => ({ links: [{ rel: 'http://nodeinfo.diaspora.software/ns/schema/2.1', href: `${hostUrl}/nodeinfo/2.1` }] }) });
  routes.set('/nodeinfo/2.1', { json: () => ({ version: '2.1', protocols: ['fires'], metadata: { fires: { datasets: `${hostUrl}/datasets`, labels: `${hostUrl}/labels` } } }) });
  routes.set('/labels', { json: () => ({ type: 'Collection', items: [] }) });
  const dataset = (name: string) => ({
    id: `${hostUrl}/datasets/${name}`,
    type: 'Dataset',
    name,
    endpoints: { changes: `${hostUrl}/datasets/${name}/changes`, snapshot: `${hostUrl}/datasets/${name}/snapshot` },
  });
  routes.set('/datasets', { json: () => ({ type: 'Collection', items: [dataset('looping'), dataset('endless')] }) });
  const change = (id: string, domain: string) => ({
    id: `${hostUrl}/changes/${id}`,
    type: 'Recommendation',
    entityKind: 'domain',
    entityKey: domain,
    recommendedPolicy: 'drop',
    published: '2025-01-01T00:00:00Z',
  });
  for (const name of ['looping', 'endless']) {
    routes.set(`/datasets/${name}/snapshot`, { json: () => ({ type: 'OrderedCollection', orderedItems: [change(`${name}-0`, 'threads.net')] }) });
  }
  // `next` always leads back to the same page.
  routes.set('/datasets/looping/changes', { json: () => ({ type: 'OrderedCollectionPage', orderedItems: [change('loop-1', 'evil.social')] }) });
  // Every page is new and full: it never ends.
  routes.set('/datasets/endless/changes', {
    json: (url) => {
      const since = url.searchParams.get('since') ?? 'endless-0';
      const n = Number(since.split('-').pop()) + 1;
      return { type: 'OrderedCollectionPage', orderedItems: [change(`endless-${n}`, `spam-${n}.hedge-test.social`)] };
    },
  });
});

afterAll(async () => {
  await new Promise<void>((resolve) => host.close(() => resolve()));
});

// ---------------------------------------------------------------------------
// 2. Lists on the web through fetchList

const FETCH_CASES: Array<[string, string, FetchListErrorKind, RegExp]> = [
  ['an HTML page served as the list', '/blocklist.html', 'not-a-list', /web page/],
  ['a private list that redirects to a login page', '/private/blocklist.csv', 'not-a-list', /web page/],
  ['a gzip file', '/list.csv.gz', 'not-a-list', /not a text file/],
  ['30 MB streamed without a length', '/huge.txt', 'too-large', /larger than 20 MB.*stopped/],
  ['30 MB announced by Content-Length', '/declared-huge.txt', 'too-large', /larger than 20 MB/],
  ['300,000 rows', '/rows.txt', 'not-a-list', /more than 200,000 rows/],
  ['JSON of another shape', '/other.json', 'not-a-list', /not a list Hedge knows/],
  ['a JSON bomb', '/bomb.json', 'not-a-list', /nested more than/],
  ['an HTTP 500', '/server-error.csv', 'http', /had a problem \(HTTP 500\)/],
  ['an HTTP 410', '/gone.csv', 'http', /no list at this address/],
  ['an address with nothing there', '/nothing-here.csv', 'http', /HTTP 404/],
];

describe('lists on the web: fetchList', () => {
  it.each(FETCH_CASES)('%s', async (name, path, kind, says) => {
    const failure = await fetchList(`${hostUrl}${path}`).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure, name).toBeInstanceOf(FetchListError);
    expect((failure as FetchListError).kind, (failure as FetchListError).message).toBe(kind);
    expect((failure as FetchListError).message).toMatch(says);
    expectClearMessage((failure as FetchListError).message, name);
  });

  it('a UTF-16 list is read, and the copy kept is the text the parser read', async () => {
    const kept = new Map<string, CachedList>();
    const cache: ListCacheStore = { get: async (url) => kept.get(url), put: async (entry) => void kept.set(entry.url, entry), delete: async (url) => void kept.delete(url) };
    const fetched = await fetchList(`${hostUrl}/utf16.txt`, { cache });
    expect(fetched.list.entries.map((entry) => entry.domain)).toEqual(['threads.net', 'threads.com']);
    expect(kept.get(`${hostUrl}/utf16.txt`)?.text).toBe('threads.net\nthreads.com\n');
    // Read again from the copy, as every plan does, it gives the same list.
    expect(parseList(kept.get(`${hostUrl}/utf16.txt`)?.text ?? '').entries.map((entry) => entry.domain)).toEqual(['threads.net', 'threads.com']);
  });

  it('a host that never answers runs into the timeout', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/list.txt`;
      const failure = (await fetchList(url, { timeoutMs: 300 }).catch((error: unknown) => error)) as FetchListError;
      expect(failure.kind).toBe('timeout');
      expectClearMessage(failure.message, 'timeout');
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

// ---------------------------------------------------------------------------
// 3. Subscribing and signing in through the background

let mastodon: FakeMastodon | undefined;

beforeEach(() => {
  fakeBrowser.reset();
  installFakeScripting();
  hits.length = 0;
  configureRuns(accountRunEnvironment());
});

afterEach(async () => {
  await mastodon?.close();
  mastodon = undefined;
});

function backgroundFor(env = testEnvironment()) {
  return async <T>(intent: Intent): Promise<Reply<T>> => {
    const context: HandlerContext = { env, sender: { isContentScript: false }, onStateChanged: async () => undefined };
    return JSON.parse(JSON.stringify(await handleIntent(intent, context))) as Reply<T>;
  };
}

/** Writes to the Mastodon API: none may happen for bad input. */
function writesTo(server: FakeMastodon): string[] {
  return server.state.requests.filter((request) => request.method !== 'GET' && request.path.startsWith('/api/v1/domain_blocks')).map((r) => `${r.method} ${r.path}`);
}

const SUBSCRIPTION_CASES: Array<[string, () => SubscriptionSource, HedgeErrorKind, RegExp]> = [
  ['a web page instead of a list', () => ({ kind: 'url', url: `${hostUrl}/blocklist.html` }), 'list-error', /web page/],
  ['a list behind a login page', () => ({ kind: 'url', url: `${hostUrl}/private/blocklist.csv` }), 'list-error', /web page/],
  ['a gzip file by address', () => ({ kind: 'url', url: `${hostUrl}/list.csv.gz` }), 'list-error', /not a text file/],
  ['30 MB by address', () => ({ kind: 'url', url: `${hostUrl}/huge.txt` }), 'list-error', /larger than 20 MB/],
  ['300,000 rows by address', () => ({ kind: 'url', url: `${hostUrl}/rows.txt` }), 'list-error', /200,000 rows/],
  ['JSON of another shape by address', () => ({ kind: 'url', url: `${hostUrl}/other.json` }), 'list-error', /not a list Hedge knows/],
  ['a JSON bomb by address', () => ({ kind: 'url', url: `${hostUrl}/bomb.json` }), 'list-error', /nested more than/],
  ['a Latin-1 list by address', () => ({ kind: 'url', url: `${hostUrl}/latin1.txt` }), 'list-error', /not UTF-8/],
  ['a UTF-32 list by address', () => ({ kind: 'url', url: `${hostUrl}/utf32.txt` }), 'list-error', /UTF-32/],
  ['an empty file by address', () => ({ kind: 'url', url: `${hostUrl}/empty.txt` }), 'list-error', /empty|no domain/],
  ['a list of only comments', () => ({ kind: 'url', url: `${hostUrl}/comments.txt` }), 'list-error', /no domain/],
  ['a list of only canaries', () => ({ kind: 'url', url: `${hostUrl}/canaries.txt` }), 'list-error', /no domain.*canary/],
  ['a list of only obfuscated rows', () => ({ kind: 'url', url: `${hostUrl}/obfuscated.txt` }), 'list-error', /no domain.*obfuscated/],
  ['a server error', () => ({ kind: 'url', url: `${hostUrl}/server-error.csv` }), 'list-error', /HTTP 500/],
  ['an address that is not a URL', () => ({ kind: 'url', url: 'my favourite blocklist' }), 'invalid-input', /not a web address/],
  ['an ftp address', () => ({ kind: 'url', url: 'ftp://lists.example.social/blocklist.csv' }), 'invalid-input', /not “ftp:”/],
  ['plain http to another host', () => ({ kind: 'url', url: 'http://lists.example.social/blocklist.csv' }), 'invalid-input', /only fetches lists over HTTPS/],
  ['an address with a password', () => ({ kind: 'url', url: 'https://user:hunter2@lists.example.social/list.csv' }), 'invalid-input', /user name or password/],
  ['an empty address', () => ({ kind: 'url', url: '   ' }), 'invalid-input', /Paste the address/],
  ['a file that is a web page', () => ({ kind: 'file', fileName: 'blocklist.csv', text: LOGIN_PAGE }), 'list-error', /blocklist\.csv: This is a web page/],
  ['an empty file', () => ({ kind: 'file', fileName: 'empty.csv', text: '' }), 'list-error', /empty/],
  ['a file with a NUL byte', () => ({ kind: 'file', fileName: 'broken.txt', text: 'threads.net\n\u0000\n' }), 'list-error', /not a text file/],
  ['a file whose text is missing', () => ({ kind: 'file', fileName: 'x.csv' }) as unknown as SubscriptionSource, 'invalid-input', /could not read the file/],
  ['a source of no known kind', () => ({ kind: 'carrier-pigeon' }) as unknown as SubscriptionSource, 'invalid-input', /address, a file, or a FIRES server/],
  ['a FIRES server whose next page loops', () => ({ kind: 'fires', serverUrl: hostUrl, datasetId: 'looping' }), 'list-error', /same changes again/],
  ['a FIRES server whose pages never end', () => ({ kind: 'fires', serverUrl: hostUrl, datasetId: 'endless' }), 'list-error', /kept sending pages/],
  ['a FIRES dataset that does not exist', () => ({ kind: 'fires', serverUrl: hostUrl, datasetId: 'nope' }), 'not-found', /has no dataset “nope”/],
  ['a FIRES address that is a Mastodon server', () => ({ kind: 'fires', serverUrl: mastodon?.url ?? '', datasetId: 'x' }), 'list-error', /not a FIRES server/],
];

describe('subscribing through the background', () => {
  it.each(SUBSCRIPTION_CASES)('%s: refused in words, nothing stored, nothing applied', async (name, source, kind, says) => {
    mastodon = await startFakeMastodon({ version: '4.3', autoApprove: true });
    const send = backgroundFor();
    const signIn = await send<AccountView>({ type: 'hedge/sign-in', instance: mastodon.url });
    expect(signIn.ok).toBe(true);
    const before = await fakeBrowser.storage.local.get(null);

    const reply = await send({ type: 'hedge/subscription-add', source: source() });
    expect(reply.ok, name).toBe(false);
    if (reply.ok) return;
    expect(reply.error.kind, reply.error.message).toBe(kind);
    expect(reply.error.message).toMatch(says);
    expectClearMessage(reply.error.message, name);

    expect(await fakeBrowser.storage.local.get(null)).toEqual(before);
    expect(writesTo(mastodon)).toEqual([]);
  }, 60_000);

  it('a list naming the user’s own server and mastodon.social: the own server is never planned, mastodon.social waits for confirmation', async () => {
    mastodon = await startFakeMastodon({ version: '4.3', autoApprove: true });
    const send = backgroundFor();
    expect((await send({ type: 'hedge/sign-in', instance: mastodon.url })).ok).toBe(true);
    const added = await send({
      type: 'hedge/subscription-add',
      source: { kind: 'file', fileName: 'big-servers.csv', text: `${ADMIN_HEADER}\nsocial.example,suspend,false,false,our own server,false\nmastodon.social,suspend,false,false,too big,false\n` },
    });
    expect(added.ok, JSON.stringify(added)).toBe(true);
    const plan = await send<PlanPreview>({ type: 'hedge/preview' });
    if (!plan.ok) throw new Error(plan.error.message);
    const planned = plan.value.add.map((change) => change.domain);
    expect(planned).not.toContain('social.example');
    expect(planned).toContain('mastodon.social');
    expect(writesTo(mastodon)).toEqual([]);
    expect(mastodon.state.domainBlocks()).not.toContain('mastodon.social');
  });
});

/** A stand-in for a server that is not Mastodon, answering every request the same way. */
async function withServer(answer: (request: IncomingMessage, response: ServerResponse) => void, test: (url: string) => Promise<void>): Promise<void> {
  const server = createServer(answer);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await test(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

const NOT_MASTODON: Array<[string, (request: IncomingMessage, response: ServerResponse) => void, RegExp]> = [
  ['a plain web server answering HTML', (_request, response) => void response.writeHead(200, { 'Content-Type': 'text/html' }).end(HTML_PAGE), /Mastodon/],
  ['a server answering 404 HTML everywhere', (_request, response) => void response.writeHead(404, { 'Content-Type': 'text/html' }).end('<h1>Not Found</h1>'), /Mastodon/],
  ['a Mastodon-looking server answering garbage JSON', (_request, response) => void response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"domain": "social.exa'), /Mastodon|could not|did not/],
  ['a server answering JSON of another shape', (_request, response) => void response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"hello":"world"}'), /Mastodon|could not|did not/],
  ['a server that drops every connection', (request) => void request.socket.destroy(), /reach|answer|connection/i],
  ['a server answering 500', (_request, response) => void response.writeHead(500, { 'Content-Type': 'text/plain' }).end('Internal Server Error'), /Mastodon|problem|500/i],
];

describe('signing in to something that is not Mastodon', () => {
  it.each(NOT_MASTODON)('%s: refused in words, no account stored', async (name, answer, says) => {
    await withServer(answer, async (url) => {
      const reply = await backgroundFor()({ type: 'hedge/sign-in', instance: url });
      expect(reply.ok, name).toBe(false);
      if (reply.ok) return;
      expect(reply.error.message).toMatch(says);
      expectClearMessage(reply.error.message, name);
      expect((await getAccountsState()).accounts).toEqual([]);
    });
  });

  it.each([
    ['an empty address', '', /server address/],
    ['an ftp address', 'ftp://mastodon.social', /not Mastodon servers/],
    ['plain http to a public server', 'http://mastodon.social', /only signs in over https/],
    ['localhost without a port', 'http://localhost', /needs its port/],
    ['words instead of an address', 'my mastodon server', /not a server address|does not look like/],
    ['a single label', 'mastodon', /does not look like a server address/],
    ['an address with a password', 'https://me:secret@mastodon.social', /user name or password/],
  ])('%s: refused before any request', async (name, instance, says) => {
    const reply = await backgroundFor()({ type: 'hedge/sign-in', instance });
    expect(reply.ok, name).toBe(false);
    if (reply.ok) return;
    expect(reply.error.kind).toBe('invalid-input');
    expect(reply.error.message).toMatch(says);
    expectClearMessage(reply.error.message, name);
    expect((await getAccountsState()).accounts).toEqual([]);
  });

  it('a real Mastodon that answers garbage JSON mid-sign-in leaves no account', async () => {
    mastodon = await startFakeMastodon({ version: '4.3', autoApprove: true });
    const target = new URL(mastodon.url);
    // A proxy that spoils one answer: verify_credentials comes back as broken JSON.
    await withServer(
      (request, response) => {
        if (request.url?.startsWith('/api/v1/accounts/verify_credentials')) {
          response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"id":"1","acct":');
          return;
        }
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          void fetch(new URL(request.url ?? '/', target), {
            method: request.method,
            headers: Object.fromEntries(Object.entries(request.headers).filter(([key]) => key !== 'host' && key !== 'content-length') as Array<[string, string]>),
            body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
            redirect: 'manual',
          }).then(async (upstream) => {
            const location = upstream.headers.get('location');
            const headers: Record<string, string> = { 'Content-Type': upstream.headers.get('content-type') ?? 'text/plain' };
            if (location) headers.Location = location;
            response.writeHead(upstream.status, headers).end(Buffer.from(await upstream.arrayBuffer()));
          });
        });
      },
      async (url) => {
        const reply = await backgroundFor()({ type: 'hedge/sign-in', instance: url });
        expect(reply.ok).toBe(false);
        if (reply.ok) return;
        expectClearMessage(reply.error.message, 'garbage verify_credentials');
        expect((await getAccountsState()).accounts).toEqual([]);
      },
    );
  });
});
