/**
 * The scripted tour that `npm start -- --headless` runs: it walks through what Hedge does
 * against the local Mastodon, one step at a time, with a screenshot per step.
 */
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { extensionWorker } from './chromium';
import { PLAYWRIGHT_DRIVER, askToTurnOn, confirmTurnOn, signInThroughConsent } from './extension-steps';
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
  /** The popup, opened as a tab at the toolbar popup's size; later steps reuse it. */
  popup: Page | null;
}

/** One step of a tour: its title, and what it did in a sentence. */
export interface TourStep<S> {
  title: string;
  run: (state: S) => Promise<string>;
}

/** The Threads preset's domains (utils/core/presets.ts). */
const THREADS_DOMAINS = ['threads.net', 'threads.com', 'threads.instagram.com'];

/** How long a step waits for something to appear or for the server to change. */
const STEP_TIMEOUT_MS = 20_000;

const OPTIONS_SECTIONS: Array<{ hash: string; tab: string }> = [
  { hash: 'lists', tab: 'Lists' },
  { hash: 'preview', tab: 'Preview' },
  { hash: 'blocks', tab: 'Blocks' },
  { hash: 'history', tab: 'History' },
  { hash: 'export', tab: 'Export and share' },
  { hash: 'accounts', tab: 'Accounts' },
];

function requirePopup(state: TourState): Page {
  if (!state.popup) throw new Error('the popup is not open: an earlier step did not run');
  return state.popup;
}

/** Polls `check` until it returns true; throws `message` when it does not in time. */
async function waitUntil(check: () => boolean, message: string): Promise<void> {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(message);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const STEPS: Array<TourStep<TourState>> = [
  {
    title: 'The local Mastodon\'s web UI (Mastodon\'s own web client)',
    async run({ context, mastodon, shot }) {
      const page = await context.newPage();
      await page.setViewportSize(MASTODON_VIEWPORT);
      await page.goto(`${mastodon.url}/home`);
      await page.locator('#mastodon .status').first().waitFor({ timeout: STEP_TIMEOUT_MS });
      await shot(page, 'mastodon-home');
      await page.close();
      return `opened ${mastodon.url}/home; @demo follows ${mastodon.state.following().length} accounts and blocks ${mastodon.state.domainBlocks().join(', ')} by hand`;
    },
  },
  {
    title: 'The toolbar popup, signed out',
    async run(state) {
      const page = await state.context.newPage();
      await page.setViewportSize({ width: 380, height: 640 });
      await page.goto(`chrome-extension://${state.extensionId}/popup.html`);
      await page.getByLabel('Your Mastodon server').waitFor();
      state.popup = page;
      await state.shot(page, 'popup-signed-out');
      return 'opened the popup: it asks for your Mastodon server';
    },
  },
  {
    title: 'Sign in through the server\'s consent page',
    async run(state) {
      const popup = requirePopup(state);
      const { mastodon, shot } = state;
      const handle = await signInThroughConsent(popup, mastodon.url, (consent) => shot(consent, 'consent-page'));
      await shot(popup, 'popup-signed-in');
      return `typed ${mastodon.url}, pressed Authorize on the consent page; the popup shows ${handle}`;
    },
  },
  {
    title: 'Block Threads: what it does, before anything runs',
    async run(state) {
      const popup = requirePopup(state);
      const sentences = await askToTurnOn(PLAYWRIGHT_DRIVER, popup, 'Block Threads');
      await state.shot(popup, 'block-threads-impact');
      const writes = state.mastodon.state.requests.filter((request) => request.path === '/api/v1/domain_blocks' && request.method !== 'GET');
      if (writes.length > 0) throw new Error('Hedge changed blocks on the server before Confirm');
      return `turned the switch on; the popup says:\n      ${sentences.join('\n      ')}\n    nothing has been sent to the server yet`;
    },
  },
  {
    title: 'Confirm: the blocks on the server, the follows saved',
    async run(state) {
      const popup = requirePopup(state);
      const { mastodon } = state;
      await confirmTurnOn(PLAYWRIGHT_DRIVER, popup, 'Block Threads');
      await waitUntil(
        () => THREADS_DOMAINS.every((domain) => mastodon.state.domainBlocks().includes(domain)),
        'the Threads domains did not appear among the server\'s blocks',
      );
      await state.shot(popup, 'popup-threads-blocked');
      // Mastodon cuts the follows in a job moments after each block (AfterAccountDomainBlockWorker).
      const onThreads = () => mastodon.state.following().filter((acct) => acct.endsWith('@threads.net'));
      await waitUntil(() => onThreads().length === 0, 'Mastodon did not cut the follows on threads.net');
      return `pressed Confirm; the server now blocks ${mastodon.state.domainBlocks().join(', ')}; Mastodon then cut the follows on threads.net (${onThreads().length} left)`;
    },
  },
  {
    title: 'The follows Hedge saved before the block',
    async run({ context, extensionId, shot }) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/options.html#history`);
      const row = page.getByRole('table', { name: 'Saved follows and followers' }).getByRole('row').filter({ hasText: 'threads.net' });
      await row.waitFor({ timeout: STEP_TIMEOUT_MS });
      await shot(page, 'saved-follows');
      const cells = await row.getByRole('cell').allTextContents();
      await page.close();
      return `History lists the follows saved for threads.net: ${cells[2]} you followed, ${cells[3]} following you, with a CSV to import them again`;
    },
  },
  {
    title: 'The options page, section by section',
    async run({ context, extensionId, shot, mastodon }) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/options.html#lists`);
      const field = page.getByLabel('Subscribe by URL');
      await field.fill(`${mastodon.url}/lists/gardenfence-mastodon.csv`);
      await field.press('Enter');
      await page.getByRole('region', { name: 'Your lists' }).getByRole('article').waitFor({ timeout: STEP_TIMEOUT_MS });
      const seen: string[] = [];
      for (const section of OPTIONS_SECTIONS) {
        await page.getByRole('tab', { name: section.tab }).click();
        if (section.hash === 'preview') {
          await page.getByRole('button', { name: 'Build preview' }).click();
          await page.getByRole('table', { name: 'Planned changes' }).waitFor({ timeout: STEP_TIMEOUT_MS });
        }
        if (section.hash === 'blocks') await page.getByRole('table', { name: 'Personal domain blocks' }).waitFor({ timeout: STEP_TIMEOUT_MS });
        await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
        await shot(page, `options-${section.hash}`);
        const statusLine = page.getByRole('tabpanel').getByRole('status').first();
        const status = (await statusLine.count()) > 0 ? await statusLine.textContent() : null;
        seen.push(status ? `${section.tab} (${status.trim()})` : section.tab);
      }
      await page.close();
      return `subscribed to the Garden Fence list the local Mastodon serves, then opened ${seen.join(', ')}`;
    },
  },
  {
    title: 'The Mastodon page with Hedge\'s marks',
    async run({ context, mastodon, shot }) {
      const page = await context.newPage();
      await page.setViewportSize(MASTODON_VIEWPORT);
      await page.goto(`${mastodon.url}/home`);
      await page.locator('#mastodon .status').first().waitFor({ timeout: STEP_TIMEOUT_MS });
      const badge = page.locator('[data-hedge-kind]').first();
      await badge.waitFor({ state: 'attached', timeout: STEP_TIMEOUT_MS });
      await badge.scrollIntoViewIfNeeded();
      await shot(page, 'mastodon-marked');
      return `opened ${mastodon.url}/home again: Hedge marked ${await badgeCounts(page)}`;
    },
  },
  {
    title: 'A profile on Mastodon\'s own client: its mark and "Block … with Hedge"',
    async run({ context, mastodon, shot }) {
      const page = await context.newPage();
      await page.setViewportSize(MASTODON_VIEWPORT);
      // An account of a domain the server itself limits: marked, and still the user's own to block.
      await page.goto(`${mastodon.url}/@shouty@loud.example.org`);
      const header = page.locator('[data-hedge-role="profile"]');
      await header.locator('.hedge-badge').waitFor({ timeout: STEP_TIMEOUT_MS });
      const action = page.getByRole('button', { name: 'Block loud.example.org with Hedge' });
      await action.waitFor({ timeout: STEP_TIMEOUT_MS });
      await shot(page, 'mastodon-profile');
      const verdict = await header.getAttribute('data-hedge-verdict');
      return `opened ${mastodon.url}/@shouty@loud.example.org: the header is marked ${verdict} and offers "${await action.textContent()}"`;
    },
  },
];

/** Mastodon's multi-column layout needs a wide window. */
const MASTODON_VIEWPORT = { width: 1600, height: 900 };

/** How many accounts of each verdict a page shows, with their domains, in words. */
async function badgeCounts(page: Page): Promise<string> {
  const marks = await page
    .locator('[data-hedge-verdict]')
    .evaluateAll((elements) => elements.map((element) => [element.getAttribute('data-hedge-verdict') ?? '', element.getAttribute('data-hedge-domain') ?? '']));
  const verdicts = [...new Set(marks.map(([verdict]) => verdict))];
  return verdicts
    .map((verdict) => {
      const domains = [...new Set(marks.filter(([v]) => v === verdict).map(([, domain]) => domain))];
      return `${marks.filter(([v]) => v === verdict).length} ${verdict} (${domains.join(', ')})`;
    })
    .join(', ');
}


/** Where a tour saves step `index`'s screenshot called `name`. */
export function screenshotPath(folder: string, index: number, name: string): `${string}.png` {
  return `${path.join(folder, `${String(index).padStart(2, '0')}-${name}`)}.png`;
}

/**
 * Runs every step in order, numbered, printing what each did; stops at the first failure.
 * Returns whether all steps passed. `onStep` hears each step's number before it runs.
 */
export async function runSteps<S>(steps: ReadonlyArray<TourStep<S>>, state: S, log: (line: string) => void, onStep?: (index: number) => void): Promise<boolean> {
  for (const [offset, step] of steps.entries()) {
    onStep?.(offset + 1);
    log(`${offset + 1}. ${step.title}`);
    try {
      log(`    ${await step.run(state)}`);
    } catch (error) {
      log(`    FAILED: ${(error as Error).message}`);
      return false;
    }
  }
  return true;
}

/** Runs every step of the Chromium tour in order; stops at the first failure. Returns whether all steps passed. */
export async function runTour(tour: TourContext): Promise<boolean> {
  const worker = await extensionWorker(tour.context);
  let index = 0;
  const state: TourState = {
    ...tour,
    extensionId: new URL(worker.url()).host,
    popup: null,
    shot: async (page, name) => {
      const file = screenshotPath(tour.folder, index, name);
      await page.screenshot({ path: file, fullPage: false });
      tour.log(`    screenshot: ${file}`);
    },
  };
  return runSteps(STEPS, state, tour.log, (stepIndex) => {
    index = stepIndex;
  });
}
