import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { combineSources, type SubscribedList } from '../../utils/core/desired-state.ts';
import { createDomainMatcher, createSnapshotMatcher, toVerdictSnapshot, type DomainMatcherInput } from '../../utils/core/matcher.ts';
import type { ServerDomainBlock } from '../../utils/core/model.ts';
import { sha256Hex } from '../../utils/core/sha256.ts';

const digest = (domain: string): string => createHash('sha256').update(domain).digest('hex');

const list: SubscribedList = {
  ref: { kind: 'subscription', id: 'gf', name: 'Garden Fence' },
  silenceAs: 'limit',
  inConsensus: false,
  entries: [
    { domain: 'blocked.social', severity: 'suspend', labels: ['spam'] },
    { domain: 'limited.social', severity: 'silence', labels: [] },
    { domain: 'listed.social', severity: 'silence', labels: [], isAdvisory: true },
    { domain: 'friend.social', severity: 'noop', labels: [] },
    { domain: 'xn--mnchen-3ya.social', severity: 'suspend', labels: [] },
  ],
};

const serverBlocks: ServerDomainBlock[] = [
  { domain: 'evil.example', digest: digest('evil.example'), severity: 'suspend', comment: 'Illegal content' },
  { domain: 'noisy.social', digest: digest('noisy.social'), severity: 'silence', comment: '' },
  { domain: 'ap.***.st', digest: digest('ap.hidden.st'), severity: 'suspend', comment: 'Hate' },
  { domain: 'li*****.social', digest: digest('limited.social'), severity: 'silence' },
];

const input: DomainMatcherInput = {
  desired: combineSources({
    presets: [{ id: 'threads' }],
    subscriptions: [list],
    manual: { alwaysBlock: [], neverBlock: [] },
    consensus: null,
    ownInstance: 'home.social',
  }),
  personalBlocks: ['manual-only.social', 'Old.Social'],
  serverBlocks,
};

const CASES: Array<[string, string, string | undefined]> = [
  ['blocked.social', 'blocked', 'blocked.social'],
  ['BLOCKED.social.', 'blocked', 'blocked.social'],
  ['threads.net', 'blocked', 'threads.net'],
  ['manual-only.social', 'blocked', 'manual-only.social'],
  ['old.social', 'blocked', 'old.social'],
  ['limited.social', 'server-limited', 'li*****.social'],
  ['listed.social', 'listed', 'listed.social'],
  ['friend.social', 'allowed', 'friend.social'],
  ['home.social', 'allowed', 'home.social'],
  ['münchen.social', 'blocked', 'xn--mnchen-3ya.social'],
  ['sub.blocked.social', 'parent-blocked', 'blocked.social'],
  ['a.b.threads.net', 'parent-blocked', 'threads.net'],
  ['sub.manual-only.social', 'parent-blocked', 'manual-only.social'],
  ['evil.example', 'server-suspended', 'evil.example'],
  ['deep.sub.evil.example', 'server-suspended', 'evil.example'],
  ['noisy.social', 'server-limited', 'noisy.social'],
  ['ap.hidden.st', 'server-suspended', 'ap.***.st'],
  ['x.ap.hidden.st', 'server-suspended', 'ap.***.st'],
  ['sub.limited.social', 'server-limited', 'li*****.social'],
  ['unknown.social', 'none', undefined],
  ['social', 'none', undefined],
  ['dni.invalid', 'none', undefined],
];

describe('createDomainMatcher', () => {
  const matcher = createDomainMatcher(input);

  it.each(CASES)('%s → %s (matched %s)', (domain, kind, matched) => {
    const verdict = matcher.lookup(domain);
    expect(verdict.kind).toBe(kind);
    expect(verdict.matchedDomain).toBe(matched);
    // Asked twice, the same answer (memoised).
    expect(matcher.lookup(domain)).toBe(verdict);
  });

  it('says why: provenance of the matched domain, and the server comment', () => {
    expect(matcher.lookup('blocked.social').provenance).toEqual([
      { source: list.ref, severity: 'suspend', labels: ['spam'] },
    ]);
    expect(matcher.lookup('sub.blocked.social').provenance[0]?.source.name).toBe('Garden Fence');
    expect(matcher.lookup('evil.example').serverComment).toBe('Illegal content');
    expect(matcher.lookup('threads.net').provenance[0]?.source).toEqual({ kind: 'preset', id: 'threads', name: 'Threads' });
  });

  it('a blocked domain that the server also suspends reads as server-suspended', () => {
    const m = createDomainMatcher({ ...input, personalBlocks: ['evil.example'] });
    expect(m.lookup('evil.example').kind).toBe('server-suspended');
  });
});

describe('the content script snapshot agrees with the matcher', () => {
  const matcher = createDomainMatcher(input);
  const snapshot = toVerdictSnapshot(input);
  const small = createSnapshotMatcher(JSON.parse(JSON.stringify(snapshot)) as typeof snapshot);

  it.each(CASES)('%s', (domain) => {
    const full = matcher.lookup(domain);
    const compact = small.lookup(domain);
    expect(compact.kind).toBe(full.kind);
    expect(compact.matchedDomain).toBe(full.matchedDomain);
    expect(compact.serverComment).toBe(full.serverComment);
  });

  it('carries a short reason and no provenance objects', () => {
    expect(small.lookup('blocked.social').why).toBe('Garden Fence · spam');
    expect(JSON.stringify(snapshot)).not.toContain('"source"');
    expect(Object.keys(snapshot.serverDigests)).toEqual([digest('ap.hidden.st'), digest('limited.social')]);
  });
});

describe('scale', () => {
  it('builds over 100,000 entries and answers each correctly', () => {
    const entries = Array.from({ length: 100_000 }, (_, i) => ({ domain: `d${i}.social`, severity: 'suspend' as const, labels: [] }));
    const desired = combineSources({
      presets: [],
      subscriptions: [{ ...list, entries }],
      manual: { alwaysBlock: [], neverBlock: [] },
      consensus: null,
      ownInstance: 'home.social',
    });
    const matcher = createDomainMatcher({ desired, personalBlocks: [], serverBlocks: [] });
    expect(matcher.lookup('d99999.social').kind).toBe('blocked');
    expect(matcher.lookup('x.d5.social').kind).toBe('parent-blocked');
    expect(matcher.lookup('d100000.social').kind).toBe('none');
  });
});

describe('sha256Hex', () => {
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
    ['a'.repeat(1_000_000), 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0'],
  ])('FIPS 180-2 vector of length %#', (text, hex) => {
    expect(sha256Hex(text)).toBe(hex);
  });

  it.each([55, 56, 63, 64, 65, 119, 120].map((n) => 'x'.repeat(n)))('agrees with Node at block edges (%#)', (text) => {
    expect(sha256Hex(text)).toBe(digest(text));
  });

  it('hashes UTF-8 bytes', () => {
    expect(sha256Hex('münchen.social')).toBe(digest('münchen.social'));
  });
});
