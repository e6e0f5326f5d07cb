// @vitest-environment happy-dom
/**
 * "Subscribe with Hedge" after a post's link to a list file or FIRES dataset (utils/dom/marks.ts),
 * on the home pages of every version's fixtures with such links written into a post, as Mastodon
 * renders them: the text shortened with `.invisible` and `.ellipsis` spans, the address in `href`.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { findAccounts } from '../../utils/dom/find-accounts';
import { clearMarks, markAccounts, type MarkContext } from '../../utils/dom/marks';
import { POST, STATUS_INFO } from '../../utils/dom/selectors';
import type { Reply } from '../../utils/protocol';
import { useLocale } from './components/locale';
import { loadDomFixtures, parseDom, type DomFixture } from './mastodon-dom-fixtures';
import { userClick } from './helpers/user-click';

beforeEach(() => useLocale('en'));

const HOME_FIXTURES = loadDomFixtures().filter((fixture) => fixture.name.includes('home'));

const LIST = 'https://lists.example/shared/blocklist.csv';
const DATASET = 'https://fires.example/datasets/0193a1b2-0000-7000-8000-00000000d502';

/** Adds a link as Mastodon's formatter writes one (app/lib/text_formatter.rb `link_to_url`). */
function addLink(paragraph: Element, href: string): HTMLAnchorElement {
  const document = paragraph.ownerDocument;
  const link = document.createElement('a');
  link.href = href;
  link.rel = 'nofollow noopener';
  link.target = '_blank';
  const [scheme, rest] = href.split('://') as [string, string];
  for (const [className, text] of [['invisible', `${scheme}://`], ['ellipsis', rest.slice(0, 20)], ['invisible', rest.slice(20)]] as const) {
    const span = document.createElement('span');
    span.className = className;
    span.textContent = text;
    link.append(span);
  }
  paragraph.append(' ', link);
  return link;
}

/** The page with a list, a FIRES dataset, an ordinary page and a disguised script linked in its first post with an author. */
function pageWithLinks(fixture: DomFixture) {
  const document = parseDom(fixture);
  const post = [...document.querySelectorAll(POST)].find((candidate) => candidate.querySelector(STATUS_INFO) && candidate.querySelector('.status__content p'));
  const paragraph = post?.querySelector('.status__content p');
  if (!paragraph) throw new Error(`${fixture.name} has no post with text`);
  const links = {
    list: addLink(paragraph, LIST),
    dataset: addLink(paragraph, DATASET),
    page: addLink(paragraph, 'https://news.example/2024/10/lists-explained'),
    script: addLink(paragraph, 'https://lists.example/x.csv'),
  };
  // A link whose shown text says one thing and whose address is another: only `href` counts.
  links.script.setAttribute('href', 'javascript:alert(1)//.csv');
  return { document, links };
}

function contextWith(subscribeList: MarkContext['subscribeList']): MarkContext {
  return { lookup: { lookup: () => ({ kind: 'none' }) }, localDomain: 'social.example', revealed: new Set(), signal: new AbortController().signal, subscribeList };
}

function offerAfter(link: Element): Element | null {
  const next = link.nextElementSibling;
  return next?.matches('button.hedge-action') ? next : null;
}

describe.each(HOME_FIXTURES.map((fixture) => [fixture.name, fixture] as const))('Subscribe with Hedge on %s', (_name, fixture) => {
  it('follows each link to a list or FIRES dataset, and no other', () => {
    const { document, links } = pageWithLinks(fixture);
    markAccounts(findAccounts(document, fixture), contextWith(async () => ({ ok: true, value: { outcome: 'opened' } })));
    expect(offerAfter(links.list)?.textContent).toBe('Subscribe with Hedge');
    expect(offerAfter(links.dataset)?.textContent).toBe('Subscribe with Hedge');
    expect(offerAfter(links.page)).toBeNull();
    expect(offerAfter(links.script)).toBeNull();
    expect(document.querySelectorAll('button.hedge-action')).toHaveLength(2);
  });

  it('sends the address of the link a person clicked, never on a page script’s click', async () => {
    const { document, links } = pageWithLinks(fixture);
    const subscribeList = vi.fn(async (): Promise<Reply<unknown>> => ({ ok: true, value: { outcome: 'opened' } }));
    markAccounts(findAccounts(document, fixture), contextWith(subscribeList));
    (offerAfter(links.list) as HTMLButtonElement).click();
    expect(subscribeList).not.toHaveBeenCalled();
    userClick(offerAfter(links.dataset));
    expect(subscribeList).toHaveBeenCalledWith(DATASET);
    userClick(offerAfter(links.list));
    expect(subscribeList).toHaveBeenLastCalledWith(LIST);
    await vi.waitFor(() => expect(subscribeList).toHaveBeenCalledTimes(2));
    expect(offerAfter(links.list)?.textContent).toBe('Subscribe with Hedge');
  });

  it('says why in the button when the background refuses', async () => {
    const { document, links } = pageWithLinks(fixture);
    markAccounts(findAccounts(document, fixture), contextWith(async () => ({ ok: false, error: { kind: 'server', message: 'Hedge could not be reached. Reload the page.' } })));
    userClick(offerAfter(links.list));
    await vi.waitFor(() => expect(offerAfter(links.list)?.textContent).toBe('Hedge could not be reached. Reload the page.'));
  });

  it('offers once however often the page is marked, and leaves the page as it was after clearing', () => {
    const { document } = pageWithLinks(fixture);
    const before = document.body.innerHTML;
    const context = contextWith(async () => ({ ok: true, value: { outcome: 'opened' } }));
    markAccounts(findAccounts(document, fixture), context);
    for (const element of document.querySelectorAll('[data-hedge-domain]')) element.removeAttribute('data-hedge-domain');
    markAccounts(findAccounts(document, fixture), context);
    expect(document.querySelectorAll('button.hedge-action')).toHaveLength(2);
    clearMarks(document.body);
    expect(document.body.innerHTML).toBe(before);
  });

  it('offers nothing where the page cannot ask the background', () => {
    const { document } = pageWithLinks(fixture);
    markAccounts(findAccounts(document, fixture), contextWith(undefined));
    expect(document.querySelectorAll('button.hedge-action')).toHaveLength(0);
  });
});
