/**
 * The popup's first question to the background. A small classic script
 * (entrypoints/popup-request.ts) asks it while the browser is still parsing
 * popup.html, before the popup's modules have loaded, so the service worker
 * builds the state while they load; the popup takes the answer from there.
 */
import { sendIntent, type HedgeState, type Reply } from '../messages';

declare global {
  interface Window {
    hedgeFirstState?: Promise<Reply<HedgeState>>;
  }
}

/** Asks the background for the state and keeps the answer for {@link takeFirstState}. */
export function askForFirstState(): void {
  window.hedgeFirstState = sendIntent({ type: 'hedge/get-state' });
}

/** The answer asked for early, or a new question when the early script did not run. */
export function takeFirstState(): Promise<Reply<HedgeState>> {
  const asked = window.hedgeFirstState;
  delete window.hedgeFirstState;
  return asked ?? sendIntent({ type: 'hedge/get-state' });
}
