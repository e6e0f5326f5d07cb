import { describe, expect, it } from 'vitest';
import { pageAccountDomain } from '../../utils/ui/page-account';

const ORIGIN = 'https://mastodon.social';

describe('the remote account a Mastodon page shows, from its address', () => {
  it.each<[string, string | null, string | null]>([
    ['a remote profile', 'https://mastodon.social/@bob@threads.net', 'threads.net'],
    ['one of its posts', 'https://mastodon.social/@bob@threads.net/112136395161601005', 'threads.net'],
    ['a tab of it', 'https://mastodon.social/@bob@Threads.NET/followers', 'threads.net'],
    ['the advanced interface', 'https://mastodon.social/deck/@carol@sub.example.org', 'sub.example.org'],
    ['an internationalised domain, escaped', 'https://mastodon.social/@frank@%D0%B0%D1%80%D1%80%D3%8F%D0%B5.com', 'xn--80ak6aa92e.com'],
    ['a query and a fragment', 'https://mastodon.social/@bob@threads.net?x=1#top', 'threads.net'],
    ['a local account', 'https://mastodon.social/@alice', null],
    ['the home timeline', 'https://mastodon.social/home', null],
    ['another server', 'https://evil.example/@bob@threads.net', null],
    ['another port of the same host', 'https://mastodon.social:8443/@bob@threads.net', null],
    ['an account named in a later part of the path', 'https://mastodon.social/tags/@bob@threads.net', null],
    ['not a domain', 'https://mastodon.social/@bob@not_a_domain', null],
    ['a malformed escape', 'https://mastodon.social/@bob@%E0%A4%A.com', null],
    ['no address (a tab Hedge may not read)', null, null],
    ['not an address', 'about:blank', null],
  ])('%s', (_name, url, domain) => {
    expect(pageAccountDomain(url, ORIGIN)).toBe(domain);
  });
});
