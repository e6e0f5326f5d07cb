/** Building the extension quietly from scripts: the store build, or the end-to-end build (see wxt.config.ts). */
import { spawnSync } from 'node:child_process';

export type BuildKind = 'store' | 'e2e';

/** The npm script that runs each build in the foreground, to see why it failed. */
const NPM_SCRIPT: Record<BuildKind, Record<'chrome' | 'firefox', string>> = {
  store: { chrome: 'build', firefox: 'build:firefox' },
  e2e: { chrome: 'build:e2e', firefox: 'build:e2e:firefox' },
};

/** Builds one kind of the extension for one browser; throws with the command that shows why when it fails. */
export function buildExtension(kind: BuildKind, target: 'chrome' | 'firefox' = 'chrome'): void {
  const env = kind === 'e2e' ? { ...process.env, HEDGE_BUILD: 'e2e' } : process.env;
  const result = spawnSync('npx', ['wxt', 'build', '-b', target], { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (result.status !== 0) {
    throw new Error(`The extension did not build: run \`npm run ${NPM_SCRIPT[kind][target]}\` to see why.`);
  }
}
