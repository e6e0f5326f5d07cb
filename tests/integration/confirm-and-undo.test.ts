import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeMastodon, type FakeMastodon } from '../fake-mastodon/index';
import { listOwnedBlocks } from '../../utils/db/owned-blocks';
import type { AccountView, BlockRow, HedgeState, PlanPreview, RelationshipSnapshotSummary, RunSummary } from '../../utils/protocol';
import { resetBackground, runsSettled, signedIn } from './confirm-harness';

let server: FakeMastodon | undefined;
let other: FakeMastodon | undefined;
beforeEach(() => resetBackground());
afterEach(async () => {
  await server?.close();
  await other?.close();
  server = undefined;
  other = undefined;
});

async function start(...args: Parameters<typeof signedIn>) {
  const signed = await signedIn(...args);
  server = signed.mastodon;
  return signed;
}

const originOf = (blocks: BlockRow[], domain: string) => blocks.find((block) => block.domain === domain)?.origin;

describe('a block the user makes by hand is never taken over', () => {
  it('made between the preview and the confirmation: the run skips it, it stays the user’s, and turning the preset off leaves it', async () => {
    const { mastodon, background } = await start('4.3');
    const on = await background.value<PlanPreview>({ type: 'hedge/set-preset', presetId: 'bluesky-bridge', enabled: true });
    expect(on.add.map((change) => change.domain)).toEqual(['bsky.brid.gy']);
    mastodon.state.addDomainBlock('bsky.brid.gy');

    await background.value({ type: 'hedge/confirm-plan', planId: on.planId, excludeDomains: [] });
    await runsSettled(background);
    const posts = mastodon.state.requests.filter((request) => request.method === 'POST' && request.path === '/api/v1/domain_blocks');
    expect(posts).toEqual([]);
    const blocks = await background.value<BlockRow[]>({ type: 'hedge/list-blocks' });
    expect(originOf(blocks, 'bsky.brid.gy')).toBe('user');

    const off = await background.value<PlanPreview>({ type: 'hedge/set-preset', presetId: 'bluesky-bridge', enabled: false });
    expect(off.remove).toEqual([]);
  });

  it('a Hedge block the user removed between the preview of its removal and the confirmation is not sent again', async () => {
    const { mastodon, background, account } = await start('4.3');
    const on = await background.value<PlanPreview>({ type: 'hedge/set-preset', presetId: 'bluesky-bridge', enabled: true });
    await background.value({ type: 'hedge/confirm-plan', planId: on.planId, excludeDomains: [] });
    await runsSettled(background);
    const off = await background.value<PlanPreview>({ type: 'hedge/set-preset', presetId: 'bluesky-bridge', enabled: false });
    expect(off.remove.map((change) => change.domain)).toEqual(['bsky.brid.gy']);
    mastodon.state.removeDomainBlock('bsky.brid.gy');

    await background.value({ type: 'hedge/confirm-plan', planId: off.planId, excludeDomains: [] });
    await runsSettled(background);
    const deletes = mastodon.state.requests.filter((request) => request.method === 'DELETE' && request.path === '/api/v1/domain_blocks');
    expect(deletes).toEqual([]);
    expect(await listOwnedBlocks(account.key)).toEqual([]);
    // Nothing of Hedge's is left to remove or to ask about.
    const after = await background.value<PlanPreview>({ type: 'hedge/preview' });
    expect([...after.add, ...after.remove, ...after.conflicts]).toEqual([]);
  });
});

describe('run controls act on the active account’s run only', () => {
  it('pause, resume and cancel from another account leave the first account’s run alone', async () => {
    const { mastodon, background } = await start('4.3');
    // Slow blocks, so that the first account's run is still going when the second account asks.
    mastodon.faults.set({ kind: 'slow', delayMs: 150, match: /^\/api\/v1\/domain_blocks$/ });
    const plan = await background.value<PlanPreview>({ type: 'hedge/set-preset', presetId: 'threads', enabled: true });
    await background.value({ type: 'hedge/confirm-plan', planId: plan.planId, excludeDomains: [] });

    other = await startFakeMastodon({ version: '4.3', autoApprove: true });
    const second = await background.value<AccountView>({ type: 'hedge/sign-in', instance: other.url });
    const state = await background.value<{ activeAccountKey: string | null }>({ type: 'hedge/get-state' });
    expect(state.activeAccountKey).toBe(second.key);
    for (const action of ['pause', 'cancel', 'resume'] as const) {
      const reply = await background.send({ type: 'hedge/run-control', action });
      expect(reply).toMatchObject({ ok: false, error: { message: 'There is no run to control.' } });
    }

    mastodon.faults.clear();
    const first = await background.value<AccountView>({ type: 'hedge/switch-account', accountKey: (await firstAccountKey(background, second.key)) });
    expect(first).toBeNull();
    const [run] = await runsSettled(background);
    expect(run).toMatchObject<Partial<RunSummary>>({ status: 'done', added: 3 });
  });
});

async function firstAccountKey(background: Awaited<ReturnType<typeof signedIn>>['background'], notKey: string): Promise<string> {
  const state = await background.value<{ accounts: AccountView[] }>({ type: 'hedge/get-state' });
  const found = state.accounts.find((account) => account.key !== notKey);
  if (!found) throw new Error('the first account is gone');
  return found.key;
}

describe('confirming a plan changes only what that plan was about', () => {
  const presetsOf = async (background: Awaited<ReturnType<typeof signedIn>>['background']) =>
    (await background.value<HedgeState>({ type: 'hedge/get-state' })).presets.filter((preset) => preset.isEnabled).map((preset) => preset.id).sort();

  it('entries added after the preview are kept when the preview is confirmed', async () => {
    const { background } = await start('4.3');
    const plan = await background.value<PlanPreview>({ type: 'hedge/set-preset', presetId: 'bluesky-bridge', enabled: true });
    await background.value({ type: 'hedge/manual-entry', domain: 'never.example.social', list: 'never-block', action: 'add' });
    await background.value({ type: 'hedge/manual-entry', domain: 'bad.example.social', list: 'always-block', action: 'add' });
    await background.value({ type: 'hedge/confirm-plan', planId: plan.planId, excludeDomains: [] });
    await runsSettled(background);
    const state = await background.value<HedgeState>({ type: 'hedge/get-state' });
    expect(state.manualEntries).toEqual({ alwaysBlock: ['bad.example.social'], neverBlock: ['never.example.social'] });
    expect(await presetsOf(background)).toEqual(['bluesky-bridge']);
  });

  it('two presets previewed one after the other and both confirmed are both on', async () => {
    const { background } = await start('4.3');
    const threads = await background.value<PlanPreview>({ type: 'hedge/set-preset', presetId: 'threads', enabled: true });
    const bluesky = await background.value<PlanPreview>({ type: 'hedge/set-preset', presetId: 'bluesky-bridge', enabled: true });
    await background.value({ type: 'hedge/confirm-plan', planId: threads.planId, excludeDomains: [] });
    await runsSettled(background);
    await background.value({ type: 'hedge/confirm-plan', planId: bluesky.planId, excludeDomains: [] });
    await runsSettled(background);
    expect(await presetsOf(background)).toEqual(['bluesky-bridge', 'threads']);
  });

  it('an older plan that changes no source (a refresh waiting for the user) leaves a preset switched on since', async () => {
    const { mastodon, background } = await start('4.3');
    await background.value({ type: 'hedge/manual-entry', domain: 'bad.example.social', list: 'always-block', action: 'add' });
    const older = await background.value<PlanPreview>({ type: 'hedge/preview' });
    expect(older.add.map((change) => change.domain)).toEqual(['bad.example.social']);
    const threads = await background.value<PlanPreview>({ type: 'hedge/set-preset', presetId: 'threads', enabled: true });
    await background.value({ type: 'hedge/confirm-plan', planId: threads.planId, excludeDomains: [] });
    await runsSettled(background);
    await background.value({ type: 'hedge/confirm-plan', planId: older.planId, excludeDomains: [] });
    await runsSettled(background);
    expect(await presetsOf(background)).toEqual(['threads']);
    expect(mastodon.state.domainBlocks()).toEqual(expect.arrayContaining(['bad.example.social', 'threads.net']));
  });
});

describe('a plan refused because another run is unfinished changes nothing and can be confirmed later', () => {
  /** A Threads run, paused, so that Hedge is busy until it is resumed. */
  async function busyWithThreads(background: Awaited<ReturnType<typeof signedIn>>['background'], mastodon: FakeMastodon) {
    mastodon.faults.set({ kind: 'slow', delayMs: 200, match: /^\/api\/v1\/domain_blocks$/ });
    const threads = await background.value<PlanPreview>({ type: 'hedge/set-preset', presetId: 'threads', enabled: true });
    await background.value({ type: 'hedge/confirm-plan', planId: threads.planId, excludeDomains: [] });
    await background.value({ type: 'hedge/run-control', action: 'pause' });
    mastodon.faults.clear();
  }

  it('a waiting plan refused as busy is still there to confirm once the run has ended', async () => {
    const { mastodon, background } = await start('4.3');
    await background.value({ type: 'hedge/manual-entry', domain: 'bad.example.social', list: 'always-block', action: 'add' });
    const waiting = await background.value<PlanPreview>({ type: 'hedge/preview' });
    await busyWithThreads(background, mastodon);

    const refused = await background.send({ type: 'hedge/confirm-plan', planId: waiting.planId, excludeDomains: [] });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'busy' } });
    await background.value({ type: 'hedge/run-control', action: 'resume' });
    await runsSettled(background);

    await background.value({ type: 'hedge/confirm-plan', planId: waiting.planId, excludeDomains: [] });
    await runsSettled(background);
    expect(mastodon.state.domainBlocks()).toContain('bad.example.social');
  });

  it('Block domain with Hedge refused as busy stores no "always block" entry', async () => {
    const { mastodon, background } = await start('4.3');
    await busyWithThreads(background, mastodon);
    const contentScript = { isContentScript: true, origin: mastodon.url };
    const refused = await background.send({ type: 'hedge/block-domain-from-page', domain: 'bad.example.social' }, contentScript);
    expect(refused).toMatchObject({ ok: false, error: { kind: 'busy' } });
    const state = await background.value<HedgeState>({ type: 'hedge/get-state' });
    expect(state.manualEntries?.alwaysBlock).toEqual([]);
    await background.value({ type: 'hedge/run-control', action: 'resume' });
    await runsSettled(background);
    const next = await background.value<PlanPreview>({ type: 'hedge/preview' });
    expect(next.add).toEqual([]);
  });
});

describe('an undo or an unblock the user confirmed stays done', () => {
  it('undoing Threads: the next plan does not block Threads again, with nothing to ask', async () => {
    const { mastodon, background } = await start('4.3');
    const handMade = mastodon.state.domainBlocks();
    const on = await background.value<PlanPreview>({ type: 'hedge/set-preset', presetId: 'threads', enabled: true });
    await background.value({ type: 'hedge/confirm-plan', planId: on.planId, excludeDomains: [] });
    const [run] = await runsSettled(background);
    const undo = await background.value<PlanPreview>({ type: 'hedge/undo-run', runId: run?.runId ?? '' });
    await background.value({ type: 'hedge/confirm-plan', planId: undo.planId, excludeDomains: [] });
    await runsSettled(background);
    expect(mastodon.state.domainBlocks().sort()).toEqual([...handMade].sort());

    const next = await background.value<PlanPreview>({ type: 'hedge/preview' });
    expect(next.add).toEqual([]);
    expect(next.conflicts).toEqual([]);
  });

  it('undoing the removal of Threads blocks it again, and the next plan does not remove it again', async () => {
    const { mastodon, background } = await start('4.3');
    const on = await background.value<PlanPreview>({ type: 'hedge/set-preset', presetId: 'threads', enabled: true });
    await background.value({ type: 'hedge/confirm-plan', planId: on.planId, excludeDomains: [] });
    await runsSettled(background);
    // Mastodon cuts the follows in a job moments after the block (AfterAccountDomainBlockWorker).
    await expect.poll(() => mastodon.state.following().filter((acct) => acct.endsWith('@threads.net')), { timeout: 5_000 }).toEqual([]);
    const off = await background.value<PlanPreview>({ type: 'hedge/set-preset', presetId: 'threads', enabled: false });
    await background.value({ type: 'hedge/confirm-plan', planId: off.planId, excludeDomains: [] });
    const [removal] = await runsSettled(background);
    const undo = await background.value<PlanPreview>({ type: 'hedge/undo-run', runId: removal?.runId ?? '' });
    expect(undo.add.map((change) => change.domain).sort()).toEqual(['threads.com', 'threads.instagram.com', 'threads.net']);
    await background.value({ type: 'hedge/confirm-plan', planId: undo.planId, excludeDomains: [] });
    await runsSettled(background);
    expect(mastodon.state.domainBlocks()).toEqual(expect.arrayContaining(['threads.com', 'threads.instagram.com', 'threads.net']));

    const next = await background.value<PlanPreview>({ type: 'hedge/preview' });
    expect(next.remove).toEqual([]);
    const state = await background.value<HedgeState>({ type: 'hedge/get-state' });
    expect([...(state.manualEntries?.alwaysBlock ?? [])].sort()).toEqual(['threads.com', 'threads.instagram.com', 'threads.net']);
  });

  it('unblocking a block made by hand that a source names: Hedge does not block it again', async () => {
    const { mastodon, background } = await start('4.3');
    mastodon.state.addDomainBlock('bad.example.social');
    await background.value({ type: 'hedge/manual-entry', domain: 'bad.example.social', list: 'always-block', action: 'add' });
    await background.value({ type: 'hedge/subscription-add', source: { kind: 'file', fileName: 'mine.txt', text: 'bad.example.social\n' } });
    const unblock = await background.value<PlanPreview>({ type: 'hedge/unblock', domain: 'bad.example.social' });
    expect(unblock.remove.map((change) => change.domain)).toEqual(['bad.example.social']);
    await background.value({ type: 'hedge/confirm-plan', planId: unblock.planId, excludeDomains: [] });
    await runsSettled(background);
    expect(mastodon.state.domainBlocks()).not.toContain('bad.example.social');

    const next = await background.value<PlanPreview>({ type: 'hedge/preview' });
    expect(next.add).toEqual([]);
    const state = await background.value<HedgeState>({ type: 'hedge/get-state' });
    expect(state.manualEntries?.alwaysBlock).toEqual([]);
  });
});

describe('a Hedge block the user removed elsewhere (a conflict)', () => {
  /** Bluesky's bridge blocked by Hedge, then unblocked in Mastodon's own settings. */
  async function conflicted() {
    const signed = await start('4.3');
    const { mastodon, background } = signed;
    const plan = await background.value<PlanPreview>({ type: 'hedge/set-preset', presetId: 'bluesky-bridge', enabled: true });
    await background.value({ type: 'hedge/confirm-plan', planId: plan.planId, excludeDomains: [] });
    await runsSettled(background);
    mastodon.state.removeDomainBlock('bsky.brid.gy');
    const before = await background.value<PlanPreview>({ type: 'hedge/preview' });
    expect(before.conflicts.map((conflict) => conflict.domain)).toEqual(['bsky.brid.gy']);
    return signed;
  }

  it('"Block again": the next plan blocks it, and confirming it does', async () => {
    const { mastodon, background } = await conflicted();
    await background.value({ type: 'hedge/resolve-conflict', domain: 'bsky.brid.gy', resolution: 'block-again' });
    const after = await background.value<PlanPreview>({ type: 'hedge/preview' });
    expect(after.conflicts).toEqual([]);
    expect(after.add.map((change) => change.domain)).toEqual(['bsky.brid.gy']);
    await background.value({ type: 'hedge/confirm-plan', planId: after.planId, excludeDomains: [] });
    await runsSettled(background);
    expect(mastodon.state.domainBlocks()).toContain('bsky.brid.gy');
  });

  it('"Keep unblocked": the next plan neither blocks it nor asks again', async () => {
    const { background } = await conflicted();
    await background.value({ type: 'hedge/resolve-conflict', domain: 'bsky.brid.gy', resolution: 'keep-unblocked' });
    const after = await background.value<PlanPreview>({ type: 'hedge/preview' });
    expect([...after.add, ...after.conflicts]).toEqual([]);
  });

  it('Block domain with Hedge on it is the user’s word to block it again, not "already blocked"', async () => {
    const { mastodon, background } = await conflicted();
    const contentScript = { isContentScript: true, origin: mastodon.url };
    const page = await background.value<{ outcome: string; message: string }>({ type: 'hedge/block-domain-from-page', domain: 'bsky.brid.gy' }, contentScript);
    expect(page.outcome).toBe('queued');
    await runsSettled(background);
    expect(mastodon.state.domainBlocks()).toContain('bsky.brid.gy');
    const after = await background.value<PlanPreview>({ type: 'hedge/preview' });
    expect([...after.add, ...after.conflicts]).toEqual([]);
  });

  it('Block domain with Hedge on a domain the user keeps unblocked blocks it', async () => {
    const { mastodon, background } = await conflicted();
    await background.value({ type: 'hedge/resolve-conflict', domain: 'bsky.brid.gy', resolution: 'keep-unblocked' });
    const contentScript = { isContentScript: true, origin: mastodon.url };
    const page = await background.value<{ outcome: string }>({ type: 'hedge/block-domain-from-page', domain: 'bsky.brid.gy' }, contentScript);
    expect(page.outcome).toBe('queued');
    await runsSettled(background);
    expect(mastodon.state.domainBlocks()).toContain('bsky.brid.gy');
  });

  it('Block domain with Hedge on the user’s own server says so and stores nothing', async () => {
    const { mastodon, background } = await start('4.3');
    const contentScript = { isContentScript: true, origin: mastodon.url };
    // The local Mastodon's LOCAL_DOMAIN (tests/fake-mastodon/seed.ts), served at another address.
    const reply = await background.send({ type: 'hedge/block-domain-from-page', domain: 'social.example' }, contentScript);
    expect(reply).toMatchObject({ ok: false, error: { kind: 'invalid-input', message: expect.stringContaining('your own server') } });
    const state = await background.value<HedgeState>({ type: 'hedge/get-state' });
    expect(state.manualEntries?.alwaysBlock).toEqual([]);
  });
});

describe('an undo that blocks again saves the follows first, as any run does', () => {
  it('undoing the removal of Threads shows whom the block cuts and saves them before sending it', async () => {
    const { mastodon, background } = await start('4.3');
    const onThreads = mastodon.state.following().filter((acct) => acct.endsWith('@threads.net'));
    expect(onThreads.length).toBeGreaterThan(0);
    const on = await background.value<PlanPreview>({ type: 'hedge/set-preset', presetId: 'threads', enabled: true });
    await background.value({ type: 'hedge/confirm-plan', planId: on.planId, excludeDomains: [] });
    await runsSettled(background);
    // Mastodon cuts the follows in a job moments after the block (AfterAccountDomainBlockWorker).
    await expect.poll(() => mastodon.state.following().filter((acct) => acct.endsWith('@threads.net')), { timeout: 5_000 }).toEqual([]);
    const off = await background.value<PlanPreview>({ type: 'hedge/set-preset', presetId: 'threads', enabled: false });
    await background.value({ type: 'hedge/confirm-plan', planId: off.planId, excludeDomains: [] });
    const [removal] = await runsSettled(background);
    // Unblocked, the user follows them again.
    for (const acct of onThreads) mastodon.state.follow(acct);

    const undo = await background.value<PlanPreview>({ type: 'hedge/undo-run', runId: removal?.runId ?? '' });
    const threadsNet = undo.add.find((change) => change.domain === 'threads.net');
    expect(threadsNet?.impact?.followingCount).toBe(onThreads.length);
    expect((threadsNet?.impact?.following ?? []).map((account) => account.acct).sort()).toEqual([...onThreads].sort());
    const confirmedAt = Date.now();
    await background.value({ type: 'hedge/confirm-plan', planId: undo.planId, excludeDomains: [] });
    await runsSettled(background);
    await expect.poll(() => mastodon.state.following().filter((acct) => acct.endsWith('@threads.net')), { timeout: 5_000 }).toEqual([]);

    const snapshots = await background.value<RelationshipSnapshotSummary[]>({ type: 'hedge/list-relationship-snapshots' });
    const saved = snapshots.filter((snapshot) => snapshot.domain === 'threads.net' && snapshot.takenAt >= confirmedAt);
    expect(saved).toHaveLength(1);
    expect(saved[0]?.followingCount).toBe(onThreads.length);
  });
});
