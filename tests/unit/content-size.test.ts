/**
 * The content script runs in every tab of the user's Mastodon server, so its
 * weight is a feature (issue 6: under 15 kB minified, no masto, no Preact, no
 * polyfill). This builds it alone, as `wxt build` does, into a temporary
 * folder and weighs it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildEntrypoints } from './build-entrypoints';

/** The budget of issue 6, in bytes of minified JavaScript. */
const MAX_CONTENT_SCRIPT_BYTES = 15_000;

function buildContentScript(): string {
  return readFileSync(join(buildEntrypoints(['mastodon']), 'content-scripts/mastodon.js'), 'utf8');
}

describe('the built Mastodon content script', () => {
  const code = buildContentScript();

  it(`weighs under ${MAX_CONTENT_SCRIPT_BYTES} bytes minified`, () => {
    expect(Buffer.byteLength(code)).toBeLessThan(MAX_CONTENT_SCRIPT_BYTES);
  });

  it('carries no polyfill, no masto, no Preact and no HTML parsing of strings', () => {
    expect(code).not.toMatch(/webextension-polyfill|browser-polyfill|Proxy\(/);
    expect(code).not.toMatch(/createRestAPIClient|MastoHttpError/);
    expect(code).not.toMatch(/__PREACT|preact/i);
    expect(code).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
  });
});
