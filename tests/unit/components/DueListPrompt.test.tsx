// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { DueListPrompt } from '../../../components/DueListPrompt';
import { SubscriptionCard } from '../../../components/SubscriptionCard';
import type { DueListView, HedgeError, IntentOf, IntentType, SubscriptionView } from '../../../utils/protocol';
import { formatDate } from '../../../utils/ui/format';
import { NOW, recordingSend } from './fixtures';
import { useLocale } from './locale';

beforeEach(() => useLocale('en'));
afterEach(cleanup);

const DUE: DueListView = {
  subscriptionId: 'fence',
  name: 'Garden Fence',
  addedAt: NOW - 31 * 24 * 60 * 60_000,
  domains: ['a.example.social', 'b.example.social'],
  days: 30,
};

describe('the question about a list’s due domains', () => {
  it('names the list, how many and the day they were added; keeping and removing answer for those domains', async () => {
    const { send, sent } = recordingSend({ 'hedge/list-due': () => ({ ok: true, value: null }) });
    render(<DueListPrompt items={[DUE]} send={send} onError={() => undefined} />);
    const region = screen.getByRole('region', { name: 'Domains from your lists are due' });
    expect(region.textContent).toContain(`The 2 domains that Garden Fence added on ${formatDate(DUE.addedAt, 'en')} are due: keep them longer, or remove them.`);
    expect(within(region).getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      expect.stringContaining('a.example.social'),
      expect.stringContaining('b.example.social'),
    ]);
    fireEvent.click(within(region).getByRole('button', { name: 'Keep for another 30 days' }));
    fireEvent.click(within(region).getByRole('button', { name: 'Remove them' }));
    await waitFor(() =>
      expect(sent).toEqual([
        { type: 'hedge/list-due', subscriptionId: 'fence', domains: DUE.domains, action: 'keep' },
        { type: 'hedge/list-due', subscriptionId: 'fence', domains: DUE.domains, action: 'remove' },
      ]),
    );
  });

  it('shows nothing when nothing is due, and says a refusal in the page’s errors', async () => {
    const { send } = recordingSend({ 'hedge/list-due': () => ({ ok: false, error: { kind: 'invalid-input', message: 'Choose to keep the domains or to remove them.' } }) });
    const errors: HedgeError[] = [];
    const { container } = render(<DueListPrompt items={undefined} send={send} onError={(error) => errors.push(error)} />);
    expect(container.textContent).toBe('');
    cleanup();
    render(<DueListPrompt items={[{ ...DUE, domains: ['a.example.social'], days: 1 }]} send={send} onError={(error) => errors.push(error)} />);
    expect(screen.getByRole('region').textContent).toContain('The domain that Garden Fence added on');
    fireEvent.click(screen.getByRole('button', { name: 'Keep for another 1 day' }));
    await waitFor(() => expect(errors.map((error) => error.message)).toEqual(['Choose to keep the domains or to remove them.']));
  });
});

describe('Options › Lists: apply what this list adds for', () => {
  const LIST: SubscriptionView = {
    id: 'fence',
    name: 'Garden Fence',
    origin: 'url',
    url: 'https://lists.example.social/fence.csv',
    silenceAs: 'limit',
    inConsensus: false,
    isAllowlist: false,
    entryCount: 3,
    skippedCount: 0,
    labels: [],
    labelCounts: [],
    labelRules: null,
    lastFetch: null,
  };

  function renderCard(subscription: SubscriptionView) {
    const sent: unknown[] = [];
    const act = async <K extends IntentType>(intent: IntentOf<K>) => {
      sent.push(intent);
      return { ok: true, value: subscription } as never;
    };
    render(<SubscriptionCard subscription={subscription} act={act} onUnsubscribe={() => undefined} />);
    return { sent, picker: screen.getByLabelText('Apply what this list adds for') as HTMLSelectElement };
  }

  it.each<[string, string, Record<string, unknown>]>([
    ['30 days, then ask me again', '30', { applyForDays: 30 }],
    ['some days, then ask me again (14 first)', 'custom', { applyForDays: 14 }],
  ])('%s', async (_name, value, fields) => {
    const { sent, picker } = renderCard(LIST);
    expect(picker.value).toBe('always');
    expect([...picker.options].map((option) => option.text)).toEqual(['Always', '30 days, then ask me again', 'Some days, then ask me again']);
    fireEvent.change(picker, { target: { value } });
    await waitFor(() => expect(sent).toEqual([{ type: 'hedge/subscription-update', subscriptionId: 'fence', ...fields }]));
  });

  it('a list with its own number of days shows it, and "always" clears it', async () => {
    const { sent, picker } = renderCard({ ...LIST, applyForDays: 7 });
    expect(picker.value).toBe('custom');
    const days = screen.getByLabelText('Days') as HTMLInputElement;
    expect(days.value).toBe('7');
    fireEvent.change(days, { target: { value: '10' } });
    fireEvent.change(picker, { target: { value: 'always' } });
    await waitFor(() =>
      expect(sent).toEqual([
        { type: 'hedge/subscription-update', subscriptionId: 'fence', applyForDays: 10 },
        { type: 'hedge/subscription-update', subscriptionId: 'fence', applyForDays: null },
      ]),
    );
    expect(screen.queryByLabelText('Days')).toBeNull();
  });
});
