// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { Popup } from '../../../components/Popup';
import type { HedgeState } from '../../../utils/protocol';
import { ALICE, ALICE_ON_FOSSTODON, NOW, SIGNED_IN_STATE, SIGNED_OUT_STATE, THREADS_ON_PLAN, recordingSend } from './fixtures';
import { useLocale } from './locale';

beforeEach(() => useLocale('en'));
afterEach(cleanup);

/** The background's answers to the intents that record a sign-in the popup may not see end. */
const BACKGROUND_RECORDS: Parameters<typeof recordingSend>[0] = {
  'hedge/sign-in-wanted': () => ({ ok: true, value: null }),
  'hedge/cancel-sign-in': () => ({ ok: true, value: null }),
  'hedge/sign-in-outcome-seen': () => ({ ok: true, value: null }),
};

function renderPopup(state: HedgeState | null, answers: Parameters<typeof recordingSend>[0] = {}, permission = true) {
  const { send, sent } = recordingSend(answers);
  const calls: string[] = [];
  const requestPermission = vi.fn(async (origin: string) => {
    calls.push(`permission ${origin}`);
    return permission;
  });
  const openOptions = vi.fn();
  const wrappedSend = (async (intent: { type: string }) => {
    calls.push(intent.type);
    return send(intent as never);
  }) as typeof send;
  render(<Popup state={state} send={wrappedSend} requestPermission={requestPermission} openOptions={openOptions} now={NOW} />);
  return { sent, calls, requestPermission, openOptions };
}

describe('Popup, signed out', () => {
  it('says it is loading before the first state arrives', () => {
    renderPopup(null);
    expect(screen.getByRole('status').textContent).toBe('Loading…');
  });

  it.each([
    ['mastodon.social', 'https://mastodon.social'],
    ['https://mastodon.social/about', 'https://mastodon.social'],
    ['@alice@hachyderm.io', 'https://hachyderm.io'],
    ['http://127.0.0.1:3000', 'http://127.0.0.1:3000'],
  ])('tells the background, asks for permission on %s, then signs in to %s', async (typed, origin) => {
    const { calls, sent } = renderPopup(SIGNED_OUT_STATE, { ...BACKGROUND_RECORDS, 'hedge/sign-in': () => ({ ok: true, value: ALICE }) });
    fireEvent.input(screen.getByLabelText('Your Mastodon server'), { target: { value: typed } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(sent).toHaveLength(3));
    // The background hears of the sign-in before the prompt, so it can finish it if the popup closes.
    expect(calls).toEqual(['hedge/sign-in-wanted', `permission ${origin}`, 'hedge/sign-in', 'hedge/sign-in-outcome-seen']);
    expect(sent[0]).toEqual({ type: 'hedge/sign-in-wanted', instance: origin });
    expect(sent[1]).toEqual({ type: 'hedge/sign-in', instance: origin });
  });

  it.each([
    ['', 'Type the address of your Mastodon server, for example mastodon.social.'],
    ['not a server', 'That is not a server address. Type it like mastodon.social.'],
    ['http://mastodon.social', 'Hedge only signs in over https://.'],
  ])('explains why %j cannot be used, without asking anything', (typed, message) => {
    const { calls } = renderPopup(SIGNED_OUT_STATE);
    fireEvent.input(screen.getByLabelText('Your Mastodon server'), { target: { value: typed } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.getByRole('alert').textContent).toBe(message);
    expect(calls).toEqual([]);
  });

  it('does not sign in when permission is refused, says why, and drops the wanted sign-in', async () => {
    const { sent } = renderPopup(SIGNED_OUT_STATE, BACKGROUND_RECORDS, false);
    fireEvent.input(screen.getByLabelText('Your Mastodon server'), { target: { value: 'mastodon.social' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Hedge needs your permission to talk to mastodon.social.');
    expect(sent.map((intent) => intent.type)).toEqual(['hedge/sign-in-wanted', 'hedge/cancel-sign-in']);
  });

  it('keeps the server error on screen until dismissed', async () => {
    renderPopup(SIGNED_OUT_STATE, {
      ...BACKGROUND_RECORDS,
      'hedge/sign-in': () => ({
        ok: false,
        error: { kind: 'not-mastodon', message: 'example.org did not answer like a Mastodon server.' },
      }),
    });
    fireEvent.input(screen.getByLabelText('Your Mastodon server'), { target: { value: 'example.org' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('This does not look like a Mastodon server.');
    expect(alert.textContent).toContain('example.org did not answer like a Mastodon server.');
    fireEvent.click(within(alert).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('Popup, signed in', () => {
  it('shows the account, and a switcher only when there are several', async () => {
    renderPopup(SIGNED_IN_STATE);
    expect(screen.getByText('@alice@mastodon.social')).toBeTruthy();
    expect(screen.queryByLabelText('Switch account')).toBeNull();
    cleanup();
    const { sent } = renderPopup(
      { ...SIGNED_IN_STATE, accounts: [ALICE, ALICE_ON_FOSSTODON] },
      { 'hedge/switch-account': () => ({ ok: true, value: null }) },
    );
    fireEvent.change(screen.getByLabelText('Switch account'), { target: { value: ALICE_ON_FOSSTODON.key } });
    await waitFor(() => expect(sent).toEqual([{ type: 'hedge/switch-account', accountKey: ALICE_ON_FOSSTODON.key }]));
  });

  it('shows the status in numbers', () => {
    renderPopup(SIGNED_IN_STATE);
    const status = screen.getByRole('region', { name: 'Status' });
    const value = (term: string) => within(status).getByText(term).nextElementSibling?.textContent;
    expect(value('Lists subscribed')).toBe('1');
    expect(value('Domains blocked by Hedge')).toBe('145');
    expect(value('Limited')).toBe('5');
    expect(value('Last refresh')).toBe('1 hour ago');
    expect(value('Next refresh')).toBe('in 23 hours');
  });

  it.each([
    ['hidden', true],
    ['shown', false],
    [undefined, false],
  ] as const)('says in its status, once, when the server hides which servers it limits or suspends (%s)', (visibility, isSaid) => {
    renderPopup({ ...SIGNED_IN_STATE, ...(visibility === undefined ? {} : { serverBlocksVisibility: visibility }) });
    const status = screen.getByRole('region', { name: 'Status' });
    const sentence = 'Your server does not publish which servers it limits or suspends, so Hedge cannot mark them.';
    expect(within(status).queryAllByText(sentence)).toHaveLength(isSaid ? 1 : 0);
  });

  it('explains "Block Threads" and its impact before anything runs, then confirms', async () => {
    const { sent } = renderPopup(SIGNED_IN_STATE, {
      'hedge/set-preset': () => ({ ok: true, value: THREADS_ON_PLAN }),
      'hedge/confirm-plan': () => ({ ok: true, value: { runId: 'run-1' } }),
    });
    const threads = screen.getByRole('switch', { name: 'Block Threads' });
    expect(threads.getAttribute('aria-checked')).toBe('false');
    fireEvent.click(threads);
    const panel = await screen.findByRole('region', { name: 'Turn on “Block Threads”?' });
    expect(panel.textContent).toContain('Hedge will block 2 domains: threads.net and threads.com.');
    expect(panel.textContent).toContain(
      'You follow 12 accounts on threads.net. Blocking removes those follows; Hedge saves them so you can restore them later.',
    );
    expect(panel.textContent).toContain('3 accounts on threads.net follow you; blocking removes them from your followers.');
    // Two blocks take seconds, not a minute.
    expect(panel.textContent).toContain('This takes about 2 seconds.');
    expect(sent).toEqual([{ type: 'hedge/set-preset', presetId: 'threads', enabled: true }]);
    fireEvent.click(within(panel).getByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Turn on “Block Threads”?' })).toBeNull());
    expect(sent[1]).toEqual({ type: 'hedge/confirm-plan', planId: 'plan-threads-on', excludeDomains: [] });
  });

  it('discards the plan on Cancel and runs nothing', async () => {
    const { sent } = renderPopup(SIGNED_IN_STATE, {
      'hedge/set-preset': () => ({ ok: true, value: THREADS_ON_PLAN }),
      'hedge/discard-plan': () => ({ ok: true, value: null }),
    });
    fireEvent.click(screen.getByRole('switch', { name: 'Block Threads' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.getByRole('switch', { name: 'Block Threads' })).toBeTruthy());
    expect(sent.map((intent) => intent.type)).toEqual(['hedge/set-preset', 'hedge/discard-plan']);
  });

  it('turning a preset off plans the removal of its own blocks only', async () => {
    const { sent } = renderPopup(SIGNED_IN_STATE, {
      'hedge/set-preset': () => ({
        ok: true,
        value: {
          ...THREADS_ON_PLAN,
          planId: 'plan-bluesky-bridge-off',
          add: [],
          remove: [{ ...THREADS_ON_PLAN.add[1]!, domain: 'bsky.brid.gy', change: 'remove', impact: null }],
          operationCount: 1,
        },
      }),
    });
    fireEvent.click(screen.getByRole('switch', { name: 'Block the Bluesky bridge' }));
    const panel = await screen.findByRole('region', { name: 'Turn off “Block the Bluesky bridge”?' });
    expect(panel.textContent).toContain('Hedge will remove 1 block it added: bsky.brid.gy. Blocks you made yourself stay.');
    expect(sent).toEqual([{ type: 'hedge/set-preset', presetId: 'bluesky-bridge', enabled: false }]);
  });

  it('shows a run with done/total, time left, pause and cancel', async () => {
    const { sent } = renderPopup(
      {
        ...SIGNED_IN_STATE,
        run: { runId: 'run-1', accountKey: ALICE.key, done: 120, total: 400, failed: 2, etaMs: 14 * 60_000, isPaused: false },
      },
      { 'hedge/run-control': () => ({ ok: true, value: null }) },
    );
    const progress = screen.getByRole('progressbar', { name: 'Applying changes' });
    expect(progress.getAttribute('value')).toBe('120');
    expect(progress.getAttribute('max')).toBe('400');
    expect(screen.getByText(/120 of 400 done\. 2 failed\. About 14 minutes left\./)).toBeTruthy();
    expect(screen.getByRole('switch', { name: 'Block Threads' }).hasAttribute('disabled')).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Pause' }));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel run' }));
    await waitFor(() => expect(sent).toHaveLength(2));
    expect(sent).toEqual([
      { type: 'hedge/run-control', action: 'pause' },
      { type: 'hedge/run-control', action: 'cancel' },
    ]);
  });

  it('lists refreshes that wait for confirmation, with their reasons and whom they would cut', async () => {
    const bob = { acct: 'bob@threads.net', displayName: 'Bob', url: 'https://www.threads.net/@bob' };
    const { sent, openOptions } = renderPopup(
      {
        ...SIGNED_IN_STATE,
        pendingConfirmations: [{ planId: 'plan-9', accountKey: ALICE.key, reasons: ['It would block 120 domains.'], createdAt: NOW - 7_200_000 }],
      },
      {
        'hedge/confirm-plan': () => ({ ok: true, value: { runId: 'run-2' } }),
        'hedge/plan-lost-accounts': () => ({
          ok: true,
          value: [{ domain: 'threads.net', followingCount: 1, followersCount: 0, following: [bob], followers: [] }],
        }),
      },
    );
    const pending = screen.getByRole('region', { name: '1 refresh waits for you' });
    expect(pending.textContent).toContain('It would block 120 domains.');
    const lost = await within(pending).findByRole('region', { name: 'Whom you would lose' });
    expect(within(lost).getByRole('link', { name: 'Bob @bob@threads.net' }).getAttribute('href')).toBe(bob.url);
    fireEvent.click(within(pending).getByRole('button', { name: 'Review' }));
    expect(openOptions).toHaveBeenCalledWith('preview');
    fireEvent.click(within(pending).getByRole('button', { name: 'Apply' }));
    await waitFor(() =>
      expect(sent).toEqual([
        { type: 'hedge/plan-lost-accounts', planId: 'plan-9' },
        { type: 'hedge/confirm-plan', planId: 'plan-9', excludeDomains: [] },
      ]),
    );
  });

  it('asks to sign in again when the server signed the account out', () => {
    renderPopup({ ...SIGNED_IN_STATE, accounts: [{ ...ALICE, status: 'signed-out-by-server' }] });
    expect(screen.getByText(/Your server signed @alice@mastodon\.social out of Hedge/)).toBeTruthy();
    expect((screen.getByLabelText('Your Mastodon server') as HTMLInputElement).value).toBe('https://mastodon.social');
  });

  it('speaks German when the browser does', async () => {
    useLocale('de');
    renderPopup(SIGNED_IN_STATE, { 'hedge/set-preset': () => ({ ok: true, value: THREADS_ON_PLAN }) });
    expect(screen.getByRole('button', { name: 'Einstellungen' })).toBeTruthy();
    fireEvent.click(screen.getByRole('switch', { name: 'Threads blockieren' }));
    const panel = await screen.findByRole('region', { name: '„Threads blockieren“ einschalten?' });
    expect(panel.textContent).toContain('Du folgst 12 Konten auf threads.net.');
  });
});

describe('Popup, the avatar', () => {
  // The browser shows the popup at its load event, which waits for the page's pictures: a remote
  // avatar asked for before would hold the popup back.
  afterEach(() => {
    delete (document as { readyState?: DocumentReadyState }).readyState;
  });

  it('is asked for from the server only once the page has loaded', async () => {
    Object.defineProperty(document, 'readyState', { value: 'loading', configurable: true });
    const { container } = render(<Popup state={SIGNED_IN_STATE} send={recordingSend({}).send} requestPermission={async () => true} openOptions={() => undefined} now={NOW} />);
    const avatar = container.querySelector('img.account-bar__avatar')!;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(avatar.getAttribute('src')).toBeNull();

    Object.defineProperty(document, 'readyState', { value: 'complete', configurable: true });
    window.dispatchEvent(new Event('load'));
    await waitFor(() => expect(avatar.getAttribute('src')).toBe(ALICE.avatarUrl));
  });

  it('is asked for at once when the page has already loaded', async () => {
    const { container } = render(<Popup state={SIGNED_IN_STATE} send={recordingSend({}).send} requestPermission={async () => true} openOptions={() => undefined} now={NOW} />);
    await waitFor(() => expect(container.querySelector('img.account-bar__avatar')!.getAttribute('src')).toBe(ALICE.avatarUrl));
  });
});

describe('Popup, a sign-in under way', () => {
  const PERMISSION_WORDS = 'Allow Hedge to reach mastodon.social in the prompt your browser shows.';
  const CONSENT_WORDS = 'Approve Hedge in the window your server opened.';

  it('says what is pending: the browser’s prompt first, then the server’s window', async () => {
    const { send } = recordingSend({ ...BACKGROUND_RECORDS, 'hedge/sign-in': () => new Promise(() => undefined) as never });
    let grant: (isGranted: boolean) => void = () => undefined;
    const requestPermission = () => new Promise<boolean>((resolve) => (grant = resolve));
    render(<Popup state={SIGNED_OUT_STATE} send={send} requestPermission={requestPermission} openOptions={vi.fn()} now={NOW} />);
    fireEvent.input(screen.getByLabelText('Your Mastodon server'), { target: { value: 'mastodon.social' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.getByRole('status').textContent).toBe(PERMISSION_WORDS);
    grant(true);
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe(CONSENT_WORDS));
    expect(screen.getByText('Hedge keeps signing you in to mastodon.social even if this window closes.')).toBeTruthy();
  });

  it.each([
    ['permission', 'signed out', SIGNED_OUT_STATE, PERMISSION_WORDS],
    ['consent', 'signed out', SIGNED_OUT_STATE, CONSENT_WORDS],
    ['permission', 'signed in', SIGNED_IN_STATE, PERMISSION_WORDS],
    ['consent', 'signed in', SIGNED_IN_STATE, CONSENT_WORDS],
  ] as const)('a reopened popup shows the %s phase (%s) and can cancel it', async (phase, _who, state, words) => {
    const pending = { origin: 'https://mastodon.social', host: 'mastodon.social', phase, since: NOW };
    const { sent } = renderPopup({ ...state, signIn: { pending, outcome: null } }, BACKGROUND_RECORDS);
    expect(screen.getByText(words)).toBeTruthy();
    fireEvent.click(screen.getAllByRole('button', { name: 'Cancel' })[0]!);
    await waitFor(() => expect(sent).toEqual([{ type: 'hedge/cancel-sign-in' }]));
  });

  it('a reopened popup shows the account the background signed in, until dismissed', async () => {
    const outcome = { ok: true as const, host: 'mastodon.social', handle: '@alice@mastodon.social', at: NOW };
    const { sent } = renderPopup({ ...SIGNED_IN_STATE, signIn: { pending: null, outcome } }, BACKGROUND_RECORDS);
    expect(screen.getByText('Signed in as @alice@mastodon.social.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(sent).toEqual([{ type: 'hedge/sign-in-outcome-seen' }]));
  });

  it('the popup that signed in shows the account and not the outcome kept for a later popup, even when the state comes before the answer', async () => {
    let answer: (reply: { ok: true; value: typeof ALICE }) => void = () => undefined;
    const { send } = recordingSend({ ...BACKGROUND_RECORDS, 'hedge/sign-in': () => new Promise((resolve) => (answer = resolve)) as never });
    const { rerender } = render(<Popup state={SIGNED_OUT_STATE} send={send} requestPermission={async () => true} openOptions={vi.fn()} now={NOW} />);
    fireEvent.input(screen.getByLabelText('Your Mastodon server'), { target: { value: 'mastodon.social' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(screen.getByText('Approve Hedge in the window your server opened.')).toBeTruthy());
    const outcome = { ok: true as const, host: 'mastodon.social', handle: '@alice@mastodon.social', at: NOW };
    rerender(<Popup state={{ ...SIGNED_IN_STATE, signIn: { pending: null, outcome } }} send={send} requestPermission={async () => true} openOptions={vi.fn()} now={NOW} />);
    expect(screen.queryByText('Signed in as @alice@mastodon.social.')).toBeNull();
    answer({ ok: true, value: ALICE });
    await waitFor(() => expect(screen.getByText('@alice@mastodon.social')).toBeTruthy());
    expect(screen.queryByText('Signed in as @alice@mastodon.social.')).toBeNull();
  });

  it('a reopened popup shows why the background’s sign-in failed, in words', async () => {
    const error = { kind: 'denied' as const, message: 'mastodon.social did not give Hedge access.' };
    const outcome = { ok: false as const, host: 'mastodon.social', error, at: NOW };
    const { sent } = renderPopup({ ...SIGNED_OUT_STATE, signIn: { pending: null, outcome } }, BACKGROUND_RECORDS);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('mastodon.social did not give Hedge access.');
    fireEvent.click(within(alert).getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(sent).toEqual([{ type: 'hedge/sign-in-outcome-seen' }]));
  });

  it('shows a failed sign-in that is also the last error once, and dismissing it clears both', async () => {
    const error = { kind: 'denied' as const, message: 'mastodon.social did not give Hedge access.' };
    const outcome = { ok: false as const, host: 'mastodon.social', error, at: NOW };
    const { sent } = renderPopup(
      { ...SIGNED_IN_STATE, lastError: { ...error, at: NOW }, signIn: { pending: null, outcome } },
      { ...BACKGROUND_RECORDS, 'hedge/dismiss-error': () => ({ ok: true, value: null }) },
    );
    const alerts = screen.getAllByRole('alert').filter((alert) => alert.textContent?.includes(error.message));
    expect(alerts).toHaveLength(1);
    fireEvent.click(within(alerts[0]!).getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(sent).toEqual([{ type: 'hedge/dismiss-error' }, { type: 'hedge/sign-in-outcome-seen' }]));
  });
});
