import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { resolve } from 'node:path';

/** Firefox needs a stable add-on id for storage and for the OAuth redirect URL. */
const GECKO_ID = 'hedge@hedge-extension.org';

/**
 * The end-to-end build (`HEDGE_BUILD=e2e`) differs from the store build in one way: it is granted the
 * local test Mastodon's origins at install. Headless Chromium cannot show the permission prompt that
 * `permissions.request` opens at sign-in, so the prompt is answered in advance; with the origin already
 * granted, `permissions.request` resolves at once and the sign-in code runs unchanged.
 */
const IS_E2E_BUILD = process.env.HEDGE_BUILD === 'e2e';
const LOCAL_ORIGINS = ['http://localhost/*', 'http://127.0.0.1/*'];

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  imports: false,
  manifestVersion: 3,
  // The sources zip that Mozilla's reviewers rebuild from: the extension's code, not its tests and pictures.
  zip: { excludeSources: ['tests/**', 'docs/**', 'bench/**', 'tour/**', 'test-results/**', '.ci/**'] },
  outDir: IS_E2E_BUILD ? '.output/e2e' : '.output',
  vite: () => ({
    plugins: [preact()],
  }),
  hooks: {
    // The content script must stay small (issue 6: under 15 kB minified). Its only use of the extension
    // API is runtime messaging, which `chrome.*` and `browser.*` both offer with promises in MV3, so its
    // build takes WXT's plain `browser` (globalThis.browser ?? chrome) instead of the 10 kB polyfill, and
    // a context that only provides `signal` (utils/dom/content-script-context.ts) instead of WXT's 4 kB one.
    'vite:build:extendConfig'(entrypoints, config) {
      if (!entrypoints.every((entrypoint) => entrypoint.type === 'content-script')) return;
      const contentContext = resolve(config.root ?? process.cwd(), 'utils/dom/content-script-context.ts');
      config.resolve = {
        ...config.resolve,
        alias: { ...config.resolve?.alias, 'wxt/browser': '@wxt-dev/browser', 'wxt/utils/content-script-context': contentContext },
      };
    },
  },
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['storage', 'identity', 'alarms', 'scripting', 'notifications'],
    // Host access is asked for at sign-in, for that instance's origin only.
    optional_host_permissions: ['https://*/*', ...LOCAL_ORIGINS],
    ...(IS_E2E_BUILD ? { host_permissions: LOCAL_ORIGINS } : {}),
    action: { default_title: '__MSG_extName__' },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: { id: GECKO_ID, strict_min_version: '142.0', data_collection_permissions: { required: ['none'] } },
          },
        }
      : {}),
  }),
});
