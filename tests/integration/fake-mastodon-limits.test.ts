import { afterEach, describe, expect, it } from 'vitest';
import { startFakeMastodon, type FakeMastodon, type FakeMastodonOptions } from '../fake-mastodon/index.ts';
import { call } from '../fake-mastodon/test-http.ts';

let server: FakeMastodon | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A clock the test moves by hand. 2025-01-01T00:02:30.250Z: mid-window for 5-minute windows. */
function manualClock(start = Date.UTC(2025, 0, 1, 0, 2, 30, 250)) {
  let now = start;
  return { now: () => now, advance: (ms: number) => { now += ms; } };
}

async function start(options: FakeMastodonOptions = {}): Promise<FakeMastodon> {
  server = await startFakeMastodon(options);
  return server;
}

const blocks = (mastodon: FakeMastodon, token = mastodon.demoToken, query = '') =>
  call(mastodon.url, 'GET', `/api/v1/domain_blocks${query}`, { token });

describe('rate limits as Mastodon enforces them', () => {
  it('300 per token per 5-minute window: the 301st request is a 429 without Retry-After', async () => {
    const clock = manualClock();
    const mastodon = await start({ now: clock.now });
    const remaining: string[] = [];
    for (let i = 0; i < 300; i += 1) {
      const result = await blocks(mastodon);
      expect(result.status).toBe(200);
      remaining.push(result.headers.get('x-ratelimit-remaining') ?? '');
    }
    expect(remaining.slice(0, 3)).toEqual(['299', '298', '297']);
    expect(remaining.at(-1)).toBe('0');

    const refused = await blocks(mastodon);
    expect([refused.status, refused.body]).toEqual([429, { error: 'Too many requests' }]);
    expect(refused.headers.get('x-ratelimit-limit')).toBe('300');
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(refused.headers.get('x-ratelimit-reset')).toBe('2025-01-01T00:05:00.000000Z');
    expect(refused.headers.get('retry-after')).toBeNull();

    clock.advance(150_000);
    const nextWindow = await blocks(mastodon);
    expect(nextWindow.status).toBe(200);
    expect(nextWindow.headers.get('x-ratelimit-remaining')).toBe('299');
    expect(nextWindow.headers.get('x-ratelimit-reset')).toBe('2025-01-01T00:10:00.000000Z');
  });

  it('windows are fixed and aligned to the epoch, whatever their length', async () => {
    const clock = manualClock(Date.UTC(2025, 0, 1, 0, 0, 7, 400));
    const mastodon = await start({ now: clock.now, windowMs: 2_000, limitPerWindow: 2 });
    expect((await blocks(mastodon)).headers.get('x-ratelimit-reset')).toBe('2025-01-01T00:00:08.000000Z');
    expect((await blocks(mastodon)).status).toBe(200);
    expect((await blocks(mastodon)).status).toBe(429);
    clock.advance(600);
    const fresh = await blocks(mastodon);
    expect([fresh.status, fresh.headers.get('x-ratelimit-remaining')]).toEqual([200, '1']);
  });

  it('with a real short window, the budget comes back after the window ends', async () => {
    const mastodon = await start({ windowMs: 400, limitPerWindow: 3 });
    let status = 200;
    while (status === 200) status = (await blocks(mastodon)).status;
    expect(status).toBe(429);
    const reset = Date.parse((await blocks(mastodon)).headers.get('x-ratelimit-reset') ?? '');
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, reset - Date.now()) + 20));
    expect((await blocks(mastodon)).status).toBe(200);
  });

  it('paging requests also count against the per-user paging throttle, three windows long', async () => {
    const clock = manualClock(Date.UTC(2025, 0, 1, 0, 0, 0, 0));
    const mastodon = await start({ now: clock.now, windowMs: 1_000, limitPerWindow: 3 });
    for (let i = 0; i < 3; i += 1) expect((await blocks(mastodon, mastodon.demoToken, '?max_id=999')).status).toBe(200);
    clock.advance(1_000);
    const paged = await blocks(mastodon, mastodon.demoToken, '?max_id=999');
    expect(paged.status).toBe(429);
    expect(paged.headers.get('x-ratelimit-reset')).toBe('2025-01-01T00:00:03.000000Z');
    expect((await blocks(mastodon)).status).toBe(200);
  });

  it('API answers carry the headers, errors included; pages, OAuth, discovery, preflights and unknown paths do not', async () => {
    const mastodon = await start();
    const api = [
      await blocks(mastodon),
      await blocks(mastodon, 'bad-token'),
      await call(mastodon.url, 'GET', '/api/v2/instance'),
      await call(mastodon.url, 'GET', '/api/v1/timelines/home', { token: mastodon.demoToken }),
    ];
    for (const answer of api) {
      expect(answer.headers.get('x-ratelimit-limit')).toMatch(/^\d+$/);
      expect(answer.headers.get('x-ratelimit-remaining')).toMatch(/^\d+$/);
      expect(answer.headers.get('x-ratelimit-reset')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    }
    // Api::RateLimitHeaders is a concern of Api::BaseController; Rack::Cors answers preflights first.
    const others = [
      await call(mastodon.url, 'GET', '/api/v1/no_such_thing', { token: mastodon.demoToken }),
      await call(mastodon.url, 'POST', '/oauth/token', { form: { grant_type: 'authorization_code' } }),
      await call(mastodon.url, 'GET', '/.well-known/oauth-authorization-server'),
      await call(mastodon.url, 'GET', '/home'),
      await call(mastodon.url, 'GET', '/packs/.vite/manifest.json'),
      await call(mastodon.url, 'OPTIONS', '/api/v1/domain_blocks', { headers: { Origin: 'https://elk.example', 'Access-Control-Request-Method': 'POST' } }),
    ];
    expect(others.map((answer) => [answer.status, answer.headers.get('x-ratelimit-limit')])).toEqual([
      [404, null], [401, null], [200, null], [200, null], [404, null], [200, null],
    ]);
  });

  it('paging throttles count signed-out requests too, per IP, on any path', async () => {
    const mastodon = await start({ limitPerWindow: 2 });
    // `throttle_unauthenticated_paging` (rack_attack.rb): 2 pages, then 429, also for a web page.
    expect((await call(mastodon.url, 'GET', '/api/v1/accounts/1/followers?max_id=999')).status).toBe(200);
    expect((await call(mastodon.url, 'GET', '/@demo?max_id=1')).status).toBe(200);
    const refused = await call(mastodon.url, 'GET', '/api/v1/accounts/1/following?since_id=1');
    expect([refused.status, refused.body, refused.headers.get('x-ratelimit-remaining')]).toEqual([429, { error: 'Too many requests' }, '0']);
    const page = await call(mastodon.url, 'GET', '/home?page=2');
    expect(page.status).toBe(429);
    // The signed-in user's paging is counted apart.
    expect((await blocks(mastodon, mastodon.demoToken, '?max_id=999')).status).toBe(200);
  });

  it('a revoked token still counts for its user and token, as Rack::Attack finds it through Doorkeeper', async () => {
    const mastodon = await start({ limitPerWindow: 2 });
    expect((await blocks(mastodon)).status).toBe(200);
    mastodon.state.revokeToken(mastodon.demoToken);
    const revoked = await blocks(mastodon);
    expect([revoked.status, revoked.body, revoked.headers.get('x-ratelimit-remaining')]).toEqual([401, { error: 'The access token was revoked' }, '0']);
    expect((await blocks(mastodon)).status).toBe(429);
    // The IP's anonymous budget is untouched.
    expect((await call(mastodon.url, 'GET', '/api/v2/instance')).headers.get('x-ratelimit-remaining')).toBe('1');
  });

  it('an invalid token is counted per IP, not against the token', async () => {
    const mastodon = await start({ limitPerWindow: 2 });
    expect((await blocks(mastodon, 'bad')).status).toBe(401);
    expect((await blocks(mastodon, 'bad')).status).toBe(401);
    expect((await blocks(mastodon, 'bad')).status).toBe(429);
    expect((await blocks(mastodon)).status).toBe(200);
  });
});

describe('fault injection', () => {
  it('5xx for a count, not counted against the rate limit, then normal again', async () => {
    const mastodon = await start();
    mastodon.faults.set({ kind: '5xx', count: 2, match: '/api/v1/domain_blocks' });
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await blocks(mastodon)).status);
    expect(statuses).toEqual([503, 503, 200]);
    mastodon.faults.set({ kind: '5xx', count: 1 });
    // The proxy's answer has no rate-limit headers; the next request is the second Mastodon counts.
    expect((await blocks(mastodon)).headers.get('x-ratelimit-limit')).toBeNull();
    expect((await blocks(mastodon)).headers.get('x-ratelimit-remaining')).toBe('298');
    expect((await call(mastodon.url, 'GET', '/api/v2/instance')).status).toBe(200);
  });

  it('a chosen 5xx status, only on matching paths', async () => {
    const mastodon = await start();
    mastodon.faults.set({ kind: '5xx', status: 502, match: /^\/api\/v1\/domain_blocks$/ });
    expect((await blocks(mastodon)).status).toBe(502);
    expect((await call(mastodon.url, 'GET', '/api/v2/instance')).status).toBe(200);
  });

  it('an HTML 5xx from the proxy in front: Mastodon\'s error page, no JSON, no rate-limit or CORS headers', async () => {
    const mastodon = await start();
    mastodon.faults.set({ kind: 'html-5xx', count: 2, match: '/api/v1/domain_blocks' });
    const bad = await call(mastodon.url, 'GET', '/api/v1/domain_blocks', { token: mastodon.demoToken, headers: { Origin: 'chrome-extension://abc' } });
    expect([bad.status, bad.headers.get('content-type'), bad.body]).toEqual([502, 'text/html', undefined]);
    expect(bad.text).toContain('<h1>We&#39;re sorry, but something went wrong on our end.</h1>');
    expect([bad.headers.get('x-ratelimit-limit'), bad.headers.get('access-control-allow-origin')]).toEqual([null, null]);
    mastodon.faults.set({ kind: 'html-5xx', status: 504, count: 1 });
    expect((await blocks(mastodon)).status).toBe(504);
    expect((await blocks(mastodon)).status).toBe(200);
  });

  it('a dropped connection makes fetch fail, and is logged with status 0', async () => {
    const mastodon = await start();
    mastodon.faults.set({ kind: 'drop', count: 1 });
    await expect(blocks(mastodon)).rejects.toThrow();
    expect(mastodon.state.requests.at(-1)).toMatchObject({ method: 'GET', path: '/api/v1/domain_blocks', status: 0, token: mastodon.demoToken });
    expect((await blocks(mastodon)).status).toBe(200);
  });

  it('slow answers arrive late but whole', async () => {
    const mastodon = await start();
    mastodon.faults.set({ kind: 'slow', delayMs: 300 });
    const started = Date.now();
    const result = await blocks(mastodon);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(result.status).toBe(200);
  });

  it('a 429 storm refuses with Mastodon\'s 429 whatever the counters say', async () => {
    const mastodon = await start();
    mastodon.faults.set({ kind: '429-storm', count: 3 });
    for (let i = 0; i < 3; i += 1) {
      const result = await blocks(mastodon);
      expect([result.status, result.body, result.headers.get('x-ratelimit-remaining')]).toEqual([429, { error: 'Too many requests' }, '0']);
    }
    expect((await blocks(mastodon)).status).toBe(200);
  });

  it('a token revoked mid-run: after N requests, 401 from then on', async () => {
    const mastodon = await start();
    mastodon.faults.set({ kind: 'revoke-token', afterRequests: 2, match: '/api/' });
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await blocks(mastodon)).status);
    expect(statuses).toEqual([200, 200, 401, 401]);
  });

  it('a rate below 1 hits some requests, the same ones on every run', async () => {
    const run = async () => {
      const mastodon = await startFakeMastodon();
      mastodon.faults.set({ kind: '5xx', rate: 0.5 });
      const statuses = [];
      for (let i = 0; i < 40; i += 1) statuses.push((await blocks(mastodon)).status);
      await mastodon.close();
      return statuses;
    };
    const first = await run();
    const failures = first.filter((s) => s === 503).length;
    expect(failures).toBeGreaterThan(5);
    expect(failures).toBeLessThan(35);
    expect(await run()).toEqual(first);
  });

  it('clear() ends every fault; a bad spec is refused with a reason', async () => {
    const mastodon = await start();
    mastodon.faults.set({ kind: '5xx' });
    mastodon.faults.clear();
    expect((await blocks(mastodon)).status).toBe(200);
    expect(() => mastodon.faults.set({ kind: '5xx', rate: 2 })).toThrow(/between 0 and 1/);
    expect(() => mastodon.faults.set({ kind: 'explode' as never })).toThrow(/Unknown fault kind/);
  });
});

describe('CORS like Mastodon', () => {
  it('answers the preflight for /api/* and the OAuth token endpoints', async () => {
    const mastodon = await start();
    for (const path of ['/api/v1/domain_blocks', '/oauth/token', '/oauth/revoke']) {
      const preflight = await call(mastodon.url, 'OPTIONS', path, {
        headers: { Origin: 'chrome-extension://abc', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
      });
      expect(preflight.status).toBe(200);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
      expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization,content-type');
    }
  });

  it('exposes Link and X-RateLimit-* to any origin on the API, not on web pages', async () => {
    const mastodon = await start();
    const api = await call(mastodon.url, 'GET', '/api/v1/domain_blocks?limit=1', { token: mastodon.demoToken, headers: { Origin: 'https://elk.example' } });
    expect(api.headers.get('access-control-allow-origin')).toBe('*');
    expect(api.headers.get('access-control-expose-headers')).toMatch(/Link.*X-RateLimit-Reset.*X-RateLimit-Limit.*X-RateLimit-Remaining/);
    const page = await call(mastodon.url, 'GET', '/home', { headers: { Origin: 'https://elk.example' } });
    expect(page.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('the request log', () => {
  it('records method, path, query, status, time and token', async () => {
    const mastodon = await start();
    await blocks(mastodon, mastodon.demoToken, '?limit=5');
    await call(mastodon.url, 'POST', '/api/v1/domain_blocks', { token: mastodon.demoToken, form: { domain: '*' } });
    expect(mastodon.state.requests.map(({ method, path, query, status, token }) => ({ method, path, query, status, token }))).toEqual([
      { method: 'GET', path: '/api/v1/domain_blocks', query: '?limit=5', status: 200, token: mastodon.demoToken },
      { method: 'POST', path: '/api/v1/domain_blocks', query: '', status: 422, token: mastodon.demoToken },
    ]);
    expect(mastodon.state.requests[0]?.at).toBeTypeOf('number');
  });
});
