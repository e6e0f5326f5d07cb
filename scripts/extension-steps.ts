/**
 * Steps in the built extension that the tour (`npm start`), the bench and the browser specs share,
 * in Chromium (Playwright) and in Firefox (Puppeteer over WebDriver BiDi): signing in through the
 * instance's consent page, turning a preset on from the popup, and sending intents as the pages do.
 *
 * The steps speak to the browser through a {@link PageDriver}, the few things they need from a
 * page; each automation library implements it once (Playwright here, Puppeteer in scripts/firefox.ts).
 */
import type { Page } from 'playwright-core';
import type { Intent, Reply } from '../utils/protocol';
import { unpackReply } from '../utils/protocol/plan-rows';

/** The part of the extension API an extension page's script uses here (in the page, not in Node). */
declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };

/** How long signing in may take, from the click to the account shown. */
const SIGN_IN_TIMEOUT_MS = 20_000;

/** How long a step waits for something to appear on a page. */
const STEP_TIMEOUT_MS = 20_000;

/** The roles the shared steps look elements up by. */
export type StepRole = 'button' | 'switch' | 'region';

/** What the shared steps need from a page of one automation library. */
export interface PageDriver<P> {
  /** Replaces the text of the field labelled `label`. */
  fill(page: P, label: string, value: string): Promise<void>;
  /** Clicks the element of `role` named exactly `name`, waiting for it to appear. */
  click(page: P, role: StepRole, name: string): Promise<void>;
  /** The text of each paragraph in the element of `role` named exactly `name`, waiting for it to appear. */
  paragraphs(page: P, role: StepRole, name: string): Promise<string[]>;
  /** Waits until no element of `role` named exactly `name` is on the page. */
  waitForGone(page: P, role: StepRole, name: string, timeoutMs: number): Promise<void>;
  /** Waits until `page` shows `text` in an element; resolves with that element's whole text. */
  waitForText(page: P, text: string, timeoutMs: number): Promise<string>;
  /**
   * Starts waiting for another page, opened from `page`, whose address starts with `prefix`.
   * Call it before the action that opens the page.
   */
  waitForPage(page: P, prefix: string): Promise<P>;
  /** Runs `fn(arg)` in the page and resolves with its result (which must be plain data). */
  evaluate<A, R>(page: P, fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
}

/** {@link PageDriver} for Playwright, which drives Chromium. */
export const PLAYWRIGHT_DRIVER: PageDriver<Page> = {
  fill: (page, label, value) => page.getByLabel(label).fill(value),
  click: (page, role, name) => page.getByRole(role, { name, exact: true }).click(),
  paragraphs: async (page, role, name) => {
    const element = page.getByRole(role, { name, exact: true });
    await element.waitFor({ timeout: STEP_TIMEOUT_MS });
    return (await element.locator('p').allTextContents()).map((text) => text.trim());
  },
  waitForGone: (page, role, name, timeoutMs) => page.getByRole(role, { name, exact: true }).waitFor({ state: 'detached', timeout: timeoutMs }),
  waitForText: async (page, text, timeoutMs) => {
    const element = page.getByText(text, { exact: false }).first();
    await element.waitFor({ timeout: timeoutMs });
    return (await element.textContent()) ?? '';
  },
  waitForPage: (page, prefix) => page.context().waitForEvent('page', { predicate: (opened) => opened.url().startsWith(prefix) }),
  // Playwright types the argument as it arrives in the page (`Unboxed<A>`); plain data arrives as it was.
  evaluate: (page, fn, arg) => page.evaluate(fn as (arg: unknown) => ReturnType<typeof fn>, arg as unknown),
};

/** The sign-in form's words in a page's language: public/_locales/<lang>, `signInInstanceLabel` and `signIn`. */
export interface SignInWords {
  instanceLabel: string;
  signIn: string;
}

/** The sign-in form's words in English. */
const ENGLISH_SIGN_IN: SignInWords = { instanceLabel: 'Your Mastodon server', signIn: 'Sign in' };

/**
 * Signs in from a page that shows the sign-in form (the popup, or Options › Accounts): types the
 * instance, presses "Sign in", approves on the instance's own consent page (shown to `onConsent`
 * first), and waits until the page shows the account. Returns the account's handle as shown.
 * `words` are the form's label and button in the page's language.
 */
export async function signInWith<P>(
  driver: PageDriver<P>,
  page: P,
  mastodonUrl: string,
  onConsent?: (consent: P) => Promise<void>,
  words: SignInWords = ENGLISH_SIGN_IN,
): Promise<string> {
  await driver.fill(page, words.instanceLabel, mastodonUrl);
  const consentOpened = driver.waitForPage(page, `${mastodonUrl}/oauth/authorize`);
  await driver.click(page, 'button', words.signIn);
  const consent = await consentOpened;
  await driver.waitForText(consent, 'Authorize', STEP_TIMEOUT_MS);
  await onConsent?.(consent);
  await driver.click(consent, 'button', 'Authorize');
  return driver.waitForText(page, '@demo@', SIGN_IN_TIMEOUT_MS);
}

/** {@link signInWith} in Chromium. */
export function signInThroughConsent(page: Page, mastodonUrl: string, onConsent?: (consent: Page) => Promise<void>, words?: SignInWords): Promise<string> {
  return signInWith(PLAYWRIGHT_DRIVER, page, mastodonUrl, onConsent, words);
}

/**
 * Turns on a preset's switch in the popup (`Block Threads`) and returns the sentences of the panel
 * that asks for confirmation: what it blocks and whom the user would lose. Nothing runs yet.
 */
export async function askToTurnOn<P>(driver: PageDriver<P>, popup: P, preset: string): Promise<string[]> {
  await driver.click(popup, 'switch', preset);
  return driver.paragraphs(popup, 'region', `Turn on “${preset}”?`);
}

/** Presses Confirm in the panel {@link askToTurnOn} opened, and waits until the run's progress is gone. */
export async function confirmTurnOn<P>(driver: PageDriver<P>, popup: P, preset: string): Promise<void> {
  await driver.click(popup, 'button', 'Confirm');
  await driver.waitForGone(popup, 'region', `Turn on “${preset}”?`, STEP_TIMEOUT_MS);
  await driver.waitForGone(popup, 'region', 'Applying changes', STEP_TIMEOUT_MS);
}

/** Sends an intent from an extension page, as the popup and the options page do. */
export async function sendIntentWith<P, T>(driver: PageDriver<P>, page: P, intent: Intent): Promise<Reply<T>> {
  const reply = await driver.evaluate(page, async (message) => (await chrome.runtime.sendMessage(message)) as Reply<T>, intent);
  // A plan preview crosses to the pages packed (utils/protocol/plan-rows.ts); the pages' own sendIntent unpacks it, and so does this.
  return unpackReply(reply);
}

/** The intent's value; throws with the background's words when it refused. */
export async function intentValueWith<P, T>(driver: PageDriver<P>, page: P, intent: Intent): Promise<T> {
  const reply = await sendIntentWith<P, T>(driver, page, intent);
  if (!reply.ok) throw new Error(`${intent.type} failed: ${reply.error.kind}: ${reply.error.message}`);
  return reply.value;
}

/** {@link sendIntentWith} in Chromium. */
export function sendIntent<T>(page: Page, intent: Intent): Promise<Reply<T>> {
  return sendIntentWith<Page, T>(PLAYWRIGHT_DRIVER, page, intent);
}

/** {@link intentValueWith} in Chromium. */
export function intentValue<T>(page: Page, intent: Intent): Promise<T> {
  return intentValueWith<Page, T>(PLAYWRIGHT_DRIVER, page, intent);
}
