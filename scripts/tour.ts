/**
 * The scripted tour that `npm start -- --headless` runs: it walks through what Hedge does
 * against the local Mastodon, one step at a time, with a screenshot per step.
 */
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { extensionWorker } from './chromium';
import type { FakeMastodon } from '../tests/fake-mastodon/index';

interface TourContext {
  context: BrowserContext;
  mastodon: FakeMastodon;
  folder: string;
  log: (line: string) => void;
}

interface TourState extends TourContext {
  extensionId: string;
  shot: (page: Page, name: string) => Promise<void>;
}

interface TourStep {
  title: string;
  run: (state: TourState) => Promise<string>;
}

const STEPS: TourStep[] = [
  {
    title: 'The local Mastodon\'s web UI',
    async run({ context, mastodon, shot }) {
      const page = await context.newPage();
      await page.goto(`${mastodon.url}/home`);
      await page.waitForSelector('#mastodon');
      await shot(page, 'mastodon-home');
      return `opened ${mastodon.url}/home`;
    },
  },
  {
    title: 'The toolbar popup',
    async run({ context, extensionId, shot }) {
      const page = await context.newPage();
      await page.setViewportSize({ width: 380, height: 600 });
      await page.goto(`chrome-extension://${extensionId}/popup.html`);
      await page.waitForSelector('main');
      await shot(page, 'popup');
      return 'opened the popup';
    },
  },
];

/** Runs every step in order; stops at the first failure. Returns whether all steps passed. */
export async function runTour(tour: TourContext): Promise<boolean> {
  const worker = await extensionWorker(tour.context);
  let index = 0;
  const state: TourState = {
    ...tour,
    extensionId: new URL(worker.url()).host,
    shot: async (page, name) => {
      const file = path.join(tour.folder, `${String(index).padStart(2, '0')}-${name}.png`);
      await page.screenshot({ path: file, fullPage: false });
      tour.log(`    screenshot: ${file}`);
    },
  };
  for (const step of STEPS) {
    index += 1;
    tour.log(`${index}. ${step.title}`);
    try {
      tour.log(`    ${await step.run(state)}`);
    } catch (error) {
      tour.log(`    FAILED: ${(error as Error).message}`);
      return false;
    }
  }
  return true;
}
