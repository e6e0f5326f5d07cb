/**
 * What the subscription modules use besides storage: `fetch`, the list
 * cache, a clock, new ids and the host-permission check. The background uses
 * the real ones; tests replace parts of them.
 */
import { createIdbListCache, type ListCacheStore } from '../../db/list-cache';

/** What subscriptions use besides storage; tests replace parts of it. */
export interface SubscriptionEnvironment {
  fetch?: typeof fetch;
  cache?: ListCacheStore;
  now?: () => number;
  newId?: () => string;
  /** Whether Hedge holds host permission for a URL's origin; `undefined` when it cannot tell. */
  hasHostPermission?: (url: string) => Promise<boolean | undefined>;
}

let environment: SubscriptionEnvironment = {};
let defaultCache: ListCacheStore | undefined;

/**
 * Replaces parts of the environment.
 * @internal Tests pass a fetch for a FIRES server, a clock, a cache.
 */
export function configureSubscriptions(env: SubscriptionEnvironment): void {
  environment = env;
}

/** The environment as configured; empty (the real browser's) unless a test set it. */
export function subscriptionEnvironment(): SubscriptionEnvironment {
  return environment;
}

/** Where the subscriptions' copies are kept: the extension's IndexedDB unless a test passes another. */
export function listCache(): ListCacheStore {
  if (environment.cache) return environment.cache;
  defaultCache ??= createIdbListCache();
  return defaultCache;
}

/** Epoch ms. */
export const now = (): number => (environment.now ?? Date.now)();

/** The fetch, clock and host-permission check the list fetcher takes (the permission decides where redirects may go). */
export function fetchOptions(): { fetch?: typeof fetch; now?: () => number; hasHostPermission?: (url: string) => Promise<boolean | undefined> } {
  return {
    ...(environment.fetch ? { fetch: environment.fetch } : {}),
    ...(environment.hasHostPermission ? { hasHostPermission: environment.hasHostPermission } : {}),
    now,
  };
}
