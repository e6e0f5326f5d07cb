import { readFileSync } from 'node:fs';
import { isAtLeast, type Handler } from './context.ts';
import { html, type Reply } from './http-kit.ts';

/**
 * The signed-in web UI, served from the hand-derived markup in tests/fixtures/mastodon-dom so a
 * content script can be tried on it. The pages' initial state holds no access token (the real
 * one does; Hedge must never read it).
 */

const FIXTURES = new URL('../fixtures/mastodon-dom/', import.meta.url);
const cache = new Map<string, string>();

/** The fixtures carry no stylesheet; an approximate one is linked so the page looks like Mastodon. */
const STYLESHEET_PATH = '/packs/web-ui.css';
const STYLESHEET = readFileSync(new URL('./web-ui.css', import.meta.url), 'utf8');

function fixture(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(new URL(name, FIXTURES), 'utf8').replace('</head>', `<link rel="stylesheet" href="${STYLESHEET_PATH}"></head>`);
    cache.set(name, text);
  }
  return text;
}

export const showStylesheet: Handler = (): Reply => ({ status: 200, body: Buffer.from(STYLESHEET), contentType: 'text/css; charset=utf-8' });

/** `/@user@domain…` is a remote profile; anything else the home columns. */
const REMOTE_PROFILE = /^\/@[^/@]+@[^/]+/;

/** `GET /`, `/home`, `/web/*`, `/@acct…`. */
export const showWebPage: Handler = (ctx) => {
  const family = isAtLeast(ctx.config, '4.3') ? '4.3' : '4.2';
  const path = decodeURIComponent(ctx.url.pathname);
  const name = REMOTE_PROFILE.test(path) ? `profile-${family}.html` : `home-${family}.html`;
  return html(200, fixture(name), { 'Cache-Control': 'private, no-store' });
};

/** A 1×1 transparent PNG for Mastodon's `missing.png` avatars and headers. */
const MISSING_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

export const showMissingImage: Handler = (): Reply => ({ status: 200, body: MISSING_PNG, contentType: 'image/png' });

/** `GET /system/accounts/avatars/<id>/original/avatar.svg`: the account's initial on a colour of its own. */
export const showAvatar: Handler = (ctx): Reply => {
  const id = decodeURIComponent(ctx.url.pathname.split('/')[4] ?? '');
  const account = ctx.store.accounts.get(id);
  if (!account) return { status: 404, body: Buffer.from('Not found'), contentType: 'text/plain; charset=utf-8' };
  const acct = account.domain === null ? account.username : `${account.username}@${account.domain}`;
  return { status: 200, body: Buffer.from(avatarSvg(acct, account.displayName || account.username)), contentType: 'image/svg+xml' };
};

/** A square picture with the name's first letter, white on a hue derived from the acct, so each account looks its own. */
export function avatarSvg(acct: string, name: string): string {
  let hash = 0;
  for (const char of acct) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) % 360;
  const initial = [...name.trim()][0]?.toUpperCase() ?? '?';
  const text = initial.replace(/[&<>"']/g, (char) => `&#${char.codePointAt(0)};`);
  return (
    '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="120" viewBox="0 0 120 120">' +
    `<rect width="120" height="120" fill="hsl(${hash}, 55%, 40%)"/>` +
    '<text x="60" y="60" dy="0.35em" text-anchor="middle" font-family="system-ui, sans-serif" font-size="64" font-weight="600" fill="#fff">' +
    `${text}</text></svg>`
  );
}

/** Whether a path belongs to the web app (served as HTML). */
export function isWebAppPath(path: string): boolean {
  return path === '/' || path === '/home' || path.startsWith('/web/') || path === '/web' || path.startsWith('/@');
}
