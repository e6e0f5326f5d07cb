// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SnapshotVerdict } from '../../utils/core/verdict-snapshot';
import type { VerdictLookup } from '../../utils/dom/marks';
import { startMarking } from '../../utils/dom/observer';
import { STYLESHEET_ID } from '../../utils/dom/styles';
import { loadMastodonDomFixtures } from './mastodon-dom-fixtures';
import { useLocale } from './components/locale';
import { rewriteText } from './helpers/rewrite-text';

// The marks' words come from public/_locales through browser.i18n.
beforeEach(() => useLocale('en'));

const fixtures = loadMastodonDomFixtures();
const fixture = fixtures.find((candidate) => candidate.file === 'home-4.3.html');
if (fixture === undefined) throw new Error('home-4.3.html is missing');
const parsed = new DOMParser().parseFromString(fixture.html, 'text/html');
const profileFixture = fixtures.find((candidate) => candidate.file === 'profile-4.3.html');
if (profileFixture === undefined) throw new Error('profile-4.3.html is missing');
const profilePage = new DOMParser().parseFromString(profileFixture.html, 'text/html');

function lookupOf(verdicts: Record<string, SnapshotVerdict['kind']>): VerdictLookup {
  return { lookup: (domain) => ({ kind: verdicts[domain] ?? 'none', why: 'A list' }) };
}

/** A page with the fixture's body, and a frame scheduler the test runs by hand. */
function setUp(page: Document = parsed) {
  document.head.replaceChildren();
  document.body.replaceWith(document.importNode(page.body, true));
  const frames: Array<() => void> = [];
  const controller = new AbortController();
  /** Runs frames until none is left: marking a long page may take several. */
  const runFrames = (): void => {
    while (frames.length > 0) frames.splice(0).forEach((frame) => frame());
  };
  return { frames, controller, runFrames };
}

/** MutationObserver callbacks run as microtasks. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

let stopAll: Array<() => void> = [];
afterEach(() => {
  stopAll.forEach((stop) => stop());
  stopAll = [];
});

describe('startMarking', () => {
  it('marks what the app renders later, once per frame, and not its own nodes', async () => {
    const { frames, controller, runFrames } = setUp();
    stopAll.push(() => controller.abort());
    const article = document.querySelector('article[data-id="113311308840971569"]');
    if (article === null) throw new Error('no dana article');
    const feed = article.parentElement;
    article.remove();
    startMarking({ document, localDomain: 'social.example', lookup: lookupOf({ 'sub.example.org': 'listed' }), signal: controller.signal, schedule: (frame) => frames.push(frame) });
    runFrames();
    await settle();
    expect(frames).toHaveLength(0);
    const badgesBefore = document.querySelectorAll('.hedge-badge').length;

    const copies = [article.cloneNode(true), article.cloneNode(true), article.cloneNode(true)] as Element[];
    feed?.append(...copies);
    await settle();
    expect(frames).toHaveLength(1);
    for (const copy of copies) expect(copy.querySelector('.hedge-badge')).toBeNull();
    runFrames();
    for (const copy of copies) expect(copy.querySelector('a.status__display-name .hedge-badge')?.textContent).toBe('Listed');
    expect(document.querySelectorAll('.hedge-badge').length).toBe(badgesBefore + 3);

    await settle();
    expect(frames).toHaveLength(0);
  });

  it('marks again with new verdicts, keeping a shown post shown', () => {
    const { frames, controller, runFrames } = setUp();
    stopAll.push(() => controller.abort());
    const marker = startMarking({ document, localDomain: 'social.example', lookup: lookupOf({ 'sub.example.org': 'limited' }), signal: controller.signal, schedule: (frame) => frames.push(frame) });
    runFrames();
    const post = document.querySelector('.status[data-id="113311308840971569"]');
    post?.querySelector<HTMLButtonElement>('.hedge-notice button')?.click();
    expect(post?.getAttribute('data-hedge-collapsed')).toBe('false');

    marker.update(lookupOf({ 'sub.example.org': 'limited', 'threads.net': 'blocked' }));
    runFrames();
    expect(document.querySelectorAll('.hedge-badge[data-hedge-kind="blocked"]').length).toBeGreaterThan(0);
    expect(post?.getAttribute('data-hedge-collapsed')).toBe('false');
    expect(post?.querySelectorAll('.hedge-notice')).toHaveLength(1);
  });

  it('stops observing and leaves the page as it was when its signal aborts', async () => {
    const { frames, controller, runFrames } = setUp();
    const before = document.body.innerHTML;
    startMarking({ document, localDomain: 'social.example', lookup: lookupOf({ 'threads.net': 'blocked' }), signal: controller.signal, schedule: (frame) => frames.push(frame) });
    runFrames();
    expect(document.getElementById(STYLESHEET_ID)).not.toBeNull();
    controller.abort();
    expect(document.body.innerHTML).toBe(before);
    expect(document.getElementById(STYLESHEET_ID)).toBeNull();
    document.querySelector('.item-list')?.append(document.createElement('article'));
    await settle();
    expect(frames).toHaveLength(0);
  });

  it('re-marks a link React reused for another account', async () => {
    const { frames, controller, runFrames } = setUp();
    stopAll.push(() => controller.abort());
    startMarking({ document, localDomain: 'social.example', lookup: lookupOf({ 'threads.net': 'blocked', 'sub.example.org': 'listed' }), signal: controller.signal, schedule: (frame) => frames.push(frame) });
    runFrames();
    const link = document.querySelector('.status[data-id="113311308840971569"] a.status__display-name');
    expect(link?.querySelector('.hedge-badge')?.textContent).toBe('Listed');
    link?.setAttribute('href', '/@bob@threads.net');
    await settle();
    runFrames();
    expect([...(link?.querySelectorAll('.hedge-badge') ?? [])].map((badge) => badge.textContent)).toEqual(['Blocked']);
    expect(link?.getAttribute('data-hedge-domain')).toBe('threads.net');
  });

  it('reads a profile header again when the client writes the next profile into it in place', async () => {
    const { frames, controller, runFrames } = setUp(profilePage);
    stopAll.push(() => controller.abort());
    const blockDomain = async (): Promise<{ isDone: boolean; message: string }> => ({ isDone: true, message: '' });
    startMarking({ document, localDomain: 'social.example', lookup: lookupOf({ 'threads.net': 'listed' }), blockDomain, signal: controller.signal, schedule: (frame) => frames.push(frame) });
    runFrames();
    const header = document.querySelector('.account__header__tabs__name');
    expect(header?.querySelector('button.hedge-action')?.textContent).toBe('Block threads.net with Hedge');
    expect(header?.querySelector('.hedge-badge')?.textContent).toBe('Listed');

    // Mastodon 4.5 moving from @bob@threads.net to @carol@mastodon.social: only text nodes change.
    rewriteText(header, { 'Bob R.': 'Carol', '@bob': '@carol', '@threads.net': '@mastodon.social', 'threads.net': 'mastodon.social' });
    await settle();
    runFrames();
    expect(header?.getAttribute('data-hedge-domain')).toBe('mastodon.social');
    expect([...(header?.querySelectorAll('button.hedge-action') ?? [])].map((button) => button.textContent)).toEqual(['Block mastodon.social with Hedge']);
    expect(header?.querySelectorAll('.hedge-badge')).toHaveLength(0);
  });

  it('marks a long page over several frames, each within its time budget', () => {
    const { frames, controller, runFrames } = setUp();
    stopAll.push(() => controller.abort());
    const feed = document.querySelector('.item-list');
    const template = document.querySelector('article[data-id="113311308840971569"]');
    if (feed === null || template === null) throw new Error('no feed');
    for (let index = 0; index < 600; index += 1) feed.append(template.cloneNode(true));
    const slow: VerdictLookup = {
      lookup: (domain) => {
        const until = performance.now() + 0.2;
        while (performance.now() < until);
        return { kind: domain === 'sub.example.org' ? 'listed' : 'none' };
      },
    };
    startMarking({ document, localDomain: 'social.example', lookup: slow, signal: controller.signal, schedule: (frame) => frames.push(frame) });
    expect(frames.length).toBe(1);
    expect(document.querySelectorAll('a.status__display-name .hedge-badge').length).toBeLessThan(600);
    runFrames();
    expect(document.querySelectorAll('article[data-id="113311308840971569"] a.status__display-name .hedge-badge')).toHaveLength(601);
  });
});
