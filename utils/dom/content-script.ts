/**
 * The Mastodon content script, with its surroundings passed in so tests can
 * run it on fixtures: check that the page is the Mastodon web app, read the
 * local domain, ask the background for verdicts, mark, and follow the
 * background's broadcasts until the signal aborts.
 *
 * The page's initial state also holds the session's access token
 * (app/helpers/application_helper.rb `render_initial_state`); only
 * `meta.domain` is taken from it and the parsed object is dropped at once.
 */
import { toAsciiDomain } from './acct';
import { createContentLookup } from './content-lookup';
import { broadcastFor, requestPageAction, requestSnapshot, seenSubdomainsReporter, subscribeOfferRequester, type ContentRuntime } from './content-intents';
import { startMarking, type Marker } from './observer';
import { createSeenReporter } from './seen-subdomains';
import { APP_ROOT, INITIAL_STATE } from './selectors';

/** What the content script needs from its surroundings. */
export interface ContentScriptOptions {
  document: Document;
  runtime: ContentRuntime;
  /** The content script context's signal: aborts when the extension is updated or unloaded. */
  signal: AbortSignal;
}

/** Why the content script stopped at once, or that it runs. */
export type ContentScriptStatus = 'not-mastodon' | 'running';

/**
 * The server's own domain, lowercase punycode, from the initial state's `meta.domain`; nothing else
 * is kept. Null on a page that is not Mastodon's web app (`div#mastodon` and the initial-state
 * script, app/views/shared/_web_app.html.haml), or whose initial state does not read.
 */
export function readLocalDomain(document: Document): string | null {
  const text = document.querySelector(APP_ROOT) && document.querySelector(INITIAL_STATE)?.textContent;
  if (!text) return null;
  let domain: unknown;
  try {
    domain = (JSON.parse(text) as { meta?: { domain?: unknown } } | null)?.meta?.domain;
  } catch {
    // JSON.parse of a string throws only for text that is not JSON: not a page Hedge can read.
    return null;
  }
  return typeof domain === 'string' ? toAsciiDomain(domain) : null;
}

/** Runs the content script on `document` until `signal` aborts. */
export async function runContentScript(options: ContentScriptOptions): Promise<ContentScriptStatus> {
  const { document, runtime, signal } = options;
  const localDomain = readLocalDomain(document);
  if (localDomain === null) return 'not-mastodon';
  const origin = document.location.origin;

  let marker: Marker | null = null;
  let generation = 0;
  const onParentBlocked = createSeenReporter(seenSubdomainsReporter(runtime), signal);
  const unmark = (): void => {
    marker?.stop();
    marker = null;
  };

  const refresh = async (): Promise<void> => {
    const current = ++generation;
    const snapshot = await requestSnapshot(runtime, origin);
    // A newer request may have been sent meanwhile; only the newest answer counts.
    if (signal.aborted || current !== generation) return;
    // Not signed in here (any more), or nothing known yet: no marks.
    if (snapshot === null) {
      unmark();
      return;
    }
    const lookup = createContentLookup(snapshot, onParentBlocked);
    if (marker === null) {
      marker = startMarking({
        document,
        localDomain,
        lookup,
        blockDomain: (domain) => requestPageAction(runtime, 'hedge/block-domain-from-page', domain),
        limitDomain: (domain) => requestPageAction(runtime, 'hedge/limit-domain-from-page', domain),
        subscribeList: subscribeOfferRequester(runtime),
        signal,
      });
    } else {
      marker.update(lookup);
    }
  };

  const onMessage = (message: unknown): undefined => {
    const broadcast = broadcastFor(message, origin);
    if (broadcast === null || signal.aborted) return undefined;
    if (broadcast.type === 'hedge/signed-out') unmark();
    else void refresh();
    return undefined;
  };
  runtime.onMessage.addListener(onMessage);
  signal.addEventListener('abort', () => runtime.onMessage.removeListener(onMessage), { once: true });

  await refresh();
  return 'running';
}
