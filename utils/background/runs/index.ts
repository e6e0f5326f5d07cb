/**
 * Runs in the service worker: start a run from a confirmed plan (start.ts),
 * save the relationships a block is about to cut, drive the apply engine
 * (legs.ts), let the user pause, resume or cancel it (controls.ts), show its
 * progress and history (progress.ts), and make sure an unfinished run
 * continues after anything stops it.
 *
 * No work lives only in memory. Every run and operation is in IndexedDB before
 * a request leaves; what is in memory (worker-state.ts: the running leg, its
 * limiter, the last progress) only avoids re-reading. A stopped service
 * worker, a browser restart or the network coming back continue from the
 * journal (legs.ts).
 *
 * This module is the rest of the background's way in.
 */
import { browser } from 'wxt/browser';
import { registerAccountDataCleaner } from '../account-data';
import { configureRuns, type RunsEnvironment } from './environment';
import { RESUME_ALARM, forgetAccountRuns, resumeInterruptedRuns } from './legs';

export type { RunsEnvironment } from './environment';
export { cancelRun, pauseRun, resumeRun, resumeRunsOfAccount } from './controls';
export { getRunProgress, listRuns } from './progress';
export { startRun, undoRun } from './start';

/**
 * Configures runs, attaches the listeners that continue them (alarm, browser
 * start, network back), deletes an account's runs at sign-out, and continues
 * what a stopped worker left. Call synchronously in the background's `main()`.
 * @param env - the environment.
 */
export function registerRunListeners(env: RunsEnvironment): void {
  configureRuns(env);
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === RESUME_ALARM || alarm.name === `${RESUME_ALARM}/watchdog`) void resumeInterruptedRuns();
  });
  browser.runtime.onStartup.addListener(() => void resumeInterruptedRuns());
  globalThis.addEventListener?.('online', () => void resumeInterruptedRuns());
  registerAccountDataCleaner(forgetAccountRuns);
  void resumeInterruptedRuns().catch((error: unknown) => console.error('Hedge: could not resume unfinished runs', error));
}
