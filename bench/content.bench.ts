/**
 * The content script's cost on a long timeline, in headless Chromium.
 *
 * The page is tests/fixtures/mastodon-dom/home-4.3.html with its Home column
 * grown to 1,000 posts: the fixture's rendered statuses cloned with authors
 * spread over 400 domains (a third of them limited, blocked or listed by the
 * snapshot, so badges and collapsed posts are drawn). The built content
 * script (.output/chrome-mv3/content-scripts/mastodon.js, the file the
 * extension ships) is then run in the page with a stand-in `browser.runtime`
 * that answers the snapshot request at once. What is measured:
 * - the script time to mark the 1,000 posts already on the page: the task that
 *   runs the script (compile included) and the frame callbacks that finish the
 *   work (marking stops after 12 ms per task and goes on in the next frame);
 * - 1,000 more posts appended 25 at a time, one batch per task as an infinite
 *   scroll does, each animation-frame callback of the script timed;
 * - the longest of those tasks. Long tasks seen by PerformanceObserver are
 *   mostly the page's own rendering of an unvirtualised 2,000-post column (they
 *   are there without Hedge too), so they are only quoted in a note.
 * Three fresh pages; the median run is reported.
 *
 * Then the same script on Mastodon 4.6.5's own web client, served by the local Mastodon with its demo story (about 285
 * posts in the home feed), in a window 3,000 pixels tall so that the client renders most loaded posts in full:
 * - the script time to mark the posts the client shows after loading four pages, per 100 posts;
 * - the longest of the script's tasks (first marking, frame and mutation observer callbacks, each timed alone) while
 *   scrolling the home column loads 200 more posts, page by page. Its `requestAnimationFrame` and `MutationObserver`
 *   are its own, timed, so that the client's own frames are not counted as the script's.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { BenchFigure } from '../scripts/bench';
import { CHROMIUM_ARGS, ensureChromium } from '../scripts/chromium';
import { startFakeMastodon } from '../tests/fake-mastodon/index';

const ROOT = path.resolve(import.meta.dirname, '..');
/** The shipped file (`npm run bench` builds first); HEDGE_CONTENT_SCRIPT points at another build. */
const BUILT = process.env.HEDGE_CONTENT_SCRIPT ?? path.join(ROOT, '.output/chrome-mv3/content-scripts/mastodon.js');
const FIXTURE = path.join(ROOT, 'tests/fixtures/mastodon-dom/home-4.3.html');
const [POSTS, BATCH, DOMAINS, RUNS] = [1_000, 25, 400, 3];

/** The shipped bundle's code, or one built alone into a temporary folder when there is no build yet. */
async function contentBundle(): Promise<string> {
  if (existsSync(BUILT)) return readFileSync(BUILT, 'utf8');
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'hedge-content-bench-'));
  const { build } = await import('wxt');
  await build({ root: ROOT, outDir, filterEntrypoints: ['mastodon'] });
  const file = path.join(outDir, 'chrome-mv3/content-scripts/mastodon.js');
  const code = readFileSync(file, 'utf8');
  rmSync(outDir, { recursive: true, force: true });
  return code;
}

/** Exact verdicts for a third of the bench domains, in the matcher's snapshot form. */
function snapshot(): unknown {
  const codes = ['l', 'b', 'i'] as const;
  const exact: Record<string, [string, string]> = {};
  for (let index = 0; index < DOMAINS; index += 3) exact[`d${index}.example`] = [codes[index % 3]!, 'Bench list · spam, bots'];
  return { version: 1, exact, server: { 'd1.example': ['silence', 'bench'] }, serverDigests: {} };
}

interface RunResult {
  /** Script time to mark the first 1,000 posts: the first task and the frames that finished the work. */
  initialMs: number;
  /** Script time to mark the 1,000 posts appended while scrolling. */
  scrollMs: number;
  /** The script's frame callbacks while scrolling (each marks about one batch). */
  scrollFrameMs: number[];
  /** Every task of the script: the first one and each frame callback. */
  scriptTasksMs: number[];
  /** Long tasks of the page as a whole (rendering included), for the note. */
  longTasks: number[];
}

/** In the page: grow the Home column to `count` posts, cloned from the fixture's own statuses. */
function growTimeline(count: number): void {
  const feed = document.querySelector('.item-list[role="feed"]');
  const templates = [...(feed?.querySelectorAll('article') ?? [])].filter((article) => article.querySelector('.status .status__info a.status__display-name'));
  const w = window as unknown as { hedgeBench: { makePost(index: number): Element } };
  w.hedgeBench = {
    makePost(index: number): Element {
      const post = templates[index % templates.length]!.cloneNode(true) as Element;
      const domain = `d${index % 400}.example`;
      const link = post.querySelector('.status__info a.status__display-name');
      link?.setAttribute('href', `/@user${index}@${domain}`);
      const acct = link?.querySelector('.display-name__account');
      if (acct) acct.textContent = `@user${index}@${domain}`;
      post.setAttribute('data-id', String(10_000_000 + index));
      post.querySelector('.status')?.setAttribute('data-id', String(10_000_000 + index));
      return post;
    },
  };
  const fragment = document.createDocumentFragment();
  for (let index = 0; index < count; index += 1) fragment.append(w.hedgeBench.makePost(index));
  feed?.replaceChildren(fragment);
}

/** In the page: let it render the grown timeline, so that its layout is not counted as the script's. */
async function settleRendering(): Promise<void> {
  void document.body.offsetHeight;
  for (let frame = 0; frame < 2; frame += 1) await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

type LocaleMessages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;

/** The English messages the stand-in `browser.i18n` resolves. */
function englishMessages(): LocaleMessages {
  return JSON.parse(readFileSync(path.resolve('public/_locales/en/messages.json'), 'utf8')) as LocaleMessages;
}

/** In the page: the stand-in `browser.runtime`, answering the snapshot request at once, and `browser.i18n` with the English messages. */
function installBrowserStandIn({ reply, messages }: { reply: unknown; messages: LocaleMessages }): void {
  (globalThis as unknown as { browser: unknown }).browser = {
    runtime: {
      id: 'hedge-bench',
      sendMessage: async () => ({ ok: true, value: { origin: location.origin, snapshot: reply } }),
      onMessage: { addListener: () => undefined, removeListener: () => undefined },
    },
    // Resolved as browser.i18n does: named placeholders to $1, $2…
    i18n: {
      getMessage: (key: string, substitutions?: string | string[]) => {
        const entry = messages[key];
        if (!entry) return '';
        const subs = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
        return entry.message.replace(/\$([A-Za-z0-9_]+)\$/g, (_match, name: string) => {
          const content = entry.placeholders?.[name.toLowerCase()]?.content ?? '';
          return content.replace(/\$(\d)/g, (_m, index: string) => subs[Number(index) - 1] ?? '');
        });
      },
    },
  };
}

/** In the page: a timed requestAnimationFrame and a long-task observer. */
function installHarness(): void {
  const state = { flushMs: [] as number[], longTasks: [] as number[] };
  (window as unknown as { hedgeBenchState: typeof state }).hedgeBenchState = state;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) state.longTasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: false });
  const requestFrame = window.requestAnimationFrame.bind(window);
  // The harness waits with the unwrapped one, so only the script's callbacks are timed.
  (window as unknown as { hedgeBenchFrame: typeof requestFrame }).hedgeBenchFrame = requestFrame;
  window.requestAnimationFrame = (callback) =>
    requestFrame((time) => {
      const start = performance.now();
      callback(time);
      state.flushMs.push(performance.now() - start);
    });
}

/** In the page: run the bundle and time the task that marks what is already there. */
async function runBundle(code: string): Promise<number> {
  const start = performance.now();
  const script = document.createElement('script');
  script.textContent = code;
  document.head.append(script);
  // The stand-in answers at once, so the first marking ends within this task's microtasks.
  await Promise.resolve();
  for (let tick = 0; tick < 10; tick += 1) await Promise.resolve();
  const elapsed = performance.now() - start;
  await new Promise((resolve) => setTimeout(resolve, 0));
  return elapsed;
}

/** In the page: append posts batch by batch, one task each, and let the script's frames run. */
async function scroll(options: { from: number; count: number; batch: number }): Promise<void> {
  const feed = document.querySelector('.item-list[role="feed"]');
  const w = window as unknown as { hedgeBench: { makePost(index: number): Element } };
  for (let offset = 0; offset < options.count; offset += options.batch) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    const fragment = document.createDocumentFragment();
    for (let index = offset; index < offset + options.batch; index += 1) fragment.append(w.hedgeBench.makePost(options.from + index));
    feed?.append(fragment);
    await new Promise((resolve) => (window as unknown as { hedgeBenchFrame: typeof requestAnimationFrame }).hedgeBenchFrame(() => setTimeout(resolve, 0)));
  }
}

/** In the page: wait, frame by frame, until `count` accounts of the Home column are marked; the frames' script time so far. */
async function awaitMarked(count: number): Promise<{ marked: number; flushMs: number[] }> {
  const feed = document.querySelector('.item-list[role="feed"]');
  const state = (window as unknown as { hedgeBenchState: { flushMs: number[] } }).hedgeBenchState;
  for (let frame = 0; frame < 600 && (feed?.querySelectorAll('[data-hedge-verdict]').length ?? 0) < count; frame += 1) {
    await new Promise((resolve) => (window as unknown as { hedgeBenchFrame: typeof requestAnimationFrame }).hedgeBenchFrame(() => setTimeout(resolve, 0)));
  }
  return { marked: feed?.querySelectorAll('[data-hedge-verdict]').length ?? 0, flushMs: state.flushMs.splice(0) };
}

async function runOnce(page: Page, html: string, code: string): Promise<RunResult> {
  await page.setContent(html);
  // tsx compiles this file with esbuild's keepNames, which wraps the functions sent to the page in `__name(…)`.
  await page.evaluate('globalThis.__name = (fn) => fn');
  await page.evaluate(growTimeline, POSTS);
  await page.evaluate(settleRendering);
  await page.evaluate(installBrowserStandIn, { reply: snapshot(), messages: englishMessages() });
  await page.evaluate(installHarness);
  const firstTaskMs = await page.evaluate(runBundle, code);
  const initial = await page.evaluate(awaitMarked, POSTS);
  if (initial.marked < POSTS) throw new Error(`Only ${initial.marked} of ${POSTS} posts were marked: the content script did not run.`);
  await page.evaluate(scroll, { from: POSTS, count: POSTS, batch: BATCH });
  const after = await page.evaluate(awaitMarked, 2 * POSTS);
  if (after.marked < 2 * POSTS) throw new Error(`Only ${after.marked} of ${2 * POSTS} posts were marked after scrolling.`);
  const longTasks = await page.evaluate(() => (window as unknown as { hedgeBenchState: { longTasks: number[] } }).hedgeBenchState.longTasks);
  return {
    initialMs: firstTaskMs + initial.flushMs.reduce((sum, ms) => sum + ms, 0),
    scriptTasksMs: [firstTaskMs, ...initial.flushMs, ...after.flushMs],
    scrollMs: after.flushMs.reduce((sum, ms) => sum + ms, 0),
    scrollFrameMs: after.flushMs.filter((ms) => ms > 0.05),
    longTasks,
  };
}

/** Story domains with a verdict each, as the background would answer for the demo user with a few lists. */
const REAL_SNAPSHOT = {
  version: 1,
  exact: {
    'threads.net': ['i', 'Bench list · bots'],
    'mastodon.social': ['l', 'Bench list · spam'],
    'example.org': ['b', 'Your own entries'],
    'xn--80ak6aa92e.com': ['b', 'Your own entries'],
  },
  server: { 'loud.example.org': ['silence', ''] },
  serverDigests: {},
};
const REAL_VIEWPORT = { width: 1400, height: 3000 };
const REAL_FIRST_PAGES = 4;
const REAL_MORE_POSTS = 200;

interface RealRunResult {
  /** Posts shown in full (with their links) when the script started, and its time to mark them. */
  posts: number;
  initialMs: number;
  /** Every task of the script while 200 more posts were loaded. */
  scrollTasksMs: number[];
}

/** In the page: timed scheduling the bundle gets as its own. */
function installRealHarness(): void {
  const state = { tasksMs: [] as number[] };
  const timed = <A extends unknown[]>(callback: (...args: A) => void) => (...args: A) => {
    const start = performance.now();
    callback(...args);
    state.tasksMs.push(performance.now() - start);
  };
  const scope = window as unknown as Record<string, unknown>;
  scope.hedgeBenchState = state;
  scope.hedgeBenchFrame = (callback: FrameRequestCallback) => window.requestAnimationFrame(timed(callback));
  scope.hedgeBenchObserver = class extends MutationObserver {
    constructor(callback: MutationCallback) {
      super(timed(callback));
    }
  };
}

/** In the page: run the bundle with the timed scheduling in place of the page's, and time its first task. */
async function runRealBundle(code: string): Promise<number> {
  const start = performance.now();
  const script = document.createElement('script');
  script.textContent = `(function (requestAnimationFrame, MutationObserver) {\n${code}\n})(window.hedgeBenchFrame, window.hedgeBenchObserver);`;
  document.head.append(script);
  for (let tick = 0; tick < 10; tick += 1) await Promise.resolve();
  return performance.now() - start;
}

/** In the page: waits frame by frame until every post author shown is marked; the script's tasks meanwhile. */
async function awaitAuthorsMarked(): Promise<{ posts: number; tasksMs: number[] }> {
  const unmarked = () => document.querySelectorAll('.status a.status__display-name:not([data-hedge-verdict])').length;
  for (let frame = 0; frame < 600 && unmarked() > 0; frame += 1) await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  if (unmarked() > 0) throw new Error(`${unmarked()} post authors were left unmarked: the content script did not run.`);
  const state = (window as unknown as { hedgeBenchState: { tasksMs: number[] } }).hedgeBenchState;
  return { posts: document.querySelectorAll('.status').length, tasksMs: state.tasksMs.splice(0) };
}

async function runRealOnce(page: Page, url: string, code: string): Promise<RealRunResult> {
  await page.setViewportSize(REAL_VIEWPORT);
  await page.goto(`${url}/home`);
  await page.evaluate('globalThis.__name = (fn) => fn');
  const column = page.getByRole('region', { name: 'Home' });
  const items = column.locator('article[data-id]');
  await column.locator('.status').first().waitFor();
  /** Scrolls the home column to its end until the client has loaded the next page of posts. */
  const nextPage = async (): Promise<void> => {
    const before = await items.count();
    for (let attempt = 1; ; attempt += 1) {
      await column.locator('.scrollable').evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
      const grew = await page
        .waitForFunction((count) => document.querySelectorAll('[role="region"][aria-label="Home"] article[data-id]').length > count, before, { timeout: 2_000 })
        .then(() => true, () => false);
      if (grew) return;
      if (attempt === 10) throw new Error(`The home column stayed at ${before} posts.`);
    }
  };
  for (let loaded = 1; loaded < REAL_FIRST_PAGES; loaded += 1) await nextPage();
  await column.locator('.scrollable').evaluate((element) => element.scrollTo({ top: 0 }));
  await page.evaluate(settleRendering);
  await page.evaluate(installBrowserStandIn, { reply: REAL_SNAPSHOT, messages: englishMessages() });
  await page.evaluate(installRealHarness);
  const firstTaskMs = await page.evaluate(runRealBundle, code);
  const initial = await page.evaluate(awaitAuthorsMarked);
  const start = await items.count();
  while ((await items.count()) < start + REAL_MORE_POSTS) await nextPage();
  const after = await page.evaluate(awaitAuthorsMarked);
  return { posts: initial.posts, initialMs: firstTaskMs + initial.tasksMs.reduce((sum, ms) => sum + ms, 0), scrollTasksMs: after.tasksMs };
}

/** Runs {@link runRealOnce} against the local Mastodon's 4.6.5 client. */
async function runReal(browser: Browser, code: string): Promise<RealRunResult[]> {
  const results: RealRunResult[] = [];
  for (let index = 0; index < RUNS; index += 1) {
    const mastodon = await startFakeMastodon({ version: '4.6' });
    const page = await browser.newPage();
    try {
      results.push(await runRealOnce(page, mastodon.url, code));
    } finally {
      await page.close();
      await mastodon.close();
    }
  }
  return results;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const round = (value: number): number => Math.round(value * 100) / 100;

export async function run(): Promise<BenchFigure[]> {
  const code = await contentBundle();
  const html = readFileSync(FIXTURE, 'utf8');
  const browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS, headless: true });
  const results: RunResult[] = [];
  let real: RealRunResult[];
  try {
    for (let index = 0; index < RUNS; index += 1) {
      const page = await browser.newPage();
      results.push(await runOnce(page, html, code));
      await page.close();
    }
    real = await runReal(browser, code);
  } finally {
    await browser.close();
  }
  const initialPer100 = median(results.map((result) => result.initialMs / (POSTS / 100)));
  const scrollPer100 = median(results.map((result) => result.scrollMs / (POSTS / 100)));
  const typicalFramePer100 = median(results.map((result) => median(result.scrollFrameMs) * (100 / BATCH)));
  const longest = median(results.map((result) => Math.max(...result.scriptTasksMs)));
  const pageLongest = median(results.map((result) => Math.max(0, ...result.longTasks)));
  const realPer100 = median(real.map((result) => result.initialMs / (result.posts / 100)));
  const realPosts = median(real.map((result) => result.posts));
  const realLongest = median(real.map((result) => Math.max(...result.scrollTasksMs)));
  return [
    {
      name: 'content_mark_ms_per_100',
      value: round(initialPer100),
      unit: 'ms',
      note: `built content script marking a ${POSTS}-post Home timeline already on the page, per 100 posts (target < 5)`,
    },
    {
      name: 'content_scroll_mark_ms_per_100',
      value: round(scrollPer100),
      unit: 'ms',
      note: `${POSTS} more posts appended ${BATCH} at a time: all of the script's frame callbacks, per 100 posts (the median frame alone: ${round(typicalFramePer100)} ms per 100; the mean is pulled up by a few slow frames)`,
    },
    {
      name: 'content_longest_task_ms',
      value: round(longest),
      unit: 'ms',
      note: `longest task of the script: its first marking or a frame callback (target < 50); the page's own rendering of a ${2 * POSTS}-post column, which no virtualisation shortens here, has long tasks up to ${Math.round(pageLongest)} ms with or without Hedge`,
    },
    {
      name: 'content_mark_ms_per_100_real',
      value: round(realPer100),
      unit: 'ms',
      note: `the same script on Mastodon 4.6.5's own web client (the local Mastodon's home feed, ${REAL_FIRST_PAGES} pages loaded, about ${realPosts} posts shown in full): marking them, per 100 posts`,
    },
    {
      name: 'content_longest_task_ms_real',
      value: round(realLongest),
      unit: 'ms',
      note: `longest task of the script (a frame callback or a mutation observer callback) on Mastodon 4.6.5's own web client while scrolling its home column loads ${REAL_MORE_POSTS} more posts (target < 50)`,
    },
    { name: 'content_kb', value: Math.round(Buffer.byteLength(code) / 100) / 10, unit: 'kB', note: 'content script, minified (target < 15)' },
  ];
}
