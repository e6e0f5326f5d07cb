import { defineConfig } from 'vitest/config';

/**
 * The Firefox specs (`npm run test:firefox`, and a step of `npm test`): tests/firefox/*.firefox.test.ts
 * drive the Firefox end-to-end build in Firefox ESR through Puppeteer (scripts/firefox.ts). The global
 * setup finds or installs Firefox ESR and builds Hedge for it. One file at a time, in one forked
 * process: each test starts its own Firefox and the machine has two cores. The default config
 * (vitest.config.ts) includes only tests/unit and tests/integration, so it never runs these.
 */
export default defineConfig({
  test: {
    include: ['tests/firefox/**/*.firefox.test.ts'],
    environment: 'node',
    globalSetup: ['tests/firefox/global-setup.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 60_000,
  },
});
