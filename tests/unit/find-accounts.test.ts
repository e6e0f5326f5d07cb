// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { acctFromHref, acctFromText, toAsciiDomain } from '../../utils/dom/acct';
import { findAccounts } from '../../utils/dom/find-accounts';
import { PROFILE_HEADER } from '../../utils/dom/selectors';
import { accountKeys, loadDomFixtures, loadMastodonDomFixtures, parseDom, parseFixture } from './mastodon-dom-fixtures';

const FIXTURES = loadMastodonDomFixtures();
/** Hand-derived 4.2 and 4.3 pages and the pages the real 4.5, 4.6 and glitch clients rendered. */
const ALL_FIXTURES = loadDomFixtures();

/** The multiset difference `a - b` of sorted keys. */
function without(a: string[], b: string[]): string[] {
  const rest = [...b];
  return a.filter((key) => {
    const index = rest.indexOf(key);
    if (index === -1) return true;
    rest.splice(index, 1);
    return false;
  });
}

describe('findAccounts over every Mastodon DOM fixture', () => {
  it('has fixtures of every version to test: 4.2, 4.3, and each page of 4.5, 4.6 and glitch', () => {
    const pages = (version: string) => ALL_FIXTURES.filter((fixture) => fixture.version === version).map((fixture) => fixture.name.replace(/^.*\//, '')).sort();
    expect(FIXTURES.length).toBeGreaterThanOrEqual(4);
    for (const version of ['4.5', '4.6', 'glitch']) {
      expect(pages(version), version).toEqual(['followers.html', 'home.html', 'hover-card.html', 'notifications.html', 'profile.html', 'thread.html']);
    }
  });

  describe.each(ALL_FIXTURES.map((fixture) => [fixture.name, fixture] as const))('%s', (_name, fixture) => {
    const document = parseDom(fixture);
    const localDomain = fixture.localDomain;
    const found = findAccounts(document, { localDomain });
    const foundKeys = accountKeys(found);
    const expectedKeys = accountKeys(fixture.accounts);

    it('finds every expected account with its role', () => {
      expect(without(expectedKeys, foundKeys)).toEqual([]);
    });

    it('finds nothing else (mention actors may be named twice)', () => {
      const extra = without(foundKeys, expectedKeys);
      expect(without(extra, accountKeys(fixture.optional))).toEqual([]);
    });

    it('gives each account its lowercase punycode domain and one element', () => {
      for (const account of found) {
        expect(account.domain).toBe(account.acct.slice(account.acct.lastIndexOf('@') + 1));
        expect(account.domain).toMatch(/^[a-z0-9.-]+$/);
      }
      expect(new Set(found.map((account) => account.element)).size).toBe(found.length);
    });

    it('finds the same elements when each article is searched on its own', () => {
      const articles = [...document.querySelectorAll(`article, .hover-card-controller, ${PROFILE_HEADER}`)];
      const piecewise = articles.flatMap((article) => findAccounts(article, { localDomain }));
      const wholeInArticles = found.filter((account) => articles.some((article) => article.contains(account.element)));
      expect(new Set(piecewise.map((account) => account.element))).toEqual(new Set(wholeInArticles.map((account) => account.element)));
    });

    it('ignores mentions inside post text', () => {
      for (const mention of document.querySelectorAll('.status__content a')) {
        expect(found.some((account) => account.element === mention)).toBe(false);
      }
    });
  });
});

describe('the traps the fixtures README lists', () => {
  const home42 = FIXTURES.find((fixture) => fixture.file === 'home-4.2.html');
  const home43 = FIXTURES.find((fixture) => fixture.file === 'home-4.3.html');

  it('gives local accounts the local domain from the initial state, not the page host', () => {
    if (home42 === undefined) throw new Error('home-4.2.html is missing');
    const found = findAccounts(parseFixture(home42), { localDomain: 'Social.Example' });
    expect(found.filter((account) => account.acct === 'alice@social.example').map((account) => account.role).sort()).toEqual(['account', 'author', 'booster']);
  });

  it('turns the IDN homograph into punycode and keeps the username case', () => {
    if (home43 === undefined) throw new Error('home-4.3.html is missing');
    const found = findAccounts(parseFixture(home43), { localDomain: 'social.example' });
    expect(found.find((account) => account.role === 'hover-card')).toMatchObject({ acct: 'frank@xn--80ak6aa92e.com', domain: 'xn--80ak6aa92e.com' });
    expect(found.some((account) => account.acct === 'Gus_Writer@blog.example.net')).toBe(true);
  });

  it('does not take a 4.2 self-reply label for a boost', () => {
    if (home42 === undefined) throw new Error('home-4.2.html is missing');
    const document = parseFixture(home42);
    const labels = [...document.querySelectorAll('.status__prepend')].filter((prepend) => prepend.querySelector('.fa-retweet') === null);
    expect(labels.length).toBeGreaterThan(0);
    const found = findAccounts(document, { localDomain: 'social.example' });
    for (const label of labels) expect(found.some((account) => label.contains(account.element))).toBe(false);
  });

  it('names each actor of a grouped notification once', () => {
    if (home43 === undefined) throw new Error('home-4.3.html is missing');
    const group = parseFixture(home43).querySelector('.notification-group--favourite');
    if (group === null) throw new Error('no favourite group');
    expect(accountKeys(findAccounts(group, { localDomain: 'social.example' }))).toEqual(['notification bob@threads.net', 'notification dana@sub.example.org']);
  });
});

describe('what the real clients render', () => {
  const captured = (name: string) => {
    const fixture = ALL_FIXTURES.find((candidate) => candidate.name === name);
    if (fixture === undefined) throw new Error(`${name} is missing`);
    return { document: parseDom(fixture), localDomain: fixture.localDomain };
  };

  it('glitch: takes a post author from the link title, not from its address on the account\'s own server', () => {
    const { document, localDomain } = captured('glitch-4.6.5/profile.html');
    const author = document.querySelector('a.status__display-name[href="https://www.threads.net/@bob"]');
    expect(author?.getAttribute('title')).toBe('@bob@threads.net');
    expect(findAccounts(document, { localDomain }).find((account) => account.element === author)).toMatchObject({ role: 'author', acct: 'bob@threads.net', domain: 'threads.net' });
  });

  it('glitch: takes a hover card\'s account from its display name, the only place that names it', () => {
    const { document, localDomain } = captured('glitch-4.6.5/hover-card.html');
    const name = document.querySelector('.hover-card a.hover-card__name');
    expect(name?.hasAttribute('title')).toBe(false);
    expect(findAccounts(document, { localDomain }).filter((account) => account.role === 'hover-card')).toEqual([
      { element: name, acct: 'dana@sub.example.org', domain: 'sub.example.org', role: 'hover-card' },
    ]);
  });

  it.each(['v4.6.5/profile.html', 'glitch-4.6.5/profile.html'])('%s: reads the redesigned header\'s handle, @user@domain', (name) => {
    const { document, localDomain } = captured(name);
    const header = document.querySelector('._comp_account_header__nameWrapper');
    expect(header?.querySelector('._comp_account_header__handleHelpButton')?.textContent).toBe('@bob@threads.net');
    expect(findAccounts(document, { localDomain }).filter((account) => account.role === 'profile')).toEqual([
      { element: header, acct: 'bob@threads.net', domain: 'threads.net', role: 'profile' },
    ]);
  });

  it('4.6: names each follower once, from the one link of its list item', () => {
    const { document, localDomain } = captured('v4.6.5/followers.html');
    const items = [...document.querySelectorAll('._comp_account_list_item__wrapper')];
    expect(items.length).toBeGreaterThan(5);
    const found = findAccounts(document, { localDomain }).filter((account) => account.role === 'account' && account.element.closest('article') !== null);
    expect(found.map((account) => account.element.closest('._comp_account_list_item__wrapper'))).toEqual(items);
  });
});

describe('markup of versions not in the fixtures', () => {
  const local = { localDomain: 'social.example' };
  function parse(html: string): Document {
    return new DOMParser().parseFromString(`<body><div id="mastodon">${html}</div></body>`, 'text/html');
  }

  it('finds a 4.5 quoted post and its quoting post', () => {
    const document = parse(
      '<div class="status status--has-quote" data-id="1"><div class="status__info"><a class="status__display-name" title="@carol@mastodon.social" href="/@carol@mastodon.social">Carol</a></div>' +
        '<div class="status__quote"><div class="status status--is-quote" data-id="2"><div class="status__info"><a class="status__display-name" title="@frank@аррӏе.com" href="/@frank@аррӏе.com">Frank</a></div></div></div></div>',
    );
    expect(accountKeys(findAccounts(document, local))).toEqual(['author carol@mastodon.social', 'quoted frank@xn--80ak6aa92e.com']);
  });

  it('finds the actor named in an ungrouped notification header and the 4.5 avatar group', () => {
    const document = parse(
      '<div class="notification-ungrouped notification-ungrouped--status"><h2 class="notification-ungrouped__header"><span><a href="/@bob@threads.net"><bdi>Bob</bdi></a> just posted</span></h2>' +
        '<div class="status" data-id="3"><div class="status__info"><a class="status__display-name" href="/@bob@threads.net">Bob</a></div></div></div>' +
        '<div class="notification-group"><div class="avatar-group"><a href="/@dana@sub.example.org" data-hover-card-account="4"></a></div><div class="notification-group__main__header__label"><a href="/@dana@sub.example.org">Dana</a> favourited</div></div>',
    );
    expect(accountKeys(findAccounts(document, local))).toEqual(['author bob@threads.net', 'notification bob@threads.net', 'notification dana@sub.example.org']);
  });

  it('finds the focused post of a thread', () => {
    const document = parse('<div class="detailed-status"><a class="detailed-status__display-name" href="/@lee">Lee</a><div class="status__content"><a href="/@bob@threads.net">@bob</a></div></div>');
    expect(accountKeys(findAccounts(document, local))).toEqual(['author lee@social.example']);
  });
});

describe('acct parsing', () => {
  it.each([
    ['/@bob@threads.net', 'bob@threads.net'],
    ['/@alice', 'alice@social.example'],
    ['/@frank@аррӏе.com', 'frank@xn--80ak6aa92e.com'],
    ['/@frank@%D0%B0%D1%80%D1%80%D3%8F%D0%B5.com', 'frank@xn--80ak6aa92e.com'],
    ['/@Gus_Writer@Blog.Example.NET', 'Gus_Writer@blog.example.net'],
  ])('reads %s as %s', (href, acct) => {
    expect(acctFromHref(href, 'social.example')?.acct).toBe(acct);
  });

  it.each(['/@bob/123', '/@bob@threads.net/followers', 'https://other.example/@erin', '/@', '/@a@b@c', '/@bob@bad host', '/@x@%E0%A4%A'])('rejects %s', (href) => {
    expect(acctFromHref(href, 'social.example')).toBeNull();
  });

  it('reads profile header texts', () => {
    expect(acctFromText(' @bob@threads.net ', 'social.example')).toEqual({ acct: 'bob@threads.net', domain: 'threads.net' });
    expect(acctFromText('@demo', 'social.example')).toEqual({ acct: 'demo@social.example', domain: 'social.example' });
  });

  it('converts Unicode domains', () => {
    expect(toAsciiDomain('аррӏе.com.')).toBe('xn--80ak6aa92e.com');
    expect(toAsciiDomain('')).toBeNull();
  });
});
