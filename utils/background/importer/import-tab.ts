/**
 * A background tab of the user's own instance on its import page, where the
 * steps of page-steps.ts run (why in a page: see there). Hedge opens it only
 * after the user asked for the importer, on the origin the user signed in to
 * (the only one it holds access to), and closes it when the steps are done.
 */
import { browser } from 'wxt/browser';
import type { ImportPageCheck, ImportProgress, ImportSendResult } from './page-steps';
import { inspectImportPage, readImportProgress, sendDomainBlocksImport } from './page-steps';

/** How long the import page may take to load. */
const LOAD_TIMEOUT_MS = 30_000;

/** The steps, as the importer flow calls them; tests and the bench give their own. */
export interface ImportPage {
  inspect(): Promise<ImportPageCheck>;
  send(csv: string, fileName: string): Promise<ImportSendResult>;
  progress(importId: string): Promise<ImportProgress>;
  close(): Promise<void>;
}

/** Opens `origin`'s import page in a tab the user does not switch to. Throws when it does not load. */
export async function openImportPage(origin: string): Promise<ImportPage> {
  const url = new URL('/settings/imports', origin).href;
  const tab = await browser.tabs.create({ url, active: false });
  const tabId = tab.id;
  if (tabId === undefined) throw new Error('The browser opened no tab for the import page.');
  try {
    await loaded(tabId);
  } catch (error) {
    await browser.tabs.remove(tabId);
    throw error;
  }
  async function run<T>(func: (...args: never[]) => T | Promise<T>, args: unknown[]): Promise<Awaited<T>> {
    // Only the page of the user's own instance: a redirect elsewhere (a single sign-on page) is not it.
    const current = await browser.tabs.get(tabId as number);
    if (current.url === undefined || new URL(current.url).origin !== new URL(origin).origin) return { kind: 'signed-out' } as Awaited<T>;
    const [result] = await browser.scripting.executeScript({ target: { tabId: tabId as number }, world: 'MAIN', func: func as () => T, args: args as [] });
    return result?.result as Awaited<T>;
  }
  return {
    inspect: () => run(inspectImportPage, []),
    send: (csv, fileName) => run(sendDomainBlocksImport, [csv, fileName]),
    progress: (importId) => run(readImportProgress, [importId]),
    close: () => browser.tabs.remove(tabId),
  };
}

/**
 * Resolves once the tab has loaded a page of the web (its own page or the sign-in page it was sent
 * to). Firefox first reports the new tab's `about:blank` as complete, so that one does not count.
 */
function loaded(tabId: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      browser.tabs.onUpdated.removeListener(listener);
      reject(new Error('The import page did not load in time.'));
    }, LOAD_TIMEOUT_MS);
    function listener(id: number, change: { status?: string }, tab: { status?: string; url?: string }): void {
      if (id !== tabId || (change.status ?? tab.status) !== 'complete' || !/^https?:/.test(tab.url ?? '')) return;
      clearTimeout(timer);
      browser.tabs.onUpdated.removeListener(listener);
      resolve();
    }
    browser.tabs.onUpdated.addListener(listener);
    // The page may have loaded before the listener was added.
    void browser.tabs.get(tabId).then((tab) => listener(tabId, {}, tab));
  });
}
