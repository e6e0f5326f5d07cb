// @vitest-environment happy-dom
/**
 * "Block domain with Hedge" when the block would cut follows: the first click shows the impact the
 * background names and turns the button into a confirmation; the second click blocks.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { findAccounts } from '../../utils/dom/find-accounts';
import { markAccounts, type BlockDomainOutcome } from '../../utils/dom/marks';
import { useLocale } from './components/locale';
import { loadMastodonDomFixtures, parseFixture } from './mastodon-dom-fixtures';
import { userClick } from './helpers/user-click';

beforeEach(() => useLocale('en'));

const IMPACT = 'Blocking threads.net removes 3 accounts you follow and 2 followers; Hedge saves them first. Confirm to block.';

describe.each(loadMastodonDomFixtures().filter((fixture) => fixture.file.startsWith('profile-')))('Block domain with Hedge on $file', (fixture) => {
  function markProfile(blockDomain: (domain: string) => Promise<BlockDomainOutcome>): Document {
    const document = parseFixture(fixture);
    markAccounts(findAccounts(document, { localDomain: fixture.expected.local_domain }), {
      lookup: { lookup: (domain) => (domain === 'threads.net' ? { kind: 'listed', why: 'A list' } : { kind: 'none' }) },
      localDomain: fixture.expected.local_domain,
      revealed: new Set(),
      signal: new AbortController().signal,
      blockDomain,
    });
    return document;
  }

  it('shows the impact and asks for a second click before the block', async () => {
    const blockDomain = vi
      .fn<(domain: string) => Promise<BlockDomainOutcome>>()
      .mockResolvedValueOnce({ isDone: false, needsConfirmation: true, message: IMPACT })
      .mockResolvedValueOnce({ isDone: true, message: 'Hedge is blocking threads.net.' });
    const document = markProfile(blockDomain);
    const button = document.querySelector<HTMLButtonElement>('button.hedge-action');
    const status = (): string | null | undefined => document.querySelector('.hedge-action-row__status')?.textContent;
    expect(button?.textContent).toBe('Block threads.net with Hedge');

    userClick(button);
    await vi.waitFor(() => expect(status()).toBe(IMPACT));
    expect(button?.disabled).toBe(false);
    expect(button?.textContent).toBe('Confirm block');
    expect(button?.getAttribute('aria-label')).toBe('Confirm blocking threads.net with Hedge');

    userClick(button);
    await vi.waitFor(() => expect(status()).toBe('Hedge is blocking threads.net.'));
    expect(blockDomain.mock.calls).toEqual([['threads.net'], ['threads.net']]);
    expect(document.querySelector('button.hedge-action')).toBeNull();
  });

  it('goes back to the plain action when the confirmation is refused', async () => {
    const blockDomain = vi
      .fn<(domain: string) => Promise<BlockDomainOutcome>>()
      .mockResolvedValueOnce({ isDone: false, needsConfirmation: true, message: IMPACT })
      .mockRejectedValueOnce(new Error('Hedge could not be reached (gone). Reload the page.'));
    const document = markProfile(blockDomain);
    const button = document.querySelector<HTMLButtonElement>('button.hedge-action');
    userClick(button);
    await vi.waitFor(() => expect(button?.textContent).toBe('Confirm block'));
    userClick(button);
    await vi.waitFor(() => expect(document.querySelector('.hedge-action-row__status')?.textContent).toBe('Hedge could not be reached (gone). Reload the page.'));
    expect(button?.textContent).toBe('Block threads.net with Hedge');
    expect(button?.hasAttribute('aria-label')).toBe(false);
  });
});
