// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { MarkedSites } from '../../../components/MarkedSites';
import type { HedgeState, MarkedSiteView } from '../../../utils/protocol';
import { ALICE, SIGNED_IN_STATE, SIGNED_OUT_STATE, recordingSend } from './fixtures';
import { useLocale } from './locale';

beforeEach(() => useLocale('en'));
afterEach(cleanup);

const SITE: MarkedSiteView = { origin: 'https://gts.example', host: 'gts.example', accountKey: ALICE.key, addedAt: 0, hasAccess: true };

function renderSites(state: HedgeState, answers: Parameters<typeof recordingSend>[0] = {}, isGranted = true) {
  const { send, sent } = recordingSend(answers);
  const requestPermission = vi.fn(async () => isGranted);
  render(<MarkedSites state={state} send={send} requestPermission={requestPermission} />);
  return { sent, requestPermission };
}

describe('Options › Accounts › GoToSocial pages', () => {
  it('asks for access to the server in the click, then for the background to mark it with the active account', async () => {
    const { sent, requestPermission } = renderSites(SIGNED_IN_STATE, {
      'hedge/add-marked-site': () => ({ ok: true, value: SITE }),
    });
    fireEvent.input(screen.getByLabelText('GoToSocial server'), { target: { value: '@me@gts.example' } });
    fireEvent.click(screen.getByRole('button', { name: 'Mark its pages' }));
    expect(requestPermission).toHaveBeenCalledWith('https://gts.example');
    await waitFor(() => expect(sent).toEqual([{ type: 'hedge/add-marked-site', address: 'https://gts.example', accountKey: ALICE.key }]));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Hedge now marks the pages of gts.example. Reload its open tabs to see the marks.'));
  });

  it.each([
    ['', 'Type the address of the GoToSocial server, for example gts.example.'],
    ['not a server', 'That is not a server address. Type it like gts.example.'],
    ['http://gts.example', "Hedge only reads servers' pages over https://."],
  ])('refuses %j in words before asking for anything', (typed, words) => {
    const { sent, requestPermission } = renderSites(SIGNED_IN_STATE);
    fireEvent.input(screen.getByLabelText('GoToSocial server'), { target: { value: typed } });
    fireEvent.click(screen.getByRole('button', { name: 'Mark its pages' }));
    expect(screen.getByRole('alert').textContent).toBe(words);
    expect(requestPermission).not.toHaveBeenCalled();
    expect(sent).toEqual([]);
  });

  it('sends nothing when the browser’s access is refused, and says so', async () => {
    const { sent } = renderSites(SIGNED_IN_STATE, {}, false);
    fireEvent.input(screen.getByLabelText('GoToSocial server'), { target: { value: 'gts.example' } });
    fireEvent.click(screen.getByRole('button', { name: 'Mark its pages' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('Hedge needs your permission to read the pages of gts.example'));
    expect(sent).toEqual([]);
  });

  it('lists the marked servers with their account; a server whose access was taken back offers to allow it again', async () => {
    const { sent, requestPermission } = renderSites(
      { ...SIGNED_IN_STATE, markedSites: [SITE, { ...SITE, origin: 'https://other.example', host: 'other.example', hasAccess: false }] },
      { 'hedge/add-marked-site': () => ({ ok: true, value: SITE }), 'hedge/remove-marked-site': () => ({ ok: true, value: null }) },
    );
    expect(screen.getByText(`gts.example, marked with the lists of ${ALICE.handle}`)).toBeTruthy();
    expect(screen.getByText('Hedge may no longer read the pages of other.example, so they are not marked.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Allow again' }));
    expect(requestPermission).toHaveBeenCalledWith('https://other.example');
    await waitFor(() => expect(sent).toContainEqual({ type: 'hedge/add-marked-site', address: 'https://other.example', accountKey: ALICE.key }));
    fireEvent.click(screen.getByRole('button', { name: 'Stop marking gts.example' }));
    await waitFor(() => expect(sent).toContainEqual({ type: 'hedge/remove-marked-site', origin: 'https://gts.example' }));
  });

  it('without an account, says one is needed first and offers no form', () => {
    renderSites(SIGNED_OUT_STATE);
    expect(screen.getByText('Sign in to a Mastodon, Akkoma or Pleroma account first: its lists and entries mark the pages.')).toBeTruthy();
    expect(screen.queryByLabelText('GoToSocial server')).toBeNull();
  });
});
