/**
 * Mastodon's own web client (tests/fixtures/mastodon-web, AGPL-3.0 test material) is served by the
 * local Mastodon only: no file of it may reach the extension. WXT copies `public/` and bundles what
 * the entrypoints import; this builds the content script and the popup, as `wxt build` does, and
 * compares every built file with every file of the fixture by name and by content.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildEntrypoints } from './build-entrypoints';

const FIXTURE = fileURLToPath(new URL('../fixtures/mastodon-web/', import.meta.url));

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .map((name) => join(folder, name))
    .filter((path) => statSync(path).isFile());
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('the built extension', () => {
  const extension = buildEntrypoints(['mastodon', 'popup', 'popup-script']);

  it('holds no file of Mastodon\'s web client, by name or by content', () => {
    const fixtureFiles = filesUnder(FIXTURE);
    expect(fixtureFiles.length).toBeGreaterThan(500);
    const fixtureHashes = new Set(fixtureFiles.map(sha256));
    // Names: the hashed build files (application-B4GiXjTZ.js…) are unique; short common names are left out.
    const fixtureNames = new Set(fixtureFiles.map((path) => basename(path)).filter((name) => /-[\w-]{8}\.\w+$/.test(name)));
    const built = filesUnder(extension);
    expect(built.length).toBeGreaterThan(3);
    const copied = built.filter((path) => fixtureHashes.has(sha256(path)) || fixtureNames.has(basename(path)));
    expect(copied.map((path) => relative(extension, path))).toEqual([]);
    expect(built.some((path) => relative(extension, path).split('/').includes('packs'))).toBe(false);
  });
});
