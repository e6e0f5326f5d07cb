import { createHash, randomBytes } from 'node:crypto';
import { createOAuthAPIClient, createRestAPIClient, MastoHttpError } from 'masto';
import { describe, expect, it } from 'vitest';
import type { FakeMastodon } from '../fake-mastodon/index.ts';
import { fakeMastodonPerTest } from './oauth-helpers';

/** masto.js 8, unchanged, against the fake: what Hedge's adapters will do. */

const REDIRECT_URI = 'https://abcdefghijklmnop.chromiumapp.org/';
const SCOPES = 'read:blocks write:blocks read:accounts read:follows';

const { start } = fakeMastodonPerTest();

/** Registers with masto, approves in the "browser" (autoApprove), exchanges the code with masto. */
async function signIn(mastodon: FakeMastodon, withPkce: boolean): Promise<{ accessToken: string; clientId: string; clientSecret: string }> {
  const anonymous = createRestAPIClient({ url: mastodon.url });
  const app = await anonymous.v1.apps.create({ clientName: 'Hedge', redirectUris: REDIRECT_URI, scopes: SCOPES, website: 'https://hedge.example' });
  const clientId = app.clientId ?? '';
  const clientSecret = app.clientSecret ?? '';
  const verifier = randomBytes(32).toString('base64url');
  const authorize = new URL('/oauth/authorize', mastodon.url);
  authorize.search = new URLSearchParams({
    response_type: 'code', client_id: clientId, redirect_uri: REDIRECT_URI, scope: SCOPES, state: 'masto',
    ...(withPkce ? { code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256' } : {}),
  }).toString();
  const redirect = await fetch(authorize, { redirect: 'manual' });
  const back = new URL(redirect.headers.get('location') ?? '');
  expect(back.searchParams.get('state')).toBe('masto');

  const oauth = createOAuthAPIClient({ url: mastodon.url });
  const token = await oauth.token.create({
    grantType: 'authorization_code',
    clientId,
    clientSecret,
    redirectUri: REDIRECT_URI,
    code: back.searchParams.get('code') ?? '',
    // masto.js passes extra parameters through; its types do not list PKCE yet.
    ...(withPkce ? { codeVerifier: verifier } : {}),
  } as Parameters<typeof oauth.token.create>[0]);
  expect(token.tokenType).toBe('Bearer');
  return { accessToken: token.accessToken, clientId, clientSecret };
}

describe.each([
  ['4.3', true],
  ['4.5', true],
  ['4.2', false],
] as const)('masto.js against Mastodon %s', (version, withPkce) => {
  it('signs in, lists, creates and removes domain blocks, pages with for await, revokes', async () => {
    const mastodon = await start({ version, autoApprove: true, seed: 'empty' });
    const { accessToken, clientId, clientSecret } = await signIn(mastodon, withPkce);
    const client = createRestAPIClient({ url: mastodon.url, accessToken });

    const me = await client.v1.accounts.verifyCredentials();
    expect(me.acct).toBe('demo');

    const domains = Array.from({ length: 450 }, (_, i) => `list-${i}.example.net`);
    for (const domain of domains.slice(0, 5)) await client.v1.domainBlocks.create({ domain });
    for (const domain of domains.slice(5)) mastodon.state.addDomainBlock(domain);

    const pages: string[][] = [];
    for await (const page of client.v1.domainBlocks.list({ limit: 200 })) pages.push(page);
    expect(pages.map((p) => p.length)).toEqual([200, 200, 50]);
    expect(pages.flat()).toEqual([...domains].reverse());

    await client.v1.domainBlocks.remove({ domain: 'list-0.example.net' });
    expect(mastodon.state.domainBlocks()).not.toContain('list-0.example.net');

    const raw = await client.v1.domainBlocks.list.$raw({ limit: 1 });
    expect(raw.headers.get('x-ratelimit-limit')).toBe('300');
    expect(Number(raw.headers.get('x-ratelimit-remaining'))).toBeLessThan(300);

    const invalid = await client.v1.domainBlocks.create({ domain: '*.example.net' }).catch((error: unknown) => error);
    expect(invalid).toBeInstanceOf(MastoHttpError);
    expect((invalid as MastoHttpError).statusCode).toBe(422);
    expect((invalid as MastoHttpError).message).toBe('Validation failed: Domain is not a valid domain name');

    await createOAuthAPIClient({ url: mastodon.url }).revoke({ clientId, clientSecret, token: accessToken });
    const revoked = await Promise.resolve(client.v1.domainBlocks.list()).catch((error: unknown) => error);
    expect((revoked as MastoHttpError).statusCode).toBe(401);
  });
});

describe('masto.js sees Mastodon\'s errors as MastoHttpError', () => {
  it('a 429 is a MastoHttpError with status 429 and Mastodon\'s message', async () => {
    const mastodon = await start({ limitPerWindow: 2 });
    const client = createRestAPIClient({ url: mastodon.url, accessToken: mastodon.demoToken });
    await client.v1.domainBlocks.list();
    await client.v1.domainBlocks.list();
    const refused = await Promise.resolve(client.v1.domainBlocks.list()).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(MastoHttpError);
    expect((refused as MastoHttpError).statusCode).toBe(429);
    expect((refused as MastoHttpError).message).toBe('Too many requests');
  });

  it('a follow list pages through Link with masto', async () => {
    const mastodon = await start();
    const client = createRestAPIClient({ url: mastodon.url, accessToken: mastodon.demoToken });
    const accts: string[] = [];
    for await (const page of client.v1.accounts.$select(mastodon.demoAccountId).following.list({ limit: 4 })) {
      accts.push(...page.map((a) => a.acct));
    }
    expect(accts).toEqual(mastodon.state.following());
  });

  it('the instance and its domain blocks (shown to signed-in users; Mastodon hides them by default)', async () => {
    const mastodon = await start({ version: '4.4', instanceBlocksVisibility: 'users' });
    const client = createRestAPIClient({ url: mastodon.url, accessToken: mastodon.demoToken });
    const instance = await client.v2.instance.fetch();
    expect(instance.version).toBe('4.4.3');
    expect((instance as unknown as { apiVersions: { mastodon: number } }).apiVersions.mastodon).toBe(6);
    const blocks = await client.v1.instance.domainBlocks.fetch();
    expect(blocks.some((b) => b.domain.includes('*'))).toBe(true);
  });
});
