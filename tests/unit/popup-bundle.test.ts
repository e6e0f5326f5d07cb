/**
 * The popup must be usable within 100 ms of opening (issue 5; `npm run bench` measures it), so it
 * loads only what it renders: no webextension-polyfill (the service worker alone takes it, see
 * wxt.config.ts) and no WXT storage (the popup reads nothing from extension storage itself). This
 * builds the popup alone, as `wxt build` does, into a temporary folder and reads its scripts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildEntrypoints } from './build-entrypoints';

/** The popup page, and the text of every script it loads. */
function buildPopup(): { html: string; scripts: string } {
  const extension = buildEntrypoints(['popup', 'popup-request']);
  const chunks = readdirSync(join(extension, 'chunks')).map((file) => readFileSync(join(extension, 'chunks', file), 'utf8'));
  return { html: readFileSync(join(extension, 'popup.html'), 'utf8'), scripts: [readFileSync(join(extension, 'popup-request.js'), 'utf8'), ...chunks].join('\n') };
}

describe('the built popup', () => {
  const { html, scripts } = buildPopup();

  it('asks the background for its state while the page is parsed, before its modules load', () => {
    expect(html).toMatch(/<script async src="\/popup-request\.js"><\/script>[\s\S]*<script type="module"/);
  });

  it('carries no polyfill and no extension storage', () => {
    expect(scripts).not.toMatch(/webextension-polyfill|mozWebExtensionPolyfillReject/);
    expect(scripts).not.toMatch(/Storage key should be in the form|use 'wxt\/storage'/);
  });
});
