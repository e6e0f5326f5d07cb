/**
 * The Mastodon content script runs only on the signed-in instances' origins:
 * registered at run time, one registration per origin, kept across browser
 * sessions and checked again at every start of the service worker.
 */
import { browser } from 'wxt/browser';
import { originMatchPattern } from '../permissions/instance-permission';

/** The built content script (entrypoints/mastodon.content, WXT output path). */
const CONTENT_SCRIPT_FILE = 'content-scripts/mastodon.js';

const ID_PREFIX = 'hedge-mastodon:';

/** The registration id of an origin's content script. */
function contentScriptId(origin: string): string {
  return `${ID_PREFIX}${origin}`;
}

/**
 * Makes the registered content scripts exactly one per given origin:
 * registers the missing ones and unregisters those of origins no longer signed in.
 */
export async function syncContentScripts(origins: Iterable<string>): Promise<void> {
  const wanted = new Map([...origins].map((origin) => [contentScriptId(origin), origin]));
  const registered = (await browser.scripting.getRegisteredContentScripts()).map((script) => script.id);
  const stale = registered.filter((id) => id.startsWith(ID_PREFIX) && !wanted.has(id));
  if (stale.length > 0) await browser.scripting.unregisterContentScripts({ ids: stale });
  const missing = [...wanted].filter(([id]) => !registered.includes(id));
  if (missing.length === 0) return;
  await browser.scripting.registerContentScripts(
    missing.map(([id, origin]) => ({
      id,
      matches: [originMatchPattern(origin)],
      js: [CONTENT_SCRIPT_FILE],
      runAt: 'document_idle' as const,
      persistAcrossSessions: true,
    })),
  );
}
