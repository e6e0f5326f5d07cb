/**
 * What a plan changes is what the user asked for: a preset's switch changes
 * only that preset's blocks (issue 5 §1), and an "always block" entry is a
 * name Hedge will actually block.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { HedgeState, PlanPreview, Reply } from '../../utils/protocol';
import { runsSettled, startWorld, type World } from './subscriptions-helpers';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function confirmAndWait(w: World, plan: PlanPreview): Promise<void> {
  await w.background.value({ type: 'hedge/confirm-plan', planId: plan.planId, excludeDomains: [] });
  await runsSettled(w.background);
}

describe('a preset’s switch changes only that preset’s blocks', () => {
  it('turning Threads off removes Threads and adds nothing waiting elsewhere', async () => {
    world = await startWorld();
    const w = world;
    await confirmAndWait(w, await w.background.value<PlanPreview>({ type: 'hedge/set-preset', presetId: 'threads', enabled: true }));
    await w.background.value({ type: 'hedge/manual-entry', domain: 'bad.example.social', list: 'always-block', action: 'add' });

    const off = await w.background.value<PlanPreview>({ type: 'hedge/set-preset', presetId: 'threads', enabled: false });

    expect(off.add).toEqual([]);
    expect(off.remove.map((change) => change.domain).sort()).toEqual(['threads.com', 'threads.instagram.com', 'threads.net']);
    expect(off.operationCount).toBe(3);
    await confirmAndWait(w, off);
    expect(w.mastodon.state.domainBlocks()).not.toContain('bad.example.social');
    expect(w.mastodon.state.domainBlocks()).not.toContain('threads.net');
  });

  it('turning Threads on adds only the preset’s domains and leaves another source’s removal for its own preview', async () => {
    world = await startWorld();
    const w = world;
    await confirmAndWait(w, await w.background.value<PlanPreview>({ type: 'hedge/set-preset', presetId: 'bluesky-bridge', enabled: true }));
    await w.background.value({ type: 'hedge/manual-entry', domain: 'bsky.brid.gy', list: 'never-block', action: 'add' });
    await w.background.value({ type: 'hedge/manual-entry', domain: 'bad.example.social', list: 'always-block', action: 'add' });

    const on = await w.background.value<PlanPreview>({ type: 'hedge/set-preset', presetId: 'threads', enabled: true });

    expect(on.add.map((change) => change.domain).sort()).toEqual(['threads.com', 'threads.instagram.com', 'threads.net']);
    expect(on.add.every((change) => change.sources.some((source) => source.kind === 'preset' && source.id === 'threads'))).toBe(true);
    expect(on.remove).toEqual([]);
    expect(on.operationCount).toBe(3);
    await confirmAndWait(w, on);
    expect(w.mastodon.state.domainBlocks()).toContain('bsky.brid.gy');
    expect(w.mastodon.state.domainBlocks()).not.toContain('bad.example.social');
    const state = await w.background.value<HedgeState>({ type: 'hedge/get-state' });
    expect(state.presets.find((preset) => preset.id === 'threads')?.isEnabled).toBe(true);

    // The full preview still has what the switch left out.
    const preview = await w.background.value<PlanPreview>({ type: 'hedge/preview' });
    expect(preview.add.map((change) => change.domain)).toEqual(['bad.example.social']);
    expect(preview.remove.map((change) => change.domain)).toEqual(['bsky.brid.gy']);
  });
});

describe('an “always block” entry', () => {
  it.each([
    ['example.com', 'reserved'],
    ['sub.example.org', 'reserved'],
    ['canary.test', 'reserved'],
    ['000delete.this.line.if.you.have.read.the.documentation.on.seirdy.one', 'reserved'],
  ])('refuses %s in words and stores nothing', async (domain) => {
    world = await startWorld();
    const w = world;
    const reply: Reply<null> = await w.background.send({ type: 'hedge/manual-entry', domain, list: 'always-block', action: 'add' });

    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.kind).toBe('invalid-input');
      expect(reply.error.message).toMatch(/never applied|reserved/);
    }
    const state = await w.background.value<HedgeState>({ type: 'hedge/get-state' });
    expect(state.manualEntries?.alwaysBlock).toEqual([]);
  });

  it('still takes a real domain, and a reserved name in “never block” (it changes nothing)', async () => {
    world = await startWorld();
    const w = world;
    await w.background.value({ type: 'hedge/manual-entry', domain: 'Bad.Example.Social', list: 'always-block', action: 'add' });
    await w.background.value({ type: 'hedge/manual-entry', domain: 'example.com', list: 'never-block', action: 'add' });
    const state = await w.background.value<HedgeState>({ type: 'hedge/get-state' });
    expect(state.manualEntries).toEqual({ alwaysBlock: ['bad.example.social'], neverBlock: ['example.com'] });
  });

  it('can be removed even when it is a reserved name stored by an earlier version', async () => {
    world = await startWorld();
    const w = world;
    const { updateAccountSources } = await import('../../utils/background/sources');
    await updateAccountSources(w.account.key, () => ({ presets: [], alwaysBlock: ['example.com'], neverBlock: [], limit: [] }));
    await w.background.value({ type: 'hedge/manual-entry', domain: 'example.com', list: 'always-block', action: 'remove' });
    const state = await w.background.value<HedgeState>({ type: 'hedge/get-state' });
    expect(state.manualEntries?.alwaysBlock).toEqual([]);
  });
});
