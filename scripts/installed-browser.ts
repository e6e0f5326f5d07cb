/**
 * Finding an installed browser that Hedge's tests, tour and benchmarks drive, and installing
 * Debian's package of it when it is missing and we are root with apt-get (as CI is). Chromium
 * (scripts/chromium.ts) and Firefox ESR (scripts/firefox.ts) are found the same way; neither
 * Playwright nor Puppeteer may download a browser of its own here.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Where one browser may be, and the Debian package that brings it. */
export interface InstalledBrowser {
  /** As messages name it: `Chromium`, `Firefox ESR`. */
  name: string;
  /** The environment variable that points at another binary, looked at first. */
  envVar: string;
  /** Where Debian's package puts the binary. */
  debianPath: string;
  aptPackage: string;
  /** Further places to look, after the variable and Debian's path. */
  otherPaths?: () => Array<string | undefined>;
}

/** The command that installs the browser's Debian package. */
export function installCommand(browser: InstalledBrowser): string {
  return `apt-get update && apt-get install -y ${browser.aptPackage}`;
}

/** The first of the browser's places that holds a file. */
export function findBrowser(browser: InstalledBrowser): string | undefined {
  const candidates = [process.env[browser.envVar], browser.debianPath, ...(browser.otherPaths?.() ?? [])];
  return candidates.find((candidate): candidate is string => Boolean(candidate && existsSync(candidate)));
}

/**
 * Finds the browser, installing Debian's package when we are root with apt-get.
 * Throws with the exact command to run when neither works.
 */
export function ensureBrowser(browser: InstalledBrowser, log: (line: string) => void = console.log): string {
  const found = findBrowser(browser);
  if (found) return found;
  const isRoot = process.getuid?.() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (isRoot && hasApt) {
    log(`${browser.name} not found: installing Debian's ${browser.aptPackage} package…`);
    execFileSync('sh', ['-c', `${installCommand(browser)} >/dev/null`], { stdio: 'inherit' });
    const installed = findBrowser(browser);
    if (installed) return installed;
  }
  throw new Error(
    `No ${browser.name} found. Install it with: ${isRoot ? '' : 'sudo '}${installCommand(browser)}\n` +
      `or point ${browser.envVar} at a ${browser.name} binary.`,
  );
}
