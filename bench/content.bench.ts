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
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import type { BenchFigure } from '../scripts/bench';
import { CHROMIUM_ARGS, ensureChromium } from '../scripts/chromium';

const ROOT = path.resolve(import.meta.dirname, '..');
/** The shipped file (`npm run bench` builds first); HEDGE_CONTENT_SCRIPT points at another build. */
const BUILT = process.env.HEDGE_CONTENT_SCRIPT ?? path.join(ROOT, '.output/chrome-mv3/content-scripts/mastodon.js');
const FIXTURE = path.join(ROOT, 'tests/fixtures/mastodon-dom/home-4.3.html');
const POSTS = 1_000;
const BATCH = 25;
const DOMAINS = 400;
const RUNS = 3;

/** The shipped bundle, or one built alone into a temporary folder when there is no build yet. */
async function contentBundle(): Promise<{ code: string; file: string }> {
  if (existsSync(BUILT)) return { code: readFileSync(BUILT, 'utf8'), file: BUILT };
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'hedge-content-bench-'));
  const { build } = await import('wxt');
  await build({ root: ROOT, outDir, filterEntrypoints: ['mastodon'] });
  const file = path.join(outDir, 'chrome-mv3/content-scripts/mastodon.js');
  const code = readFileSync(file, 'utf8');
  rmSync(outDir, { recursive: true, force: true });
  return { code, file };
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

/** In the page: the stand-in runtime and i18n, a timed requestAnimationFrame and a long-task observer. */
function installHarness({ reply, messages }: { reply: unknown; messages: LocaleMessages }): void {
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
  (globalThis as unknown as { browser: unknown }).browser = {
    runtime: {
      id: 'hedge-bench',
      sendMessage: async () => ({ ok: true, value: { origin: location.origin, snapshot: reply } }),
      onMessage: { addListener: () => undefined, removeListener: () => undefined },
    },
    // The English messages, resolved as browser.i18n does: named placeholders to $1, $2…
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
  await page.evaluate(installHarness, {
    reply: snapshot(),
    messages: JSON.parse(readFileSync(path.resolve('public/_locales/en/messages.json'), 'utf8')) as LocaleMessages,
  });
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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const round = (value: number): number => Math.round(value * 100) / 100;

export async function run(): Promise<BenchFigure[]> {
  const { code, file } = await contentBundle();
  const html = readFileSync(FIXTURE, 'utf8');
  const browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS, headless: true });
  const results: RunResult[] = [];
  try {
    for (let index = 0; index < RUNS; index += 1) {
      const page = await browser.newPage();
      results.push(await runOnce(page, html, code));
      await page.close();
    }
  } finally {
    await browser.close();
  }
  const initialPer100 = median(results.map((result) => result.initialMs / (POSTS / 100)));
  const scrollPer100 = median(results.map((result) => result.scrollMs / (POSTS / 100)));
  const typicalFramePer100 = median(results.map((result) => median(result.scrollFrameMs) * (100 / BATCH)));
  const longest = median(results.map((result) => Math.max(...result.scriptTasksMs)));
  const pageLongest = median(results.map((result) => Math.max(0, ...result.longTasks)));
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
    { name: 'content_kb', value: Math.round(statSync(file).size / 100) / 10, unit: 'kB', note: 'content script, minified (target < 15)' },
  ];
}
