import { describe, expect, it } from 'vitest';
import { votesNeeded, type ConsensusRule } from '../../utils/core/consensus.ts';
import { combineSources, type CombineSourcesInput, type SubscribedList } from '../../utils/core/desired-state.ts';
import type { ListEntry } from '../../utils/core/lists/index.ts';
import { outcomeAt, summarizeOverlap, type ThresholdOutcome } from '../../utils/core/list-overlap.ts';

function entry(domain: string, severity: ListEntry['severity'] = 'suspend', extra: Partial<ListEntry> = {}): ListEntry {
  return { domain, severity, labels: [], ...extra };
}

function sub(id: string, entries: ListEntry[], options: Partial<SubscribedList> = {}): SubscribedList {
  return { ref: { kind: 'subscription', id, name: id.toUpperCase() }, entries, silenceAs: 'limit', inConsensus: true, ...options };
}

// Three small lists: A and B agree on two domains, all three on one, C limits where A blocks.
const A = sub('a', [entry('all.social'), entry('ab.social'), entry('ab2.social'), entry('ac.social'), entry('a-only.social')]);
const B = sub('b', [entry('all.social'), entry('ab.social'), entry('ab2.social', 'silence'), entry('b-only.social', 'noop')]);
const C = sub('c', [entry('all.social', 'silence'), entry('ac.social', 'silence'), entry('c-only.social', 'silence'), entry('friendly.social', 'noop', { isAllowance: true })]);

const BASE: CombineSourcesInput = {
  presets: [],
  subscriptions: [A, B, C],
  manual: { alwaysBlock: ['forced.social'], neverBlock: ['ab.social'], limit: ['b-only.social'] },
  consensus: null,
  ownInstance: 'mastodon.social',
};

/** What the desired state itself gives for a rule: the figure the chart must repeat. */
function desiredCounts(input: CombineSourcesInput): ThresholdOutcome {
  const outcome: ThresholdOutcome = { blocked: 0, limited: 0, listed: 0 };
  for (const { action } of combineSources(input).values()) {
    if (action === 'block') outcome.blocked += 1;
    else if (action === 'limit') outcome.limited += 1;
    else if (action === 'listed') outcome.listed += 1;
  }
  return outcome;
}

describe('the lists’ overlap', () => {
  const overlap = summarizeOverlap(BASE);

  it('counts each list’s distinct domains, its allowances left out', () => {
    expect(overlap.lists).toEqual([
      { id: 'a', name: 'A', domainCount: 5, inConsensus: true },
      { id: 'b', name: 'B', domainCount: 4, inConsensus: true },
      { id: 'c', name: 'C', domainCount: 3, inConsensus: true },
    ]);
    expect(overlap.voters).toBe(3);
  });

  it('puts every domain in the histogram once, by how many lists name it', () => {
    // 1 list: a-only, b-only, c-only; 2 lists: ab, ab2, ac; 3 lists: all.
    expect(overlap.histogram).toEqual([3, 3, 1]);
  });

  it('lists the largest exact intersections first', () => {
    expect(overlap.intersections).toEqual([
      { lists: [0, 1], count: 2 },
      { lists: [0, 1, 2], count: 1 },
      { lists: [0, 2], count: 1 },
      { lists: [0], count: 1 },
      { lists: [1], count: 1 },
      { lists: [2], count: 1 },
    ]);
  });

  it('keeps at most eight intersections', () => {
    const many = Array.from({ length: 10 }, (_, i) => sub(`l${i}`, [entry(`only-${i}.social`)]));
    expect(summarizeOverlap({ ...BASE, subscriptions: many }).intersections).toHaveLength(8);
  });

  it('leaves allowlists out of the overlap', () => {
    const allowlist = sub('allow', [entry('all.social')], { isAllowlist: true });
    const withAllowlist = summarizeOverlap({ ...BASE, subscriptions: [A, B, C, allowlist] });
    expect(withAllowlist.lists.map((list) => list.id)).toEqual(['a', 'b', 'c']);
    expect(withAllowlist.histogram).toEqual([3, 3, 1]);
  });
});

describe('the outcome of every threshold is the desired state’s', () => {
  const variants: Array<[string, CombineSourcesInput]> = [
    ['three lists with own entries', BASE],
    ['silence rows blocked by C', { ...BASE, subscriptions: [A, B, { ...C, silenceAs: 'block' }] }],
    ['B outside the consensus', { ...BASE, subscriptions: [A, { ...B, inConsensus: false }, C] }],
    ['C an allowlist', { ...BASE, subscriptions: [A, B, { ...C, isAllowlist: true }] }],
    ['no own entries', { ...BASE, manual: { alwaysBlock: [], neverBlock: [] } }],
  ];
  const rules: Array<ConsensusRule | null> = [
    null,
    { kind: 'count', min: 1 },
    { kind: 'count', min: 2 },
    { kind: 'count', min: 3 },
    { kind: 'count', min: 4 },
    { kind: 'count', min: 9 },
    { kind: 'percent', min: 33 },
    { kind: 'percent', min: 34 },
    { kind: 'percent', min: 50 },
    { kind: 'percent', min: 66.6 },
    { kind: 'percent', min: 67 },
    { kind: 'percent', min: 100 },
  ];
  const cases = variants.flatMap(([name, input]) => rules.map((rule) => [name, JSON.stringify(rule), input, rule] as const));

  it.each(cases)('%s, threshold %s', (_name, _rule, input, rule) => {
    const overlap = summarizeOverlap(input);
    expect(outcomeAt(overlap, rule).outcome).toEqual(desiredCounts({ ...input, consensus: rule }));
  });

  it('gives the numbers a person can check by hand at 2 of 3 lists', () => {
    // Blocked: all (A, B block), forced; ab is never blocked; limited: ab2 (A blocks, B limits), ac (A blocks, C limits), b-only (own limit);
    // only marked: a-only, c-only.
    expect(outcomeAt(summarizeOverlap(BASE), { kind: 'count', min: 2 })).toEqual({ needed: 2, outcome: { blocked: 2, limited: 3, listed: 2 } });
  });
});

describe('votes a threshold needs', () => {
  it.each([
    [{ kind: 'count', min: 2 }, 3, 2],
    [{ kind: 'count', min: 5 }, 3, 5],
    [{ kind: 'percent', min: 50 }, 3, 2],
    [{ kind: 'percent', min: 66.6 }, 3, 2],
    [{ kind: 'percent', min: 66.7 }, 3, 3],
    [{ kind: 'percent', min: 100 }, 3, 3],
    [{ kind: 'percent', min: 1 }, 3, 1],
    [{ kind: 'percent', min: 50 }, 0, 1],
  ] as const)('%j of %i lists needs %i', (rule, voters, needed) => {
    expect(votesNeeded(rule, voters)).toBe(needed);
  });
});

describe('the lists’ overlap with choices by label', () => {
  // B's spam rows are ignored: the plan leaves them out, and so does the chart.
  const spammy = sub('b', [entry('all.social', 'suspend', { labels: ['spam'] }), entry('ab.social'), entry('b-only.social', 'suspend', { labels: ['Spam', 'bots'] })], {
    labelRules: { byLabel: [['bots', 'ignore'], ['spam', 'ignore']] },
  });
  const input: CombineSourcesInput = { ...BASE, subscriptions: [A, spammy], manual: { alwaysBlock: [], neverBlock: [], limit: [] } };
  const overlap = summarizeOverlap(input);

  it('counts only the entries the rules keep', () => {
    expect(overlap.lists.map((list) => list.domainCount)).toEqual([5, 1]);
    // A alone: all, ab2, ac, a-only; A and B: ab.
    expect(overlap.histogram).toEqual([4, 1]);
  });

  it('gives the outcome the desired state gives, at every threshold', () => {
    for (const [index, rule] of ([{ kind: 'count', min: 1 }, { kind: 'count', min: 2 }] as ConsensusRule[]).entries()) {
      expect(outcomeAt(overlap, rule).outcome, `rule ${index}`).toEqual(desiredCounts({ ...input, consensus: rule }));
    }
  });
});

