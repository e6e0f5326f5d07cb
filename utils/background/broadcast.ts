/**
 * Telling open pages and content scripts that something changed.
 * With no page open, `runtime.sendMessage` rejects ("Receiving end does not
 * exist"): that is the normal case, not a failure.
 */
import { browser } from 'wxt/browser';
import type { HedgeBroadcast } from '../protocol';
import { originMatchPattern } from '../permissions/instance-permission';

/** Sends a broadcast to the extension's open pages (popup, options). */
export async function sendToPages(broadcast: HedgeBroadcast): Promise<void> {
  try {
    await browser.runtime.sendMessage(broadcast);
  } catch (error) {
    if (!isNoReceiver(error)) console.warn('Hedge: could not reach the open pages', error);
  }
}

/** Sends a broadcast to the content scripts in the tabs of one instance. */
export async function sendToInstanceTabs(origin: string, broadcast: HedgeBroadcast): Promise<void> {
  const tabs = await browser.tabs.query({ url: originMatchPattern(origin) });
  await Promise.all(
    tabs.map(async (tab) => {
      if (tab.id === undefined || !tab.url || new URL(tab.url).origin !== origin) return;
      try {
        await browser.tabs.sendMessage(tab.id, broadcast);
      } catch (error) {
        // A tab still loading, or opened before sign-in: it has no content script yet.
        if (!isNoReceiver(error)) console.warn('Hedge: could not reach a Mastodon tab', error);
      }
    }),
  );
}

function isNoReceiver(error: unknown): boolean {
  const text = error instanceof Error ? error.message : String(error);
  return /receiving end does not exist|could not establish connection|no listener|no matching/i.test(text);
}
