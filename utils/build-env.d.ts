/** Set at build time by wxt.config.ts (`define`); read by utils/core/build-flags.ts. */
interface ImportMetaEnv {
  readonly HEDGE_LOCAL_HTTP?: 'allowed' | 'refused';
}
