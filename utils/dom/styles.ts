/**
 * The one stylesheet Hedge adds to a Mastodon page. It follows the web UI's
 * themes through `<body>` classes (app/helpers/application_helper.rb
 * `body_classes`): `theme-default` (dark), `theme-mastodon-light`,
 * `theme-contrast` (dark, high contrast) and, from 4.3, `theme-system`, which
 * follows `prefers-color-scheme`. Colours are custom properties so each theme
 * overrides a handful of values; every pair keeps a contrast ratio of at least
 * 4.5:1.
 */
import { STATUS_KEEP_WHEN_COLLAPSED, THEME_CLASSES } from './selectors';

/** The `id` of the injected `<style>`. */
export const STYLESHEET_ID = 'hedge-marks';

/** Attribute on every node Hedge inserts, so observers and cleanup can tell them apart. */
export const OWN_ATTRIBUTE = 'data-hedge-own';

const DARK = `
  --hedge-blocked-bg: #df405a; --hedge-blocked-fg: #fff;
  --hedge-limited-bg: #ffbe2e; --hedge-limited-fg: #1f1300;
  --hedge-listed-fg: #b5b8ff;
  --hedge-parent-bg: #6364ff; --hedge-parent-fg: #fff;
  --hedge-notice-bg: rgba(255, 190, 46, 0.12); --hedge-notice-fg: #d9e1e8; --hedge-notice-edge: #ffbe2e;
  --hedge-action-fg: #b5b8ff;`;

const LIGHT = `
  --hedge-blocked-bg: #b2172b; --hedge-blocked-fg: #fff;
  --hedge-limited-bg: #8a5a00; --hedge-limited-fg: #fff;
  --hedge-listed-fg: #3a3bc2;
  --hedge-parent-bg: #4a3fbf; --hedge-parent-fg: #fff;
  --hedge-notice-bg: #fff6e0; --hedge-notice-fg: #282c37; --hedge-notice-edge: #8a5a00;
  --hedge-action-fg: #3a3bc2;`;

const CONTRAST = `
  --hedge-blocked-bg: #ff8a9c; --hedge-blocked-fg: #000;
  --hedge-limited-bg: #ffd466; --hedge-limited-fg: #000;
  --hedge-listed-fg: #fff;
  --hedge-parent-bg: #c9caff; --hedge-parent-fg: #000;
  --hedge-notice-bg: #000; --hedge-notice-fg: #fff; --hedge-notice-edge: #ffd466;
  --hedge-action-fg: #fff; --hedge-border: 2px solid currentColor;`;

const hidden = STATUS_KEEP_WHEN_COLLAPSED.map((name) => `:not(.${name})`).join('');

/** The stylesheet's text (CSS, never HTML). */
export const STYLESHEET = `
:root, body.${THEME_CLASSES.dark} {${DARK} --hedge-border: 1px solid currentColor; }
body.${THEME_CLASSES.light} {${LIGHT} }
@media (prefers-color-scheme: light) { body.${THEME_CLASSES.system} {${LIGHT} } }
body.${THEME_CLASSES.contrast} {${CONTRAST} }
@media (prefers-contrast: more) { body.${THEME_CLASSES.system} {${CONTRAST} } }

.hedge-badge {
  display: inline-block; margin: 0 4px; padding: 0 6px; border-radius: 4px; border: var(--hedge-border);
  font-size: 12px; font-weight: 600; line-height: 16px; vertical-align: middle; white-space: nowrap;
  border-color: transparent; text-decoration: none; cursor: help;
}
.hedge-badge[data-hedge-kind="blocked"], .hedge-badge[data-hedge-kind="server-suspended"] { background: var(--hedge-blocked-bg); color: var(--hedge-blocked-fg); }
.hedge-badge[data-hedge-kind="limited"], .hedge-badge[data-hedge-kind="server-limited"] { background: var(--hedge-limited-bg); color: var(--hedge-limited-fg); }
.hedge-badge[data-hedge-kind="listed"] { background: transparent; color: var(--hedge-listed-fg); border: 1px solid currentColor; }
.hedge-badge[data-hedge-kind="parent-blocked"] { background: var(--hedge-parent-bg); color: var(--hedge-parent-fg); }
body.${THEME_CLASSES.contrast} .hedge-badge { border: var(--hedge-border); }

/* Avatar-only links (4.3+ notification groups): the badge sits on the avatar. */
[data-hedge-role="notification"]:not(:has(bdi)) { position: relative; }
[data-hedge-role="notification"]:not(:has(bdi)) > .hedge-badge {
  position: absolute; bottom: -4px; left: 50%; transform: translateX(-50%); margin: 0; padding: 0 3px; font-size: 10px; line-height: 12px;
}

.status[data-hedge-collapsed="true"] > ${hidden}:not(.hedge-notice),
.detailed-status[data-hedge-collapsed="true"] > ${hidden}:not(.hedge-notice) { display: none !important; }
.hedge-notice {
  display: flex; align-items: center; gap: 8px; margin: 8px 0; padding: 6px 10px; border-left: 3px solid var(--hedge-notice-edge);
  background: var(--hedge-notice-bg); color: var(--hedge-notice-fg); font-size: 14px; line-height: 20px;
}
.hedge-notice__text { flex: 1 1 auto; min-width: 0; overflow-wrap: anywhere; }
.hedge-notice__toggle, .hedge-action {
  flex: none; padding: 2px 8px; border: var(--hedge-border); border-radius: 4px; background: transparent;
  color: var(--hedge-action-fg); font: inherit; font-size: 13px; font-weight: 600; cursor: pointer;
}
.hedge-notice__toggle:focus-visible, .hedge-action:focus-visible { outline: 2px solid var(--hedge-action-fg); outline-offset: 2px; }
.hedge-action-row { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin: 8px 0; font-size: 13px; }
.hedge-action-row__status { color: inherit; }
.hedge-action:disabled { opacity: 0.6; cursor: progress; }
`;

/** Adds the stylesheet once; removed when `signal` aborts. */
export function injectStylesheet(document: Document, signal: AbortSignal): HTMLStyleElement {
  const existing = document.getElementById(STYLESHEET_ID);
  if (existing !== null && existing.tagName === 'STYLE') return existing as HTMLStyleElement;
  const style = document.createElement('style');
  style.id = STYLESHEET_ID;
  style.setAttribute(OWN_ATTRIBUTE, '');
  style.textContent = STYLESHEET;
  (document.head ?? document.documentElement).append(style);
  signal.addEventListener('abort', () => style.remove(), { once: true });
  return style;
}
