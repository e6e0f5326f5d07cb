import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { FakeMastodon } from '../fake-mastodon/index.ts';
import { fakeMastodonPerTest } from './oauth-helpers';
import { call, parseLinks } from '../fake-mastodon/test-http.ts';

const { start, stop } = fakeMastodonPerTest();

const INVALID = { error: 'Validation failed: Domain is not a valid domain name' };
/**
 * A character `Addressable::URI#host=` refuses: `DomainNormalizable` adds `:invalid` and keeps the
 * text, and `DomainValidator` adds it again (app/models/concerns/domain_normalizable.rb).
 */
const DOUBLY_INVALID = { error: 'Validation failed: Domain is not a valid domain name, Domain is not a valid domain name' };
/** 4 × 63 + 3 dots = 255 characters, the longest name Mastodon accepts. */
const LABEL_63 = 'a'.repeat(63);

describe('POST /api/v1/domain_blocks normalises and validates like Mastodon', () => {
  it.each([
    ['Example.ORG', 'example.org'],
    ['  example.org\t', 'example.org'],
    ['example.org.', 'example.org'],
    ['bücher.example', 'xn--bcher-kva.example'],
    ['аррӏе.com', 'xn--80ak6aa92e.com'],
    ['xn--80ak6aa92e.com', 'xn--80ak6aa92e.com'],
    ['sub.example.org', 'sub.example.org'],
    ['with-hyphen.example', 'with-hyphen.example'],
    [`${LABEL_63}.${LABEL_63}.${LABEL_63}.${LABEL_63}`, `${LABEL_63}.${LABEL_63}.${LABEL_63}.${LABEL_63}`],
    // `TagManager#normalize_domain`: `strip.delete_suffix('/')`, then Addressable percent-decodes.
    ['threads.net/', 'threads.net'],
    [' Threads.NET/ ', 'threads.net'],
    ['threads%2Enet', 'threads.net'],
    ['%74hreads.net', 'threads.net'],
    ['b%C3%BCcher.example', 'xn--bcher-kva.example'],
  ])('%j is stored as %j', async (input, stored) => {
    const mastodon = await start({ seed: 'empty' });
    const result = await call(mastodon.url, 'POST', '/api/v1/domain_blocks', { token: mastodon.demoToken, json: { domain: input } });
    expect([result.status, result.body]).toEqual([200, {}]);
    expect(mastodon.state.domainBlocks()).toEqual([stored]);
  });

  it.each([
    ['*.example.org', INVALID],
    ['under_score.example', INVALID],
    ['example.org:8080', INVALID],
    ['https://example.org', DOUBLY_INVALID],
    ['example.org/path', DOUBLY_INVALID],
    ['example.org//', DOUBLY_INVALID],
    ['user@example.org', DOUBLY_INVALID],
    ['example..org', INVALID],
    ['example.org..', INVALID],
    ['ex ample.org', DOUBLY_INVALID],
    ['example%2Forg', INVALID],
    ['example%FF.org', INVALID],
    [`${'a'.repeat(64)}.com`, INVALID],
    [`${LABEL_63}.${LABEL_63}.${LABEL_63}.${'b'.repeat(62)}.c`, INVALID],
    ['', { error: "Validation failed: Domain can't be blank" }],
    ['   ', { error: "Validation failed: Domain can't be blank" }],
  ])('%j is refused with 422 and nothing is stored', async (input, error) => {
    const mastodon = await start({ seed: 'empty' });
    const result = await call(mastodon.url, 'POST', '/api/v1/domain_blocks', { token: mastodon.demoToken, form: { domain: input } });
    expect([result.status, result.body]).toEqual([422, error]);
    expect(mastodon.state.domainBlocks()).toEqual([]);
  });

  it('a different-case or dotted copy of an existing block is "already taken"; the same string again is fine', async () => {
    const mastodon = await start();
    const before = mastodon.state.domainBlocks();
    expect(before).toContain('spam.example');
    for (const copy of ['SPAM.example', 'spam.example.', ' spam.example']) {
      const result = await call(mastodon.url, 'POST', '/api/v1/domain_blocks', { token: mastodon.demoToken, form: { domain: copy } });
      expect([copy, result.status, result.body]).toEqual([copy, 422, { error: 'Validation failed: Domain has already been taken' }]);
    }
    const same = await call(mastodon.url, 'POST', '/api/v1/domain_blocks', { token: mastodon.demoToken, form: { domain: 'spam.example' } });
    expect([same.status, same.body]).toEqual([200, {}]);
    expect(mastodon.state.domainBlocks()).toEqual(before);
  });
});

describe('DELETE /api/v1/domain_blocks', () => {
  it.each([
    ['4.2', 'SPAM.example', true],
    ['4.2', 'spam.example', false],
    ['4.3', 'SPAM.example', false],
    ['4.3', 'spam.example.', false],
    ['4.5', 'never-blocked.example', true],
  ] as const)('on %s, removing %j leaves spam.example blocked: %s (always 200 {})', async (version, domain, isStillBlocked) => {
    const mastodon = await start({ version });
    const result = await call(mastodon.url, 'DELETE', '/api/v1/domain_blocks', { token: mastodon.demoToken, json: { domain } });
    expect([result.status, result.body]).toEqual([200, {}]);
    expect(mastodon.state.domainBlocks().includes('spam.example')).toBe(isStillBlocked);
  });
});

describe('GET /api/v1/domain_blocks pages newest first through Link', () => {
  async function withBlocks(count: number): Promise<{ mastodon: FakeMastodon; domains: string[] }> {
    const mastodon = await start({ seed: 'empty' });
    const domains = Array.from({ length: count }, (_, i) => `d${String(i).padStart(3, '0')}.example.org`);
    for (const domain of domains) mastodon.state.addDomainBlock(domain);
    return { mastodon, domains: [...domains].reverse() };
  }

  async function walk(mastodon: FakeMastodon, first: string): Promise<{ pages: string[][]; links: Array<Record<string, string>> }> {
    const pages: string[][] = [];
    const links: Array<Record<string, string>> = [];
    let next: string | undefined = first;
    while (next) {
      const result = await call(mastodon.url, 'GET', next, { token: mastodon.demoToken });
      expect(result.status).toBe(200);
      pages.push(result.body as string[]);
      const link = parseLinks(result.headers.get('link'));
      links.push(link);
      next = link.next;
    }
    return { pages, links };
  }

  it.each([
    ['/api/v1/domain_blocks', [100, 100, 50]],
    ['/api/v1/domain_blocks?limit=200', [200, 50]],
    ['/api/v1/domain_blocks?limit=500', [200, 50]],
    ['/api/v1/domain_blocks?limit=-50', [50, 50, 50, 50, 50, 0]],
    ['/api/v1/domain_blocks?limit=125', [125, 125, 0]],
  ])('%s over 250 blocks gives pages of %j', async (path, sizes) => {
    const { mastodon, domains } = await withBlocks(250);
    const { pages, links } = await walk(mastodon, path);
    expect(pages.map((p) => p.length)).toEqual(sizes);
    expect(pages.flat()).toEqual(domains);
    const limit = new URL(path, mastodon.url).searchParams.get('limit');
    for (const link of links.slice(0, -1)) {
      const next = new URL(link.next ?? '');
      expect(next.origin).toBe(mastodon.url);
      expect(next.searchParams.get('limit')).toBe(limit);
      expect(next.searchParams.has('max_id')).toBe(true);
    }
  });

  it('an empty list has no Link header; prev uses since_id and returns what came later', async () => {
    const empty = await start({ seed: 'empty' });
    const none = await call(empty.url, 'GET', '/api/v1/domain_blocks', { token: empty.demoToken });
    expect([none.body, none.headers.get('link')]).toEqual([[], null]);
    await stop(empty);

    const { mastodon } = await withBlocks(3);
    const page = await call(mastodon.url, 'GET', '/api/v1/domain_blocks', { token: mastodon.demoToken });
    const prev = parseLinks(page.headers.get('link')).prev ?? '';
    expect(new URL(prev).searchParams.has('since_id')).toBe(true);
    mastodon.state.addDomainBlock('later.example.org');
    const newer = await call(mastodon.url, 'GET', prev, { token: mastodon.demoToken });
    expect(newer.body).toEqual(['later.example.org']);
  });
});

describe('a block cuts follows both ways, an unblock restores nothing', () => {
  it('threads.net: preview counts, then the cut', async () => {
    const mastodon = await start();
    const onThreads = (accts: string[]) => accts.filter((a) => a.endsWith('@threads.net')).sort();
    expect(onThreads(mastodon.state.following())).toEqual(['bob@threads.net', 'mosseri@threads.net', 'zuck@threads.net']);
    expect(onThreads(mastodon.state.followers())).toEqual(['bob@threads.net', 'jo_writes@threads.net']);
    const preview = await call(mastodon.url, 'GET', '/api/v1/domain_blocks/preview?domain=Threads.net', { token: mastodon.demoToken });
    expect(preview.body).toEqual({ following_count: 3, followers_count: 2 });

    const followingBefore = mastodon.state.following().length;
    await call(mastodon.url, 'POST', '/api/v1/domain_blocks', { token: mastodon.demoToken, form: { domain: 'threads.net' } });
    // The row is written at once; the cut is AfterAccountDomainBlockWorker's, moments later.
    expect(mastodon.state.domainBlocks()).toContain('threads.net');
    expect(onThreads(mastodon.state.following())).toHaveLength(3);
    await mastodon.state.jobsDone();
    expect(onThreads(mastodon.state.following())).toEqual([]);
    expect(onThreads(mastodon.state.followers())).toEqual([]);
    expect(mastodon.state.following().length).toBe(followingBefore - 3);

    await call(mastodon.url, 'DELETE', '/api/v1/domain_blocks', { token: mastodon.demoToken, form: { domain: 'threads.net' } });
    expect(onThreads(mastodon.state.following())).toEqual([]);
    const after = await call(mastodon.url, 'GET', '/api/v1/domain_blocks/preview?domain=threads.net', { token: mastodon.demoToken });
    expect(after.body).toEqual({ following_count: 0, followers_count: 0 });
  });

  it.each([
    ['example.org', 'example.org', [], 'a personal block covers the exact domain only, not sub.example.org'],
    ['sub.example.org', 'sub.example.org', ['dana@sub.example.org'], 'the subdomain itself'],
    ['xn--80ak6aa92e.com', 'xn--80ak6aa92e.com', ['frank@аррӏе.com'], 'an IDN domain in punycode'],
    // The worker gets the parameter as sent and looks for `Account.where(domain:)` with it.
    ['аррӏе.com', 'xn--80ak6aa92e.com', [], 'the same domain in Unicode: stored in punycode, but the job finds no account on the domain as sent'],
    ['Sub.Example.org', 'sub.example.org', [], 'another case: the same'],
    ['sub.example.org/', 'sub.example.org', [], 'a trailing slash: the same'],
  ])('blocking %j stores %j and cuts %j (%s)', async (domain, stored, cut) => {
    const mastodon = await start({ blockSideEffectsDelayMs: 0 });
    const before = new Set([...mastodon.state.following(), ...mastodon.state.followers()]);
    await call(mastodon.url, 'POST', '/api/v1/domain_blocks', { token: mastodon.demoToken, json: { domain } });
    expect(mastodon.state.domainBlocks()[0]).toBe(stored);
    const after = new Set([...mastodon.state.following(), ...mastodon.state.followers()]);
    expect([...before].filter((a) => !after.has(a))).toEqual(cut);
  });

  it('the cut also removes the notifications from the domain, and from 4.3 leaves a severed-relationships notification', async () => {
    const mastodon = await start();
    const notifications = async () =>
      (await call(mastodon.url, 'GET', '/api/v1/notifications', { token: mastodon.demoToken })).body as Array<{ type: string; account: { acct: string }; event?: unknown }>;
    expect((await notifications()).filter((n) => n.account.acct === 'frank@аррӏе.com').map((n) => n.type)).toEqual(['follow']);
    await call(mastodon.url, 'POST', '/api/v1/domain_blocks', { token: mastodon.demoToken, form: { domain: 'xn--80ak6aa92e.com' } });
    expect((await notifications()).some((n) => n.account.acct === 'frank@аррӏе.com')).toBe(true);
    await mastodon.state.jobsDone();
    const after = await notifications();
    expect(after.some((n) => n.account.acct === 'frank@аррӏе.com')).toBe(false);
    expect(after[0]).toMatchObject({
      type: 'severed_relationships',
      event: { type: 'user_domain_block', purged: false, target_name: 'xn--80ak6aa92e.com', following_count: 1, followers_count: 1 },
    });
  });

  it('the cut takes the posts of the accounts it unfollows out of the home feed; boosts of them by others stay', async () => {
    const mastodon = await start({ blockSideEffectsDelayMs: 0 });
    const home = async () =>
      ((await call(mastodon.url, 'GET', '/api/v1/timelines/home?limit=40', { token: mastodon.demoToken })).body as Array<{ account: { acct: string }; reblog: { account: { acct: string } } | null }>)
        .map((s) => (s.reblog ? `${s.account.acct} boosts ${s.reblog.account.acct}` : s.account.acct));
    expect(await home()).toEqual(expect.arrayContaining(['frank@аррӏе.com', 'alice boosts frank@аррӏе.com']));
    mastodon.state.addDomainBlock('xn--80ak6aa92e.com');
    const after = await home();
    expect(after).not.toContain('frank@аррӏе.com');
    expect(after).toContain('alice boosts frank@аррӏе.com');
  });

  it('the preview is 4.3+ only', async () => {
    const mastodon = await start({ version: '4.2' });
    const result = await call(mastodon.url, 'GET', '/api/v1/domain_blocks/preview?domain=threads.net', { token: mastodon.demoToken });
    expect(result.status).toBe(404);
  });

  it('state.addDomainBlock acts like a block made by hand and refuses invalid domains', async () => {
    const mastodon = await start();
    mastodon.state.addDomainBlock('Mastodon.Social');
    expect(mastodon.state.domainBlocks()[0]).toBe('mastodon.social');
    await mastodon.state.jobsDone();
    expect(mastodon.state.following().some((a) => a.endsWith('@mastodon.social'))).toBe(false);
    expect(() => mastodon.state.addDomainBlock('*.bad')).toThrow(/not a valid domain name/);
    mastodon.state.removeDomainBlock('mastodon.social');
    expect(mastodon.state.domainBlocks()).not.toContain('mastodon.social');
  });
});

describe('GET /api/v1/accounts/:id/following and /followers', () => {
  it.each(['following', 'followers'] as const)('%s pages by follow id with limit 40 by default, 80 at most', async (kind) => {
    const mastodon = await start();
    const all = kind === 'following' ? mastodon.state.following() : mastodon.state.followers();
    const full = await call(mastodon.url, 'GET', `/api/v1/accounts/${mastodon.demoAccountId}/${kind}`, { token: mastodon.demoToken });
    expect((full.body as Array<{ acct: string }>).map((a) => a.acct)).toEqual(all);
    expect(parseLinks(full.headers.get('link')).next).toBeUndefined();

    const seen: string[] = [];
    let next: string | undefined = `/api/v1/accounts/${mastodon.demoAccountId}/${kind}?limit=5`;
    while (next) {
      const page = await call(mastodon.url, 'GET', next, { token: mastodon.demoToken });
      seen.push(...(page.body as Array<{ acct: string }>).map((a) => a.acct));
      next = parseLinks(page.headers.get('link')).next;
    }
    expect(seen).toEqual(all);
  });

  it('limit is capped at 80 and anonymous requests are allowed', async () => {
    const mastodon = await start({ seed: 'empty' });
    const result = await call(mastodon.url, 'GET', `/api/v1/accounts/${mastodon.demoAccountId}/followers?limit=1000`);
    expect([result.status, result.body]).toEqual([200, []]);
  });

  it('accounts carry the API acct: no domain for local, Unicode for IDN', async () => {
    const mastodon = await start();
    const result = await call(mastodon.url, 'GET', `/api/v1/accounts/${mastodon.demoAccountId}/following?limit=80`, { token: mastodon.demoToken });
    const byAcct = new Map((result.body as Array<{ acct: string; url: string; id: string }>).map((a) => [a.acct, a]));
    expect(byAcct.get('alice')?.url).toBe(`${mastodon.url}/@alice`);
    expect(byAcct.get('frank@аррӏе.com')?.id).toBe('111502216396825870');
    expect(byAcct.get('bob@threads.net')?.url).toBe('https://www.threads.net/@bob');
  });
});

describe('GET /api/v1/instance/domain_blocks', () => {
  it('is hidden by default, as Mastodon ships (`show_domain_blocks: disabled` in config/settings.yml)', async () => {
    const mastodon = await start();
    const result = await call(mastodon.url, 'GET', '/api/v1/instance/domain_blocks', { token: mastodon.demoToken });
    expect([result.status, result.text]).toEqual([404, '']);
  });

  it.each([
    ['hidden', false, 404],
    ['hidden', true, 404],
    ['users', false, 404],
    ['users', true, 200],
    ['all', false, 200],
  ] as const)('visibility %s, with a token: %s → %i', async (visibility, withToken, status) => {
    const mastodon = await start({ instanceBlocksVisibility: visibility });
    const result = await call(mastodon.url, 'GET', '/api/v1/instance/domain_blocks', { token: withToken ? mastodon.demoToken : undefined });
    expect(result.status).toBe(status);
  });

  it('obfuscated entries hide the name but carry the SHA-256 of the real one', async () => {
    const mastodon = await start({ instanceBlocksVisibility: 'all' });
    const result = await call(mastodon.url, 'GET', '/api/v1/instance/domain_blocks');
    const blocks = result.body as Array<{ domain: string; digest: string; severity: string; comment?: string | null }>;
    const sha = (d: string) => createHash('sha256').update(d).digest('hex');
    expect(blocks.find((b) => b.digest === sha('poa.st'))).toEqual({ domain: 'po*.*t', digest: sha('poa.st'), severity: 'suspend', comment: 'Hate speech, harassment' });
    expect(blocks.find((b) => b.digest === sha('hatespeech.example.net'))?.domain).toBe('hatesp****.******e.net');
    expect(blocks.find((b) => b.domain === 'spamfarm.example')?.digest).toBe(sha('spamfarm.example'));
    expect(blocks.map((b) => b.severity)).toEqual(['silence', 'silence', 'suspend', 'suspend', 'suspend']);
  });
});
