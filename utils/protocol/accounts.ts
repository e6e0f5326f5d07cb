/**
 * Accounts as pages see them, and the intents that sign in, sign out and
 * switch between them.
 */

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
  /** `signed-out-by-server`: a 401 was met; the user must sign in again. Queued work is kept. */
  status: 'active' | 'signed-out-by-server';
  signedInAt: number;
}

/** Signing in and out, and which account the pages show. */
export interface AccountIntents {
  /** The popup has already been granted host permission for the instance's origin (requestInstancePermission). */
  'hedge/sign-in': { fields: { instance: string }; reply: AccountView };
  'hedge/sign-out': { fields: { accountKey: AccountKey }; reply: null };
  'hedge/switch-account': { fields: { accountKey: AccountKey }; reply: null };
}
