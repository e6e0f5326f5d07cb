import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { describeSender } from '../../utils/background/setup';

describe('describeSender', () => {
  const extensionPage = (file: string) => fakeBrowser.runtime.getURL(`/${file}`);

  it.each([
    ['the toolbar popup (no tab)', { id: fakeBrowser.runtime.id, url: extensionPage('popup.html') }, false],
    ['the options page in a tab', { id: fakeBrowser.runtime.id, url: extensionPage('options.html'), tab: { id: 3 } }, false],
    ['a content script on a Mastodon page', { id: fakeBrowser.runtime.id, url: 'https://mastodon.social/home', tab: { id: 4 } }, true],
  ])('%s', (_name, sender, isContentScript) => {
    expect(describeSender(sender as never)?.isContentScript).toBe(isContentScript);
  });

  it.each([
    ['another extension', { id: 'someone-else', url: 'chrome-extension://someone-else/x.html' }],
    ['a web page without a tab', { id: fakeBrowser.runtime.id, url: 'https://evil.example/frame.html' }],
    ['a sender without a URL', { id: fakeBrowser.runtime.id }],
    ['a sender without a URL in a tab', { id: fakeBrowser.runtime.id, tab: { id: 5 } }],
    ['a tab on a page that is neither Hedge’s nor a web page', { id: fakeBrowser.runtime.id, url: 'file:///home/user/page.html', tab: { id: 6 } }],
  ])('refuses %s', (_name, sender) => {
    expect(describeSender(sender as never)).toBeNull();
  });

  it('gives a content script the origin of its page', () => {
    const sender = { id: fakeBrowser.runtime.id, url: 'https://mastodon.social/@alice', tab: { id: 4 } };
    expect(describeSender(sender as never)).toEqual({ isContentScript: true, origin: 'https://mastodon.social' });
  });
});
