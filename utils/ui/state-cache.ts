/**
 * The last state the background sent, kept in the page's own `localStorage`
 * so the popup paints at once when it opens (localStorage is synchronous; a
 * round trip to the service worker, which may have to start first, is not).
 * The state never holds a token (utils/protocol/state.ts), so nothing secret is kept.
 */
import type { HedgeState } from '../protocol';

const CACHE_KEY = 'hedge:last-state';
const CACHE_VERSION = 1;

interface CachedState {
  version: number;
  state: HedgeState;
}

/** The cached state, or null when there is none or it is from an older format. */
export function readCachedState(storage: Storage): HedgeState | null {
  const text = storage.getItem(CACHE_KEY);
  if (text === null) return null;
  try {
    const cached = JSON.parse(text) as Partial<CachedState>;
    return cached.version === CACHE_VERSION && cached.state ? cached.state : null;
  } catch (error) {
    console.warn('Hedge: ignoring an unreadable cached state', error);
    storage.removeItem(CACHE_KEY);
    return null;
  }
}

/** Keeps `state` for the next opening. */
export function writeCachedState(storage: Storage, state: HedgeState): void {
  const cached: CachedState = { version: CACHE_VERSION, state };
  storage.setItem(CACHE_KEY, JSON.stringify(cached));
}
