/**
 * The toolbar popup's script (entrypoints/popup/index.html). It must be usable within 100 ms of
 * opening (issue 5; `npm run bench` measures it), so it is one classic script, built alone with
 * its styles inside it (see wxt.config.ts): the page loads a single file, not a module graph and
 * stylesheets, before it asks the background for its state and renders.
 */
// The theme's base rules come first, so that the components' own rules of the same weight win.
import '../components/theme.css';
import { render } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { onStateChanged, sendIntent, type HedgeState, type Reply } from '../utils/protocol';
import { requestInstancePermission } from '../utils/permissions/instance-permission';
import { uiLanguage } from '../utils/i18n/translate';
import { readCachedState, writeCachedState } from '../utils/ui/state-cache';
import { Popup } from '../components/Popup';

function openOptions(section?: string): void {
  const url = browser.runtime.getURL('/options.html');
  void browser.tabs.create({ url: section ? `${url}#${section}` : url });
  window.close();
}

/**
 * Set once the popup has painted the background's own answer (not only the cached copy), so its
 * controls act on the current state; `npm run bench` reads it as `popup_ready_ms`.
 */
const READY_MARK = 'hedge-popup-ready';

/** The popup: the state cached at the last opening until the background's answer replaces it. */
function PopupPage({ cached, answer, page }: { cached: HedgeState | null; answer: Promise<Reply<HedgeState>>; page: Promise<string | null> }) {
  const [state, setState] = useState(cached);
  const [pageUrl, setPageUrl] = useState<string | null>(null);
  const [hasFreshState, setFreshState] = useState(false);
  const [now, setNow] = useState(Date.now());

  useEffect(() => {
    // Preact runs effects after the frame is painted.
    if (hasFreshState) performance.mark(READY_MARK);
  }, [hasFreshState]);

  // Listening starts as the popup renders, not after its first paint, so that no change the
  // background announces after its answer is missed.
  // The newest state shown: the answer to the first question can arrive after a change announced
  // later (a sign-in that ends while the popup opens), and must not put the older state back.
  const newest = useRef(0);
  useLayoutEffect(() => {
    const accept = (next: HedgeState): void => {
      if (next.builtAt < newest.current) return;
      newest.current = next.builtAt;
      setState(next);
      setNow(Date.now());
      keepForNextOpening(next);
    };
    const stop = onStateChanged(accept);
    void answer.then((reply) => {
      if (reply.ok) {
        accept(reply.value);
        setFreshState(true);
      } else console.warn('Hedge: no state from the background', reply.error.message);
    });
    return stop;
  }, [answer]);

  useEffect(() => {
    void page.then(setPageUrl);
  }, [page]);

  return <Popup state={state} send={sendIntent} requestPermission={requestInstancePermission} openOptions={openOptions} now={now} pageUrl={pageUrl} />;
}

/**
 * The active tab's address. Hedge asks for no `tabs` or `activeTab` permission: the browser gives a
 * tab's `url` only to an extension with host access to it (developer.chrome.com/docs/extensions/reference/api/tabs#type-Tab,
 * MDN tabs.Tab), and Hedge has host access to the servers the user signed in to alone. Any other
 * page reads as null.
 */
async function readPageUrl(): Promise<string | null> {
  try {
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    return tab?.url ?? null;
  } catch (cause) {
    console.warn('Hedge: the active tab could not be read', cause);
    return null;
  }
}

/** Writes the state for the next opening once the popup is idle, so the write never delays a paint. */
function keepForNextOpening(state: HedgeState): void {
  requestIdleCallback(() => writeCachedState(window.localStorage, state));
}

export default defineUnlistedScript(() => {
  // The question leaves first: the service worker builds the state while the popup renders.
  const answer = sendIntent({ type: 'hedge/get-state' });
  const page = readPageUrl();
  document.documentElement.lang = uiLanguage();
  // The popup renders at once, with the cached state, before the page's load event: the browser
  // shows the popup when the page has loaded, so it appears with its content and at its size.
  render(<PopupPage cached={readCachedState(window.localStorage)} answer={answer} page={page} />, document.getElementById('app')!);
});
