import { describe, expect, it } from 'vitest';
import type { Provenance } from '../../utils/core/model.ts';
import type { BlockImpact, PlanConflict, SyncPlan } from '../../utils/core/plan.ts';
import { decideRefresh, type ListFetch } from '../../utils/core/refresh-policy.ts';

const provenance: Provenance[] = [{ source: { kind: 'subscription', id: 'gf', name: 'Garden Fence' }, severity: 'suspend', labels: [] }];
const none: BlockImpact = { followingCount: 0, followersCount: 0, basis: 'relationships' };
const plan = (adds: number, removes = 0, impact: Partial<Record<number, BlockImpact>> = {}, conflicts: PlanConflict[] = []): SyncPlan => ({
  add: Array.from({ length: adds }, (_, i) => ({ domain: `new-${i}.example.net`, provenance, impact: impact[i] ?? none })),
  remove: Array.from({ length: removes }, (_, i) => ({ domain: `old-${i}.example.net`, provenance })),
  unchanged: [],
  conflicts,
  forget: [],
  operations: adds + removes,
});
const parsed = (domainCount: number): ListFetch => ({ isParsed: true, domainCount });

describe('decideRefresh', () => {
  it.each([
    ['a small refresh of a big list', parsed(140), parsed(143), plan(3, 0), 'apply', undefined],
    ['nothing to do', parsed(143), parsed(143), plan(0), 'apply', undefined],
    ['more than 50 new blocks', parsed(1000), parsed(1060), plan(51), 'confirm', /more than 50/],
    ['new blocks for more than 10% of the list', parsed(100), parsed(115), plan(15), 'confirm', /more than 10% of the 115/],
    ['more than 10% unblocked', parsed(100), parsed(85), plan(0, 15), 'confirm', /unblock 15 domains/],
    ['a new block where the user follows someone', parsed(100), parsed(101), plan(1, 0, { 0: { followingCount: 2, followersCount: 0, basis: 'preview' } }), 'confirm', /where you follow people or people follow you: new-0.example.net \(2\)/],
    ['a new block where only followers would be lost', parsed(100), parsed(101), plan(1, 0, { 0: { followingCount: 0, followersCount: 3, basis: 'preview' } }), 'confirm', /people follow you: new-0.example.net \(3\)/],
    ['a new block whose impact is unknown', parsed(100), parsed(101), plan(1, 0, { 0: { followingCount: 0, followersCount: 0, basis: 'unknown' } }), 'confirm', /could not check/],
    ['the user’s own server', parsed(100), parsed(101), plan(0, 0, {}, [{ domain: 'home.example', kind: 'own-instance', message: '', provenance, impact: none }]), 'confirm', /your own server/],
    ['a list that no longer parses', parsed(143), { isParsed: false as const, error: 'not a block list' }, plan(0), 'hold', /could not be read any more \(not a block list\)/],
    ['a list that became empty', parsed(143), parsed(0), plan(0, 143), 'hold', /suddenly empty \(it had 143/],
    ['a list that shrank by more than half', parsed(143), parsed(70), plan(0, 73), 'hold', /shrank from 143 to 70/],
    ['a list that shrank by exactly half', parsed(140), parsed(70), plan(0, 5), 'apply', undefined],
    ['a first fetch that fails', undefined, { isParsed: false as const, error: 'HTTP 404' }, plan(0), 'hold', /could not be read \(HTTP 404\)/],
  ])('%s → %s', (_name, previous, current, refreshPlan, kind, reason) => {
    const decision = decideRefresh({ listName: 'Garden Fence', previous, current, plan: refreshPlan, ownDomain: 'home.example' });
    expect(decision.kind).toBe(kind);
    if (reason) expect(decision.kind !== 'apply' && decision.reasons.join(' ')).toMatch(reason);
  });
});
