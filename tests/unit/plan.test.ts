import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DesiredDomain, DesiredState, Provenance } from '../../utils/core/model.ts';
import { computePlan, formatDuration, planOperations, type OwnedBlock, type PlanInput } from '../../utils/core/plan.ts';

const readDomains = (file: string): string[] =>
  readFileSync(new URL(`../fixtures/lists/${file}`, import.meta.url), 'utf8')
    .split(/\r?\n/)
    .map((line) => line.trim().toLowerCase())
    .filter((line) => line && !line.startsWith('#'));

// Real lists (tests/fixtures/lists/SOURCES.md): Garden Fence's plain text and a real Mastodon user export.
const GARDEN_FENCE = readDomains('gardenfence.txt');
const USER_EXPORT = readDomains('oliphant-2022-12-user-export-blocked_domains.csv');
const THREADS = readDomains('sally3125-user-import-blocked_domains_threadsonly.csv');

const gardenFence: Provenance = { source: { kind: 'subscription', id: 'gf', name: 'Garden Fence' }, severity: 'suspend', labels: [] };
const threadsPreset: Provenance = { source: { kind: 'preset', id: 'threads', name: 'Threads' }, severity: 'suspend', labels: [] };

function desired(entries: Array<[string, Provenance[], DesiredDomain['action']?]>): DesiredState {
  return new Map(entries.map(([domain, provenance, action]) => [domain, { domain, action: action ?? 'block', provenance }]));
}
const owned = (domains: string[], provenance = [gardenFence]): OwnedBlock[] =>
  domains.map((domain) => ({ domain, addedAt: 1, runId: 'r0', provenance }));
const base = (overrides: Partial<PlanInput>): PlanInput => ({ desired: new Map(), serverBlocks: [], owned: [], ...overrides });

describe('computePlan: ownership rules', () => {
  it.each([
    ['a wanted domain nobody blocked is added', { desired: desired([['a.example.net', [gardenFence]]]) }, { add: ['a.example.net'] }],
    [
      'a block the user made by hand stays theirs even when a list names it',
      { desired: desired([['a.example.net', [gardenFence]]]), serverBlocks: ['a.example.net'] },
      { unchanged: [['a.example.net', 'blocked-by-you']] },
    ],
    [
      'a block the user made by hand is never removed',
      { desired: new Map(), serverBlocks: ['mine.example.org'] },
      {},
    ],
    [
      'a block Hedge made and still wanted stays',
      { desired: desired([['a.example.net', [gardenFence]]]), serverBlocks: ['a.example.net'], owned: owned(['a.example.net']) },
      { unchanged: [['a.example.net', 'blocked-by-hedge']] },
    ],
    [
      'a block Hedge made that the user unblocked elsewhere is a conflict, not re-added',
      { desired: desired([['a.example.net', [gardenFence]]]), owned: owned(['a.example.net']) },
      { conflicts: [['a.example.net', 'unblocked-by-you']] },
    ],
    [
      'a block Hedge made that no source wants is removed',
      { desired: new Map(), serverBlocks: ['a.example.net'], owned: owned(['a.example.net']) },
      { remove: ['a.example.net'] },
    ],
    [
      'a domain now allowed that Hedge blocked is removed',
      { desired: desired([['a.example.net', [gardenFence], 'allow']]), serverBlocks: ['a.example.net'], owned: owned(['a.example.net']) },
      { remove: ['a.example.net'] },
    ],
    [
      'an allowed domain the user blocked stays blocked',
      { desired: desired([['a.example.net', [gardenFence], 'allow']]), serverBlocks: ['a.example.net'] },
      {},
    ],
    [
      'a stale record (gone from the server, not wanted) is forgotten without a request',
      { desired: new Map(), owned: owned(['gone.example.net']) },
      { forget: ['gone.example.net'] },
    ],
    [
      'a domain the user chose to keep unblocked is left alone',
      { desired: desired([['a.example.net', [gardenFence]]]), keptUnblocked: new Set(['a.example.net']) },
      { unchanged: [['a.example.net', 'kept-unblocked-by-you']] },
    ],
    [
      'the user’s own instance is never blocked',
      { desired: desired([['mastodon.example', [gardenFence]]]), ownDomain: 'Mastodon.Example' },
      { conflicts: [['mastodon.example', 'own-instance']] },
    ],
    [
      'limited and listed domains are not blocks',
      { desired: desired([['l.example.net', [gardenFence], 'limit'], ['m.example.net', [gardenFence], 'listed']]) },
      {},
    ],
  ])('%s', (_name, input, expected) => {
    const plan = computePlan(base(input as Partial<PlanInput>));
    expect(plan.add.map((a) => a.domain)).toEqual((expected as { add?: string[] }).add ?? []);
    expect(plan.remove.map((r) => r.domain)).toEqual((expected as { remove?: string[] }).remove ?? []);
    expect(plan.unchanged.map((u) => [u.domain, u.reason])).toEqual((expected as { unchanged?: unknown[] }).unchanged ?? []);
    expect(plan.conflicts.map((c) => [c.domain, c.kind])).toEqual((expected as { conflicts?: unknown[] }).conflicts ?? []);
    expect(plan.forget).toEqual((expected as { forget?: string[] }).forget ?? []);
    expect(plan.operations).toBe(plan.add.length + plan.remove.length);
  });

  it('unsubscribing removes only domains no other source still wants', () => {
    // Hedge blocked Threads through both the preset and Garden Fence, and Garden Fence's list; the user unsubscribes Garden Fence.
    const both = owned(THREADS, [threadsPreset, gardenFence]);
    const gfOnly = owned(GARDEN_FENCE.filter((domain) => !THREADS.includes(domain)));
    const plan = computePlan({
      desired: desired(THREADS.map((domain) => [domain, [threadsPreset]])),
      serverBlocks: [...THREADS, ...GARDEN_FENCE, ...USER_EXPORT],
      owned: [...both, ...gfOnly],
    });
    expect(plan.add).toEqual([]);
    expect(plan.remove.map((r) => r.domain)).toEqual(gfOnly.map((r) => r.domain).sort());
    expect(plan.unchanged.map((u) => u.domain)).toEqual([...THREADS].sort());
    // The user's own blocks (their export) are never in the removals.
    const removed = new Set(plan.remove.map((r) => r.domain));
    expect(USER_EXPORT.filter((domain) => removed.has(domain) && !GARDEN_FENCE.includes(domain))).toEqual([]);
  });

  it('subscribing to a real list next to a real user export adds only what is missing', () => {
    const plan = computePlan({
      desired: desired(GARDEN_FENCE.map((domain) => [domain, [gardenFence]])),
      serverBlocks: USER_EXPORT,
      owned: [],
    });
    const overlap = GARDEN_FENCE.filter((domain) => USER_EXPORT.includes(domain));
    expect(plan.add).toHaveLength(GARDEN_FENCE.length - overlap.length);
    expect(plan.unchanged.every((u) => u.reason === 'blocked-by-you')).toBe(true);
    expect(plan.unchanged).toHaveLength(overlap.length);
    expect(plan.remove).toEqual([]);
    expect(plan.slow).toBeUndefined();
  });
});

describe('computePlan: impact', () => {
  const alice = { acct: 'alice@a.example.net', displayName: 'Alice', url: 'https://a.example.net/@alice' };
  const bob = { acct: 'bob@a.example.net', displayName: 'Bob', url: 'https://a.example.net/@bob' };

  it('counts follows and followers from the cached relationships (4.2) and names them', () => {
    const plan = computePlan(
      base({
        desired: desired([['a.example.net', [gardenFence]], ['b.example.net', [gardenFence]]]),
        relationships: new Map([['a.example.net', { following: [alice], followers: [alice, bob] }]]),
      }),
    );
    expect(plan.add[0]?.impact).toEqual({ followingCount: 1, followersCount: 2, accounts: { following: [alice], followers: [alice, bob] }, basis: 'relationships' });
    expect(plan.add[1]?.impact).toMatchObject({ followingCount: 0, followersCount: 0, basis: 'relationships' });
  });

  it('prefers the server preview counts (4.3+) and keeps the names it has', () => {
    const plan = computePlan(
      base({
        desired: desired([['a.example.net', [gardenFence]]]),
        previews: new Map([['a.example.net', { followingCount: 3, followersCount: 0 }]]),
        relationships: new Map([['a.example.net', { following: [alice], followers: [] }]]),
      }),
    );
    expect(plan.add[0]?.impact).toMatchObject({ followingCount: 3, followersCount: 0, basis: 'preview', accounts: { following: [alice] } });
  });

  it('says when the impact is unknown', () => {
    const plan = computePlan(base({ desired: desired([['a.example.net', [gardenFence]]]) }));
    expect(plan.add[0]?.impact.basis).toBe('unknown');
  });
});

describe('computePlan: large plans', () => {
  const many = (count: number) => Array.from({ length: count }, (_, i) => `host-${String(i).padStart(4, '0')}.example.net`);

  it.each([
    [300, undefined],
    [301, 300_000],
    [1000, 900_000],
  ])('%i operations: slow=%s ms', (count, durationMs) => {
    const plan = computePlan(base({ desired: desired(many(count).map((domain) => [domain, [gardenFence]])) }));
    expect(plan.slow?.durationMs).toBe(durationMs);
    if (durationMs !== undefined) {
      expect(plan.slow?.importDomains).toHaveLength(count);
      expect(plan.slow?.message).toContain('blocked_domains.csv');
      expect(plan.slow?.message).toContain(formatDuration(durationMs));
    }
  });
});

describe('blocking again what the user asks for, and planOperations', () => {
  it('a removed Hedge block and a domain kept unblocked are added when the user asks to block them; the others still wait; blocks before unblocks', () => {
    const plan = computePlan({
      desired: desired([['a.example.net', [gardenFence]], ['b.example.net', [gardenFence]], ['c.example.net', [gardenFence]], ['d.example.net', [gardenFence]]]),
      serverBlocks: ['old.example.net'],
      owned: owned(['a.example.net', 'b.example.net', 'old.example.net']),
      keptUnblocked: new Set(['c.example.net', 'd.example.net']),
      reblock: new Set(['b.example.net', 'd.example.net']),
    });
    expect(plan.conflicts.map((c) => c.domain)).toEqual(['a.example.net']);
    expect(plan.unchanged.map((u) => `${u.domain} ${u.reason}`)).toEqual(['c.example.net kept-unblocked-by-you']);
    expect(planOperations(plan).map((o) => `${o.kind} ${o.domain}`)).toEqual(['add b.example.net', 'add d.example.net', 'remove old.example.net']);
    expect(plan.operations).toBe(3);
  });
});

describe('formatDuration', () => {
  it.each([
    [40_000, '40 seconds'],
    [900_000, '15 minutes'],
    [7_500_000, '2 hours 5 minutes'],
  ])('%i ms reads "%s"', (ms, words) => expect(formatDuration(ms)).toBe(words));
});
