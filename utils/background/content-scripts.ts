/**
 * Hedge's content scripts run only on origins the user chose: registered at
 * run time, one registration per origin, kept across browser sessions and
 * checked again at every start of the service worker.
 *
 * - The Mastodon content script, on the signed-in instances' origins.
 * - The GoToSocial content script, on the GoToSocial servers whose pages the
 *   user asked Hedge to mark (marked-sites.ts).
 */
import { browser } from 'wxt/browser';
import { originMatchPattern } from '../permissions/instance-permission';

/** Each content script: its built file (WXT output path) and the prefix of its registrations' ids. */
const SCRIPTS = {
  mastodon: { file: 'content-scripts/mastodon.js', idPrefix: 'hedge-mastodon:' },
  gotosocial: { file: 'content-scripts/gotosocial.js', idPrefix: 'hedge-gotosocial:' },
} as const;

type ScriptName = keyof typeof SCRIPTS;

/**
 * Makes the registrations of one content script exactly one per given origin:
 * registers the missing ones and unregisters those of origins no longer wanted.
 */
async function syncScript(name: ScriptName, origins: Iterable<string>): Promise<void> {
  const { file, idPrefix } = SCRIPTS[name];
  const wanted = new Map([...origins].map((origin) => [`${idPrefix}${origin}`, origin]));
  const registered = (await browser.scripting.getRegisteredContentScripts()).map((script) => script.id);
  const stale = registered.filter((id) => id.startsWith(idPrefix) && !wanted.has(id));
  if (stale.length > 0) await browser.scripting.unregisterContentScripts({ ids: stale });
  const missing = [...wanted].filter(([id]) => !registered.includes(id));
  if (missing.length === 0) return;
  await browser.scripting.registerContentScripts(
    missing.map(([id, origin]) => ({
      id,
      matches: [originMatchPattern(origin)],
      js: [file],
      runAt: 'document_idle' as const,
      persistAcrossSessions: true,
    })),
  );
}

/** The Mastodon content script, on exactly the signed-in instances' origins. */
export function syncContentScripts(origins: Iterable<string>): Promise<void> {
  return syncScript('mastodon', origins);
}

/** The GoToSocial content script, on exactly the marked GoToSocial servers' origins. */
export function syncMarkedSiteScripts(origins: Iterable<string>): Promise<void> {
  return syncScript('gotosocial', origins);
}
