/**
 * "Subscribe with Hedge" from a Mastodon page, against the local Mastodon: the background reads the
 * address again, opens Options › Lists asking about it, and subscribes nothing itself; anything that
 * is not a list's address, or a page of a server Hedge is not signed in to, is refused in words.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startFakeMastodon, type FakeMastodon } from '../fake-mastodon/index';
import { handleIntent, type HandlerContext, type IntentSender } from '../../utils/background/handlers';
import type { HedgeState, Intent, Reply } from '../../utils/protocol';
import { installFakeScripting, testEnvironment } from './oauth-helpers';

let server: FakeMastodon | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
beforeEach(() => {
  fakeBrowser.reset();
  installFakeScripting();
});

const OPTIONS = 'chrome-extension://test-extension-id/options.html';
const DATASET = 'https://fires.example/datasets/0193a1b2-0000-7000-8000-00000000d502';

async function signedIn() {
  server = await startFakeMastodon({ autoApprove: true });
  const mastodon = server;
  const env = testEnvironment();
  const send = async (intent: Intent, sender: IntentSender = { isContentScript: false }): Promise<Reply<unknown>> => {
    const context: HandlerContext = { env, sender, onStateChanged: async () => undefined };
    return JSON.parse(JSON.stringify(await handleIntent(intent, context))) as Reply<unknown>;
  };
  const signIn = await send({ type: 'hedge/sign-in', instance: mastodon.url });
  expect(signIn.ok).toBe(true);
  const fromPage = (url: unknown, origin = mastodon.url) => send({ type: 'hedge/subscribe-from-page', url } as Intent, { isContentScript: true, origin });
  // The fake browser starts with one blank tab.
  const openTabs = async () => (await fakeBrowser.tabs.query({})).flatMap((tab) => (tab.url === undefined ? [] : [tab.url]));
  return { mastodon, send, fromPage, openTabs };
}

describe('Subscribe with Hedge from a page', () => {
  it.each([
    ['a list file', 'https://lists.example/blocklist.csv', 'https://lists.example/blocklist.csv'],
    ['a FIRES dataset, without its fragment', `${DATASET}#labels`, DATASET],
  ])('opens Options › Lists asking about %s, and subscribes nothing', async (_what, url, asked) => {
    const { mastodon, send, fromPage, openTabs } = await signedIn();
    const requestsBefore = mastodon.state.requests.length;
    expect(await fromPage(url)).toEqual({ ok: true, value: { outcome: 'opened' } });
    expect(await openTabs()).toContain(`${OPTIONS}?subscribe=${encodeURIComponent(asked)}#lists`);
    const state = (await send({ type: 'hedge/get-state' })) as Reply<HedgeState>;
    expect(state.ok && state.value.subscriptions).toEqual([]);
    expect(mastodon.state.requests.slice(requestsBefore)).toEqual([]);
  });

  it.each([
    ['a post', 'https://social.example/@alice/113312345678901234', 'This link is not a list file (.csv, .txt or .json) or a FIRES dataset.'],
    ['a script', 'javascript:alert(1)//.csv', 'Hedge reads lists only from web addresses (https://).'],
    ['inline data', 'data:text/csv,evil.example', 'Hedge reads lists only from web addresses (https://).'],
    ['no address', 'lists.csv', 'Hedge can only subscribe to the web address of a list file or a FIRES dataset.'],
    ['not text', { href: 'https://lists.example/a.csv' }, 'Hedge can only subscribe to the web address of a list file or a FIRES dataset.'],
    ['a very long address', `https://lists.example/${'a'.repeat(3000)}.csv`, 'This address is too long to be a list’s address.'],
  ])('refuses %s in words and opens nothing', async (_what, url, message) => {
    const { fromPage, openTabs } = await signedIn();
    expect(await fromPage(url)).toEqual({ ok: false, error: { kind: 'invalid-input', message } });
    expect(await openTabs()).toEqual([]);
  });

  it('refuses a page of a server Hedge is not signed in to', async () => {
    const { fromPage, openTabs } = await signedIn();
    const reply = await fromPage('https://lists.example/blocklist.csv', 'https://elsewhere.example');
    expect(reply).toEqual({ ok: false, error: { kind: 'not-signed-in', message: 'Hedge is not signed in on this server.' } });
    expect(await openTabs()).toEqual([]);
  });
});
