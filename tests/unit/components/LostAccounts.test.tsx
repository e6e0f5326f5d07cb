// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/preact';
import { LostAccounts } from '../../../components/LostAccounts';
import { PlanSummary } from '../../../components/PlanSummary';
import type { LostAccount } from '../../../utils/core/lost-accounts';
import type { PlanPreview } from '../../../utils/protocol';
import { lostGroupsOfChanges } from '../../../utils/ui/lost-groups';
import { THREADS_ON_PLAN } from './fixtures';
import { useLocale } from './locale';

beforeEach(() => useLocale('en'));
afterEach(cleanup);

const BOB: LostAccount = { acct: 'bob@threads.net', displayName: 'Bob', url: 'https://www.threads.net/@bob', avatar: 'https://mastodon.example/system/cache/accounts/avatars/bob.png' };
const JO: LostAccount = { acct: 'jo_writes@threads.net', displayName: 'Jo <b>Writes</b> :blobcat:', url: 'https://www.threads.net/@jo_writes' };
const EVE: LostAccount = { acct: 'eve@evil.example', displayName: '', url: 'javascript:alert(1)', avatar: 'javascript:alert(2)' };

const planWith = (impact: NonNullable<PlanPreview['add'][number]['impact']>): PlanPreview => ({
  ...THREADS_ON_PLAN,
  add: [{ ...THREADS_ON_PLAN.add[0]!, impact }, THREADS_ON_PLAN.add[1]!],
});

describe('LostAccounts', () => {
  it('shows both sides of each domain, with pictures, names as text and links to the profiles', () => {
    render(<PlanSummary plan={planWith({ followingCount: 1, followersCount: 2, following: [BOB], followers: [BOB, JO] })} />);
    const list = screen.getByRole('region', { name: 'Whom you would lose' });
    const group = list.querySelector('details')!;
    expect(group.open).toBe(true);
    expect(group.querySelector('summary')?.textContent).toBe('threads.net · you follow 1 account · 2 accounts follow you');
    expect(within(list).getByText('You follow')).toBeTruthy();
    expect(within(list).getByText('Follow you')).toBeTruthy();

    const links = within(list).getAllByRole('link');
    expect(links.map((link) => link.textContent)).toEqual(['Bob @bob@threads.net', 'Bob @bob@threads.net', 'Jo <b>Writes</b> :blobcat: @jo_writes@threads.net']);
    for (const link of links) {
      expect(link.getAttribute('target')).toBe('_blank');
      expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    }
    expect(links[2]?.getAttribute('href')).toBe('https://www.threads.net/@jo_writes');
    // The display name's markup stays text.
    expect(list.querySelector('b')).toBeNull();

    const picture = list.querySelector('img')!;
    expect(picture.getAttribute('src')).toBe(BOB.avatar);
    expect(picture.getAttribute('alt')).toBe('');
    expect(picture.getAttribute('loading')).toBe('lazy');
    expect(picture.getAttribute('referrerpolicy')).toBe('no-referrer');
  });

  it('links nothing and loads no picture that is not an http(s) address', () => {
    render(<LostAccounts groups={[{ key: 'evil.example', domain: 'evil.example', followingCount: 1, followersCount: 0, following: [EVE], followers: [] }]} title="Whom you would lose" />);
    const list = screen.getByRole('region', { name: 'Whom you would lose' });
    expect(within(list).queryAllByRole('link')).toEqual([]);
    expect(list.querySelector('img')).toBeNull();
    expect(list.textContent).toContain('@eve@evil.example');
  });

  it('says how many more a big group holds, and keeps big lists closed until asked', () => {
    const following = Array.from({ length: 20 }, (_, i) => ({ ...BOB, acct: `user${i}@big.example`, displayName: `User ${i}` }));
    render(<LostAccounts groups={[{ key: 'big.example', domain: 'big.example', followingCount: 250, followersCount: 0, following, followers: [] }]} title="Whom you would lose" />);
    const group = screen.getByRole('region', { name: 'Whom you would lose' }).querySelector('details')!;
    expect(group.open).toBe(false);
    expect(group.querySelector('summary')?.textContent).toBe('big.example · you follow 250 accounts');
    expect(within(group).getAllByRole('link')).toHaveLength(20);
    expect(group.querySelector('.lost-accounts__more')?.textContent).toBe('230 more');
  });

  it('shows nothing when no block cuts anyone', () => {
    render(<PlanSummary plan={planWith({ followingCount: 0, followersCount: 0, following: [], followers: [] })} />);
    expect(screen.queryByRole('region', { name: 'Whom you would lose' })).toBeNull();
  });

  it('groups a plan by domain, biggest first, and leaves out domains whose names are unknown', () => {
    const groups = lostGroupsOfChanges([
      { ...THREADS_ON_PLAN.add[1]!, domain: 'small.example', impact: { followingCount: 1, followersCount: 0, following: [BOB], followers: [] } },
      { ...THREADS_ON_PLAN.add[0]!, impact: { followingCount: 3, followersCount: 2, following: [BOB], followers: [JO] } },
      { ...THREADS_ON_PLAN.add[1]!, domain: 'none.example', impact: { followingCount: 0, followersCount: 0 } },
      { ...THREADS_ON_PLAN.add[1]!, domain: 'unknown.example', impact: null },
    ]);
    expect(groups.map((group) => [group.domain, group.followingCount, group.followersCount])).toEqual([
      ['threads.net', 3, 2],
      ['small.example', 1, 0],
    ]);
  });
});
