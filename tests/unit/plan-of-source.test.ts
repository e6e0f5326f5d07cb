import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DesiredState, Provenance } from '../../utils/core/model.ts';
import { SLOW_PLAN_OPERATIONS, computePlan, planOfSource } from '../../utils/core/plan.ts';

// A real list (tests/fixtures/lists/SOURCES.md): Oliphant's tier 1, longer than one window; its first column is the domain.
const TIER1 = readFileSync(new URL('../fixtures/lists/oliphant-2023-05-mastodon-_unified_tier1_blocklist.csv', import.meta.url), 'utf8')
  .split(/\r?\n/)
  .slice(1)
  .map((line) => (line.split(',')[0] ?? '').trim().toLowerCase())
  .filter((domain) => domain !== '');

const gardenFence: Provenance = { source: { kind: 'subscription', id: 'gf', name: 'Garden Fence' }, severity: 'suspend', labels: [] };
const threads: Provenance = { source: { kind: 'preset', id: 'threads', name: 'Threads' }, severity: 'suspend', labels: [] };
const manual: Provenance = { source: { kind: 'manual', id: 'manual', name: 'Your own entries' }, severity: 'suspend', labels: [] };

function wanted(entries: Array<[string, Provenance[]]>): DesiredState {
  return new Map(entries.map(([domain, provenance]) => [domain, { domain, action: 'block' as const, provenance }]));
}

/** Threads on, a manual entry waiting, an old Garden Fence block to remove, a Threads block the user undid. */
const plan = computePlan({
  desired: wanted([
    ['threads.net', [threads]],
    ['threads.com', [threads, gardenFence]],
    ['threads.instagram.com', [threads]],
    ['bad.example.social', [manual]],
  ]),
  serverBlocks: ['old.example.net', 'gone.example.net'],
  owned: [
    { domain: 'old.example.net', addedAt: 1, provenance: [gardenFence] },
    { domain: 'gone.example.net', addedAt: 1, provenance: [threads] },
    { domain: 'threads.instagram.com', addedAt: 1, provenance: [threads] },
  ],
});

describe('planOfSource', () => {
  it.each([
    ['the preset’s adds and conflicts', threads, { add: true, remove: false }, ['threads.com', 'threads.net'], [], ['threads.instagram.com']],
    ['the preset’s removes', threads, { add: false, remove: true }, [], ['gone.example.net'], []],
    ['a list’s removes', gardenFence, { add: false, remove: true }, [], ['old.example.net'], []],
    ['a list’s adds, shared with the preset', gardenFence, { add: true, remove: false }, ['threads.com'], [], []],
  ])('keeps %s', (_what, provenance, keep, add, remove, conflicts) => {
    const part = planOfSource(plan, provenance.source, keep);
    expect(part.add.map((change) => change.domain)).toEqual(add);
    expect(part.remove.map((change) => change.domain)).toEqual(remove);
    expect(part.conflicts.map((conflict) => conflict.domain)).toEqual(conflicts);
    expect(part.operations).toBe(add.length + remove.length);
  });

  it('is slow only when its own part needs more than one window', () => {
    const big = computePlan({
      desired: wanted([...TIER1.map((domain): [string, Provenance[]] => [domain, [gardenFence]]), ['threads.net', [threads]]]),
      serverBlocks: [],
      owned: [],
    });
    expect(TIER1.length).toBeGreaterThan(SLOW_PLAN_OPERATIONS);
    expect(big.slow).toBeDefined();
    const preset = planOfSource(big, threads.source, { add: true, remove: false });
    expect(preset.operations).toBe(1);
    expect(preset.slow).toBeUndefined();
    const list = planOfSource(big, gardenFence.source, { add: true, remove: false });
    expect(list.slow?.importDomains).toHaveLength(TIER1.length);
  });
});
