/**
 * Links in posts that share a list (utils/core/shared-list-link.ts): what the content script offers
 * "Subscribe with Hedge" for, and what the background and the options page read from the address
 * a page sends.
 */
import { describe, expect, it } from 'vitest';
import { LIST_LINK_RE, MAX_LIST_LINK_LENGTH, readSharedListLink, subscribeOfferSuffix, type SharedListLink } from '../../utils/core/shared-list-link';

const DATASET = 'https://fires.example/datasets/0193a1b2-0000-7000-8000-00000000d502';

describe('readSharedListLink', () => {
  it.each<[string, string, SharedListLink]>([
    ['a CSV list', 'https://lists.example/blocklist.csv', { kind: 'url', url: 'https://lists.example/blocklist.csv' }],
    ['a plain-text list', 'https://raw.githubusercontent.com/x/y/main/tier0.txt', { kind: 'url', url: 'https://raw.githubusercontent.com/x/y/main/tier0.txt' }],
    ['a JSON list with a query', 'https://lists.example/list.json?raw=1', { kind: 'url', url: 'https://lists.example/list.json?raw=1' }],
    ['an extension in capitals', 'https://lists.example/TIER0.CSV', { kind: 'url', url: 'https://lists.example/TIER0.CSV' }],
    ['a list on this computer (the fetcher decides about http)', 'http://127.0.0.1:3000/lists/a.csv', { kind: 'url', url: 'http://127.0.0.1:3000/lists/a.csv' }],
    ['a list file under a datasets folder', 'https://lists.example/datasets/a.csv', { kind: 'url', url: 'https://lists.example/datasets/a.csv' }],
    ['a FIRES dataset', DATASET, { kind: 'fires', serverUrl: 'https://fires.example', datasetId: DATASET }],
    ['a FIRES dataset with a fragment', `${DATASET}#labels`, { kind: 'fires', serverUrl: 'https://fires.example', datasetId: DATASET }],
    ['a FIRES dataset on a port', 'http://127.0.0.1:4000/datasets/x', { kind: 'fires', serverUrl: 'http://127.0.0.1:4000', datasetId: 'http://127.0.0.1:4000/datasets/x' }],
  ])('reads %s', (_what, address, expected) => {
    expect(LIST_LINK_RE.test(address)).toBe(true);
    expect(readSharedListLink(address)).toEqual(expected);
  });

  it.each<[string, unknown, string]>([
    ['a post', 'https://social.example/@alice/113312345678901234', 'not-a-list'],
    ['a server alone', 'https://lists.csv', 'not-a-list'],
    ['a page about lists', 'https://lists.example/blocklist.csv.html', 'not-a-list'],
    ['the datasets collection', 'https://fires.example/datasets', 'not-a-list'],
    ['something below a dataset', `${DATASET}/snapshot`, 'not-a-list'],
    ['an address with a password', 'https://user:secret@lists.example/a.csv', 'not-a-list'],
    ['a script', 'javascript:alert(1)//.csv', 'not-web'],
    ['inline data', 'data:text/csv,a.csv', 'not-web'],
    ['a file on disk', 'file:///home/me/list.csv', 'not-web'],
    ['FTP', 'ftp://lists.example/a.csv', 'not-web'],
    ['words', 'my list.csv', 'not-an-address'],
    ['nothing', '', 'not-an-address'],
    ['a number', 42, 'not-text'],
    ['an object', { href: 'https://lists.example/a.csv' }, 'not-text'],
    ['a very long address', `https://lists.example/${'a'.repeat(MAX_LIST_LINK_LENGTH)}.csv`, 'too-long'],
  ])('refuses %s', (_what, address, error) => {
    expect(readSharedListLink(address)).toEqual({ error });
  });

  it.each(['javascript:alert(1)//.csv', 'data:text/csv,a.csv', 'https://social.example/tags/csv', 'https://example.com/', 'mailto:a@b.csv'])(
    'offers no button on %s',
    (href) => {
      expect(LIST_LINK_RE.test(href)).toBe(false);
    },
  );
});

describe('subscribeOfferSuffix', () => {
  it('names the list in the options page’s query, encoded, and opens Lists', () => {
    expect(subscribeOfferSuffix({ kind: 'url', url: 'https://lists.example/a.csv?x=1&y=2' })).toBe('?subscribe=https%3A%2F%2Flists.example%2Fa.csv%3Fx%3D1%26y%3D2#lists');
    expect(subscribeOfferSuffix({ kind: 'fires', serverUrl: 'https://fires.example', datasetId: DATASET })).toBe(`?subscribe=${encodeURIComponent(DATASET)}#lists`);
  });
});
