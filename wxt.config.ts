import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { resolve } from 'node:path';
import type { Plugin, PluginOption } from 'vite';
import { projectZipDate, stampZipFile } from './scripts/release/zip-stamp';

/** Firefox needs a stable add-on id for storage and for the OAuth redirect URL. */
const GECKO_ID = 'hedge@hedge-extension.org';

/**
 * The end-to-end build (`HEDGE_BUILD=e2e`) differs from the store build in one way: it is granted the
 * local test Mastodon's origins at install. Headless Chromium cannot show the permission prompt that
 * `permissions.request` opens at sign-in, so the prompt is answered in advance; with the origin already
 * granted, `permissions.request` resolves at once and the sign-in code runs unchanged.
 *
 * The Firefox end-to-end build (`npm run build:e2e:firefox`, in .output/e2e/firefox-mv3) is the same.
 * Firefox MV3 treats `host_permissions` as optional: the user can take them back in about:addons, and
 * Firefox grants them at install only while `extensions.originControls.grantByDefault` is true
 * (toolkit/components/extensions/Extension.sys.mjs, `_setupStartupPermissions`, at ADDON_INSTALL).
 * That is Firefox's default (modules/libpref/init/all.js, Firefox 127 and later; ESR 153 here), and it
 * holds for a temporary add-on installed over WebDriver BiDi too: `permissions.getAll()` lists both local
 * origins right after the install, and none when Firefox starts with the pref set to false. The Firefox
 * test launcher (scripts/firefox.ts) also sets the pref, for builds of Firefox that turn it off. The
 * alternative, granting at run time, would need `permissions.request` from a user's click, which
 * headless Firefox cannot show or answer.
 */
const IS_E2E_BUILD = process.env.HEDGE_BUILD === 'e2e';
const LOCAL_ORIGINS = ['http://localhost/*', 'http://127.0.0.1/*'];

/** `plugins` with every plugin called `name` replaced by `false`, which Vite skips. */
function withoutPlugin(plugins: PluginOption[], name: string): PluginOption[] {
  return plugins.map((plugin) => {
    if (Array.isArray(plugin)) return withoutPlugin(plugin, name);
    return typeof plugin === 'object' && plugin !== null && 'name' in plugin && plugin.name === name ? false : plugin;
  });
}

/** The unlisted script that is the whole popup: entrypoints/popup-script.tsx. */
const POPUP_SCRIPT = 'popup-script';

/**
 * Moves the styles of a script built alone into the script, which adds them to its page as it
 * starts. The popup then loads one file before it renders instead of a script and a stylesheet:
 * fewer requests for the browser to serve while it opens the popup. The styles are Hedge's own,
 * known when it is built; nothing read at run time goes into them.
 */
function stylesInScript(): Plugin {
  return {
    name: 'hedge:styles-in-script',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const files = Object.values(bundle);
      const styles = files.filter((file) => file.type === 'asset' && file.fileName.endsWith('.css'));
      const script = files.find((file) => file.type === 'chunk' && file.isEntry);
      if (script?.type !== 'chunk' || styles.length === 0) return;
      const text = (source: string | Uint8Array): string => (typeof source === 'string' ? source : new TextDecoder().decode(source));
      const css = styles.map((style) => (style.type === 'asset' ? text(style.source) : '')).join('\n');
      script.code = `document.head.append(Object.assign(document.createElement('style'),{textContent:${JSON.stringify(css)}}));\n${script.code}`;
      for (const style of styles) delete bundle[style.fileName];
    },
  };
}

/**
 * WXT's content-script entry wraps `main` in a try/catch whose only work, in a production build,
 * is to rethrow: its logger prints nothing there (`import.meta.env.MODE === "production"`), yet
 * the logger and its message weigh about 350 bytes of the content script's 15 kB (issue 6). This
 * takes the wrapper out, so a failure to start is the same rejected promise, without the dead code.
 * The build fails if WXT's entry no longer reads as expected, rather than shipping it unchanged.
 */
function leanContentScriptEntry(): Plugin {
  return {
    name: 'hedge:lean-content-script-entry',
    apply: 'build',
    transform(code, id) {
      // WXT loads its entry as a virtual module (wxt/dist/core/builders/vite/plugins/resolveVirtualModules.mjs).
      if (!id.startsWith('\0virtual:wxt-content-script-isolated-world-entrypoint?')) return null;
      const start = code.indexOf('//#region src/utils/internal/logger.ts');
      const body = /try \{\n([\s\S]*?)\n\t\} catch \(err\) \{\n\t\tlogger\.error\([^\n]*\n\t\tthrow err;\n\t\}/.exec(code);
      const end = code.indexOf('//#region src/virtual/content-script-isolated-world-entrypoint.ts');
      if (start === -1 || end === -1 || body === null) throw new Error(`WXT's content-script entry changed: review leanContentScriptEntry in wxt.config.ts (${id})`);
      return code.slice(0, start) + code.slice(end).replace(body[0], body[1]!.trim());
    },
  };
}

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  imports: false,
  manifestVersion: 3,
  // The sources zip that Mozilla's reviewers rebuild from: the extension's code, not its tests and pictures.
  zip: { excludeSources: ['tests/**', 'docs/**', 'bench/**', 'tour/**', 'test-results/**', '.ci/**'] },
  outDir: IS_E2E_BUILD ? '.output/e2e' : '.output',
  vite: () => ({
    plugins: [preact()],
    // Plain http from the user's own computer (the local test servers) is read by the end-to-end build
    // only; the store build reads lists over https alone (utils/core/build-flags.ts).
    define: { 'import.meta.env.HEDGE_LOCAL_HTTP': JSON.stringify(IS_E2E_BUILD ? 'allowed' : 'refused') },
  }),
  hooks: {
    // Both zips are written again with one fixed date on every entry, so that a rebuild from the
    // sources zip (SOURCE-BUILD.md) gives the same bytes: scripts/release/zip-stamp.ts.
    'zip:extension:done': async (wxt, zipPath) => stampZipFile(zipPath, await projectZipDate(wxt.config.root)),
    'zip:sources:done': async (wxt, zipPath) => stampZipFile(zipPath, await projectZipDate(wxt.config.root)),
    // Only the service worker takes webextension-polyfill (its message listeners answer by returning a
    // promise, which the polyfill carries in Chrome). The pages and the content script use `browser.*`
    // calls that `chrome.*` and `browser.*` both offer with promises in MV3, so they take WXT's plain
    // `browser` (globalThis.browser ?? chrome) instead of the 10 kB polyfill: the content script must stay
    // under 15 kB (issue 6) and the popup must be usable within 100 ms (issue 5). The content script also
    // takes a context that only provides `signal` (utils/dom/content-script-context.ts) instead of WXT's 4 kB one.
    'vite:build:extendConfig'(entrypoints, config) {
      // `imports: false` turns WXT's auto-imports off for types and lint, yet its unimport plugin still
      // rewrote code: a parameter named `storage` gained `import { storage } from 'wxt/utils/storage'`,
      // which put WXT's storage into the popup. Every import in Hedge is written out, so the plugin goes.
      config.plugins = withoutPlugin(config.plugins ?? [], 'unimport');
      if (entrypoints.some((entrypoint) => entrypoint.name === POPUP_SCRIPT)) config.plugins.push(stylesInScript());
      if (entrypoints.some((entrypoint) => entrypoint.type === 'background')) return;
      const alias: Record<string, string> = { 'wxt/browser': '@wxt-dev/browser' };
      if (entrypoints.every((entrypoint) => entrypoint.type === 'content-script')) {
        alias['wxt/utils/content-script-context'] = resolve(config.root ?? process.cwd(), 'utils/dom/content-script-context.ts');
        // In `wxt dev` the logger prints, and its "crashed on startup" line is worth keeping.
        if (config.mode === 'production') config.plugins.push(leanContentScriptEntry());
      }
      config.resolve = { ...config.resolve, alias: { ...config.resolve?.alias, ...alias } };
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
