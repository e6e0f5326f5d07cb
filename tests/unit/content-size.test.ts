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

function buildContentScript(name: 'mastodon' | 'gotosocial'): string {
  return readFileSync(join(buildEntrypoints([name]), `content-scripts/${name}.js`), 'utf8');
}

// The GoToSocial content script runs only on the GoToSocial servers the user asks Hedge to mark, and is held to the same budget.
describe.each(['mastodon', 'gotosocial'] as const)('the built %s content script', (name) => {
  const code = buildContentScript(name);

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
