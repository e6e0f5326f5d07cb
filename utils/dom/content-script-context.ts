/**
 * The Mastodon content script's context: what WXT's `ContentScriptContext`
 * gives it, and only that. wxt.config.ts puts this module in place of
 * `wxt/utils/content-script-context` in the content script build; WXT's class
 * (with its location watcher, timers and polyfilled `browser`) is about 4 kB,
 * a quarter of the 15 kB the script may weigh.
 *
 * Same contract as WXT's: `signal` aborts when a newer copy of the script
 * starts in the page (after an extension update), announced by a DOM event
 * both copies can see.
 */
export class ContentScriptContext {
  /** Aborts when this copy of the script must stop. */
  readonly signal: AbortSignal;

  constructor(contentScriptName: string) {
    const controller = new AbortController();
    this.signal = controller.signal;
    const eventName = `hedge:${contentScriptName}:started`;
    // Announced before listening, so a copy never hears its own start.
    document.dispatchEvent(new CustomEvent(eventName));
    document.addEventListener(eventName, () => controller.abort(), { signal: this.signal });
  }
}
