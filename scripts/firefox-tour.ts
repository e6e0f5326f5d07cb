/**
 * The scripted tour that `npm start -- --firefox --headless` runs in Firefox ESR: the core of the
 * Chromium tour (scripts/tour.ts) through the steps both browsers share (scripts/extension-steps.ts):
 * Mastodon 4.6.5's own web client served by the local Mastodon, signing in through its consent page, Block Threads with its impact and
 * Confirm, and the marks on the Mastodon page. One screenshot per step.
 */
import type { Page } from 'puppeteer-core';
import { askToTurnOn, confirmTurnOn, signInWith } from './extension-steps';
import { PUPPETEER_DRIVER, type FirefoxWithHedge } from './firefox';
import { runSteps, screenshotPath, type TourStep } from './tour';
import type { FakeMastodon } from '../tests/fake-mastodon/index';

interface FirefoxTourState {
  firefox: FirefoxWithHedge;
  mastodon: FakeMastodon;
  shot: (page: Page, name: string) => Promise<void>;
  /** The popup, opened as a tab at the toolbar popup's size; later steps reuse it. */
  popup: Page | null;
}

/** The Threads preset's domains (utils/core/presets.ts). */
const THREADS_DOMAINS = ['threads.net', 'threads.com', 'threads.instagram.com'];

/** A window where Mastodon's client shows home and notifications side by side. */
const MASTODON_VIEWPORT = { width: 1400, height: 900 };

/** How long a step waits for the server or the page. */
const STEP_TIMEOUT_MS = 20_000;

function requirePopup(state: FirefoxTourState): Page {
  if (!state.popup) throw new Error('the popup is not open: an earlier step did not run');
  return state.popup;
}

/** Polls `check` until it returns true; throws `message` when it does not in time. */
async function waitUntil(check: () => boolean | Promise<boolean>, message: string): Promise<void> {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(message);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const STEPS: Array<TourStep<FirefoxTourState>> = [
  {
    title: 'The local Mastodon\'s web UI',
    async run({ firefox, mastodon, shot }) {
      const page = await firefox.browser.newPage();
      await page.setViewport(MASTODON_VIEWPORT);
      await page.goto(`${mastodon.url}/home`);
      await shot(page, 'mastodon-home');
      await page.close();
      return `opened ${mastodon.url}/home; @demo blocks ${mastodon.state.domainBlocks().join(', ')} by hand`;
    },
  },
  {
    title: 'The toolbar popup, signed out',
    async run(state) {
      const page = await state.firefox.openExtensionPage('popup.html');
      await page.setViewport({ width: 380, height: 640 });
      state.popup = page;
      await state.shot(page, 'popup-signed-out');
      return 'opened the popup: it asks for your Mastodon server';
    },
  },
  {
    title: 'Sign in through the server\'s consent page',
    async run(state) {
      const popup = requirePopup(state);
      const handle = await signInWith(PUPPETEER_DRIVER, popup, state.mastodon.url, (consent) => state.shot(consent, 'consent-page'));
      await state.shot(popup, 'popup-signed-in');
      return `typed ${state.mastodon.url}, pressed Authorize on the consent page Firefox opened; the popup shows ${handle}`;
    },
  },
  {
    title: 'Block Threads: what it does, before anything runs',
    async run(state) {
      const popup = requirePopup(state);
      const sentences = await askToTurnOn(PUPPETEER_DRIVER, popup, 'Block Threads');
      await state.shot(popup, 'block-threads-impact');
      const writes = state.mastodon.state.requests.filter((request) => request.path === '/api/v1/domain_blocks' && request.method !== 'GET');
      if (writes.length > 0) throw new Error('Hedge changed blocks on the server before Confirm');
      return `turned the switch on; the popup says:\n      ${sentences.join('\n      ')}\n    nothing has been sent to the server yet`;
    },
  },
  {
    title: 'Confirm: the blocks on the server',
    async run(state) {
      const popup = requirePopup(state);
      const { mastodon } = state;
      await confirmTurnOn(PUPPETEER_DRIVER, popup, 'Block Threads');
      await waitUntil(() => THREADS_DOMAINS.every((domain) => mastodon.state.domainBlocks().includes(domain)), 'the Threads domains did not appear among the server\'s blocks');
      await state.shot(popup, 'popup-threads-blocked');
      const onThreads = mastodon.state.following().filter((acct) => acct.endsWith('@threads.net'));
      return `pressed Confirm; the server now blocks ${mastodon.state.domainBlocks().join(', ')}; follows left on threads.net: ${onThreads.length}`;
    },
  },
  {
    title: 'The Mastodon page with Hedge\'s marks',
    async run({ firefox, mastodon, shot }) {
      const page = await firefox.browser.newPage();
      await page.setViewport(MASTODON_VIEWPORT);
      await page.goto(`${mastodon.url}/home`);
      const kindsOnPage = () => page.$$eval('[data-hedge-kind]', (badges) => badges.map((badge) => badge.getAttribute('data-hedge-kind') ?? ''));
      await waitUntil(async () => (await kindsOnPage()).length > 0, 'the content script marked nothing');
      // The column scrolls to the first mark, so the screenshot shows it.
      await page.$eval('.hedge-badge', (badge) => badge.scrollIntoView({ block: 'center', inline: 'nearest' }));
      await shot(page, 'mastodon-marked');
      const kinds = await kindsOnPage();
      const counts = [...new Set(kinds)].map((kind) => `${kinds.filter((k) => k === kind).length} ${kind}`);
      return `opened ${mastodon.url}/home again: Hedge marked ${counts.join(', ')}`;
    },
  },
];

/** Runs every step in order; stops at the first failure. Returns whether all steps passed. */
export async function runFirefoxTour(tour: { firefox: FirefoxWithHedge; mastodon: FakeMastodon; folder: string; log: (line: string) => void }): Promise<boolean> {
  let index = 0;
  const state: FirefoxTourState = {
    firefox: tour.firefox,
    mastodon: tour.mastodon,
    popup: null,
    shot: async (page, name) => {
      const file = screenshotPath(tour.folder, index, name);
      await page.screenshot({ path: file });
      tour.log(`    screenshot: ${file}`);
    },
  };
  return runSteps(STEPS, state, tour.log, (stepIndex) => {
    index = stepIndex;
  });
}
