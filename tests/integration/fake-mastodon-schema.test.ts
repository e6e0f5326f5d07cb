import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeMastodon, type FakeMastodon, type MastodonVersion } from '../fake-mastodon/index.ts';
import { MASTODON_VERSIONS, isAtLeast } from '../fake-mastodon/context.ts';
import { demoStatusId } from '../fake-mastodon/seed.ts';
import { createResponseValidator } from '../fake-mastodon/openapi-validator.ts';
import { call, type CallResult } from '../fake-mastodon/test-http.ts';

/**
 * Every JSON answer Hedge relies on, checked against the Mastodon OpenAPI description
 * (tests/fixtures/mastodon-openapi/schema.json), on each supported version.
 *
 * Known divergences of the real server from that document (it is generated from the docs,
 * which describe the newest release); each is asserted exactly, so a new mismatch still fails:
 */
const KNOWN_DIVERGENCES: Array<{
  operationId: string;
  status: number;
  versions: MastodonVersion[];
  errors: string[];
  reason: string;
  /** The errors come only with some answers (a page with a quote post): none is fine, any other is not. */
  isOnlySometimes?: boolean;
}> = [
  {
    operationId: 'createApp',
    status: 200,
    versions: ['4.2'],
    errors: ["must have required property 'redirect_uris'", "must have required property 'scopes'"],
    reason: 'REST::CredentialApplicationSerializer gained scopes and redirect_uris in 4.3',
  },
  {
    operationId: 'getInstanceV2',
    status: 200,
    versions: ['4.2'],
    errors: ["must have required property 'api_versions'", "must have required property 'icon'"],
    reason: 'api_versions and icon arrived in 4.3',
  },
  {
    operationId: 'getNotifications',
    status: 200,
    versions: ['4.2'],
    errors: ["must have required property 'group_key'"],
    reason: 'notifications gained group_key with grouped notifications in 4.3',
  },
  ...(['getTimelineHome', 'getStatus', 'getAccountStatuses'] as const).map((operationId) => ({
    operationId,
    status: 200,
    versions: ['4.5', '4.6'] as MastodonVersion[],
    errors: ['/quote must match exactly one schema in oneOf'],
    isOnlySometimes: true,
    reason:
      'the document gives `quote` as oneOf Quote and ShallowQuote, and a full quote with its post (REST::QuoteSerializer) matches both: '
      + 'every quote a real server sends fails it',
  })),
  {
    operationId: 'getNotificationsV2',
    status: 200,
    versions: ['4.5', '4.6'],
    errors: ['/statuses/quote must match exactly one schema in oneOf'],
    isOnlySometimes: true,
    reason: 'the same oneOf of `quote`, in the posts grouped notifications name',
  },
  {
    operationId: 'getNotifications',
    status: 200,
    versions: ['4.5', '4.6'],
    errors: ['/status/quote must match exactly one schema in oneOf', '/status must be null', '/status must match exactly one schema in oneOf'],
    isOnlySometimes: true,
    reason: 'the same oneOf of `quote`, in the post of a quote notification (its `status` is then neither a valid Status nor null)',
  },
  {
    operationId: 'getWellKnownOauthAuthorizationServer',
    status: 200,
    versions: ['4.3'],
    errors: ["must have required property 'userinfo_endpoint'"],
    reason: 'userinfo_endpoint arrived with /oauth/userinfo in 4.4',
  },
];
/*
 * Not expressible in the document, checked by hand below:
 * - createDomainBlock and deleteDomainBlocks document an empty 200; Mastodon renders `{}` (render_empty).
 * - getInstanceDomainBlocks 404 is `head 404` (no body), not an Error object.
 * - GET /api/v1/domain_blocks/preview (4.3+) is not in the document at all.
 */

const validator = createResponseValidator();

/** An error without its parameters, and without the indexes of the array items it is in (`/statuses/3/quote …` → `/statuses/quote …`). */
function errorShape(error: string): string {
  return error.replace(/ \{.*$/, '').replace(/^\(root\) /, '').replace(/\/\d+(?=[/ ])/g, '').replace(/^ /, '');
}

function expectConforms(operationId: string, version: MastodonVersion, result: CallResult): void {
  if (result.status === 200 && !validator.hasJsonSchema(operationId, 200)) {
    // Documented without a schema (e.g. getInstanceTranslationLanguages): JSON is all that can be checked.
    expect(result.headers.get('content-type')).toMatch(/^application\/json/);
    return;
  }
  const errors = validator.check(operationId, result.status, result.body);
  const divergence = KNOWN_DIVERGENCES.find((d) => d.operationId === operationId && d.status === result.status && d.versions.includes(version));
  if (divergence?.isOnlySometimes) {
    expect([...new Set(errors.map(errorShape))].filter((error) => !divergence.errors.includes(error)), divergence.reason).toEqual([]);
  } else if (divergence) {
    expect([...new Set(errors.map(errorShape))].sort(), divergence.reason).toEqual([...divergence.errors].sort());
  } else {
    expect(errors, `${operationId} ${result.status}: ${result.text.slice(0, 300)}`).toEqual([]);
  }
}

const REDIRECT_URI = 'https://abcdefghijklmnop.chromiumapp.org/';

describe.each(MASTODON_VERSIONS)('answers of a Mastodon %s match the OpenAPI document', (version) => {
  let server: FakeMastodon;
  const isModern = version !== '4.2';
  const since = (oldest: MastodonVersion) => isAtLeast({ version } as Parameters<typeof isAtLeast>[0], oldest);

  beforeAll(async () => {
    server = await startFakeMastodon({ version, appRegistrationLimit: 100, instanceBlocksVisibility: 'users' });
  });
  afterAll(() => server.close());

  it('OAuth: app registration, authorization, token, revocation', async () => {
    const app = await call(server.url, 'POST', '/api/v1/apps', {
      json: { client_name: 'Hedge', redirect_uris: REDIRECT_URI, scopes: 'read:blocks write:blocks read:accounts read:follows', website: 'https://hedge.example' },
    });
    expect(app.status).toBe(200);
    expectConforms('createApp', version, app);
    const { client_id: clientId, client_secret: clientSecret } = app.body as { client_id: string; client_secret: string };

    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const authorizeQuery = new URLSearchParams({
      response_type: 'code', client_id: clientId, redirect_uri: REDIRECT_URI, scope: 'read:blocks write:blocks read:accounts read:follows', state: 's1',
      ...(isModern ? { code_challenge: challenge, code_challenge_method: 'S256' } : {}),
    });
    const consent = await call(server.url, 'GET', `/oauth/authorize?${authorizeQuery}`);
    expect(consent.status).toBe(200);
    expect(consent.headers.get('content-type')).toMatch(/^text\/html/);

    const approved = await call(server.url, 'POST', '/oauth/authorize', { form: Object.fromEntries(authorizeQuery) });
    const code = new URL(approved.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const token = await call(server.url, 'POST', '/oauth/token', {
      form: { grant_type: 'authorization_code', code, client_id: clientId, client_secret: clientSecret, redirect_uri: REDIRECT_URI, ...(isModern ? { code_verifier: verifier } : {}) },
    });
    expect(token.status).toBe(200);
    expectConforms('postOauthToken', version, token);

    const badGrant = await call(server.url, 'POST', '/oauth/token', {
      form: { grant_type: 'authorization_code', code, client_id: clientId, client_secret: clientSecret, redirect_uri: REDIRECT_URI },
    });
    expect(badGrant.status).toBe(400);
    expectConforms('postOauthToken', version, badGrant);

    const badClient = await call(server.url, 'POST', '/oauth/token', { form: { grant_type: 'authorization_code', code, client_id: clientId } });
    expect(badClient.status).toBe(401);
    expectConforms('postOauthToken', version, badClient);

    const revoked = await call(server.url, 'POST', '/oauth/revoke', {
      form: { client_id: clientId, client_secret: clientSecret, token: (token.body as { access_token: string }).access_token },
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toEqual({});
    expect(validator.hasJsonSchema('postOauthRevoke', 200)).toBe(false);

    const appError = await call(server.url, 'POST', '/api/v1/apps', { json: { client_name: 'Hedge', redirect_uris: 'https://x.example/#frag' } });
    expect(appError.status).toBe(422);
    expectConforms('createApp', version, appError);
  });

  it('discovery', async () => {
    const metadata = await call(server.url, 'GET', '/.well-known/oauth-authorization-server');
    if (!isModern) {
      expect(metadata.status).toBe(404);
      return;
    }
    expect(metadata.status).toBe(200);
    expectConforms('getWellKnownOauthAuthorizationServer', version, metadata);
  });

  it('accounts: verify_credentials, following, followers', async () => {
    const me = await call(server.url, 'GET', '/api/v1/accounts/verify_credentials', { token: server.demoToken });
    expectConforms('getAccountsVerifyCredentials', version, me);
    for (const [operationId, kind] of [['getAccountFollowing', 'following'], ['getAccountFollowers', 'followers']] as const) {
      const list = await call(server.url, 'GET', `/api/v1/accounts/${server.demoAccountId}/${kind}?limit=80`, { token: server.demoToken });
      expect(list.status).toBe(200);
      expect((list.body as unknown[]).length).toBeGreaterThan(5);
      expectConforms(operationId, version, list);
    }
    const missing = await call(server.url, 'GET', '/api/v1/accounts/999999/followers', { token: server.demoToken });
    expect(missing.status).toBe(404);
    expectConforms('getAccountFollowers', version, missing);
  });

  it('personal domain blocks: list, create, delete and their errors', async () => {
    const list = await call(server.url, 'GET', '/api/v1/domain_blocks?limit=200', { token: server.demoToken });
    expectConforms('getDomainBlocks', version, list);

    const created = await call(server.url, 'POST', '/api/v1/domain_blocks', { token: server.demoToken, form: { domain: 'threads.net' } });
    expect([created.status, created.body]).toEqual([200, {}]);
    const invalid = await call(server.url, 'POST', '/api/v1/domain_blocks', { token: server.demoToken, form: { domain: '*.bad' } });
    expect(invalid.status).toBe(422);
    expectConforms('createDomainBlock', version, invalid);
    const deleted = await call(server.url, 'DELETE', '/api/v1/domain_blocks', { token: server.demoToken, form: { domain: 'threads.net' } });
    expect([deleted.status, deleted.body]).toEqual([200, {}]);

    const unauthorized = await call(server.url, 'GET', '/api/v1/domain_blocks', { token: 'not-a-token' });
    expect(unauthorized.status).toBe(401);
    expectConforms('getDomainBlocks', version, unauthorized);

  });

  it('instance: v1, v2 and its domain blocks', async () => {
    expectConforms('getInstanceV2', version, await call(server.url, 'GET', '/api/v2/instance'));
    expectConforms('getInstance', version, await call(server.url, 'GET', '/api/v1/instance'));
    const blocks = await call(server.url, 'GET', '/api/v1/instance/domain_blocks', { token: server.demoToken });
    expect(blocks.status).toBe(200);
    expectConforms('getInstanceDomainBlocks', version, blocks);
    const anonymous = await call(server.url, 'GET', '/api/v1/instance/domain_blocks');
    expect([anonymous.status, anonymous.text]).toEqual([404, '']);
  });

  it('a 429 is the documented error object', async () => {
    const limited = await startFakeMastodon({ version, limitPerWindow: 1 });
    try {
      await call(limited.url, 'GET', '/api/v1/domain_blocks', { token: limited.demoToken });
      const refused = await call(limited.url, 'GET', '/api/v1/domain_blocks', { token: limited.demoToken });
      expect(refused.status).toBe(429);
      expectConforms('getDomainBlocks', version, refused);
    } finally {
      await limited.close();
    }
  });

  it('what Mastodon\'s web client calls: timelines, posts, threads, profiles, relationships, notifications', async () => {
    const token = server.demoToken;
    const get = (path: string) => call(server.url, 'GET', path, { token });
    const bob = '112136395161601005';
    const thread = demoStatusId('thread-carol');
    const calls: Array<[operationId: string, path: string, oldest?: MastodonVersion]> = [
      ['getTimelineHome', '/api/v1/timelines/home'],
      ['getTimelineHome', '/api/v1/timelines/home?max_id=113310000000000000&limit=40'],
      ['getStatus', `/api/v1/statuses/${thread}`],
      ['getStatus', `/api/v1/statuses/${demoStatusId('lee-quotes-bob')}`, '4.5'],
      ['getStatusContext', `/api/v1/statuses/${thread}/context`],
      ['getAccount', `/api/v1/accounts/${bob}`],
      ['getAccount', '/api/v1/accounts/112201700000000202'],
      ['getAccountLookup', '/api/v1/accounts/lookup?acct=bob@threads.net'],
      ['getAccountStatuses', `/api/v1/accounts/${bob}/statuses?exclude_replies=true`],
      ['getAccountStatuses', `/api/v1/accounts/${bob}/statuses?pinned=true`],
      ['getAccountRelationships', `/api/v1/accounts/relationships?with_suspended=true&id[]=${bob}&id[]=2`],
      ['getAccountsFamiliarFollowers', `/api/v1/accounts/familiar_followers?id[]=${bob}`],
      ['getAccountFeaturedTags', `/api/v1/accounts/${bob}/featured_tags`],
      ['getNotifications', '/api/v1/notifications'],
      ['getNotificationsV2', '/api/v2/notifications?grouped_types[]=favourite&grouped_types[]=reblog&grouped_types[]=follow&exclude_types[]=follow_request', '4.3'],
      ['getNotificationsV2', '/api/v2/notifications?expand_accounts=partial_avatars', '4.3'],
      ['getNotificationPolicyV2', '/api/v2/notifications/policy', '4.3'],
      ['getMarkers', '/api/v1/markers?timeline[]=notifications'],
      ['getCustomEmojis', '/api/v1/custom_emojis'],
      ['getInstanceTranslationLanguages', '/api/v1/instance/translation_languages'],
      ['getFollowRequests', '/api/v1/follow_requests'],
      ['getLists', '/api/v1/lists'],
      ['getFollowedTags', '/api/v1/followed_tags'],
      ['getTrendTags', '/api/v1/trends/tags'],
      ['getAnnouncements', '/api/v1/announcements'],
      ['getSuggestionsV2', '/api/v2/suggestions?limit=20'],
    ];
    for (const [operationId, path, oldest] of calls) {
      if (oldest && !since(oldest)) continue;
      const result = await get(path);
      expect([path, result.status]).toEqual([path, 200]);
      expectConforms(operationId, version, result);
    }
    const missing = await get('/api/v1/statuses/1');
    expect(missing.status).toBe(404);
    expectConforms('getStatus', version, missing);
  });

  it.runIf(isModern)('the block preview answers its documented shape', async () => {
    const preview = await call(server.url, 'GET', '/api/v1/domain_blocks/preview?domain=mastodon.social', { token: server.demoToken });
    expect(preview.status).toBe(200);
    expect(Object.keys(preview.body as object).sort()).toEqual(['followers_count', 'following_count']);
    expect(Object.values(preview.body as object).every((n) => Number.isInteger(n))).toBe(true);
  });
});
