// @vitest-environment happy-dom
/**
 * Hedge's window for a block asked for on a Mastodon page (components/PageBlockConfirm.tsx): whom it
 * cuts, by picture, name and handle linked to the profile; Confirm and Cancel each send one intent
 * and close the window; a refusal stays in words and the window stays open.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { PageBlockConfirm } from '../../../components/PageBlockConfirm';
import type { PageBlockConfirmationView } from '../../../utils/protocol';
import { recordingSend } from './fixtures';
import { useLocale } from './locale';

beforeEach(() => useLocale('en'));
afterEach(cleanup);

const person = (name: string, acct: string) => ({ acct, displayName: name, url: `https://threads.net/@${acct.split('@')[0]}`, avatar: `https://social.example/avatars/${name}.png` });

const VIEW: PageBlockConfirmationView = {
  domain: 'threads.net',
  account: 'demo@social.example',
  followingCount: 2,
  followersCount: 1,
  groups: [
    {
      domain: 'threads.net',
      followingCount: 2,
      followersCount: 1,
      following: [person('Bob', 'bob@threads.net'), person('<img src=x onerror=alert(1)>', 'zuck@threads.net')],
      followers: [person('Jo Writes', 'jo_writes@threads.net')],
    },
  ],
};

function renderWindow(answers: Parameters<typeof recordingSend>[0]) {
  const { send, sent } = recordingSend({ 'hedge/page-block-confirmation': () => ({ ok: true, value: VIEW }), ...answers });
  const onClose = vi.fn();
  render(<PageBlockConfirm planId="plan-1" send={send} onClose={onClose} />);
  return { sent, onClose };
}

describe('the confirmation window of a page’s block', () => {
  it('names whom the block cuts, both sides, with pictures and profile links, names as text', async () => {
    renderWindow({});
    expect(await screen.findByRole('heading', { name: 'Block threads.net?' })).toBeTruthy();
    expect(screen.getByText(/signed in as @demo@social\.example\. Blocking threads\.net removes 2 accounts you follow and 1 follower/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Jo Writes @jo_writes@threads.net' }).getAttribute('href')).toBe('https://threads.net/@jo_writes');
    expect(document.querySelectorAll('img.lost-account__avatar')).toHaveLength(3);
    expect(screen.getByText('<img src=x onerror=alert(1)>')).toBeTruthy();
  });

  it.each([
    ['Block threads.net', 'hedge/confirm-page-block', { domain: 'threads.net', outcome: 'queued', message: 'Hedge is blocking threads.net.' }],
    ['Cancel', 'hedge/cancel-page-block', null],
  ] as const)('%s sends its one intent and closes the window', async (button, type, value) => {
    const { sent, onClose } = renderWindow({ [type]: () => ({ ok: true, value }) });
    fireEvent.click(await screen.findByRole('button', { name: button }));
    await waitFor(() => expect(onClose).toHaveBeenCalledTimes(1));
    expect(sent.map((intent) => intent.type)).toEqual(['hedge/page-block-confirmation', type]);
    expect(sent[1]).toEqual({ type, planId: 'plan-1' });
  });

  it('keeps the window open with the refusal in words', async () => {
    const { onClose } = renderWindow({
      'hedge/confirm-page-block': () => ({ ok: false, error: { kind: 'busy', message: 'Another browser signed in to this account is applying changes to it right now.' } }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Block threads.net' }));
    expect(await screen.findByText('Another browser signed in to this account is applying changes to it right now.')).toBeTruthy();
    expect(onClose).not.toHaveBeenCalled();
  });

  it('says when the block is no longer waiting, and offers Close', async () => {
    const { onClose } = renderWindow({
      'hedge/page-block-confirmation': () => ({ ok: false, error: { kind: 'not-found', message: 'This plan is no longer current. Open the preview again.' } }),
    });
    expect(await screen.findByText('This plan is no longer current. Open the preview again.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Block threads.net' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});
