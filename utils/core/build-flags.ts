/**
 * What differs between the store build and the end-to-end build, decided when
 * the extension is built (wxt.config.ts defines `import.meta.env.HEDGE_LOCAL_HTTP`
 * from `HEDGE_BUILD=e2e`). Tests set it with `vi.stubEnv`.
 */

/**
 * Whether plain `http:` to `localhost` and `127.0.0.1` is read: only in the
 * end-to-end build, whose test servers run there without certificates. The
 * store build reads lists and FIRES servers over `https:` alone, so a page on
 * the user's own computer cannot be made a list source by a typed address or
 * a redirect.
 */
export function allowsLocalHttp(): boolean {
  return import.meta.env.HEDGE_LOCAL_HTTP === 'allowed';
}
