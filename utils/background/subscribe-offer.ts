/**
 * "Subscribe with Hedge" on a post's link to a list: the background reads the
 * address again and opens Options › Lists, which shows the list and asks
 * before anything is subscribed. The page's scripts share the content
 * script's DOM, so a click there is never taken as the user's consent; the
 * options page, which no web page can script, is where the user decides, and
 * it shows the same preview and confirmation as any subscription afterwards.
 */
import { browser } from 'wxt/browser';
import { readSharedListLink, subscribeOfferSuffix } from '../core/shared-list-link';
import { sharedLinkErrorMessage } from '../i18n/shared-link-messages';
import type { SubscribeFromPageResult } from '../protocol';
import { ReplyError } from './reply-error';

/** Opens Options › Lists asking about the list or FIRES dataset at `url`; refuses anything else in words. */
export async function openSubscribeOffer(url: unknown): Promise<SubscribeFromPageResult> {
  const link = readSharedListLink(url);
  if ('error' in link) throw new ReplyError('invalid-input', sharedLinkErrorMessage(link.error));
  await browser.tabs.create({ url: `${browser.runtime.getURL('/options.html')}${subscribeOfferSuffix(link)}` });
  return { outcome: 'opened' };
}
