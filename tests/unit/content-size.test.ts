/**
 * The content script runs in every tab of the user's Mastodon server, so its
 * weight is a feature (issue 6: under 15 kB minified, no masto, no Preact, no
 * polyfill). This builds it alone, as `wxt build` does, into a temporary
 * folder and weighs it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** The budget of issue 6, in bytes of minified JavaScript. */
const MAX_CONTENT_SCRIPT_BYTES = 15_000;

const ROOT = resolve(import.meta.dirname, '../..');
const outDir = mkdtempSync(join(tmpdir(), 'hedge-content-size-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

function buildContentScript(): string {
  const script = `import { build } from 'wxt'; await build({ root: ${JSON.stringify(ROOT)}, outDir: ${JSON.stringify(outDir)}, filterEntrypoints: ['mastodon'], logLevel: 0 });`;
  execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, stdio: 'pipe', timeout: 120_000 });
  return readFileSync(join(outDir, 'chrome-mv3/content-scripts/mastodon.js'), 'utf8');
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
