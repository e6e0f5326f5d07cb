/**
 * A hostile or broken server: answers without end, answers far larger than
 * Mastodon sends, and requests it never answers. Every request Hedge makes to
 * an instance times out, and every answer is read only up to a cap, each with
 * a message in words. The requests go through sign-in as Hedge makes them;
 * the time a server has is shortened to keep the test quick.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AnswerTooLargeError, MAX_ANSWER_BYTES, cappingFetch, installAnswerCap } from '../../utils/mastodon/answer-size';
import { MastodonError } from '../../utils/mastodon/errors';
import { discoverEndpoints, signIn, type AuthFlowPort, type OAuthAppStore } from '../../utils/mastodon/oauth';
import { fetchServerDomainBlocks } from '../../utils/mastodon/server';

vi.mock('../../utils/mastodon/client', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../utils/mastodon/client')>()),
  REQUEST_TIMEOUT_MS: 3_000,
}));

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

const json =
  (value: unknown): Behaviour =>
  (_request, response) => {
    response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(value));
  };

/** What a server that is Mastodon up to the step under test answers before it. */
function mastodonUntilTheToken(): void {
  routes.set('GET /api/v2/instance', json({ domain: 'hostile.example', version: '4.3.0', api_versions: { mastodon: 2 } }));
  routes.set('POST /api/v1/apps', json({ id: '1', name: 'Hedge', client_id: 'client', client_secret: 'secret', redirect_uri: REDIRECT_URI }));
}

const REDIRECT_URI = 'https://hedge.extension.example/';

/** The consent page, approved at once: the redirect carries a code and the state it was given. */
const approvingFlow: AuthFlowPort = {
  redirectUri: REDIRECT_URI,
  launch: async (authorizeUrl) => `${REDIRECT_URI}?code=granted&state=${new URL(authorizeUrl).searchParams.get('state') ?? ''}`,
};

const noApps: OAuthAppStore = { get: async () => null, set: async () => undefined, delete: async () => undefined };

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
    const error = await failure(signIn(origin, approvingFlow, noApps));
    expect(error.kind).toBe('server');
    expect(error.message).toBe(
      `${new URL(origin).host} sent an answer larger than 10 MB, far more than a Mastodon server sends. Hedge stopped reading it; check the server's address.`,
    );
  });

  it('refuses a discovery answer whose announced length is over the cap before reading it', async () => {
    routes.set('GET /.well-known/oauth-authorization-server', announcedHuge);
    expect((await failure(discoverEndpoints(origin))).message).toMatch(/larger than 10 MB/);
  });

  it('caps the token exchange and the server’s own block list', async () => {
    mastodonUntilTheToken();
    routes.set('POST /oauth/token', endlessJson(MAX_ANSWER_BYTES + MEGABYTE));
    expect((await failure(signIn(origin, approvingFlow, noApps))).message).toMatch(/larger than 10 MB/);
    routes.set('GET /api/v1/instance/domain_blocks', endlessJson(MAX_ANSWER_BYTES + MEGABYTE));
    const host = new URL(origin).host;
    expect((await failure(fetchServerDomainBlocks({ origin, token: 't' }, { host }))).message).toMatch(/larger than 10 MB/);
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
  it('times out discovery with a message in words', async () => {
    routes.set('GET /.well-known/oauth-authorization-server', silent);
    const error = await failure(signIn(origin, approvingFlow, noApps));
    expect(error.kind).toBe('network');
    expect(error.message).toBe(`${new URL(origin).host} took too long to answer. Try again in a moment.`);
  });

  it('times out the token exchange with a message in words', async () => {
    mastodonUntilTheToken();
    routes.set('POST /oauth/token', silent);
    const error = await failure(signIn(origin, approvingFlow, noApps));
    expect(error.kind).toBe('network');
    expect(error.message).toBe(`${new URL(origin).host} took too long to answer. Try again in a moment.`);
  });
});
