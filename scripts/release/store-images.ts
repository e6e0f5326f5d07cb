/**
 * The stores' pictures, taken of the real thing: the end-to-end build of Hedge in Chromium, in the
 * listing's language, signed in to the local Mastodon, which serves Mastodon's own 4.6.5 web client
 * (tests/fake-mastodon). Screenshots are 1280×800, the size both stores show; the popup, which a
 * page cannot open as the toolbar does, is taken at its real width and laid over the Mastodon page
 * it belongs to. The promotional tile (440×280) is drawn from Hedge's icon (scripts/make-icons.ts)
 * and name.
 *
 * The demo: the user has blocked example.org by hand in Mastodon, blocks Threads with Hedge and
 * subscribes to Garden Fence; the server itself limits loud.example.org. The marks on the home
 * columns then show each kind: blocked, parent blocked, listed and limited by the server.
 */
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { extensionWorker, launchWithExtension } from '../chromium';
import { intentValue, signInThroughConsent } from '../extension-steps';
import { ICON_SVG } from '../make-icons';
import { startFakeMastodon, type FakeMastodon } from '../../tests/fake-mastodon/index';
import { CATALOG } from '../../utils/core/catalog';
import type { HedgeState } from '../../utils/protocol';

/** The stores' screenshot size (Chrome Web Store: 1280×800 or 640×400; AMO shows 1280×800). */
export const SCREENSHOT_SIZE = { width: 1280, height: 800 };
/** The Chrome Web Store's small promotional tile. */
export const TILE_SIZE = { width: 440, height: 280 };
/** The toolbar popup's real size (components/Popup.css: 360px plus the page margin). */
const POPUP_VIEWPORT = { width: 380, height: 640 };
const STEP_TIMEOUT_MS = 30_000;

/**
 * Garden Fence, subscribed from the catalog at its real address, answered with the copy in
 * tests/fixtures/lists: the browser here has no network, and the pictures should show the list as
 * a user sees it, not the local Mastodon's address.
 */
const GARDEN_FENCE = CATALOG.find((list) => list.id === 'garden-fence')!;
const GARDEN_FENCE_COPY = 'tests/fixtures/lists/gardenfence-mastodon.csv';

/** The screenshots, in the order the stores show them; the file is `<n>-<name>.png`. */
export const SCREENSHOTS = ['marks', 'block-threads', 'options-lists', 'options-preview', 'options-history'] as const;

type Messages = Record<string, { message: string }>;

/** A message of public/_locales/<language>, with its `$NAME$` placeholders filled in order. */
function wordsOf(language: string): (key: string, ...values: string[]) => string {
  const messages = JSON.parse(readFileSync(`public/_locales/${language}/messages.json`, 'utf8')) as Messages;
  return (key, ...values) => {
    const message = messages[key]?.message;
    if (message === undefined) throw new Error(`public/_locales/${language}/messages.json has no "${key}"`);
    let index = 0;
    return message.replace(/\$[A-Z0-9_]+\$/g, () => values[index++] ?? '');
  };
}

async function waitUntil(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** A picture of `page` without the focus ring, caret or animations of the last step. */
async function picture(page: Page): Promise<Buffer> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  return page.screenshot({ animations: 'disabled', caret: 'hide' });
}

/** The popup as tall as its content, as the browser sizes the toolbar popup. */
async function popupPicture(popup: Page): Promise<Buffer> {
  await popup.setViewportSize({ width: POPUP_VIEWPORT.width, height: 100 });
  await popup.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const png = await popup.screenshot({ fullPage: true, animations: 'disabled', caret: 'hide' });
  await popup.setViewportSize(POPUP_VIEWPORT);
  return png;
}

const dataUrl = (png: Buffer, type = 'image/png') => `data:${type};base64,${png.toString('base64')}`;

/** The Mastodon page with the popup where the toolbar would open it, top right. */
async function popupOverPage(context: BrowserContext, pagePng: Buffer, popupPng: Buffer): Promise<Buffer> {
  const canvas = await context.newPage();
  await canvas.setViewportSize(SCREENSHOT_SIZE);
  await canvas.setContent(`<!doctype html><html><body style="margin:0;width:1280px;height:800px;overflow:hidden;position:relative">
    <img src="${dataUrl(pagePng)}" style="position:absolute;inset:0;width:1280px;height:800px">
    <div style="position:absolute;inset:0;background:rgba(20,22,30,0.18)"></div>
    <div style="position:absolute;top:10px;right:18px;max-height:780px;overflow:hidden;border-radius:10px;border:1px solid rgba(0,0,0,0.25);box-shadow:0 12px 40px rgba(0,0,0,0.35)">
      <img src="${dataUrl(popupPng)}" style="display:block;width:380px">
    </div></body></html>`);
  await canvas.waitForFunction(() => [...document.images].every((image) => image.complete));
  const png = await canvas.screenshot();
  await canvas.close();
  return png;
}

/** The Chrome Web Store's small promotional tile: the icon, the name and the tagline. */
export async function renderTile(context: BrowserContext, tagline: string, language: string): Promise<Buffer> {
  const page = await context.newPage();
  await page.setViewportSize(TILE_SIZE);
  const escape = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  await page.setContent(`<!doctype html><html lang="${language}"><body style="margin:0;width:440px;height:280px;overflow:hidden;
      display:flex;align-items:center;gap:22px;padding:0 30px;box-sizing:border-box;
      background:linear-gradient(135deg,#2b2f8f 0%,#4a3fd6 55%,#6d6eff 100%);color:#fff;
      font-family:system-ui,'Noto Sans','Noto Sans CJK JP','DejaVu Sans',sans-serif">
    <div style="flex:none;width:128px;height:128px;filter:drop-shadow(0 6px 14px rgba(0,0,0,0.3))">${ICON_SVG}</div>
    <div><div style="font-size:56px;font-weight:700;letter-spacing:-0.5px;line-height:1">Hedge</div>
    <div style="margin-top:12px;font-size:19px;line-height:1.3;color:#e7e8ff">${escape(tagline)}</div></div></body></html>`);
  const png = await page.screenshot();
  await page.close();
  return png;
}

/** Signs in from the popup and sets up the demo up to the Threads confirmation. */
async function signInAndAskThreads(popup: Page, mastodon: FakeMastodon, words: ReturnType<typeof wordsOf>): Promise<void> {
  await signInThroughConsent(popup, mastodon.url, undefined, { instanceLabel: words('signInInstanceLabel'), signIn: words('signIn') });
  await popup.getByRole('switch', { name: words('preset_threads_switch') }).click();
  await popup.getByRole('region', { name: words('presetConfirmOn', words('preset_threads_switch')) }).getByRole('button', { name: words('confirm') }).waitFor();
}

async function openMastodonHome(context: BrowserContext, mastodon: FakeMastodon, marked: boolean): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize(SCREENSHOT_SIZE);
  await page.goto(`${mastodon.url}/home`);
  await page.locator('.status').first().waitFor({ timeout: STEP_TIMEOUT_MS });
  if (marked) await page.locator('[data-hedge-kind]').first().waitFor({ state: 'attached', timeout: STEP_TIMEOUT_MS });
  // The client loads avatars and the columns' later posts after the first paint.
  await page.waitForLoadState('networkidle');
  return page;
}

/**
 * Scrolls the home column to alice's boost of bob's post, marked blocked once Threads is: below it
 * come the server-limited boost and dana's parent-blocked posts, so every kind shows at once.
 */
async function scrollToMarks(home: Page): Promise<void> {
  const boost = home.locator('.status', { has: home.locator('[data-hedge-domain="threads.net"] .hedge-badge') }).first();
  await boost.evaluate((status) => status.closest('article')?.scrollIntoView({ block: 'start' }) ?? status.scrollIntoView({ block: 'start' }));
  await home.locator('[data-hedge-kind="server-limited"]').first().waitFor({ state: 'attached', timeout: STEP_TIMEOUT_MS });
  await home.waitForLoadState('networkidle');
}

async function openOptions(context: BrowserContext, extensionId: string, section: string): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize(SCREENSHOT_SIZE);
  await page.goto(`chrome-extension://${extensionId}/options.html#${section}`);
  await page.getByRole('tabpanel').waitFor();
  return page;
}

/**
 * Takes one language's screenshots and tile; returns them by file name.
 * @param language - a folder of public/_locales.
 * @param tagline - the tile's line under the name.
 */
export async function takeStoreImages(language: string, tagline: string, log: (line: string) => void): Promise<Map<string, Buffer>> {
  const words = wordsOf(language);
  const images = new Map<string, Buffer>();
  const shot = (name: (typeof SCREENSHOTS)[number], png: Buffer) => {
    images.set(`${SCREENSHOTS.indexOf(name) + 1}-${name}.png`, png);
    log(`    ${language}: ${name}`);
  };
  const mastodon = await startFakeMastodon({ seed: 'demo', version: '4.6', instanceBlocksVisibility: 'users' });
  const { context } = await launchWithExtension({ headless: true, language, colorScheme: 'light' });
  try {
    const extensionId = new URL((await extensionWorker(context)).url()).host;
    await context.route(GARDEN_FENCE.url, (route) =>
      route.fulfill({ status: 200, contentType: 'text/csv; charset=utf-8', headers: { 'access-control-allow-origin': '*' }, body: readFileSync(GARDEN_FENCE_COPY) }),
    );
    mastodon.state.addDomainBlock('example.org');
    await mastodon.state.jobsDone();

    const popup = await context.newPage();
    await popup.setViewportSize(POPUP_VIEWPORT);
    await popup.goto(`chrome-extension://${extensionId}/popup.html`);
    await signInAndAskThreads(popup, mastodon, words);
    const beforeHome = await openMastodonHome(context, mastodon, true);
    shot('block-threads', await popupOverPage(context, await picture(beforeHome), await popupPicture(popup)));
    await beforeHome.close();

    await popup.getByRole('button', { name: words('confirm') }).click();
    await waitUntil(() => ['threads.net', 'threads.com', 'threads.instagram.com'].every((domain) => mastodon.state.domainBlocks().includes(domain)), 'the Threads blocks on the server');
    await waitUntil(async () => (await intentValue<HedgeState>(popup, { type: 'hedge/get-state' })).run === null, 'the run to finish');
    await mastodon.state.jobsDone();
    await intentValue(popup, { type: 'hedge/subscription-add', source: { kind: 'url', url: GARDEN_FENCE.url } });
    await popup.reload();
    await popup.locator('main').waitFor();
    await popup.waitForLoadState('networkidle');
    const home = await openMastodonHome(context, mastodon, true);
    await scrollToMarks(home);
    shot('marks', await popupOverPage(context, await picture(home), await popupPicture(popup)));
    await home.close();
    await popup.close();

    const lists = await openOptions(context, extensionId, 'lists');
    await lists.getByRole('article').first().waitFor();
    shot('options-lists', await picture(lists));
    await lists.close();

    const preview = await openOptions(context, extensionId, 'preview');
    await preview.getByRole('button', { name: words('previewBuild') }).click();
    await preview.getByRole('tabpanel').getByRole('table').first().waitFor({ timeout: STEP_TIMEOUT_MS });
    shot('options-preview', await picture(preview));
    await preview.close();

    const history = await openOptions(context, extensionId, 'history');
    await history.getByRole('tabpanel').getByRole('table').first().waitFor({ timeout: STEP_TIMEOUT_MS });
    await history.waitForLoadState('networkidle');
    shot('options-history', await picture(history));
    await history.close();

    images.set('tile-440x280.png', await renderTile(context, tagline, language));
    log(`    ${language}: tile`);
  } finally {
    await context.close();
    await mastodon.close();
  }
  return images;
}

/** A PNG's size and colour type, from its IHDR chunk (PNG specification, 11.2.2). */
export function pngFacts(png: Buffer): { width: number; height: number; colourType: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), colourType: png.readUInt8(25) };
}

/**
 * Writes one language's images into `folder`, each checked first: the size its store slot takes,
 * and 24-bit colour without alpha (PNG colour type 2), which the Chrome Web Store asks of screenshots and tiles.
 */
export async function writeStoreImages(folder: string, images: Map<string, Buffer>): Promise<void> {
  await mkdir(folder, { recursive: true });
  for (const [name, png] of images) {
    const expected = name.startsWith('tile-') ? TILE_SIZE : SCREENSHOT_SIZE;
    const { width, height, colourType } = pngFacts(png);
    if (width !== expected.width || height !== expected.height || colourType !== 2) {
      throw new Error(`${name} came out ${width}×${height} with PNG colour type ${colourType}; the stores take ${expected.width}×${expected.height}, 24-bit colour without alpha (type 2).`);
    }
    await writeFile(path.join(folder, name), png);
  }
}
