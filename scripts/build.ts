/** Building the extension quietly from scripts: the store build, or the end-to-end build (see wxt.config.ts). */
import { spawnSync } from 'node:child_process';

export type BuildKind = 'store' | 'e2e';

/** Builds one kind of the Chrome extension; throws with the command that shows why when it fails. */
export function buildExtension(kind: BuildKind): void {
  const env = kind === 'e2e' ? { ...process.env, HEDGE_BUILD: 'e2e' } : process.env;
  const result = spawnSync('npx', ['wxt', 'build'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (result.status !== 0) {
    throw new Error(`The extension did not build: run \`npm run ${kind === 'e2e' ? 'build:e2e' : 'build'}\` to see why.`);
  }
}
