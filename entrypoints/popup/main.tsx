import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { onStateChanged, sendIntent, type HedgeState } from '../../utils/messages';
import { requestInstancePermission } from '../../utils/mastodon/permissions';
import { uiLanguage } from '../../utils/i18n';
import { readCachedState, writeCachedState } from '../../utils/ui/state-cache';
import { Popup } from '../../components/Popup';
import '../../components/theme.css';

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

function PopupPage() {
  // The cached state paints at once; the background's answer replaces it.
  const [state, setState] = useState<HedgeState | null>(() => readCachedState(window.localStorage));
  const [hasFreshState, setFreshState] = useState(false);
  const [now, setNow] = useState(Date.now());

  useEffect(() => {
    // Preact runs effects after the frame is painted.
    if (hasFreshState) performance.mark(READY_MARK);
  }, [hasFreshState]);

  useEffect(() => {
    const accept = (next: HedgeState): void => {
      setState(next);
      setNow(Date.now());
      writeCachedState(window.localStorage, next);
    };
    const stop = onStateChanged(accept);
    void sendIntent({ type: 'hedge/get-state' }).then((reply) => {
      if (reply.ok) {
        accept(reply.value);
        setFreshState(true);
      } else console.warn('Hedge: no state from the background', reply.error.message);
    });
    return stop;
  }, []);

  return <Popup state={state} send={sendIntent} requestPermission={requestInstancePermission} openOptions={openOptions} now={now} />;
}

document.documentElement.lang = uiLanguage();
render(<PopupPage />, document.getElementById('app')!);
