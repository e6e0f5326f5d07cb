// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { VerdictSnapshot } from '../../utils/core/verdict-snapshot';
import { broadcastFor, pageActionRequest, isSendableDomain, type ContentRuntime } from '../../utils/dom/content-intents';
import { readLocalDomain, runContentScript } from '../../utils/dom/content-script';
import { findAccounts } from '../../utils/dom/find-accounts';
import { STYLESHEET_ID } from '../../utils/dom/styles';
import { loadMastodonDomFixtures, type MastodonDomFixture } from './mastodon-dom-fixtures';
import { useLocale } from './components/locale';
import { userClick } from './helpers/user-click';

// The marks' words come from public/_locales through browser.i18n.
beforeEach(() => useLocale('en'));

const FIXTURES = loadMastodonDomFixtures();

/** What a real initial state holds besides `meta.domain` (app/serializers/initial_state_serializer.rb). */
const SECRET_TOKEN = 'ZA-Yj3aBD8U8Cm7lKUp-lm9O9BmDgdhHzDeqsY8tlL0';
const SECRET_EMAIL = 'demo@mail.social.example';

/** Moves the test page to `url` (happy-dom's own API: the page's origin is what the script compares). */
function setPageUrl(url: string): void {
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(url);
}

/** Loads a fixture as the page, at its URL, with a token and an email in its initial state as on a real server. */
function loadPage(fixture: MastodonDomFixture): void {
  setPageUrl(fixture.expected.url);
  const parsed = new DOMParser().parseFromString(fixture.html, 'text/html');
  const script = parsed.querySelector('script#initial-state');
  if (script === null) throw new Error(`${fixture.file} has no initial state`);
  const state = JSON.parse(script.textContent ?? '') as { meta: Record<string, unknown> };
  state.meta.access_token = SECRET_TOKEN;
  Object.assign(state, { accounts: { 1: { email: SECRET_EMAIL } }, compose: { me: '1' } });
  script.textContent = JSON.stringify(state);
  document.head.replaceChildren(...[...parsed.head.childNodes].map((node) => document.importNode(node, true)));
  document.body.replaceWith(document.importNode(parsed.body, true));
}

const SNAPSHOT: VerdictSnapshot = {
  version: 1,
  exact: { 'threads.net': ['l', 'Threads · meta'], 'sub.example.org': ['i', 'Garden Fence · bots'] },
  server: {},
  serverDigests: {},
};

/** A runtime that answers like the background and records every message the page sends. */
function fakeRuntime(answers: { snapshot?: () => unknown; block?: (domain: string) => unknown } = {}) {
  const sent: unknown[] = [];
  const listeners = new Set<(message: unknown) => void>();
  const runtime: ContentRuntime = {
    async sendMessage(message) {
      sent.push(structuredClone(message));
      const intent = message as { type: string; domain?: string };
      if (intent.type === 'hedge/get-verdict-snapshot') {
        return answers.snapshot?.() ?? { ok: true, value: { origin: location.origin, snapshot: SNAPSHOT } };
      }
      if (intent.type === 'hedge/block-domain-from-page') {
        return answers.block?.(intent.domain ?? '') ?? { ok: true, value: { domain: intent.domain, outcome: 'queued', message: `Review blocking ${intent.domain} in Hedge.` } };
      }
      return { ok: false, error: { kind: 'denied', message: 'Not for content scripts.' } };
    },
    onMessage: { addListener: (listener) => void listeners.add(listener), removeListener: (listener) => void listeners.delete(listener) },
  };
  return { runtime, sent, listeners, broadcast: (message: unknown) => listeners.forEach((listener) => listener(message)) };
}

/** Marking may continue over a few frames (utils/dom/observer.ts): waits until every account on the page is marked. */
async function marksSettled(): Promise<void> {
  const localDomain = readLocalDomain(document) ?? '';
  await vi.waitFor(() => expect(document.querySelectorAll('[data-hedge-verdict]')).toHaveLength(findAccounts(document.body, { localDomain }).length));
}

let controller = new AbortController();
afterEach(() => {
  controller.abort();
  controller = new AbortController();
});

describe('where it runs', () => {
  it('does nothing on a page that is not the Mastodon web app', async () => {
    setPageUrl('https://blog.example/');
    document.documentElement.innerHTML = '<head></head><body><div id="app"><a href="/@bob@threads.net">Bob</a></div></body>';
    const before = document.documentElement.outerHTML;
    const { runtime, sent, listeners } = fakeRuntime();
    expect(readLocalDomain(document)).toBeNull();
    await expect(runContentScript({ document, runtime, signal: controller.signal })).resolves.toBe('not-mastodon');
    expect(sent).toEqual([]);
    expect(listeners.size).toBe(0);
    expect(document.documentElement.outerHTML).toBe(before);
  });

  it('reads the local domain, and nothing else, from the initial state', () => {
    const fixture = FIXTURES[0];
    if (fixture === undefined) throw new Error('no fixtures');
    loadPage(fixture);
    expect(readLocalDomain(document)).toBe('social.example');
  });

  it.each([
    ['{"meta":{"domain":"Социальная.example"}}', 'xn--80aawnkcu5b5c6a.example'],
    ['{"meta":{}}', null],
    ['not json', null],
    ['null', null],
    ['{"meta":{"domain":42}}', null],
  ])('reads %s as %s', (text, domain) => {
    document.documentElement.innerHTML = `<head></head><body><div id="mastodon"></div><script id="initial-state" type="application/json"></script></body>`;
    const script = document.querySelector('#initial-state');
    if (script !== null) script.textContent = text;
    expect(readLocalDomain(document)).toBe(domain);
  });
});

describe.each(FIXTURES.map((fixture) => [fixture.file, fixture] as const))('on %s', (_file, fixture) => {
  it('marks the page from the background’s snapshot and sends nothing but domains', async () => {
    loadPage(fixture);
    const { runtime, sent } = fakeRuntime();
    await expect(runContentScript({ document, runtime, signal: controller.signal })).resolves.toBe('running');
    await marksSettled();
    expect(document.getElementById(STYLESHEET_ID)).not.toBeNull();
    expect(document.querySelectorAll('.hedge-badge[data-hedge-kind="limited"]').length).toBeGreaterThan(0);

    for (const button of document.querySelectorAll<HTMLButtonElement>('button.hedge-action')) userClick(button);
    for (const toggle of document.querySelectorAll<HTMLButtonElement>('.hedge-notice button')) toggle.click();
    await vi.waitFor(() => expect(sent.length).toBeGreaterThan(0));

    expect(sent[0]).toEqual({ type: 'hedge/get-verdict-snapshot' });
    for (const message of sent) {
      const text = JSON.stringify(message);
      expect(text).not.toContain(SECRET_TOKEN);
      expect(text).not.toContain(SECRET_EMAIL);
      const { type, domain, ...rest } = message as { type: string; domain?: string };
      expect(rest).toEqual({});
      expect(['hedge/get-verdict-snapshot', 'hedge/block-domain-from-page', 'hedge/limit-domain-from-page']).toContain(type);
      if (type !== 'hedge/get-verdict-snapshot') expect(isSendableDomain(domain ?? '')).toBe(true);
      else expect(domain).toBeUndefined();
    }
  });

  it('removes every mark and the stylesheet when the user signs out on this server', async () => {
    loadPage(fixture);
    const before = document.body.innerHTML;
    const { runtime, broadcast } = fakeRuntime();
    await runContentScript({ document, runtime, signal: controller.signal });
    await marksSettled();
    expect(document.body.innerHTML).not.toBe(before);

    broadcast({ type: 'hedge/signed-out', origin: 'https://elsewhere.example' });
    expect(document.querySelectorAll('.hedge-badge').length).toBeGreaterThan(0);
    broadcast({ type: 'hedge/signed-out', origin: location.origin });
    expect(document.body.innerHTML).toBe(before);
    expect(document.getElementById(STYLESHEET_ID)).toBeNull();
  });
});

describe('following the background', () => {
  const fixture = FIXTURES.find((candidate) => candidate.file === 'home-4.3.html');
  if (fixture === undefined) throw new Error('home-4.3.html is missing');

  it('asks again when the verdicts change, and marks with the new ones', async () => {
    loadPage(fixture);
    let snapshot: VerdictSnapshot = SNAPSHOT;
    const { runtime, sent, broadcast } = fakeRuntime({ snapshot: () => ({ ok: true, value: { origin: location.origin, snapshot } }) });
    await runContentScript({ document, runtime, signal: controller.signal });
    await marksSettled();
    expect(document.querySelectorAll('.hedge-badge[data-hedge-kind="blocked"]')).toHaveLength(0);

    snapshot = { ...SNAPSHOT, exact: { 'threads.net': ['b', 'Threads · meta'] } };
    broadcast({ type: 'hedge/verdicts-changed', origin: location.origin });
    await vi.waitFor(() => expect(document.querySelectorAll('.hedge-badge[data-hedge-kind="blocked"]').length).toBeGreaterThan(0));
    expect(document.querySelectorAll('[data-hedge-collapsed]')).toHaveLength(0);
    expect(sent.filter((message) => (message as { type: string }).type === 'hedge/get-verdict-snapshot')).toHaveLength(2);
  });

  it('marks nothing where Hedge is not signed in, and ignores verdicts for another origin', async () => {
    loadPage(fixture);
    const before = document.body.innerHTML;
    const refusing = fakeRuntime({ snapshot: () => ({ ok: false, error: { kind: 'not-signed-in', message: 'Hedge is not signed in on this server.' } }) });
    await runContentScript({ document, runtime: refusing.runtime, signal: controller.signal });
    expect(document.body.innerHTML).toBe(before);

    const foreign = fakeRuntime({ snapshot: () => ({ ok: true, value: { origin: 'https://elsewhere.example', snapshot: SNAPSHOT } }) });
    await runContentScript({ document, runtime: foreign.runtime, signal: controller.signal });
    expect(document.body.innerHTML).toBe(before);
  });

  it('survives a background that cannot be reached', async () => {
    loadPage(fixture);
    const before = document.body.innerHTML;
    const { runtime } = fakeRuntime({
      snapshot: () => {
        throw new Error('Could not establish connection. Receiving end does not exist.');
      },
    });
    await expect(runContentScript({ document, runtime, signal: controller.signal })).resolves.toBe('running');
    expect(document.body.innerHTML).toBe(before);
  });

  it('leaves nothing behind when its context ends (extension updated)', async () => {
    loadPage(fixture);
    const before = document.body.innerHTML;
    const { runtime, listeners } = fakeRuntime();
    await runContentScript({ document, runtime, signal: controller.signal });
    expect(listeners.size).toBe(1);
    controller.abort();
    expect(listeners.size).toBe(0);
    expect(document.body.innerHTML).toBe(before);
    expect(document.getElementById(STYLESHEET_ID)).toBeNull();
  });

  it('shows the background’s refusal next to the action', async () => {
    loadPage(fixture);
    const { runtime } = fakeRuntime({ block: () => ({ ok: false, error: { kind: 'busy', message: 'Hedge is applying another plan. Try again when it is done.' } }) });
    await runContentScript({ document, runtime, signal: controller.signal });
    await marksSettled();
    userClick(document.querySelector<HTMLButtonElement>('.hover-card button.hedge-action'));
    await vi.waitFor(() => expect(document.querySelector('.hover-card .hedge-action-row__status')?.textContent).toBe('Hedge is applying another plan. Try again when it is done.'));
  });
});

describe('messages', () => {
  it.each(['hedge/block-domain-from-page', 'hedge/limit-domain-from-page'] as const)('refuses to build %s for anything but a domain', (type) => {
    for (const bad of ['', 'Threads.net', 'threads.net/path', 'a b.example', '<script>.example', 'localhost', 'аррӏе.com']) {
      expect(() => pageActionRequest(type, bad)).toThrow(/not a domain/);
    }
    expect(pageActionRequest(type, 'xn--80ak6aa92e.com')).toEqual({ type, domain: 'xn--80ak6aa92e.com' });
  });

  it('hears only broadcasts for its own origin', () => {
    const origin = 'https://social.example';
    expect(broadcastFor({ type: 'hedge/signed-out', origin }, origin)).not.toBeNull();
    expect(broadcastFor({ type: 'hedge/verdicts-changed', origin }, origin)).not.toBeNull();
    expect(broadcastFor({ type: 'hedge/verdicts-changed', origin: 'https://other.example' }, origin)).toBeNull();
    expect(broadcastFor({ type: 'hedge/get-state' }, origin)).toBeNull();
    expect(broadcastFor(null, origin)).toBeNull();
  });
});
