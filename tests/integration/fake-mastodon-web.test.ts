import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeMastodon, type FakeMastodon } from '../fake-mastodon/index.ts';
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

describe('the web UI page', () => {
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
    server = await startFakeMastodon();
    const page = await call(server.url, 'GET', '/home');
    expect(page.text).not.toContain(server.demoToken);
    expect(JSON.stringify(initialState(page.text))).not.toMatch(/access_token|token/);
  });

  it('serves a visible picture for each account where the API points: its initial on a colour of its own', async () => {
    server = await startFakeMastodon();
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
    await expect(runCli(['--version', '9.9'])).rejects.toThrow(/--version must be one of 4.2, 4.3, 4.4, 4.5, not "9.9"/);
  });
});
