import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { combineSources, type SubscribedList } from '../../utils/core/desired-state.ts';
import { toVerdictSnapshot, type DomainMatcherInput } from '../../utils/core/matcher.ts';
import type { ServerDomainBlock } from '../../utils/core/model.ts';
import type { VerdictSnapshot } from '../../utils/core/verdict-snapshot.ts';
import { createContentLookup } from '../../utils/dom/content-lookup.ts';

const digest = (domain: string): string => createHash('sha256').update(domain).digest('hex');

const list: SubscribedList = {
  ref: { kind: 'subscription', id: 'gf', name: 'Garden Fence' },
  silenceAs: 'limit',
  inConsensus: false,
  entries: [
    { domain: 'blocked.social', severity: 'suspend', labels: ['spam'] },
    { domain: 'limited.social', severity: 'silence', labels: [] },
    { domain: 'listed.social', severity: 'silence', labels: [], isAdvisory: true },
    // A FIRES accept vouches for the domain; a plain noop row (media rejection only) only lists it.
    { domain: 'friend.social', severity: 'noop', labels: [], isAllowance: true },
    { domain: 'media-only.social', severity: 'noop', labels: [], rejectMedia: true },
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

/** The content script's lookup over the snapshot of `matcherInput`, with every domain of `domains` prepared. */
async function lookupOver(matcherInput: DomainMatcherInput, domains: readonly string[], snapshot: VerdictSnapshot = toVerdictSnapshot(matcherInput)) {
  const lookup = createContentLookup(snapshot);
  await lookup.prepare(domains);
  return lookup;
}

const CASES: Array<[string, string, string | undefined]> = [
  ['blocked.social', 'blocked', 'blocked.social'],
  ['BLOCKED.social.', 'blocked', 'blocked.social'],
  ['threads.net', 'blocked', 'threads.net'],
  ['manual-only.social', 'blocked', 'manual-only.social'],
  ['old.social', 'blocked', 'old.social'],
  ['limited.social', 'server-limited', 'li*****.social'],
  ['listed.social', 'listed', 'listed.social'],
  ['friend.social', 'allowed', 'friend.social'],
  ['media-only.social', 'listed', 'media-only.social'],
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
  // Hedge's own limits, list marks and allowances reach subdomains, as the nearest parent's verdict.
  ['sub.listed.social', 'listed', 'listed.social'],
  ['a.b.media-only.social', 'listed', 'media-only.social'],
  ['www.friend.social', 'allowed', 'friend.social'],
  ['eu.home.social', 'allowed', 'home.social'],
  ['unknown.social', 'none', undefined],
  ['social', 'none', undefined],
  ['dni.invalid', 'none', undefined],
];

describe('the verdict snapshot, looked up as the content script does', () => {
  const domains = CASES.map(([domain]) => domain);

  it.each(CASES)('%s → %s (matched %s)', async (domain, kind, matched) => {
    const lookup = await lookupOver(input, domains);
    const verdict = lookup.lookup(domain);
    expect(verdict.kind).toBe(kind);
    expect(verdict.matchedDomain).toBe(matched);
    // Asked twice, the same answer (memoised).
    expect(lookup.lookup(domain)).toBe(verdict);
  });

  it('says why: the sources and labels of the matched domain, and the server comment', async () => {
    const lookup = await lookupOver(input, domains);
    expect(lookup.lookup('blocked.social').why).toBe('Garden Fence · spam');
    expect(lookup.lookup('sub.blocked.social').why).toBe('Garden Fence · spam');
    expect(lookup.lookup('evil.example').serverComment).toBe('Illegal content');
    expect(lookup.lookup('threads.net').why).toBe('Threads');
  });

  it('marks a subdomain of a limited parent as limited, through that parent', async () => {
    const limiting: SubscribedList = { ...list, entries: [{ domain: 'loud.social', severity: 'silence', labels: ['bots'] }] };
    const desired = combineSources({ presets: [], subscriptions: [limiting], manual: { alwaysBlock: [], neverBlock: [] }, consensus: null, ownInstance: 'home.social' });
    const lookup = await lookupOver({ desired, personalBlocks: [], serverBlocks: [] }, ['eu.loud.social']);
    expect(lookup.lookup('eu.loud.social')).toEqual({ kind: 'limited', matchedDomain: 'loud.social', why: 'Garden Fence · bots' });
  });

  it('a blocked domain that the server also suspends reads as server-suspended', async () => {
    const lookup = await lookupOver({ ...input, personalBlocks: ['evil.example'] }, ['evil.example']);
    expect(lookup.lookup('evil.example').kind).toBe('server-suspended');
  });
});

/** The server's public comment each case shows, when it has one. */
const SERVER_COMMENTS: Readonly<Record<string, string>> = {
  'evil.example': 'Illegal content',
  'deep.sub.evil.example': 'Illegal content',
  'ap.hidden.st': 'Hate',
  'x.ap.hidden.st': 'Hate',
};

describe('the snapshot as the content script receives it (JSON)', () => {
  const snapshot = toVerdictSnapshot(input);
  const sent = JSON.parse(JSON.stringify(snapshot)) as typeof snapshot;

  it.each(CASES)('%s', async (domain, kind, matched) => {
    const compact = (await lookupOver(input, [domain], sent)).lookup(domain);
    expect(compact.kind).toBe(kind);
    expect(compact.matchedDomain).toBe(matched);
    expect(compact.serverComment).toBe(SERVER_COMMENTS[domain]);
  });

  it('carries a short reason and no provenance objects', async () => {
    const small = await lookupOver(input, ['blocked.social'], sent);
    expect(small.lookup('blocked.social').why).toBe('Garden Fence · spam');
    expect(JSON.stringify(snapshot)).not.toContain('"source"');
    expect(Object.keys(snapshot.serverDigests)).toEqual([digest('ap.hidden.st'), digest('limited.social')]);
  });
});

describe('scale', () => {
  it('builds over 100,000 entries and answers each correctly', async () => {
    const entries = Array.from({ length: 100_000 }, (_, i) => ({ domain: `d${i}.social`, severity: 'suspend' as const, labels: [] }));
    const desired = combineSources({
      presets: [],
      subscriptions: [{ ...list, entries }],
      manual: { alwaysBlock: [], neverBlock: [] },
      consensus: null,
      ownInstance: 'home.social',
    });
    const matcher = await lookupOver({ desired, personalBlocks: [], serverBlocks: [] }, []);
    expect(matcher.lookup('d99999.social').kind).toBe('blocked');
    expect(matcher.lookup('x.d5.social').kind).toBe('parent-blocked');
    expect(matcher.lookup('d100000.social').kind).toBe('none');
  });
});
