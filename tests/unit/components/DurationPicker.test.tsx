// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { BlocksSection } from '../../../components/BlocksSection';
import { HistorySection } from '../../../components/HistorySection';
import { OwnLimits } from '../../../components/OwnLimits';
import type { ExpiredEntryView, HedgeState, IntentOf, IntentType } from '../../../utils/protocol';
import { formatDateTime } from '../../../utils/ui/format';
import { NOW, SIGNED_IN_STATE, recordingSend } from './fixtures';
import { useLocale } from './locale';

beforeEach(() => useLocale('en'));
afterEach(cleanup);

const DAY = 24 * 60 * 60_000;
const noError = () => undefined;

function renderBlocks(state: HedgeState) {
  const { send, sent } = recordingSend({ 'hedge/list-blocks': () => ({ ok: true, value: [] }), 'hedge/manual-entry': () => ({ ok: true, value: null }) });
  render(<BlocksSection state={state} send={send} onError={noError} />);
  return { sent: () => sent.filter((intent) => intent.type === 'hedge/manual-entry') };
}

function renderLimits(state: HedgeState) {
  const sent: unknown[] = [];
  const act = async <K extends IntentType>(intent: IntentOf<K>) => {
    sent.push(intent);
    return { ok: true, value: { domain: 'x' } } as never;
  };
  render(<OwnLimits state={state} act={act} />);
  return { sent };
}

describe('how long an entry is kept', () => {
  it.each([
    ['1 day', 'day'],
    ['1 week', 'week'],
    ['1 month', 'month'],
  ])('"always block" for %s sends that duration, and the picker goes back to "until I remove it"', async (label, kind) => {
    const { sent } = renderBlocks(SIGNED_IN_STATE);
    const region = screen.getByRole('region', { name: 'Always and never' });
    fireEvent.input(within(region).getByLabelText('Domain'), { target: { value: 'spam.example.social' } });
    const picker = within(region).getByLabelText('For how long') as HTMLSelectElement;
    expect(picker.value).toBe('forever');
    expect([...picker.options].map((option) => option.text)).toEqual(['Until I remove it', '1 day', '1 week', '1 month', 'Until a date']);
    fireEvent.change(picker, { target: { value: kind } });
    expect(picker.selectedOptions[0]?.text).toBe(label);
    fireEvent.click(within(region).getByRole('button', { name: 'Add' }));
    await waitFor(() => expect(sent()).toEqual([{ type: 'hedge/manual-entry', domain: 'spam.example.social', list: 'always-block', action: 'add', duration: { kind } }]));
    await waitFor(() => expect(picker.value).toBe('forever'));
  });

  it('"until a date" offers a calendar from today on and sends the chosen day', async () => {
    const { sent } = renderBlocks(SIGNED_IN_STATE);
    const region = screen.getByRole('region', { name: 'Always and never' });
    fireEvent.input(within(region).getByLabelText('Domain'), { target: { value: 'spam.example.social' } });
    expect(within(region).queryByLabelText('Last day')).toBeNull();
    fireEvent.change(within(region).getByLabelText('For how long'), { target: { value: 'date' } });
    const day = within(region).getByLabelText('Last day') as HTMLInputElement;
    expect(day.type).toBe('date');
    const today = new Date(NOW);
    expect(day.min).toBe(`${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`);
    fireEvent.input(day, { target: { value: '2026-07-31' } });
    fireEvent.click(within(region).getByRole('button', { name: 'Add' }));
    await waitFor(() =>
      expect(sent()).toEqual([{ type: 'hedge/manual-entry', domain: 'spam.example.social', list: 'always-block', action: 'add', duration: { kind: 'date', date: '2026-07-31' } }]),
    );
  });

  it('"never block" has no duration, and "until I remove it" sends none', async () => {
    const { sent } = renderBlocks(SIGNED_IN_STATE);
    const region = screen.getByRole('region', { name: 'Always and never' });
    fireEvent.input(within(region).getByLabelText('Domain'), { target: { value: 'friends.example.social' } });
    fireEvent.click(within(region).getByRole('button', { name: 'Add' }));
    fireEvent.change(within(region).getByLabelText('List'), { target: { value: 'never-block' } });
    expect(within(region).queryByLabelText('For how long')).toBeNull();
    await waitFor(() => expect(sent()).toEqual([{ type: 'hedge/manual-entry', domain: 'friends.example.social', list: 'always-block', action: 'add' }]));
  });

  it('lists an entry that expires with "until <date>", and one kept until removed without', () => {
    const until = NOW + 7 * DAY;
    renderBlocks({
      ...SIGNED_IN_STATE,
      manualEntries: { alwaysBlock: ['week.example.social', 'forever.example.social'], neverBlock: [] },
      entryExpiry: { alwaysBlock: { 'week.example.social': until }, limit: {} },
    });
    const items = within(screen.getByRole('region', { name: 'Always and never' })).getAllByRole('listitem');
    expect(items[0]?.textContent).toContain(`until ${formatDateTime(until, 'en')}`);
    expect(items[1]?.textContent).not.toContain('until');
    expect(screen.getByRole('button', { name: 'Remove week.example.social' })).toBeTruthy();
  });

  it('a limit can be kept for a week, and is listed with its date', async () => {
    const until = NOW + DAY;
    const { sent } = renderLimits({ ...SIGNED_IN_STATE, ownLimits: ['noisy.example.social'], entryExpiry: { alwaysBlock: {}, limit: { 'noisy.example.social': until } } });
    const region = screen.getByRole('region', { name: 'Limited by you' });
    expect(within(region).getByRole('listitem').textContent).toContain(`until ${formatDateTime(until, 'en')}`);
    fireEvent.input(within(region).getByLabelText('Domain to limit'), { target: { value: 'loud.example.social' } });
    fireEvent.change(within(region).getByLabelText('For how long'), { target: { value: 'week' } });
    fireEvent.click(within(region).getByRole('button', { name: 'Limit' }));
    await waitFor(() => expect(sent).toEqual([{ type: 'hedge/own-limit', domain: 'loud.example.social', action: 'add', duration: { kind: 'week' } }]));
  });
});

describe('Options › History › Expired entries', () => {
  const EXPIRED: ExpiredEntryView[] = [
    { domain: 'week.example.social', list: 'always-block', expiredAt: NOW - DAY },
    { domain: 'noisy.example.social', list: 'limit', expiredAt: NOW - 2 * DAY },
  ];

  function renderHistory(expired: ExpiredEntryView[]) {
    const { send } = recordingSend({
      'hedge/list-runs': () => ({ ok: true, value: [] }),
      'hedge/list-relationship-snapshots': () => ({ ok: true, value: [] }),
      'hedge/list-expired': () => ({ ok: true, value: expired }),
    });
    render(<HistorySection state={SIGNED_IN_STATE} send={send} onError={noError} />);
  }

  it('shows each expired entry with its domain, what it was and when its time was up', async () => {
    renderHistory(EXPIRED);
    const table = await screen.findByRole('table', { name: 'Expired entries' });
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(3));
    const rows = within(table).getAllByRole('row').slice(1).map((row) => within(row).getAllByRole('cell').map((cell) => cell.textContent));
    expect(rows).toEqual([
      [expect.stringContaining('week.example.social'), 'Always block', formatDateTime(NOW - DAY, 'en')],
      [expect.stringContaining('noisy.example.social'), 'Limit', formatDateTime(NOW - 2 * DAY, 'en')],
    ]);
  });

  it('says so when nothing has expired', async () => {
    renderHistory([]);
    expect(await screen.findByText('No entry has expired yet.')).toBeTruthy();
  });
});
