/**
 * Steps in the built extension that the tour (`npm start`), the bench and the browser specs share:
 * signing in through the instance's consent page, and sending intents as the pages do.
 */
import type { Locator, Page } from 'playwright-core';
import type { Intent, Reply } from '../utils/messages';

/** The part of the extension API an extension page's script uses here (in the page, not in Node). */
declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };

/** How long signing in may take, from the click to the account shown. */
const SIGN_IN_TIMEOUT_MS = 20_000;

/** The sign-in form's words in English (public/_locales/en: `signInInstanceLabel`, `signIn`). */
const ENGLISH_SIGN_IN = { instanceLabel: 'Your Mastodon server', signIn: 'Sign in' };

/**
 * Signs in from a page that shows the sign-in form (the popup, or Options › Accounts): types the
 * instance, presses "Sign in", approves on the instance's own consent page (shown to `onConsent`
 * first), and waits until the page shows the account. Returns the account's handle as shown.
 * `words` are the form's label and button in the page's language.
 */
export async function signInThroughConsent(
  page: Page,
  mastodonUrl: string,
  onConsent?: (consent: Page) => Promise<void>,
  words: { instanceLabel: string; signIn: string } = ENGLISH_SIGN_IN,
): Promise<Locator> {
  await page.getByLabel(words.instanceLabel).fill(mastodonUrl);
  const consentOpened = page.context().waitForEvent('page', { predicate: (opened) => opened.url().startsWith(`${mastodonUrl}/oauth/authorize`) });
  await page.getByRole('button', { name: words.signIn, exact: true }).click();
  const consent = await consentOpened;
  const authorize = consent.getByRole('button', { name: 'Authorize' });
  await authorize.waitFor();
  await onConsent?.(consent);
  await authorize.click();
  const handle = page.getByText('@demo@', { exact: false }).first();
  await handle.waitFor({ timeout: SIGN_IN_TIMEOUT_MS });
  return handle;
}

/** Sends an intent from an extension page, as the popup and the options page do. */
export async function sendIntent<T>(page: Page, intent: Intent): Promise<Reply<T>> {
  return page.evaluate(async (message) => (await chrome.runtime.sendMessage(message)) as Reply<T>, intent);
}

/** The intent's value; throws with the background's words when it refused. */
export async function intentValue<T>(page: Page, intent: Intent): Promise<T> {
  const reply = await sendIntent<T>(page, intent);
  if (!reply.ok) throw new Error(`${intent.type} failed: ${reply.error.kind}: ${reply.error.message}`);
  return reply.value;
}
