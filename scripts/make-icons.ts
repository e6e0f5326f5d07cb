/**
 * Renders Hedge's toolbar and store icon from one SVG into the PNG sizes
 * WXT picks up from public/icon/<size>.png (https://wxt.dev/guide/essentials/config/manifest#icons).
 *
 * Run: npx tsx scripts/make-icons.ts
 * Needs Chromium at $CHROMIUM_PATH or /usr/bin/chromium.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

export const ICON_SIZES = [16, 32, 48, 96, 128] as const;

/**
 * A shield (the protection) holding a clipped green hedge (a row of rounded
 * shrubs on two stems and a base line). Drawn on a 128-unit grid; strokes are thick enough to stay
 * readable at 16 px. The purple is close to Mastodon's brand colour so the
 * icon sits well beside it.
 */
export const ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 128 128" width="128" height="128">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#6d6eff"/>
      <stop offset="1" stop-color="#4a3fd6"/>
    </linearGradient>
  </defs>
  <path d="M64 6 L114 24 V60 C114 92 92 112 64 122 C36 112 14 92 14 60 V24 Z" fill="url(#bg)"/>
  <g fill="#7ee2a0">
    <circle cx="37" cy="62" r="12"/>
    <circle cx="55" cy="57" r="13"/>
    <circle cx="73" cy="57" r="13"/>
    <circle cx="91" cy="62" r="12"/>
    <rect x="25" y="60" width="78" height="28" rx="4"/>
  </g>
  <rect x="40" y="88" width="8" height="12" fill="#ffffff"/>
  <rect x="80" y="88" width="8" height="12" fill="#ffffff"/>
  <rect x="28" y="98" width="72" height="7" rx="3.5" fill="#ffffff"/>
</svg>`;

async function main(): Promise<void> {
  const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'icon');
  await mkdir(outDir, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    for (const size of ICON_SIZES) {
      await page.setViewportSize({ width: size, height: size });
      const svg = ICON_SVG.replace('width="128" height="128"', `width="${size}" height="${size}"`);
      await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
      const png = await page.locator('svg').screenshot({ omitBackground: true });
      await writeFile(join(outDir, `${size}.png`), png);
      console.log(`public/icon/${size}.png`);
    }
  } finally {
    await browser.close();
  }
}

// Run as a script; other scripts import ICON_SVG (the stores' tile, scripts/release/store-images.ts).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
