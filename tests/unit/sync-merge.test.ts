import { describe, expect, it } from 'vitest';
import { canonicalJson, isSameEntries, mergeSyncEntries, type SyncEntries } from '../../utils/core/sync-merge';

const list = (name: string, silenceAs = 'limit') => ({ name, silenceAs });

describe('merging the settings that follow the user', () => {
  it.each<[string, SyncEntries | undefined, SyncEntries, SyncEntries | undefined, SyncEntries]>([
    ['nothing anywhere', undefined, {}, undefined, {}],
    ['first start with settings here, nothing in sync: kept', undefined, { a: list('A') }, undefined, { a: list('A') }],
    ['a new browser takes what sync has', undefined, {}, { a: list('A') }, { a: list('A') }],
    ['subscribed here', { a: list('A') }, { a: list('A'), b: list('B') }, { a: list('A') }, { a: list('A'), b: list('B') }],
    ['subscribed elsewhere', { a: list('A') }, { a: list('A') }, { a: list('A'), b: list('B') }, { a: list('A'), b: list('B') }],
    ['unsubscribed elsewhere', { a: list('A'), b: list('B') }, { a: list('A'), b: list('B') }, { a: list('A') }, { a: list('A') }],
    ['unsubscribed here', { a: list('A'), b: list('B') }, { a: list('A') }, { a: list('A'), b: list('B') }, { a: list('A') }],
    [
      'subscribed here while another list was unsubscribed elsewhere: both kept',
      { a: list('A') },
      { a: list('A'), b: list('B') },
      {},
      { b: list('B') },
    ],
    ['changed here', { a: list('A') }, { a: list('A', 'block') }, { a: list('A') }, { a: list('A', 'block') }],
    ['changed elsewhere', { a: list('A') }, { a: list('A') }, { a: list('A', 'block') }, { a: list('A', 'block') }],
    ['changed in both: the other browser’s word wins', { a: list('A') }, { a: list('A', 'block') }, { a: list('A2') }, { a: list('A2') }],
    ['removed here, changed elsewhere: removed', { a: list('A') }, {}, { a: list('A2') }, {}],
  ])('%s', (_name, base, here, synced, expected) => {
    expect(mergeSyncEntries(base, here, synced)).toEqual(expected);
  });

  it('compares objects whatever the order of their keys (Chrome gives them back sorted)', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 4, e: 5 }] } })).toBe(canonicalJson({ a: { c: [3, { e: 5, f: 4 }], d: 2 }, b: 1 }));
    expect(isSameEntries({ a: { name: 'A', silenceAs: 'limit' } }, { a: { silenceAs: 'limit', name: 'A' } })).toBe(true);
    expect(mergeSyncEntries({ a: { x: 1, y: 2 } }, { a: { y: 2, x: 1 } }, { a: { x: 1, y: 3 } })).toEqual({ a: { x: 1, y: 3 } });
  });
});
