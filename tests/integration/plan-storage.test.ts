/**
 * Plans waiting for the user's word do not pile up: they live in IndexedDB,
 * an account keeps one per kind and subject (a newer preview replaces the
 * older, each preset's switch has its own), and one nobody confirmed expires
 * after a day, except a scheduled refresh waiting for the user.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  PLAN_MAX_AGE_MS,
  discardPendingPlan,
  getPendingPlan,
  listPendingPlans,
  markPendingConfirmation,
  storePendingPlan,
} from '../../utils/background/plans';
import type { SyncPlan } from '../../utils/core/plan';
import type { PendingPlan } from '../../utils/db/schema';
import type { PlanPreview, Reply } from '../../utils/protocol';
import { fixture, startWorld, type World } from './subscriptions-helpers';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const LISTS = ['oliphant-mastodon-_unified_tier0_blocklist.csv', 'gardenfence-fediblocksync.csv', 'iftas-dni-2024-06.csv'];
const EMPTY_PLAN: SyncPlan = { add: [], remove: [], unchanged: [], conflicts: [], forget: [], operations: 0 };

async function storedPlanIds(w: World): Promise<string[]> {
  return (await listPendingPlans(w.account.key)).map((pending) => pending.planId);
}

describe('plans waiting for the user', () => {
  it('five previews over three real lists keep one plan, in IndexedDB, and the older ones are refused as outdated', async () => {
    world = await startWorld();
    const w = world;
    for (const file of LISTS) {
      await w.background.value({ type: 'hedge/subscription-add', source: { kind: 'file', fileName: file, text: fixture(file) } });
    }
    const previews: PlanPreview[] = [];
    for (let i = 0; i < 5; i += 1) previews.push(await w.background.value<PlanPreview>({ type: 'hedge/preview' }));

    expect(await storedPlanIds(w)).toEqual([previews[4]?.planId]);
    const local = await fakeBrowser.storage.local.get(null);
    expect(Object.keys(local)).not.toContain('pendingPlans');
    expect(JSON.stringify(local).length).toBeLessThan(100_000);
    const stale: Reply<unknown> = await w.background.send({ type: 'hedge/confirm-plan', planId: previews[0]?.planId ?? '', excludeDomains: [] });
    expect(stale.ok).toBe(false);
    if (!stale.ok) expect(stale.error.kind).toBe('not-found');
  });

  it('keeps one plan per preset switch, beside the preview', async () => {
    world = await startWorld();
    const w = world;
    const preview = await w.background.value<PlanPreview>({ type: 'hedge/preview' });
    const threads = await w.background.value<PlanPreview>({ type: 'hedge/set-preset', presetId: 'threads', enabled: true });
    const bluesky = await w.background.value<PlanPreview>({ type: 'hedge/set-preset', presetId: 'bluesky-bridge', enabled: true });
    expect((await storedPlanIds(w)).sort()).toEqual([preview.planId, threads.planId, bluesky.planId].sort());

    const threadsAgain = await w.background.value<PlanPreview>({ type: 'hedge/set-preset', presetId: 'threads', enabled: true });

    expect((await storedPlanIds(w)).sort()).toEqual([preview.planId, bluesky.planId, threadsAgain.planId].sort());
  });

  it('keeps the open preview when a page blocks a domain', async () => {
    world = await startWorld({ seed: 'empty' });
    const w = world;
    const preview = await w.background.value<PlanPreview>({ type: 'hedge/preview' });
    const { handleIntent } = await import('../../utils/background/handlers');
    const { testEnvironment } = await import('./oauth-helpers');
    const reply = await handleIntent(
      { type: 'hedge/block-domain-from-page', domain: 'spam.hedge-test.social' },
      { env: testEnvironment(), sender: { isContentScript: true, origin: w.mastodon.url }, onStateChanged: async () => undefined },
    );
    expect(reply.ok).toBe(true);
    expect(await storedPlanIds(w)).toEqual([preview.planId]);
  });

  it('expires a plan nobody confirmed after a day, but not a refresh waiting for the user', async () => {
    world = await startWorld();
    const w = world;
    const at = Date.now();
    const base: Omit<PendingPlan, 'planId' | 'createdAt'> = { accountKey: w.account.key, plan: EMPTY_PLAN, changes: [] };
    const preview = await storePendingPlan(base, () => at);
    const refresh = await storePendingPlan({ ...base, kind: 'refresh' }, () => at);
    await markPendingConfirmation(refresh.planId, ['Garden Fence changed.']);
    const later = () => at + PLAN_MAX_AGE_MS + 60_000;

    expect(await getPendingPlan(preview.planId, () => at + PLAN_MAX_AGE_MS - 60_000)).not.toBeNull();
    expect(await getPendingPlan(preview.planId, later)).toBeNull();
    expect((await getPendingPlan(refresh.planId, later))?.confirmationReasons).toEqual(['Garden Fence changed.']);
    expect((await listPendingPlans(w.account.key, later)).map((pending) => pending.planId)).toEqual([refresh.planId]);
  });

  it('a newer waiting refresh replaces the older one', async () => {
    world = await startWorld();
    const w = world;
    const base: Omit<PendingPlan, 'planId' | 'createdAt'> = { accountKey: w.account.key, plan: EMPTY_PLAN, changes: [] };
    const first = await storePendingPlan({ ...base, kind: 'refresh' });
    await markPendingConfirmation(first.planId, ['first']);
    const second = await storePendingPlan({ ...base, kind: 'refresh' });
    await markPendingConfirmation(second.planId, ['second']);
    expect(await storedPlanIds(w)).toEqual([second.planId]);
  });

  it.each([
    ['read back', async (planId: string) => expect((await getPendingPlan(planId))?.planId).toBe(planId)],
    ['listed', async (planId: string, w: World) => expect(await storedPlanIds(w)).toEqual([planId])],
    [
      'discarded',
      async (planId: string, w: World) => {
        await discardPendingPlan(planId);
        expect(await storedPlanIds(w)).toEqual([]);
      },
    ],
  ])('a plan stored after its reply is %s only once its write is done, replacing the older preview', async (_what, check) => {
    world = await startWorld();
    const w = world;
    const base: Omit<PendingPlan, 'planId' | 'createdAt'> = { accountKey: w.account.key, plan: EMPTY_PLAN, changes: [] };
    await storePendingPlan(base);
    const later = await storePendingPlan(base, Date.now, { isAfterReply: true });
    await check(later.planId, w);
  });

  it('moves plans an earlier version kept in storage.local into IndexedDB', async () => {
    world = await startWorld();
    const w = world;
    const legacy: PendingPlan = {
      planId: 'legacy-plan',
      accountKey: w.account.key,
      createdAt: Date.now(),
      plan: EMPTY_PLAN,
      confirmationReasons: ['A list changed.'],
    };
    await fakeBrowser.storage.local.set({ pendingPlans: { [legacy.planId]: legacy }, pendingPlans$: { v: 1 } });
    vi.resetModules();
    const fresh = await import('../../utils/background/plans');

    expect((await fresh.getPendingPlan('legacy-plan'))?.confirmationReasons).toEqual(['A list changed.']);
    expect(Object.keys(await fakeBrowser.storage.local.get(null))).not.toContain('pendingPlans');
  });

  it('are deleted with the account at sign-out', async () => {
    world = await startWorld();
    const w = world;
    await w.background.value<PlanPreview>({ type: 'hedge/preview' });
    expect(await storedPlanIds(w)).toHaveLength(1);
    await w.background.value({ type: 'hedge/sign-out', accountKey: w.account.key });
    expect(await storedPlanIds(w)).toEqual([]);
  });
});
