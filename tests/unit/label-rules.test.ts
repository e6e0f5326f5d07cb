import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { combineSources, type CombineSourcesInput, type SubscribedList } from '../../utils/core/desired-state.ts';
import { parseList, type ListEntry } from '../../utils/core/lists/index.ts';
import {
  groupsCovering,
  labelCountsOf,
  labelDecider,
  readLabelRules,
  type LabelAction,
  type LabelRules,
} from '../../utils/core/lists/label-rules.ts';

const rules = (byLabel: Record<string, LabelAction>, otherwise?: LabelAction): LabelRules => ({
  byLabel: Object.entries(byLabel) as LabelRules['byLabel'],
  ...(otherwise === undefined ? {} : { otherwise }),
});

describe('deciding an entry by its labels', () => {
  it.each<[string, string[], LabelRules | undefined, 'block' | 'limit' | 'mark', LabelAction, string[]]>([
    ['no rules: as the list says', ['spam'], undefined, 'block', 'block', []],
    ['empty rules: as the list says', ['spam'], rules({}), 'limit', 'limit', []],
    ['a rule for its label', ['spam'], rules({ spam: 'ignore' }), 'block', 'ignore', ['spam']],
    ['a rule can raise a mark to a block', ['nazi'], rules({ nazi: 'block' }), 'mark', 'block', ['nazi']],
    ['a rule can lower a block to a limit', ['spam'], rules({ spam: 'limit' }), 'block', 'limit', ['spam']],
    ['a rule can lower a block to a mark', ['spam'], rules({ spam: 'mark' }), 'block', 'mark', ['spam']],
    ['labels compare case-insensitively and trimmed', [' Spam '], rules({ spam: 'ignore' }), 'block', 'ignore', ['spam']],
    ['strongest wins: block over ignore', ['spam', 'nazi'], rules({ spam: 'ignore', nazi: 'block' }), 'mark', 'block', ['nazi']],
    ['strongest wins: limit over mark', ['spam', 'bots'], rules({ spam: 'mark', bots: 'limit' }), 'block', 'limit', ['bots']],
    ['two labels with the same winning rule are both named', ['spam', 'bots'], rules({ spam: 'limit', bots: 'limit' }), 'block', 'limit', ['spam', 'bots']],
    ['an unruled label takes the list’s word, which wins when stronger', ['spam', 'other'], rules({ spam: 'ignore' }), 'block', 'block', []],
    ['an unruled label takes the list’s word, which loses when weaker', ['spam', 'other'], rules({ spam: 'block' }), 'limit', 'block', ['spam']],
    ['the chosen default replaces the list’s word', ['other'], rules({ spam: 'block' }, 'ignore'), 'block', 'ignore', []],
    ['an entry without labels takes the default', [], rules({ spam: 'block' }, 'mark'), 'block', 'mark', []],
    ['an entry without labels and no default: as the list says', [], rules({ spam: 'ignore' }), 'limit', 'limit', []],
    ['a Fediseer group covers the reasons it stands for', ['racism'], rules({ __all_bigots__: 'block' }), 'mark', 'block', ['racism']],
    ['a group matches inside a reason, as Fediseer does', ['pedophilia'], rules({ __all_pedos__: 'ignore' }), 'block', 'ignore', ['pedophilia']],
    ['a group and a label rule: the strongest wins', ['racism'], rules({ __all_bigots__: 'limit', racism: 'block' }), 'mark', 'block', ['racism']],
    ['a group does not cover other reasons', ['spam'], rules({ __all_bigots__: 'ignore' }), 'block', 'block', []],
  ])('%s', (_name, labels, given, asListed, action, deciding) => {
    expect(labelDecider(given)(labels, asListed)).toEqual({ action, labels: deciding });
  });

  it('each Fediseer group covers its texts (fediseer/apis/v1/censures.py)', () => {
    expect(groupsCovering('hate speech')).toEqual(['__all_bigots__']);
    expect(groupsCovering('csam')).toEqual(['__all_pedos__']);
    expect(groupsCovering('loli')).toEqual(['__all_pedos__']);
    expect(groupsCovering('spam')).toEqual([]);
  });
});

describe('rules read as input', () => {
  it.each<[string, unknown, LabelRules | undefined]>([
    ['normalised, sorted, the last word wins', { byLabel: [['Spam ', 'ignore'], ['bots', 'limit'], ['spam', 'mark']] }, rules({ bots: 'limit', spam: 'mark' })],
    ['with a default', { byLabel: [], otherwise: 'mark' }, { byLabel: [], otherwise: 'mark' as const }],
    ['an unknown action', { byLabel: [['spam', 'delete']] }, undefined],
    ['an unknown default', { byLabel: [], otherwise: 'suspend' }, undefined],
    ['an empty label', { byLabel: [[' ', 'block']] }, undefined],
    ['not pairs', { byLabel: ['spam'] }, undefined],
    ['not an object', 'spam', undefined],
    ['more rules than sync storage should hold', { byLabel: Array.from({ length: 101 }, (_, index) => [`label-${index}`, 'block']) }, undefined],
    ['a label named like an object’s own key', { byLabel: [['constructor', 'block']] }, { byLabel: [['constructor', 'block']] }],
  ])('%s', (_name, value, expected) => {
    expect(readLabelRules(value)).toEqual(expected);
  });
});

describe('the choices a list offers', () => {
  it('counts entries per label, the most used first, then the Fediseer groups that cover them', () => {
    const entries = [{ labels: ['racism', 'nazi'] }, { labels: ['spam'] }, { labels: ['Spam', 'csam'] }, { labels: [] }];
    expect(labelCountsOf(entries)).toEqual([
      ['spam', 2],
      ['csam', 1],
      ['nazi', 1],
      ['racism', 1],
      ['__all_bigots__', 1],
      ['__all_pedos__', 1],
    ]);
  });

  it('reads the reasons of a real Fediseer answer and the tags of a real CSV', () => {
    const fediseer = parseList(readFileSync(join(import.meta.dirname, '../fixtures/fediseer/censures_given.json'), 'utf8'));
    const counts = new Map(labelCountsOf(fediseer.entries));
    expect(counts.get('spam')).toBe(1);
    expect(counts.get('__all_bigots__')).toBe(1);
    expect(counts.get('__all_pedos__')).toBe(1);
    const garden = parseList(readFileSync(join(import.meta.dirname, '../fixtures/lists/gardenfence-mastodon.csv'), 'utf8'));
    expect(labelCountsOf(garden.entries).length).toBeGreaterThan(1);
  });
});

const NONE: CombineSourcesInput = { presets: [], subscriptions: [], manual: { alwaysBlock: [], neverBlock: [] }, consensus: null, ownInstance: 'home.example' };

function sub(id: string, entries: ListEntry[], options: Partial<SubscribedList> = {}): SubscribedList {
  return { ref: { kind: 'subscription', id, name: id }, entries, silenceAs: 'limit', inConsensus: false, ...options };
}

function entry(domain: string, severity: ListEntry['severity'], labels: string[], extra: Partial<ListEntry> = {}): ListEntry {
  return { domain, severity, labels, ...extra };
}

function actions(input: Partial<CombineSourcesInput>): Record<string, string> {
  return Object.fromEntries([...combineSources({ ...NONE, ...input }).values()].map((wish) => [wish.domain, wish.action]));
}

describe('the desired state with rules', () => {
  const entries = [
    entry('spam.example', 'suspend', ['spam']),
    entry('bots.example', 'suspend', ['bots']),
    entry('both.example', 'silence', ['spam', 'nazi']),
    entry('quiet.example', 'noop', ['nazi']),
    entry('advice.example', 'suspend', ['spam'], { isAdvisory: true }),
    entry('plain.example', 'silence', []),
  ];

  it.each<[string, LabelRules | undefined, Record<string, string>]>([
    [
      'no rules: as today',
      undefined,
      { 'spam.example': 'block', 'bots.example': 'block', 'both.example': 'limit', 'quiet.example': 'listed', 'advice.example': 'listed', 'plain.example': 'limit' },
    ],
    [
      'spam ignored, nazi blocked, bots only marked',
      rules({ spam: 'ignore', nazi: 'block', bots: 'mark' }),
      { 'bots.example': 'listed', 'both.example': 'block', 'quiet.example': 'block', 'plain.example': 'limit' },
    ],
    [
      'everything else ignored',
      rules({ bots: 'limit' }, 'ignore'),
      { 'bots.example': 'limit' },
    ],
  ])('%s', (_name, labelRules, expected) => {
    const all = actions({ subscriptions: [sub('a', entries, labelRules === undefined ? {} : { labelRules })] });
    delete all['home.example'];
    expect(all).toEqual(expected);
  });

  it('names the labels whose rule decided in the provenance', () => {
    const desired = combineSources({ ...NONE, subscriptions: [sub('a', entries, { labelRules: rules({ spam: 'ignore', nazi: 'block' }) })] });
    expect(desired.get('both.example')?.provenance).toEqual([
      { source: { kind: 'subscription', id: 'a', name: 'a' }, severity: 'silence', labels: ['spam', 'nazi'], ruleLabels: ['nazi'] },
    ]);
    expect(desired.get('plain.example')?.provenance[0]).not.toHaveProperty('ruleLabels');
  });

  it('an ignored entry does not count towards the consensus', () => {
    const x = [entry('x.example', 'suspend', ['spam'])];
    const lists = (labelRules?: LabelRules) => [
      sub('a', x, { inConsensus: true }),
      sub('b', x, { inConsensus: true, ...(labelRules === undefined ? {} : { labelRules }) }),
    ];
    const consensus = { kind: 'count', min: 2 } as const;
    expect(actions({ subscriptions: lists(), consensus })['x.example']).toBe('block');
    expect(actions({ subscriptions: lists(rules({ spam: 'ignore' })), consensus })['x.example']).toBe('listed');
    expect(actions({ subscriptions: lists(rules({ spam: 'limit' })), consensus })['x.example']).toBe('limit');
  });

  it('rules leave an allowlist’s allowances alone', () => {
    const lists = [sub('block', [entry('x.example', 'suspend', [])]), sub('allow', [entry('x.example', 'noop', ['ok'])], { isAllowlist: true, labelRules: rules({ ok: 'ignore' }) })];
    expect(actions({ subscriptions: lists })['x.example']).toBe('allow');
  });
});
