// @vitest-environment happy-dom
/**
 * Options › Lists opened from "Subscribe with Hedge" on a post (`options.html?subscribe=…`): the list
 * or FIRES dataset is named as text and subscribed only at the user's click, as the page's other forms
 * subscribe; an address that is not a list is explained.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { OptionsApp } from '../../../components/OptionsApp';
import type { Reply, SubscriptionView } from '../../../utils/protocol';
import { SIGNED_IN_STATE, recordingSend } from './fixtures';
import { useLocale } from './locale';

beforeEach(() => useLocale('en'));
afterEach(cleanup);

const LIST = 'https://lists.example/shared/blocklist.csv';
const DATASET = 'https://fires.example/datasets/0193a1b2-0000-7000-8000-00000000d502';
const ADDED: SubscriptionView = { ...SIGNED_IN_STATE.subscriptions[0]!, id: 'shared', name: 'blocklist', origin: 'url', url: LIST, entryCount: 2 };

function renderOffer(address: string, added: Reply<SubscriptionView> = { ok: true, value: ADDED }) {
  const { send, sent } = recordingSend({ 'hedge/subscription-add': () => added });
  const onOfferClosed = vi.fn();
  render(
    <OptionsApp
      state={SIGNED_IN_STATE}
      send={send}
      requestPermission={async () => true}
      copyText={vi.fn(async () => undefined)}
      section="lists"
      onSectionChange={vi.fn()}
      offeredList={address}
      onOfferClosed={onOfferClosed}
    />,
  );
  return { sent, onOfferClosed, offer: screen.getByRole('region', { name: 'A list shared in a post' }) };
}

describe('the offer of a list shared in a post', () => {
  it('names the list as text and subscribes nothing until the user clicks Subscribe', async () => {
    const { sent, onOfferClosed, offer } = renderOffer(LIST);
    expect(document.activeElement).toBe(offer);
    expect(offer.textContent).toContain('A post on Mastodon links this list.');
    expect(offer.textContent).toContain(LIST);
    expect(sent.filter((intent) => intent.type === 'hedge/subscription-add')).toEqual([]);
    fireEvent.click(within(offer).getByRole('button', { name: 'Subscribe' }));
    await screen.findByText('Subscribed to blocklist (2 entries). Open Preview to see what it would change.');
    expect(sent).toContainEqual({ type: 'hedge/subscription-add', source: { kind: 'url', url: LIST } });
    expect(onOfferClosed).toHaveBeenCalledTimes(1);
  });

  it('subscribes to a FIRES dataset by its server and id', async () => {
    const { sent, offer } = renderOffer(DATASET);
    expect(offer.textContent).toContain('A post on Mastodon links this FIRES dataset on https://fires.example.');
    fireEvent.click(within(offer).getByRole('button', { name: 'Subscribe' }));
    await vi.waitFor(() => expect(sent).toContainEqual({ type: 'hedge/subscription-add', source: { kind: 'fires', serverUrl: 'https://fires.example', datasetId: DATASET } }));
  });

  it('stays, with the background’s words, when subscribing fails, and goes on Not now', async () => {
    const { onOfferClosed, offer } = renderOffer(LIST, { ok: false, error: { kind: 'list-error', message: 'The list has no domains.' } });
    fireEvent.click(within(offer).getByRole('button', { name: 'Subscribe' }));
    await screen.findByText('The list has no domains.');
    expect(onOfferClosed).not.toHaveBeenCalled();
    expect((within(offer).getByRole('button', { name: 'Subscribe' }) as HTMLButtonElement).disabled).toBe(false);
    fireEvent.click(within(offer).getByRole('button', { name: 'Not now' }));
    expect(onOfferClosed).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['javascript:alert(1)//.csv', 'Hedge reads lists only from web addresses (https://).'],
    ['https://news.example/<b>lists</b>', 'This link is not a list file (.csv, .txt or .json) or a FIRES dataset.'],
  ])('explains an address that is not a list (%s) and offers no Subscribe', (address, reason) => {
    const { offer } = renderOffer(address);
    expect(within(offer).getByRole('alert').textContent).toBe(`Hedge cannot subscribe to the address this page was opened with: ${reason}`);
    expect(within(offer).queryByRole('button', { name: 'Subscribe' })).toBeNull();
    expect(offer.querySelector('b')).toBeNull();
  });
});
