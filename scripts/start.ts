/**
 * `npm start`: builds Hedge, starts the local Mastodon with the demo data and opens Chromium with
 * Hedge loaded, pointed at it. Without a display (or with `--headless`) it runs the scripted tour
 * of scripts/tour.ts instead, writes its screenshots to a folder it names, and exits.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { buildExtension } from './build';
import { extensionWorker, launchWithExtension } from './chromium';
import { runTour } from './tour';
import { startFakeMastodon } from '../tests/fake-mastodon/index';

/** Linux without X11 or Wayland has no screen to open a browser on; macOS and Windows always do. */
const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const isHeadless = process.argv.includes('--headless') || !hasDisplay;

console.log('Building Hedge (end-to-end build: the local Mastodon\'s origin is granted at install)…');
try {
  buildExtension('e2e');
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
  console.log(`No display${process.argv.includes('--headless') ? ' (--headless)' : ''}: running the scripted tour; screenshots go to ${folder}`);
  const { context } = await launchWithExtension({ headless: true });
  let ok = false;
  try {
    ok = await runTour({ context, mastodon, folder, log: (line) => console.log(line) });
  } finally {
    await context.close();
    await mastodon.close();
  }
  console.log(ok ? `Tour finished. Screenshots: ${folder}` : 'The tour stopped at a failed step (see above).');
  process.exit(ok ? 0 : 1);
} else {
  const { context } = await launchWithExtension({ headless: false, viewport: null });
  const worker = await extensionWorker(context);
  const id = new URL(worker.url()).host;
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${mastodon.url}/home`);
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${id}/popup.html`);
  console.log(`Chromium is open with Hedge loaded. Sign in with the instance ${mastodon.url}. Close the browser or press Ctrl-C to stop.`);
  const stop = async () => {
    await mastodon.close();
    process.exit(0);
  };
  context.on('close', stop);
  process.on('SIGINT', stop);
}
