import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { runContentScript, type ContentScriptOptions } from '../../utils/dom/content-script';

export default defineContentScript({
  // Registered at run time, only for the origins of signed-in instances (utils/background/content-scripts.ts).
  registration: 'runtime',
  async main(ctx) {
    // This build resolves `wxt/browser` to the plain `browser ?? chrome` global (see wxt.config.ts), not the polyfill.
    const runtime = browser.runtime as unknown as ContentScriptOptions['runtime'];
    await runContentScript({ document, runtime, signal: ctx.signal });
  },
});
