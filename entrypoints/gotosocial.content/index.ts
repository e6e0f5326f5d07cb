import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import type { ContentRuntime } from '../../utils/dom/content-intents';
import { runGotosocialScript } from '../../utils/dom/gotosocial-page';

export default defineContentScript({
  // Registered at run time, only for the GoToSocial servers the user asked Hedge to mark (utils/background/marked-sites.ts).
  registration: 'runtime',
  async main(ctx) {
    // As in the Mastodon content script, `wxt/browser` is the plain `browser ?? chrome` global here (wxt.config.ts).
    await runGotosocialScript({ document, runtime: browser.runtime as unknown as ContentRuntime, signal: ctx.signal });
  },
});
