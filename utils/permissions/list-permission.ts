/**
 * Host access to the server a subscribed list (or a FIRES dataset) is
 * published on, asked for by the options page in the click that subscribes.
 *
 * Why ask: lists live on any host, and the background reads them with
 * `fetch`. Without host permission an extension's fetch is an ordinary
 * cross-origin request, which works only when the server allows any origin
 * (`Access-Control-Allow-Origin: *`, as raw.githubusercontent.com, seirdy.one
 * and connect.iftas.org send) and which turns the conditional headers
 * (`If-None-Match`) into a preflight some hosts refuse. With the permission,
 * the list is read whatever its CORS headers, today and at every scheduled
 * refresh. The manifest offers `https://*\/*` as optional host permissions;
 * only the list's own origin is ever requested.
 */
import { browser } from 'wxt/browser';
import { originMatchPattern } from './instance-permission';

/**
 * Asks the user for access to the list's server. `permissions.request` needs
 * a user gesture: call this first thing in the click handler, before any await.
 * Resolves to whether access was granted; an address that is not a web address
 * resolves to false (the background then explains what is wrong with it).
 * @param url - the list's address, or the FIRES server's.
 */
export function requestListPermission(url: string): Promise<boolean> {
  const pattern = listOriginPattern(url);
  return pattern === null ? Promise.resolve(false) : browser.permissions.request({ origins: [pattern] });
}

/**
 * Whether Hedge may already read the list's server.
 * @param url - the list's address, or the FIRES server's.
 */
export function hasListPermission(url: string): Promise<boolean> {
  const pattern = listOriginPattern(url);
  return pattern === null ? Promise.resolve(false) : browser.permissions.contains({ origins: [pattern] });
}

/** `https://seirdy.one/*` for `https://seirdy.one/pb/tier0.csv`; null for anything but an http(s) address. */
export function listOriginPattern(url: string): string | null {
  if (!URL.canParse(url)) return null;
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  return originMatchPattern(parsed.origin);
}
