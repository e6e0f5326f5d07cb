import { describe, expect, it } from 'vitest';
import { findUnblockedSubdomains, type SubdomainOffer } from '../../utils/core/subdomains';

const on = (...domains: string[]) => domains.map((domain) => ({ domain }));

/** A user who blocks `bigcorp.social` and follows or is followed on its subdomains, and the cases around it. */
const CASES: Array<[name: string, search: Parameters<typeof findUnblockedSubdomains>[0], offers: SubdomainOffer[]]> = [
  [
    'one followed and following, one following',
    {
      blocked: ['bigcorp.social', 'spam.social'],
      following: on('threads.net', 'eu.bigcorp.social', 'mastodon.social'),
      followers: on('eu.bigcorp.social', 'm.bigcorp.social', 'threads.net'),
      leftOut: ['home.social'],
    },
    [
      { domain: 'eu.bigcorp.social', parent: 'bigcorp.social', followingCount: 1, followersCount: 1 },
      { domain: 'm.bigcorp.social', parent: 'bigcorp.social', followingCount: 0, followersCount: 1 },
    ],
  ],
  [
    'the nearest blocked parent is named',
    { blocked: ['corp.social', 'social.corp.social'], following: on('eu.social.corp.social'), followers: [], leftOut: [] },
    [{ domain: 'eu.social.corp.social', parent: 'social.corp.social', followingCount: 1, followersCount: 0 }],
  ],
  [
    'a blocked subdomain, the blocked domain itself and a bare top-level label are not offered',
    { blocked: ['corp.social', 'sub.corp.social', 'social'], following: on('sub.corp.social', 'corp.social', 'other.social'), followers: [], leftOut: [] },
    [],
  ],
  [
    'the user’s own server and “never block” entries are left out',
    { blocked: ['corp.social'], following: on('home.corp.social', 'friends.corp.social'), followers: on('ok.corp.social'), leftOut: ['home.corp.social', 'friends.corp.social'] },
    [{ domain: 'ok.corp.social', parent: 'corp.social', followingCount: 0, followersCount: 1 }],
  ],
  [
    'the ones cutting most come first, then by name',
    { blocked: ['corp.social'], following: on('b.corp.social', 'a.corp.social', 'c.corp.social', 'c.corp.social'), followers: [], leftOut: [] },
    [
      { domain: 'c.corp.social', parent: 'corp.social', followingCount: 2, followersCount: 0 },
      { domain: 'a.corp.social', parent: 'corp.social', followingCount: 1, followersCount: 0 },
      { domain: 'b.corp.social', parent: 'corp.social', followingCount: 1, followersCount: 0 },
    ],
  ],
  [
    'reserved names are never offered: Hedge never blocks them',
    { blocked: ['example.org', 'test.example'], following: on('sub.example.org', 'a.test.example'), followers: [], leftOut: [] },
    [],
  ],
  ['nothing blocked, nothing offered', { blocked: [], following: on('sub.corp.social'), followers: [], leftOut: [] }, []],
];

describe('findUnblockedSubdomains', () => {
  it.each(CASES)('%s', (_name, search, offers) => {
    expect(findUnblockedSubdomains(search)).toEqual(offers);
  });
});
