// @vitest-environment happy-dom
/**
 * "Block domain with Hedge" when the block would cut follows: the page shows the background's
 * sentence (confirm in Hedge's own window) and keeps the plain action, which a click asks for again;
 * the page itself has nothing that confirms.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { findAccounts } from '../../utils/dom/find-accounts';
import { markAccounts, type BlockDomainOutcome } from '../../utils/dom/marks';
import { useLocale } from './components/locale';
import { loadMastodonDomFixtures, parseFixture } from './mastodon-dom-fixtures';
import { userClick } from './helpers/user-click';

beforeEach(() => useLocale('en'));

const IMPACT = "Blocking threads.net removes 3 accounts you follow and 2 followers. Confirm in Hedge's window, which shows whom.";

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

  it('says the block waits in Hedge’s window and offers the same action again, never a confirmation', async () => {
    const blockDomain = vi
      .fn<(domain: string) => Promise<BlockDomainOutcome>>()
      .mockResolvedValueOnce({ isDone: false, message: IMPACT })
      .mockResolvedValueOnce({ isDone: true, message: 'Hedge is blocking threads.net.' });
    const document = markProfile(blockDomain);
    const button = document.querySelector<HTMLButtonElement>('button.hedge-action');
    const status = (): string | null | undefined => document.querySelector('.hedge-action-row__status')?.textContent;
    expect(button?.textContent).toBe('Block threads.net with Hedge');

    userClick(button);
    await vi.waitFor(() => expect(status()).toBe(IMPACT));
    expect(button?.disabled).toBe(false);
    expect(button?.textContent).toBe('Block threads.net with Hedge');
    expect(button?.hasAttribute('aria-label')).toBe(false);

    // Once the window's Confirm ran the block, asking again finds it done.
    userClick(button);
    await vi.waitFor(() => expect(status()).toBe('Hedge is blocking threads.net.'));
    expect(blockDomain.mock.calls).toEqual([['threads.net'], ['threads.net']]);
    expect(document.querySelector('button.hedge-action')).toBeNull();
  });

  it('goes back to the plain action when the background cannot be reached', async () => {
    const blockDomain = vi
      .fn<(domain: string) => Promise<BlockDomainOutcome>>()
      .mockRejectedValueOnce(new Error('Hedge could not be reached (gone). Reload the page.'));
    const document = markProfile(blockDomain);
    const button = document.querySelector<HTMLButtonElement>('button.hedge-action');
    userClick(button);
    await vi.waitFor(() => expect(document.querySelector('.hedge-action-row__status')?.textContent).toBe('Hedge could not be reached (gone). Reload the page.'));
    expect(button?.textContent).toBe('Block threads.net with Hedge');
    expect(button?.disabled).toBe(false);
  });
});
