/**
 * Writes docs/store/ anew: for each language of docs/store/listing.<lang>.md, the text files a
 * person pastes into the Chrome Web Store's and addons.mozilla.org's dashboards, the screenshots
 * and the promotional tile; and docs/store/README.md, which says which file goes where. Refuses,
 * in words, a listing that breaks a store's limit or leaves a permission unexplained, before
 * anything is written.
 *
 *   npx tsx scripts/release/store-material.ts              text and pictures (builds the end-to-end build)
 *   npx tsx scripts/release/store-material.ts --text-only  text only; the pictures stay as they are
 *   npx tsx scripts/release/store-material.ts --pictures-of ja   the pictures of one language only
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildExtension } from '../build';
import { LISTING_LANGUAGES, characterCount, listingFiles, readListing, type Listing } from './listing';
import { SCREENSHOTS, takeStoreImages, writeStoreImages } from './store-images';
import config from '../../wxt.config';

const STORE_DIR = 'docs/store';
const isTextOnly = process.argv.includes('--text-only');
const picturesOf = process.argv.includes('--pictures-of') ? process.argv[process.argv.indexOf('--pictures-of') + 1] : undefined;
const FONT_PACKAGE = 'fonts-noto-cjk';

type ManifestOf = (env: { browser: string; manifestVersion: number; mode: string; command: string }) => Promise<Record<string, unknown>> | Record<string, unknown>;

/** The store manifest's permissions, as wxt.config.ts declares them for Chrome. */
async function manifestPermissions(): Promise<{ permissions: string[]; hasHostAccess: boolean }> {
  const manifest = await (config.manifest as ManifestOf)({ browser: 'chrome', manifestVersion: 3, mode: 'production', command: 'build' });
  const optionalHosts = (manifest.optional_host_permissions as string[] | undefined) ?? [];
  return { permissions: (manifest.permissions as string[] | undefined) ?? [], hasHostAccess: optionalHosts.length > 0 };
}

/** Japanese needs a CJK font in Chromium; Debian's Noto CJK is installed when we are root with apt-get. */
function ensureJapaneseFont(): void {
  const hasFont = () => execFileSync('fc-list', [':lang=ja', 'family'], { encoding: 'utf8' }).trim() !== '';
  if (hasFont()) return;
  const command = `apt-get update && apt-get install -y ${FONT_PACKAGE}`;
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log(`No Japanese font: installing Debian's ${FONT_PACKAGE}…`);
    execFileSync('sh', ['-c', `${command} >/dev/null`], { stdio: 'inherit' });
    if (hasFont()) return;
  }
  throw new Error(`The Japanese pictures need a Japanese font, and none is installed. Install one with: ${process.getuid?.() === 0 ? '' : 'sudo '}${command}`);
}

function storeReadme(listings: Listing[], version: string): string {
  const rows = listings.map((listing) => `| ${listing.language} | ${characterCount(listing.summary)} / 132 | ${characterCount(listing.description)} | ${listing.permissions.length} |`);
  const shots = SCREENSHOTS.map((name, index) => `\`${index + 1}-${name}.png\``).join(', ');
  return `# Store material

Written by \`npm run release\` (scripts/release/store-material.ts) for Hedge ${version}; do not edit
the files here by hand. The text comes from \`listing.<lang>.md\` beside this file and, for the
short description, from \`extDescription\` in \`public/_locales/<lang>/messages.json\` (the manifest's
description, which the Chrome Web Store shows as the summary). The pictures are taken of the
end-to-end build in Chromium in each language, against the local Mastodon with Mastodon's own web
client.

Each language's folder (\`en\`, \`de\`, \`fr\`, \`es\`, \`ja\`) holds:

| File | Chrome Web Store | addons.mozilla.org |
|---|---|---|
| \`summary.txt\` | Store listing › summary (from the manifest; at most 132 characters) | Describe add-on › Summary |
| \`description.txt\` | Store listing › Description | Describe add-on › Description |
| ${shots} | Store listing › Screenshots (1280×800) | Describe add-on › Screenshots |
| \`tile-440x280.png\` | Store listing › Small promo tile (440×280) | — |
| \`privacy-practices.txt\` | Privacy practices: single purpose, each permission's justification, host permission, remote code, data use | — |
| \`reviewer-notes.txt\` (English only) | — | Notes to reviewer |

Both stores: the privacy policy is docs/PRIVACY.md
(https://github.com/hedge-extension/hedge/blob/main/docs/PRIVACY.md). addons.mozilla.org also asks
for the source: upload \`.output/hedge-${version}-sources.zip\`, whose SOURCE-BUILD.md rebuilds
\`.output/hedge-${version}-firefox.zip\` byte for byte.

| Language | Summary (characters) | Description (characters) | Permissions justified |
|---|---|---|---|
${rows.join('\n')}
`;
}

/** Empties a language's folder of what this script writes, keeping the pictures when they are not taken again. */
async function clearFolder(folder: string, keepPictures: boolean): Promise<void> {
  await mkdir(folder, { recursive: true });
  for (const name of await readdir(folder)) {
    if (keepPictures && name.endsWith('.png')) continue;
    await rm(path.join(folder, name), { recursive: true, force: true });
  }
}

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
const { permissions, hasHostAccess } = await manifestPermissions();
const listings: Listing[] = [];
const problems: string[] = [];
for (const language of LISTING_LANGUAGES) {
  const messages = JSON.parse(readFileSync(`public/_locales/${language}/messages.json`, 'utf8')) as Record<string, { message: string }>;
  const source = path.join(STORE_DIR, `listing.${language}.md`);
  if (!existsSync(source)) {
    problems.push(`${source} is missing: every language of the interface needs its listing.`);
    continue;
  }
  const read = readListing(language, readFileSync(source, 'utf8'), messages.extDescription?.message ?? '', permissions, hasHostAccess);
  listings.push(read.listing);
  problems.push(...read.problems);
}
if (problems.length > 0) {
  console.error(`The store listings are not ready:\n${problems.map((problem) => `- ${problem}`).join('\n')}`);
  process.exit(1);
}

for (const listing of listings) {
  const folder = path.join(STORE_DIR, listing.language);
  await clearFolder(folder, isTextOnly || (picturesOf !== undefined && picturesOf !== listing.language));
  for (const [name, text] of listingFiles(listing)) await writeFile(path.join(folder, name), text);
}
await writeFile(path.join(STORE_DIR, 'README.md'), storeReadme(listings, version));
console.log(`Wrote the listing text of ${listings.map((listing) => listing.language).join(', ')} to ${STORE_DIR}/.`);

if (!isTextOnly) {
  try {
    ensureJapaneseFont();
    console.log('Building the end-to-end build for the pictures…');
    buildExtension('e2e');
    for (const listing of listings.filter((candidate) => picturesOf === undefined || candidate.language === picturesOf)) {
      await writeStoreImages(path.join(STORE_DIR, listing.language), await takeStoreImages(listing.language, listing.tile, console.log));
    }
  } catch (error) {
    console.error(`The pictures could not be taken: ${(error as Error).message}`);
    process.exit(1);
  }
  const where = picturesOf === undefined ? `each language, in ${STORE_DIR}/<lang>/` : `${STORE_DIR}/${picturesOf}/`;
  console.log(`Took ${SCREENSHOTS.length} screenshots and the tile in ${where}.`);
}
