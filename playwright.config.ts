import { defineConfig } from '@playwright/test';

// Specs load the end-to-end build (`npm run build:e2e`) into Chromium; one worker, since each
// test starts its own browser and the machine has two cores.
export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  workers: 1,
  timeout: 120_000,
  expect: { timeout: 10_000 },
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  outputDir: 'test-results/playwright',
});
