import { describe, expect, it } from 'vitest';
import {
  OWNERSHIP_BUCKETS,
  SYNC_ITEM_BYTES,
  SYNC_TOTAL_BYTES,
  decodeDomainSet,
  encodeDomainSet,
  mergeOwnershipChanges,
  ownershipBucket,
  ownershipItemKey,
  ownershipWrites,
  readOwnershipItem,
  syncItemBytes,
} from '../../utils/core/shared-ownership';

const ACCOUNT = 'https://mastodon.example#109302';
const generated = (count: number) => Array.from({ length: count }, (_, index) => `host-${index}.spam-farm.example.net`);

describe('the shared record of Hedge’s blocks', () => {
  it.each([
    ['nothing', []],
    ['one domain', ['threads.net']],
    ['related domains', ['threads.net', 'threads.com', 'threads.instagram.com']],
    ['punycode and underscores', ['xn--80ak6aa92e.com', 'a_b.example', 'x-y.example.org']],
    ['a thousand', generated(1000)],
  ])('reads back what it wrote: %s', (_name, domains) => {
    const decoded = decodeDomainSet(encodeDomainSet(domains));
    expect(decoded?.sort()).toEqual([...domains].sort());
  });

  it('keeps a thousand related domains within the sync quota, in items under 8 kB', () => {
    const change = { add: generated(1000), remove: [] };
    const { growing } = ownershipWrites(ACCOUNT, {}, change);
    const sizes = Object.entries(growing).map(([key, item]) => syncItemBytes(key, item));
    expect(sizes.length).toBeLessThanOrEqual(OWNERSHIP_BUCKETS);
    expect(Math.max(...sizes)).toBeLessThan(SYNC_ITEM_BYTES);
    expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThan(SYNC_TOTAL_BYTES / 4);
  });

  it.each([
    ['missing', undefined, 'missing'],
    ['not an object', 'threads.net', 'corrupt'],
    ['no version', { d: '0:net.threads' }, 'corrupt'],
    ['cut short (a line without its colon)', { v: 1, d: '0:net.threads\n5' }, 'corrupt'],
    ['a shared length longer than the line before', { v: 1, d: '0:net.a\nz:b' }, 'corrupt'],
    ['characters no domain has', { v: 1, d: '0:net.<script>' }, 'corrupt'],
    ['out of order', { v: 1, d: '0:net.b\n0:net.a' }, 'corrupt'],
    ['written by a newer Hedge', { v: 2, d: 'anything' }, 'newer'],
    ['well formed', { v: 1, d: '0:net.threads' }, 'ok'],
  ])('an item that is %s reads as %s', (_name, value, kind) => {
    expect(readOwnershipItem(value).kind).toBe(kind);
  });

  it('folds changes in order: the last word about a domain wins', () => {
    expect(
      mergeOwnershipChanges([
        { add: ['a.example', 'b.example'], remove: [] },
        { add: [], remove: ['a.example', 'c.example'] },
        { add: ['c.example'], remove: [] },
      ]),
    ).toEqual({ add: ['b.example', 'c.example'], remove: ['a.example'] });
  });

  it('rewrites only the buckets a change touches, keeps what others wrote there, and leaves a newer Hedge’s items alone', () => {
    const first = ownershipWrites(ACCOUNT, {}, { add: ['threads.net', 'threads.com'], remove: [] }).growing;
    const stored: Record<string, unknown> = { ...first };
    const threadsKey = ownershipItemKey(ACCOUNT, ownershipBucket('threads.net'));
    // Another browser's removal of threads.com and this one's addition of a new domain.
    const next = ownershipWrites(ACCOUNT, stored, { add: ['poa.st'], remove: ['threads.com'] });
    const written = { ...next.shrinking, ...next.growing };
    expect(Object.keys(written).every((key) => key.startsWith('own/'))).toBe(true);
    const all = new Set(Object.values({ ...stored, ...written }).flatMap((value) => {
      const read = readOwnershipItem(value);
      return read.kind === 'ok' ? read.domains : [];
    }));
    expect([...all].sort()).toEqual(['poa.st', 'threads.net']);

    const newer = { [threadsKey]: { v: 2, d: 'unknown' } };
    expect(ownershipWrites(ACCOUNT, newer, { add: ['threads.net'], remove: [] })).toEqual({ shrinking: {}, growing: {}, skipped: ['threads.net'] });
  });

  it('rebuilds a corrupted bucket from the change alone', () => {
    const key = ownershipItemKey(ACCOUNT, ownershipBucket('threads.net'));
    const { growing } = ownershipWrites(ACCOUNT, { [key]: { v: 1, d: '0:net.thr\n9' } }, { add: ['threads.net'], remove: [] });
    expect(readOwnershipItem(growing[key])).toEqual({ kind: 'ok', domains: ['threads.net'] });
  });
});
