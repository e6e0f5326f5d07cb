/**
 * Giving host access back. Hedge asks for optional access to an origin when
 * the user signs in to an instance there (utils/permissions/instance-permission.ts) or
 * subscribes to a list published there (utils/permissions/list-permission.ts), or asks Hedge to
 * mark a GoToSocial server's pages (marked-sites.ts); once no signed-in account, no marked server
 * and no subscribed list of any account uses that origin,
 * the access is removed again (`permissions.remove`), so Hedge holds no more
 * access than what it uses today.
 *
 * Match patterns leave the port out, so `http://127.0.0.1:3000` and
 * `http://127.0.0.1:4000` share one grant: the grant stays while either is in
 * use. Origins the manifest requires (`host_permissions`: the end-to-end
 * build's local Mastodon, wxt.config.ts) cannot be removed; Chrome refuses
 * with "You cannot remove required permissions", so they are left alone with
 * a logged reason.
 */
import { browser } from 'wxt/browser';
import { getAccountsState } from '../db/accounts';
import { listMarkedSites } from '../db/marked-sites';
import { listOriginPattern } from '../permissions/list-permission';

/** What a subscription's host access comes from: its list's address, or its FIRES server's. */
export interface ListAddresses {
  url?: string;
  fires?: { serverUrl: string };
}

/** The addresses a subscription was granted access for. */
export function addressesOfList(list: ListAddresses): string[] {
  return [...(list.url === undefined ? [] : [list.url]), ...(list.fires === undefined ? [] : [list.fires.serverUrl])];
}

/** Addresses of sign-ins and subscriptions under way, which keep their origin's access until they end. */
const attemptsUnderWay: string[] = [];

/**
 * Runs a sign-in or a subscription that the user granted access to
 * `address`'s origin for, and when it fails (the server refused, the user
 * cancelled the consent page, the list could not be read) gives that access
 * back unless something else uses it: another account signed in on that
 * origin, another subscription there, or an attempt still under way there.
 * The attempt's own error is thrown again unchanged.
 * @param address - the instance's origin, or the list's or FIRES server's address.
 * @param remainingLists - read after the failure: every subscription stored then.
 */
export async function giveBackAccessOnFailure<T>(address: string, remainingLists: () => Promise<readonly ListAddresses[]>, attempt: () => Promise<T>): Promise<T> {
  attemptsUnderWay.push(address);
  let hasEnded = false;
  const end = (): void => {
    if (hasEnded) return;
    hasEnded = true;
    attemptsUnderWay.splice(attemptsUnderWay.indexOf(address), 1);
  };
  try {
    return await attempt();
  } catch (error) {
    // This attempt no longer holds the origin; another one under way there still does.
    end();
    await releaseUnusedHostAccess([address], await remainingLists());
    throw error;
  } finally {
    end();
  }
}

/**
 * Removes Hedge's access to the origins of `addresses` that no stored account, no marked server,
 * no attempt under way and none of `remainingLists` uses any more. Never throws: access that could
 * not be given back is logged with the browser's reason, and the sign-out or
 * unsubscribing that called it has happened either way.
 * @param addresses - origins or URLs that were just let go of (an account's origin, a list's addresses).
 * @param remainingLists - every subscription still stored, of every account.
 */
export async function releaseUnusedHostAccess(addresses: readonly string[], remainingLists: readonly ListAddresses[]): Promise<void> {
  const candidates = new Set(addresses.map(listOriginPattern).filter((pattern): pattern is string => pattern !== null));
  if (candidates.size === 0) return;
  const { accounts } = await getAccountsState();
  const sites = await listMarkedSites();
  const inUse = new Set(
    [...accounts.map((account) => account.origin), ...sites.map((site) => site.origin), ...attemptsUnderWay, ...remainingLists.flatMap(addressesOfList)]
      .map(listOriginPattern)
      .filter((pattern): pattern is string => pattern !== null),
  );
  const requiredPatterns = requiredHostPatterns();
  if (requiredPatterns === undefined) return;
  const required = new Set(requiredPatterns);
  for (const pattern of candidates) {
    if (inUse.has(pattern)) continue;
    if (required.has(pattern)) {
      console.info(`Hedge: keeps access to ${pattern}: the manifest requires it (host_permissions), so it cannot be removed`);
      continue;
    }
    try {
      if (!(await browser.permissions.contains({ origins: [pattern] }))) continue;
      await browser.permissions.remove({ origins: [pattern] });
    } catch (error) {
      console.warn(`Hedge: could not give back access to ${pattern}; it stays granted until removed in the browser's extension settings`, error);
    }
  }
}

/** The manifest's required host patterns (none in the store build); undefined when there is no manifest to read. */
function requiredHostPatterns(): string[] | undefined {
  try {
    return browser.runtime.getManifest().host_permissions ?? [];
  } catch (error) {
    // Outside an extension (a test without a manifest) there is no access to give back either.
    console.warn('Hedge: no manifest to read, so no host access is given back', error);
    return undefined;
  }
}
