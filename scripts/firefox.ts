/**
 * Finding and launching the Firefox ESR that runs Hedge in the Firefox specs and `npm start -- --firefox`.
 *
 * Playwright cannot drive Debian's Firefox ESR (it needs its own patched Firefox), so Puppeteer
 * drives it over WebDriver BiDi. What this machine's Firefox ESR 153 does, found by trying it and
 * by reading its own sources (omni.ja):
 * - BiDi navigates only to http, https, file, blob and about:blank unless Firefox starts with
 *   `--remote-allow-system-access` (remote/shared/BrowsingContextUtils.sys.mjs,
 *   `isWebdriverSafeNavigationURL`); a moz-extension: page needs it.
 * - Even then, a navigation to an extension page never resolves in Puppeteer, and the page's
 *   `url()` stays `about:blank`: {@link openExtensionPage} starts it and polls the document.
 * - `webExtension.install` (`browser.installExtension(dir)`) installs the build as a temporary
 *   add-on. Its moz-extension: host is a random UUID per profile unless the pref
 *   `extensions.webextensions.uuids` fixes it, as {@link launchFirefoxWithHedge} does.
 * - The MV3 background is an event page, not a BiDi target: an extension page reaches it through
 *   `extension.getBackgroundPage()` (no wake-up) or `runtime.getBackgroundPage()` (wakes it).
 *   It is suspended after `extensions.background.idle.timeout` ms (30 000 by default, 100 at
 *   least) without an event or an extension API call (toolkit/components/extensions/parent/
 *   ext-backgroundPage.js, `IdleManager`).
 */
import path from 'node:path';
import { existsSync } from 'node:fs';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { ensureBrowser, type InstalledBrowser } from './installed-browser';
import type { PageDriver, StepRole } from './extension-steps';

const FIREFOX_ESR: InstalledBrowser = {
  name: 'Firefox ESR',
  envVar: 'FIREFOX_PATH',
  debianPath: '/usr/bin/firefox-esr',
  aptPackage: 'firefox-esr',
};

/** Finds Firefox ESR, installing Debian's package when we are root with apt-get; throws with the command otherwise. */
export function ensureFirefox(log: (line: string) => void = console.log): string {
  return ensureBrowser(FIREFOX_ESR, log);
}

/** The Firefox end-to-end build (`npm run build:e2e:firefox`): see wxt.config.ts. */
export const FIREFOX_EXTENSION_DIR = path.resolve('.output/e2e/firefox-mv3');

/** The add-on id of wxt.config.ts (`browser_specific_settings.gecko.id`). */
const GECKO_ID = 'hedge@hedge-extension.org';

/** The moz-extension: host the launched Firefox gives Hedge, fixed so that the specs know its pages' addresses. */
export const FIREFOX_EXTENSION_UUID = '0d7e5c1a-6f0b-4d59-9a51-3e2b8c4f7a10';
export const FIREFOX_EXTENSION_ORIGIN = `moz-extension://${FIREFOX_EXTENSION_UUID}`;

/** How long an extension page may take to load. */
const PAGE_LOAD_TIMEOUT_MS = 20_000;

/** How long a step waits for an element. */
const STEP_TIMEOUT_MS = 20_000;

/**
 * Preferences of every launch. Firefox ESR 153 already grants a new MV3 add-on the
 * `host_permissions` of its manifest at install, temporary ones included: its default of
 * `extensions.originControls.grantByDefault` is true (modules/libpref/init/all.js), and
 * Extension.sys.mjs `_setupStartupPermissions` then adds the manifest's origins at
 * ADDON_INSTALL. It is set here all the same, so that a Firefox whose defaults turn it off (hardened
 * configurations do) still grants the local Mastodon, which headless Firefox could not ask the user for.
 */
const BASE_PREFS: Record<string, unknown> = {
  'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_EXTENSION_UUID }),
  'extensions.originControls.grantByDefault': true,
  'intl.locale.requested': 'en-US',
  // No outside network here: nothing that would call home at start.
  'app.update.enabled': false,
  'browser.shell.checkDefaultBrowser': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'extensions.update.enabled': false,
};

/** Firefox with Hedge installed as a temporary add-on. */
export interface FirefoxWithHedge {
  browser: Browser;
  /** Opens one of Hedge's pages (`popup.html`, `options.html#history`) in a new tab, once it has loaded. */
  openExtensionPage(file: string): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Launches Firefox ESR in a fresh profile and installs the built extension.
 * @param options.prefs - more preferences, e.g. `extensions.background.idle.timeout`.
 */
export async function launchFirefoxWithHedge(options: { headless?: boolean; extensionDir?: string; prefs?: Record<string, unknown> } = {}): Promise<FirefoxWithHedge> {
  const extensionDir = options.extensionDir ?? FIREFOX_EXTENSION_DIR;
  if (!existsSync(path.join(extensionDir, 'manifest.json'))) {
    throw new Error(`No built extension at ${extensionDir}: run \`npm run build:e2e:firefox\` first.`);
  }
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: ensureFirefox(),
    headless: options.headless ?? true,
    defaultViewport: options.headless === false ? null : { width: 1280, height: 800 },
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: { ...BASE_PREFS, ...options.prefs },
  });
  try {
    const id = await browser.installExtension(extensionDir);
    if (id !== GECKO_ID) throw new Error(`Firefox installed the add-on as ${id}, not ${GECKO_ID}`);
  } catch (error) {
    await browser.close();
    throw error;
  }
  return {
    browser,
    openExtensionPage: (file) => openExtensionPage(browser, file),
    close: () => browser.close(),
  };
}

/** Errors of a navigation to an extension page that end it as expected: the tab closed, or the browser. */
const ENDED_NAVIGATION = /Frame detached|Target closed|Connection closed|has been closed|disposed/i;

/** Opens `moz-extension://…/file` in a new tab and waits until its document has loaded. */
export async function openExtensionPage(browser: Browser, file: string): Promise<Page> {
  const page = await browser.newPage();
  const url = `${FIREFOX_EXTENSION_ORIGIN}/${file}`;
  // The navigation's promise settles only when the tab closes (see the top of this file).
  page.goto(url, { timeout: 0 }).catch((error: unknown) => {
    if (!ENDED_NAVIGATION.test(String(error))) console.warn(`Opening ${url} failed`, error);
  });
  await pollInPage(page, (expected: string) => location.href === expected && document.readyState === 'complete', url, PAGE_LOAD_TIMEOUT_MS, `${url} loaded`);
  return page;
}

/**
 * Runs `fn(arg)` in the page every 100 ms until it returns something other than false, null or
 * undefined, and resolves with that. Polled by hand, not with Puppeteer's waitForFunction: while a
 * tab changes documents (about:blank to an extension page, a page to the next), Firefox 153 can fail
 * an evaluation with "unknown error: TypeError: right-hand side of 'in' should be an object, got
 * null" (remote/webdriver-bidi/modules/windowglobal/script.sys.mjs), which ends a waitForFunction at
 * once. Here such a failure only means "not yet"; the last one is the cause of a timeout.
 */
async function pollInPage<A, R>(page: Page, fn: (arg: A) => R | false | null | undefined, arg: A, timeoutMs: number, what: string): Promise<R> {
  const deadline = Date.now() + timeoutMs;
  let lastFailure: unknown;
  for (;;) {
    try {
      const value = (await page.evaluate(fn as (arg: unknown) => unknown, arg as unknown)) as R | false | null | undefined;
      if (value !== false && value !== null && value !== undefined) return value;
    } catch (error) {
      lastFailure = error;
    }
    if (Date.now() > deadline) throw new Error(`Not ${what} within ${timeoutMs} ms`, { cause: lastFailure });
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Whether Hedge's event page is running now; asking does not wake it. Ask from one of Hedge's pages. */
export function isBackgroundRunning(page: Page): Promise<boolean> {
  return page.evaluate(() => (globalThis as unknown as { browser: { extension: { getBackgroundPage(): unknown } } }).browser.extension.getBackgroundPage() !== null);
}

/** Puppeteer's ARIA query for an element of `role` named exactly `name`. */
function ariaSelector(role: string, name: string): string {
  return `::-p-aria([name=${JSON.stringify(name)}][role=${JSON.stringify(role)}])`;
}

/** {@link PageDriver} for Puppeteer, which drives Firefox. Its ARIA queries go through Firefox's accessibility tree. */
export const PUPPETEER_DRIVER: PageDriver<Page> = {
  fill: (page, label, value) => page.locator(ariaSelector('textbox', label)).setTimeout(STEP_TIMEOUT_MS).fill(value),
  click: (page, role: StepRole, name) => page.locator(ariaSelector(role, name)).setTimeout(STEP_TIMEOUT_MS).click(),
  paragraphs: async (page, role, name) => {
    const element = await page.waitForSelector(ariaSelector(role, name), { timeout: STEP_TIMEOUT_MS });
    if (!element) throw new Error(`No ${role} named ${name}`);
    return element.$$eval('p', (paragraphs) => paragraphs.map((paragraph) => (paragraph.textContent ?? '').trim()));
  },
  waitForGone: async (page, role, name, timeoutMs) => {
    await page.waitForSelector(ariaSelector(role, name), { hidden: true, timeout: timeoutMs });
  },
  waitForText: (page, text, timeoutMs) =>
    pollInPage(
      page,
      (wanted: string) => {
        // The innermost element that holds the text, as Playwright's getByText finds it.
        const holding = [...(document.body?.querySelectorAll('*') ?? [])].filter((element) => element.textContent?.includes(wanted));
        const innermost = holding.find((element) => ![...element.children].some((child) => child.textContent?.includes(wanted)));
        return innermost?.textContent;
      },
      text,
      timeoutMs,
      `showing “${text}”`,
    ),
  waitForPage: async (page, prefix) => {
    const target = await page.browser().waitForTarget((candidate) => candidate.url().startsWith(prefix), { timeout: STEP_TIMEOUT_MS });
    const opened = await target.page();
    if (!opened) throw new Error(`${prefix} opened, but not as a page`);
    return opened;
  },
  evaluate: (page, fn, arg) => page.evaluate(fn as (arg: unknown) => ReturnType<typeof fn>, arg as unknown) as Promise<Awaited<ReturnType<typeof fn>>>,
};
