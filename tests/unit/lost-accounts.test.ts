import { describe, expect, it } from 'vitest';
import { buildFollowersCsv } from '../../utils/core/export.ts';
import { LOST_NAMES_PER_SIDE, capLostGroups, isWebUrl, toLostAccount, type LostAccount, type LostGroupInput } from '../../utils/core/lost-accounts.ts';

const person = (acct: string, extra: Partial<LostAccount> = {}): LostAccount => ({
  acct,
  displayName: acct.split('@')[0]!.toUpperCase(),
  url: `https://${acct.split('@')[1]}/@${acct.split('@')[0]}`,
  avatar: `https://files.example.social/accounts/avatars/${acct.split('@')[0]}.png`,
  ...extra,
});
const people = (count: number, domain: string) => Array.from({ length: count }, (_, i) => person(`u${String(i).padStart(3, '0')}@${domain}`));
const group = (domain: string, following: LostAccount[], followers: LostAccount[], counts: Partial<LostGroupInput> = {}): LostGroupInput => ({
  domain,
  followingCount: following.length,
  followersCount: followers.length,
  following,
  followers,
  ...counts,
});

describe('capLostGroups', () => {
  it.each([
    {
      name: 'leaves out domains whose block cuts nobody',
      groups: [group('threads.net', [person('bob@threads.net')], []), group('threads.com', [], [])],
      expected: [{ domain: 'threads.net', following: 1, followers: 0, followingCount: 1, followersCount: 0 }],
    },
    {
      name: 'puts the biggest group first, then by domain',
      groups: [group('b.example', people(1, 'b.example'), []), group('c.example', people(3, 'c.example'), []), group('a.example', [], people(1, 'a.example'))],
      expected: [
        { domain: 'c.example', following: 3, followers: 0, followingCount: 3, followersCount: 0 },
        { domain: 'a.example', following: 0, followers: 1, followingCount: 0, followersCount: 1 },
        { domain: 'b.example', following: 1, followers: 0, followingCount: 1, followersCount: 0 },
      ],
    },
    {
      name: 'caps each side of a big group and keeps its counts',
      groups: [group('big.example', people(250, 'big.example'), people(30, 'big.example'))],
      expected: [{ domain: 'big.example', following: LOST_NAMES_PER_SIDE, followers: LOST_NAMES_PER_SIDE, followingCount: 250, followersCount: 30 }],
    },
    {
      name: "keeps the server's count when it is higher than the names known",
      groups: [group('threads.net', [person('bob@threads.net')], [], { followingCount: 4 })],
      expected: [{ domain: 'threads.net', following: 1, followers: 0, followingCount: 4, followersCount: 0 }],
    },
    {
      name: 'never counts fewer than the names known',
      groups: [group('threads.net', people(2, 'threads.net'), [], { followingCount: 0 })],
      expected: [{ domain: 'threads.net', following: 2, followers: 0, followingCount: 2, followersCount: 0 }],
    },
  ])('$name', ({ groups, expected }) => {
    const capped = capLostGroups(groups);
    expect(
      capped.map((g) => ({ domain: g.domain, following: g.following.length, followers: g.followers.length, followingCount: g.followingCount, followersCount: g.followersCount })),
    ).toEqual(expected);
  });

  it('stops at the total over all domains, biggest first', () => {
    const capped = capLostGroups([group('a.example', people(8, 'a.example'), people(8, 'a.example')), group('b.example', people(5, 'b.example'), [])], {
      perSide: 6,
      total: 15,
    });
    expect(capped.map((g) => [g.domain, g.following.length, g.followers.length])).toEqual([
      ['a.example', 6, 6],
      ['b.example', 3, 0],
    ]);
    expect(capped[1]?.followingCount).toBe(5);
  });

  it('sorts each side by handle, so a capped list names the same people every time', () => {
    const [capped] = capLostGroups([group('x.example', [person('zed@x.example'), person('Amy@x.example'), person('bo@x.example')], [])]);
    expect(capped?.following.map((a) => a.acct)).toEqual(['Amy@x.example', 'bo@x.example', 'zed@x.example']);
  });

  it('keeps only what a page shows, and no address that is not http(s)', () => {
    const [capped] = capLostGroups([
      group('x.example', [person('eve@x.example', { url: 'javascript:alert(1)', avatar: 'data:image/svg+xml,<svg onload=alert(1)>' }), { ...person('ann@x.example'), domain: 'x.example', id: '7' } as LostAccount], []),
    ]);
    expect(capped?.following).toEqual([
      { acct: 'ann@x.example', displayName: 'ANN', url: 'https://x.example/@ann', avatar: 'https://files.example.social/accounts/avatars/ann.png' },
      { acct: 'eve@x.example', displayName: 'EVE', url: '' },
    ]);
  });
});

describe('isWebUrl and toLostAccount', () => {
  it.each([
    ['https://mastodon.social/@alice', true],
    ['http://localhost:3000/@alice', true],
    ['javascript:alert(1)', false],
    ['file:///etc/passwd', false],
    ['/@alice', false],
    ['', false],
  ])('%s is a web address: %s', (url, expected) => {
    expect(isWebUrl(url)).toBe(expected);
  });

  it('keeps a display name with custom emoji and markup as the text it is', () => {
    const account = toLostAccount(person('bob@threads.net', { displayName: 'Bob :blobcat: <img src=x onerror=alert(1)>' }));
    expect(account.displayName).toBe('Bob :blobcat: <img src=x onerror=alert(1)>');
  });
});

describe('followers CSV', () => {
  it('lists handle, display name and profile address, with formulas neutralised', () => {
    const file = buildFollowersCsv(
      [
        { acct: 'bob@threads.net', displayName: 'Bob "B", Esq.', url: 'https://www.threads.net/@bob' },
        { acct: '@jo@threads.net', displayName: '=HYPERLINK("x")', url: '' },
      ],
      'followers_threads.net.csv',
    );
    expect(file.filename).toBe('followers_threads.net.csv');
    expect(file.type).toBe('text/csv');
    expect(file.text).toBe(
      'Account address,Display name,Profile URL\n' +
        'bob@threads.net,"Bob ""B"", Esq.",https://www.threads.net/@bob\n' +
        `jo@threads.net,"'=HYPERLINK(""x"")",\n`,
    );
  });
});
