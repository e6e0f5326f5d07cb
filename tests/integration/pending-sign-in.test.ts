/**
 * A sign-in that survives the popup closing (utils/background/pending-sign-in.ts): the popup says
 * "sign-in wanted", asks for host permission and may close; the background signs in when the grant
 * arrives, shows the phase in the state, and keeps the outcome until a popup has shown it.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startFakeMastodon, type FakeMastodon } from '../fake-mastodon/index';
import { handleIntent, type HandlerContext } from '../../utils/background/handlers';
import { PENDING_SIGN_IN_TTL_MS, registerPendingSignInListener } from '../../utils/background/pending-sign-in';
import type { SignInEnvironment } from '../../utils/background/sign-in';
import { originMatchPattern } from '../../utils/permissions/instance-permission';
import type { AccountView, HedgeState, Intent, Reply } from '../../utils/protocol';
import { httpAuthFlow, installFakeScripting, testEnvironment, type ConsentChoice } from './oauth-helpers';

let server: FakeMastodon | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  vi.restoreAllMocks();
});
beforeEach(() => {
  fakeBrowser.reset();
  installFakeScripting();
});

type GrantListener = (permissions: { origins?: string[] }) => void;

/**
 * The background with its `permissions.onAdded` listener, a clock the test moves, and a consent
 * window that stays open until `approve()`. `sent` counts what the popup sent: after the first
 * intent the popup is gone, and nothing else arrives.
 */
async function backgroundWithGrantListener(choice: ConsentChoice = 'authorize') {
  server = await startFakeMastodon({ version: '4.3' });
  const mastodon = server;
  // The state is built on `Date.now`; the clock the test moves is that one.
  let offset = 0;
  const realNow = Date.now.bind(Date);
  vi.spyOn(Date, 'now').mockImplementation(() => realNow() + offset);
  const seen: string[] = [];
  let approve: () => void = () => undefined;
  const consentOpen = new Promise<void>((resolve) => (approve = resolve));
  let windowsOpened = 0;
  const flow = httpAuthFlow(choice, seen);
  const env: SignInEnvironment = {
    ...testEnvironment(),
    now: () => Date.now(),
    authFlow: () => ({
      redirectUri: flow.redirectUri,
      launch: async (url) => {
        windowsOpened += 1;
        await consentOpen;
        return flow.launch(url);
      },
    }),
  };
  const grantListeners: GrantListener[] = [];
  vi.spyOn(fakeBrowser.permissions.onAdded, 'addListener').mockImplementation(((listener: GrantListener) =>
    void grantListeners.push(listener)) as typeof fakeBrowser.permissions.onAdded.addListener);
  let changes = 0;
  registerPendingSignInListener(env, async () => void (changes += 1));

  const send = async <T>(intent: Intent): Promise<Reply<T>> => {
    const context: HandlerContext = { env, sender: { isContentScript: false }, onStateChanged: async () => undefined };
    return JSON.parse(JSON.stringify(await handleIntent(intent, context))) as Reply<T>;
  };
  const state = async (): Promise<HedgeState> => {
    const reply = await send<HedgeState>({ type: 'hedge/get-state' });
    if (!reply.ok) throw new Error(reply.error.message);
    return reply.value;
  };
  return {
    mastodon,
    send,
    state,
    approve,
    seen,
    windowsOpened: () => windowsOpened,
    changes: () => changes,
    advance: (ms: number) => void (offset += ms),
    /** The browser grants host access, as after the user allowed it in the prompt. */
    grant: (origin: string) => grantListeners.forEach((listener) => listener({ origins: [originMatchPattern(origin)] })),
  };
}

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the background did not get there');
}

describe('a sign-in the background carries on when the popup closes', () => {
  it('shows the permission phase, then the consent phase after the grant, then the signed-in account', async () => {
    const background = await backgroundWithGrantListener();
    const origin = background.mastodon.url;
    const host = new URL(origin).host;
    expect((await background.send({ type: 'hedge/sign-in-wanted', instance: origin })).ok).toBe(true);
    // The popup has closed: from here on only the browser's grant reaches the background.
    expect((await background.state()).signIn).toMatchObject({ pending: { origin, host, phase: 'permission' }, outcome: null });

    background.grant('https://other.example');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(background.windowsOpened()).toBe(0);

    background.grant(origin);
    await until(async () => background.windowsOpened() === 1);
    expect((await background.state()).signIn).toMatchObject({ pending: { origin, phase: 'consent' }, outcome: null });

    background.approve();
    await until(async () => (await background.state()).accounts.length === 1);
    const state = await background.state();
    expect(state.accounts[0]?.handle).toBe('@demo@social.example');
    expect(state.signIn).toMatchObject({ pending: null, outcome: { ok: true, host, handle: '@demo@social.example' } });
    // The pages were told when the phase changed and when the sign-in ended.
    expect(background.changes()).toBeGreaterThanOrEqual(2);
  });

  it('keeps the outcome for the reopened popup until it has been shown', async () => {
    const background = await backgroundWithGrantListener();
    const origin = background.mastodon.url;
    await background.send({ type: 'hedge/sign-in-wanted', instance: origin });
    background.grant(origin);
    background.approve();
    await until(async () => (await background.state()).signIn?.outcome != null);
    expect((await background.state()).signIn?.outcome).toMatchObject({ ok: true });
    expect((await background.state()).signIn?.outcome).toMatchObject({ ok: true });
    expect((await background.send({ type: 'hedge/sign-in-outcome-seen' })).ok).toBe(true);
    expect((await background.state()).signIn).toEqual({ pending: null, outcome: null });
  });

  it('keeps a refusal on the consent page as the outcome, in words', async () => {
    const background = await backgroundWithGrantListener('deny');
    const origin = background.mastodon.url;
    await background.send({ type: 'hedge/sign-in-wanted', instance: origin });
    background.grant(origin);
    background.approve();
    await until(async () => (await background.state()).signIn?.outcome != null);
    const state = await background.state();
    expect(state.accounts).toEqual([]);
    expect(state.signIn?.pending).toBeNull();
    const outcome = state.signIn?.outcome;
    expect(outcome?.ok).toBe(false);
    if (outcome?.ok === false) {
      expect(outcome.error.kind).toBe('denied');
      expect(outcome.error.message.length).toBeGreaterThan(15);
    }
  });

  it('joins the flow the grant started when the popup stayed open and asks too', async () => {
    const background = await backgroundWithGrantListener();
    const origin = background.mastodon.url;
    await background.send({ type: 'hedge/sign-in-wanted', instance: origin });
    background.grant(origin);
    await until(async () => background.windowsOpened() === 1);
    const asked = background.send<AccountView>({ type: 'hedge/sign-in', instance: origin });
    background.approve();
    const reply = await asked;
    expect(reply).toMatchObject({ ok: true, value: { handle: '@demo@social.example' } });
    expect(background.windowsOpened()).toBe(1);
    expect(background.seen).toHaveLength(1);
  });

  it.each([
    ['cancelled from the popup', async (background: Awaited<ReturnType<typeof backgroundWithGrantListener>>) => {
      expect((await background.send({ type: 'hedge/cancel-sign-in' })).ok).toBe(true);
    }],
    ['never granted, and dropped after a while', async (background: Awaited<ReturnType<typeof backgroundWithGrantListener>>) => {
      background.advance(PENDING_SIGN_IN_TTL_MS + 1);
    }],
  ])('a pending sign-in %s is gone from the state, and a later grant signs nothing in', async (_case, end) => {
    const background = await backgroundWithGrantListener();
    const origin = background.mastodon.url;
    await background.send({ type: 'hedge/sign-in-wanted', instance: origin });
    await end(background);
    expect((await background.state()).signIn).toEqual({ pending: null, outcome: null });
    background.grant(origin);
    background.approve();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(background.windowsOpened()).toBe(0);
    expect((await background.state()).accounts).toEqual([]);
  });

  it('refuses a wanted sign-in to something that is not a server address, in words', async () => {
    const background = await backgroundWithGrantListener();
    const reply = await background.send({ type: 'hedge/sign-in-wanted', instance: 'ftp://mastodon.social' });
    expect(reply).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    expect((await background.state()).signIn?.pending).toBeNull();
  });
});
