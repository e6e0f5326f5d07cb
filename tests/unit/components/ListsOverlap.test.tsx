// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { ListsSection } from '../../../components/ListsSection';
import type { ListOverlapView, SubscriptionView } from '../../../utils/protocol';
import { SIGNED_IN_STATE, recordingSend } from './fixtures';
import { useLocale } from './locale';

beforeEach(() => useLocale('en'));
afterEach(cleanup);

// Three lists, as the background would count them (utils/core/list-overlap.ts).
const OVERLAP: ListOverlapView = {
  lists: [
    { id: 'a', name: 'Garden Fence', domainCount: 1_500, inConsensus: true },
    { id: 'b', name: 'IFTAS DNI', domainCount: 900, inConsensus: true },
    { id: 'c', name: '<b>tier0</b>', domainCount: 400, inConsensus: true },
  ],
  histogram: [1_200, 500, 100],
  intersections: [
    { lists: [0], count: 800 },
    { lists: [0, 1], count: 400 },
    { lists: [1], count: 300 },
    { lists: [0, 1, 2], count: 100 },
  ],
  voters: 3,
  withoutConsensus: { blocked: 1_800, limited: 0, listed: 0 },
  byVotes: [
    { blocked: 1_800, limited: 0, listed: 0 },
    { blocked: 1_204, limited: 88, listed: 40 },
    { blocked: 100, limited: 20, listed: 1_200 },
    { blocked: 0, limited: 0, listed: 1_800 },
  ],
};

function subscription(id: string, name: string): SubscriptionView {
  return { ...SIGNED_IN_STATE.subscriptions[0]!, id, name };
}

function renderLists(subscriptions: SubscriptionView[], consensus = SIGNED_IN_STATE.consensus) {
  const recording = recordingSend({ 'hedge/list-overlap': () => ({ ok: true, value: OVERLAP }) });
  render(<ListsSection state={{ ...SIGNED_IN_STATE, subscriptions, consensus }} send={recording.send} onError={() => undefined} />);
  return recording;
}

const THREE = [subscription('a', 'Garden Fence'), subscription('b', 'IFTAS DNI'), subscription('c', '<b>tier0</b>')];

describe('Options › Lists › How your lists overlap', () => {
  it('says what the threshold being typed would do, at once, without asking the background again', async () => {
    const { sent } = renderLists(THREE);
    const outcome = await screen.findByText('Every list on its own: 1,800 blocked, 0 limited, 0 only marked.');
    expect(outcome.getAttribute('role')).toBe('status');

    fireEvent.change(screen.getByLabelText('Block when'), { target: { value: 'count' } });
    fireEvent.input(screen.getByLabelText('Minimum number of lists'), { target: { value: '2' } });
    await screen.findByText('At 2 of 3 lists: 1,204 blocked, 88 limited, 40 only marked.');
    fireEvent.input(screen.getByLabelText('Minimum number of lists'), { target: { value: '3' } });
    await screen.findByText('At 3 of 3 lists: 100 blocked, 20 limited, 1,200 only marked.');

    fireEvent.change(screen.getByLabelText('Block when'), { target: { value: 'percent' } });
    fireEvent.input(screen.getByLabelText('Minimum share of lists, in percent'), { target: { value: '66' } });
    await screen.findByText('At 66% of the lists (2 of 3): 1,204 blocked, 88 limited, 40 only marked.');

    fireEvent.input(screen.getByLabelText('Minimum share of lists, in percent'), { target: { value: '0' } });
    await screen.findByText('The consensus is either a number of lists (1 or more) or a percentage between 1 and 100.');
    expect(sent.filter((intent) => intent.type === 'hedge/list-overlap')).toHaveLength(1);
  });

  it('draws both charts as images named by their captions, with the lists named as text', async () => {
    renderLists(THREE, { kind: 'count', min: 2 });
    const histogram = await screen.findByRole('img', { name: /Domains by how many lists name them.*Domains in all: 1,800; named by more than one list: 600\./ });
    expect(histogram.querySelectorAll('rect')).toHaveLength(3);
    // Bars named by 2 and 3 lists reach a threshold of 2: solid; the bar of 1 list is outlined.
    expect([...histogram.querySelectorAll('rect')].map((bar) => bar.getAttribute('class'))).toEqual([
      'overlap-bar',
      'overlap-bar overlap-bar--reached',
      'overlap-bar overlap-bar--reached',
    ]);
    const intersections = screen.getByRole('img', { name: /The largest overlaps.*The largest group: 800, named only by Garden Fence\./ });
    expect(intersections.querySelectorAll('.overlap-dot--in')).toHaveLength(1 + 2 + 1 + 3);
    // A list's name is text, never markup.
    expect(intersections.querySelector('b')).toBeNull();
    expect(intersections.textContent).toContain('<b>tier0</b>');
  });

  it('gives every number in tables, every threshold’s outcome among them', async () => {
    renderLists(THREE);
    const outcomes = await screen.findByRole('table', { name: 'What each consensus would do' });
    expect(within(outcomes).getAllByRole('row').map((row) => row.textContent)).toEqual([
      'ConsensusBlockedLimitedOnly marked',
      'Every list on its own1,80000',
      'At least 1 of 3 lists1,80000',
      'At least 2 of 3 lists1,2048840',
      'At least 3 of 3 lists100201,200',
    ]);
    const histogram = screen.getByRole('table', { name: 'Domains by how many lists name them' });
    expect(within(histogram).getAllByRole('row').map((row) => row.textContent)).toEqual(['Named byDomains', '1 list1,200', '2 lists500', '3 lists100']);
    const overlaps = screen.getByRole('table', { name: 'The largest overlaps: domains named only by these lists' });
    expect(within(overlaps).getByRole('rowheader', { name: 'Garden Fence, IFTAS DNI, and <b>tier0</b>' })).toBeTruthy();
  });

  it('reads the overlap again when a list changes, not on every state the background sends', async () => {
    const recording = recordingSend({ 'hedge/list-overlap': () => ({ ok: true, value: OVERLAP }) });
    const state = { ...SIGNED_IN_STATE, subscriptions: THREE };
    const view = render(<ListsSection state={state} send={recording.send} onError={() => undefined} />);
    const asked = () => recording.sent.filter((intent) => intent.type === 'hedge/list-overlap').length;
    await waitFor(() => expect(asked()).toBe(1));
    view.rerender(<ListsSection state={{ ...state, builtAt: state.builtAt + 1_000 }} send={recording.send} onError={() => undefined} />);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(asked()).toBe(1);
    const refreshed = THREE.map((list) => (list.id === 'b' ? { ...list, entryCount: list.entryCount + 1 } : list));
    view.rerender(<ListsSection state={{ ...state, subscriptions: refreshed }} send={recording.send} onError={() => undefined} />);
    await waitFor(() => expect(asked()).toBe(2));
  });

  it('is not drawn for a single list, which has nothing to overlap with', async () => {
    const { sent } = renderLists([subscription('a', 'Garden Fence')]);
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Settings for all lists' })).toBeTruthy());
    expect(screen.queryByRole('heading', { name: 'How your lists overlap' })).toBeNull();
    expect(sent.filter((intent) => intent.type === 'hedge/list-overlap')).toHaveLength(0);
  });
});
