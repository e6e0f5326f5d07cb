/**
 * Finding and launching the Chromium that runs Hedge in tests, the tour and the benchmarks.
 * Playwright cannot download its own browsers here, so we drive an installed Chromium.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Flags that keep a headless Chromium quiet on a machine with no outside network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const DEBIAN_CHROMIUM = '/usr/bin/chromium';
export const INSTALL_COMMAND = 'apt-get update && apt-get install -y chromium';

/** The first Chromium found: $CHROMIUM_PATH, Debian's, or Playwright's own. */
export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, DEBIAN_CHROMIUM];
  try {
    candidates.push(chromium.executablePath());
  } catch {
    // playwright-core throws when it has no browser of its own; the other candidates remain.
  }
  return candidates.find((candidate): candidate is string => Boolean(candidate && existsSync(candidate)));
}

/**
 * Finds Chromium, installing Debian's package when we are root with apt-get.
 * Throws with the exact command to run when neither works.
 */
export function ensureChromium(log: (line: string) => void = console.log): string {
  const found = findChromium();
  if (found) return found;
  const isRoot = process.getuid?.() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (isRoot && hasApt) {
    log('Chromium not found: installing Debian\'s chromium package…');
    execFileSync('sh', ['-c', `${INSTALL_COMMAND} >/dev/null`], { stdio: 'inherit' });
    const installed = findChromium();
    if (installed) return installed;
  }
  throw new Error(
    `No Chromium found. Install it with: ${isRoot ? '' : 'sudo '}${INSTALL_COMMAND}\n` +
      'or point CHROMIUM_PATH at a Chromium binary.',
  );
}

/** The end-to-end build: see wxt.config.ts for its one difference from the store build. */
export const EXTENSION_DIR = path.resolve('.output/e2e/chrome-mv3');

/** Launches Chromium with the built extension loaded in a fresh profile. */
export async function launchWithExtension(options: {
  headless?: boolean;
  extensionDir?: string;
  userDataDir?: string;
  viewport?: { width: number; height: number } | null;
  colorScheme?: 'light' | 'dark';
  /** The browser's UI language (`de`), which `browser.i18n` follows; Chromium takes it from --lang and LANGUAGE. */
  language?: string;
} = {}): Promise<{ context: BrowserContext; userDataDir: string }> {
  const extensionDir = options.extensionDir ?? EXTENSION_DIR;
  if (!existsSync(path.join(extensionDir, 'manifest.json'))) {
    throw new Error(`No built extension at ${extensionDir}: run \`npm run build\` first.`);
  }
  const userDataDir = options.userDataDir ?? mkdtempSync(path.join(os.tmpdir(), 'hedge-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: ensureChromium(),
    headless: options.headless ?? true,
    viewport: options.viewport === undefined ? { width: 1280, height: 800 } : options.viewport,
    colorScheme: options.colorScheme,
    ...(options.language ? { locale: options.language, env: { ...process.env, LANGUAGE: options.language } } : {}),
    args: [
      ...CHROMIUM_ARGS,
      ...(options.language ? [`--lang=${options.language}`] : []),
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
    ],
  });
  return { context, userDataDir };
}

/** The extension's service worker, waiting for it to start if needed. */
export async function extensionWorker(context: BrowserContext) {
  const [existing] = context.serviceWorkers();
  return existing ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
}
