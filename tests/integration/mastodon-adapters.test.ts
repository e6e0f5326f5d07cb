import { afterEach, describe, expect, it } from 'vitest';
import { createRestAPIClient } from 'masto';
import { startFakeMastodon, type FakeMastodon, type MastodonVersion } from '../fake-mastodon/index';
import type { AnswerInfo } from '../../utils/mastodon/answers';
import { createDomainBlockAdapter, DOMAIN_BLOCKS_PAGE_LIMIT } from '../../utils/mastodon/domain-blocks';
import { MastodonError } from '../../utils/mastodon/errors';
import { fetchRelationships, RELATIONSHIPS_PAGE_LIMIT } from '../../utils/mastodon/relationships';
import { fetchServerDomainBlocks, fetchServerVersion } from '../../utils/mastodon/server';

const VERSIONS: MastodonVersion[] = ['4.2', '4.3'];
const LOCAL_DOMAIN = 'social.example';

let server: FakeMastodon | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function connect(version: MastodonVersion, options: Parameters<typeof startFakeMastodon>[0] = {}) {
  const mastodon = await startFakeMastodon({ version, ...options });
  server = mastodon;
  const client = createRestAPIClient({ url: mastodon.url, accessToken: mastodon.demoToken });
  const answers: AnswerInfo[] = [];
  const host = new URL(mastodon.url).host;
  const apiVersion = version === '4.2' ? 0 : 2;
  const blocks = createDomainBlockAdapter(client, { host, apiVersion, onAnswer: (answer) => answers.push(answer) });
  return { mastodon, client, answers, host, blocks };
}

/** A domain's part of an acct as the test reads it: after the `@`, or the local domain; lowercase ASCII. */
function expectedDomain(acct: string): string {
  const domain = acct.includes('@') ? acct.split('@')[1] ?? '' : LOCAL_DOMAIN;
  return new URL(`https://${domain}`).hostname;
}

describe.each(VERSIONS)('Mastodon %s adapters', (version) => {
  it('lists every personal block, 200 a page, with the rate limit of every answer', async () => {
    const { mastodon, blocks, answers } = await connect(version);
    for (let i = 0; i < 450; i += 1) mastodon.state.addDomainBlock(`bulk-${i}.example.org`);

    const all = await blocks.listAll();
    expect(all).toEqual(mastodon.state.domainBlocks());
    expect(all).toHaveLength(452);

    const reads = mastodon.state.requests.filter((r) => r.path === '/api/v1/domain_blocks' && r.method === 'GET');
    expect(reads).toHaveLength(Math.ceil(452 / DOMAIN_BLOCKS_PAGE_LIMIT));
    expect(reads.every((r) => r.query.includes(`limit=${DOMAIN_BLOCKS_PAGE_LIMIT}`))).toBe(true);
    expect(answers).toHaveLength(reads.length);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.rateLimit?.limit).toBe(300);
      expect(answer.headers.reset).toMatch(/^\d{4}-\d\d-\d\dT/);
    }
    expect(answers.map((a) => a.rateLimit?.remaining)).toEqual([299, 298, 297]);
  });

  it('pages by cursor to the same list (the apply engine’s port)', async () => {
    const { mastodon, blocks } = await connect(version);
    for (let i = 0; i < 250; i += 1) mastodon.state.addDomainBlock(`page-${i}.example.net`);
    const domains: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await blocks.listPage(cursor);
      expect(page.status).toBe(200);
      expect(page.rateLimit?.limit).toBe('300');
      domains.push(...page.domains);
      cursor = page.next;
      pages += 1;
    } while (cursor !== undefined && pages < 10);
    expect(domains).toEqual(mastodon.state.domainBlocks());
    expect(pages).toBe(2);
  });

  it('creates and removes a block, and reports a refused domain with the server’s words', async () => {
    const { mastodon, blocks } = await connect(version);
    const created = await blocks.create('threads.net');
    expect(created).toMatchObject({ status: 200, rateLimit: { limit: '300' } });
    expect(mastodon.state.domainBlocks()[0]).toBe('threads.net');
    // The block answers before Mastodon's AfterAccountDomainBlockWorker cuts the follows, moments later.
    const onThreads = () => mastodon.state.following().filter((acct) => acct.endsWith('@threads.net'));
    expect(onThreads()).toHaveLength(3);
    await expect.poll(onThreads, { timeout: 5_000 }).toEqual([]);

    const removed = await blocks.remove('threads.net');
    expect(removed.status).toBe(200);
    expect(mastodon.state.domainBlocks()).not.toContain('threads.net');

    const refused = await blocks.create('*.example.com');
    expect(refused.status).toBe(422);
    expect(refused.error).toMatch(/not a valid domain/);
    expect(refused.rateLimit?.remaining).not.toBeNull();
  });

  it('gives the preview of a block on 4.3+ and nothing on 4.2', async () => {
    const { blocks } = await connect(version);
    const preview = await blocks.preview('threads.net');
    if (version === '4.2') {
      expect(preview).toBeNull();
    } else {
      expect(preview).toEqual({ followingCount: 3, followersCount: 2 });
    }
  });

  it('groups follows and followers by domain, all pages at limit 80', async () => {
    const { mastodon, client, host, answers } = await connect(version);
    const relationships = await fetchRelationships(client, {
      accountId: mastodon.demoAccountId,
      localDomain: LOCAL_DOMAIN,
      host,
      onAnswer: (answer) => answers.push(answer),
    });
    expect(relationships.following.map((a) => a.domain).sort()).toEqual(mastodon.state.following().map(expectedDomain).sort());
    expect(relationships.followers.map((a) => a.domain).sort()).toEqual(mastodon.state.followers().map(expectedDomain).sort());
    expect(relationships.byDomain.get('threads.net')?.following).toHaveLength(3);
    expect(relationships.byDomain.get(LOCAL_DOMAIN)?.following.map((a) => a.acct)).toContain(`alice@${LOCAL_DOMAIN}`);
    const bob = relationships.following.find((a) => a.acct === 'bob@threads.net');
    expect(bob).toMatchObject({ displayName: 'Bob', url: 'https://www.threads.net/@bob' });
    const reads = mastodon.state.requests.filter((r) => /\/api\/v1\/accounts\/\d+\/follow(ing|ers)$/.test(r.path));
    expect(reads.every((r) => r.query.includes(`limit=${RELATIONSHIPS_PAGE_LIMIT}`))).toBe(true);
    expect(answers.length).toBe(reads.length);
  });

  it('reads the server version and API version', async () => {
    const { client, host } = await connect(version);
    const server = await fetchServerVersion(client, { host });
    expect(server.version.startsWith(version)).toBe(true);
    expect(server.hasBlockPreview).toBe(version !== '4.2');
    expect(server.apiVersion).toBe(version === '4.2' ? 0 : 2);
  });
});

describe('the server’s own domain blocks', () => {
  it('reads them when the admin shows them, obfuscated ones with their digest', async () => {
    const { mastodon, host } = await connect('4.3', { instanceBlocksVisibility: 'users' });
    const result = await fetchServerDomainBlocks({ origin: mastodon.url, token: mastodon.demoToken }, { host });
    expect(result.visibility).toBe('shown');
    expect(result.blocks.length).toBe(5);
    const obfuscated = result.blocks.filter((block) => block.domain.includes('*'));
    expect(obfuscated).toHaveLength(2);
    for (const block of result.blocks) expect(block.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(result.blocks.find((b) => b.domain === 'loud.example.org')?.severity).toBe('silence');
  });

  it('treats a 404 as hidden (Mastodon’s default)', async () => {
    const { mastodon, host } = await connect('4.3', { instanceBlocksVisibility: 'hidden' });
    const credentials = { origin: mastodon.url, token: mastodon.demoToken };
    expect(await fetchServerDomainBlocks(credentials, { host })).toEqual({ visibility: 'hidden', blocks: [] });
  });
});

describe('failures become kinds with the answer’s rate limit', () => {
  it('reports 5xx, dropped connections and 429 as statuses, never as exceptions', async () => {
    const { mastodon, blocks } = await connect('4.3');
    mastodon.faults.set({ kind: '5xx', status: 502, count: 1 });
    expect((await blocks.create('a.example.org')).status).toBe(502);
    mastodon.faults.set({ kind: 'drop', count: 1 });
    const dropped = await blocks.create('b.example.org');
    expect(dropped.status).toBe(0);
    expect(dropped.error).toBeTruthy();
    mastodon.faults.set({ kind: '429-storm', count: 1 });
    const throttled = await blocks.create('c.example.org');
    expect(throttled.status).toBe(429);
    expect(throttled.rateLimit?.reset).toMatch(/^\d{4}-/);
  });

  it('throws MastodonErrors with kinds from the reading adapters', async () => {
    const { mastodon, blocks, answers } = await connect('4.3');
    mastodon.faults.set({ kind: '429-storm', count: 1 });
    const throttled = await blocks.listAll().catch((error: unknown) => error);
    expect(throttled).toBeInstanceOf(MastodonError);
    expect((throttled as MastodonError).kind).toBe('rate-limited');
    expect((throttled as MastodonError).rateLimit?.resetAt).toBeGreaterThan(Date.now() - 1000);
    expect((throttled as MastodonError).message).toMatch(/slow down/);

    mastodon.state.revokeToken(mastodon.demoToken);
    const refused = await blocks.listAll().catch((error: unknown) => error);
    expect((refused as MastodonError).kind).toBe('unauthorized');
    expect(answers.at(-1)?.status).toBe(401);
  });
});
