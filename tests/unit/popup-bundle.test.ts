/**
 * The popup must be usable within 100 ms of opening (issue 5; `npm run bench` measures it), so the
 * page loads one classic script with its styles inside it (entrypoints/popup-script.tsx and
 * wxt.config.ts), and that script carries only what the popup renders: no webextension-polyfill
 * (the service worker alone takes it) and no WXT storage (the popup reads nothing from extension
 * storage itself). This builds the popup alone, as `wxt build` does, into a temporary folder.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildEntrypoints } from './build-entrypoints';

describe('the built popup', () => {
  const extension = buildEntrypoints(['popup', 'popup-script']);
  const html = readFileSync(join(extension, 'popup.html'), 'utf8');
  const script = readFileSync(join(extension, 'popup-script.js'), 'utf8');

  it('loads the popup from one classic script, after the element it renders into', () => {
    expect(html).toMatch(/<div id="app"><\/div>\s*(<!--[^>]*-->\s*)?<script src="\/popup-script\.js"><\/script>\s*<\/body>/);
    // The page's one module script is WXT's loader for its runtime plugins (Hedge has none).
    const chunks = join(extension, 'chunks');
    for (const chunk of existsSync(chunks) ? readdirSync(chunks) : []) expect(readFileSync(join(chunks, chunk), 'utf8')).not.toContain('hedge/');
  });

  it('carries its styles in the script, not in a stylesheet of its own', () => {
    expect(script).toMatch(/^document\.head\.append\(Object\.assign\(document\.createElement\('style'\)/);
    // The theme's base rules first, so that a component's rule of the same weight wins (.popup__warning over .card).
    expect(script.indexOf(':root{')).toBeGreaterThan(-1);
    expect(script.indexOf(':root{')).toBeLessThan(script.indexOf('.account-bar{'));
    expect(script.indexOf('.card{')).toBeLessThan(script.indexOf('.popup__warning{'));
    expect(html).not.toMatch(/<link[^>]+stylesheet/);
    const assets = join(extension, 'assets');
    expect(existsSync(assets) ? readdirSync(assets).filter((file) => file.startsWith('popup')) : []).toEqual([]);
  });

  it('asks the background for its state before it renders', () => {
    expect(script.indexOf('hedge/get-state')).toBeGreaterThan(-1);
    expect(script.indexOf('hedge/get-state')).toBeLessThan(script.lastIndexOf('getElementById(`app`)'));
  });

  it('carries no polyfill and no extension storage', () => {
    expect(script).not.toMatch(/webextension-polyfill|mozWebExtensionPolyfillReject/);
    expect(script).not.toMatch(/Storage key should be in the form|use 'wxt\/storage'/);
  });
});
