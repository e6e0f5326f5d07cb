// @vitest-environment happy-dom
/**
 * The GoToSocial content script on GoToSocial's own thread page, as its templates render it
 * (tests/fake-mastodon/other-servers.ts `gotosocialPage`, after web/template/status_header.tmpl).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { VerdictSnapshot } from '../../utils/core/verdict-snapshot';
import type { ContentRuntime } from '../../utils/dom/content-intents';
import { findGotosocialAuthors, runGotosocialScript } from '../../utils/dom/gotosocial-page';
import { COLLAPSED_ATTRIBUTE } from '../../utils/dom/marks';
import { STYLESHEET_ID } from '../../utils/dom/styles';
import { gotosocialPage } from '../fake-mastodon/other-servers';
import { useLocale } from './components/locale';
import { userClick } from './helpers/user-click';

beforeEach(() => useLocale('en'));

const ORIGIN = 'https://gts.example';

const SNAPSHOT: VerdictSnapshot = {
  version: 1,
  exact: { 'threads.net': ['b', 'Block Threads'], 'noisy.social': ['m', ''] },
  server: {},
  serverDigests: {},
};

function loadPage(html = gotosocialPage()): void {
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(`${ORIGIN}/@demo/statuses/01J0`);
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  document.head.replaceChildren();
  document.body.replaceWith(document.importNode(parsed.body, true));
}

/** A runtime that answers the site's verdicts like the background, and lets a test broadcast. */
function fakeRuntime(answer: () => unknown = () => ({ ok: true, value: { origin: ORIGIN, snapshot: SNAPSHOT } })) {
  const sent: unknown[] = [];
  const listeners = new Set<(message: unknown) => void>();
  const runtime: ContentRuntime = {
    async sendMessage(message) {
      sent.push(structuredClone(message));
      return answer();
    },
    onMessage: { addListener: (listener) => listeners.add(listener), removeListener: (listener) => listeners.delete(listener) },
  };
  const broadcast = (message: unknown): void => listeners.forEach((listener) => listener(message));
  return { runtime, sent, broadcast, listeners };
}

const badges = (): Array<[string, string]> =>
  [...document.querySelectorAll('.hedge-badge')].map((badge) => [badge.closest('article')?.id ?? '', badge.textContent ?? '']);

describe('findGotosocialAuthors', () => {
  it('finds the remote authors of the posts and leaves the server’s own accounts out', () => {
    loadPage();
    expect(findGotosocialAuthors(document).map((found) => [found.acct, found.domain, found.role])).toEqual([
      ['zuck@threads.net', 'threads.net', 'author'],
      ['carol@noisy.social', 'noisy.social', 'author'],
      ['dave@friendly.social', 'friendly.social', 'author'],
    ]);
  });

  it.each([
    ['a Unicode domain, as punycode', '@anna@bücher.example', 'bücher.example', ['xn--bcher-kva.example']],
    ['text that is no acct', '@not an acct', 'x', []],
    ['an empty nickname', '', 'x', []],
  ])('reads %s', (_name, nickname, _domain, expected) => {
    loadPage(`<body><article class="status"><header class="status-header"><address class="p-author h-card"><a class="u-url" href="https://x"><span class="p-nickname">${nickname}</span></a></address></header></article></body>`);
    expect(findGotosocialAuthors(document).map((found) => found.domain)).toEqual(expected);
  });

  it('ignores mentions and links outside a post’s header', () => {
    loadPage(`<body><article class="status"><div class="status-body"><a class="u-url mention" href="https://threads.net/@zuck"><span class="p-nickname">@zuck@threads.net</span></a></div></article></body>`);
    expect(findGotosocialAuthors(document)).toEqual([]);
  });
});

describe('runGotosocialScript', () => {
  it('asks for its page’s verdicts only, marks the blocked author and collapses the limited one', async () => {
    loadPage();
    const { runtime, sent } = fakeRuntime();
    await runGotosocialScript({ document, runtime, signal: new AbortController().signal });

    expect(sent).toEqual([{ type: 'hedge/get-site-verdicts' }]);
    expect(badges()).toEqual([
      ['01J1', 'Blocked'],
      ['01J2', 'Limited'],
    ]);
    expect(document.getElementById(STYLESHEET_ID)).not.toBeNull();
    expect(document.getElementById('hedge-marks-gotosocial')?.textContent).toContain('prefers-color-scheme: light');
    const limited = document.getElementById('01J2');
    expect(limited?.getAttribute(COLLAPSED_ATTRIBUTE)).toBe('true');
    expect(limited?.querySelector('.hedge-notice__text')?.textContent).toBe('Your own limit: a post from noisy.social.');
    // No action: GoToSocial has no personal domain blocks, and the page may not ask for any.
    expect(document.querySelector('.hedge-action')).toBeNull();

    userClick(limited?.querySelector<HTMLButtonElement>('.hedge-notice__toggle') ?? null);
    expect(limited?.getAttribute(COLLAPSED_ATTRIBUTE)).toBe('false');
  });

  it('marks nothing when the background does not mark this server, or answers for another origin', async () => {
    for (const answer of [
      () => ({ ok: false, error: { kind: 'not-signed-in', message: 'Hedge does not mark this server’s pages.' } }),
      () => ({ ok: true, value: { origin: 'https://other.example', snapshot: SNAPSHOT } }),
      () => undefined,
    ]) {
      loadPage();
      await runGotosocialScript({ document, runtime: fakeRuntime(answer).runtime, signal: new AbortController().signal });
      expect(badges()).toEqual([]);
    }
  });

  it('marks again on new verdicts, keeps a shown post shown, and clears everything when told', async () => {
    loadPage();
    let snapshot = SNAPSHOT;
    const { runtime, broadcast } = fakeRuntime(() => ({ ok: true, value: { origin: ORIGIN, snapshot } }));
    await runGotosocialScript({ document, runtime, signal: new AbortController().signal });
    userClick(document.getElementById('01J2')?.querySelector<HTMLButtonElement>('.hedge-notice__toggle') ?? null);

    snapshot = { ...SNAPSHOT, exact: { ...SNAPSHOT.exact, 'friendly.social': ['i', 'Garden Fence'] } };
    broadcast({ type: 'hedge/verdicts-changed', origin: ORIGIN });
    await expect.poll(badges).toEqual([
      ['01J1', 'Blocked'],
      ['01J2', 'Limited'],
      ['01J3', 'Listed'],
    ]);
    expect(document.getElementById('01J2')?.getAttribute(COLLAPSED_ATTRIBUTE)).toBe('false');

    // Another origin's broadcast is not this page's.
    broadcast({ type: 'hedge/signed-out', origin: 'https://other.example' });
    expect(badges()).toHaveLength(3);
    broadcast({ type: 'hedge/signed-out', origin: ORIGIN });
    expect(badges()).toEqual([]);
    expect(document.querySelector('[data-hedge-collapsed]')).toBeNull();
  });

  it('leaves alone the marks of a page it does not mark (a Mastodon page of the same host, whose own script marks it)', async () => {
    loadPage();
    const foreign = document.createElement('span');
    foreign.className = 'hedge-badge';
    foreign.setAttribute('data-hedge-own', '');
    document.getElementById('01J1')?.append(foreign);
    const controller = new AbortController();
    const { runtime, broadcast } = fakeRuntime(() => ({ ok: false, error: { kind: 'not-signed-in', message: 'Hedge does not mark this server’s pages.' } }));
    await runGotosocialScript({ document, runtime, signal: controller.signal });
    broadcast({ type: 'hedge/signed-out', origin: ORIGIN });
    controller.abort();
    expect(foreign.isConnected).toBe(true);
    expect(document.getElementById(STYLESHEET_ID)).toBeNull();
  });

  it('leaves the page as GoToSocial rendered it when its signal aborts', async () => {
    loadPage();
    const before = document.body.innerHTML;
    const controller = new AbortController();
    const { runtime, listeners } = fakeRuntime();
    await runGotosocialScript({ document, runtime, signal: controller.signal });
    controller.abort();
    expect(document.body.innerHTML).toBe(before);
    expect(document.getElementById(STYLESHEET_ID)).toBeNull();
    expect(document.getElementById('hedge-marks-gotosocial')).toBeNull();
    expect(listeners.size).toBe(0);
  });
});
