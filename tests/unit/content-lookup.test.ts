import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../utils/core/sha256';
import { createSnapshotMatcher, type VerdictSnapshot } from '../../utils/core/verdict-snapshot';
import { createContentLookup } from '../../utils/dom/content-lookup';

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

const DOMAINS = [
  'threads.net',
  'www.threads.net',
  'sub.example.org',
  'deep.sub.example.org',
  'other.example.org',
  'mastodon.social',
  'friendly.example',
  'spam.example',
  'a.spam.example',
  'loud.example',
  'hidden.example',
  'x.hidden.example',
  'quiet.example',
  'аррӏе.com',
  'Threads.NET.',
  'nothing.example',
  'localhost',
];

describe('createContentLookup', () => {
  it.each(DOMAINS)('decides %s as the matcher’s snapshot lookup does', async (domain) => {
    const lookup = createContentLookup(SNAPSHOT);
    await lookup.prepare([domain]);
    expect(lookup.lookup(domain)).toEqual(createSnapshotMatcher(SNAPSHOT).lookup(domain));
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
