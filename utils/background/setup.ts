/**
 * Wires the background: intents to their handlers, the content scripts' registrations
 * at every start, a 401 to the pages. Called from entrypoints/background.ts main().
 */
import { browser, type Browser } from 'wxt/browser';
import { t } from '../i18n/translate';
import { registerRunListeners } from './runs';
import { refreshBlocksAfterRun, registerRefreshListeners } from './refresh';
import { registerExpiryListeners } from './expiry';
import { onAccountUnauthorized } from './session';
import { accountRunEnvironment } from './run-environment';
import { sendToInstanceTabs, sendToPages } from './broadcast';
import { syncContentScripts, syncMarkedSiteScripts } from './content-scripts';
import { markedSiteOrigins } from './marked-sites';
import { handleIntent, isIntent, type HandlerContext, type IntentSender } from './handlers';
import { packReply } from '../protocol/plan-rows';
import { storedOAuthApps } from './oauth-app-store';
import { browserAuthFlow, signedInOrigins, type SignInEnvironment } from './sign-in';
import { buildHedgeState } from './state';
import { registerPendingSignInListener } from './pending-sign-in';
import { installAnswerCap } from '../mastodon/answer-size';
import { flushSharedOwnership } from '../db/shared-ownership';
import { getAccountsState } from '../db/accounts';
import { registerSettingsSync } from './sync/settings-sync';
import { releaseAccountRuns } from './sync/run-claims';
import { hasInstancePermission } from '../permissions/instance-permission';
import { registerPageBlockWindowListener } from './page-block-window';

/** The real browser's sign-in environment. */
function browserSignInEnvironment(): SignInEnvironment {
  return { authFlow: browserAuthFlow, hasPermission: hasInstancePermission, apps: storedOAuthApps, now: Date.now };
}

/** Re-renders every open page. */
async function broadcastState(): Promise<void> {
  await sendToPages({ type: 'hedge/state-changed', state: await buildHedgeState() });
}

/**
 * After a change the user made: pages re-render, and the tabs of signed-in origins and of marked
 * GoToSocial servers ask for fresh verdicts.
 */
async function afterUserChange(): Promise<void> {
  await broadcastState();
  for (const origin of new Set([...(await signedInOrigins()), ...(await markedSiteOrigins())])) {
    try {
      await sendToInstanceTabs(origin, { type: 'hedge/verdicts-changed', origin });
    } catch (error) {
      console.warn('Hedge: could not tell the Mastodon tabs about new verdicts', error);
    }
  }
}

/**
 * Who sent a message, or null when Hedge does not trust it. A sender is one of Hedge's own pages
 * only when its URL is the extension's own: the toolbar popup has no tab, the options page (and a
 * popup opened as a page) has one, and neither the tab nor its absence says what a sender is.
 * A content script runs in a tab on a web page. Anything else (another extension, a sender
 * without a URL, a frame with no tab that is not Hedge's) is refused.
 */
export function describeSender(sender: Browser.runtime.MessageSender): IntentSender | null {
  if (sender.id !== browser.runtime.id) return null;
  const url = sender.url;
  if (url === undefined) return null;
  if (url.startsWith(browser.runtime.getURL('/'))) return { isContentScript: false };
  if (sender.tab === undefined || !/^https?:/.test(url)) return null;
  return { isContentScript: true, origin: new URL(url).origin };
}

/**
 * Keeps `storage.local`, which holds the accounts (utils/db/accounts.ts) and settings, out of content
 * scripts' reach. The secrets themselves are in IndexedDB (utils/db/secrets.ts); this is defence in
 * depth, and keeps the rest of Hedge's data from content scripts too. Chrome exposes
 * `storage.local` to content scripts unless told otherwise ("managed, local, and sync storage allow
 * access from both trusted and untrusted contexts", developer.chrome.com/docs/extensions/reference/api/storage
 * `StorageArea.setAccessLevel`); the setting is kept by Chrome and applied again at every start.
 * Firefox offers the method for `storage.session` only, and has nothing to call here (docs/SECURITY.md).
 */
async function restrictLocalStorage(): Promise<'restricted' | 'unsupported'> {
  const local = browser.storage.local as { setAccessLevel?: (options: { accessLevel: 'TRUSTED_CONTEXTS' }) => Promise<void> };
  if (typeof local.setAccessLevel !== 'function') return 'unsupported';
  await local.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' });
  return 'restricted';
}

/** Attaches every listener. Listeners are added synchronously, as MV3 service workers require. */
export function setupBackground(env: SignInEnvironment = browserSignInEnvironment()): void {
  installAnswerCap();
  restrictLocalStorage().catch((error: unknown) => console.error('Hedge: could not keep storage.local from content scripts', error));

  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    if (!isIntent(message)) return undefined;
    const from = describeSender(sender);
    if (from === null) return Promise.resolve({ ok: false, error: { kind: 'denied', message: t('bg_notForWebPages') } });
    const context: HandlerContext = { env, sender: from, onStateChanged: afterUserChange };
    // A preview's rows cross to the pages packed (utils/protocol/plan-rows.ts); their `sendIntent` unpacks them.
    const reply = handleIntent(message, context);
    return from.isContentScript ? reply : reply.then(packReply);
  });

  onAccountUnauthorized(() => broadcastState());

  registerRunListeners({
    ...accountRunEnvironment(),
    // The runs set the toolbar badge (badge.ts); the pages re-render from the state. When no run is left
    // (null), the server's blocks are read again so counts and the content script's verdicts follow the run.
    onChange: async (progress) => {
      if (progress !== null) return broadcastState();
      // The other browsers learn which blocks are Hedge's before they may run again.
      await flushSharedOwnership().catch((error: unknown) => console.warn('Hedge: could not share the blocks of the run', error));
      await releaseAccountRuns((await getAccountsState()).accounts.map((account) => account.key));
      await refreshBlocksAfterRun();
      await afterUserChange();
    },
  });

  registerRefreshListeners(afterUserChange);

  registerExpiryListeners(afterUserChange);

  registerSettingsSync(afterUserChange);

  registerPendingSignInListener(env, afterUserChange);

  registerPageBlockWindowListener();

  const restoreContentScripts = async (): Promise<void> => {
    // Each on its own: a failure of one leaves the other registered.
    await syncContentScripts(await signedInOrigins()).catch((error: unknown) => console.error('Hedge: could not register the Mastodon content scripts', error));
    await markedSiteOrigins()
      .then(syncMarkedSiteScripts)
      .catch((error: unknown) => console.error('Hedge: could not register the GoToSocial content scripts', error));
  };
  browser.runtime.onStartup.addListener(() => void restoreContentScripts());
  browser.runtime.onInstalled.addListener(() => void restoreContentScripts());
}
