/**
 * How a failure reaches a page: every intent is answered by a `Reply`, and a
 * failure carries a `HedgeError`, in words a user understands.
 */

/** The ways a call to Mastodon fails (utils/mastodon/errors.ts). */
export type MastodonErrorKind = 'unauthorized' | 'rate-limited' | 'invalid-domain' | 'network' | 'server' | 'not-mastodon' | 'denied';

/**
 * Why something failed, as a closed set the UI can explain: Mastodon's kinds,
 * then Hedge's own.
 */
export type HedgeErrorKind =
  | MastodonErrorKind
  | 'invalid-input'
  | 'not-signed-in'
  | 'permission-missing'
  | 'not-found'
  | 'busy'
  | 'list-error'
  | 'not-implemented';

/** A failure in words a user understands. */
export interface HedgeError {
  kind: HedgeErrorKind;
  /** One or two sentences for the user, e.g. "mastodon.example did not answer. Check the address and your connection." */
  message: string;
  /** The server's own message when there is one (a 422's `error` field). */
  serverMessage?: string;
  /** For `rate-limited`: when the server's window resets (ms since epoch). */
  retryAt?: number;
}

/** The answer to every intent. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: HedgeError };
