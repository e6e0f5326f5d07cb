/**
 * A hostile or broken server: answers without end, answers far larger than
 * Mastodon sends, and requests it never answers. Every request Hedge makes to
 * an instance times out, and every answer is read only up to a cap, each with
 * a message in words.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AnswerTooLargeError, MAX_ANSWER_BYTES, cappingFetch, installAnswerCap } from '../../utils/mastodon/answer-size';
import { MastodonError } from '../../utils/mastodon/errors';
import { discoverEndpoints, exchangeCode, readInstance } from '../../utils/mastodon/oauth';
import { fetchServerDomainBlocks } from '../../utils/mastodon/server';

type Behaviour = (request: IncomingMessage, response: ServerResponse) => void;

const MEGABYTE = 1024 * 1024;

/** Sends `bytes` of a JSON string in chunks and no Content-Length, as a stream without end would. */
const endlessJson =
  (bytes: number): Behaviour =>
  (_request, response) => {
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.write('{"padding":"');
    const chunk = 'x'.repeat(64 * 1024);
    let sent = 0;
    const more = () => {
      while (sent < bytes) {
        sent += chunk.length;
        if (!response.write(chunk)) return void response.once('drain', more);
      }
      response.end('"}');
    };
    more();
  };

/** Announces a body larger than the cap. */
const announcedHuge: Behaviour = (_request, response) => {
  response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(MAX_ANSWER_BYTES + 1) });
  response.write('{');
};

/** Never answers. */
const silent: Behaviour = () => undefined;

let server: Server;
let origin: string;
const routes = new Map<string, Behaviour>();
const realFetch = globalThis.fetch;

beforeAll(async () => {
  server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const behaviour = routes.get(`${request.method} ${path}`);
    if (behaviour) behaviour(request, response);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(() => {
  routes.clear();
  globalThis.fetch = realFetch;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function failure(promise: Promise<unknown>): Promise<MastodonError> {
  const error = await promise.then(
    () => undefined,
    (cause: unknown) => cause,
  );
  expect(error).toBeInstanceOf(MastodonError);
  return error as MastodonError;
}

describe('a server that sends too much', () => {
  it('stops reading an instance answer past the cap, through masto.js, and says so in words', async () => {
    installAnswerCap();
    routes.set('GET /api/v2/instance', endlessJson(MAX_ANSWER_BYTES + 4 * MEGABYTE));
    const error = await failure(readInstance(origin));
    expect(error.kind).toBe('server');
    expect(error.message).toBe(`127.0.0.1:${new URL(origin).port} sent an answer larger than 10 MB, far more than a Mastodon server sends. Hedge stopped reading it; check the server's address.`);
  });

  it('refuses an answer whose announced length is over the cap before reading it', async () => {
    routes.set('GET /.well-known/oauth-authorization-server', announcedHuge);
    expect((await failure(discoverEndpoints(origin))).message).toMatch(/larger than 10 MB/);
  });

  it('caps the server’s own block list and the token exchange', async () => {
    routes.set('GET /api/v1/instance/domain_blocks', endlessJson(MAX_ANSWER_BYTES + MEGABYTE));
    routes.set('POST /oauth/token', endlessJson(MAX_ANSWER_BYTES + MEGABYTE));
    const host = new URL(origin).host;
    expect((await failure(fetchServerDomainBlocks({ origin, token: 't' }, { host }))).message).toMatch(/larger than 10 MB/);
    const endpoints = { authorization: `${origin}/oauth/authorize`, token: `${origin}/oauth/token`, revocation: `${origin}/oauth/revoke` };
    const app = { clientId: 'c', clientSecret: 's', registeredAt: 0 };
    expect((await failure(exchangeCode(endpoints, app, { code: 'x', redirectUri: 'https://r.example/', codeVerifier: 'v' }))).message).toMatch(
      /larger than 10 MB/,
    );
  });

  it('leaves answers outside Mastodon’s API paths to their own caps', async () => {
    routes.set('GET /lists/big.csv', endlessJson(MAX_ANSWER_BYTES + MEGABYTE));
    const response = await cappingFetch(realFetch)(`${origin}/lists/big.csv`);
    expect((await response.text()).length).toBeGreaterThan(MAX_ANSWER_BYTES);
    routes.set('GET /api/v1/big', endlessJson(MAX_ANSWER_BYTES + MEGABYTE));
    await expect((await cappingFetch(realFetch)(`${origin}/api/v1/big`)).text()).rejects.toBeInstanceOf(AnswerTooLargeError);
  });
});

describe('a server that never answers', () => {
  it('times out discovery and the token exchange with a message in words', async () => {
    routes.set('GET /.well-known/oauth-authorization-server', silent);
    routes.set('POST /oauth/token', silent);
    const host = new URL(origin).host;
    const discovery = await failure(discoverEndpoints(origin, 300));
    expect(discovery.kind).toBe('network');
    expect(discovery.message).toBe(`${host} took too long to answer. Try again in a moment.`);
    const endpoints = { authorization: `${origin}/oauth/authorize`, token: `${origin}/oauth/token`, revocation: `${origin}/oauth/revoke` };
    const app = { clientId: 'c', clientSecret: 's', registeredAt: 0 };
    const exchange = await failure(exchangeCode(endpoints, app, { code: 'x', redirectUri: 'https://r.example/', codeVerifier: 'v' }, 300));
    expect(exchange.message).toBe(`${host} took too long to answer. Try again in a moment.`);
  });
});
