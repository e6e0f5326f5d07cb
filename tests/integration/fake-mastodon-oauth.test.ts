import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { FakeMastodon } from '../fake-mastodon/index.ts';
import { fakeMastodonPerTest } from './oauth-helpers';
import { call } from '../fake-mastodon/test-http.ts';

const REDIRECT_URI = 'https://abcdefghijklmnop.chromiumapp.org/';
const HEDGE_SCOPES = 'read:blocks write:blocks read:accounts read:follows';

const { start, stop } = fakeMastodonPerTest();

interface App {
  clientId: string;
  clientSecret: string;
}

async function registerApp(mastodon: FakeMastodon, redirectUris: string | string[] = REDIRECT_URI, scopes = HEDGE_SCOPES): Promise<App> {
  const result = await call(mastodon.url, 'POST', '/api/v1/apps', { form: { client_name: 'Hedge', redirect_uris: redirectUris, scopes } });
  expect(result.status, result.text).toBe(200);
  const body = result.body as { client_id: string; client_secret: string };
  return { clientId: body.client_id, clientSecret: body.client_secret };
}

function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** The fields of the consent page's Authorize form, as a browser would submit them. */
function formFields(page: string, buttonLabel: 'Authorize' | 'Deny'): Record<string, string> {
  const form = [...page.matchAll(/<form[^>]*>([\s\S]*?)<\/form>/g)].find((m) => m[1]?.includes(`>${buttonLabel}</button>`));
  expect(form, `a form with a ${buttonLabel} button`).toBeDefined();
  const fields: Record<string, string> = {};
  for (const input of (form?.[1] ?? '').matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) {
    fields[input[1] ?? ''] = (input[2] ?? '').replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
  }
  return fields;
}

async function consent(mastodon: FakeMastodon, query: Record<string, string>, button: 'Authorize' | 'Deny' = 'Authorize'): Promise<URL> {
  const page = await call(mastodon.url, 'GET', `/oauth/authorize?${new URLSearchParams(query)}`);
  expect(page.status, page.text).toBe(200);
  const submitted = await call(mastodon.url, 'POST', '/oauth/authorize', { form: formFields(page.text, button) });
  expect(submitted.status).toBe(302);
  return new URL(submitted.headers.get('location') ?? '');
}

function exchange(mastodon: FakeMastodon, app: App, fields: Record<string, string>) {
  return call(mastodon.url, 'POST', '/oauth/token', {
    form: { grant_type: 'authorization_code', client_id: app.clientId, client_secret: app.clientSecret, redirect_uri: REDIRECT_URI, ...fields },
  });
}

describe('OAuth on Mastodon 4.3+ with PKCE', () => {
  it.each(['4.3', '4.4', '4.5'] as const)('%s: consent page, code with state, S256 verifier, a working token', async (version) => {
    const mastodon = await start({ version });
    const app = await registerApp(mastodon, [REDIRECT_URI, 'https://other.example/callback']);
    const { verifier, challenge } = pkcePair();
    const query = { response_type: 'code', client_id: app.clientId, redirect_uri: REDIRECT_URI, scope: HEDGE_SCOPES, state: 'xyz 42', code_challenge: challenge, code_challenge_method: 'S256' };

    const page = await call(mastodon.url, 'GET', `/oauth/authorize?${new URLSearchParams(query)}`);
    expect(page.text).toContain('Authorization required');
    expect(page.text).toContain('<strong class="oauth-prompt__app-name">Hedge</strong>');
    for (const scope of HEDGE_SCOPES.split(' ')) expect(page.text).toContain(`<code>${scope}</code>`);
    expect(page.text).toMatch(/<button type="submit" class="btn">Authorize<\/button>/);
    expect(page.text).toMatch(/<button type="submit" class="btn negative">Deny<\/button>/);

    const back = await consent(mastodon, query);
    expect(back.origin + back.pathname).toBe(REDIRECT_URI);
    expect(back.searchParams.get('state')).toBe('xyz 42');
    const code = back.searchParams.get('code') ?? '';

    const wrong = await exchange(mastodon, app, { code, code_verifier: pkcePair().verifier });
    expect([wrong.status, (wrong.body as { error: string }).error]).toEqual([400, 'invalid_grant']);

    const token = await exchange(mastodon, app, { code, code_verifier: verifier });
    expect(token.status).toBe(200);
    expect(token.body).toMatchObject({ token_type: 'Bearer', scope: HEDGE_SCOPES });
    const accessToken = (token.body as { access_token: string }).access_token;

    const me = await call(mastodon.url, 'GET', '/api/v1/accounts/verify_credentials', { token: accessToken });
    expect(me.body).toMatchObject({ id: mastodon.demoAccountId, acct: 'demo' });

    const reused = await exchange(mastodon, app, { code, code_verifier: verifier });
    expect([reused.status, (reused.body as { error: string }).error]).toEqual([400, 'invalid_grant']);
  });

  it('a missing verifier is an invalid request; a verifier without a challenge an invalid grant', async () => {
    const mastodon = await start({ version: '4.3' });
    const app = await registerApp(mastodon);
    const base = { response_type: 'code', client_id: app.clientId, redirect_uri: REDIRECT_URI, scope: HEDGE_SCOPES };
    const withChallenge = await consent(mastodon, { ...base, code_challenge: pkcePair().challenge, code_challenge_method: 'S256' });
    const missing = await exchange(mastodon, app, { code: withChallenge.searchParams.get('code') ?? '' });
    expect(missing.body).toEqual({ error: 'invalid_request', error_description: 'Missing required parameter: code_verifier.' });

    const withoutChallenge = await consent(mastodon, base);
    const stray = await exchange(mastodon, app, { code: withoutChallenge.searchParams.get('code') ?? '', code_verifier: pkcePair().verifier });
    expect((stray.body as { error: string }).error).toBe('invalid_grant');
  });

  it.each([
    ['4.3', 200],
    ['4.4', 302],
  ] as const)('%s: the plain challenge method answers %i', async (version, status) => {
    const mastodon = await start({ version });
    const app = await registerApp(mastodon);
    const page = await call(mastodon.url, 'GET', `/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: app.clientId, redirect_uri: REDIRECT_URI, scope: HEDGE_SCOPES, code_challenge: 'abc', code_challenge_method: 'plain', state: 's' })}`);
    expect(page.status).toBe(status);
    if (status === 302) {
      const back = new URL(page.headers.get('location') ?? '');
      expect(Object.fromEntries(back.searchParams)).toEqual({ error: 'invalid_request', error_description: 'The code_challenge_method must be one of S256.', state: 's' });
    }
  });

  it('Deny sends the user back with access_denied and the same state', async () => {
    const mastodon = await start();
    const app = await registerApp(mastodon);
    const back = await consent(mastodon, { response_type: 'code', client_id: app.clientId, redirect_uri: REDIRECT_URI, scope: HEDGE_SCOPES, state: 'st8' }, 'Deny');
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('state')).toBe('st8');
    expect(back.searchParams.has('code')).toBe(false);
  });

  it('authorising again returns the same token and skips the consent page', async () => {
    const mastodon = await start();
    const app = await registerApp(mastodon);
    const query = { response_type: 'code', client_id: app.clientId, redirect_uri: REDIRECT_URI, scope: HEDGE_SCOPES };
    const first = await exchange(mastodon, app, { code: (await consent(mastodon, query)).searchParams.get('code') ?? '' });
    const again = await call(mastodon.url, 'GET', `/oauth/authorize?${new URLSearchParams(query)}`);
    expect(again.status).toBe(302);
    const second = await exchange(mastodon, app, { code: new URL(again.headers.get('location') ?? '').searchParams.get('code') ?? '' });
    expect((second.body as { access_token: string }).access_token).toBe((first.body as { access_token: string }).access_token);
    const forced = await call(mastodon.url, 'GET', `/oauth/authorize?${new URLSearchParams({ ...query, force_login: 'true' })}`);
    expect(forced.status).toBe(200);
  });

  it('autoApprove skips the consent page', async () => {
    const mastodon = await start({ autoApprove: true });
    const app = await registerApp(mastodon);
    const direct = await call(mastodon.url, 'GET', `/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: app.clientId, redirect_uri: REDIRECT_URI, scope: HEDGE_SCOPES, state: 'a' })}`);
    expect(direct.status).toBe(302);
    expect(new URL(direct.headers.get('location') ?? '').searchParams.get('state')).toBe('a');
  });

  it.each([
    ['a trailing slash less', 'https://abcdefghijklmnop.chromiumapp.org', 400],
    ['another host', 'https://evil.example/', 400],
    ['an unknown client', REDIRECT_URI, 401],
  ])('redirect URIs match exactly: %s gives an error page, not a redirect', async (_label, redirectUri, status) => {
    const mastodon = await start();
    const app = await registerApp(mastodon);
    const clientId = status === 401 ? 'nope' : app.clientId;
    const page = await call(mastodon.url, 'GET', `/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: redirectUri, scope: HEDGE_SCOPES })}`);
    expect(page.status).toBe(status);
    expect(page.headers.get('location')).toBeNull();
    expect(page.text).toContain('An error has occurred');
  });

  it('scopes beyond the app registration are refused back at the client', async () => {
    const mastodon = await start();
    const app = await registerApp(mastodon, REDIRECT_URI, 'read:blocks');
    const page = await call(mastodon.url, 'GET', `/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: app.clientId, redirect_uri: REDIRECT_URI, scope: 'read:blocks write:blocks' })}`);
    expect(new URL(page.headers.get('location') ?? '').searchParams.get('error')).toBe('invalid_scope');
  });

  it('the app name is shown as text, never as markup', async () => {
    const mastodon = await start();
    const registered = await call(mastodon.url, 'POST', '/api/v1/apps', { json: { client_name: '<img src=x onerror=alert(1)>', redirect_uris: REDIRECT_URI, scopes: 'read' } });
    const clientId = (registered.body as { client_id: string }).client_id;
    const page = await call(mastodon.url, 'GET', `/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: REDIRECT_URI, scope: 'read' })}`);
    expect(page.text).not.toContain('<img src=x');
    expect(page.text).toContain('&#60;img src=x onerror=alert(1)&#62;');
  });

  it('out-of-band apps get the code on a page', async () => {
    const mastodon = await start();
    const app = await registerApp(mastodon, 'urn:ietf:wg:oauth:2.0:oob', 'read');
    const back = await consent(mastodon, { response_type: 'code', client_id: app.clientId, redirect_uri: 'urn:ietf:wg:oauth:2.0:oob', scope: 'read' });
    expect(back.pathname).toBe('/oauth/authorize/native');
    const page = await call(mastodon.url, 'GET', back.pathname + back.search);
    expect(page.text).toContain(`value="${back.searchParams.get('code')}"`);
  });
});

describe('app registration', () => {
  it.each([
    ['JSON with a string', { json: { client_name: 'Hedge', redirect_uris: REDIRECT_URI } }, [REDIRECT_URI]],
    ['JSON with an array', { json: { client_name: 'Hedge', redirect_uris: [REDIRECT_URI, 'https://b.example/cb'] } }, [REDIRECT_URI, 'https://b.example/cb']],
    ['a form with an array', { form: { client_name: 'Hedge', redirect_uris: [REDIRECT_URI, 'https://b.example/cb'] } }, [REDIRECT_URI, 'https://b.example/cb']],
  ])('4.3 accepts %s', async (_label, body, expected) => {
    const mastodon = await start();
    const result = await call(mastodon.url, 'POST', '/api/v1/apps', body);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ name: 'Hedge', redirect_uris: expected, redirect_uri: expected.join('\n'), scopes: ['read'] });
  });

  it('4.2 drops an array of redirect URIs and takes a string', async () => {
    const mastodon = await start({ version: '4.2' });
    const dropped = await call(mastodon.url, 'POST', '/api/v1/apps', { json: { client_name: 'Hedge', redirect_uris: [REDIRECT_URI] } });
    expect([dropped.status, dropped.body]).toEqual([422, { error: "Validation failed: Redirect URI can't be blank" }]);
    const accepted = await call(mastodon.url, 'POST', '/api/v1/apps', { json: { client_name: 'Hedge', redirect_uris: REDIRECT_URI } });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ redirect_uri: REDIRECT_URI });
    expect(accepted.body).not.toHaveProperty('redirect_uris');
  });

  it.each([
    [{ client_name: 'Hedge', redirect_uris: 'https://x.example/cb#part' }, 'Validation failed: Redirect URI cannot contain a fragment.'],
    [{ client_name: 'Hedge', redirect_uris: '/callback' }, 'Validation failed: Redirect URI must be an absolute URI.'],
    [{ redirect_uris: REDIRECT_URI }, "Validation failed: Application name can't be blank"],
    [{ client_name: 'Hedge', redirect_uris: REDIRECT_URI, scopes: 'read:everything' }, "Validation failed: Scopes doesn't match configured on the server."],
  ])('refuses %j', async (body, message) => {
    const mastodon = await start();
    const result = await call(mastodon.url, 'POST', '/api/v1/apps', { json: body });
    expect([result.status, result.body]).toEqual([422, { error: message }]);
  });

  it('from 4.3 at most 5 registrations per 10 minutes per IP; 4.2 has no such limit', async () => {
    const modern = await start({ version: '4.3' });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await call(modern.url, 'POST', '/api/v1/apps', { json: { client_name: 'Hedge', redirect_uris: REDIRECT_URI } })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    await stop(modern);

    const old = await start({ version: '4.2' });
    for (let i = 0; i < 6; i += 1) {
      expect((await call(old.url, 'POST', '/api/v1/apps', { json: { client_name: 'Hedge', redirect_uris: REDIRECT_URI } })).status).toBe(200);
    }
  });
});

describe('Mastodon 4.2 OAuth', () => {
  it('works without PKCE, ignores challenge parameters and has no discovery', async () => {
    const mastodon = await start({ version: '4.2' });
    const app = await registerApp(mastodon);
    const back = await consent(mastodon, { response_type: 'code', client_id: app.clientId, redirect_uri: REDIRECT_URI, scope: HEDGE_SCOPES, state: 'q', code_challenge: pkcePair().challenge, code_challenge_method: 'S256' });
    expect(back.searchParams.get('state')).toBe('q');
    const token = await exchange(mastodon, app, { code: back.searchParams.get('code') ?? '' });
    expect(token.status).toBe(200);
    expect((await call(mastodon.url, 'GET', '/.well-known/oauth-authorization-server')).status).toBe(404);
  });
});

describe('discovery, revocation and scopes', () => {
  it('4.3 advertises its endpoints and S256', async () => {
    const mastodon = await start({ version: '4.3' });
    const metadata = await call(mastodon.url, 'GET', '/.well-known/oauth-authorization-server');
    expect(metadata.body).toMatchObject({
      issuer: `${mastodon.url}/`,
      authorization_endpoint: `${mastodon.url}/oauth/authorize`,
      token_endpoint: `${mastodon.url}/oauth/token`,
      revocation_endpoint: `${mastodon.url}/oauth/revoke`,
      app_registration_endpoint: `${mastodon.url}/api/v1/apps`,
      code_challenge_methods_supported: ['S256'],
    });
    expect((metadata.body as { scopes_supported: string[] }).scopes_supported).toEqual(expect.arrayContaining(HEDGE_SCOPES.split(' ')));
  });

  it('a revoked token is refused with 401; only its own client may revoke it', async () => {
    const mastodon = await start();
    const app = await registerApp(mastodon);
    const other = await registerApp(mastodon);
    const back = await consent(mastodon, { response_type: 'code', client_id: app.clientId, redirect_uri: REDIRECT_URI, scope: HEDGE_SCOPES });
    const accessToken = ((await exchange(mastodon, app, { code: back.searchParams.get('code') ?? '' })).body as { access_token: string }).access_token;

    const foreign = await call(mastodon.url, 'POST', '/oauth/revoke', { form: { client_id: other.clientId, client_secret: other.clientSecret, token: accessToken } });
    expect(foreign.status).toBe(403);
    expect((await call(mastodon.url, 'GET', '/api/v1/domain_blocks', { token: accessToken })).status).toBe(200);

    const own = await call(mastodon.url, 'POST', '/oauth/revoke', { json: { client_id: app.clientId, client_secret: app.clientSecret, token: accessToken } });
    expect([own.status, own.body]).toEqual([200, {}]);
    const after = await call(mastodon.url, 'GET', '/api/v1/domain_blocks', { token: accessToken });
    // Doorkeeper words a revoked token apart from one it never issued (InvalidTokenResponse.from_access_token).
    expect([after.status, after.body]).toEqual([401, { error: 'The access token was revoked' }]);
    expect(after.headers.get('www-authenticate')).toBe('Bearer realm="Doorkeeper", error="invalid_token", error_description="The access token was revoked"');
    const never = await call(mastodon.url, 'GET', '/api/v1/domain_blocks', { token: 'never-issued' });
    expect([never.status, never.body]).toEqual([401, { error: 'The access token is invalid' }]);
    const unknown = await call(mastodon.url, 'POST', '/oauth/revoke', { form: { client_id: app.clientId, client_secret: app.clientSecret, token: 'never-issued' } });
    expect([unknown.status, unknown.body]).toEqual([200, {}]);
  });

  it('the client secret is required at the token endpoint', async () => {
    const mastodon = await start();
    const app = await registerApp(mastodon);
    const back = await consent(mastodon, { response_type: 'code', client_id: app.clientId, redirect_uri: REDIRECT_URI, scope: HEDGE_SCOPES });
    const result = await call(mastodon.url, 'POST', '/oauth/token', { form: { grant_type: 'authorization_code', client_id: app.clientId, code: back.searchParams.get('code') ?? '', redirect_uri: REDIRECT_URI } });
    expect([result.status, (result.body as { error: string }).error]).toEqual([401, 'invalid_client']);
  });

  async function tokenWith(mastodon: FakeMastodon, scopes: string): Promise<string> {
    const app = await registerApp(mastodon, REDIRECT_URI, scopes);
    const back = await consent(mastodon, { response_type: 'code', client_id: app.clientId, redirect_uri: REDIRECT_URI, scope: scopes });
    return ((await exchange(mastodon, app, { code: back.searchParams.get('code') ?? '' })).body as { access_token: string }).access_token;
  }

  it.each([
    ['read:blocks', 'GET', '/api/v1/domain_blocks', 200],
    ['read:blocks', 'POST', '/api/v1/domain_blocks', 403],
    ['write:blocks', 'GET', '/api/v1/domain_blocks', 403],
    ['write:blocks', 'POST', '/api/v1/domain_blocks', 200],
    ['read:blocks', 'GET', '/api/v1/domain_blocks/preview?domain=threads.net', 403],
    ['write:blocks', 'GET', '/api/v1/domain_blocks/preview?domain=threads.net', 200],
    ['read:follows', 'GET', '/api/v1/accounts/1/following', 403],
    ['read:accounts', 'GET', '/api/v1/accounts/1/following', 200],
    ['profile', 'GET', '/api/v1/accounts/verify_credentials', 200],
    ['read:blocks', 'GET', '/api/v1/accounts/verify_credentials', 403],
    ['follow', 'DELETE', '/api/v1/domain_blocks', 200],
  ])('a %s token: %s %s answers %i', async (scopes, method, path, status) => {
    const mastodon = await start();
    const token = await tokenWith(mastodon, scopes);
    const result = await call(mastodon.url, method, path, { token, form: method === 'GET' ? undefined : { domain: 'example.org' } });
    expect(result.status).toBe(status);
    if (status === 403) expect(result.body).toEqual({ error: 'This action is outside the authorized scopes' });
  });

  it('a client_credentials token acts for no user', async () => {
    const mastodon = await start();
    const app = await registerApp(mastodon, REDIRECT_URI, 'read write');
    const token = await call(mastodon.url, 'POST', '/oauth/token', { form: { grant_type: 'client_credentials', client_id: app.clientId, client_secret: app.clientSecret, scope: 'read' } });
    expect(token.status).toBe(200);
    const blocks = await call(mastodon.url, 'GET', '/api/v1/domain_blocks', { token: (token.body as { access_token: string }).access_token });
    expect([blocks.status, blocks.body]).toEqual([422, { error: 'This method requires an authenticated user' }]);
  });
});
