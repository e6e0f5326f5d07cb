/**
 * The store listings (docs/store/listing.<lang>.md): within the stores' limits, every permission of
 * the manifest explained in every language, and the files of docs/store/<lang>/ written from them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HOST_ACCESS, LISTING_LANGUAGES, characterCount, listingFiles, plainText, readListing } from '../../scripts/release/listing';
import { SCREENSHOTS, SCREENSHOT_SIZE, TILE_SIZE, pngFacts } from '../../scripts/release/store-images';
import config from '../../wxt.config';

type ManifestOf = (env: { browser: string; manifestVersion: number; mode: string; command: string }) => Record<string, unknown>;
const manifest = (config.manifest as ManifestOf)({ browser: 'chrome', manifestVersion: 3, mode: 'production', command: 'build' });
const PERMISSIONS = manifest.permissions as string[];

function read(language: string) {
  const messages = JSON.parse(readFileSync(`public/_locales/${language}/messages.json`, 'utf8')) as Record<string, { message: string }>;
  return readListing(language, readFileSync(`docs/store/listing.${language}.md`, 'utf8'), messages.extDescription!.message, PERMISSIONS, true);
}

describe.each(LISTING_LANGUAGES)('the %s listing', (language) => {
  it('is ready for the stores: limits kept, every permission and the host access explained', () => {
    const { listing, problems } = read(language);
    expect(problems).toEqual([]);
    expect(characterCount(listing.summary)).toBeLessThanOrEqual(132);
    expect(listing.permissions.map(([name]) => name).sort()).toEqual([...PERMISSIONS, HOST_ACCESS].sort());
  });

  it('is what docs/store/' + language + '/ holds (npm run release writes it)', () => {
    const { listing } = read(language);
    for (const [name, text] of listingFiles(listing)) {
      const file = `docs/store/${language}/${name}`;
      expect(existsSync(file) ? readFileSync(file, 'utf8') : `(no ${file})`, `${file} is older than its listing: run npx tsx scripts/release/store-material.ts --text-only`).toBe(text);
    }
  });
});

describe.each(LISTING_LANGUAGES)('the %s pictures', (language) => {
  const pictures: Array<[string, { width: number; height: number }]> = [
    ...SCREENSHOTS.map((name, index): [string, { width: number; height: number }] => [`${index + 1}-${name}.png`, SCREENSHOT_SIZE]),
    ['tile-440x280.png', TILE_SIZE],
  ];

  it.each(pictures)('%s has the size the stores take, in 24-bit colour without alpha', (name, size) => {
    const file = `docs/store/${language}/${name}`;
    expect(existsSync(file), `${file} is missing: run npm run release`).toBe(true);
    expect(pngFacts(readFileSync(file))).toEqual({ ...size, colourType: 2 });
  });
});

describe('readListing refuses what a store would', () => {
  const GOOD = readFileSync('docs/store/listing.en.md', 'utf8');
  const SUMMARY = 'Block whole domains from your Mastodon account.';

  it.each([
    ['a summary over 132 characters', GOOD, 'x'.repeat(133), PERMISSIONS, /133 characters long; the stores take at most 132/],
    ['a Japanese summary counted by characters, not bytes', GOOD, 'あ'.repeat(133), PERMISSIONS, /133 characters long/],
    ['a permission without its reason', GOOD, SUMMARY, [...PERMISSIONS, 'tabs'], /does not say why Hedge needs "tabs"/],
    ['a reason for a permission the manifest does not ask for', GOOD, SUMMARY, PERMISSIONS.filter((permission) => permission !== 'alarms'), /justifies "alarms", which the manifest does not ask for/],
    ['a missing section', GOOD.replace('## Remote code', '## Remote'), SUMMARY, PERMISSIONS, /has no "## Remote code" section/],
    ['a tile line too long for the tile', GOOD.replace('Personal defederation for Mastodon', 'Personal defederation for Mastodon, and much more besides'), SUMMARY, PERMISSIONS, /Tile is \d+ characters long; the promotional tile has room for at most 40/],
  ])('%s', (_case, markdown, summary, permissions, problem) => {
    expect(readListing('en', markdown, summary, permissions, true).problems.join('\n')).toMatch(problem);
  });

  it('accepts the Japanese summary at 132 characters', () => {
    expect(readListing('ja', GOOD, 'あ'.repeat(132), PERMISSIONS, true).problems).toEqual([]);
  });
});

describe('plainText: what the stores show, which is not Markdown', () => {
  it.each([
    ['joins a wrapped paragraph with spaces', 'Hedge lets you\nleave part of\nthe fediverse.', 'Hedge lets you leave part of the fediverse.'],
    ['keeps each bullet on its own line', '- Block Threads\n  in one click.\n- Subscribe.', '- Block Threads in one click.\n- Subscribe.'],
    ['keeps paragraphs apart', 'One.\n\nTwo.', 'One.\n\nTwo.'],
    ['joins Japanese without a space', 'ブロックするとその\nドメインの', 'ブロックするとそのドメインの'],
    ['keeps the space between Japanese and a Latin word', 'あなた自身の\nMastodon アカウント', 'あなた自身の Mastodon アカウント'],
  ])('%s', (_case, markdown, text) => {
    expect(plainText(markdown)).toBe(text);
  });
});
