/**
 * `npm start`: builds Hedge, starts the local Mastodon with the demo data and opens Chromium with
 * Hedge loaded, pointed at it; `npm start -- --firefox` does the same in Firefox ESR. Without a
 * display (or with `--headless`) it runs a scripted tour instead (scripts/tour.ts in Chromium,
 * scripts/firefox-tour.ts in Firefox), writes its screenshots to a folder it names, and exits.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { buildExtension } from './build';
import { extensionWorker, launchWithExtension } from './chromium';
import { FIREFOX_EXTENSION_ORIGIN, launchFirefoxWithHedge } from './firefox';
import { runFirefoxTour } from './firefox-tour';
import { runTour } from './tour';
import { startFakeMastodon, type FakeMastodon } from '../tests/fake-mastodon/index';

/** Linux without X11 or Wayland has no screen to open a browser on; macOS and Windows always do. */
const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const isHeadless = process.argv.includes('--headless') || !hasDisplay;
const isFirefox = process.argv.includes('--firefox');
const browserName = isFirefox ? 'Firefox ESR' : 'Chromium';

console.log(`Building Hedge for ${browserName} (end-to-end build: the local Mastodon's origin is granted at install)…`);
try {
  buildExtension('e2e', isFirefox ? 'firefox' : 'chrome');
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
// Mastodon 4.6.5 with its own web client. Its server blocks are shown to signed-in users, as
// many servers choose, so Hedge can mark what the server limits and suspends (Mastodon's own
// default hides them).
const mastodon = await startFakeMastodon({ seed: 'demo', instanceBlocksVisibility: 'users' });
console.log(`Local Mastodon: ${mastodon.url} (demo user @demo, token ${mastodon.demoToken})`);

if (isHeadless) {
  const folder = path.resolve('tour', new Date().toISOString().replace(/[:.]/g, '-'));
  mkdirSync(folder, { recursive: true });
  console.log(`No display${process.argv.includes('--headless') ? ' (--headless)' : ''}: running the scripted tour in ${browserName}; screenshots go to ${folder}`);
  const ok = await (isFirefox ? tourInFirefox(folder) : tourInChromium(folder));
  await mastodon.close();
  console.log(ok ? `Tour finished. Screenshots: ${folder}` : 'The tour stopped at a failed step (see above).');
  process.exit(ok ? 0 : 1);
} else if (isFirefox) {
  await openFirefox(mastodon);
} else {
  await openChromium(mastodon);
}

async function tourInChromium(folder: string): Promise<boolean> {
  const { context } = await launchWithExtension({ headless: true });
  try {
    return await runTour({ context, mastodon, folder, log: (line) => console.log(line) });
  } finally {
    await context.close();
  }
}

async function tourInFirefox(folder: string): Promise<boolean> {
  const firefox = await launchFirefoxWithHedge({ headless: true });
  try {
    return await runFirefoxTour({ firefox, mastodon, folder, log: (line) => console.log(line) });
  } finally {
    await firefox.close();
  }
}

/** Closes the local Mastodon and exits once the browser is closed or Ctrl-C is pressed. */
function stopWith(server: FakeMastodon): () => Promise<void> {
  return async () => {
    await server.close();
    process.exit(0);
  };
}

async function openChromium(server: FakeMastodon): Promise<void> {
  const { context } = await launchWithExtension({ headless: false, viewport: null });
  const worker = await extensionWorker(context);
  const id = new URL(worker.url()).host;
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${server.url}/home`);
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${id}/popup.html`);
  console.log(`Chromium is open with Hedge loaded. Sign in with the instance ${server.url}. Close the browser or press Ctrl-C to stop.`);
  context.on('close', stopWith(server));
  process.on('SIGINT', stopWith(server));
}

async function openFirefox(server: FakeMastodon): Promise<void> {
  const firefox = await launchFirefoxWithHedge({ headless: false });
  const [first] = await firefox.browser.pages();
  const page = first ?? (await firefox.browser.newPage());
  await page.goto(`${server.url}/home`);
  await firefox.openExtensionPage('popup.html');
  console.log(
    `Firefox ESR is open with Hedge installed as a temporary add-on (its toolbar button is in the Extensions menu). ` +
      `Hedge's popup is open in a tab (${FIREFOX_EXTENSION_ORIGIN}/popup.html). Sign in with the instance ${server.url}. ` +
      'Close the browser or press Ctrl-C to stop.',
  );
  firefox.browser.on('disconnected', stopWith(server));
  process.on('SIGINT', stopWith(server));
}
