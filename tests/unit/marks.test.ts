// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { VerdictSnapshot } from '../../utils/core/verdict-snapshot';
import { createContentLookup } from '../../utils/dom/content-lookup';
import { findAccounts, type FoundAccount } from '../../utils/dom/find-accounts';
import { badgeLabel, isMarked } from '../../utils/dom/labels';
import { COLLAPSED_ATTRIBUTE, VERDICT_ATTRIBUTE, clearMarks, markAccounts, type MarkContext, type VerdictLookup } from '../../utils/dom/marks';
import { loadDomFixtures, loadMastodonDomFixtures, parseDom, parseFixture } from './mastodon-dom-fixtures';
import { useLocale } from './components/locale';
import { rewriteText } from './helpers/rewrite-text';
import { userClick } from './helpers/user-click';

// The marks' words come from public/_locales through browser.i18n.
beforeEach(() => useLocale('en'));

const FIXTURES = loadMastodonDomFixtures();
/** Hand-derived 4.2 and 4.3 pages and the pages the real 4.5, 4.6 and glitch clients rendered. */
const ALL_FIXTURES = loadDomFixtures();

/** One domain of the fixtures per verdict, so every mark shows up somewhere. */
const SNAPSHOT: VerdictSnapshot = {
  version: 1,
  exact: {
    'threads.net': ['b', 'Threads · meta, surveillance'],
    'sub.example.org': ['l', 'Garden Fence · bots, twitter'],
    'mastodon.social': ['i', 'Seirdy’s FediNuke · size'],
    'example.net': ['b', 'Your own entries'],
  },
  server: { 'xn--80ak6aa92e.com': ['suspend', 'homograph impersonation'], 'misskey.example': ['silence', 'no moderation'] },
  serverDigests: {},
};

function contextFor(lookup: VerdictLookup, overrides: Partial<MarkContext> = {}): MarkContext {
  return { lookup, localDomain: 'social.example', revealed: new Set(), signal: new AbortController().signal, ...overrides };
}

/** A lookup giving every domain but the local one the same verdict. */
function everyone(kind: Parameters<typeof badgeLabel>[0]): VerdictLookup {
  return { lookup: (domain) => (domain === 'social.example' ? { kind: 'none' } : { kind, why: 'A list · a label' }) };
}

function badgeOf(account: FoundAccount): Element | null {
  const candidates = account.element.querySelectorAll('.hedge-badge');
  return candidates.length === 1 ? (candidates[0] ?? null) : null;
}

describe.each(ALL_FIXTURES.map((fixture) => [fixture.name, fixture] as const))('marks on %s', (_name, fixture) => {
  const local = { localDomain: fixture.localDomain };

  it.each(['blocked', 'limited', 'listed', 'server-suspended', 'server-limited', 'parent-blocked'] as const)(
    'puts one %s badge on each found remote account and nowhere else',
    (kind) => {
      const document = parseDom(fixture);
      const found = findAccounts(document, local);
      markAccounts(found, contextFor(everyone(kind)));
      const remote = found.filter((account) => account.domain !== 'social.example');
      const badges = [...document.querySelectorAll('.hedge-badge')];
      expect(badges).toHaveLength(remote.length);
      for (const account of remote) {
        const badge = badgeOf(account);
        expect(badge?.textContent, account.acct).toBe(badgeLabel(kind));
        expect(badge?.getAttribute('data-hedge-kind')).toBe(kind);
      }
      const flagged = new Set(document.querySelectorAll(`[${VERDICT_ATTRIBUTE}]`));
      expect(flagged).toEqual(new Set(found.map((account) => account.element)));
    },
  );

  it('marks each account with the verdict of its domain, tooltip and description naming the lists', () => {
    const document = parseDom(fixture);
    const lookup = createContentLookup(SNAPSHOT);
    const found = findAccounts(document, local);
    markAccounts(found, contextFor(lookup));
    for (const account of found) {
      const verdict = lookup.lookup(account.domain);
      expect(account.element.getAttribute(VERDICT_ATTRIBUTE)).toBe(verdict.kind);
      const badge = badgeOf(account);
      if (!isMarked(verdict.kind)) {
        expect(badge).toBeNull();
        continue;
      }
      expect(badge?.textContent).toBe(badgeLabel(verdict.kind));
      const title = badge?.getAttribute('title') ?? '';
      if (verdict.why !== undefined) expect(title).toContain(verdict.why);
      if (verdict.serverComment !== undefined) expect(title).toContain(verdict.serverComment);
      const describedBy = account.element.getAttribute('aria-describedby') ?? '';
      // The name a hover card is open for keeps the description Mastodon gives it (the card).
      if (describedBy === 'hover-card') continue;
      const description = document.getElementById(describedBy.split(' ').at(-1) ?? '');
      expect(description?.textContent).toBe(title);
      expect(description?.hidden).toBe(true);
    }
  });

  it('collapses the posts of limited domains behind a notice with Show, as a content warning does', () => {
    const document = parseDom(fixture);
    const lookup = createContentLookup(SNAPSHOT);
    const found = findAccounts(document, local);
    const context = contextFor(lookup);
    markAccounts(found, context);
    const limitedPosts = found
      .filter((account) => (account.role === 'author' || account.role === 'quoted') && lookup.lookup(account.domain).kind === 'limited')
      .map((account) => account.element.closest('.status, .detailed-status'));
    // Every post the fixture's expectations attribute to sub.example.org, which the snapshot limits.
    expect(limitedPosts).toHaveLength(fixture.accounts.filter((account) => (account.role === 'author' || account.role === 'quoted') && account.acct.endsWith('@sub.example.org')).length);
    expect(new Set(document.querySelectorAll(`[${COLLAPSED_ATTRIBUTE}]`))).toEqual(new Set(limitedPosts));
    for (const post of limitedPosts) {
      if (post === null) throw new Error('a limited author outside a post');
      expect(post.getAttribute(COLLAPSED_ATTRIBUTE)).toBe('true');
      const notice = post.querySelector(':scope > .hedge-notice');
      expect(notice?.textContent).toContain('Limited by you: a post from sub.example.org (Garden Fence · bots, twitter).');
      expect(notice?.previousElementSibling?.classList.contains('status__info')).toBe(true);
      const toggle = notice?.querySelector('button');
      expect(toggle?.textContent).toBe('Show');
      expect(toggle?.getAttribute('aria-expanded')).toBe('false');

      const opened = vi.fn();
      post.addEventListener('click', opened);
      toggle?.click();
      expect(opened).not.toHaveBeenCalled();
      expect(post.getAttribute(COLLAPSED_ATTRIBUTE)).toBe('false');
      expect(toggle?.textContent).toBe('Hide');
      expect(toggle?.getAttribute('aria-expanded')).toBe('true');
      expect(context.revealed.has(post.getAttribute('data-id') ?? '')).toBe(true);
      toggle?.click();
      expect(post.getAttribute(COLLAPSED_ATTRIBUTE)).toBe('true');
    }
  });

  it('leaves the page exactly as it was after clearing', () => {
    const document = parseDom(fixture);
    const before = document.body.innerHTML;
    const found = findAccounts(document, local);
    markAccounts(found, contextFor(createContentLookup(SNAPSHOT), { blockDomain: async () => ({ isDone: true, message: '' }) }));
    expect(document.body.innerHTML).not.toBe(before);
    clearMarks(document.body);
    expect(document.body.innerHTML).toBe(before);
  });

  it('marks nothing twice when the same accounts are marked again', () => {
    const document = parseDom(fixture);
    const context = contextFor(everyone('listed'));
    markAccounts(findAccounts(document, local), context);
    const once = document.body.innerHTML;
    markAccounts(findAccounts(document, local), context);
    expect(document.body.innerHTML).toBe(once);
  });
});

describe('Block domain with Hedge', () => {
  const profile = FIXTURES.find((fixture) => fixture.file === 'profile-4.3.html');
  const home = FIXTURES.find((fixture) => fixture.file === 'home-4.3.html');

  it('is offered on the profile header and the hover card, for remote domains not yet blocked', () => {
    if (profile === undefined || home === undefined) throw new Error('4.3 fixtures are missing');
    const lookup = everyone('listed');
    const blockDomain = async (): Promise<{ isDone: boolean; message: string }> => ({ isDone: true, message: '' });
    for (const fixture of [profile, home]) {
      const document = parseFixture(fixture);
      const found = findAccounts(document, { localDomain: 'social.example' });
      markAccounts(found, contextFor(lookup, { blockDomain }));
      const offered = [...document.querySelectorAll('button.hedge-action')].map((button) => button.textContent);
      const expected = found
        .filter((account) => (account.role === 'profile' || account.role === 'hover-card') && account.domain !== 'social.example')
        .map((account) => `Block ${account.domain} with Hedge`);
      expect(offered).toEqual(expected);
    }
    const blockedEverywhere = parseFixture(profile);
    markAccounts(findAccounts(blockedEverywhere, { localDomain: 'social.example' }), contextFor(everyone('blocked'), { blockDomain }));
    expect(blockedEverywhere.querySelectorAll('button.hedge-action')).toHaveLength(0);
  });

  it('asks for the block of the profile’s domain and shows the answer', async () => {
    if (profile === undefined) throw new Error('profile-4.3.html is missing');
    const document = parseFixture(profile);
    const blockDomain = vi.fn(async (domain: string) => ({ isDone: true, message: `Blocking ${domain}: review the plan in Hedge.` }));
    markAccounts(findAccounts(document, { localDomain: 'social.example' }), contextFor(everyone('listed'), { blockDomain }));
    const button = document.querySelector<HTMLButtonElement>('.account__header__tabs__name button.hedge-action');
    expect(button?.textContent).toBe('Block threads.net with Hedge');
    userClick(button);
    expect(button?.disabled).toBe(true);
    await vi.waitFor(() => expect(document.querySelector('.hedge-action-row__status')?.textContent).toBe('Blocking threads.net: review the plan in Hedge.'));
    expect(blockDomain).toHaveBeenCalledWith('threads.net');
    expect(document.querySelector('button.hedge-action')).toBeNull();
  });

  it('says why when the background refuses, and lets the user try again', async () => {
    if (profile === undefined) throw new Error('profile-4.3.html is missing');
    const document = parseFixture(profile);
    const blockDomain = async (): Promise<{ isDone: boolean; message: string }> => ({ isDone: false, message: 'Sign in to threads.net’s server first.' });
    markAccounts(findAccounts(document, { localDomain: 'social.example' }), contextFor(everyone('listed'), { blockDomain }));
    const button = document.querySelector<HTMLButtonElement>('button.hedge-action');
    userClick(button);
    await vi.waitFor(() => expect(document.querySelector('.hedge-action-row__status')?.textContent).toBe('Sign in to threads.net’s server first.'));
    expect(button?.disabled).toBe(false);
    expect(button?.textContent).toBe('Block threads.net with Hedge');
  });
  it('ignores clicks a page script makes: only a person’s click asks for a block', async () => {
    if (profile === undefined) throw new Error('profile-4.3.html is missing');
    const document = parseFixture(profile);
    const blockDomain = vi.fn(async () => ({ isDone: false, message: 'Confirm in Hedge’s window.' }));
    markAccounts(findAccounts(document, { localDomain: 'social.example' }), contextFor(everyone('listed'), { blockDomain }));
    const button = document.querySelector<HTMLButtonElement>('button.hedge-action');
    // Two ways a script would click.
    button?.click();
    button?.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(blockDomain).not.toHaveBeenCalled();
    expect(button?.disabled).toBe(false);
    expect(document.querySelector('.hedge-action-row__status')?.textContent).toBe('');
  });
});

describe('Block domain with Hedge on a profile header the client rewrites in place', () => {
  const profile = FIXTURES.find((fixture) => fixture.file === 'profile-4.3.html');
  /** Bob's profile header as the next profile, Carol's on mastodon.social, is written into its text nodes. */
  const CAROL = { 'Bob R.': 'Carol', '@bob': '@carol', '@threads.net': '@mastodon.social', 'threads.net': 'mastodon.social' };

  it('reads the domain from the header at the click: a button left from the profile before sends nothing, and is drawn again for the profile shown', async () => {
    if (profile === undefined) throw new Error('profile-4.3.html is missing');
    const document = parseFixture(profile);
    const blockDomain = vi.fn(async (domain: string) => ({ isDone: false, message: `Blocking ${domain} removes 2 follows. Confirm in Hedge’s window.` }));
    markAccounts(findAccounts(document, { localDomain: 'social.example' }), contextFor(everyone('listed'), { blockDomain }));
    const header = document.querySelector('.account__header__tabs__name');
    expect(header?.querySelector('button.hedge-action')?.textContent).toBe('Block threads.net with Hedge');

    rewriteText(header, CAROL);
    expect(header?.querySelector('small > span')?.textContent).toBe('@carol@mastodon.social');
    userClick(header?.querySelector('button.hedge-action'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(blockDomain).not.toHaveBeenCalled();
    expect(header?.getAttribute('data-hedge-domain')).toBe('mastodon.social');
    const buttons = [...(header?.querySelectorAll('button.hedge-action') ?? [])];
    expect(buttons.map((button) => button.textContent)).toEqual(['Block mastodon.social with Hedge']);

    userClick(buttons[0]);
    await vi.waitFor(() => expect(header?.querySelector('.hedge-action-row__status')?.textContent).toBe('Blocking mastodon.social removes 2 follows. Confirm in Hedge’s window.'));
    expect(blockDomain.mock.calls).toEqual([['mastodon.social']]);
  });

  it('asks nothing for the profile before after a block waits in Hedge’s window', async () => {
    if (profile === undefined) throw new Error('profile-4.3.html is missing');
    const document = parseFixture(profile);
    const blockDomain = vi.fn(async () => ({ isDone: false, message: 'Confirm in Hedge’s window.' }));
    markAccounts(findAccounts(document, { localDomain: 'social.example' }), contextFor(everyone('listed'), { blockDomain }));
    const header = document.querySelector('.account__header__tabs__name');
    userClick(header?.querySelector('button.hedge-action'));
    await vi.waitFor(() => expect(header?.querySelector('.hedge-action-row__status')?.textContent).toBe('Confirm in Hedge’s window.'));
    expect(header?.querySelector('button.hedge-action')?.textContent).toBe('Block threads.net with Hedge');

    rewriteText(header, CAROL);
    userClick(header?.querySelector('button.hedge-action'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(blockDomain.mock.calls).toEqual([['threads.net']]);
    expect(header?.querySelector('button.hedge-action')?.textContent).toBe('Block mastodon.social with Hedge');
  });
});

describe('list text never becomes markup', () => {
  it('shows a hostile reason as text', () => {
    const fixture = FIXTURES[0];
    if (fixture === undefined) throw new Error('no fixtures');
    const document = parseFixture(fixture);
    const hostile = '<img src=x onerror="alert(1)"><b>bold</b>';
    const lookup: VerdictLookup = { lookup: () => ({ kind: 'limited', why: hostile, serverComment: hostile }) };
    const imagesBefore = document.querySelectorAll('img').length;
    markAccounts(findAccounts(document, { localDomain: fixture.expected.local_domain }), contextFor(lookup));
    expect(document.querySelectorAll('img')).toHaveLength(imagesBefore);
    expect(document.querySelectorAll('b')).toHaveLength(0);
    expect(document.querySelector('.hedge-notice__text')?.textContent).toContain(hostile);
  });
});
