import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  combineSources,
  combineSourcesWithReport,
  type CombineSourcesInput,
  type SubscribedList,
} from '../../utils/core/desired-state.ts';
import { parseList, type ListEntry } from '../../utils/core/lists/index.ts';
import { PRESETS } from '../../utils/core/presets.ts';

const DIR = join(import.meta.dirname, '../fixtures/lists');

function sub(id: string, entries: ListEntry[], options: Partial<SubscribedList> = {}): SubscribedList {
  return { ref: { kind: 'subscription', id, name: id }, entries, silenceAs: 'limit', inConsensus: false, ...options };
}

function entry(domain: string, severity: ListEntry['severity'] = 'suspend', extra: Partial<ListEntry> = {}): ListEntry {
  return { domain, severity, labels: [], ...extra };
}

const NONE: CombineSourcesInput = {
  presets: [],
  subscriptions: [],
  manual: { alwaysBlock: [], neverBlock: [] },
  consensus: null,
  ownInstance: 'mastodon.social',
};

function actions(input: Partial<CombineSourcesInput>): Record<string, string> {
  const desired = combineSources({ ...NONE, ...input });
  return Object.fromEntries([...desired.values()].map((wish) => [wish.domain, wish.action]));
}

describe('presets', () => {
  it('Threads blocks threads.net, threads.com and threads.instagram.com; Bluesky bridge blocks bsky.brid.gy', () => {
    expect(PRESETS.find((preset) => preset.id === 'threads')?.domains).toEqual(['threads.net', 'threads.com', 'threads.instagram.com']);
    expect(PRESETS.find((preset) => preset.id === 'bluesky-bridge')?.domains).toEqual(['bsky.brid.gy']);
    for (const preset of PRESETS) {
      expect(preset.explanation).not.toContain('\n');
      expect(preset.sources.length).toBeGreaterThan(0);
    }
    const desired = combineSources({ ...NONE, presets: [{ id: 'threads' }] });
    expect(desired.get('threads.net')).toMatchObject({ action: 'block', provenance: [{ source: { kind: 'preset', id: 'threads', name: 'Threads' } }] });
    expect(desired.size).toBe(4); // three Threads domains and the user's own server
  });
});

describe('one subscription on its own', () => {
  it.each([
    ['suspend', 'limit', 'block'],
    ['silence', 'limit', 'limit'],
    ['silence', 'block', 'block'],
    // Mastodon's block without severity (often media rejection only): listed, neither blocked nor allowed.
    ['noop', 'limit', 'listed'],
    ['noop', 'block', 'listed'],
  ] as const)('a %s row with silence as %s becomes %s', (severity, silenceAs, action) => {
    expect(actions({ subscriptions: [sub('a', [entry('x.social', severity)], { silenceAs })] })['x.social']).toBe(action);
  });

  it('advisory rows (FIRES filter, Advisory) are only marked, even when silence rows are blocked', () => {
    const list = sub('fires', [entry('x.social', 'silence', { isAdvisory: true })], { silenceAs: 'block' });
    expect(actions({ subscriptions: [list] })['x.social']).toBe('listed');
  });

  it('keeps labels and comments in the provenance', () => {
    const desired = combineSources({ ...NONE, subscriptions: [sub('gf', [entry('x.social', 'suspend', { labels: ['spam'], comment: 'spam' })])] });
    expect(desired.get('x.social')?.provenance).toEqual([
      { source: { kind: 'subscription', id: 'gf', name: 'gf' }, severity: 'suspend', labels: ['spam'], comment: 'spam' },
    ]);
  });
});

describe('what a noop row means, and where allowances come from', () => {
  const blocks = sub('a', [entry('x.social')]);
  const limits = sub('a', [entry('x.social', 'silence')]);
  it.each([
    ['a noop row does not veto another list\'s block', [blocks, sub('b', [entry('x.social', 'noop')])], 'block'],
    ['a noop row does not veto another list\'s limit', [limits, sub('b', [entry('x.social', 'noop')])], 'limit'],
    ['a noop row with media rejection does not veto either', [blocks, sub('b', [entry('x.social', 'noop', { rejectMedia: true })])], 'block'],
    ['a noop row alone only lists the domain', [sub('b', [entry('x.social', 'noop')])], 'listed'],
    ['an allowlist\'s noop row wins over another list\'s block', [blocks, sub('b', [entry('x.social', 'noop')], { isAllowlist: true })], 'allow'],
    ['an allowlist\'s row of any severity is an allowance', [blocks, sub('b', [entry('x.social', 'suspend')], { isAllowlist: true })], 'allow'],
    ['a FIRES accept wins over another list\'s block', [blocks, sub('b', [entry('x.social', 'noop', { isAllowance: true })])], 'allow'],
    ['a list switched off as allowlist blocks again', [sub('b', [entry('x.social', 'suspend')], { isAllowlist: false })], 'block'],
  ] as const)('%s', (_name, subscriptions, action) => {
    expect(actions({ subscriptions: [...subscriptions] })['x.social']).toBe(action);
  });

  it('a noop row that does not veto still shows in the provenance', () => {
    const desired = combineSources({ ...NONE, subscriptions: [blocks, sub('b', [entry('x.social', 'noop')])] });
    expect(desired.get('x.social')?.provenance.map((item) => [item.source.id, item.severity])).toEqual([['a', 'suspend'], ['b', 'noop']]);
  });
});

describe('allowances, never block and the own server win', () => {
  it.each([
    ['an allowlist of another list', { subscriptions: [sub('a', [entry('x.social')]), sub('b', [entry('x.social', 'noop')], { isAllowlist: true })] }, 'allow'],
    ['never block over a list', { subscriptions: [sub('a', [entry('x.social')])], manual: { alwaysBlock: [], neverBlock: ['X.Social'] } }, 'allow'],
    ['never block over always block', { manual: { alwaysBlock: ['x.social'], neverBlock: ['x.social'] } }, 'allow'],
    ['never block over a preset', { presets: [{ id: 'threads' as const }], manual: { alwaysBlock: [], neverBlock: ['threads.net'] } }, 'allow'],
    ['always block over a list allow', { subscriptions: [sub('a', [entry('x.social', 'noop')], { isAllowlist: true })], manual: { alwaysBlock: ['x.social'], neverBlock: [] } }, 'block'],
  ])('%s', (_name, input, action) => {
    const domain = (input as Partial<CombineSourcesInput>).presets === undefined ? 'x.social' : 'threads.net';
    expect(actions(input as Partial<CombineSourcesInput>)[domain]).toBe(action);
  });

  it('never blocks the own server, whatever a list or the user says', () => {
    const desired = combineSources({
      ...NONE,
      ownInstance: 'Mastodon.Social',
      subscriptions: [sub('a', [entry('mastodon.social')])],
      manual: { alwaysBlock: ['mastodon.social'], neverBlock: [] },
    });
    expect(desired.get('mastodon.social')?.action).toBe('allow');
    expect(desired.get('mastodon.social')?.provenance.map((item) => item.source.id)).toEqual(['own-instance', 'manual', 'a']);
  });

  it('reports own entries it cannot use instead of dropping them silently', () => {
    const { desired, problems } = combineSourcesWithReport({
      ...NONE,
      manual: { alwaysBlock: ['ap.***.st', 'dni.invalid', 'good.social'], neverBlock: ['not a domain'] },
      presets: [{ id: 'nonexistent' as 'threads' }],
    });
    expect(desired.get('good.social')?.action).toBe('block');
    expect(problems).toHaveLength(4);
    expect(problems[0]).toContain('not a domain');
  });
});

describe('consensus across subscriptions', () => {
  const three = [
    sub('a', [entry('all.social'), entry('two.social'), entry('one.social'), entry('mixed.social', 'silence')], { inConsensus: true }),
    sub('b', [entry('all.social'), entry('two.social'), entry('mixed.social')], { inConsensus: true }),
    sub('c', [entry('all.social'), entry('mixed.social', 'silence')], { inConsensus: true }),
  ];

  it.each([
    [{ kind: 'count', min: 2 }, { 'all.social': 'block', 'two.social': 'block', 'one.social': 'listed', 'mixed.social': 'limit' }],
    [{ kind: 'count', min: 3 }, { 'all.social': 'block', 'two.social': 'listed', 'one.social': 'listed', 'mixed.social': 'limit' }],
    [{ kind: 'percent', min: 66 }, { 'all.social': 'block', 'two.social': 'block', 'one.social': 'listed', 'mixed.social': 'limit' }],
    [{ kind: 'percent', min: 67 }, { 'all.social': 'block', 'two.social': 'listed', 'one.social': 'listed', 'mixed.social': 'limit' }],
    [{ kind: 'count', min: 1 }, { 'all.social': 'block', 'two.social': 'block', 'one.social': 'block', 'mixed.social': 'block' }],
  ] as const)('%j', (consensus, expected) => {
    const got = actions({ subscriptions: three, consensus });
    for (const [domain, action] of Object.entries(expected)) expect([domain, got[domain]]).toEqual([domain, action]);
  });

  it('lets a list outside the consensus apply on its own', () => {
    const lists = [...three, sub('trusted', [entry('one.social')], { inConsensus: false })];
    expect(actions({ subscriptions: lists, consensus: { kind: 'count', min: 3 } })['one.social']).toBe('block');
  });

  it('applies the consensus to real lists: blocked exactly where at least 2 of 3 lists name a domain', () => {
    const files = ['gardenfence-mastodon.csv', 'iftas-cariad-66.csv', 'oliphant-mirror-iftas-dni-2026-02.csv'];
    // Counted naively from the files: the first field of each data row.
    const naming = new Map<string, number>();
    for (const file of files) {
      const domains = new Set(
        readFileSync(join(DIR, file), 'utf8')
          .split(/\r?\n/)
          .slice(1)
          .map((line) => line.split(',')[0] ?? '')
          .filter((domain) => domain !== '' && !domain.endsWith('.invalid')),
      );
      for (const domain of domains) naming.set(domain, (naming.get(domain) ?? 0) + 1);
    }
    const lists = files.map((file) => sub(file, parseList(readFileSync(join(DIR, file))).entries, { inConsensus: true, silenceAs: 'block' }));
    const desired = combineSources({ ...NONE, subscriptions: lists, consensus: { kind: 'count', min: 2 } });
    const blocked = [...desired.values()].filter((wish) => wish.action === 'block').map((wish) => wish.domain).sort();
    const expected = [...naming].filter(([, count]) => count >= 2).map(([domain]) => domain).sort();
    expect(blocked).toEqual(expected);
    const listed = [...desired.values()].filter((wish) => wish.action === 'listed').length;
    expect(listed).toBe([...naming].filter(([, count]) => count === 1).length);
  });

  it.each([
    [{ kind: 'count', min: 0 }],
    [{ kind: 'count', min: 1.5 }],
    [{ kind: 'percent', min: 0 }],
    [{ kind: 'percent', min: 120 }],
  ] as const)('refuses the impossible rule %j with a clear message', (consensus) => {
    expect(() => combineSources({ ...NONE, consensus })).toThrow(RangeError);
  });
});
