/**
 * Steps the browser specs share: signing in through the instance's consent page, reading a
 * download, waiting for the local Mastodon's state, and saving the pictures of the pages.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { BrowserContext, Download, Locator, Page } from '@playwright/test';
import { expect } from './fixtures';
import type { FakeMastodon } from '../fake-mastodon/index';
import { signInThroughConsent } from '../../scripts/extension-steps';

/**
 * Where the specs save their pictures. The README's, in docs/screenshots, are replaced only on
 * purpose (`npm run screenshots` sets HEDGE_SCREENSHOTS=1); any other run writes them under
 * test-results/, so that running the tests leaves the committed files as they are.
 */
export const SCREENSHOT_DIR = path.resolve(process.env.HEDGE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'test-results/screenshots');

/** The popup's real width (components/Popup.css: 360px plus the page margin); its height follows the content. */
export const POPUP_VIEWPORT = { width: 380, height: 640 };

/** The Threads preset's domains (utils/core/presets.ts). */
export const THREADS_DOMAINS = ['threads.net', 'threads.com', 'threads.instagram.com'];

/** The seed's blocks made by hand in Mastodon, newest first (tests/fake-mastodon/README.md). */
export const SEED_MANUAL_BLOCKS = ['crypto-scam.example.net', 'spam.example'];

/** Header of the follows CSV Mastodon imports under Preferences › Import and export › Following list. */
export const FOLLOWING_CSV_HEADER = 'Account address,Show boosts,Notify on new posts,Languages';

/**
 * Signs in from a page that shows the sign-in form (the popup, or Options › Accounts): types the
 * instance, presses "Sign in", approves on the instance's own consent page, and waits until the
 * page shows the account.
 */
export async function signIn(page: Page, mastodon: FakeMastodon): Promise<void> {
  await signInThroughConsent(page, mastodon.url);
}

/** Opens the popup at its real size, in the given colour scheme. */
export async function openPopup(openExtensionPage: (file: string) => Promise<Page>, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const popup = await openExtensionPage('popup.html');
  await popup.emulateMedia({ colorScheme });
  await popup.setViewportSize(POPUP_VIEWPORT);
  await expect(popup.locator('main')).toBeVisible();
  return popup;
}

/** Runs `action` (a click), and returns the file it downloads: its suggested name and text. */
export async function downloadText(page: Page, action: () => Promise<void>): Promise<{ fileName: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), action()]);
  return { fileName: download.suggestedFilename(), text: await readDownload(download) };
}

async function readDownload(download: Download): Promise<string> {
  const file = await download.path();
  return readFile(file, 'utf8');
}

/** The lines of a CSV file without the trailing empty line; CRLF or LF. */
export function csvLines(text: string): string[] {
  return text.split(/\r?\n/).filter((line) => line !== '');
}

/** The POSTs and DELETEs the extension sent to the personal domain block API so far. */
export function domainBlockWrites(mastodon: FakeMastodon): string[] {
  return mastodon.state.requests
    .filter((request) => request.path === '/api/v1/domain_blocks' && (request.method === 'POST' || request.method === 'DELETE'))
    .map((request) => `${request.method} ${request.query}`);
}

/** Waits until the server's personal blocks, sorted, equal `expected` sorted. */
export async function expectServerBlocks(mastodon: FakeMastodon, expected: string[]): Promise<void> {
  await expect.poll(() => [...mastodon.state.domainBlocks()].sort(), { timeout: 20_000 }).toEqual([...expected].sort());
}

/**
 * Saves a screenshot of `page` as <name>.png in {@link SCREENSHOT_DIR}. A popup is taken whole (its
 * document is as tall as its content), an options page as the viewport shows it.
 */
export async function saveScreenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  // A focus ring left by the last step, animations and the caret would make the pictures differ from run to run.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: options.fullPage ?? false, animations: 'disabled', caret: 'hide' });
}

/** The page of the extension whose URL ends with `file`, once it is open. */
export async function extensionPage(context: BrowserContext, file: string): Promise<Page> {
  const open = context.pages().find((page) => page.url().includes(file));
  return open ?? (await context.waitForEvent('page', { predicate: (page) => page.url().includes(file) }));
}

/**
 * Answers Hedge's confirmation window with one of its buttons, which closes the window. A mouse
 * click there can fail in Playwright with "Target page … has been closed" although it was made,
 * when the window closes before the click's own steps end; Enter activates a button as the key goes
 * down (HTML's activation behaviour), so the press ends before the window does.
 */
export async function answerClosingWindow(button: Locator): Promise<void> {
  const window = button.page();
  const closed = window.waitForEvent('close');
  await button.focus();
  await window.keyboard.down('Enter');
  await closed;
}
