// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { OptionsApp } from '../../../components/OptionsApp';
import type { FiresServerView, HedgeState, Reply, SubscriptionView } from '../../../utils/protocol';
import { SIGNED_IN_STATE, recordingSend } from './fixtures';
import { useLocale } from './locale';

beforeEach(() => useLocale('en'));
afterEach(cleanup);

const SERVER: FiresServerView = {
  origin: 'https://fires.example',
  datasets: [
    { id: 'https://fires.example/datasets/dni', name: 'Example DNI', summary: 'The worst <strong>servers</strong>', entryCount: 4, labels: ['Hate Speech', 'CSAM'] },
    { id: 'https://fires.example/datasets/spam', name: 'Example spam', entryCount: null, labels: [] },
  ],
};

const ADDED: SubscriptionView = { ...SIGNED_IN_STATE.subscriptions[0]!, id: 'spam', name: 'Example spam', origin: 'fires', url: 'https://fires.example/datasets/spam', entryCount: 3, labels: ['Spam'] };

function renderLists(state: HedgeState, browse: () => Reply<FiresServerView>) {
  const { send, sent } = recordingSend({
    'hedge/fires-datasets': browse,
    'hedge/subscription-add': () => ({ ok: true, value: ADDED }),
  });
  render(<OptionsApp state={state} send={send} requestPermission={async () => true} copyText={vi.fn(async () => undefined)} section="lists" onSectionChange={vi.fn()} />);
  const card = within(screen.getByRole('region', { name: 'Known lists' })).getByRole('listitem', { name: /^FIRES servers/ });
  return { sent, card };
}

function showDatasets(card: HTMLElement, address: string): void {
  fireEvent.input(within(card).getByLabelText('FIRES server'), { target: { value: address } });
  fireEvent.click(within(card).getByRole('button', { name: 'Show datasets' }));
}

describe('the FIRES card', () => {
  it('lists the server’s datasets with size and labels, as text, and subscribes to one in one click', async () => {
    const { sent, card } = renderLists(SIGNED_IN_STATE, () => ({ ok: true, value: SERVER }));
    showDatasets(card, 'https://fires.example/about');
    const dni = await within(card).findByRole('listitem', { name: 'Example DNI' });
    expect(dni.textContent).toContain('4 entries');
    expect(dni.textContent).toContain('Labels: Hate Speech, CSAM');
    // A server's words are shown as text, never as markup.
    expect(dni.textContent).toContain('The worst <strong>servers</strong>');
    expect(dni.querySelector('strong:not([id])')).toBeNull();
    const spam = within(card).getByRole('listitem', { name: 'Example spam' });
    expect(spam.textContent).toContain('Size not known');
    fireEvent.click(within(spam).getByRole('button', { name: 'Subscribe' }));
    await screen.findByText(/Subscribed to Example spam/);
    expect(sent).toEqual([
      { type: 'hedge/fires-datasets', serverUrl: 'https://fires.example' },
      { type: 'hedge/subscription-add', source: { kind: 'fires', serverUrl: 'https://fires.example', datasetId: 'https://fires.example/datasets/spam' } },
    ]);
  });

  it('marks a dataset already subscribed to', async () => {
    const state = { ...SIGNED_IN_STATE, subscriptions: [...SIGNED_IN_STATE.subscriptions, ADDED] };
    const { card } = renderLists(state, () => ({ ok: true, value: SERVER }));
    showDatasets(card, 'https://fires.example');
    const spam = await within(card).findByRole('listitem', { name: 'Example spam' });
    expect(within(spam).getByRole('button', { name: 'Subscribed' }).hasAttribute('disabled')).toBe(true);
  });

  it.each([
    ['not an address', 'fires', "Type the server's full address, starting with https://.", 0],
    ['the server’s refusal', 'https://mastodon.example', 'https://mastodon.example is a fediverse server but does not speak FIRES.', 1],
  ])('says what is wrong in words: %s', async (_what, address, words, requests) => {
    const { sent, card } = renderLists(SIGNED_IN_STATE, () => ({ ok: false, error: { kind: 'list-error', message: words } }));
    showDatasets(card, address);
    expect((await within(card).findByRole('alert')).textContent).toBe(words);
    expect(sent).toHaveLength(requests);
  });

  it('shows the labels a subscribed list uses on its card', () => {
    renderLists(SIGNED_IN_STATE, () => ({ ok: true, value: SERVER }));
    expect(screen.getByRole('article', { name: 'Garden Fence' }).textContent).toContain('Labels: hate-speech, alt-right');
  });
});
