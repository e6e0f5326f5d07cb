/**
 * Signing in to Akkoma and GoToSocial, and Hedge's blocks on Akkoma, against the local Mastodon
 * playing them as their sources answer (tests/fake-mastodon/other-servers.ts, docs/other-servers.md).
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeMastodon, type FakeMastodon } from '../fake-mastodon/index';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getAccountSnapshot } from '../../utils/db/account-snapshots';
import { accountKeyOf, getAccountsState, saveAccount } from '../../utils/db/accounts';
import { setAccessToken } from '../../utils/db/secrets';
import { signInToInstance } from '../../utils/background/sign-in';
import { SCOPES } from '../../utils/mastodon/oauth';
import type { AccountView, BlockRow, PlanPreview, SubscriptionView } from '../../utils/protocol';
import { backgroundFor, resetBackground, runsSettled } from './confirm-harness';
import { testEnvironment } from './oauth-helpers';
import { generatedDomains, startWorld, type World } from './subscriptions-helpers';

let server: FakeMastodon | undefined;
let world: World | undefined;
beforeEach(() => resetBackground());
afterEach(async () => {
  await server?.close();
  await world?.close();
  server = undefined;
  world = undefined;
});

const THREADS = ['threads.net', 'threads.com', 'threads.instagram.com'];

describe('Akkoma', () => {
  it('signs in without /api/v2/instance and without the discovery document, with the usual scopes, and keeps the software', async () => {
    server = await startFakeMastodon({ software: 'akkoma' });
    const seen: string[] = [];
    const account = await signInToInstance(server.url, testEnvironment({ seen }));

    expect(account).toMatchObject({
      acct: 'demo',
      localDomain: 'social.example',
      serverVersion: '2.7.2 (compatible; Akkoma 3.15.2)',
      apiVersion: 0,
      software: 'akkoma',
      status: 'active',
    });
    expect((await getAccountsState()).accounts.map((stored) => stored.software)).toEqual(['akkoma']);
    const authorize = new URL(seen[0] ?? '');
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${server.url}/oauth/authorize`);
    expect(authorize.searchParams.get('scope')).toBe(SCOPES);
    const asked = server.state.requests.map((request) => `${request.status} ${request.method} ${request.path}`);
    // The discovery path answers the front end's page and v2 is not implemented: Hedge falls back to v1.
    expect(asked).toEqual(expect.arrayContaining([
      '200 GET /.well-known/oauth-authorization-server',
      '404 GET /api/v2/instance',
      '200 GET /api/v1/instance',
      '200 POST /oauth/token',
    ]));
  });

  it('reads the blocks made by hand and applies Block Threads through the same engine, one request per domain', async () => {
    server = await startFakeMastodon({ software: 'akkoma', autoApprove: true });
    server.state.addDomainBlock('handmade.example');
    const byHand = server.state.domainBlocks();
    const background = backgroundFor(testEnvironment());
    await background.value<AccountView>({ type: 'hedge/sign-in', instance: server.url });

    const plan = await background.value<PlanPreview>({ type: 'hedge/set-preset', presetId: 'threads', enabled: true });
    expect(plan.add.map((change) => change.domain).sort()).toEqual([...THREADS].sort());
    // The demo user follows bob@threads.net; Akkoma keeps that follow across the block, so nobody is lost.
    expect(server.state.following()).toContain('bob@threads.net');
    expect(plan.add.map((change) => [change.impact?.followingCount, change.impact?.followersCount])).toEqual(THREADS.map(() => [0, 0]));
    await background.value({ type: 'hedge/confirm-plan', planId: plan.planId, excludeDomains: [] });
    const runs = await runsSettled(background);
    expect(runs[0]?.status).toBe('done');

    expect(server.state.domainBlocks().sort()).toEqual([...byHand, ...THREADS].sort());
    await server.state.jobsDone();
    expect(server.state.following()).toContain('bob@threads.net');
    const posts = server.state.requests.filter((request) => request.method === 'POST' && request.path === '/api/v1/domain_blocks');
    expect(posts.map((request) => request.domain).sort()).toEqual([...THREADS].sort());
    const blocks = await background.value<BlockRow[]>({ type: 'hedge/list-blocks' });
    expect(blocks.filter((block) => byHand.includes(block.domain)).map((block) => block.origin)).toEqual(byHand.map(() => 'user'));
    expect(blocks.find((block) => block.domain === 'threads.net')?.origin).not.toBe('user');
    // Akkoma has no preview endpoint: Hedge never asks for it.
    expect(server.state.requests.some((request) => request.path === '/api/v1/domain_blocks/preview')).toBe(false);

    const off = await background.value<PlanPreview>({ type: 'hedge/set-preset', presetId: 'threads', enabled: false });
    expect(off.remove.map((change) => change.domain).sort()).toEqual([...THREADS].sort());
    await background.value({ type: 'hedge/confirm-plan', planId: off.planId, excludeDomains: [] });
    await runsSettled(background);
    expect(server.state.domainBlocks()).toEqual(byHand);
  });


  it('reads the server’s own blocks from /api/v1/instance where MRF transparency shows them, and none where it does not', async () => {
    server = await startFakeMastodon({ software: 'akkoma', instanceBlocksVisibility: 'all' });
    const account = await signInToInstance(server.url, testEnvironment());
    const snapshot = await getAccountSnapshot(account.key);
    expect(snapshot?.serverBlocks.visibility).toBe('shown');
    const blocks = [...(snapshot?.serverBlocks.blocks ?? [])].sort((a, b) => a.domain.localeCompare(b.domain));
    expect(blocks.map(({ domain, severity, comment }) => ({ domain, severity, comment }))).toEqual([
      { domain: 'hatespeech.example.net', severity: 'suspend', comment: 'Hate speech' },
      { domain: 'loud.example.org', severity: 'silence', comment: undefined },
      { domain: 'poa.st', severity: 'suspend', comment: 'Hate speech, harassment' },
      { domain: 'reply-guys.example', severity: 'silence', comment: 'Unsolicited replies' },
      { domain: 'spamfarm.example', severity: 'suspend', comment: 'Spam' },
    ]);
    expect(blocks.find((block) => block.domain === 'poa.st')?.digest).toBe(createHash('sha256').update('poa.st').digest('hex'));
    expect(server.state.requests.some((request) => request.path === '/api/v1/instance/domain_blocks')).toBe(false);
    await server.close();

    server = await startFakeMastodon({ software: 'akkoma', instanceBlocksVisibility: 'hidden' });
    const hidden = await signInToInstance(server.url, testEnvironment());
    expect((await getAccountSnapshot(hidden.key))?.serverBlocks).toEqual({ visibility: 'hidden', blocks: [] });
  });

  it('a plan of more than 300 requests offers neither the importer nor its file there', async () => {
    world = await startWorld({ seed: 'empty', software: 'akkoma' });
    const domains = generatedDomains(350);
    await world.background.value<SubscriptionView>({
      type: 'hedge/subscription-add',
      source: { kind: 'url', url: world.publish('long.txt', `${domains.join('\n')}\n`) },
    });
    const plan = await world.background.value<PlanPreview>({ type: 'hedge/preview' });
    expect(plan.add).toHaveLength(350);
    expect(plan.importAlternative).toBeNull();
  });

  it('does not offer Mastodon’s importer or its file: Akkoma has no such import page', async () => {
    server = await startFakeMastodon({ software: 'akkoma', autoApprove: true });
    const host = new URL(server.url).host;
    const background = backgroundFor(testEnvironment());
    await background.value<AccountView>({ type: 'hedge/sign-in', instance: server.url });
    const plan = await background.value<PlanPreview>({ type: 'hedge/set-preset', presetId: 'threads', enabled: true });
    const words =
      `${host} runs Akkoma, which has no import page for domain blocks like Mastodon's. ` +
      'Apply the change directly instead: Hedge sends it to your server one domain at a time.';
    for (const type of ['hedge/importer-check', 'hedge/importer-send', 'hedge/import-alternative'] as const) {
      expect(await background.send({ type, planId: plan.planId, excludeDomains: [] })).toMatchObject({ ok: false, error: { kind: 'denied', message: words } });
    }
    expect(server.state.requests.some((request) => request.path.startsWith('/settings/import'))).toBe(false);
  });
});

describe('Pleroma', () => {
  it('signs in as on Akkoma, and takes the local domain from v1’s `uri` written as a URL', async () => {
    server = await startFakeMastodon({ software: 'pleroma' });
    const account = await signInToInstance(server.url, testEnvironment());
    expect(account).toMatchObject({
      acct: 'demo',
      localDomain: 'social.example',
      serverVersion: '2.7.2 (compatible; Pleroma 2.7.0)',
      apiVersion: 0,
      software: 'pleroma',
    });
  });
});

describe('GoToSocial', () => {
  it('refuses in words before any app is registered: it has no personal domain blocks', async () => {
    server = await startFakeMastodon({ software: 'gotosocial', autoApprove: true });
    const host = new URL(server.url).host;
    const background = backgroundFor(testEnvironment());
    const reply = await background.send({ type: 'hedge/sign-in', instance: server.url });

    expect(reply).toMatchObject({
      ok: false,
      error: {
        kind: 'not-mastodon',
        message:
          `${host} runs GoToSocial, which has no personal domain blocks: nobody can block a whole domain for themselves there, ` +
          "so Hedge cannot block anything for you on it. Only the server's admins can block domains there, for everyone. " +
          'Hedge can still mark the posts on its web pages with the lists of an account you sign in to here: Options › Accounts › GoToSocial pages.',
      },
    });
    expect((await getAccountsState()).accounts).toEqual([]);
    const paths = server.state.requests.map((request) => request.path);
    expect(paths).toContain('/api/v2/instance');
    expect(paths).not.toContain('/api/v1/apps');
    expect(paths).not.toContain('/api/v1/domain_blocks');
  });

  it('an account signed in there before Hedge refused GoToSocial gets the same words when Hedge would read its blocks', async () => {
    server = await startFakeMastodon({ software: 'gotosocial' });
    const key = accountKeyOf(server.url, server.demoAccountId);
    await setAccessToken(key, server.demoToken);
    await saveAccount({
      key, origin: server.url, accountId: server.demoAccountId, acct: 'demo', displayName: 'Demo', avatarUrl: '',
      localDomain: 'social.example', serverVersion: '0.20.0', apiVersion: 0, status: 'active', signedInAt: Date.now(),
    });
    const reply = await backgroundFor(testEnvironment()).send({ type: 'hedge/preview' });
    expect(reply).toMatchObject({ ok: false, error: { kind: 'not-mastodon', message: expect.stringContaining('runs GoToSocial, which has no personal domain blocks') } });
    expect(server.state.requests.map((request) => request.path)).not.toContain('/api/v1/domain_blocks');
  });
});

describe('a website that answers every path with a page', () => {
  it('is still refused in words, now that a page at the discovery path sends Hedge to the fixed OAuth paths', async () => {
    const website = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end('<!doctype html><title>Welcome</title><div id="app"></div>');
    });
    await new Promise<void>((resolve) => website.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(website.address() as AddressInfo).port}`;
      const reply = await backgroundFor(testEnvironment()).send({ type: 'hedge/sign-in', instance: url });
      expect(reply).toMatchObject({ ok: false, error: { kind: 'not-mastodon' } });
      expect(reply.ok ? '' : reply.error.message).toBe(`${new URL(url).host} answered with a web page instead of Mastodon’s API. Is it a Mastodon server?`);
      expect((await getAccountsState()).accounts).toEqual([]);
    } finally {
      website.close();
    }
  });
});
