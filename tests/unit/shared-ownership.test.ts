import { describe, expect, it } from 'vitest';
import {
  OWNERSHIP_BUCKETS,
  decodeBlocks,
  encodeBlocks,
  fnv1a,
  mergeOwnershipChanges,
  ownershipBucket,
  ownershipItemKey,
  ownershipWrites,
  provenanceOfSourceKeys,
  readOwnershipItem,
  sourceKeysOf,
  type SharedBlock,
} from '../../utils/core/shared-ownership';

const ACCOUNT = 'https://mastodon.example#109302';
const LIST = 'subscription:0b9e6a43-6f0c-4a53-9d2a-3f1c2e7d8a10';
const generated = (count: number) => Array.from({ length: count }, (_, index) => `host-${index}.spam-farm.example.net`);
const owned = (domains: readonly string[], sources: string[] = [LIST]): SharedBlock[] => domains.map((domain) => ({ domain, sources }));
/** An item as Hedge writes it for these lines, with its hash. */
const itemOf = (sources: string[], d: string) => {
  return { v: 1, s: sources, d, h: fnv1a(`${sources.join('\n')}\n\n${d}`).toString(36), t: 1 };
};
const domainsOf = (value: unknown): string[] => {
  const read = readOwnershipItem(value);
  return read.kind === 'ok' ? read.blocks.map((block) => block.domain) : [];
};

describe('the shared record of Hedge’s blocks', () => {
  it.each([
    ['nothing', []],
    ['one domain', ['threads.net']],
    ['related domains', ['threads.net', 'threads.com', 'threads.instagram.com']],
    ['punycode and underscores', ['xn--80ak6aa92e.com', 'a_b.example', 'x-y.example.org']],
    ['a thousand', generated(1000)],
  ])('reads back what it wrote: %s', (_name, domains) => {
    const blocks = domains.map((domain, index) => ({ domain, sources: index % 2 === 0 ? [LIST] : ['manual:manual', 'preset:threads'] }));
    const { sources, text } = encodeBlocks(blocks);
    const byDomain = (a: SharedBlock, b: SharedBlock) => a.domain.localeCompare(b.domain);
    expect(decodeBlocks(text, sources)?.sort(byDomain)).toEqual([...blocks].sort(byDomain));
  });

  it('keeps the sources by kind and id, and gives them back as provenance without names', () => {
    const keys = sourceKeysOf([
      { source: { kind: 'subscription', id: 'abc', name: 'Garden Fence' }, severity: 'suspend', labels: ['hate'] },
      { source: { kind: 'preset', id: 'threads', name: 'Threads' }, severity: 'suspend', labels: [] },
    ]);
    expect(keys).toEqual(['preset:threads', 'subscription:abc']);
    expect(provenanceOfSourceKeys([...keys, 'unknown:x', 'nocolon']).map((item) => item.source)).toEqual([
      { kind: 'preset', id: 'threads', name: '' },
      { kind: 'subscription', id: 'abc', name: '' },
    ]);
  });

  it('keeps a thousand related domains within the sync quota, in items under 8 kB', () => {
    const change = { add: owned(generated(1000)), remove: [] };
    const { growing } = ownershipWrites(ACCOUNT, {}, change);
    // Chrome's and Firefox's sync quotas: 8,192 bytes an item (key and JSON value), 102,400 in all.
    const sizes = Object.entries(growing).map(([key, item]) => new TextEncoder().encode(key + JSON.stringify(item)).length);
    expect(sizes.length).toBeLessThanOrEqual(OWNERSHIP_BUCKETS);
    expect(Math.max(...sizes)).toBeLessThan(8192);
    expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThan(102_400 / 2);
  });

  it('leaves out a bucket that would grow over 8 kB, and says so', () => {
    const { growing, isTooLarge } = ownershipWrites(ACCOUNT, {}, { add: owned(generated(40_000)), remove: [] });
    expect(isTooLarge).toBe(true);
    expect(Object.keys(growing)).toEqual([]);
  });

  it.each([
    ['missing', undefined, 'missing'],
    ['not an object', 'threads.net', 'corrupt'],
    ['no version', { ...itemOf([], '0:net.threads'), v: undefined }, 'corrupt'],
    ['without its table of sources', { ...itemOf([], '0:net.threads'), s: undefined }, 'corrupt'],
    ['cut short (a line without its colon)', itemOf([], '0:net.threads\n5'), 'corrupt'],
    ['cut short at a line’s end (the hash tells)', { ...itemOf([LIST], '0:net.threads|0\n4:example|0'), d: '0:net.threads|0' }, 'corrupt'],
    ['cut short inside a domain (the hash tells)', { ...itemOf([LIST], '0:zone.three|0'), d: '0:zon' }, 'corrupt'],
    ['a source the table lacks', itemOf([LIST], '0:net.threads|1'), 'corrupt'],
    ['a shared length longer than the line before', itemOf([], '0:net.a\nz:b'), 'corrupt'],
    ['characters no domain has', itemOf([], '0:net.<script>'), 'corrupt'],
    ['out of order', itemOf([], '0:net.b\n0:net.a'), 'corrupt'],
    ['written by a newer Hedge', { v: 2, d: 'anything' }, 'newer'],
    ['well formed', itemOf([LIST], '0:net.threads|0'), 'ok'],
  ])('an item that is %s reads as %s', (_name, value, kind) => {
    expect(readOwnershipItem(value).kind).toBe(kind);
  });

  it('folds changes in order: the last word about a domain wins', () => {
    expect(
      mergeOwnershipChanges([
        { add: owned(['a.example', 'b.example']), remove: [] },
        { add: [], remove: ['a.example', 'c.example'] },
        { add: owned(['c.example']), remove: [] },
      ]),
    ).toEqual({ add: owned(['b.example', 'c.example']), remove: ['a.example'] });
  });

  it('rewrites only the buckets a change touches, keeps what others wrote there, and leaves a newer Hedge’s items alone', () => {
    const first = ownershipWrites(ACCOUNT, {}, { add: owned(['threads.net', 'threads.com']), remove: [] }).growing;
    const stored: Record<string, unknown> = { ...first };
    const threadsKey = ownershipItemKey(ACCOUNT, ownershipBucket('threads.net'));
    // Another browser's removal of threads.com and this one's addition of a new domain.
    const next = ownershipWrites(ACCOUNT, stored, { add: owned(['poa.st']), remove: ['threads.com'] });
    const written = { ...next.shrinking, ...next.growing };
    expect(Object.keys(written).every((key) => key.startsWith('own/'))).toBe(true);
    const all = new Set(Object.values({ ...stored, ...written }).flatMap(domainsOf));
    expect([...all].sort()).toEqual(['poa.st', 'threads.net']);

    const newer = { [threadsKey]: { v: 2, d: 'unknown' } };
    expect(ownershipWrites(ACCOUNT, newer, { add: owned(['threads.net']), remove: [] })).toEqual({ shrinking: {}, growing: {}, skipped: ['threads.net'], isTooLarge: false });
  });

  it('rebuilds a corrupted bucket from the change alone', () => {
    const key = ownershipItemKey(ACCOUNT, ownershipBucket('threads.net'));
    const { growing } = ownershipWrites(ACCOUNT, { [key]: itemOf([], '0:net.thr\n9') }, { add: owned(['threads.net']), remove: [] });
    expect(readOwnershipItem(growing[key])).toMatchObject({ kind: 'ok', blocks: owned(['threads.net']) });
  });
});
