import { describe, expect, it } from 'vitest';
import { nextCursor } from '../../utils/mastodon/domain-blocks';
import { fromStatus, MastodonError, toMastodonError } from '../../utils/mastodon/errors';
import { normalizeInstance } from '../../utils/mastodon/instance';
import { buildAuthorizeUrl, pkceChallenge, randomUrlSafe, readAuthorizationCode, SCOPES } from '../../utils/mastodon/oauth';
import { originMatchPattern } from '../../utils/permissions/instance-permission';
import { readRateLimit } from '../../utils/mastodon/rate-limit-headers';
import { domainOfAcct } from '../../utils/mastodon/relationships';

describe('normalizeInstance', () => {
  it.each([
    ['mastodon.social', 'https://mastodon.social'],
    ['  Mastodon.Social  ', 'https://mastodon.social'],
    ['https://mastodon.social/', 'https://mastodon.social'],
    ['https://mastodon.social/@alice', 'https://mastodon.social'],
    ['@me@mastodon.social', 'https://mastodon.social'],
    ['me@hachyderm.io', 'https://hachyderm.io'],
    ['mastodon.social.', 'https://mastodon.social'],
    ['https://social.example:8443', 'https://social.example:8443'],
    ['mastodon.café', 'https://mastodon.xn--caf-dma'],
    ['http://localhost:3000', 'http://localhost:3000'],
    ['http://127.0.0.1:41234/', 'http://127.0.0.1:41234'],
  ])('%s → %s', (typed, origin) => {
    expect(normalizeInstance(typed)).toMatchObject({ origin });
  });

  it.each([
    ['', /Type the address/],
    ['http://mastodon.social', /only signs in over https/],
    ['http://localhost', /needs its port/],
    ['ftp://mastodon.social', /not Mastodon servers/],
    ['localhost', /needs its port/],
    ['mastodon', /does not look like a server/],
    ['https://user:pw@mastodon.social', /user name or password/],
    ['mastodon social', /not a server address|does not look like/],
  ])('refuses %j in words', (typed, message) => {
    const result = normalizeInstance(typed);
    expect('error' in result).toBe(true);
    if ('error' in result) {
      expect(result.error.kind).toBe('invalid-input');
      expect(result.error.message).toMatch(message);
    }
  });
});

describe('PKCE and the authorize URL', () => {
  it('computes the S256 challenge of RFC 7636 appendix B', async () => {
    expect(await pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes 43-character verifiers, different every time', () => {
    const verifiers = new Set(Array.from({ length: 50 }, () => randomUrlSafe(32)));
    expect(verifiers.size).toBe(50);
    for (const verifier of verifiers) expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('asks for exactly Hedge’s scopes with S256', () => {
    const url = new URL(
      buildAuthorizeUrl(
        { authorization: 'https://m.example/oauth/authorize', token: '', revocation: '' },
        { clientId: 'id', redirectUri: 'https://x.chromiumapp.org/', state: 's', codeChallenge: 'c' },
      ),
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'id',
      redirect_uri: 'https://x.chromiumapp.org/',
      scope: 'read:blocks write:blocks read:accounts read:follows',
      state: 's',
      code_challenge: 'c',
      code_challenge_method: 'S256',
    });
    expect(SCOPES.split(' ')).toHaveLength(4);
  });

  it.each([
    ['https://x.chromiumapp.org/?code=abc&state=s1', 'abc', null],
    ['https://x.chromiumapp.org/?error=access_denied&state=s1', null, 'denied'],
    ['https://x.chromiumapp.org/?code=abc&state=other', null, 'denied'],
    ['https://x.chromiumapp.org/?code=abc', null, 'denied'],
    ['https://x.chromiumapp.org/?state=s1', null, 'server'],
    ['https://x.chromiumapp.org/?error=invalid_scope&error_description=Bad+scope&state=s1', null, 'server'],
  ])('reads the redirect %s', (url, code, kind) => {
    if (code) {
      expect(readAuthorizationCode(url, 's1', 'm.example')).toBe(code);
    } else {
      expect(() => readAuthorizationCode(url, 's1', 'm.example')).toThrow(MastodonError);
      try {
        readAuthorizationCode(url, 's1', 'm.example');
      } catch (error) {
        expect((error as MastodonError).kind).toBe(kind);
      }
    }
  });
});

describe('rate-limit headers and pagination', () => {
  it('reads Mastodon’s three headers', () => {
    const headers = new Headers({
      'X-RateLimit-Limit': '300',
      'X-RateLimit-Remaining': '12',
      'X-RateLimit-Reset': '2024-05-01T12:05:00.000000Z',
    });
    expect(readRateLimit(headers)).toEqual({ limit: 300, remaining: 12, resetAt: Date.parse('2024-05-01T12:05:00Z') });
    expect(readRateLimit(new Headers({ 'X-RateLimit-Limit': '300' }))).toBeNull();
    expect(readRateLimit(null)).toBeNull();
  });

  it.each([
    ['<https://m.example/api/v1/domain_blocks?limit=200&max_id=42>; rel="next", <https://m.example/api/v1/domain_blocks?min_id=99>; rel="prev"', 'limit=200&max_id=42'],
    ['<https://m.example/api/v1/domain_blocks?min_id=99>; rel="prev"', undefined],
    [null, undefined],
  ])('next cursor of %s', (link, cursor) => {
    expect(nextCursor(link)).toBe(cursor);
  });
});

describe('errors in words', () => {
  const context = { host: 'm.example' };
  it.each([
    [401, undefined, 'unauthorized', /Sign in again/],
    [403, 'This action is outside the authorized scopes', 'denied', /outside the authorized scopes/],
    [429, 'Too many requests', 'rate-limited', /slow down/],
    [503, undefined, 'server', /error 503/],
    [400, 'Bad', 'server', /refused the request/],
  ])('status %i', (status, text, kind, message) => {
    const error = fromStatus(status, text, null, context);
    expect(error.kind).toBe(kind);
    expect(error.message).toMatch(message);
    expect(error.message).toContain('m.example');
  });

  it('a 422 on a domain keeps the server’s message', () => {
    const error = fromStatus(422, 'Validation failed: Domain is not a valid domain name', null, { host: 'm.example', domain: '*.x' });
    expect(error.toHedgeError()).toMatchObject({ kind: 'invalid-domain', serverMessage: 'Validation failed: Domain is not a valid domain name' });
  });

  it('a 429 says when to try again', () => {
    const resetAt = Date.parse('2030-01-01T00:05:00Z');
    const error = fromStatus(429, undefined, { limit: 300, remaining: 0, resetAt }, context);
    expect(error.toHedgeError().retryAt).toBe(resetAt);
  });

  it('a failed fetch is a network failure; masto’s HTML-page crash is a server failure', () => {
    expect(toMastodonError(new TypeError('Failed to fetch'), context).kind).toBe('network');
    expect(toMastodonError(new TypeError('fetch failed'), context).kind).toBe('network');
    const html = new TypeError("Cannot destructure property 'error' of 'data' as it is undefined.");
    expect(toMastodonError(html, context).kind).toBe('server');
    expect(toMastodonError(html, { ...context, isNotFoundNotMastodon: true }).kind).toBe('not-mastodon');
  });
});

describe('small helpers', () => {
  it.each([
    ['https://mastodon.social', 'https://mastodon.social/*'],
    ['http://localhost:3000', 'http://localhost/*'],
    ['https://social.example:8443', 'https://social.example/*'],
  ])('match pattern of %s', (origin, pattern) => {
    expect(originMatchPattern(origin)).toBe(pattern);
  });

  it.each([
    ['alice', 'social.example', 'social.example'],
    ['bob@threads.net', 'social.example', 'threads.net'],
    ['eve@Mastodon.Café', 'social.example', 'mastodon.xn--caf-dma'],
  ])('domain of %s', (acct, local, domain) => {
    expect(domainOfAcct(acct, local)).toBe(domain);
  });
});
