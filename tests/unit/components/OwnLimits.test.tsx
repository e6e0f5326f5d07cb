// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { OwnLimits } from '../../../components/OwnLimits';
import type { HedgeState, IntentOf, IntentType, Reply } from '../../../utils/protocol';
import { SIGNED_IN_STATE } from './fixtures';
import { useLocale } from './locale';

beforeEach(() => useLocale('en'));
afterEach(cleanup);

function renderLimits(state: HedgeState, answer: Reply<{ domain: string }>) {
  const sent: unknown[] = [];
  const act = async <K extends IntentType>(intent: IntentOf<K>) => {
    sent.push(intent);
    return answer as never;
  };
  render(<OwnLimits state={state} act={act} />);
  return { sent };
}

describe('Options › Blocks › Limited by you', () => {
  it('lists the user’s own limits, each with its own remove', async () => {
    const { sent } = renderLimits({ ...SIGNED_IN_STATE, ownLimits: ['threads.net', 'xn--80ak6aa92e.com'] }, { ok: true, value: { domain: 'threads.net' } });
    const region = screen.getByRole('region', { name: 'Limited by you' });
    expect(within(region).getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      expect.stringContaining('threads.net'),
      expect.stringContaining('xn--80ak6aa92e.com'),
    ]);
    fireEvent.click(within(region).getByRole('button', { name: 'Stop limiting threads.net' }));
    await waitFor(() => expect(sent).toEqual([{ type: 'hedge/own-limit', domain: 'threads.net', action: 'remove' }]));
  });

  it('adds the typed domain and empties the field once the background took it', async () => {
    const { sent } = renderLimits(SIGNED_IN_STATE, { ok: true, value: { domain: 'pawoo.net' } });
    expect(screen.getByText('None.')).toBeTruthy();
    const field = screen.getByLabelText('Domain to limit') as HTMLInputElement;
    fireEvent.input(field, { target: { value: ' pawoo.net ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Limit' }));
    await waitFor(() => expect(sent).toEqual([{ type: 'hedge/own-limit', domain: 'pawoo.net', action: 'add' }]));
    await waitFor(() => expect(field.value).toBe(''));
  });

  it('keeps what was typed when the background refuses it (the page shows its words)', async () => {
    renderLimits(SIGNED_IN_STATE, { ok: false, error: { kind: 'invalid-input', message: '“not a domain” contains spaces or characters a domain name cannot have.' } });
    const field = screen.getByLabelText('Domain to limit') as HTMLInputElement;
    fireEvent.input(field, { target: { value: 'not a domain' } });
    fireEvent.click(screen.getByRole('button', { name: 'Limit' }));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(field.value).toBe('not a domain');
  });
});
