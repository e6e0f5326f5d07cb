import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SnapshotVerdict, VerdictSnapshot } from '../../utils/core/verdict-snapshot';
import { createContentLookup } from '../../utils/dom/content-lookup';

const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Every verdict the snapshot can give, including obfuscated server blocks matched by digest. */
const SNAPSHOT: VerdictSnapshot = {
  version: 1,
  exact: {
    'threads.net': ['b', 'Threads · meta'],
    'example.org': ['b', 'Your own entries'],
    'sub.example.org': ['l', 'Garden Fence · bots, twitter'],
    'mastodon.social': ['i', 'FediNuke · size'],
    'friendly.example': ['a', 'Your own entries'],
    'xn--80ak6aa92e.com': ['l', 'IFTAS · impersonation'],
  },
  server: { 'spam.example': ['suspend', 'spam'], 'loud.example': ['silence', ''] },
  serverDigests: {
    [sha256Hex('hidden.example')]: ['suspend', 'harassment', 'hid***.example'],
    [sha256Hex('quiet.example')]: ['silence', 'unmoderated', 'qu***.example'],
  },
};

/** Each domain and its verdict, as `resolveVerdict` (utils/core/verdict-snapshot.ts) decides it over the snapshot. */
const VERDICTS: Array<[string, SnapshotVerdict]> = [
  ['threads.net', { kind: 'blocked', matchedDomain: 'threads.net', why: 'Threads · meta' }],
  ['www.threads.net', { kind: 'parent-blocked', matchedDomain: 'threads.net', why: 'Threads · meta' }],
  ['sub.example.org', { kind: 'limited', matchedDomain: 'sub.example.org', why: 'Garden Fence · bots, twitter' }],
  // The nearest parent with a verdict decides, as Mastodon's `DomainBlock.rule_for` takes the longest match.
  ['deep.sub.example.org', { kind: 'limited', matchedDomain: 'sub.example.org', why: 'Garden Fence · bots, twitter' }],
  ['other.example.org', { kind: 'parent-blocked', matchedDomain: 'example.org', why: 'Your own entries' }],
  ['mastodon.social', { kind: 'listed', matchedDomain: 'mastodon.social', why: 'FediNuke · size' }],
  ['friendly.example', { kind: 'allowed', matchedDomain: 'friendly.example', why: 'Your own entries' }],
  ['spam.example', { kind: 'server-suspended', matchedDomain: 'spam.example', serverComment: 'spam' }],
  ['a.spam.example', { kind: 'server-suspended', matchedDomain: 'spam.example', serverComment: 'spam' }],
  ['loud.example', { kind: 'server-limited', matchedDomain: 'loud.example' }],
  ['hidden.example', { kind: 'server-suspended', matchedDomain: 'hid***.example', serverComment: 'harassment' }],
  ['x.hidden.example', { kind: 'server-suspended', matchedDomain: 'hid***.example', serverComment: 'harassment' }],
  ['quiet.example', { kind: 'server-limited', matchedDomain: 'qu***.example', serverComment: 'unmoderated' }],
  ['аррӏе.com', { kind: 'limited', matchedDomain: 'xn--80ak6aa92e.com', why: 'IFTAS · impersonation' }],
  ['Threads.NET.', { kind: 'blocked', matchedDomain: 'threads.net', why: 'Threads · meta' }],
  ['m.mastodon.social', { kind: 'listed', matchedDomain: 'mastodon.social', why: 'FediNuke · size' }],
  ['eu.xn--80ak6aa92e.com', { kind: 'limited', matchedDomain: 'xn--80ak6aa92e.com', why: 'IFTAS · impersonation' }],
  // An allowed parent: nothing to mark.
  ['a.friendly.example', { kind: 'allowed', matchedDomain: 'friendly.example', why: 'Your own entries' }],
  ['x.loud.example', { kind: 'server-limited', matchedDomain: 'loud.example' }],
  ['nothing.example', { kind: 'none' }],
  ['localhost', { kind: 'none' }],
];

const DOMAINS = VERDICTS.map(([domain]) => domain);

describe('createContentLookup', () => {
  it.each(VERDICTS)('decides %s', async (domain, verdict) => {
    const lookup = createContentLookup(SNAPSHOT);
    await lookup.prepare([domain]);
    expect(lookup.lookup(domain)).toEqual(verdict);
  });

  it('needs no preparing when the server publishes no obfuscated blocks', () => {
    const lookup = createContentLookup({ ...SNAPSHOT, serverDigests: {} });
    expect(lookup.prepare(DOMAINS)).toBeNull();
    expect(lookup.lookup('a.spam.example')).toEqual({ kind: 'server-suspended', matchedDomain: 'spam.example', serverComment: 'spam' });
  });

  it('matches an obfuscated block only once the domain is hashed', async () => {
    const lookup = createContentLookup(SNAPSHOT);
    expect(lookup.lookup('x.hidden.example').kind).toBe('none');
    await lookup.prepare(['x.hidden.example']);
    expect(lookup.lookup('x.hidden.example')).toEqual({ kind: 'server-suspended', matchedDomain: 'hid***.example', serverComment: 'harassment' });
  });
});

describe('createContentLookup tells of subdomains a blocked parent covers', () => {
  it('names each parent-blocked domain once, and no other verdict', () => {
    const told: string[] = [];
    const lookup = createContentLookup(SNAPSHOT, (domain) => told.push(domain));
    for (const domain of ['www.threads.net', 'threads.net', 'sub.example.org', 'mastodon.social', 'www.threads.net', 'eu.threads.net', 'other.social']) lookup.lookup(domain);
    expect(told).toEqual(['www.threads.net', 'eu.threads.net']);
  });
});
