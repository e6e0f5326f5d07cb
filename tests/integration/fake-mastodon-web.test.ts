import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeMastodon, type FakeMastodon } from '../fake-mastodon/index.ts';
import { demoStatusId } from '../fake-mastodon/seed.ts';
import { call } from '../fake-mastodon/test-http.ts';

let server: FakeMastodon | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function initialState(page: string): unknown {
  const match = /<script id="initial-state" type="application\/json">([\s\S]*?)<\/script>/.exec(page);
  return match ? JSON.parse(match[1] ?? '') : undefined;
}

describe('the hand-drawn web UI pages (4.2 to 4.4)', () => {
  it.each([
    ['4.3', '/home', 'home', '4.3.0'],
    ['4.3', '/', 'home', '4.3.0'],
    ['4.4', '/web/timelines/home', 'home', '4.3.0'],
    ['4.3', '/@demo', 'home', '4.3.0'],
    ['4.3', '/@bob@threads.net', 'profile', '4.3.0'],
    ['4.3', `/@${encodeURIComponent('frank@аррӏе.com')}`, 'profile', '4.3.0'],
    ['4.2', '/home', 'home', '4.2.0'],
    ['4.2', '/@bob@threads.net/with_replies', 'profile', '4.2.0'],
  ] as const)('Mastodon %s serves %s with the %s markup of %s', async (version, path, kind, markupVersion) => {
    server = await startFakeMastodon({ version });
    const page = await call(server.url, 'GET', path);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.text).toMatch(/<div class="notranslate app-holder" id="mastodon" data-props=/);
    expect(page.text).toMatch(/<body class="app-body /);
    expect(initialState(page.text)).toMatchObject({ meta: { domain: 'social.example', version: markupVersion, me: '1' } });
    const initialPath = kind === 'profile' ? '/@bob@threads.net' : '/@demo/followers';
    expect(page.text).toContain(`<meta name="initialPath" content="${initialPath}">`);
  });

  it('puts no access token into the page', async () => {
    server = await startFakeMastodon({ version: '4.3' });
    const page = await call(server.url, 'GET', '/home');
    expect(page.text).not.toContain(server.demoToken);
    expect(JSON.stringify(initialState(page.text))).not.toMatch(/access_token|token/);
  });

  it('serves a visible picture for each account where the API points: its initial on a colour of its own', async () => {
    server = await startFakeMastodon({ version: '4.3' });
    const me = await call(server.url, 'GET', '/api/v1/accounts/verify_credentials', { token: server.demoToken });
    const alice = await call(server.url, 'GET', '/api/v1/accounts/2', { token: server.demoToken });
    const pictures = [];
    for (const account of [me.body, alice.body] as Array<{ avatar: string; avatar_static: string }>) {
      expect(account.avatar_static).toBe(account.avatar);
      const avatar = await fetch(account.avatar);
      expect([avatar.status, avatar.headers.get('content-type')]).toEqual([200, 'image/svg+xml']);
      pictures.push(await avatar.text());
    }
    const [demo, other] = pictures as [string, string];
    expect(demo).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(demo).toContain('>D</text>');
    expect(other).toContain('>A</text>');
    const fill = (svg: string) => /<rect [^>]*fill="([^"]+)"/.exec(svg)?.[1];
    expect(fill(demo)).not.toBe(fill(other));
    expect((await fetch(`${server.url}/system/accounts/avatars/999999/original/avatar.svg`)).status).toBe(404);
    // Headers stay Mastodon's missing.png.
    const header = await fetch((me.body as { header: string }).header);
    expect([header.status, header.headers.get('content-type')]).toEqual([200, 'image/png']);
  });
});

const MANIFESTS = { '4.5': 'v4.5.15', '4.6': 'v4.6.5' } as const;

function manifestOf(version: keyof typeof MANIFESTS): { manifest: Record<string, { file: string; imports?: string[]; css?: string[] }>; lookup: Record<string, string> } {
  const root = new URL(`../fixtures/mastodon-web/${MANIFESTS[version]}/packs/.vite/`, import.meta.url);
  return {
    manifest: JSON.parse(readFileSync(new URL('manifest.json', root), 'utf8')),
    lookup: JSON.parse(readFileSync(new URL('manifest-lookup.json', root), 'utf8')),
  };
}

/** The `/packs/…` files a page asks for in `src` and `href`. */
function packsOf(page: string): string[] {
  return [...page.matchAll(/(?:src|href)="(\/packs\/[^"]+)"/g)].map((match) => match[1] ?? '');
}

describe("Mastodon's own web client (4.5 and 4.6)", () => {
  it.each([
    ['4.6', '4.6.5'],
    ['4.5', '4.5.15'],
  ] as const)('Mastodon %s serves the %s page: manifest-resolved entries, the initial state with the session token, #mastodon', async (version, full) => {
    server = await startFakeMastodon({ version });
    const page = await call(server.url, 'GET', '/home');
    expect([page.status, page.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    const { manifest, lookup } = manifestOf(version);
    const entry = (name: string) => manifest[lookup[name] ?? name];
    // vite_javascript_tag: the entry, then a modulepreload per imported chunk, then their stylesheets.
    for (const name of ['polyfills', 'common', 'application']) {
      expect(page.text).toContain(`<script type="module" crossorigin="anonymous" integrity="`);
      expect(page.text).toContain(`src="/packs/${entry(name)?.file}"></script>`);
    }
    for (const chunk of entry('application')?.imports ?? []) expect(page.text).toContain(`href="/packs/${manifest[chunk]?.file}"`);
    expect(page.text).toContain(`href="/packs/${entry('inert')?.file}"`);
    expect(page.text).toContain(`href="/packs/${manifest['mastodon/locales/en.json']?.file}"`);
    expect(page.text).toContain(`href="/packs/${entry('themes/default')?.file}"`);
    expect(page.text).toContain('<div class="notranslate app-holder" id="mastodon" data-props="{&#34;locale&#34;:&#34;en&#34;}">');
    expect(page.text).toContain('<meta name="initialPath" content="/home">');
    expect(initialState(page.text)).toMatchObject({
      meta: { access_token: server.demoToken, domain: 'social.example', version: full, me: '1', streaming_api_base_url: server.url.replace('http', 'ws') },
      compose: { me: '1' },
      accounts: { 1: { acct: 'demo', ...(version === '4.6' ? { show_featured: true } : {}) } },
      languages: [['en', 'English', 'English']],
    });
    if (version === '4.6') {
      expect(page.text).toMatch(/<html lang="en" class="custom-scrollbars no-reduce-motion" data-contrast="auto" data-color-scheme="auto" data-system-theme="true">/);
      expect(page.text).toContain('<body class="app-body">');
    } else {
      expect(page.text).toContain('<body class="app-body theme-system custom-scrollbars no-reduce-motion">');
      expect(page.text).toContain(`href="/packs/${entry('themes/mastodon-light')?.file}"`);
    }
    // Every file the page names is served, with its type.
    const files = [...new Set(packsOf(page.text))];
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const answer = await fetch(new URL(file, server.url));
      expect([file, answer.status]).toEqual([file, 200]);
      expect(answer.headers.get('content-type')).toMatch(/^(text\/javascript|text\/css|image\/)/);
    }
  });

  it.each(['/home', '/notifications', '/@bob@threads.net', `/@carol@mastodon.social/${demoStatusId('thread-carol')}`, '/@demo/followers', '/@alice', '/deck/home', '/explore'])(
    '%s is the same page',
    async (path) => {
      server = await startFakeMastodon();
      const page = await call(server.url, 'GET', path);
      expect(page.status).toBe(200);
      expect(page.text).toContain(`<meta name="initialPath" content="${path}">`);
      expect(page.text).toContain('id="mastodon"');
    },
  );

  it('a local account that does not exist is a 404 page, as Rails answers', async () => {
    server = await startFakeMastodon();
    const page = await call(server.url, 'GET', '/@nobody');
    expect([page.status, page.headers.get('content-type')]).toEqual([404, 'text/html; charset=utf-8']);
  });

  it("serves Mastodon's public files, the service worker and the web-app manifest", async () => {
    server = await startFakeMastodon();
    for (const [path, type] of [
      ['/sw.js', 'text/javascript; charset=utf-8'],
      ['/sounds/boop.ogg', 'audio/ogg'],
      ['/sounds/boop.mp3', 'audio/mpeg'],
      ['/avatars/original/missing.png', 'image/png'],
      ['/headers/original/missing.png', 'image/png'],
      ['/oops.png', 'image/png'],
      ['/manifest.json', 'application/json; charset=utf-8'],
    ]) {
      const answer = await fetch(new URL(path as string, server.url));
      expect([path, answer.status, answer.headers.get('content-type')]).toEqual([path, 200, type]);
    }
    for (const path of ['/packs/../seed.ts', '/packs/.vite/../../NOTICE.md', '/packs/nothing.js']) {
      expect((await fetch(new URL(path, server.url))).status).toBe(404);
    }
  });

  it('answers every call the client makes on home, notifications, a profile, a thread, a follower list and a hover card', async () => {
    server = await startFakeMastodon();
    const bob = '112136395161601005';
    const thread = demoStatusId('thread-carol');
    const calls = [
      // At every start.
      '/api/v1/timelines/home',
      '/api/v2/notifications?grouped_types[]=favourite&grouped_types[]=reblog&grouped_types[]=follow&exclude_types[]=follow_request',
      '/api/v1/markers?timeline[]=notifications',
      '/api/v1/custom_emojis',
      '/api/v1/instance/translation_languages',
      '/api/v1/follow_requests',
      '/api/v1/lists',
      '/api/v1/followed_tags',
      '/api/v1/trends/tags',
      '/api/v2/instance',
      '/api/v1/announcements',
      '/api/v2/suggestions?limit=20',
      '/api/v2/notifications/policy',
      // A profile and a hover card.
      '/api/v1/accounts/lookup?acct=bob@threads.net',
      `/api/v1/accounts/${bob}`,
      `/api/v1/accounts/${bob}/statuses?exclude_replies=true`,
      `/api/v1/accounts/${bob}/statuses?pinned=true`,
      `/api/v1/accounts/relationships?with_suspended=true&id[]=${bob}`,
      `/api/v1/accounts/familiar_followers?id=${bob}`,
      `/api/v1/accounts/${bob}/featured_tags`,
      // A thread.
      `/api/v1/statuses/${thread}`,
      `/api/v1/statuses/${thread}/context`,
      // The follower list.
      '/api/v1/accounts/1/followers',
    ];
    for (const path of calls) {
      const answer = await call(server.url, 'GET', path, { token: server.demoToken });
      expect([path, answer.status, answer.headers.get('content-type')]).toEqual([path, 200, 'application/json; charset=utf-8']);
    }
    const saved = await call(server.url, 'POST', '/api/v1/markers', { token: server.demoToken, json: { notifications: { last_read_id: '9' } } });
    expect(saved.body).toMatchObject({ notifications: { last_read_id: '9', version: 1 } });
    expect((await call(server.url, 'GET', '/api/v1/markers?timeline[]=notifications', { token: server.demoToken })).body).toMatchObject({ notifications: { last_read_id: '9' } });
  });

  it('the home feed pages by max_id through 280 posts, newest first', async () => {
    server = await startFakeMastodon();
    const seen: string[] = [];
    let next: string | undefined = '/api/v1/timelines/home';
    while (next) {
      const page = await call(server.url, 'GET', next, { token: server.demoToken });
      const statuses = page.body as Array<{ id: string }>;
      seen.push(...statuses.map((s) => s.id));
      next = /<([^>]+)>; rel="next"/.exec(page.headers.get('link') ?? '')?.[1];
      if (statuses.length === 0) expect(page.headers.get('link')).toBeNull();
    }
    expect(seen.length).toBeGreaterThanOrEqual(280);
    expect(seen).toEqual([...seen].sort((a, b) => (BigInt(b) > BigInt(a) ? 1 : -1)));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('shows what the demo user blocks as Mastodon does: relationships, threads, quotes', async () => {
    server = await startFakeMastodon({ blockSideEffectsDelayMs: 0 });
    const get = async <T>(path: string) => (await call(server!.url, 'GET', path, { token: server!.demoToken })).body as T;
    const frank = '111502216396825870';
    const relationship = async () => (await get<Array<{ domain_blocking: boolean; following: boolean }>>(`/api/v1/accounts/relationships?id[]=${frank}`))[0];
    expect(await relationship()).toMatchObject({ domain_blocking: false, following: true });
    const thread = async () =>
      (await get<{ descendants: Array<{ account: { acct: string } }> }>(`/api/v1/statuses/${demoStatusId('thread-carol')}/context`)).descendants.map((s) => s.account.acct);
    // Suspended by the server (poa.st), blocked by demo (spam.example), silenced and not followed (loud.example.org): left out.
    expect(await thread()).toEqual(['dana@sub.example.org', 'alice', 'frank@аррӏе.com']);
    server.state.addDomainBlock('xn--80ak6aa92e.com');
    expect(await relationship()).toMatchObject({ domain_blocking: true, following: false });
    expect(await thread()).toEqual(['dana@sub.example.org', 'alice']);
    const quote = await get<{ quote: { state: string; quoted_status: { account: { acct: string } } } }>(`/api/v1/statuses/${demoStatusId('carol-small-servers')}`);
    expect([quote.quote.state, quote.quote.quoted_status.account.acct]).toEqual(['blocked_domain', 'frank@аррӏе.com']);
    const troll = await get<{ suspended?: boolean; display_name: string }>('/api/v1/accounts/lookup?acct=troll@poa.st');
    expect(troll).toMatchObject({ suspended: true, display_name: '' });
    const shouty = await get<{ limited?: boolean }>('/api/v1/accounts/lookup?acct=shouty@loud.example.org');
    expect(shouty.limited).toBe(true);
  });

  it('accepts the streaming WebSocket with the session token and refuses it without one', async () => {
    server = await startFakeMastodon();
    const upgrade = (protocol: string | undefined) =>
      new Promise<{ status: number; accept?: string; protocol?: string }>((resolve, reject) => {
        const key = 'dGhlIHNhbXBsZSBub25jZQ==';
        const req = request(`${server!.url}/api/v1/streaming/?stream=user`, {
          headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': key, ...(protocol ? { 'Sec-WebSocket-Protocol': protocol } : {}) },
        });
        req.on('upgrade', (res, socket) => {
          socket.destroy();
          resolve({ status: res.statusCode ?? 0, accept: String(res.headers['sec-websocket-accept']), protocol: String(res.headers['sec-websocket-protocol']) });
        });
        req.on('response', (res) => resolve({ status: res.statusCode ?? 0 }));
        req.on('error', reject);
        req.end();
      });
    const accepted = await upgrade(server.demoToken);
    expect(accepted).toEqual({
      status: 101,
      accept: createHash('sha1').update('dGhlIHNhbXBsZSBub25jZQ==258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest('base64'),
      protocol: server.demoToken,
    });
    expect((await upgrade(undefined)).status).toBe(401);
  });
});

const CLI = fileURLToPath(new URL('../fake-mastodon/cli.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
let child: ChildProcess | undefined;
afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGTERM');
  child = undefined;
});

function runCli(args: string[]): Promise<{ url: string; token: string }> {
  return new Promise((resolve, reject) => {
    child = spawn(TSX, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /^URL: (http:\/\/127\.0\.0\.1:\d+)$/m.exec(output)?.[1];
      const token = /^Token: (\S+)$/m.exec(output)?.[1];
      if (url && token) resolve({ url, token });
    });
    child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.on('exit', (code) => reject(new Error(`cli exited with ${code}: ${output}`)));
  });
}

describe('npm run mastodon (tests/fake-mastodon/cli.ts)', () => {
  it('prints URL and Token lines that an ordinary client can use', async () => {
    const { url, token } = await runCli(['--port', '0', '--version', '4.2', '--window-ms', '60000']);
    const blocks = await call(url, 'GET', '/api/v1/domain_blocks', { token });
    expect(blocks.body).toEqual(['crypto-scam.example.net', 'spam.example']);
    expect(Date.parse(blocks.headers.get('x-ratelimit-reset') ?? '') % 60_000).toBe(0);
    const instance = await call(url, 'GET', '/api/v2/instance');
    expect((instance.body as { version: string }).version).toBe('4.2.13');
  });

  it('refuses a bad option with a reason', async () => {
    await expect(runCli(['--version', '9.9'])).rejects.toThrow(/--version must be one of 4.2, 4.3, 4.4, 4.5, 4.6, not "9.9"/);
  });
});
