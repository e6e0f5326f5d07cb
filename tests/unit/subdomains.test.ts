import { describe, expect, it } from 'vitest';
import { findUnblockedSubdomains, keepSeenSubdomains, rememberSeenSubdomains, type SubdomainOffer } from '../../utils/core/subdomains';

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

describe('findUnblockedSubdomains with the subdomains seen in the web UI', () => {
  it.each<[name: string, seen: string[], offers: SubdomainOffer[]]>([
    [
      'a seen subdomain is offered beside the follows’, marked as seen',
      ['news.bigcorp.social'],
      [
        { domain: 'eu.bigcorp.social', parent: 'bigcorp.social', followingCount: 1, followersCount: 0 },
        { domain: 'news.bigcorp.social', parent: 'bigcorp.social', followingCount: 0, followersCount: 0, isSeen: true },
      ],
    ],
    ['one both followed and seen is offered once', ['eu.bigcorp.social'], [{ domain: 'eu.bigcorp.social', parent: 'bigcorp.social', followingCount: 1, followersCount: 0, isSeen: true }]],
    [
      'a seen domain that is no longer a subdomain of a block, or is left out, is not offered',
      ['eu.other.social', 'home.bigcorp.social', 'bigcorp.social'],
      [{ domain: 'eu.bigcorp.social', parent: 'bigcorp.social', followingCount: 1, followersCount: 0 }],
    ],
  ])('%s', (_name, seen, offers) => {
    expect(findUnblockedSubdomains({ blocked: ['bigcorp.social'], following: on('eu.bigcorp.social'), followers: [], seen, leftOut: ['home.bigcorp.social'] })).toEqual(offers);
  });
});

describe('keepSeenSubdomains: what a page reports is checked again', () => {
  const blocked = ['bigcorp.social', 'threads.net'];
  it.each<[name: string, reported: unknown[], kept: string[]]>([
    ['subdomains of blocks are kept, each once', ['eu.bigcorp.social', 'www.threads.net', 'eu.bigcorp.social'], ['eu.bigcorp.social', 'www.threads.net']],
    ['a domain that is no subdomain of a block is dropped', ['mastodon.social', 'bigcorp.social.evil.example', 'notbigcorp.social'], []],
    ['a blocked domain itself is dropped', ['bigcorp.social', 'threads.net'], []],
    ['anything not already lowercase punycode is dropped', ['EU.bigcorp.social', ' eu.bigcorp.social', 'eu.bigcorp.social.', 'ü.bigcorp.social', '*.eu.bigcorp.social', 'https://eu.bigcorp.social'], []],
    ['anything not a string is dropped', [42, null, { domain: 'eu.bigcorp.social' }, ['eu.bigcorp.social']], []],
    ['the own server, “never block” entries and reserved names are dropped', ['home.bigcorp.social', 'kept.threads.net', 'a.test'], []],
  ])('%s', (_name, reported, kept) => {
    expect(keepSeenSubdomains(reported, [...blocked, 'test'], ['home.bigcorp.social', 'kept.threads.net'])).toEqual(kept);
  });
});

describe('rememberSeenSubdomains', () => {
  it.each<[name: string, stored: string[], fresh: string[], cap: number, result: string[]]>([
    ['adds the fresh ones as the newest', ['a.x.social'], ['b.x.social'], 500, ['a.x.social', 'b.x.social']],
    ['a domain seen again moves to the newest, once', ['a.x.social', 'b.x.social'], ['a.x.social'], 500, ['b.x.social', 'a.x.social']],
    ['keeps the newest within the cap', ['a.x.social', 'b.x.social', 'c.x.social'], ['d.x.social', 'e.x.social'], 3, ['c.x.social', 'd.x.social', 'e.x.social']],
  ])('%s', (_name, stored, fresh, cap, result) => {
    expect(rememberSeenSubdomains(stored, fresh, cap)).toEqual(result);
  });

  it('keeps 500 by default', () => {
    const many = Array.from({ length: 600 }, (_value, index) => `s${index}.x.social`);
    const kept = rememberSeenSubdomains([], many);
    expect(kept).toHaveLength(500);
    expect(kept.at(-1)).toBe('s599.x.social');
    expect(kept[0]).toBe('s100.x.social');
  });
});
