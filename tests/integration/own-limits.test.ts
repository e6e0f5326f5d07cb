/**
 * The user's own limit of a domain through the background's intents, against the local Mastodon:
 * from a Mastodon page ("Limit domain with Hedge") and from the extension's pages (Options and the
 * popup). The limit is stored per account, reaches the verdicts the page marks with, and sends
 * nothing to the server. Sources stored before limits existed keep working.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startFakeMastodon, type FakeMastodon } from '../fake-mastodon/index';
import { handleIntent, type HandlerContext, type IntentSender } from '../../utils/background/handlers';
import { accountRunEnvironment } from '../../utils/background/run-environment';
import { configureRuns } from '../../utils/background/runs/environment';
import { addOwnLimit } from '../../utils/background/own-limits';
import { getAccountSources, sourcesItem } from '../../utils/background/sources';
import type { VerdictSnapshot } from '../../utils/core/verdict-snapshot';
import type { AccountView, HedgeState, Intent, Reply, VerdictSnapshotReply } from '../../utils/protocol';
import { installFakeScripting, testEnvironment } from './oauth-helpers';

let server: FakeMastodon | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
beforeEach(() => {
  fakeBrowser.reset();
  installFakeScripting();
  configureRuns(accountRunEnvironment());
});

async function signedIn() {
  server = await startFakeMastodon({ autoApprove: true });
  const mastodon = server;
  let broadcasts = 0;
  const env = testEnvironment();
  const reply = async <T>(intent: Intent, sender: IntentSender = { isContentScript: false }): Promise<Reply<T>> => {
    const context: HandlerContext = { env, sender, onStateChanged: async () => void (broadcasts += 1) };
    return JSON.parse(JSON.stringify(await handleIntent(intent, context))) as Reply<T>;
  };
  const send = async <T>(intent: Intent, sender?: IntentSender): Promise<T> => {
    const answer = await reply<T>(intent, sender);
    if (!answer.ok) throw new Error(`${intent.type} failed: ${answer.error.message}`);
    return answer.value;
  };
  const account = await send<AccountView>({ type: 'hedge/sign-in', instance: mastodon.url });
  const page: IntentSender = { isContentScript: true, origin: mastodon.url };
  const exact = async (): Promise<VerdictSnapshot['exact']> =>
    ((await send<VerdictSnapshotReply>({ type: 'hedge/get-verdict-snapshot' }, page)).snapshot as VerdictSnapshot).exact;
  const writes = () => mastodon.state.requests.filter((request) => request.path.startsWith('/api/v1/domain_blocks') && request.method !== 'GET');
  return { mastodon, account, page, reply, send, exact, writes, broadcasts: () => broadcasts };
}

describe('Limit domain with Hedge from a Mastodon page', () => {
  it('stores the limit, marks the domain limited as the user’s own, and sends nothing to the server', async () => {
    const w = await signedIn();
    const answer = await w.send({ type: 'hedge/limit-domain-from-page', domain: 'pawoo.net' }, w.page);
    expect(answer).toEqual({ domain: 'pawoo.net', outcome: 'limited', message: 'You limit pawoo.net: its posts are collapsed here, and nothing was sent to your server.' });
    expect((await w.exact())['pawoo.net']).toEqual(['m', '']);
    expect((await w.send<HedgeState>({ type: 'hedge/get-state' })).ownLimits).toEqual(['pawoo.net']);
    expect(w.writes()).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(w.broadcasts()).toBeGreaterThan(0);
  });

  it.each<[string, unknown, string]>([
    ['text that is not a domain', 'not a domain', 'contains spaces or characters a domain name cannot have'],
    ['no domain at all', 42, 'Hedge needs a domain.'],
  ])('refuses %s in words and stores nothing', async (_name, domain, words) => {
    const w = await signedIn();
    const answer = await w.reply({ type: 'hedge/limit-domain-from-page', domain } as Intent, w.page);
    expect(answer.ok).toBe(false);
    if (!answer.ok) expect(answer.error.message).toContain(words);
    expect((await getAccountSources(w.account.key)).limit).toEqual([]);
  });

  it('refuses the user’s own server in words', async () => {
    await expect(addOwnLimit({ key: 'https://home.social#1', localDomain: 'Home.Social' }, 'home.social')).rejects.toThrow(
      'home.social is your own server: Hedge does not limit it.',
    );
    expect((await getAccountSources('https://home.social#1')).limit).toEqual([]);
  });

  it('is refused from a page of a server Hedge is not signed in to', async () => {
    const w = await signedIn();
    const answer = await w.reply({ type: 'hedge/limit-domain-from-page', domain: 'pawoo.net' }, { isContentScript: true, origin: 'https://evil.example' });
    expect(answer.ok).toBe(false);
    expect((await getAccountSources(w.account.key)).limit).toEqual([]);
  });

  it('a content script may not use the pages’ own intent', async () => {
    const w = await signedIn();
    const answer = await w.reply({ type: 'hedge/own-limit', domain: 'pawoo.net', action: 'add' }, w.page);
    expect(answer.ok).toBe(false);
    if (!answer.ok) expect(answer.error.kind).toBe('denied');
  });
});

describe('Limited by you, from the extension’s pages', () => {
  it('adds in lowercase punycode, removes only the user’s own limit, and never writes to the server', async () => {
    const w = await signedIn();
    expect(await w.send({ type: 'hedge/own-limit', domain: ' Pawoo.NET ', action: 'add' })).toEqual({ domain: 'pawoo.net' });
    expect(await w.send({ type: 'hedge/own-limit', domain: 'аррӏе.com', action: 'add' })).toEqual({ domain: 'xn--80ak6aa92e.com' });
    expect((await w.send<HedgeState>({ type: 'hedge/get-state' })).ownLimits).toEqual(['pawoo.net', 'xn--80ak6aa92e.com']);
    expect((await w.send<HedgeState>({ type: 'hedge/get-state' })).counts.limited).toBe(2);

    await w.send({ type: 'hedge/own-limit', domain: 'pawoo.net', action: 'remove' });
    expect((await w.exact())['pawoo.net']).toBeUndefined();
    expect((await w.send<HedgeState>({ type: 'hedge/get-state' })).ownLimits).toEqual(['xn--80ak6aa92e.com']);
    expect(w.writes()).toEqual([]);
  });

  it('a block wins: a domain always blocked and limited stays blocked', async () => {
    const w = await signedIn();
    await w.send({ type: 'hedge/manual-entry', domain: 'pawoo.net', list: 'always-block', action: 'add' });
    await w.send({ type: 'hedge/own-limit', domain: 'pawoo.net', action: 'add' });
    expect((await w.exact())['pawoo.net']?.[0]).toBe('b');
  });

  it.each<[string, Intent, string]>([
    ['a blank field', { type: 'hedge/own-limit', domain: '  ', action: 'add' }, 'Hedge needs a domain.'],
    ['a reserved name', { type: 'hedge/own-limit', domain: 'example.com', action: 'add' }, 'example.com'],
    ['an address', { type: 'hedge/own-limit', domain: 'https://a b/', action: 'add' }, ''],
    ['an unknown action', { type: 'hedge/own-limit', domain: 'pawoo.net', action: 'toggle' } as unknown as Intent, ''],
  ])('refuses %s in words', async (_name, intent, words) => {
    const w = await signedIn();
    const answer = await w.reply(intent);
    expect(answer.ok).toBe(false);
    if (!answer.ok) {
      expect(answer.error.kind).toBe('invalid-input');
      expect(answer.error.message).toContain(words);
      expect(answer.error.message.length).toBeGreaterThan(10);
    }
    expect((await getAccountSources(w.account.key)).limit).toEqual([]);
  });
});

describe('sources stored before limits existed', () => {
  it('migrate to an empty list of limits, keeping every other entry', async () => {
    await fakeBrowser.storage.local.set({
      accountSources: { 'https://home.social#1': { presets: ['threads'], alwaysBlock: ['bad.example.social'], neverBlock: ['friend.example.org'] } },
      accountSources$: { v: 1 },
    });
    await sourcesItem.migrate();
    expect(await sourcesItem.getValue()).toEqual({
      'https://home.social#1': { presets: ['threads'], alwaysBlock: ['bad.example.social'], neverBlock: ['friend.example.org'], limit: [] },
    });
  });

  it('read as limiting nothing even when the migration has not run', async () => {
    await fakeBrowser.storage.local.set({ accountSources: { 'https://home.social#1': { presets: [], alwaysBlock: ['bad.example.social'], neverBlock: [] } } });
    expect(await getAccountSources('https://home.social#1')).toEqual({ presets: [], alwaysBlock: ['bad.example.social'], neverBlock: [], limit: [] });
  });
});
