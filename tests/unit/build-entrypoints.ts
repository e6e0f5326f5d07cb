/**
 * Builds some of the extension's entrypoints, as `wxt build` does, into a temporary folder, for the
 * tests that read what the browser will load. The folder is removed after the test file.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

/** Builds `entrypoints` (WXT names: `popup`, `mastodon`); returns the built Chrome extension's folder. */
export function buildEntrypoints(entrypoints: string[]): string {
  const outDir = mkdtempSync(join(tmpdir(), 'hedge-build-'));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));
  const script = `import { build } from 'wxt'; await build({ root: ${JSON.stringify(ROOT)}, outDir: ${JSON.stringify(outDir)}, filterEntrypoints: ${JSON.stringify(entrypoints)}, logLevel: 0 });`;
  execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, stdio: 'pipe', timeout: 120_000 });
  return join(outDir, 'chrome-mv3');
}
