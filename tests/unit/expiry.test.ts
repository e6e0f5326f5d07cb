import { describe, expect, it } from 'vitest';
import { combineSources, type CombineSourcesInput } from '../../utils/core/desired-state';
import { expiryOf, findDueEntries, nextExpiry, withoutExpired, type EntryDuration } from '../../utils/core/expiry';
import { applySourceChanges, type AccountSources } from '../../utils/core/source-changes';
import { mergeSyncEntries } from '../../utils/core/sync-merge';
import { sourcesEntries, sourcesFromEntries } from '../../utils/background/sync/entries';

const DAY = 24 * 60 * 60_000;
/** 5 December 2026, 10:00 in the machine's time zone: dates below are local days, as the date input gives them. */
const NOW = new Date(2026, 11, 5, 10, 0).getTime();
const NONE: AccountSources = { presets: [], alwaysBlock: [], neverBlock: [], limit: [] };

function input(sources: AccountSources): CombineSourcesInput {
  return {
    presets: [],
    subscriptions: [],
    manual: { alwaysBlock: sources.alwaysBlock, neverBlock: sources.neverBlock, limit: sources.limit },
    consensus: null,
    ownInstance: 'mastodon.social',
  };
}

describe('how long an entry is kept', () => {
  it.each<[string, EntryDuration, ReturnType<typeof expiryOf>]>([
    ['until removed', { kind: 'forever' }, { expiresAt: undefined }],
    ['a day', { kind: 'day' }, { expiresAt: NOW + DAY }],
    ['a week', { kind: 'week' }, { expiresAt: NOW + 7 * DAY }],
    ['a month: the same day of the next month', { kind: 'month' }, { expiresAt: new Date(2027, 0, 5, 10, 0).getTime() }],
    ['until a later date: through that whole day', { kind: 'date', date: '2026-12-24' }, { expiresAt: new Date(2026, 11, 25).getTime() }],
    ['until today: through the rest of today', { kind: 'date', date: '2026-12-05' }, { expiresAt: new Date(2026, 11, 6).getTime() }],
    ['a past date is refused', { kind: 'date', date: '2026-12-04' }, { error: 'past-date' }],
    ['a day that does not exist is refused', { kind: 'date', date: '2026-02-30' }, { error: 'bad-date' }],
    ['text that is not a date is refused', { kind: 'date', date: 'next friday' }, { error: 'bad-date' }],
  ])('%s', (_name, duration, expected) => {
    expect(expiryOf(duration, NOW)).toEqual(expected);
  });
});

describe('entries whose time is up', () => {
  const sources: AccountSources = {
    ...NONE,
    alwaysBlock: ['forever.example.social', 'due.example.social', 'later.example.social'],
    limit: ['noisy.example.social', 'quiet.example.social'],
    alwaysBlockUntil: { 'due.example.social': NOW - 1, 'later.example.social': NOW + DAY },
    limitUntil: { 'noisy.example.social': NOW - DAY },
  };

  it('are the entries with a time at or before now, oldest first; entries without a time never are', () => {
    expect(findDueEntries(sources, NOW)).toEqual([
      { list: 'limit', domain: 'noisy.example.social', expiresAt: NOW - DAY },
      { list: 'always-block', domain: 'due.example.social', expiresAt: NOW - 1 },
    ]);
    expect(findDueEntries(sources, NOW + DAY).map((entry) => entry.domain)).toEqual(['noisy.example.social', 'due.example.social', 'later.example.social']);
    expect(nextExpiry(sources)).toBe(NOW - DAY);
    expect(nextExpiry(NONE)).toBeUndefined();
  });

  it('no longer count in the desired state: the domain is neither blocked nor limited', () => {
    const before = combineSources(input(sources));
    expect(before.get('due.example.social')?.action).toBe('block');
    expect(before.get('noisy.example.social')?.action).toBe('limit');
    const after = combineSources(input(withoutExpired(sources, NOW)));
    expect(after.has('due.example.social')).toBe(false);
    expect(after.has('noisy.example.social')).toBe(false);
    expect(after.get('forever.example.social')?.action).toBe('block');
    expect(after.get('later.example.social')?.action).toBe('block');
    expect(after.get('quiet.example.social')?.action).toBe('limit');
  });

  it('leave the sources with the other entries and their times only', () => {
    expect(withoutExpired(sources, NOW)).toEqual({
      ...NONE,
      alwaysBlock: ['forever.example.social', 'later.example.social'],
      limit: ['quiet.example.social'],
      alwaysBlockUntil: { 'later.example.social': NOW + DAY },
    });
  });

  it('older stored sources without times are kept as they are (no expiresAt: forever)', () => {
    const old: AccountSources = { ...NONE, alwaysBlock: ['old.example.social'], limit: ['old-limit.example.social'] };
    expect(withoutExpired(old, NOW + 3650 * DAY)).toBe(old);
  });
});

describe('renewing and removing entries', () => {
  it.each<[string, AccountSources, Parameters<typeof applySourceChanges>[1], AccountSources]>([
    [
      'an entry added for a week takes its time',
      NONE,
      [{ kind: 'entry', list: 'always-block', domain: 'x.example.social', action: 'add', expiresAt: NOW + 7 * DAY }],
      { ...NONE, alwaysBlock: ['x.example.social'], alwaysBlockUntil: { 'x.example.social': NOW + 7 * DAY } },
    ],
    [
      'an entry added again renews its time',
      { ...NONE, alwaysBlock: ['x.example.social'], alwaysBlockUntil: { 'x.example.social': NOW } },
      [{ kind: 'entry', list: 'always-block', domain: 'x.example.social', action: 'add', expiresAt: NOW + 30 * DAY }],
      { ...NONE, alwaysBlock: ['x.example.social'], alwaysBlockUntil: { 'x.example.social': NOW + 30 * DAY } },
    ],
    [
      'an entry added again without a time is kept until removed',
      { ...NONE, alwaysBlock: ['x.example.social'], alwaysBlockUntil: { 'x.example.social': NOW } },
      [{ kind: 'entry', list: 'always-block', domain: 'x.example.social', action: 'add' }],
      { ...NONE, alwaysBlock: ['x.example.social'] },
    ],
    [
      'an entry removed forgets its time',
      { ...NONE, alwaysBlock: ['x.example.social', 'y.example.social'], alwaysBlockUntil: { 'x.example.social': NOW, 'y.example.social': NOW } },
      [{ kind: 'entry', list: 'always-block', domain: 'x.example.social', action: 'remove' }],
      { ...NONE, alwaysBlock: ['y.example.social'], alwaysBlockUntil: { 'y.example.social': NOW } },
    ],
    [
      'an entry moved to "never block" forgets its time',
      { ...NONE, alwaysBlock: ['x.example.social'], alwaysBlockUntil: { 'x.example.social': NOW } },
      [{ kind: 'entry', list: 'never-block', domain: 'x.example.social', action: 'add' }],
      { ...NONE, neverBlock: ['x.example.social'] },
    ],
    [
      'a confirmed plan keeps the times of the limits',
      { ...NONE, limit: ['l.example.social'], limitUntil: { 'l.example.social': NOW } },
      [{ kind: 'preset', presetId: 'threads', isEnabled: true }],
      { ...NONE, presets: ['threads'], limit: ['l.example.social'], limitUntil: { 'l.example.social': NOW } },
    ],
  ])('%s', (_name, before, changes, after) => {
    expect(applySourceChanges(before, changes)).toEqual(after);
  });
});

describe('times in browser sync', () => {
  const here: AccountSources = {
    ...NONE,
    alwaysBlock: ['forever.example.social', 'week.example.social'],
    limit: ['day.example.social'],
    alwaysBlockUntil: { 'week.example.social': NOW + 7 * DAY },
    limitUntil: { 'day.example.social': NOW + DAY },
  };

  it('survive the way to another browser and back', () => {
    const entries = sourcesEntries(here);
    expect(entries).toEqual({ 'a:forever.example.social': true, 'a:week.example.social': NOW + 7 * DAY, 'l:day.example.social': NOW + DAY });
    expect(sourcesFromEntries(JSON.parse(JSON.stringify(entries)) as typeof entries, NONE)).toEqual(here);
  });

  it('read as "until removed" when the value is not a time (an older version wrote true)', () => {
    expect(sourcesFromEntries({ 'a:x.example.social': true, 'l:y.example.social': 'soon', 'a:z.example.social': -5 }, NONE)).toEqual({
      ...NONE,
      alwaysBlock: ['x.example.social', 'z.example.social'],
      limit: ['y.example.social'],
    });
  });

  it('merge a time renewed in one browser with an entry added in the other', () => {
    const base = sourcesEntries(here);
    const renewedHere = sourcesEntries({ ...here, alwaysBlockUntil: { 'week.example.social': NOW + 14 * DAY } });
    const addedThere = sourcesEntries({ ...here, limit: ['day.example.social', 'new.example.social'] });
    const merged = sourcesFromEntries(mergeSyncEntries(base, renewedHere, addedThere), here);
    expect(merged).toEqual({
      ...here,
      limit: ['day.example.social', 'new.example.social'],
      alwaysBlockUntil: { 'week.example.social': NOW + 14 * DAY },
    });
  });
});
