// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { OptionsApp } from '../../../components/OptionsApp';
import type { HedgeState, SubscriptionView } from '../../../utils/protocol';
import { SIGNED_IN_STATE, recordingSend } from './fixtures';
import { useLocale } from './locale';

beforeEach(() => useLocale('en'));
afterEach(cleanup);

const FEDISEER: SubscriptionView = {
  ...SIGNED_IN_STATE.subscriptions[0]!,
  id: 'fediseer',
  name: 'Censures of two servers',
  origin: 'fediseer',
  labels: ['spam', 'racism', 'csam'],
  labelCounts: [['spam', 7], ['racism', 3], ['csam', 1], ['__all_bigots__', 3]],
  labelRules: { byLabel: [['spam', 'ignore']] },
};

function renderCard(subscription: SubscriptionView) {
  const state: HedgeState = { ...SIGNED_IN_STATE, subscriptions: [subscription] };
  const { send, sent } = recordingSend({ 'hedge/subscription-update': () => ({ ok: true, value: subscription }) });
  render(<OptionsApp state={state} send={send} requestPermission={async () => true} copyText={vi.fn(async () => undefined)} section="lists" onSectionChange={vi.fn()} />);
  return { sent, card: screen.getByRole('article', { name: subscription.name }) };
}

describe('choosing by labels on a subscription card', () => {
  it('offers one labelled select per label and group with its count, the choices made, and the help on strongest wins', () => {
    const { card } = renderCard(FEDISEER);
    const details = card.querySelector('details')!;
    expect(within(card).getByText('Choose by labels').tagName).toBe('SUMMARY');
    // A list with choices opens on them.
    expect(details.open).toBe(true);
    expect(details.textContent).toContain('the strongest wins: block, then limit, then only mark, then ignore');
    const spam = within(card).getByLabelText(/^spam · 7 entries/) as HTMLSelectElement;
    expect(spam.value).toBe('ignore');
    expect([...spam.options].map((option) => option.text)).toEqual(['No choice', 'Block', 'Limit', 'Only mark', 'Ignore']);
    expect((within(card).getByLabelText(/^csam · 1 entry$/) as HTMLSelectElement).value).toBe('');
    const group = within(card).getByLabelText(/^All bigotry \(Fediseer’s group: racism, sexism, .*bigotry\) · 3 entries/) as HTMLSelectElement;
    expect(group.value).toBe('');
    const otherwise = within(card).getByLabelText('Entries whose labels have no choice') as HTMLSelectElement;
    expect(otherwise.options[0]!.text).toBe('As the list says');
  });

  it.each<[string, string, string, SubscriptionView['labelRules']]>([
    ['limits a label, keeping the others', 'racism · 3 entries', 'limit', { byLabel: [['spam', 'ignore'], ['racism', 'limit']] }],
    ['blocks a Fediseer group', 'All bigotry', 'block', { byLabel: [['spam', 'ignore'], ['__all_bigots__', 'block']] }],
    ['takes a choice back: no rules left, back to what the list says', 'spam · 7 entries', '', null],
    ['sets what entries without a choice do', 'Entries whose labels have no choice', 'mark', { byLabel: [['spam', 'ignore']], otherwise: 'mark' }],
  ])('%s', async (_name, label, value, labelRules) => {
    const { card, sent } = renderCard(FEDISEER);
    fireEvent.change(within(card).getByLabelText(new RegExp(`^${label.replace(/[()]/g, '\\$&')}`)), { target: { value } });
    await waitFor(() => expect(sent).toEqual([{ type: 'hedge/subscription-update', subscriptionId: 'fediseer', labelRules }]));
  });

  it('a second choice made before the first comes back keeps the first', async () => {
    const { card, sent } = renderCard(FEDISEER);
    fireEvent.change(within(card).getByLabelText(/^racism · 3 entries/), { target: { value: 'limit' } });
    fireEvent.change(within(card).getByLabelText(/^csam · 1 entry$/), { target: { value: 'block' } });
    await waitFor(() => expect(sent).toHaveLength(2));
    expect(sent[1]).toEqual({
      type: 'hedge/subscription-update',
      subscriptionId: 'fediseer',
      labelRules: { byLabel: [['spam', 'ignore'], ['racism', 'limit'], ['csam', 'block']] },
    });
  });

  it('is closed on a list without choices, shows no count a list stored before counts were kept, and is absent for an allowlist or a list without labels', () => {
    const { card } = renderCard({ ...FEDISEER, labelRules: null, labelCounts: [['spam', null]] });
    expect(card.querySelector('details')!.open).toBe(false);
    expect(within(card).getByLabelText('spam')).toBeTruthy();
    cleanup();
    expect(renderCard({ ...FEDISEER, isAllowlist: true }).card.querySelector('details')).toBeNull();
    cleanup();
    expect(renderCard({ ...FEDISEER, labels: [], labelCounts: [] }).card.querySelector('details')).toBeNull();
  });
});
