/**
 * Host access to one instance's origin, asked for at sign-in only.
 *
 * Match patterns leave the port out: Firefox refuses ports in match patterns,
 * and a pattern without one matches every port in Chrome and Firefox
 * (developer.chrome.com/docs/extensions/develop/concepts/match-patterns).
 */
import { browser } from 'wxt/browser';

/** `https://mastodon.social/*` for `https://mastodon.social`, `http://localhost/*` for `http://localhost:3000`. */
export function originMatchPattern(origin: string): string {
  const url = new URL(origin);
  return `${url.protocol}//${url.hostname}/*`;
}

/**
 * Asks the user for access to the instance. `permissions.request` needs a
 * user gesture: call this first thing in the click handler, before any await.
 * Resolves to whether access was granted.
 */
export function requestInstancePermission(origin: string): Promise<boolean> {
  return browser.permissions.request({ origins: [originMatchPattern(origin)] });
}

/** Whether Hedge may already talk to the instance. */
export function hasInstancePermission(origin: string): Promise<boolean> {
  return browser.permissions.contains({ origins: [originMatchPattern(origin)] });
}
