/**
 * The one stylesheet Hedge adds to a Mastodon page: marks.css, imported as
 * text (Vite's `?inline`, minified in the build) and put in a `<style>`.
 */
import STYLESHEET from './marks.css?inline';

/** The `id` of the injected `<style>`. */
export const STYLESHEET_ID = 'hedge-marks';

/** Attribute on every node Hedge inserts, so observers and cleanup can tell them apart. */
export const OWN_ATTRIBUTE = 'data-hedge-own';

/** Adds the stylesheet once; removed when `signal` aborts. */
export function injectStylesheet(document: Document, signal: AbortSignal): Element {
  const existing = document.getElementById(STYLESHEET_ID);
  if (existing !== null) return existing;
  const style = Object.assign(document.createElement('style'), { id: STYLESHEET_ID, textContent: STYLESHEET });
  style.setAttribute(OWN_ATTRIBUTE, '');
  (document.head ?? document.documentElement).append(style);
  signal.addEventListener('abort', () => style.remove(), { once: true });
  return style;
}
