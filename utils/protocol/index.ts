/**
 * The protocol between the extension's pages (popup, options), the content
 * script and the background service worker, one module per feature.
 *
 * Pages and the content script only send intents and render what comes back;
 * every decision and every call to Mastodon happens in the background. Nothing
 * in a reply or a broadcast ever carries an access token: views are built from
 * stored accounts by leaving the token out (see `toAccountView` in
 * utils/db/accounts.ts).
 *
 * Every intent has the shape `{ type: 'hedge/…', …fields }` and is answered by
 * a `Reply<T>`: `{ ok: true, value }` or `{ ok: false, error }`.
 */
export * from './accounts';
export * from './broadcasts';
export * from './channel';
export * from './errors';
export * from './history';
export * from './intents';
export * from './limits';
export * from './lists';
export * from './marked-sites';
export * from './page-actions';
export * from './plans';
export * from './state';
