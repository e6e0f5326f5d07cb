/**
 * Subscriptions through the background's intents, against the local fake
 * Mastodon, which also publishes the lists (GET /lists/<name>).
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configureSubscriptions } from '../../utils/background/lists/environment';
import { subscriptionsItem } from '../../utils/background/lists/subscription-store';
import { listOriginPattern } from '../../utils/permissions/list-permission';
import { registerRefreshListeners } from '../../utils/background/refresh';
import type { HedgeState, ParseReportView, PlanPreview, SubscriptionView } from '../../utils/protocol';
import { FIXTURES, domainsOfCsv, expectFailure, fixture, runsSettled, startWorld, statusesOf, type World } from './subscriptions-helpers';

let world: World | undefined;
afterEach(async () => {
  configureSubscriptions({});
  await world?.close();
  world = undefined;
});

const GARDEN_FENCE = 'gardenfence-mastodon.csv';
const IFTAS_DNI = 'oliphant-mirror-iftas-dni-2026-02.csv';

const domainsOf = (changes: PlanPreview['add']) => changes.map((change) => change.domain).sort();

describe('subscribing by URL', () => {
  it('Garden Fence: subscribe, preview shows its domains with the list as source, apply blocks them, unsubscribe removes only those', async () => {
    world = await startWorld();
    const { mastodon, background } = world;
    const listed = domainsOfCsv(fixture(GARDEN_FENCE));
    const [byHand, alsoAlways] = [...listed.keys()];
    if (!byHand || !alsoAlways) throw new Error('the fixture is empty');
    // A domain the user blocked by hand before, and one the user also wants blocked on their own.
    mastodon.state.addDomainBlock(byHand);
    await background.value({ type: 'hedge/manual-entry', domain: alsoAlways, list: 'always-block', action: 'add' });

    const view = await background.value<SubscriptionView>({ type: 'hedge/subscription-add', source: { kind: 'url', url: world.publishFixture(GARDEN_FENCE) } });
    expect(view).toMatchObject({
      name: 'gardenfence-mastodon',
      origin: 'url',
      url: world.listUrl(GARDEN_FENCE),
      silenceAs: 'limit',
      inConsensus: true,
      entryCount: listed.size,
      skippedCount: 0,
      lastFetch: { result: 'ok' },
    });
    const state = await background.value<HedgeState>({ type: 'hedge/get-state' });
    expect(state.subscriptions.map((s) => s.id)).toEqual([view.id]);

    const plan = await background.value<PlanPreview>({ type: 'hedge/preview' });
    expect(domainsOf(plan.add)).toEqual([...listed.keys()].filter((domain) => domain !== byHand).sort());
    const row = plan.add.find((change) => change.domain === alsoAlways);
    expect(row?.sources.map((source) => source.name).sort()).toEqual(['Your own entries', 'gardenfence-mastodon']);
    const tagged = plan.add.find((change) => change.domain === 'arell.ai');
    expect(tagged?.labels).toEqual(expect.arrayContaining(['bots', 'spam']));
    expect(tagged?.sources).toEqual([{ kind: 'subscription', id: view.id, name: 'gardenfence-mastodon' }]);

    await background.value({ type: 'hedge/confirm-plan', planId: plan.planId, excludeDomains: [] });
    const [run] = await runsSettled(background);
    expect(run).toMatchObject({ status: 'done', added: listed.size - 1, failures: [] });
    expect(new Set(mastodon.state.domainBlocks())).toEqual(new Set([...listed.keys(), 'spam.example', 'crypto-scam.example.net']));

    const removal = await background.value<PlanPreview>({ type: 'hedge/subscription-remove', subscriptionId: view.id });
    expect(removal.add).toEqual([]);
    // Neither the hand-made block nor the one the user's own entries still want.
    expect(domainsOf(removal.remove)).toEqual([...listed.keys()].filter((domain) => domain !== byHand && domain !== alsoAlways).sort());
    // Until the removal is confirmed, the list stays.
    expect((await background.value<HedgeState>({ type: 'hedge/get-state' })).subscriptions).toHaveLength(1);
    await background.value({ type: 'hedge/confirm-plan', planId: removal.planId, excludeDomains: [] });
    await runsSettled(background);
    expect(mastodon.state.domainBlocks().sort()).toEqual([alsoAlways, byHand, 'crypto-scam.example.net', 'spam.example'].sort());
    expect((await background.value<HedgeState>({ type: 'hedge/get-state' })).subscriptions).toEqual([]);
  });

  it('unsubscribing from a list that blocked nothing forgets it at once', async () => {
    world = await startWorld();
    const { background } = world;
    const view = await background.value<SubscriptionView>({ type: 'hedge/subscription-add', source: { kind: 'url', url: world.publishFixture(IFTAS_DNI) } });
    const removal = await background.value<PlanPreview>({ type: 'hedge/subscription-remove', subscriptionId: view.id });
    expect(removal.operationCount).toBe(0);
    expect((await background.value<HedgeState>({ type: 'hedge/get-state' })).subscriptions).toEqual([]);
  });

  it.each([
    ['a web page', (w: World) => `${w.mastodon.url}/home`, 'list-error', /web page/],
    ['a missing file', (w: World) => w.listUrl('nowhere.csv'), 'list-error', /no list at this address/],
    ['JSON of another shape', (w: World) => w.publishFixture('fires-context.jsonld'), 'list-error', /./],
    ['plain HTTP to another host', () => 'http://lists.example.org/block.csv', 'invalid-input', /HTTPS/],
    ['not an address', () => 'gardenfence', 'invalid-input', /not a web address/],
  ])('refuses %s in words and stores nothing', async (_what, urlOf, kind, words) => {
    world = await startWorld();
    const reply = await world.background.send({ type: 'hedge/subscription-add', source: { kind: 'url', url: urlOf(world) } });
    expect(expectFailure(reply, kind)).toMatch(words);
    expect(await subscriptionsItem.getValue()).toEqual([]);
  });

  it('explains a list server that refuses cross-origin reads when Hedge has no access to it', async () => {
    world = await startWorld();
    configureSubscriptions({
      // What fetch does when the server sends no Access-Control-Allow-Origin.
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
      hasHostPermission: async () => false,
    });
    const reply = await world.background.send({ type: 'hedge/subscription-add', source: { kind: 'url', url: 'https://lists.example.social/block.csv' } });
    expect(expectFailure(reply, 'permission-missing')).toContain('allow Hedge to access lists.example.social');
    expect(await subscriptionsItem.getValue()).toEqual([]);
  });

  it.each([
    ['https://raw.githubusercontent.com/gardenfence/blocklist/main/gardenfence-mastodon.csv', 'https://raw.githubusercontent.com/*'],
    ['http://127.0.0.1:3000/lists/x.csv', 'http://127.0.0.1/*'],
    ['ftp://example.org/list', null],
    ['not a url', null],
  ])('asks for host access to the list’s own origin only: %s', (url, pattern) => {
    expect(listOriginPattern(url)).toBe(pattern);
  });

  it('refuses the same list twice', async () => {
    world = await startWorld();
    const url = world.publishFixture(GARDEN_FENCE);
    await world.background.value({ type: 'hedge/subscription-add', source: { kind: 'url', url } });
    const again = await world.background.send({ type: 'hedge/subscription-add', source: { kind: 'url', url } });
    expect(expectFailure(again, 'invalid-input')).toContain('already subscribed');
  });

  it('fetches with conditional requests: the server answers 304 to a refresh of an unchanged list', async () => {
    world = await startWorld();
    const url = world.publishFixture(GARDEN_FENCE);
    const view = await world.background.value<SubscriptionView>({ type: 'hedge/subscription-add', source: { kind: 'url', url } });
    await world.background.value({ type: 'hedge/subscription-refresh', subscriptionId: view.id });
    expect(statusesOf(world.mastodon, `/lists/${GARDEN_FENCE}`)).toEqual([200, 304]);
    const state = await world.background.value<HedgeState>({ type: 'hedge/get-state' });
    expect(state.subscriptions[0]?.lastFetch?.result).toBe('not-modified');
  });
});

describe('combining lists', () => {
  it('blocks only what both lists name when the consensus asks for two', async () => {
    world = await startWorld();
    const { background } = world;
    const fence = domainsOfCsv(fixture(GARDEN_FENCE));
    const dni = domainsOfCsv(fixture(IFTAS_DNI));
    const both = [...fence.keys()].filter((domain) => dni.has(domain)).sort();
    expect(both.length).toBeGreaterThan(0);
    await background.value({ type: 'hedge/subscription-add', source: { kind: 'url', url: world.publishFixture(GARDEN_FENCE) } });
    await background.value({ type: 'hedge/subscription-add', source: { kind: 'url', url: world.publishFixture(IFTAS_DNI) } });

    const everything = await background.value<PlanPreview>({ type: 'hedge/preview' });
    expect(domainsOf(everything.add)).toEqual([...new Set([...fence.keys(), ...dni.keys()])].sort());

    await background.value({ type: 'hedge/set-consensus', consensus: { kind: 'count', min: 2 } });
    const agreed = await background.value<PlanPreview>({ type: 'hedge/preview' });
    expect(domainsOf(agreed.add)).toEqual(both);
    // The others are only marked in the web UI.
    const listedCount = new Set([...fence.keys(), ...dni.keys()]).size - both.length;
    expect((await background.value<HedgeState>({ type: 'hedge/get-state' })).counts).toMatchObject({ listed: listedCount, limited: 0 });
    expect(agreed.add[0]?.sources.map((source) => source.name).sort()).toEqual(['gardenfence-mastodon', 'oliphant-mirror-iftas-dni-2026-02']);

    // A list taken out of the consensus applies on its own again.
    const dniView = (await background.value<HedgeState>({ type: 'hedge/get-state' })).subscriptions.find((s) => s.name.includes('iftas'));
    await background.value({ type: 'hedge/subscription-update', subscriptionId: dniView?.id ?? '', inConsensus: false });
    const alone = await background.value<PlanPreview>({ type: 'hedge/preview' });
    // Garden Fence is now the only voter, below a count of 2: only DNI's domains are blocked.
    expect(domainsOf(alone.add)).toEqual([...dni.keys()].sort());
  });

  it('limits silence rows unless the user chose to block them', async () => {
    world = await startWorld();
    const { background } = world;
    const name = 'oliphant-mastodon-_unified_tier0_blocklist.csv';
    const rows = domainsOfCsv(fixture(name));
    const silenced = [...rows].filter(([, severity]) => severity === 'silence').map(([domain]) => domain).sort();
    const suspended = [...rows].filter(([, severity]) => severity === 'suspend').map(([domain]) => domain);
    expect(silenced.length).toBeGreaterThan(0);
    const view = await background.value<SubscriptionView>({ type: 'hedge/subscription-add', source: { kind: 'file', fileName: name, text: fixture(name) } });
    expect(view).toMatchObject({ origin: 'file', name: 'oliphant-mastodon-_unified_tier0_blocklist', silenceAs: 'limit' });
    const limited = await background.value<PlanPreview>({ type: 'hedge/preview' });
    const added = new Set(domainsOf(limited.add));
    expect(silenced.filter((domain) => added.has(domain))).toEqual([]);
    expect(suspended.filter((domain) => !added.has(domain) && domain !== 'spam.example')).toEqual([]);
    expect((await background.value<HedgeState>({ type: 'hedge/get-state' })).counts.limited).toBe(silenced.length);

    const changed = await background.value<SubscriptionView>({ type: 'hedge/subscription-update', subscriptionId: view.id, silenceAs: 'block' });
    expect(changed.silenceAs).toBe('block');
    const blocked = await background.value<PlanPreview>({ type: 'hedge/preview' });
    const nowAdded = new Set(domainsOf(blocked.add));
    expect(silenced.filter((domain) => !nowAdded.has(domain))).toEqual([]);
  });

  it('an allow entry of any list wins over a block of another', async () => {
    world = await startWorld();
    const { background } = world;
    await background.value({
      type: 'hedge/subscription-add',
      source: { kind: 'file', fileName: 'fediblockhole-demo-allowlist-01.csv', text: fixture('fediblockhole-demo-allowlist-01.csv') },
    });
    await background.value({ type: 'hedge/subscription-add', source: { kind: 'file', fileName: 'mine.txt', text: 'eigenmagic.net\nqoto.org\n' } });
    const plan = await background.value<PlanPreview>({ type: 'hedge/preview' });
    expect(domainsOf(plan.add)).toEqual(['qoto.org']);
  });
});

describe('files, FIRES and reports', () => {
  it.each([
    ['plain text', 'gardenfence.txt'],
    ['a user export', 'oliphant-2022-12-user-export-blocked_domains.csv'],
    ['FediNuke', 'sally3125-fedinuke-plaintext-2023-07.txt'],
  ])('imports %s from a file', async (_what, name) => {
    world = await startWorld();
    const lines = fixture(name).split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
    const view = await world.background.value<SubscriptionView>({ type: 'hedge/subscription-add', source: { kind: 'file', fileName: name, text: fixture(name) } });
    expect(view.entryCount + view.skippedCount).toBe(lines.length);
    expect(view.url).toBeUndefined();
  });

  it('refuses a file that is not a list and stores nothing', async () => {
    world = await startWorld();
    const html = readFileSync(join(FIXTURES, '../mastodon-dom/home-4.3.html'), 'utf8');
    const reply = await world.background.send({ type: 'hedge/subscription-add', source: { kind: 'file', fileName: 'page.html', text: html } });
    expect(expectFailure(reply, 'list-error')).toContain('web page');
    expect(await subscriptionsItem.getValue()).toEqual([]);
  });

  it('gives the parse report with every skipped row and its reason', async () => {
    world = await startWorld();
    const name = 'oliphant-mirror-seirdy-tier0.csv';
    const view = await world.background.value<SubscriptionView>({ type: 'hedge/subscription-add', source: { kind: 'url', url: world.publishFixture(name) } });
    const report = await world.background.value<ParseReportView>({ type: 'hedge/parse-report', subscriptionId: view.id });
    expect(report.entryCount).toBe(view.entryCount);
    expect(report.skipped).toHaveLength(view.skippedCount);
    // Seirdy's list opens with a canary row that must never be applied.
    expect(report.skipped.find((row) => row.reason === 'canary')?.text).toContain('000delete.this.line');
    const missing = await world.background.send({ type: 'hedge/parse-report', subscriptionId: 'nope' });
    expectFailure(missing, 'not-found');
  });

  it('subscribes to a FIRES dataset: drop and reject block, filter only marks, accept allows', async () => {
    world = await startWorld();
    const walkthrough = JSON.parse(fixture('fires-SYNTHETIC-consumer-walkthrough.json')) as { responses: Record<string, unknown> };
    const realFetch = globalThis.fetch;
    configureSubscriptions({
      fetch: async (input, init) => {
        const url = new URL(String(input));
        if (url.host !== 'fires.example') return realFetch(input, init);
        const key = `GET ${url.pathname}${decodeURIComponent(url.search)}`;
        const body = walkthrough.responses[key] ?? walkthrough.responses[`${key} (Accept: application/ld+json)`];
        return body === undefined
          ? new Response('{"error":"Not Found"}', { status: 404 })
          : new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/ld+json' } });
      },
    });
    const view = await world.background.value<SubscriptionView>({
      type: 'hedge/subscription-add',
      source: { kind: 'fires', serverUrl: 'https://fires.example', datasetId: '0193a1b2-0000-7000-8000-00000000d501' },
    });
    expect(view).toMatchObject({ name: 'Example DNI', origin: 'fires', entryCount: 4 });
    // A FIRES "accept" is an allow entry: it wins over a list that blocks the same domain.
    await world.background.value({ type: 'hedge/subscription-add', source: { kind: 'file', fileName: 'x.txt', text: 'example-friend.social\n' } });
    const plan = await world.background.value<PlanPreview>({ type: 'hedge/preview' });
    expect(domainsOf(plan.add)).toEqual(['baraag.net', 'poa.st']);
    expect(plan.add.find((change) => change.domain === 'baraag.net')?.sources[0]?.name).toBe('Example DNI');

    // Refreshing follows the dataset's changes from where the snapshot ended: nothing new here.
    await world.background.value({ type: 'hedge/subscription-refresh', subscriptionId: view.id });
    const refreshed = (await world.background.value<HedgeState>({ type: 'hedge/get-state' })).subscriptions.find((s) => s.id === view.id);
    expect(refreshed?.lastFetch?.result).toBe('not-modified');

    const unknown = await world.background.send({
      type: 'hedge/subscription-add',
      source: { kind: 'fires', serverUrl: 'https://fires.example', datasetId: 'nope' },
    });
    expect(expectFailure(unknown, 'not-found')).toContain('“Example DNI”');
  });
});

describe('signing out', () => {
  it('forgets the account’s subscriptions', async () => {
    world = await startWorld();
    registerRefreshListeners(async () => undefined);
    await world.background.value({ type: 'hedge/subscription-add', source: { kind: 'file', fileName: 'mine.txt', text: 'qoto.org\n' } });
    await world.background.value({ type: 'hedge/sign-out', accountKey: world.account.key });
    expect(await subscriptionsItem.getValue()).toEqual([]);
  });
});

describe('the content script', () => {
  it('sees a subscribed list’s domains in its verdicts', async () => {
    world = await startWorld();
    const { background, mastodon } = world;
    await background.value({ type: 'hedge/subscription-add', source: { kind: 'file', fileName: 'mine.txt', text: 'qoto.org\n' } });
    const { handleIntent } = await import('../../utils/background/handlers');
    const { testEnvironment } = await import('./oauth-helpers');
    const { createContentLookup } = await import('../../utils/dom/content-lookup');
    const reply = await handleIntent(
      { type: 'hedge/get-verdict-snapshot' },
      { env: testEnvironment(), sender: { isContentScript: true, origin: mastodon.url }, onStateChanged: async () => undefined },
    );
    if (!reply.ok) throw new Error(reply.error.message);
    const matcher = createContentLookup((reply.value as { snapshot: Parameters<typeof createContentLookup>[0] }).snapshot);
    await matcher.prepare(['qoto.org']);
    expect(matcher.lookup('qoto.org').kind).toBe('blocked');
  });
});
