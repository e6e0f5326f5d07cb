// @vitest-environment happy-dom
/**
 * "Limit domain with Hedge" beside "Block domain with Hedge" on a profile: offered unless the user
 * limits the domain already, a click sends the domain and shows the background's answer, and a
 * click the page's own scripts make sends nothing.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { SnapshotVerdict } from '../../utils/core/verdict-snapshot';
import { findAccounts } from '../../utils/dom/find-accounts';
import { markAccounts, type BlockDomainOutcome } from '../../utils/dom/marks';
import { useLocale } from './components/locale';
import { loadMastodonDomFixtures, parseFixture } from './mastodon-dom-fixtures';
import { userClick } from './helpers/user-click';

beforeEach(() => useLocale('en'));

type Send = (domain: string) => Promise<BlockDomainOutcome>;

describe.each(loadMastodonDomFixtures().filter((fixture) => fixture.file.startsWith('profile-')))('Limit domain with Hedge on $file', (fixture) => {
  function markProfile(verdict: SnapshotVerdict, limitDomain: Send, blockDomain: Send = vi.fn<Send>()): Document {
    const document = parseFixture(fixture);
    markAccounts(findAccounts(document, { localDomain: fixture.expected.local_domain }), {
      lookup: { lookup: (domain) => (domain === 'threads.net' ? verdict : { kind: 'none' }) },
      localDomain: fixture.expected.local_domain,
      revealed: new Set(),
      signal: new AbortController().signal,
      blockDomain,
      limitDomain,
    });
    return document;
  }

  const actions = (document: Document): string[] => [...document.querySelectorAll('button.hedge-action')].map((button) => button.textContent ?? '');
  const limitButton = (document: Document) =>
    [...document.querySelectorAll<HTMLButtonElement>('button.hedge-action')].find((button) => button.textContent === 'Limit threads.net with Hedge');

  it.each<[string, SnapshotVerdict, string[]]>([
    ['nothing known', { kind: 'none' }, ['Block threads.net with Hedge', 'Limit threads.net with Hedge']],
    ['listed', { kind: 'listed', why: 'A list' }, ['Block threads.net with Hedge', 'Limit threads.net with Hedge']],
    ['limited by a list', { kind: 'limited', why: 'A list' }, ['Block threads.net with Hedge', 'Limit threads.net with Hedge']],
    ['limited by the user', { kind: 'limited', isOwnLimit: true }, ['Block threads.net with Hedge']],
    ['blocked', { kind: 'blocked' }, []],
  ])('when %s, offers %j', (_name, verdict, offered) => {
    expect(actions(markProfile(verdict, vi.fn<Send>()))).toEqual(offered);
  });

  it('sends the domain and shows the answer; the block stays offered', async () => {
    const limitDomain = vi.fn<Send>().mockResolvedValueOnce({ isDone: true, message: 'You limit threads.net: its posts are collapsed here, and nothing was sent to your server.' });
    const blockDomain = vi.fn<Send>();
    const document = markProfile({ kind: 'none' }, limitDomain, blockDomain);
    userClick(limitButton(document));
    await vi.waitFor(() =>
      expect(document.querySelector('.hedge-action-row__status')?.textContent).toBe('You limit threads.net: its posts are collapsed here, and nothing was sent to your server.'),
    );
    expect(limitDomain.mock.calls).toEqual([['threads.net']]);
    expect(blockDomain).not.toHaveBeenCalled();
    expect(actions(document)).toEqual(['Block threads.net with Hedge']);
  });

  it('shows a refusal and lets the user try again', async () => {
    const limitDomain = vi.fn<Send>().mockResolvedValueOnce({ isDone: false, message: 'Hedge could not be reached. Reload the page.' });
    const document = markProfile({ kind: 'none' }, limitDomain);
    userClick(limitButton(document));
    await vi.waitFor(() => expect(document.querySelector('.hedge-action-row__status')?.textContent).toBe('Hedge could not be reached. Reload the page.'));
    expect(limitButton(document)?.disabled).toBe(false);
  });

  it('ignores a click the page’s scripts make', async () => {
    const limitDomain = vi.fn<Send>();
    const document = markProfile({ kind: 'none' }, limitDomain);
    limitButton(document)?.click();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(limitDomain).not.toHaveBeenCalled();
  });
});
