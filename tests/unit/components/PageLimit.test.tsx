// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { Popup } from '../../../components/Popup';
import type { HedgeState } from '../../../utils/protocol';
import { NOW, SIGNED_IN_STATE, recordingSend } from './fixtures';
import { useLocale } from './locale';

beforeEach(() => useLocale('en'));
afterEach(cleanup);

function renderPopup(state: HedgeState, pageUrl: string | null, answers: Parameters<typeof recordingSend>[0] = {}) {
  const { send, sent } = recordingSend(answers);
  render(<Popup state={state} send={send} requestPermission={vi.fn(async () => true)} openOptions={vi.fn()} now={NOW} pageUrl={pageUrl} />);
  return { sent };
}

const BOB = 'https://mastodon.social/@bob@threads.net';

describe('the popup on a Mastodon page of the signed-in server', () => {
  it('offers to limit the domain of the remote account shown, and sends only that domain', async () => {
    const { sent } = renderPopup(SIGNED_IN_STATE, BOB, { 'hedge/own-limit': () => ({ ok: true, value: { domain: 'threads.net' } }) });
    expect(screen.getByRole('region', { name: 'On this page' }).textContent).toContain('threads.net');
    expect(screen.getByText('Its posts are collapsed in Mastodon’s web page behind a notice; nothing is sent to your server.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Limit this domain' }));
    await waitFor(() => expect(sent).toEqual([{ type: 'hedge/own-limit', domain: 'threads.net', action: 'add' }]));
  });

  it('says when the user limits it already, and offers to stop', async () => {
    const { sent } = renderPopup({ ...SIGNED_IN_STATE, ownLimits: ['threads.net'] }, BOB, { 'hedge/own-limit': () => ({ ok: true, value: { domain: 'threads.net' } }) });
    expect(screen.getByText('You limit this domain: its posts are collapsed.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Stop limiting' }));
    await waitFor(() => expect(sent).toEqual([{ type: 'hedge/own-limit', domain: 'threads.net', action: 'remove' }]));
  });

  it('shows the background’s refusal in words', async () => {
    renderPopup(SIGNED_IN_STATE, BOB, {
      'hedge/own-limit': () => ({ ok: false, error: { kind: 'invalid-input', message: 'threads.net could not be limited.' } }),
    });
    fireEvent.click(screen.getByRole('button', { name: 'Limit this domain' }));
    await waitFor(() => expect(screen.getByText('threads.net could not be limited.')).toBeTruthy());
  });

  it.each([
    ['another server’s page', 'https://fosstodon.org/@bob@threads.net'],
    ['a local account', 'https://mastodon.social/@alice'],
    ['the home timeline', 'https://mastodon.social/home'],
    ['a tab Hedge may not read', null],
  ])('offers nothing on %s', (_name, url) => {
    renderPopup(SIGNED_IN_STATE, url);
    expect(screen.queryByRole('region', { name: 'On this page' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Limit this domain' })).toBeNull();
  });
});
