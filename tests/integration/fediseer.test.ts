/**
 * Fediseer as a source, through the background's intents, against the local
 * fake Mastodon and the fake Fediseer (tests/fake-fediseer): subscribing with
 * trusted servers and a threshold, the preview with Fediseer as the source and
 * the reasons as labels, polite refreshes, and every error in words.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configureSubscriptions } from '../../utils/background/lists/environment';
import { FEDISEER_MIN_INTERVAL_MS, resetFediseerRequests } from '../../utils/background/lists/fediseer';
import type { HedgeState, PlanPreview, SubscriptionView } from '../../utils/protocol';
import { startFakeFediseer, type FakeFediseer, type FakeFediseerData } from '../fake-fediseer/index';
import { expectFailure, startWorld, type World } from './subscriptions-helpers';

let world: World | undefined;
let fediseer: FakeFediseer | undefined;
let clock = Date.UTC(2026, 11, 4, 12);

beforeEach(() => {
  resetFediseerRequests();
  clock = Date.UTC(2026, 11, 4, 12);
  configureSubscriptions({ now: () => clock });
});

afterEach(async () => {
  configureSubscriptions({});
  await world?.close();
  await fediseer?.close();
  world = undefined;
  fediseer = undefined;
});

/** Two open servers and one that keeps its lists private; `social.example` is the fake Mastodon's own domain. */
function data(): FakeFediseerData {
  return {
    instances: [
      { domain: 'social.example' },
      { domain: 'trusted-one.hedge-test.social' },
      { domain: 'trusted-two.hedge-test.social' },
      { domain: 'secretive.hedge-test.social', visibilityCensures: 'PRIVATE', visibilityHesitations: 'PRIVATE', visibilityEndorsements: 'PRIVATE' },
    ],
    censures: [
      { by: 'trusted-one.hedge-test.social', of: 'spam.hedge-test.social', reason: 'spam' },
      { by: 'trusted-two.hedge-test.social', of: 'spam.hedge-test.social', reason: 'CSAM, spam', evidence: 'https://evidence.hedge-test.social/1' },
      { by: 'trusted-one.hedge-test.social', of: 'one-only.hedge-test.social', reason: 'racism' },
    ],
    hesitations: [
      { by: 'trusted-one.hedge-test.social', of: 'loud.hedge-test.social', reason: 'bots' },
      { by: 'trusted-two.hedge-test.social', of: 'loud.hedge-test.social' },
    ],
    endorsements: [
      ['social.example', 'trusted-one.hedge-test.social'],
      ['social.example', 'trusted-two.hedge-test.social'],
    ],
  };
}

const TRUSTED = ['trusted-one.hedge-test.social', 'trusted-two.hedge-test.social'];

async function subscribe(threshold: number, servers: string[] = TRUSTED) {
  if (!world || !fediseer) throw new Error('start the world first');
  return world.background.send<SubscriptionView>({ type: 'hedge/subscription-add', source: { kind: 'fediseer', baseUrl: fediseer.url, servers, threshold } });
}

describe('Fediseer as a source', () => {
  it('subscribes: censures agreed by enough trusted servers become blocks, hesitations limits, with the reasons as labels', async () => {
    world = await startWorld();
    fediseer = await startFakeFediseer(data());
    const reply = await subscribe(2);
    if (!reply.ok) throw new Error(reply.error.message);
    expect(reply.value).toMatchObject({ origin: 'fediseer', name: `Fediseer: ${TRUSTED.join(', ')}`, entryCount: 2, skippedCount: 0 });
    // One request per endpoint, asking for the threshold.
    expect(fediseer.requests.map((request) => request.path)).toEqual([
      `/api/v1/censures_given/${TRUSTED.join(',')}?min_censures=2`,
      `/api/v1/hesitations_given/${TRUSTED.join(',')}?min_hesitations=2`,
    ]);

    const plan = await world.background.value<PlanPreview>({ type: 'hedge/preview' });
    expect(plan.add.map((change) => change.domain)).toEqual(['spam.hedge-test.social']);
    const [spam] = plan.add;
    expect(spam?.sources).toEqual([{ kind: 'subscription', id: reply.value.id, name: `Fediseer: ${TRUSTED.join(', ')}` }]);
    expect(spam?.labels).toEqual(['spam', 'csam']);
    expect(spam?.comments).toEqual([]);
    expect((await world.background.value<HedgeState>({ type: 'hedge/get-state' })).counts.limited).toBe(1);
  });

  it('with a threshold of 1 asks for one page large enough for the whole answer', async () => {
    world = await startWorld();
    fediseer = await startFakeFediseer(data());
    const reply = await subscribe(1);
    expect(reply.ok && reply.value.entryCount).toBe(3);
    expect(fediseer.requests[0]?.path).toBe(`/api/v1/censures_given/${TRUSTED.join(',')}?min_censures=1&limit=100000`);
  });

  it('with reasons keeps only the censures whose reason holds one of them, and names them', async () => {
    world = await startWorld();
    fediseer = await startFakeFediseer(data());
    const reply = await world.background.send<SubscriptionView>({
      type: 'hedge/subscription-add',
      source: { kind: 'fediseer', baseUrl: fediseer.url, servers: TRUSTED, threshold: 1, reasons: [' CSAM', 'csam'] },
    });
    if (!reply.ok) throw new Error(reply.error.message);
    expect(reply.value).toMatchObject({ name: `Fediseer: ${TRUSTED.join(', ')} (csam)`, entryCount: 1 });
    expect(fediseer.requests[0]?.path).toBe(`/api/v1/censures_given/${TRUSTED.join(',')}?min_censures=1&reasons_csv=csam`);
    const plan = await world.background.value<PlanPreview>({ type: 'hedge/preview' });
    expect(plan.add.map((change) => change.domain)).toEqual(['spam.hedge-test.social']);
  });

  it('refreshes politely: not again within ten minutes, then with the kept ETag; an unchanged answer keeps the copy', async () => {
    world = await startWorld();
    fediseer = await startFakeFediseer(data());
    const reply = await subscribe(2);
    if (!reply.ok) throw new Error(reply.error.message);
    const id = reply.value.id;

    clock += 60_000;
    await world.background.value({ type: 'hedge/subscription-refresh', subscriptionId: id });
    expect(fediseer.requests).toHaveLength(2);

    clock += FEDISEER_MIN_INTERVAL_MS;
    await world.background.value({ type: 'hedge/subscription-refresh', subscriptionId: id });
    expect(fediseer.requests).toHaveLength(4);
    expect(fediseer.requests.slice(2).every((request) => /^[0-9a-f]{40}$/.test(request.ifNoneMatch ?? ''))).toBe(true);
    let state = await world.background.value<HedgeState>({ type: 'hedge/get-state' });
    expect(state.subscriptions[0]?.lastFetch?.result).toBe('not-modified');

    fediseer.data.censures.push({ by: 'trusted-two.hedge-test.social', of: 'one-only.hedge-test.social', reason: 'racism' });
    clock += FEDISEER_MIN_INTERVAL_MS;
    await world.background.value({ type: 'hedge/subscription-refresh', subscriptionId: id });
    state = await world.background.value<HedgeState>({ type: 'hedge/get-state' });
    expect(state.subscriptions[0]).toMatchObject({ entryCount: 3, lastFetch: { result: 'ok' } });
  });

  it.each([
    { name: 'servers Fediseer does not know (404)', servers: ['unknown.hedge-test.social'], threshold: 1, message: /knows none of the servers you named \(unknown\.hedge-test\.social\)/ },
    { name: 'servers that keep their lists private (403)', servers: ['secretive.hedge-test.social'], threshold: 1, message: /shares its lists on Fediseer with everyone/ },
    { name: 'a threshold above the visible servers (400)', servers: ['trusted-one.hedge-test.social', 'secretive.hedge-test.social'], threshold: 2, message: /You cannot request more censures than the amount of reference domains/ },
    { name: 'a threshold above the servers named', servers: TRUSTED, threshold: 3, message: /whole number from 1 to 2/, isRefusedBeforeAsking: true },
    { name: 'a name that is not a server', servers: ['not a server!'], threshold: 1, message: /“not a server!” is not a server name/, isRefusedBeforeAsking: true },
    { name: 'no server', servers: [], threshold: 1, message: /at least one server/, isRefusedBeforeAsking: true },
  ])('refuses $name in words', async ({ servers, threshold, message, isRefusedBeforeAsking }) => {
    world = await startWorld();
    fediseer = await startFakeFediseer(data());
    const reply = await subscribe(threshold, servers);
    expect(expectFailure(reply, isRefusedBeforeAsking ? 'invalid-input' : 'list-error')).toMatch(message);
    if (isRefusedBeforeAsking) expect(fediseer.requests).toEqual([]);
    expect((await world.background.value<HedgeState>({ type: 'hedge/get-state' })).subscriptions).toEqual([]);
  });

  it.each([
    { status: 429, message: /45 requests a minute.*37 seconds/ },
    { status: 503, message: /not working right now \(error 503\)/ },
    { status: 401, message: /refused the request \(error 401\): “No Instance found matching provided API key/ },
  ])('a refresh answered $status keeps the last copy and says why', async ({ status, message }) => {
    world = await startWorld();
    fediseer = await startFakeFediseer(data());
    const reply = await subscribe(2);
    if (!reply.ok) throw new Error(reply.error.message);
    clock += FEDISEER_MIN_INTERVAL_MS;
    fediseer.failNext(status, "No Instance found matching provided API key. Please ensure you've typed it correctly");
    const refresh = await world.background.send({ type: 'hedge/subscription-refresh', subscriptionId: reply.value.id });
    expect(expectFailure(refresh, 'list-error')).toMatch(message);
    const state = await world.background.value<HedgeState>({ type: 'hedge/get-state' });
    expect(state.subscriptions[0]).toMatchObject({ entryCount: 2, lastFetch: { result: 'failed' } });
    expect((await world.background.value<PlanPreview>({ type: 'hedge/preview' })).add.map((change) => change.domain)).toEqual(['spam.hedge-test.social']);
  });

  it('suggests the own server and the servers it endorses', async () => {
    world = await startWorld();
    fediseer = await startFakeFediseer(data());
    const suggested = await world.background.value<{ servers: string[] }>({ type: 'hedge/fediseer-suggest', baseUrl: fediseer.url });
    expect(suggested.servers).toEqual(['social.example', ...TRUSTED]);
    expect(fediseer.requests.map((request) => request.path)).toEqual(['/api/v1/approvals/social.example?domains=true']);
  });

  it('never asks Fediseer more than 45 times a minute, and says so in words', async () => {
    world = await startWorld();
    fediseer = await startFakeFediseer(data());
    const replies = [];
    for (let i = 0; i < 46; i += 1) replies.push(await world.background.send({ type: 'hedge/fediseer-suggest', baseUrl: fediseer.url }));
    expect(fediseer.requests).toHaveLength(45);
    // Fediseer itself allows 30 a minute on one path: Hedge reports its 429 in words too.
    expect(replies.slice(0, 30).every((reply) => reply.ok)).toBe(true);
    expect(expectFailure(replies[30]!, 'list-error')).toMatch(/45 requests a minute/);
    expect(expectFailure(replies[45]!, 'list-error')).toMatch(/45 requests a minute/);
    clock += 60_000;
    expect((await world.background.send({ type: 'hedge/fediseer-suggest', baseUrl: fediseer.url })).ok).toBe(false);
    expect(fediseer.requests).toHaveLength(46);
  });
});
