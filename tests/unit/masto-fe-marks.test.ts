// @vitest-environment happy-dom
/**
 * What Hedge finds and marks on the Mastodon front end Akkoma and Pleroma can serve at /web
 * (masto-fe, a glitch-soc fork), on the hand-derived page of tests/fixtures/masto-fe (its README
 * gives the source read). Each account the page shows is one row: the role Hedge finds it in, or
 * `null` with the reason it is not found.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { VerdictSnapshot } from '../../utils/core/verdict-snapshot';
import type { ContentRuntime } from '../../utils/dom/content-intents';
import { readLocalDomain, runContentScript } from '../../utils/dom/content-script';
import { findAccounts, type AccountRole } from '../../utils/dom/find-accounts';
import { COLLAPSED_ATTRIBUTE, VERDICT_ATTRIBUTE } from '../../utils/dom/marks';
import { useLocale } from './components/locale';

beforeEach(() => useLocale('en'));

const LOCAL_DOMAIN = 'social.example';

interface Row {
  /** Where the page shows the account. */
  place: string;
  /** The element naming it in the fixture. */
  selector: string;
  acct: string;
  /** The role Hedge finds it in; null: not found. */
  role: AccountRole | null;
  /** Why, for accounts Hedge does not find. */
  why?: string;
}

interface Page {
  file: string;
  /** Where masto-fe shows it on Akkoma (under /web). */
  url: string;
  /** Every account the page shows, in document order. */
  rows: Row[];
}

const BOOST_LINE = 'masto-fe’s line above the post (components/status_prepend.jsx) names the account only by its display name, linked to its page on its own server; the acct is only in the post’s data-boosted-by / data-favourited-by attribute, which Hedge does not read';
const OWN_CARD = 'the card’s links carry neither a title nor a display name with the acct (features/compose/components/navigation_bar.jsx); Mastodon’s own card is not marked either';
const MENTION = 'a mention in a post’s text names no account of the post, as on Mastodon';

const PAGES: Page[] = [
  {
    file: 'home-multi-column.html',
    url: 'https://social.example/web/@bob@threads.net',
    rows: [
      { place: 'compose drawer: the signed-in user’s card', selector: '.navigation-bar a.avatar', acct: 'demo@social.example', role: null, why: OWN_CARD },
      { place: 'Home: a local post’s author', selector: '[data-id="AbLocal0001"] a.status__display-name', acct: 'alice@social.example', role: 'author' },
      { place: 'Home: a mention in that post', selector: '[data-id="AbLocal0001"] a.mention', acct: 'bob@threads.net', role: null, why: MENTION },
      { place: 'Home: a remote (Threads) post’s author', selector: '[data-id="AbRemote0002"] a.status__display-name', acct: 'bob@threads.net', role: 'author' },
      { place: 'Home: a boost’s booster', selector: '[data-id="AbBoost0003"] .status__prepend a', acct: 'carol@mastodon.social', role: null, why: BOOST_LINE },
      { place: 'Home: the boosted post’s author', selector: '[data-id="AbBoost0003"] .status__info a.status__display-name', acct: 'dana@sub.example.org', role: 'author' },
      { place: 'Notifications: a new follower', selector: 'a.notification__display-name', acct: 'erin@other.example', role: 'notification' },
      { place: 'Notifications: the follower’s account card', selector: '.notification-follow a.account__display-name', acct: 'erin@other.example', role: 'account' },
      { place: 'Notifications: who favourited a post', selector: '[data-id="102"] aside a', acct: 'gus@blog.example.net', role: null, why: BOOST_LINE },
      { place: 'Notifications: the favourited post’s author (the user)', selector: '[data-id="102"] .status__info__account a.status__display-name', acct: 'demo@social.example', role: 'author' },
      { place: 'profile column: the remote profile’s header', selector: '.account__header__tabs__name', acct: 'bob@threads.net', role: 'profile' },
      { place: 'profile column: a link in the bio', selector: '.account__header__content a', acct: 'bobruns@mastodon.social', role: null, why: 'links in a bio name no account of the page, as on Mastodon' },
    ],
  },
  {
    file: 'thread-single-column.html',
    url: 'https://social.example/web/@bob@threads.net/AbRemote0002',
    rows: [
      { place: 'compose panel: the signed-in user’s card', selector: '.navigation-bar a.avatar', acct: 'demo@social.example', role: null, why: OWN_CARD },
      { place: 'thread: the local post replied to', selector: '[data-status-by="@alice"] a.status__display-name', acct: 'alice@social.example', role: 'author' },
      { place: 'thread: the focused (Threads) post’s author', selector: 'a.detailed-status__display-name', acct: 'bob@threads.net', role: 'author' },
      { place: 'thread: a mention in the focused post', selector: '.detailed-status a.mention', acct: 'alice@social.example', role: null, why: MENTION },
      { place: 'thread: a reply’s author', selector: '[data-status-by="@erin@other.example"] a.status__display-name', acct: 'erin@other.example', role: 'author' },
      { place: 'thread: a mention in the reply', selector: '[data-status-by="@erin@other.example"] a.mention', acct: 'bob@threads.net', role: null, why: MENTION },
    ],
  },
];

/** Loads a fixture as the page, at its address. */
function loadPage(page: Page): void {
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(page.url);
  const html = readFileSync(join(import.meta.dirname, '../fixtures/masto-fe', page.file), 'utf8');
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  document.head.replaceChildren(...[...parsed.head.childNodes].map((node) => document.importNode(node, true)));
  document.body.replaceWith(document.importNode(parsed.body, true));
}

function rowElement(row: Row): Element {
  const element = document.querySelector(row.selector);
  if (element === null) throw new Error(`the fixture has no ${row.selector}`);
  return element;
}

describe.each(PAGES.map((page) => [page.file, page] as const))('Hedge on masto-fe (Akkoma’s and Pleroma’s Mastodon front end): %s', (_file, page) => {
  beforeEach(() => loadPage(page));

  it('starts there: the page is shaped like Mastodon’s web app', () => {
    expect(readLocalDomain(document)).toBe(LOCAL_DOMAIN);
  });

  it.each(page.rows.map((row) => [row.place, row] as const))('%s', (_place, row) => {
    const element = rowElement(row);
    const found = findAccounts(document.body, { localDomain: LOCAL_DOMAIN }).find((account) => account.element === element);
    if (row.role === null) {
      expect(row.why).toBeTruthy();
      expect(found).toBeUndefined();
    } else {
      expect(found).toMatchObject({ acct: row.acct, role: row.role });
    }
  });

  it('finds exactly the rows with a role, in document order, and nothing else', () => {
    const found = findAccounts(document.body, { localDomain: LOCAL_DOMAIN }).map(({ element, acct, role }) => ({ element, acct, role }));
    const expected = page.rows.filter((row) => row.role !== null).map((row) => ({ element: rowElement(row), acct: row.acct, role: row.role }));
    expect(found).toEqual(expected);
  });
});

const [HOME] = PAGES as [Page, ...Page[]];

describe('the content script on masto-fe', () => {
  let controller = new AbortController();
  beforeEach(() => loadPage(HOME));
  afterEach(() => {
    controller.abort();
    controller = new AbortController();
  });

  const SNAPSHOT: VerdictSnapshot = {
    version: 1,
    exact: {
      'threads.net': ['l', 'Threads · meta'],
      'sub.example.org': ['b', 'Garden Fence · bots'],
      'mastodon.social': ['i', 'Seirdy’s FediNuke · size'],
      'other.example': ['b', 'Your own entries'],
    },
    server: {},
    serverDigests: {},
  };

  function runtime(): ContentRuntime {
    return {
      async sendMessage(message) {
        if ((message as { type: string }).type === 'hedge/get-verdict-snapshot') return { ok: true, value: { origin: location.origin, snapshot: SNAPSHOT } };
        return { ok: false, error: { kind: 'denied', message: 'Not in this test.' } };
      },
      onMessage: { addListener: () => undefined, removeListener: () => undefined },
    };
  }

  it('marks every account it finds, and the rows it does not find stay unmarked', async () => {
    await expect(runContentScript({ document, runtime: runtime(), signal: controller.signal })).resolves.toBe('running');
    const marked = HOME.rows.filter((row) => row.role !== null);
    await vi.waitFor(() => expect(document.querySelectorAll(`[${VERDICT_ATTRIBUTE}]`)).toHaveLength(marked.length));
    for (const row of HOME.rows) expect(rowElement(row).hasAttribute(VERDICT_ATTRIBUTE), row.place).toBe(row.role !== null);
    // The Threads post is limited: masto-fe's post gets Hedge's notice and is collapsed, as on Mastodon.
    expect(document.querySelector('[data-id="AbRemote0002"] .status > .hedge-notice')).not.toBeNull();
    expect(document.querySelector('[data-id="AbRemote0002"] .status')?.getAttribute(COLLAPSED_ATTRIBUTE)).toBe('true');
    // The boost's booster (mastodon.social, on a list) carries no badge: masto-fe gives Hedge no acct there.
    expect(document.querySelector('[data-id="AbBoost0003"] .status__prepend .hedge-badge')).toBeNull();
    expect(document.querySelectorAll('.hedge-badge').length).toBeGreaterThan(0);
  });
});
