/**
 * Accounts as pages see them, and the intents that sign in, sign out and
 * switch between them.
 */
import type { HedgeError } from './errors';

/** `https://mastodon.social#109302` — an instance origin and the account's id there. */
export type AccountKey = string;

/** A signed-in account as pages see it: never the token. */
export interface AccountView {
  key: AccountKey;
  /** `https://mastodon.social` */
  origin: string;
  accountId: string;
  /** `alice` (local acct as Mastodon gives it) */
  acct: string;
  /** `@alice@mastodon.social`, ready to show. */
  handle: string;
  displayName: string;
  avatarUrl: string;
  /** `4.3.2`, free text from `GET /api/v2/instance`. */
  serverVersion: string;
  /** What the server runs, when Hedge knows it is not Mastodon (utils/core/server-software.ts). */
  software?: 'akkoma' | 'pleroma' | 'gotosocial';
  /** `signed-out-by-server`: a 401 was met; the user must sign in again. Queued work is kept. */
  status: 'active' | 'signed-out-by-server';
  signedInAt: number;
}

/**
 * A sign-in the background carries on while the popup may be closed: `permission` while the
 * browser's host-permission prompt is open, `consent` while the server's consent window is.
 */
export interface PendingSignIn {
  /** `https://mastodon.social` */
  origin: string;
  /** `mastodon.social`, ready to show. */
  host: string;
  phase: 'permission' | 'consent';
  /** When the current phase began. */
  since: number;
}

/** How the last sign-in ended, kept until the popup has shown it. */
export type SignInOutcome =
  | { ok: true; host: string; handle: string; at: number }
  | { ok: false; host: string; error: HedgeError; at: number };

/** Signing in and out, and which account the pages show. */
export interface AccountIntents {
  /** The popup has already been granted host permission for the instance's origin (requestInstancePermission). */
  'hedge/sign-in': { fields: { instance: string }; reply: AccountView };
  /**
   * Sent just before the popup asks for host permission: the background signs in by itself once the
   * permission is granted (`permissions.onAdded`), even when the popup has closed meanwhile.
   */
  'hedge/sign-in-wanted': { fields: { instance: string }; reply: null };
  /** Drops the pending sign-in. */
  'hedge/cancel-sign-in': { fields: object; reply: null };
  /** The popup has shown the sign-in's outcome. */
  'hedge/sign-in-outcome-seen': { fields: object; reply: null };
  'hedge/sign-out': { fields: { accountKey: AccountKey }; reply: null };
  'hedge/switch-account': { fields: { accountKey: AccountKey }; reply: null };
}
