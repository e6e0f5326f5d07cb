/**
 * The importer's page steps (utils/background/importer/page-steps.ts) run for real, in a
 * Chromium page on the local Mastodon's origin, as `scripting.executeScript` runs them in the
 * extension: each function's own source text is evaluated in the page, with its arguments. The
 * web session is demo's `_mastodon_session` cookie, given to the browser as a sign-in would.
 * Used by the importer's integration tests and by the bench.
 */
import { chromium, type Browser, type BrowserContext } from 'playwright';
import { CHROMIUM_ARGS, ensureChromium } from '../../scripts/chromium';
import type { ImportPage } from '../../utils/background/importer/import-tab';
import { inspectImportPage, readImportProgress, sendDomainBlocksImport } from '../../utils/background/importer/page-steps';
import { SESSION_COOKIE, type FakeMastodon } from '../fake-mastodon/index';

export interface ImportBrowser {
  /** Opens the import page in a new tab, as `openImportPage` does in the extension. */
  openPage: (origin: string) => Promise<ImportPage>;
  /** Gives the browser demo's web session (a sign-in at /auth/sign_in). */
  signIn: () => Promise<void>;
  /** Tabs opened and not closed. */
  openTabs: () => number;
  close: () => Promise<void>;
}

export async function launchImportBrowser(mastodon: FakeMastodon): Promise<ImportBrowser> {
  const browser: Browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS, headless: true });
  const context: BrowserContext = await browser.newContext();
  const evaluate = <T>(page: import('playwright').Page, func: (...args: never[]) => T | Promise<T>, args: unknown[]) =>
    // tsx (the bench) compiles with esbuild's keepNames, which wraps inner functions in a `__name`
    // helper that the page does not have; the extension's build does not (check: no `__name` in
    // .output/chrome-mv3/background.js).
    page.evaluate(`(() => { const __name = (target) => target; return (${func.toString()})(...${JSON.stringify(args)}); })()`) as Promise<Awaited<T>>;
  return {
    openPage: async (origin) => {
      const page = await context.newPage();
      await page.goto(new URL('/settings/imports', origin).href);
      return {
        inspect: () => evaluate(page, inspectImportPage, []),
        send: (csv, fileName) => evaluate(page, sendDomainBlocksImport, [csv, fileName]),
        progress: (importId) => evaluate(page, readImportProgress, [importId]),
        close: () => page.close(),
      };
    },
    signIn: async () => {
      await context.addCookies([{ name: SESSION_COOKIE, value: mastodon.importer.signIn(), url: mastodon.url, httpOnly: true, sameSite: 'Lax' }]);
    },
    openTabs: () => context.pages().length,
    close: () => browser.close(),
  };
}
