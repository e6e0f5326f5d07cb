/**
 * Finding and launching the Chromium that runs Hedge in tests, the tour and the benchmarks.
 * Playwright cannot download its own browsers here, so we drive an installed Chromium.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { ensureBrowser, findBrowser, installCommand, type InstalledBrowser } from './installed-browser';

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

/** Debian's Chromium first; Playwright's own where it has one (it cannot download one here). */
const CHROMIUM: InstalledBrowser = {
  name: 'Chromium',
  envVar: 'CHROMIUM_PATH',
  debianPath: '/usr/bin/chromium',
  aptPackage: 'chromium',
  otherPaths: () => {
    try {
      return [chromium.executablePath()];
    } catch {
      // playwright-core throws when it has no browser of its own; the other places remain.
      return [];
    }
  },
};

export const INSTALL_COMMAND = installCommand(CHROMIUM);

/** The first Chromium found: $CHROMIUM_PATH, Debian's, or Playwright's own. */
export function findChromium(): string | undefined {
  return findBrowser(CHROMIUM);
}

/**
 * Finds Chromium, installing Debian's package when we are root with apt-get.
 * Throws with the exact command to run when neither works.
 */
export function ensureChromium(log: (line: string) => void = console.log): string {
  return ensureBrowser(CHROMIUM, log);
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
