/**
 * A sign-in that survives the popup closing. In Firefox the popup closes as
 * soon as the user clicks into the host-permission doorhanger or the server's
 * consent window, and with it any promise it was waiting on. So the popup
 * tells the background first ("sign-in wanted for origin X", `hedge/sign-in-wanted`),
 * then calls `permissions.request`; the background starts the OAuth flow
 * itself when the grant arrives (`permissions.onAdded`), whether or not the
 * popup is still open, and keeps the phase and the outcome for the popup to
 * show when it opens again.
 *
 * Facts this rests on:
 * - `permissions.onAdded` is an event of the extension, not of the page that asked: MDN
 *   (developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/API/permissions/onAdded) "Fired when
 *   the extension granted new permissions", supported from Firefox 77 (browser-compat-data
 *   webextensions/api/permissions.json); Chrome's permissions.json says the same ("Fired when the
 *   extension acquires new permissions"). It fires for grants made through `permissions.request`,
 *   wherever that was called.
 * - `identity.launchWebAuthFlow` needs no user gesture, so the background may call it from the
 *   `onAdded` listener. Firefox: its API schema (toolkit/components/extensions/schemas/identity.json)
 *   gives `launchWebAuthFlow` no `requireUserInput` flag, the flag with which Gecko refuses a call made
 *   outside a user input handler ("… may only be called from a user input handler", the check in
 *   ExtensionChild's `callAsyncFunction`); `permissions.request` is refused that way
 *   (Firefox's own permissions tests: "request() fails if not called from an event handler"). Chrome: the reference
 *   (developer.chrome.com/docs/extensions/reference/api/identity#method-launchWebAuthFlow) names no
 *   gesture, where `permissions.request`'s says it must be called during a user action;
 *   `interactive: true` only lets the flow show its window.
 *
 * The record is in `storage.session`: it lasts while the browser runs, and pages of the extension
 * may read it but content scripts may not (`storage.session` is trusted-contexts only by default in
 * Chrome and Firefox, developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/API/storage/session).
 * It holds no token, only the origin and the phase.
 */
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { toAccountView } from '../db/accounts';
import { normalizeInstance } from '../mastodon/instance';
import { originMatchPattern } from '../permissions/instance-permission';
import type { PendingSignIn, SignInOutcome } from '../protocol';
import { ReplyError, toHedgeError } from './reply-error';
import { signInToInstance, type SignInEnvironment } from './sign-in';

/**
 * How long a phase may last before the pending sign-in is dropped: a permission prompt the user
 * closed without answering never sends `onAdded`, and a consent window whose background was
 * stopped never answers. Ten minutes leaves time to sign in to the server first.
 */
export const PENDING_SIGN_IN_TTL_MS = 10 * 60 * 1000;

const pendingItem = storage.defineItem<PendingSignIn | null>('session:pendingSignIn', { fallback: null });
const outcomeItem = storage.defineItem<SignInOutcome | null>('session:signInOutcome', { fallback: null });

/** The flows under way in this background, by origin: the popup's own `hedge/sign-in` and `onAdded` join the same one. */
const running = new Map<string, Promise<StoredSignIn>>();

type StoredSignIn = Awaited<ReturnType<typeof signInToInstance>>;

/** Records that the user asked to sign in to `instance`; the permission prompt is next. */
export async function wantSignIn(instance: string, now: number): Promise<void> {
  const address = normalizeInstance(instance);
  if ('error' in address) throw new ReplyError('invalid-input', address.error.message);
  await outcomeItem.setValue(null);
  await pendingItem.setValue({ origin: address.origin, host: new URL(address.origin).host, phase: 'permission', since: now });
}

/** The pending sign-in, or null when there is none or it has waited too long (then it is dropped). */
export async function getPendingSignIn(now: number): Promise<PendingSignIn | null> {
  const pending = await pendingItem.getValue();
  if (pending === null) return null;
  if (now - pending.since <= PENDING_SIGN_IN_TTL_MS) return pending;
  await pendingItem.setValue(null);
  return null;
}

/** How the last sign-in ended, until the popup has shown it. */
export function getSignInOutcome(): Promise<SignInOutcome | null> {
  return outcomeItem.getValue();
}

/** The popup has shown the outcome. */
export async function forgetSignInOutcome(): Promise<void> {
  await outcomeItem.setValue(null);
}

/**
 * Drops the pending sign-in. A consent window already open stays open (the browser offers no way to
 * close it); approving it there still signs in, as the user chose on the server's own page.
 */
export async function cancelPendingSignIn(): Promise<void> {
  await pendingItem.setValue(null);
}

/**
 * Signs in to `origin`, or joins the flow already running for it. The phase becomes `consent`
 * while the server's window is open; the outcome is kept for the popup, and failures are also thrown.
 */
export function runSignIn(origin: string, env: SignInEnvironment, onPhase: () => Promise<void>): Promise<StoredSignIn> {
  const current = running.get(origin);
  if (current) return current;
  const flow = signInWithPhases(origin, env, onPhase).finally(() => running.delete(origin));
  running.set(origin, flow);
  return flow;
}

async function signInWithPhases(origin: string, env: SignInEnvironment, onPhase: () => Promise<void>): Promise<StoredSignIn> {
  const host = new URL(origin).host;
  const pending = await pendingItem.getValue();
  // A sign-in the popup asked for without announcing it (an older page) is shown all the same.
  if (pending === null || pending.origin === origin) {
    await pendingItem.setValue({ origin, host, phase: 'consent', since: env.now() });
    await onPhase().catch((error: unknown) => console.warn('Hedge: could not show the sign-in phase', error));
  }
  try {
    const account = await signInToInstance(origin, env);
    await settle(origin, { ok: true, host, handle: toAccountView(account).handle, at: env.now() });
    return account;
  } catch (error) {
    await settle(origin, { ok: false, host, error: toHedgeError(error), at: env.now() });
    throw error;
  }
}

/** Ends the pending sign-in of `origin` with its outcome; a cancelled or replaced one keeps no outcome. */
async function settle(origin: string, outcome: SignInOutcome): Promise<void> {
  const pending = await pendingItem.getValue();
  if (pending?.origin !== origin) return;
  await pendingItem.setValue(null);
  await outcomeItem.setValue(outcome);
}

/**
 * Starts the wanted sign-in when its origin has just been granted, popup or not. Resolves once the
 * flow has ended (or at once when the grant is for something else); never throws: the outcome is kept.
 */
export async function continueAfterGrant(
  granted: string[],
  env: SignInEnvironment,
  onPhase: () => Promise<void>,
): Promise<'started' | 'not-wanted'> {
  const pending = await getPendingSignIn(env.now());
  if (pending?.phase !== 'permission' || !granted.includes(originMatchPattern(pending.origin))) return 'not-wanted';
  try {
    await runSignIn(pending.origin, env, onPhase);
  } catch (error) {
    // Kept as the outcome for the popup (settle); logged for whoever reads the console.
    console.warn('Hedge: the sign-in after the permission grant failed', error);
  }
  return 'started';
}

/** Listens for host grants; `onChange` re-renders the pages when the sign-in's phase changes and when it ends. */
export function registerPendingSignInListener(env: SignInEnvironment, onChange: () => Promise<void>): void {
  browser.permissions.onAdded.addListener((permissions) => {
    continueAfterGrant(permissions.origins ?? [], env, onChange)
      .then((result) => (result === 'started' ? onChange() : undefined))
      .catch((error: unknown) => console.error('Hedge: could not continue the sign-in after the permission grant', error));
  });
}
